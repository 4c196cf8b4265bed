package bot

import (
	"context"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/knowledge"
)

// TestFixtures answers every recorded interaction payload: each decodes
// with discordgo's own UnmarshalJSON, and each reply passes the validator
// and says what it should.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file      string
		wantType  discordgo.InteractionResponseType
		ephemeral bool
		want      []string // substrings of the flattened reply
		dontWant  []string
	}{
		{"command_ask.json", 4, true, []string{"“how long is IR residency?”", "How long is an interventional radiology residency?", "six years", "Interventional Radiology Residency Guide › FAQ · updated 2025-11-26", "[Share] irbot:share:open:"}, []string{"ir-residency-guide.txt", "Source:"}},
		{"command_ask_dm.json", 4, true, []string{"ESIR", "[Share]"}, nil},
		{"command_ask_blank.json", 4, true, []string{"Please type a question"}, []string{"Share"}},
		{"command_ask_mentions.json", 4, true, []string{"couldn't find", "@\u200beveryone", "\\<@\u200b80351110224678912\\>", `\[click\]\(https\://evil.example\)`, "/faq", "/pathway", "/guide"}, []string{"<@80351110224678912>", "@everyone"}},
		{"command_pathway_esir.json", 4, true, []string{"Early Specialization in IR (ESIR)", "[Timeline] irbot:pathway:esir:timeline", "[Prerequisites] irbot:pathway:esir:prereq", "[Boards] irbot:pathway:esir:boards", "[Compare all three] irbot:compare", "irbot:share:pathway:esir"}, nil},
		{"command_pathway_integrated.json", 4, true, []string{"Integrated IR Residency", "six years", "internship", "Sources: ¹ Comparing IR Training Routes · ² Six-Year Training Model Breakdown · ³ Introduction"}, []string{"Years 4-5"}},
		{"command_pathway_independent.json", 4, true, []string{"Independent IR Residency", "diagnostic radiology residency", "One to two years"}, nil},
		{"command_pathway_compare.json", 4, true, []string{"pathways compared", "Length", "Integrated: Six years in all", "Independent: One to two years of IR training", "ESIR:", "Starts with", "Prerequisites", "Integrated: none listed"}, []string{"Not stated", "Certification Timeline"}},
		{"command_pathway_alias.json", 4, true, []string{"Early Specialization in IR (ESIR)"}, nil},
		{"command_pathway_unknown.json", 4, true, []string{"I don't know a pathway called “fellowship”", "`integrated`", "`independent`", "`esir`", "`compare`"}, []string{"Share"}},
		{"command_faq.json", 4, true, []string{"Frequently asked questions", "1. How long is an interventional radiology residency?", "irbot:open Choose a question"}, nil},
		{"command_faq_question.json", 4, true, []string{"How competitive is IR residency?", "Getting into IR residency is tough", "[All FAQ questions] irbot:faq"}, nil},
		{"command_guide.json", 4, true, []string{"Interventional Radiology Residency Guide", "1. Introduction", "3. The Field of Interventional Radiology", "irbot:toc Open a chapter"}, []string{"What Is Interventional Radiology?\n", "irbot:open:#2"}},
		{"command_guide_section.json", 4, true, []string{"Interventional Procedures Training", "Vascular Interventions — Examples: Angioplasty, Stenting · Skill Level: Advanced", "[Contents] irbot:toc"}, []string{"| --- |"}},
		{"command_about.json", 4, true, []string{"About irbot", "Bilal Hasdemir", "2025-11-26", "not advice", "ACGME", "ABR", "NRMP", "irbot test"}, []string{"KNOWLEDGE_DIR", "front matter", "ir-residency-guide.txt"}},
		{"command_unknown.json", 4, true, []string{"I don't have a command called “residency\\-match”"}, nil},
		{"autocomplete_ask.json", 8, false, []string{"How long is an interventional radiology residency?"}, nil},
		{"autocomplete_pathway.json", 8, false, []string{"Independent IR Residency — “dr first”"}, []string{"Integrated"}},
		{"autocomplete_faq.json", 8, false, []string{"How competitive is IR residency?"}, nil},
		{"autocomplete_guide.json", 8, false, []string{"Research Requirements"}, nil},
		// Clicks on a private reply update it in place (type 7).
		{"component_compare.json", 7, true, []string{"pathways compared"}, nil},
		{"component_pathway.json", 7, true, []string{"Independent IR Residency"}, nil},
		{"component_open.json", 7, true, []string{"How competitive is IR residency?"}, nil},
		{"component_post.json", 4, false, []string{"Asked by <@80351110224678912>", "Early Specialization in IR (ESIR)"}, []string{"Share"}},
		{"component_select.json", 7, true, []string{"What is the Early Specialization in IR (ESIR) option?"}, nil},
		{"component_stale.json", 4, true, []string{"That button is out of date"}, nil},
		{"component_forged.json", 4, true, []string{"That button is out of date"}, nil},
		{"component_foreign.json", 4, true, []string{"That button is out of date"}, nil},
		{"message_find_answer.json", 4, true, []string{"“does anyone know how long IR residency is??”\nHow long is an interventional radiology residency?", "six years"}, []string{"Answering"}},
		{"message_find_answer_image.json", 4, true, []string{"no text for me to look up"}, nil},
		{"ping.json", 1, false, nil, nil},
	}
	bots := map[string]*Bot{"fake": newTestBot(t, Options{Version: "test"}), "real": newRealBot(t, Options{Version: "test"})}
	for _, tt := range tests {
		for kind, b := range bots {
			t.Run(kind+"/"+tt.file, func(t *testing.T) {
				resp := mustHandle(t, b, loadInteraction(t, tt.file))
				if resp.Type != tt.wantType {
					t.Fatalf("type = %d, want %d", resp.Type, tt.wantType)
				}
				if tt.wantType == 4 && ephemeral(resp) != tt.ephemeral {
					t.Errorf("ephemeral = %v, want %v", ephemeral(resp), tt.ephemeral)
				}
				got := flatten(resp)
				for _, w := range tt.want {
					if !strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
						t.Errorf("reply lacks %q; got:\n%s", w, got)
					}
				}
				for _, w := range tt.dontWant {
					if strings.Contains(got, w) {
						t.Errorf("reply contains %q; got:\n%s", w, got)
					}
				}
			})
		}
	}
}

