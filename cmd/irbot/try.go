package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/irbot/irbot/feedback"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot"
	"github.com/irbot/irbot/bot/responder"
	"golang.org/x/term"
)

// tryHelp explains the lines `irbot try` understands.
const tryHelp = `usage: irbot try [--json] ['LINE']

Renders the bot's reply to one line, as a user would type it in Discord, or
with no LINE reads lines from standard input until EOF or "quit".

Lines:
  /ask how long is IR residency?          the first option, as typed
  /ask question:how long is IR residency? options by name (values may have spaces)
  /pathway name:esir
  /faq   /guide   /about
  complete /ask how lo                    autocomplete the last option given
  click irbot:compare                     press a button (a custom_id)
  click irbot:open <value>                choose a value in a select menu
  find does anyone know how long IR is?   "Find answer" on a message with that text

Flags:
`

// The invoking user and place of a simulated interaction: a guild member,
// as most interactions are.
const (
	tryUserID    = "100000000000000001"
	tryGuildID   = "100000000000000002"
	tryChannelID = "100000000000000003"
	tryAppID     = "100000000000000004"
)

func runTry(ctx context.Context, cfg Config, e env) error {
	fs := newFlagSet("try", e)
	asJSON := fs.Bool("json", false, "print the exact interaction response JSON Discord would receive")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), tryHelp)
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, e.args); err != nil {
		return err
	}
	kb, x, err := openKnowledge(cfg, cfg.newLogger(e.stderr))
	if err != nil {
		return err
	}
	defer x.Close()
	opts := bot.Options{Public: cfg.DefaultVisibility == "public", Version: buildVersion()}
	if cfg.Feedback {
		// Replies show their Helpful and Not quite buttons as they would
		// live; try records nothing.
		opts.Feedback = discard{}
		opts.Retention = cfg.Retention
	}
	b := bot.New(kb, x, opts, cfg.newLogger(e.stderr))
	t := &trySession{bot: b, defs: b.Commands(), json: *asJSON, out: e.stdout}

	if fs.NArg() > 0 {
		return t.line(ctx, strings.Join(fs.Args(), " "))
	}
	return t.interactive(ctx, e.stdin, e.stderr)
}

// discard is the recorder of irbot try: it keeps nothing.
type discard struct{}

func (discard) Answer(feedback.Answer)             {}
func (discard) Vote(string, string, feedback.Vote) {}
func (discard) Opened(answerID, passageID string)  {}

// trySession answers lines with one bot.
type trySession struct {
	bot  *bot.Bot
	defs []*discordgo.ApplicationCommand
	json bool
	out  io.Writer
}

// line answers one line, or says why it cannot be read.
func (t *trySession) line(ctx context.Context, line string) error {
	l, err := parseTryLine(line, t.defs)
	if err != nil {
		return tryUsageError{err.Error()}
	}
	resp, err := t.bot.Handle(ctx, l.interaction(t.defs))
	if resp == nil {
		return fmt.Errorf("no reply: %v", err)
	}
	if t.json {
		// Encoded as the runners send it, then indented.
		raw, err := responder.Marshal(resp)
		var js bytes.Buffer
		if err == nil {
			err = json.Indent(&js, raw, "", "  ")
		}
		if err != nil {
			return fmt.Errorf("encode reply: %w", err)
		}
		fmt.Fprintf(t.out, "%s\n", js.Bytes())
		return nil
	}
	renderTry(t.out, resp)
	return nil
}

