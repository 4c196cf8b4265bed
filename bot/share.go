package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/responder"
)

// shared is the public post of a view a student chose to share: what their
// private reply showed (its embeds, so an /ask answer keeps the question
// above it), or, when Discord sent no message, the view rendered again;
// credited inside the embed to the student.
func (b *Bot) shared(r *request, rp reply) reply {
	if m := r.i.Message; m != nil && len(m.Embeds) > 0 {
		es := make([]*discordgo.MessageEmbed, 0, len(m.Embeds))
		for _, e := range m.Embeds {
			if e != nil {
				c := *e
				es = append(es, &c)
			}
		}
		if len(es) > 0 {
			rp.embeds = es
		}
	}
	return posted(rp, r.user)
}

// Response is everything the bot sends for one interaction: the response
// itself, then, in order, follow-up messages once the response is
// accepted. It is the runners' responder.Reply.
type Response = responder.Reply

// Respond answers one interaction as Handle does, except for Share on a
// private reply: that private reply is updated in place, its Share button
// now a disabled "Shared" so it cannot post twice, and the public post
// comes as a follow-up. (When Discord sent the private reply without its
// content, there is nothing to update it with: the post is the response.)
// The runners call Respond (Bot is a
// responder.FollowupHandler); Handle answers Share with the public post
// alone.
func (b *Bot) Respond(ctx context.Context, i *discordgo.Interaction) (Response, error) {
	resp, err := b.Handle(ctx, i)
	if err != nil || i == nil || i.Type != discordgo.InteractionMessageComponent || i.Message == nil ||
		i.Message.Flags&discordgo.MessageFlagsEphemeral == 0 || (i.Message.Content == "" && len(i.Message.Embeds) == 0) || resp == nil || resp.Data == nil ||
		resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return Response{Now: resp}, err
	}
	r := newRequest(i)
	if r.comp == nil {
		return Response{Now: resp}, nil
	}
	id, perr := parseCustomID(r.comp.CustomID)
	if perr != nil || (id.action != actShare && id.action != actPost) {
		return Response{Now: resp}, nil
	}
	d := resp.Data
	post := &discordgo.WebhookParams{
		Content: d.Content, Embeds: d.Embeds, Components: d.Components, AllowedMentions: noMentions(),
	}
	update := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{
			Content:         i.Message.Content,
			Embeds:          i.Message.Embeds,
			Components:      markShared(i.Message.Components, r.comp.CustomID),
			AllowedMentions: noMentions(),
		},
	}
	return Response{Now: update, Followups: []*discordgo.WebhookParams{post}}, nil
}

// markShared copies a message's rows with the button that shared it turned
// into a disabled "Shared".
func markShared(rows []discordgo.MessageComponent, customID string) []discordgo.MessageComponent {
	out := make([]discordgo.MessageComponent, 0, len(rows))
	for _, c := range rows {
		row, ok := as[discordgo.ActionsRow](c)
		if !ok {
			out = append(out, c)
			continue
		}
		cs := make([]discordgo.MessageComponent, 0, len(row.Components))
		for _, x := range row.Components {
			btn, ok := as[discordgo.Button](x)
			if !ok {
				cs = append(cs, x)
				continue
			}
			if btn.CustomID == customID {
				btn.Label, btn.Disabled = "Shared", true
				btn.Emoji = &discordgo.ComponentEmoji{Name: "✅"}
			}
			cs = append(cs, btn)
		}
		out = append(out, discordgo.ActionsRow{Components: cs})
	}
	return out
}

// as reads a component as a T, whether decoded as a value (built here) or
// as a pointer (decoded from Discord's JSON).
func as[T any](c discordgo.MessageComponent) (T, bool) {
	switch v := any(c).(type) {
	case T:
		return v, true
	case *T:
		if v != nil {
			return *v, true
		}
	}
	var zero T
	return zero, false
}
