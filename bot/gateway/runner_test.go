package gateway

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
)

// answered dispatches a command and checks its callback: accepted within
// the window, a message that passes the limits.
func answered(t *testing.T, fake *discordtest.Server, name string) discordtest.Callback {
	t.Helper()
	i := discordtest.Command(fake.ApplicationID, name)
	fake.Dispatch(t, i)
	cb := fake.WaitCallback(t, i.ID)
	if cb.Status != http.StatusNoContent {
		t.Fatalf("callback for /%s: status %d, want 204 (after %v)", name, cb.Status, cb.After)
	}
	if err := limits.Check(cb.Response); err != nil {
		t.Errorf("callback for /%s breaks limits: %v", name, err)
	}
	return cb
}

// TestLifecycle follows one session through everything Discord does to a
// bot: handshake, registration, heartbeats, interactions, op 7, a dropped
// socket, op 9, and shutdown.
func TestLifecycle(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{HeartbeatInterval: 300 * time.Millisecond})
	run := start(t, fake, &stub{}, nil)

	fake.WaitRequest(t, "GET", "/gateway/bot")
	fake.WaitRequest(t, "GET", "/gateway")
	id := fake.WaitIdentify(t, 1)
	if !id.Accepted || id.Token != "Bot "+fake.Token {
		t.Errorf("IDENTIFY accepted=%v with the configured token=%v", id.Accepted, id.Token == "Bot "+fake.Token)
	}
	if id.Intents != discordgo.IntentsNone {
		t.Errorf("IDENTIFY intents = %d, want 0 (interactions need none)", id.Intents)
	}
	if id.Shard != nil {
		t.Errorf("IDENTIFY shard = %v, want none when unsharded", *id.Shard)
	}

	put := fake.WaitCommands(t, 1)
	if put.GuildID != "" || len(put.Commands) != len(stubCommands()) {
		t.Errorf("registration: guild %q with %d commands, want global with %d", put.GuildID, len(put.Commands), len(stubCommands()))
	}
	fake.WaitHeartbeats(t, 2)

	cb := answered(t, fake, "ask")
	if cb.Response.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Response.Data.Content != "Answer to /ask" {
		t.Errorf("reply = type %d %q", cb.Response.Type, cb.Response.Data.Content)
	}

	steps := []struct {
		name  string
		do    func()
		await func()
	}{
		{"op 7 reconnect", func() { fake.Reconnect(t) }, func() {
			if r := fake.WaitResume(t, 1); !r.Accepted || r.Conn != 2 {
				t.Errorf("after op 7: resume %+v, want accepted on connection 2", r)
			}
			if c := fake.WaitClose(t, 1); c.Code != 1012 {
				t.Errorf("after op 7: connection 1 closed with %d, want 1012", c.Code)
			}
		}},
		{"dropped socket", func() { fake.Drop(t) }, func() {
			if r := fake.WaitResume(t, 2); !r.Accepted || r.Conn != 3 {
				t.Errorf("after a drop: resume %+v, want accepted on connection 3", r)
			}
		}},
		{"op 9 invalid session", func() { fake.InvalidSession(t, false) }, func() {
			if id := fake.WaitIdentify(t, 2); !id.Accepted || id.Conn != 3 {
				t.Errorf("after op 9: identify %+v, want accepted on connection 3", id)
			}
		}},
	}
	for _, s := range steps {
		s.do()
		s.await()
		if cb := answered(t, fake, "ask"); cb.After > 2*time.Second {
			t.Errorf("after %s: callback took %v", s.name, cb.After)
		}
	}
	if n := len(fake.CommandPuts()); n != 1 {
		t.Errorf("commands registered %d times, want once per process", n)
	}

	err, took := run.stop(t)
	if err != nil {
		t.Errorf("Run = %v after cancel, want nil", err)
	}
	if took > 5*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	if c := fake.WaitClose(t, 3); c.Code != 1000 {
		t.Errorf("shutdown closed with %d, want 1000", c.Code)
	}
	if n := fake.Connections(); n != 3 {
		t.Errorf("%d connections, want 3 (no reconnect after shutdown)", n)
	}
}

