package index

import (
	"regexp"
	"slices"
	"strings"

	"github.com/irbot/irbot/knowledge"
)

// answerType is a kind of answer a question asks for that a passage may
// state in words the question does not use: "how long" asks for a
// duration, and "six years" or "a one to two-year period" states one,
// though neither says "long". A passage stating one holds the type's
// name as if it were a word of its title or body (and of the Bleve field
// answersField), and a query asking for one searches for that name too.
type answerType struct {
	// name is the stem standing for the type; '#' keeps it apart from
	// any word.
	name string
	// cues are phrases that ask for it, matched as the thesaurus matches
	// phrases (stop words too).
	cues []string
	// stated finds the type in lowercased plain text that holds one of
	// hints (a cheap test first: regular expressions are slow); unless,
	// when set, rejects a match that is something else (a count of years
	// is a duration).
	stated *regexp.Regexp
	unless *regexp.Regexp
	hints  []string
	// starts are where a match of stated may begin, and from is stated
	// anchored at the start of what it is given: states tries it there
	// only, rather than scanning every byte (see states).
	starts starts
	from   *regexp.Regexp
}

// starts are where a match of an answer type's pattern may begin: a
// digit (digit) or one of words where a word begins, as the pattern's
// \b requires, or a digit (digitAnywhere) or one of anywhere wherever it
// is. They may admit more than the pattern does, never less.
type starts struct {
	digit, digitAnywhere bool
	words, anywhere      []string
}

// at reports whether a match may begin at byte p of text.
func (s starts) at(text string, p int) bool {
	c := text[p]
	if s.digitAnywhere && isDigit(c) {
		return true
	}
	for _, a := range s.anywhere {
		if strings.HasPrefix(text[p:], a) {
			return true
		}
	}
	if p > 0 && isWordByte(text[p-1]) {
		return false // no word begins here
	}
	if s.digit && isDigit(c) {
		return true
	}
	for _, w := range s.words {
		if strings.HasPrefix(text[p:], w) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isWordByte reports whether c is a word character as a regular
// expression's \b sees it: an ASCII letter, digit or underscore.
func isWordByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// answersField is the Bleve field holding the answer types a passage
// states, by name without '#'.
const answersField = "answers"

// numberWords is a small count in words (knowledge.NumberWords) as a
// regexp alternation; number one in figures or words.
var (
	numberWords = strings.Join(knowledge.NumberWords[:], "|")
	number      = `(?:\d{1,2}|` + numberWords + `)`
)

// answerTypes are the answer types the index knows. A knowledge that
// states none of a type cannot answer a question asking for it: "how much
// do interventional radiologists make" asks for money, which the default
// guide never states, so the question is out of its scope.
func answerTypes() []answerType {
	types := []answerType{{
		name: "#duration",
		cues: []string{"how long", "how many years", "how many months", "how much time", "length", "duration"},
		// "six years", "six-year", "one to two years", "1-2 years".
		stated: regexp.MustCompile(`\b` + number + `(?:\s*(?:-|–|to|or)\s*` + number + `)?[\s-]+(?:years?|months?|weeks?)\b`),
		hints:  []string{"year", "month", "week"},
		starts: starts{digit: true, words: knowledge.NumberWords[:]},
	}, {
		name: "#money",
		// "How much" before a verb asks what something costs or pays;
		// before a noun ("how much research") it asks how much of it.
		cues: []string{"how much do", "how much does", "how much did", "how much is", "how much are",
			"how much will", "how much would", "how much can", "how much money"},
		stated: regexp.MustCompile(`[$€£]\s?\d|\b\d[\d,.]*\s?(?:dollars|usd|euros?|pounds)\b|\b(?:salary|salaries|stipends?|income|earnings|compensation|costs?|fees?|tuition)\b`),
		hints:  []string{"$", "€", "£", "dollar", "usd", "euro", "pound", "salar", "stipend", "income", "earning", "compensation", "cost", "fee", "tuition"},
		starts: starts{anywhere: []string{"$", "€", "£"}, digit: true, words: []string{"salar", "stipend", "income", "earning", "compensation", "cost", "fee", "tuition"}},
	}, {
		name: "#percent",
		// A share: "what % of applicants match" (normalize reads "%" as
		// "percent").
		cues:   []string{"percent", "percentage", "what fraction", "what proportion", "what share"},
		stated: regexp.MustCompile(`\d(?:[\d.,]*)\s*(?:%|percent\b)|\b(?:half|a third|a quarter|one in \w+)\b`),
		hints:  []string{"%", "percent", "half", "third", "quarter", "one in"},
		starts: starts{digitAnywhere: true, words: []string{"half", "a third", "a quarter", "one in"}},
	}, {
		name: "#count",
		// "How many" of anything but time (a duration's cues are longer,
		// so they win): "how many spots", "how many rotations".
		cues:   []string{"how many", "number of", "what number"},
		stated: regexp.MustCompile(`\b(?:\d+|` + numberWords + `|dozens?|hundreds?|thousands?)[\s-]+[a-z]+`),
		unless: regexp.MustCompile(`[\s-](?:years?|months?|weeks?|days?|hours?|minutes?|dollars|usd|euros?|pounds|to|or|and)$`),
		hints:  slices.Concat([]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, knowledge.NumberWords[:], []string{"dozen", "hundred", "thousand"}),
		starts: starts{digit: true, words: slices.Concat(knowledge.NumberWords[:], []string{"dozen", "hundred", "thousand"})},
	}}
	for k := range types {
		types[k].from = regexp.MustCompile(`^(?:` + types[k].stated.String() + `)`)
	}
	return types
}

// cueGroups returns each answer type's cues as a group of related terms,
// so that the thesaurus finds them in queries as one phrase.
func cueGroups(types []answerType) []knowledge.SynonymGroup {
	var out []knowledge.SynonymGroup
	for _, t := range types {
		out = append(out, knowledge.SynonymGroup(t.cues))
	}
	return out
}

// answerGroups maps each thesaurus group holding a cue of an answer type
// to the type.
func answerGroups(wa wordAnalyzer, types []answerType, t *thesaurus) map[int]int {
	cues := make(map[string]int)
	for k, at := range types {
		for _, c := range at.cues {
			cues[newPhrase(wa.tokens(c), 1).key()] = k
		}
	}
	out := make(map[int]int)
	for g, ps := range t.groups {
		for _, p := range ps {
			if k, ok := cues[p.key()]; ok {
				out[g] = k
			}
		}
	}
	return out
}

// answers lists the names of the answer types text states.
func answers(types []answerType, text string) []string {
	var out []string
	text = strings.ToLower(text)
	for _, t := range types {
		if slices.ContainsFunc(t.hints, func(h string) bool { return strings.Contains(text, h) }) && t.states(text) {
			out = append(out, t.name)
		}
	}
	return out
}

// states reports whether lowercased text states an answer of the type:
// whether stated matches it somewhere (and unless rejects not every match).
// It tries the anchored pattern only where a match may begin: at such a
// place it matches as stated would there, \b included (starts checks the
// byte before), and the patterns look behind nothing else. With unless,
// stated's matches are found one after another, and every one unless
// rejects ends in a word no match begins with, so trying every start
// finds an accepted match exactly when they do.
func (t answerType) states(text string) bool {
	for p := range len(text) {
		if !t.starts.at(text, p) {
			continue
		}
		if t.unless == nil {
			if t.from.MatchString(text[p:]) {
				return true
			}
		} else if m := t.from.FindString(text[p:]); m != "" && !t.unless.MatchString(m) {
			return true
		}
	}
	return false
}
