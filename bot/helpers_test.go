package bot

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// fakeSearcher is a small, predictable stand-in for the index: a passage
// scores one point per question word in its body and two per word in its
// title, and the answer is confident when the best passage holds half the
// question's words. Tests that need the real ranking use the real index.
type fakeSearcher struct {
	passages []knowledge.Passage
	err      error // returned by every call when set
	panics   bool  // every call panics when set
	// confidence, when set, is the confidence of every search that finds
	// something.
	confidence index.Confidence
}

var fakeStop = map[string]bool{
	"the": true, "and": true, "what": true, "how": true, "does": true, "for": true, "are": true, "is": true,
	"an": true, "a": true, "of": true, "to": true, "in": true, "about": true, "with": true, "you": true,
	"your": true, "can": true, "that": true, "this": true, "there": true, "know": true, "anyone": true, "do": true,
	"https": true, "http": true, "www": true,
}

func fakeWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), notWord) {
		if len(w) >= 2 && !fakeStop[w] {
			out = append(out, w)
		}
	}
	return out
}

func (f *fakeSearcher) Search(_ context.Context, q string, limit int) (index.Result, error) {
	if f.panics {
		panic("fake searcher: boom")
	}
	if f.err != nil {
		return index.Result{}, f.err
	}
	words := fakeWords(q)
	var hits []index.Hit
	for _, p := range f.passages {
		title, body := map[string]bool{}, map[string]bool{}
		for _, w := range fakeWords(p.Title) {
			title[w] = true
		}
		for _, w := range fakeWords(p.Body) {
			body[w] = true
		}
		score, terms := 0.0, map[string]bool{}
		for _, w := range words {
			if title[w] || body[w] {
				score += 10 // distinct words matched count most
			}
			if title[w] {
				score += 2
			}
			if body[w] {
				score++
				terms[w] = true
			}
		}
		if score == 0 {
			continue
		}
		plain := strings.Join(strings.Fields(strings.NewReplacer("- ", "", "> ", "", "|", " ").Replace(p.Body)), " ")
		snip, _ := cut(plain, 200)
		snip, _, _ = highlight(snip, terms)
		hits = append(hits, index.Hit{Passage: p, Score: score, Snippet: snip})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	switch {
	case len(hits) == 0:
		return index.Result{Confidence: index.None, Reason: index.NoSubject}, nil
	case f.confidence != "":
		return index.Result{Confidence: f.confidence, Reason: index.Answered, Hits: hits}, nil
	case hits[0].Score >= 10*float64(len(words))/2:
		return index.Result{Confidence: index.High, Reason: index.Answered, Hits: hits}, nil
	}
	return index.Result{Confidence: index.Low, Reason: index.Partial, Hits: hits}, nil
}

func (f *fakeSearcher) Complete(_ context.Context, typed string, kind knowledge.Kind, limit int) ([]knowledge.Passage, error) {
	if f.panics {
		panic("fake searcher: boom")
	}
	if f.err != nil {
		return nil, f.err
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []knowledge.Passage
	for _, p := range f.passages {
		if (kind == "" || p.Kind == kind) && strings.Contains(strings.ToLower(p.Title), typed) && len(out) < limit {
			out = append(out, p)
		}
	}
	return out, nil
}

var (
	defaultKB     *knowledge.Base
	defaultKBErr  error
	defaultKBOnce sync.Once
)

// guide loads the embedded guide once for all tests.
func guide(tb testing.TB) *knowledge.Base {
	tb.Helper()
	defaultKBOnce.Do(func() { defaultKB, defaultKBErr = knowledge.Default() })
	if defaultKBErr != nil {
		tb.Fatalf("knowledge.Default() = %v", defaultKBErr)
	}
	return defaultKB
}

// newTestBot is a bot over the embedded guide with the fake searcher.
func newTestBot(tb testing.TB, opts Options) *Bot {
	tb.Helper()
	kb := guide(tb)
	return New(kb, &fakeSearcher{passages: kb.Passages}, opts, nil)
}

// loadInteraction reads an interaction fixture from testdata/interactions.
func loadInteraction(tb testing.TB, name string) *discordgo.Interaction {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "interactions", name))
	if err != nil {
		tb.Fatal(err)
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(raw, &i); err != nil {
		tb.Fatalf("unmarshal %s: %v", name, err)
	}
	return &i
}

// mustHandle answers i and checks the reply against every Discord limit
// and irbot's no-ping rule, as every test reply must pass.
func mustHandle(tb testing.TB, b *Bot, i *discordgo.Interaction) *discordgo.InteractionResponse {
	tb.Helper()
	resp, _ := b.Handle(context.Background(), i)
	checkResponse(tb, resp)
	return resp
}

// checkResponse is the validator every reply goes through, and a check
// that the JSON Discord receives says "parse":[].
func checkResponse(tb testing.TB, resp *discordgo.InteractionResponse) {
	tb.Helper()
	if resp == nil {
		tb.Fatal("Handle returned a nil response")
	}
	if err := limits.Check(resp); err != nil {
		tb.Fatalf("reply breaks Discord's limits: %v\nreply: %s", err, jsonOf(tb, resp))
	}
	if resp.Type == discordgo.InteractionResponseChannelMessageWithSource || resp.Type == discordgo.InteractionResponseUpdateMessage {
		if js := jsonOf(tb, resp); !strings.Contains(js, `"allowed_mentions":{"parse":[]`) {
			tb.Fatalf(`reply JSON lacks "allowed_mentions":{"parse":[]: %s`, js)
		}
	}
}

func jsonOf(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("json.Marshal: %v", err)
	}
	return string(b)
}

