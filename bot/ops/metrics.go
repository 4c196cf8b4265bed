package ops

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/responder"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// NoTier is the tier label of an interaction that searched nothing (a
// pathway, a page turn, autocomplete).
const NoTier = "na"

// Gateway events Metrics.Gateway counts.
const (
	EventReady        = "ready"        // a new session (IDENTIFY answered)
	EventResumed      = "resumed"      // a session resumed after a reconnect
	EventDisconnected = "disconnected" // the socket closed; a reconnect follows
)

// Metrics counts what irbot does, on a registry it is given. It is the
// runners' responder.Observer and the bot's bot.Observer.
type Metrics struct {
	interactions *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	deferrals    *prometheus.CounterVec
	userLimited  *prometheus.CounterVec
	rest         *prometheus.CounterVec
	restLimited  *prometheus.CounterVec
	reconnects   prometheus.Counter
	resumes      prometheus.Counter
	sessions     prometheus.Counter
	passages     *prometheus.CounterVec
	reloads      *prometheus.CounterVec

	commands map[string]bool // registered command names: the only ones used as labels

	// tiers holds the confidence tier the bot reported for an interaction
	// until the responder reports how it ended.
	tiers  sync.Map // *discordgo.Interaction -> tierNote
	nTiers atomic.Int64
}

type tierNote struct {
	tier string
	at   time.Time
}

// NewMetrics registers irbot's metrics on reg. commands are the registered
// command names; any other name is counted as "other", so a label never
// holds what a client made up.
func NewMetrics(reg prometheus.Registerer, commands []string) *Metrics {
	f := func(c prometheus.Collector) {
		reg.MustRegister(c)
	}
	m := &Metrics{commands: map[string]bool{}}
	for _, c := range commands {
		m.commands[c] = true
	}
	m.interactions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "irbot_interactions_total",
		Help: "Interactions answered, by type, command, outcome (ok, error, timeout, undelivered) and confidence tier (high, low, none; na when nothing was searched).",
	}, []string{"type", "command", "outcome", "tier"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "irbot_interaction_duration_seconds",
		Help: "Time from receiving an interaction to its reply being handed over (for a deferred reply, delivered).",
		// Discord's window is 3 s; deferred replies may take up to 30 s.
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 2.5, 3, 5, 10, 30},
	}, []string{"type"})
	m.deferrals = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "irbot_interaction_deferrals_total",
		Help: "Interactions answered with a deferral because the reply took too long.",
	}, []string{"type"})
	m.userLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "irbot_rate_limited_interactions_total",
		Help: "Interactions refused by the per-user rate limit.",
	}, []string{"type"})
	m.rest = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "irbot_discord_rest_requests_total",
		Help: "Requests to Discord's REST API by method, route template and status (0: no answer).",
	}, []string{"method", "route", "status"})
	m.restLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "irbot_discord_rate_limited_total",
		Help: "Requests Discord answered with 429 Too Many Requests, by route template.",
	}, []string{"route"})
	m.reconnects = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "irbot_gateway_reconnects_total",
		Help: "Gateway connections lost (op 7, dropped socket, missed heartbeat ACKs) and reconnected.",
	})
	m.resumes = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "irbot_gateway_resumes_total",
		Help: "Gateway sessions resumed.",
	})
	m.sessions = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "irbot_gateway_sessions_total",
		Help: "Gateway sessions started (READY after IDENTIFY).",
	})
	m.passages = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "irbot_passages_served_total",
		Help: "Guide passages shown in answers, by confidence tier.",
	}, []string{"tier"})
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "irbot_knowledge_reloads_total",
		Help: "Knowledge reloads (SIGHUP) by result: ok or failed.",
	}, []string{"result"})
	for _, c := range []prometheus.Collector{m.interactions, m.latency, m.deferrals, m.userLimited,
		m.rest, m.restLimited, m.reconnects, m.resumes, m.sessions, m.passages, m.reloads} {
		f(c)
	}
	// Series an alert compares from the start, so they exist at zero.
	for _, r := range []string{"ok", "failed"} {
		m.reloads.WithLabelValues(r)
	}
	for _, t := range []discordgo.InteractionType{discordgo.InteractionApplicationCommand, discordgo.InteractionMessageComponent} {
		m.deferrals.WithLabelValues(responder.TypeName(t))
		m.userLimited.WithLabelValues(responder.TypeName(t))
	}
	return m
}

