package index

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/irbot/irbot/knowledge"
)

// Stage 1, normalize: a question as a student types it becomes plain
// words. Discord markup, emoji and repeated punctuation go; chat words
// ("lol", "ngl", "pls") are dropped; shorthand ("pgy-2", "aways", "u") is
// read as the plain words it stands for (lexicon.yaml); a word neither the
// knowledge nor the lexicon knows is corrected to a close word of the
// knowledge ("residncy") or read as the word it starts ("accred").

// change says what normalize did to a word.
type change uint8

const (
	// kept: the word as the student wrote it.
	kept change = iota
	// expanded: one of the plain words a shorthand stands for.
	expanded
	// corrected: a typo, read as a close word of the knowledge.
	corrected
	// completed: the start of a word of the knowledge ("accred").
	completed
)

// word is one word of a normalized question.
type word struct {
	// text is the word as searched, lowercase.
	text string
	// from is what the student wrote, for explanations.
	from string
	how  change
	// acronym marks a word written in capitals ("TIPS") in a question
	// that is not all capitals: a name, never a vague or chat word.
	acronym bool
	// brk marks the first word of a sentence other than the first.
	brk bool
	// shorthand numbers the shorthand a word was expanded from, from 1,
	// so that the words of one ("letters of recommendation" for "lors")
	// stay one thing; 0 for a word the student wrote.
	shorthand int
}

// normalized is a question after normalize.
type normalized struct {
	words []word
	// chat are the chat words dropped.
	chat []string
}

