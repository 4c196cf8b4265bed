package discordtest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Handler is a small interaction handler for the runners' tests, shared by
// both. Commands answer "Answer to /NAME" with a More button; autocomplete
// offers one choice; a click updates the message to "Page 2", or posts
// "Posted for everyone" when its custom ID ends in "post". Names starting
// with "slow" (commands, autocomplete, custom IDs) first wait Delay;
// "panic" panics, "nil" returns no reply and an error, "none" offers no
// choices.
type Handler struct {
	Delay time.Duration
}

// NoPings is allowed_mentions with an empty (not null) parse list.
func NoPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (h *Handler) sleep(ctx context.Context, name string) error {
	if !strings.HasPrefix(name, "slow") {
		return nil
	}
	select {
	case <-time.After(h.Delay):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Handle answers i as the type comment says.
func (h *Handler) Handle(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	msg := func(t discordgo.InteractionResponseType, content string) *discordgo.InteractionResponse {
		return &discordgo.InteractionResponse{Type: t, Data: &discordgo.InteractionResponseData{
			Content: content, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: NoPings(),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "More", Style: discordgo.SecondaryButton, CustomID: "more"},
			}}},
		}}
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		d := i.ApplicationCommandData()
		if err := h.sleep(ctx, d.Name); err != nil {
			return nil, err
		}
		if d.Name == "nil" {
			return nil, errors.New("the test handler returns nothing")
		}
		choices := []*discordgo.ApplicationCommandOptionChoice{{Name: "Embolization", Value: "embolization"}}
		if d.Name == "none" {
			choices = []*discordgo.ApplicationCommandOptionChoice{}
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices}}, nil
	case discordgo.InteractionApplicationCommand:
		d := i.ApplicationCommandData()
		if err := h.sleep(ctx, d.Name); err != nil {
			return nil, err
		}
		switch d.Name {
		case "panic":
			panic("the test handler panics")
		case "nil":
			return nil, errors.New("the test handler returns nothing")
		}
		return msg(discordgo.InteractionResponseChannelMessageWithSource, "Answer to /"+d.Name), nil
	case discordgo.InteractionMessageComponent:
		d := i.MessageComponentData()
		if err := h.sleep(ctx, d.CustomID); err != nil {
			return nil, err
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

// AutocompleteWire is what a runner answering with Handler must send for
// an autocomplete of each command, byte for byte: without choices, only
// {"choices":[]}, whether none matched, the handler failed, or it was
// slower than the runner's deadline (give Handler a Delay past it).
var AutocompleteWire = []struct{ Name, Command, Want string }{
	{"no choices", "none", `{"type":8,"data":{"choices":[]}}`},
	{"handler error", "nil", `{"type":8,"data":{"choices":[]}}`},
	{"too slow", "slow", `{"type":8,"data":{"choices":[]}}`},
	{"a choice", "ask", `{"type":8,"data":{"choices":[{"name":"Embolization","value":"embolization"}]}}`},
}

// Commands are definitions matching Handler: /ask with an autocompleted
// question, and /slow.
func Commands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask about IR residency", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, Autocomplete: true},
		}},
		{Name: "slow", Description: "Takes its time"},
	}
}

// LogBuffer is a log sink safe for concurrent writes, for a test's slog
// handler.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
