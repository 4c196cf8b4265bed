package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/knowledge"
)

// compareName is the /pathway value that shows every pathway side by side.
const compareName = "compare"

func (b *Bot) pathwayCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "pathway",
			Description: "The routes into IR: integrated, independent, ESIR, or all compared",
			Contexts:    usableIn(),
			Options: []*discordgo.ApplicationCommandOption{
				stringOption("name", "integrated, independent, esir, or compare", true, true, 100),
			},
		},
		run: func(ctx context.Context, r *request) (reply, error) {
			name, _ := r.option("name")
			return b.pathwayByName(ctx, name)
		},
		complete: b.completePathway,
	}
}

// pathwayByName answers /pathway: a key, a name or any alias students use
// ("ESIR", "dr first", "6-year"), or "compare".
func (b *Bot) pathwayByName(ctx context.Context, name string) (reply, error) {
	if len(b.kb.Pathways) == 0 {
		return reply{}, userErrorf("The guides I have describe no pathways. Try `/ask` or `/guide`.")
	}
	name = cleanText(name, 100)
	if isCompare(name) {
		return b.compareView(ctx, "", nil)
	}
	p, ok := b.kb.Pathway(name)
	if !ok {
		return reply{}, userErrorf("I don't know a pathway called %s. Try one of these:\n%s", quote(name, 60), b.pathwayList())
	}
	return b.pathwayReply(p), nil
}

// isCompare reports whether a /pathway name asks for the comparison.
func isCompare(name string) bool {
	switch normal(name) {
	case "compare", "compareall", "compareallthree", "comparison", "all", "allthree", "both",
		"vs", "versus", "sidebyside", "everything":
		return true
	}
	return false
}

// pathwayList names the valid /pathway values, with a few aliases each.
func (b *Bot) pathwayList() string {
	var lines []string
	for _, p := range b.kb.Pathways {
		line := fmt.Sprintf("• `%s` — %s", p.Key, p.Name)
		var also []string
		for _, a := range p.Aliases {
			if normal(a) != normal(p.Key) && len(also) < 3 {
				also = append(also, a)
			}
		}
		if len(also) > 0 {
			line += " (also: " + strings.Join(also, ", ") + ")"
		}
		lines = append(lines, line)
	}
	lines = append(lines, fmt.Sprintf("• `%s` — all of them side by side", compareName))
	return strings.Join(lines, "\n")
}

// completePathway offers the pathways whose key, name or an alias starts
// with (or contains) what has been typed, and the comparison.
func (b *Bot) completePathway(_ context.Context, r *request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	typed := normal(r.focused())
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, p := range b.kb.Pathways {
		if matched, ok := matchName(typed, p); ok {
			name := p.Name
			if matched != "" {
				name += " — “" + matched + "”"
			}
			out = append(out, choice(name, p.Key))
		}
	}
	if typed == "" || strings.HasPrefix("compare", typed) || strings.HasPrefix("all", typed) || isCompare(typed) {
		out = append(out, choice(compareLabel(len(b.kb.Pathways))+" side by side", compareName))
	}
	if len(out) == 0 {
		// Nothing matches: show everything, so the student sees what exists.
		for _, p := range b.kb.Pathways {
			out = append(out, choice(p.Name, p.Key))
		}
		out = append(out, choice(compareLabel(len(b.kb.Pathways))+" side by side", compareName))
	}
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	return out, nil
}

// matchName reports whether typed (normalised) starts the key, or starts
// a word of the name or of an alias ("spec" finds "early specialization",
// "es" does not find "residency"), and the alias it matched when that is
// neither the key nor the name.
func matchName(typed string, p knowledge.Pathway) (string, bool) {
	if typed == "" || strings.HasPrefix(normal(p.Key), typed) || startsWord(p.Name, typed) {
		return "", true
	}
	for _, a := range p.Aliases {
		if startsWord(a, typed) {
			return a, true
		}
	}
	return "", false
}

// startsWord reports whether typed (normalised) is a prefix of name read
// from the start of one of its words.
func startsWord(name, typed string) bool {
	words := strings.FieldsFunc(name, notWord)
	for i := range words {
		if strings.HasPrefix(normal(strings.Join(words[i:], " ")), typed) {
			return true
		}
	}
	return false
}

func compareLabel(n int) string {
	switch n {
	case 2:
		return "Compare both"
	case 3:
		return "Compare all three"
	}
	return "Compare all"
}

// pathwayView shows one pathway (irbot:pathway:<key>).
func (b *Bot) pathwayView(_ context.Context, arg string, _ []string) (reply, error) {
	for _, p := range b.kb.Pathways {
		if p.Key == arg {
			return b.pathwayReply(p), nil
		}
	}
	return reply{}, errStale
}

// compareView shows every pathway side by side (irbot:compare).
func (b *Bot) compareView(_ context.Context, arg string, _ []string) (reply, error) {
	if arg != "" || len(b.kb.Pathways) == 0 {
		return reply{}, errStale
	}
	return compareReply(b.kb.Pathways, b.sourceDoc(b.kb.Pathways...), b.cited(b.kb.Pathways...)), nil
}

