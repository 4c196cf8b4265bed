package knowledge

import (
	"slices"
	"strings"
	"testing"
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