// interactive answers lines from in until EOF or "quit". A line it cannot
// read is reported and skipped.
func (t *trySession) interactive(ctx context.Context, in io.Reader, errOut io.Writer) error {
	prompt := isTerminal(in)
	if prompt {
		fmt.Fprintln(t.out, `Type a command as in Discord (e.g. /pathway esir), "help", or "quit".`)
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		if prompt {
			fmt.Fprint(t.out, "irbot> ")
		}
		if !sc.Scan() {
			break
		}
		line := strings.TrimSpace(sc.Text())
		switch strings.ToLower(line) {
		case "":
			continue
		case "quit", "exit", "q":
			return nil
		case "help", "?":
			fmt.Fprint(t.out, tryHelp)
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		if err := t.line(ctx, line); err != nil {
			fmt.Fprintf(errOut, "irbot try: %v\n", err)
		}
		fmt.Fprintln(t.out)
		if err := ctx.Err(); err != nil {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	return nil
}

// isTerminal reports whether r is a terminal a person types at. A
// character device is not enough: /dev/null, the stdin systemd and Docker
// give a service, is one too (golang.org/x/term asks the terminal driver).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// tryUsageError is a line `irbot try` cannot read: the command exits 2.
type tryUsageError struct{ msg string }

func (e tryUsageError) Error() string        { return e.msg }
func (e tryUsageError) Is(target error) bool { return target == errUsage }

// tryKind is what a line simulates.
type tryKind int

const (
	trySlash    tryKind = iota // a slash command
	tryComplete                // typing into an option with autocomplete
	tryClick                   // a button or select
	tryFind                    // the "Find answer" message command
)

// tryOption is one option as typed.
type tryOption struct{ name, value string }

// tryLine is one parsed line.
type tryLine struct {
	kind     tryKind
	name     string      // the command
	options  []tryOption // in the order typed
	customID string      // for a click
	values   []string    // for a select
	text     string      // for Find answer
}

// namedOption matches "name:" at the start of a word.
var namedOption = regexp.MustCompile(`(^|\s)([\p{L}\p{N}_-]{1,32}):`)

// parseTryLine reads a line as a user would type it. defs tell it each
// command's options: "/ask how long" fills the first, and "name:" splits
// values only at names the command has, so a value may contain colons.
func parseTryLine(line string, defs []*discordgo.ApplicationCommand) (tryLine, error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return tryLine{}, fmt.Errorf("empty line: type a command such as /pathway esir")
	}
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "click":
		id, value, _ := strings.Cut(rest, " ")
		if id == "" {
			return tryLine{}, fmt.Errorf("click needs a custom_id, e.g. click irbot:compare")
		}
		l := tryLine{kind: tryClick, customID: id}
		if v := strings.TrimSpace(value); v != "" {
			l.values = []string{v}
		}
		return l, nil
	case "find":
		return tryLine{kind: tryFind, name: "Find answer", text: rest}, nil
	case "complete":
		if !strings.HasPrefix(rest, "/") {
			return tryLine{}, fmt.Errorf("complete needs a slash command, e.g. complete /ask how lo")
		}
		l, err := parseSlash(rest, defs)
		l.kind = tryComplete
		return l, err
	}
	if !strings.HasPrefix(line, "/") {
		return tryLine{}, fmt.Errorf("cannot read %q: start with a slash command (/ask, /pathway, /faq, /guide, /about), click, complete or find", shortLine(line))
	}
	return parseSlash(line, defs)
}

// parseSlash reads "/name [value | opt:value ...]".
func parseSlash(line string, defs []*discordgo.ApplicationCommand) (tryLine, error) {
	name, rest, _ := strings.Cut(strings.TrimPrefix(line, "/"), " ")
	name = strings.ToLower(strings.TrimSpace(name))
	rest = strings.TrimSpace(rest)
	if name == "" {
		return tryLine{}, fmt.Errorf("a command name must follow the /, e.g. /ask")
	}
	l := tryLine{kind: trySlash, name: name}
	def := findDef(defs, name)
	if rest == "" {
		return l, nil
	}
	known := map[string]bool{}
	if def != nil {
		for _, o := range def.Options {
			known[o.Name] = true
		}
	}
	// Split at "name:" for names the command has.
	var cuts [][2]int // start of "name:", start of its value
	for _, m := range namedOption.FindAllStringSubmatchIndex(rest, -1) {
		if known[strings.ToLower(rest[m[4]:m[5]])] {
			cuts = append(cuts, [2]int{m[4], m[1]})
		}
	}
	if len(cuts) == 0 || strings.TrimSpace(rest[:cuts[0][0]]) != "" {
		// A bare value fills the first option.
		if def == nil || len(def.Options) == 0 {
			return tryLine{}, fmt.Errorf("/%s takes no options, but the line gives %q", name, shortLine(rest))
		}
		l.options = append(l.options, tryOption{def.Options[0].Name, unquote(rest)})
		return l, nil
	}
	for i, c := range cuts {
		end := len(rest)
		if i+1 < len(cuts) {
			end = cuts[i+1][0]
		}
		l.options = append(l.options, tryOption{strings.ToLower(rest[c[0] : c[1]-1]), unquote(strings.TrimSpace(rest[c[1]:end]))})
	}
	return l, nil
}

// unquote strips one pair of matching quotes around a value.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

func shortLine(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func findDef(defs []*discordgo.ApplicationCommand, name string) *discordgo.ApplicationCommand {
	for _, d := range defs {
		if d.Name == name && (d.Type == 0 || d.Type == discordgo.ChatApplicationCommand) {
			return d
		}
	}
	return nil
}

// interaction builds what Discord would send for the line: from a guild
// member, options typed as the command defines them.
func (l tryLine) interaction(defs []*discordgo.ApplicationCommand) *discordgo.Interaction {
	i := &discordgo.Interaction{
		ID: "100000000000000010", AppID: tryAppID, GuildID: tryGuildID, ChannelID: tryChannelID,
		Member: &discordgo.Member{User: &discordgo.User{ID: tryUserID, Username: "you"}},
		Locale: discordgo.EnglishUS, Token: "try", Version: 1,
	}
	switch l.kind {
	case tryClick:
		i.Type = discordgo.InteractionMessageComponent
		ct := discordgo.ButtonComponent
		if len(l.values) > 0 {
			ct = discordgo.SelectMenuComponent
		}
		i.Data = discordgo.MessageComponentInteractionData{CustomID: l.customID, ComponentType: ct, Values: l.values}
	case tryFind:
		i.Type = discordgo.InteractionApplicationCommand
		msg := &discordgo.Message{ID: "100000000000000020", ChannelID: tryChannelID, Content: l.text, Author: &discordgo.User{ID: "100000000000000021"}}
		i.Data = discordgo.ApplicationCommandInteractionData{
			Name: l.name, CommandType: discordgo.MessageApplicationCommand, TargetID: msg.ID,
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{msg.ID: msg}},
		}
	default:
		i.Type = discordgo.InteractionApplicationCommand
		data := discordgo.ApplicationCommandInteractionData{Name: l.name, CommandType: discordgo.ChatApplicationCommand}
		def := findDef(defs, l.name)
		for _, o := range l.options {
			data.Options = append(data.Options, typedOption(def, o))
		}
		if l.kind == tryComplete {
			i.Type = discordgo.InteractionApplicationCommandAutocomplete
			if len(data.Options) == 0 && def != nil && len(def.Options) > 0 {
				data.Options = append(data.Options, typedOption(def, tryOption{def.Options[0].Name, ""}))
			}
			if n := len(data.Options); n > 0 {
				data.Options[n-1].Focused = true
				data.Options[n-1].Type = discordgo.ApplicationCommandOptionString // autocomplete sends what was typed
				data.Options[n-1].Value = l.lastValue()
			}
		}
		i.Data = data
	}
	return i
}

func (l tryLine) lastValue() string {
	if n := len(l.options); n > 0 {
		return l.options[n-1].value
	}
	return ""
}

// typedOption gives an option the type its definition says, as Discord
// would: numbers as float64, booleans as bool, anything else as text.
func typedOption(def *discordgo.ApplicationCommand, o tryOption) *discordgo.ApplicationCommandInteractionDataOption {
	opt := &discordgo.ApplicationCommandInteractionDataOption{Name: o.name, Type: discordgo.ApplicationCommandOptionString, Value: o.value}
	if def == nil {
		return opt
	}
	for _, d := range def.Options {
		if d.Name != o.name {
			continue
		}
		switch d.Type {
		case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
			if f, err := strconv.ParseFloat(o.value, 64); err == nil {
				opt.Type, opt.Value = d.Type, f
			}
		case discordgo.ApplicationCommandOptionBoolean:
			if v, err := strconv.ParseBool(o.value); err == nil {
				opt.Type, opt.Value = d.Type, v
			}
		}
	}
	return opt
}

var (
	tryBold    = regexp.MustCompile(`\*\*(.+?)\*\*`)
	tryItalic  = regexp.MustCompile(`(^|[\s(])\*([^*\n]+?)\*`)
	tryEscaped = regexp.MustCompile(`\\([^\p{L}\p{N}\s])`)
)

// plain turns Discord markdown into terminal text.
func plain(s string) string {
	s = tryBold.ReplaceAllString(s, "$1")
	s = tryItalic.ReplaceAllString(s, "$1$2")
	return tryEscaped.ReplaceAllString(s, "$1")
}

// renderTry prints a reply as readable text: who sees it (or that it
// replaces the message clicked), the content,
// each embed, the buttons and menus with the line that clicks them, or the
// autocomplete choices.
func renderTry(w io.Writer, resp *discordgo.InteractionResponse) {
	d := resp.Data
	switch resp.Type {
	case discordgo.InteractionResponsePong:
		fmt.Fprintln(w, "(pong)")
		return
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if d == nil || len(d.Choices) == 0 {
			fmt.Fprintln(w, "(no suggestions)")
			return
		}
		fmt.Fprintf(w, "%d suggestion(s):\n", len(d.Choices))
		for _, c := range d.Choices {
			v := fmt.Sprint(c.Value)
			if v == c.Name {
				fmt.Fprintf(w, "  %s\n", c.Name)
			} else {
				fmt.Fprintf(w, "  %s  (value: %s)\n", c.Name, v)
			}
		}
		return
	}
	if d == nil {
		fmt.Fprintf(w, "(response type %d with no message)\n", resp.Type)
		return
	}
	if resp.Type == discordgo.InteractionResponseUpdateMessage {
		fmt.Fprintln(w, "[updates the message clicked, in place]")
	} else if d.Flags&discordgo.MessageFlagsEphemeral != 0 {
		fmt.Fprintln(w, "[ephemeral: only you can see this]")
	} else {
		fmt.Fprintln(w, "[public: everyone in the channel sees this]")
	}
	if d.Content != "" {
		fmt.Fprintln(w, plain(d.Content))
	}
	for _, e := range d.Embeds {
		fmt.Fprintln(w)
		if e.Author != nil && e.Author.Name != "" {
			fmt.Fprintln(w, e.Author.Name)
		}
		if e.Title != "" {
			fmt.Fprintln(w, "# "+e.Title)
		}
		if e.Description != "" {
			fmt.Fprintln(w, plain(e.Description))
		}
		for _, f := range e.Fields {
			fmt.Fprintln(w)
			fmt.Fprintln(w, "## "+plain(f.Name))
			fmt.Fprintln(w, indent(plain(f.Value), "   "))
		}
		if e.Footer != nil && e.Footer.Text != "" {
			fmt.Fprintln(w)
			fmt.Fprintln(w, "— "+e.Footer.Text)
		}
	}
	for _, c := range d.Components {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		fmt.Fprintln(w)
		for _, in := range row.Components {
			switch v := in.(type) {
			case discordgo.Button:
				fmt.Fprintf(w, "%-40s  click %s\n", "["+v.Label+"]", v.CustomID)
			case discordgo.SelectMenu:
				fmt.Fprintf(w, "▾ %s\n", v.Placeholder)
				for _, o := range v.Options {
					fmt.Fprintf(w, "  • %-58s  click %s %s\n", o.Label, v.CustomID, o.Value)
				}
			}
		}
	}
}

func indent(s, by string) string {
	return by + strings.ReplaceAll(s, "\n", "\n"+by)
}
