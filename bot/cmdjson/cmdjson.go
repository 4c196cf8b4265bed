// Package cmdjson reads and writes application command definitions as
// Discord's API has them, where discordgo's types differ: discordgo writes
// default_member_permissions as a string ("32") and reads only a string,
// while Discord's API spec asks for an integer in requests (Discord itself
// takes either and answers with a string).
package cmdjson

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

const permissionsKey = "default_member_permissions"

// Marshal returns the JSON of a bulk overwrite of cmds, a list (never
// null), with default_member_permissions as an integer.
func Marshal(cmds []*discordgo.ApplicationCommand) ([]byte, error) {
	if cmds == nil {
		cmds = []*discordgo.ApplicationCommand{}
	}
	return rewrite(cmds, func(name string, raw json.RawMessage) (json.RawMessage, error) {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return raw, nil // null, or already a number
		}
		if _, err := strconv.ParseUint(s, 10, 64); err != nil {
			return nil, fmt.Errorf("command %s: %s %q is not a number", name, permissionsKey, s)
		}
		return json.RawMessage(s), nil
	})
}

// Unmarshal reads a list of commands whose default_member_permissions may
// be an integer or a string; either must be a whole number of at least 0.
func Unmarshal(body []byte) ([]*discordgo.ApplicationCommand, error) {
	var generic []map[string]json.RawMessage
	if err := json.Unmarshal(body, &generic); err != nil {
		return nil, err
	}
	if generic == nil {
		return nil, nil
	}
	b, err := rewrite(generic, func(name string, raw json.RawMessage) (json.RawMessage, error) {
		var n json.Number
		if json.Unmarshal(raw, &n) != nil || n == "" {
			return raw, nil // null; anything else fails below
		}
		if _, err := strconv.ParseUint(n.String(), 10, 64); err != nil {
			return nil, fmt.Errorf("command %s: %s %s is not a permission set", name, permissionsKey, raw)
		}
		return json.Marshal(n.String())
	})
	if err != nil {
		return nil, err
	}
	cmds := []*discordgo.ApplicationCommand{}
	return cmds, json.Unmarshal(b, &cmds)
}

// rewrite marshals v (a list of commands), passes each command's
// default_member_permissions through fix and returns the list's JSON.
func rewrite(v any, fix func(name string, raw json.RawMessage) (json.RawMessage, error)) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var generic []map[string]json.RawMessage
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil, err
	}
	for _, c := range generic {
		raw, ok := c[permissionsKey]
		if !ok {
			continue
		}
		var name string
		json.Unmarshal(c["name"], &name)
		if c[permissionsKey], err = fix(name, raw); err != nil {
			return nil, err
		}
	}
	if generic == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(generic)
}
