package index

import (
	"context"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

func TestComplete(t *testing.T) {
	x := newDefault(t)
	ctx := context.Background()
	for _, tc := range []struct {
		typed string
		kind  knowledge.Kind
		limit int
		want  []string // first titles, in order
	}{
		{"", knowledge.KindFAQ, 2, []string{"How long is an interventional radiology residency?", "What are the different IR residency pathways?"}},
		{"", "", 1, []string{"Introduction"}},
		{"how long", knowledge.KindFAQ, 1, []string{"How long is an interventional radiology residency?"}},
		{"esi", "", 1, []string{"Early Specialization in IR (ESIR) Option"}},
		{"esir", knowledge.KindFAQ, 1, []string{"What is the Early Specialization in IR (ESIR) option?"}},
		{"refer", "", 1, []string{"References"}},
		{"Match stat", "", 1, []string{"Match Statistics and Competitiveness"}},
		{"cert time", "", 1, []string{"Certification Timeline"}},
		{"zzzz", "", 5, nil},
	} {
		got, err := x.Complete(ctx, tc.typed, tc.kind, tc.limit)
		if err != nil {
			t.Fatalf("Complete(%q): %v", tc.typed, err)
		}
		if len(got) > tc.limit {
			t.Errorf("Complete(%q, limit %d) gave %d", tc.typed, tc.limit, len(got))
		}
		if len(got) < len(tc.want) {
			t.Errorf("Complete(%q) = %d passages, want at least %d", tc.typed, len(got), len(tc.want))
			continue
		}
		if tc.want == nil && len(got) != 0 {
			t.Errorf("Complete(%q) = %v, want none", tc.typed, titlesOf(got))
		}
		for i, w := range tc.want {
			if got[i].Title != w {
				t.Errorf("Complete(%q, %q)[%d] = %q, want %q", tc.typed, tc.kind, i, got[i].Title, w)
			}
		}
		for _, p := range got {
			if tc.kind != "" && p.Kind != tc.kind {
				t.Errorf("Complete(%q, %q) gave a %s passage", tc.typed, tc.kind, p.Kind)
			}
		}
	}
	if got, _ := x.Complete(ctx, "", knowledge.KindFAQ, 100); len(got) != 9 {
		t.Errorf("Complete(\"\", faq, 100) = %d passages, want the 9 FAQ entries", len(got))
	}
	if got, _ := x.Complete(ctx, "ir", "", 0); len(got) != 0 {
		t.Errorf("Complete(limit 0) = %d passages, want none", len(got))
	}
}

func titlesOf(ps []knowledge.Passage) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Title)
	}
	return out
}
