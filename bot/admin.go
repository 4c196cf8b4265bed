package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/feedback"
)

// adminPermission is Manage Server, which /irbot-admin asks of whoever
// uses it: Discord hides the command from other members (the command's
// default_member_permissions), and the bot checks again on every use.
const adminPermission = discordgo.PermissionManageGuild

// gapsDays is how far back /irbot-admin gaps looks, and gapsRows how many
// rows of each list it shows: the top of the report; `irbot gaps` prints
// the whole.
const (
	gapsDays = 30
	gapsRows = 5
)

func (b *Bot) adminCommand() command {
	perm := int64(adminPermission)
	return command{
		def: &discordgo.ApplicationCommand{
			Name:                     "irbot-admin",
			Description:              "For server admins: what students ask that the guide does not answer",
			DefaultMemberPermissions: &perm,
			Contexts:                 &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild},
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionSubCommand,
				Name:        "gaps",
				Description: fmt.Sprintf("Questions the guide did not answer, and answers marked Not quite, in the last %d days", gapsDays),
			}},
		},
		run: b.gaps,
	}
}

// gaps shows the top of this server's gaps report, privately, to a member
// who may manage the server.
func (b *Bot) gaps(ctx context.Context, r *request) (reply, error) {
	switch {
	case r.i.GuildID == "" || r.i.Member == nil:
		return reply{}, userErrorf("`/irbot-admin` works in a server, for its admins.")
	case r.i.Member.Permissions&(adminPermission|discordgo.PermissionAdministrator) == 0:
		return reply{}, userErrorf("`/irbot-admin` is for members who can manage this server.")
	case b.opts.Gaps == nil:
		return reply{}, userErrorf("Feedback is off on this bot (`FEEDBACK=off`), so there is no record to report on.")
	}
	since := time.Now().Add(-gapsDays * 24 * time.Hour)
	rep, err := b.opts.Gaps.Report(ctx, feedback.ReportQuery{Since: since, Guild: r.i.GuildID, Limit: gapsRows})
	if err != nil {
		return reply{}, fmt.Errorf("gaps report: %w", err)
	}
	rp := b.gapsReply(rep)
	rp.private = true
	return rp, nil
}

// gapsReply renders the top of a gaps report.
func (b *Bot) gapsReply(rep feedback.Report) reply {
	t := rep.Totals
	e := &discordgo.MessageEmbed{
		Title: fmt.Sprintf("Gaps in the guide — last %d days", gapsDays),
		Description: fmt.Sprintf("%d questions: %d answered, %d offered the closest sections, %d not answered. Votes: %d Helpful, %d Not quite.",
			t.Answers, t.High, t.Low, t.None, t.Helpful, t.NotQuite),
		Color:  colourAbout,
		Footer: &discordgo.MessageEmbedFooter{Text: "The whole report, and more days: irbot gaps --guild <this server's ID>"},
	}
	var unanswered []string
	for _, g := range rep.Unanswered {
		ex := g.Key
		if len(g.Examples) > 0 {
			ex = g.Examples[0]
		}
		unanswered = append(unanswered, fmt.Sprintf("%d× %s", g.Count, quote(ex, 120)))
	}
	var notQuite []string
	for _, s := range rep.NotQuite {
		line := fmt.Sprintf("**%s** — %d Not quite, %d Helpful", escapeInline(b.passageTitle(s.PassageID)), s.NotQuite, s.Helpful)
		if len(s.Questions) > 0 {
			line += ": " + quote(s.Questions[0], 100)
		}
		notQuite = append(notQuite, line)
	}
	var suggested []string
	for _, s := range rep.Suggestions {
		suggested = append(suggested, fmt.Sprintf("**%s** asked as %s (%d×)", escapeInline(b.passageTitle(s.PassageID)), quote(s.AskedAs, 120), s.Count))
	}
	e.Fields = nonEmptyFields(
		field("Asked, not answered (closest sections or none)", bulleted(unanswered)),
		field("Answers marked Not quite", bulleted(notQuite)),
		field("Suggested “asked as” lines (the section students opened instead)", bulleted(suggested)),
	)
	if len(e.Fields) == 0 {
		e.Fields = []*discordgo.MessageEmbedField{field("Nothing to report", "No question went unanswered and no answer was marked Not quite.")}
	}
	fitEmbed(e)
	return reply{embeds: []*discordgo.MessageEmbed{e}}
}

// passageTitle is a passage's title, or its ID when the knowledge no longer
// has it.
func (b *Bot) passageTitle(id string) string {
	if p, ok := b.kb.Passage(id); ok {
		return p.Title
	}
	return id
}

// bulleted joins lines as a list that fits an embed field.
func bulleted(lines []string) string {
	var sb strings.Builder
	for _, l := range lines {
		next := "• " + l + "\n"
		if runeLen(sb.String())+runeLen(next) > limits.MaxFieldValue {
			break
		}
		sb.WriteString(next)
	}
	return strings.TrimSpace(sb.String())
}
