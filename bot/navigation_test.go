package bot

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/knowledge"
)

// channel is what a student's screen holds: the messages the bot's
// responses made, as Discord applies them. A new message (type 4) adds
// one; an update (type 7) replaces the message clicked.
type channel struct {
	msgs []*discordgo.Message
}

func (c *channel) apply(t *testing.T, clicked int, resp *discordgo.InteractionResponse) int {
	t.Helper()
	checkResponse(t, resp)
	m := &discordgo.Message{Content: resp.Data.Content, Embeds: resp.Data.Embeds, Components: resp.Data.Components, Flags: resp.Data.Flags}
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		c.msgs = append(c.msgs, m)
		return len(c.msgs) - 1
	case discordgo.InteractionResponseUpdateMessage:
		if clicked < 0 {
			t.Fatalf("an update answers a command, which has no message to update")
		}
		m.Flags = c.msgs[clicked].Flags // an update keeps the message's visibility
		c.msgs[clicked] = m
		return clicked
	}
	t.Fatalf("response type %d", resp.Type)
	return -1
}

// TestNavigationInPlace clicks through pathway → compare → a cited section
// → contents → a chapter → one of its sections in a private reply: every
// click updates the one message (type 7), so the student ends with one
// message, not six.
func TestNavigationInPlace(t *testing.T) {
	b := newRealBot(t, Options{})
	var ch channel
	at := ch.apply(t, -1, mustHandle(t, b, slash("pathway", "name", "esir")))
	steps := []struct {
		customID, value string
		wantTitle       string
	}{
		{"irbot:compare", "", "IR training pathways compared"},
		{"irbot:open", "ir-residency-pathways-overview-comparing-ir-training-routes", "Comparing IR Training Routes"},
		{"irbot:toc", "", "Interventional Radiology Residency Guide"},
		{"irbot:toc", "early-specialization-in-ir-esir-option", "Early Specialization in IR (ESIR) Option"},
		{"irbot:open", "early-specialization-in-qualifying-for-esir-as-a-medical-expert", "Qualifying for ESIR as a Medical Expert"},
	}
	for _, s := range steps {
		msg := ch.msgs[at]
		if !hasComponent(msg.Components, s.customID) {
			t.Fatalf("the message has no %s to click: %v", s.customID, componentIDs(msg.Components))
		}
		i := click(s.customID)
		if s.value != "" {
			i = click(s.customID, s.value)
		}
		i.Message = msg
		resp := mustHandle(t, b, i)
		if resp.Type != discordgo.InteractionResponseUpdateMessage {
			t.Errorf("click %s: response type %d, want %d (update in place)", s.customID, resp.Type, discordgo.InteractionResponseUpdateMessage)
		}
		if resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
			t.Errorf("click %s: an update sets the ephemeral flag, which it cannot change", s.customID)
		}
		at = ch.apply(t, at, resp)
		if got := ch.msgs[at].Embeds[0].Title; got != s.wantTitle {
			t.Errorf("click %s %s shows %q, want %q", s.customID, s.value, got, s.wantTitle)
		}
	}
	if len(ch.msgs) != 1 || ch.msgs[0].Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("after the clicks: %d messages (private: %v), want the one private message", len(ch.msgs), ch.msgs[0].Flags)
	}
	// A click on a public message (a shared one) is not allowed to rewrite
	// what the channel sees: it answers with a new private message.
	public := &discordgo.Message{Components: ch.msgs[0].Components}
	i := click("irbot:compare")
	i.Message = public
	if resp := mustHandle(t, b, i); resp.Type != discordgo.InteractionResponseChannelMessageWithSource || !ephemeral(resp) {
		t.Errorf("click on a public message: type %d, ephemeral %v; want a new private message", resp.Type, ephemeral(resp))
	}
	// Votes and notices are their own private messages, not a navigation.
	i = click("irbot:nonsense")
	i.Message = ch.msgs[0]
	if resp := mustHandle(t, b, i); resp.Type != discordgo.InteractionResponseChannelMessageWithSource || !ephemeral(resp) {
		t.Errorf("stale click: type %d, ephemeral %v; want a new private notice", resp.Type, ephemeral(resp))
	}
}

// hasComponent reports whether a message has a button or menu with
// customID.
func hasComponent(cs []discordgo.MessageComponent, customID string) bool {
	for _, id := range componentIDs(cs) {
		if id == customID || len(id) > len(customID) && id[:len(customID)+1] == customID+":" {
			return true
		}
	}
	return false
}

// TestSectionWayBack: a section links back to its chapter and to the
// contents; a chapter itself only to the contents; a heading with one
// subsection offers it as a button, not a menu of one.
func TestSectionWayBack(t *testing.T) {
	b := newRealBot(t, Options{})
	sec := mustHandle(t, b, click("irbot:open", "early-specialization-in-qualifying-for-esir-as-a-medical-expert"))
	ids := customIDs(sec)
	if !contains(ids, "irbot:toc:early-specialization-in-ir-esir-option") || !contains(ids, "irbot:toc") {
		t.Errorf("section custom_ids = %v, want its chapter and the contents", ids)
	}
	ch := mustHandle(t, b, click("irbot:toc:early-specialization-in-ir-esir-option"))
	if got := ch.Data.Embeds[0].Title; got != "Early Specialization in IR (ESIR) Option" {
		t.Errorf("This chapter shows %q", got)
	}
	top := mustHandle(t, b, click("irbot:open:introduction"))
	for _, id := range customIDs(top) {
		if len(id) > len("irbot:toc:") && id[:len("irbot:toc:")] == "irbot:toc:" {
			t.Errorf("a chapter links to a chapter: %v", customIDs(top))
		}
	}
	one := passageReply(knowledge.Document{}, knowledge.Passage{ID: "a", Title: "A"}, 0, []knowledge.Passage{{ID: "b", Title: "B"}}, "")
	if len(one.selects) != 0 || !contains(customIDs(finish(one, false)), "irbot:open:b") {
		t.Errorf("one subsection: selects %v, custom_ids %v; want a button", one.selects, customIDs(finish(one, false)))
	}
}
