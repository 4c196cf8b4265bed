package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot"
	"github.com/irbot/irbot/bot/gateway"
	"github.com/irbot/irbot/bot/httpapi"
	"github.com/irbot/irbot/bot/ops"
	"github.com/irbot/irbot/bot/responder"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Readiness conditions: the knowledge is loaded, and in gateway mode the
// session is READY.
const (
	condKnowledge = "knowledge"
	condGateway   = "gateway"
)

// runServe runs the bot until ctx is cancelled (SIGINT, SIGTERM): over the
// gateway by default, or as an HTTP-interactions endpoint with --http.
func runServe(ctx context.Context, cfg Config, e env) error {
	fs := newFlagSet("serve", e)
	addr := fs.String("http", "", "serve HTTP interactions on `ADDR` (such as :8080) instead of connecting to the gateway")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: irbot serve [--http ADDR]\n\nWithout --http, irbot connects to Discord's gateway (needs DISCORD_TOKEN) and registers its\ncommands on connect. With --http, it answers Discord's signed POSTs (needs DISCORD_PUBLIC_KEY);\nrun 'irbot register' once first.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	var err error
	// Each mode's credential is checked before the knowledge is loaded,
	// so a missing one fails at once.
	if *addr != "" {
		err = cfg.requirePublicKey()
	} else {
		err = cfg.requireToken()
	}
	if err != nil {
		return err
	}
	logger := cfg.newLogger(e.stderr)

	o := newServeOps(*addr == "")
	// The operator's listener opens first, so that /healthz answers and
	// /readyz says what it waits for while the knowledge loads.
	var opsDone <-chan error
	if cfg.MetricsAddr != "" {
		ln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("METRICS_ADDR %s: %w", cfg.MetricsAddr, err)
		}
		logger.Info("serving metrics and health checks", "addr", ln.Addr().String(), "paths", "GET /metrics, /healthz, /readyz")
		done := make(chan error, 1)
		go func() { done <- serveOpsListener(ctx, cfg, ln, o, logger) }()
		opsDone = done
	}

	// In HTTP mode the interactions listener opens before the knowledge
	// loads too: Discord's PINGs and /healthz are answered at once,
	// /readyz says what irbot waits for, and an interaction that comes
	// meanwhile waits for the bot rather than finding the port closed.
	var web *httpServing
	if *addr != "" {
		if web, err = listenHTTP(ctx, cfg, *addr, o, logger); err != nil {
			return err
		}
		defer web.stop()
	}

	rec, err := openRecord(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer rec.close(logger)
	b, err := newLiveBot(cfg, rec, o.hooks(), logger)
	if err != nil {
		return err
	}
	defer b.close()
	o.health.Set(condKnowledge, true)
	if e.reloads != nil {
		go b.watch(ctx, e.reloads(ctx))
	}
	if web != nil {
		web.bot.set(b)
		err = web.wait()
	} else {
		err = serveGateway(ctx, cfg, b, o, logger)
	}
	if opsDone != nil {
		if oerr := <-opsDone; err == nil {
			err = oerr
		}
	}
	if err == nil {
		logger.Info("stopped")
	}
	return err
}

// serveOps is what the operator watches: the metrics registry and the
// readiness.
type serveOps struct {
	reg     *prometheus.Registry
	metrics *ops.Metrics
	health  *ops.Health
}

// hooks are the parts of the bot's life the metrics count.
type hooks struct {
	observer bot.Observer
	reloaded func(error)
}

func newServeOps(gatewayMode bool) *serveOps {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Command names do not depend on the knowledge: an empty bot has them.
	var names []string
	for _, c := range bot.New(nil, nil, bot.Options{}, nil).Commands() {
		names = append(names, c.Name)
	}
	conds := []string{condKnowledge}
	if gatewayMode {
		conds = append(conds, condGateway)
	}
	return &serveOps{reg: reg, metrics: ops.NewMetrics(reg, names), health: ops.NewHealth(conds...)}
}

func (o *serveOps) hooks() hooks {
	return hooks{observer: o.metrics, reloaded: o.metrics.Reload}
}

// mux serves /metrics, /healthz and /readyz.
func (o *serveOps) mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", ops.Handler(o.reg))
	mux.HandleFunc("GET /healthz", o.health.ServeLive)
	mux.HandleFunc("GET /readyz", o.health.ServeReady)
	return mux
}

// serveOpsListener serves the operator's endpoints on ln until ctx ends,
// failing /readyz for SHUTDOWN_DRAIN first.
func serveOpsListener(ctx context.Context, cfg Config, ln net.Listener, o *serveOps, logger *slog.Logger) error {
	return httpapi.ServeDraining(ctx, httpapi.NewHTTPServer(o.mux(), logger, cfg.HTTPIdleTimeout), ln, o.health, cfg.ShutdownDrain, logger)
}

// parseFlags parses args, refusing positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

// httpServing is the HTTP interactions endpoint, serving from before the
// bot is ready.
type httpServing struct {
	bot    *startingBot
	done   <-chan error
	cancel context.CancelFunc

	ended   sync.Once
	serving error
}

// wait waits until serving ends (ctx done, or stop) and returns why.
func (h *httpServing) wait() error {
	h.ended.Do(func() { h.serving = <-h.done })
	return h.serving
}

// stop ends serving if it has not ended (the bot could not start):
// interactions waiting for the bot get an apology, and the listener
// closes.
func (h *httpServing) stop() {
	h.bot.fail(errors.New("irbot is not running"))
	h.cancel()
	h.wait()
}

