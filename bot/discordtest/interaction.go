package discordtest

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// Test guild, channel and user that interactions come from.
const (
	GuildID   = "300000000000000001"
	ChannelID = "300000000000000002"
	UserID    = "300000000000000003"
)

// newID returns a random snowflake-shaped ID.
func newID() string {
	return strconv.FormatUint(1<<60+rand.Uint64N(1<<59), 10)
}

// newToken returns a random interaction token, shaped like Discord's.
func newToken() string {
	b := make([]byte, 48)
	for i := range b {
		b[i] = byte(rand.UintN(256))
	}
	return "aW50ZXJhY3Rpb24" + base64.RawURLEncoding.EncodeToString(b)
}

func base(appID string, typ discordgo.InteractionType) *discordgo.Interaction {
	locale := discordgo.EnglishUS
	return &discordgo.Interaction{
		ID:          newID(),
		AppID:       appID,
		Type:        typ,
		GuildID:     GuildID,
		ChannelID:   ChannelID,
		Member:      &discordgo.Member{User: &discordgo.User{ID: UserID, Username: "resident", Discriminator: "0"}, Nick: "Resident"},
		Locale:      discordgo.EnglishUS,
		GuildLocale: &locale,
		Token:       newToken(),
		Version:     1,
	}
}

// Ping returns a PING interaction, as Discord sends to check an endpoint.
func Ping(appID string) *discordgo.Interaction {
	i := base(appID, discordgo.InteractionPing)
	i.Member = nil
	return i
}

// Command returns a slash command interaction with these options.
func Command(appID, name string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	i := base(appID, discordgo.InteractionApplicationCommand)
	i.Data = discordgo.ApplicationCommandInteractionData{ID: newID(), Name: name, CommandType: discordgo.ChatApplicationCommand, Options: options}
	return i
}

// Autocomplete returns an autocomplete interaction: one of the options should
// have Focused set.
func Autocomplete(appID, name string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	i := Command(appID, name, options...)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

// Component returns a click on a button (or a choice in a select menu, when
// values are given) with this custom ID on message msg (which may be nil).
func Component(appID, customID string, msg *discordgo.Message, values ...string) *discordgo.Interaction {
	i := base(appID, discordgo.InteractionMessageComponent)
	ct := discordgo.ButtonComponent
	if len(values) > 0 {
		ct = discordgo.SelectMenuComponent
	}
	if msg == nil {
		msg = &discordgo.Message{ID: newID(), ChannelID: ChannelID, Author: &discordgo.User{ID: DefaultBotUserID, Bot: true}}
	}
	i.Message = msg
	i.Data = discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: ct, Values: values}
	return i
}

// Option returns a command option with a value.
func Option(name string, typ discordgo.ApplicationCommandOptionType, value any) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: typ, Value: value}
}

// CommandFor returns an interaction invoking def with every required option
// filled with a plausible value (the first choice when it has choices), and
// the first subcommand when it has subcommands.
func CommandFor(appID string, def *discordgo.ApplicationCommand) *discordgo.Interaction {
	return Command(appID, def.Name, sampleOptions(def.Options)...)
}

// AutocompleteFor returns an autocomplete interaction for the first option of
// def (or of its first subcommand) that has autocomplete, with typed as its
// partial value; nil when def has none.
func AutocompleteFor(appID string, def *discordgo.ApplicationCommand, typed string) *discordgo.Interaction {
	opts, ok := focusOptions(def.Options, typed)
	if !ok {
		return nil
	}
	return Autocomplete(appID, def.Name, opts...)
}

func focusOptions(defs []*discordgo.ApplicationCommandOption, typed string) ([]*discordgo.ApplicationCommandInteractionDataOption, bool) {
	for _, d := range defs {
		switch d.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			if sub, ok := focusOptions(d.Options, typed); ok {
				return []*discordgo.ApplicationCommandInteractionDataOption{{Name: d.Name, Type: d.Type, Options: sub}}, true
			}
		default:
			if d.Autocomplete {
				o := Option(d.Name, d.Type, typed)
				o.Focused = true
				return []*discordgo.ApplicationCommandInteractionDataOption{o}, true
			}
		}
	}
	return nil, false
}

