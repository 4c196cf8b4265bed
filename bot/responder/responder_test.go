package responder

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
)

// TestReplyShapes: what the responder sends for each kind of interaction
// and reply, checked against Discord's limits.
const appID = discordtest.DefaultApplicationID

func TestReplyShapes(t *testing.T) {
	cmd := discordtest.Command(appID, "ask")
	click := discordtest.Component(appID, "more", nil)
	auto := discordtest.Autocomplete(appID, "ask")
	bare := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "no allowed_mentions set"}}
	modal := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{Title: "Ask", CustomID: "m"}}

	tests := []struct {
		name string
		got  *discordgo.InteractionResponse
		want discordgo.InteractionResponseType
	}{
		{"deferral of a command", Deferral(cmd, false), discordgo.InteractionResponseDeferredChannelMessageWithSource},
		{"deferral of a click", Deferral(click, false), discordgo.InteractionResponseDeferredMessageUpdate},
		{"fallback for a command", Fallback(cmd), discordgo.InteractionResponseChannelMessageWithSource},
		{"fallback for autocomplete", Fallback(auto), discordgo.InteractionApplicationCommandAutocompleteResult},
		{"nil reply", complete(cmd, nil), discordgo.InteractionResponseChannelMessageWithSource},
		{"message without allowed_mentions", complete(cmd, bare), discordgo.InteractionResponseChannelMessageWithSource},
		{"message without data", complete(cmd, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource}), discordgo.InteractionResponseChannelMessageWithSource},
	}
	for _, tt := range tests {
		if tt.got.Type != tt.want {
			t.Errorf("%s: type %d, want %d", tt.name, tt.got.Type, tt.want)
		}
		if err := limits.Check(tt.got); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if bare.Data.AllowedMentions != nil {
		t.Errorf("complete changed the handler's reply in place")
	}
	if d := Deferral(cmd, true).Data; d == nil || d.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("public deferral = %+v, want no ephemeral flag", d)
	}
	if d := Deferral(cmd, false).Data; d == nil || d.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("a command's deferral is not ephemeral")
	}

	edits := map[string]*discordgo.WebhookEdit{
		"edit from a message":        EditOf(complete(cmd, bare)),
		"edit from a late modal":     EditOf(modal),
		"edit from an update (page)": EditOf(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: bare.Data}),
	}
	for name, e := range edits {
		if err := limits.CheckWebhookEdit(e); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := limits.CheckMessage(FollowupOf(bare)); err != nil {
		t.Errorf("follow-up: %v", err)
	}
}
