package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// command is one application command: its definition next to its handlers.
type command struct {
	def *discordgo.ApplicationCommand
	// run answers the command.
	run func(ctx context.Context, r *request) (reply, error)
	// complete suggests values for the focused option; nil when the
	// command has no autocomplete.
	complete func(ctx context.Context, r *request) ([]*discordgo.ApplicationCommandOptionChoice, error)
}

// commandKey routes by type and name: a message command and a slash
// command may share a name.
type commandKey struct {
	typ  discordgo.ApplicationCommandType
	name string
}

func keyOf(t discordgo.ApplicationCommandType, name string) commandKey {
	if t == 0 {
		t = discordgo.ChatApplicationCommand
	}
	return commandKey{t, name}
}

// view renders something a button or select can show: arg is what the
// custom_id carries after the action, values what a select sent.
type view func(ctx context.Context, arg string, values []string) (reply, error)

// request is one interaction with its data decoded once.
type request struct {
	i    *discordgo.Interaction
	user string // the invoking user's ID, "" when Discord sent none
	cmd  *discordgo.ApplicationCommandInteractionData
	comp *discordgo.MessageComponentInteractionData
}

func newRequest(i *discordgo.Interaction) *request {
	r := &request{i: i}
	switch {
	case i.Member != nil && i.Member.User != nil:
		r.user = i.Member.User.ID
	case i.User != nil:
		r.user = i.User.ID
	}
	switch d := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		r.cmd = &d
	case *discordgo.ApplicationCommandInteractionData:
		r.cmd = d
	case discordgo.MessageComponentInteractionData:
		r.comp = &d
	case *discordgo.MessageComponentInteractionData:
		r.comp = d
	}
	return r
}

// attrs are the log attributes that identify an interaction. They never
// include its token, nor who sent it: only debug lines name the user (see
// PRIVACY.md).
func (r *request) attrs() []any {
	if r == nil {
		return nil
	}
	a := []any{"interaction", r.i.ID, "type", r.i.Type.String()}
	if r.i.GuildID != "" {
		a = append(a, "guild", r.i.GuildID)
	}
	if r.cmd != nil {
		a = append(a, "command", r.cmd.Name)
	}
	if r.comp != nil {
		a = append(a, "custom_id", r.comp.CustomID)
	}
	return a
}

// option returns the value of a top-level option as a string, whatever
// type it arrived as.
func (r *request) option(name string) (string, bool) {
	if r.cmd == nil {
		return "", false
	}
	for _, o := range r.cmd.Options {
		if o == nil || o.Name != name {
			continue
		}
		switch v := o.Value.(type) {
		case string:
			return v, true
		case nil:
			return "", false
		default:
			return fmt.Sprint(v), true
		}
	}
	return "", false
}

// focused returns what the user has typed so far into the option being
// autocompleted.
func (r *request) focused() string {
	if r.cmd == nil {
		return ""
	}
	for _, o := range r.cmd.Options {
		if o != nil && o.Focused {
			if s, ok := o.Value.(string); ok {
				return s
			}
			return fmt.Sprint(o.Value)
		}
	}
	return ""
}

// route sends an interaction to its handler and renders the result.
func (b *Bot) route(ctx context.Context, r *request) (*discordgo.InteractionResponse, error) {
	switch r.i.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil
	case discordgo.InteractionApplicationCommand:
		c, err := b.lookup(r)
		if err != nil {
			return nil, err
		}
		if err := b.allow(r); err != nil {
			return nil, err
		}
		rp, err := c.run(ctx, r)
		if err != nil {
			return nil, err
		}
		return finish(rp, b.opts.Public), nil
	case discordgo.InteractionApplicationCommandAutocomplete:
		c, err := b.lookup(r)
		if err != nil || c.complete == nil {
			return choicesResponse(nil), nil
		}
		choices, err := c.complete(ctx, r)
		if err != nil {
			return nil, err
		}
		return choicesResponse(choices), nil
	case discordgo.InteractionMessageComponent:
		if r.comp == nil {
			return nil, errStale
		}
		if err := b.allow(r); err != nil {
			return nil, err
		}
		rp, err := b.click(ctx, r)
		if err != nil {
			return nil, err
		}
		resp := finish(rp, b.opts.Public)
		if !rp.private && !rp.public && b.privateMessage(r) {
			return inPlace(resp), nil
		}
		return resp, nil
	case discordgo.InteractionModalSubmit:
		return nil, errStale
	default:
		return nil, userErrorf("I don't know how to answer that kind of interaction. Try `/ask`.")
	}
}

func (b *Bot) lookup(r *request) (command, error) {
	if r.cmd == nil {
		return command{}, userErrorf("That command arrived without its details. Please try it again.")
	}
	c, ok := b.commands[keyOf(r.cmd.CommandType, r.cmd.Name)]
	if !ok {
		return command{}, userErrorf("I don't have a command called %s (my commands may have changed). Try `/ask`, `/faq`, `/pathway`, `/guide` or `/about`.", quote(r.cmd.Name, 40))
	}
	return c, nil
}

// allow applies the per-user rate limit.
func (b *Bot) allow(r *request) error {
	if b.limiter == nil || b.limiter.allow(r.user) {
		return nil
	}
	if b.opts.Observer != nil {
		b.opts.Observer.RateLimited(r.i)
	}
	return userErrorf("You're going a little fast — give me a few seconds, then try again.")
}

// click answers a button or select: the custom_id names a view, and
// "post:" in front of one re-renders that view publicly.
func (b *Bot) click(ctx context.Context, r *request) (reply, error) {
	id, err := parseCustomID(r.comp.CustomID)
	if err != nil {
		return reply{}, errStale
	}
	if id.action == actPost || id.action == actShare {
		inner, err := parseCustomID(prefix + id.arg)
		if err != nil || inner.action == actPost || inner.action == actShare {
			return reply{}, errStale
		}
		v, ok := b.views[inner.action]
		if !ok {
			return reply{}, errStale
		}
		rp, err := v(ctx, inner.arg, nil)
		if err != nil {
			return reply{}, err
		}
		return b.shared(r, rp), nil
	}
	if a, ok := b.actions[id.action]; ok {
		return a(ctx, r, id.arg)
	}
	v, ok := b.views[id.action]
	if !ok {
		return reply{}, errStale
	}
	return v(ctx, id.arg, r.comp.Values)
}

// privateMessage reports whether the message clicked is private: its
// ephemeral flag, or, when Discord sent no message (irbot try), the bot's
// default. A click on a public message answers with a new private one, so
// that no one rewrites what the channel sees.
func (b *Bot) privateMessage(r *request) bool {
	if m := r.i.Message; m != nil {
		return m.Flags&discordgo.MessageFlagsEphemeral != 0
	}
	return !b.opts.Public
}

// errStale answers any click the bot cannot make sense of: a custom_id from
// an older version, a passage since removed, or a forgery.
var errStale = &userError{msg: "That button is out of date — try `/ask` again."}
