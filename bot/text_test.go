package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  how   long\tis\nIR? ", "how long is IR?"},
		{"how\u200b long\u200d is\ufeff IR\u2060", "how long is IR"},
		{"\u202eevil\u202c text", "evil text"},
		{"a\x00b\x1bc", "a b c"},
		{"bad \xff utf8", "bad utf8"},
		{"כמה זמן", "כמה זמן"},
		{"🩻 x", "🩻 x"},
		{"", ""},
		{"\u200b\u200b", ""},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in, maxQuestion); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := cleanText(strings.Repeat("word ", 2000), maxQuestion); utf8.RuneCountInString(got) > maxQuestion {
		t.Errorf("cleanText(long) has %d runes, want <= %d", utf8.RuneCountInString(got), maxQuestion)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"@everyone", "@\u200beveryone"},
		{"@here", "@\u200bhere"},
		{"<@123>", "\\<@\u200b123\\>"},
		{"<@&1> <#2>", "\\<@\u200b&1\\> \\<\\#2\\>"},
		{"**bold** _it_ ~~s~~ `c` ||sp||", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\|"},
		{"> quote", `\> quote`},
		{"# head", `\# head`},
		{"-# sub", `\-\# sub`},
		{"[x](https://e.com)", `\[x\]\(https\://e.com\)`},
		{"line\nbreak", "line break"},
		{"plain words", "plain words"},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		want    string
		wantCut bool
	}{
		{"short", 10, "short", false},
		{"exactly10!", 10, "exactly10!", false},
		{"One sentence here. Another sentence that goes on.", 30, "One sentence here.…", true},
		{"words and more words and more", 20, "words and more…", true},
		{"averyveryverylongwordwithoutspaces", 10, "averyvery…", true},
		{"**bold words that** are cut", 12, "bold…", true},
		{"ééééé", 3, "éé…", true},
		{"abc", 1, "…", true},
		{"abc", 0, "", true},
	}
	for _, tt := range tests {
		got, c := cut(tt.in, tt.n)
		if got != tt.want || c != tt.wantCut {
			t.Errorf("cut(%q, %d) = %q, %v; want %q, %v", tt.in, tt.n, got, c, tt.want, tt.wantCut)
		}
		if utf8.RuneCountInString(got) > max(tt.n, 0) {
			t.Errorf("cut(%q, %d) = %q is too long", tt.in, tt.n, got)
		}
	}
}

func TestDiscordMarkdown(t *testing.T) {
	in := "Intro.\n\n| Procedure Type | Examples | Skill Level |\n| --- | --- | --- |\n| Vascular | Angioplasty, Stenting | Advanced |\n| Biopsy |  | Basic |\n\n### Sub\n\nAfter."
	want := "Intro.\n\n- **Vascular** — Examples: Angioplasty, Stenting · Skill Level: Advanced\n- **Biopsy** — Skill Level: Basic\n\n**Sub**\n\nAfter."
	if got := discordMarkdown(in); got != want {
		t.Errorf("discordMarkdown() =\n%s\nwant\n%s", got, want)
	}
	// A pipe in prose is not a table.
	if got := discordMarkdown("a | b"); got != "a | b" {
		t.Errorf("discordMarkdown(prose) = %q", got)
	}
}

