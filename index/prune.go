package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Retrieval skips the passages that cannot reach the best k (MaxScore,
// Turtle and Flood 1995). Bleve scores the retrieval query, a disjunction
// of clauses that are each a disjunction of leaves (a word or phrase in
// one field), by summing what matches and multiplying by the share
// matched, at each level. With many passages most of them match only
// words nearly every passage holds ("residency"), whose BM25 weight is
// tiny: Bleve would score them all, 0.1 µs per passage and leaf.
//
// A leaf's BM25 score is below boost·idf²·queryNorm·k1 whatever the word's
// frequency and the field's length. Once k passages are scored, the
// leaves whose bounds together (with the share factors at their best)
// stay below the k-th best score cannot by themselves lift a passage into
// the best k: they are non-essential. Only passages an essential leaf
// matches are visited; each is bounded by what it matched plus the
// non-essential bounds. While that bound reaches the k-th score, the
// non-essential leaves are moved to the passage one by one, each bound
// giving way to the leaf's score (or to nothing); a passage still in
// reach at the end gets its exact score, computed the way Bleve computes
// it. So the best k are the ones Bleve's own disjunction would find, with
// the same scores (TestPrunedSearchMatchesBleve: a large disjunction's
// sum may differ in its last bit, as Bleve adds it in heap order), and
// far fewer passages scored. Choosing which leaves are non-essential,
// those matching the most passages for the least bound go first.

// prunedQuery is the retrieval query searched for its best k passages
// only. plain is the same query as Bleve's own disjunction of
// disjunctions; it is searched as is when pruning cannot apply (not BM25,
// an explanation asked for, a clause not a plain disjunction).
type prunedQuery struct {
	plain *bq.DisjunctionQuery
	k     int
}

// pruneSlack keeps a bound from being beaten by rounding: a passage is
// skipped only when its bound, raised by this share, is below the k-th
// score.
const pruneSlack = 1e-9

// pruneFloor is added to a bound for the same reason: bounds are updated
// by subtraction, whose rounding errors do not shrink with the bound.
const pruneFloor = 1e-12

// Searcher implements bq.Query.
func (q *prunedQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping,
	opts search.SearcherOptions) (search.Searcher, error) {
	// Bleve finds the synonyms of the words of the queries it knows
	// before it asks for a searcher; it does not look inside this one.
	if _, ok := ctx.Value(search.FieldTermSynonymMapKey).(search.FieldTermSynonymMap); !ok {
		if sm, ok := m.(mapping.SynonymMapping); ok && sm.SynonymCount() > 0 {
			if tr, ok := r.(bindex.ThesaurusReader); ok {
				fts, err := bq.ExtractSynonyms(ctx, sm, tr, q.plain, nil)
				if err != nil {
					return nil, err
				}
				if fts != nil {
					ctx = context.WithValue(ctx, search.FieldTermSynonymMapKey, fts)
				}
			}
		}
	}
	if opts.Explain || opts.Score == "none" || q.k <= 0 || !bm25Scoring(ctx) || !prunable(q.plain) {
		return q.plain.Searcher(ctx, r, m, opts)
	}
	fts, _ := ctx.Value(search.FieldTermSynonymMapKey).(search.FieldTermSynonymMap)
	s := &pruneSearcher{k: q.k, top: make([]float64, 0, q.k)}
	for _, c := range q.plain.Disjuncts {
		first := len(s.leaves)
		for _, leaf := range c.(*bq.DisjunctionQuery).Disjuncts {
			ls, minBoost, err := leafSearcher(ctx, leaf, r, m, opts, fts)
			if err != nil {
				_ = s.Close()
				return nil, err
			}
			if ls != nil {
				s.leaves = append(s.leaves, pruneLeaf{s: ls, clause: int32(len(s.clauses)), weight: ls.Weight(), minBoost: minBoost})
			}
		}
		s.clauses = append(s.clauses, pruneClause{first: int32(first), end: int32(len(s.leaves))})
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	s.ess = make([]int32, len(s.leaves))
	for i := range s.ess {
		s.ess[i] = int32(i)
		s.leaves[i].count = s.leaves[i].s.Count()
	}
	s.neCount = make([]int32, len(s.clauses))
	s.neSum = make([]float64, len(s.clauses))
	s.docCount = make([]int32, len(s.clauses))
	s.docSum = make([]float64, len(s.clauses))
	return s, nil
}

// bm25Scoring reports whether the search scores by BM25, whose scores
// prune's bounds hold for.
func bm25Scoring(ctx context.Context) bool {
	f, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn)
	return ok && f() == bindex.BM25Scoring
}

// prunable reports whether q is a disjunction of plain disjunctions of
// leaves whose scores prune can bound.
func prunable(q *bq.DisjunctionQuery) bool {
	if q.Min > 0 || len(q.Disjuncts) == 0 {
		return false
	}
	for _, c := range q.Disjuncts {
		d, ok := c.(*bq.DisjunctionQuery)
		if !ok || d.Min > 0 {
			return false
		}
		for _, leaf := range d.Disjuncts {
			switch l := leaf.(type) {
			case *bq.MatchQuery:
				if l.Fuzziness != 0 || l.Prefix != 0 || l.Operator != bq.MatchQueryOperatorOr {
					return false
				}
			case *bq.MatchPhraseQuery:
				if l.Fuzziness != 0 {
					return false
				}
			case *bq.TermQuery, *bq.MatchNoneQuery:
			default:
				return false
			}
		}
	}
	return true
}

// leafSearcher returns the searcher of a leaf and the least boost among
// the terms it searches: the leaf's own, or half of it when one of its
// words has Bleve synonyms (Bleve searches them at half the boost). A
// match query for one word is searched as that word's term query, which
// is what Bleve's would search, less the disjunction of one around it
// (whose score is its clause's times 1/1).
func leafSearcher(ctx context.Context, leaf bq.Query, r bindex.IndexReader, m mapping.IndexMapping,
	opts search.SearcherOptions, fts search.FieldTermSynonymMap) (search.Searcher, float64, error) {
	var field, analyzer, text string
	var boost float64
	switch l := leaf.(type) {
	case *bq.TermQuery:
		field, boost = fieldOr(l.FieldVal, m), l.Boost()
		if _, ok := fts[field][l.Term]; ok {
			boost /= 2
		}
		s, err := l.Searcher(ctx, r, m, opts)
		return s, boost, err
	case *bq.MatchQuery:
		field, analyzer, text, boost = l.FieldVal, l.Analyzer, l.Match, l.Boost()
	case *bq.MatchPhraseQuery:
		field, analyzer, text, boost = l.FieldVal, l.Analyzer, l.MatchPhrase, l.Boost()
		if len(fts[fieldOr(field, m)]) == 0 {
			// No synonyms in its field: nothing to analyse it for
			// (Bleve's searcher does).
			s, err := l.Searcher(ctx, r, m, opts)
			return s, boost, err
		}
	default: // a match-none query
		s, err := leaf.Searcher(ctx, r, m, opts)
		return s, 1, err
	}
	field = fieldOr(field, m)
	if analyzer == "" {
		analyzer = m.AnalyzerNameForPath(field)
	}
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil, 0, fmt.Errorf("prune: no analyzer %q", analyzer)
	}
	tokens := a.Analyze([]byte(text))
	minBoost := boost
	for _, t := range tokens {
		if _, ok := fts[field][string(t.Term)]; ok {
			minBoost = boost / 2
		}
	}
	if _, ok := leaf.(*bq.MatchQuery); ok && len(tokens) == 1 {
		tq := bq.NewTermQuery(string(tokens[0].Term))
		tq.SetField(field)
		tq.SetBoost(boost)
		leaf = tq
	}
	s, err := leaf.Searcher(ctx, r, m, opts)
	return s, minBoost, err
}

