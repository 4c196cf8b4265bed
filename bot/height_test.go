package bot

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/knowledge"
)

// How Discord lays a reply out, in lines of body text (about 22 px): an
// embed wraps at about 60 characters on a laptop's chat column and on a
// phone, a row of buttons or a menu takes about two lines, and 25 lines
// is what fits the 600 px of chat a 1366x768 laptop shows below its
// header (discord-view measured 531 to 599 px for replies this counts at
// 22 to 25 lines).
const (
	wrapWidth    = 60
	rowLines     = 2
	maxViewLines = 25
)

// markup is what Discord draws as nothing: emphasis markers and the
// backslashes that escape them.
var markup = regexp.MustCompile(`\*\*|\*|__|~~|\\`)

// wrapped is how many lines text takes at width characters a line.
func wrapped(text string, width int) int {
	if strings.TrimSpace(text) == "" {
		return 0
	}
	n := 0
	for _, line := range strings.Split(markup.ReplaceAllString(text, ""), "\n") {
		n += max(1, int(math.Ceil(float64(runeLen(line))/float64(width))))
	}
	return n
}

// viewLines counts the lines a reply takes: its content, each embed's
// author, title, description, fields (stacked, as on a phone) and footer
// with the embed's padding, and each row of components (a row of buttons
// wider than the column wraps onto another).
func viewLines(resp *discordgo.InteractionResponse) int {
	d := resp.Data
	if d == nil {
		return 0
	}
	n := wrapped(d.Content, wrapWidth)
	for _, e := range d.Embeds {
		n++ // padding above and below
		if e.Author != nil {
			n += wrapped(e.Author.Name, wrapWidth)
		}
		n += wrapped(e.Title, wrapWidth*5/6) // a title's letters are bigger
		n += wrapped(e.Description, wrapWidth)
		for _, f := range e.Fields {
			n += wrapped(f.Name, wrapWidth) + wrapped(f.Value, wrapWidth)
		}
		if e.Footer != nil {
			n += wrapped(e.Footer.Text, wrapWidth*6/5) // a footer's are smaller
		}
	}
	for _, c := range d.Components {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		width := 0
		for _, x := range row.Components {
			if b, ok := x.(discordgo.Button); ok {
				width += runeLen(b.Label) + 6 // padding and the gap
				if b.Emoji != nil {
					width += 3
				}
			} else {
				width = wrapWidth // a menu fills its row
			}
		}
		n += rowLines * max(1, int(math.Ceil(float64(width)/float64(wrapWidth))))
	}
	return n
}

// TestFirstViewsFit renders every command's first view over the real
// guide and index, and the views one click from them, and checks that
// each fits a laptop's chat without scrolling: at most maxViewLines.
func TestFirstViewsFit(t *testing.T) {
	b := newRealBot(t, Options{Feedback: &fakeRecorder{}})
	kb := guide(t)
	views := map[string]*discordgo.Interaction{
		"/guide": slash("guide"), "/faq": slash("faq"), "/about": slash("about"),
		"/pathway compare": slash("pathway", "name", "compare"),
		"find answer":      loadInteraction(t, "message_find_answer.json"),
	}
	for _, q := range []string{
		"how long is IR residency?", "how do I keep my board certification", "what is ESIR?",
		"how competitive is IR", "what does IR even do lol", "how many IR spots are there this cycle",
		"sushi restaurants downtown", "What are the top IR residency programs in the United States?",
	} {
		views["/ask "+q] = slash("ask", "question", q)
	}
	for _, p := range kb.Pathways {
		views["/pathway "+p.Key] = slash("pathway", "name", p.Key)
		for _, pt := range pathwayParts {
			if pt.has(p) {
				views["click pathway "+p.Key+" "+pt.key] = click("irbot:pathway:" + p.Key + ":" + pt.key)
			}
		}
	}
	for _, p := range kb.Passages {
		if len(p.Path) == 0 {
			views["click chapter "+p.ID] = click("irbot:toc", p.ID)
		}
		if p.Kind == knowledge.KindFAQ {
			views["/faq "+p.Title] = slash("faq", "question", p.ID)
		}
	}
	for name, i := range views {
		resp := mustHandle(t, b, i)
		if n := viewLines(resp); n > maxViewLines {
			t.Errorf("%s takes %d lines, want at most %d:\n%s", name, n, maxViewLines, flatten(resp))
		}
	}
}

// TestViewLines checks the count against replies whose layout is known.
func TestViewLines(t *testing.T) {
	line := strings.Repeat("word ", 12) // exactly 60 characters
	for _, tt := range []struct {
		name string
		rp   reply
		want int
	}{
		{"content", reply{content: "hi", private: true}, 1},
		{"wrapping", reply{content: line + "x", private: true}, 2},
		{"bold is invisible", reply{content: "**" + strings.TrimSpace(line) + "**", private: true}, 1},
		{"embed", reply{embeds: []*discordgo.MessageEmbed{{Title: "T", Description: "a\nb", Footer: &discordgo.MessageEmbedFooter{Text: "f"}}}, private: true}, 1 + 1 + 2 + 1},
		{"a button row", reply{content: "x", buttons: [][]discordgo.Button{{button("A", "irbot:a", discordgo.PrimaryButton)}}, private: true}, 1 + rowLines},
		{"a wide button row wraps", reply{content: "x", buttons: [][]discordgo.Button{{
			button(strings.Repeat("L", 30), "irbot:a", 1), button(strings.Repeat("L", 30), "irbot:b", 1)}}, private: true}, 1 + 2*rowLines},
	} {
		if got := viewLines(finish(tt.rp, false)); got != tt.want {
			t.Errorf("%s: viewLines = %d, want %d", tt.name, got, tt.want)
		}
	}
}
