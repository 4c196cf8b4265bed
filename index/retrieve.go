package index

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// Stage 3, retrieve: Bleve finds the candidates. Each concept becomes one
// clause: match or match-phrase queries (never query-string syntax, so
// nothing a student types is an operator) for each of its phrases on the
// title, asked, path and body fields, boosted by the field and the
// concept's rarity. Pairs of adjacent words are clauses too, searched as
// phrases. Bleve scores a passage by the sum of the clauses it matches
// times the share of them it matches (its coordination factor) and returns
// its best retrieveSize; that score is the candidate's BM25, which rank
// weighs with the heading fit.

// field is one indexed field of a passage and how much a match in it
// counts.
type field struct {
	name  string
	boost float64
}

// searchFields are the indexed text fields (see weights.go).
func searchFields() [4]field {
	return [...]field{{"title", titleBoost}, {"asked", askedBoost}, {"path", pathBoost}, {"body", bodyBoost}}
}

// candidate is a passage Bleve found, with its combined score.
type candidate struct {
	i    int
	bm25 float64
}

// retrieve asks Bleve for the candidates of a question: its best
// retrieveSize passages (ties broken by ID, so that a question always
// finds the same), each with its score. Bleve visits only the passages
// that may be among them (see prune.go).
func (x *Index) retrieve(ctx context.Context, q query) ([]candidate, error) {
	bleveQ := x.bleveQuery(q)
	if bleveQ == nil {
		return nil, nil
	}
	return x.best(ctx, &prunedQuery{plain: bleveQ, k: retrieveSize}, retrieveSize)
}

// best returns the best k passages a Bleve query finds, ties broken by ID.
func (x *Index) best(ctx context.Context, bleveQ bq.Query, k int) ([]candidate, error) {
	req := bleve.NewSearchRequestOptions(bleveQ, k, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := x.bleve.SearchInContext(context.WithValue(ctx, search.BM25StatsKey, x.bm25), req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make([]candidate, 0, len(res.Hits))
	for _, h := range res.Hits {
		if i, ok := x.byID[h.ID]; ok {
			out = append(out, candidate{i: i, bm25: h.Score})
		}
	}
	return out, nil
}

// bleveQuery builds the Bleve query: a disjunction with one clause per
// concept the knowledge has and one per pair of adjacent words; nil when
// there is none.
func (x *Index) bleveQuery(q query) *bq.DisjunctionQuery {
	maxWeight := 0.0
	for _, c := range q.concepts {
		if c.class != classUnknown {
			maxWeight = max(maxWeight, c.weight)
		}
	}
	var clauses []bq.Query
	for _, c := range q.concepts {
		if c.class == classUnknown {
			continue
		}
		// BM25 weighs terms by their rarity within each field; a concept's
		// rarity across whole passages (low for "IR") scales it further,
		// or a topic word in a short title would outweigh the question.
		if leaves := x.conceptLeaves(c, c.weight/maxWeight); len(leaves) > 0 {
			clauses = append(clauses, bleve.NewDisjunctionQuery(leaves...))
		}
	}
	// Words side by side in the question and in a passage ("post-procedure
	// care") say more than the same words apart.
	for _, p := range q.pairs {
		var leaves []bq.Query
		for _, f := range []string{"title", "asked", "body"} {
			leaves = append(leaves, matchQuery(p.text, true, f, pairBoost*p.weight/maxWeight))
		}
		clauses = append(clauses, bleve.NewDisjunctionQuery(leaves...))
	}
	if len(clauses) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(clauses...)
}

// conceptLeaves are the queries that find a concept: each of its phrases
// in each field, and the answer type it asks for in the answers field. A
// phrase that cannot match in a field (see canMatch) is a match-none
// query there: Bleve then skips the work, and scores as if it had done it
// (a disjunction counts its clauses).
func (x *Index) conceptLeaves(c concept, boost float64) []bq.Query {
	alts := c.alts
	if c.class == classTopic && len(alts) > maxTopicAlternatives {
		// A topic word is in most passages whichever way it is written;
		// more ways only cost searches.
		alts = alts[:maxTopicAlternatives]
	}
	var leaves []bq.Query
	for _, a := range alts {
		switch {
		case len(a.stems) == 0:
		case a.answer:
			tq := bleve.NewTermQuery(strings.TrimPrefix(a.text, "#"))
			tq.SetField(answersField)
			tq.SetBoost(boost * a.weight)
			leaves = append(leaves, tq)
		default:
			for _, f := range searchFields() {
				if !x.canMatch(f.name, a.stems) {
					leaves = append(leaves, bleve.NewMatchNoneQuery())
					continue
				}
				leaves = append(leaves, matchQuery(a.text, len(a.stems) > 1, f.name, f.boost*boost*a.weight))
			}
		}
	}
	return leaves
}

// canMatch reports whether a phrase (its stems) may match in a field: each
// word is in the field, or is a word with Bleve synonyms, which may be;
// and a phrase of several words holds none with Bleve synonyms (Bleve 2.6
// finds no phrase holding such a word).
func (x *Index) canMatch(field string, stems []string) bool {
	if len(stems) == 1 {
		return len(x.fieldStems[field][stems[0]]) > 0 || x.bleveSyn[stems[0]]
	}
	for _, s := range stems {
		if len(x.fieldStems[field][s]) == 0 || x.bleveSyn[s] {
			return false
		}
	}
	return true
}

// matchQuery searches one field for text, analysed as English: its words
// in order when phrase is set, else its one word.
func matchQuery(text string, phrase bool, field string, boost float64) bq.Query {
	if phrase {
		m := bleve.NewMatchPhraseQuery(text)
		m.SetField(field)
		m.Analyzer = en.AnalyzerName
		m.SetBoost(boost)
		return m
	}
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.Analyzer = en.AnalyzerName
	m.SetBoost(boost)
	return m
}
