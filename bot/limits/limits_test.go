package limits

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func noPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// valid returns a message response that breaks no limit; each test case
// breaks exactly one.
func valid() *discordgo.InteractionResponse {
	one := 1
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: "hello",
			Embeds: []*discordgo.MessageEmbed{{
				Title:       "Title",
				Description: "Body",
				Fields:      []*discordgo.MessageEmbedField{{Name: "n", Value: "v"}},
				Footer:      &discordgo.MessageEmbedFooter{Text: "footer"},
				Author:      &discordgo.MessageEmbedAuthor{Name: "author"},
			}},
			Components: []discordgo.MessageComponent{
				discordgo.ActionsRow{Components: []discordgo.MessageComponent{
					discordgo.Button{Label: "Open", CustomID: "irbot:open:a"},
					discordgo.Button{Label: "Docs", Style: discordgo.LinkButton, URL: "https://example.com"},
				}},
				&discordgo.ActionsRow{Components: []discordgo.MessageComponent{
					discordgo.SelectMenu{CustomID: "irbot:open", Placeholder: "Pick", MinValues: &one, MaxValues: 1,
						Options: []discordgo.SelectMenuOption{{Label: "A", Value: "a"}, {Label: "B", Value: "b", Description: "d"}}},
				}},
			},
			AllowedMentions: noPings(),
			Flags:           discordgo.MessageFlagsEphemeral,
		},
	}
}

func validChoices() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{
			{Name: "How long is IR residency?", Value: "How long is IR residency?"},
		}},
	}
}

func row(cs ...discordgo.MessageComponent) discordgo.ActionsRow {
	return discordgo.ActionsRow{Components: cs}
}

func button(id string) discordgo.Button { return discordgo.Button{Label: "x", CustomID: id} }

