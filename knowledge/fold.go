package knowledge

import (
	"strings"
	"unicode"
)

// Fold is s as names are compared (a pathway's key, name or alias, a
// section's title, what a user typed for one): lowercased, with everything
// but letters and digits dropped, so that "6-Year", "6 year" and "6year"
// are one name. It is the one rule for names across irbot.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldTerm is a lexicon or synonym term as it is stored: lowercased, its
// words separated by single spaces. Unlike a name, a term keeps its word
// breaks, because the index matches it word by word ("dr first" is two
// words a question may hold).
func foldTerm(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// NumberWords are the small counts irbot reads when written as words, in
// order: NumberWords[k] is k+1. Facts ("one to two years") and questions
// ("how many of the six years") use them alike.
var NumberWords = [...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// numberWord is the value of a number word, 0 if s is none.
func numberWord(s string) int {
	for k, w := range NumberWords {
		if strings.EqualFold(s, w) {
			return k + 1
		}
	}
	return 0
}
