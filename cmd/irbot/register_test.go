package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
)

// TestRegister runs `irbot register` against the fake: it looks up the
// application, overwrites the commands in one PUT and prints the changes.
func TestRegister(t *testing.T) {
	defs := servingDefs(t)
	if len(defs) < 2 {
		t.Fatalf("the bot defines %d commands; this test needs two", len(defs))
	}
	stale := *defs[1]
	stale.Description = "An older description"

	tests := []struct {
		name      string
		args      []string
		vars      map[string]string
		before    []*discordgo.ApplicationCommand
		guild     string // where the commands go
		want      []string
		wantNames []string
	}{
		{
			name:   "guild from the flag, application looked up",
			args:   []string{"register", "--guild", discordtest.GuildID},
			before: []*discordgo.ApplicationCommand{defs[0], &stale, {Name: "legacy", Description: "Gone"}},
			guild:  discordtest.GuildID,
			want: []string{"updated    " + stale.Name, "removed    legacy", "unchanged  " + defs[0].Name,
				"registered in server " + discordtest.GuildID, "removed, "},
			wantNames: names(defs),
		},
		{
			name:      "global, first time",
			args:      []string{"register"},
			vars:      map[string]string{"DISCORD_APPLICATION_ID": discordtest.DefaultApplicationID},
			want:      []string{"added      " + defs[0].Name, "registered globally", "Global commands can take"},
			wantNames: names(defs),
		},
		{
			name:      "delete in DISCORD_GUILD_ID",
			args:      []string{"register", "--delete"},
			vars:      map[string]string{"DISCORD_GUILD_ID": discordtest.GuildID},
			before:    defs,
			guild:     discordtest.GuildID,
			want:      []string{"removed    " + defs[0].Name, "0 command(s) now registered in server"},
			wantNames: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := discordtest.New(t, discordtest.Options{})
			fake.SetCommands(tt.guild, tt.before)
			vars := map[string]string{"DISCORD_TOKEN": fake.Token, "DISCORD_API_BASE": fake.URL}
			for k, v := range tt.vars {
				vars[k] = v
			}
			code, p := runIrbot(t, vars, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, p.stderr)
			}
			out := p.stdout.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			puts := fake.CommandPuts()
			if len(puts) != 1 || puts[0].GuildID != tt.guild {
				t.Fatalf("%d overwrites, want one in %q", len(puts), tt.guild)
			}
			if got := names(puts[0].Commands); !slices.Equal(got, tt.wantNames) {
				t.Errorf("put %v, want %v", got, tt.wantNames)
			}
			if string(puts[0].Body) == "null" {
				t.Errorf("put null; Discord wants a list")
			}
			checkPermissionsAreNumbers(t, puts[0].Body, puts[0].Commands)
			looked := false
			for _, r := range fake.Requests() {
				looked = looked || r.Path == "/oauth2/applications/@me"
			}
			if _, set := tt.vars["DISCORD_APPLICATION_ID"]; looked == set {
				t.Errorf("looked up the application: %v, with DISCORD_APPLICATION_ID set: %v", looked, set)
			}
		})
	}
}

// checkPermissionsAreNumbers checks that each command of a PUT body that
// sets default_member_permissions sends it as a JSON integer, as Discord's
// API spec asks, with the value the definition has.
func checkPermissionsAreNumbers(t *testing.T, body []byte, cmds []*discordgo.ApplicationCommand) {
	t.Helper()
	var generic []map[string]any
	if err := json.Unmarshal(body, &generic); err != nil {
		t.Fatalf("PUT body: %v", err)
	}
	for i, c := range generic {
		v, ok := c["default_member_permissions"]
		if !ok || v == nil {
			continue
		}
		n, isNumber := v.(float64)
		if !isNumber {
			t.Errorf("%v: default_member_permissions is %T %v, want an integer", c["name"], v, v)
			continue
		}
		if want := cmds[i].DefaultMemberPermissions; want == nil || int64(n) != *want {
			t.Errorf("%v: default_member_permissions %v, definition %v", c["name"], n, want)
		}
	}
}
