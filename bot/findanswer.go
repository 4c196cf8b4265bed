package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/feedback"
)

// findAnswerCommand is the message context-menu command: right-click a
// message, Apps, Find answer, and the bot answers its text as a question.
func (b *Bot) findAnswerCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Type:     discordgo.MessageApplicationCommand,
			Name:     "Find answer",
			Contexts: usableIn(),
		},
		run: func(ctx context.Context, r *request) (reply, error) {
			msg := targetMessage(r)
			if msg == nil {
				return reply{}, userErrorf("I couldn't read that message. Try `/ask` with the question instead.")
			}
			text := cleanText(msg.Content, maxQuestion)
			if text == "" {
				return reply{}, userErrorf("That message has no text for me to look up (only an image, a sticker or an embed?). Try `/ask` with the question in words.")
			}
			return b.answer(ctx, r, text, feedback.CommandFind, "Answering "+quote(text, 150))
		},
	}
}

// targetMessage is the message a context-menu command was used on.
func targetMessage(r *request) *discordgo.Message {
	if r.cmd == nil || r.cmd.Resolved == nil || r.cmd.TargetID == "" {
		return nil
	}
	return r.cmd.Resolved.Messages[r.cmd.TargetID]
}
