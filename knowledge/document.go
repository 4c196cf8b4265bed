package knowledge

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// markdown parses CommonMark with GFM tables, so that a table is one block
// and never mistaken for paragraphs or headings.
func markdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table))
}

// parseDocument reads one guide file: front matter, then one passage per
// top-level heading. IDs are left empty; they are only unique within a
// whole Base, so the Base assigns them.
func parseDocument(file string, src []byte) (Document, error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	yml, body, offset, err := splitFrontMatter(file, src)
	if err != nil {
		return Document{}, err
	}
	fm, err := parseFrontMatter(file, yml)
	if err != nil {
		return Document{}, err
	}
	doc := Document{
		Title:   fm.Title,
		Source:  strings.TrimSpace(fm.Source),
		Author:  strings.TrimSpace(fm.Author),
		Updated: fm.Updated,
		File:    file,
	}
	lineOf := func(pos int) int { return offset + 1 + bytes.Count(body[:pos], []byte("\n")) }

	root := markdown().Parser().Parse(text.NewReader(body))
	var headings []*ast.Heading
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			headings = append(headings, h)
		}
	}
	if len(headings) == 0 {
		return Document{}, fileErrorf(file, offset+1, "no headings: every section needs a Markdown heading such as \"## Title\"")
	}
	if pos := firstNonBlank(body[:lineStart(body, nodePos(headings[0], body))]); pos >= 0 {
		return Document{}, fileErrorf(file, lineOf(pos), "text before the first heading: put it under a heading")
	}

	type open struct {
		level int
		title string
		// inPath is false for the document-title heading, which the
		// passage path leaves out.
		inPath bool
	}
	var stack []open
	faqLevel := 0 // level of the open faq_section heading, 0 when none
	faqFound := fm.FAQSection == ""
	for i, h := range headings {
		start := nodePos(h, body)
		title := headingTitle(h, body)
		if title == "" {
			return Document{}, fileErrorf(file, lineOf(start), "empty heading")
		}
		end := len(body)
		if i+1 < len(headings) {
			end = lineStart(body, nodePos(headings[i+1], body))
		}
		from := min(headingEnd(h, body), end)
		asked, raw, err := extractAsked(file, lineOf(from), body[from:end])
		if err != nil {
			return Document{}, err
		}
		text := sectionBody(raw)

		for len(stack) > 0 && stack[len(stack)-1].level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		if faqLevel >= h.Level {
			faqLevel = 0
		}
		var path []string
		for _, o := range stack {
			if o.inPath {
				path = append(path, o.title)
			}
		}
		isTitle := h.Level == 1 && title == doc.Title && len(stack) == 0
		stack = append(stack, open{level: h.Level, title: title, inPath: !isTitle})

		kind := KindGuide
		if fm.Kind == KindFAQ || faqLevel > 0 {
			kind = KindFAQ
		}
		if fm.FAQSection != "" && title == fm.FAQSection && faqLevel == 0 {
			faqLevel, faqFound = h.Level, true
		}
		if isTitle && text == "" {
			continue // the title is already the document's; nothing to cite
		}
		doc.Passages = append(doc.Passages, Passage{
			Title:    title,
			Path:     path,
			Kind:     kind,
			Body:     text,
			Asked:    asked,
			Document: doc.Title,
			Level:    h.Level,
		})
	}
	if !faqFound {
		return Document{}, fileErrorf(file, fieldLine(yml, "faq_section", 1), "faq_section %q names no heading of the file", fm.FAQSection)
	}
	if len(doc.Passages) == 0 {
		return Document{}, fileErrorf(file, offset+1, "no sections besides the title heading")
	}
	return doc, nil
}

// headingTitle is the heading's text as written in the source, its lines
// joined by spaces; inline Markdown is kept so the citation is verbatim.
func headingTitle(h *ast.Heading, src []byte) string {
	lines := h.Lines()
	parts := make([]string, 0, lines.Len())
	for i := range lines.Len() {
		seg := lines.At(i)
		parts = append(parts, strings.TrimSpace(string(seg.Value(src))))
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// nodePos is the source offset where a block starts. Every block goldmark
// opens records it; the fallback to its first line is for safety only.
func nodePos(n ast.Node, src []byte) int {
	if p := n.Pos(); p >= 0 && p <= len(src) {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return 0
}

// headingEnd is the offset just past a heading's source: the end of its
// line for an ATX heading ("## Title"), the end of the underline for a
// setext heading ("Title" over "-----").
func headingEnd(h *ast.Heading, src []byte) int {
	pos := nodePos(h, src)
	last := pos
	if n := h.Lines().Len(); n > 0 {
		last = max(last, h.Lines().At(n-1).Start)
	}
	end := lineEnd(src, last)
	if !isATX(h, src) {
		end = lineEnd(src, end) // skip the setext underline
	}
	return end
}

// isATX reports whether a heading is written "## Title" rather than as a
// setext heading, whose text may itself start with "#" ("#hashtag").
func isATX(h *ast.Heading, src []byte) bool {
	if h.Lines().Len() > 1 {
		return false
	}
	line := src[lineStart(src, nodePos(h, src)):]
	line = line[:lineEnd(line, 0)]
	line = bytes.TrimLeft(line, " ")
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return false
	}
	return n == len(line) || line[n] == ' ' || line[n] == '\t' || line[n] == '\n'
}

// sectionBody trims the blank lines around a section's Markdown but keeps
// the indentation of its first line, which can be significant.
func sectionBody(b []byte) string {
	for {
		line, rest, found := bytes.Cut(b, []byte("\n"))
		if !found || len(bytes.TrimSpace(line)) > 0 {
			break
		}
		b = rest
	}
	return strings.TrimRight(string(b), " \t\n")
}

// lineStart is the offset of the start of the line containing pos.
func lineStart(src []byte, pos int) int {
	return bytes.LastIndexByte(src[:pos], '\n') + 1
}

// lineEnd is the offset just past the newline ending the line containing
// pos, or len(src) on the last line.
func lineEnd(src []byte, pos int) int {
	if pos >= len(src) {
		return len(src)
	}
	if i := bytes.IndexByte(src[pos:], '\n'); i >= 0 {
		return pos + i + 1
	}
	return len(src)
}

// firstNonBlank is the offset of the first non-space byte, or -1.
func firstNonBlank(b []byte) int {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\n' {
			return i
		}
	}
	return -1
}