func TestCheck(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name   string
		base   func() *discordgo.InteractionResponse
		mutate func(r *discordgo.InteractionResponse)
		want   string // substring of the violation; "" means valid
	}{
		{"valid message", valid, func(*discordgo.InteractionResponse) {}, ""},
		{"valid autocomplete", validChoices, func(*discordgo.InteractionResponse) {}, ""},
		{"valid pong", valid, func(r *discordgo.InteractionResponse) { r.Type, r.Data = discordgo.InteractionResponsePong, nil }, ""},
		{"valid update", valid, func(r *discordgo.InteractionResponse) { r.Type = discordgo.InteractionResponseUpdateMessage }, ""},
		{"limit exactly", valid, func(r *discordgo.InteractionResponse) { r.Data.Content = long(2000) }, ""},
		{"nil response", func() *discordgo.InteractionResponse { return nil }, func(*discordgo.InteractionResponse) {}, "is nil"},
		{"bad type", valid, func(r *discordgo.InteractionResponse) { r.Type = 3 }, "not an interaction response type"},
		{"pong with data", valid, func(r *discordgo.InteractionResponse) { r.Type = discordgo.InteractionResponsePong }, "absent for a pong"},
		{"message without data", valid, func(r *discordgo.InteractionResponse) { r.Data = nil }, "missing for a message"},
		{"content", valid, func(r *discordgo.InteractionResponse) { r.Data.Content = long(2001) }, "data.content: is 2001 characters, limit 2000"},
		{"empty reply", valid, func(r *discordgo.InteractionResponse) { r.Data.Content, r.Data.Embeds = "", nil }, "neither content nor embeds"},
		{"too many embeds", valid, func(r *discordgo.InteractionResponse) {
			for range 10 {
				r.Data.Embeds = append(r.Data.Embeds, &discordgo.MessageEmbed{Title: "t"})
			}
		}, "11 embeds, limit 10"},
		{"nil embed", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0] = nil }, "embeds[0]: is nil"},
		{"empty embed", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0] = &discordgo.MessageEmbed{} }, "embeds[0]: is empty"},
		{"embed title", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Title = long(257) }, "title: is 257"},
		{"embed description", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Description = long(4097) }, "description: is 4097"},
		{"too many fields", valid, func(r *discordgo.InteractionResponse) {
			for range 25 {
				r.Data.Embeds[0].Fields = append(r.Data.Embeds[0].Fields, &discordgo.MessageEmbedField{Name: "n", Value: "v"})
			}
		}, "26 fields, limit 25"},
		{"nil field", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Fields[0] = nil }, "fields[0]: is nil"},
		{"field name long", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Fields[0].Name = long(257) }, "fields[0].name: is 257"},
		{"field name empty", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Fields[0].Name = " " }, "fields[0].name: is empty"},
		{"field value long", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Fields[0].Value = long(1025) }, "fields[0].value: is 1025"},
		{"field value empty", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Fields[0].Value = "" }, "fields[0].value: is empty"},
		{"footer", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Footer.Text = long(2049) }, "footer.text: is 2049"},
		{"author", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Author.Name = long(257) }, "author.name: is 257"},
		{"colour", valid, func(r *discordgo.InteractionResponse) { r.Data.Embeds[0].Color = 0x1000000 }, "24-bit colour"},
		{"embed total", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Embeds = append(r.Data.Embeds,
				&discordgo.MessageEmbed{Description: long(4000)},
				&discordgo.MessageEmbed{Description: long(2000)})
		}, "limit 6000 across all embeds"},
		{"too many rows", valid, func(r *discordgo.InteractionResponse) {
			for i := range 4 {
				r.Data.Components = append(r.Data.Components, row(button("r"+string(rune('a'+i)))))
			}
		}, "6 action rows, limit 5"},
		{"not a row", valid, func(r *discordgo.InteractionResponse) { r.Data.Components[0] = button("x") }, "must be action rows"},
		{"nil component", valid, func(r *discordgo.InteractionResponse) { r.Data.Components[0] = nil }, "is nil"},
		{"empty row", valid, func(r *discordgo.InteractionResponse) { r.Data.Components[0] = row() }, "empty action row"},
		{"six buttons", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(button("1"), button("2"), button("3"), button("4"), button("5"), button("6"))
		}, "6 components, limit 5"},
		{"select not alone", valid, func(r *discordgo.InteractionResponse) {
			s := r.Data.Components[1].(*discordgo.ActionsRow).Components[0]
			r.Data.Components[1] = row(s, button("z"))
		}, "alone in its action row"},
		{"text input in message", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(discordgo.TextInput{CustomID: "t", Label: "l"})
		}, "holds buttons or one select menu"},
		{"button label", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(discordgo.Button{Label: long(81), CustomID: "x"})
		}, "label: is 81"},
		{"button without label", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(discordgo.Button{CustomID: "x"})
		}, "neither a label nor an emoji"},
		{"custom_id empty", valid, func(r *discordgo.InteractionResponse) { r.Data.Components[0] = row(button("")) }, "custom_id: is empty"},
		{"custom_id long", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(button(strings.Repeat("x", 101)))
		}, "custom_id: is 101"},
		{"custom_id repeated", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(button("irbot:open"))
		}, "repeats"},
		{"link without url", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(discordgo.Button{Label: "l", Style: discordgo.LinkButton})
		}, "url: is missing"},
		{"link with custom_id", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(discordgo.Button{Label: "l", Style: discordgo.LinkButton, URL: "https://x", CustomID: "c"})
		}, "has a URL instead"},
		{"url on normal button", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(discordgo.Button{Label: "l", CustomID: "c", URL: "https://x"})
		}, "only a link button"},
		{"bad style", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[0] = row(discordgo.Button{Label: "l", CustomID: "c", Style: 9})
		}, "not a button style"},
		{"select no options", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s"})
		}, "0 options, want 1 to 25"},
		{"select 26 options", valid, func(r *discordgo.InteractionResponse) {
			var opts []discordgo.SelectMenuOption
			for i := range 26 {
				opts = append(opts, discordgo.SelectMenuOption{Label: "l", Value: strings.Repeat("v", i+1)})
			}
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s", Options: opts})
		}, "26 options"},
		{"option label", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s", Options: []discordgo.SelectMenuOption{{Label: long(101), Value: "v"}}})
		}, "label: is 101"},
		{"option value", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s", Options: []discordgo.SelectMenuOption{{Label: "l", Value: long(101)}}})
		}, "value: is 101"},
		{"option value repeated", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s", Options: []discordgo.SelectMenuOption{{Label: "l", Value: "v"}, {Label: "m", Value: "v"}}})
		}, "repeats an earlier option"},
		{"option description", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s", Options: []discordgo.SelectMenuOption{{Label: "l", Value: "v", Description: long(101)}}})
		}, "description: is 101"},
		{"placeholder", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s", Placeholder: long(151), Options: []discordgo.SelectMenuOption{{Label: "l", Value: "v"}}})
		}, "placeholder: is 151"},
		{"max values", valid, func(r *discordgo.InteractionResponse) {
			r.Data.Components[1] = row(discordgo.SelectMenu{CustomID: "s", MaxValues: 3, Options: []discordgo.SelectMenuOption{{Label: "l", Value: "v"}}})
		}, "max_values 3"},
		{"no allowed mentions", valid, func(r *discordgo.InteractionResponse) { r.Data.AllowedMentions = nil }, "allowed_mentions: is missing"},
		{"nil parse", valid, func(r *discordgo.InteractionResponse) { r.Data.AllowedMentions = &discordgo.MessageAllowedMentions{} }, `"parse":null`},
		{"parse everyone", valid, func(r *discordgo.InteractionResponse) {
			r.Data.AllowedMentions.Parse = []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeEveryone}
		}, "irbot pings no one"},
		{"users allowed", valid, func(r *discordgo.InteractionResponse) { r.Data.AllowedMentions.Users = []string{"1"} }, "pinging 1 user"},
		{"roles allowed", valid, func(r *discordgo.InteractionResponse) { r.Data.AllowedMentions.Roles = []string{"1"} }, "pinging 1 role"},
		{"replied user", valid, func(r *discordgo.InteractionResponse) { r.Data.AllowedMentions.RepliedUser = true }, "replied_user"},
		{"bad flags", valid, func(r *discordgo.InteractionResponse) { r.Data.Flags |= discordgo.MessageFlagsUrgent }, "flags a reply may not set"},
		{"tts", valid, func(r *discordgo.InteractionResponse) { r.Data.TTS = true }, "text-to-speech"},
		{"choices on message", valid, func(r *discordgo.InteractionResponse) { r.Data.Choices = validChoices().Data.Choices }, "only autocomplete"},
		{"autocomplete without data", validChoices, func(r *discordgo.InteractionResponse) { r.Data = nil }, "missing for an autocomplete"},
		{"26 choices", validChoices, func(r *discordgo.InteractionResponse) {
			for range 25 {
				r.Data.Choices = append(r.Data.Choices, &discordgo.ApplicationCommandOptionChoice{Name: "n", Value: "v"})
			}
		}, "26 choices, limit 25"},
		{"choice name empty", validChoices, func(r *discordgo.InteractionResponse) { r.Data.Choices[0].Name = "" }, "name: is empty"},
		{"choice name long", validChoices, func(r *discordgo.InteractionResponse) { r.Data.Choices[0].Name = long(101) }, "name: is 101"},
		{"choice value long", validChoices, func(r *discordgo.InteractionResponse) { r.Data.Choices[0].Value = long(101) }, "value: is 101"},
		{"choice value missing", validChoices, func(r *discordgo.InteractionResponse) { r.Data.Choices[0].Value = nil }, "value: is missing"},
		{"choice value type", validChoices, func(r *discordgo.InteractionResponse) { r.Data.Choices[0].Value = []int{} }, "want string or number"},
		{"nil choice", validChoices, func(r *discordgo.InteractionResponse) { r.Data.Choices[0] = nil }, "choices[0]: is nil"},
		{"autocomplete with content", validChoices, func(r *discordgo.InteractionResponse) { r.Data.Content = "x" }, "carries only choices"},
		{"modal without title", valid, func(r *discordgo.InteractionResponse) {
			r.Type = discordgo.InteractionResponseModal
			r.Data = &discordgo.InteractionResponseData{CustomID: "m", Components: []discordgo.MessageComponent{row()}}
		}, "title: is empty"},
		{"deferred bad flags", valid, func(r *discordgo.InteractionResponse) {
			r.Type = discordgo.InteractionResponseDeferredChannelMessageWithSource
			r.Data = &discordgo.InteractionResponseData{Flags: 1 << 12}
		}, "flags a reply may not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.base()
			tt.mutate(r)
			err := Check(r)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check() = %v, want a violation containing %q", err, tt.want)
			}
			var vs Violations
			if !errors.As(err, &vs) || len(vs) == 0 {
				t.Fatalf("Check() = %T, want Violations", err)
			}
		})
	}
}

