package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/knowledge"
)

// reply is what a handler produces: the message, before visibility and the
// shared "Post to channel" button are applied by finish. Renderers build
// replies from knowledge alone, with no I/O, so tests can check each one.
type reply struct {
	content string
	embeds  []*discordgo.MessageEmbed
	// buttons are rows of buttons, at most five each.
	buttons [][]discordgo.Button
	// selects each take a row of their own, after the buttons.
	selects []discordgo.SelectMenu
	// post is the view (a custom_id without "irbot:") that shows this reply
	// again; a private reply with one gets a "Post to channel" button.
	post string
	// private replies are ephemeral whatever the bot's default: notices
	// and errors that only concern the asker.
	private bool
	// public replies are visible to the channel whatever the default: a
	// reply the asker chose to post.
	public bool
}

// Embed colours, by what an embed shows.
const (
	colourGuide   = 0x2F80ED
	colourFAQ     = 0x27AE60
	colourPathway = 0x9B51E0
	colourAbout   = 0x828282
	colourClosest = 0xF2C94C
)

// noMentions lets nothing in a message ping anyone. Parse must be an empty
// non-nil slice: nil encodes as "parse":null, which Discord reads as "use
// the defaults".
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// finish turns a reply into the response Discord receives: a new message,
// ephemeral unless the bot or the reply is public, with "Post to channel"
// on private replies that can be posted.
func finish(rp reply, public bool) *discordgo.InteractionResponse {
	ephemeral := rp.private || (!public && !rp.public)
	rows := rp.buttons
	if ephemeral && !rp.private && rp.post != "" {
		if id := prefix + actPost + ":" + rp.post; fits(id) {
			post := button("Post to channel", id, discordgo.SuccessButton)
			if n := len(rows); n > 0 && len(rows[n-1]) < limits.MaxRowButtons {
				last := append(append([]discordgo.Button{}, rows[n-1]...), post)
				rows = append(append([][]discordgo.Button{}, rows[:n-1]...), last)
			} else {
				rows = append(append([][]discordgo.Button{}, rows...), []discordgo.Button{post})
			}
		}
	}
	components := []discordgo.MessageComponent{}
	for _, row := range rows {
		if len(row) == 0 || len(components) == limits.MaxActionRows {
			continue
		}
		cs := make([]discordgo.MessageComponent, len(row))
		for i, b := range row {
			cs[i] = b
		}
		components = append(components, discordgo.ActionsRow{Components: cs})
	}
	for _, s := range rp.selects {
		if len(components) == limits.MaxActionRows || len(s.Options) == 0 {
			continue
		}
		components = append(components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{s}})
	}
	content, _ := cut(rp.content, limits.MaxContent)
	fitTotal(rp.embeds)
	data := &discordgo.InteractionResponseData{
		Content:         content,
		Embeds:          rp.embeds,
		Components:      components,
		AllowedMentions: noMentions(),
	}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

// fitTotal is the last resort that keeps a message's embeds within
// Discord's 6000-character budget: it shortens the longest description,
// then drops trailing fields. Renderers plan within the budget; this only
// catches what an unusual guide pushes over.
func fitTotal(es []*discordgo.MessageEmbed) {
	total := 0
	for _, e := range es {
		total += limits.EmbedChars(e)
	}
	for total > limits.MaxEmbedTotal {
		var longest *discordgo.MessageEmbed
		for _, e := range es {
			if e != nil && (longest == nil || runeLen(e.Description) > runeLen(longest.Description)) {
				longest = e
			}
		}
		if longest != nil && runeLen(longest.Description) > 200 {
			longest.Description, _ = cut(longest.Description, max(runeLen(longest.Description)-(total-limits.MaxEmbedTotal)-10, 100))
		} else {
			dropped := false
			for i := len(es) - 1; i >= 0 && !dropped; i-- {
				if e := es[i]; e != nil && len(e.Fields) > 0 {
					e.Fields = e.Fields[:len(e.Fields)-1]
					dropped = true
				}
			}
			if !dropped {
				return // nothing left to shorten: the validator will say so
			}
		}
		total = 0
		for _, e := range es {
			total += limits.EmbedChars(e)
		}
	}
}

// posted makes a reply public, credited to the user who posted it. The
// mention shows who asked without pinging them: finish allows no mentions.
func posted(rp reply, user string) reply {
	rp.public, rp.private, rp.post = true, false, ""
	if isSnowflake(user) {
		rp.content = "Asked by <@" + user + ">"
	} else {
		rp.content = "Shared from a private answer"
	}
	return rp
}

// notice is a short private message: a refusal, a hint, an apology.
func notice(msg string) reply { return reply{content: msg, private: true} }

// choicesResponse is an autocomplete result.
func choicesResponse(choices []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}
}

// choice is an autocomplete choice with its name and value cut to fit.
func choice(name, value string) *discordgo.ApplicationCommandOptionChoice {
	n, _ := cut(name, limits.MaxChoiceName)
	v, _ := cut(value, limits.MaxChoiceValue)
	return &discordgo.ApplicationCommandOptionChoice{Name: n, Value: v}
}

// passageEmbed shows a passage: its heading as the title, where it sits in
// its guide above it, and the guide's source and date below.
func passageEmbed(doc knowledge.Document, p knowledge.Passage, title, description string) *discordgo.MessageEmbed {
	t, _ := cut(title, limits.MaxEmbedTitle)
	d, _ := cut(description, limits.MaxEmbedDescription)
	if strings.TrimSpace(d) == "" {
		d = "*This section has no text of its own.*"
	}
	colour := colourGuide
	if p.Kind == knowledge.KindFAQ {
		colour = colourFAQ
	}
	e := &discordgo.MessageEmbed{Title: t, Description: d, Color: colour, Footer: docFooter(doc)}
	if line := pathLine(doc, p); line != "" {
		a, _ := cut(line, limits.MaxAuthorName)
		e.Author = &discordgo.MessageEmbedAuthor{Name: a}
	}
	return e
}

// pathLine is "Guide › Section › Heading".
func pathLine(doc knowledge.Document, p knowledge.Passage) string {
	var parts []string
	if doc.Title != "" {
		parts = append(parts, doc.Title)
	}
	parts = append(parts, p.Path...)
	parts = append(parts, p.Title)
	return strings.Join(parts, " › ")
}

// maxFooter bounds a document's credit line, well under Discord's 2048.
const maxFooter = 300

// docFooter credits a document: its source, author and date.
func docFooter(doc knowledge.Document) *discordgo.MessageEmbedFooter {
	var parts []string
	if doc.Source != "" {
		parts = append(parts, "Source: "+doc.Source)
	} else if doc.Title != "" {
		parts = append(parts, "Source: "+doc.Title)
	}
	if doc.Author != "" {
		parts = append(parts, "by "+doc.Author)
	}
	if doc.Updated != "" {
		parts = append(parts, "last updated "+doc.Updated)
	}
	if len(parts) == 0 {
		return nil
	}
	// A footer is a credit line, not a place for a long source note.
	t, _ := cut(strings.Join(parts, " · "), maxFooter)
	return &discordgo.MessageEmbedFooter{Text: t}
}

// escapeInline escapes the few characters that would break emphasis
// around trusted text (guide headings) without the backslashes that
// escapeMarkdown adds for user text.
func escapeInline(s string) string {
	r := strings.NewReplacer("*", `\*`, "_", `\_`, "`", "\\`", "~", `\~`, "|", `\|`)
	return r.Replace(s)
}

// isSnowflake reports whether s looks like a Discord ID.
func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// runeLen counts code points, as Discord does.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
