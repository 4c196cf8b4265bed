package index

import (
	"context"
	"slices"
	"sort"
	"strings"
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

// TestCompleteAtScale checks that autocomplete over many titles returns
// what sorting every match would: the most typed words matched first, then
// titles starting with the typed text, then document order.
func TestCompleteAtScale(t *testing.T) {
	kb := syntheticBase(t, 600)
	x, err := New(kb.Passages, OptionsFor(kb))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, typed := range []string{"", "how lo", "residency tra", "what is the", "ir", "zzz"} {
		for _, limit := range []int{1, 5, 25} {
			got, err := x.Complete(context.Background(), typed, "", limit)
			if err != nil {
				t.Fatal(err)
			}
			want := completeBySorting(x, typed, limit)
			var gotIDs []string
			for _, p := range got {
				gotIDs = append(gotIDs, p.ID)
			}
			if !slices.Equal(gotIDs, want) {
				t.Errorf("Complete(%q, %d) = %v, want %v", typed, limit, gotIDs, want)
			}
		}
	}
}

// completeBySorting is autocomplete done the plain way: every match,
// sorted.
func completeBySorting(x *Index, typed string, limit int) []string {
	words := splitWords(typed)
	joined := strings.Join(words, " ")
	type m struct {
		i, n   int
		prefix bool
	}
	var ms []m
	for _, c := range x.titles {
		n := 0
		for _, w := range words {
			if slices.ContainsFunc(c.words, func(tw string) bool { return strings.HasPrefix(tw, w) }) {
				n++
			}
		}
		if len(words) > 0 && n == 0 {
			continue
		}
		ms = append(ms, m{c.i, n, len(words) > 0 && strings.HasPrefix(c.joined, joined)})
	}
	sort.SliceStable(ms, func(a, b int) bool {
		if ms[a].n != ms[b].n {
			return ms[a].n > ms[b].n
		}
		return ms[a].prefix && !ms[b].prefix
	})
	var out []string
	for _, r := range ms[:min(limit, len(ms))] {
		out = append(out, x.passages[r.i].ID)
	}
	return out
}
