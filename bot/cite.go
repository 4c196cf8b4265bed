package bot

import (
	"strconv"
	"strings"

	"github.com/irbot/irbot/knowledge"
)

// citer numbers the guide sections a view cites, once each in order of
// first citation, so facts carry short markers (¹ ²) and the view ends with
// one line naming each section once.
type citer struct {
	sources []string
	num     map[string]int
}

// mark returns the markers of a fact's sources, numbering new ones.
func (c *citer) mark(f knowledge.Fact) string {
	if c.num == nil {
		c.num = map[string]int{}
	}
	var ms []string
	for _, s := range f.Sources {
		n, ok := c.num[s]
		if !ok {
			c.sources = append(c.sources, s)
			n = len(c.sources)
			c.num[s] = n
		}
		ms = append(ms, superscript(n))
	}
	return strings.Join(ms, "˒")
}

// text is a fact followed by its markers.
func (c *citer) text(f knowledge.Fact) string {
	if m := c.mark(f); m != "" {
		return f.Text + " " + m
	}
	return f.Text
}

// line names every section cited, verbatim, in italics: "Sources: ¹ A · ² B".
func (c *citer) line() string {
	if len(c.sources) == 0 {
		return ""
	}
	parts := make([]string, len(c.sources))
	for i, s := range c.sources {
		parts[i] = superscript(i+1) + " " + escapeInline(s)
	}
	label := "Source: "
	if len(parts) > 1 {
		label = "Sources: "
	}
	return "*" + label + strings.Join(parts, " · ") + "*"
}

// superscript writes n in superscript digits.
func superscript(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	ds := []rune(digits)
	var b []rune
	for _, r := range []rune(strconv.Itoa(max(n, 0))) {
		b = append(b, ds[r-'0'])
	}
	return string(b)
}
