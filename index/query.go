package index

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits that keep any query, however long or odd, cheap to search.
const (
	// maxQueryBytes is how much of a query is read; Discord allows 6000
	// characters, but a question is asked in far fewer.
	maxQueryBytes = 1024
	// maxCorrections caps typo corrections per query.
	maxCorrections = 8
	// maxAlternatives caps the phrases one concept is searched with;
	// maxTopicAlternatives those of a topic concept.
	maxAlternatives      = 6
	maxTopicAlternatives = 4
	// defaultMaxConcepts caps the concepts searched when Options does not.
	defaultMaxConcepts = 16
	// maxParts caps the parts of a query (see parse); the last takes the
	// rest.
	maxParts = 4
	// maxPairs caps the two-word phrases searched for word order.
	maxPairs = 6
	// familyWeight is how much another form of a known word counts.
	familyWeight = 0.8
	// pairBoost is how much two of the query's words side by side in a
	// passage add, as a phrase, to their separate matches.
	pairBoost = 0.5
)

// class says what a concept of a query tells about its scope.
type class int

const (
	// classDomain: the knowledge knows it and it is specific.
	classDomain class = iota
	// classTopic: the knowledge knows it, but it is in so many passages
	// ("IR", "residency") that it says the question is about the subject
	// without saying what about it.
	classTopic
	// classGeneric: a vague word ("best", "program") or a number.
	classGeneric
	// classUnknown: a word the knowledge does not have, even corrected.
	classUnknown
)

// concept is one thing a query asks about: a word, or a synonym phrase,
// with every phrase it may be found as.
type concept struct {
	// alts are the phrases to search; alts[0] is the user's own words
	// (corrected).
	alts  []phrase
	class class
	// weight is the concept's share in ranking: its inverse document
	// frequency, less for generic words.
	weight float64
	// df is how many passages hold one of alts.
	df int
	// start and end are the concept's words in the query.
	start, end int
	// guessed says the user's word was expanded from an abbreviation,
	// which may be a guess.
	guessed bool
	// intent marks a phrase of stop words ("when"): generic, but its
	// phrases in a heading ("Timeline") say what the query asks.
	intent bool
	// part is the part of the query the concept is in (see parse).
	part int
}

// pair is two concepts side by side in a query, searched as a phrase.
type pair struct {
	text   string
	weight float64
}

// parsedQuery is a query as the index understands it.
type parsedQuery struct {
	concepts []concept
	pairs    []pair
	// stems are every stem the query may match, for snippets.
	stems map[string]bool
	// asks says which question words the query holds (see asks).
	asks uint8
}

