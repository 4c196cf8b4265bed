package responder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Handler answers one interaction with the response Discord should receive.
// bot.Handler is this interface; it is declared here so the runners build
// and test without the commands' package.
type Handler interface {
	Handle(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error)
}

// Reply is a handler's whole answer to one interaction: the response,
// then, in order, follow-up messages (POST /webhooks/{application}/{token})
// to post once the response is accepted.
type Reply struct {
	Now       *discordgo.InteractionResponse
	Followups []*discordgo.WebhookParams
}

// FollowupHandler is a Handler some of whose answers come with follow-up
// messages (Share on a private reply: the reply is updated in place, the
// public post follows). The Responder calls Respond instead of Handle
// when its Handler has it.
type FollowupHandler interface {
	Handler
	Respond(ctx context.Context, i *discordgo.Interaction) (Reply, error)
}

// Responder answers interactions with a Handler inside Discord's
// three-second window. Both runners use it: the HTTP server replies inline
// with Answer.Now, the gateway runner posts it as the callback.
type Responder struct {
	// Handler answers each interaction.
	Handler Handler
	// Webhook delivers replies that finish after a deferral.
	Webhook *Webhook
	// Logger gets one debug line per interaction and warnings for failed
	// deliveries.
	Logger *slog.Logger
	// DeferAfter is how long to wait for Handle before deferring.
	DeferAfter time.Duration
	// HandleTimeout bounds Handle once deferred (Discord keeps the
	// interaction token valid for 15 minutes; a reply this late is useless).
	HandleTimeout time.Duration
	// Mode names the runner in log lines ("http" or "gateway").
	Mode string
	// PublicReplies makes a deferred command's placeholder visible to the
	// channel, as the handler's own replies are (DEFAULT_VISIBILITY=public);
	// otherwise only the asker sees it.
	PublicReplies bool
	// Observer, when set, is told how each interaction ended (metrics).
	Observer Observer
}

// Observer is told of each interaction the Responder answers.
type Observer interface {
	// Answered is called once per interaction when its handler's reply is
	// settled: outcome is OutcomeOK, OutcomeError, OutcomeTimeout or
	// OutcomeUndelivered; latency runs from receipt to the reply (for a
	// deferred reply, to its delivery).
	Answered(i *discordgo.Interaction, outcome string, latency time.Duration)
	// Deferred is called when an interaction is answered with a deferral.
	Deferred(i *discordgo.Interaction)
}

// Outcomes an Observer is told of.
const (
	OutcomeOK          = "ok"          // the handler's reply was sent or handed over
	OutcomeError       = "error"       // the handler failed; the user got an apology
	OutcomeTimeout     = "timeout"     // autocomplete too slow: no choices offered
	OutcomeUndelivered = "undelivered" // a deferred reply could not be delivered
)

// Answer is the reply to one interaction.
type Answer struct {
	// Now is the response to send at once: the handler's reply, or a
	// deferral when the handler is slow.
	Now *discordgo.InteractionResponse
	// Deferred reports that Now is a deferral: call Finish after sending
	// it, or Abandon if sending failed.
	Deferred bool

	r         *Responder
	i         *discordgo.Interaction
	start     time.Time
	pending   <-chan result
	cancel    context.CancelFunc
	followups []*discordgo.WebhookParams
}

type result struct {
	resp      *discordgo.InteractionResponse
	followups []*discordgo.WebhookParams
	err       error
}

// handle runs the handler, through Respond when it has follow-ups to give.
func (r *Responder) handle(ctx context.Context, i *discordgo.Interaction) result {
	if fh, ok := r.Handler.(FollowupHandler); ok {
		rep, err := fh.Respond(ctx, i)
		return result{rep.Now, rep.Followups, err}
	}
	resp, err := r.Handler.Handle(ctx, i)
	return result{resp: resp, err: err}
}

