package ops

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/responder"
	"github.com/prometheus/client_golang/prometheus"
)

func get(t *testing.T, h http.HandlerFunc) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	h(w, httptest.NewRequest("GET", "/", nil))
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

func TestHealth(t *testing.T) {
	h := NewHealth("knowledge", "gateway")
	steps := []struct {
		name   string
		do     func()
		status int
		body   string
	}{
		{"starting", func() {}, 503, "not ready: waiting for gateway, knowledge\n"},
		{"knowledge loaded", func() { h.Set("knowledge", true) }, 503, "not ready: waiting for gateway\n"},
		{"READY", func() { h.Set("gateway", true) }, 200, "ready\n"},
		{"socket dropped", func() { h.Set("gateway", false) }, 503, "not ready: waiting for gateway\n"},
		{"RESUMED", func() { h.Set("gateway", true) }, 200, "ready\n"},
		{"draining", h.Drain, 503, "not ready: draining\n"},
		{"ready again while draining", func() { h.Set("gateway", true) }, 503, "not ready: draining\n"},
	}
	for _, s := range steps {
		s.do()
		if code, body := get(t, h.ServeReady); code != s.status || body != s.body {
			t.Errorf("%s: /readyz = %d %q, want %d %q", s.name, code, body, s.status, s.body)
		}
		if code, _ := get(t, h.ServeLive); code != 200 {
			t.Errorf("%s: /healthz = %d, want 200", s.name, code)
		}
	}
}

// TestMetricsLabels: every label is a registered name, a route template or
// a fixed word; no user text, ID or token gets in, whatever the
// interaction holds.
func TestMetricsLabels(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg, []string{"ask", "about"})
	const text = "how do I match into IR residency"
	ask := discordtest.Command(discordtest.DefaultApplicationID, "ask", discordtest.Option("question", discordgo.ApplicationCommandOptionString, text))
	made := discordtest.Command(discordtest.DefaultApplicationID, "users-"+discordtest.UserID)
	click := discordtest.Component(discordtest.DefaultApplicationID, "more:"+discordtest.UserID, nil)
	auto := discordtest.Autocomplete(discordtest.DefaultApplicationID, "ask")

	m.Served(ask, "high", 3)
	m.Answered(ask, responder.OutcomeOK, 40*time.Millisecond)
	m.Served(made, "whatever "+text, 1)
	m.Answered(made, responder.OutcomeError, time.Millisecond)
	m.Deferred(click)
	m.Answered(click, responder.OutcomeOK, 3*time.Second)
	m.Answered(auto, responder.OutcomeTimeout, 2*time.Second)
	m.RateLimited(ask)
	m.REST("POST", responder.Route("/api/v9/interactions/"+ask.ID+"/"+ask.Token+"/callback"), 204)
	m.REST("PATCH", responder.Route("/api/v9/webhooks/"+ask.AppID+"/"+ask.Token+"/messages/@original"), 429)
	m.Gateway(EventReady)
	m.Gateway(EventResumed)
	m.Gateway(EventDisconnected)
	m.Gateway("something else")
	m.Reload(nil)
	m.Reload(io.EOF)

	w := httptest.NewRecorder()
	Handler(reg).ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	body := w.Body.String()
	for _, bad := range []string{text, "whatever", discordtest.UserID, discordtest.GuildID, ask.ID, ask.Token, ask.AppID, made.ID} {
		if strings.Contains(body, bad) {
			t.Errorf("/metrics holds %q", bad)
		}
	}
	for _, want := range []string{
		`irbot_interactions_total{command="ask",outcome="ok",tier="high",type="command"} 1`,
		`irbot_interactions_total{command="other",outcome="error",tier="other",type="command"} 1`,
		`irbot_interactions_total{command="component",outcome="ok",tier="na",type="component"} 1`,
		`irbot_interactions_total{command="ask",outcome="timeout",tier="na",type="autocomplete"} 1`,
		`irbot_interaction_deferrals_total{type="component"} 1`,
		`irbot_rate_limited_interactions_total{type="command"} 1`,
		`irbot_passages_served_total{tier="high"} 3`,
		`irbot_discord_rest_requests_total{method="POST",route="/interactions/{id}/{token}/callback",status="204"} 1`,
		`irbot_discord_rate_limited_total{route="/webhooks/{id}/{token}/messages/@original"} 1`,
		`irbot_gateway_sessions_total 1`,
		`irbot_gateway_resumes_total 1`,
		`irbot_gateway_reconnects_total 1`,
		`irbot_knowledge_reloads_total{result="failed"} 1`,
		`irbot_knowledge_reloads_total{result="ok"} 1`,
		`irbot_interaction_duration_seconds_count{type="command"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}
}

// TestTiersBounded: tiers reported for interactions that never get an
// outcome are dropped once there are many and they are old.
func TestTiersBounded(t *testing.T) {
	m := NewMetrics(prometheus.NewRegistry(), nil)
	old := time.Now().Add(-time.Hour)
	for range maxTiers {
		i := &discordgo.Interaction{}
		m.tiers.Store(i, tierNote{"high", old})
		m.nTiers.Add(1)
	}
	m.Served(&discordgo.Interaction{}, "low", 1)
	if n := m.nTiers.Load(); n != 1 {
		t.Errorf("%d tiers kept after a sweep, want 1", n)
	}
}