// parse turns user text into concepts. It never fails: text with nothing
// searchable gives no concepts.
func (x *Index) parse(text string) parsedQuery {
	if len(text) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	words := x.wa.tokens(text)
	if !hasLower(text) {
		// Shouting, not acronyms.
		for i := range words {
			words[i].acronym = false
		}
	}

	timeExpressions(words)
	corrections := 0
	for i, w := range words {
		if w.stop || x.vocab.known(w.stem) {
			continue
		}
		if s, ok := x.spelled[w.stem]; ok {
			// Shorthand the knowledge lacks ("yrs", "docs") becomes the
			// word it stands for before phrases are matched, so "how
			// many yrs" asks "how many years".
			words[i] = token{word: s.word, stem: s.stem, start: w.start, end: w.end, acronym: w.acronym}
			continue
		}
		if x.thes.stems[w.stem] || x.isGeneric(w) {
			continue
		}
		if corrections >= maxCorrections {
			break
		}
		if c := x.vocab.correct(w.word); c != "" {
			words[i] = token{word: c, stem: x.vocab.words[c], corrected: true, start: w.start, end: w.end}
			corrections++
		} else if c := x.vocab.expand(w.word); c != "" {
			words[i] = token{word: c, stem: x.vocab.words[c], expanded: true, start: w.start, end: w.end}
			corrections++
		}
	}

	var cs []concept
	seen := make(map[string]bool)
	// add keeps the first concept for each word and each synonym group:
	// "ABR boards" asks about one thing, not two.
	add := func(c concept, group int) bool {
		k := strings.Join(c.alts[0].stems, " ")
		if group >= 0 {
			k = fmt.Sprintf("group %d", group)
		}
		if k == "" || seen[k] {
			return false
		}
		seen[k] = true
		cs = append(cs, c)
		return true
	}
	// A question may ask several things ("how long is it, and is it
	// competitive?"): parts end at "and" and at the end of a sentence.
	part, inPart := 0, false
	for i := 0; i < len(words); {
		if inPart && part+1 < maxParts && (words[i].word == "and" || endsSentence(text, words[i-1], words[i])) {
			part, inPart = part+1, false
		}
		n, group, alts := x.thes.match(words, i)
		if n == 0 {
			if words[i].stop {
				i++
				continue
			}
			n = 1
		}
		own := newPhrase(words[i:i+n], 1)
		all := []phrase{own}
		if n == 1 && !own.words[0].stop {
			all = append(all, x.family(own)...)
		}
		// A phrase of stop words only ("when", "how long") asks for a
		// kind of answer, not about a subject: it ranks, but it does not
		// put a question in scope.
		intent := len(own.stems) == 0
		for _, a := range alts {
			if len(a.stems) > 0 {
				all = append(all, a)
			}
		}
		if len(own.stems) == 0 && len(all) > 1 {
			// A phrase of stop words only ("when"): search its
			// synonyms instead.
			all = all[1:]
		}
		all = x.withAnswer(all, group)
		c := x.classify(concept{alts: all, start: i, end: i + n, part: part, guessed: n == 1 && own.words[0].expanded}, n == 1 && !own.words[0].stop)
		if intent && c.class != classUnknown {
			c.class, c.intent = classGeneric, true
		}
		if add(c, group) && c.class != classGeneric {
			inPart = true
		}
		i += n
	}

	var pairs []pair
	for k := 0; k+1 < len(cs) && len(pairs) < maxPairs; k++ {
		a, b := cs[k], cs[k+1]
		if a.end == b.start && a.class != classUnknown && b.class != classUnknown &&
			a.class != classGeneric && b.class != classGeneric {
			pairs = append(pairs, pair{text: a.alts[0].text + " " + b.alts[0].text, weight: (a.weight + b.weight) / 2})
		}
	}

	if len(cs) > x.maxConcepts {
		// Keep the concepts that say most; generic words go first.
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].weight > cs[j].weight })
		cs = cs[:x.maxConcepts]
	}
	q := parsedQuery{concepts: cs, pairs: pairs, stems: make(map[string]bool), asks: asks(words)}
	for _, c := range cs {
		if c.class == classUnknown {
			continue
		}
		for _, a := range c.alts {
			for _, s := range a.stems {
				q.stems[s] = true
			}
		}
	}
	return q
}

