package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"slices"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/cmdjson"
)

// REST is the part of Discord's REST API that takes the bot token: the
// application, the gateway lookup and command registration. Its requests go
// to the API base it was made with.
type REST struct {
	s *discordgo.Session
}

// NewREST returns a REST client authorized with token (without "Bot ").
func NewREST(token, apiBase string, logger *slog.Logger) (*REST, error) {
	s, err := newSession(token, apiBase, logger, nil, nil)
	if err != nil {
		return nil, err
	}
	return &REST{s: s}, nil
}

// ApplicationID asks Discord which application the token belongs to.
func (r *REST) ApplicationID(ctx context.Context) (string, error) {
	body, err := r.s.RequestWithBucketID("GET", discordgo.EndpointOAuth2Application("@me"), nil,
		discordgo.EndpointOAuth2Application(""), discordgo.WithContext(ctx))
	if err != nil {
		return "", restError("get the application", err)
	}
	var app struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &app); err != nil || app.ID == "" {
		return "", fmt.Errorf("get the application: unexpected answer")
	}
	return app.ID, nil
}

// GatewayBot checks the token and returns Discord's gateway advice
// (recommended shard count, session start limits).
func (r *REST) GatewayBot(ctx context.Context) (*discordgo.GatewayBotResponse, error) {
	gb, err := r.s.GatewayBot(discordgo.WithContext(ctx))
	return gb, restError("get the gateway", err)
}

// Commands returns the commands registered for the application, in a guild
// or (guildID "") globally.
func (r *REST) Commands(ctx context.Context, appID, guildID string) ([]*discordgo.ApplicationCommand, error) {
	endpoint := commandsEndpoint(appID, guildID)
	body, err := r.s.RequestWithBucketID("GET", endpoint, nil, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, restError("list commands", err)
	}
	cmds, err := cmdjson.Unmarshal(body)
	if err != nil {
		return nil, fmt.Errorf("list commands: unexpected answer: %w", err)
	}
	return cmds, nil
}

// Overwrite replaces every command of the application in a guild or
// globally with cmds (none deletes them all), in one request.
func (r *REST) Overwrite(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	body, err := cmdjson.Marshal(cmds)
	if err != nil {
		return nil, fmt.Errorf("overwrite commands: %w", err)
	}
	endpoint := commandsEndpoint(appID, guildID)
	resp, err := r.s.RequestRaw("PUT", endpoint, "application/json", body, endpoint, 0, discordgo.WithContext(ctx))
	if err != nil {
		return nil, restError("overwrite commands", err)
	}
	out, err := cmdjson.Unmarshal(resp)
	if err != nil {
		return nil, fmt.Errorf("overwrite commands: unexpected answer: %w", err)
	}
	return out, nil
}

// commandsEndpoint is the URL of the commands of a guild or, guildID "",
// the global ones.
func commandsEndpoint(appID, guildID string) string {
	if guildID == "" {
		return discordgo.EndpointApplicationGlobalCommands(appID)
	}
	return discordgo.EndpointApplicationGuildCommands(appID, guildID)
}

// Changes is what a bulk overwrite does to the registered commands, by
// command name, each list sorted.
type Changes struct {
	Added, Updated, Removed, Unchanged []string
}

// Diff compares the registered commands with the definitions about to
// replace them. Fields Discord fills in (IDs, versions, defaults for
// permissions and contexts the definition leaves unset) do not count as
// changes.
func Diff(registered, defined []*discordgo.ApplicationCommand) Changes {
	var c Changes
	old := map[string]*discordgo.ApplicationCommand{}
	for _, r := range registered {
		old[key(r)] = r
	}
	seen := map[string]bool{}
	for _, d := range defined {
		k := key(d)
		seen[k] = true
		r, ok := old[k]
		switch {
		case !ok:
			c.Added = append(c.Added, d.Name)
		case sameCommand(r, d):
			c.Unchanged = append(c.Unchanged, d.Name)
		default:
			c.Updated = append(c.Updated, d.Name)
		}
	}
	for _, r := range registered {
		if !seen[key(r)] {
			c.Removed = append(c.Removed, r.Name)
		}
	}
	for _, l := range [][]string{c.Added, c.Updated, c.Removed, c.Unchanged} {
		slices.Sort(l)
	}
	return c
}

// key identifies a command: names are unique per type.
func key(c *discordgo.ApplicationCommand) string {
	t := c.Type
	if t == 0 {
		t = discordgo.ChatApplicationCommand
	}
	return fmt.Sprintf("%d/%s", t, c.Name)
}

func sameCommand(registered, defined *discordgo.ApplicationCommand) bool {
	r, d := *registered, *defined
	for _, c := range []*discordgo.ApplicationCommand{&r, &d} {
		c.ID, c.ApplicationID, c.GuildID, c.Version = "", "", "", ""
		if c.Type == 0 {
			c.Type = discordgo.ChatApplicationCommand
		}
	}
	// Discord answers with its defaults for what a definition leaves
	// unset; compare only what the definition sets.
	if d.DefaultPermission == nil {
		r.DefaultPermission = nil
	}
	if d.DefaultMemberPermissions == nil {
		r.DefaultMemberPermissions = nil
	}
	if d.NSFW == nil {
		r.NSFW = nil
	}
	if d.DMPermission == nil {
		r.DMPermission = nil
	}
	if d.Contexts == nil {
		r.Contexts = nil
	}
	if d.IntegrationTypes == nil {
		r.IntegrationTypes = nil
	}
	return reflect.DeepEqual(canonical(&r), canonical(&d))
}

// canonical returns v as generic JSON with empty values (null, false, 0, "",
// [], {}) removed, so "absent" and "zero" compare equal.
func canonical(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err.Error()
	}
	return prune(x)
}

func prune(x any) any {
	switch v := x.(type) {
	case map[string]any:
		for k, e := range v {
			if p := prune(e); p == nil {
				delete(v, k)
			} else {
				v[k] = p
			}
		}
		if len(v) == 0 {
			return nil
		}
		return v
	case []any:
		out := v[:0]
		for _, e := range v {
			out = append(out, prune(e))
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case bool:
		if !v {
			return nil
		}
	case float64:
		if v == 0 {
			return nil
		}
	case string:
		if v == "" {
			return nil
		}
	}
	return x
}