// TestFixturesDecode pins that discordgo decodes Data by interaction type,
// so the router sees typed data from real payloads.
func TestFixturesDecode(t *testing.T) {
	tests := []struct {
		file string
		want any
	}{
		{"command_ask.json", discordgo.ApplicationCommandInteractionData{}},
		{"autocomplete_ask.json", discordgo.ApplicationCommandInteractionData{}},
		{"message_find_answer.json", discordgo.ApplicationCommandInteractionData{}},
		{"component_select.json", discordgo.MessageComponentInteractionData{}},
	}
	for _, tt := range tests {
		i := loadInteraction(t, tt.file)
		switch tt.want.(type) {
		case discordgo.ApplicationCommandInteractionData:
			if _, ok := i.Data.(discordgo.ApplicationCommandInteractionData); !ok {
				t.Errorf("%s: Data is %T", tt.file, i.Data)
			}
		case discordgo.MessageComponentInteractionData:
			if _, ok := i.Data.(discordgo.MessageComponentInteractionData); !ok {
				t.Errorf("%s: Data is %T", tt.file, i.Data)
			}
		}
	}
	dm := loadInteraction(t, "command_ask_dm.json")
	if dm.Member != nil || dm.User == nil || dm.User.ID != "80351110224678912" {
		t.Errorf("DM fixture: Member = %v, User = %v; want only User", dm.Member, dm.User)
	}
	fa := loadInteraction(t, "message_find_answer.json").ApplicationCommandData()
	if m := fa.Resolved.Messages[fa.TargetID]; m == nil || m.Content == "" {
		t.Errorf("find-answer fixture: resolved target message missing")
	}
}

