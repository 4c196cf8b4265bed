package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/cmdjson"
)

// Defaults for Options fields left zero.
const (
	DefaultToken         = "ZmFrZS1ib3Q.ZGlzY29yZHRlc3Q.not-a-real-token"
	DefaultApplicationID = "100000000000000001"
	DefaultBotUserID     = "100000000000000001"
)

// Options configures a fake Discord. Zero values mean the defaults.
type Options struct {
	// Token is the bot token the fake accepts (without "Bot ").
	Token string
	// ApplicationID is the application the token belongs to.
	ApplicationID string
	// BotUserID is the bot user's ID, sent in READY.
	BotUserID string
	// HeartbeatInterval is sent in HELLO. Default 500ms.
	HeartbeatInterval time.Duration
	// CallbackWindow is how long after dispatch an interaction may still be
	// acknowledged. Default 3s, as on Discord.
	CallbackWindow time.Duration
	// WaitTimeout bounds every Wait* helper. Default 10s.
	WaitTimeout time.Duration
}

// Server is a fake Discord REST API and gateway on 127.0.0.1.
type Server struct {
	// URL is the REST API base, like https://discord.com/api/v9.
	URL string
	// GatewayURL is the websocket URL GET /gateway returns.
	GatewayURL string
	// Token and ApplicationID are what the fake accepts.
	Token, ApplicationID, BotUserID string

	srv               *httptest.Server
	heartbeatInterval time.Duration
	callbackWindow    time.Duration
	waitTimeout       time.Duration

	identifies *record[Identify]
	resumes    *record[Resume]
	closes     *record[Close]
	heartbeats *record[int]
	requests   *record[Request]
	puts       *record[CommandsPut]
	callbacks  *record[Callback]
	edits      *record[Message]
	followups  *record[Message]

	mu           sync.Mutex
	commands     map[string][]*discordgo.ApplicationCommand // by guild ID, "" global
	nextID       int64
	interactions map[string]*interactionState // by token
	faults       map[string]*Fault            // "METHOD /path" prefix -> fault
	refuse       int                          // gateway connections to refuse
	silentResume int                          // RESUMEs to leave unanswered
	noAcks       bool                         // stop acknowledging heartbeats
	gw           gateway
}

type interactionState struct {
	id           string
	dispatchedAt time.Time
	acked        bool
}

// New starts a fake Discord and stops it when the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := &Server{
		Token:             or(opts.Token, DefaultToken),
		ApplicationID:     or(opts.ApplicationID, DefaultApplicationID),
		BotUserID:         or(opts.BotUserID, DefaultBotUserID),
		heartbeatInterval: orDur(opts.HeartbeatInterval, 500*time.Millisecond),
		callbackWindow:    orDur(opts.CallbackWindow, 3*time.Second),
		waitTimeout:       orDur(opts.WaitTimeout, 10*time.Second),
		identifies:        newRecord[Identify](),
		resumes:           newRecord[Resume](),
		closes:            newRecord[Close](),
		heartbeats:        newRecord[int](),
		requests:          newRecord[Request](),
		puts:              newRecord[CommandsPut](),
		callbacks:         newRecord[Callback](),
		edits:             newRecord[Message](),
		followups:         newRecord[Message](),
		commands:          map[string][]*discordgo.ApplicationCommand{},
		interactions:      map[string]*interactionState{},
		faults:            map[string]*Fault{},
		nextID:            200000000000000000,
	}
	s.gw.init()
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL + "/api/v9"
	s.GatewayURL = "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway-ws"
	tb.Cleanup(s.Close)
	return s
}

// Close drops every gateway connection and stops the server.
func (s *Server) Close() {
	s.gw.closeAll()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Fail makes every later REST request whose "METHOD /path" starts with
// prefix (path without the /api/v9) fail with status; status 0 clears it.
// For example Fail("PUT /applications/", 500).
func (s *Server) Fail(prefix string, status int) {
	if status == 0 {
		s.Inject(prefix, nil)
		return
	}
	s.Inject(prefix, &Fault{Status: status})
}

// Fault is what the fake does to a REST request instead of answering it.
type Fault struct {
	// Status is the error status to answer with; 0 with Delay set answers
	// normally, late.
	Status int
	// Times is how many requests the fault hits before it clears itself;
	// 0 is every request until cleared.
	Times int
	// RetryAfter, for a 429, is sent as retry_after (seconds, in the
	// body) and in the Retry-After and X-RateLimit-Reset-After headers.
	RetryAfter time.Duration
	// Global marks a 429 as the global rate limit (X-RateLimit-Global,
	// "global": true) rather than the route's (X-RateLimit-Scope: user).
	Global bool
	// Delay holds the request this long before answering, as an
	// overloaded Discord would; a client with a shorter timeout gives up.
	Delay time.Duration
}

// Inject makes later REST requests whose "METHOD /path" starts with prefix
// (path without the /api/v9) meet fault f; nil clears it.
func (s *Server) Inject(prefix string, f *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f == nil {
		delete(s.faults, prefix)
		return
	}
	c := *f
	s.faults[prefix] = &c
}

// SetCommands replaces the registered commands of a guild ("" for global),
// as if an earlier registration had put them there.
func (s *Server) SetCommands(guildID string, cmds []*discordgo.ApplicationCommand) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[guildID] = s.assignIDs(guildID, cmds)
}

