package bot

import (
	"context"
	"fmt"
	"runtime/debug"
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
			Description: "What irbot knows, where it comes from, and how to tell us what it misses",
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
	return aboutReply(b.kb, buildVersion(b.opts.Version, debug.ReadBuildInfo), b.recordNote(), b.opts.Feedback != nil), nil
}

// recordNote says in brief what the bot keeps of a question and for how
// long (PRIVACY.md has the whole of it, for admins).
func (b *Bot) recordNote() string {
	if b.opts.Feedback == nil {
		return "Nothing: questions are answered and forgotten."
	}
	kept := "for " + feedback.KeptFor(b.opts.Retention)
	if b.opts.Retention < 0 {
		kept = "until the bot's admin deletes them"
	}
	return "Your `/ask` questions and votes, kept " + kept + " for the guide's editors: " +
		"never who asked (no user ID, name or message ID)."
}

// aboutReply is /about for students: that this is information, not
// advice; what the bot knows and where it comes from; how to use it and
// how to say what it missed; what it keeps. Admin settings are in the
// README.
func aboutReply(kb *knowledge.Base, version, record string, votes bool) reply {
	faq := 0
	for _, p := range kb.Passages {
		if p.Kind == knowledge.KindFAQ {
			faq++
		}
	}
	var sources []string
	for _, d := range kb.Documents {
		line := "*" + escapeInline(d.Title) + "*"
		if d.Author != "" {
			line += " by " + escapeInline(d.Author)
		}
		if d.Updated != "" {
			line += ", updated " + d.Updated
		}
		sources = append(sources, line)
	}
	sources = append(sources, fmt.Sprintf("%d sections, %d FAQ answers, %d pathways.", len(kb.Passages), faq, len(kb.Pathways)))
	known := strings.Join(sources, "\n")
	feedbackHow := "If an answer misses, ask again in other words, or tell the server's admins."
	if votes {
		feedbackHow = "**👍 Helpful** or **🤔 Not quite** under an answer tells the guide's editors how it did."
	}
	e := &discordgo.MessageEmbed{
		Title:       "About irbot",
		Description: "**General information, not advice.** Details change: confirm anything that matters with the programs, the ACGME, the ABR and the NRMP.",
		Color:       colourAbout,
		Fields: nonEmptyFields(
			field("What I know", "Interventional radiology (IR) residency, from this guide, whose sections I cite:\n"+known),
			field("How to ask", "`/ask` a question · `/pathway` the routes into IR · `/faq` · `/guide` · on a message, **Apps → Find answer**"),
			field("Tell us what I miss", feedbackHow),
			field("What I keep", record),
		),
		Footer: &discordgo.MessageEmbedFooter{Text: shorten("irbot "+version, 100)},
	}
	fitEmbed(e)
	return reply{embeds: []*discordgo.MessageEmbed{e}, post: actAbout}
}

// Version is the version of this binary, as /about and `irbot version`
// show it: given (set with -ldflags), else what Go recorded at build time.
func Version(given string) string { return buildVersion(given, debug.ReadBuildInfo) }

// buildVersion is the version /about shows: the one the binary was given
// (-ldflags), else the module version or VCS revision Go recorded when it
// built the binary (what `go version -m` prints), else "development build".
func buildVersion(given string, info func() (*debug.BuildInfo, bool)) string {
	if given != "" && given != "dev" {
		return given
	}
	bi, ok := info()
	if !ok || bi == nil {
		return "unversioned build"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		// Built with -buildvcs=false outside a release: say so, with the
		// toolchain, rather than pretend to a version.
		return "unversioned build, " + bi.GoVersion
	}
	rev = rev[:min(len(rev), 12)]
	if modified == "true" {
		rev += " (modified)"
	}
	return rev
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