func TestCommands(t *testing.T) {
	b := newTestBot(t, Options{})
	cmds := b.Commands()
	if err := limits.CheckCommands(cmds); err != nil {
		t.Fatalf("CheckCommands() = %v", err)
	}
	got := map[string]discordgo.ApplicationCommandType{}
	for _, c := range cmds {
		got[c.Name] = c.Type
	}
	want := map[string]discordgo.ApplicationCommandType{"ask": 0, "pathway": 0, "faq": 0, "guide": 0, "about": 0, "irbot-admin": 0, "Find answer": discordgo.MessageApplicationCommand}
	for name, typ := range want {
		if g, ok := got[name]; !ok || g != typ {
			t.Errorf("Commands()[%q] = %v, %v; want type %v", name, g, ok, typ)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Commands() = %v, want %v", got, want)
	}
}

func TestPathwayFacts(t *testing.T) {
	b := newTestBot(t, Options{})
	tests := []struct {
		name string
		want []string
	}{
		{"integrated", []string{"six years", "one-year clinical internship", "Length:"}},
		{"esir", []string{"part of the diagnostic radiology residency", "shortens the independent IR training"}},
		{"independent", []string{"finished a diagnostic radiology residency", "One to two years of IR training"}},
		{"ESIR", []string{"Early Specialization in IR (ESIR)"}},
		{"dr first", []string{"Independent IR Residency"}},
		{"6-year", []string{"Integrated IR Residency"}},
		{"Compare all three", []string{"IR training pathways compared"}},
	}
	for _, tt := range tests {
		resp := mustHandle(t, b, slash("pathway", "name", tt.name))
		got := strings.ToLower(flatten(resp))
		for _, w := range tt.want {
			if !strings.Contains(got, strings.ToLower(w)) {
				t.Errorf("/pathway %s lacks %q; got:\n%s", tt.name, w, got)
			}
		}
	}
}

// TestPathwayParts opens each detail of a pathway from its buttons: the
// part's facts, their sources named once, and the way back.
func TestPathwayParts(t *testing.T) {
	b := newTestBot(t, Options{})
	tests := []struct {
		id   string
		want []string
	}{
		{"irbot:pathway:integrated:timeline", []string{"Integrated IR Residency — Timeline", "Preliminary clinical year (internship)", "Diagnostic radiology foundation — Years 1-3", "Advanced IR training — Years 4-5", "Advanced IR Training (Years 4-5)", "[Summary] irbot:pathway:integrated"}},
		{"irbot:pathway:esir:timeline", []string{"During DR residency", "Shortened independent IR training — After DR residency"}},
		{"irbot:pathway:independent:timeline", []string{"① Diagnostic radiology residency — First", "② IR training period — One to two years, after DR residency"}},
		{"irbot:pathway:esir:prereq", []string{"Being a resident in diagnostic radiology", "Qualifying for ESIR as a Medical Expert"}},
		{"irbot:pathway:integrated:boards", []string{"American Board of Radiology", "Certification Timeline"}},
		{"irbot:pathway:independent:differs", []string{"shorter than the integrated pathway"}},
	}
	for _, tt := range tests {
		resp := mustHandle(t, b, click(tt.id))
		if resp.Type != discordgo.InteractionResponseUpdateMessage {
			t.Errorf("%s: type %d, want an update in place", tt.id, resp.Type)
		}
		got := flatten(resp)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q; got:\n%s", tt.id, w, got)
			}
		}
		if len(selects(resp)) != 1 {
			t.Errorf("%s: no menu of the sections it cites", tt.id)
		}
	}
	// Integrated lists no prerequisites: no button, and a forged click is
	// a stale one.
	if ids := customIDs(mustHandle(t, b, slash("pathway", "name", "integrated"))); contains(ids, "irbot:pathway:integrated:prereq") {
		t.Errorf("integrated offers Prerequisites it does not have: %v", ids)
	}
	for _, id := range []string{"irbot:pathway:integrated:prereq", "irbot:pathway:esir:nope", "irbot:pathway:nope:timeline"} {
		if got := flatten(mustHandle(t, b, click(id))); !strings.Contains(got, "out of date") {
			t.Errorf("%s = %q, want the stale notice", id, got)
		}
	}
}

// TestPathwayCitesEveryFact checks that each fact a pathway's views show
// carries markers, and each view names every section it cites once.
func TestPathwayCitesEveryFact(t *testing.T) {
	b := newTestBot(t, Options{})
	for _, p := range guide(t).Pathways {
		views := []string{"irbot:pathway:" + p.Key}
		for _, pt := range pathwayParts {
			if pt.has(p) {
				views = append(views, "irbot:pathway:"+p.Key+":"+pt.key)
			}
		}
		for _, v := range views {
			e := mustHandle(t, b, click(v)).Data.Embeds[0]
			if !strings.Contains(e.Description, "Source") || !strings.Contains(e.Description, "¹") {
				t.Errorf("%s cites nothing: %q", v, e.Description)
			}
			_, sources, _ := strings.Cut(e.Description, "Source")
			for _, s := range guideSources(p) {
				if strings.Count(sources, escapeInline(s)) > 1 {
					t.Errorf("%s names %q more than once: %q", v, s, sources)
				}
			}
		}
		ids := customIDs(mustHandle(t, b, slash("pathway", "name", p.Key)))
		for _, o := range guide(t).Pathways {
			if o.Key != p.Key && !contains(ids, "irbot:pathway:"+o.Key) {
				t.Errorf("/pathway %s: no button to %s in %v", p.Key, o.Key, ids)
			}
		}
	}
}

// guideSources are every section a pathway cites.
func guideSources(p knowledge.Pathway) []string {
	var out []string
	for _, f := range p.Facts() {
		out = append(out, f.Sources...)
	}
	return out
}

