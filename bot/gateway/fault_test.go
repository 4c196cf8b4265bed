package gateway

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/bot/responder"
)

// The faults Discord can throw at the gateway runner, each against the
// fake: every wait is bounded, nothing hangs, no interaction that could
// still be answered is lost, and the log says what happened. The README's
// operations section lists what irbot does in each.

// TestRegistrationFaults: REST faults while the commands are registered.
// Transient ones are retried (a 429 after its retry_after) and the
// commands land; a retry_after too long to wait is reported. Either way
// the bot answers.
func TestRegistrationFaults(t *testing.T) {
	const put = "PUT /applications/"
	tests := []struct {
		name       string
		fault      discordtest.Fault
		registered bool
		log        string
	}{
		{"429 on the route", discordtest.Fault{Status: 429, Times: 1, RetryAfter: 300 * time.Millisecond}, true, "route limit, retry after 300ms"},
		{"429 global", discordtest.Fault{Status: 429, Times: 1, RetryAfter: 300 * time.Millisecond, Global: true}, true, "429 Too Many Requests"},
		{"429 for an hour", discordtest.Fault{Status: 429, Times: 1, RetryAfter: time.Hour}, false, "registering commands failed; run `irbot register`"},
		{"500", discordtest.Fault{Status: 500, Times: 1}, true, "500 Internal Server Error"},
		{"502 twice", discordtest.Fault{Status: 502, Times: 2}, true, "502 Bad Gateway"},
		{"timeout", discordtest.Fault{Delay: 3 * time.Second, Times: 1}, true, "context deadline exceeded"},
		{"500 every time", discordtest.Fault{Status: 500}, false, "registering commands failed; run `irbot register`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(t, discordtest.Options{})
			fake.Inject(put, &tt.fault)
			run := start(t, fake, &stub{}, func(c *Config) { c.RequestTimeout = 500 * time.Millisecond })
			run.waitLog(t, tt.log)
			if tt.registered {
				fake.WaitCommands(t, 1)
				run.waitLog(t, "commands registered")
				waitAttempts(t, fake, "PUT", "/applications/", tt.fault.Times+1)
			} else {
				run.waitLog(t, "registering commands failed; run")
			}
			answered(t, fake, "ask")
			if err, took := run.stop(t); err != nil || took > 5*time.Second {
				t.Errorf("Run = %v after %v", err, took)
			}
		})
	}
}

// TestGatewayLookupFaults: a 429 or 5xx on GET /gateway/bot at start is
// retried; the runner connects.
func TestGatewayLookupFaults(t *testing.T) {
	for _, f := range []discordtest.Fault{
		{Status: 429, Times: 1, RetryAfter: 200 * time.Millisecond},
		{Status: 503, Times: 1},
	} {
		fake := discordtest.New(t, discordtest.Options{})
		fake.Inject("GET /gateway/bot", &f)
		run := start(t, fake, &stub{}, nil)
		run.waitLog(t, "getting the gateway failed; retrying")
		answered(t, fake, "ask")
	}
}

