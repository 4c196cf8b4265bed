package bot

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/knowledge"
)

// Recorder takes the record of answers, votes and sections opened from
// answers (see package feedback). Its methods must return at once: a slow
// or broken store never delays a reply.
type Recorder interface {
	Answer(a feedback.Answer)
	Vote(answerID, userID string, v feedback.Vote)
	Opened(answerID, passageID string)
}

// Reporter builds the gaps report for /irbot-admin gaps.
type Reporter interface {
	Report(ctx context.Context, q feedback.ReportQuery) (feedback.Report, error)
}

// The custom_ids of an answer's buttons when feedback is on. Both carry the
// answer's random id, so a vote or an opened section is tied to its
// question in the record without anything about who clicked:
//
//	irbot:from:<answer>:<ref>    open a section from an answer (ref: see passageRef)
//	irbot:from:<answer>          the same from the answer's menu, the ref its value
//	irbot:vote:<answer>:h        vote Helpful
//	irbot:vote:<answer>:n[:<ref>] vote Not quite; ref names the section a
//	                             confident answer gave, which the Not quite
//	                             reply does not offer again
const (
	actFrom = "from"
	actVote = "vote"

	voteHelpful  = "h"
	voteNotQuite = "n"
)

// passageRef is a short, stable name for a passage in a custom_id: an
// answer's id and a passage's (up to 64 characters) would not fit together
// in Discord's 100. It is the first 8 characters of the base32 SHA-256 of
// the passage's ID; the bot finds the passage by it (see Bot.refs).
func passageRef(id string) string {
	sum := sha256.Sum256([]byte(id))
	return strings.ToLower(base32.StdEncoding.EncodeToString(sum[:5]))
}

// refs maps every passage's ref to it.
func refs(kb *knowledge.Base) map[string]knowledge.Passage {
	out := make(map[string]knowledge.Passage, len(kb.Passages))
	for _, p := range kb.Passages {
		out[passageRef(p.ID)] = p
	}
	return out
}

// newAnswerID returns a fresh id for an answer, or "" when feedback is off
// (or the system's randomness failed, which only costs that answer its
// buttons).
func (b *Bot) newAnswerID() string {
	if b.opts.Feedback == nil {
		return ""
	}
	id, err := feedback.NewID()
	if err != nil {
		b.log.Warn("no answer id", "err", err)
		return ""
	}
	return id
}

// openButton opens a passage: from an answer (recording the click) when
// answerID is set, else plainly.
func openButton(answerID string, p knowledge.Passage, label string, style discordgo.ButtonStyle) (discordgo.Button, bool) {
	id := prefix + viewID(actOpen, p.ID)
	if answerID != "" {
		id = prefix + viewID(actFrom, answerID, passageRef(p.ID))
	}
	return button(label, id, style), fits(id)
}

// voteButtons are an answer's Helpful and Not quite buttons. answered is
// the section a confident answer gave, "" for the other tiers.
func voteButtons(answerID, answered string) []discordgo.Button {
	if answerID == "" {
		return nil
	}
	helpful := button("Helpful", prefix+viewID(actVote, answerID, voteHelpful), discordgo.SecondaryButton)
	helpful.Emoji = &discordgo.ComponentEmoji{Name: "👍"}
	nq := viewID(actVote, answerID, voteNotQuite)
	if answered != "" {
		nq = viewID(actVote, answerID, voteNotQuite, passageRef(answered))
	}
	notQuite := button("Not quite", prefix+nq, discordgo.SecondaryButton)
	notQuite.Emoji = &discordgo.ComponentEmoji{Name: "🤔"}
	return []discordgo.Button{helpful, notQuite}
}

// withVotes puts an answer's vote buttons in a row of their own, last.
// answered is the passage ID of the section a confident answer gave, ""
// for the other tiers.
func withVotes(rp reply, answerID, answered string) reply {
	if row := voteButtons(answerID, answered); row != nil {
		rp.buttons = append(rp.buttons, row)
	}
	return rp
}

// action answers a click that needs to know who clicked and on what: the
// buttons of an answer.
type action func(ctx context.Context, r *request, arg string) (reply, error)

// actionTable routes those clicks by the action of their custom_id.
func (b *Bot) actionTable() map[string]action {
	return map[string]action{
		actFrom: b.fromAction,
		actVote: b.voteAction,
	}
}

// answerArg splits "<answer>:<rest>" and checks the answer id's shape.
func answerArg(arg string) (answerID, rest string, ok bool) {
	answerID, rest, ok = strings.Cut(arg, ":")
	return answerID, rest, ok && feedback.ValidID(answerID) && rest != ""
}

// fromAction opens a section from an answer, and records that it was
// opened.
func (b *Bot) fromAction(_ context.Context, r *request, arg string) (reply, error) {
	if r.comp != nil && len(r.comp.Values) > 0 {
		// The answer's menu: irbot:from:<answer>, the ref its value.
		arg += ":" + r.comp.Values[0]
	}
	answerID, ref, ok := answerArg(arg)
	if !ok {
		return reply{}, errStale
	}
	p, ok := b.refs[ref]
	if !ok {
		return reply{}, errStale
	}
	if b.opts.Feedback != nil {
		b.opts.Feedback.Opened(answerID, p.ID)
	}
	return passageReply(b.doc(p), p, 0, b.children(p), b.chapter(p)), nil
}

