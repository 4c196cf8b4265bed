package gateway

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultOpenTimeout bounds the opening of a gateway connection: the
// websocket handshake, HELLO, and READY or RESUMED after IDENTIFY or RESUME.
const DefaultOpenTimeout = 20 * time.Second

// openGuard bounds each gateway connection's opening. discordgo's Open
// reads HELLO and then READY or RESUMED with no deadline, holding the
// session's lock: a gateway that never answers a RESUME would stall it,
// and the runner's reconnect loop with it, for good. The guard gives every
// new connection a deadline until the runner reports it opened; gorilla
// clears deadlines after the websocket handshake, so the guard holds its
// own deadline under any the connection is given while opening.
type openGuard struct {
	timeout time.Duration
	latest  atomic.Pointer[guardedConn]
}

// wrap guards a newly dialed connection.
func (g *openGuard) wrap(c net.Conn) net.Conn {
	gc := &guardedConn{Conn: c, opening: true, until: time.Now().Add(g.timeout)}
	gc.Conn.SetDeadline(gc.until)
	g.latest.Store(gc)
	return gc
}

// opened lifts the deadline of the latest connection, which Open has just
// opened.
func (g *openGuard) opened() {
	if gc := g.latest.Load(); gc != nil {
		gc.open()
	}
}

// guardedConn is a connection whose deadlines cannot pass its opening
// deadline until it is open.
type guardedConn struct {
	net.Conn
	mu      sync.Mutex
	opening bool
	until   time.Time
}

func (c *guardedConn) bound(t time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.opening && (t.IsZero() || t.After(c.until)) {
		return c.until
	}
	return t
}

func (c *guardedConn) open() {
	c.mu.Lock()
	c.opening = false
	c.mu.Unlock()
	c.Conn.SetDeadline(time.Time{})
}

// SetDeadline sets the connection's deadlines, no later than its opening
// deadline while it opens.
func (c *guardedConn) SetDeadline(t time.Time) error { return c.Conn.SetDeadline(c.bound(t)) }

// SetReadDeadline: see SetDeadline.
func (c *guardedConn) SetReadDeadline(t time.Time) error { return c.Conn.SetReadDeadline(c.bound(t)) }

// SetWriteDeadline: see SetDeadline.
func (c *guardedConn) SetWriteDeadline(t time.Time) error {
	return c.Conn.SetWriteDeadline(c.bound(t))
}
