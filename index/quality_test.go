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
		// measured 1.000 / 1.000 / 1.000 / 5 of 5.
		{"dev.jsonl", 0.94, 0.97, 0.95, 0.8},
		// Written blind by someone who never saw the code, then used to
		// make the ranking generalize (so no longer blind): measured
		// 0.747 / 0.920 / 0.822 / 15 of 15.
		{"blind1.jsonl", 0.72, 0.89, 0.79, 0.8},
		// Written blind (casual Discord wording, many paraphrases); its
		// misses were looked at twice, which led to counting parent
		// headings (contextWeight), then to scoring a concept by its best
		// phrase and to general student words in related.yaml ("file",
		// "vets", "busy"), so it is tuned on now: measured 0.779 / 0.912 /
		// 0.841 / 12 of 12.
		{"blind2.jsonl", 0.75, 0.88, 0.81, 0.8},
		// Written blind in the style of the shared dev set; scored, never
		// tuned on (only its two answered out-of-scope questions were
		// read, before offtopic.yaml): measured 0.852 / 0.918 / 0.880 /
		// 9 of 9.
		{"blind3.jsonl", 0.82, 0.89, 0.85, 0.85},
		// Written blind in the style of the shared dev set, after all the
		// tuning, and only scored (to check the last ranking round held
		// up): measured 0.836 / 0.934 / 0.880 / 8 of 9.
		{"blind4.jsonl", 0.80, 0.90, 0.85, 0.8},
		// Our own set, written before tuning (and tuned on since):
		// measured 0.938 / 0.985 / 0.960 / 14 of 14.
		{"questions.jsonl", 0.90, 0.95, 0.93, 0.9},
		// Written after tuning, to keep us honest (looked at since):
		// measured 0.833 / 0.944 / 0.884 / 8 of 8.
		{"holdout.jsonl", 0.80, 0.92, 0.86, 0.85},
		// The dev set's questions in other words, written late: measured
		// 0.972 / 1.000 / 0.986 / 8 of 8.
		{"paraphrases.jsonl", 0.94, 0.97, 0.95, 0.85},
		// Questions in the guide's words about what it does not say
		// (pay, hours, visas, scores, other specialties) and in-scope
		// ones with slang and typos, written before the coverage check
		// (and tuned on since): measured 0.909 / 0.955 / 0.932 / 19 of 20.
		{"scope.jsonl", 0.86, 0.93, 0.90, 0.8},
		// More of the same, written with scope.jsonl but scored only once
		// the work was done: measured 1.000 / 1.000 / 1.000 / 10 of 10.
		{"scope-holdout.jsonl", 0.9, 0.9, 0.9, 0.75},
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