// TestCallbackFaults: a callback refused with a 429, a 5xx, or that hangs,
// is retried within Discord's three seconds and lands; a 429 whose
// retry_after ends past the window is given up at once, and logged.
func TestCallbackFaults(t *testing.T) {
	const cb = "POST /interactions/"
	tests := []struct {
		name   string
		fault  discordtest.Fault
		landed bool
		log    string
	}{
		{"429", discordtest.Fault{Status: 429, Times: 1, RetryAfter: 200 * time.Millisecond}, true, ""},
		{"429 global", discordtest.Fault{Status: 429, Times: 1, RetryAfter: 200 * time.Millisecond, Global: true}, true, ""},
		{"500", discordtest.Fault{Status: 500, Times: 1}, true, ""},
		{"502", discordtest.Fault{Status: 502, Times: 1}, true, ""},
		{"timeout", discordtest.Fault{Delay: 2500 * time.Millisecond, Times: 1}, true, ""},
		{"429 past the window", discordtest.Fault{Status: 429, Times: 1, RetryAfter: 10 * time.Second}, false, "no time left to retry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(t, discordtest.Options{})
			run := start(t, fake, &stub{}, nil)
			fake.WaitIdentify(t, 1)
			fake.Inject(cb, &tt.fault)
			i := discordtest.Command(fake.ApplicationID, "ask")
			fake.Dispatch(t, i)
			if !tt.landed {
				run.waitLog(t, "interaction callback failed")
				run.waitLog(t, tt.log)
				return
			}
			var got discordtest.Callback
			deadline := time.Now().Add(5 * time.Second)
			for got.Status != http.StatusNoContent {
				if time.Now().After(deadline) {
					t.Fatalf("no accepted callback; callbacks: %+v", fake.Callbacks())
				}
				for _, c := range fake.Callbacks() {
					if c.InteractionID == i.ID && c.Status == http.StatusNoContent {
						got = c
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
			if got.After > 3*time.Second {
				t.Errorf("callback landed %v after dispatch, past the window", got.After)
			}
			waitAttempts(t, fake, "POST", "/interactions/"+i.ID+"/", 2)
			if err := limits.Check(got.Response); err != nil {
				t.Errorf("callback breaks limits: %v", err)
			}
		})
	}
}

// TestEditFaults: the edit that delivers a deferred reply is retried after
// a 429, a 5xx, or an attempt that hangs, and lands.
func TestEditFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault discordtest.Fault
	}{
		{"429", discordtest.Fault{Status: 429, Times: 1, RetryAfter: 200 * time.Millisecond}},
		{"500", discordtest.Fault{Status: 500, Times: 1}},
		{"502", discordtest.Fault{Status: 502, Times: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(t, discordtest.Options{})
			start(t, fake, &stub{Delay: 500 * time.Millisecond}, nil)
			fake.WaitIdentify(t, 1)
			fake.Inject("PATCH /webhooks/", &tt.fault)
			i := discordtest.Command(fake.ApplicationID, "slow")
			fake.Dispatch(t, i)
			if cb := fake.WaitCallback(t, i.ID); cb.Status != http.StatusNoContent {
				t.Fatalf("deferral: status %d", cb.Status)
			}
			deadline := time.Now().Add(8 * time.Second)
			for {
				ok := false
				for _, m := range fake.Edits() {
					if m.Token == i.Token && m.Status == http.StatusOK {
						ok = true
						if err := limits.CheckWebhookEdit(m.Edit); err != nil {
							t.Errorf("edit breaks limits: %v", err)
						}
					}
				}
				if ok {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the deferred reply never landed; edits: %d", len(fake.Edits()))
				}
				time.Sleep(20 * time.Millisecond)
			}
			waitAttempts(t, fake, "PATCH", "/webhooks/"+fake.ApplicationID+"/"+i.Token, 2)
		})
	}
}

// TestGatewayFaults: what the gateway can do to a session, each followed
// by an interaction that must be answered within the window.
func TestGatewayFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault func(t *testing.T, fake *discordtest.Server, run *running)
	}{
		{"op 9, resumable", func(t *testing.T, fake *discordtest.Server, run *running) {
			fake.InvalidSession(t, true)
			if id := fake.WaitIdentify(t, 2); !id.Accepted {
				t.Errorf("after op 9: identify %+v", id)
			}
		}},
		{"op 9, not resumable", func(t *testing.T, fake *discordtest.Server, run *running) {
			fake.InvalidSession(t, false)
			if id := fake.WaitIdentify(t, 2); !id.Accepted {
				t.Errorf("after op 9: identify %+v", id)
			}
		}},
		{"RESUME never answered", func(t *testing.T, fake *discordtest.Server, run *running) {
			fake.IgnoreResumes(1)
			fake.Drop(t)
			if r := fake.WaitResume(t, 1); !r.Ignored {
				t.Errorf("first resume %+v, want it ignored", r)
			}
			run.waitLog(t, "gateway reconnect failed")
			if r := fake.WaitResume(t, 2); !r.Accepted {
				t.Errorf("second resume %+v, want it accepted", r)
			}
		}},
		{"heartbeats never acknowledged", func(t *testing.T, fake *discordtest.Server, run *running) {
			fake.WaitHeartbeats(t, 1)
			fake.StopHeartbeatAcks(true)
			run.waitLog(t, "haven't gotten a heartbeat ACK")
			run.waitLog(t, "gateway disconnected; reconnecting")
			fake.StopHeartbeatAcks(false)
			if r := fake.WaitResume(t, 1); !r.Accepted {
				t.Errorf("after the zombie: resume %+v", r)
			}
		}},
		{"op 7 with a reply in flight", func(t *testing.T, fake *discordtest.Server, run *running) {
			i := discordtest.Command(fake.ApplicationID, "slow")
			fake.Dispatch(t, i)
			fake.Reconnect(t)
			fake.WaitResume(t, 1)
			if cb := fake.WaitCallback(t, i.ID); cb.Status != http.StatusNoContent {
				t.Errorf("the reply in flight: callback status %d", cb.Status)
			}
			if m := fake.WaitEdit(t, i.Token); m.Status != http.StatusOK {
				t.Errorf("the reply in flight: edit status %d", m.Status)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(t, discordtest.Options{HeartbeatInterval: 200 * time.Millisecond})
			run := start(t, fake, &stub{Delay: 600 * time.Millisecond}, func(c *Config) { c.OpenTimeout = time.Second })
			fake.WaitIdentify(t, 1)
			answered(t, fake, "ask")
			tt.fault(t, fake, run)
			if cb := answered(t, fake, "ask"); cb.After > 2*time.Second {
				t.Errorf("after the fault: callback took %v", cb.After)
			}
			if err, took := run.stop(t); err != nil || took > 5*time.Second {
				t.Errorf("Run = %v after %v", err, took)
			}
			if strings.Contains(run.logs.String(), fake.Token) {
				t.Errorf("the token is in the log")
			}
		})
	}
}

