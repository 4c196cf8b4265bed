package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
)

// TestReload edits a server's KNOWLEDGE_DIR under a running HTTP endpoint
// and asks it to reload, as SIGHUP does: the new content is served, a
// malformed edit is refused while the last good knowledge keeps serving,
// and shutdown still exits 0.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "club.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("---\ntitle: IR Club FAQ\nupdated: 2026-01-10\nkind: faq\n---\n\n## Who leads the IR interest group?\n\nThe IRIG officers, elected each spring.\n")

	signer := discordtest.NewSigner(t)
	vars := map[string]string{
		"DISCORD_PUBLIC_KEY": signer.PublicHex(),
		"KNOWLEDGE_DIR":      dir,
		"LOG_FORMAT":         "json",
		"DATA_DIR":           t.TempDir(),
	}
	reload := make(chan struct{})
	p := &proc{stdout: newOutput(), stderr: newOutput(), code: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	e := env{args: []string{"serve", "--http", "127.0.0.1:0"}, stdin: strings.NewReader(""), stdout: p.stdout, stderr: p.stderr, getenv: envOf(vars),
		reloads: func(context.Context) <-chan struct{} { return reload }}
	go func() { p.code <- run(ctx, e) }()
	t.Cleanup(cancel)

	addr := logField(t, p.stderr.waitLine(t, "serving HTTP interactions", 20*time.Second), "addr")
	client := &http.Client{Timeout: 10 * time.Second}
	// ask returns the title of the passage /ask answers q with, or "".
	ask := func(q string) string {
		t.Helper()
		i := discordtest.Command(discordtest.DefaultApplicationID, "ask", discordtest.Option("question", discordgo.ApplicationCommandOptionString, q))
		body, _ := discordtest.Encode(i)
		status, b, err := postSigned(client, "http://"+addr+"/", signer, body)
		if err != nil || status != http.StatusOK {
			t.Fatalf("/ask %q: status %d, %v", q, status, err)
		}
		resp, err := discordtest.DecodeResponse(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := limits.Check(resp); err != nil {
			t.Fatalf("/ask %q: %v", q, err)
		}
		if len(resp.Data.Embeds) == 0 {
			return ""
		}
		return resp.Data.Embeds[0].Title
	}

	const led, meets = "Who leads the IR interest group?", "When does the IR interest group meet?"
	if got := ask("who leads the IR interest group"); got != led {
		t.Fatalf("before reload: /ask = %q, want %q", got, led)
	}

	write("---\ntitle: IR Club FAQ\nupdated: 2026-02-01\nkind: faq\n---\n\n## When does the IR interest group meet?\n\nEvery other Tuesday at noon.\n")
	reload <- struct{}{}
	p.stderr.waitLine(t, `"msg":"knowledge reloaded"`, 20*time.Second)
	if got := ask("when does the IR interest group meet"); got != meets {
		t.Errorf("after reload: /ask = %q, want %q", got, meets)
	}
	if got := ask("who leads the IR interest group"); got == led {
		t.Errorf("after reload: the removed entry %q is still served", led)
	}

	write("---\ntitle: [unclosed\n---\n\n## Broken\n")
	reload <- struct{}{}
	line := p.stderr.waitLine(t, "reload failed", 20*time.Second)
	if !strings.Contains(line, "club.md") {
		t.Errorf("reload failure %s does not name the file", line)
	}
	if got := ask("when does the IR interest group meet"); got != meets {
		t.Errorf("after a failed reload: /ask = %q, want the last good knowledge's %q", got, meets)
	}

	if code, took := p.stop(t); code != 0 || took > 10*time.Second {
		t.Errorf("shutdown: exit %d after %v, want 0 within 10s", code, took)
	}
}
