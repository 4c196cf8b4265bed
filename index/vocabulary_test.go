package index

import (
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct{ abbr, prefix string }{
		{"prelim", "prelim"},
		{"app", "app"},
		{"reqs", "req"},
		{"recs", "rec"},
		{"zzz", ""},
		{"yr", ""},
	} {
		got := x.vocab.expand(tc.abbr)
		if (got == "") != (tc.prefix == "") || !strings.HasPrefix(got, tc.prefix) {
			t.Errorf("expand(%q) = %q, want a word starting with %q", tc.abbr, got, tc.prefix)
		}
	}
}

// TestAcronyms checks that a vague word written in capitals is a name.
func TestAcronyms(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		q     string
		vague bool // the concept for "tips"
	}{
		{"interview tips", true},
		{"what is a TIPS procedure", false},
		{"WHAT ARE SOME INTERVIEW TIPS", true}, // shouting
	} {
		q := x.understand(x.norm.normalize(tc.q))
		found := false
		for _, c := range q.concepts {
			if c.alts[0].text == "tips" {
				found = true
				if got := c.class == classVague; got != tc.vague {
					t.Errorf("understand(%q): tips is %s, want vague %v", tc.q, c.class, tc.vague)
				}
			}
		}
		if !found {
			t.Errorf("understand(%q): no concept for tips", tc.q)
		}
	}
}
