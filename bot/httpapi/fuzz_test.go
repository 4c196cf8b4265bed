package httpapi_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/httpapi"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// FuzzServeHTTP sends arbitrary bodies, correctly signed, to the endpoint
// in front of the real bot: whatever arrives, the answer is 200 with a
// reply within Discord's limits, 400 or 413, never a panic or a 500. The
// seeds are the bot's interaction fixtures.
func FuzzServeHTTP(f *testing.F) {
	kb, err := knowledge.Default()
	if err != nil {
		f.Fatal(err)
	}
	x, err := index.New(kb.Passages, index.OptionsFor(kb))
	if err != nil {
		f.Fatal(err)
	}
	b := bot.New(kb, x, bot.Options{Version: "fuzz"}, slog.New(slog.DiscardHandler))
	signer := discordtest.NewSigner(f)
	srv, err := httpapi.New(b, httpapi.Options{PublicKey: signer.Public, APIBase: "http://127.0.0.1:1/api/v9"}, slog.New(slog.DiscardHandler))
	if err != nil {
		f.Fatal(err)
	}

	fixtures, _ := filepath.Glob(filepath.Join("..", "testdata", "interactions", "*.json"))
	for _, name := range fixtures {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Add([]byte(`{"type":2,"data":{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":"+esir -x title:/re/ * \u202e\u200b @everyone"}]}}`))
	f.Add([]byte(`{"type":3,"data":{"custom_id":"irbot:post:more:` + string(bytes.Repeat([]byte("a"), 90)) + `:9","component_type":2}}`))
	f.Add([]byte(`{"type":`))
	f.Add([]byte(`null`))

	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
		signer.Sign(req.Header, body, time.Now())
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			return
		case http.StatusOK:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		resp, err := discordtest.DecodeResponse(rec.Body.Bytes())
		if err != nil {
			t.Fatalf("reply is not an interaction response: %v: %s", err, rec.Body)
		}
		if resp.Type == discordgo.InteractionResponsePong {
			return
		}
		if err := limits.Check(resp); err != nil {
			t.Fatalf("reply to %q breaks Discord's limits: %v", body, err)
		}
	})
}