// fieldOr is field, or the mapping's default search field when it is
// empty (as Bleve's queries resolve it).
func fieldOr(field string, m mapping.IndexMapping) string {
	if field == "" {
		return m.DefaultSearchField()
	}
	return field
}

// pruneLeaf is one leaf's searcher and where it stands.
type pruneLeaf struct {
	s      search.Searcher
	clause int32
	// weight is the searcher's Weight, Σ(boost·idf)² over its terms, and
	// minBoost the least boost among them; bound is its score's upper
	// bound under the query norm set.
	weight, minBoost, bound float64
	// cur is its current match, nil once it has no more.
	cur *search.DocumentMatch
	// count is how many passages it may match (its searcher's Count).
	count uint64
}

// pruneClause is one clause: its leaves are leaves[first:end].
type pruneClause struct{ first, end int32 }

// pruneSearcher is the searcher of a prunedQuery.
type pruneSearcher struct {
	leaves  []pruneLeaf
	clauses []pruneClause
	// ess are the essential leaves, and ne the non-essential ones, the
	// greatest bound first; neCount and neSum are the number of
	// non-essential leaves and their bounds' sum by clause.
	ess, ne []int32
	neCount []int32
	neSum   []float64
	// grownAt is the k-th score when the non-essential leaves were last
	// chosen.
	grownAt float64
	// top is a min-heap of the best k scores returned; theta its least
	// once it holds k.
	k     int
	top   []float64
	theta float64
	// docCount and docSum are scratch, by clause: the leaves that match,
	// or may, the passage at hand, and their scores' or bounds' sum. at
	// lists the leaves matching it, its first essential ones essential.
	docCount  []int32
	docSum    []float64
	at        []int32
	essential int
	// started says every leaf was moved to its first match.
	started bool
}

