package responder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// POST /interactions/{id}/{token}/callback.
func (w *Webhook) Callback(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	b, err := Marshal(resp)
	if err != nil {
		return fmt.Errorf("interaction callback: encode: %w", err)
	}
	return w.send(ctx, "interaction callback", http.MethodPost, "/interactions/"+seg(i.ID)+"/"+seg(i.Token)+"/callback", json.RawMessage(b))
}

// EditOriginal edits the original response:
// PATCH /webhooks/{application}/{token}/messages/@original.
func (w *Webhook) EditOriginal(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	return w.send(ctx, "edit original response", http.MethodPatch, "/webhooks/"+seg(i.AppID)+"/"+seg(i.Token)+"/messages/@original", e)
}

// Followup sends a follow-up message: POST /webhooks/{application}/{token}.
func (w *Webhook) Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) error {
	return w.send(ctx, "follow-up message", http.MethodPost, "/webhooks/"+seg(i.AppID)+"/"+seg(i.Token), p)
}

func seg(s string) string { return url.PathEscape(s) }

func (w *Webhook) send(ctx context.Context, op, method, path string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%s: encode: %w", op, err)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(w.APIBase, "/")+path, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%s: %w", op, errors.New("bad API base or interaction"))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/irbot/irbot, 1)")
	c := w.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := c.Do(req)
	if w.Observe != nil {
		status := 0
		if err == nil {
			status = resp.StatusCode
		}
		w.Observe(method, Route(path), status)
	}
	if err != nil {
		// The URL holds the interaction token: keep it out of the error.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 300 {
		se := &StatusError{Op: op, Status: resp.StatusCode}
		var m struct {
			Message string `json:"message"`
			Code    int    `json:"code"`
		}
		if json.Unmarshal(data, &m) == nil {
			se.Message, se.Code = m.Message, m.Code
		}
		return se
	}
	return nil
}

// StatusError is Discord refusing a REST request.
type StatusError struct {
	Op      string // what irbot was doing, like "interaction callback"
	Status  int    // the HTTP status
	Code    int    // Discord's JSON error code, 0 if none
	Message string // Discord's message, if any
}

// Error says what was refused, with Discord's status and message; it never
// holds the URL, which carries the interaction token.
func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: Discord answered %d %s", e.Op, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}