// TestReconnectRetries: when the gateway refuses the first reconnect,
// the runner logs it, retries, and resumes.
func TestReconnectRetries(t *testing.T) {
	// A long heartbeat interval: a heartbeat failing on the dropped socket
	// while the dial fails is a data race inside discordgo (it logs
	// s.gateway, which a failed Open clears).
	fake := discordtest.New(t, discordtest.Options{HeartbeatInterval: 30 * time.Second})
	run := start(t, fake, &stub{}, nil)
	fake.WaitIdentify(t, 1)
	fake.RefuseGateway(1)
	fake.Drop(t)
	if r := fake.WaitResume(t, 1); !r.Accepted {
		t.Errorf("resume %+v, want accepted", r)
	}
	run.waitLog(t, "gateway reconnect failed")
	answered(t, fake, "ask")
	if gets := countRequests(fake, "GET", "/gateway"); gets != 2 {
		t.Errorf("GET /gateway %d times, want 2 (again after the failed dial)", gets)
	}
}

func countRequests(fake *discordtest.Server, method, path string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// TestDeferral: a handler slower than the deadline gets a deferral, then
// its reply by webhook.
func TestDeferral(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	start(t, fake, &stub{Delay: 700 * time.Millisecond}, nil)

	tests := []struct {
		name         string
		interaction  *discordgo.Interaction
		wantCallback discordgo.InteractionResponseType
		want         string // "edit", "followup" or "" for none
	}{
		{"command", discordtest.Command(fake.ApplicationID, "slow"), discordgo.InteractionResponseDeferredChannelMessageWithSource, "edit"},
		{"button updating its message", discordtest.Component(fake.ApplicationID, "slow-page", nil), discordgo.InteractionResponseDeferredMessageUpdate, "edit"},
		{"button posting a new message", discordtest.Component(fake.ApplicationID, "slow-post", nil), discordgo.InteractionResponseDeferredMessageUpdate, "followup"},
		{"autocomplete", discordtest.Autocomplete(fake.ApplicationID, "slow", focused("em")), discordgo.InteractionApplicationCommandAutocompleteResult, ""},
		{"fast command", discordtest.Command(fake.ApplicationID, "ask"), discordgo.InteractionResponseChannelMessageWithSource, ""},
		{"panicking handler", discordtest.Command(fake.ApplicationID, "panic"), discordgo.InteractionResponseChannelMessageWithSource, ""},
		{"handler without a reply", discordtest.Command(fake.ApplicationID, "nil"), discordgo.InteractionResponseChannelMessageWithSource, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Dispatch(t, tt.interaction)
			cb := fake.WaitCallback(t, tt.interaction.ID)
			// 300ms to defer, plus slack for a loaded machine under -race;
			// the fake itself refuses callbacks after 3s.
			if cb.Status != http.StatusNoContent || cb.After > 2500*time.Millisecond {
				t.Fatalf("callback status %d after %v, want 204 within 2.5s", cb.Status, cb.After)
			}
			if cb.Response.Type != tt.wantCallback {
				t.Errorf("callback type %d, want %d", cb.Response.Type, tt.wantCallback)
			}
			if err := limits.Check(cb.Response); err != nil {
				t.Errorf("callback breaks limits: %v", err)
			}
			if cb.Response.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource &&
				cb.Response.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Errorf("command deferral is not ephemeral")
			}
			switch tt.want {
			case "edit":
				m := fake.WaitEdit(t, tt.interaction.Token)
				if m.Status != http.StatusOK || m.MessageID != "@original" {
					t.Errorf("edit of %s: status %d", m.MessageID, m.Status)
				}
				if err := limits.CheckWebhookEdit(m.Edit); err != nil {
					t.Errorf("edit breaks limits: %v", err)
				}
			case "followup":
				m := fake.WaitFollowup(t, tt.interaction.Token)
				if m.Status/100 != 2 {
					t.Errorf("follow-up: status %d", m.Status)
				}
				if err := limits.CheckMessage(m.Params); err != nil {
					t.Errorf("follow-up breaks limits: %v", err)
				}
			}
		})
	}
	if n := len(fake.Edits()) + len(fake.Followups()); n != 3 {
		t.Errorf("%d webhook messages, want 3", n)
	}
}

func focused(value string) *discordgo.ApplicationCommandInteractionDataOption {
	o := discordtest.Option("question", discordgo.ApplicationCommandOptionString, value)
	o.Focused = true
	return o
}

