package responder

import (
	"encoding/json"
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

// FuzzRoute: whatever an interaction's ID, application ID and token hold,
// the route names the template and nothing of them.
func FuzzRoute(f *testing.F) {
	f.Add("1234567890123", "100000000000000001", "aW50ZXJhY3Rpb24xyz")
	f.Add("", "", "")
	f.Add("../..", "@me", "a/b?c#d")
	f.Fuzz(func(t *testing.T, id, app, token string) {
		i := &discordgo.Interaction{ID: id, AppID: app, Token: token}
		for _, tt := range []struct{ path, want string }{
			{"/api/v9/interactions/" + seg(i.ID) + "/" + seg(i.Token) + "/callback", "/interactions/{id}/{token}/callback"},
			{"/webhooks/" + seg(i.AppID) + "/" + seg(i.Token) + "/messages/@original", "/webhooks/{id}/{token}/messages/@original"},
			{"/webhooks/" + seg(i.AppID) + "/" + seg(i.Token), "/webhooks/{id}/{token}"},
		} {
			if got := Route(tt.path); got != tt.want {
				t.Errorf("Route(%q) = %q, want %q", tt.path, got, tt.want)
			}
		}
	})
}

// FuzzMarshalAutocomplete: any choices encode as a result that carries
// only choices.
func FuzzMarshalAutocomplete(f *testing.F) {
	f.Add("Embolization", "embolization", 1)
	f.Add("", "", 0)
	f.Fuzz(func(t *testing.T, name, value string, n int) {
		var choices []*discordgo.ApplicationCommandOptionChoice
		for range n % 30 {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: value})
		}
		b, err := Marshal(&discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices, Content: name}})
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Type int                        `json:"type"`
			Data map[string]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(b, &got); err != nil || got.Type != 8 || len(got.Data) != 1 || got.Data["choices"] == nil {
			t.Errorf("Marshal = %s, want type 8 with only choices", b)
		}
	})
}