// listenHTTP listens on addr and answers Discord's signed POSTs there, with
// the bot once startingBot has it, until ctx ends or stop is called.
// /metrics is served there too, unless METRICS_ADDR moves it to a
// listener of its own.
func listenHTTP(ctx context.Context, cfg Config, addr string, o *serveOps, logger *slog.Logger) (*httpServing, error) {
	wh := responder.NewWebhook(cfg.APIBase)
	wh.Observe = o.metrics.REST
	opts := httpapi.Options{
		PublicKey: cfg.PublicKey, APIBase: cfg.APIBase, PublicReplies: cfg.DefaultVisibility == "public",
		Webhook: wh, Observer: o.metrics, Health: o.health, Drain: cfg.ShutdownDrain, IdleTimeout: cfg.HTTPIdleTimeout,
	}
	paths := "POST / and /interactions, GET /healthz, /readyz"
	if cfg.MetricsAddr == "" {
		opts.Metrics = ops.Handler(o.reg)
		paths += ", /metrics"
	}
	sb := newStartingBot()
	srv, err := httpapi.New(sb, opts, logger)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--http %s: %w", addr, err)
	}
	logger.Info("serving HTTP interactions", "addr", ln.Addr().String(), "version", buildVersion(), "paths", paths)
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	return &httpServing{bot: sb, done: done, cancel: cancel}, nil
}

// startingBot answers with the live bot once it is set; until then an
// interaction waits for it (the Responder defers one that waits too long).
type startingBot struct {
	ready chan struct{}
	once  sync.Once
	bot   *liveBot
	err   error
}

func newStartingBot() *startingBot { return &startingBot{ready: make(chan struct{})} }

// set hands over the bot; fail gives up on it. Only the first call counts.
func (s *startingBot) set(b *liveBot) { s.once.Do(func() { s.bot = b; close(s.ready) }) }
func (s *startingBot) fail(err error) { s.once.Do(func() { s.err = err; close(s.ready) }) }

func (s *startingBot) wait(ctx context.Context) (*liveBot, error) {
	select {
	case <-s.ready:
		return s.bot, s.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Handle answers with the bot, once it is there.
func (s *startingBot) Handle(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	b, err := s.wait(ctx)
	if err != nil {
		return nil, err
	}
	return b.Handle(ctx, i)
}

// Respond answers with the bot, follow-ups included, once it is there.
func (s *startingBot) Respond(ctx context.Context, i *discordgo.Interaction) (bot.Response, error) {
	b, err := s.wait(ctx)
	if err != nil {
		return bot.Response{}, err
	}
	return b.Respond(ctx, i)
}

// serveGateway answers interactions from the gateway with b until ctx ends.
func serveGateway(ctx context.Context, cfg Config, b *liveBot, o *serveOps, logger *slog.Logger) error {
	logger.Info("connecting to the gateway", "version", buildVersion(), "api", cfg.APIBase, "shard", cfg.ShardID, "shard_count", cfg.ShardCount)
	err := gateway.Run(ctx, gateway.Config{
		Token:         cfg.Token.reveal(),
		APIBase:       cfg.APIBase,
		ApplicationID: cfg.ApplicationID,
		GuildID:       cfg.GuildID,
		ShardID:       cfg.ShardID,
		ShardCount:    cfg.ShardCount,
		Register:      true,
		Commands:      b.Commands(),
		PublicReplies: cfg.DefaultVisibility == "public",
		Observer:      o.metrics,
		ObserveREST:   o.metrics.REST,
		Events:        o.metrics.Gateway,
		Ready:         func(up bool) { o.health.Set(condGateway, up) },
	}, b, logger)
	if err != nil {
		return explainREST(err)
	}
	return nil
}

// explainREST names the setting at fault when Discord refuses a request.
func explainREST(err error) error {
	var se *responder.StatusError
	if !errors.As(err, &se) {
		return err
	}
	switch se.Status {
	case 401:
		return &configError{"DISCORD_TOKEN", "was rejected by Discord (401 Unauthorized)", "reset the token on the Developer Portal's Bot page and paste the new one"}
	case 403, 404:
		return fmt.Errorf("%w (check that DISCORD_APPLICATION_ID belongs to this bot's token, and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope)", err)
	}
	return err
}

// newServingBot loads the knowledge, indexes it and builds the bot both
// modes serve, recording into rec and telling obs (when not nil) what it
// served; close releases the index.
func newServingBot(cfg Config, rec record, obs bot.Observer, logger *slog.Logger) (b *bot.Bot, close func(), err error) {
	start := time.Now()
	kb, idx, err := openKnowledge(cfg, logger)
	if err != nil {
		return nil, nil, err
	}
	logger.Info("knowledge loaded", "documents", len(kb.Documents), "passages", len(kb.Passages),
		"pathways", len(kb.Pathways), "took", time.Since(start).Round(time.Millisecond))
	opts := bot.Options{
		Public:    cfg.DefaultVisibility == "public",
		Version:   buildVersion(),
		RateEvery: bot.DefaultRateEvery,
		RateBurst: bot.DefaultRateBurst,
		Observer:  obs,
	}
	rec.options(&opts, cfg)
	b = bot.New(kb, idx, opts, logger)
	return b, func() {
		if err := idx.Close(); err != nil {
			logger.Warn("closing the index", "err", err)
		}
	}, nil
}
