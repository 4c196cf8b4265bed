package index

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSnippet bounds a snippet's text in runes, before bold markers and
// escapes (which add a few characters).
const maxSnippet = 260

// sentence is one sentence of a passage body, analysed once.
type sentence struct {
	text string
	seg  int
	// words are its content words with their offsets in text.
	words []spot
}

// spot is a content word of a sentence: its stem, by its number in the
// index's stemTable, and where it is. The passages hold millions of them
// at scale; a number takes a quarter of a string's room and holds no
// pointer for the garbage collector to follow.
type spot struct {
	stem       uint32
	start, end int32
}

// holdsAll reports whether the sentence holds every stem (numbers).
func (s sentence) holdsAll(stems []uint32) bool {
	for _, st := range stems {
		if !slices.ContainsFunc(s.words, func(w spot) bool { return w.stem == st }) {
			return false
		}
	}
	return true
}

// stemTable is every stem the passages hold (in their stem sets and
// their sentences), sorted: passages name a stem by its number here, and a
// stem's number is found by binary search.
type stemTable []string

// noStem is the number of a stem no passage holds.
const noStem = math.MaxUint32

// id is a stem's number, noStem when no passage holds it.
func (t stemTable) id(stem string) uint32 {
	if k, ok := slices.BinarySearch(t, stem); ok {
		return uint32(k)
	}
	return noStem
}

// ids are the stems' numbers (see id).
func (t stemTable) ids(stems []string) []uint32 {
	out := make([]uint32, len(stems))
	for k, s := range stems {
		out[k] = t.id(s)
	}
	return out
}