// Next returns the next passage that may be among the best k, with its
// score as Bleve's disjunctions would compute it.
func (s *pruneSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	for {
		// The next passage an essential leaf matches, and those leaves.
		var id bindex.IndexInternalID
		s.at = s.at[:0]
		for _, li := range s.ess {
			c := s.leaves[li].cur
			if c == nil {
				continue
			}
			if order := c.IndexInternalID.Compare(id); id == nil || order < 0 {
				id = c.IndexInternalID
				s.at = append(s.at[:0], li)
			} else if order == 0 {
				s.at = append(s.at, li)
			}
		}
		if id == nil {
			return nil, nil
		}
		ok, err := s.complete(ctx, id)
		if err != nil {
			return nil, err
		}
		if !ok {
			for _, li := range s.at[:s.essential] {
				ctx.DocumentMatchPool.Put(s.leaves[li].cur)
				if err := s.next(ctx, li); err != nil {
					return nil, err
				}
			}
			continue
		}
		rv := s.score()
		for _, li := range s.at {
			if s.leaves[li].cur != rv {
				ctx.DocumentMatchPool.Put(s.leaves[li].cur)
			}
			if err := s.next(ctx, li); err != nil {
				return nil, err
			}
		}
		s.keep(rv.Score)
		return rv, nil
	}
}

// complete adds to s.at, which holds the essential leaves matching passage
// id, the non-essential ones that match it, moving each to it, those of
// the greatest bound first. Once k passages are kept it stops, reporting
// false, as soon as the passage's bound falls below the k-th score: its
// bound is what the leaves seen scored plus the bounds of those not yet
// moved, each clause's share and the query's share at their best.
func (s *pruneSearcher) complete(ctx *search.SearchContext, id bindex.IndexInternalID) (bool, error) {
	s.essential = len(s.at)
	bar := len(s.top) == s.k
	total, matched := 0.0, 0
	if bar {
		copy(s.docCount, s.neCount)
		copy(s.docSum, s.neSum)
		for _, li := range s.at {
			l := &s.leaves[li]
			s.docCount[l.clause]++
			s.docSum[l.clause] += l.cur.Score
		}
		for c := range s.clauses {
			if s.docCount[c] > 0 {
				matched++
				total += s.term(int32(c))
			}
		}
		if s.below(total, matched) {
			return false, nil
		}
	}
	for _, li := range s.ne {
		if err := s.advance(ctx, li, id); err != nil {
			return false, err
		}
		l := &s.leaves[li]
		hit := l.cur != nil && l.cur.IndexInternalID.Equals(id)
		if hit {
			s.at = append(s.at, li)
		}
		if !bar {
			continue
		}
		// The leaf's bound gives way to its score, or to nothing.
		c := l.clause
		total -= s.term(c)
		s.docSum[c] -= l.bound
		if hit {
			s.docSum[c] += l.cur.Score
		} else if s.docCount[c]--; s.docCount[c] == 0 {
			matched--
			s.docSum[c] = 0
		}
		if s.docCount[c] > 0 {
			total += s.term(c)
		}
		if s.below(total, matched) {
			return false, nil
		}
	}
	return true, nil
}

