package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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
	return passageReply(b.doc(p), p, 0, b.children(p), b.chapter(p)), nil
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
	return passageReply(b.doc(p), p, 0, b.children(p), b.chapter(p)), nil
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
	return passageReply(b.doc(p), p, page, b.children(p), b.chapter(p)), nil
}

// tocView shows the guide's chapters (irbot:toc), or one chapter's
// sections: irbot:toc:<chapter-id> from a button, or the chapter chosen
// in an irbot:toc[:#n] select.
func (b *Bot) tocView(_ context.Context, arg string, values []string) (reply, error) {
	if len(b.kb.Passages) == 0 {
		return reply{}, userErrorf("I have no guides loaded yet. Try again once a server admin has added one.")
	}
	id := arg
	if len(values) > 0 {
		id = values[0]
	} else if strings.HasPrefix(id, "#") {
		return reply{}, errStale
	}
	if id == "" {
		return tocReply(b.kb.Documents, b.kb.Passages), nil
	}
	p, ok := b.kb.Passage(id)
	if !ok {
		return reply{}, errStale
	}
	secs := b.descendants(p)
	if len(secs) == 0 {
		return passageReply(b.doc(p), p, 0, nil, ""), nil
	}
	return chapterReply(b.doc(p), p, secs), nil
}

// chapter returns the ID of the top-level section p sits in, or "" when p
// is one (or its chapter cannot be found).
func (b *Bot) chapter(p knowledge.Passage) string {
	if len(p.Path) == 0 {
		return ""
	}
	for _, c := range b.kb.Passages {
		if c.Document == p.Document && len(c.Path) == 0 && c.Title == p.Path[0] {
			return c.ID
		}
	}
	return ""
}

// descendants returns every passage under p, at any depth, in reading order.
func (b *Bot) descendants(p knowledge.Passage) []knowledge.Passage {
	path := append(append([]string{}, p.Path...), p.Title)
	var out []knowledge.Passage
	for _, c := range b.kb.Passages {
		if c.Document == p.Document && len(c.Path) >= len(path) && slices.Equal(c.Path[:len(path)], path) {
			out = append(out, c)
		}
	}
	return out
}

// tocReply renders the guides' chapters: one embed per document listing
// its top-level headings, and a menu that opens a chapter's sections.
func tocReply(docs []knowledge.Document, all []knowledge.Passage) reply {
	const menus = limits.MaxActionRows - 1 // a row stays free for Share
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
	for _, d := range shown {
		ps := byDoc[d.Title]
		base := 0
		for _, p := range ps {
			if base == 0 || p.Level < base {
				base = p.Level
			}
		}
		var lines []string
		for _, p := range ps {
			if p.Level != base {
				continue
			}
			n := 0
			for _, c := range ps {
				if len(c.Path) > len(p.Path) && c.Path[len(p.Path)] == p.Title && slices.Equal(c.Path[:len(p.Path)], p.Path) {
					n++
				}
			}
			t, _ := cut(strings.TrimSpace(p.Title), 100)
			line := fmt.Sprintf("%d. %s", len(lines)+1, escapeInline(t))
			desc := "One section: opens it"
			if n > 0 {
				desc = fmt.Sprintf("%d sections", n)
			}
			lines = append(lines, line)
			label := fmt.Sprintf("%d. %s", len(lines), p.Title)
			if len(shown) > 1 {
				desc = d.Title + " · " + desc
			}
			opts = append(opts, passageOption(label, desc, p.ID))
		}
		title, _ := cut(d.Title, limits.MaxEmbedTitle)
		budget := min(limits.MaxEmbedDescription, (limits.MaxEmbedTotal-200)/len(shown)-runeLen(title)-maxFooter)
		header := ""
		rp.embeds = append(rp.embeds, &discordgo.MessageEmbed{
			Title:       title,
			Description: listWithin(lines, budget, header, "find them with `/guide section:`"),
			Color:       colourGuide,
			Footer:      docFooter(d),
		})
	}
	var left int
	rp.selects, left = tocSelects(opts, menus)
	if left > 0 && len(rp.embeds) > 0 {
		rp.embeds[0].Description += fmt.Sprintf("\n*The menus list the first %d chapters; use `/guide section:` for the other %d.*", len(opts)-left, left)
	}
	// No Share: a list of chapters says nothing to the channel, and its
	// row would push the list past a phone's first screen.
	return rp
}

// tocSelects lays chapter options out in menus of up to 25 that open a
// chapter (irbot:toc, irbot:toc:#2, ...), and reports how many did not fit.
func tocSelects(opts []discordgo.SelectMenuOption, n int) ([]discordgo.SelectMenu, int) {
	menus, left := openSelects(opts, n, func(first, last int) string {
		if len(opts) <= limits.MaxSelectOptions {
			return "Open a chapter to see its sections…"
		}
		return fmt.Sprintf("Chapters %d–%d…", first+1, last+1)
	})
	for i := range menus {
		menus[i].CustomID = prefix + actTOC
		if i > 0 {
			menus[i].CustomID += ":#" + strconv.Itoa(i+1)
		}
	}
	return menus, left
}

// chapterReply lists a chapter's sections, indented by depth, with a menu
// that opens any of them (or the chapter's own introduction) and a button
// back to the chapters.
func chapterReply(doc knowledge.Document, ch knowledge.Passage, secs []knowledge.Passage) reply {
	var lines []string
	for _, p := range secs {
		t, _ := cut(strings.TrimSpace(p.Title), 100)
		lines = append(lines, strings.Repeat("\u2003", max(p.Level-ch.Level-1, 0))+"• "+escapeInline(t))
	}
	title, _ := cut(ch.Title, limits.MaxEmbedTitle)
	header := fmt.Sprintf("%d sections. Pick one below to read it.", len(secs))
	e := &discordgo.MessageEmbed{
		Title:       title,
		Description: listWithin(lines, limits.MaxEmbedDescription-200, header, "find them with `/guide section:`"),
		Color:       colourGuide,
		Footer:      docFooter(doc),
	}
	var opts []discordgo.SelectMenuOption
	if strings.TrimSpace(ch.Body) != "" {
		opts = append(opts, passageOption(ch.Title, "The chapter's introduction", ch.ID))
	}
	for _, p := range secs {
		where := ""
		if len(p.Path) > len(ch.Path)+1 {
			where = p.Path[len(p.Path)-1]
		}
		opts = append(opts, passageOption(p.Title, where, p.ID))
	}
	rp := reply{embeds: []*discordgo.MessageEmbed{e}, post: viewID(actTOC, ch.ID)}
	rp.selects, _ = openSelects(opts, limits.MaxActionRows-2, func(first, last int) string {
		if len(opts) <= limits.MaxSelectOptions {
			return "Read a section…"
		}
		return fmt.Sprintf("Sections %d–%d…", first+1, last+1)
	})
	rp.buttons = [][]discordgo.Button{{button("All chapters", prefix+actTOC, discordgo.SecondaryButton)}}
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
