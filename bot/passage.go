package bot

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// Sizes of passage text in an embed description. A page leaves room in the
// 6000-character embed budget for the title, path and footer; an answer is
// shorter, to read at a glance, with the full section one click away.
const (
	pageSize     = 3000
	answerBudget = 700
)

// pages splits a passage body into pages of at most size code points, at
// paragraph breaks where it can and at sentence or word boundaries where
// a paragraph is longer than a page. Every page but the last ends in "…".
// A body with no text is one empty page.
func pages(body string, size int) []string {
	text := discordMarkdown(body)
	if text == "" {
		return []string{""}
	}
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	limit := size - 2 // room for " …"
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		if cur.Len() > 0 && runeLen(cur.String())+2+runeLen(para) > limit {
			flush()
		}
		for runeLen(para) > limit {
			head, rest := splitText(para, limit)
			if cur.Len() > 0 {
				flush()
			}
			out = append(out, head)
			para = rest
		}
		if cur.Len() > 0 {
			cur.WriteString("\n\n")
		}
		cur.WriteString(para)
	}
	flush()
	for i := 0; i < len(out)-1; i++ {
		out[i] += " …"
	}
	return out
}

// splitText cuts s into a head of at most n code points, ending at a
// sentence or word boundary when one is near, and the rest.
func splitText(s string, n int) (string, string) {
	head, _ := cut(s, n+1) // cut reserves one code point for its "…"
	head = strings.TrimSuffix(head, "…")
	if head == "" {
		head = string([]rune(s)[:n])
	}
	rest := strings.TrimSpace(s[len(head):])
	return strings.TrimSpace(head), rest
}

// answerText is the description of an /ask answer: the passage, with the
// sentence that answers the question (the one holding most of the words
// the index matched, as its snippet shows them) in bold. A passage that
// fits is shown whole (its own lists and line breaks read better than the
// snippet's flattened text); a longer one starts with the snippet and goes
// on from where the snippet ends while there is room. It reports whether
// the passage was cut.
func answerText(h index.Hit, budget int) (string, bool) {
	body := discordMarkdown(h.Passage.Body)
	terms := boldTerms(h.Snippet)
	snippet := strings.TrimSpace(strings.ReplaceAll(h.Snippet, "**", ""))
	room := budget - 4 // for the bold's asterisks
	var text string
	var cutAny bool
	switch {
	case body == "":
		text, cutAny = cut(snippet, room)
	case snippet == "" || runeLen(body) <= room:
		text, cutAny = cut(body, room)
	default:
		// The snippet is cut from the passage's plain text: find where it
		// ends in the Markdown body and go on from there.
		if end, ok := snippetEnd(body, snippet); ok {
			lead := strings.TrimRight(strings.TrimSuffix(snippet, "…"), snippetEnds)
			text, cutAny = cut(lead+body[end:], room)
		} else if i := firstTerm(body, terms); i >= 0 && runeLen(body[:i]) < room/2 {
			// Not found: show the passage from the start when the
			// matched words come early, else lead with the snippet.
			text, cutAny = cut(body, room)
		} else {
			rest, cutRest := cut(body, max(room-runeLen(snippet)-2, 200))
			var cutAll bool
			text, cutAll = cut(snippet+"\n\n"+rest, room)
			cutAny = cutRest || cutAll
		}
	}
	return boldAnswer(text, terms), cutAny
}

// firstTerm is the byte offset of the first word of text in terms, or -1.
func firstTerm(text string, terms map[string]bool) int {
	_, n, first := highlight(text, terms)
	if n == 0 {
		return -1
	}
	return first
}

// sentenceEnd ends a sentence: ., ! or ? before a space or the end.
var sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

// boldAnswer puts in bold the one sentence of text that holds the most
// distinct terms (the first such), so the eye lands on the answer rather
// than on every word of the question. A sentence with Markdown of its own
// is left alone, where added asterisks could break it; so is text where no
// sentence holds a term.
func boldAnswer(text string, terms map[string]bool) string {
	if len(terms) == 0 {
		return text
	}
	bestStart, bestEnd, best := -1, -1, 0
	offset := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimRight(line, "\n")
		lead := len(body) - len(listMarker.ReplaceAllString(body, ""))
		start := lead
		for start < len(body) {
			end := len(body)
			if m := sentenceEnd.FindStringIndex(body[start:]); m != nil {
				end = start + m[0] + 1
			}
			sent := strings.TrimLeft(strings.TrimSpace(body[start:end]), "·•–—-: ")
			if sent != "" && !strings.ContainsAny(sent, "*_`~|[]<>") {
				if n := countTerms(sent, terms); n > best {
					s := start + strings.Index(body[start:end], sent)
					best, bestStart, bestEnd = n, offset+s, offset+s+len(sent)
				}
			}
			start = end
		}
		offset += len(line)
	}
	if best == 0 {
		return text
	}
	return text[:bestStart] + "**" + text[bestStart:bestEnd] + "**" + text[bestEnd:]
}

