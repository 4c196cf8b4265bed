package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
)

// TestServeHTTP runs `irbot serve --http` with the real bot on a loopback
// port and sends it what Discord sends, signed as Discord signs.
func TestServeHTTP(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	signer, stranger := discordtest.NewSigner(t), discordtest.NewSigner(t)
	vars := map[string]string{
		"DISCORD_PUBLIC_KEY": signer.PublicHex(),
		"DISCORD_API_BASE":   fake.URL,
		"DISCORD_TOKEN":      testToken, // not needed, and must never show
		"LOG_FORMAT":         "json",
		"LOG_LEVEL":          "debug",
	}
	p := startRun(t, vars, "serve", "--http", "127.0.0.1:0")
	addr := logField(t, p.stderr.waitLine(t, "serving HTTP interactions", 20*time.Second), "addr")
	url := "http://" + addr + "/"
	client := &http.Client{Timeout: 10 * time.Second}
	appID := fake.ApplicationID

	type result struct {
		status int
		resp   *discordgo.InteractionResponse
	}
	send := func(t *testing.T, signer *discordtest.Signer, body []byte) result {
		t.Helper()
		status, b, err := postSigned(client, url, signer, body)
		if err != nil {
			t.Fatal(err)
		}
		r := result{status: status}
		if status == 200 {
			if r.resp, err = discordtest.DecodeResponse(b); err != nil {
				t.Fatalf("reply: %v\n%s", err, b)
			}
		}
		return r
	}
	valid := func(t *testing.T, name string, i *discordgo.Interaction) *discordgo.InteractionResponse {
		t.Helper()
		body, _ := discordtest.Encode(i)
		r := send(t, signer, body)
		if r.status != 200 {
			t.Fatalf("%s: status %d, want 200", name, r.status)
		}
		if err := limits.Check(r.resp); err != nil {
			t.Errorf("%s: reply breaks limits: %v", name, err)
		}
		if r.resp.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Errorf("%s: deferred; the bot should answer in time", name)
		}
		return r.resp
	}

	t.Run("health", func(t *testing.T) {
		res, err := client.Get("http://" + addr + "/healthz")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("GET /healthz: %v %v", res, err)
		}
		res.Body.Close()
	})

	t.Run("ping", func(t *testing.T) {
		body, _ := json.Marshal(discordtest.Ping(appID))
		status, b, err := postSigned(client, url, signer, body)
		if err != nil || status != 200 || strings.TrimSpace(string(b)) != `{"type":1}` {
			t.Fatalf("PING: %d %s %v", status, b, err)
		}
	})

	// Every command, its autocomplete, and every button and menu its reply
	// offers.
	defs := servingDefs(t)
	var replies []*discordgo.InteractionResponse
	t.Run("commands", func(t *testing.T) {
		cases := interactionsFor(appID, defs)
		for _, name := range sortedKeys(cases) {
			resp := valid(t, name, cases[name])
			if strings.HasPrefix(name, "autocomplete") {
				if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
					t.Errorf("%s: type %d, want choices", name, resp.Type)
				}
			} else {
				replies = append(replies, resp)
			}
		}
	})
	t.Run("clicks", func(t *testing.T) {
		n := 0
		for _, r := range replies {
			for _, click := range discordtest.Clicks(appID, r) {
				valid(t, "click "+click.MessageComponentData().CustomID, asNewUser(click))
				n++
			}
		}
		if n == 0 {
			t.Errorf("no reply offered a button or menu")
		}
	})
	t.Run("fixtures", func(t *testing.T) {
		cases := fixtures(t, appID)
		for _, name := range sortedKeys(cases) {
			valid(t, name, cases[name])
		}
	})

	t.Run("metrics", func(t *testing.T) {
		if code, body := scrape(t, "http://"+addr+"/readyz"); code != 200 || body != "ready\n" {
			t.Errorf("/readyz = %d %q, want 200 ready", code, body)
		}
		code, body := scrape(t, "http://"+addr+"/metrics")
		if code != 200 {
			t.Fatalf("/metrics = %d", code)
		}
		ours := checkMetrics(t, body, defs, forbiddenIn(interactionsFor(appID, defs))...)
		for _, want := range []string{
			`irbot_interactions_total{command="ask",outcome="ok",tier="high",type="command"}`,
			`irbot_interactions_total{command="ask",outcome="ok",tier="na",type="autocomplete"}`,
			`irbot_passages_served_total{tier="high"}`,
			`irbot_interaction_duration_seconds_bucket{type="command",le="0.5"}`,
		} {
			if !strings.Contains(ours, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		if t.Failed() {
			t.Logf("irbot metrics:\n%s", ours)
		}
	})

	t.Run("refused", func(t *testing.T) {
		cmd, _ := json.Marshal(discordtest.Command(appID, "about"))
		tests := []struct {
			name   string
			req    func() *http.Request
			status int
		}{
			{"wrong key", func() *http.Request { r, _ := stranger.Request(t.Context(), url, cmd); return r }, 401},
			{"no signature headers", func() *http.Request { r, _ := http.NewRequest("POST", url, bytes.NewReader(cmd)); return r }, 401},
			{"tampered body", func() *http.Request {
				r, _ := signer.Request(t.Context(), url, cmd)
				r.Body = readCloser(bytes.Replace(cmd, []byte(`"about"`), []byte(`"abuot"`), 1))
				return r
			}, 401},
			{"stale timestamp", func() *http.Request {
				r, _ := http.NewRequest("POST", url, bytes.NewReader(cmd))
				signer.Sign(r.Header, cmd, time.Now().Add(-10*time.Minute))
				return r
			}, 401},
			{"oversized body", func() *http.Request {
				big := append(append([]byte(`{"type":2,"x":"`), bytes.Repeat([]byte("a"), 70<<10)...), `"}`...)
				r, _ := signer.Request(t.Context(), url, big)
				return r
			}, 413},
			{"malformed JSON", func() *http.Request { r, _ := signer.Request(t.Context(), url, []byte("{not json")); return r }, 400},
			{"GET /", func() *http.Request { r, _ := http.NewRequest("GET", url, nil); return r }, 405},
		}
		for _, tt := range tests {
			res, err := client.Do(tt.req())
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.status)
			}
		}
	})

	t.Run("400 concurrent", func(t *testing.T) {
		cases := interactionsFor(appID, defs)
		names := sortedKeys(cases)
		const n = 400
		bodies := make([][]byte, n)
		for k := range n {
			i := *cases[names[k%len(names)]]
			fresh := discordtest.Command(appID, "x")
			i.ID, i.Token = fresh.ID, fresh.Token
			bodies[k], _ = discordtest.Encode(asNewUser(&i))
		}
		lat := make([]time.Duration, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := time.Now()
		for k := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				status, b, err := postSigned(client, url, signer, bodies[k])
				lat[k] = time.Since(t0)
				switch {
				case err != nil:
					errs[k] = err
				case status != 200:
					errs[k] = fmt.Errorf("status %d", status)
				default:
					resp, err := discordtest.DecodeResponse(b)
					if err == nil {
						err = limits.Check(resp)
					}
					errs[k] = err
				}
			}()
		}
		wg.Wait()
		wall := time.Since(start)
		failed := 0
		for k, err := range errs {
			if err != nil {
				failed++
				if failed <= 5 {
					t.Errorf("request %d: %v", k, err)
				}
			}
		}
		slices.Sort(lat)
		t.Logf("%d concurrent interactions in %v: p50 %v, p90 %v, p99 %v, max %v; %d failed",
			n, wall.Round(time.Millisecond), lat[n/2].Round(time.Millisecond), lat[n*9/10].Round(time.Millisecond),
			lat[n*99/100].Round(time.Millisecond), lat[n-1].Round(time.Millisecond), failed)
	})

	code, took := p.stop(t)
	if code != 0 || took > 10*time.Second {
		t.Errorf("after cancel: exit %d in %v, want 0 within 10s", code, took)
	}
	noToken(t, testToken, p.stdout.String(), p.stderr.String())
	if strings.Contains(p.stderr.String(), `"level":"INFO","msg":"interaction`) {
		t.Errorf("interactions logged at info")
	}
}