// Answer runs the handler for i and returns what to send now. ctx carries
// the request's values; cancelling it does not stop a handler that has
// been deferred (shutdown lets replies in flight finish).
func (r *Responder) Answer(ctx context.Context, i *discordgo.Interaction) *Answer {
	start := time.Now()
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.handleTimeout())
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("handler panicked: %v", p)}
			}
		}()
		done <- r.handle(hctx, i)
	}()
	a := &Answer{r: r, i: i, start: start}
	timer := time.NewTimer(r.DeferAfter)
	defer timer.Stop()
	select {
	case res := <-done:
		cancel()
		a.Now = complete(i, res.resp)
		if res.resp != nil {
			a.followups = res.followups
		}
		r.log(i, start, "reply", res.err)
		r.observe(i, start, outcome(res.err))
	case <-timer.C:
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			// Autocomplete cannot be deferred: offer nothing rather than
			// let Discord show an error; the late result is dropped.
			cancel()
			a.Now = Fallback(i)
			r.log(i, start, "autocomplete timed out", nil)
			r.observe(i, start, OutcomeTimeout)
			return a
		}
		a.Now, a.Deferred, a.pending, a.cancel = Deferral(i, r.PublicReplies), true, done, cancel
		if r.Observer != nil {
			r.Observer.Deferred(i)
		}
	}
	return a
}

// Abandon gives up a deferred answer whose deferral could not be sent.
func (a *Answer) Abandon() {
	if a.cancel != nil {
		a.cancel()
		a.r.observe(a.i, a.start, OutcomeUndelivered)
	}
}

// Later reports whether anything remains to send once Now is accepted: the
// real reply of a deferred answer, or follow-up messages. A runner calls
// Finish when it does.
func (a *Answer) Later() bool { return a.Deferred || len(a.followups) > 0 }

// Finish delivers what follows Now, once Now was sent: for a deferred
// answer it waits for the handler and delivers its reply by webhook (an
// edit of the original response, or a follow-up when a button asked for a
// new message); then it posts the handler's follow-up messages, in order.
// It does nothing when Later is false.
func (a *Answer) Finish(ctx context.Context) error {
	if !a.Deferred {
		return a.r.followup(ctx, a.i, a.followups)
	}
	defer a.cancel()
	var res result
	select {
	case res = <-a.pending:
	case <-ctx.Done():
		a.r.observe(a.i, a.start, OutcomeUndelivered)
		return ctx.Err()
	}
	resp := complete(a.i, res.resp)
	err := a.r.deliver(ctx, a.i, resp)
	if err == nil && res.resp != nil {
		err = a.r.followup(ctx, a.i, res.followups)
	}
	a.r.log(a.i, a.start, "deferred reply", errors.Join(res.err, err))
	if err != nil {
		a.r.observe(a.i, a.start, OutcomeUndelivered)
	} else {
		a.r.observe(a.i, a.start, outcome(res.err))
	}
	return err
}

func outcome(err error) string {
	if err != nil {
		return OutcomeError
	}
	return OutcomeOK
}

func (r *Responder) observe(i *discordgo.Interaction, start time.Time, outcome string) {
	if r.Observer != nil {
		r.Observer.Answered(i, outcome, time.Since(start))
	}
}

// HandleTimeoutOrDefault is HandleTimeout, or 30 s when unset.
func (r *Responder) HandleTimeoutOrDefault() time.Duration { return r.handleTimeout() }

func (r *Responder) handleTimeout() time.Duration {
	if r.HandleTimeout > 0 {
		return r.HandleTimeout
	}
	return 30 * time.Second
}

// deliver sends the real reply after a deferral.
func (r *Responder) deliver(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	return retryUnknown(ctx, func() error {
		if resp.Type == discordgo.InteractionResponseChannelMessageWithSource && i.Type == discordgo.InteractionMessageComponent {
			// The deferral was an update of the clicked message; a new
			// message has to be a follow-up.
			return r.Webhook.Followup(ctx, i, FollowupOf(resp))
		}
		return r.Webhook.EditOriginal(ctx, i, EditOf(resp))
	})
}

// followup posts a handler's follow-up messages, in order, stopping at the
// first that fails.
func (r *Responder) followup(ctx context.Context, i *discordgo.Interaction, ps []*discordgo.WebhookParams) error {
	for _, p := range ps {
		if err := retryUnknown(ctx, func() error { return r.Webhook.Followup(ctx, i, p) }); err != nil {
			return err
		}
	}
	return nil
}

// retryUnknown runs send, and once more after half a second if Discord
// answered 404: it may not have registered the response yet when a
// webhook call follows it closely.
func retryUnknown(ctx context.Context, send func() error) error {
	err := send()
	var se *StatusError
	if errors.As(err, &se) && se.Status == 404 {
		select {
		case <-time.After(500 * time.Millisecond):
			err = send()
		case <-ctx.Done():
		}
	}
	return err
}

