package index

import (
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

// spot is a content word of a sentence: its stem and where it is.
type spot struct {
	stem       string
	start, end int32
}

// holdsAll reports whether the sentence holds every stem.
func (s sentence) holdsAll(stems []string) bool {
	for _, st := range stems {
		if !slices.ContainsFunc(s.words, func(w spot) bool { return w.stem == st }) {
			return false
		}
	}
	return true
}

// spots are the words' stems and offsets.
func spots(words []token) []spot {
	out := make([]spot, len(words))
	for k, w := range words {
		out[k] = spot{stem: w.stem, start: int32(w.start), end: int32(w.end)}
	}
	return out
}

// snippet is a short excerpt of passage i for query q: the sentence that
// matches the query best, with its neighbours while they fit, the query's
// words in Discord bold and everything else escaped so that the source's
// own characters never turn into Discord Markdown. A passage without a
// body (a heading that only groups others) is shown by its subheadings.
func (x *Index) snippet(i int, q query) string {
	d := &x.data[i]
	if len(d.sentences) == 0 {
		text := x.passages[i].Title
		if len(d.children) > 0 {
			text = strings.Join(d.children, " · ")
		}
		return x.render(cutAround(text, 0, maxSnippet), q)
	}

	best, bestScore := 0, 0.0
	for k, s := range d.sentences {
		score := 0.0
		for _, c := range q.concepts {
			if c.class == classUnknown {
				continue
			}
			for _, a := range c.alts {
				if len(a.stems) > 0 && s.holdsAll(a.stems) {
					score += c.weight
					break
				}
			}
		}
		if score > bestScore {
			best, bestScore = k, score
		}
	}

	first := d.sentences[best]
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
	for hi+1 < len(d.sentences) {
		m := utf8.RuneCountInString(joiner(d.sentences[hi], d.sentences[hi+1])) + utf8.RuneCountInString(d.sentences[hi+1].text)
		if n+m > maxSnippet {
			break
		}
		n += m
		hi++
	}
	for lo > 0 {
		m := utf8.RuneCountInString(joiner(d.sentences[lo-1], d.sentences[lo])) + utf8.RuneCountInString(d.sentences[lo-1].text)
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
			escapeTo(&b, joiner(d.sentences[k-1], d.sentences[k]), false)
		}
		renderTo(&b, d.sentences[k].text, d.sentences[k].words, q, k == lo)
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
	renderTo(&b, text, spots(x.wa.content(text)), q, true)
	return b.String()
}

// renderTo writes text, analysed into words, with the query's words in
// bold; lineStart says text starts the snippet. Query words with only
// spaces between them share one bold span: "**IR residency**", not
// "**IR** **residency**".
func renderTo(b *strings.Builder, text string, words []spot, q query, lineStart bool) {
	pos, bold := int32(0), false
	for _, t := range words {
		if !q.stems[t.stem] || t.start < pos {
			continue
		}
		gap := text[pos:t.start]
		if !bold || strings.TrimSpace(gap) != "" {
			if bold {
				b.WriteString("**")
			}
			escapeTo(b, gap, lineStart && pos == 0)
			b.WriteString("**")
		} else {
			escapeTo(b, gap, false)
		}
		escapeTo(b, text[t.start:t.end], false)
		pos, bold = t.end, true
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
