package index

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/irbot/irbot/knowledge"
)

// Stage 2, understand: the plain words become what the question asks
// about. Runs of words that are a phrase of a synonym group (synonyms.yaml,
// the lexicon's shorthand the guides use themselves, and related.yaml at
// less weight) become one concept searched as any of its phrases; other
// words are concepts of their own, with the other Porter forms of the
// word. Each concept is a domain word (the knowledge has it), a topic word
// (in most passages: "IR", "residency"), a vague word (the lexicon's
// vague words, numbers, "last year") or unknown, and weighs its inverse
// document frequency. A question naming an off-topic subject
// (offtopic.yaml) that no passage mentions is marked so.

// class says what a concept tells about a question's scope.
type class int

const (
	// classDomain: the knowledge knows it and it is specific.
	classDomain class = iota
	// classTopic: the knowledge knows it, but it is in so many passages
	// that it says the question is about the subject without saying what
	// about it.
	classTopic
	// classVague: a vague word ("best", "explain"), a number or a time
	// expression.
	classVague
	// classUnknown: a word the knowledge does not have, even corrected.
	classUnknown
)

func (c class) String() string {
	return [...]string{"domain", "topic", "vague", "unknown"}[c]
}

// concept is one thing a question asks about: a word, or a synonym
// phrase, with every phrase it may be found as.
type concept struct {
	// alts are the phrases to search; alts[0] is the student's own words
	// (normalized).
	alts  []phrase
	class class
	// weight is the concept's share in ranking: its inverse document
	// frequency, less for vague words.
	weight float64
	// df is how many passages hold one of alts.
	df int
	// start and end are the concept's tokens in the question.
	start, end int
	// guessed says the student's word was completed from its start,
	// which may be a guess.
	guessed bool
	// intent marks a phrase of stop words ("when", "how long"): vague,
	// but its phrases in a heading ("Timeline") say what the question
	// asks.
	intent bool
	// part is the part of the question the concept is in.
	part int
	// wants is the kind of answer the concept asks for (see answerType),
	// "" when none.
	wants string
}

// pair is two concepts side by side in a question, searched as a phrase.
type pair struct {
	text   string
	weight float64
}

// query is a question as the index understands it.
type query struct {
	concepts []concept
	pairs    []pair
	// stems are every stem the question may match, for snippets; ids
	// those the passages hold, by number.
	stems map[string]bool
	ids   []uint32
	// asks says which question words the question holds (see asks).
	asks uint8
	// offTopic is the off-topic subject the question names, "" when none.
	offTopic string
	// wants is the kind of answer the question asks for ("#duration" for
	// "how long"; see answerType), "" when none; wantsID its number in
	// the index's stemTable.
	wants   string
	wantsID uint32
	// key is the question's stems, stop words aside, sorted (Result.Key).
	key string
}

// understand turns a normalized question into concepts.
func (x *Index) understand(n normalized) query {
	words := x.tokens(n)
	q := query{stems: make(map[string]bool), asks: questionWordsIn(words), offTopic: x.offTopicIn(words), key: keyOf(words)}
	q.concepts = x.concepts(words)
	q.pairs = pairsOf(q.concepts)
	for _, c := range q.concepts {
		if c.wants != "" && q.wants == "" {
			q.wants = c.wants
		}
	}
	if len(q.concepts) > x.maxConcepts {
		// Keep the concepts that say most; vague words go first.
		sort.SliceStable(q.concepts, func(i, j int) bool { return q.concepts[i].weight > q.concepts[j].weight })
		q.concepts = q.concepts[:x.maxConcepts]
	}
	for _, c := range q.concepts {
		if c.class == classUnknown {
			continue
		}
		for k := range c.alts {
			// Each concept's phrases are its own (see concept): numbering
			// them changes nothing another query reads.
			a := &c.alts[k]
			a.ids = x.stemTab.ids(a.stems)
			for k, s := range a.stems {
				if !q.stems[s] && a.ids[k] != noStem {
					q.ids = append(q.ids, a.ids[k])
				}
				q.stems[s] = true
			}
		}
	}
	q.wantsID = x.stemTab.id(q.wants)
	return q
}

// tokens analyses the normalized words as the passages were, keeping what
// normalize found out about each.
func (x *Index) tokens(n normalized) []token {
	var out []token
	for _, w := range n.words {
		ts := x.wa.tokens(w.text)
		for k := range ts {
			ts[k].acronym = w.acronym
			ts[k].brk = w.brk && k == 0
			ts[k].completed = w.how == completed
			ts[k].shorthand = w.shorthand
		}
		out = append(out, ts...)
	}
	timeExpressions(out)
	return out
}

