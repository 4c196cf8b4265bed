package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/feedback"
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
			return b.answer(ctx, r, q, feedback.CommandAsk, "")
		},
		complete: b.completeAsk,
	}
}

// answer searches the guide for a question and renders what it found, by
// the search's confidence: the best passage as the answer (high), the
// closest sections labelled as such (low), or a kind word on what the guide
// covers (none). With feedback on, every reply carries Helpful and Not
// quite, and the answer is recorded. command is feedback.CommandAsk or
// CommandFind; lead, when set, is shown above the reply.
func (b *Bot) answer(ctx context.Context, r *request, question, command, lead string) (reply, error) {
	q := cleanText(question, maxQuestion)
	if q == "" {
		return reply{}, userErrorf("Please type a question — for example `/ask question: how long is IR residency?`")
	}
	res, err := b.search.Search(ctx, q, 1+maxRelated)
	if err != nil {
		return reply{}, fmt.Errorf("search: %w", err)
	}
	hits, titled := b.preferTitle(q, res.Hits)
	switch {
	case titled:
		// The question is a heading (what autocomplete offers): that
		// section is the answer.
		res.Confidence = index.High
	case len(hits) == 0:
		res.Confidence = index.None
	}
	// shown are the sections the reply shows, as recorded.
	switch res.Confidence {
	case index.High:
		hits = hits[:min(len(hits), 1+maxRelated)]
	case index.Low:
		hits = hits[:min(len(hits), maxClosest)]
	default:
		hits = nil
	}
	shown := make([]knowledge.Passage, 0, len(hits))
	for _, h := range hits {
		shown = append(shown, h.Passage)
	}
	answerID := b.newAnswerID()
	b.record(r, answerID, command, q, res.Key, string(res.Confidence), shown)
	var rp reply
	answered := ""
	switch res.Confidence {
	case index.High:
		rp = answerReply(q, hits[0], b.doc(hits[0].Passage), shown[1:], lead, answerID)
		answered = hits[0].Passage.ID
	case index.Low:
		rp = closestReply(hits, res.Reason, lead, answerID)
	default:
		rp = noAnswerReply(q, res, lead)
	}
	return withVotes(rp, answerID, answered), nil
}

// preferTitle drops repeated passages and puts first the passage whose
// title is the question itself, reporting whether there was one: what
// autocomplete offers, and what a student who copies a FAQ question means.
func (b *Bot) preferTitle(q string, hits []index.Hit) ([]index.Hit, bool) {
	seen := map[string]bool{}
	out := make([]index.Hit, 0, len(hits)+1)
	p, titled := b.titled(q, "")
	if titled {
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
	return out, titled
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