// TestServeGateway runs `irbot serve` against the fake Discord: it
// registers the bot's commands and answers each one within the window,
// across a reconnect, then stops cleanly.
func TestServeGateway(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{HeartbeatInterval: 300 * time.Millisecond})
	vars := map[string]string{
		"DISCORD_TOKEN":    fake.Token,
		"DISCORD_API_BASE": fake.URL,
		"DISCORD_GUILD_ID": discordtest.GuildID,
		"LOG_FORMAT":       "json",
		"LOG_LEVEL":        "debug",
		"METRICS_ADDR":     "127.0.0.1:0",
	}
	p := startRun(t, vars, "serve")
	defs := servingDefs(t)
	opsURL := "http://" + logField(t, p.stderr.waitLine(t, "serving metrics and health checks", 20*time.Second), "addr")
	if code, _ := scrape(t, opsURL+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d, want 200", code)
	}

	put := fake.WaitCommands(t, 1)
	if put.GuildID != discordtest.GuildID || put.ApplicationID != fake.ApplicationID {
		t.Errorf("registered for app %s in guild %q, want %s in %s", put.ApplicationID, put.GuildID, fake.ApplicationID, discordtest.GuildID)
	}
	if got, want := names(put.Commands), names(defs); !slices.Equal(got, want) {
		t.Errorf("registered %v, want %v", got, want)
	}
	if err := limits.CheckCommands(put.Commands); err != nil {
		t.Errorf("registered definitions break limits: %v", err)
	}
	fake.WaitHeartbeats(t, 2)

	answer := func(name string, i *discordgo.Interaction) *discordgo.InteractionResponse {
		t.Helper()
		fake.Dispatch(t, i)
		cb := fake.WaitCallback(t, i.ID)
		if cb.Status != 204 || cb.After > 3*time.Second {
			t.Fatalf("%s: callback status %d after %v", name, cb.Status, cb.After)
		}
		if err := limits.Check(cb.Response); err != nil {
			t.Errorf("%s: reply breaks limits: %v", name, err)
		}
		return cb.Response
	}
	cases := interactionsFor(fake.ApplicationID, defs)
	var first *discordgo.InteractionResponse
	for _, name := range sortedKeys(cases) {
		r := answer(name, cases[name])
		if first == nil && len(discordtest.Clicks(fake.ApplicationID, r)) > 0 {
			first = r
		}
	}
	if first != nil {
		answer("a click", asNewUser(discordtest.Clicks(fake.ApplicationID, first)[0]))
	}

	shareOnce(t, fake, answer(
		"/ask to share", asNewUser(discordtest.Command(fake.ApplicationID, "ask", discordtest.Option("question", discordgo.ApplicationCommandOptionString, "how long is IR residency?")))))

	if code, body := scrape(t, opsURL+"/readyz"); code != 200 {
		t.Errorf("/readyz after READY = %d %q, want 200", code, body)
	}
	fake.Reconnect(t)
	fake.WaitResume(t, 1)
	answer("/about after op 7", asNewUser(discordtest.Command(fake.ApplicationID, "about")))
	wants := []string{
		`irbot_gateway_sessions_total 1`,
		`irbot_gateway_resumes_total 1`,
		`irbot_gateway_reconnects_total 1`,
		`irbot_interactions_total{command="about",outcome="ok",tier="na",type="command"}`,
		`irbot_discord_rest_requests_total{method="PUT",route="/applications/{id}/guilds/{id}/commands",status="200"} 1`,
		`irbot_discord_rest_requests_total{method="POST",route="/interactions/{id}/{token}/callback",status="204"}`,
	}
	// discordgo runs each event's handlers on a goroutine of their own, so
	// the RESUMED that counts the resume may be handled after the
	// interaction that followed it: scrape until the counts settle.
	var ours string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, body := scrape(t, opsURL+"/metrics")
		ours = body
		if !slices.ContainsFunc(wants, func(w string) bool { return !strings.Contains(body, w) }) || time.Now().After(deadline) {
			break
		}
	}
	ours = checkMetrics(t, ours, defs, forbiddenIn(cases)...)
	for _, want := range wants {
		if !strings.Contains(ours, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("irbot metrics:\n%s", ours)
	}

	code, took := p.stop(t)
	if code != 0 || took > 10*time.Second {
		t.Errorf("after cancel: exit %d in %v, want 0 within 10s", code, took)
	}
	if c := fake.WaitClose(t, 2); c.Code != 1000 {
		t.Errorf("socket closed with %d, want 1000", c.Code)
	}
	noToken(t, fake.Token, p.stdout.String(), p.stderr.String())
}

