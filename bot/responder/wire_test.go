package responder

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
)

// TestMarshalAutocomplete: an autocomplete result carries only choices on
// the wire, an empty list included, whatever else its struct holds.
func TestMarshalAutocomplete(t *testing.T) {
	auto := discordgo.InteractionApplicationCommandAutocompleteResult
	tests := []struct {
		name string
		resp *discordgo.InteractionResponse
		want string
	}{
		{"no data", &discordgo.InteractionResponse{Type: auto}, `{"type":8,"data":{"choices":[]}}`},
		{"nil choices", &discordgo.InteractionResponse{Type: auto, Data: &discordgo.InteractionResponseData{}}, `{"type":8,"data":{"choices":[]}}`},
		{"empty choices", Fallback(discordtest.Autocomplete(appID, "ask")), `{"type":8,"data":{"choices":[]}}`},
		{"message fields dropped", &discordgo.InteractionResponse{Type: auto, Data: &discordgo.InteractionResponseData{TTS: true, Content: "x",
			Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "Embolization", Value: "embolization"}}}},
			`{"type":8,"data":{"choices":[{"name":"Embolization","value":"embolization"}]}}`},
		{"a message is discordgo's encoding", &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate},
			`{"type":6}`},
	}
	for _, tt := range tests {
		b, err := Marshal(tt.resp)
		if err != nil || string(b) != tt.want {
			t.Errorf("%s: Marshal = %s, %v; want %s", tt.name, b, err, tt.want)
		}
		if err := limits.CheckJSON(b); err != nil {
			t.Errorf("%s: CheckJSON(%s) = %v", tt.name, b, err)
		}
	}
}

func TestRoute(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/api/v9/interactions/1234567890123/aW50ZXJhY3Rpb24xyz/callback", "/interactions/{id}/{token}/callback"},
		{"/webhooks/100000000000000001/tok.en-x/messages/@original", "/webhooks/{id}/{token}/messages/@original"},
		{"/api/v9/applications/100000000000000001/guilds/300000000000000001/commands", "/applications/{id}/guilds/{id}/commands"},
		{"/api/v9/gateway/bot", "/gateway/bot"},
		{"/api/v9/oauth2/applications/@me", "/oauth2/applications/@me"},
		{"/webhooks/1/tok?wait=true", "/webhooks/{id}/{token}"},
		{"/api/v9/webhooks/456/secret-token", "/webhooks/{id}/{token}"},
		{"/proxy/api/v10/users/@me", "/users/@me"},
		{"/api/v9/gateway", "/gateway"},
	}
	for _, tt := range tests {
		if got := Route(tt.in); got != tt.want {
			t.Errorf("Route(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