// text is the normalized question, its sentences ended by full stops.
func (n normalized) text() string {
	var b strings.Builder
	for i, w := range n.words {
		if i > 0 {
			if w.brk {
				b.WriteByte('.')
			}
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// normalizer holds what normalize reads questions with.
type normalizer struct {
	wa    wordAnalyzer
	vocab *vocabulary
	// chat are the lexicon's chat words; lexical the words normalize
	// leaves alone although the knowledge lacks them (the lexicon's vague
	// words and the thesaurus's).
	chat    map[string]bool
	lexical func(stem string) bool
	// short maps a shorthand's first word to its entries, longest first;
	// each stands for the words in to.
	short map[string][]shorthand
}

// shorthand is a lexicon entry as normalize matches it.
type shorthand struct {
	from []string
	to   []string
}

// newNormalizer builds a normalizer from the lexicon. Shorthand the
// knowledge writes itself ("IR", "spots") is left out: the thesaurus holds
// it as a synonym instead (see lexiconSynonyms), so that the student's
// word still matches the guide's.
func newNormalizer(wa wordAnalyzer, v *vocabulary, lex knowledge.Lexicon, written map[string]bool, lexical func(string) bool) *normalizer {
	n := &normalizer{wa: wa, vocab: v, chat: make(map[string]bool), lexical: lexical, short: make(map[string][]shorthand)}
	for _, c := range lex.Chat {
		n.chat[c] = true
	}
	for _, s := range lex.Shorthand {
		if written[s.From] {
			continue
		}
		from := strings.Fields(s.From)
		e := shorthand{from: from, to: strings.Fields(s.To)}
		n.short[from[0]] = append(n.short[from[0]], e)
	}
	for _, es := range n.short {
		// Longest first, so that "pgy 2" wins over "pgy".
		slices.SortStableFunc(es, func(a, b shorthand) int { return len(b.from) - len(a.from) })
	}
	return n
}

// normalize reads a question into plain words. It never fails: a question
// with nothing but chat gives no words.
func (n *normalizer) normalize(text string) normalized {
	text = stripMarkup(cutQuery(text))
	shouting := !hasLower(text)
	var out normalized
	raw := n.split(text, shouting)
	corrections, shorthands := 0, 0
	for i := 0; i < len(raw); {
		w := raw[i]
		if e, ok := n.matchShorthand(raw, i); ok {
			shorthands++
			for k, t := range e.to {
				out.words = append(out.words, word{text: t, from: strings.Join(e.from, " "), how: expanded, brk: w.brk && k == 0, shorthand: shorthands})
			}
			i += len(e.from)
			continue
		}
		i++
		if n.chat[w.text] {
			out.chat = append(out.chat, w.from)
			if i < len(raw) && w.brk {
				raw[i].brk = true
			}
			continue
		}
		if corrections < maxCorrections {
			if c, how := n.correct(w); how != kept {
				w.text, w.how = c, how
				corrections++
			}
		}
		out.words = append(out.words, w)
	}
	return out
}

// matchShorthand finds the longest shorthand starting at raw[i].
func (n *normalizer) matchShorthand(raw []word, i int) (shorthand, bool) {
next:
	for _, e := range n.short[raw[i].text] {
		if i+len(e.from) > len(raw) {
			continue
		}
		for k, f := range e.from {
			if raw[i+k].text != f || (k > 0 && raw[i+k].brk) {
				continue next
			}
		}
		return e, true
	}
	return shorthand{}, false
}

// correct reads a word neither the knowledge nor the lexicon knows as a
// close word of the knowledge (a typo), or as the word of the knowledge it
// starts (an abbreviation). Known words, stop words, numbers and acronyms
// are never touched.
func (n *normalizer) correct(w word) (string, change) {
	if w.acronym || n.wa.stop[w.text] || !isWordlike(w.text) {
		return w.text, kept
	}
	ts := n.wa.tokens(w.text)
	if len(ts) != 1 || n.vocab.known(ts[0].stem) || n.lexical(ts[0].stem) || n.chat[w.text] {
		return w.text, kept
	}
	if c := n.vocab.correct(w.text); c != "" {
		return c, corrected
	}
	if c := n.vocab.expand(w.text); c != "" {
		return c, completed
	}
	return w.text, kept
}

// split cuts text into words: runs of letters and digits, with the
// hyphens, apostrophes, slashes and ampersands inside them kept when the
// lexicon has the whole ("w/", "ob/gyn", "pgy-2"). A sentence end (".",
// "?", "!", ";") marks the next word.
func (n *normalizer) split(text string, shouting bool) []word {
	var out []word
	brk := false
	for _, field := range strings.Fields(text) {
		core := strings.TrimRightFunc(field, isTrailingMark)
		ends := strings.ContainsAny(field[len(core):], ".?!;")
		core = strings.TrimLeftFunc(core, isLeadingMark)
		for _, piece := range n.pieces(core) {
			w := word{text: strings.ToLower(piece), from: piece, brk: brk && len(out) > 0}
			w.acronym = !shouting && isCapitals(piece)
			w.text = n.unstretch(w.text)
			out = append(out, w)
			brk = false
		}
		brk = brk || ends
	}
	return out
}

// pieces splits one whitespace-separated field into words. The whole
// field is one word when the lexicon has it; otherwise it splits at every
// character that is not a letter, a digit, or a hyphen or apostrophe
// inside a word, and a number glued to its unit ("6yrs") splits in two.
func (n *normalizer) pieces(field string) []string {
	if field == "" {
		return nil
	}
	if lower := strings.ToLower(field); n.isShorthand(lower) {
		return []string{field}
	}
	var out []string
	for _, p := range strings.FieldsFunc(field, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	}) {
		p = strings.Trim(p, "-'’")
		if p == "" {
			continue
		}
		if m := numberUnit.FindStringSubmatch(p); m != nil && n.isShorthand(strings.ToLower(m[2])) {
			out = append(out, m[1], m[2])
			continue
		}
		out = append(out, p)
	}
	return out
}

// isShorthand reports whether a lowercase word starts a shorthand entry.
func (n *normalizer) isShorthand(w string) bool {
	_, ok := n.short[w]
	return ok
}

// numberUnit is a number glued to a word: "6yrs", "2nd" is not (no
// shorthand), "3yr" is.
var numberUnit = regexp.MustCompile(`^(\d+)([a-zA-Z]+)$`)

// unstretch undoes letters typed over and over for emphasis ("sooo",
// "pleaseee"): a run of three or more of a letter becomes one when that
// makes a word the lexicon or the knowledge has, else two.
func (n *normalizer) unstretch(w string) string {
	if !hasRun(w, 3) {
		return w
	}
	two, one := squeeze(w, 2), squeeze(w, 1)
	for _, c := range []string{two, one} {
		if n.chat[c] || n.isShorthand(c) || n.vocab.words[c] != "" {
			return c
		}
	}
	return two
}

// hasRun reports whether w repeats one rune at least k times in a row.
func hasRun(w string, k int) bool {
	run := 0
	var last rune
	for _, r := range w {
		if r == last {
			run++
		} else {
			last, run = r, 1
		}
		if run >= k && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// squeeze shortens every run of a repeated letter to at most k.
func squeeze(w string, k int) string {
	var b strings.Builder
	run := 0
	var last rune
	for _, r := range w {
		if r == last && unicode.IsLetter(r) {
			run++
		} else {
			last, run = r, 1
		}
		if run <= k {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markup is what Discord messages hold besides words: user, channel and
// role mentions, custom emoji, emoji shortcodes and links.
var markup = regexp.MustCompile(`<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|:[a-z0-9_+-]+:|https?://\S+|` + "`")

// stripMarkup replaces Discord markup and emoji by spaces, and reads "%"
// as a word.
func stripMarkup(s string) string {
	s = markup.ReplaceAllString(s, " ")
	s = strings.ReplaceAll(s, "%", " percent ")
	return strings.Map(func(r rune) rune {
		if isEmoji(r) {
			return ' '
		}
		return r
	}, s)
}

// isEmoji reports whether r is a symbol, an emoji or a piece of one
// (variation selector, joiner, skin tone, flag letter), or unprintable.
func isEmoji(r rune) bool {
	return unicode.In(r, unicode.So, unicode.Sk, unicode.Co, unicode.Cs, unicode.Cc) ||
		r == 0xFE0F || r == 0x200D || r == utf8.RuneError
}

func isTrailingMark(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' && r != '&'
}

func isLeadingMark(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// cutQuery is the part of a query irbot reads: its first maxQueryBytes,
// cut at a character boundary. Search and autocomplete both cut here.
func cutQuery(s string) string {
	n := maxQueryBytes
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
