package limits

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Check returns every limit resp breaks, or nil. It knows the response types
// irbot sends: pong (1), message (4), deferred (5, 6), update (7),
// autocomplete result (8) and modal (9).
func Check(resp *discordgo.InteractionResponse) error {
	c := &checker{}
	if resp == nil {
		c.add("response", "is nil")
		return c.err()
	}
	d := resp.Data
	switch resp.Type {
	case discordgo.InteractionResponsePong:
		if d != nil {
			c.add("data", "must be absent for a pong")
		}
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
		if d == nil {
			c.add("data", "is missing for a message response")
			break
		}
		c.message("data", message{
			content: d.Content, embeds: d.Embeds, components: d.Components,
			mentions: d.AllowedMentions, flags: d.Flags,
		}, true)
		if len(d.Choices) > 0 {
			c.add("data.choices", "only autocomplete results carry choices")
		}
		if d.TTS {
			c.add("data.tts", "irbot never sends text-to-speech")
		}
	case discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate:
		if d != nil {
			c.flags("data.flags", d.Flags)
		}
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if d == nil {
			c.add("data", "is missing for an autocomplete result")
			break
		}
		if d.Choices == nil {
			c.add("data.choices", `is missing; an empty result is an empty list ("choices":[]), or Discord shows "Loading options failed"`)
		}
		c.choices("data.choices", d.Choices)
		if d.Content != "" || len(d.Embeds) > 0 || len(d.Components) > 0 || d.TTS || d.AllowedMentions != nil ||
			d.Flags != 0 || d.CustomID != "" || d.Title != "" || d.Poll != nil || d.Attachments != nil {
			c.add("data", "an autocomplete result carries only choices")
		}
	case discordgo.InteractionResponseModal:
		if d == nil {
			c.add("data", "is missing for a modal")
			break
		}
		c.between("data.title", d.Title, MaxModalTitle)
		c.between("data.custom_id", d.CustomID, MaxCustomID)
		if n := len(d.Components); n < 1 || n > MaxActionRows {
			c.add("data.components", "has %d rows, want 1 to %d", n, MaxActionRows)
		}
	default:
		c.add("type", "%d is not an interaction response type", resp.Type)
	}
	return c.err()
}

// CheckJSON returns the limits an interaction response breaks as encoded
// for Discord, or nil: what Check finds in it, and for an autocomplete
// result, any field besides "choices" (discordgo's own encoding adds tts,
// content, components and embeds, and drops an empty choices list).
func CheckJSON(body []byte) error {
	c := &checker{}
	var raw struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data map[string]json.RawMessage        `json:"data"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		c.add("response", "is not a JSON interaction response: %v", err)
		return c.err()
	}
	if raw.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		return nil
	}
	choices, ok := raw.Data["choices"]
	if !ok || len(bytes.TrimSpace(choices)) == 0 || bytes.TrimSpace(choices)[0] != '[' {
		c.add("data.choices", `is missing or not a list; an empty result is "choices":[]`)
	}
	for k := range raw.Data {
		if k != "choices" {
			c.add("data."+k, "does not belong in an autocomplete result, which carries only choices")
		}
	}
	var resp discordgo.InteractionResponse
	if err := json.Unmarshal(body, &resp); err == nil {
		if err := Check(&resp); err != nil {
			c.vs = append(c.vs, err.(Violations)...)
		}
	}
	return c.err()
}

// CheckMessage returns every limit a follow-up message breaks, or nil. The
// runners send these after a deferred response.
func CheckMessage(p *discordgo.WebhookParams) error {
	c := &checker{}
	if p == nil {
		c.add("message", "is nil")
		return c.err()
	}
	c.message("message", message{
		content: p.Content, embeds: p.Embeds, components: p.Components,
		mentions: p.AllowedMentions, flags: p.Flags,
	}, true)
	if p.TTS {
		c.add("message.tts", "irbot never sends text-to-speech")
	}
	return c.err()
}

// CheckWebhookEdit returns every limit an edit of the original response (or
// of a follow-up) breaks, or nil. An edit may leave content or embeds as they
// were (nil), so only what it sets is checked, but it must still carry
// allowed_mentions.
func CheckWebhookEdit(e *discordgo.WebhookEdit) error {
	c := &checker{}
	if e == nil {
		c.add("edit", "is nil")
		return c.err()
	}
	m := message{mentions: e.AllowedMentions}
	requireBody := false
	if e.Content != nil {
		m.content = *e.Content
	}
	if e.Embeds != nil {
		m.embeds = *e.Embeds
	}
	if e.Components != nil {
		m.components = *e.Components
	}
	// An edit that sets both to nothing would leave an empty message.
	if e.Content != nil && e.Embeds != nil {
		requireBody = true
	}
	c.message("edit", m, requireBody)
	return c.err()
}

// message is the part every kind of message payload shares.
type message struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
	mentions   *discordgo.MessageAllowedMentions
	flags      discordgo.MessageFlags
}

func (c *checker) message(where string, m message, requireBody bool) {
	c.max(where+".content", m.content, MaxContent)
	if requireBody && m.content == "" && len(m.embeds) == 0 {
		c.add(where, "has neither content nor embeds")
	}
	c.embeds(where+".embeds", m.embeds)
	c.components(where+".components", m.components)
	c.mentions(where+".allowed_mentions", m.mentions)
	c.flags(where+".flags", m.flags)
}

// mentions enforces irbot's rule: nothing a reply says may ping anyone.
func (c *checker) mentions(where string, am *discordgo.MessageAllowedMentions) {
	switch {
	case am == nil:
		c.add(where, "is missing; set Parse to an empty non-nil slice so nothing pings")
	case am.Parse == nil:
		c.add(where+".parse", `is nil, which encodes as "parse":null; use an empty slice`)
	case len(am.Parse) > 0:
		c.add(where+".parse", "allows %v; irbot pings no one", am.Parse)
	}
	if am != nil {
		if len(am.Users) > 0 {
			c.add(where+".users", "allows pinging %d user(s)", len(am.Users))
		}
		if len(am.Roles) > 0 {
			c.add(where+".roles", "allows pinging %d role(s)", len(am.Roles))
		}
		if am.RepliedUser {
			c.add(where+".replied_user", "pings the replied-to user")
		}
	}
}

func (c *checker) flags(where string, f discordgo.MessageFlags) {
	allowed := discordgo.MessageFlagsEphemeral | discordgo.MessageFlagsSuppressEmbeds
	if f&^allowed != 0 {
		c.add(where, "%d sets flags a reply may not set (only ephemeral 64 and suppress-embeds 4)", f)
	}
}

func (c *checker) choices(where string, cs []*discordgo.ApplicationCommandOptionChoice) {
	if len(cs) > MaxChoices {
		c.add(where, "has %d choices, limit %d", len(cs), MaxChoices)
	}
	for i, ch := range cs {
		w := fmt.Sprintf("%s[%d]", where, i)
		if ch == nil {
			c.add(w, "is nil")
			continue
		}
		c.choice(w, ch)
	}
}

func (c *checker) choice(where string, ch *discordgo.ApplicationCommandOptionChoice) {
	c.between(where+".name", ch.Name, MaxChoiceName)
	switch v := ch.Value.(type) {
	case string:
		c.max(where+".value", v, MaxChoiceValue)
	case float64, int, int64, float32, int32, uint, uint64:
	case nil:
		c.add(where+".value", "is missing")
	default:
		c.add(where+".value", "has type %T, want string or number", v)
	}
}
