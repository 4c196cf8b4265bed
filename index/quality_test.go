package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// newDefault builds an index over the real embedded knowledge.
func newDefault(tb testing.TB) *Index {
	tb.Helper()
	b, err := knowledge.Default()
	if err != nil {
		tb.Fatalf("knowledge.Default: %v", err)
	}
	x, err := New(b.Passages, OptionsFor(b))
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	tb.Cleanup(func() { x.Close() })
	return x
}

func readQuestionFile(tb testing.TB, name string) []Question {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadQuestions(f, name)
	if err != nil {
		tb.Fatal(err)
	}
	return qs
}

// TestQuality scores the question sets (see testdata/*.jsonl) and fails
// below floors set a little under what the index measured.
func TestQuality(t *testing.T) {
	x := newDefault(t)
	titles := make(map[string]bool)
	for _, p := range x.passages {
		titles[normTitle(p.Title)] = true
	}
	for _, tc := range []struct {
		file                        string
		hit1, hit3, mrr, abstention float64
	}{
		// The shared development set (a copy of shared/eval/dev.jsonl):
		// measured 0.943 / 1.000 / 0.967 / 5 of 5.
		{"dev.jsonl", 0.90, 0.97, 0.93, 0.8},
		// Our own set, written before tuning (and tuned on since):
		// measured 0.923 / 0.985 / 0.951 / 13 of 14.
		{"questions.jsonl", 0.88, 0.95, 0.92, 0.85},
		// Written after tuning, to keep us honest (looked at since):
		// measured 0.889 / 0.944 / 0.917 / 6 of 8.
		{"holdout.jsonl", 0.85, 0.90, 0.88, 0.7},
		// The dev set's questions in other words, written late: measured
		// 0.833 / 0.972 / 0.903 / 7 of 8.
		{"paraphrases.jsonl", 0.80, 0.94, 0.87, 0.85},
	} {
		t.Run(tc.file, func(t *testing.T) {
			qs := readQuestionFile(t, tc.file)
			for _, q := range qs {
				for _, a := range q.Accept {
					if !titles[normTitle(a)] {
						t.Errorf("%s: %q accepts %q, which is no heading of the guide", tc.file, q.Q, a)
					}
				}
			}
			s, misses, err := Evaluate(context.Background(), x.Search, qs, 5)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(s)
			for _, m := range misses {
				t.Logf("miss rank=%d %q: got %q want %q", m.Rank, m.Question.Q, first(m.Got, 3), m.Question.Accept)
			}
			if s.Hit1 < tc.hit1 || s.Hit3 < tc.hit3 || s.MRR < tc.mrr || s.AbstainRate < tc.abstention {
				t.Errorf("%s: %v, want hit@1 >= %.2f, hit@3 >= %.2f, mrr >= %.2f, abstained >= %.2f",
					tc.file, s, tc.hit1, tc.hit3, tc.mrr, tc.abstention)
			}
		})
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
