package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// Options tunes a Bot. The zero value is a private-by-default bot with no
// rate limit.
type Options struct {
	// Public makes replies visible to the whole channel
	// (DEFAULT_VISIBILITY=public). When false, replies are ephemeral and
	// carry a Share button.
	Public bool
	// Version is shown by /about.
	Version string
	// RateEvery and RateBurst limit each user to RateBurst commands and
	// clicks at once, then one more every RateEvery; zero RateEvery means
	// no limit. Autocomplete is never limited: Discord sends one per
	// keystroke.
	RateEvery time.Duration
	RateBurst int
	// Feedback, when set, takes the record of every /ask and "Find answer"
	// reply, whose answers then carry Helpful and Not quite buttons. Nil
	// is FEEDBACK=off: no record, no buttons.
	Feedback Recorder
	// Gaps, when set, gives server admins /irbot-admin gaps: the top of
	// the gaps report for their server.
	Gaps Reporter
	// Retention is how long the record keeps answers, for /about to say;
	// negative is forever.
	Retention time.Duration
	// Observer, when set, is told what each answer served and whom the
	// rate limit held back (metrics). Nil observes nothing.
	Observer Observer
}

// Observer is told of what the bot does with an interaction, for metrics.
// It gets the interaction only to tell answers apart; it must not keep or
// report user text or IDs.
type Observer interface {
	// Served is called once per /ask or "Find answer" reply with the
	// search's confidence tier and how many passages the reply shows.
	Served(i *discordgo.Interaction, confidence string, passages int)
	// RateLimited is called when the per-user rate limit refuses i.
	RateLimited(i *discordgo.Interaction)
}

// The default limit, which no student asking in earnest reaches: five at
// once, then one every two seconds.
const (
	DefaultRateEvery = 2 * time.Second
	DefaultRateBurst = 5
)

// Bot answers Discord interactions from a knowledge base. It is safe for
// concurrent use; it holds no state between interactions beyond the rate
// limiter, so any process can answer any click.
type Bot struct {
	kb       *knowledge.Base
	search   Searcher
	opts     Options
	log      *slog.Logger
	commands map[commandKey]command
	order    []command
	views    map[string]view
	actions  map[string]action
	// refs finds a passage by its passageRef.
	refs    map[string]knowledge.Passage
	limiter *userLimiter
}

var _ Handler = (*Bot)(nil)

// New returns a Bot that answers from kb, searching with s. A nil kb is
// an empty knowledge base and a nil logger discards.
func New(kb *knowledge.Base, s Searcher, opts Options, logger *slog.Logger) *Bot {
	if kb == nil {
		kb = &knowledge.Base{}
	}
	if s == nil {
		s = noSearch{}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	b := &Bot{kb: kb, search: s, opts: opts, log: logger, commands: map[commandKey]command{}}
	b.order = b.commandList()
	for _, c := range b.order {
		b.commands[keyOf(c.def.Type, c.def.Name)] = c
	}
	b.views = b.viewTable()
	b.actions = b.actionTable()
	b.refs = refs(kb)
	if opts.RateEvery > 0 {
		b.limiter = newUserLimiter(1/opts.RateEvery.Seconds(), max(opts.RateBurst, 1), time.Now)
	}
	return b
}

// Commands returns the definitions of every command the bot answers, for
// registering with Discord: the slash commands and the "Find answer"
// message command.
func (b *Bot) Commands() []*discordgo.ApplicationCommand {
	defs := make([]*discordgo.ApplicationCommand, len(b.order))
	for i, c := range b.order {
		defs[i] = c.def
	}
	return defs
}

// Handle answers one interaction. It never returns nil: user mistakes,
// stale buttons and internal faults all become a friendly ephemeral reply
// (or, for autocomplete, an empty list of choices). Handle logs internal
// faults itself, with the interaction's details; the returned error is the
// same fault, for runners that count failures, and need not be logged
// again. A panic in a handler is recovered and treated as a fault.
func (b *Bot) Handle(ctx context.Context, i *discordgo.Interaction) (resp *discordgo.InteractionResponse, err error) {
	start := time.Now()
	var r *request
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
			b.log.Error("interaction handler panicked", append(r.attrs(), "panic", p, "stack", string(debug.Stack()))...)
			resp = failure(r)
		}
	}()
	if i == nil {
		return failure(nil), errors.New("nil interaction")
	}
	r = newRequest(i)
	resp, err = b.route(ctx, r)
	if err != nil {
		resp, err = b.fail(r, err)
	}
	b.log.Debug("interaction answered", append(r.attrs(), "user", r.user, "took", time.Since(start))...)
	return resp, err
}

// fail turns a handler's error into the reply the user sees: the message
// of a userError, or a generic apology for anything else, which is logged.
func (b *Bot) fail(r *request, err error) (*discordgo.InteractionResponse, error) {
	var ue *userError
	if errors.As(err, &ue) {
		b.log.Debug("interaction refused", append(r.attrs(), "user", r.user, "reason", ue.msg)...)
		if r.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			return choicesResponse(nil), nil
		}
		return finish(notice(ue.msg), b.opts.Public), nil
	}
	b.log.Error("interaction failed", append(r.attrs(), "err", err)...)
	return failure(r), err
}

// failure is the reply to an internal fault.
func failure(r *request) *discordgo.InteractionResponse {
	if r != nil && r.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return choicesResponse(nil)
	}
	return finish(notice("Sorry — something went wrong on my side while answering that. Please try again in a moment."), false)
}

// userError is a problem the user can fix, or needs to know about; its
// message is shown to them as it is.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

func userErrorf(format string, args ...any) error {
	return &userError{msg: fmt.Sprintf(format, args...)}
}

// noSearch is the Searcher of a Bot built without one: it finds nothing.
type noSearch struct{}

func (noSearch) Search(context.Context, string, int) (index.Result, error) {
	return index.Result{Confidence: index.None, Reason: index.NoSubject}, nil
}
func (noSearch) Complete(context.Context, string, knowledge.Kind, int) ([]knowledge.Passage, error) {
	return nil, nil
}
