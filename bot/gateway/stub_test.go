package gateway

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
)

// stub is the shared test handler.
type stub = discordtest.Handler

func stubCommands() []*discordgo.ApplicationCommand { return discordtest.Commands() }

type syncBuffer = discordtest.LogBuffer

// running is a gateway runner started by start.
type running struct {
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs the gateway against fake until the test ends (or stop).
func start(t *testing.T, fake *discordtest.Server, h *stub, edit func(*Config)) *running {
	t.Helper()
	cfg := Config{
		Token: fake.Token, APIBase: fake.URL, Register: true, Commands: stubCommands(),
		DeferAfter: 300 * time.Millisecond, HandleTimeout: 10 * time.Second,
	}
	if edit != nil {
		edit(&cfg)
	}
	r := &running{logs: &syncBuffer{}, done: make(chan error, 1)}
	logger := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- Run(ctx, cfg, h, logger) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(15 * time.Second):
			t.Errorf("Run did not return after the test")
		}
		if strings.Contains(r.logs.String(), fake.Token) {
			t.Errorf("the bot token appears in the logs")
		}
		if t.Failed() {
			t.Logf("runner logs:\n%s", r.logs)
		}
	})
	return r
}

// stop cancels the run and returns its error and how long it took.
func (r *running) stop(t *testing.T) (error, time.Duration) {
	t.Helper()
	begin := time.Now()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err, time.Since(begin)
	case <-time.After(12 * time.Second):
		t.Fatalf("Run did not return within 12s of cancel")
		return nil, 0
	}
}

func slogTo(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// waitLog waits until the runner has logged a line containing substr.
func (r *running) waitLog(t *testing.T, substr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(r.logs.String(), substr) {
		if time.Now().After(deadline) {
			t.Fatalf("nothing logged with %q after 10s", substr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
