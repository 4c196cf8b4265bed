package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/responder"
)

// Defaults for Config fields left zero.
const (
	// DefaultDeferAfter leaves a second of Discord's three for the
	// dispatch to arrive and the callback to travel back.
	DefaultDeferAfter      = 2 * time.Second
	DefaultShutdownTimeout = 8 * time.Second
)

// Config configures the gateway runner.
type Config struct {
	// Token is the bot token, without "Bot ".
	Token string
	// APIBase is Discord's REST API or a proxy; every REST request,
	// including the gateway lookup, goes there.
	APIBase string
	// ApplicationID is the application to register commands for; empty
	// means the one READY names.
	ApplicationID string
	// GuildID registers the commands in one guild; empty registers them
	// globally.
	GuildID string
	// ShardID and ShardCount shard the gateway connection (0 and 1 when
	// unsharded).
	ShardID, ShardCount int
	// Register makes the runner overwrite the application's commands with
	// Commands on the first READY (shard 0 only).
	Register bool
	Commands []*discordgo.ApplicationCommand
	// DeferAfter is how long Handle may take before the runner defers.
	DeferAfter time.Duration
	// HandleTimeout bounds Handle once deferred. Default 30 s.
	HandleTimeout time.Duration
	// PublicReplies: see responder.Responder.PublicReplies.
	PublicReplies bool
	// ShutdownTimeout bounds the wait for replies in flight on shutdown.
	ShutdownTimeout time.Duration
	// OpenTimeout bounds the opening of each gateway connection, up to
	// READY or RESUMED. Default DefaultOpenTimeout.
	OpenTimeout time.Duration
	// RequestTimeout bounds each command registration request. Default
	// 15 s.
	RequestTimeout time.Duration

	// Observer, when set, is told how each interaction ended (metrics).
	Observer responder.Observer
	// ObserveREST, when set, is told of every REST request: method, route
	// template (responder.Route) and status, 0 when none came.
	ObserveREST func(method, route string, status int)
	// Events, when set, is told of gateway events: "ready", "resumed",
	// "disconnected" (see ops.Event*).
	Events func(event string)
	// Ready, when set, is told whether the session is up: true on READY
	// and RESUMED, false when the socket drops and on shutdown.
	Ready func(bool)
}

// runner is one gateway session and the interactions in flight on it.
type runner struct {
	cfg       Config
	s         *discordgo.Session
	rest      *REST
	webhook   *responder.Webhook
	responder *responder.Responder
	logger    *slog.Logger
	ctx       context.Context // the run's context, for REST calls
	guard     *openGuard

	mu sync.Mutex
	// stopping: shutdown has begun; no reconnect, no registration.
	stopping bool
	// closing: the socket is closed; no new interaction is taken. Between
	// the two, interactions still arriving on the closing socket are
	// answered (they go out over REST).
	closing  bool
	inflight sync.WaitGroup

	registered   atomic.Bool
	registerMu   sync.Mutex  // one registration at a time
	reconnecting atomic.Bool // one reconnect loop at a time
}

