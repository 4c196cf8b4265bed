package index

import (
	"context"
	"math"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// TestRetrieve checks the Bleve stage: one clause per concept the
// knowledge has (none for unknown words), at most retrieveSize
// candidates, and the same candidates in the same order every time.
func TestRetrieve(t *testing.T) {
	x := newDefault(t)
	ctx := context.Background()
	for _, tc := range []struct {
		q       string
		clauses int
	}{
		{"how long is IR residency", 3 + 1}, // three concepts, one pair
		{"ESIR procedures sushi", 2 + 1},    // two concepts and their pair
		{"sushi", 0},
	} {
		q := understood(x, tc.q)
		got := 0
		if bq := x.bleveQuery(q); bq != nil {
			got = len(bq.Disjuncts)
		}
		if got != tc.clauses {
			t.Errorf("bleveQuery(%q) has %d clauses, want %d", tc.q, got, tc.clauses)
		}
		a, err := x.retrieve(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) > retrieveSize {
			t.Errorf("retrieve(%q) gave %d candidates, more than %d", tc.q, len(a), retrieveSize)
		}
		for k := 0; k < 5; k++ {
			b, _ := x.retrieve(ctx, q)
			if len(a) != len(b) {
				t.Fatalf("retrieve(%q) gave %d candidates, then %d", tc.q, len(a), len(b))
			}
			for i := range a {
				if a[i] != b[i] {
					t.Fatalf("retrieve(%q) candidate %d was %v, then %v", tc.q, i, a[i], b[i])
				}
			}
		}
	}
}

// TestFit checks the heading fit: the F-measure (β² = coverBias) of how
// much of the question a heading covers and how much of the heading the
// question asks.
func TestFit(t *testing.T) {
	x := newFixture(t, Options{})
	q := x.understand(x.norm.normalize("how long is training"))
	total := 0.0
	for _, c := range q.concepts {
		if c.countsInHeadings() {
			total += c.weight
		}
	}
	for _, tc := range []struct {
		heading string
		min     float64
		max     float64
	}{
		{"How long is training?", 0.99, 1.0},     // covers all, asks all
		{"Overview of Training", 0.2, 0.8},       // covers part, asks part
		{"Procedure Table", 0, 0},                // nothing in common
		{"training", 0.3, 0.9},                   // covers part, all of it asked
		{"how long is training and why", 0.8, 1}, // asks all it covers
	} {
		h := newHeading(x.wa, tc.heading)
		x.weighHeading(&h)
		got := x.fit(q, h, nil, total)
		if got < tc.min || got > tc.max || math.IsNaN(got) {
			t.Errorf("fit(how long is training, %q) = %.3f, want %.2f to %.2f", tc.heading, got, tc.min, tc.max)
		}
	}
}

// TestRankOrder checks the rank stage on the fixture: the heading that
// fits the question comes first, and a passage holding only vague words
// is dropped.
func TestRankOrder(t *testing.T) {
	x := newFixture(t, Options{Lexicon: knowledge.Lexicon{Vague: []string{"best"}}})
	for _, tc := range []struct {
		q, first string
		n        int // candidates ranked
	}{
		{"who accredits programs", "faq-accredit", 1},
		{"how long is training", "faq-long", 2},
		{"best", "", 0},
	} {
		q := understood(x, tc.q)
		cands, err := x.retrieve(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		rs := x.rank(q, cands)
		if len(rs) != tc.n {
			t.Errorf("rank(%q) kept %d, want %d", tc.q, len(rs), tc.n)
		}
		if tc.first != "" && (len(rs) == 0 || x.passages[rs[0].i].ID != tc.first) {
			t.Errorf("rank(%q) first = %v, want %s", tc.q, rs, tc.first)
		}
		for k := 1; k < len(rs); k++ {
			if rs[k].score > rs[k-1].score {
				t.Errorf("rank(%q) not in order: %v", tc.q, rs)
			}
		}
	}
}

// TestDecide checks the tiers from made-up questions and candidates.
func TestDecide(t *testing.T) {
	domain := concept{class: classDomain, weight: 2, alts: []phrase{{stems: []string{"esir"}}}}
	unknown := concept{class: classUnknown, weight: 1, alts: []phrase{{stems: []string{"sushi"}}}}
	vague := concept{class: classVague, weight: 0.3, alts: []phrase{{stems: []string{"best"}}}}
	// states holds stem number 0, the number of "#duration" in the
	// questions below (their wantsID, left 0).
	states := &passageData{body: stemSet{0}, heading: heading{stems: []string{"esir", "option"}}}
	silent := &passageData{body: stemSet{}}
	held := func(w float64) []ranked { return []ranked{{held: [maxParts]float64{w}}} }
	// two candidates: the first holds w, fits fit1 and is bm1 by Bleve;
	// the second fits fit2 and is the best by Bleve unless bm1 is 1.
	two := func(w, fit1, bm1, fit2 float64) []ranked {
		return []ranked{{held: [maxParts]float64{w}, fit: fit1, bm25: bm1}, {fit: fit2, bm25: 1}}
	}
	for _, tc := range []struct {
		name string
		q    query
		rs   []ranked
		d    *passageData
		want Confidence
		why  Reason
	}{
		{"off topic", query{concepts: []concept{domain}, offTopic: "dermatology"}, held(2), states, None, OffTopic},
		{"nothing of the domain", query{concepts: []concept{vague, unknown}}, nil, states, None, NoSubject},
		{"no candidate", query{concepts: []concept{domain}}, nil, states, None, NoSubject},
		{"holds it all", query{concepts: []concept{domain, vague}}, held(2), states, High, Answered},
		{"an unknown word is held against it", query{concepts: []concept{domain, unknown}}, held(2), states, High, Answered},
		{"holds too little", query{concepts: []concept{domain, unknown, unknown, unknown}}, held(2), states, Low, Partial},
		{"does not state the answer asked", query{concepts: []concept{domain}, wants: "#duration"}, held(2), silent, Low, Unstated},
		{"states the answer asked", query{concepts: []concept{domain}, wants: "#duration"}, held(2), states, High, Answered},
		// The first holds all, but the second's heading fits better; both
		// headings here are the same passage's, so the same subject.
		{"another fits better, same subject", query{concepts: []concept{domain}}, two(2, 0.3, 1, 0.5), states, High, Answered},
		{"another fits better", query{concepts: []concept{domain}}, two(2, 0.3, 1, 0.5), silent, Low, Contested},
		// Holding 40%: confident only as the clear choice or a good fit.
		{"part held, clear choice", query{concepts: []concept{domain}}, two(0.8, 0.3, 1, 0.2), silent, High, Answered},
		{"part held, fits well", query{concepts: []concept{domain}}, two(0.8, 0.5, 0.5, 0.2), silent, High, Answered},
		{"part held, neither", query{concepts: []concept{domain}}, two(0.8, 0.3, 0.5, 0.2), silent, Low, Partial},
		{"part held, clear choice, many unknown words", query{concepts: []concept{domain, unknown, unknown}}, two(0.8*4/2, 0.3, 1, 0.2), silent, Low, Partial},
	} {
		got, why := decide(tc.q, tc.rs, func(ranked) *passageData { return tc.d })
		if got != tc.want || why != tc.why {
			t.Errorf("%s: decide = %s (%s), want %s (%s)", tc.name, got, why, tc.want, tc.why)
		}
	}
}

// TestTiers checks the three tiers end to end on the real guide: a casual
// or unknown word alone never turns a question away.
func TestTiers(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		q     string
		want  Confidence
		first string // the first passage of a High answer
	}{
		{"how long is IR residency", High, "How long is an interventional radiology residency?"},
		{"what does IR even do lol", High, "What Is Interventional Radiology?"},
		{"top IR residencies pls", High, "Top IR Residency Programs in the United States"},
		{"is IR actually hard to get into or is that just reddit", High, "Applying to IR Residency: The Competitive Process"},
		{"ngl is ESIR worth it, asking for a friend who is lowkey stressed", High, "Early Specialization in IR (ESIR) Option"},
		{"how many IR spots are there this year", Low, ""},
		{"what % of applicants match IR", Low, ""},
		{"how much do IR attendings make", Low, ""},
		{"is derm hard to match", None, ""},
		{"gm yall hows everyone surviving", None, ""},
		{"best pizza near campus", None, ""},
	} {
		res, err := x.Search(context.Background(), tc.q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if res.Confidence != tc.want || (tc.first != "" && (len(res.Hits) == 0 || res.Hits[0].Passage.Title != tc.first)) {
			t.Errorf("Search(%q) = %s (%s) %q, want %s %q", tc.q, res.Confidence, res.Reason, titles(res.Hits), tc.want, tc.first)
		}
		if (res.Confidence == None) != (len(res.Hits) == 0) {
			t.Errorf("Search(%q) = %s with %d hits", tc.q, res.Confidence, len(res.Hits))
		}
	}
}

// TestCanMatch checks which leaves retrieve leaves to Bleve: a word in the
// field, or one with Bleve synonyms (which may be in it by another name);
// a phrase only when all its words are in the field and none has Bleve
// synonyms (Bleve 2.6 finds no such phrase).
func TestCanMatch(t *testing.T) {
	x := newDefault(t)
	stem := func(w string) string { return x.wa.content(w)[0].stem }
	for _, tc := range []struct {
		field string
		words []string
		want  bool
	}{
		{"title", []string{"esir"}, true},
		{"title", []string{"sushi"}, false},
		{"body", []string{"embolization"}, true},
		{"title", []string{"embolization"}, false}, // only the body's table says it
		{"title", []string{"summary"}, true},       // no title says it, but "overview" is its Bleve synonym
		{"body", []string{"tumor", "embolization"}, true},
		{"body", []string{"research", "sushi"}, false},
		{"body", []string{"radiology", "residency"}, false}, // "radiology" has Bleve synonyms
	} {
		var stems []string
		for _, w := range tc.words {
			stems = append(stems, stem(w))
		}
		if got := x.canMatch(tc.field, stems); got != tc.want {
			t.Errorf("canMatch(%s, %q) = %v, want %v", tc.field, tc.words, got, tc.want)
		}
	}
}
