package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/irbot/irbot/knowledge"
)

// DefaultLimit is how many hits Search returns when asked for none.
const DefaultLimit = 5

// Names inside the Bleve index.
const (
	wordsAnalyzer     = "irbot_words"
	synonymSource     = "irbot_synonyms"
	synonymCollection = "irbot"
	// synonymIDPrefix keeps synonym documents' IDs apart from passages'.
	synonymIDPrefix = "synonym:"
)

// field is one indexed field of a passage and how much a match in it
// counts.
type field struct {
	name  string
	boost float64
}

// searchFields are the indexed fields: a heading says what a passage is
// about far better than a word somewhere in its body; the parent headings
// say it as well as the body does, so that a subsection ("Required
// Procedural Training" under the ESIR heading) holds its section's subject
// as firmly as a hub that repeats it.
func searchFields() [3]field {
	return [...]field{{"title", 3}, {"path", 1}, {"body", 1}}
}

// Options tunes an index.
type Options struct {
	// Synonyms are groups of words and phrases a query may use for one
	// another; multi-word phrases are fine.
	Synonyms []knowledge.SynonymGroup
	// Related are groups of looser equivalents ("how many years",
	// "length"): a query matching one is also searched for the others,
	// but they count relatedWeight of the user's own words.
	Related []knowledge.SynonymGroup
	// OffTopic are subjects the passages do not cover: a query naming one
	// gets no answer. Terms some passage holds are ignored.
	OffTopic []knowledge.SynonymGroup
	// MaxQueryTerms caps the concepts (words or synonym phrases) of one
	// query that are searched, keeping long questions cheap; 0 means 16.
	MaxQueryTerms int
}

// OptionsFor returns the options that search a knowledge base as it
// asks: its synonyms, related terms and off-topic subjects.
func OptionsFor(b *knowledge.Base) Options {
	return Options{Synonyms: b.Synonyms, Related: b.Related, OffTopic: b.OffTopic}
}

// Index searches passages. It is safe for concurrent use.
type Index struct {
	bleve    bleve.Index
	wa       wordAnalyzer
	passages []knowledge.Passage
	data     []passageData
	byID     map[string]int
	// offTopic are the stems of off-topic terms (see Options.OffTopic)
	// that no passage holds.
	offTopic [][]string
	vocab    *vocabulary
	thes     *thesaurus
	generic  map[string]bool
	// groupDF is, for a one-word synonym, the number of passages holding
	// any phrase of its group.
	groupDF map[string]int
	// spelled maps shorthand the knowledge lacks to its word (see
	// thesaurus.spellings).
	spelled     map[string]token
	maxConcepts int
	titles      []completion
	w           weights
	// answers are the answer types; answerOf maps a thesaurus group of
	// their cues to its type.
	answers  []answerType
	answerOf map[int]int
}

// passageData is what ranking and snippets need of a passage, analysed
// once when the index is built.
type passageData struct {
	title, body map[string]bool
	// titleStems are the title's content stems, without repeats, and
	// titleWeights their weights (see Index.stemWeight).
	titleStems   []string
	titleWeights []float64
	// titleAsks says which question words (see questionWords) a title
	// asks with, for FAQ entries: bit k for questionWords[k].
	titleAsks uint8
	// segments are the body's plain text; sentences split them.
	segments  []string
	sentences []sentence
	// children are the titles of the passages directly under this one.
	children []string
	// context are the stems of the headings above the passage: a section
	// is about its parents' subject too ("Required Procedural Training"
	// under the ESIR heading is about ESIR).
	context map[string]bool
}

// holdsAny reports whether the passage (title or body) holds every stem of
// at least one of the phrases.
func (d *passageData) holdsAny(alts []phrase) bool {
	for _, a := range alts {
		if len(a.stems) > 0 && (holdsAll(d.title, a.stems) || holdsAll(d.body, a.stems)) {
			return true
		}
	}
	return false
}

// titleMask has bit k set for titleStems[k] when stems holds it (the
// first 64 title stems only, more than any heading has).
func (d *passageData) titleMask(stems []string) uint64 {
	var m uint64
	for k, t := range d.titleStems {
		if k == 64 {
			break
		}
		if slices.Contains(stems, t) {
			m |= 1 << k
		}
	}
	return m
}

func holdsAll(set map[string]bool, stems []string) bool {
	for _, s := range stems {
		if !set[s] {
			return false
		}
	}
	return true
}