// listMarker is what starts a quote or list line, which stays outside the
// bold.
var listMarker = regexp.MustCompile(`^\s*((>\s*)+|[-*+]\s+|\d+[.)]\s+)*`)

// countTerms counts the distinct words of s that are terms.
func countTerms(s string, terms map[string]bool) int {
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, notWord) {
		w = strings.ToLower(w)
		if terms[w] && !seen[w] {
			seen[w] = true
		}
	}
	return len(seen)
}

// snippetEnds are the characters a snippet may end with that the body
// writes differently or not at all.
const snippetEnds = "….!?,;: "

// snippetEnd finds where a snippet's last words end in the Markdown body,
// allowing for the list markers and line breaks the snippet flattens into
// " · ". It needs the match to be unique to be sure.
func snippetEnd(body, snippet string) (int, bool) {
	core := strings.Trim(strings.ReplaceAll(snippet, "**", ""), snippetEnds)
	var words []string
	for _, w := range strings.Fields(core) {
		if strings.Trim(w, "·–—-|") != "" {
			words = append(words, regexp.QuoteMeta(w))
		}
	}
	for _, n := range []int{6, 4, 3} {
		if len(words) < n {
			continue
		}
		re, err := regexp.Compile(strings.Join(words[len(words)-n:], `[\s>*+|·–—-]+`))
		if err != nil {
			continue
		}
		if m := re.FindAllStringIndex(body, 2); len(m) == 1 {
			return m[0][1], true
		}
	}
	return 0, false
}

// answerReply renders a confident answer: the question above, the best
// passage with its answering sentence in bold, where it sits in the guide
// below; the next matches in one menu and the full section one click
// away. answerID, when set, makes the menu and button record what was
// opened.
func answerReply(question string, h index.Hit, doc knowledge.Document, related []knowledge.Passage, lead, answerID string) reply {
	desc, truncated := answerText(h, answerBudget)
	p := h.Passage
	e := passageEmbed(doc, p, p.Title, desc)
	if q := cleanText(question, maxQuestion); q != "" {
		a, _ := cut("“"+q+"”", limits.MaxAuthorName)
		e.Author = &discordgo.MessageEmbedAuthor{Name: a}
		lead = "" // the author line shows what is answered
	}
	rp := reply{
		content: lead,
		embeds:  []*discordgo.MessageEmbed{e},
		post:    viewID(actOpen, p.ID),
	}
	if btn, ok := openButton(answerID, p, "Read full section", discordgo.PrimaryButton); ok && (truncated || len(pages(p.Body, pageSize)) > 1) {
		rp.buttons = append(rp.buttons, []discordgo.Button{btn})
	}
	if m, ok := relatedSelect(answerID, related, "Related sections…"); ok {
		rp.selects = append(rp.selects, m)
	}
	return rp
}

// relatedSelect is one menu of sections to open: from an answer (recording
// the click, irbot:from:<answer> with a passageRef) when answerID is set,
// else plainly (irbot:open with a passage ID).
func relatedSelect(answerID string, ps []knowledge.Passage, placeholder string) (discordgo.SelectMenu, bool) {
	id := prefix + actOpen
	if answerID != "" {
		id = prefix + viewID(actFrom, answerID)
	}
	var opts []discordgo.SelectMenuOption
	seen := map[string]bool{}
	for _, p := range ps {
		v := p.ID
		if answerID != "" {
			v = passageRef(p.ID)
		}
		if seen[v] || len(opts) == limits.MaxSelectOptions {
			continue
		}
		seen[v] = true
		where := p.Document
		if len(p.Path) > 0 {
			where = p.Path[len(p.Path)-1]
		}
		opts = append(opts, passageOption(p.Title, where, v))
	}
	if len(opts) == 0 || !fits(id) {
		return discordgo.SelectMenu{}, false
	}
	ph, _ := cut(placeholder, limits.MaxPlaceholder)
	return discordgo.SelectMenu{CustomID: id, Placeholder: ph, Options: opts}, true
}

// Sizes of a low-confidence reply: how many sections it offers, and how
// much of each.
const (
	maxClosest     = 3
	closestSnippet = 300
)

