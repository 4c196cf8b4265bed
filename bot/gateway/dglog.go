package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// discordgo logs through one package variable, discordgo.Logger, and at its
// default it prints with the standard library's global logger, the
// IDENTIFY payload (token included) at debug. Each runner's sessions log
// at LogError only (decode failures, socket errors), and the runners route
// those lines here, to their slog loggers with their tokens redacted.
// This registry is the one piece of package state, forced by discordgo's
// design: the variable is set once and never again (its readers run on
// discordgo's goroutines), and runners come and go in it.
var dgSinks struct {
	once  sync.Once
	mu    sync.Mutex
	sinks map[*dgSink]struct{}
}

type dgSink struct {
	logger *slog.Logger
	token  string
}

// maxDiscordgoLine bounds a discordgo line: some quote payloads.
const maxDiscordgoLine = 600

// routeDiscordgoLog sends discordgo's log lines to logger, with token
// redacted, until the returned function is called.
func routeDiscordgoLog(logger *slog.Logger, token string) (stop func()) {
	dgSinks.once.Do(func() {
		dgSinks.mu.Lock()
		dgSinks.sinks = map[*dgSink]struct{}{}
		dgSinks.mu.Unlock()
		discordgo.Logger = discordgoLog
	})
	s := &dgSink{logger: logger, token: token}
	dgSinks.mu.Lock()
	dgSinks.sinks[s] = struct{}{}
	dgSinks.mu.Unlock()
	return func() {
		dgSinks.mu.Lock()
		delete(dgSinks.sinks, s)
		dgSinks.mu.Unlock()
	}
}

// discordgoLog is discordgo.Logger. A line cannot be told apart by
// session, so it goes to every runner's logger, with every runner's token
// redacted (in tests several runners share the process; in irbot there is
// one).
func discordgoLog(level, _ int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	dgSinks.mu.Lock()
	sinks := make([]*dgSink, 0, len(dgSinks.sinks))
	for s := range dgSinks.sinks {
		sinks = append(sinks, s)
	}
	dgSinks.mu.Unlock()
	for _, s := range sinks {
		msg = redact(msg, s.token)
	}
	if len(msg) > maxDiscordgoLine {
		msg = strings.ToValidUTF8(msg[:maxDiscordgoLine], "") + "…"
	}
	lvl := slog.LevelWarn
	if level > discordgo.LogError {
		lvl = slog.LevelDebug
	}
	for _, s := range sinks {
		s.logger.Log(context.Background(), lvl, "discordgo: "+msg, "source", "discordgo")
	}
}

// redact blanks every occurrence of token in s.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[redacted]")
}