// New indexes passages. Passage IDs must be unique. The index lives in
// memory; Close releases it.
func New(passages []knowledge.Passage, opts Options) (*Index, error) {
	m, err := newMapping(len(opts.Synonyms) > 0)
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	wa, err := newWordAnalyzer(m)
	if err != nil {
		return nil, err
	}
	x := &Index{
		wa:          wa,
		passages:    passages,
		byID:        make(map[string]int, len(passages)),
		vocab:       newVocabulary(),
		generic:     genericStems(wa),
		maxConcepts: opts.MaxQueryTerms,
		w:           defaultWeights(),
		answers:     answerTypes(),
	}
	if x.maxConcepts <= 0 {
		x.maxConcepts = defaultMaxConcepts
	}
	md := newMarkdown()
	x.data = make([]passageData, len(passages))
	for i, p := range passages {
		if _, dup := x.byID[p.ID]; dup {
			return nil, fmt.Errorf("index: passage ID %q appears twice", p.ID)
		}
		x.byID[p.ID] = i
		d := &x.data[i]
		d.segments = plainSegments(md, p.Body)
		for si, seg := range d.segments {
			for _, s := range sentences(seg) {
				words := wa.content(s)
				stems := make(map[string]bool, len(words))
				for _, w := range words {
					stems[w.stem] = true
				}
				d.sentences = append(d.sentences, sentence{text: s, seg: si, stems: stems, words: words})
			}
		}
		d.title = x.stemSet(p.Title, true)
		d.context = x.stemSet(strings.Join(p.Path, "\n"), true)
		d.body = x.stemSet(strings.Join(d.segments, " "), true)
		for _, a := range answers(x.answers, p.Title) {
			d.title[a] = true
		}
		for _, a := range answers(x.answers, strings.Join(d.segments, "\n")) {
			d.body[a] = true
		}
		d.titleAsks = asks(wa.tokens(p.Title))
		seen := make(map[string]bool)
		for _, t := range wa.content(p.Title) {
			if !seen[t.stem] {
				seen[t.stem] = true
				d.titleStems = append(d.titleStems, t.stem)
			}
		}
		own := make(map[string]bool, len(d.title)+len(d.body))
		for s := range d.title {
			own[s] = true
		}
		for s := range d.body {
			own[s] = true
		}
		x.vocab.addPassage(own)
	}
	x.linkChildren()
	x.offTopic = x.offTopicTerms(opts.OffTopic)
	x.thes = newThesaurus(wa, opts.Synonyms, append(slices.Clip(opts.Related), cueGroups(x.answers)...))
	x.answerOf = answerGroups(wa, x.answers, x.thes)
	x.spelled = x.thes.spellings(x.vocab)
	for _, g := range x.thes.groups {
		for _, p := range g {
			for _, w := range p.words {
				if !w.stop {
					x.vocab.addWord(w)
				}
			}
		}
	}
	x.vocab.finish()
	x.groupDF = make(map[string]int)
	for _, g := range x.thes.groups {
		var synonyms []phrase
		for _, p := range g {
			if p.weight == 1 {
				synonyms = append(synonyms, p)
			}
		}
		if len(synonyms) < 2 {
			continue
		}
		df := x.df(synonyms)
		for _, p := range synonyms {
			if len(p.stems) == 1 {
				x.groupDF[p.stems[0]] = max(x.groupDF[p.stems[0]], df)
			}
		}
	}
	for i := range x.data {
		d := &x.data[i]
		d.titleWeights = make([]float64, len(d.titleStems))
		for k, s := range d.titleStems {
			d.titleWeights[k] = x.stemWeight(s)
		}
	}
	x.titles = newCompletions(passages)

	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	// One batch: in-memory scorch keeps every batch as its own segment, and
	// synonyms are only found in the segment that holds their documents.
	b := bi.NewBatch()
	for i, g := range bleveSynonyms(m, opts.Synonyms, x.vocab) {
		if err := b.IndexSynonym(fmt.Sprintf("%s%d", synonymIDPrefix, i), synonymCollection, g); err != nil {
			bi.Close()
			return nil, fmt.Errorf("index synonym group %d: %w", i, err)
		}
	}
	for i, p := range passages {
		var stated []string
		for _, a := range x.answers {
			if x.data[i].title[a.name] || x.data[i].body[a.name] {
				stated = append(stated, strings.TrimPrefix(a.name, "#"))
			}
		}
		doc := map[string]any{
			"title":      p.Title,
			"path":       strings.Join(p.Path, "\n"),
			"body":       strings.Join(x.data[i].segments, "\n"),
			answersField: stated,
		}
		if err := b.Index(p.ID, doc); err != nil {
			bi.Close()
			return nil, fmt.Errorf("index passage %s: %w", p.ID, err)
		}
	}
	if err := bi.Batch(b); err != nil {
		bi.Close()
		return nil, fmt.Errorf("index passages: %w", err)
	}
	x.bleve = bi
	return x, nil
}

// stemSet analyses s into its content stems; learn adds its words to the
// vocabulary typo correction chooses from.
func (x *Index) stemSet(s string, learn bool) map[string]bool {
	set := make(map[string]bool)
	for _, t := range x.wa.content(s) {
		set[t.stem] = true
		if learn {
			x.vocab.addWord(t)
		}
	}
	return set
}