// waitAttempts waits (at most 5 s) until the fake has seen exactly want
// requests with this method and path prefix: the faulty ones and the
// retries.
func waitAttempts(t *testing.T, fake *discordtest.Server, method, prefix string, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for attempts(fake, method, prefix) < want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := attempts(fake, method, prefix); n != want {
		t.Errorf("%d %s %s... requests, want %d (the faulty ones, then a retry)", n, method, prefix, want)
	}
}

// attempts counts the REST requests with this method whose path starts
// with prefix, whatever the fake answered.
func attempts(fake *discordtest.Server, method, prefix string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// TestInteractionsWhileClosing: once shutdown has begun, an interaction
// discordgo read before the socket closed is still answered; once the
// socket is closed, none is taken.
func TestInteractionsWhileClosing(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	logs := &syncBuffer{}
	wh := responder.NewWebhook(fake.URL)
	r := &runner{
		cfg: Config{HandleTimeout: time.Second}, webhook: wh, logger: slogTo(logs), ctx: t.Context(),
		responder: &responder.Responder{Handler: &stub{}, Webhook: wh, DeferAfter: time.Second},
	}
	r.stopping = true
	late := discordtest.Command(fake.ApplicationID, "ask")
	r.onInteraction(nil, &discordgo.InteractionCreate{Interaction: late})
	if cb := fake.WaitCallback(t, late.ID); cb.Status != http.StatusNoContent {
		t.Errorf("an interaction read while the socket closed: callback status %d, want 204", cb.Status)
	}
	r.closing = true
	after := discordtest.Command(fake.ApplicationID, "ask")
	r.onInteraction(nil, &discordgo.InteractionCreate{Interaction: after})
	if n := attempts(fake, "POST", "/interactions/"+after.ID); n != 0 {
		t.Errorf("an interaction after the socket closed was answered")
	}
	if !strings.Contains(logs.String(), "interaction ignored while shutting down") {
		t.Errorf("the log does not say the interaction was ignored:\n%s", logs)
	}
	r.inflight.Wait()
}

func TestRetryWait(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		attempt int
		wait    time.Duration
		retry   bool
	}{
		{"success", nil, 1, 0, false},
		{"429 short", &responder.StatusError{Status: 429, RetryAfter: 3 * time.Second}, 1, 3 * time.Second, true},
		{"429 without retry_after", &responder.StatusError{Status: 429}, 1, 100 * time.Millisecond, true},
		{"429 past a minute", &responder.StatusError{Status: 429, RetryAfter: 2 * time.Minute}, 1, 0, false},
		{"500, second attempt", &responder.StatusError{Status: 500}, 2, 2 * time.Second, true},
		{"502, third attempt", &responder.StatusError{Status: 502}, 3, 4 * time.Second, true},
		{"502, last attempt", &responder.StatusError{Status: 502}, maxAttempts, 0, false},
		{"403", &responder.StatusError{Status: 403}, 1, 0, false},
		{"401", &responder.StatusError{Status: 401}, 1, 0, false},
		{"network", context.DeadlineExceeded, 1, time.Second, true},
	}
	for _, tt := range tests {
		wait, retry := retryWait(tt.err, tt.attempt, time.Second)
		if wait != tt.wait || retry != tt.retry {
			t.Errorf("retryWait(%s, attempt %d) = %v, %v; want %v, %v", tt.name, tt.attempt, wait, retry, tt.wait, tt.retry)
		}
	}
}
