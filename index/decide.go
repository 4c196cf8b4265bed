package index

// Stage 5, decide: how sure the index is that the first passage answers
// the question, in three tiers. None: the question names an off-topic
// subject (offtopic.yaml) that no passage mentions, or has nothing of the
// knowledge's domain in it; no passage is offered. High: the first
// passage fits the question at least as well as the second, states the
// kind of answer asked for, and holds enough of what the question asks
// (see confident); it is given as the answer. Low: anything else; the
// passages are offered as the closest sections, labelled as such. A chat
// word or a word the knowledge lacks alone never turns a question away: it
// can only make an answer low.

// Confidence says how a search's results are to be presented.
type Confidence string

// The confidence tiers.
const (
	// High: the first passage is given as the answer.
	High Confidence = "high"
	// Low: the guide may not answer the question directly; the passages
	// are offered as the closest sections.
	Low Confidence = "low"
	// None: nothing is offered; the question is about something else.
	None Confidence = "none"
)

// Reason says why a search came out as it did.
type Reason string

// The reasons.
const (
	// Answered: a confident answer.
	Answered Reason = "answered"
	// OffTopic: the question names a subject the knowledge does not cover.
	OffTopic Reason = "off-topic"
	// NoSubject: the question has nothing of the knowledge's domain.
	NoSubject Reason = "no-subject"
	// Partial: the best passage holds too little of what the question
	// asks.
	Partial Reason = "partial"
	// Unstated: the question asks for a kind of answer (a number, a
	// share, a sum of money) the best passage does not state.
	Unstated Reason = "unstated"
	// Contested: another passage's heading fits the question better than
	// the best passage's.
	Contested Reason = "contested"
)

// decide sets a search's confidence from the question and its ranked
// candidates.
func decide(q query, rs []ranked, d func(ranked) *passageData) (Confidence, Reason) {
	switch {
	case q.offTopic != "":
		return None, OffTopic
	case !q.hasSubject() || len(rs) == 0:
		return None, NoSubject
	case q.wants != "" && !d(rs[0]).states(q.wantsID):
		return Low, Unstated
	case len(rs) > 1 && rs[1].fit > rs[0].fit && !sameSubject(d(rs[0]), d(rs[1])):
		return Low, Contested
	case confident(q, rs):
		return High, Answered
	}
	return Low, Partial
}

// hasSubject says whether the question names anything of the knowledge's
// domain: a specific concept, not only vague, chat or unknown words.
func (q query) hasSubject() bool {
	for _, c := range q.concepts {
		if c.specific() {
			return true
		}
	}
	return false
}

// confident says whether the first of the ranked passages holds enough of
// the question: highHeld of one part's weight (vague words aside, unknown
// words included), or minHeld when it is also the clear choice (the best
// by Bleve and by fit) or fits well, and the question has few words the
// knowledge lacks.
func confident(q query, rs []ranked) bool {
	held := q.heldShare(rs[0])
	switch {
	case held >= highHeld:
		return true
	case held < minHeld || q.unknownShare() >= maxUnknown:
		return false
	}
	return rs[0].fit >= goodFit || clearChoice(rs)
}

// sameSubject says whether two passages' headings name the same subject:
// a FAQ entry and the section it sums up ("What are the top IR residency
// programs in the United States?" and "Top IR Residency Programs in the
// United States") share most of their words.
func sameSubject(a, b *passageData) bool {
	if len(a.heading.stems) == 0 || len(b.heading.stems) == 0 {
		return false
	}
	shared := 0
	for _, s := range a.heading.stems {
		if b.heading.has(s) {
			shared++
		}
	}
	return float64(shared) >= sameSubjectShare*float64(max(len(a.heading.stems), len(b.heading.stems)))
}

// heldShare is the largest share of a part of the question's weight that a
// passage holds.
func (q query) heldShare(r ranked) float64 {
	mass := q.mass()
	share := 0.0
	for p := range mass {
		if mass[p] > 0 {
			share = max(share, r.held[p]/mass[p])
		}
	}
	return share
}

// unknownShare is the share of the question's weight, vague words aside,
// in words the knowledge lacks.
func (q query) unknownShare() float64 {
	all, unknown := 0.0, 0.0
	for _, c := range q.concepts {
		switch c.class {
		case classUnknown:
			unknown += c.weight
			all += c.weight
		case classDomain, classTopic:
			all += c.weight
		}
	}
	if all == 0 {
		return 0
	}
	return unknown / all
}

// clearChoice says whether the first passage is both the best by Bleve
// and the best fitting.
func clearChoice(rs []ranked) bool {
	for _, r := range rs[1:] {
		if r.bm25 > rs[0].bm25 || r.fit > rs[0].fit {
			return false
		}
	}
	return true
}

// mass is what each part of a question asks, weighed: the sum of its
// concepts' weights, vague words left out and unknown words included.
func (q query) mass() [maxParts]float64 {
	var m [maxParts]float64
	for _, c := range q.concepts {
		if c.class != classVague {
			m[c.part] += c.weight
		}
	}
	return m
}
