package gateway

import (
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestDiff(t *testing.T) {
	perm := int64(0)
	yes := true
	ask := func(desc string) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{Name: "ask", Description: desc, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true},
		}}
	}
	// registered is what Discord answers for a definition: IDs, version,
	// type and its defaults filled in.
	registered := func(c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
		r := *c
		r.ID, r.ApplicationID, r.Version = "11", "22", "33"
		if r.Type == 0 {
			r.Type = discordgo.ChatApplicationCommand
		}
		r.DMPermission = &yes
		r.Contexts = &[]discordgo.InteractionContextType{0, 1, 2}
		return &r
	}
	find := &discordgo.ApplicationCommand{Name: "Find answer", Type: discordgo.MessageApplicationCommand}
	locked := &discordgo.ApplicationCommand{Name: "admin", Description: "x", DefaultMemberPermissions: &perm}

	tests := []struct {
		name                string
		registered, defined []*discordgo.ApplicationCommand
		want                Changes
	}{
		{"first registration", nil, []*discordgo.ApplicationCommand{ask("Ask"), find}, Changes{Added: []string{"Find answer", "ask"}}},
		{"nothing changed", []*discordgo.ApplicationCommand{registered(ask("Ask")), registered(find)}, []*discordgo.ApplicationCommand{ask("Ask"), find}, Changes{Unchanged: []string{"Find answer", "ask"}}},
		{"description changed", []*discordgo.ApplicationCommand{registered(ask("Ask"))}, []*discordgo.ApplicationCommand{ask("Ask a question")}, Changes{Updated: []string{"ask"}}},
		{"permissions set", []*discordgo.ApplicationCommand{registered(&discordgo.ApplicationCommand{Name: "admin", Description: "x"})}, []*discordgo.ApplicationCommand{locked}, Changes{Updated: []string{"admin"}}},
		{"removed", []*discordgo.ApplicationCommand{registered(ask("Ask")), registered(find)}, []*discordgo.ApplicationCommand{find}, Changes{Removed: []string{"ask"}, Unchanged: []string{"Find answer"}}},
		{"delete all", []*discordgo.ApplicationCommand{registered(ask("Ask"))}, nil, Changes{Removed: []string{"ask"}}},
	}
	for _, tt := range tests {
		if got := Diff(tt.registered, tt.defined); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Diff = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
