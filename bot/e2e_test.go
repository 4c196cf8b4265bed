package bot

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/index"
)

var (
	realIndex     *index.Index
	realIndexErr  error
	realIndexOnce sync.Once
)

// newRealBot is a bot over the embedded guide and the real index: what
// users get.
func newRealBot(tb testing.TB, opts Options) *Bot {
	tb.Helper()
	kb := guide(tb)
	realIndexOnce.Do(func() { realIndex, realIndexErr = index.New(kb.Passages, index.OptionsFor(kb)) })
	if realIndexErr != nil {
		tb.Fatalf("index.New() = %v", realIndexErr)
	}
	return New(kb, realIndex, opts, nil)
}

// TestEndToEnd asks what students ask, through the real knowledge and the
// real index.
func TestEndToEnd(t *testing.T) {
	b := newRealBot(t, Options{})
	tests := []struct {
		question  string
		wantTitle string
		want      []string
	}{
		{"how long is IR residency?", "How long is an interventional radiology residency?", []string{"six years", "internship"}},
		{"what is ESIR?", "", []string{"ESIR"}},
		{"how competitive is IR", "How competitive is IR residency?", nil},
		{"What are the top IR residency programs in the United States?", "What are the top IR residency programs in the United States?", nil},
		{"how do I prepare for IR residency interviews", "", []string{"interview"}},
	}
	for _, tt := range tests {
		resp := mustHandle(t, b, slash("ask", "question", tt.question))
		if len(resp.Data.Embeds) == 0 {
			t.Errorf("/ask %q: no answer: %s", tt.question, flatten(resp))
			continue
		}
		e := resp.Data.Embeds[0]
		if tt.wantTitle != "" && e.Title != tt.wantTitle {
			t.Errorf("/ask %q: answered %q, want %q", tt.question, e.Title, tt.wantTitle)
		}
		got := strings.ToLower(flatten(resp))
		for _, w := range tt.want {
			if !strings.Contains(got, strings.ToLower(w)) {
				t.Errorf("/ask %q lacks %q:\n%s", tt.question, w, got)
			}
		}
	}
}

// TestEndToEndFixtures answers every fixture with the real index: all
// within the limits, none a fault.
func TestEndToEndFixtures(t *testing.T) {
	b := newRealBot(t, Options{})
	for _, name := range fixtureNames(t) {
		resp, err := b.Handle(t.Context(), loadInteraction(t, name))
		if err != nil {
			t.Errorf("%s: Handle() error = %v", name, err)
		}
		checkResponse(t, resp)
	}
}

// TestEveryFAQQuestionFindsItself: asking a FAQ question word for word
// answers with that entry, through /ask and /faq.
func TestEveryFAQQuestionFindsItself(t *testing.T) {
	b := newRealBot(t, Options{})
	for _, p := range guide(t).FAQ() {
		for _, cmd := range []string{"ask", "faq"} {
			resp := mustHandle(t, b, slash(cmd, "question", p.Title))
			if len(resp.Data.Embeds) == 0 || resp.Data.Embeds[0].Title != p.Title {
				t.Errorf("/%s %q answered %s", cmd, p.Title, flatten(resp))
			}
		}
	}
}

// TestEverySectionOpens opens every passage by button and by /guide.
func TestEverySectionOpens(t *testing.T) {
	b := newRealBot(t, Options{})
	for _, p := range guide(t).Passages {
		for _, i := range []*discordgo.Interaction{click("irbot:open:" + p.ID), click("irbot:open", p.ID), slash("guide", "section", p.ID), click("irbot:post:open:" + p.ID)} {
			resp := mustHandle(t, b, i)
			if len(resp.Data.Embeds) == 0 || !strings.HasPrefix(resp.Data.Embeds[0].Title, p.Title[:min(len(p.Title), 40)]) {
				t.Errorf("opening %s: %s", p.ID, flatten(resp))
			}
		}
	}
}

// fixtureNames lists testdata/interactions.
func fixtureNames(tb testing.TB) []string {
	tb.Helper()
	entries, err := os.ReadDir("testdata/interactions")
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	return names
}