// endsSentence says whether a sentence ends between two words of text.
func endsSentence(text string, a, b token) bool {
	return a.end <= b.start && b.start <= len(text) && strings.ContainsAny(text[a.end:b.start], ".?!;")
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

// family returns phrases for the other known stems of a word's family
// (see vocabulary.relatives). They count less than the word itself when
// the knowledge has the word too: "specialty" is not "specialization".
func (x *Index) family(own phrase) []phrase {
	weight := 1.0
	if x.vocab.known(own.stems[0]) {
		weight = familyWeight
	}
	var out []phrase
	for _, s := range x.vocab.relatives(own.stems[0]) {
		w := x.vocab.stemWord[s]
		if w == "" {
			continue
		}
		out = append(out, phrase{text: w, words: []token{{word: w, stem: s}}, stems: []string{s}, weight: weight})
	}
	return out
}

// classify sets a concept's class, document frequency and weight. single
// says the user wrote one word, which may be a generic one.
func (x *Index) classify(c concept, single bool) concept {
	if len(c.alts) > maxAlternatives {
		c.alts = c.alts[:maxAlternatives]
	}
	c.df = x.df(c.alts)
	own := c.alts[0]
	switch {
	case single && len(own.stems) == 1 && (x.isGeneric(own.words[0]) || isNumber(own.words[0].word)):
		c.class = classGeneric
	case c.df == 0:
		c.class = classUnknown
	case float64(c.df) > topicShare*float64(x.vocab.docs):
		c.class = classTopic
	default:
		c.class = classDomain
	}
	n := float64(x.vocab.docs)
	df := float64(c.df)
	if c.class == classUnknown {
		// How rare a word the knowledge lacks is, nobody knows: "worth"
		// and "dermatology" are both unknown. It is taken for a middling
		// word of the knowledge, not the rarest, so that a chatty word
		// does not outweigh the question's subject.
		df = unknownShare * n
	}
	c.weight = math.Log(1 + (n-df+0.5)/(df+0.5))
	if c.class == classGeneric {
		c.weight *= genericWeight
	}
	return c
}

// isGeneric reports whether a word of a query is a generic one: "tips" is,
// "TIPS" (a procedure) is not.
func (x *Index) isGeneric(t token) bool {
	return !t.acronym && (t.generic || x.generic[t.stem])
}

// hasLower reports whether s has a lowercase letter.
func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// df counts the passages that hold every stem of at least one phrase.
func (x *Index) df(alts []phrase) int {
	n := 0
	for i := range x.data {
		if x.data[i].holdsAny(alts) {
			n++
		}
	}
	return n
}

// clause is one leaf of the Bleve query: a phrase of a concept (alt) in
// one field, or a pair of the query's words (concept -1).
type clause struct {
	concept, alt int
}

// bleveQuery builds the Bleve query for a parsed query: one disjunction of
// every concept's phrases over the title, path and body fields, each a
// match or match-phrase query (never query-string syntax, so nothing a
// user types is an operator), and of the pairs of the query's words. Its
// clauses say which concept and phrase each of its leaves searches, in
// order: Bleve reports each leaf's score (see RetrieveScoreBreakdown) and
// bm25 combines them (Bleve's own sum would count a concept once for each
// of its phrases, and its coordination factor would divide a concept with
// many phrases by their number).
func (x *Index) bleveQuery(q parsedQuery) (query.Query, []clause) {
	maxWeight := 0.0
	for _, c := range q.concepts {
		if c.class != classUnknown {
			maxWeight = max(maxWeight, c.weight)
		}
	}
	var leaves []query.Query
	var clauses []clause
	for ci, c := range q.concepts {
		if c.class == classUnknown {
			continue
		}
		// BM25 weighs terms by their rarity within each field; a concept's
		// rarity across whole passages (low for "IR") scales it further,
		// or a topic word in a short title would outweigh the question.
		boost := c.weight / maxWeight
		alts := c.alts
		if c.class == classTopic && len(alts) > maxTopicAlternatives {
			// A topic word is in most passages whichever way it is
			// written; more ways only cost phrase searches.
			alts = alts[:maxTopicAlternatives]
		}
		for ai, a := range alts {
			if len(a.stems) == 0 {
				continue
			}
			if a.answer {
				tq := bleve.NewTermQuery(strings.TrimPrefix(a.text, "#"))
				tq.SetField(answersField)
				tq.SetBoost(boost * a.weight)
				leaves = append(leaves, tq)
				clauses = append(clauses, clause{ci, ai})
				continue
			}
			for _, f := range searchFields() {
				leaves = append(leaves, matchQuery(a.text, len(a.stems) > 1, f.name, f.boost*boost*a.weight))
				clauses = append(clauses, clause{ci, ai})
			}
		}
	}
	// Words side by side in the query and in a passage ("post-procedure
	// care") say more than the same words apart.
	for _, p := range q.pairs {
		for _, f := range []string{"title", "body"} {
			leaves = append(leaves, matchQuery(p.text, true, f, pairBoost*p.weight/maxWeight))
			clauses = append(clauses, clause{-1, 0})
		}
	}
	if len(leaves) == 0 {
		return nil, nil
	}
	dq := bleve.NewDisjunctionQuery(leaves...)
	dq.RetrieveScoreBreakdown(true)
	return dq, clauses
}

// matchQuery searches one field for text, analysed as English: its words
// in order when phrase is set, else its one word.
func matchQuery(text string, phrase bool, field string, boost float64) query.Query {
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

// bm25 combines the scores of a hit's leaves (breakdown, by leaf; see
// bleveQuery): a concept scores as its best phrase, summed over the
// fields, and a passage as the sum of its concepts and pairs, times the
// share of the query's weight its concepts hold, generic words aside (a
// coordination factor like Bleve's, but by weight, not by count of
// leaves): a hub heading holding the question's context ("ESIR") but not
// its subject ("procedures") does not outrank the section holding both.
func (q parsedQuery) bm25(clauses []clause, breakdown map[int]float64) float64 {
	perAlt := make([]float64, len(q.concepts)*maxAlternatives) // see classify
	best := make([]float64, len(q.concepts))
	total := 0.0
	for k, s := range breakdown {
		if k >= len(clauses) {
			continue
		}
		c := clauses[k]
		if c.concept < 0 {
			total += s
			continue
		}
		if a := c.concept*maxAlternatives + c.alt; a < len(perAlt) {
			perAlt[a] += s
			best[c.concept] = max(best[c.concept], perAlt[a])
		}
	}
	all, held := 0.0, 0.0
	for i, c := range q.concepts {
		total += best[i]
		if c.class == classUnknown || c.class == classGeneric {
			continue
		}
		all += c.weight
		if best[i] > 0 {
			held += c.weight
		}
	}
	if all == 0 {
		return 0
	}
	return total * held / all
}
