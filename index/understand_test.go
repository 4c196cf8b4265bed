package index

import (
	"slices"
	"testing"
)

// understood runs the first two stages over a question.
func understood(x *Index, q string) query {
	return x.understand(x.norm.normalize(q))
}

func TestUnderstandConcepts(t *testing.T) {
	x := newDefault(t)
	type want struct {
		words string
		class class
		alt   string // one of its alternatives, "" for none wanted
	}
	for _, tc := range []struct {
		q    string
		want []want
	}{
		// A synonym phrase is one concept, searched as its group.
		{"what is ESIR", []want{{"esir", classDomain, "early specialization"}}},
		{"is interventional radiology hard", []want{{"interventional radiology", classTopic, "ir"}, {"hard", classDomain, "competitive"}}},
		// A phrase asking for a kind of answer is searched as it too.
		{"how long is IR residency", []want{{"how long", classDomain, "#duration"}, {"ir", classTopic, ""}, {"residency", classTopic, ""}}},
		// A phrase of stop words only ("when") is vague, searched as its
		// related terms.
		{"when is the match", []want{{"timeline", classVague, ""}, {"match", classDomain, ""}}},
		// The words of one shorthand are one phrase; the guide lacks it.
		{"do IMGs match IR", []want{{"international medical graduates", classUnknown, ""}, {"match", classDomain, ""}, {"ir", classTopic, ""}}},
		// Shorthand the guide writes itself keeps its plain words too.
		{"how many spots", []want{{"how many", classTopic, "#count"}, {"spots", classDomain, "residency positions"}}},
		// Vague words, numbers and time expressions say nothing of scope.
		{"best tips last year 2", []want{{"best", classVague, ""}, {"tips", classVague, ""}, {"last", classVague, ""}, {"year", classVague, ""}, {"2", classVague, ""}}},
		{"sushi restaurants", []want{{"sushi", classUnknown, ""}, {"restaurants", classUnknown, ""}}},
	} {
		q := understood(x, tc.q)
		var got []want
		for _, c := range q.concepts {
			got = append(got, want{c.alts[0].text, c.class, ""})
		}
		if len(got) != len(tc.want) {
			t.Errorf("understand(%q) = %v, want %v", tc.q, got, tc.want)
			continue
		}
		for i, w := range tc.want {
			c := q.concepts[i]
			if got[i].words != w.words || got[i].class != w.class {
				t.Errorf("understand(%q) concept %d = %q %s, want %q %s", tc.q, i, got[i].words, got[i].class, w.words, w.class)
			}
			if w.alt != "" && !slices.ContainsFunc(c.alts, func(a phrase) bool { return a.text == w.alt }) {
				t.Errorf("understand(%q) concept %q has no alternative %q", tc.q, w.words, w.alt)
			}
		}
	}
}

func TestUnderstandScope(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		q          string
		subject    bool   // names something of the domain
		offTopic   string // the off-topic subject named
		wants      string // the kind of answer asked for
		partsAtMax int    // the highest part number
	}{
		{"how long is IR residency", true, "", "#duration", 0},
		{"how long is a derm residency", true, "dermatology", "#duration", 0},
		{"gen surg vs IR", true, "general surgery", "", 0},
		{"how much do IR docs make", true, "", "#money", 0},
		{"what % of applicants match IR", true, "", "#percent", 0},
		{"how many spots are there", true, "", "#count", 0},
		{"how long is it, and is it competitive?", true, "", "#duration", 1},
		{"is it hard. how long is it", true, "", "#duration", 1},
		{"lol thanks guys", false, "", "", 0},
		{"best pizza near campus", false, "", "", 0},
	} {
		q := understood(x, tc.q)
		if got := q.hasSubject(); got != tc.subject {
			t.Errorf("understand(%q).hasSubject() = %v, want %v", tc.q, got, tc.subject)
		}
		if q.offTopic != tc.offTopic || q.wants != tc.wants {
			t.Errorf("understand(%q) off topic %q, wants %q; want %q, %q", tc.q, q.offTopic, q.wants, tc.offTopic, tc.wants)
		}
		parts := 0
		for _, c := range q.concepts {
			parts = max(parts, c.part)
		}
		if parts != tc.partsAtMax {
			t.Errorf("understand(%q) has parts up to %d, want %d", tc.q, parts, tc.partsAtMax)
		}
	}
}

func TestTimeExpressions(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		q     string
		vague []string
	}{
		{"who matched last year", []string{"last", "year"}},
		{"how long does it last", nil},
		{"how many years", nil},
		{"interviews this season", []string{"this", "season"}},
	} {
		var got []string
		for _, tk := range x.tokens(x.norm.normalize(tc.q)) {
			if tk.generic {
				got = append(got, tk.word)
			}
		}
		if !slices.Equal(got, tc.vague) {
			t.Errorf("tokens(%q) marks %q as time words, want %q", tc.q, got, tc.vague)
		}
	}
}