// Handler serves the metrics gathered by g in Prometheus' text format.
func Handler(g prometheus.Gatherer) http.Handler {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{})
}

var _ responder.Observer = (*Metrics)(nil)

// Answered counts an interaction's outcome and latency.
func (m *Metrics) Answered(i *discordgo.Interaction, outcome string, latency time.Duration) {
	tier := NoTier
	if v, ok := m.tiers.LoadAndDelete(i); ok {
		m.nTiers.Add(-1)
		tier = v.(tierNote).tier
	}
	typ := responder.TypeName(i.Type)
	m.interactions.WithLabelValues(typ, m.command(i), outcome, tier).Inc()
	m.latency.WithLabelValues(typ).Observe(latency.Seconds())
}

// Deferred counts a deferral.
func (m *Metrics) Deferred(i *discordgo.Interaction) {
	m.deferrals.WithLabelValues(responder.TypeName(i.Type)).Inc()
}

// Served notes the tier of an answer and counts the passages it shows.
func (m *Metrics) Served(i *discordgo.Interaction, confidence string, passages int) {
	switch confidence {
	case "high", "low", "none":
	default:
		confidence = "other"
	}
	m.passages.WithLabelValues(confidence).Add(float64(passages))
	if _, loaded := m.tiers.Swap(i, tierNote{confidence, time.Now()}); !loaded {
		if m.nTiers.Add(1) > maxTiers {
			m.sweep()
		}
	}
}

// maxTiers bounds the tiers waiting for an outcome: a handler that
// finishes after its interaction was given up (an autocomplete past its
// deadline) reports a tier nobody collects.
const maxTiers = 4096

func (m *Metrics) sweep() {
	old := time.Now().Add(-2 * time.Minute)
	m.tiers.Range(func(k, v any) bool {
		if v.(tierNote).at.Before(old) {
			if _, ok := m.tiers.LoadAndDelete(k); ok {
				m.nTiers.Add(-1)
			}
		}
		return true
	})
}

// RateLimited counts an interaction refused by the per-user limit.
func (m *Metrics) RateLimited(i *discordgo.Interaction) {
	m.userLimited.WithLabelValues(responder.TypeName(i.Type)).Inc()
}

// REST counts a request to Discord's REST API. route must already be a
// template (see responder.Route).
func (m *Metrics) REST(method, route string, status int) {
	m.rest.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	if status == http.StatusTooManyRequests {
		m.restLimited.WithLabelValues(route).Inc()
	}
}

// Gateway counts a gateway event (EventReady, EventResumed,
// EventDisconnected); other events are ignored.
func (m *Metrics) Gateway(event string) {
	switch event {
	case EventReady:
		m.sessions.Inc()
	case EventResumed:
		m.resumes.Inc()
	case EventDisconnected:
		m.reconnects.Inc()
	}
}

// Reload counts a knowledge reload: err nil is "ok".
func (m *Metrics) Reload(err error) {
	result := "ok"
	if err != nil {
		result = "failed"
	}
	m.reloads.WithLabelValues(result).Inc()
}

// command is the command label: a registered command's name, "other" for
// any other name, or the kind of interaction when it names no command.
func (m *Metrics) command(i *discordgo.Interaction) string {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		if n := responder.Name(i); m.commands[n] {
			return n
		}
		return "other"
	case discordgo.InteractionMessageComponent:
		return "component"
	case discordgo.InteractionModalSubmit:
		return "modal"
	}
	return "none"
}
