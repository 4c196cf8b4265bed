package httpapi

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/bot/responder"
)

// following answers every interaction with an update of the clicked
// message and two public follow-ups, after delay.
type following struct{ delay time.Duration }

func (f following) Handle(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	r, err := f.Respond(ctx, i)
	return r.Now, err
}

func (f following) Respond(ctx context.Context, i *discordgo.Interaction) (responder.Reply, error) {
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return responder.Reply{}, ctx.Err()
	}
	pings := discordtest.NoPings()
	return responder.Reply{
		Now: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
			Data: &discordgo.InteractionResponseData{Content: "Shared", AllowedMentions: pings}},
		Followups: []*discordgo.WebhookParams{
			{Content: "first", AllowedMentions: pings},
			{Content: "second", AllowedMentions: pings},
		},
	}, nil
}

// TestFollowups: a handler's follow-up messages are posted, in order,
// after its response, whether that response was inline or deferred.
func TestFollowups(t *testing.T) {
	for _, tt := range []struct {
		name   string
		delay  time.Duration
		inline discordgo.InteractionResponseType
	}{
		{"inline", 0, discordgo.InteractionResponseUpdateMessage},
		{"deferred", 500 * time.Millisecond, discordgo.InteractionResponseDeferredMessageUpdate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake := discordtest.New(t, discordtest.Options{})
			signer := discordtest.NewSigner(t)
			h := newServer(t, signer, following{tt.delay}, fake.URL, nil)
			srv := httptest.NewServer(h)
			defer srv.Close()

			i := discordtest.Component(appID, "share", nil)
			resp := post(t, srv.URL, signer, mustJSON(t, i))
			if resp.Type != tt.inline {
				t.Fatalf("inline reply type %d, want %d", resp.Type, tt.inline)
			}
			if err := h.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
			if tt.delay > 0 {
				if m := fake.WaitEdit(t, i.Token); m.Edit == nil || m.Edit.Content == nil || *m.Edit.Content != "Shared" {
					t.Errorf("deferred update edited to %s, want Shared", m.Body)
				}
			}
			var got []string
			for _, m := range fake.Followups() {
				if m.Token != i.Token {
					continue
				}
				if err := limits.CheckMessage(m.Params); err != nil || m.Status/100 != 2 {
					t.Errorf("follow-up %q: status %d, limits: %v", m.Params.Content, m.Status, err)
				}
				got = append(got, m.Params.Content)
			}
			if len(got) != 2 || got[0] != "first" || got[1] != "second" {
				t.Errorf("follow-ups %q, want [first second]", got)
			}
		})
	}
}