// TestCompareLayout: one field per attribute, one labelled line per
// pathway in each, and a menu of the sections they come from.
func TestCompareLayout(t *testing.T) {
	b := newTestBot(t, Options{})
	resp := mustHandle(t, b, click("irbot:compare"))
	e := resp.Data.Embeds[0]
	ps := guide(t).Pathways
	attrs := []string{"Length", "Starts with", "Prerequisites"}
	if len(e.Fields) != len(attrs) {
		t.Fatalf("compare has %d fields, want %d", len(e.Fields), len(attrs))
	}
	for i, f := range e.Fields {
		if f.Name != attrs[i] || f.Inline {
			t.Errorf("field %d = %q (inline %v), want %q", i, f.Name, f.Inline, attrs[i])
		}
		lines := strings.Split(f.Value, "\n")
		if len(lines) != len(ps) {
			t.Fatalf("field %q has %d lines, want %d", f.Name, len(lines), len(ps))
		}
		for j, p := range ps {
			if !strings.HasPrefix(lines[j], "**"+shortName(p)+":** ") || runeLen(lines[j]) > maxClause+20 {
				t.Errorf("field %q line %d = %q, want a short line labelled %s", f.Name, j, lines[j], shortName(p))
			}
		}
	}
	if s := selects(resp); len(s) != 1 || len(s[0].Options) == 0 {
		t.Error("compare has no menu of the sections it comes from")
	}
}

