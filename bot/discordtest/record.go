package discordtest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Identify is an IDENTIFY (op 2) the client sent.
type Identify struct {
	Conn    int // 1 for the first connection, 2 for the next, ...
	Token   string
	Shard   *[2]int
	Intents discordgo.Intent
	// Accepted is false when the token was wrong and the fake closed the
	// socket with 4004 as Discord does.
	Accepted bool
}

// Resume is a RESUME (op 6) the client sent.
type Resume struct {
	Conn      int
	SessionID string
	Seq       int64
	// Accepted is false when the session was unknown and the fake answered
	// with op 9.
	Accepted bool
	// Ignored is true when the fake left the RESUME unanswered (see
	// IgnoreResumes).
	Ignored bool
}

// Close is the end of one gateway connection.
type Close struct {
	Conn int
	// Code is the close code of the client's close frame, or 0 when the
	// socket ended without one (dropped, or closed by the fake).
	Code int
}

// Request is one REST request the fake served.
type Request struct {
	Method, Path string
	Status       int
	// Authorization is the Authorization header as sent. Tests may check it
	// but should not print it.
	Authorization string
}

// CommandsPut is a bulk overwrite of application commands.
type CommandsPut struct {
	ApplicationID string
	GuildID       string // "" for global commands
	Commands      []*discordgo.ApplicationCommand
	Body          []byte
}

// Callback is a POST to an interaction's callback URL.
type Callback struct {
	InteractionID, Token string
	Response             *discordgo.InteractionResponse
	Body                 []byte
	// Status is what the fake answered: 204 when accepted.
	Status int
	// After is the time since the interaction was dispatched on the gateway,
	// or 0 for interactions the fake did not dispatch.
	After time.Duration
}

// Message is a message sent by webhook: an edit of @original (or of a
// follow-up), or a new follow-up.
type Message struct {
	ApplicationID, Token string
	// MessageID is "@original" or a follow-up's ID for edits, "" for a new
	// follow-up.
	MessageID string
	// Edit is the decoded body of an edit; Params of a follow-up.
	Edit   *discordgo.WebhookEdit
	Params *discordgo.WebhookParams
	Body   []byte
	Status int
	// After is the time since the interaction was dispatched on the gateway,
	// or 0 for interactions the fake did not dispatch.
	After time.Duration
}

// record is an append-only list that wakes waiters on every append.
type record[T any] struct {
	mu      sync.Mutex
	items   []T
	changed chan struct{}
}

func newRecord[T any]() *record[T] { return &record[T]{changed: make(chan struct{})} }

func (r *record[T]) add(v T) {
	r.mu.Lock()
	r.items = append(r.items, v)
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
}

func (r *record[T]) snapshot() ([]T, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]T(nil), r.items...), r.changed
}

// wait returns the first item for which match is true, failing tb after the
// server's wait timeout.
func wait[T any](tb testing.TB, s *Server, r *record[T], what string, match func(i int, v T) bool) T {
	tb.Helper()
	timer := time.NewTimer(s.waitTimeout)
	defer timer.Stop()
	for {
		items, changed := r.snapshot()
		for i, v := range items {
			if match(i, v) {
				return v
			}
		}
		select {
		case <-changed:
		case <-timer.C:
			tb.Fatalf("discordtest: no %s after %v (have %d)", what, s.waitTimeout, len(items))
		case <-tb.Context().Done():
			tb.Fatalf("discordtest: test ended waiting for %s", what)
		}
	}
}

func nth[T any](n int) func(int, T) bool {
	return func(i int, _ T) bool { return i == n-1 }
}

// Identifies returns every IDENTIFY so far.
func (s *Server) Identifies() []Identify { v, _ := s.identifies.snapshot(); return v }

// WaitIdentify waits for the nth IDENTIFY (1-based) and returns it.
func (s *Server) WaitIdentify(tb testing.TB, n int) Identify {
	tb.Helper()
	return wait(tb, s, s.identifies, fmt.Sprintf("IDENTIFY #%d", n), nth[Identify](n))
}

// Resumes returns every RESUME so far.
func (s *Server) Resumes() []Resume { v, _ := s.resumes.snapshot(); return v }

// WaitResume waits for the nth RESUME (1-based) and returns it.
func (s *Server) WaitResume(tb testing.TB, n int) Resume {
	tb.Helper()
	return wait(tb, s, s.resumes, fmt.Sprintf("RESUME #%d", n), nth[Resume](n))
}

// Closes returns every gateway connection that has ended.
func (s *Server) Closes() []Close { v, _ := s.closes.snapshot(); return v }

// WaitClose waits for gateway connection number conn (1-based) to end.
func (s *Server) WaitClose(tb testing.TB, conn int) Close {
	tb.Helper()
	return wait(tb, s, s.closes, fmt.Sprintf("close of connection %d", conn), func(_ int, c Close) bool { return c.Conn == conn })
}

// Heartbeats returns how many heartbeats the fake has acknowledged.
func (s *Server) Heartbeats() int { v, _ := s.heartbeats.snapshot(); return len(v) }

// WaitHeartbeats waits until the fake has acknowledged n heartbeats in all.
func (s *Server) WaitHeartbeats(tb testing.TB, n int) {
	tb.Helper()
	wait(tb, s, s.heartbeats, fmt.Sprintf("%d heartbeats", n), nth[int](n))
}

// Requests returns every REST request so far.
func (s *Server) Requests() []Request { v, _ := s.requests.snapshot(); return v }

// WaitRequest waits for a REST request with this method and path.
func (s *Server) WaitRequest(tb testing.TB, method, path string) Request {
	tb.Helper()
	return wait(tb, s, s.requests, method+" "+path, func(_ int, r Request) bool { return r.Method == method && r.Path == path })
}

// CommandPuts returns every bulk overwrite so far.
func (s *Server) CommandPuts() []CommandsPut { v, _ := s.puts.snapshot(); return v }

// WaitCommands waits for the nth bulk overwrite of commands (1-based).
func (s *Server) WaitCommands(tb testing.TB, n int) CommandsPut {
	tb.Helper()
	return wait(tb, s, s.puts, fmt.Sprintf("command overwrite #%d", n), nth[CommandsPut](n))
}

// Callbacks returns every interaction callback so far.
func (s *Server) Callbacks() []Callback { v, _ := s.callbacks.snapshot(); return v }

// WaitCallback waits for the callback of the interaction with this ID.
func (s *Server) WaitCallback(tb testing.TB, interactionID string) Callback {
	tb.Helper()
	return wait(tb, s, s.callbacks, "callback for interaction "+interactionID, func(_ int, c Callback) bool { return c.InteractionID == interactionID })
}

// Edits returns every webhook edit so far.
func (s *Server) Edits() []Message { v, _ := s.edits.snapshot(); return v }

// WaitEdit waits for an edit of a message of the interaction with this
// token.
func (s *Server) WaitEdit(tb testing.TB, token string) Message {
	tb.Helper()
	return wait(tb, s, s.edits, "webhook edit", func(_ int, m Message) bool { return m.Token == token })
}

// Followups returns every follow-up message so far.
func (s *Server) Followups() []Message { v, _ := s.followups.snapshot(); return v }

// WaitFollowup waits for a follow-up message of the interaction with this
// token.
func (s *Server) WaitFollowup(tb testing.TB, token string) Message {
	tb.Helper()
	return wait(tb, s, s.followups, "follow-up message", func(_ int, m Message) bool { return m.Token == token })
}
