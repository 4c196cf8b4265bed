package bot

import (
	"testing"

	"github.com/bwmarrin/discordgo"
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
