package index

import (
	"context"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// TestOffTopic: a question naming a subject the passages do not cover gets
// no answer, however many of the guide's words it uses; a subject some
// passage mentions stays in scope.
func TestOffTopic(t *testing.T) {
	// The fixture knows every word here, but no passage holds "vascular"
	// and "fellowship" together: as a pair they name a subject it does
	// not cover. It does cover embolization.
	groups := []knowledge.SynonymGroup{{"vascular fellowship", "vasc fellowship"}, {"embolization"}}
	tests := []struct {
		q       string
		without bool // answered with no off-topic list
		with    bool // answered with it
	}{
		{"how long is vascular fellowship training?", true, false},
		{"Vascular  Fellowship: how long?", true, false},
		{"how long is the vascular and fellowship training", true, false}, // stop words aside
		{"is fellowship training valuable", true, true},
		{"vascular interventions training", true, true},
		{"fellowship after vascular interventions", true, true}, // not side by side
		{"embolization procedure level", true, true},            // listed, but covered
	}
	for _, tc := range []struct {
		name string
		opts Options
	}{{"without", Options{}}, {"with", Options{OffTopic: groups}}} {
		x := newFixture(t, tc.opts)
		for _, tt := range tests {
			hits, err := x.Search(context.Background(), tt.q, 3)
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.q, err)
			}
			want := tt.without
			if tc.name == "with" {
				want = tt.with
			}
			if got := len(hits) > 0; got != want {
				t.Errorf("%s the list: Search(%q) answered = %v, want %v", tc.name, tt.q, got, want)
			}
		}
	}
}

// TestOffTopicDefault checks the shipped list against the real guide:
// every other specialty it names is out of scope, and none of its terms is
// something the guide covers.
func TestOffTopicDefault(t *testing.T) {
	x := newDefault(t)
	for _, q := range []string{"how long is a general surgery residency", "is derm hard to match", "how many years is emergency medicine residency"} {
		if hits, _ := x.Search(context.Background(), q, 3); len(hits) > 0 {
			t.Errorf("Search(%q) = %q, want no answer", q, hits[0].Passage.Title)
		}
	}
	if len(x.offTopic) == 0 {
		t.Fatal("no off-topic terms loaded")
	}
}