// concepts groups words into concepts: the longest thesaurus phrase at
// each word, else the word alone. Parts end at "and" and at sentence ends.
func (x *Index) concepts(words []token) []concept {
	var cs []concept
	seen := make(map[string]bool)
	part, inPart := 0, false
	for i := 0; i < len(words); {
		if inPart && part+1 < maxParts && (words[i].word == "and" || words[i].brk) {
			part, inPart = part+1, false
		}
		n, group, alts := x.thes.match(words, i)
		if run := expansion(words, i); run > n {
			// The plain words of one shorthand ("international medical
			// graduate" for "IMG") are one thing, searched as a phrase:
			// not "medical", which the guide has, and two others.
			n, group, alts = run, -1, nil
		}
		if n == 0 && words[i].stop {
			i++
			continue
		}
		n = max(n, 1)
		c := x.concept(words[i:i+n], group, alts)
		c.start, c.end, c.part = i, i+n, part
		i += n
		// The first concept of each word and each synonym group counts:
		// "ABR boards" asks about one thing, not two.
		k := strings.Join(c.alts[0].stems, " ")
		if group >= 0 {
			k = fmt.Sprintf("group %d", group)
		}
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		cs = append(cs, c)
		if c.class != classVague {
			inPart = true
		}
	}
	return cs
}

// keyOf is the sorted set of the words' stems, stop words aside.
func keyOf(words []token) string {
	stems := make([]string, 0, len(words))
	for _, t := range words {
		if !t.stop {
			stems = append(stems, t.stem)
		}
	}
	slices.Sort(stems)
	return strings.Join(slices.Compact(stems), " ")
}

// expansion returns the length of the run of words at i expanded from one
// shorthand when it holds two content words or more, else 0.
func expansion(words []token, i int) int {
	id := words[i].shorthand
	if id == 0 {
		return 0
	}
	n, content := 0, 0
	for i+n < len(words) && words[i+n].shorthand == id {
		if !words[i+n].stop {
			content++
		}
		n++
	}
	if content < 2 {
		return 0
	}
	return n
}

// concept builds the concept of a run of words, the phrase of a thesaurus
// group (-1 for none) whose other phrases are alts.
func (x *Index) concept(words []token, group int, alts []phrase) concept {
	own := newPhrase(words, 1)
	all := []phrase{own}
	single := len(words) == 1 && !words[0].stop
	if single || group < 0 {
		all = append(all, x.family(own)...)
	}
	for _, a := range alts {
		if len(a.stems) > 0 {
			all = append(all, a)
		}
	}
	// A phrase of stop words only ("when", "how long") asks for a kind of
	// answer, not about a subject: it is searched as its synonyms, it
	// ranks, but it does not put a question in scope.
	intent := len(own.stems) == 0
	if intent && len(all) > 1 {
		all = all[1:]
	}
	all = x.withAnswer(all, group)
	if len(all) > maxAlternatives {
		all = all[:maxAlternatives]
	}
	c := concept{alts: all, guessed: single && words[0].completed}
	if k, ok := x.answerOf[group]; ok {
		c.wants = x.answers[k].name
	}
	c.df = x.df(all)
	c.class = x.classify(c, single)
	if intent && c.class != classUnknown {
		c.class, c.intent = classVague, true
	}
	c.weight = x.idf(c.df, c.class)
	return c
}

// classify says what a concept tells about a question's scope. single
// says the student wrote one word, which may be a vague one.
func (x *Index) classify(c concept, single bool) class {
	own := c.alts[0]
	switch {
	case single && len(own.stems) == 1 && (x.isVague(own.words[0]) || isNumber(own.words[0].word)):
		return classVague
	case c.df == 0:
		return classUnknown
	case float64(c.df) > topicShare*float64(x.vocab.docs):
		return classTopic
	}
	return classDomain
}

// idf is a concept's weight: its inverse document frequency, a word the
// knowledge lacks taken for a middling one (unknownShare), a vague word
// counted less.
func (x *Index) idf(df int, c class) float64 {
	n := float64(x.vocab.docs)
	d := float64(df)
	if c == classUnknown {
		d = unknownShare * n
	}
	w := math.Log(1 + (n-d+0.5)/(d+0.5))
	if c == classVague {
		w *= vagueWeight
	}
	return w
}

// isVague reports whether a word of a question is vague: "tips" is,
// "TIPS" (a procedure) is not.
func (x *Index) isVague(t token) bool {
	return !t.acronym && (t.generic || x.vague[t.stem])
}