// Commands returns the commands registered in a guild ("" for global).
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*discordgo.ApplicationCommand(nil), s.commands[guildID]...)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	const api = "/api/v9"
	mux.HandleFunc("GET "+api+"/gateway", s.getGateway)
	mux.HandleFunc("GET "+api+"/gateway/bot", s.auth(s.getGatewayBot))
	mux.HandleFunc("GET "+api+"/oauth2/applications/@me", s.auth(s.getApplication))
	mux.HandleFunc("GET "+api+"/users/@me", s.auth(s.getUser))
	mux.HandleFunc("GET "+api+"/applications/{app}/commands", s.auth(s.getCommands))
	mux.HandleFunc("PUT "+api+"/applications/{app}/commands", s.auth(s.putCommands))
	mux.HandleFunc("GET "+api+"/applications/{app}/guilds/{guild}/commands", s.auth(s.getCommands))
	mux.HandleFunc("PUT "+api+"/applications/{app}/guilds/{guild}/commands", s.auth(s.putCommands))
	mux.HandleFunc("POST "+api+"/interactions/{id}/{token}/callback", s.webhookAuth(s.postCallback))
	mux.HandleFunc("PATCH "+api+"/webhooks/{app}/{token}/messages/{msg}", s.webhookAuth(s.patchMessage))
	mux.HandleFunc("POST "+api+"/webhooks/{app}/{token}", s.webhookAuth(s.postFollowup))
	mux.HandleFunc("/gateway-ws", s.serveGateway)
	mux.HandleFunc("/gateway-ws/", s.serveGateway)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/gateway-ws") {
			mux.ServeHTTP(w, r)
			return
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		path := strings.TrimPrefix(r.URL.Path, api)
		f := s.fault(r.Method + " " + path)
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
				s.requests.add(Request{Method: r.Method, Path: path, Status: 0, Authorization: r.Header.Get("Authorization")})
				return
			}
		}
		switch {
		case f.Status == http.StatusTooManyRequests:
			writeRateLimit(rec, f)
		case f.Status != 0:
			writeError(rec, f.Status, 0, fmt.Sprintf("%d: injected failure", f.Status))
		default:
			mux.ServeHTTP(rec, r)
		}
		s.requests.add(Request{Method: r.Method, Path: path, Status: rec.status, Authorization: r.Header.Get("Authorization")})
	})
}

// fault returns the fault route meets (zero when none) and counts it.
func (s *Server) fault(route string) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for prefix, f := range s.faults {
		if strings.HasPrefix(route, prefix) {
			hit := *f
			if f.Times > 0 {
				if f.Times--; f.Times == 0 {
					delete(s.faults, prefix)
				}
			}
			return hit
		}
	}
	return Fault{}
}

// writeRateLimit answers 429 as Discord does: headers and a JSON body with
// retry_after in seconds.
func writeRateLimit(w http.ResponseWriter, f Fault) {
	secs := f.RetryAfter.Seconds()
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-bucket")
	if f.Global {
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Scope", "global")
	} else {
		h.Set("X-RateLimit-Scope", "user")
	}
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": f.Global, "code": 0,
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// auth requires "Authorization: Bot <token>", as Discord does for bot routes.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+s.Token {
			writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
		h(w, r)
	}
}

// webhookAuth lets interaction webhooks through without a token (their own
// token authorizes them) but rejects a wrong one, as Discord does.
func (s *Server) webhookAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("Authorization"); a != "" && a != "Bot "+s.Token {
			writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
		h(w, r)
	}
}

func (s *Server) getGateway(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"url": s.GatewayURL})
}

func (s *Server) getGatewayBot(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"url":    s.GatewayURL,
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) getApplication(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"id": s.ApplicationID, "name": "irbot-test", "description": "",
		"bot": map[string]any{"id": s.BotUserID, "username": "irbot", "bot": true},
	})
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"id": s.BotUserID, "username": "irbot", "discriminator": "0", "bot": true})
}

func (s *Server) getCommands(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("app") != s.ApplicationID {
		writeError(w, http.StatusForbidden, 50001, "Missing Access")
		return
	}
	writeJSON(w, http.StatusOK, s.Commands(r.PathValue("guild")))
}

