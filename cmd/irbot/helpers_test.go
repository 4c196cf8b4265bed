package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
)

// output collects what a command writes and lets tests wait for a line.
type output struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newOutput() *output { return &output{changed: make(chan struct{})} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	close(o.changed)
	o.changed = make(chan struct{})
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitLine waits for a complete line containing substr and returns it.
func (o *output) waitLine(t testing.TB, substr string, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		o.mu.Lock()
		s, changed := o.buf.String(), o.changed
		o.mu.Unlock()
		complete := s[:strings.LastIndexByte(s, '\n')+1]
		for _, line := range strings.Split(complete, "\n") {
			if strings.Contains(line, substr) {
				return line
			}
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no line with %q after %v; output:\n%s", substr, timeout, s)
		case <-t.Context().Done():
			t.Fatalf("test ended waiting for %q", substr)
		}
	}
}

// logField returns a field of a JSON log line.
func logField(t testing.TB, line, key string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("log line is not JSON: %s", line)
	}
	switch v := m[key].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// proc is `irbot ARGS...` running in-process through run.
type proc struct {
	stdout, stderr *output
	cancel         context.CancelFunc
	code           chan int
}

// startRun runs irbot with args and exactly the variables in vars.
func startRun(t *testing.T, vars map[string]string, args ...string) *proc {
	t.Helper()
	p := &proc{stdout: newOutput(), stderr: newOutput(), code: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	if _, ok := vars["DATA_DIR"]; !ok && vars["DATABASE_URL"] == "" {
		// The feedback record goes to a directory of the test's own.
		vars = maps.Clone(vars)
		if vars == nil {
			vars = map[string]string{}
		}
		vars["DATA_DIR"] = t.TempDir()
	}
	e := env{args: args, stdin: strings.NewReader(""), stdout: p.stdout, stderr: p.stderr, getenv: envOf(vars)}
	go func() { p.code <- run(ctx, e) }()
	t.Cleanup(func() {
		cancel()
		select {
		case c := <-p.code:
			p.code <- c
		case <-time.After(15 * time.Second):
			t.Errorf("irbot %s did not return", strings.Join(args, " "))
		}
		if t.Failed() {
			t.Logf("irbot %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), p.stdout, p.stderr)
		}
	})
	return p
}

// stop cancels the run, as SIGTERM does, and returns the exit code and how
// long run took to return.
func (p *proc) stop(t *testing.T) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	p.cancel()
	return p.wait(t, 12*time.Second), time.Since(start)
}

// wait returns the exit code once run returns.
func (p *proc) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case c := <-p.code:
		p.code <- c
		return c
	case <-time.After(timeout):
		t.Fatalf("run did not return within %v", timeout)
		return -1
	}
}

// runIrbot runs a command that ends by itself and returns its exit code.
func runIrbot(t *testing.T, vars map[string]string, args ...string) (int, *proc) {
	t.Helper()
	p := startRun(t, vars, args...)
	return p.wait(t, 30*time.Second), p
}

// asNewUser makes an interaction come from a user of its own, so the
// bot's per-user rate limit does not change the replies of a test.
func asNewUser(i *discordgo.Interaction) *discordgo.Interaction {
	id := strconv.FormatUint(1<<60+rand.Uint64N(1<<59), 10)
	if i.Member != nil {
		u := *i.Member.User
		u.ID = id
		m := *i.Member
		m.User = &u
		i.Member = &m
	} else if i.User != nil {
		u := *i.User
		u.ID = id
		i.User = &u
	}
	return i
}

// fixtures returns the bot's recorded interaction payloads, each with a
// fresh ID, token and user.
func fixtures(t *testing.T, appID string) map[string]*discordgo.Interaction {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "bot", "testdata", "interactions", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no interaction fixtures in bot/testdata/interactions (%v)", err)
	}
	out := map[string]*discordgo.Interaction{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(b, &i); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		fresh := discordtest.Command(appID, "x")
		i.ID, i.Token, i.AppID = fresh.ID, fresh.Token, appID
		out[filepath.Base(f)] = asNewUser(&i)
	}
	return out
}

// interactionsFor returns an invocation of every command in defs (message
// commands on a question), and an autocomplete request for each that has
// one.
func interactionsFor(appID string, defs []*discordgo.ApplicationCommand) map[string]*discordgo.Interaction {
	out := map[string]*discordgo.Interaction{}
	for _, d := range defs {
		switch d.Type {
		case discordgo.MessageApplicationCommand:
			out["message command "+d.Name] = asNewUser(discordtest.MessageCommand(appID, d.Name, "How long is IR residency after medical school?"))
		case discordgo.UserApplicationCommand:
			continue
		default:
			out["/"+d.Name] = asNewUser(discordtest.CommandFor(appID, d))
			if a := discordtest.AutocompleteFor(appID, d, "emb"); a != nil {
				out["autocomplete /"+d.Name] = asNewUser(a)
			}
		}
	}
	return out
}

// quietLogger discards.
func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// servingDefs returns the command definitions serve registers.
func servingDefs(t *testing.T) []*discordgo.ApplicationCommand {
	t.Helper()
	cfg, err := loadConfig(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	b, closeIndex, err := newServingBot(cfg, record{}, nil, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer closeIndex()
	return b.Commands()
}

// postSigned sends body signed by signer and returns status and body.
func postSigned(client *http.Client, url string, signer *discordtest.Signer, body []byte) (int, []byte, error) {
	req, err := signer.Request(context.Background(), url, body)
	if err != nil {
		return 0, nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// noToken fails the test if token shows anywhere in outs.
func noToken(t *testing.T, token string, outs ...string) {
	t.Helper()
	for _, s := range outs {
		if strings.Contains(s, token) {
			t.Errorf("the token appears in the output")
		}
	}
}

func readCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }
