package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/knowledge"
)

// bigBase is knowledge at the edges of every limit: a passage pages long,
// headings longer than any title or label, markdown in headings, more FAQ
// entries than a select holds and more sections than five selects hold.
func bigBase() *knowledge.Base {
	doc := knowledge.Document{Title: "Big *Guide* " + strings.Repeat("T", 300), Source: strings.Repeat("source ", 400), Author: "A. Uthor", Updated: "2025-01-02"}
	var ps []knowledge.Passage
	add := func(p knowledge.Passage) {
		p.Document = doc.Title
		ps = append(ps, p)
	}
	longBody := strings.Repeat("This paragraph talks about residency at some length, sentence after sentence. ", 40)
	add(knowledge.Passage{ID: "long", Title: "Long section", Kind: knowledge.KindGuide, Level: 2,
		Body: strings.Join([]string{longBody, longBody, longBody, "| A | B |\n| --- | --- |\n| x | y |"}, "\n\n")})
	add(knowledge.Passage{ID: "huge-title", Title: strings.Repeat("Very long heading words ", 20), Kind: knowledge.KindGuide, Level: 2, Body: "Body with @everyone and <@1>."})
	add(knowledge.Passage{ID: "md-title", Title: "*Stars* _and_ `ticks` | pipes", Kind: knowledge.KindGuide, Level: 3, Path: []string{"Long section"}, Body: "x"})
	add(knowledge.Passage{ID: "faq", Title: "FAQ", Kind: knowledge.KindGuide, Level: 2})
	for i := range 30 {
		add(knowledge.Passage{ID: fmt.Sprintf("faq-%d", i), Title: fmt.Sprintf("Question number %d about residency %s?", i, strings.Repeat("and more ", i)), Kind: knowledge.KindFAQ, Level: 3, Path: []string{"FAQ"}, Body: "Answer."})
	}
	for i := range 120 {
		add(knowledge.Passage{ID: fmt.Sprintf("s-%d", i), Title: fmt.Sprintf("Section %d", i), Kind: knowledge.KindGuide, Level: 2 + i%3, Body: "Some text."})
	}
	doc.Passages = ps
	long := knowledge.Fact{Text: strings.Repeat("A long fact. ", 100), Sources: []string{"Long section"}}
	var pathways []knowledge.Pathway
	for i := range 7 {
		p := knowledge.Pathway{Key: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Pathway %d (P%d)", i, i), Summary: long, Length: long, Certification: long}
		for j := range 12 {
			p.Stages = append(p.Stages, knowledge.Stage{Name: fmt.Sprintf("Stage %d", j), When: "Later", Fact: long})
			p.Differences = append(p.Differences, long)
		}
		pathways = append(pathways, p)
	}
	return &knowledge.Base{Documents: []knowledge.Document{doc}, Passages: ps, Pathways: pathways}
}

// TestLimitsAtTheEdges renders everything over bigBase: every reply must
// still fit, cut where it has to.
func TestLimitsAtTheEdges(t *testing.T) {
	kb := bigBase()
	b := New(kb, &fakeSearcher{passages: kb.Passages}, Options{Version: strings.Repeat("v", 3000)}, nil)
	for _, i := range []step{
		{slash("guide"), nil}, {slash("faq"), nil}, {slash("about"), nil},
		{slash("guide", "section", "long"), []string{"Read more (2/", "irbot:more:long:1"}},
		{click("irbot:more:long:1"), []string{"Long section (2/"}},
		{click("irbot:post:more:long:1"), []string{"Asked by"}},
		{click("irbot:share:more:long:1"), []string{"Asked by"}},
		{click("irbot:toc:long"), []string{"Stars"}},
		{click("irbot:pathway:p0:timeline"), nil}, {click("irbot:pathway:p0:differs"), nil}, {click("irbot:pathway:p0:boards"), nil},
		{slash("guide", "section", "huge-title"), nil},
		{slash("guide", "section", "md-title"), nil},
		{slash("guide", "section", "FAQ"), []string{"This section introduces:"}},
		{slash("ask", "question", "residency"), nil},
		{slash("pathway", "name", "p0"), nil},
		{slash("pathway", "name", "compare"), []string{"Showing 6 of 7 pathways"}},
		{typing("ask", "question", ""), nil}, {typing("faq", "question", "question"), nil},
		{typing("guide", "section", "section"), nil}, {typing("pathway", "name", ""), nil},
	} {
		resp := mustHandle(t, b, i.i)
		got := flatten(resp)
		for _, w := range i.want {
			if !strings.Contains(got, w) {
				t.Errorf("%v: reply lacks %q:\n%s", i.i.Data, w, got)
			}
		}
	}
	// The table of contents lists the chapters (43 top-level headings) in
	// menus with distinct custom_ids; choosing one lists its sections.
	toc := mustHandle(t, b, slash("guide"))
	if ids := customIDs(toc); !contains(ids, "irbot:toc") || !contains(ids, "irbot:toc:#2") {
		t.Errorf("toc custom_ids = %v, want two chapter menus", ids)
	}
	ch := mustHandle(t, b, click("irbot:toc:#2", "faq"))
	if got := flatten(ch); !strings.Contains(got, "30 sections") || !strings.Contains(got, "[All chapters] irbot:toc") {
		t.Errorf("FAQ chapter:\n%s", got)
	}
	if ids := customIDs(ch); !contains(ids, "irbot:open") || !contains(ids, "irbot:open:#2") {
		t.Errorf("FAQ chapter custom_ids = %v, want its 30 sections in two menus", ids)
	}
	// Thirty FAQ questions take two menus with distinct custom_ids.
	faq := mustHandle(t, b, slash("faq"))
	if ids := customIDs(faq); !contains(ids, "irbot:open") || !contains(ids, "irbot:open:#2") {
		t.Errorf("faq custom_ids = %v", ids)
	}
	// Every page of the long passage opens, and the page after the last is
	// stale.
	n := len(pages(kb.Passages[0].Body, pageSize))
	for p := 1; p < n; p++ {
		if got := flatten(mustHandle(t, b, click(fmt.Sprintf("irbot:more:long:%d", p)))); strings.Contains(got, "out of date") {
			t.Errorf("page %d is stale", p)
		}
	}
	if got := flatten(mustHandle(t, b, click(fmt.Sprintf("irbot:more:long:%d", n)))); !strings.Contains(got, "out of date") {
		t.Errorf("page %d (past the end) = %s", n, got)
	}
}

// step is an interaction and what its reply must say.
type step struct {
	i    *discordgo.Interaction
	want []string
}
