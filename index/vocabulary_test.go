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

// TestAcronyms checks that a generic word written in capitals is a name.
func TestAcronyms(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		q    string
		want class // of the concept for "tips"
	}{
		{"interview tips", classGeneric},
		{"what is a TIPS procedure", classUnknown},
		{"WHAT ARE SOME INTERVIEW TIPS", classGeneric}, // shouting
	} {
		q := x.parse(tc.q)
		found := false
		for _, c := range q.concepts {
			if c.alts[0].text == "tips" {
				found = true
				if c.class != tc.want {
					t.Errorf("parse(%q): tips is class %d, want %d", tc.q, c.class, tc.want)
				}
			}
		}
		if !found {
			t.Errorf("parse(%q): no concept for tips", tc.q)
		}
	}
}
