package httpapi

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/ops"
	"github.com/irbot/irbot/bot/responder"
)

// Limits of the endpoint.
const (
	// MaxBody caps a request body; Discord's interactions are a few KB.
	MaxBody = 64 << 10
	// MaxSkew is how far X-Signature-Timestamp may be from now before a
	// request is taken for a replay.
	MaxSkew = 5 * time.Minute
	// DefaultDeferAfter leaves half a second of Discord's three for the
	// reply to travel back.
	DefaultDeferAfter = 2500 * time.Millisecond
)

// Options configures a Server. PublicKey is required.
type Options struct {
	// PublicKey verifies every request (the application's Public Key).
	PublicKey ed25519.PublicKey
	// APIBase is where replies that finish after a deferral are sent.
	APIBase string
	// DeferAfter is how long a reply may take before the server answers
	// with a deferral and edits the reply in later. Default 2.5 s.
	DeferAfter time.Duration
	// HandleTimeout bounds a deferred handler. Default 30 s.
	HandleTimeout time.Duration
	// Now is the clock for timestamp checks; nil means time.Now.
	Now func() time.Time
	// Webhook overrides the client for deferred replies (tests).
	Webhook *responder.Webhook
	// PublicReplies: see responder.Responder.PublicReplies.
	PublicReplies bool
	// Observer, when set, is told how each interaction ended (metrics).
	Observer responder.Observer
	// Health answers GET /healthz and /readyz; nil means always ready
	// (until shutdown drains).
	Health *ops.Health
	// Metrics, when set, answers GET /metrics.
	Metrics http.Handler
	// Drain is how long /readyz fails before the listener closes on
	// shutdown (SHUTDOWN_DRAIN), so a load balancer stops sending first.
	Drain time.Duration
	// IdleTimeout closes keep-alive connections idle this long. Default
	// DefaultIdleTimeout.
	IdleTimeout time.Duration
}

// DefaultIdleTimeout closes an idle keep-alive connection after 65 s:
// longer than the idle timeout of the usual proxies in front (nginx's
// upstream keepalive_timeout and AWS load balancers, 60 s), so the proxy
// always closes first and never sends a request on a connection irbot is
// closing at that moment (which the proxy reports as a 502). Set
// HTTP_IDLE_TIMEOUT above your proxy's if it keeps connections longer.
const DefaultIdleTimeout = 65 * time.Second

// Server is the HTTP-interactions endpoint: Discord POSTs each interaction
// to it, signed, and takes the HTTP response as the reply. It keeps no
// state between requests, so any number of replicas can serve one
// application.
type Server struct {
	key       ed25519.PublicKey
	now       func() time.Time
	responder *responder.Responder
	logger    *slog.Logger
	mux       *http.ServeMux
	health    *ops.Health
	drain     time.Duration
	idle      time.Duration
	// later tracks deferred replies still being delivered.
	later sync.WaitGroup
}

