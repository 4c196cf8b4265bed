package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQuestion bounds what the bot searches for and echoes: a question longer
// than this is a pasted essay, and its first words carry the meaning.
const maxQuestion = 300

// cleanText makes user text safe to search and to measure: it drops
// zero-width and bidirectional control characters and other invisible
// runes, turns every run of whitespace into one space, and cuts it to max
// code points at a word boundary. Letters of any script stay.
func cleanText(s string, max int) string {
	s = strings.ToValidUTF8(s, " ")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		case isInvisible(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out, _ := cut(b.String(), max)
	return out
}

// isInvisible reports format characters (zero-width spaces and joiners,
// bidi marks and embeddings, the BOM, tag characters) that render as
// nothing.
func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || r == '\u034f' || r == '\u115f' || r == '\u1160' || r == '\u3164' || r == '\uffa0'
}

// escapeMarkdown makes user text display literally in Discord: markdown
// characters are backslash-escaped, and mentions (@everyone, @here, <@id>,
// <@&id>, <#id>) are broken with a zero-width space so they neither ping
// nor render as a mention pill. Newlines become spaces, so the text cannot
// start a heading, quote or list either.
func escapeMarkdown(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '~', '`', '|', '>', '<', '#', '[', ']', '(', ')', '-', ':':
			b.WriteByte('\\')
		case '@':
			b.WriteString("@\u200b")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quote returns user text escaped and cut for echoing in a reply.
func quote(s string, max int) string {
	c, _ := cut(cleanText(s, max*2), max)
	return "“" + escapeMarkdown(c) + "”"
}

// cut shortens s to at most max code points. It prefers to end after a
// sentence, then at a word boundary, and marks the cut with "…". It
// reports whether it cut anything.
func cut(s string, max int) (string, bool) {
	if utf8.RuneCountInString(s) <= max {
		return s, false
	}
	if max <= 0 {
		return "", true
	}
	if max == 1 {
		return "…", true
	}
	rs := []rune(s)
	head := string(rs[:max-1]) // room for the ellipsis
	if i := lastSentenceEnd(head); i > len(head)*3/5 {
		head = head[:i]
	} else if i := strings.LastIndexAny(head, " \n\t"); i > len(head)/2 {
		head = head[:i]
	}
	head = strings.TrimRight(head, " \n\t,;:-–—")
	head = balanceBold(head)
	if utf8.RuneCountInString(head)+1 > max {
		head = string([]rune(head)[:max-1])
	}
	return head + "…", true
}

// lastSentenceEnd returns the byte index just after the last sentence end
// (., ! or ? followed by space, or a paragraph break) in s, or -1.
func lastSentenceEnd(s string) int {
	best := -1
	for i := 0; i+1 < len(s); i++ {
		switch {
		case (s[i] == '.' || s[i] == '!' || s[i] == '?') && (s[i+1] == ' ' || s[i+1] == '\n'):
			best = i + 1
		case s[i] == '\n' && s[i+1] == '\n':
			best = i
		}
	}
	return best
}

// balanceBold drops a trailing unmatched "**" run opener so a cut inside
// bold text does not show stray asterisks.
func balanceBold(s string) string {
	if strings.Count(s, "**")%2 == 1 {
		i := strings.LastIndex(s, "**")
		s = s[:i] + s[i+2:]
	}
	return s
}

// discordMarkdown turns a passage body (CommonMark with GFM tables) into
// what Discord renders: tables, which Discord shows as raw pipes, become
// one bullet per row; headings inside a body become bold lines.
func discordMarkdown(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if isTableRow(lines[i]) && i+1 < len(lines) && isTableRule(lines[i+1]) {
			header := tableCells(lines[i])
			i += 2
			for ; i < len(lines) && isTableRow(lines[i]); i++ {
				out = append(out, tableBullet(header, tableCells(lines[i])))
			}
			i--
			continue
		}
		if m := headingLine.FindStringSubmatch(lines[i]); m != nil {
			out = append(out, "**"+strings.TrimSpace(m[1])+"**")
			continue
		}
		if bareQuote.MatchString(lines[i]) {
			// Discord shows a bare ">" as itself and ends the quote
			// there: the quote's lines go on without the blank one.
			continue
		}
		out = append(out, quoteSpace.ReplaceAllString(lines[i], "$1> $2"))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

var (
	// bareQuote is a quote line with nothing in it; quoteSpace a quote
	// marker with no space after it, which Discord does not read as one.
	bareQuote   = regexp.MustCompile(`^\s{0,3}>\s*$`)
	quoteSpace  = regexp.MustCompile(`^(\s{0,3})>([^\s>])`)
	headingLine = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	tableRule   = regexp.MustCompile(`^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$`)
)

func isTableRow(s string) bool  { return strings.HasPrefix(strings.TrimSpace(s), "|") }
func isTableRule(s string) bool { return strings.Contains(s, "-") && tableRule.MatchString(s) }

func tableCells(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	cells := strings.Split(s, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// tableBullet renders one table row as "- **first** — Header: cell · ...".
func tableBullet(header, cells []string) string {
	if len(cells) == 0 {
		return ""
	}
	var parts []string
	for j := 1; j < len(cells); j++ {
		if cells[j] == "" {
			continue
		}
		if j < len(header) && header[j] != "" {
			parts = append(parts, header[j]+": "+cells[j])
		} else {
			parts = append(parts, cells[j])
		}
	}
	line := "- **" + cells[0] + "**"
	if len(parts) > 0 {
		line += " — " + strings.Join(parts, " · ")
	}
	return line
}

// boldTerms returns the words a snippet shows in bold, lowercased.
func boldTerms(snippet string) map[string]bool {
	terms := map[string]bool{}
	for _, m := range boldRun.FindAllStringSubmatch(snippet, -1) {
		for _, w := range strings.FieldsFunc(m[1], notWord) {
			terms[strings.ToLower(w)] = true
		}
	}
	return terms
}

var boldRun = regexp.MustCompile(`\*\*(.+?)\*\*`)

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// highlight bolds every whole word of text that is in terms, leaving
// alone anything that looks like a link, code or existing bold, where added
// asterisks would break the markdown. It reports how many words it bolded
// and the byte offset of the first.
func highlight(text string, terms map[string]bool) (string, int, int) {
	if len(terms) == 0 {
		return text, 0, -1
	}
	var b strings.Builder
	n, first := 0, -1
	i := 0
	for i < len(text) {
		// Copy whitespace through.
		j := i
		for j < len(text) && (text[j] == ' ' || text[j] == '\n' || text[j] == '\t') {
			j++
		}
		b.WriteString(text[i:j])
		if j >= len(text) {
			break
		}
		k := j
		for k < len(text) && text[k] != ' ' && text[k] != '\n' && text[k] != '\t' {
			k++
		}
		tok := text[j:k]
		if strings.Contains(tok, "://") || strings.Contains(tok, "](") || strings.ContainsAny(tok, "`*_<>[]") {
			b.WriteString(tok)
		} else {
			b.WriteString(boldWords(tok, terms, &n, &first, b.Len()))
		}
		i = k
	}
	return b.String(), n, first
}

// boldWords bolds the words of one whitespace-free token that are terms.
func boldWords(tok string, terms map[string]bool, n, first *int, at int) string {
	var b strings.Builder
	start := -1
	flush := func(end int) {
		w := tok[start:end]
		if terms[strings.ToLower(w)] {
			if *first < 0 {
				*first = at + b.Len()
			}
			*n++
			b.WriteString("**" + w + "**")
		} else {
			b.WriteString(w)
		}
		start = -1
	}
	for i, r := range tok {
		if notWord(r) {
			if start >= 0 {
				flush(i)
			}
			b.WriteRune(r)
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		flush(len(tok))
	}
	return b.String()
}
