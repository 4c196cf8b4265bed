package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/knowledge"
)

func (b *Bot) aboutCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "about",
			Description: "What irbot knows, where it comes from, and how to add to it",
			Contexts:    usableIn(),
		},
		run: func(ctx context.Context, r *request) (reply, error) { return b.aboutView(ctx, "", nil) },
	}
}

// aboutView shows /about (irbot:about).
func (b *Bot) aboutView(_ context.Context, arg string, _ []string) (reply, error) {
	if arg != "" {
		return reply{}, errStale
	}
	return aboutReply(b.kb, b.opts.Version, b.recordNote()), nil
}

// recordNote says what the bot records, for how long, and how a server
// turns it off: the same as PRIVACY.md, in brief.
func (b *Bot) recordNote() string {
	if b.opts.Feedback == nil {
		return "Nothing: feedback is off on this bot (`FEEDBACK=off`), so questions are answered and forgotten."
	}
	kept := "for " + feedback.KeptFor(b.opts.Retention)
	if b.opts.Retention < 0 {
		kept = "until the bot's admin deletes them"
	}
	return "To show the guide's editors what it fails to answer, I keep, " + kept + ", each `/ask` question with the server it came from, " +
		"how sure the answer was, the sections shown, and any Helpful / Not quite vote or section opened from it. " +
		"Never who asked, voted or clicked: no user ID, name or message ID. For **Find answer** I keep only that it was used, not the message. " +
		"Server admins see the unanswered questions with `/irbot-admin gaps`. The bot's host can purge them (`irbot gaps --purge`) or turn this off (`FEEDBACK=off`); see PRIVACY.md."
}

// aboutReply says what the bot knows and from where, that it is
// information rather than advice, what it records (record), and how a
// server admin adds content.
func aboutReply(kb *knowledge.Base, version, record string) reply {
	faq := 0
	perDoc := map[string][2]int{}
	for _, p := range kb.Passages {
		n := perDoc[p.Document]
		n[0]++
		if p.Kind == knowledge.KindFAQ {
			n[1]++
			faq++
		}
		perDoc[p.Document] = n
	}
	var known []string
	for _, d := range kb.Documents {
		n := perDoc[d.Title]
		known = append(known, fmt.Sprintf("• **%s** — %d sections, %d FAQ entries", escapeInline(d.Title), n[0], n[1]))
	}
	known = append(known, fmt.Sprintf("In all: %d passages, %d FAQ entries, %d pathways.", len(kb.Passages), faq, len(kb.Pathways)))
	var paths []string
	for _, p := range kb.Pathways {
		paths = append(paths, fmt.Sprintf("`%s` — %s", p.Key, p.Name))
	}
	var sources []string
	for _, d := range kb.Documents {
		line := "“" + escapeInline(d.Title) + "”"
		if d.Author != "" {
			line += " by " + escapeInline(d.Author)
		}
		if d.Updated != "" {
			line += ", last updated " + d.Updated
		}
		if d.Source != "" {
			line += "\n" + escapeInline(d.Source)
		}
		sources = append(sources, line)
	}
	if version == "" {
		version = "dev"
	}
	e := &discordgo.MessageEmbed{
		Title: "About irbot",
		Description: "I answer questions about interventional radiology (IR) residency from a trusted guide. " +
			"Use `/ask` for any question, `/pathway` for the routes into IR, `/faq` for common questions and `/guide` to read the guide itself. " +
			"On any message, **Apps → Find answer** looks its question up.",
		Color: colourAbout,
		Fields: nonEmptyFields(
			field("What I know", strings.Join(known, "\n")),
			field("Pathways", strings.Join(paths, "\n")),
			field("Source", strings.Join(sources, "\n\n")),
			field("Not advice", "This is general information from the guide, not medical, legal or career advice, and details change. "+
				"Confirm anything that matters with the programs themselves, the ACGME, the ABR and the NRMP."),
			field("What I record", record),
			field("Adding content (server admins)", "Set `KNOWLEDGE_DIR` to a directory of Markdown files and restart: each file starts with front matter "+
				"(`title`, `source`, `author`, `updated`), and each heading becomes a section I can search and cite. "+
				"`faq_section` names the heading whose subheadings are FAQ questions (or `kind: faq` makes a whole file FAQ). `KNOWLEDGE_REPLACE=1` serves only that directory."),
		),
		Footer: &discordgo.MessageEmbedFooter{Text: shorten("irbot "+version, 100)},
	}
	fitEmbed(e)
	return reply{embeds: []*discordgo.MessageEmbed{e}, post: actAbout}
}

func field(name, value string) *discordgo.MessageEmbedField {
	v, _ := cut(strings.TrimSpace(value), limits.MaxFieldValue)
	return &discordgo.MessageEmbedField{Name: name, Value: v}
}

// nonEmptyFields drops fields with nothing to say: Discord rejects them.
func nonEmptyFields(fs ...*discordgo.MessageEmbedField) []*discordgo.MessageEmbedField {
	var out []*discordgo.MessageEmbedField
	for _, f := range fs {
		if strings.TrimSpace(f.Value) != "" {
			out = append(out, f)
		}
	}
	return out
}
