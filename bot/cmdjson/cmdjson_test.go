package cmdjson

import (
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestMarshal(t *testing.T) {
	perm := int64(discordgo.PermissionManageGuild)
	zero := int64(0)
	tests := []struct {
		name string
		cmds []*discordgo.ApplicationCommand
		want string
	}{
		{"nil is an empty list", nil, `[]`},
		{"none is an empty list", []*discordgo.ApplicationCommand{}, `[]`},
		{"unset stays unset", []*discordgo.ApplicationCommand{{Name: "ask", Description: "Ask"}},
			`[{"description":"Ask","name":"ask","options":null}]`},
		{"permissions as an integer", []*discordgo.ApplicationCommand{{Name: "admin", Description: "x", DefaultMemberPermissions: &perm}},
			`[{"default_member_permissions":32,"description":"x","name":"admin","options":null}]`},
		{"zero (admins only) as an integer", []*discordgo.ApplicationCommand{{Name: "admin", Description: "x", DefaultMemberPermissions: &zero}},
			`[{"default_member_permissions":0,"description":"x","name":"admin","options":null}]`},
	}
	for _, tt := range tests {
		got, err := Marshal(tt.cmds)
		if err != nil {
			t.Fatalf("%s: Marshal: %v", tt.name, err)
		}
		if string(got) != tt.want {
			t.Errorf("%s: Marshal = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestUnmarshal(t *testing.T) {
	perm := int64(32)
	tests := []struct {
		name    string
		body    string
		want    []*discordgo.ApplicationCommand
		wantErr bool
	}{
		{"integer, as the spec asks", `[{"name":"admin","default_member_permissions":32}]`,
			[]*discordgo.ApplicationCommand{{Name: "admin", DefaultMemberPermissions: &perm}}, false},
		{"string, as Discord answers", `[{"name":"admin","default_member_permissions":"32"}]`,
			[]*discordgo.ApplicationCommand{{Name: "admin", DefaultMemberPermissions: &perm}}, false},
		{"null", `[{"name":"ask","default_member_permissions":null}]`,
			[]*discordgo.ApplicationCommand{{Name: "ask"}}, false},
		{"empty list", `[]`, []*discordgo.ApplicationCommand{}, false},
		{"null body", `null`, nil, false},
		{"not a number", `[{"name":"admin","default_member_permissions":"all"}]`, nil, true},
		{"negative", `[{"name":"admin","default_member_permissions":-1}]`, nil, true},
		{"fraction", `[{"name":"admin","default_member_permissions":1.5}]`, nil, true},
		{"not JSON", `[{`, nil, true},
	}
	for _, tt := range tests {
		got, err := Unmarshal([]byte(tt.body))
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: Unmarshal(%s) error %v, want error %v", tt.name, tt.body, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Unmarshal(%s) = %+v, want %+v", tt.name, tt.body, got, tt.want)
		}
	}
}

// FuzzUnmarshal feeds Discord's side of the wire: whatever comes back must
// decode or fail with an error, and what decodes must survive a round trip.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{`[]`, `null`, `[{"name":"a","default_member_permissions":8}]`, `[{"name":"a","default_member_permissions":"8"}]`, `[null]`, `[{"default_member_permissions":1e3}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		cmds, err := Unmarshal(body)
		if err != nil {
			return
		}
		for _, c := range cmds {
			if c == nil {
				return // a null entry cannot be written back
			}
		}
		b, err := Marshal(cmds)
		if err != nil {
			t.Fatalf("Marshal(Unmarshal(%q)): %v", body, err)
		}
		again, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if len(again) != len(cmds) {
			t.Fatalf("round trip: %d commands, then %d", len(cmds), len(again))
		}
		for i := range cmds {
			a, b := cmds[i].DefaultMemberPermissions, again[i].DefaultMemberPermissions
			if (a == nil) != (b == nil) || a != nil && *a != *b {
				t.Fatalf("round trip of %q: permissions %v, then %v", body, a, b)
			}
		}
	})
}