func TestClause(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Six years in all, starting with a one-year clinical internship.", "Six years in all"},
		{"It is long enough; and more.", "It is long enough"},
		{"It is long; and more.", "It is long; and more"}, // too short a clause to stand alone
		{"Short, then more.", "Short, then more"},
		{"No separator here.", "No separator here"},
	} {
		if got := clause(tt.in); got != tt.want {
			t.Errorf("clause(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAskAnswer(t *testing.T) {
	b := newTestBot(t, Options{})
	resp := mustHandle(t, b, slash("ask", "question", "how long is IR residency?"))
	e := resp.Data.Embeds[0]
	if e.Title != "How long is an interventional radiology residency?" {
		t.Errorf("title = %q", e.Title)
	}
	if e.Author == nil || e.Author.Name != "“how long is IR residency?”" {
		t.Errorf("author = %+v, want the question", e.Author)
	}
	// The bold is on the sentence that answers, not on the query's words.
	if !strings.HasPrefix(e.Description, "**IR residency lasts six years.**") || strings.Count(e.Description, "**") != 2 {
		t.Errorf("description = %q, want the answering sentence in bold", e.Description)
	}
	if e.Footer == nil || e.Footer.Text != "Interventional Radiology Residency Guide › FAQ · updated 2025-11-26" {
		t.Errorf("footer = %+v", e.Footer)
	}
	s := selects(resp)
	if len(s) != 1 || s[0].CustomID != "irbot:open" || len(s[0].Options) < 1 || len(s[0].Options) > maxRelated {
		t.Errorf("selects = %+v, want one menu of 1 to %d more matches", s, maxRelated)
	}
	if !contains(customIDs(resp), "irbot:share:open:faq-how-long-is-an-interventional-radiology-residency") {
		t.Errorf("custom_ids = %v, want a Share button", customIDs(resp))
	}
}

// TestShare follows the private answer's Share button: the post is
// public, credits the asker inside the embed without pinging, and has no
// Share button; with Respond, the private reply turns into a disabled
// "Shared" and the post is a follow-up.
func TestShare(t *testing.T) {
	b := newTestBot(t, Options{})
	private := mustHandle(t, b, slash("pathway", "name", "integrated"))
	var share string
	for _, btn := range buttons(private) {
		if btn.Label == "Share" {
			share = btn.CustomID
		}
	}
	if share == "" || !ephemeral(private) {
		t.Fatalf("private reply: ephemeral %v, share %q", ephemeral(private), share)
	}
	for _, id := range []string{share, strings.Replace(share, ":share:", ":post:", 1)} { // and old Post buttons
		public := mustHandle(t, b, clickOn(private, id))
		if ephemeral(public) || public.Type != discordgo.InteractionResponseChannelMessageWithSource {
			t.Errorf("%s: shared reply is type %d, ephemeral %v", id, public.Type, ephemeral(public))
		}
		if public.Data.Content != "" || !strings.HasSuffix(public.Data.Embeds[0].Description, "*Asked by <@80351110224678912>*") {
			t.Errorf("%s: content %q, description %q; want the asker named in the embed", id, public.Data.Content, public.Data.Embeds[0].Description)
		}
		js := jsonOf(t, public)
		if !strings.Contains(js, `"parse":[]`) || strings.Contains(js, `"users"`) {
			t.Errorf("shared JSON allows pings: %s", js)
		}
		if strings.Contains(flatten(public), "Share") {
			t.Error("shared reply still has Share")
		}
		if public.Data.Embeds[0].Title != private.Data.Embeds[0].Title {
			t.Errorf("shared %q, want %q", public.Data.Embeds[0].Title, private.Data.Embeds[0].Title)
		}
	}
	// Respond: the private reply is updated, Share disabled; the post
	// follows.
	r, err := b.Respond(context.Background(), clickOn(private, share))
	if err != nil || r.Now.Type != discordgo.InteractionResponseUpdateMessage || len(r.Followups) != 1 {
		t.Fatalf("Respond(share) = type %d, %d follow-ups, %v", r.Now.Type, len(r.Followups), err)
	}
	checkResponse(t, r.Now)
	var shared *discordgo.Button
	for _, btn := range buttons(r.Now) {
		if btn.CustomID == share {
			shared = &btn
		}
	}
	if shared == nil || shared.Label != "Shared" || !shared.Disabled {
		t.Errorf("after Share the button is %+v, want a disabled Shared", shared)
	}
	post := r.Followups[0]
	if err := limits.CheckMessage(post); err != nil {
		t.Error(err)
	}
	if post.Flags&discordgo.MessageFlagsEphemeral != 0 || !strings.Contains(post.Embeds[0].Description, "Asked by <@80351110224678912>") {
		t.Errorf("follow-up flags %d, description %q", post.Flags, post.Embeds[0].Description)
	}
	// Anything else Respond answers as Handle does, with no follow-up.
	if r, _ := b.Respond(context.Background(), clickOn(private, "irbot:compare")); len(r.Followups) != 0 || r.Now.Type != discordgo.InteractionResponseUpdateMessage {
		t.Errorf("Respond(compare) = type %d, %d follow-ups", r.Now.Type, len(r.Followups))
	}
	// In a DM there is no member: the share still works.
	dm := click(share)
	dm.Member, dm.User, dm.GuildID = nil, &discordgo.User{ID: "80351110224678912"}, ""
	if got := mustHandle(t, b, dm).Data.Embeds[0].Description; !strings.Contains(got, "Asked by <@80351110224678912>") {
		t.Errorf("DM share = %q", got)
	}
	// With no user at all, it says so rather than mention nobody.
	anon := click(share)
	anon.Member = nil
	if got := flatten(mustHandle(t, b, anon)); strings.Contains(got, "<@") || !strings.Contains(got, "Shared from a private answer") {
		t.Errorf("anonymous share = %q", got)
	}
}

func TestPublicOption(t *testing.T) {
	b := newTestBot(t, Options{Public: true})
	for _, i := range []*discordgo.Interaction{slash("pathway", "name", "esir"), slash("ask", "question", "how long is IR residency?"), slash("faq"), click("irbot:compare")} {
		resp := mustHandle(t, b, i)
		if ephemeral(resp) || strings.Contains(flatten(resp), "Share") {
			t.Errorf("public bot: ephemeral %v, reply %s", ephemeral(resp), flatten(resp))
		}
	}
	// Refusals stay private even on a public bot.
	if resp := mustHandle(t, b, slash("pathway", "name", "nope")); !ephemeral(resp) {
		t.Error("public bot: refusal is public")
	}
	if resp := mustHandle(t, b, slash("ask", "question", "zzzz qqqq")); !ephemeral(resp) {
		t.Error("public bot: not-found is public")
	}
}

func TestEveryReplyAllowsNoMentions(t *testing.T) {
	for _, opts := range []Options{{}, {Public: true}} {
		b := newTestBot(t, opts)
		for _, i := range []*discordgo.Interaction{
			slash("ask", "question", "@everyone what is esir"), slash("about"), slash("guide"), slash("faq"),
			slash("pathway", "name", "<@&123>"), click("irbot:post:about"), click("irbot:nonsense"), click("irbot:toc"),
		} {
			resp := mustHandle(t, b, i)
			am := resp.Data.AllowedMentions
			if am == nil || am.Parse == nil || len(am.Parse) != 0 {
				t.Errorf("AllowedMentions = %+v", am)
			}
		}
	}
}

// TestBadInput throws what users and Discord can send at Handle: each gets
// a friendly reply or a normal answer, within the limits, and no fault.
func TestBadInput(t *testing.T) {
	long := strings.Repeat("how long is IR residency ", 240) // 6000 characters
	noData := slash("ask")
	noData.Data = nil
	nilOpt := slash("ask")
	nilOpt.Data = discordgo.ApplicationCommandInteractionData{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{nil}}
	number := slash("ask")
	number.Data = discordgo.ApplicationCommandInteractionData{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionInteger, Value: 42.0}}}
	pointer := slash("ask")
	d := pointer.Data.(discordgo.ApplicationCommandInteractionData)
	d.Options = []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: 3, Value: "what is esir"}}
	pointer.Data = &d
	dm := slash("pathway", "name", "esir")
	dm.Member, dm.User, dm.GuildID = nil, &discordgo.User{ID: "1"}, ""
	nobody := slash("about")
	nobody.Member = &discordgo.Member{}
	compNoData := click("irbot:compare")
	compNoData.Data = nil
	modal := &discordgo.Interaction{Type: discordgo.InteractionModalSubmit, Data: discordgo.ModalSubmitInteractionData{CustomID: "irbot:x"}}
	weird := &discordgo.Interaction{Type: 42}
	acNoFocus := slash("ask", "question", "how")
	acNoFocus.Type = discordgo.InteractionApplicationCommandAutocomplete
	acUnknown := typing("nosuch", "x", "y")
	acAbout := typing("about", "x", "y")
	msgNoResolved := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "Find answer", CommandType: discordgo.MessageApplicationCommand, TargetID: "1"}}

	tests := []struct {
		name string
		i    *discordgo.Interaction
		want string // substring of the reply; "" for any answer
	}{
		{"blank", slash("ask", "question", ""), "Please type a question"},
		{"missing option", slash("ask"), "Please type a question"},
		{"zero-width only", slash("ask", "question", "\u200b\u200d\u2060\ufeff"), "Please type a question"},
		{"6000 characters", slash("ask", "question", long), ""},
		{"query syntax", slash("ask", "question", `+x -y title:/re/ * "unclosed ~2 ^3 AND OR NOT (`), ""},
		{"emoji", slash("ask", "question", "🩻🧑‍⚕️ how long is IR residency? 🙏"), "six years"},
		{"rtl", slash("ask", "question", "\u202eכמה זמן נמשכת ההתמחות"), ""},
		{"zero-width inside", slash("ask", "question", "how\u200b long is IR\u200d residency"), "six years"},
		{"control characters", slash("ask", "question", "how\x00long\x1b[31m is\tIR\r\nresidency"), ""},
		{"invalid utf-8", slash("ask", "question", "how long \xff\xfe is IR residency"), ""},
		{"unknown option", slash("ask", "question", "what is esir", "colour", "blue"), "ESIR"},
		{"number option", number, ""},
		{"nil option", nilOpt, "Please type a question"},
		{"pointer data", pointer, "ESIR"},
		{"no data", noData, "arrived without its details"},
		{"unknown command", slash("nosuch"), "I don't have a command called"},
		{"dm", dm, "ESIR"},
		{"member without user", nobody, "About irbot"},
		{"component without data", compNoData, "out of date"},
		{"modal", modal, "out of date"},
		{"unknown type", weird, "I don't know how to answer"},
		{"autocomplete unfocused", acNoFocus, ""},
		{"autocomplete unknown command", acUnknown, ""},
		{"autocomplete without autocomplete", acAbout, ""},
		{"message command without resolved", msgNoResolved, "couldn't read that message"},
		{"pathway blank", slash("pathway", "name", " "), "I don't know a pathway"},
		{"pathway markdown", slash("pathway", "name", "**esir**"), "ESIR"},
		{"faq unknown", slash("faq", "question", "zzzz qqqq"), "among the FAQ questions"},
		{"faq by id", slash("faq", "question", "faq-how-competitive-is-ir-residency"), "Getting into IR residency is tough"},
		{"faq by search", slash("faq", "question", "competitive"), "How competitive is IR residency?"},
		{"guide unknown", slash("guide", "section", "zzzz qqqq"), "couldn't find a section"},
		{"guide exact title", slash("guide", "section", "key takeaways"), "Key Takeaways"},
		{"guide group heading", slash("guide", "section", "FAQ"), "This section introduces:"},
	}
	b := newTestBot(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := b.Handle(context.Background(), tt.i)
			if err != nil {
				t.Errorf("Handle() error = %v, want none (a user's input is not a fault)", err)
			}
			checkResponse(t, resp)
			if got := flatten(resp); tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("reply lacks %q; got:\n%s", tt.want, got)
			}
		})
	}
	resp, err := b.Handle(context.Background(), nil)
	if err == nil {
		t.Error("Handle(nil) error = nil")
	}
	checkResponse(t, resp)
}

