package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/bot/responder"
)

const appID = discordtest.DefaultApplicationID

// stub is the shared test handler.
type stub = discordtest.Handler

func newServer(t testing.TB, signer *discordtest.Signer, h responder.Handler, apiBase string, now func() time.Time) *Server {
	t.Helper()
	s, err := New(h, Options{PublicKey: signer.Public, APIBase: apiBase, DeferAfter: 200 * time.Millisecond, Now: now}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRequests(t *testing.T) {
	signer, stranger := discordtest.NewSigner(t), discordtest.NewSigner(t)
	now := time.Now()
	srv := newServer(t, signer, &stub{}, "http://127.0.0.1:1/api/v9", func() time.Time { return now })

	command := mustJSON(t, discordtest.Command(appID, "ask", discordtest.Option("question", discordgo.ApplicationCommandOptionString, "how long is IR residency")))
	focused := discordtest.Option("question", discordgo.ApplicationCommandOptionString, "emb")
	focused.Focused = true
	autocomplete := mustJSON(t, discordtest.Autocomplete(appID, "ask", focused))
	button := mustJSON(t, discordtest.Component(appID, "more:1", nil))
	ping := mustJSON(t, discordtest.Ping(appID))

	type req struct {
		method, path string
		body         []byte
		sign         *discordtest.Signer // nil: unsigned
		at           time.Time
		edit         func(h http.Header, body []byte) []byte
	}
	signed := func(body []byte) req { return req{method: "POST", path: "/", body: body, sign: signer, at: now} }
	with := func(r req, f func(*req)) req { f(&r); return r }

	tests := []struct {
		name     string
		req      req
		status   int
		wantType discordgo.InteractionResponseType
	}{
		{"ping", signed(ping), 200, discordgo.InteractionResponsePong},
		{"command", signed(command), 200, discordgo.InteractionResponseChannelMessageWithSource},
		{"command at /interactions", with(signed(command), func(r *req) { r.path = "/interactions" }), 200, discordgo.InteractionResponseChannelMessageWithSource},
		{"autocomplete", signed(autocomplete), 200, discordgo.InteractionApplicationCommandAutocompleteResult},
		{"button", signed(button), 200, discordgo.InteractionResponseUpdateMessage},
		{"timestamp 4 minutes old", with(signed(command), func(r *req) { r.at = now.Add(-4 * time.Minute) }), 200, discordgo.InteractionResponseChannelMessageWithSource},
		{"wrong key", with(signed(command), func(r *req) { r.sign = stranger }), 401, 0},
		{"unsigned", with(signed(command), func(r *req) { r.sign = nil }), 401, 0},
		{"no timestamp", with(signed(command), func(r *req) {
			r.edit = func(h http.Header, b []byte) []byte { h.Del("X-Signature-Timestamp"); return b }
		}), 401, 0},
		{"no signature", with(signed(command), func(r *req) {
			r.edit = func(h http.Header, b []byte) []byte { h.Del("X-Signature-Ed25519"); return b }
		}), 401, 0},
		{"signature not hex", with(signed(command), func(r *req) {
			r.edit = func(h http.Header, b []byte) []byte {
				h.Set("X-Signature-Ed25519", "zz"+h.Get("X-Signature-Ed25519")[2:])
				return b
			}
		}), 401, 0},
		{"tampered body", with(signed(command), func(r *req) {
			r.edit = func(h http.Header, b []byte) []byte {
				return bytes.Replace(b, []byte("residency"), []byte("fellowship"), 1)
			}
		}), 401, 0},
		{"other timestamp than signed", with(signed(command), func(r *req) {
			r.edit = func(h http.Header, b []byte) []byte {
				h.Set("X-Signature-Timestamp", "1"+h.Get("X-Signature-Timestamp"))
				return b
			}
		}), 401, 0},
		{"stale timestamp, replayed", with(signed(command), func(r *req) { r.at = now.Add(-6 * time.Minute) }), 401, 0},
		{"timestamp from the future", with(signed(command), func(r *req) { r.at = now.Add(6 * time.Minute) }), 401, 0},
		{"oversized body", signed(append(append([]byte(`{"type":2,"pad":"`), bytes.Repeat([]byte("x"), MaxBody)...), `"}`...)), 413, 0},
		{"malformed JSON", signed([]byte(`{"type":2,`)), 400, 0},
		{"no type", signed([]byte(`{"id":"1","token":"t"}`)), 400, 0},
		{"no token", signed([]byte(`{"type":2,"id":"1","data":{"name":"ask"}}`)), 400, 0},
		{"GET /", req{method: "GET", path: "/"}, 405, 0},
		{"PUT /interactions", req{method: "PUT", path: "/interactions"}, 405, 0},
		{"health check", req{method: "GET", path: "/healthz"}, 200, 0},
		{"POST /healthz", req{method: "POST", path: "/healthz"}, 405, 0},
		{"other path", with(signed(command), func(r *req) { r.path = "/webhook" }), 404, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.req.method, tt.req.path, nil)
			body := tt.req.body
			if tt.req.sign != nil {
				tt.req.sign.Sign(r.Header, body, tt.req.at)
			}
			if tt.req.edit != nil {
				body = tt.req.edit(r.Header, body)
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("%s %s: status %d, want %d (%s)", tt.req.method, tt.req.path, w.Code, tt.status, strings.TrimSpace(w.Body.String()))
			}
			if tt.wantType == 0 {
				return
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			if tt.wantType == discordgo.InteractionResponsePong {
				if got := strings.TrimSpace(w.Body.String()); got != `{"type":1}` {
					t.Errorf("PING answered %s, want {\"type\":1}", got)
				}
			}
			resp, err := discordtest.DecodeResponse(w.Body.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if resp.Type != tt.wantType {
				t.Errorf("response type %d, want %d", resp.Type, tt.wantType)
			}
			if err := limits.Check(resp); err != nil {
				t.Errorf("reply breaks limits: %v", err)
			}
		})
	}
}

// TestDeferred: a handler slower than the deadline gets an inline deferral,
// and the reply arrives at Discord's webhook.
func TestDeferred(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	signer := discordtest.NewSigner(t)
	srv := httptest.NewServer(newServer(t, signer, &stub{Delay: 500 * time.Millisecond}, fake.URL, nil))
	defer srv.Close()

	tests := []struct {
		name        string
		interaction *discordgo.Interaction
		inline      discordgo.InteractionResponseType
		followup    bool
	}{
		{"command", discordtest.Command(appID, "slow"), discordgo.InteractionResponseDeferredChannelMessageWithSource, false},
		{"button update", discordtest.Component(appID, "slow-page", nil), discordgo.InteractionResponseDeferredMessageUpdate, false},
		{"button posting a message", discordtest.Component(appID, "slow-post", nil), discordgo.InteractionResponseDeferredMessageUpdate, true},
		{"autocomplete", discordtest.Autocomplete(appID, "slow"), discordgo.InteractionApplicationCommandAutocompleteResult, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			resp := post(t, srv.URL, signer, mustJSON(t, tt.interaction))
			if took := time.Since(start); took > time.Second {
				t.Errorf("inline reply took %v", took)
			}
			if resp.Type != tt.inline {
				t.Fatalf("inline reply type %d, want %d", resp.Type, tt.inline)
			}
			if err := limits.Check(resp); err != nil {
				t.Errorf("inline reply breaks limits: %v", err)
			}
			switch {
			case tt.inline == discordgo.InteractionApplicationCommandAutocompleteResult:
				if len(resp.Data.Choices) != 0 {
					t.Errorf("late autocomplete offered %d choices, want none", len(resp.Data.Choices))
				}
			case tt.followup:
				m := fake.WaitFollowup(t, tt.interaction.Token)
				if err := limits.CheckMessage(m.Params); err != nil || m.Status/100 != 2 {
					t.Errorf("follow-up: status %d, limits: %v", m.Status, err)
				}
			default:
				m := fake.WaitEdit(t, tt.interaction.Token)
				if err := limits.CheckWebhookEdit(m.Edit); err != nil || m.Status != 200 || m.MessageID != "@original" {
					t.Errorf("edit of %s: status %d, limits: %v", m.MessageID, m.Status, err)
				}
			}
		})
	}
	if err := srv.Config.Handler.(*Server).Wait(t.Context()); err != nil {
		t.Error(err)
	}
	for _, r := range fake.Requests() {
		if r.Authorization != "" {
			t.Errorf("%s %s sent an Authorization header; webhooks need none", r.Method, r.Path)
		}
	}
}

// TestAutocompleteWire: every autocomplete reply without choices is
// exactly {"type":8,"data":{"choices":[]}} on the wire: none matched, the
// handler failed, or it was too slow.
func TestAutocompleteWire(t *testing.T) {
	signer := discordtest.NewSigner(t)
	srv := httptest.NewServer(newServer(t, signer, &stub{Delay: time.Second}, "http://127.0.0.1:1/api/v9", nil))
	defer srv.Close()
	for _, tt := range discordtest.AutocompleteWire {
		body := mustJSON(t, discordtest.Autocomplete(appID, tt.Command, focusedOption("emb")))
		if got := postRaw(t, srv.URL, signer, body); got != tt.Want {
			t.Errorf("%s: reply %s, want %s", tt.Name, got, tt.Want)
		}
	}
}

func focusedOption(v string) *discordgo.ApplicationCommandInteractionDataOption {
	o := discordtest.Option("question", discordgo.ApplicationCommandOptionString, v)
	o.Focused = true
	return o
}

// postRaw posts a signed body and returns the reply's bytes.
func postRaw(t testing.TB, url string, signer *discordtest.Signer, body []byte) string {
	t.Helper()
	req, err := signer.Request(t.Context(), url, body)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, b)
	}
	return string(b)
}

