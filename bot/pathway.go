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
	switch knowledge.Fold(name) {
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
			if knowledge.Fold(a) != knowledge.Fold(p.Key) && len(also) < 3 {
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
	typed := knowledge.Fold(r.focused())
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
	if typed == "" || strings.HasPrefix(knowledge.Fold(p.Key), typed) || startsWord(p.Name, typed) {
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
		if strings.HasPrefix(knowledge.Fold(strings.Join(words[i:], " ")), typed) {
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

// pathwayView shows one pathway (irbot:pathway:<key>), or one part of it
// (irbot:pathway:<key>:<part>).
func (b *Bot) pathwayView(_ context.Context, arg string, _ []string) (reply, error) {
	key, part, _ := strings.Cut(arg, ":")
	for _, p := range b.kb.Pathways {
		if p.Key != key {
			continue
		}
		if part == "" {
			return b.pathwayReply(p), nil
		}
		for _, pt := range pathwayParts {
			if pt.key == part && pt.has(p) {
				return pathwayPartReply(p, pt, b.others(p), b.sourceDoc(p), b.citedFacts(pt.facts(p)...)), nil
			}
		}
	}
	return reply{}, errStale
}

// compareView shows every pathway side by side (irbot:compare).
func (b *Bot) compareView(_ context.Context, arg string, _ []string) (reply, error) {
	if arg != "" || len(b.kb.Pathways) == 0 {
		return reply{}, errStale
	}
	return compareReply(b.kb.Pathways, b.sourceDoc(b.kb.Pathways...), b.citedFacts(compared(b.kb.Pathways)...)), nil
}

// compared are the facts the comparison shows (in part): each pathway's
// length, first stage and first prerequisite.
func compared(ps []knowledge.Pathway) []knowledge.Fact {
	var out []knowledge.Fact
	for _, p := range ps {
		out = append(out, p.Length)
		if len(p.Stages) > 0 {
			out = append(out, p.Stages[0].Fact)
		}
		if len(p.Prerequisites) > 0 {
			out = append(out, p.Prerequisites[0])
		}
	}
	return out
}

func (b *Bot) pathwayReply(p knowledge.Pathway) reply {
	return pathwayReply(p, b.others(p), b.sourceDoc(p))
}

// others are the pathways besides p.
func (b *Bot) others(p knowledge.Pathway) []knowledge.Pathway {
	var out []knowledge.Pathway
	for _, o := range b.kb.Pathways {
		if o.Key != p.Key {
			out = append(out, o)
		}
	}
	return out
}

// cited returns the passages the pathways' facts cite, in order of first
// citation.
func (b *Bot) cited(ps ...knowledge.Pathway) []knowledge.Passage {
	var fs []knowledge.Fact
	for _, p := range ps {
		for _, f := range p.Facts() {
			fs = append(fs, knowledge.Fact{Sources: f.Sources})
		}
	}
	return b.citedFacts(fs...)
}

// citedFacts returns the passages facts cite, once each, in order.
func (b *Bot) citedFacts(fs ...knowledge.Fact) []knowledge.Passage {
	var out []knowledge.Passage
	seen := map[string]bool{}
	for _, f := range fs {
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

// circled numbers timeline stages: ① ② ③ ...
func circled(i int) string {
	if i >= 0 && i < 20 {
		return string(rune('①' + i))
	}
	return fmt.Sprintf("(%d)", i+1)
}

// shortName is a pathway's name for a label: the abbreviation in brackets
// if the name has one ("ESIR"), else its first word.
func shortName(p knowledge.Pathway) string {
	if i, j := strings.Index(p.Name, "("), strings.Index(p.Name, ")"); i >= 0 && j > i+1 {
		return p.Name[i+1 : j]
	}
	if f := strings.Fields(p.Name); len(f) > 0 {
		return f[0]
	}
	return p.Key
}

// pathwayPart is one of the details of a pathway a button opens.
type pathwayPart struct {
	key, label string
	facts      func(knowledge.Pathway) []knowledge.Fact
	// render writes the part's text, marking each fact's sources.
	render func(knowledge.Pathway, *citer) string
}

func (pt pathwayPart) has(p knowledge.Pathway) bool {
	for _, f := range pt.facts(p) {
		if strings.TrimSpace(f.Text) != "" {
			return true
		}
	}
	return false
}

// pathwayParts are the details behind a pathway's summary, in button order.
var pathwayParts = []pathwayPart{
	{"timeline", "Timeline", func(p knowledge.Pathway) []knowledge.Fact {
		fs := make([]knowledge.Fact, len(p.Stages))
		for i, s := range p.Stages {
			fs[i] = s.Fact
		}
		return fs
	}, func(p knowledge.Pathway, c *citer) string {
		items := make([]string, 0, len(p.Stages))
		for i, s := range p.Stages {
			line := circled(i) + " **" + escapeInline(s.Name) + "**"
			if s.When != "" {
				line += " — " + s.When
			}
			items = append(items, line+"\n"+c.text(s.Fact))
		}
		return strings.Join(items, "\n")
	}},
	{"prereq", "Prerequisites", func(p knowledge.Pathway) []knowledge.Fact { return p.Prerequisites },
		func(p knowledge.Pathway, c *citer) string { return bullets(p.Prerequisites, c) }},
	{"differs", "How it differs", func(p knowledge.Pathway) []knowledge.Fact { return p.Differences },
		func(p knowledge.Pathway, c *citer) string { return bullets(p.Differences, c) }},
	{"boards", "Boards", func(p knowledge.Pathway) []knowledge.Fact { return []knowledge.Fact{p.Certification} },
		func(p knowledge.Pathway, c *citer) string { return c.text(p.Certification) }},
}

// bullets lists facts, each with its markers.
func bullets(fs []knowledge.Fact, c *citer) string {
	lines := make([]string, 0, len(fs))
	for _, f := range fs {
		if strings.TrimSpace(f.Text) != "" {
			lines = append(lines, "• "+c.text(f))
		}
	}
	return strings.Join(lines, "\n")
}

// pathwayReply renders a pathway's first view: what it is and how long it
// takes in two or three lines, each fact marked with its sources and the
// sources named once below; buttons to the details, the comparison and
// the other pathways.
func pathwayReply(p knowledge.Pathway, others []knowledge.Pathway, doc knowledge.Document) reply {
	var c citer
	var lines []string
	if p.Summary.Text != "" {
		lines = append(lines, c.text(p.Summary))
	}
	if p.Length.Text != "" {
		lines = append(lines, "**Length:** "+c.text(p.Length))
	}
	if s := c.line(); s != "" {
		lines = append(lines, s)
	}
	title, _ := cut(p.Name, limits.MaxEmbedTitle)
	desc, _ := cut(strings.Join(lines, "\n"), limits.MaxEmbedDescription)
	e := &discordgo.MessageEmbed{Title: title, Description: desc, Color: colourPathway, Footer: docFooter(doc)}
	return reply{
		embeds:  []*discordgo.MessageEmbed{e},
		buttons: pathwayButtons(p, "", others),
		post:    viewID(actPathway, p.Key),
	}
}

// pathwayPartReply renders one detail of a pathway, with the same buttons
// as its summary (and Summary to go back) and a menu of the sections it
// cites.
func pathwayPartReply(p knowledge.Pathway, pt pathwayPart, others []knowledge.Pathway, doc knowledge.Document, cited []knowledge.Passage) reply {
	var c citer
	text := pt.render(p, &c)
	if s := c.line(); s != "" {
		text += "\n" + s
	}
	title, _ := cut(p.Name+" — "+pt.label, limits.MaxEmbedTitle)
	desc, _ := cut(text, limits.MaxEmbedDescription)
	e := &discordgo.MessageEmbed{Title: title, Description: desc, Color: colourPathway, Footer: docFooter(doc)}
	return reply{
		embeds:  []*discordgo.MessageEmbed{e},
		buttons: pathwayButtons(p, pt.key, others),
		selects: citedSelect(cited, "Read a cited section of the guide…"),
		post:    viewID(actPathway, p.Key, pt.key),
	}
}

// pathwayButtons are a pathway's navigation: its summary (unless shown)
// and details (but the one shown) in a row, then the comparison and the
// other pathways, with room left for Share.
func pathwayButtons(p knowledge.Pathway, shown string, others []knowledge.Pathway) [][]discordgo.Button {
	var parts []discordgo.Button
	if shown != "" {
		if id := prefix + viewID(actPathway, p.Key); fits(id) {
			parts = append(parts, button("Summary", id, discordgo.PrimaryButton))
		}
	}
	for _, pt := range pathwayParts {
		if pt.key == shown || !pt.has(p) || len(parts) == limits.MaxRowButtons {
			continue
		}
		if id := prefix + viewID(actPathway, p.Key, pt.key); fits(id) {
			parts = append(parts, button(pt.label, id, discordgo.PrimaryButton))
		}
	}
	row := []discordgo.Button{button(compareLabel(len(others)+1), prefix+actCompare, discordgo.SecondaryButton)}
	for _, o := range others {
		if len(row) == limits.MaxRowButtons-1 { // leave room for Share
			break
		}
		if id := prefix + viewID(actPathway, o.Key); fits(id) {
			row = append(row, button(shortName(o), id, discordgo.SecondaryButton))
		}
	}
	return [][]discordgo.Button{parts, row}
}

// compareReply lays the pathways out by attribute: one field each for
// length, first stage and prerequisites (certification differs little
// and is behind each pathway's Boards button), with one short
// labelled line per pathway, which reads the same on a phone as on a
// desktop. The sections they come from are in the menu below.
func compareReply(ps []knowledge.Pathway, doc knowledge.Document, cited []knowledge.Passage) reply {
	const maxShown = 6
	shown := ps[:min(len(ps), maxShown)]
	e := &discordgo.MessageEmbed{
		Title:  "IR training pathways compared",
		Color:  colourPathway,
		Footer: docFooter(doc),
	}
	if len(ps) > len(shown) {
		e.Description = fmt.Sprintf("Showing %d of %d pathways; use `/pathway` for the others.", len(shown), len(ps))
	}
	attrs := []struct {
		name string
		cell func(knowledge.Pathway) string
	}{
		{"Length", func(p knowledge.Pathway) string { return clause(p.Length.Text) }},
		{"Starts with", func(p knowledge.Pathway) string {
			if len(p.Stages) == 0 {
				return ""
			}
			s := p.Stages[0]
			if s.When != "" {
				return s.Name + " (" + s.When + ")"
			}
			return s.Name
		}},
		{"Prerequisites", func(p knowledge.Pathway) string {
			if len(p.Prerequisites) == 0 {
				return "none listed"
			}
			return clause(p.Prerequisites[0].Text)
		}},
	}
	budget := limits.MaxFieldValue/len(shown) - 10
	for _, a := range attrs {
		var lines []string
		for _, p := range shown {
			v := strings.TrimSpace(a.cell(p))
			if v == "" {
				v = "not in the guide"
			}
			v, _ = cut(v, budget)
			lines = append(lines, "**"+escapeInline(shortName(p))+":** "+v)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: a.name, Value: strings.Join(lines, "\n")})
	}
	fitEmbed(e)
	var row []discordgo.Button
	for _, p := range shown {
		if len(row) == limits.MaxRowButtons-1 {
			break
		}
		if id := prefix + viewID(actPathway, p.Key); fits(id) {
			row = append(row, button(shortName(p), id, discordgo.PrimaryButton))
		}
	}
	return reply{
		embeds:  []*discordgo.MessageEmbed{e},
		buttons: [][]discordgo.Button{row},
		selects: citedSelect(cited, "Open a section these come from…"),
		post:    actCompare,
	}
}

// maxClause bounds a compared fact's first clause.
const maxClause = 110

// clause is the first clause of a fact, for a comparison: up to the first
// semicolon, or comma, that leaves a phrase of its own. The whole fact is
// one click away.
func clause(s string) string {
	s = strings.TrimSpace(s)
	for _, sep := range []string{"; ", ", "} {
		if i := strings.Index(s, sep); i >= 12 {
			s = s[:i]
		}
	}
	s = strings.TrimSuffix(s, ".")
	c, _ := cut(s, maxClause)
	return c
}

// citedSelect is a menu that opens the sections a view cites.
func citedSelect(cited []knowledge.Passage, placeholder string) []discordgo.SelectMenu {
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
	menus, _ := openSelects(opts, 1, func(int, int) string { return placeholder })
	return menus
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
