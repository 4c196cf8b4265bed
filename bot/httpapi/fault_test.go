package httpapi

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/bot/responder"
)

// TestEditFaults: in HTTP mode, the webhook edit or follow-up that
// delivers a deferred reply meets a 429, a 5xx or an attempt that hangs:
// an edit is retried and lands; a follow-up is retried only after a 429
// (after a 5xx or a timeout the message may exist already), and otherwise
// logged.
func TestEditFaults(t *testing.T) {
	tests := []struct {
		name     string
		click    bool // a button that posts a follow-up instead of an edit
		fault    discordtest.Fault
		delivers bool
	}{
		{"edit, 429", false, discordtest.Fault{Status: 429, Times: 1, RetryAfter: 200 * time.Millisecond}, true},
		{"edit, global 429", false, discordtest.Fault{Status: 429, Times: 1, RetryAfter: 200 * time.Millisecond, Global: true}, true},
		{"edit, 500", false, discordtest.Fault{Status: 500, Times: 1}, true},
		{"edit, 502", false, discordtest.Fault{Status: 502, Times: 1}, true},
		{"edit, timeout", false, discordtest.Fault{Delay: 2 * time.Second, Times: 1}, true},
		{"follow-up, 429", true, discordtest.Fault{Status: 429, Times: 1, RetryAfter: 200 * time.Millisecond}, true},
		{"follow-up, 500", true, discordtest.Fault{Status: 500, Times: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(t, discordtest.Options{})
			signer := discordtest.NewSigner(t)
			logs := &discordtest.LogBuffer{}
			wh := responder.NewWebhook(fake.URL)
			wh.AttemptTimeout = 500 * time.Millisecond
			s, err := New(&stub{Delay: 400 * time.Millisecond}, Options{PublicKey: signer.Public, Webhook: wh, DeferAfter: 100 * time.Millisecond},
				slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(s)
			defer srv.Close()
			i := discordtest.Command(appID, "slow")
			prefix := "PATCH /webhooks/"
			if tt.click {
				i = discordtest.Component(appID, "slow-post", nil)
				prefix = "POST /webhooks/"
			}
			fake.Inject(prefix, &tt.fault)
			resp := post(t, srv.URL, signer, mustJSON(t, i))
			if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource && resp.Type != discordgo.InteractionResponseDeferredMessageUpdate {
				t.Fatalf("inline reply type %d, want a deferral", resp.Type)
			}
			deadline := time.Now().Add(6 * time.Second)
			for {
				var ms []discordtest.Message
				if tt.click {
					ms = fake.Followups()
				} else {
					ms = fake.Edits()
				}
				if len(ms) > 0 && ms[len(ms)-1].Status/100 == 2 {
					m := ms[len(ms)-1]
					if m.Edit != nil {
						err = limits.CheckWebhookEdit(m.Edit)
					} else {
						err = limits.CheckMessage(m.Params)
					}
					if err != nil {
						t.Errorf("delivered reply breaks limits: %v", err)
					}
					if !tt.delivers {
						t.Errorf("a follow-up was retried after a %d", tt.fault.Status)
					}
					break
				}
				if !tt.delivers && strings.Contains(logs.String(), "reply not delivered") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("nothing delivered or logged; log:\n%s", logs)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if tt.delivers && !strings.Contains(logs.String(), "retrying") {
				t.Errorf("the retry is not in the log:\n%s", logs)
			}
			if strings.Contains(logs.String(), i.Token) {
				t.Errorf("the interaction token is in the log")
			}
		})
	}
}

// TestServerErrorLog: net/http's own errors reach the logger at warn, and
// the server has irbot's timeouts, not net/http's defaults.
func TestServerErrorLog(t *testing.T) {
	logs := &discordtest.LogBuffer{}
	hs := NewHTTPServer(nil, slog.New(slog.NewTextHandler(logs, nil)), DefaultIdleTimeout)
	hs.ErrorLog.Print("http: TLS handshake error from 127.0.0.1:1234: EOF")
	if got := logs.String(); !strings.Contains(got, "level=WARN") || !strings.Contains(got, "TLS handshake error") {
		t.Errorf("ErrorLog wrote %q, want a warning", got)
	}
	if hs.IdleTimeout != 65*time.Second || hs.ReadHeaderTimeout == 0 || hs.ReadTimeout == 0 || hs.MaxHeaderBytes == 0 {
		t.Errorf("server timeouts: idle %v, read header %v, read %v, max header %d", hs.IdleTimeout, hs.ReadHeaderTimeout, hs.ReadTimeout, hs.MaxHeaderBytes)
	}
}