// linkChildren records, for every passage, the titles of the passages
// directly under it, which stand in for an empty body in snippets.
func (x *Index) linkChildren() {
	for i, p := range x.passages {
		for j := i - 1; j >= 0; j-- {
			parent := x.passages[j]
			if parent.Document == p.Document && len(parent.Path)+1 == len(p.Path) &&
				p.Path[len(p.Path)-1] == parent.Title && equalPaths(parent.Path, p.Path[:len(parent.Path)]) {
				x.data[j].children = append(x.data[j].children, p.Title)
				break
			}
		}
	}
}

func equalPaths(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// newMapping is the Bleve mapping: BM25 scoring, and title, path and body
// analysed as English (stemming, stop words), with the synonym source on
// each when there are synonyms.
func newMapping(synonyms bool) (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = en.AnalyzerName
	if err := m.AddCustomAnalyzer(wordsAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, porter.Name},
	}); err != nil {
		return nil, err
	}
	if synonyms {
		if err := m.AddSynonymSource(synonymSource, map[string]any{
			"collection": synonymCollection,
			"analyzer":   en.AnalyzerName,
		}); err != nil {
			return nil, err
		}
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range searchFields() {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = en.AnalyzerName
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = true // phrase queries need positions
		if synonyms {
			fm.SynonymSource = synonymSource
		}
		dm.AddFieldMappingsAt(f.name, fm)
	}
	am := bleve.NewTextFieldMapping()
	am.Analyzer = keyword.Name
	am.Store = false
	am.IncludeInAll = false
	dm.AddFieldMappingsAt(answersField, am)
	m.DefaultMapping = dm
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

func newWordAnalyzer(m *mapping.IndexMappingImpl) (wordAnalyzer, error) {
	a := m.AnalyzerNamed(wordsAnalyzer)
	if a == nil {
		return wordAnalyzer{}, errors.New("index: word analyzer missing")
	}
	stop := analysis.NewTokenMap()
	if err := stop.LoadBytes(en.EnglishStopWords); err != nil {
		return wordAnalyzer{}, fmt.Errorf("index: stop words: %w", err)
	}
	return wordAnalyzer{words: a, stop: stop}, nil
}

// bleveSynonyms turns the groups into Bleve synonym definitions. Bleve's
// thesaurus holds single words only (it drops phrases), so each group
// keeps its one-word terms; the thesaurus type expands phrases. Words the
// knowledge lacks are left out: parse reads them as a word it has (see
// thesaurus.spellings), and a Bleve synonym costs the word its phrase
// matches (Bleve 2.6 finds no phrase holding a word that has synonyms).
func bleveSynonyms(m *mapping.IndexMappingImpl, groups []knowledge.SynonymGroup, v *vocabulary) []*bleve.SynonymDefinition {
	a := m.AnalyzerNamed(en.AnalyzerName)
	var defs []*bleve.SynonymDefinition
	for _, g := range groups {
		var words []string
		for _, term := range g {
			if ts := a.Analyze([]byte(term)); len(ts) == 1 && v.known(string(ts[0].Term)) {
				words = append(words, term)
			}
		}
		if len(words) >= 2 {
			defs = append(defs, &bleve.SynonymDefinition{Synonyms: words})
		}
	}
	return defs
}

// bleveRequest asks for every matching passage, best first, with no
// stored fields: ranking happens on top, in rank.
func bleveRequest(q query.Query, n int) *bleve.SearchRequest {
	return bleve.NewSearchRequestOptions(q, n, 0, false)
}

// Close releases the index.
func (x *Index) Close() error {
	return x.bleve.Close()
}

// Passage returns the passage with the given ID.
func (x *Index) Passage(id string) (knowledge.Passage, bool) {
	i, ok := x.byID[id]
	if !ok {
		return knowledge.Passage{}, false
	}
	return x.passages[i], true
}

// Len returns the number of passages indexed.
func (x *Index) Len() int { return len(x.passages) }

// Search returns the passages that best answer query, best first, at most
// limit of them (DefaultLimit when limit <= 0). It returns no hits, and no
// error, when the knowledge does not answer the query. Errors come only
// from a cancelled context or a fault of the index.
func (x *Index) Search(ctx context.Context, text string, limit int) ([]Hit, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if x.namesOffTopic(text) {
		return nil, nil
	}
	q := x.parse(text)
	if !q.inScope() {
		return nil, nil
	}
	bq, clauses := x.bleveQuery(q)
	if bq == nil {
		return nil, nil
	}
	res, err := x.bleve.SearchInContext(ctx, bleveRequest(bq, len(x.passages)))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	scores := make(map[int]float64, len(res.Hits))
	for _, h := range res.Hits {
		if i, ok := x.byID[h.ID]; ok {
			scores[i] = q.bm25(clauses, h.ScoreBreakdown)
		}
	}
	ranked := x.rank(q, scores)
	if len(ranked) > limit {
		ranked = ranked[:limit]
	}
	hits := make([]Hit, len(ranked))
	for k, r := range ranked {
		hits[k] = Hit{Passage: x.passages[r.i], Score: r.score, Snippet: x.snippet(r.i, q)}
	}
	return hits, nil
}
