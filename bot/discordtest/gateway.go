package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// gateway is the fake's websocket side: connections and sessions.
type gateway struct {
	mu       sync.Mutex
	conns    int
	current  *gwConn // the connection that is identified or resumed
	open     map[*gwConn]struct{}
	sessions map[string]*session
	changed  chan struct{} // closed and replaced whenever current changes
}

type session struct {
	id    string
	seq   int64
	shard *[2]int
}

type gwConn struct {
	n   int
	ws  *websocket.Conn
	wmu sync.Mutex
	// sess is the session the connection identified or resumed; guarded by
	// gateway.mu.
	sess *session
}

func (g *gateway) init() {
	g.open = map[*gwConn]struct{}{}
	g.sessions = map[string]*session{}
	g.changed = make(chan struct{})
}

// setCurrent makes c (or nobody, when nil) the connection dispatches go to.
// g.mu must be held.
func (g *gateway) setCurrent(c *gwConn) {
	g.current = c
	close(g.changed)
	g.changed = make(chan struct{})
}

func (g *gateway) closeAll() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for c := range g.open {
		c.ws.Close()
	}
}

func (c *gwConn) send(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

// closeWith sends a close frame with code, as Discord does for fatal errors,
// and closes the socket.
func (c *gwConn) closeWith(code int, text string) {
	c.wmu.Lock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.wmu.Unlock()
	c.ws.Close()
}

type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

// dispatch sends an op 0 event with the next sequence number of the
// connection's session. g.mu must be held (it guards the sequence).
func (c *gwConn) dispatch(event string, d any) error {
	var raw []byte
	var err error
	if i, ok := d.(*discordgo.Interaction); ok {
		raw, err = Encode(i)
	} else {
		raw, err = json.Marshal(d)
	}
	if err != nil {
		return err
	}
	c.sess.seq++
	seq := c.sess.seq
	return c.send(payload{Op: 0, D: raw, S: &seq, T: &event})
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	refuse := s.refuse > 0
	if refuse {
		s.refuse--
	}
	s.mu.Unlock()
	if refuse {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	g := &s.gw
	g.mu.Lock()
	g.conns++
	c := &gwConn{n: g.conns, ws: ws}
	g.open[c] = struct{}{}
	g.mu.Unlock()

	code := 0
	defer func() {
		ws.Close()
		g.mu.Lock()
		delete(g.open, c)
		if g.current == c {
			g.setCurrent(nil)
		}
		g.mu.Unlock()
		s.closes.add(Close{Conn: c.n, Code: code})
	}()

	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": s.heartbeatInterval.Milliseconds()})
	if c.send(payload{Op: 10, D: hello}) != nil {
		return
	}
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				code = ce.Code
			}
			return
		}
		var p payload
		if json.Unmarshal(msg, &p) != nil {
			c.closeWith(4002, "Error while decoding payload.")
			return
		}
		switch p.Op {
		case 1: // heartbeat
			s.mu.Lock()
			silent := s.noAcks
			s.mu.Unlock()
			if silent {
				continue
			}
			if c.send(payload{Op: 11}) != nil {
				return
			}
			s.heartbeats.add(c.n)
		case 2:
			if !s.identify(c, p.D) {
				return
			}
		case 6:
			s.mu.Lock()
			silent := s.silentResume > 0
			if silent {
				s.silentResume--
			}
			s.mu.Unlock()
			if silent {
				// Leave the client waiting for a RESUMED that never comes.
				s.resumes.add(Resume{Conn: c.n, Ignored: true})
				continue
			}
			if !s.resume(c, p.D) {
				return
			}
		}
	}
}

func (s *Server) tokenOK(token string) bool {
	return strings.TrimPrefix(token, "Bot ") == s.Token
}

// identify answers an IDENTIFY with READY on a new session; it reports
// whether the connection stays open.
func (s *Server) identify(c *gwConn, raw json.RawMessage) bool {
	var id struct {
		Token   string           `json:"token"`
		Shard   *[2]int          `json:"shard"`
		Intents discordgo.Intent `json:"intents"`
	}
	if err := json.Unmarshal(raw, &id); err != nil {
		c.closeWith(4002, "Error while decoding payload.")
		return false
	}
	rec := Identify{Conn: c.n, Token: id.Token, Shard: id.Shard, Intents: id.Intents}
	if !s.tokenOK(id.Token) {
		s.identifies.add(rec)
		c.closeWith(4004, "Authentication failed.")
		return false
	}
	if id.Shard != nil && (id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1]) {
		s.identifies.add(rec)
		c.closeWith(4010, "Invalid shard.")
		return false
	}
	rec.Accepted = true
	g := &s.gw
	g.mu.Lock()
	sess := &session{id: fmt.Sprintf("fake-session-%d", len(g.sessions)+1), shard: id.Shard}
	g.sessions[sess.id] = sess
	c.sess = sess
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
	}
	err := c.dispatch("READY", map[string]any{
		"v":                  9,
		"session_id":         sess.id,
		"resume_gateway_url": s.GatewayURL,
		"user":               map[string]any{"id": s.BotUserID, "username": "irbot", "discriminator": "0", "bot": true},
		"application":        map[string]any{"id": s.ApplicationID, "flags": 0},
		"guilds":             []any{},
		"private_channels":   []any{},
		"shard":              shard,
	})
	if err == nil {
		g.setCurrent(c)
	}
	g.mu.Unlock()
	s.identifies.add(rec)
	return err == nil
}

