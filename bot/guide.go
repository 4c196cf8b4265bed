package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/knowledge"
)

func (b *Bot) guideCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "guide",
			Description: "Read the guide: its table of contents, or one section in full",
			Contexts:    usableIn(),
			Options: []*discordgo.ApplicationCommandOption{
				stringOption("section", "A heading of the guide (leave empty for the table of contents)", false, true, maxQuestion),
			},
		},
		run: func(ctx context.Context, r *request) (reply, error) {
			s, _ := r.option("section")
			if cleanText(s, maxQuestion) == "" {
				return b.tocView(ctx, "", nil)
			}
			return b.section(ctx, s)
		},
		complete: b.completeGuide,
	}
}

// section finds the section a student means: by ID (what autocomplete
// sends), by its exact heading, or by the best search hit.
func (b *Bot) section(ctx context.Context, s string) (reply, error) {
	s = cleanText(s, maxQuestion)
	p, ok := b.kb.Passage(s)
	if !ok {
		p, ok = b.titled(s, "")
	}
	if !ok {
		res, err := b.search.Search(ctx, s, 1)
		if err != nil {
			return reply{}, fmt.Errorf("search sections %q: %w", s, err)
		}
		if len(res.Hits) == 0 {
			return notice("I couldn't find a section called " + quote(s, 200) + ".\n" +
				"• `/guide` with no section shows the table of contents\n" +
				"• `/ask` searches the text of the whole guide"), nil
		}
		p = res.Hits[0].Passage
	}
	return passageReply(b.doc(p), p, 0, b.children(p)), nil
}

// completeGuide suggests headings; each value is the passage's ID.
func (b *Bot) completeGuide(ctx context.Context, r *request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	typed := cleanText(r.focused(), maxQuestion)
	ps := b.topLevel()
	if typed != "" {
		var err error
		if ps, err = b.search.Complete(ctx, typed, "", maxChoices); err != nil {
			return nil, fmt.Errorf("complete sections %q: %w", typed, err)
		}
	}
	var out []*discordgo.ApplicationCommandOptionChoice
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.ID] || len(out) == maxChoices {
			continue
		}
		seen[p.ID] = true
		name := p.Title
		if p.Kind == knowledge.KindFAQ {
			name = "FAQ: " + name
		}
		out = append(out, choice(name, p.ID))
	}
	if len(out) == 0 && typed != "" {
		out = append(out, choice(typed, typed))
	}
	return out, nil
}

// openView shows a passage: irbot:open:<id> from a button, or the value
// chosen in an irbot:open[:#n] select.
func (b *Bot) openView(_ context.Context, arg string, values []string) (reply, error) {
	id := arg
	if len(values) > 0 {
		id = values[0]
	} else if id == "" || strings.HasPrefix(id, "#") {
		return reply{}, errStale
	}
	p, ok := b.kb.Passage(id)
	if !ok {
		return reply{}, errStale
	}
	return passageReply(b.doc(p), p, 0, b.children(p)), nil
}

// moreView shows a later page of a long passage (irbot:more:<id>:<page>).
func (b *Bot) moreView(_ context.Context, arg string, _ []string) (reply, error) {
	id, page, ok := parseMoreArg(arg)
	if !ok {
		return reply{}, errStale
	}
	p, ok := b.kb.Passage(id)
	if !ok || page >= len(pages(p.Body, pageSize)) {
		return reply{}, errStale
	}
	return passageReply(b.doc(p), p, page, b.children(p)), nil
}

// tocView shows the table of contents (irbot:toc).
func (b *Bot) tocView(_ context.Context, arg string, _ []string) (reply, error) {
	if arg != "" {
		return reply{}, errStale
	}
	if len(b.kb.Passages) == 0 {
		return reply{}, userErrorf("I have no guides loaded yet. A server admin can add Markdown guides with KNOWLEDGE_DIR (see `/about`).")
	}
	return tocReply(b.kb.Documents, b.kb.Passages), nil
}

// tocReply renders a table of contents: one embed per document with its
// headings indented by level, and menus that open any section.
func tocReply(docs []knowledge.Document, all []knowledge.Passage) reply {
	const menus = limits.MaxActionRows - 1 // a row stays free for Post
	byDoc := map[string][]knowledge.Passage{}
	for _, p := range all {
		byDoc[p.Document] = append(byDoc[p.Document], p)
	}
	if len(docs) == 0 {
		docs = []knowledge.Document{{Title: "Guide"}}
		byDoc["Guide"] = all
	}
	shown := docs[:min(len(docs), limits.MaxEmbeds)]
	var rp reply
	var opts []discordgo.SelectMenuOption
	var titles []string
	for _, d := range shown {
		for _, p := range byDoc[d.Title] {
			where := d.Title
			if len(p.Path) > 0 {
				where = p.Path[len(p.Path)-1]
			}
			opts = append(opts, passageOption(p.Title, where, p.ID))
			titles = append(titles, p.Title)
		}
	}
	var left int
	rp.selects, left = openSelects(opts, menus, func(first, last int) string {
		return "Open: " + shorten(titles[first], 60) + " … " + shorten(titles[last], 60)
	})
	for i, d := range shown {
		title, _ := cut("Contents — "+d.Title, limits.MaxEmbedTitle)
		footer := docFooter(d)
		overhead := runeLen(title)
		if footer != nil {
			overhead += runeLen(footer.Text)
		}
		budget := min(limits.MaxEmbedDescription, (limits.MaxEmbedTotal-200)/len(shown)-overhead)
		ps := byDoc[d.Title]
		base := 0
		for _, p := range ps {
			if base == 0 || p.Level < base {
				base = p.Level
			}
		}
		lines := make([]string, 0, len(ps))
		for _, p := range ps {
			lines = append(lines, tocLine(p, base))
		}
		header := fmt.Sprintf("%d sections. Pick one below, or use `/guide section:`.", len(ps))
		if i == 0 && left > 0 {
			header += fmt.Sprintf("\n*The menus list the first %d sections; use `/guide section:` for the other %d.*", len(opts)-left, left)
		}
		rp.embeds = append(rp.embeds, &discordgo.MessageEmbed{
			Title:       title,
			Description: listWithin(lines, budget, header, "find them with `/guide section:`"),
			Color:       colourGuide,
			Footer:      footer,
		})
	}
	rp.post = actTOC
	return rp
}

// tocLine is one heading, indented by its depth below the document's top
// level with em spaces, which Discord keeps.
func tocLine(p knowledge.Passage, base int) string {
	depth := max(p.Level-base, 0)
	t, _ := cut(strings.TrimSpace(p.Title), 100)
	title := escapeInline(t)
	switch depth {
	case 0:
		return "**" + title + "**"
	case 1:
		return "\u2003• " + title
	default:
		return strings.Repeat("\u2003", depth) + "◦ " + title
	}
}

func shorten(s string, n int) string {
	c, _ := cut(s, n)
	return c
}