// TestAutocompleteChoices: an autocomplete result must carry a choices
// list, empty or not, and nothing else, in the struct and on the wire.
func TestAutocompleteChoices(t *testing.T) {
	auto := discordgo.InteractionApplicationCommandAutocompleteResult
	structs := []struct {
		name string
		d    *discordgo.InteractionResponseData
		ok   bool
	}{
		{"empty list", &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, true},
		{"one choice", &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "a", Value: "a"}}}, true},
		{"nil choices", &discordgo.InteractionResponseData{}, false},
		{"allowed_mentions", &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}, AllowedMentions: &discordgo.MessageAllowedMentions{}}, false},
		{"tts", &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}, TTS: true}, false},
	}
	for _, tt := range structs {
		err := Check(&discordgo.InteractionResponse{Type: auto, Data: tt.d})
		if (err == nil) != tt.ok {
			t.Errorf("Check(%s) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
	wire := []struct {
		body string
		ok   bool
	}{
		{`{"type":8,"data":{"choices":[]}}`, true},
		{`{"type":8,"data":{"choices":[{"name":"a","value":"a"}]}}`, true},
		{`{"type":8,"data":{"tts":false,"content":"","components":null,"embeds":null}}`, false},
		{`{"type":8,"data":{"choices":[],"content":""}}`, false},
		{`{"type":8,"data":{"choices":null}}`, false},
		{`{"type":8}`, false},
		{`{"type":4,"data":{"tts":false,"content":"hi"}}`, true}, // not autocomplete: Check's business
		{`not json`, false},
	}
	for _, tt := range wire {
		if err := CheckJSON([]byte(tt.body)); (err == nil) != tt.ok {
			t.Errorf("CheckJSON(%s) = %v, want ok %v", tt.body, err, tt.ok)
		}
	}
}

func TestCheckReportsEveryViolation(t *testing.T) {
	r := valid()
	r.Data.Content = strings.Repeat("x", 2001)
	r.Data.Embeds[0].Title = strings.Repeat("x", 257)
	r.Data.AllowedMentions = nil
	var vs Violations
	if err := Check(r); !errors.As(err, &vs) || len(vs) != 3 {
		t.Fatalf("Check() = %v, want 3 violations", err)
	}
}

// TestEmptyParseEncoding pins why the rule exists: only a non-nil empty
// slice encodes as "parse":[], which tells Discord to ping no one.
func TestEmptyParseEncoding(t *testing.T) {
	for _, tt := range []struct {
		am   *discordgo.MessageAllowedMentions
		want string
	}{
		{&discordgo.MessageAllowedMentions{}, `"parse":null`},
		{noPings(), `"parse":[]`},
	} {
		b, err := json.Marshal(tt.am)
		if err != nil || !strings.Contains(string(b), tt.want) {
			t.Errorf("json.Marshal(%+v) = %s, %v; want it to contain %s", tt.am, b, err, tt.want)
		}
	}
}

func TestCheckMessage(t *testing.T) {
	ok := &discordgo.WebhookParams{Content: "hi", AllowedMentions: noPings()}
	if err := CheckMessage(ok); err != nil {
		t.Errorf("CheckMessage(valid) = %v, want nil", err)
	}
	tests := []struct {
		name string
		p    *discordgo.WebhookParams
		want string
	}{
		{"nil", nil, "is nil"},
		{"no mentions", &discordgo.WebhookParams{Content: "hi"}, "allowed_mentions: is missing"},
		{"empty", &discordgo.WebhookParams{AllowedMentions: noPings()}, "neither content nor embeds"},
		{"long", &discordgo.WebhookParams{Content: strings.Repeat("x", 2001), AllowedMentions: noPings()}, "content: is 2001"},
		{"tts", &discordgo.WebhookParams{Content: "x", TTS: true, AllowedMentions: noPings()}, "text-to-speech"},
	}
	for _, tt := range tests {
		if err := CheckMessage(tt.p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckMessage(%s) = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestCheckWebhookEdit(t *testing.T) {
	s := func(v string) *string { return &v }
	embeds := []*discordgo.MessageEmbed{{Title: strings.Repeat("x", 300)}}
	none := []*discordgo.MessageEmbed{}
	tests := []struct {
		name string
		e    *discordgo.WebhookEdit
		want string
	}{
		{"valid", &discordgo.WebhookEdit{Content: s("hi"), AllowedMentions: noPings()}, ""},
		{"components only", &discordgo.WebhookEdit{Components: &[]discordgo.MessageComponent{}, AllowedMentions: noPings()}, ""},
		{"nil", nil, "is nil"},
		{"no mentions", &discordgo.WebhookEdit{Content: s("hi")}, "allowed_mentions: is missing"},
		{"long title", &discordgo.WebhookEdit{Embeds: &embeds, AllowedMentions: noPings()}, "title: is 300"},
		{"emptied", &discordgo.WebhookEdit{Content: s(""), Embeds: &none, AllowedMentions: noPings()}, "neither content nor embeds"},
	}
	for _, tt := range tests {
		err := CheckWebhookEdit(tt.e)
		if tt.want == "" {
			if err != nil {
				t.Errorf("CheckWebhookEdit(%s) = %v, want nil", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckWebhookEdit(%s) = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestCheckCommands(t *testing.T) {
	validCmds := func() []*discordgo.ApplicationCommand {
		return []*discordgo.ApplicationCommand{
			{Name: "ask", Description: "Ask", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "q", Required: true, Autocomplete: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "other", Description: "o", Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "a", Value: "a"}}},
			}},
			{Type: discordgo.MessageApplicationCommand, Name: "Find answer"},
		}
	}
	tests := []struct {
		name   string
		mutate func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand
		want   string
	}{
		{"valid", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand { return cs }, ""},
		{"nil", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand { return append(cs, nil) }, "is nil"},
		{"uppercase", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Name = "Ask"
			return cs
		}, "lowercase"},
		{"space", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Name = "a b"
			return cs
		}, "1-32 letters"},
		{"long name", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Name = strings.Repeat("a", 33)
			return cs
		}, "1-32 letters"},
		{"duplicate", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			return append(cs, &discordgo.ApplicationCommand{Name: "ask", Description: "x"})
		}, "defined twice"},
		{"no description", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Description = ""
			return cs
		}, "description: is empty"},
		{"long description", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Description = strings.Repeat("d", 101)
			return cs
		}, "description: is 101"},
		{"context description", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[1].Description = "x"
			return cs
		}, "have no description"},
		{"context options", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[1].Options = cs[0].Options
			return cs
		}, "have no options"},
		{"context name", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[1].Name = strings.Repeat("n", 33)
			return cs
		}, "name: is 33"},
		{"bad type", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand { cs[1].Type = 9; return cs }, "not a command type"},
		{"26 options", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			for i := range 24 {
				cs[0].Options = append(cs[0].Options, &discordgo.ApplicationCommandOption{Type: 3, Name: "o" + strings.Repeat("x", i), Description: "d"})
			}
			return cs
		}, "26 options, limit 25"},
		{"option name", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Options[0].Name = "Q"
			return cs
		}, "lowercase"},
		{"option repeated", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Options[1].Name = "question"
			return cs
		}, "repeats an earlier option"},
		{"option description", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Options[0].Description = ""
			return cs
		}, "description: is empty"},
		{"required after optional", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Options[1].Required, cs[0].Options[0].Required = true, false
			return cs
		}, "before optional"},
		{"autocomplete and choices", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Options[1].Autocomplete = true
			return cs
		}, "mutually exclusive"},
		{"26 choices", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			for range 25 {
				cs[0].Options[1].Choices = append(cs[0].Options[1].Choices, &discordgo.ApplicationCommandOptionChoice{Name: "c", Value: "c"})
			}
			return cs
		}, "26 choices, limit 25"},
		{"choice name", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Options[1].Choices[0].Name = strings.Repeat("c", 101)
			return cs
		}, "name: is 101"},
		{"max length", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			cs[0].Options[0].MaxLength = 6001
			return cs
		}, "outside 0..6000"},
		{"too many context menus", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			for i := range 5 {
				cs = append(cs, &discordgo.ApplicationCommand{Type: discordgo.MessageApplicationCommand, Name: strings.Repeat("m", i+1)})
			}
			return cs
		}, "limit 5"},
		{"total", func(cs []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
			for i := range 20 {
				cs[0].Options = append(cs[0].Options, &discordgo.ApplicationCommandOption{Type: 3, Name: "o" + strings.Repeat("x", i), Description: strings.Repeat("d", 100),
					Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: strings.Repeat("c", 100), Value: "v"}}})
			}
			return cs
		}, "limit 4000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCommands(tt.mutate(validCmds()))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckCommands() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("CheckCommands() = %v, want a violation containing %q", err, tt.want)
			}
		})
	}
}

// chatNameRule is Discord's documented pattern, which isChatName follows.
var chatNameRule = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

func FuzzIsChatName(f *testing.F) {
	for _, s := range []string{"ask", "irbot-admin", "find_answer", "", "Ask Me", "é", "٣", strings.Repeat("a", 33), "\xff", "a\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isChatName(s), chatNameRule.MatchString(s); got != want {
			t.Errorf("isChatName(%q) = %v, Discord's pattern says %v", s, got, want)
		}
	})
}
