package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
)

// scrape GETs url and returns its status and body.
func scrape(t testing.TB, url string) (int, string) {
	t.Helper()
	res, err := (&http.Client{Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// waitReady waits, for at most 20 s, for /readyz at base to answer 200:
// the listener opens before the knowledge is loaded, and says so.
func waitReady(t testing.TB, base string) {
	t.Helper()
	var code int
	var body string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if code, body = scrape(t, base+"/readyz"); code == 200 {
			return
		}
		if code != 503 || !strings.Contains(body, "knowledge") {
			break
		}
	}
	t.Fatalf("/readyz = %d %q, want 200 once the knowledge is loaded", code, body)
}

// labelValue matches every label value in Prometheus' text format.
var labelValue = regexp.MustCompile(`[a-z_]+="([^"]*)"`)

// safeLabel is what irbot's label values may be: names, route templates,
// numbers of a status, fixed words. No snowflake (15+ digits) fits, nor a
// sentence.
var safeLabel = regexp.MustCompile(`^([a-z0-9_./{}@:+-]{0,64}|\+Inf|[A-Z]+|go[0-9.]+)$`)

// checkMetrics fails when a label of irbot's metrics holds anything but a
// fixed word or a registered command's name, or any of the forbidden
// strings (user text, IDs, tokens), and returns the irbot_ lines.
func checkMetrics(t *testing.T, body string, defs []*discordgo.ApplicationCommand, forbidden ...string) string {
	t.Helper()
	var ours []string
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if strings.HasPrefix(line, "irbot_") {
			ours = append(ours, line)
		}
		for _, m := range labelValue.FindAllStringSubmatch(line, -1) {
			if !safeLabel.MatchString(m[1]) && !slices.Contains(names(defs), m[1]) {
				t.Errorf("metric label %q is not a fixed word: %s", m[1], line)
			}
		}
		for _, f := range forbidden {
			if f != "" && strings.Contains(line, f) {
				t.Errorf("metric line holds %q: %s", f, line)
			}
		}
	}
	return strings.Join(ours, "\n")
}

// forbiddenIn is every ID, token and option value of the interactions.
func forbiddenIn(is map[string]*discordgo.Interaction) []string {
	out := []string{discordtest.GuildID, discordtest.UserID, discordtest.ChannelID}
	for _, i := range is {
		out = append(out, i.ID, i.Token)
		if i.Type == discordgo.InteractionApplicationCommand || i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			for _, o := range i.ApplicationCommandData().Options {
				if s, ok := o.Value.(string); ok && len(s) > 3 {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// TestDrainRace: SIGTERM (the run's context cancelled) with
// SHUTDOWN_DRAIN=2s, raced by 400 new connections each sending a signed
// interaction during the drain: /readyz fails at once, and every request
// is answered, none with a 5xx and no connection dropped.
func TestDrainRace(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	signer := discordtest.NewSigner(t)
	vars := map[string]string{
		"DISCORD_PUBLIC_KEY": signer.PublicHex(),
		"DISCORD_API_BASE":   fake.URL,
		"SHUTDOWN_DRAIN":     "2s",
		"FEEDBACK":           "off",
		"LOG_FORMAT":         "json",
	}
	p := startRun(t, vars, "serve", "--http", "127.0.0.1:0")
	addr := logField(t, p.stderr.waitLine(t, "serving HTTP interactions", 20*time.Second), "addr")
	base := "http://" + addr
	waitReady(t, base)
	stopped := make(chan int, 1)
	sigterm := time.Now()
	go func() { c, _ := p.stop(t); stopped <- c }()
	p.stderr.waitLine(t, "draining", 5*time.Second)
	raceDrain(t, base, signer, fake.ApplicationID, sigterm)
	if code := <-stopped; code != 0 {
		t.Errorf("exit %d after SIGTERM, want 0", code)
	}
}

// raceDrain checks /readyz fails during a drain that has begun, and sends
// 400 signed interactions, each on a new connection, over its first 1.5 s:
// every one must be answered 200.
func raceDrain(t *testing.T, base string, signer *discordtest.Signer, appID string, drainStart time.Time) {
	t.Helper()
	if code, body := scrape(t, base+"/readyz"); code != 503 || !strings.Contains(body, "draining") {
		t.Errorf("/readyz during the drain = %d %q, want 503 draining", code, body)
	}
	const n = 400
	bodies := make([][]byte, n)
	for k := range n {
		// PING: what costs the least to answer, so that what is measured
		// is the connections, not the bot (slow under the race detector).
		bodies[k], _ = json.Marshal(discordtest.Ping(appID))
	}
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		counts = map[string]int{}
		last   time.Duration // latest connection start after the drain began
	)
	begin := time.Now()
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Spread over a second of the drain; each its own connection,
			// as new clients behind a balancer would be.
			time.Sleep(time.Until(begin.Add(time.Duration(k) * time.Second / n)))
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			at := time.Since(drainStart)
			status, _, err := postSigned(client, base+"/", signer, bodies[k])
			key := fmt.Sprint(status)
			if err != nil {
				key = "error"
				t.Logf("request %d, %v into the drain: %v", k, at.Round(time.Millisecond), err)
			}
			mu.Lock()
			counts[key]++
			last = max(last, at)
			mu.Unlock()
		}()
	}
	wg.Wait()
	t.Logf("SIGTERM raced by %d new connections during SHUTDOWN_DRAIN=2s (the last %v after SIGTERM): answers by status %v",
		n, last.Round(time.Millisecond), counts)
	if last >= 2*time.Second {
		t.Fatalf("the machine is too slow: connections started %v after SIGTERM, past the drain", last)
	}
	if counts["200"] != n {
		t.Errorf("answers by status: %v, want all %d 200", counts, n)
	}
}
