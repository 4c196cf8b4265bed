package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/irbot/irbot/bot/discordtest"
)

// TestStartingBot: an interaction that comes before the bot is loaded
// waits for it and is answered by it; one that comes after irbot gave up
// on starting gets an error (the Responder turns it into an apology), and
// none waits past its context.
func TestStartingBot(t *testing.T) {
	t.Run("waits for the bot", func(t *testing.T) {
		sb := newStartingBot()
		got := make(chan error, 1)
		go func() {
			resp, err := sb.Handle(t.Context(), discordtest.Command(discordtest.DefaultApplicationID, "about"))
			if err == nil && (resp == nil || resp.Data == nil || len(resp.Data.Embeds) == 0) {
				err = errors.New("no /about reply")
			}
			got <- err
		}()
		select {
		case err := <-got:
			t.Fatalf("answered before the bot was there: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		l, err := newLiveBot(Config{}, record{}, hooks{}, quietLogger())
		if err != nil {
			t.Fatal(err)
		}
		defer l.close()
		sb.set(l)
		select {
		case err := <-got:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("still waiting after the bot was set")
		}
	})
	t.Run("gives up with irbot", func(t *testing.T) {
		sb := newStartingBot()
		sb.fail(errors.New("knowledge broken"))
		sb.set(nil) // too late: the first call counts
		if _, err := sb.Handle(t.Context(), discordtest.Command(discordtest.DefaultApplicationID, "about")); err == nil {
			t.Fatal("answered although the bot never started")
		}
	})
	t.Run("no wait past the context", func(t *testing.T) {
		sb := newStartingBot()
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		if _, err := sb.Respond(ctx, discordtest.Command(discordtest.DefaultApplicationID, "about")); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Respond() error = %v, want the context's deadline", err)
		}
	})
}
