package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/knowledge"
)

// reply is what a handler produces: the message, before visibility and the
// Share button are applied by finish. Renderers build
// replies from knowledge alone, with no I/O, so tests can check each one.
type reply struct {
	content string
	embeds  []*discordgo.MessageEmbed
	// buttons are rows of buttons, at most five each.
	buttons [][]discordgo.Button
	// selects each take a row of their own, after the buttons.
	selects []discordgo.SelectMenu
	// post is the view (a custom_id without "irbot:") that shows this reply
	// again; a private reply with one gets a Share button.
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
// ephemeral unless the bot or the reply is public, with a Share button on
// private replies that can be shared.
func finish(rp reply, public bool) *discordgo.InteractionResponse {
	ephemeral := rp.private || (!public && !rp.public)
	rows := rp.buttons
	if ephemeral && !rp.private && rp.post != "" {
		if id := prefix + actShare + ":" + rp.post; fits(id) {
			rows = appendButton(rows, shareButton(id))
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

// inPlace turns a new-message response into an update of the message that
// was clicked (type 7): navigation in a private reply replaces it rather
// than piling up replies. The message keeps its visibility, so the
// ephemeral flag, which an update cannot set, is dropped.
func inPlace(resp *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	resp.Type = discordgo.InteractionResponseUpdateMessage
	if resp.Data != nil {
		resp.Data.Flags &^= discordgo.MessageFlagsEphemeral
	}
	return resp
}

// appendButton adds b to the last row when it has room, else in a new row.
func appendButton(rows [][]discordgo.Button, b discordgo.Button) [][]discordgo.Button {
	if n := len(rows); n > 0 && len(rows[n-1]) < limits.MaxRowButtons {
		last := append(append([]discordgo.Button{}, rows[n-1]...), b)
		return append(append([][]discordgo.Button{}, rows[:n-1]...), last)
	}
	return append(append([][]discordgo.Button{}, rows...), []discordgo.Button{b})
}

// shareButton is the quiet button that posts a private reply to the
// channel.
func shareButton(id string) discordgo.Button {
	b := button("Share", id, discordgo.SecondaryButton)
	b.Emoji = &discordgo.ComponentEmoji{Name: "📣"}
	return b
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

// posted makes a reply public, credited inside its first embed to the
// user who shared it: a mention in an embed shows the name and never
// notifies, even where a server ignores allowed_mentions.
func posted(rp reply, user string) reply {
	rp.public, rp.private, rp.post = true, false, ""
	credit := "Shared from a private answer"
	if limits.IsSnowflake(user) {
		credit = "Asked by <@" + user + ">"
	}
	if len(rp.embeds) == 0 {
		rp.content = credit
		return rp
	}
	e := *rp.embeds[0]
	d, _ := cut(e.Description, limits.MaxEmbedDescription-runeLen(credit)-4)
	e.Description = strings.TrimSpace(d + "\n\n*" + credit + "*")
	rp.embeds = append([]*discordgo.MessageEmbed{&e}, rp.embeds[1:]...)
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

// passageEmbed shows a passage: its heading as the title, and below, in
// the footer, the guide and the chapter it sits in, with the guide's date.
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
	return &discordgo.MessageEmbed{Title: t, Description: d, Color: colour, Footer: footer(doc, pathLine(doc, p))}
}

// pathLine is where a passage sits: "Guide › Chapter" (its own heading is
// the embed's title).
func pathLine(doc knowledge.Document, p knowledge.Passage) string {
	var parts []string
	if doc.Title != "" {
		parts = append(parts, doc.Title)
	}
	parts = append(parts, p.Path...)
	return strings.Join(parts, " › ")
}

// maxFooter bounds a document's credit line, well under Discord's 2048.
const maxFooter = 120

// docFooter credits a document by name and date: "Interventional
// Radiology Residency Guide · updated 2025-11-26". Its file and source note
// are for /about.
func docFooter(doc knowledge.Document) *discordgo.MessageEmbedFooter {
	return footer(doc, "")
}

// footer is docFooter with where, when set, after the guide's name (the
// path of a section: "Guide › FAQ").
func footer(doc knowledge.Document, where string) *discordgo.MessageEmbedFooter {
	var parts []string
	name := doc.Title
	if name == "" {
		name = doc.Source
	}
	if where != "" {
		name = where
	}
	if name != "" {
		parts = append(parts, name)
	}
	if doc.Updated != "" {
		parts = append(parts, "updated "+doc.Updated)
	}
	if len(parts) == 0 {
		return nil
	}
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

// runeLen counts code points, as Discord does.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
