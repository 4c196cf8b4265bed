package index

// Stage 5, decide: how sure the index is that the first passage answers
// the question, in three tiers. None: the question names an off-topic
// subject (offtopic.yaml) that no passage mentions, or has nothing of the
// knowledge's domain in it; no passage is offered. High: the first
// passage holds enough of what the question asks (highHeld of one of its
// parts, words the knowledge lacks included at a middling weight); it is
// given as the answer. Low: anything else; the passages are offered as
// the closest sections, labelled as such. A chat word or a word the
// knowledge lacks alone never turns a question away: it can only make an
// answer low.

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
)

// decide sets a search's confidence from the question and its ranked
// candidates.
func decide(q query, rs []ranked, d func(ranked) *passageData) (Confidence, Reason) {
	switch {
	case q.offTopic != "":
		return None, OffTopic
	case !q.hasSubject() || len(rs) == 0:
		return None, NoSubject
	case q.wants != "" && !d(rs[0]).states(q.wants):
		return Low, Unstated
	case confident(q, rs[0]):
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

// confident says whether a ranked passage holds enough of one part of the
// question: highHeld of its weight, vague words aside and unknown words
// included.
func confident(q query, r ranked) bool {
	mass := q.mass()
	for p := range mass {
		if mass[p] > 0 && r.held[p] >= highHeld*mass[p] {
			return true
		}
	}
	return false
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
