package index

import (
	"context"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// TestOffTopic: a question naming a subject the passages do not cover gets
// no passage at all (None, OffTopic), however many of the guide's words it
// uses; a subject some passage mentions stays in scope.
func TestOffTopic(t *testing.T) {
	// The fixture knows every word here, but no passage holds "vascular"
	// and "fellowship" together: as a pair they name a subject it does
	// not cover. It does cover embolization.
	groups := []knowledge.SynonymGroup{{"vascular fellowship", "vasc fellowship"}, {"embolization"}}
	tests := []struct {
		q       string
		offWith bool // off topic with the list
	}{
		{"how long is vascular fellowship training?", true},
		{"Vascular  Fellowship: how long?", true},
		{"how long is the vascular and fellowship training", true}, // stop words aside
		{"is fellowship training valuable", false},
		{"vascular interventions training", false},
		{"fellowship after vascular interventions", false}, // not side by side
		{"embolization procedure level", false},            // listed, but covered
	}
	for _, with := range []bool{false, true} {
		opts := Options{}
		if with {
			opts.OffTopic = groups
		}
		x := newFixture(t, opts)
		for _, tt := range tests {
			res, err := x.Search(context.Background(), tt.q, 3)
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.q, err)
			}
			want := with && tt.offWith
			if got := res.Reason == OffTopic; got != want {
				t.Errorf("with the list %v: Search(%q) = %s (%s), want off topic %v", with, tt.q, res.Confidence, res.Reason, want)
			}
			if got := len(res.Hits) == 0; got != want {
				t.Errorf("with the list %v: Search(%q) gave %d hits, want none %v", with, tt.q, len(res.Hits), want)
			}
			if want && res.Subject != "vascular fellowship" {
				t.Errorf("Search(%q).Subject = %q, want vascular fellowship", tt.q, res.Subject)
			}
		}
	}
}

// TestOffTopicDefault checks the shipped list against the real guide:
// every other specialty it names is out of scope, and none of its terms is
// something the guide covers.
func TestOffTopicDefault(t *testing.T) {
	x := newDefault(t)
	for _, q := range []string{"how long is a general surgery residency", "is derm hard to match", "how many years is emergency medicine residency", "gen surg vs IR lol"} {
		if res, _ := x.Search(context.Background(), q, 3); res.Confidence != None || res.Reason != OffTopic {
			t.Errorf("Search(%q) = %s (%s), want none, off topic", q, res.Confidence, res.Reason)
		}
	}
	if len(x.offTopic) == 0 {
		t.Fatal("no off-topic terms loaded")
	}
}
