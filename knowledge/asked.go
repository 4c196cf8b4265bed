package knowledge

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// An "asked as" block lists, under a heading, the questions students ask
// that the section answers, in their own words. It is an HTML comment, so
// GitHub and other Markdown viewers show nothing of it:
//
//	### What Is Interventional Radiology?
//
//	<!-- asked as:
//	- what do interventional radiologists actually do
//	- is IR surgery or radiology
//	-->
//
// The index searches these lines as a field of their own; the bot never
// shows them.
const (
	askedOpen  = "<!--"
	askedLabel = "asked as:"
	askedClose = "-->"
	// MaxAskedLen bounds one "asked as" line, in characters: a question,
	// not a paragraph.
	MaxAskedLen = 200
)

// extractAsked takes the "asked as" blocks out of a section's raw Markdown
// (which starts at line firstLine of file) and returns their questions and
// the Markdown without them. Other HTML comments are left alone.
func extractAsked(file string, firstLine int, raw []byte) ([]string, []byte, error) {
	if !bytes.Contains(raw, []byte(askedOpen)) {
		return nil, raw, nil
	}
	var (
		asked []string
		rest  bytes.Buffer
		in    bool // inside a block
		start int  // the block's first line
		n     int  // questions in the current block
	)
	lines := bytes.SplitAfter(raw, []byte("\n"))
	for k, l := range lines {
		line := firstLine + k
		text := strings.TrimSpace(string(l))
		if !in {
			if opensAsked(text) {
				in, start, n = true, line, 0
				continue
			}
			rest.Write(l)
			continue
		}
		if text == askedClose {
			if n == 0 {
				return nil, nil, fileErrorf(file, start, "an \"asked as\" comment lists no questions: add lines like \"- how long is IR residency\"")
			}
			in = false
			continue
		}
		q, ok := askedLine(text)
		switch {
		case strings.HasPrefix(text, "#"):
			// Markdown reads a comment up to its "-->", headings and all.
			return nil, nil, fileErrorf(file, start, "an \"asked as\" comment is not closed: end it with a line \"-->\"")
		case text == "":
		case strings.Contains(text, askedClose):
			return nil, nil, fileErrorf(file, line, "put the \"-->\" closing an \"asked as\" comment on a line of its own")
		case !ok:
			return nil, nil, fileErrorf(file, line, "in an \"asked as\" comment each question is a line starting with \"- \"")
		case q == "":
			return nil, nil, fileErrorf(file, line, "empty question in an \"asked as\" comment")
		case utf8.RuneCountInString(q) > MaxAskedLen:
			return nil, nil, fileErrorf(file, line, "an \"asked as\" question is longer than %d characters", MaxAskedLen)
		default:
			asked = append(asked, q)
			n++
		}
	}
	if in {
		return nil, nil, fileErrorf(file, start, "an \"asked as\" comment is not closed: end it with a line \"-->\"")
	}
	return asked, rest.Bytes(), nil
}

// opensAsked reports whether a trimmed line opens an "asked as" block:
// "<!-- asked as:", in any case, with any spaces.
func opensAsked(text string) bool {
	after, ok := strings.CutPrefix(text, askedOpen)
	if !ok {
		return false
	}
	return strings.EqualFold(strings.Join(strings.Fields(after), " "), askedLabel)
}

// askedLine reads one question line of a block: "- question" (or
// "* question"), its spaces collapsed.
func askedLine(text string) (string, bool) {
	for _, bullet := range []string{"- ", "* "} {
		if q, ok := strings.CutPrefix(text, bullet); ok {
			return strings.Join(strings.Fields(q), " "), true
		}
	}
	if text == "-" || text == "*" {
		return "", true
	}
	return "", false
}

// AskedLine writes a student's question as a line of an "asked as" block
// that loads: spaces collapsed, no "-->" inside (it would close the
// comment), at most MaxAskedLen characters, cut at a word. ok is false
// when nothing is left.
func AskedLine(question string) (line string, ok bool) {
	q := strings.Join(strings.Fields(question), " ")
	for strings.Contains(q, askedClose) {
		q = strings.ReplaceAll(q, askedClose, "->")
	}
	if r := []rune(q); len(r) > MaxAskedLen {
		cut := MaxAskedLen
		if r[cut] != ' ' {
			// Mid-word: back to the word's start, unless it is one word.
			for cut > 0 && r[cut-1] != ' ' {
				cut--
			}
			if cut == 0 {
				cut = MaxAskedLen
			}
		}
		q = strings.TrimSpace(string(r[:cut]))
	}
	if q == "" {
		return "", false
	}
	return "- " + q, true
}