// shareOnce clicks Share on a private reply through the running bot: the
// reply is updated in place with a disabled Shared button, so it cannot
// post twice, and the public post follows, crediting the asker inside the
// embed.
func shareOnce(t *testing.T, fake *discordtest.Server, private *discordgo.InteractionResponse) {
	t.Helper()
	if private.Data == nil || private.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("reply to share is not private: %+v", private.Data)
	}
	var click *discordgo.Interaction
	for _, c := range discordtest.Clicks(fake.ApplicationID, private) {
		if strings.HasPrefix(c.MessageComponentData().CustomID, "irbot:share:") {
			click = c
		}
	}
	if click == nil {
		t.Fatal("private answer has no Share button")
	}
	fake.Dispatch(t, click)
	cb := fake.WaitCallback(t, click.ID)
	if cb.Status != 204 || cb.Response.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("Share answered %d with type %d, want 204 and an update (7)", cb.Status, cb.Response.Type)
	}
	if err := limits.Check(cb.Response); err != nil {
		t.Errorf("Share's update breaks limits: %v", err)
	}
	if left := discordtest.Clicks(fake.ApplicationID, cb.Response); slices.ContainsFunc(left, func(c *discordgo.Interaction) bool {
		return strings.HasPrefix(c.MessageComponentData().CustomID, "irbot:share:")
	}) {
		t.Error("the private reply can still be shared after Share")
	}
	if !strings.Contains(string(cb.Body), `"Shared"`) {
		t.Errorf("the private reply does not say Shared: %s", cb.Body)
	}
	post := fake.WaitFollowup(t, click.Token)
	if err := limits.CheckMessage(post.Params); err != nil || post.Status/100 != 2 {
		t.Fatalf("public post: status %d, limits: %v", post.Status, err)
	}
	if post.Params.Flags&discordgo.MessageFlagsEphemeral != 0 || len(post.Params.Embeds) == 0 ||
		!strings.Contains(post.Params.Embeds[0].Description, "Asked by <@") {
		t.Errorf("public post is private or lacks its credit: %s", post.Body)
	}
}