// resume answers a RESUME with RESUMED, or op 9 for an unknown session.
func (s *Server) resume(c *gwConn, raw json.RawMessage) bool {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		c.closeWith(4002, "Error while decoding payload.")
		return false
	}
	rec := Resume{Conn: c.n, SessionID: r.SessionID, Seq: r.Seq}
	if !s.tokenOK(r.Token) {
		s.resumes.add(rec)
		c.closeWith(4004, "Authentication failed.")
		return false
	}
	g := &s.gw
	g.mu.Lock()
	sess := g.sessions[r.SessionID]
	var err error
	if sess == nil {
		err = c.send(payload{Op: 9, D: json.RawMessage("false")})
	} else {
		rec.Accepted = true
		c.sess = sess
		if err = c.dispatch("RESUMED", map[string]any{}); err == nil {
			g.setCurrent(c)
		}
	}
	g.mu.Unlock()
	s.resumes.add(rec)
	return err == nil
}

// Connections returns how many gateway connections the fake has accepted.
func (s *Server) Connections() int {
	s.gw.mu.Lock()
	defer s.gw.mu.Unlock()
	return s.gw.conns
}

// withReady waits for a connection that is identified or resumed and calls f
// with it while holding the gateway lock.
func (s *Server) withReady(tb testing.TB, what string, f func(c *gwConn) error) {
	tb.Helper()
	timer := time.NewTimer(s.waitTimeout)
	defer timer.Stop()
	g := &s.gw
	for {
		g.mu.Lock()
		if c := g.current; c != nil {
			err := f(c)
			g.mu.Unlock()
			if err != nil {
				tb.Fatalf("discordtest: %s: %v", what, err)
			}
			return
		}
		changed := g.changed
		g.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			tb.Fatalf("discordtest: %s: no ready gateway connection after %v", what, s.waitTimeout)
		case <-tb.Context().Done():
			tb.Fatalf("discordtest: %s: test ended", what)
		}
	}
}

// Dispatch sends INTERACTION_CREATE for i on the ready connection (waiting
// for one), and starts its three-second callback window.
func (s *Server) Dispatch(tb testing.TB, i *discordgo.Interaction) {
	tb.Helper()
	s.withReady(tb, "dispatch INTERACTION_CREATE", func(c *gwConn) error {
		s.mu.Lock()
		s.interactions[i.Token] = &interactionState{id: i.ID, dispatchedAt: time.Now()}
		s.mu.Unlock()
		return c.dispatch("INTERACTION_CREATE", i)
	})
}

// Reconnect sends op 7 Reconnect on the ready connection. The client should
// close it and resume on a new one.
func (s *Server) Reconnect(tb testing.TB) {
	tb.Helper()
	s.withReady(tb, "send op 7", func(c *gwConn) error {
		s.gw.setCurrent(nil)
		return c.send(payload{Op: 7, D: json.RawMessage("null")})
	})
}

// InvalidSession sends op 9 Invalid Session on the ready connection and
// forgets its session. The client should identify again.
func (s *Server) InvalidSession(tb testing.TB, resumable bool) {
	tb.Helper()
	s.withReady(tb, "send op 9", func(c *gwConn) error {
		s.gw.setCurrent(nil)
		if !resumable {
			delete(s.gw.sessions, c.sess.id)
		}
		return c.send(payload{Op: 9, D: json.RawMessage(fmt.Sprint(resumable))})
	})
}

// Drop closes the ready connection's socket without a close frame, as a
// network failure would. The client should reconnect and resume.
func (s *Server) Drop(tb testing.TB) {
	tb.Helper()
	s.withReady(tb, "drop the socket", func(c *gwConn) error {
		s.gw.setCurrent(nil)
		return c.ws.Close()
	})
}

// RefuseGateway makes the next n websocket connections fail with 503, as
// during an outage; the client should keep retrying.
func (s *Server) RefuseGateway(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = n
}

// DispatchRaw sends an event with this raw JSON as its data on the ready
// connection (waiting for one), for payloads a client must survive: an
// INTERACTION_CREATE it cannot decode, say. It starts no callback window.
func (s *Server) DispatchRaw(tb testing.TB, event string, data json.RawMessage) {
	tb.Helper()
	s.withReady(tb, "dispatch "+event, func(c *gwConn) error {
		c.sess.seq++
		seq := c.sess.seq
		return c.send(payload{Op: 0, D: data, S: &seq, T: &event})
	})
}

// IgnoreResumes makes the next n RESUMEs go unanswered: no RESUMED, no op
// 9, the socket left open, as a gateway in trouble may do.
func (s *Server) IgnoreResumes(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silentResume = n
}

// StopHeartbeatAcks stops (or, with false, resumes) acknowledging
// heartbeats on every connection: a zombie connection, which the client
// should notice and replace.
func (s *Server) StopHeartbeatAcks(stop bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noAcks = stop
}
