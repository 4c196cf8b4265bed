package gateway

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
)

// TestAutocompleteWire: over the gateway too, an autocomplete without
// choices is answered with exactly {"type":8,"data":{"choices":[]}}: none
// matched, the handler failed, or it was too slow.
func TestAutocompleteWire(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	start(t, fake, &stub{Delay: 2 * time.Second}, nil)
	for _, tt := range discordtest.AutocompleteWire {
		i := discordtest.Autocomplete(fake.ApplicationID, tt.Command, focused("emb"))
		fake.Dispatch(t, i)
		cb := fake.WaitCallback(t, i.ID)
		if string(cb.Body) != tt.Want || cb.Status != 204 {
			t.Errorf("%s: callback %d %s, want 204 %s", tt.Name, cb.Status, cb.Body, tt.Want)
		}
	}
}

// TestUndecodableInteraction: an INTERACTION_CREATE discordgo cannot
// decode (a number sent as a string) is dropped, not answered at
// /interactions///callback, and the log says why; the next one is answered.
func TestUndecodableInteraction(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	run := start(t, fake, &stub{}, nil)
	fake.WaitIdentify(t, 1)
	bad := discordtest.Command(fake.ApplicationID, "ask")
	raw, err := json.Marshal(bad)
	if err != nil {
		t.Fatal(err)
	}
	raw = []byte(strings.Replace(string(raw), `"type":2`, `"type":"2"`, 1))
	fake.DispatchRaw(t, "INTERACTION_CREATE", raw)
	run.waitLog(t, "interaction dropped")
	run.waitLog(t, "error unmarshalling INTERACTION_CREATE")
	answered(t, fake, "ask")
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.Path, "/interactions/") && (strings.Contains(r.Path, "//") || strings.Contains(r.Path, bad.ID)) {
			t.Errorf("the undecodable interaction was answered: %s %s", r.Method, r.Path)
		}
	}
}

// TestDiscordgoLogRedacted: discordgo's lines reach the runner's slog
// logger, without the token, and stop when the runner is gone.
func TestDiscordgoLogRedacted(t *testing.T) {
	var buf syncBuffer
	const token = "MTAw.secret-part.zzz"
	stop := routeDiscordgoLog(slog.New(slog.NewTextHandler(&buf, nil)), token)
	discordgoLog(discordgo.LogError, 1, "error unmarshalling %s event, %s (identify %s)", "INTERACTION_CREATE", "json: bad", "Bot "+token)
	stop()
	discordgoLog(discordgo.LogError, 1, "after stop")
	got := buf.String()
	if strings.Contains(got, token) || !strings.Contains(got, "[redacted]") {
		t.Errorf("log = %q, want the token redacted", got)
	}
	if !strings.Contains(got, "error unmarshalling INTERACTION_CREATE event") || !strings.Contains(got, "level=WARN") {
		t.Errorf("log = %q, want the discordgo error at warn", got)
	}
	if strings.Contains(got, "after stop") {
		t.Errorf("log = %q: a stopped runner still gets discordgo's lines", got)
	}
}