// Run connects to Discord's gateway, registers the commands on READY,
// answers every interaction with h, and returns nil once ctx is cancelled
// and the replies in flight are delivered. After op 7 or a dropped socket
// it reconnects and resumes (discordgo's Open resumes; the retry loop is
// the runner's); after op 9 discordgo identifies again. Run fails fast if
// Discord rejects the token (see Unauthorized) or the first connection
// fails.
func Run(ctx context.Context, cfg Config, h responder.Handler, logger *slog.Logger) error {
	if cfg.ShardCount == 0 {
		cfg.ShardCount = 1
	}
	if cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
		return fmt.Errorf("shard %d is not below the shard count %d", cfg.ShardID, cfg.ShardCount)
	}
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = DefaultDeferAfter
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	if cfg.OpenTimeout <= 0 {
		cfg.OpenTimeout = DefaultOpenTimeout
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 15 * time.Second
	}
	guard := &openGuard{timeout: cfg.OpenTimeout}
	s, err := newSession(cfg.Token, cfg.APIBase, logger, cfg.ObserveREST, guard)
	if err != nil {
		return err
	}
	defer routeDiscordgoLog(logger, cfg.Token)()
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	wh := responder.NewWebhook(cfg.APIBase)
	wh.Observe = cfg.ObserveREST
	wh.Logger = logger
	r := &runner{
		cfg: cfg, s: s, rest: &REST{s: s}, webhook: wh, logger: logger, ctx: ctx, guard: guard,
		responder: &responder.Responder{
			Handler: h, Webhook: wh, Logger: logger, Mode: "gateway", Observer: cfg.Observer,
			DeferAfter: cfg.DeferAfter, HandleTimeout: cfg.HandleTimeout, PublicReplies: cfg.PublicReplies,
		},
	}

	// discordgo would sleep through a 429's retry_after, however long,
	// deaf to shutdown, and then retry forever; the runner waits itself,
	// bounded (see retryWait).
	s.ShouldRetryOnRateLimit = false

	// Check the token before connecting: a wrong one is a clear 401 here,
	// where the gateway would only close the socket.
	var gb *discordgo.GatewayBotResponse
	for attempt := 1; ; attempt++ {
		rctx, cancel := context.WithTimeout(ctx, cfg.RequestTimeout)
		gb, err = r.rest.GatewayBot(rctx)
		cancel()
		wait, retry := retryWait(err, attempt, time.Second)
		if !retry || ctx.Err() != nil {
			break
		}
		logger.Warn("getting the gateway failed; retrying", "err", err, "retry_in", wait)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}
	if gb.Shards > cfg.ShardCount {
		logger.Warn("Discord recommends more shards", "recommended", gb.Shards, "shard_count", cfg.ShardCount)
	}
	if rem := gb.SessionStartLimit.Remaining; rem > 0 && rem < 10 {
		logger.Warn("few gateway session starts left today", "remaining", rem)
	}

	// discordgo's own reconnect loop reads this flag unsynchronized and
	// never stops; the runner reconnects instead (onDisconnect), so that
	// shutdown needs no racy write and a failing reconnect is logged.
	s.ShouldReconnectOnError = false
	s.AddHandler(r.onReady)
	s.AddHandler(r.onResumed)
	s.AddHandler(r.onDisconnect)
	s.AddHandler(r.onRateLimit)
	s.AddHandler(r.onInteraction)

	opened := make(chan error, 1)
	go func() { opened <- s.Open() }()
	select {
	case err := <-opened:
		if err != nil {
			return fmt.Errorf("connect to the gateway: %w", err)
		}
		guard.opened()
	case <-ctx.Done():
		// Open has no context; close the session once it returns.
		r.mu.Lock()
		r.stopping, r.closing = true, true
		r.mu.Unlock()
		go func() {
			if <-opened == nil {
				s.Close()
			}
		}()
		return nil
	}
	logger.Info("gateway connected", "shard", cfg.ShardID, "shard_count", cfg.ShardCount)

	<-ctx.Done()
	return r.shutdown()
}

// shutdown closes the socket (no reconnect), answering what still arrives
// on it meanwhile, then stops taking interactions and waits for the replies
// in flight, all in at most ShutdownTimeout.
func (r *runner) shutdown() error {
	r.logger.Info("shutting down the gateway connection")
	r.ready(false)
	r.mu.Lock()
	r.stopping = true
	r.mu.Unlock()

	closed := make(chan struct{})
	go func() {
		if err := r.s.Close(); err != nil {
			r.logger.Debug("closing the gateway", "err", err)
		}
		r.mu.Lock()
		r.closing = true
		r.mu.Unlock()
		close(closed)
	}()
	drained := make(chan struct{})
	go func() {
		<-closed
		r.inflight.Wait()
		close(drained)
	}()
	timeout := time.NewTimer(r.cfg.ShutdownTimeout)
	defer timeout.Stop()
	select {
	case <-drained:
	case <-timeout.C:
		// Exit anyway: a supervisor waits only so long, and a non-zero
		// exit on SIGTERM would look like a crash.
		r.logger.Warn("shutdown: giving up on replies still in flight", "after", r.cfg.ShutdownTimeout)
	}
	return nil
}

// begin admits a connection handler (READY, disconnect) unless shutdown
// has begun.
func (r *runner) begin() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopping {
		return false
	}
	r.inflight.Add(1)
	return true
}

// beginInteraction admits an interaction until the socket is closed.
func (r *runner) beginInteraction() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closing {
		return false
	}
	r.inflight.Add(1)
	return true
}

