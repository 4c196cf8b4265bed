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
	"github.com/blevesearch/bleve/v2/search"
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

// Options tunes an index.
type Options struct {
	// Synonyms are groups of words and phrases a question may use for one
	// another; multi-word phrases are fine.
	Synonyms []knowledge.SynonymGroup
	// Related are groups of looser equivalents ("how many years",
	// "length"): a question matching one is also searched for the others,
	// at relatedWeight.
	Related []knowledge.SynonymGroup
	// OffTopic are subjects the passages do not cover: a question naming
	// one gets no answer. Terms some passage holds are ignored.
	OffTopic []knowledge.SynonymGroup
	// Lexicon is how students write (see knowledge.Lexicon).
	Lexicon knowledge.Lexicon
	// MaxQueryTerms caps the concepts of one question that are searched,
	// keeping long questions cheap; 0 means 16.
	MaxQueryTerms int
	// batch is how many passages one Bleve batch holds; 0 means
	// batchSize's. Tests set it to check that batches change nothing.
	batch int
}

// OptionsFor returns the options that search a knowledge base as it asks.
func OptionsFor(b *knowledge.Base) Options {
	return Options{Synonyms: b.Synonyms, Related: b.Related, OffTopic: b.OffTopic, Lexicon: b.Lexicon}
}

// Index searches passages. It is safe for concurrent use: everything is
// built once in New and only read afterwards.
type Index struct {
	bleve    bleve.Index
	wa       wordAnalyzer
	passages []knowledge.Passage
	data     []passageData
	byID     map[string]int
	norm     *normalizer
	vocab    *vocabulary
	thes     *thesaurus
	// vague are the stems of the lexicon's vague words.
	vague map[string]bool
	// offTopic are the off-topic subjects no passage mentions.
	offTopic []subject
	// groupDF is, for a one-word synonym, the number of passages holding
	// any phrase of its group.
	groupDF map[string]int
	// inTitle, inBody, inAsked and inPath list the passages whose title,
	// body, "asked as" lines and parent headings hold each stem (the title
	// and body also the kinds of answer they state).
	inTitle, inBody, inAsked, inPath postings
	// fieldStems are the stems each Bleve field holds, and bleveSyn the
	// stems Bleve has synonyms for (see canMatch).
	fieldStems  map[string]postings
	bleveSyn    map[string]bool
	maxConcepts int
	batch       int
	titles      []completion
	// answers are the answer types; answerOf maps a thesaurus group of
	// their cues to its type.
	answers  []answerType
	answerOf map[int]int
	// bm25 are the statistics every search scores with (see
	// oneSegmentStats).
	bm25 *search.BM25Stats
	// stems are the stems the passages hold, which their stem sets and
	// spots number.
	stemTab stemTable
	// stemIDs and stemNames number the passages' stems while New runs
	// (see stemID).
	stemIDs   map[string]uint32
	stemNames []string
	// sentences, in an index restored from a snapshot, hold the
	// passages' sentences, which their data then lacks (see
	// sentencesOf).
	sentences *sentenceStore
}

// subject is an off-topic subject: its name (the first term of its group)
// and the stems of one of its terms.
type subject struct {
	name  string
	stems []string
}

// New indexes passages. Passage IDs must be unique. The index lives in
// memory; Close releases it.
func New(passages []knowledge.Passage, opts Options) (*Index, error) {
	return newIndex(passages, opts, (*Index).build)
}

// bleveSource gives an index its Bleve index, built from the passages or
// opened.
type bleveSource func(x *Index, m *mapping.IndexMappingImpl, synonyms []*bleve.SynonymDefinition) (bleve.Index, error)

// newIndex analyses the passages and gets their Bleve index from source.
func newIndex(passages []knowledge.Passage, opts Options, source bleveSource) (*Index, error) {
	x, m, err := prepare(passages, opts)
	if err != nil {
		return nil, err
	}
	if err := x.analyseAll(passages); err != nil {
		return nil, err
	}
	x.linkChildren()
	return x.complete(m, opts, source)
}

// prepare is an index of the passages with nothing analysed yet, and its
// Bleve mapping: analyseAll, or readSnapshot, fills in what each passage
// holds, and complete does the rest.
func prepare(passages []knowledge.Passage, opts Options) (*Index, *mapping.IndexMappingImpl, error) {
	m, err := newMapping(len(opts.Synonyms) > 0)
	if err != nil {
		return nil, nil, fmt.Errorf("index mapping: %w", err)
	}
	wa, err := newWordAnalyzer(m)
	if err != nil {
		return nil, nil, err
	}
	x := &Index{
		wa:          wa,
		passages:    passages,
		byID:        make(map[string]int, len(passages)),
		vocab:       newVocabulary(),
		maxConcepts: opts.MaxQueryTerms,
		answers:     answerTypes(),
		inTitle:     make(postings),
		inBody:      make(postings),
		inAsked:     make(postings),
		inPath:      make(postings),
		stemIDs:     make(map[string]uint32),
	}
	if x.batch = opts.batch; x.batch <= 0 {
		x.batch = batchSize(len(passages))
	}
	if x.maxConcepts <= 0 {
		x.maxConcepts = defaultMaxConcepts
	}
	x.data = make([]passageData, len(passages))
	return x, m, nil
}

