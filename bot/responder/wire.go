package responder

import (
	"encoding/json"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Marshal encodes a response as Discord receives it. An autocomplete result
// is {"type":8,"data":{"choices":[...]}}: discordgo's encoding drops an
// empty choice list (omitempty) and adds the message fields tts, content,
// components and embeds, and Discord's clients show "Loading options
// failed" for that instead of "No options match".
func Marshal(resp *discordgo.InteractionResponse) ([]byte, error) {
	if resp == nil || resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		return json.Marshal(resp)
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if resp.Data != nil && resp.Data.Choices != nil {
		choices = resp.Data.Choices
	}
	type data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	}
	return json.Marshal(struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data data                              `json:"data"`
	}{resp.Type, data{choices}})
}

// Route returns a REST path fit for logs and metric labels: the API prefix
// dropped, interaction tokens replaced by {token} and IDs by {id}, so it
// names the route and nothing about who called it.
func Route(path string) string {
	if i := strings.Index(path, "/api/v"); i >= 0 {
		path = path[i+len("/api/v"):]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			path = "/"
		}
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	seg := strings.Split(path, "/")
	for i := range seg {
		switch {
		case i > 0 && (seg[i-1] == "interactions" || seg[i-1] == "webhooks") && i+1 < len(seg):
			// /interactions/{id}/{token}, /webhooks/{application}/{token}
			seg[i] = "{id}"
			seg[i+1] = "{token}"
		case seg[i] == "{token}":
		case isID(seg[i]):
			seg[i] = "{id}"
		}
	}
	return strings.Join(seg, "/")
}

// isID reports whether a path segment is a snowflake (all digits).
func isID(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
