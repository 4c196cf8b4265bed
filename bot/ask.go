package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// maxRelated is how many more matches an answer offers besides the best.
const maxRelated = 3

func (b *Bot) askCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "ask",
			Description: "Ask a question about IR residency, answered from the guide",
			Contexts:    usableIn(),
			Options: []*discordgo.ApplicationCommandOption{
				stringOption("question", "Your question, e.g. how long is IR residency?", true, true, maxQuestion),
			},
		},
		run: func(ctx context.Context, r *request) (reply, error) {
			q, _ := r.option("question")
			return b.answer(ctx, q, "")
		},
		complete: b.completeAsk,
	}
}

// answer searches the guide for a question and renders the best passage,
// or says kindly that the guide does not answer it. lead, when set, is
// shown above the answer.
func (b *Bot) answer(ctx context.Context, question, lead string) (reply, error) {
	q := cleanText(question, maxQuestion)
	if q == "" {
		return reply{}, userErrorf("Please type a question — for example `/ask question: how long is IR residency?`")
	}
	res, err := b.search.Search(ctx, q, 1+maxRelated)
	if err != nil {
		return reply{}, fmt.Errorf("search %q: %w", q, err)
	}
	hits := b.preferTitle(q, res.Hits)
	if len(hits) == 0 {
		return notFoundReply(q), nil
	}
	var related []knowledge.Passage
	for _, h := range hits[1:] {
		if len(related) < maxRelated {
			related = append(related, h.Passage)
		}
	}
	return answerReply(hits[0], b.doc(hits[0].Passage), related, lead), nil
}

// preferTitle drops repeated passages and puts first the passage whose
// title is the question itself: what autocomplete offers, and what a
// student who copies a FAQ question means.
func (b *Bot) preferTitle(q string, hits []index.Hit) []index.Hit {
	seen := map[string]bool{}
	out := make([]index.Hit, 0, len(hits)+1)
	if p, ok := b.titled(q, ""); ok {
		found := false
		for _, h := range hits {
			if h.Passage.ID == p.ID {
				out, found = append(out, h), true
			}
		}
		if !found {
			out = append(out, index.Hit{Passage: p})
		}
		seen[p.ID] = true
	}
	for _, h := range hits {
		if !seen[h.Passage.ID] && h.Passage.ID != "" {
			seen[h.Passage.ID] = true
			out = append(out, h)
		}
	}
	return out
}

// completeAsk suggests FAQ questions and guide headings matching what has
// been typed; each value is the heading itself, which /ask answers.
func (b *Bot) completeAsk(ctx context.Context, r *request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	typed := cleanText(r.focused(), maxQuestion)
	var ps []knowledge.Passage
	if typed == "" {
		ps = append(b.kb.FAQ(), b.topLevel()...)
	} else {
		var err error
		if ps, err = b.search.Complete(ctx, typed, "", maxChoices); err != nil {
			return nil, fmt.Errorf("complete %q: %w", typed, err)
		}
	}
	choices := titleChoices(ps, func(p knowledge.Passage) string { return p.Title })
	if len(choices) == 0 && typed != "" {
		choices = append(choices, choice(typed, typed))
	}
	return choices, nil
}

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// titleChoices offers passages by title, best first, without repeating a
// value.
func titleChoices(ps []knowledge.Passage, value func(knowledge.Passage) string) []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	seen := map[string]bool{}
	for _, p := range ps {
		c := choice(p.Title, value(p))
		v := c.Value.(string)
		if seen[v] || v == "" || len(out) == maxChoices {
			continue
		}
		seen[v] = true
		out = append(out, c)
	}
	return out
}

// topLevel returns the outermost headings of every document.
func (b *Bot) topLevel() []knowledge.Passage {
	var out []knowledge.Passage
	for _, p := range b.kb.Passages {
		if len(p.Path) == 0 && p.Kind == knowledge.KindGuide {
			out = append(out, p)
		}
	}
	return out
}
