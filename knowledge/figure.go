package knowledge

import (
	"regexp"
	"strconv"
	"strings"
)

// figurePattern matches a number, as digits or a word (NumberWords), and
// optionally a range to a second one ("1-3", "one to two", "4–5").
var figurePattern = func() *regexp.Regexp {
	n := `(\d+|` + strings.Join(NumberWords[:], "|") + `)`
	return regexp.MustCompile(`(?i)\b` + n + `(?:\s*(?:-|–|to)\s*` + n + `)?\b`)
}()

// figure is a number or a range of numbers found in a text.
type figure struct {
	from, to int // to == from for a single number
	text     string
}

// figures lists the numbers and ranges a text states. "six-year" states
// six; "one to two years" states the range 1-2.
func figures(s string) []figure {
	var out []figure
	for _, m := range figurePattern.FindAllStringSubmatch(s, -1) {
		f := figure{from: number(m[1]), text: m[0]}
		f.to = f.from
		if m[2] != "" {
			f.to = number(m[2])
		}
		out = append(out, f)
	}
	return out
}

// number reads digits or a number word.
func number(s string) int {
	if n := numberWord(s); n > 0 {
		return n
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1 // too many digits: matches nothing but itself
	}
	return n
}

// unsupportedFigures returns the figures of claim that support, the text
// of the cited sections, does not state. Digits and words count as the
// same number ("6" is supported by "six-year"); a range needs the same
// range in the support, while a single number may be either end of one.
func unsupportedFigures(claim, support string) []string {
	have := make(map[[2]int]bool)
	for _, f := range figures(support) {
		have[[2]int{f.from, f.to}] = true
		have[[2]int{f.from, f.from}] = true
		have[[2]int{f.to, f.to}] = true
	}
	var missing []string
	for _, f := range figures(claim) {
		if !have[[2]int{f.from, f.to}] {
			missing = append(missing, f.text)
		}
	}
	return missing
}
