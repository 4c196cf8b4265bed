package index

import (
	"context"
	"math"
	"testing"
)

// TestBatchesChangeNothing builds the same knowledge in one Bleve batch
// and in many, and checks every question gets the same answer, scores
// included (but for the last bits of a float sum, whose order differs):
// how the passages are split into segments must not change a score (see
// oneSegmentStats).
func TestBatchesChangeNothing(t *testing.T) {
	kb := syntheticBase(t, 300)
	opts := OptionsFor(kb)
	opts.batch = len(kb.Passages)
	one, err := New(kb.Passages, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	opts.batch = 70
	many, err := New(kb.Passages, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer many.Close()
	ctx := context.Background()
	for _, q := range scaleQueries(t) {
		a, err := one.Search(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		b, err := many.Search(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if a.Confidence != b.Confidence || len(a.Hits) != len(b.Hits) {
			t.Errorf("Search(%q): one batch %s %d hits, batches %s %d hits", q, a.Confidence, len(a.Hits), b.Confidence, len(b.Hits))
			continue
		}
		for k := range a.Hits {
			if a.Hits[k].Passage.ID != b.Hits[k].Passage.ID || math.Abs(a.Hits[k].Score-b.Hits[k].Score) > 1e-9 {
				t.Errorf("Search(%q) hit %d: one batch %s %v, batches %s %v", q, k, a.Hits[k].Passage.ID, a.Hits[k].Score, b.Hits[k].Passage.ID, b.Hits[k].Score)
			}
		}
	}
}
