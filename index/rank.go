package index

import (
	"math"
	"sort"
)

// Stage 4, rank: the candidates are ordered by their BM25 score, normalised
// to the best, plus how well a heading fits the question: the passage's own
// heading (its parents' words counting a little less), or one of the
// questions it is asked as. A heading fits by an F-measure of how much of
// the question it covers (counted most) and how much of it the question
// asks, words weighted by rarity, so the most specific heading wins: "what
// is IR" finds "What Is Interventional Radiology?", not a section that says
// "IR" ten times. Candidates holding only vague words are dropped, and so
// are those far below the best unless they hold every concept.

// ranked is one candidate with its score and what decide needs of it.
type ranked struct {
	i     int
	score float64
	// bm25 is its Bleve score, normalised to the best candidate's (0 to
	// 1); fit how well its heading, or its best "asked as" line, fits the
	// question (0 to 1).
	bm25, fit float64
	// held is, by part of the question, the weight of the concepts the
	// passage holds anywhere (heading, parents, body, "asked as" lines),
	// each at the weight of the phrase it holds it by.
	held [maxParts]float64
	// all says the passage holds every specific concept of the question.
	all bool
}

// rank orders the candidates, best first.
func (x *Index) rank(q query, cands []candidate) []ranked {
	maxScore := 0.0
	for _, c := range cands {
		maxScore = max(maxScore, c.bm25)
	}
	if maxScore == 0 {
		return nil
	}
	headingWeight := 0.0
	for _, c := range q.concepts {
		if c.countsInHeadings() {
			headingWeight += c.weight
		}
	}
	out := make([]ranked, 0, len(cands))
	for _, c := range cands {
		d := &x.data[c.i]
		r := ranked{i: c.i}
		var specific bool
		r.held, r.all, specific = holds(q, d)
		if !specific {
			continue
		}
		if headingWeight > 0 {
			r.fit = x.fit(q, d.heading, d.context, headingWeight)
			for _, h := range d.askedAs {
				r.fit = max(r.fit, askedFit*x.fit(q, h, nil, headingWeight))
			}
		}
		r.bm25 = c.bm25 / maxScore
		r.score = bm25Weight*r.bm25 + fitWeight*r.fit
		if q.wants != "" && !d.states(q.wantsID) {
			// The question asks for a kind of answer ("how long": a
			// duration) the passage does not state.
			r.score *= unstatedFactor
		}
		out = append(out, r)
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

// holds returns, by part, the weight of the question's concepts a passage
// holds (vague ones aside), whether it holds every specific one, and
// whether it holds any.
func holds(q query, d *passageData) (held [maxParts]float64, all, specific bool) {
	all = true
	for _, c := range q.concepts {
		if c.class == classUnknown || c.class == classVague {
			continue
		}
		best := 0.0
		for _, a := range c.alts {
			if len(a.stems) > 0 && a.weight > best && d.holds(a.ids) {
				best = a.weight
			}
		}
		if best == 0 {
			all = false
			continue
		}
		specific = true
		held[c.part] += c.weight * best
	}
	return held, all, specific
}

// fit is how well a heading (or an "asked as" line) fits the question:
// the F-measure, cover weighted by coverBias, of the share of the
// question's heading weight (total) it covers, and the share of its own
// words the question asks. context are the stems of the parent headings,
// which cover at contextWeight (nil for an "asked as" line).
func (x *Index) fit(q query, h heading, context stemSet, total float64) float64 {
	covered := 0.0
	var asked uint64 // the heading's stems the question's phrases match
	for _, c := range q.concepts {
		if !c.countsInHeadings() {
			continue
		}
		best := 0.0
		for k, a := range c.alts {
			if len(a.stems) == 0 {
				continue
			}
			switch {
			case h.holdsAll(a.stems):
				asked |= h.mask(a.stems)
				best = max(best, a.weight)
			case context.holdsAll(a.ids):
				best = max(best, a.weight*contextWeight)
			case k == 0 && len(a.stems) > 1 && c.class != classVague:
				// Part of the student's phrase counts for part of it:
				// "Maintaining Certification" half answers "board
				// certification" (but "radiology" alone is no part of
				// "American Board of Radiology").
				if m := h.mask(a.stems); m != 0 {
					asked |= m
					best = max(best, a.weight*x.share(a.stems, h))
				}
			}
		}
		covered += c.weight * best
	}
	cover := covered / total
	p := h.precision(asked, q.asks)
	if cover+p == 0 {
		return 0
	}
	return (1 + coverBias) * cover * p / (coverBias*p + cover)
}

// share is the part of stems that heading h holds, each stem weighted by
// its rarity.
func (x *Index) share(stems []string, h heading) float64 {
	all, held := 0.0, 0.0
	for _, st := range stems {
		w := x.stemWeight(st)
		all += w
		if h.has(st) {
			held += w
		}
	}
	if all == 0 {
		return 0
	}
	return held / all
}

// stemWeight is a stem's inverse document frequency, less for vague
// words. A word with synonyms is as rare as its synonyms together: "DR" is
// rare in headings, but "diagnostic radiology" is not.
func (x *Index) stemWeight(s string) float64 {
	n, df := float64(x.vocab.docs), float64(x.vocab.df[s])
	if g, ok := x.groupDF[s]; ok {
		df = float64(g)
	}
	w := math.Log(1 + (n-df+0.5)/(df+0.5))
	if x.vague[s] {
		w *= vagueWeight
	}
	return w
}
