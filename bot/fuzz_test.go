package bot

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
)

// fuzzQuestions seed FuzzAsk with what users type and what breaks parsers.
var fuzzQuestions = []string{
	"how long is IR residency?", "what is ESIR", "", " ", "\u200b", "?", "*", "**", "\\", "\x00",
	"+x -y title:/re/ *", `"unclosed`, "a AND b OR NOT c", "title:esir^10~2", "/regex.*/", "field:[a TO z]",
	"@everyone @here <@80351110224678912> <@&1> <#1> </ask:1>", "[click](https://evil.example) ||spoiler|| ~~x~~ `code` > quote",
	"# heading\n- list\n-# subtext", "🩻🧑‍⚕️👩🏽‍⚕️", "\u202eevil\u202c", "כמה זמן נמשכת ההתמחות", "ما هو الإقامة",
	"\xff\xfe\xfd", strings.Repeat("residency ", 600), strings.Repeat("x", 6000), strings.Repeat("é", 101),
	"dr first", "6-year", "faq-how-long-is-an-interventional-radiology-residency", "FAQ", "References",
}

// FuzzAsk sends arbitrary text through every place a user types it: each
// command's option, autocomplete, and a message for Find answer. Every
// reply must pass the validator, and nothing a user types is a fault.
func FuzzAsk(f *testing.F) {
	for _, q := range fuzzQuestions {
		f.Add(q)
	}
	b := newFuzzBot(f)
	f.Fuzz(func(t *testing.T, q string) {
		msg := &discordgo.Message{ID: "2", Content: q}
		find := slash("Find answer")
		find.Data = discordgo.ApplicationCommandInteractionData{
			Name: "Find answer", CommandType: discordgo.MessageApplicationCommand, TargetID: "2",
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{"2": msg}},
		}
		for _, i := range []*discordgo.Interaction{
			slash("ask", "question", q), typing("ask", "question", q),
			slash("faq", "question", q), typing("faq", "question", q),
			slash("guide", "section", q), typing("guide", "section", q),
			slash("pathway", "name", q), typing("pathway", "name", q),
			slash(q), find,
		} {
			resp, err := b.Handle(context.Background(), i)
			if err != nil {
				t.Fatalf("Handle(%q) error = %v", q, err)
			}
			checkResponse(t, resp)
		}
	})
}

// FuzzCustomID clicks arbitrary custom_ids, as buttons and as selects with
// an arbitrary value: a forged or stale one gets the friendly notice.
func FuzzCustomID(f *testing.F) {
	kb := guide(f)
	for _, id := range []string{
		"irbot:compare", "irbot:faq", "irbot:toc", "irbot:about", "irbot:pathway:esir", "irbot:post:compare",
		"irbot:post:pathway:integrated", "irbot:open:" + kb.Passages[0].ID, "irbot:more:" + kb.Passages[0].ID + ":0",
		"irbot:more:x:99999999999999999999", "irbot:post:post:post:open", "irbot:open:#2", "irbot:", ":", "", "\xff",
		"irbot:open:" + strings.Repeat("a", 100), "irbot:post:more:" + kb.Passages[0].ID + ":1",
		"irbot:share:compare", "irbot:share:share:toc", "irbot:share:post:about", "irbot:pathway:esir:timeline",
		"irbot:pathway:esir:", "irbot:pathway::timeline", "irbot:toc:introduction", "irbot:toc:#2", "irbot:toc:" + kb.Passages[0].ID,
	} {
		f.Add(id, "")
		f.Add(id, kb.Passages[len(kb.Passages)-1].ID)
	}
	f.Add("irbot:open", "nope")
	b := newFuzzBot(f)
	f.Fuzz(func(t *testing.T, id, value string) {
		clicks := []*discordgo.Interaction{click(id)}
		if value != "" {
			clicks = append(clicks, click(id, value))
		}
		// The same clicks on a private reply: updates in place, and Share
		// as an update plus a follow-up.
		for _, c := range append([]*discordgo.Interaction(nil), clicks...) {
			p := *c
			p.Message = &discordgo.Message{ID: "1300000000000000999", Flags: discordgo.MessageFlagsEphemeral,
				Embeds:     []*discordgo.MessageEmbed{{Title: "t", Description: "d"}},
				Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Share", CustomID: id, Style: 2}}}}}
			clicks = append(clicks, &p)
			r, err := b.Respond(context.Background(), &p)
			if err != nil {
				t.Fatalf("Respond(click %q %q): error = %v", id, value, err)
			}
			checkResponse(t, r.Now)
			for _, m := range r.Followups {
				if err := limits.CheckMessage(m); err != nil {
					t.Fatalf("click %q: follow-up: %v", id, err)
				}
			}
		}
		for _, i := range clicks {
			resp, err := b.Handle(context.Background(), i)
			if err != nil {
				t.Fatalf("click %q %q: error = %v", id, value, err)
			}
			checkResponse(t, resp)
			if utf8.ValidString(id) && !strings.HasPrefix(id, prefix) && !strings.Contains(flatten(resp), "out of date") {
				t.Fatalf("click %q: a foreign custom_id was answered: %s", id, flatten(resp))
			}
		}
	})
}