// pairsOf lists the pairs of specific concepts side by side in the
// question, searched as phrases.
func pairsOf(cs []concept) []pair {
	var out []pair
	for k := 0; k+1 < len(cs) && len(out) < maxPairs; k++ {
		a, b := cs[k], cs[k+1]
		if a.end == b.start && a.specific() && b.specific() {
			out = append(out, pair{text: a.alts[0].text + " " + b.alts[0].text, weight: (a.weight + b.weight) / 2})
		}
	}
	return out
}

// specific says whether a concept names something the knowledge has.
func (c concept) specific() bool {
	return c.class == classDomain || c.class == classTopic
}

// countsInHeadings says whether a concept counts in a heading's fit:
// vague words do not, but an intent's phrases ("when": "Timeline") do.
func (c concept) countsInHeadings() bool {
	return c.specific() || c.intent
}

// withAnswer adds to the phrases of a concept of a thesaurus group (-1 for
// none) the answer type its group asks for (see answerType), if any, right
// after the first phrase so that it is never cut.
func (x *Index) withAnswer(alts []phrase, group int) []phrase {
	k, ok := x.answerOf[group]
	if !ok || len(alts) == 0 {
		return alts
	}
	name := x.answers[k].name
	ans := phrase{text: name, stems: []string{name}, weight: min(alts[0].weight, answerWeight), answer: true}
	return append(alts[:1:1], append([]phrase{ans}, alts[1:]...)...)
}

// family returns phrases for the other known forms of a phrase's words
// (see vocabulary.relatives), one word changed at a time: the Porter
// stemmer leaves "certified" as "certifi" but "certification" as
// "certif", so "board certified" is also searched as "board
// certification". They count less than the student's own words when the
// knowledge has those too: "specialty" is not "specialization".
func (x *Index) family(own phrase) []phrase {
	var out []phrase
	for k, t := range own.words {
		if t.stop {
			continue
		}
		weight := 1.0
		if x.vocab.known(t.stem) {
			weight = familyWeight
		}
		for _, s := range x.vocab.relatives(t.stem) {
			w := x.vocab.stemWord[s]
			if w == "" {
				continue
			}
			words := slices.Clone(own.words)
			words[k] = token{word: w, stem: s}
			p := newPhrase(words, weight)
			out = append(out, p)
		}
	}
	return out
}

// df counts the passages whose title, body or "asked as" lines hold every
// stem of at least one of the phrases.
func (x *Index) df(alts []phrase) int {
	found := newPassageSet(len(x.passages))
	for _, a := range alts {
		if len(a.stems) == 0 {
			continue
		}
		for _, p := range [...]postings{x.inTitle, x.inBody, x.inAsked} {
			p.holdingAll(a.stems, found)
		}
	}
	return found.len()
}

// offTopicIn returns the off-topic subject the words name (its words side
// by side, stop words aside), or "".
func (x *Index) offTopicIn(words []token) string {
	var stems []string
	for _, t := range words {
		if !t.stop {
			stems = append(stems, t.stem)
		}
	}
	for _, s := range x.offTopic {
		for i := 0; i+len(s.stems) <= len(stems); i++ {
			if slices.Equal(stems[i:i+len(s.stems)], s.stems) {
				return s.name
			}
		}
	}
	return ""
}

// questionWords are the words a question asks with.
var questionWords = [...]string{"what", "how", "why", "when", "where", "who", "which"}

// questionWordsIn says which question words words hold, bit k for
// questionWords[k].
func questionWordsIn(words []token) uint8 {
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

// isNumber reports whether w is made of digits only, or is a small count
// spelled out: a number, like "4", says how many, not what about.
func isNumber(w string) bool {
	if slices.Contains(knowledge.NumberWords[:], w) {
		return true
	}
	if w == "" {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// timeQualifiers and timeUnits make a time expression when side by side
// ("last year", "this week", "next cycle"): when something happens, which
// says nothing about what a question asks. "last" alone ("how long does it
// last") and "years" alone ("how many years") are the guide's words.
var (
	timeQualifiers = []string{"last", "next", "this", "past", "previous", "coming", "every", "each", "per"}
	timeUnits      = []string{"year", "years", "month", "months", "week", "weeks", "weekend", "day", "days", "night", "time", "season", "semester"}
)

// timeExpressions marks the words of the time expressions in words
// generic.
func timeExpressions(words []token) {
	for i := 0; i+1 < len(words); i++ {
		if slices.Contains(timeQualifiers, words[i].word) && slices.Contains(timeUnits, words[i+1].word) {
			words[i].generic, words[i+1].generic = true, true
		}
	}
}