// New returns the endpoint, answering with h.
func New(h responder.Handler, opts Options, logger *slog.Logger) (*Server, error) {
	if len(opts.PublicKey) != ed25519.PublicKeySize {
		return nil, errors.New("httpapi: a 32-byte Ed25519 public key is required")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	wh := opts.Webhook
	if wh == nil {
		if opts.APIBase == "" {
			return nil, errors.New("httpapi: APIBase is required for deferred replies")
		}
		wh = responder.NewWebhook(opts.APIBase)
	}
	if wh.Logger == nil {
		wh.Logger = logger
	}
	s := &Server{
		key:    opts.PublicKey,
		now:    opts.Now,
		logger: logger,
		health: opts.Health,
		drain:  opts.Drain,
		idle:   opts.IdleTimeout,
		responder: &responder.Responder{
			Handler: h, Webhook: wh, Logger: logger, Mode: "http", Observer: opts.Observer,
			DeferAfter: opts.DeferAfter, HandleTimeout: opts.HandleTimeout, PublicReplies: opts.PublicReplies,
		},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.health == nil {
		s.health = ops.NewHealth()
	}
	if s.idle <= 0 {
		s.idle = DefaultIdleTimeout
	}
	if s.responder.DeferAfter <= 0 {
		s.responder.DeferAfter = DefaultDeferAfter
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /{$}", s.interaction)
	s.mux.HandleFunc("POST /interactions", s.interaction)
	s.mux.HandleFunc("GET /healthz", s.health.ServeLive)
	s.mux.HandleFunc("GET /readyz", s.health.ServeReady)
	if opts.Metrics != nil {
		s.mux.Handle("GET /metrics", opts.Metrics)
	}
	return s, nil
}

// ServeHTTP routes: POST / and /interactions take interactions; GET
// /healthz (alive), /readyz (ready for traffic) and /metrics (when
// configured) are for operators; other methods get 405.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Serve answers on ln until ctx is cancelled, then shuts down gracefully:
// /readyz fails for the drain time while everything else is still served,
// then no new connections, requests in flight and deferred replies
// finished (giving up, with a warning, after about 8 s), and returns nil.
// It returns an error only if serving fails.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := NewHTTPServer(s, s.logger, s.idle)
	// A reply takes at most DeferAfter plus writing it.
	hs.WriteTimeout = 15 * time.Second
	hs.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	if err := ServeDraining(ctx, hs, ln, s.health, s.drain, s.logger); err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := s.Wait(wctx); err != nil {
		// Exit anyway: a supervisor waits only so long, and a non-zero
		// exit on SIGTERM would look like a crash.
		s.logger.Warn("shutdown: giving up on deferred replies", "err", err)
	}
	return nil
}

// shutdownTimeout bounds each stage of a shutdown after the drain: the
// requests in flight, then the deferred replies.
const shutdownTimeout = 8 * time.Second

// ServeDraining serves hs on ln until ctx ends, then drains (h fails
// /readyz for drain while everything is still served), closes the listener
// and waits for the requests in flight, for at most 8 s. It returns an
// error only if serving fails.
func ServeDraining(ctx context.Context, hs *http.Server, ln net.Listener, h *ops.Health, drain time.Duration, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	Drain(h, drain, logger)
	logger.Info("closing the listener", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		logger.Warn("shutdown: closed requests still in flight", "err", err)
	}
	<-errc
	return nil
}

// NewHTTPServer returns an http.Server with irbot's timeouts and limits,
// its error log (TLS handshakes, bad requests) on logger at warn.
func NewHTTPServer(h http.Handler, logger *slog.Logger, idle time.Duration) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       idle,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// Drain marks h unready and waits d, so that a load balancer probing
// /readyz stops sending new requests before the listener closes.
func Drain(h *ops.Health, d time.Duration, logger *slog.Logger) {
	h.Drain()
	if d <= 0 {
		return
	}
	logger.Info("draining: /readyz fails before the listener closes", "for", d)
	time.Sleep(d)
}

// Wait waits for deferred replies still being delivered, or for ctx.
func (s *Server) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { s.later.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("deferred replies still in flight: %w", ctx.Err())
	}
}

func (s *Server) interaction(w http.ResponseWriter, r *http.Request) {
	sig, ts := r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp")
	if sig == "" || ts == "" {
		s.reject(w, r, http.StatusUnauthorized, "missing signature")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.reject(w, r, http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		s.reject(w, r, http.StatusBadRequest, "cannot read body")
		return
	}
	if !s.verify(sig, ts, body) {
		s.reject(w, r, http.StatusUnauthorized, "invalid request signature")
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil || i.Type == 0 {
		s.reject(w, r, http.StatusBadRequest, "malformed interaction")
		return
	}
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	if i.ID == "" || i.Token == "" {
		s.reject(w, r, http.StatusBadRequest, "malformed interaction")
		return
	}
	a := s.responder.Answer(r.Context(), &i)
	later := a.Later()
	if later {
		s.later.Add(1)
	}
	writeJSON(w, a.Now)
	if later {
		// The response (a deferral, or a reply with follow-ups) must reach
		// Discord before what follows it: flush it, then deliver from a
		// goroutine that outlives this request.
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		go func() {
			defer s.later.Done()
			ctx, cancel := context.WithTimeout(context.Background(), s.responder.HandleTimeoutOrDefault()+10*time.Second)
			defer cancel()
			if err := a.Finish(ctx); err != nil {
				s.logger.Warn("reply not delivered", "type", responder.TypeName(i.Type), "command", responder.Name(&i), "deferred", a.Deferred, "err", err)
			}
		}()
	}
}

// reject answers a request that is not a valid interaction. Discord probes
// the endpoint with bad signatures, so these are routine: debug level.
func (s *Server) reject(w http.ResponseWriter, r *http.Request, status int, reason string) {
	s.logger.Debug("request rejected", "status", status, "reason", reason, "remote", r.RemoteAddr)
	http.Error(w, reason, status)
}

// verify checks Discord's signature: Ed25519 over timestamp+body, with the
// timestamp (Unix seconds) within MaxSkew of now.
func (s *Server) verify(sigHex, ts string, body []byte) bool {
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if d := s.now().Sub(time.Unix(sec, 0)); d > MaxSkew || d < -MaxSkew {
		return false
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	return ed25519.Verify(s.key, msg, sig)
}

func writeJSON(w http.ResponseWriter, v *discordgo.InteractionResponse) {
	b, err := responder.Marshal(v)
	if err != nil {
		http.Error(w, "cannot encode reply", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}