// complete builds, from the passages' analysis, what the stages search
// with (the thesaurus, the normalizer, the weights, ...), and gets the
// Bleve index from source.
func (x *Index) complete(m *mapping.IndexMappingImpl, opts Options, source bleveSource) (*Index, error) {
	x.vague = x.stems(opts.Lexicon.Vague)
	x.offTopic = x.subjects(opts.OffTopic)
	written := x.writtenShorthand(opts.Lexicon)
	synonyms := append(slices.Clip(opts.Synonyms), lexiconSynonyms(opts.Lexicon, written)...)
	x.thes = newThesaurus(x.wa, synonyms, append(slices.Clip(opts.Related), cueGroups(x.answers)...))
	x.answerOf = answerGroups(x.wa, x.answers, x.thes)
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
	x.norm = newNormalizer(x.wa, x.vocab, opts.Lexicon, written, func(stem string) bool { return x.vague[stem] || x.thes.stems[stem] })
	x.groupDF = x.groupFrequencies()
	x.weigh()
	x.titles = newCompletions(x.passages)

	defs := bleveSynonyms(m, synonyms, x.vocab)
	x.bleveSyn = x.synonymStems(defs)
	x.fieldStems = map[string]postings{"title": x.inTitle, "asked": x.inAsked, "path": x.inPath, "body": x.inBody}
	bi, err := source(x, m, defs)
	if err != nil {
		return nil, err
	}
	stats, err := oneSegmentStats(bi, len(x.passages)+len(defs))
	if err != nil {
		bi.Close()
		return nil, err
	}
	x.bleve, x.bm25 = bi, stats
	for i := range x.data {
		x.data[i].segments = nil // only Bleve's body field needed them
	}
	return x, nil
}

// batchSize is how many of n passages one Bleve batch holds: a
// batchSegments-th of them, within minBatch and maxBatch.
func batchSize(n int) int {
	return min(max(n/batchSegments, minBatch), maxBatch)
}

// build indexes the passages in Bleve, x.batch at a time, so that the
// memory analysis takes stays bounded however large the knowledge.
// In-memory scorch keeps each batch as its own segment; the synonyms go in
// the first, once (Bleve gathers them from every segment before a search;
// defined twice, a synonym's terms would count twice).
func (x *Index) build(m *mapping.IndexMappingImpl, synonyms []*bleve.SynonymDefinition) (bleve.Index, error) {
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	if err := x.fill(bi, synonyms); err != nil {
		bi.Close()
		return nil, err
	}
	return bi, nil
}

// oneSegmentStats are the statistics BM25 scores with (the documents, and
// the distinct terms of each field, which give the average field length),
// as an index holding everything in one segment has them: Bleve sums each
// segment's terms, so a term in two batches would count twice, and how
// the knowledge is split into batches would change every score. docs
// counts the passages and the synonym groups, which Bleve counts too.
func oneSegmentStats(bi bleve.Index, docs int) (*search.BM25Stats, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index statistics: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index statistics: %w", err)
	}
	defer r.Close()
	stats := &search.BM25Stats{DocCount: float64(docs), FieldCardinality: make(map[string]int)}
	fields := []string{answersField}
	for _, f := range searchFields() {
		fields = append(fields, f.name)
	}
	for _, f := range fields {
		d, err := r.FieldDict(f)
		if err != nil {
			return nil, fmt.Errorf("index statistics: %w", err)
		}
		n := 0
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("index statistics: %w", err)
			}
			if e == nil {
				break
			}
			n++
		}
		d.Close()
		stats.FieldCardinality[f] = n
	}
	return stats, nil
}

// fill indexes the passages and the synonyms into bi, x.batch passages
// a batch.
func (x *Index) fill(bi bleve.Index, synonyms []*bleve.SynonymDefinition) error {
	for start := 0; start == 0 || start < len(x.passages); start += x.batch {
		b := bi.NewBatch()
		if start == 0 {
			for i, g := range synonyms {
				if err := b.IndexSynonym(fmt.Sprintf("%s%d", synonymIDPrefix, i), synonymCollection, g); err != nil {
					return fmt.Errorf("index synonym group %d: %w", i, err)
				}
			}
		}
		for i := start; i < min(start+x.batch, len(x.passages)); i++ {
			if err := b.Index(x.passages[i].ID, x.document(i)); err != nil {
				return fmt.Errorf("index passage %s: %w", x.passages[i].ID, err)
			}
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("index passages: %w", err)
		}
	}
	return nil
}

// document is passage i as Bleve indexes it.
func (x *Index) document(i int) map[string]any {
	p := x.passages[i]
	var stated []string
	for _, a := range x.answers {
		if x.data[i].states(x.stemTab.id(a.name)) {
			stated = append(stated, strings.TrimPrefix(a.name, "#"))
		}
	}
	return map[string]any{
		"title":      p.Title,
		"asked":      p.Asked,
		"path":       strings.Join(p.Path, "\n"),
		"body":       strings.Join(x.data[i].segments, "\n"),
		answersField: stated,
	}
}