// voteAction records a vote and answers the voter privately: thanks for
// Helpful; for Not quite, the reply's other sections, and that the
// question was noted for the guide's editors.
func (b *Bot) voteAction(_ context.Context, r *request, arg string) (reply, error) {
	answerID, rest, ok := answerArg(arg)
	v, answered, named := strings.Cut(rest, ":")
	if named {
		_, known := b.refs[answered]
		ok = ok && v == voteNotQuite && known
	}
	if !ok || (v != voteHelpful && v != voteNotQuite) {
		return reply{}, errStale
	}
	vote := feedback.VoteHelpful
	if v == voteNotQuite {
		vote = feedback.VoteNotQuite
	}
	if b.opts.Feedback != nil && r.user != "" {
		b.opts.Feedback.Vote(answerID, r.user, vote)
	}
	if vote == feedback.VoteHelpful {
		return notice("Thanks — glad that helped! 👍"), nil
	}
	return b.notQuiteReply(answerID, nextBest(b.offered(r, answerID), answered)), nil
}

// offered returns the sections an answer's reply offered, in order, read
// from the reply's own buttons and menu (every click carries its message),
// so that any process can answer, whatever it remembers.
func (b *Bot) offered(r *request, answerID string) []knowledge.Passage {
	if r.i.Message == nil {
		return nil
	}
	var out []knowledge.Passage
	seen := map[string]bool{}
	for _, id := range componentIDs(r.i.Message.Components) {
		c, err := parseCustomID(id)
		if err != nil || c.action != actFrom {
			continue
		}
		a, ref, ok := answerArg(c.arg)
		if p, found := b.refs[ref]; ok && found && a == answerID && !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	return out
}

// componentIDs lists the custom_ids of a message's buttons, and for each
// option of a menu, the menu's custom_id with the option's value after a
// colon (what choosing it sends).
func componentIDs(cs []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range cs {
		switch c := c.(type) {
		case *discordgo.ActionsRow:
			out = append(out, componentIDs(c.Components)...)
		case discordgo.ActionsRow:
			out = append(out, componentIDs(c.Components)...)
		case *discordgo.Button:
			out = append(out, c.CustomID)
		case discordgo.Button:
			out = append(out, c.CustomID)
		case *discordgo.SelectMenu:
			out = append(out, optionIDs(*c)...)
		case discordgo.SelectMenu:
			out = append(out, optionIDs(c)...)
		}
	}
	return out
}

func optionIDs(m discordgo.SelectMenu) []string {
	out := make([]string, 0, len(m.Options))
	for _, o := range m.Options {
		out = append(out, m.CustomID+":"+o.Value)
	}
	return out
}

// maxNextBest is how many other sections a Not quite reply offers.
const maxNextBest = 4

// nextBest are the sections a Not quite reply offers from those the answer
// offered: all but the one a confident answer gave (answered, its ref),
// or, for the closest sections of the other tiers, all but the first.
func nextBest(offered []knowledge.Passage, answered string) []knowledge.Passage {
	if answered == "" {
		if len(offered) == 0 {
			return nil
		}
		return offered[1:]
	}
	var out []knowledge.Passage
	for _, p := range offered {
		if passageRef(p.ID) != answered {
			out = append(out, p)
		}
	}
	return out
}

// notQuiteReply answers a Not quite vote: the next best sections, if any,
// in one menu, and where else to look.
func (b *Bot) notQuiteReply(answerID string, next []knowledge.Passage) reply {
	var msg strings.Builder
	msg.WriteString("Sorry that wasn't quite it. I've noted the question for the guide's editors, so they can see what the guide misses.")
	m, ok := relatedSelect(answerID, next[:min(len(next), maxNextBest)], "The next best sections…")
	if ok {
		msg.WriteString("\nThe next best sections are in the menu below.")
	}
	msg.WriteString("\nOr try other words with `/ask`, or browse `/guide`, `/faq` and `/pathway`.")
	rp := notice(msg.String())
	if ok {
		rp.selects = []discordgo.SelectMenu{m}
	}
	return rp
}

// record keeps an answer in the record: what was asked (never whose
// question, and for "find" not even the text), how sure the answer was and
// which sections it showed.
func (b *Bot) record(r *request, answerID, command, question, key, confidence string, hits []knowledge.Passage) {
	if b.opts.Observer != nil {
		b.opts.Observer.Served(r.i, confidence, len(hits))
	}
	if answerID == "" || b.opts.Feedback == nil {
		return
	}
	a := feedback.Answer{ID: answerID, Guild: r.i.GuildID, Command: command, Confidence: confidence}
	if command == feedback.CommandAsk {
		a.Question, a.Key = question, key
	}
	for _, p := range hits {
		if len(a.Passages) < feedback.MaxPassages {
			a.Passages = append(a.Passages, p.ID)
		}
	}
	b.opts.Feedback.Answer(a)
}