func (r *runner) onInteraction(_ *discordgo.Session, ev *discordgo.InteractionCreate) {
	if ev.Interaction == nil || ev.ID == "" || ev.Token == "" {
		// discordgo hands on an event it could not decode as an empty
		// interaction (its error is logged just before, as "discordgo:
		// error unmarshalling"): there is nothing to answer it at.
		r.logger.Warn("interaction dropped: the event had no id or token (it could not be decoded)", "shard", r.cfg.ShardID)
		return
	}
	if !r.beginInteraction() {
		r.logger.Debug("interaction ignored while shutting down", "type", responder.TypeName(ev.Type))
		return
	}
	defer r.inflight.Done()
	i := ev.Interaction
	ctx := context.WithoutCancel(r.ctx)
	a := r.responder.Answer(ctx, i)
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err := r.webhook.Callback(cctx, i, a.Now)
	cancel()
	if err != nil {
		a.Abandon()
		r.logger.Warn("interaction callback failed", "type", responder.TypeName(i.Type), "deferred", a.Deferred, "err", err)
		return
	}
	if a.Later() {
		fctx, cancel := context.WithTimeout(ctx, r.cfg.HandleTimeout+40*time.Second)
		defer cancel()
		if err := a.Finish(fctx); err != nil {
			r.logger.Warn("reply not delivered", "type", responder.TypeName(i.Type), "deferred", a.Deferred, "err", err)
		}
	}
}

func (r *runner) onReady(s *discordgo.Session, ev *discordgo.Ready) {
	attrs := []any{"shard", r.cfg.ShardID}
	if ev.User != nil {
		attrs = append(attrs, "user", ev.User.Username, "user_id", ev.User.ID)
	}
	if ev.Application != nil {
		attrs = append(attrs, "application_id", ev.Application.ID)
	}
	r.logger.Info("gateway ready", append(attrs, "guilds", len(ev.Guilds))...)
	r.event("ready")
	r.ready(true)
	if !r.cfg.Register || r.cfg.ShardID != 0 || r.registered.Load() {
		return
	}
	if !r.begin() {
		return
	}
	defer r.inflight.Done()
	appID := r.cfg.ApplicationID
	if appID == "" && ev.Application != nil {
		appID = ev.Application.ID
	}
	if appID == "" && ev.User != nil {
		appID = ev.User.ID // the bot user of an application shares its ID
	}
	if r.cfg.ApplicationID != "" && ev.Application != nil && ev.Application.ID != r.cfg.ApplicationID {
		r.logger.Warn("the configured application ID is not the token's", "configured", r.cfg.ApplicationID, "token_application", ev.Application.ID)
	}
	r.register(appID)
}

func (r *runner) onResumed(*discordgo.Session, *discordgo.Resumed) {
	r.logger.Info("gateway resumed", "shard", r.cfg.ShardID)
	r.event("resumed")
	r.ready(true)
}

func (r *runner) event(name string) {
	if r.cfg.Events != nil {
		r.cfg.Events(name)
	}
}

func (r *runner) ready(up bool) {
	if r.cfg.Ready != nil {
		r.cfg.Ready(up)
	}
}

// onDisconnect reconnects after op 7, a dropped socket or missed heartbeat
// acknowledgements (discordgo closes the socket, then emits Disconnect).
// Open resumes the session when it can and identifies otherwise. It retries
// with backoff until it succeeds or the runner shuts down.
func (r *runner) onDisconnect(s *discordgo.Session, _ *discordgo.Disconnect) {
	if !r.begin() {
		return // shutting down: this is our own Close
	}
	defer r.inflight.Done()
	if !r.reconnecting.CompareAndSwap(false, true) {
		return
	}
	defer r.reconnecting.Store(false)
	r.logger.Warn("gateway disconnected; reconnecting", "shard", r.cfg.ShardID)
	r.ready(false)
	r.event("disconnected")
	// A pause first: the old connection's heartbeat goroutine may still be
	// failing its last write, and discordgo reads session fields there
	// without a lock that Open writes.
	select {
	case <-time.After(250 * time.Millisecond):
	case <-r.ctx.Done():
		return
	}
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		err := s.Open()
		if err == nil {
			r.guard.opened()
		}
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			if r.isClosing() {
				s.Close() // shutdown came while Open ran
			}
			return
		}
		r.logger.Warn("gateway reconnect failed", "shard", r.cfg.ShardID, "err", err, "retry_in", wait)
		select {
		case <-time.After(wait):
		case <-r.ctx.Done():
			return
		}
	}
}

func (r *runner) isClosing() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopping
}

func (r *runner) onRateLimit(_ *discordgo.Session, rl *discordgo.RateLimit) {
	if rl.TooManyRequests != nil {
		r.logger.Warn("rate limited by Discord", "route", responder.Route(rl.URL), "retry_after", rl.RetryAfter)
	}
}
