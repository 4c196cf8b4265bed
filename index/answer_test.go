package index

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

func TestAnswers(t *testing.T) {
	types := answerTypes()
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"It lasts six years.", []string{"#duration"}},
		{"a six-year program", []string{"#duration"}},
		{"then one to two years of IR training", []string{"#duration"}},
		{"a one to two-year IR training period", []string{"#duration"}},
		{"Interviews run for 3 months.", []string{"#duration"}},
		{"Years 1-3", nil},
		{"The longer program.", nil},
		{"Six specialists", []string{"#count"}},
		{"The stipend is $65,000.", []string{"#money"}},
		{"Salaries vary.", []string{"#money"}},
		{"residents earn 60,000 dollars in two years", []string{"#duration", "#money"}},
		{"It costs $60k.", []string{"#money"}},
		{"About 40% of applicants match.", []string{"#percent"}},
		{"half of them match", []string{"#percent"}},
		{"There are 30 programs.", []string{"#count"}},
		{"two main training paths", []string{"#count"}},
		{"a certain number of rotations", nil},
		{"The percentage of applicants who match.", nil},
	} {
		if got := answers(types, tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("answers(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestAnswerTypes checks that a question asking for a kind of answer finds
// the passages stating one, and that a knowledge stating none of it does
// not answer it confidently: the fixture says how long training lasts but
// never what it pays, nor how many trainees it takes.
func TestAnswerTypes(t *testing.T) {
	x := newFixture(t, Options{Lexicon: knowledge.Lexicon{Vague: []string{"much"}}})
	for _, tc := range []struct {
		q    string
		want []string // IDs of the hits, any order
		high bool     // a confident answer
	}{
		{"how many years of training", []string{"overview", "faq-long"}, true},
		{"how much does training pay", []string{"overview", "faq-long"}, false},
		{"how many trainees does training take", []string{"overview", "faq-long"}, false},
		{"what percent of trainees finish training", []string{"overview", "faq-long"}, false},
		{"how much training", []string{"overview", "faq-long"}, false},
	} {
		res, err := x.Search(context.Background(), tc.q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Confidence == High; got != tc.high {
			t.Errorf("Search(%q) = %s (%s), want high %v", tc.q, res.Confidence, res.Reason, tc.high)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Passage.ID)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %q, want %q", tc.q, got, want)
		}
	}
}

// statesAsRegexp is answerType.states as first written, the reference the
// faster one must agree with: stated over the whole text, its matches one
// after another, each checked by unless.
func statesAsRegexp(t answerType, text string) bool {
	if t.unless == nil {
		return t.stated.MatchString(text)
	}
	for _, m := range t.stated.FindAllString(text, -1) {
		if !t.unless.MatchString(m) {
			return true
		}
	}
	return false
}

// answerTokens are the pieces randomTexts joins: what the patterns look
// for, what is close to it, and what surrounds it.
var answerTokens = []string{
	"1", "12", "123", "1,000", "3.5", "60k", "one", "two", "six", "ten", "twelve", "someone", "often",
	"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
	"year", "years", "month", "months", "week", "weeks", "day", "days", "hours", "minute", "minutes",
	"dollars", "usd", "euro", "euros", "pounds", "to", "or", "and", "in", "a",
	"$", "€", "£", "%", "percent", "percentage", "half", "a third", "a quarter", "one in",
	"salary", "salaries", "stipend", "stipends", "income", "earnings", "compensation", "cost", "costs", "fee", "fees", "feel", "tuition",
	"programs", "residents", "ir", "x", "_", "-", "–", " ", "  ", "\n", "\t", ".", ",", "(", "é", "i̇", "\xff",
}

// randomTexts are n texts of up to 12 tokens, joined by nothing (so that
// words run together), a space or a hyphen.
func randomTexts(n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	seps := []string{"", " ", " ", "-"}
	out := make([]string, n)
	for k := range out {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(answerTokens[rng.IntN(len(answerTokens))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		out[k] = b.String()
	}
	return out
}

// TestStatesAsRegexp checks that states decides as the regular
// expressions over the whole text do: on every passage of the guide and
// 2,000 synthetic ones, and on 40,000 random texts made of what the
// patterns look for.
func TestStatesAsRegexp(t *testing.T) {
	texts := randomTexts(40_000, 1)
	for _, p := range syntheticBase(t, 2_000).Passages {
		texts = append(texts, strings.ToLower(p.Title), strings.ToLower(p.Body))
	}
	stated := make(map[string]int)
	for _, at := range answerTypes() {
		for _, text := range texts {
			want := statesAsRegexp(at, text)
			if got := at.states(text); got != want {
				t.Fatalf("%s states %q: %v, the regular expressions say %v", at.name, text, got, want)
			}
			if want {
				stated[at.name]++
			}
		}
	}
	for _, at := range answerTypes() {
		if stated[at.name] < 100 {
			t.Errorf("only %d texts state %s: the test does not exercise it", stated[at.name], at.name)
		}
	}
}

func FuzzStates(f *testing.F) {
	for _, s := range randomTexts(40, 2) {
		f.Add(s)
	}
	types := answerTypes()
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToLower(text)
		for _, at := range types {
			if got, want := at.states(text), statesAsRegexp(at, text); got != want {
				t.Fatalf("%s states %q: %v, the regular expressions say %v", at.name, text, got, want)
			}
		}
	})
}

// BenchmarkAnswers finds the answer types of 2,000 synthetic passages.
func BenchmarkAnswers(b *testing.B) {
	var texts []string
	for _, p := range syntheticBase(b, 2_000).Passages {
		texts = append(texts, p.Body)
	}
	types := answerTypes()
	for b.Loop() {
		for _, text := range texts {
			answers(types, text)
		}
	}
}