// start moves every leaf to its first match, the first time.
func (s *pruneSearcher) start(ctx *search.SearchContext) error {
	if s.started {
		return nil
	}
	s.started = true
	for i := range s.leaves {
		if err := s.next(ctx, int32(i)); err != nil {
			return err
		}
	}
	return nil
}

// advance moves leaf li to its first match at or after id, if it is
// before.
func (s *pruneSearcher) advance(ctx *search.SearchContext, li int32, id bindex.IndexInternalID) error {
	l := &s.leaves[li]
	if l.cur == nil || l.cur.IndexInternalID.Compare(id) >= 0 {
		return nil
	}
	ctx.DocumentMatchPool.Put(l.cur)
	cur, err := l.s.Advance(ctx, id)
	if err != nil {
		return err
	}
	l.cur = cur
	return nil
}

// next moves leaf li to its next match.
func (s *pruneSearcher) next(ctx *search.SearchContext, li int32) error {
	cur, err := s.leaves[li].s.Next(ctx)
	if err != nil {
		return err
	}
	s.leaves[li].cur = cur
	return nil
}

// term is clause c's part of a passage's bound: its share of leaves
// matching, at most, times their most.
func (s *pruneSearcher) term(c int32) float64 {
	cl := s.clauses[c]
	return float64(s.docCount[c]) / float64(cl.end-cl.first) * s.docSum[c]
}

// below reports whether a passage's bound, the clauses' terms summed to
// total with matched of them matching, is below the k-th score.
func (s *pruneSearcher) below(total float64, matched int) bool {
	return (total*float64(matched)/float64(len(s.clauses)))*(1+pruneSlack)+pruneFloor < s.theta
}

// score computes the score of the passage the leaves in s.at match as
// Bleve's disjunctions do: each clause sums its leaves' scores in order
// and multiplies by the share of its leaves matching; the query sums the
// clauses' scores in order and multiplies by the share of clauses
// matching. It returns the first leaf's match, holding the score.
func (s *pruneSearcher) score() *search.DocumentMatch {
	slices.Sort(s.at)
	var rv *search.DocumentMatch
	total, matched := 0.0, 0
	for i := 0; i < len(s.at); {
		c := s.leaves[s.at[i]].clause
		sum, n := 0.0, 0
		for ; i < len(s.at) && s.leaves[s.at[i]].clause == c; i++ {
			sum += s.leaves[s.at[i]].cur.Score
			n++
		}
		cl := s.clauses[c]
		coord := float64(n) / float64(cl.end-cl.first)
		total += sum * coord
		matched++
	}
	rv = s.leaves[s.at[0]].cur
	coord := float64(matched) / float64(len(s.clauses))
	rv.Score = total * coord
	return rv
}

// keep records a returned score; once k are kept, the k-th best is the
// bar, and as it rises more leaves become non-essential.
func (s *pruneSearcher) keep(score float64) {
	if len(s.top) < s.k {
		s.top = append(s.top, score)
		up(s.top, len(s.top)-1)
		if len(s.top) < s.k {
			return
		}
	} else if score > s.top[0] {
		s.top[0] = score
		down(s.top, 0)
	} else {
		return
	}
	s.theta = s.top[0]
	if s.theta > s.grownAt*(1+pruneRegrow) {
		s.grow()
	}
}

// pruneRegrow is how much the k-th score must rise before the
// non-essential leaves are chosen again.
const pruneRegrow = 0.02