// writtenShorthand are the lexicon's one-word shorthand that the
// knowledge itself writes ("IR", "spots", but not "aways", though "right
// away" shares its stem).
func (x *Index) writtenShorthand(lex knowledge.Lexicon) map[string]bool {
	out := make(map[string]bool)
	for _, s := range lex.Shorthand {
		if !strings.Contains(s.From, " ") && x.vocab.words[s.From] != "" {
			out[s.From] = true
		}
	}
	return out
}

// synonymStems are the stems of the words Bleve has synonyms for.
func (x *Index) synonymStems(defs []*bleve.SynonymDefinition) map[string]bool {
	out := make(map[string]bool)
	for _, d := range defs {
		for _, w := range d.Synonyms {
			for _, t := range x.wa.content(w) {
				out[t.stem] = true
			}
		}
	}
	return out
}

// lexiconSynonyms are the shorthand the knowledge writes itself, as
// synonym groups: normalize leaves the word as written, and the thesaurus
// searches it as its plain words too.
func lexiconSynonyms(lex knowledge.Lexicon, written map[string]bool) []knowledge.SynonymGroup {
	var out []knowledge.SynonymGroup
	for _, s := range lex.Shorthand {
		if written[s.From] {
			out = append(out, knowledge.SynonymGroup{s.From, s.To})
		}
	}
	return out
}

// stems analyses words into their stems.
func (x *Index) stems(words []string) map[string]bool {
	out := make(map[string]bool)
	for _, w := range words {
		for _, t := range x.wa.content(w) {
			out[t.stem] = true
		}
	}
	return out
}

// subjects analyses the off-topic subjects into stem sequences, leaving
// out the terms some passage holds: a guide that mentions a subject is
// about it, whatever the list says.
func (x *Index) subjects(groups []knowledge.SynonymGroup) []subject {
	var out []subject
	for _, g := range groups {
		for _, term := range g {
			var stems []string
			for _, t := range x.wa.content(term) {
				stems = append(stems, t.stem)
			}
			if len(stems) == 0 || x.mentions(stems) {
				continue
			}
			out = append(out, subject{name: g[0], stems: stems})
		}
	}
	return out
}

// mentions reports whether some passage's title or body holds every stem.
func (x *Index) mentions(stems []string) bool {
	found := newPassageSet(len(x.passages))
	x.inTitle.holdingAll(stems, found)
	x.inBody.holdingAll(stems, found)
	return found.len() > 0
}

// groupFrequencies maps each one-word synonym to the number of passages
// holding any phrase of its group.
func (x *Index) groupFrequencies() map[string]int {
	out := make(map[string]int)
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
				out[p.stems[0]] = max(out[p.stems[0]], df)
			}
		}
	}
	return out
}

// newMapping is the Bleve mapping: BM25 scoring, and title, asked, path
// and body analysed as English (stemming, stop words), with the synonym
// source on each when there are synonyms.
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
// knowledge lacks are left out. (Bleve 2.6 finds no phrase holding a word
// that has synonyms; searching phrases in copies of the fields without
// synonyms was measured and lowered every held-out set: a phrase counts
// through the heading fit instead.)
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

// Result is what a search finds.
type Result struct {
	// Confidence says how to present Hits: High, the first answers the
	// question; Low, they are the closest sections; None, there are none.
	Confidence Confidence
	// Reason says why.
	Reason Reason
	// Subject is the off-topic subject the question names, for Reason
	// OffTopic.
	Subject string
	// Hits are the passages, best first.
	Hits []Hit
	// Key is the question's normalized words, stop words aside, sorted:
	// two questions with the same key ask the same thing in the same
	// words, chat, typos, shorthand and word order aside (the gaps report
	// groups questions by it).
	Key string
}

// Search runs a question through the stages (normalize, understand,
// retrieve, rank, decide) and returns at most limit passages
// (DefaultLimit when limit <= 0). Errors come only from a cancelled
// context or a fault of the index.
func (x *Index) Search(ctx context.Context, text string, limit int) (Result, error) {
	return x.search(ctx, text, limit, nil)
}

// search is Search, recording each stage's result in t when it is not nil.
func (x *Index) search(ctx context.Context, text string, limit int, t *Trace) (Result, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	n := x.norm.normalize(text)
	q := x.understand(n)
	var rs []ranked
	if q.offTopic == "" && q.hasSubject() {
		cands, err := x.retrieve(ctx, q)
		if err != nil {
			return Result{}, err
		}
		rs = x.rank(q, cands)
		t.retrieved(len(cands))
	}
	conf, why := decide(q, rs, func(r ranked) *passageData { return &x.data[r.i] })
	res := Result{Confidence: conf, Reason: why, Subject: q.offTopic, Key: q.key}
	t.record(x, n, q, rs, res)
	if conf == None {
		return res, nil
	}
	rs = rs[:min(limit, len(rs))]
	res.Hits = make([]Hit, len(rs))
	for k, r := range rs {
		res.Hits[k] = Hit{Passage: x.passages[r.i], Score: r.score, Snippet: x.snippet(r.i, q)}
	}
	return res, nil
}