func (s *Server) putCommands(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("app") != s.ApplicationID {
		writeError(w, http.StatusForbidden, 50001, "Missing Access")
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	cmds, err := cmdjson.Unmarshal(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	if cmds == nil {
		// Discord wants a list; null is a 400. An empty list deletes all.
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body")
		return
	}
	for _, c := range cmds {
		if c == nil || c.Name == "" {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: name is required")
			return
		}
	}
	guild := r.PathValue("guild")
	s.mu.Lock()
	s.commands[guild] = s.assignIDs(guild, cmds)
	out := append([]*discordgo.ApplicationCommand(nil), s.commands[guild]...)
	s.mu.Unlock()
	s.puts.add(CommandsPut{ApplicationID: s.ApplicationID, GuildID: guild, Commands: cmds, Body: body})
	writeJSON(w, http.StatusOK, out)
}

// assignIDs keeps the IDs of commands that already exist by name, as a bulk
// overwrite does. s.mu must be held.
func (s *Server) assignIDs(guild string, cmds []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
	old := map[string]string{}
	for _, c := range s.commands[guild] {
		old[c.Name] = c.ID
	}
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	for _, c := range cmds {
		cc := *c
		cc.ApplicationID = s.ApplicationID
		cc.GuildID = guild
		if cc.Type == 0 {
			cc.Type = discordgo.ChatApplicationCommand
		}
		if id, ok := old[c.Name]; ok {
			cc.ID = id
		} else {
			s.nextID++
			cc.ID = strconv.FormatInt(s.nextID, 10)
		}
		cc.Version = cc.ID
		out = append(out, &cc)
	}
	return out
}

func (s *Server) postCallback(w http.ResponseWriter, r *http.Request) {
	id, token := r.PathValue("id"), r.PathValue("token")
	body, _ := io.ReadAll(r.Body)
	cb := Callback{InteractionID: id, Token: token, Body: body}
	resp, err := DecodeResponse(body)
	cb.Response = resp
	cb.Status = func() int {
		if err != nil {
			writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
			return http.StatusBadRequest
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		st := s.interactions[token]
		if st == nil {
			// Not dispatched by this fake (HTTP-interactions tests): accept
			// once.
			st = &interactionState{id: id}
			s.interactions[token] = st
		} else {
			cb.After = time.Since(st.dispatchedAt)
		}
		switch {
		case st.id != id:
			writeError(w, http.StatusNotFound, 10062, "Unknown interaction")
			return http.StatusNotFound
		case !st.dispatchedAt.IsZero() && cb.After > s.callbackWindow:
			writeError(w, http.StatusNotFound, 10062, "Unknown interaction")
			return http.StatusNotFound
		case st.acked:
			writeError(w, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
			return http.StatusBadRequest
		}
		st.acked = true
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent
	}()
	s.callbacks.add(cb)
}

func (s *Server) patchMessage(w http.ResponseWriter, r *http.Request) {
	m, err := s.webhookMessage(r, true)
	m.MessageID = r.PathValue("msg")
	m.Status = s.checkWebhook(w, m, err, true)
	if m.Status == http.StatusOK {
		writeJSON(w, http.StatusOK, map[string]any{"id": "300000000000000011", "channel_id": ChannelID})
	}
	s.edits.add(m)
}

func (s *Server) postFollowup(w http.ResponseWriter, r *http.Request) {
	m, err := s.webhookMessage(r, false)
	m.Status = s.checkWebhook(w, m, err, false)
	if m.Status == http.StatusOK {
		if r.URL.Query().Get("wait") == "true" {
			writeJSON(w, http.StatusOK, map[string]any{"id": "300000000000000012", "channel_id": ChannelID, "content": m.Params.Content})
		} else {
			w.WriteHeader(http.StatusNoContent)
			m.Status = http.StatusNoContent
		}
	}
	s.followups.add(m)
}

func (s *Server) webhookMessage(r *http.Request, edit bool) (Message, error) {
	m := Message{ApplicationID: r.PathValue("app"), Token: r.PathValue("token")}
	m.Body, _ = io.ReadAll(r.Body)
	var err error
	if edit {
		m.Edit, err = DecodeEdit(m.Body)
	} else {
		m.Params, err = DecodeFollowup(m.Body)
	}
	return m, err
}

// checkWebhook validates a webhook request like Discord and writes the error
// if any; it returns the status, 200 when the caller should answer.
func (s *Server) checkWebhook(w http.ResponseWriter, m Message, err error, original bool) int {
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return http.StatusBadRequest
	}
	if m.ApplicationID != s.ApplicationID {
		writeError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return http.StatusNotFound
	}
	s.mu.Lock()
	st := s.interactions[m.Token]
	s.mu.Unlock()
	if st != nil && !st.dispatchedAt.IsZero() && !st.acked {
		// Nothing to edit, and no follow-up before the first response.
		code, msg := 10015, "Unknown Webhook"
		if original {
			code, msg = 10008, "Unknown Message"
		}
		writeError(w, http.StatusNotFound, code, msg)
		return http.StatusNotFound
	}
	return http.StatusOK
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func writeError(w http.ResponseWriter, status, code int, message string) {
	writeJSON(w, status, map[string]any{"message": message, "code": code})
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func orDur(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}
