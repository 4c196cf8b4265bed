package knowledge

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestLexicon(t *testing.T) {
	for _, tt := range []struct {
		name, yml string
		want      Lexicon
		wantErr   string
	}{
		{"empty", "", Lexicon{}, ""},
		{"all three", "chat:\n  # laughter\n  - [lol, LMAO]\nvague:\n  - [stuff]\nshorthand:\n  # texting\n  - u: you\n    W/: With\n  - pgy-2:  second-year   resident\n",
			Lexicon{Chat: []string{"lol", "lmao"}, Vague: []string{"stuff"}, Shorthand: []Shorthand{{"u", "you"}, {"w/", "with"}, {"pgy-2", "second-year resident"}}}, ""},
		{"not a mapping", "- [lol]\n", Lexicon{}, "lexicon.yaml:1: want a mapping"},
		{"unknown key", "slang:\n  - [lol]\n", Lexicon{}, "lexicon.yaml:1: unknown key \"slang\""},
		{"flat list", "chat: [lol, lmao]\n", Lexicon{}, "lexicon.yaml:1: chat: each group is a list of words"},
		{"twice", "chat:\n  - [lol]\nshorthand:\n  - lol: laugh\n", Lexicon{}, "lexicon.yaml:4: \"lol\" is already in the lexicon (line 2)"},
		{"stands for nothing", "shorthand:\n  - u: \"\"\n", Lexicon{}, "lexicon.yaml:2: shorthand: \"u\" stands for nothing"},
		{"itself", "shorthand:\n  - ir: IR\n", Lexicon{}, "stands for itself"},
		{"shorthand not a map", "shorthand:\n  - [u, you]\n", Lexicon{}, "lexicon.yaml:2: shorthand: each group is a list of entries"},
		{"bad yaml", "chat: [\n", Lexicon{}, "lexicon.yaml:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load(mapFS("guides/g.md", guide("G", "## H\n\ntext\n"), lexiconFile, tt.yml))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load() error: %v", err)
			}
			got := b.Lexicon
			if !slices.Equal(got.Chat, tt.want.Chat) || !slices.Equal(got.Vague, tt.want.Vague) || !slices.Equal(got.Shorthand, tt.want.Shorthand) {
				t.Errorf("Lexicon = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLexiconLayered(t *testing.T) {
	base := mapFS("guides/g.md", guide("G", "## H\n\ntext\n"), lexiconFile, "chat:\n  - [lol]\nshorthand:\n  - u: you\n    ty: thank you\n")
	extra := mapFS(lexiconFile, "chat:\n  - [xd]\nshorthand:\n  - ty: transitional year\n")
	b, err := LoadLayered(base, extra, false)
	if err != nil {
		t.Fatal(err)
	}
	want := Lexicon{Chat: []string{"lol", "xd"}, Shorthand: []Shorthand{{"u", "you"}, {"ty", "transitional year"}}}
	if !slices.Equal(b.Lexicon.Chat, want.Chat) || !slices.Equal(b.Lexicon.Shorthand, want.Shorthand) {
		t.Errorf("layered Lexicon = %+v, want %+v", b.Lexicon, want)
	}
}

// TestContentComments checks that every group of the built-in word lists
// has a comment (above it, or at the end of its line) naming the usage it
// covers: a group is kept for a kind of wording, never for one question,
// and its comment says which.
func TestContentComments(t *testing.T) {
	fsys := Content()
	groups := func(t *testing.T, n *yaml.Node) []*yaml.Node {
		if n.Kind != yaml.SequenceNode {
			t.Fatalf("line %d: not a list", n.Line)
		}
		return n.Content
	}
	for _, name := range []string{synonymsFile, relatedFile, offTopicFile, lexiconFile} {
		t.Run(name, func(t *testing.T) {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			var doc yaml.Node
			if err := yaml.Unmarshal(src, &doc); err != nil {
				t.Fatal(err)
			}
			root := doc.Content[0]
			var gs []*yaml.Node
			if name == lexiconFile {
				for i := 1; i < len(root.Content); i += 2 {
					gs = append(gs, groups(t, root.Content[i])...)
				}
			} else {
				gs = groups(t, root)
			}
			if len(gs) == 0 {
				t.Fatal("no groups")
			}
			for k, g := range gs {
				// yaml.v3 gives the first item's comment to the node that
				// holds it.
				if g.HeadComment == "" && g.LineComment == "" && !(k == 0 && hasComment(root, name)) {
					t.Errorf("%s:%d: group without a comment naming the usage it covers", name, g.Line)
				}
			}
		})
	}
}

// hasComment reports whether the first group's comment went to the node
// above it.
func hasComment(root *yaml.Node, name string) bool {
	return root.HeadComment != "" || (len(root.Content) > 0 && root.Content[0].HeadComment != "")
}
