package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot"
	"github.com/irbot/irbot/bot/limits"
)

// tryDefs are the real command definitions the line parser reads.
func tryDefs(tb testing.TB) []*discordgo.ApplicationCommand {
	tb.Helper()
	return bot.New(nil, nil, bot.Options{}, nil).Commands()
}

func TestParseTryLine(t *testing.T) {
	defs := tryDefs(t)
	tests := []struct {
		line    string
		want    tryLine
		wantErr string
	}{
		{"/about", tryLine{kind: trySlash, name: "about"}, ""},
		{"  /ABOUT  ", tryLine{kind: trySlash, name: "about"}, ""},
		{"/pathway esir", tryLine{kind: trySlash, name: "pathway", options: []tryOption{{"name", "esir"}}}, ""},
		{"/ask how long is IR residency?", tryLine{kind: trySlash, name: "ask", options: []tryOption{{"question", "how long is IR residency?"}}}, ""},
		{"/ask question:how long is IR residency?", tryLine{kind: trySlash, name: "ask", options: []tryOption{{"question", "how long is IR residency?"}}}, ""},
		{"/ask question: what is ESIR: an option?", tryLine{kind: trySlash, name: "ask", options: []tryOption{{"question", "what is ESIR: an option?"}}}, ""},
		{`/ask question:"quoted value"`, tryLine{kind: trySlash, name: "ask", options: []tryOption{{"question", "quoted value"}}}, ""},
		{"/ask ESIR: what is it", tryLine{kind: trySlash, name: "ask", options: []tryOption{{"question", "ESIR: what is it"}}}, ""},
		{"/pathway name:dr first", tryLine{kind: trySlash, name: "pathway", options: []tryOption{{"name", "dr first"}}}, ""},
		{"/faq", tryLine{kind: trySlash, name: "faq"}, ""},
		{"/guide section:Research Requirements", tryLine{kind: trySlash, name: "guide", options: []tryOption{{"section", "Research Requirements"}}}, ""},
		{"/nosuch value", tryLine{kind: trySlash, name: "nosuch"}, "takes no options"},
		{"/nosuch", tryLine{kind: trySlash, name: "nosuch"}, ""},
		{"/about extra words", tryLine{}, "/about takes no options"},
		{"complete /ask how lo", tryLine{kind: tryComplete, name: "ask", options: []tryOption{{"question", "how lo"}}}, ""},
		{"complete /pathway", tryLine{kind: tryComplete, name: "pathway"}, ""},
		{"click irbot:compare", tryLine{kind: tryClick, customID: "irbot:compare"}, ""},
		{"click irbot:open faq-x", tryLine{kind: tryClick, customID: "irbot:open", values: []string{"faq-x"}}, ""},
		{"find how long is IR?", tryLine{kind: tryFind, name: "Find answer", text: "how long is IR?"}, ""},
		{"find", tryLine{kind: tryFind, name: "Find answer"}, ""},
		{"", tryLine{}, "empty line"},
		{"/", tryLine{}, "a command name must follow"},
		{"click", tryLine{}, "click needs a custom_id"},
		{"complete how", tryLine{}, "complete needs a slash command"},
		{"how long is IR residency?", tryLine{}, "start with a slash command"},
	}
	for _, tt := range tests {
		got, err := parseTryLine(tt.line, defs)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseTryLine(%q) error = %v, want %q", tt.line, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseTryLine(%q) error = %v", tt.line, err)
			continue
		}
		if !equalLines(got, tt.want) {
			t.Errorf("parseTryLine(%q) = %+v, want %+v", tt.line, got, tt.want)
		}
	}
}

func equalLines(a, b tryLine) bool {
	if a.kind != b.kind || a.name != b.name || a.customID != b.customID || a.text != b.text || len(a.options) != len(b.options) || len(a.values) != len(b.values) {
		return false
	}
	for i := range a.options {
		if a.options[i] != b.options[i] {
			return false
		}
	}
	for i := range a.values {
		if a.values[i] != b.values[i] {
			return false
		}
	}
	return true
}

// FuzzParseTryLine: any line either parses into an interaction the bot
// answers within the limits, or is refused with a message.
func FuzzParseTryLine(f *testing.F) {
	for _, s := range []string{
		"/ask how long is IR residency?", "/ask question:x question:y", "/pathway name:", "complete /ask", "click irbot:open x",
		"click", "find", "/", "//", "/ask question:\"", "/ask \xff", "complete /nosuch a:b", "/guide section:a section:b",
	} {
		f.Add(s)
	}
	defs := tryDefs(f)
	b := bot.New(nil, nil, bot.Options{}, nil)
	f.Fuzz(func(t *testing.T, line string) {
		l, err := parseTryLine(line, defs)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("parseTryLine(%q): empty error", line)
			}
			return
		}
		resp, _ := b.Handle(context.Background(), l.interaction(defs))
		if err := limits.Check(resp); err != nil {
			t.Fatalf("parseTryLine(%q): reply breaks limits: %v", line, err)
		}
	})
}

