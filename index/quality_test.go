package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// defaultIndex is the index over the real embedded knowledge, built once:
// an Index is only read after New, and many tests share it.
var defaultIndex = sync.OnceValues(func() (*Index, error) {
	b, err := knowledge.Default()
	if err != nil {
		return nil, fmt.Errorf("knowledge.Default: %w", err)
	}
	return New(b.Passages, OptionsFor(b))
})

// newDefault returns the index over the real embedded knowledge.
func newDefault(tb testing.TB) *Index {
	tb.Helper()
	x, err := defaultIndex()
	if err != nil {
		tb.Fatalf("default index: %v", err)
	}
	return x
}

// defaultBase is the real embedded knowledge.
func defaultBase(tb testing.TB) *knowledge.Base {
	tb.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		tb.Fatalf("knowledge.Default: %v", err)
	}
	return kb
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

// qualitySet is a question set (see testdata/README.md) and the floors
// its scores must stay at or above, set a little under what was measured.
type qualitySet struct {
	file string
	// heldOut sets are never tuned on: the test shows their scores, never
	// their misses, so that nobody tunes on them by accident.
	heldOut                                     bool
	hit1, hit3, precision, coverage, abstention float64
}

// qualitySets are every question set, with the figures measured at the
// last tuning round in comments (hit@1 / hit@3 / precision / coverage /
// abstained).
var qualitySets = []qualitySet{
	// The shared sets (copies of ../shared/eval), tuned on. The issue's
	// bounds for them are in .ci/run; these floors are the same or higher.
	// dev: 0.943 / 0.971 / 0.970 / 0.943 / 5 of 5.
	{"dev.jsonl", false, 0.90, 0.97, 0.90, 0.90, 0.8},
	// dev-casual: 0.804 / 0.913 / 0.912 / 0.739 / 17 of 18.
	{"dev-casual.jsonl", false, 0.75, 0.90, 0.90, 0.70, 0.8},
	// Written blind in casual wording for this round, tuned on:
	// 0.830 / 0.955 / 0.909 / 0.750 / 25 of 25.
	{"casual-tune.jsonl", false, 0.80, 0.93, 0.88, 0.72, 0.9},
	// Written blind after all tuning, in casual wording, and scored once
	// (the figures of the closing note): 0.805 / 0.977 / 0.875 / 0.736 /
	// 22 of 26. A floor now, so that later work cannot lower it unseen;
	// it is not to be tuned on.
	{"casual-final.jsonl", true, 0.78, 0.95, 0.85, 0.70, 0.8},
	// Written blind with casual-tune, held out (only its summary line
	// was ever read): 0.814 / 0.930 / 0.938 / 0.744 / 22 of 25.
	{"casual-check.jsonl", true, 0.78, 0.90, 0.90, 0.70, 0.8},
	// Earlier rounds' sets; see testdata/README.md.
	// blind1: 0.893 / 0.960 / 0.910 / 0.893 / 14 of 15.
	{"blind1.jsonl", false, 0.86, 0.93, 0.88, 0.86, 0.85},
	// blind2: 0.882 / 0.971 / 0.925 / 0.779 / 11 of 12.
	{"blind2.jsonl", false, 0.85, 0.94, 0.89, 0.75, 0.85},
	// blind3: 0.984 / 1.000 / 1.000 / 0.869 / 9 of 9.
	{"blind3.jsonl", true, 0.95, 0.97, 0.95, 0.84, 0.85},
	// blind4: 0.951 / 0.984 / 0.947 / 0.934 / 7 of 9.
	{"blind4.jsonl", true, 0.92, 0.95, 0.91, 0.90, 0.75},
	// questions: 0.985 / 1.000 / 1.000 / 0.908 / 13 of 14.
	{"questions.jsonl", false, 0.95, 0.97, 0.95, 0.88, 0.85},
	// holdout: 0.944 / 1.000 / 0.943 / 0.972 / 7 of 8.
	{"holdout.jsonl", false, 0.91, 0.97, 0.91, 0.94, 0.8},
	// paraphrases: 0.917 / 1.000 / 0.912 / 0.944 / 7 of 8.
	{"paraphrases.jsonl", false, 0.88, 0.97, 0.88, 0.91, 0.8},
	// scope: 0.955 / 0.955 / 0.947 / 0.864 / 17 of 20.
	{"scope.jsonl", false, 0.90, 0.90, 0.90, 0.82, 0.8},
	// scope-holdout: 0.900 / 0.900 / 1.000 / 0.800 / 9 of 10.
	{"scope-holdout.jsonl", true, 0.85, 0.85, 0.85, 0.75, 0.85},
}

// TestQuality scores every question set and fails below its floors.
func TestQuality(t *testing.T) {
	x := newDefault(t)
	titles := make(map[string]bool)
	for _, p := range x.passages {
		titles[knowledge.Fold(p.Title)] = true
	}
	for _, tc := range qualitySets {
		t.Run(tc.file, func(t *testing.T) {
			qs := readQuestionFile(t, tc.file)
			for _, q := range qs {
				for _, a := range q.Accept {
					if !titles[knowledge.Fold(a)] {
						t.Errorf("%s: a question accepts %q, which is no heading of the guide", tc.file, a)
					}
				}
			}
			s, misses, err := Evaluate(context.Background(), x.Search, qs, 5)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(s)
			if !tc.heldOut {
				for _, m := range misses {
					t.Logf("miss rank=%d %s %q: got %q want %q", m.Rank, m.Confidence, m.Question.Q, first(m.Got, 3), m.Question.Accept)
				}
			}
			if s.Hit1 < tc.hit1 || s.Hit3 < tc.hit3 || s.Precision < tc.precision || s.Coverage < tc.coverage || s.AbstainRate < tc.abstention {
				t.Errorf("%s: %v, want hit@1 >= %.2f, hit@3 >= %.2f, precision >= %.2f, coverage >= %.2f, abstained >= %.2f",
					tc.file, s, tc.hit1, tc.hit3, tc.precision, tc.coverage, tc.abstention)
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
