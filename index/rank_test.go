package index

import (
	"context"
	"slices"
	"testing"
)

// TestCoverage asks the real guide questions in its own words about what
// it does not say, which must get no answer, and questions it answers in
// slang, typos and shorthand, which must.
func TestCoverage(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		q      string
		answer bool
	}{
		{"how much do IR attendings make a year", false},
		{"IR doctor salary", false},
		{"what are the work hours like in IR", false},
		{"how long is a dermatology residency", false},
		{"how long is general surgery residency", false},
		{"is radiation oncology competitive", false},
		{"what step 1 score do I need for IR", false},
		{"do IR programs sponsor visas for IMGs", false},
		{"what is a TIPS procedure", false},
		// A time expression says when, not what: "last" and "year" are
		// the guide's words, "last year" is not.
		{"who won the super bowl last year", false},
		{"what movies came out this year", false},
		{"how long does IR residency last", true},
		{"how long is IR residncy", true},
		{"IR interview tips", true},
		{"r there research reqs in IR residency", true},
		{"how much research do I need for IR", true},
		{"what does an interventional radiologist do", true},
		{"is IR super competitive rn", true},
		// A question asking two things, one of which the guide does not
		// answer, gets the closest sections (how long first), not an
		// answer.
		{"what do IR doctors earn, and how long is the residency?", false},
		{"IR salary and work hours", false},
	} {
		hits, err := x.answer(context.Background(), tc.q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(hits) > 0; got != tc.answer {
			t.Errorf("Search(%q) answered = %v (%q), want %v", tc.q, got, titles(hits), tc.answer)
		}
	}
}

// TestHeadingFit checks questions whose best heading shares few words
// with them, or whose words fit a wrong heading well.
func TestHeadingFit(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		q    string
		want []string // any of these first
	}{
		// A duration question wants a passage stating one, not one that
		// compares lengths.
		{"how many years is integrated IR", []string{"The Integrated IR Residency Timeline", "Six-Year Training Model Breakdown", "How long is an interventional radiology residency?"}},
		// "IR/DR" in a heading is no better than "diagnostic radiology":
		// "DR" is rare as a word but not as an idea.
		{"can I do IR after finishing a DR residency", []string{"Independent IR Residency Pathway", "Prerequisites: Completing Diagnostic Radiology Residency", "One to Two-Year IR Training Period"}},
		// "paths" and "routes" are the guide's words for pathways.
		{"what are the main pathways into IR", []string{"What are the different IR residency pathways?", "IR Residency Pathways Overview", "Comparing IR Training Routes"}},
		// "when" asks for a timeline.
		{"when can I get board certified", []string{"Certification Timeline"}},
	} {
		hits, err := x.hits(context.Background(), tc.q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || !slices.Contains(tc.want, hits[0].Passage.Title) {
			t.Errorf("Search(%q) = %q, want one of %q first", tc.q, titles(hits), tc.want)
		}
	}
}

func titles(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Passage.Title)
	}
	return out
}
