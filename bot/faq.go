package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/knowledge"
)

func (b *Bot) faqCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "faq",
			Description: "The guide's frequently asked questions: pick one, or see them all",
			Contexts:    usableIn(),
			Options: []*discordgo.ApplicationCommandOption{
				stringOption("question", "A FAQ question (leave empty to list them all)", false, true, maxQuestion),
			},
		},
		run: func(ctx context.Context, r *request) (reply, error) {
			q, _ := r.option("question")
			if cleanText(q, maxQuestion) == "" {
				return b.faqView(ctx, "", nil)
			}
			return b.faqAnswer(ctx, q)
		},
		complete: b.completeFAQ,
	}
}

// faqAnswer finds the FAQ entry a student means: by ID (what autocomplete
// sends), by its exact question, or by the best FAQ search hit.
func (b *Bot) faqAnswer(ctx context.Context, q string) (reply, error) {
	q = cleanText(q, maxQuestion)
	if p, ok := b.kb.Passage(q); ok && p.Kind == knowledge.KindFAQ {
		return passageReply(b.doc(p), p, 0, nil, ""), nil
	}
	if p, ok := b.titled(q, knowledge.KindFAQ); ok {
		return passageReply(b.doc(p), p, 0, nil, ""), nil
	}
	res, err := b.search.Search(ctx, q, 10)
	if err != nil {
		return reply{}, fmt.Errorf("search FAQ %q: %w", q, err)
	}
	for _, h := range res.Hits {
		if h.Passage.Kind == knowledge.KindFAQ {
			return passageReply(b.doc(h.Passage), h.Passage, 0, nil, ""), nil
		}
	}
	return notice("I couldn't find " + quote(q, 200) + " among the FAQ questions.\n" +
		"• `/faq` with no question lists them all\n" +
		"• `/ask` searches the whole guide, not just the FAQ"), nil
}

// completeFAQ suggests FAQ questions only; each value is the entry's ID.
func (b *Bot) completeFAQ(ctx context.Context, r *request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	typed := cleanText(r.focused(), maxQuestion)
	ps := b.kb.FAQ()
	if typed != "" {
		var err error
		if ps, err = b.search.Complete(ctx, typed, knowledge.KindFAQ, maxChoices); err != nil {
			return nil, fmt.Errorf("complete FAQ %q: %w", typed, err)
		}
	}
	choices := titleChoices(ps, func(p knowledge.Passage) string { return p.ID })
	if len(choices) == 0 && typed != "" {
		choices = append(choices, choice(typed, typed))
	}
	return choices, nil
}

// faqView lists every FAQ question (irbot:faq).
func (b *Bot) faqView(_ context.Context, arg string, _ []string) (reply, error) {
	if arg != "" {
		return reply{}, errStale
	}
	faq := b.kb.FAQ()
	if len(faq) == 0 {
		return reply{}, userErrorf("None of my guides has a FAQ section. Try `/guide` for the table of contents, or `/ask`.")
	}
	return faqListReply(faq, b.doc(faq[0])), nil
}

// faqListReply lists the FAQ questions, numbered, with menus that open
// each answer in one click.
func faqListReply(faq []knowledge.Passage, doc knowledge.Document) reply {
	const menus = limits.MaxActionRows - 1 // a row stays free for Post
	e := &discordgo.MessageEmbed{
		Title:  "Frequently asked questions",
		Color:  colourFAQ,
		Footer: docFooter(doc),
	}
	var lines []string
	for i, p := range faq {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, p.Title))
	}
	e.Description = listWithin(lines, limits.MaxEmbedDescription-200, "Pick a question below to read its answer.", "use `/faq question:` to find the others")
	opts := make([]discordgo.SelectMenuOption, 0, len(faq))
	for i, p := range faq {
		opts = append(opts, passageOption(fmt.Sprintf("%d. %s", i+1, p.Title), "", p.ID))
	}
	rp := reply{embeds: []*discordgo.MessageEmbed{e}, post: actFAQ}
	rp.selects, _ = openSelects(opts, menus, func(first, last int) string {
		if len(opts) <= limits.MaxSelectOptions {
			return "Choose a question to read its answer"
		}
		return fmt.Sprintf("Questions %d–%d", first+1, last+1)
	})
	return rp
}

// listWithin joins lines under a header, stopping before budget with a
// note of how many were left out and where to find them.
func listWithin(lines []string, budget int, header, elsewhere string) string {
	text := header
	for i, l := range lines {
		next := l
		if text != "" {
			next = text + "\n" + l
		}
		if runeLen(next) > budget-80 {
			return text + fmt.Sprintf("\n…and %d more (%s)", len(lines)-i, elsewhere)
		}
		text = next
	}
	return text
}
