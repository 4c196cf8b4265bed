package limits

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Discord's limits, in code points unless a name says otherwise. Renderers
// use them to cut text before Check would complain.
const (
	MaxContent          = 2000
	MaxEmbeds           = 10
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxEmbedFields      = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxFooterText       = 2048
	MaxAuthorName       = 256
	MaxEmbedTotal       = 6000 // all embeds of one message together

	MaxActionRows     = 5
	MaxRowButtons     = 5
	MaxButtonLabel    = 80
	MaxCustomID       = 100
	MaxSelectOptions  = 25
	MaxOptionLabel    = 100
	MaxOptionValue    = 100
	MaxOptionDesc     = 100
	MaxPlaceholder    = 150
	MaxChoices        = 25
	MaxChoiceName     = 100
	MaxChoiceValue    = 100
	MaxModalTitle     = 45
	MaxCommandName    = 32
	MaxCommandDesc    = 100
	MaxCommandOptions = 25
	MaxCommandTotal   = 4000 // a command's names, descriptions and choices together
)

// Violation is one broken limit: where in the payload, and what is wrong.
type Violation struct {
	// Where is a path into the payload, like "data.embeds[0].fields[3].value".
	Where string
	// Problem says what is wrong, with the numbers involved.
	Problem string
}

// Error says where and what.
func (v Violation) Error() string { return v.Where + ": " + v.Problem }

// Violations is every limit a payload breaks. Check functions return one
// (as an error) only when it is non-empty.
type Violations []Violation

// Error lists every violation on one line.
func (vs Violations) Error() string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.Error()
	}
	return fmt.Sprintf("%d Discord limit violation(s): %s", len(vs), strings.Join(s, "; "))
}

// checker accumulates violations while walking a payload.
type checker struct {
	vs Violations
}

func (c *checker) add(where, format string, args ...any) {
	c.vs = append(c.vs, Violation{Where: where, Problem: fmt.Sprintf(format, args...)})
}

// max reports s when it is longer than n code points.
func (c *checker) max(where, s string, n int) {
	if l := utf8.RuneCountInString(s); l > n {
		c.add(where, "is %d characters, limit %d", l, n)
	}
}

// between reports s when it is empty (or only spaces) or longer than n.
func (c *checker) between(where, s string, n int) {
	if strings.TrimSpace(s) == "" {
		c.add(where, "is empty")
		return
	}
	c.max(where, s, n)
}

func (c *checker) err() error {
	if len(c.vs) == 0 {
		return nil
	}
	return c.vs
}

func runes(s string) int { return utf8.RuneCountInString(s) }
