package gateway

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
)

// stub is a small Handler: "slow" commands and "slow-*" buttons take
// h.delay, "panic" panics, "nil" returns no reply.
type stub struct {
	delay time.Duration
}

func noPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (h *stub) sleep(ctx context.Context) error {
	select {
	case <-time.After(h.delay):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *stub) Handle(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	msg := func(t discordgo.InteractionResponseType, content string) *discordgo.InteractionResponse {
		return &discordgo.InteractionResponse{Type: t, Data: &discordgo.InteractionResponseData{
			Content: content, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noPings(),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "More", Style: discordgo.SecondaryButton, CustomID: "more"},
			}}},
		}}
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		d := i.ApplicationCommandData()
		if d.Name == "slow" {
			if err := h.sleep(ctx); err != nil {
				return nil, err
			}
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "Embolization", Value: "embolization"}}}}, nil
	case discordgo.InteractionApplicationCommand:
		d := i.ApplicationCommandData()
		switch d.Name {
		case "slow":
			if err := h.sleep(ctx); err != nil {
				return nil, err
			}
		case "panic":
			panic("stub panics")
		case "nil":
			return nil, errors.New("stub returns nothing")
		}
		return msg(discordgo.InteractionResponseChannelMessageWithSource, "Answer to /"+d.Name), nil
	case discordgo.InteractionMessageComponent:
		d := i.MessageComponentData()
		if strings.HasPrefix(d.CustomID, "slow-") {
			if err := h.sleep(ctx); err != nil {
				return nil, err
			}
		}
		if strings.HasSuffix(d.CustomID, "post") {
			r := msg(discordgo.InteractionResponseChannelMessageWithSource, "Posted for everyone")
			r.Data.Flags = 0
			return r, nil
		}
		return msg(discordgo.InteractionResponseUpdateMessage, "Page 2"), nil
	}
	return nil, errors.New("unexpected interaction")
}

func stubCommands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask about IR residency", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, Autocomplete: true},
		}},
		{Name: "slow", Description: "Takes its time"},
	}
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

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