// closestReply renders a low-confidence answer: the guide may not answer
// the question directly (or, when the question asks for a figure the
// guide does not give, does not), and these are its closest sections,
// each with a snippet and a button to open it.
func closestReply(hits []index.Hit, why index.Reason, lead, answerID string) reply {
	e := &discordgo.MessageEmbed{
		Title:       "The guide may not answer this directly",
		Description: "These are its closest sections. Open one from the menu to read it whole.",
		Color:       colourClosest,
	}
	if why == index.Unstated {
		e.Title = "The guide doesn't give that figure"
		e.Description = "It gives no figures of that kind. These are its closest sections; for current figures, ask the programs themselves."
	}
	var ps []knowledge.Passage
	for _, h := range hits[:min(len(hits), maxClosest)] {
		p := h.Passage
		name := p.Title
		if len(p.Path) > 0 {
			name = p.Path[len(p.Path)-1] + " › " + p.Title
		}
		n, _ := cut(name, limits.MaxFieldName)
		v := strings.TrimSpace(h.Snippet)
		if v == "" {
			v = "*Open the section to read it.*"
		}
		v, _ = cut(v, closestSnippet)
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: n, Value: v})
		ps = append(ps, p)
	}
	rp := reply{content: lead, embeds: []*discordgo.MessageEmbed{e}}
	if m, ok := relatedSelect(answerID, ps, "Open one of these sections…"); ok {
		rp.selects = []discordgo.SelectMenu{m}
	}
	return rp
}

// passageReply renders page n of a passage with a button to the next page,
// its subsections (a menu, or a button for one), and the way back: the FAQ,
// or its chapter (chapter, a passage ID, "" for a chapter itself) and the
// contents.
func passageReply(doc knowledge.Document, p knowledge.Passage, page int, children []knowledge.Passage, chapter string) reply {
	ps := pages(p.Body, pageSize)
	page = min(max(page, 0), len(ps)-1)
	title := p.Title
	if len(ps) > 1 {
		title = fmt.Sprintf("%s (%d/%d)", p.Title, page+1, len(ps))
	}
	desc := ps[page]
	if desc == "" && len(children) > 0 {
		var b strings.Builder
		b.WriteString("This section introduces:")
		for _, c := range children {
			b.WriteString("\n- " + c.Title)
		}
		desc = b.String()
	}
	rp := reply{embeds: []*discordgo.MessageEmbed{passageEmbed(doc, p, title, desc)}}
	if page == 0 {
		rp.post = viewID(actOpen, p.ID)
	} else {
		rp.post = viewID(actMore, moreArg(p.ID, page))
	}
	var row []discordgo.Button
	if page+1 < len(ps) {
		if id := prefix + viewID(actMore, moreArg(p.ID, page+1)); fits(id) {
			row = append(row, button(fmt.Sprintf("Read more (%d/%d)", page+2, len(ps)), id, discordgo.PrimaryButton))
		}
	}
	if p.Kind == knowledge.KindFAQ {
		row = append(row, button("All FAQ questions", prefix+actFAQ, discordgo.SecondaryButton))
	} else {
		if id := prefix + viewID(actTOC, chapter); chapter != "" && fits(id) {
			row = append(row, button("This chapter", id, discordgo.SecondaryButton))
		}
		row = append(row, button("Contents", prefix+actTOC, discordgo.SecondaryButton))
	}
	if len(children) == 1 {
		// One subsection: a button to it, not a menu of one.
		if id := prefix + viewID(actOpen, children[0].ID); fits(id) {
			row = append(row, button(children[0].Title, id, discordgo.PrimaryButton))
		}
		children = nil
	}
	rp.buttons = [][]discordgo.Button{row}
	if len(children) > 0 {
		opts := make([]discordgo.SelectMenuOption, 0, len(children))
		for _, c := range children {
			opts = append(opts, passageOption(c.Title, "", c.ID))
		}
		rp.selects, _ = openSelects(opts, 3, func(first, last int) string {
			return "Open a subsection of " + p.Title
		})
	}
	return rp
}

// noAnswerReply says kindly that the guide does not answer a question (the
// search found nothing of its subject, or it is about another subject),
// and where to look instead. It is private, with lead above it.
func noAnswerReply(question string, res index.Result, lead string) reply {
	var b strings.Builder
	if lead != "" {
		b.WriteString(lead + "\n")
	}
	if res.Reason == index.OffTopic && res.Subject != "" {
		b.WriteString("That looks like a question about " + escapeInline(res.Subject) +
			", which the guide doesn't cover: it is about interventional radiology (IR) residency.\n")
	} else {
		b.WriteString("I couldn't find anything about " + quote(question, 200) + " in the guide.\n")
	}
	b.WriteString("Try other words (for example “how long is IR residency?”), or browse:\n" +
		"• `/faq` — the guide's frequently asked questions\n" +
		"• `/pathway` — the integrated, independent and ESIR routes, and how they compare\n" +
		"• `/guide` — the guide's chapters, one click from every section")
	return notice(b.String())
}