func TestHighlight(t *testing.T) {
	terms := boldTerms("IR **residency** lasts six **years**, a one-**year** internship")
	tests := []struct{ in, want string }{
		{"IR residency lasts six years.", "IR **residency** lasts six **years**."},
		{"a one-year internship", "a one-**year** internship"},
		{"see https://x.org/years and [years](https://y) and `years`", "see https://x.org/years and [years](https://y) and `years`"},
		{"**years** already bold", "**years** already bold"},
		{"Residency", "**Residency**"},
	}
	for _, tt := range tests {
		if got, _, _ := highlight(tt.in, terms); got != tt.want {
			t.Errorf("highlight(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnswerText(t *testing.T) {
	short := knowledge.Passage{Body: "IR residency lasts six years. It starts with a one-year clinical internship."}
	long := knowledge.Passage{Body: strings.Repeat("Filler sentence about nothing much. ", 60) + "\n\nThe match is competitive. Applicants must stand out.\n\n- Match Rates: the share who match.\n- Applicant Pool: who applies.\n\n" + strings.Repeat("More filler follows here. ", 60)}
	tests := []struct {
		name    string
		hit     index.Hit
		want    []string
		wantCut bool
	}{
		{"short body whole", index.Hit{Passage: short, Snippet: "IR residency lasts **six** **years**."}, []string{"**IR residency lasts six years.** It starts", "clinical internship."}, false},
		{"bold where most terms are", index.Hit{Passage: short, Snippet: "a **one**-**year** **clinical** internship"}, []string{"IR residency lasts six years. **It starts with a one-year clinical internship.**"}, false},
		{"no snippet", index.Hit{Passage: short}, []string{"IR residency lasts six years."}, false},
		{"long body continues after snippet", index.Hit{Passage: long, Snippet: "The **match** is competitive. Applicants must stand out."},
			[]string{"**The match is competitive.** Applicants must stand out.", "- Match Rates"}, true},
		{"long body list snippet", index.Hit{Passage: long, Snippet: "Applicants must stand out. · **Match** Rates: the share who match."},
			[]string{"Applicants must stand out. · **Match Rates: the share who match.**", "- Applicant Pool"}, true},
		{"empty body", index.Hit{Passage: knowledge.Passage{}, Snippet: "x"}, []string{"x"}, false},
	}
	for _, tt := range tests {
		got, c := answerText(tt.hit, answerBudget)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: answerText() = %q, want it to contain %q", tt.name, got, w)
			}
		}
		if c != tt.wantCut || utf8.RuneCountInString(got) > answerBudget {
			t.Errorf("%s: cut = %v (len %d), want %v", tt.name, c, utf8.RuneCountInString(got), tt.wantCut)
		}
	}
}

func TestPages(t *testing.T) {
	para := strings.Repeat("A sentence of moderate length sits here. ", 30) // ~1230 runes
	body := strings.Join([]string{para, para, para, para, strings.Repeat("x", 5000)}, "\n\n")
	ps := pages(body, pageSize)
	if len(ps) < 3 {
		t.Fatalf("pages() = %d pages, want several", len(ps))
	}
	for i, p := range ps {
		if n := utf8.RuneCountInString(p); n > pageSize || n == 0 {
			t.Errorf("page %d has %d runes, want 1..%d", i, n, pageSize)
		}
		if i < len(ps)-1 && !strings.HasSuffix(p, "…") {
			t.Errorf("page %d does not end in …", i)
		}
	}
	if got := pages("", pageSize); len(got) != 1 || got[0] != "" {
		t.Errorf("pages(\"\") = %q", got)
	}
	if got := pages("short", pageSize); len(got) != 1 || got[0] != "short" {
		t.Errorf("pages(short) = %q", got)
	}
}

func TestCustomIDCodec(t *testing.T) {
	tests := []struct {
		in         string
		action     string
		arg        string
		wantErr    bool
		roundTrips bool
	}{
		{"irbot:compare", "compare", "", false, true},
		{"irbot:open:faq-x", "open", "faq-x", false, true},
		{"irbot:more:a:b:3", "more", "a:b:3", false, true},
		{"irbot:post:pathway:esir", "post", "pathway:esir", false, true},
		{"irbot:", "", "", true, false},
		{"irbot", "", "", true, false},
		{"other:open", "", "", true, false},
		{"irbot:" + strings.Repeat("x", 95), "", "", true, false},
		{"irbot:\xff", "", "", true, false},
	}
	for _, tt := range tests {
		got, err := parseCustomID(tt.in)
		if (err != nil) != tt.wantErr || got.action != tt.action || got.arg != tt.arg {
			t.Errorf("parseCustomID(%q) = %+v, %v; want %s %q err %v", tt.in, got, err, tt.action, tt.arg, tt.wantErr)
		}
		if tt.roundTrips && got.String() != tt.in {
			t.Errorf("parseCustomID(%q).String() = %q", tt.in, got.String())
		}
	}
	more := []struct {
		in   string
		id   string
		page int
		ok   bool
	}{
		{"faq-x:2", "faq-x", 2, true},
		{"a:b:0", "a:b", 0, true},
		{"faq-x", "", 0, false},
		{":1", "", 0, false},
		{"x:-1", "", 0, false},
		{"x:01", "", 0, false},
		{"x:1000", "", 0, false},
		{"x:+1", "", 0, false},
	}
	for _, tt := range more {
		id, page, ok := parseMoreArg(tt.in)
		if id != tt.id || page != tt.page || ok != tt.ok {
			t.Errorf("parseMoreArg(%q) = %q, %d, %v; want %q, %d, %v", tt.in, id, page, ok, tt.id, tt.page, tt.ok)
		}
	}
	// Every custom_id the bot builds for the longest passage ID fits.
	long := strings.Repeat("x", knowledge.MaxIDLen)
	for _, id := range []string{prefix + actPost + ":" + viewID(actMore, moreArg(long, 999)), prefix + viewID(actOpen, long)} {
		if !fits(id) {
			t.Errorf("custom_id %q (%d) does not fit", id, len(id))
		}
	}
}

func TestUserLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newUserLimiter(0.5, 2, func() time.Time { return now })
	steps := []struct {
		advance time.Duration
		user    string
		want    bool
	}{
		{0, "a", true}, {0, "a", true}, {0, "a", false}, {0, "b", true},
		{time.Second, "a", false}, {time.Second, "a", true}, {0, "a", false},
		{time.Hour, "a", true}, {0, "a", true}, {0, "a", false},
		{0, "", true}, {0, "", true}, {0, "", true},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := l.allow(s.user); got != s.want {
			t.Errorf("step %d: allow(%q) = %v, want %v", i, s.user, got, s.want)
		}
	}
}

