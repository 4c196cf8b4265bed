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
	// askWeight is how much a heading's question word ("What is ...?")
	// counts in its fit, against a word's inverse document frequency.
	askWeight = 1.0
	// minCoverage is the share of a query's weight (see parsedQuery.mass)
	// that one passage must hold for the query to be answered at all.
	minCoverage = 0.5
	// unknownShare: a word the knowledge lacks weighs as much as a word
	// in this share of the passages (see Index.classify).
	unknownShare = 0.15
	// contextWeight is how much a query phrase found in a parent heading,
	// not the passage's own, counts in the heading's cover.
	contextWeight = 0.8
	// coverBias is how much more a heading's cover of the query counts in
	// its fit than its precision (the β² of an F-measure): a hub heading
	// ("Early Specialization in IR (ESIR) Option") holds few words the
	// query does not ask, but its subsection holds more of what it asks
	// ("Required Procedural Training" for ESIR procedures).
	coverBias = 2.5
)

// weights combine a passage's features into its score.
type weights struct {
	// bm25 scales the Bleve score, normalised to 1 for the best hit.
	bm25 float64
	// fit scales the F-measure (see coverBias) of the share of the query its heading holds and
	// the share of its heading the query holds.
	fit float64
}

func defaultWeights() weights {
	return weights{bm25: 1, fit: 1}
}

// inScope is a first, cheap look at whether the knowledge can answer the
// query at all: the words it knows must weigh more than the words it does
// not (typos corrected first), or as much when one of them is a domain
// word, and generic words weigh nothing. Topic words and expanded
// abbreviations weigh half. "best sushi in boston" knows none; "what is
// the average radiologist salary" knows one word of three; "is ESIR
// worth it" knows as many as it does not, one of them specific; "tldr of
// IR residency" would know only topic words but for synonyms.yaml. rank
// looks closer (see parsedQuery.mass).
func (q parsedQuery) inScope() bool {
	known, unknown := 0.0, 0.0
	hasDomain := false
	for _, c := range q.concepts {
		w := 1.0
		if c.guessed {
			w = 0.5
		}
		switch c.class {
		case classDomain:
			known += w
			hasDomain = true
		case classTopic:
			known += w / 2
		case classUnknown:
			unknown++
		}
	}
	return known > unknown || known == unknown && hasDomain
}

// mass is what each part of a query asks, weighed: the sum of its
// concepts' weights (their inverse document frequencies), generic words
// left out and unknown words included, at the weight of a middling word
// (see unknownShare). rank answers a query only when one passage holds
// at least minCoverage of one part, each concept counted at the weight of
// the phrase the passage holds it by (less for a related term): no
// passage holding "residents" and "work" holds "hours" and "week" too,
// so "how many hours a week do IR residents work" gets no answer.
func (q parsedQuery) mass() [maxParts]float64 {
	var m [maxParts]float64
	for _, c := range q.concepts {
		if c.class != classGeneric {
			m[c.part] += c.weight
		}
	}
	return m
}

// covered says whether some part of a query with the given mass has a
// passage holding enough of it (best, by part).
func covered(best, mass [maxParts]float64) bool {
	for p := range mass {
		if mass[p] > 0 && best[p] >= minCoverage*mass[p] {
			return true
		}
	}
	return false
}

// countsInHeadings says whether a concept counts in a heading's cover:
// generic words do not, but an intent's phrases ("when": "Timeline") do.
func (c concept) countsInHeadings() bool {
	return c.class == classDomain || c.class == classTopic || c.intent
}

// ranked is one passage and its final score.
type ranked struct {
	i     int
	score float64
	// all says the passage holds every concept of the query.
	all bool
}

