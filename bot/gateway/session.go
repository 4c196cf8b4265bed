package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// newSession returns a discordgo session whose REST requests go to apiBase
// and whose websocket dialer is its own (not websocket.DefaultDialer, which
// is shared package state). The gateway URL comes from GET /gateway through
// the same client, so a fake or proxy at apiBase also chooses the gateway.
//
// guard, when not nil, bounds the opening of every gateway connection.
func newSession(token, apiBase string, logger *slog.Logger, observe func(method, route string, status int), guard *openGuard) (*discordgo.Session, error) {
	if token == "" {
		return nil, errors.New("no bot token")
	}
	client, err := NewHTTPClient(apiBase, logger, observe)
	if err != nil {
		return nil, err
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, err
	}
	s.Client = client
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 10 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				// This is where a failing reconnect shows first.
				logger.Warn("gateway dial failed", "addr", addr, "err", err)
				return nil, err
			}
			if guard != nil {
				c = guard.wrap(c)
			}
			return c, nil
		},
	}
	// discordgo's errors (an event it cannot decode, a failing socket) go
	// to slog through routeDiscordgoLog, with the token redacted; below
	// LogError it prints payloads, the IDENTIFY with the token among them.
	s.LogLevel = discordgo.LogError
	// irbot only answers interactions, which arrive whatever the intents:
	// ask for no events and keep no state.
	s.Identify.Intents = discordgo.IntentsNone
	s.StateEnabled = false
	s.MaxRestRetries = 1
	return s, nil
}