// compactStems renumbers the passages' stems (their stem sets' and their
// sentences' words'), numbers into names, so that the table they number
// into holds only the stems they use, sorted; it returns that table and
// the renumbering, by old number. renum, when not nil, has len(names)
// numbers and 1 for each stem of sentences kept encoded (see
// sentenceStore), which are in use too.
func compactStems(data []passageData, names []string, renum []uint32) (stemTable, []uint32) {
	if renum == nil {
		renum = make([]uint32, len(names)) // 1 for a stem in use, then its new number
	}
	for i := range data {
		d := &data[i]
		for _, set := range [...]stemSet{d.title, d.body, d.context, d.asked} {
			for _, s := range set {
				renum[s] = 1
			}
		}
		for _, s := range d.sentences {
			for _, w := range s.words {
				renum[w.stem] = 1
			}
		}
	}
	var used []int
	for id, u := range renum {
		if u != 0 {
			used = append(used, id)
		}
	}
	slices.SortFunc(used, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	table := make(stemTable, len(used))
	for k, id := range used {
		table[k] = names[id]
		renum[id] = uint32(k)
	}
	for i := range data {
		d := &data[i]
		for _, set := range [...]stemSet{d.title, d.body, d.context, d.asked} {
			for k, s := range set {
				set[k] = renum[s]
			}
			slices.Sort(set)
		}
		for _, s := range d.sentences {
			for k := range s.words {
				s.words[k].stem = renum[s.words[k].stem]
			}
		}
	}
	return table, renum
}

// snippet is a short excerpt of passage i for query q: the sentence that
// matches the query best, with its neighbours while they fit, the query's
// words in Discord bold and everything else escaped so that the source's
// own characters never turn into Discord Markdown. A passage without a
// body (a heading that only groups others) is shown by its subheadings.
func (x *Index) snippet(i int, q query) string {
	d := &x.data[i]
	sentences := x.sentencesOf(i)
	if len(sentences) == 0 {
		text := x.passages[i].Title
		if len(d.children) > 0 {
			text = strings.Join(d.children, " · ")
		}
		return x.render(cutAround(text, 0, maxSnippet), q)
	}

	best, bestScore := 0, 0.0
	for k, s := range sentences {
		score := 0.0
		for _, c := range q.concepts {
			if c.class == classUnknown {
				continue
			}
			for _, a := range c.alts {
				if len(a.ids) > 0 && s.holdsAll(a.ids) {
					score += c.weight
					break
				}
			}
		}
		if score > bestScore {
			best, bestScore = k, score
		}
	}

	first := sentences[best]
	if utf8.RuneCountInString(first.text) > maxSnippet {
		at := 0
		for _, t := range x.wa.content(first.text) {
			if q.stems[t.stem] {
				at = t.start
				break
			}
		}
		return x.render(cutAround(first.text, at, maxSnippet), q)
	}
	lo, hi := best, best
	n := utf8.RuneCountInString(first.text)
	for hi+1 < len(sentences) {
		m := utf8.RuneCountInString(joiner(sentences[hi], sentences[hi+1])) + utf8.RuneCountInString(sentences[hi+1].text)
		if n+m > maxSnippet {
			break
		}
		n += m
		hi++
	}
	for lo > 0 {
		m := utf8.RuneCountInString(joiner(sentences[lo-1], sentences[lo])) + utf8.RuneCountInString(sentences[lo-1].text)
		if n+m > maxSnippet {
			break
		}
		n += m
		lo--
	}
	var b strings.Builder
	b.Grow(n + 64)
	for k := lo; k <= hi; k++ {
		if k > lo {
			escapeTo(&b, joiner(sentences[k-1], sentences[k]), false)
		}
		words := sentences[k].words
		renderTo(&b, sentences[k].text, len(words), func(w int) (int32, int32, bool) {
			return words[w].start, words[w].end, slices.Contains(q.ids, words[w].stem)
		}, k == lo)
	}
	return b.String()
}

// joiner is what goes between two sentences of a snippet: a space inside a
// paragraph or after a full stop, a middle dot between list items.
func joiner(a, b sentence) string {
	if a.seg == b.seg {
		return " "
	}
	last, _ := utf8.DecodeLastRuneInString(a.text)
	if strings.ContainsRune(".!?…\"”", last) {
		return " "
	}
	return " · "
}

// cutAround returns at most limit runes of s around byte offset at (which
// stays in the first third), cut at word boundaries, with "…" where text
// was cut.
func cutAround(s string, at, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	rs := []rune(s)
	width := limit - 2 // room for the ellipses
	start := utf8.RuneCountInString(s[:at]) - limit/3
	start = max(0, min(start, len(rs)-width))
	if start > 0 {
		// Move forward to the start of a word, unless the word is longer
		// than the window.
		k := start
		for k < start+width/2 && !unicode.IsSpace(rs[k-1]) {
			k++
		}
		if unicode.IsSpace(rs[k-1]) {
			start = k
		}
	}
	end := min(start+width, len(rs))
	if end < len(rs) {
		// Move back to the end of a word, likewise.
		k := end
		for k > start+width/2 && !unicode.IsSpace(rs[k]) {
			k--
		}
		if unicode.IsSpace(rs[k]) {
			end = k
		}
	}
	out := strings.TrimSpace(string(rs[start:end]))
	if start > 0 {
		out = "…" + out
	}
	if end < len(rs) {
		out += "…"
	}
	return out
}

// render puts the query's words of text in Discord bold and escapes every
// character Discord would read as Markdown.
func (x *Index) render(text string, q query) string {
	var b strings.Builder
	b.Grow(len(text) + 32)
	words := x.wa.content(text)
	renderTo(&b, text, len(words), func(w int) (int32, int32, bool) {
		return int32(words[w].start), int32(words[w].end), q.stems[words[w].stem]
	}, true)
	return b.String()
}

// renderTo writes text, analysed into n words (word k is at text[start:end]
// and match says it is a query's word), with the query's words in bold;
// lineStart says text starts the snippet. Query words with only spaces
// between them share one bold span: "**IR residency**", not "**IR**
// **residency**".
func renderTo(b *strings.Builder, text string, n int, word func(k int) (start, end int32, match bool), lineStart bool) {
	pos, bold := int32(0), false
	for k := range n {
		start, end, match := word(k)
		if !match || start < pos {
			continue
		}
		gap := text[pos:start]
		if !bold || strings.TrimSpace(gap) != "" {
			if bold {
				b.WriteString("**")
			}
			escapeTo(b, gap, lineStart && pos == 0)
			b.WriteString("**")
		} else {
			escapeTo(b, gap, false)
		}
		escapeTo(b, text[start:end], false)
		pos, bold = end, true
	}
	if bold {
		b.WriteString("**")
	}
	escapeTo(b, text[pos:], lineStart && pos == 0)
}

// escapeTo writes s with a backslash before each character that is Discord
// Markdown anywhere, and before one that is Markdown at the start of a line
// when s starts the line.
func escapeTo(b *strings.Builder, s string, lineStart bool) {
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '~', '`', '|', '<', '[', ']':
			b.WriteByte('\\')
		case '>', '#', '-', '+':
			if lineStart && strings.TrimSpace(s[:i]) == "" {
				b.WriteByte('\\')
			}
		case '\n', '\r':
			r = ' '
		}
		b.WriteRune(r)
	}
}
