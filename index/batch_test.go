package index

import "testing"

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
	sameAnswers(t, one, many)
}

// TestBatchSize checks that a batch holds a batchSegments-th of the
// passages, never fewer than minBatch nor more than maxBatch.
func TestBatchSize(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{0, minBatch}, {300, minBatch}, {10_000, minBatch},
		{40_000, 40_000 / batchSegments}, {100_000, maxBatch}, {1_000_000, maxBatch},
	} {
		if got := batchSize(tc.n); got != tc.want {
			t.Errorf("batchSize(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
}