// rank orders the passages Bleve found. The BM25 score, normalised to the
// best, is topped up with how well heading and query fit each other: the
// F-measure (cover weighted by coverBias) of how much of the query the heading covers and how much of the
// heading the query asks, each word weighted by its rarity (so the most
// specific heading wins a tie).
// Passages matching only generic words are dropped, and so are those far
// below the best unless they hold every concept of the query. When no
// passage holds minCoverage of a part of the query (see
// parsedQuery.mass), there is no answer: a quick look at the words (inScope) lets through questions
// in the guide's words about what it does not say.
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
		if c.countsInHeadings() {
			total += c.weight
		}
	}
	var out []ranked
	var bestHeld [maxParts]float64
	for i, s := range bm25 {
		d := &x.data[i]
		title, specific, all := 0.0, false, true
		var held [maxParts]float64
		var asked uint64 // the title's stems the query's phrases match
		for _, c := range q.concepts {
			if c.class == classUnknown {
				continue
			}
			inTitle, inPassage := 0.0, 0.0
			for k, a := range c.alts {
				if len(a.stems) == 0 {
					continue
				}
				switch {
				case holdsAll(d.title, a.stems):
					asked |= d.titleMask(a.stems)
					inPassage = max(inPassage, a.weight)
					if c.countsInHeadings() {
						inTitle = max(inTitle, a.weight)
					}
				case c.countsInHeadings() && holdsAll(d.context, a.stems):
					inPassage = max(inPassage, a.weight)
					inTitle = max(inTitle, a.weight*contextWeight)
				case k == 0 && len(a.stems) > 1 && c.class != classGeneric:
					// Part of the user's phrase counts for part of it:
					// "Maintaining Certification" half answers "board
					// certification" (but "radiology" alone is no part of
					// "American Board of Radiology").
					if m := d.titleMask(a.stems); m != 0 {
						asked |= m
						inTitle = max(inTitle, a.weight*x.share(a.stems, d.title))
					}
				}
				if inPassage < a.weight && holdsAll(d.body, a.stems) {
					inPassage = a.weight
				}
			}
			title += c.weight * inTitle
			if c.class == classGeneric {
				continue
			}
			if inPassage > 0 {
				specific = true
				held[c.part] += c.weight * inPassage
			} else {
				all = false
			}
		}
		if !specific {
			continue
		}
		for p := range held {
			bestHeld[p] = max(bestHeld[p], held[p])
		}
		score := x.w.bm25 * s / maxScore
		if total > 0 {
			cover := title / total
			if p := x.titlePrecision(i, asked, q.asks); cover+p > 0 {
				score += x.w.fit * (1 + coverBias) * cover * p / (coverBias*p + cover)
			}
		}
		out = append(out, ranked{i, score, all})
	}
	if !covered(bestHeld, q.mass()) {
		return nil
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

// titlePrecision is the share of a heading's words the query asks about
// (asked: see passageData.titleMask), each word weighted by its rarity, so
// that "What Is Interventional Radiology?" fits "what is IR" better than
// "Comparing IR Training Routes". A word counts only when the heading
// holds a whole phrase of the query with it: "radiology" in a heading does
// not answer "board certification" because "American Board of Radiology"
// is one of its synonyms. A heading that is a question counts its
// question word too (askWeight), so a FAQ entry asking "What is ...?"
// fits "how do I ..." a little less.
func (x *Index) titlePrecision(i int, asked uint64, qAsks uint8) float64 {
	d := &x.data[i]
	all, matched := 0.0, 0.0
	for k, w := range d.titleWeights {
		all += w
		if k < 64 && asked&(1<<k) != 0 {
			matched += w
		}
	}
	for k := range questionWords {
		if d.titleAsks&(1<<k) != 0 {
			all += askWeight
			if qAsks&(1<<k) != 0 {
				matched += askWeight
			}
		}
	}
	if all == 0 {
		return 0
	}
	return matched / all
}

// questionWords are the words a question asks with.
var questionWords = [...]string{"what", "how", "why", "when", "where", "who", "which"}

// asks says which question words words hold, bit k for questionWords[k].
func asks(words []token) uint8 {
	var m uint8
	for _, w := range words {
		for k, q := range questionWords {
			if w.word == q {
				m |= 1 << k
			}
		}
	}
	return m
}

// share is the part of stems that set holds, each stem weighted by its
// rarity.
func (x *Index) share(stems []string, set map[string]bool) float64 {
	all, held := 0.0, 0.0
	for _, st := range stems {
		w := x.stemWeight(st)
		all += w
		if set[st] {
			held += w
		}
	}
	if all == 0 {
		return 0
	}
	return held / all
}

// stemWeight is a stem's inverse document frequency, less for generic
// words. A word with synonyms is as rare as its synonyms together: "DR"
// is rare in headings, but "diagnostic radiology" is not.
func (x *Index) stemWeight(s string) float64 {
	n, df := float64(x.vocab.docs), float64(x.vocab.df[s])
	if g, ok := x.groupDF[s]; ok {
		df = float64(g)
	}
	w := math.Log(1 + (n-df+0.5)/(df+0.5))
	if x.generic[s] {
		w *= genericWeight
	}
	return w
}