// post posts a signed body and decodes the reply.
func post(t testing.TB, url string, signer *discordtest.Signer, body []byte) *discordgo.InteractionResponse {
	t.Helper()
	resp, err := discordtest.DecodeResponse([]byte(postRaw(t, url, signer, body)))
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestServeShutdown: cancelling the context stops the server after the
// reply in flight, and its deferred edit, are delivered.
func TestServeShutdown(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	signer := discordtest.NewSigner(t)
	srv := newServer(t, signer, &stub{Delay: 1200 * time.Millisecond}, fake.URL, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()

	i := discordtest.Command(appID, "slow")
	resp := post(t, "http://"+ln.Addr().String()+"/", signer, mustJSON(t, i))
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("reply type %d, want a deferral", resp.Type)
	}
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return within 10s")
	}
	took := time.Since(start)
	if edits := fake.Edits(); len(edits) != 1 || edits[0].Token != i.Token {
		t.Errorf("%d edits delivered before Serve returned, want the one in flight", len(edits))
	}
	if took > 5*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Errorf("server still answers after shutdown")
	}
}

// TestConcurrent: many interactions at once all get their reply.
func TestConcurrent(t *testing.T) {
	signer := discordtest.NewSigner(t)
	srv := httptest.NewServer(newServer(t, signer, &stub{}, "http://127.0.0.1:1/api/v9", nil))
	defer srv.Close()
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := json.Marshal(discordtest.Command(appID, "ask"))
			req, _ := signer.Request(context.Background(), srv.URL, body)
			res, err := srv.Client().Do(req)
			if err != nil {
				errs <- err
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				errs <- errors.New(res.Status)
				return
			}
			resp, err := discordtest.DecodeResponse(b)
			if err == nil {
				err = limits.Check(resp)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// BenchmarkInteraction measures one signed command through the endpoint:
// signature check, decoding, a trivial handler and encoding.
func BenchmarkInteraction(b *testing.B) {
	signer := discordtest.NewSigner(b)
	srv := newServer(b, signer, &stub{}, "http://127.0.0.1:1/api/v9", nil)
	body := mustJSON(b, discordtest.Command(appID, "ask", discordtest.Option("question", discordgo.ApplicationCommandOptionString, "how competitive is IR")))
	h := http.Header{}
	signer.Sign(h, body, time.Now())
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		r.Header = h.Clone()
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}