// TestTokenNeverShows: a token Discord refuses ends serve and register
// with an error naming DISCORD_TOKEN, and the token is nowhere in the
// output, at debug level.
func TestTokenNeverShows(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{}) // accepts another token
	vars := map[string]string{
		"DISCORD_TOKEN":          testToken,
		"DISCORD_API_BASE":       fake.URL,
		"DISCORD_APPLICATION_ID": fake.ApplicationID,
		"LOG_LEVEL":              "debug",
	}
	for _, args := range [][]string{{"serve"}, {"register"}, {"register", "--delete"}} {
		code, p := runIrbot(t, vars, args...)
		if code != 1 {
			t.Errorf("irbot %v: exit %d, want 1", args, code)
		}
		if !strings.Contains(p.stderr.String(), "DISCORD_TOKEN was rejected") {
			t.Errorf("irbot %v: stderr does not say the token was rejected:\n%s", args, p.stderr)
		}
		noToken(t, testToken, p.stdout.String(), p.stderr.String())
		noToken(t, "recognisable-fake-token", p.stdout.String(), p.stderr.String())
	}
}

// TestMissingSettings: each mode names the variable it lacks.
func TestMissingSettings(t *testing.T) {
	tests := []struct {
		args []string
		vars map[string]string
		want string
	}{
		{[]string{}, nil, "irbot serve: DISCORD_TOKEN is not set"},
		{[]string{"serve", "--http", "127.0.0.1:0"}, nil, "irbot serve: DISCORD_PUBLIC_KEY is not set"},
		{[]string{"register"}, nil, "irbot register: DISCORD_TOKEN is not set"},
		{[]string{"serve"}, map[string]string{"DISCORD_TOKEN": testToken, "SHARD_COUNT": "2", "SHARD_ID": "2"}, "irbot serve: SHARD_ID must be"},
		{[]string{"register"}, map[string]string{"DISCORD_TOKEN": testToken, "DISCORD_API_BASE": "localhost:8080"}, "irbot register: DISCORD_API_BASE is not"},
	}
	for _, tt := range tests {
		code, p := runIrbot(t, tt.vars, tt.args...)
		if code != 1 || !strings.HasPrefix(p.stderr.String(), tt.want) {
			t.Errorf("irbot %v: exit %d, stderr %q; want 1 and %q", tt.args, code, p.stderr, tt.want)
		}
	}
	code, p := runIrbot(t, nil, "register", "--guild", "general")
	if code != 2 || !strings.Contains(p.stderr.String(), "--guild") {
		t.Errorf("register --guild general: exit %d, stderr %q; want 2 naming --guild", code, p.stderr)
	}
}

func names(cmds []*discordgo.ApplicationCommand) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Name)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