// TestShutdownFinishesInFlight: a reply still being prepared when the
// signal comes is delivered before Run returns.
func TestShutdownFinishesInFlight(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	run := start(t, fake, &stub{Delay: 1500 * time.Millisecond}, nil)
	i := discordtest.Command(fake.ApplicationID, "slow")
	fake.Dispatch(t, i)
	if cb := fake.WaitCallback(t, i.ID); cb.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("callback type %d, want a deferral", cb.Response.Type)
	}
	err, took := run.stop(t)
	if err != nil || took > 10*time.Second {
		t.Errorf("Run = %v after %v, want nil within 10s", err, took)
	}
	if edits := fake.Edits(); len(edits) != 1 || edits[0].Token != i.Token {
		t.Errorf("edits after shutdown: %d, want the in-flight reply", len(edits))
	}
}

// TestShutdownGivesUp: a handler that outlasts ShutdownTimeout does not
// hold the process; Run still returns nil.
func TestShutdownGivesUp(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	run := start(t, fake, &stub{Delay: 20 * time.Second}, func(c *Config) { c.ShutdownTimeout = 500 * time.Millisecond })
	i := discordtest.Command(fake.ApplicationID, "slow")
	fake.Dispatch(t, i)
	fake.WaitCallback(t, i.ID)
	err, took := run.stop(t)
	if err != nil || took > 3*time.Second {
		t.Errorf("Run = %v after %v, want nil soon after the shutdown timeout", err, took)
	}
	run.waitLog(t, "giving up on replies still in flight")
}

// TestRegistration: where commands go, and when they do not.
func TestRegistration(t *testing.T) {
	tests := []struct {
		name      string
		cfg       func(*Config)
		wantGuild string
		wantPut   bool
		wantShard *[2]int
	}{
		{"global", nil, "", true, nil},
		{"guild from config", func(c *Config) { c.GuildID = discordtest.GuildID; c.ApplicationID = discordtest.DefaultApplicationID }, discordtest.GuildID, true, nil},
		{"shard 0 of 2 registers", func(c *Config) { c.ShardCount = 2 }, "", true, &[2]int{0, 2}},
		{"shard 1 of 2 does not", func(c *Config) { c.ShardID, c.ShardCount = 1, 2 }, "", false, &[2]int{1, 2}},
		{"registration off", func(c *Config) { c.Register = false }, "", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(t, discordtest.Options{})
			run := start(t, fake, &stub{}, tt.cfg)
			id := fake.WaitIdentify(t, 1)
			if (id.Shard == nil) != (tt.wantShard == nil) || (id.Shard != nil && *id.Shard != *tt.wantShard) {
				t.Errorf("IDENTIFY shard = %v, want %v", id.Shard, tt.wantShard)
			}
			if tt.wantPut {
				if put := fake.WaitCommands(t, 1); put.GuildID != tt.wantGuild {
					t.Errorf("registered in guild %q, want %q", put.GuildID, tt.wantGuild)
				}
			}
			answered(t, fake, "ask") // READY handlers have run by now
			if err, _ := run.stop(t); err != nil {
				t.Errorf("Run = %v", err)
			}
			if !tt.wantPut && len(fake.CommandPuts()) > 0 {
				t.Errorf("commands registered, want none")
			}
		})
	}
}

// TestRegistrationFailureKeepsServing: a refused registration is logged
// and the bot still answers.
func TestRegistrationFailureKeepsServing(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	fake.Fail("PUT /applications/", http.StatusForbidden)
	run := start(t, fake, &stub{}, nil)
	fake.WaitRequest(t, "PUT", "/applications/"+fake.ApplicationID+"/commands")
	run.waitLog(t, "registering commands failed")
	answered(t, fake, "ask")
	if err, _ := run.stop(t); err != nil {
		t.Errorf("Run = %v", err)
	}
}

// TestWrongToken: Discord's 401 ends Run at once with an error that says
// so, and the token is nowhere in it.
func TestWrongToken(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	const wrong = "V1JPTkctVE9LRU4.d3Jvbmc.recognisable-wrong-token"
	logs := &syncBuffer{}
	cfg := Config{Token: wrong, APIBase: fake.URL, Register: true, Commands: stubCommands()}
	err := Run(t.Context(), cfg, &stub{}, slogTo(logs))
	if !Unauthorized(err) {
		t.Fatalf("Run = %v, want a 401", err)
	}
	for what, s := range map[string]string{"error": err.Error(), "logs": logs.String()} {
		if strings.Contains(s, wrong) || strings.Contains(s, "recognisable") {
			t.Errorf("the token appears in the %s: %s", what, s)
		}
	}
	if n := fake.Connections(); n != 0 {
		t.Errorf("%d gateway connections with a rejected token", n)
	}
}
