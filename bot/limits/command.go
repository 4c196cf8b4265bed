package limits

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// isChatName is Discord's rule for slash command and option names,
// ^[-_\p{L}\p{N}]{1,32}$, without a regexp: compiling one with Unicode
// classes costs every start of the binary 5 ms.
func isChatName(s string) bool {
	n := 0
	for _, r := range s {
		if r != '-' && r != '_' && !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 32 && utf8.ValidString(s)
}

// CheckCommands returns every limit a set of command definitions breaks, or
// nil: names, descriptions, options and choices of slash commands, and the
// looser names of context-menu commands.
func CheckCommands(cmds []*discordgo.ApplicationCommand) error {
	c := &checker{}
	seen := map[string]bool{}
	perType := map[discordgo.ApplicationCommandType]int{}
	for i, cmd := range cmds {
		w := fmt.Sprintf("commands[%d]", i)
		if cmd == nil {
			c.add(w, "is nil")
			continue
		}
		w = fmt.Sprintf("commands[%d](%s)", i, cmd.Name)
		typ := cmd.Type
		if typ == 0 {
			typ = discordgo.ChatApplicationCommand
		}
		perType[typ]++
		key := fmt.Sprintf("%d/%s", typ, cmd.Name)
		if seen[key] {
			c.add(w+".name", "%q is defined twice", cmd.Name)
		}
		seen[key] = true
		switch typ {
		case discordgo.ChatApplicationCommand:
			c.chatName(w+".name", cmd.Name)
			c.between(w+".description", cmd.Description, MaxCommandDesc)
			c.options(w+".options", cmd.Options)
			if total := commandChars(cmd); total > MaxCommandTotal {
				c.add(w, "totals %d characters, limit %d", total, MaxCommandTotal)
			}
		case discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand:
			c.between(w+".name", cmd.Name, MaxCommandName)
			if cmd.Description != "" {
				c.add(w+".description", "context-menu commands have no description")
			}
			if len(cmd.Options) > 0 {
				c.add(w+".options", "context-menu commands have no options")
			}
		default:
			c.add(w+".type", "%d is not a command type", cmd.Type)
		}
	}
	if n := perType[discordgo.ChatApplicationCommand]; n > 100 {
		c.add("commands", "%d slash commands, limit 100", n)
	}
	for _, t := range []discordgo.ApplicationCommandType{discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand} {
		if n := perType[t]; n > 5 {
			c.add("commands", "%d context-menu commands of type %d, limit 5", n, t)
		}
	}
	return c.err()
}

func (c *checker) chatName(where, name string) {
	if !isChatName(name) {
		c.add(where, "%q must be 1-32 letters, digits, - or _", name)
	} else if strings.ToLower(name) != name {
		c.add(where, "%q must be lowercase", name)
	}
}

func (c *checker) options(where string, opts []*discordgo.ApplicationCommandOption) {
	if len(opts) > MaxCommandOptions {
		c.add(where, "has %d options, limit %d", len(opts), MaxCommandOptions)
	}
	names := map[string]bool{}
	optionalSeen := false
	for i, o := range opts {
		w := fmt.Sprintf("%s[%d]", where, i)
		if o == nil {
			c.add(w, "is nil")
			continue
		}
		c.chatName(w+".name", o.Name)
		if names[o.Name] {
			c.add(w+".name", "%q repeats an earlier option", o.Name)
		}
		names[o.Name] = true
		c.between(w+".description", o.Description, MaxCommandDesc)
		if o.Required && optionalSeen {
			c.add(w+".required", "required options must come before optional ones")
		}
		if !o.Required {
			optionalSeen = true
		}
		if len(o.Choices) > MaxChoices {
			c.add(w+".choices", "has %d choices, limit %d", len(o.Choices), MaxChoices)
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			c.add(w, "autocomplete and choices are mutually exclusive")
		}
		for j, ch := range o.Choices {
			wj := fmt.Sprintf("%s.choices[%d]", w, j)
			if ch == nil {
				c.add(wj, "is nil")
				continue
			}
			c.choice(wj, ch)
		}
		if o.MaxLength < 0 || o.MaxLength > 6000 {
			c.add(w+".max_length", "%d is outside 0..6000", o.MaxLength)
		}
		if len(o.Options) > 0 {
			c.options(w+".options", o.Options)
		}
	}
}

func commandChars(cmd *discordgo.ApplicationCommand) int {
	n := runes(cmd.Name) + runes(cmd.Description)
	var walk func([]*discordgo.ApplicationCommandOption)
	walk = func(opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			if o == nil {
				continue
			}
			n += runes(o.Name) + runes(o.Description)
			for _, ch := range o.Choices {
				if ch == nil {
					continue
				}
				n += runes(ch.Name)
				if s, ok := ch.Value.(string); ok {
					n += runes(s)
				}
			}
			walk(o.Options)
		}
	}
	walk(cmd.Options)
	return n
}