// tryRun runs `irbot try` with args and stdin, returning exit code and
// output.
func tryRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{
		args:   append([]string{"try"}, args...),
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: func(string) string { return "" },
	}
	code := run(context.Background(), e)
	return code, out.String(), errOut.String()
}

// decodeResponse reads an interaction response as Discord would, with its
// components decoded by type.
func decodeResponse(t *testing.T, js []byte) *discordgo.InteractionResponse {
	t.Helper()
	var raw struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data *struct {
			discordgo.InteractionResponseData
			Components []json.RawMessage `json:"components"`
		} `json:"data"`
	}
	if err := json.Unmarshal(js, &raw); err != nil {
		t.Fatalf("decode %s: %v", js, err)
	}
	resp := &discordgo.InteractionResponse{Type: raw.Type}
	if raw.Data != nil {
		d := raw.Data.InteractionResponseData
		d.Components = []discordgo.MessageComponent{}
		for _, c := range raw.Data.Components {
			mc, err := discordgo.MessageComponentFromJSON(c)
			if err != nil {
				t.Fatalf("decode component %s: %v", c, err)
			}
			if row, ok := mc.(*discordgo.ActionsRow); ok {
				mc = *row
			}
			d.Components = append(d.Components, mc)
		}
		resp.Data = &d
	}
	return resp
}

// TestTryJSON is the check an admin can run by hand: `irbot try --json`
// prints payloads within Discord's limits that ping no one.
func TestTryJSON(t *testing.T) {
	for _, line := range []string{
		"/pathway esir", "/pathway integrated", "/pathway independent", "/pathway compare",
		"/ask how long is IR residency?", "/faq", "/guide", "/about", "complete /ask how lo", "click irbot:compare",
		"find how long is IR residency?",
	} {
		code, out, errOut := tryRun(t, "", "--json", line)
		if code != 0 {
			t.Fatalf("irbot try --json %q: exit %d, stderr %s", line, code, errOut)
		}
		resp := decodeResponse(t, []byte(out))
		if err := limits.Check(resp); err != nil {
			t.Errorf("irbot try --json %q: %v", line, err)
		}
		if resp.Type == discordgo.InteractionResponseChannelMessageWithSource && !strings.Contains(out, `"parse": []`) {
			t.Errorf("irbot try --json %q: no \"parse\": [] in\n%s", line, out)
		}
	}
}

func TestTryText(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"/pathway esir", []string{"[ephemeral: only you can see this]", "# Early Specialization in IR (ESIR)", "Sources: ¹", "[Timeline]", "click irbot:pathway:esir:timeline", "[Share]", "click irbot:compare"}},
		{"/ask how long is IR residency?", []string{"“how long is IR residency?”\n# How long is an interventional radiology residency?", "six years", "— Interventional Radiology Residency Guide › FAQ · updated 2025-11-26", "[Share]", "▾ Related sections…"}},
		{"complete /pathway dr f", []string{"suggestion", "Independent IR Residency", "(value: independent)"}},
		{"click irbot:pathway:esir:timeline", []string{"[updates the message clicked, in place]", "# Early Specialization in IR (ESIR) — Timeline", "▾ Read a cited section"}},
		{"click irbot:share:compare", []string{"[public: everyone in the channel sees this]", "Asked by <@" + tryUserID + ">"}},
		{"click irbot:post:compare", []string{"[public: everyone in the channel sees this]", "Asked by <@" + tryUserID + ">"}},
		{"click irbot:nonsense", []string{"That button is out of date"}},
	}
	for _, tt := range tests {
		code, out, errOut := tryRun(t, "", tt.line)
		if code != 0 {
			t.Fatalf("irbot try %q: exit %d, stderr %s", tt.line, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("irbot try %q lacks %q:\n%s", tt.line, w, out)
			}
		}
		if strings.Contains(out, "**") {
			t.Errorf("irbot try %q shows markdown:\n%s", tt.line, out)
		}
	}
}

func TestTryBadLine(t *testing.T) {
	code, out, errOut := tryRun(t, "", "how long is IR?")
	if code != 2 || out != "" || !strings.Contains(errOut, "start with a slash command") {
		t.Errorf("irbot try 'how long is IR?' = %d, %q, %q; want exit 2 and a hint", code, out, errOut)
	}
	code, _, errOut = tryRun(t, "", "--nope")
	if code != 2 || !strings.Contains(errOut, "flag provided but not defined") {
		t.Errorf("irbot try --nope = %d, %q", code, errOut)
	}
}

func TestTryInteractive(t *testing.T) {
	in := "/pathway esir\n\n# a comment\nnonsense line\nclick irbot:compare\nquit\n/about\n"
	code, out, errOut := tryRun(t, in)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if !strings.Contains(out, "Early Specialization in IR (ESIR)") || !strings.Contains(out, "pathways compared") {
		t.Errorf("interactive output lacks the replies:\n%s", out)
	}
	if strings.Contains(out, "About irbot") {
		t.Error("interactive mode went on after quit")
	}
	if !strings.Contains(errOut, "start with a slash command") {
		t.Errorf("interactive mode did not report the bad line: %q", errOut)
	}
	if strings.Contains(out, "irbot> ") {
		t.Error("prompt printed when stdin is not a terminal")
	}
}