// TestQuotesRender: a quote survives Discord's parser: a bare ">" line
// (a blank line inside a quote in CommonMark) is dropped rather than shown
// as ">", and a marker without its space gets one.
func TestQuotesRender(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"> “A saying.”\n>\n> — Someone", "> “A saying.”\n> — Someone"},
		{"Text.\n\n>\n\nMore.", "Text.\n\n\nMore."},
		{">No space", "> No space"},
		{">> nested", ">> nested"},
		{"a > b", "a > b"},
	} {
		if got := discordMarkdown(tt.in); got != tt.want {
			t.Errorf("discordMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBoldAnswer bolds the one sentence with the most terms, outside any
// list or quote marker, and leaves Markdown it could break alone.
func TestBoldAnswer(t *testing.T) {
	terms := map[string]bool{"six": true, "years": true, "internship": true}
	for _, tt := range []struct{ in, want string }{
		{"It lasts six years. Then more.", "**It lasts six years.** Then more."},
		{"Intro. Starts with an internship. Lasts six years in all.", "Intro. Starts with an internship. **Lasts six years in all.**"},
		{"- Six years: yes\n- no", "- **Six years: yes**\n- no"},
		{"> six years, quoted", "> **six years, quoted**"},
		{"It has *six* years.", "It has *six* years."},
		{"Nothing here.", "Nothing here."},
	} {
		if got := boldAnswer(tt.in, terms); got != tt.want {
			t.Errorf("boldAnswer(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzBoldAnswer: whatever the text and terms, bolding adds one pair of
// "**" around a sentence, or nothing.
func FuzzBoldAnswer(f *testing.F) {
	f.Add("It lasts six years. Then more.", "six years")
	f.Add("- a\n> b. c! d?", "b c")
	f.Fuzz(func(t *testing.T, text, words string) {
		terms := map[string]bool{}
		for _, w := range strings.FieldsFunc(words, notWord) {
			terms[strings.ToLower(w)] = true
		}
		got := boldAnswer(text, terms)
		if got == text {
			return
		}
		// Taking out the first two places got adds "**" gives text back.
		rest := got
		for range 2 {
			i := diverge(rest, text)
			if !strings.HasPrefix(rest[i:], "**") {
				t.Fatalf("boldAnswer(%q, %q) = %q: not a pair of ** added", text, words, got)
			}
			rest = rest[:i] + rest[i+2:]
		}
		if rest != text {
			t.Fatalf("boldAnswer(%q, %q) = %q: changed the text", text, words, got)
		}
	})
}

// diverge is the first byte offset at which a and b differ.
func diverge(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}