func sampleOptions(defs []*discordgo.ApplicationCommandOption) []*discordgo.ApplicationCommandInteractionDataOption {
	var out []*discordgo.ApplicationCommandInteractionDataOption
	for _, d := range defs {
		switch d.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			return []*discordgo.ApplicationCommandInteractionDataOption{{Name: d.Name, Type: d.Type, Options: sampleOptions(d.Options)}}
		}
		if !d.Required {
			continue
		}
		out = append(out, Option(d.Name, d.Type, sampleValue(d)))
	}
	return out
}

func sampleValue(d *discordgo.ApplicationCommandOption) any {
	if len(d.Choices) > 0 {
		return d.Choices[0].Value
	}
	switch d.Type {
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		if d.MinValue != nil {
			return *d.MinValue
		}
		return 1
	case discordgo.ApplicationCommandOptionBoolean:
		return true
	case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionMentionable:
		return UserID
	case discordgo.ApplicationCommandOptionChannel:
		return ChannelID
	case discordgo.ApplicationCommandOptionRole:
		return GuildID
	default:
		return "what is interventional radiology residency"
	}
}

// MessageCommand returns a message context-menu command (such as "Find
// answer") used on a message with this content.
func MessageCommand(appID, name, content string) *discordgo.Interaction {
	i := base(appID, discordgo.InteractionApplicationCommand)
	target := &discordgo.Message{ID: newID(), ChannelID: ChannelID, Content: content,
		Author: &discordgo.User{ID: UserID, Username: "resident", Discriminator: "0"}}
	i.Data = discordgo.ApplicationCommandInteractionData{
		ID: newID(), Name: name, CommandType: discordgo.MessageApplicationCommand, TargetID: target.ID,
		Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{target.ID: target}},
	}
	return i
}

// Clicks returns a click on every enabled button of a reply, and a choice
// of the first option of every select menu, each on a message carrying the
// reply, as Discord would send them.
func Clicks(appID string, resp *discordgo.InteractionResponse) []*discordgo.Interaction {
	if resp == nil || resp.Data == nil {
		return nil
	}
	msg := &discordgo.Message{
		ID: newID(), ChannelID: ChannelID, Content: resp.Data.Content, Embeds: resp.Data.Embeds,
		Components: resp.Data.Components, Flags: resp.Data.Flags,
		Author: &discordgo.User{ID: DefaultBotUserID, Bot: true},
	}
	var out []*discordgo.Interaction
	var walk func([]discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch c := c.(type) {
			case discordgo.ActionsRow:
				walk(c.Components)
			case *discordgo.ActionsRow:
				walk(c.Components)
			case discordgo.Button:
				out = appendButton(out, appID, msg, c)
			case *discordgo.Button:
				out = appendButton(out, appID, msg, *c)
			case discordgo.SelectMenu:
				out = appendSelect(out, appID, msg, c)
			case *discordgo.SelectMenu:
				out = appendSelect(out, appID, msg, *c)
			}
		}
	}
	walk(resp.Data.Components)
	return out
}

func appendButton(out []*discordgo.Interaction, appID string, msg *discordgo.Message, b discordgo.Button) []*discordgo.Interaction {
	if b.CustomID == "" || b.Disabled {
		return out // link buttons never reach the bot
	}
	return append(out, Component(appID, b.CustomID, msg))
}

func appendSelect(out []*discordgo.Interaction, appID string, msg *discordgo.Message, m discordgo.SelectMenu) []*discordgo.Interaction {
	if m.CustomID == "" || m.Disabled || len(m.Options) == 0 {
		return out
	}
	return append(out, Component(appID, m.CustomID, msg, m.Options[0].Value))
}

// Encode is i as Discord sends it. discordgo never encodes a message's
// components (its Message.Components is tagged "-"), but Discord sends the
// clicked message's components with every click, and a bot may read them:
// Encode puts them back.
func Encode(i *discordgo.Interaction) ([]byte, error) {
	raw, err := json.Marshal(i)
	if err != nil || i.Message == nil || len(i.Message.Components) == 0 {
		return raw, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, err
	}
	var msg map[string]json.RawMessage
	if err := json.Unmarshal(top["message"], &msg); err != nil {
		return nil, err
	}
	if msg["components"], err = json.Marshal(i.Message.Components); err != nil {
		return nil, err
	}
	if top["message"], err = json.Marshal(msg); err != nil {
		return nil, err
	}
	return json.Marshal(top)
}