func TestStaleComponents(t *testing.T) {
	b := newTestBot(t, Options{})
	for _, id := range []string{
		"", "irbot", "irbot:", "irbot::", "IRBOT:open:x", "irbot:open", "irbot:open:", "irbot:open:#2", "irbot:open:nope",
		"irbot:more:faq:1", "irbot:more:faq-how-competitive-is-ir-residency:1", "irbot:more:faq-how-competitive-is-ir-residency:x",
		"irbot:more:faq-how-competitive-is-ir-residency:-1", "irbot:more:faq-how-competitive-is-ir-residency:01", "irbot:more::0",
		"irbot:pathway:", "irbot:pathway:fellowship", "irbot:compare:extra", "irbot:faq:x", "irbot:toc:1", "irbot:about:x",
		"irbot:post", "irbot:post:", "irbot:post:post:compare", "irbot:post:nope", "irbot:post:open:nope", "irbot:delete:everything",
		"irbot:open:" + strings.Repeat("x", 200), "irbot:\xff", "other:open:x",
	} {
		resp := mustHandle(t, b, click(id))
		if !strings.Contains(flatten(resp), "That button is out of date") || !ephemeral(resp) {
			t.Errorf("click %q = %s, want the out-of-date notice", id, flatten(resp))
		}
	}
	// A select whose value names no passage is stale too.
	if resp := mustHandle(t, b, click("irbot:open", "removed-passage")); !strings.Contains(flatten(resp), "out of date") {
		t.Errorf("select of a removed passage = %s", flatten(resp))
	}
}

