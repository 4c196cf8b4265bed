package index

import (
	"context"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestPrunedSearchMatchesBleve checks that retrieval with pruning finds the
// passages Bleve's own disjunction finds, in the same order and with the
// same scores, on the guide alone and with synthetic passages (where
// nearly every passage matches), keeping the usual number and keeping 3
// (where pruning skips the most). The questions are half of the question
// sets' and random runs of words from the passages.
func TestPrunedSearchMatchesBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of 2,000 synthetic passages")
	}
	indexes := map[string]*Index{"guide": newDefault(t)}
	kb := syntheticBase(t, 2000)
	big, err := New(kb.Passages, OptionsFor(kb))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { big.Close() })
	indexes["guide and 2k synthetic"] = big

	// Every other question of the sets (they run under the race
	// detector too) and random ones.
	var questions []string
	for i, q := range allQuestions(t) {
		if i%2 == 0 {
			questions = append(questions, q)
		}
	}
	questions = append(questions, randomQuestions(big, 200)...)
	ctx := context.Background()
	for name, x := range indexes {
		compared, pruned := 0, 0
		for _, text := range questions {
			q := x.understand(x.norm.normalize(text))
			plain := x.bleveQuery(q)
			if plain == nil {
				continue
			}
			for _, k := range []int{retrieveSize, 3} {
				want, err := x.best(ctx, plain, k)
				if err != nil {
					t.Fatal(err)
				}
				got, err := x.best(ctx, &prunedQuery{plain: plain, k: k}, k)
				if err != nil {
					t.Fatal(err)
				}
				compared++
				if !sameCandidates(got, want) {
					t.Errorf("%s, best %d of %q:\npruned %v\nBleve  %v", name, k, text, got, want)
				}
				if len(want) == k {
					pruned++
				}
			}
		}
		t.Logf("%s: %d searches compared, %d with more matches than kept", name, compared, pruned)
		if compared < 500 {
			t.Errorf("%s: only %d searches compared", name, compared)
		}
	}
}

// sameCandidates reports whether two candidate lists name the same passages
// in the same order with the same scores. Scores may differ in the last
// bits: Bleve adds the clauses of a large disjunction in the order its
// heap pops them. So passages whose scores tie to those bits may come in
// either order, and of those tied with the last, either may be kept.
func sameCandidates(a, b []candidate) bool {
	if len(a) != len(b) {
		return false
	}
	same := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Abs(y) }
	for i := range a {
		if !same(a[i].bm25, b[i].bm25) {
			return false
		}
	}
	for i := 0; i < len(a); {
		j := i + 1
		for j < len(a) && same(a[j].bm25, a[i].bm25) {
			j++
		}
		if j < len(a) {
			// A group of ties before the last: the same passages.
			ga, gb := map[int]bool{}, map[int]bool{}
			for k := i; k < j; k++ {
				ga[a[k].i], gb[b[k].i] = true, true
			}
			if !maps.Equal(ga, gb) {
				return false
			}
		}
		i = j
	}
	return true
}

// randomQuestions are n runs of 1 to 8 words drawn from the passages'
// text, with a fixed seed.
func randomQuestions(x *Index, n int) []string {
	rng := rand.New(rand.NewPCG(10, 99))
	var words []string
	for _, p := range x.passages[:min(len(x.passages), 400)] {
		words = append(words, strings.Fields(p.Title+" "+p.Body)...)
	}
	out := make([]string, n)
	for i := range out {
		w := make([]string, 1+rng.IntN(8))
		for j := range w {
			w[j] = words[rng.IntN(len(words))]
		}
		out[i] = strings.Join(w, " ")
	}
	return out
}

// TestPruneSearcherAdvance checks the searcher's Advance, which Bleve's
// collector does not call: with nothing to prune (k above the matches),
// advancing to a passage a search visits finds that passage, and Next
// then goes on as a search from the start would.
func TestPruneSearcherAdvance(t *testing.T) {
	x := newDefault(t)
	q := x.understand(x.norm.normalize("how long is IR residency"))
	plain := x.bleveQuery(q)
	adv, err := x.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.WithValue(context.Background(), search.BM25StatsKey, x.bm25)
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return bindex.BM25Scoring }))
	open := func() (*pruneSearcher, *search.SearchContext) {
		s, err := (&prunedQuery{plain: plain, k: len(x.passages)}).Searcher(ctx, r, x.bleve.Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ps, ok := s.(*pruneSearcher)
		if !ok {
			t.Fatalf("searcher is a %T, not a pruneSearcher", s)
		}
		t.Cleanup(func() { ps.Close() })
		return ps, &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(ps.DocumentMatchPoolSize()+1, 0)}
	}
	all := func(s *pruneSearcher, sctx *search.SearchContext, first *search.DocumentMatch) (ids []string, scores []float64) {
		for m := first; m != nil; {
			ids = append(ids, string(m.IndexInternalID))
			scores = append(scores, m.Score)
			var err error
			if m, err = s.Next(sctx); err != nil {
				t.Fatal(err)
			}
		}
		return ids, scores
	}
	s, sctx := open()
	m, err := s.Next(sctx)
	if err != nil {
		t.Fatal(err)
	}
	ids, scores := all(s, sctx, m)
	if len(ids) < 10 {
		t.Fatalf("only %d passages match", len(ids))
	}
	from := len(ids) / 2
	s, sctx = open()
	m, err = s.Advance(sctx, bindex.IndexInternalID(ids[from]))
	if err != nil {
		t.Fatal(err)
	}
	gotIDs, gotScores := all(s, sctx, m)
	if !slices.Equal(gotIDs, ids[from:]) || !slices.Equal(gotScores, scores[from:]) {
		t.Errorf("after Advance: %d passages, want the last %d of a full search", len(gotIDs), len(ids)-from)
	}
}