func (b *Bot) pathwayReply(p knowledge.Pathway) reply {
	var others []knowledge.Pathway
	for _, o := range b.kb.Pathways {
		if o.Key != p.Key {
			others = append(others, o)
		}
	}
	return pathwayReply(p, others, b.sourceDoc(p), b.cited(p))
}

// cited returns the passages the pathways' facts cite, in order of first
// citation.
func (b *Bot) cited(ps ...knowledge.Pathway) []knowledge.Passage {
	var out []knowledge.Passage
	seen := map[string]bool{}
	for _, p := range ps {
		for _, f := range p.Facts() {
			for _, s := range f.Sources {
				if seen[s] {
					continue
				}
				seen[s] = true
				if sec, ok := b.kb.Section(s); ok {
					out = append(out, sec)
				}
			}
		}
	}
	return out
}

// sourceDoc is the document the pathways' first cited section is from, to
// credit in the footer.
func (b *Bot) sourceDoc(ps ...knowledge.Pathway) knowledge.Document {
	if c := b.cited(ps...); len(c) > 0 {
		return b.doc(c[0])
	}
	return knowledge.Document{}
}

// sourceLine cites a fact's guide sections in italics.
func sourceLine(sources []string) string {
	if len(sources) == 0 {
		return ""
	}
	label := "Source: "
	if len(sources) > 1 {
		label = "Sources: "
	}
	quoted := make([]string, len(sources))
	for i, s := range sources {
		quoted[i] = escapeInline(s)
	}
	return "*" + label + strings.Join(quoted, "; ") + "*"
}

// factText is a fact with its sources on the line below.
func factText(f knowledge.Fact) string {
	if s := sourceLine(f.Sources); s != "" {
		return f.Text + "\n" + s
	}
	return f.Text
}

// circled numbers timeline stages: ① ② ③ ...
func circled(i int) string {
	if i >= 0 && i < 20 {
		return string(rune('①' + i))
	}
	return fmt.Sprintf("(%d)", i+1)
}

// shortName is a pathway's name for a column: the abbreviation in
// brackets if the name has one ("ESIR"), else its first word.
func shortName(p knowledge.Pathway) string {
	if i, j := strings.Index(p.Name, "("), strings.Index(p.Name, ")"); i >= 0 && j > i+1 {
		return p.Name[i+1 : j]
	}
	if f := strings.Fields(p.Name); len(f) > 0 {
		return f[0]
	}
	return p.Key
}

// pathwayReply renders one pathway: summary, length, prerequisites, the
// timeline, how it differs and certification, each fact citing its
// sections; buttons to the comparison and the other pathways; a menu of
// the cited sections.
func pathwayReply(p knowledge.Pathway, others []knowledge.Pathway, doc knowledge.Document, cited []knowledge.Passage) reply {
	title, _ := cut(p.Name, limits.MaxEmbedTitle)
	desc, _ := cut(factText(p.Summary), limits.MaxEmbedDescription)
	e := &discordgo.MessageEmbed{Title: title, Description: desc, Color: colourPathway, Footer: docFooter(doc)}
	add := func(name string, items []string, sep string) {
		e.Fields = append(e.Fields, packFields(name, items, sep)...)
	}
	if p.Length.Text != "" {
		add("Length", []string{factText(p.Length)}, "\n")
	}
	var items []string
	for _, f := range p.Prerequisites {
		items = append(items, "• "+factText(f))
	}
	add("Prerequisites", items, "\n")
	items = nil
	for i, s := range p.Stages {
		line := circled(i) + " **" + escapeInline(s.Name) + "**"
		if s.When != "" {
			line += " — " + s.When
		}
		items = append(items, line+"\n"+factText(s.Fact))
	}
	add("Timeline", items, "\n\n")
	items = nil
	for _, f := range p.Differences {
		items = append(items, "• "+factText(f))
	}
	add("How it differs", items, "\n")
	if p.Certification.Text != "" {
		add("Board certification", []string{factText(p.Certification)}, "\n")
	}
	fitEmbed(e)

	row := []discordgo.Button{button(compareLabel(len(others)+1), prefix+actCompare, discordgo.PrimaryButton)}
	for _, o := range others {
		if len(row) == limits.MaxRowButtons-1 { // leave room for Post
			break
		}
		if id := prefix + viewID(actPathway, o.Key); fits(id) {
			row = append(row, button(o.Name, id, discordgo.SecondaryButton))
		}
	}
	rp := reply{
		embeds:  []*discordgo.MessageEmbed{e},
		buttons: [][]discordgo.Button{row},
		post:    viewID(actPathway, p.Key),
	}
	rp.selects = citedSelect(cited)
	return rp
}