// TestEveryButtonWorks follows every custom_id that the main views offer
// and checks that it opens something rather than the stale notice.
func TestEveryButtonWorks(t *testing.T) {
	b := newTestBot(t, Options{})
	start := []*discordgo.Interaction{
		slash("ask", "question", "how long is IR residency?"), slash("faq"), slash("guide"), slash("about"),
		slash("pathway", "name", "integrated"), slash("pathway", "name", "compare"), slash("guide", "section", "FAQ"),
	}
	for _, i := range start {
		resp := mustHandle(t, b, i)
		for _, btn := range buttons(resp) {
			got := mustHandle(t, b, click(btn.CustomID))
			if strings.Contains(flatten(got), "out of date") {
				t.Errorf("button %q of %v is stale", btn.CustomID, i.Data)
			}
		}
		for _, s := range selects(resp) {
			for _, o := range s.Options {
				got := mustHandle(t, b, click(s.CustomID, o.Value))
				if strings.Contains(flatten(got), "out of date") {
					t.Errorf("select %q option %q is stale", s.CustomID, o.Value)
				}
			}
		}
	}
}

func TestAutocomplete(t *testing.T) {
	b := newTestBot(t, Options{})
	faq := guide(t).FAQ()
	tests := []struct {
		cmd, option, typed string
		want               []string // choice names that must be offered
		wantValue          string   // a value that must be offered
	}{
		{"ask", "question", "how lo", []string{"How long is an interventional radiology residency?"}, "How long is an interventional radiology residency?"},
		{"ask", "question", "", []string{faq[0].Title}, faq[0].Title},
		{"ask", "question", "qqqqzz", []string{"qqqqzz"}, "qqqqzz"},
		{"ask", "question", strings.Repeat("long ", 100), nil, ""},
		{"pathway", "name", "", []string{"Integrated IR Residency", "Compare all three side by side"}, "compare"},
		{"pathway", "name", "ES", []string{"Early Specialization in IR (ESIR)"}, "esir"},
		{"pathway", "name", "spec", []string{"Early Specialization in IR (ESIR)"}, "esir"},
		{"pathway", "name", "IR res", []string{"Integrated IR Residency", "Independent IR Residency"}, "independent"},
		{"pathway", "name", "early spec", []string{"Early Specialization in IR (ESIR)"}, "esir"},
		{"pathway", "name", "6-ye", []string{"Integrated IR Residency — “6-year”"}, "integrated"},
		{"pathway", "name", "comp", []string{"Compare all three side by side"}, "compare"},
		{"pathway", "name", "zzz", []string{"Integrated IR Residency", "Independent IR Residency"}, "esir"},
		{"faq", "question", "", []string{faq[0].Title}, faq[0].ID},
		{"faq", "question", "competitive", []string{"How competitive is IR residency?"}, "faq-how-competitive-is-ir-residency"},
		{"guide", "section", "", []string{"Introduction"}, ""},
		{"guide", "section", "research", []string{"Research Requirements"}, ""},
		{"guide", "section", "how long", []string{"FAQ: How long is an interventional radiology residency?"}, ""},
	}
	for _, tt := range tests {
		resp := mustHandle(t, b, typing(tt.cmd, tt.option, tt.typed))
		if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Fatalf("/%s %q: type %d", tt.cmd, tt.typed, resp.Type)
		}
		names, values := map[string]bool{}, map[string]bool{}
		for _, c := range resp.Data.Choices {
			names[c.Name] = true
			values[c.Value.(string)] = true
		}
		for _, w := range tt.want {
			if !names[w] {
				t.Errorf("/%s %s:%q offers %v, want %q", tt.cmd, tt.option, tt.typed, names, w)
			}
		}
		if tt.cmd == "pathway" && tt.typed == "ES" && len(resp.Data.Choices) != 1 {
			t.Errorf("/pathway name:ES offers %v, want ESIR alone", names)
		}
		if tt.wantValue != "" && !values[tt.wantValue] {
			t.Errorf("/%s %s:%q values %v, want %q", tt.cmd, tt.option, tt.typed, values, tt.wantValue)
		}
	}
}

