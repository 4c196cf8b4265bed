package index

import (
	"context"
	"slices"
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
