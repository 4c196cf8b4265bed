package responder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Webhook sends interaction responses over Discord's REST API: the callback,
// edits of the original response, and follow-up messages. The interaction's
// own token authorizes these, so no bot token is sent, and none of them go
// through discordgo's rate limiter (which keeps a bucket per interaction
// forever, and serializes every webhook edit of the process behind one).
type Webhook struct {
	// APIBase is Discord's API (https://discord.com/api/v9) or a proxy.
	APIBase string
	// Client sends the requests; nil means a client with a 10 s timeout.
	Client *http.Client
	// Observe, when set, is told of every request: its route template
	// (no IDs or tokens) and Discord's status, 0 when none came.
	Observe func(method, route string, status int)
	// Logger, when set, gets a warning for every attempt that is retried.
	Logger *slog.Logger
	// AttemptTimeout bounds each attempt of an edit or follow-up; zero
	// means 10 s. (A callback's attempts get 1.5 s: Discord's window is 3.)
	AttemptTimeout time.Duration
}

// NewWebhook returns a webhook client for apiBase with its own connection
// pool.
func NewWebhook(apiBase string) *Webhook {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return &Webhook{
		APIBase: strings.TrimRight(apiBase, "/"),
		Client:  &http.Client{Timeout: 10 * time.Second, Transport: t},
	}
}

// Callback acknowledges an interaction received over the gateway:
// POST /interactions/{id}/{token}/callback. A callback is retried after a
// 429 (when retry_after leaves time), a 5xx or an attempt that timed out,
// within ctx: Discord refuses a second acknowledgement (40060), so a retry
// cannot answer twice, and that refusal after a retry counts as success.
func (w *Webhook) Callback(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	b, err := Marshal(resp)
	if err != nil {
		return fmt.Errorf("interaction callback: encode: %w", err)
	}
	return w.send(ctx, call{op: "interaction callback", method: http.MethodPost, attempt: callbackAttempt, idempotent: true,
		path: "/interactions/" + seg(i.ID) + "/" + seg(i.Token) + "/callback"}, json.RawMessage(b))
}

// EditOriginal edits the original response:
// PATCH /webhooks/{application}/{token}/messages/@original. An edit is
// retried like a callback (editing twice changes nothing).
func (w *Webhook) EditOriginal(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	return w.send(ctx, call{op: "edit original response", method: http.MethodPatch, attempt: w.attemptTimeout(), idempotent: true,
		path: "/webhooks/" + seg(i.AppID) + "/" + seg(i.Token) + "/messages/@original"}, e)
}

// Followup sends a follow-up message: POST /webhooks/{application}/{token}.
// It is retried only after a 429, which Discord sends before doing
// anything: after a 5xx or a timeout the message may exist already.
func (w *Webhook) Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) error {
	return w.send(ctx, call{op: "follow-up message", method: http.MethodPost, attempt: w.attemptTimeout(),
		path: "/webhooks/" + seg(i.AppID) + "/" + seg(i.Token)}, p)
}

// Attempt timeouts: a callback must land within Discord's three seconds,
// so a stalled attempt is given up early enough to try again; an edit has
// fifteen minutes.
const (
	callbackAttempt = 1500 * time.Millisecond
	webhookAttempt  = 10 * time.Second
	maxAttempts     = 3
)

func (w *Webhook) attemptTimeout() time.Duration {
	if w.AttemptTimeout > 0 {
		return w.AttemptTimeout
	}
	return webhookAttempt
}

// call is one REST call and how to retry it.
type call struct {
	op, method, path string
	attempt          time.Duration
	idempotent       bool // retry after a 5xx or a timeout too, not only a 429
}

func seg(s string) string { return url.PathEscape(s) }

func (w *Webhook) send(ctx context.Context, c call, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%s: encode: %w", c.op, err)
	}
	for n := 1; ; n++ {
		wait, err := w.try(ctx, c, b)
		var se *StatusError
		if n > 1 && errors.As(err, &se) && se.Code == alreadyAcknowledged {
			return nil // an earlier attempt got through
		}
		if err == nil || wait < 0 || n == maxAttempts {
			if err != nil && n > 1 {
				err = fmt.Errorf("%w (after %d attempts)", err, n)
			}
			return err
		}
		if d, ok := ctx.Deadline(); ok && time.Until(d) < wait+100*time.Millisecond {
			return fmt.Errorf("%w (no time left to retry)", err)
		}
		if w.Logger != nil {
			w.Logger.Warn("discord rest request failed; retrying", "route", Route(c.path), "attempt", n, "err", err, "retry_in", wait)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
	}
}

// alreadyAcknowledged is Discord's code for a second callback.
const alreadyAcknowledged = 40060

// try makes one attempt; wait is how long to wait before another, or -1
// when another would not help.
func (w *Webhook) try(ctx context.Context, c call, body []byte) (wait time.Duration, err error) {
	actx, cancel := context.WithTimeout(ctx, c.attempt)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, c.method, strings.TrimRight(w.APIBase, "/")+c.path, bytes.NewReader(body))
	if err != nil {
		return -1, fmt.Errorf("%s: %w", c.op, errors.New("bad API base or interaction"))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/irbot/irbot, 1)")
	hc := w.Client
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := hc.Do(req)
	if w.Observe != nil {
		status := 0
		if err == nil {
			status = resp.StatusCode
		}
		w.Observe(c.method, Route(c.path), status)
	}
	if err != nil {
		// The URL holds the interaction token: keep it out of the error.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if ctx.Err() == nil && c.idempotent {
			return 0, fmt.Errorf("%s: %w", c.op, err) // the attempt timed out or failed: try again
		}
		return -1, fmt.Errorf("%s: %w", c.op, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 300 {
		return 0, nil
	}
	se := &StatusError{Op: c.op, Status: resp.StatusCode}
	var m struct {
		Message    string  `json:"message"`
		Code       int     `json:"code"`
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	if json.Unmarshal(data, &m) == nil {
		se.Message, se.Code = m.Message, m.Code
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		se.RetryAfter = time.Duration(m.RetryAfter * float64(time.Second))
		se.Global = m.Global || resp.Header.Get("X-RateLimit-Global") == "true"
		return se.RetryAfter, se
	case resp.StatusCode >= 500 && c.idempotent:
		return 250 * time.Millisecond, se
	}
	return -1, se
}

// StatusError is Discord refusing a REST request.
type StatusError struct {
	Op      string // what irbot was doing, like "interaction callback"
	Status  int    // the HTTP status
	Code    int    // Discord's JSON error code, 0 if none
	Message string // Discord's message, if any
	// RetryAfter and Global describe a 429: how long Discord asked to
	// wait, and whether the limit is the application's global one.
	RetryAfter time.Duration
	Global     bool
}

// Error says what was refused, with Discord's status and message; it never
// holds the URL, which carries the interaction token.
func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: Discord answered %d %s", e.Op, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Status == http.StatusTooManyRequests {
		scope := "route"
		if e.Global {
			scope = "global"
		}
		s += fmt.Sprintf(" (%s limit, retry after %v)", scope, e.RetryAfter)
	}
	return s
}
