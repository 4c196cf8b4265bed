package index

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/irbot/irbot/knowledge"
)

// TestEveryTitleFindsItself searches every heading of the real guide in
// its own words and wants its passage in the first three: every heading
// is indexed verbatim, the odd ones ("FAQ", "References") included.
func TestEveryTitleFindsItself(t *testing.T) {
	x := newDefault(t)
	for _, p := range x.passages {
		res, err := x.Search(context.Background(), p.Title, 5)
		hits := res.Hits
		if err != nil {
			t.Fatalf("Search(%q): %v", p.Title, err)
		}
		rank := -1
		for i, h := range hits {
			if h.Passage.ID == p.ID {
				rank = i
				break
			}
		}
		if rank < 0 || rank > 2 {
			var got []string
			for _, h := range hits {
				got = append(got, h.Passage.Title)
			}
			t.Errorf("Search(%q) = %q, want %s in the first 3", p.Title, got, p.ID)
		}
	}
}

// fixture is a small knowledge for unit tests.
func fixture() []knowledge.Passage {
	return []knowledge.Passage{
		{ID: "overview", Title: "Overview of Training", Kind: knowledge.KindGuide, Level: 2, Document: "Guide",
			Body: "Training lasts **six years**. It starts with an internship.\n\n- Vascular interventions\n- Biopsy and drainage\n"},
		{ID: "table", Title: "Procedure Table", Kind: knowledge.KindGuide, Level: 2, Document: "Guide",
			Body: "| Procedure | Level |\n| --- | --- |\n| Embolization | Expert |\n| Biopsy | Intermediate |\n"},
		{ID: "quote", Title: "Expert Opinion", Kind: knowledge.KindGuide, Level: 2, Document: "Guide",
			Body: "> “Fellowship training_is* valuable`.” \n>\n> — An expert\n\nSo says an | expert > everyone."},
		{ID: "faq", Title: "FAQ", Kind: knowledge.KindGuide, Level: 2, Document: "Guide"},
		{ID: "faq-long", Title: "How long is training?", Path: []string{"FAQ"}, Kind: knowledge.KindFAQ, Level: 3, Document: "Guide",
			Body: "Six years in all."},
		{ID: "faq-accredit", Title: "Who accredits programs?", Path: []string{"FAQ"}, Kind: knowledge.KindFAQ, Level: 3, Document: "Guide",
			Body: "The ACGME accredits residency programs."},
	}
}

func newFixture(tb testing.TB, opts Options) *Index {
	tb.Helper()
	x, err := New(fixture(), opts)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	tb.Cleanup(func() { x.Close() })
	return x
}

func TestNewRejectsDuplicateIDs(t *testing.T) {
	ps := fixture()
	ps[1].ID = ps[0].ID
	if _, err := New(ps, Options{}); err == nil {
		t.Fatal("New with a duplicate ID: nil error, want one")
	}
}

func TestPassage(t *testing.T) {
	x := newFixture(t, Options{})
	if p, ok := x.Passage("table"); !ok || p.Title != "Procedure Table" {
		t.Errorf("Passage(table) = %q, %v, want Procedure Table, true", p.Title, ok)
	}
	if _, ok := x.Passage("nope"); ok {
		t.Error("Passage(nope) found something")
	}
}