// flatten is everything a reply shows or carries, as one string, without
// bold markers, for assertions.
func flatten(resp *discordgo.InteractionResponse) string {
	if resp == nil || resp.Data == nil {
		return ""
	}
	d := resp.Data
	var b strings.Builder
	w := func(s string) { b.WriteString(s + "\n") }
	w(d.Content)
	for _, e := range d.Embeds {
		if e.Author != nil {
			w(e.Author.Name)
		}
		w(e.Title)
		w(e.Description)
		for _, f := range e.Fields {
			w(f.Name)
			w(f.Value)
		}
		if e.Footer != nil {
			w(e.Footer.Text)
		}
	}
	for _, btn := range buttons(resp) {
		w("[" + btn.Label + "] " + btn.CustomID)
	}
	for _, s := range selects(resp) {
		w(s.CustomID + " " + s.Placeholder)
		for _, o := range s.Options {
			w(o.Label + " = " + o.Value)
		}
	}
	for _, c := range d.Choices {
		w(c.Name)
	}
	return strings.ReplaceAll(b.String(), "**", "")
}

func buttons(resp *discordgo.InteractionResponse) []discordgo.Button {
	var out []discordgo.Button
	for _, c := range resp.Data.Components {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, in := range row.Components {
				if btn, ok := in.(discordgo.Button); ok {
					out = append(out, btn)
				}
			}
		}
	}
	return out
}

func selects(resp *discordgo.InteractionResponse) []discordgo.SelectMenu {
	var out []discordgo.SelectMenu
	for _, c := range resp.Data.Components {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, in := range row.Components {
				if s, ok := in.(discordgo.SelectMenu); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func ephemeral(resp *discordgo.InteractionResponse) bool {
	return resp.Data != nil && resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0
}

// customIDs are every custom_id of a reply's components.
func customIDs(resp *discordgo.InteractionResponse) []string {
	var out []string
	for _, btn := range buttons(resp) {
		out = append(out, btn.CustomID)
	}
	for _, s := range selects(resp) {
		out = append(out, s.CustomID)
	}
	return out
}

// click is a component interaction from a guild member.
func click(customID string, values ...string) *discordgo.Interaction {
	ctype := discordgo.ButtonComponent
	if len(values) > 0 {
		ctype = discordgo.SelectMenuComponent
	}
	return &discordgo.Interaction{
		ID: "1", Type: discordgo.InteractionMessageComponent, GuildID: "1300000000000000050", ChannelID: "1300000000000000100",
		Member: &discordgo.Member{User: &discordgo.User{ID: "80351110224678912"}},
		Data:   discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: ctype, Values: values},
	}
}

// slash is a slash command from a guild member with string options given
// as name, value pairs.
func slash(name string, kv ...string) *discordgo.Interaction {
	return interaction(discordgo.InteractionApplicationCommand, name, "", kv...)
}

// typing is an autocomplete interaction with the given option focused.
func typing(name, option, typed string) *discordgo.Interaction {
	return interaction(discordgo.InteractionApplicationCommandAutocomplete, name, option, option, typed)
}

func interaction(t discordgo.InteractionType, name, focused string, kv ...string) *discordgo.Interaction {
	var opts []*discordgo.ApplicationCommandInteractionDataOption
	for i := 0; i+1 < len(kv); i += 2 {
		opts = append(opts, &discordgo.ApplicationCommandInteractionDataOption{
			Name: kv[i], Type: discordgo.ApplicationCommandOptionString, Value: kv[i+1], Focused: kv[i] == focused,
		})
	}
	return &discordgo.Interaction{
		ID: "1", Type: t, GuildID: "1300000000000000050", ChannelID: "1300000000000000100",
		Member: &discordgo.Member{User: &discordgo.User{ID: "80351110224678912"}},
		Data:   discordgo.ApplicationCommandInteractionData{Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts},
	}
}

var errBoom = errors.New("index unavailable")

// newFuzzBot is the bot the fuzzers drive: the real index, so that what
// users type reaches the real query parser too.
func newFuzzBot(tb testing.TB) *Bot {
	tb.Helper()
	return newRealBot(tb, Options{})
}
