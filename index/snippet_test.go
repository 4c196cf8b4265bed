package index

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// boldBalanced reports whether s's unescaped "**" markers pair up.
func boldBalanced(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++ // skip the escaped character
		case s[i] == '*' && i+1 < len(s) && s[i+1] == '*':
			n++
			i++
		case s[i] == '*':
			return false // a lone unescaped star
		}
	}
	return n%2 == 0
}

func TestSnippets(t *testing.T) {
	x := newFixture(t, Options{})
	for _, tc := range []struct {
		q, id string
		want  []string // substrings of the snippet
		not   []string
	}{
		{"internship", "overview", []string{"**internship**", "six years"}, []string{"- ", "**six years**"}},
		{"biopsy drainage", "overview", []string{"**Biopsy** and **drainage**"}, nil},
		{"vascular interventions", "overview", []string{"**Vascular interventions**"}, []string{"** **"}},
		{"embolization expert", "table", []string{"**Embolization** – **Expert**"}, []string{"| "}},
		{"fellowship", "quote", []string{"**Fellowship**", `training\_is\*`, "valuable\\`", `an \| expert`}, []string{"\n"}},
	} {
		res, err := x.Search(context.Background(), tc.q, 5)
		if err != nil {
			t.Fatal(err)
		}
		hits := res.Hits
		var got string
		for _, h := range hits {
			if h.Passage.ID == tc.id {
				got = h.Snippet
			}
		}
		if got == "" {
			t.Errorf("Search(%q): no snippet for %s in %v", tc.q, tc.id, hits)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("Search(%q) snippet = %q, want it to contain %q", tc.q, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("Search(%q) snippet = %q, want no %q", tc.q, got, w)
			}
		}
		if !boldBalanced(got) {
			t.Errorf("Search(%q) snippet = %q: unbalanced bold", tc.q, got)
		}
	}
}

func TestSnippetEmptyBody(t *testing.T) {
	x := newFixture(t, Options{})
	hits, err := x.hits(context.Background(), "FAQ", 1)
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search(FAQ) = %v, %v", hits, err)
	}
	want := "How long is training? · Who accredits programs?"
	if got := hits[0].Snippet; got != want {
		t.Errorf("FAQ snippet = %q, want %q", got, want)
	}
}

// TestSnippetsReal checks every snippet of the real guide for a few
// questions: short, balanced, free of Markdown syntax.
func TestSnippetsReal(t *testing.T) {
	x := newDefault(t)
	for _, p := range x.passages {
		hits, err := x.hits(context.Background(), p.Title, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			s := h.Snippet
			if strings.TrimSpace(s) == "" {
				t.Errorf("Search(%q): empty snippet for %q", p.Title, h.Passage.Title)
			}
			if n := utf8.RuneCountInString(s); n > 360 {
				t.Errorf("Search(%q): snippet of %q has %d runes: %q", p.Title, h.Passage.Title, n, s)
			}
			if !boldBalanced(s) {
				t.Errorf("Search(%q): unbalanced bold in %q", p.Title, s)
			}
			for _, bad := range []string{"| ", "\n", "](", "- - "} {
				if strings.Contains(s, bad) {
					t.Errorf("Search(%q): snippet %q holds %q", p.Title, s, bad)
				}
			}
		}
	}
}

func TestCutAround(t *testing.T) {
	s := "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
	for _, tc := range []struct {
		at, limit int
		want      string
	}{
		{0, 100, s},
		{0, 20, "alpha beta gamma…"},
		{strings.Index(s, "theta"), 24, "…eta theta iota kappa…"},
		{strings.Index(s, "mu"), 20, "…kappa lambda mu"},
	} {
		if got := cutAround(s, tc.at, tc.limit); got != tc.want {
			t.Errorf("cutAround(at %d, %d) = %q, want %q", tc.at, tc.limit, got, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := sentences("It starts. Then, it ends! Does it? “Yes.” 2 more. e.g. not split")
	want := []string{"It starts.", "Then, it ends!", "Does it?", "“Yes.”", "2 more. e.g. not split"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}

func TestPlainSegments(t *testing.T) {
	md := newMarkdown()
	got := plainSegments(md, "Intro with **bold** and [a link](http://x.y) and `code`.\n\n- one\n- two *em*\n\n> quoted\n> text\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n")
	want := []string{"Intro with bold and a link and code.", "one", "two em", "quoted text", "A – B", "1 – 2"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("plainSegments = %q, want %q", got, want)
	}
}