func TestSearchFixture(t *testing.T) {
	x := newFixture(t, Options{Synonyms: []knowledge.SynonymGroup{{"acgme", "accreditation council"}, {"embolisation", "embolization"}}})
	for _, tc := range []struct {
		q    string
		want string // first hit's ID; "" for none
	}{
		{"embolisation", "table"},
		{"embolizaton", "table"}, // typo
		{"accreditation council", "faq-accredit"},
		{"who accredits programs", "faq-accredit"},
		{"internship", "overview"},
		{"fellowship", "quote"},
		{"pizza recipes", ""},
		{"best good", ""},
		{"", ""},
		{"   ", ""},
		{`+title:"x" -y /re/ * ~ ^2 AND OR`, ""},
	} {
		hits, err := x.answer(context.Background(), tc.q, 3)
		if err != nil {
			t.Fatalf("Search(%q): %v", tc.q, err)
		}
		got := ""
		if len(hits) > 0 {
			got = hits[0].Passage.ID
		}
		if got != tc.want {
			t.Errorf("Search(%q) first = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestSearchLimit(t *testing.T) {
	x := newDefault(t)
	for _, limit := range []int{1, 2, 5, 100} {
		hits, err := x.hits(context.Background(), "IR residency training program", limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || len(hits) > limit {
			t.Errorf("Search(limit %d) gave %d hits", limit, len(hits))
		}
	}
	hits, _ := x.hits(context.Background(), "IR residency", 0)
	if len(hits) > DefaultLimit {
		t.Errorf("Search(limit 0) gave %d hits, want at most %d", len(hits), DefaultLimit)
	}
}

func TestSearchCancelled(t *testing.T) {
	x := newFixture(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := x.hits(ctx, "training", 3); err == nil {
		t.Error("Search with a cancelled context: nil error")
	}
}

func TestSearchLongQuery(t *testing.T) {
	x := newDefault(t)
	q := strings.Repeat("how long is the integrated IR residency and what about ESIR accreditation? ", 80)
	hits, err := x.hits(context.Background(), q, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Error("no hits for a long in-scope question")
	}
}

// TestBleveSynonyms checks that Bleve's own thesaurus works in the
// in-memory index (it does only when synonyms and passages share a batch).
// Bleve gets only the words the knowledge has (see bleveSynonyms), so the
// group here is two words of the fixture, odd as synonyms.
func TestBleveSynonyms(t *testing.T) {
	x := newFixture(t, Options{Synonyms: []knowledge.SynonymGroup{{"intermediate", "valuable"}}})
	q := bleve.NewMatchQuery("valuable")
	q.SetField("body")
	res, err := x.bleve.Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if len(got) != 2 || !slices.Contains(got, "table") {
		t.Errorf("Bleve search for a synonym found %v, want the table and quote passages", got)
	}
}

func TestEmptyIndex(t *testing.T) {
	x, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	hits, err := x.hits(context.Background(), "how long is IR residency", 5)
	if err != nil || len(hits) != 0 {
		t.Errorf("Search on an empty index = %v, %v; want no hits, no error", hits, err)
	}
	ps, err := x.Complete(context.Background(), "", "", 5)
	if err != nil || len(ps) != 0 {
		t.Errorf("Complete on an empty index = %v, %v", ps, err)
	}
}

// TestRelated checks that Options.Related expands a query: "certifies"
// is no word of the fixture, but when it is related to "accredits" it is
// searched as that, at relatedWeight.
func TestRelated(t *testing.T) {
	related := []knowledge.SynonymGroup{{"accredits", "certifies"}}
	for _, tc := range []struct {
		opts  Options
		class string
		alts  []string
	}{
		{Options{}, "unknown", nil},
		{Options{Related: related}, "domain", []string{"accredits"}},
	} {
		x := newFixture(t, tc.opts)
		tr, res, err := x.Explain(context.Background(), "who certifies residency programs", 3)
		if err != nil {
			t.Fatal(err)
		}
		c := tr.Concepts[0]
		if c.Words != "certifies" || c.Class != tc.class || !slices.Equal(c.Alternatives, tc.alts) {
			t.Errorf("with Related %q: first concept = %+v, want certifies, %s, %q", tc.opts.Related, c, tc.class, tc.alts)
		}
		if len(res.Hits) == 0 || res.Hits[0].Passage.ID != "faq-accredit" {
			t.Errorf("with Related %q: hits %q, want faq-accredit first", tc.opts.Related, titles(res.Hits))
		}
	}
}

// answer searches and returns the hits of a confident answer: none when
// the confidence is Low or None.
func (x *Index) answer(ctx context.Context, q string, limit int) ([]Hit, error) {
	res, err := x.Search(ctx, q, limit)
	if err != nil || res.Confidence != High {
		return nil, err
	}
	return res.Hits, nil
}

// hits searches and returns the hits whatever the confidence.
func (x *Index) hits(ctx context.Context, q string, limit int) ([]Hit, error) {
	res, err := x.Search(ctx, q, limit)
	return res.Hits, err
}

// TestKey: questions that differ only in chat, typos, shorthand, case and
// word order share a key; questions about other things do not.
func TestKey(t *testing.T) {
	x := newDefault(t)
	key := func(q string) string {
		t.Helper()
		res, err := x.Search(context.Background(), q, 1)
		if err != nil {
			t.Fatal(err)
		}
		return res.Key
	}
	same := [][2]string{
		{"how long is IR residency", "how long is IR residency lol"},
		{"how long is IR residency", "IR residency, how long is it??"},
		{"how long is ir residency", "how long is IR residncy"},
		{"what do you do in a prelim year", "what do u do in a prelim year"},
	}
	for _, p := range same {
		if a, b := key(p[0]), key(p[1]); a == "" || a != b {
			t.Errorf("Key(%q) = %q, Key(%q) = %q; want the same", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{
		{"how long is IR residency", "how competitive is IR residency"},
		{"what is ESIR", "what is DR"},
	}
	for _, p := range differ {
		if a, b := key(p[0]), key(p[1]); a == b {
			t.Errorf("Key(%q) = Key(%q) = %q; want different keys", p[0], p[1], a)
		}
	}
	if k := key("lol"); k != "" {
		t.Errorf("Key of chat alone = %q, want empty", k)
	}
}