// TestAutocompleteValuesWork checks that what autocomplete offers, /ask,
// /faq and /guide accept.
func TestAutocompleteValuesWork(t *testing.T) {
	b := newTestBot(t, Options{})
	for _, c := range []struct{ cmd, option string }{{"ask", "question"}, {"faq", "question"}, {"guide", "section"}, {"pathway", "name"}} {
		resp := mustHandle(t, b, typing(c.cmd, c.option, ""))
		for _, ch := range resp.Data.Choices {
			got := flatten(mustHandle(t, b, slash(c.cmd, c.option, ch.Value.(string))))
			if strings.Contains(got, "couldn't find") || strings.Contains(got, "don't know") {
				t.Errorf("/%s %s:%q (offered as %q) = %s", c.cmd, c.option, ch.Value, ch.Name, got)
			}
		}
	}
}

func TestFaults(t *testing.T) {
	kb := guide(t)
	tests := []struct {
		name string
		s    *fakeSearcher
	}{
		{"error", &fakeSearcher{passages: kb.Passages, err: errBoom}},
		{"panic", &fakeSearcher{passages: kb.Passages, panics: true}},
	}
	for _, tt := range tests {
		b := New(kb, tt.s, Options{}, nil)
		resp, err := b.Handle(context.Background(), slash("ask", "question", "how long"))
		checkResponse(t, resp)
		if err == nil || !ephemeral(resp) || !strings.Contains(resp.Data.Content, "something went wrong") {
			t.Errorf("%s: Handle() = %s, %v; want the apology and an error", tt.name, flatten(resp), err)
		}
		resp, err = b.Handle(context.Background(), typing("ask", "question", "how"))
		checkResponse(t, resp)
		if err == nil || resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(resp.Data.Choices) != 0 {
			t.Errorf("%s: autocomplete = %+v, %v; want no choices and an error", tt.name, resp, err)
		}
	}
}

func TestRateLimit(t *testing.T) {
	b := newTestBot(t, Options{RateEvery: time.Hour, RateBurst: 2})
	for n := range 3 {
		resp := mustHandle(t, b, slash("about"))
		slow := strings.Contains(resp.Data.Content, "a little fast")
		if slow != (n == 2) {
			t.Errorf("command %d: slowed %v", n+1, slow)
		}
	}
	// Autocomplete is never limited, and other users have their own bucket.
	if resp := mustHandle(t, b, typing("ask", "question", "how")); resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Error("autocomplete was limited")
	}
	other := slash("about")
	other.Member.User.ID = "2"
	if resp := mustHandle(t, b, other); strings.Contains(resp.Data.Content, "a little fast") {
		t.Error("another user was limited")
	}
}

func TestEmptyKnowledge(t *testing.T) {
	b := New(nil, nil, Options{}, nil)
	for _, i := range []*discordgo.Interaction{
		slash("ask", "question", "how long"), slash("faq"), slash("guide"), slash("about"), slash("pathway", "name", "esir"),
		click("irbot:compare"), click("irbot:toc"), click("irbot:faq"), typing("ask", "question", ""), typing("pathway", "name", ""),
	} {
		resp, err := b.Handle(context.Background(), i)
		if err != nil {
			t.Errorf("empty bot: Handle() error = %v", err)
		}
		checkResponse(t, resp)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestBuildVersion: /about's version is the one given, else what Go
// recorded in the binary, never "dev".
func TestBuildVersion(t *testing.T) {
	info := func(main string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: main}, Settings: settings}, true
		}
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "91732db0123456789abcdef"}
	for _, tt := range []struct {
		given string
		info  func() (*debug.BuildInfo, bool)
		want  string
	}{
		{"v1.2.3", info("(devel)"), "v1.2.3"},
		{"dev", info("v0.0.0-20261129001400-91732db01234"), "v0.0.0-20261129001400-91732db01234"},
		{"", info("(devel)", rev), "91732db01234"},
		{"dev", info("(devel)", rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "91732db01234 (modified)"},
		{"dev", info("(devel)"), "unversioned build, go1.26.0"},
		{"", func() (*debug.BuildInfo, bool) { return nil, false }, "unversioned build"},
	} {
		if got := buildVersion(tt.given, tt.info); got != tt.want {
			t.Errorf("buildVersion(%q) = %q, want %q", tt.given, got, tt.want)
		}
	}
}