// compareReply lays the pathways out side by side: inline fields, one
// column per pathway, rows Length, Prerequisites, Stages, Certification.
func compareReply(ps []knowledge.Pathway, doc knowledge.Document, cited []knowledge.Passage) reply {
	const maxColumns = 6 // 4 rows of 6 fit the 25 fields of an embed
	shown := ps[:min(len(ps), maxColumns)]
	e := &discordgo.MessageEmbed{
		Title:       "IR training pathways side by side",
		Description: "One column per pathway; each cell cites the guide sections it comes from (open them from the menu below).",
		Color:       colourPathway,
		Footer:      docFooter(doc),
	}
	if len(ps) > len(shown) {
		e.Description += fmt.Sprintf("\nShowing %d of %d pathways; use `/pathway` for the others.", len(shown), len(ps))
	}
	rows := []struct {
		name string
		cell func(knowledge.Pathway) string
	}{
		{"Length", func(p knowledge.Pathway) string { return factText(p.Length) }},
		{"Prerequisites", func(p knowledge.Pathway) string { return factList(p.Prerequisites) }},
		{"Stages", func(p knowledge.Pathway) string {
			var lines []string
			var facts []knowledge.Fact
			for i, s := range p.Stages {
				line := circled(i) + " " + escapeInline(s.Name)
				if s.When != "" {
					line += " — " + s.When
				}
				lines = append(lines, line)
				facts = append(facts, s.Fact)
			}
			return joinCited(lines, facts)
		}},
		{"Certification", func(p knowledge.Pathway) string { return factText(p.Certification) }},
	}
	budget := min(limits.MaxFieldValue, (limits.MaxEmbedTotal-500)/max(len(rows)*len(shown), 1))
	for _, row := range rows {
		for _, p := range shown {
			v := strings.TrimSpace(row.cell(p))
			if v == "" {
				v = "Not stated in the guide."
			}
			v, _ = cut(v, budget)
			name, _ := cut(shortName(p)+" · "+row.name, limits.MaxFieldName)
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: v, Inline: true})
		}
	}
	fitEmbed(e)
	var row []discordgo.Button
	for _, p := range shown {
		if len(row) == limits.MaxRowButtons-1 {
			break
		}
		if id := prefix + viewID(actPathway, p.Key); fits(id) {
			row = append(row, button(p.Name, id, discordgo.SecondaryButton))
		}
	}
	return reply{
		embeds:  []*discordgo.MessageEmbed{e},
		buttons: [][]discordgo.Button{row},
		selects: citedSelect(cited),
		post:    actCompare,
	}
}

// factList is facts as bullets, their sources cited once at the end.
func factList(fs []knowledge.Fact) string {
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = "• " + f.Text
	}
	return joinCited(lines, fs)
}

// joinCited joins lines and cites every source of facts once, below.
func joinCited(lines []string, facts []knowledge.Fact) string {
	var sources []string
	seen := map[string]bool{}
	for _, f := range facts {
		for _, s := range f.Sources {
			if !seen[s] {
				seen[s] = true
				sources = append(sources, s)
			}
		}
	}
	text := strings.Join(lines, "\n")
	if s := sourceLine(sources); s != "" && text != "" {
		text += "\n" + s
	}
	return text
}

// citedSelect is a menu that opens the sections a view cites.
func citedSelect(cited []knowledge.Passage) []discordgo.SelectMenu {
	if len(cited) == 0 {
		return nil
	}
	var opts []discordgo.SelectMenuOption
	for _, c := range cited {
		if len(opts) == limits.MaxSelectOptions {
			break
		}
		where := c.Document
		if len(c.Path) > 0 {
			where = c.Path[len(c.Path)-1]
		}
		opts = append(opts, passageOption(c.Title, where, c.ID))
	}
	menus, _ := openSelects(opts, 1, func(int, int) string { return "Read a cited section of the guide…" })
	return menus
}

// packFields puts items into fields named name, as many per field as fit
// Discord's 1024 characters, cutting an item that is too long on its own.
func packFields(name string, items []string, sep string) []*discordgo.MessageEmbedField {
	var out []*discordgo.MessageEmbedField
	var cur string
	flush := func() {
		if cur == "" {
			return
		}
		n := name
		if len(out) > 0 {
			n += " (continued)"
		}
		out = append(out, &discordgo.MessageEmbedField{Name: n, Value: cur})
		cur = ""
	}
	for _, it := range items {
		it, _ = cut(strings.TrimSpace(it), limits.MaxFieldValue)
		if it == "" {
			continue
		}
		if cur != "" && runeLen(cur)+runeLen(sep)+runeLen(it) > limits.MaxFieldValue {
			flush()
		}
		if cur != "" {
			cur += sep
		}
		cur += it
	}
	flush()
	return out
}

// fitEmbed drops fields from the end until the embed fits Discord's
// limits on fields and total size, saying so in the description.
func fitEmbed(e *discordgo.MessageEmbed) {
	dropped := false
	for len(e.Fields) > limits.MaxEmbedFields || (limits.EmbedChars(e) > limits.MaxEmbedTotal-120 && len(e.Fields) > 0) {
		e.Fields = e.Fields[:len(e.Fields)-1]
		dropped = true
	}
	if dropped {
		e.Description, _ = cut(e.Description, limits.MaxEmbedDescription-100)
		e.Description += "\n*(Some details did not fit; see the cited sections.)*"
	}
}
