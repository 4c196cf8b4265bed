package discordtest

import (
	"encoding/base64"
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

// Buttons returns the custom IDs of every interactive button in a response's
// components (link buttons have none), so tests can click what the bot
// offers.
func Buttons(resp *discordgo.InteractionResponse) []string {
	if resp == nil || resp.Data == nil {
		return nil
	}
	var ids []string
	var walk func([]discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch c := c.(type) {
			case discordgo.ActionsRow:
				walk(c.Components)
			case *discordgo.ActionsRow:
				walk(c.Components)
			case discordgo.Button:
				if c.CustomID != "" && !c.Disabled {
					ids = append(ids, c.CustomID)
				}
			case *discordgo.Button:
				if c.CustomID != "" && !c.Disabled {
					ids = append(ids, c.CustomID)
				}
			}
		}
	}
	walk(resp.Data.Components)
	return ids
}