func (r *Responder) log(i *discordgo.Interaction, start time.Time, what string, err error) {
	if r.Logger == nil {
		return
	}
	attrs := []any{"mode", r.Mode, "type", TypeName(i.Type), "latency", time.Since(start)}
	if n := name(i); n != "" {
		attrs = append(attrs, "command", n)
	}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	r.Logger.Debug("interaction "+what, attrs...)
}

// TypeName names an interaction type for logs (discordgo's String has no
// name for autocomplete).
func TypeName(t discordgo.InteractionType) string {
	switch t {
	case discordgo.InteractionPing:
		return "ping"
	case discordgo.InteractionApplicationCommand:
		return "command"
	case discordgo.InteractionMessageComponent:
		return "component"
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete"
	case discordgo.InteractionModalSubmit:
		return "modal_submit"
	}
	return fmt.Sprintf("type_%d", int(t))
}

// Name is the command name or component custom ID of i, for logs.
func Name(i *discordgo.Interaction) string { return name(i) }

// name is the command name or component custom ID, for logs.
func name(i *discordgo.Interaction) string {
	switch d := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		return d.Name
	case discordgo.MessageComponentInteractionData:
		return d.CustomID
	case discordgo.ModalSubmitInteractionData:
		return d.CustomID
	}
	return ""
}

// noPings is allowed_mentions with an empty (not null) parse list.
func noPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Deferral is the response that buys time: "thinking…" for a command or
// modal (ephemeral unless public, since the reply edits it and keeps its
// visibility), a silent acknowledgement for a button or menu, which the
// reply then edits or follows up.
func Deferral(i *discordgo.Interaction, public bool) *discordgo.InteractionResponse {
	if i.Type == discordgo.InteractionMessageComponent {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	data := &discordgo.InteractionResponseData{}
	if !public {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: data,
	}
}

// Fallback is the reply when the handler gave none: no choices for
// autocomplete, an ephemeral apology otherwise.
func Fallback(i *discordgo.Interaction) *discordgo.InteractionResponse {
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
		}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         "Sorry, something went wrong on my side. Please try again in a moment.",
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noPings(),
		},
	}
}

// complete guards the contract: a nil reply becomes the fallback, and a
// message without allowed_mentions gets one that pings nobody.
func complete(i *discordgo.Interaction, resp *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	if resp == nil {
		return Fallback(i)
	}
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
		if resp.Data == nil {
			return Fallback(i)
		}
		if resp.Data.AllowedMentions == nil {
			c := *resp
			d := *resp.Data
			d.AllowedMentions = noPings()
			c.Data = &d
			return &c
		}
	}
	return resp
}

// EditOf turns a reply into the edit of a deferred response. Only message
// replies can follow a deferral; anything else (a modal) becomes an
// apology, since Discord cannot open a modal that late.
func EditOf(resp *discordgo.InteractionResponse) *discordgo.WebhookEdit {
	d := resp.Data
	if d == nil || (resp.Type != discordgo.InteractionResponseChannelMessageWithSource && resp.Type != discordgo.InteractionResponseUpdateMessage) {
		msg := "Sorry, that took too long. Please try again."
		return &discordgo.WebhookEdit{Content: &msg, AllowedMentions: noPings()}
	}
	content := d.Content
	e := &discordgo.WebhookEdit{Content: &content, AllowedMentions: d.AllowedMentions}
	if d.Embeds != nil {
		embeds := d.Embeds
		e.Embeds = &embeds
	}
	if d.Components != nil {
		cs := d.Components
		e.Components = &cs
	}
	if e.AllowedMentions == nil {
		e.AllowedMentions = noPings()
	}
	return e
}

// FollowupOf turns a message reply into a follow-up message, keeping its
// flags (a follow-up may be ephemeral).
func FollowupOf(resp *discordgo.InteractionResponse) *discordgo.WebhookParams {
	d := resp.Data
	if d == nil {
		d = Fallback(&discordgo.Interaction{}).Data
	}
	p := &discordgo.WebhookParams{
		Content: d.Content, Components: d.Components, Embeds: d.Embeds,
		AllowedMentions: d.AllowedMentions, Flags: d.Flags,
	}
	if p.AllowedMentions == nil {
		p.AllowedMentions = noPings()
	}
	return p
}
