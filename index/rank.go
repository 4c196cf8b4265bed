package index

import (
	"math"
	"sort"
)

// Ranking and abstention weights, set by measuring on the question sets in
// testdata (see quality_test.go).
const (
	// topicShare: a stem in more than this share of passages is a topic
	// word: it puts a question in scope only half as much.
	topicShare = 0.3
	// genericWeight scales vague words' weight in ranking.
	genericWeight = 0.3
	// minRelScore drops hits scoring less than this share of the best.
	minRelScore = 0.3
)

// weights combine a passage's features into its score.
type weights struct {
	// bm25 scales the Bleve score, normalised to 1 for the best hit.
	bm25 float64
	// cover scales the share of the query its heading holds; fit the F1
	// of that share and the share of its heading the query holds.
	cover, fit float64
}

func defaultWeights() weights {
	return weights{bm25: 1, cover: 0.5, fit: 1}
}

// inScope decides whether the knowledge can answer the query at all: the
// words it knows must weigh at least as much as the words it does not
// (typos corrected first), and generic words weigh nothing. Topic words and
// expanded abbreviations weigh half. "best sushi in
// boston" knows none; "what is the average radiologist salary" knows one
// word of three; "how long is IR residency" knows all.
func (q parsedQuery) inScope() bool {
	known, unknown := 0.0, 0.0
	for _, c := range q.concepts {
		w := 1.0
		if c.guessed {
			w = 0.5
		}
		switch c.class {
		case classDomain:
			known += w
		case classTopic:
			known += w / 2
		case classUnknown:
			unknown++
		}
	}
	return known > 0 && known > unknown
}

// ranked is one passage and its final score.
type ranked struct {
	i     int
	score float64
	// all says the passage holds every concept of the query.
	all bool
}

// rank orders the passages Bleve found. The BM25 score, normalised to the
// best, is topped up with how much of the query the passage's heading
// covers (weighted by how rare each concept is), how much of the heading
// the query covers (so the most specific heading wins a tie), and, less,
// how much its parent headings cover. Passages matching only generic
// words are dropped, and so are those far below the best unless they
// hold every concept of the query.
func (x *Index) rank(q parsedQuery, bm25 map[int]float64) []ranked {
	maxScore := 0.0
	for _, s := range bm25 {
		maxScore = max(maxScore, s)
	}
	if maxScore == 0 {
		return nil
	}
	// Generic words count for BM25 (a little) but not for headings: "what
	// does IR involve" is answered by "What Is Interventional Radiology?".
	total := 0.0
	for _, c := range q.concepts {
		if c.class != classUnknown && c.class != classGeneric {
			total += c.weight
		}
	}
	var out []ranked
	for i, s := range bm25 {
		d := &x.data[i]
		title, specific, all := 0.0, false, true
		for _, c := range q.concepts {
			if c.class == classUnknown {
				continue
			}
			inTitle, inBody := 0.0, false
			for _, a := range c.alts {
				if len(a.stems) == 0 {
					continue
				}
				if holdsAll(d.title, a.stems) && c.class != classGeneric {
					inTitle = max(inTitle, a.weight)
				}
				inBody = inBody || holdsAll(d.body, a.stems)
			}
			title += c.weight * inTitle
			if c.class != classGeneric && (inTitle > 0 || inBody) {
				specific = true
			} else if c.class != classGeneric {
				all = false
			}
		}
		if !specific {
			continue
		}
		score := x.w.bm25 * s / maxScore
		if total > 0 {
			cover := title / total
			score += x.w.cover * cover
			if p := x.titlePrecision(i, q); cover+p > 0 {
				score += x.w.fit * 2 * cover * p / (cover + p)
			}
		}
		out = append(out, ranked{i, score, all})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].i < out[b].i
	})
	if len(out) > 0 {
		cut := out[0].score * minRelScore
		kept := out[:0]
		for _, r := range out {
			if r.score >= cut || r.all {
				kept = append(kept, r)
			}
		}
		out = kept
	}
	return out
}

// titlePrecision is the share of a heading's words the query asks about,
// each word weighted by its rarity, so that "What Is Interventional
// Radiology?" fits "what is IR" better than "Comparing IR Training Routes".
func (x *Index) titlePrecision(i int, q parsedQuery) float64 {
	all, matched := 0.0, 0.0
	for _, s := range x.data[i].titleStems {
		w := x.stemWeight(s)
		all += w
		if q.stems[s] {
			matched += w
		}
	}
	if all == 0 {
		return 0
	}
	return matched / all
}

// stemWeight is a stem's inverse document frequency, less for generic
// words.
func (x *Index) stemWeight(s string) float64 {
	n, df := float64(x.vocab.docs), float64(x.vocab.df[s])
	w := math.Log(1 + (n-df+0.5)/(df+0.5))
	if x.generic[s] {
		w *= genericWeight
	}
	return w
}