// grow makes non-essential the essential leaves that can be, while the
// most a passage matching only non-essential leaves may score stays below
// the k-th score: those that match the most passages for the least bound
// first, since leaving them out of the essential ones saves the most
// visits. A leaf once non-essential stays so (the bar only rises).
func (s *pruneSearcher) grow() {
	s.grownAt = s.theta
	slices.SortFunc(s.ess, func(a, b int32) int {
		// count/bound descending, as count·bound' vs count'·bound.
		la, lb := &s.leaves[a], &s.leaves[b]
		return cmp.Compare(float64(lb.count)*la.bound, float64(la.count)*lb.bound)
	})
	kept := s.ess[:0]
	for _, li := range s.ess {
		l := &s.leaves[li]
		s.neCount[l.clause]++
		s.neSum[l.clause] += l.bound
		if s.neBound() < s.theta {
			i, _ := slices.BinarySearchFunc(s.ne, l.bound, func(x int32, b float64) int { return cmp.Compare(b, s.leaves[x].bound) })
			s.ne = slices.Insert(s.ne, i, li)
			continue
		}
		// Undo, summing again: a subtraction may not restore the sum's
		// bits.
		s.neCount[l.clause]--
		s.resum(l.clause)
		kept = append(kept, li)
	}
	s.ess = kept
}

// resum recomputes clause c's sum of non-essential bounds.
func (s *pruneSearcher) resum(c int32) {
	sum := 0.0
	for _, li := range s.ne {
		if l := &s.leaves[li]; l.clause == c {
			sum += l.bound
		}
	}
	s.neSum[c] = sum
}

// neBound is the most a passage matching only non-essential leaves may
// score.
func (s *pruneSearcher) neBound() float64 {
	matched, sum := 0, 0.0
	for c, cl := range s.clauses {
		if s.neCount[c] == 0 {
			continue
		}
		matched++
		sum += float64(s.neCount[c]) / float64(cl.end-cl.first) * s.neSum[c]
	}
	return sum * float64(matched) / float64(len(s.clauses)) * (1 + pruneSlack)
}

// Advance moves to the first passage at or after id that may be among
// the best k.
func (s *pruneSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	for i := range s.leaves {
		if err := s.advance(ctx, int32(i), id); err != nil {
			return nil, err
		}
	}
	return s.Next(ctx)
}

// Close closes the leaves' searchers.
func (s *pruneSearcher) Close() error {
	var first error
	for _, l := range s.leaves {
		if err := l.s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight is the sum of the leaves' weights, summed as Bleve sums it: by
// clause, then over them (the query norm is 1/√Weight).
func (s *pruneSearcher) Weight() float64 {
	sum := 0.0
	for _, c := range s.clauses {
		w := 0.0
		for _, l := range s.leaves[c.first:c.end] {
			w += l.weight
		}
		sum += w
	}
	return sum
}

// SetQueryNorm sets the query norm of every leaf, and their bounds: a
// leaf's BM25 score is idf·tf·k1/(tf + k1·fieldNorm) times its query
// weight boost·idf·norm, less than boost·idf²·norm·k1, which is
// weight/boost·norm·k1 for each of its terms.
func (s *pruneSearcher) SetQueryNorm(norm float64) {
	for i := range s.leaves {
		l := &s.leaves[i]
		l.s.SetQueryNorm(norm)
		l.bound = 0
		if l.weight > 0 {
			l.bound = l.weight / l.minBoost * norm * search.BM25_k1
		}
	}
	for c := range s.neSum {
		s.resum(int32(c))
	}
}

// Count is the most passages it may return.
func (s *pruneSearcher) Count() uint64 {
	var n uint64
	for _, l := range s.leaves {
		n += l.s.Count()
	}
	return n
}

// Min is 0: a passage needs one leaf.
func (s *pruneSearcher) Min() int { return 0 }

// Size is the searcher's rough size in bytes.
func (s *pruneSearcher) Size() int {
	n := 64 + 48*len(s.leaves) + 8*cap(s.top)
	for _, l := range s.leaves {
		n += l.s.Size()
	}
	return n
}

// DocumentMatchPoolSize is the matches it may hold at once: one per leaf
// and clause, and what the leaves hold.
func (s *pruneSearcher) DocumentMatchPoolSize() int {
	n := len(s.leaves) + len(s.clauses)
	for _, l := range s.leaves {
		n += l.s.DocumentMatchPoolSize()
	}
	return n
}

var _ search.Searcher = (*pruneSearcher)(nil)

// up and down keep a min-heap of scores.
func up(h []float64, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[p] <= h[i] {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func down(h []float64, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		if r := l + 1; r < len(h) && h[r] < h[l] {
			l = r
		}
		if h[i] <= h[l] {
			return
		}
		h[i], h[l] = h[l], h[i]
		i = l
	}
}
