package index

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/irbot/irbot/knowledge"
	"github.com/yuin/goldmark"
)

// passageData is what ranking and snippets need of a passage, analysed
// once when the index is built.
type passageData struct {
	// title, body, context and asked are the stems of the heading, the
	// body's plain text, the parent headings and the "asked as" lines, by
	// number (see stemTable).
	title, body, context, asked stemSet
	// heading is the title as fit compares it with a question; askedAs
	// the "asked as" lines likewise.
	heading heading
	askedAs []heading
	// segments are the body's plain text; sentences split them.
	segments  []string
	sentences []sentence
	// children are the titles of the passages directly under this one.
	children []string
}

// holds reports whether the passage holds every stem (numbers) anywhere.
func (d *passageData) holds(stems []uint32) bool {
	return d.title.holdsAll(stems) || d.body.holdsAll(stems) || d.context.holdsAll(stems) || d.asked.holdsAll(stems)
}

// states reports whether the passage states a kind of answer (see
// answerType), by the number of its name.
func (d *passageData) states(answer uint32) bool {
	return d.title.has(answer) || d.body.has(answer)
}

// heading is a heading, or an "asked as" line, as fit compares it with a
// question.
type heading struct {
	// stems are its content stems without repeats (a few: a scan finds
	// one as fast as a map would, in a fraction of the room), weights
	// their weights (see Index.stemWeight).
	stems   []string
	weights []float64
	// asks says which question words it asks with (see asks).
	asks uint8
}

// newHeading analyses a heading; weights are set once the vocabulary is
// complete (see Index.weigh).
func newHeading(wa wordAnalyzer, text string) heading {
	h := heading{asks: questionWordsIn(wa.tokens(text))}
	for _, t := range wa.content(text) {
		if !h.has(t.stem) {
			h.stems = append(h.stems, t.stem)
		}
	}
	return h
}

// has reports whether the heading holds stem.
func (h heading) has(stem string) bool { return slices.Contains(h.stems, stem) }

// holdsAll reports whether the heading holds every stem.
func (h heading) holdsAll(stems []string) bool {
	for _, s := range stems {
		if !h.has(s) {
			return false
		}
	}
	return true
}

// mask has bit k set for stems[k] when stems holds it (the first 64 stems
// only, more than any heading has).
func (h heading) mask(stems []string) uint64 {
	var m uint64
	for k, t := range h.stems {
		if k == 64 {
			break
		}
		if slices.Contains(stems, t) {
			m |= 1 << k
		}
	}
	return m
}

// precision is the share of a heading's words the question asks about
// (asked: see mask), each word weighted by its rarity, so that "What Is
// Interventional Radiology?" fits "what is IR" better than "Comparing IR
// Training Routes". A heading that is a question counts its question word
// too (askWeight), so a FAQ entry asking "What is ...?" fits "how do I
// ..." a little less.
func (h heading) precision(asked uint64, qAsks uint8) float64 {
	all, matched := 0.0, 0.0
	for k, w := range h.weights {
		all += w
		if k < 64 && asked&(1<<k) != 0 {
			matched += w
		}
	}
	for k := range questionWords {
		if h.asks&(1<<k) != 0 {
			all += askWeight
			if qAsks&(1<<k) != 0 {
				matched += askWeight
			}
		}
	}
	if all == 0 {
		return 0
	}
	return matched / all
}

// analysed is one passage analysed: its data, and what it adds to the
// vocabulary.
type analysed struct {
	d passageData
	// words are the words of its title, body, parent headings and
	// "asked as" lines, each use once: the words typo correction
	// chooses from, and how often each is used.
	words []token
	// spotStems are the stems of its sentences' words, in order, and
	// title, body, context and asked the stems of its parts, sorted: absorb
	// numbers them into d (see stemTable).
	spotStems                   []string
	title, body, context, asked []string
	// own are the stems its title, body or "asked as" lines hold: the
	// vocabulary counts a word once per passage holding it there, so a
	// student's word the guide never uses ("worth") is known when a
	// section is asked with it.
	own map[string]bool
}

// analyse analyses a passage. It changes nothing in x, so passages can be
// analysed side by side (each with its own md); absorb adds the results
// to the index in order.
func (x *Index) analyse(md goldmark.Markdown, p knowledge.Passage) analysed {
	var a analysed
	d := &a.d
	d.segments = plainSegments(md, p.Body)
	stemMap := func(s string) map[string]bool {
		set := make(map[string]bool)
		for _, t := range x.wa.content(s) {
			set[t.stem] = true
			a.words = append(a.words, t)
		}
		return set
	}
	// The body's words are its sentences' (sentences split a segment at
	// spaces, which never join two words), so it is analysed once.
	body := make(map[string]bool)
	for si, seg := range d.segments {
		for _, s := range sentences(seg) {
			words := x.wa.content(s)
			spots := make([]spot, len(words))
			for k, w := range words {
				body[w.stem] = true
				a.words = append(a.words, w)
				a.spotStems = append(a.spotStems, w.stem)
				spots[k] = spot{start: int32(w.start), end: int32(w.end)}
			}
			d.sentences = append(d.sentences, sentence{text: s, seg: si, words: spots})
		}
	}
	title := stemMap(p.Title)
	asked := stemMap(strings.Join(p.Asked, "\n"))
	a.context = sortedStems(stemMap(strings.Join(p.Path, "\n")))
	for _, ans := range answers(x.answers, p.Title) {
		title[ans] = true
	}
	for _, ans := range answers(x.answers, strings.Join(d.segments, "\n")) {
		body[ans] = true
	}
	d.heading = newHeading(x.wa, p.Title)
	for _, q := range p.Asked {
		d.askedAs = append(d.askedAs, newHeading(x.wa, q))
	}
	a.own = make(map[string]bool, len(title)+len(body)+len(asked))
	for _, set := range []map[string]bool{title, body, asked} {
		for s := range set {
			a.own[s] = true
		}
	}
	a.title, a.body, a.asked = sortedStems(title), sortedStems(body), sortedStems(asked)
	return a
}

// analyseAll analyses the passages, analyseChunk at a time, each chunk on
// every CPU, and absorbs them in order: the index is the same whatever
// the number of CPUs.
func (x *Index) analyseAll(passages []knowledge.Passage) error {
	const analyseChunk = 256
	workers := runtime.GOMAXPROCS(0)
	mds := make([]goldmark.Markdown, workers)
	for w := range mds {
		mds[w] = newMarkdown()
	}
	done := make([]analysed, analyseChunk)
	for start := 0; start < len(passages); start += analyseChunk {
		end := min(start+analyseChunk, len(passages))
		var next atomic.Int64
		next.Store(int64(start))
		var wg sync.WaitGroup
		for _, md := range mds {
			wg.Go(func() {
				for k := int(next.Add(1)) - 1; k < end; k = int(next.Add(1)) - 1 {
					done[k-start] = x.analyse(md, passages[k])
				}
			})
		}
		wg.Wait()
		for i := start; i < end; i++ {
			if _, dup := x.byID[passages[i].ID]; dup {
				return fmt.Errorf("index: passage ID %q appears twice", passages[i].ID)
			}
			x.byID[passages[i].ID] = i
			x.absorb(i, &done[i-start])
			done[i-start] = analysed{}
		}
	}
	x.stemTab, _ = compactStems(x.data, x.stemNames, nil)
	x.stemIDs, x.stemNames = nil, nil
	return nil
}

// absorb adds passage i's analysis to the index: its words to the
// vocabulary, its stems (one shared copy of each) to the posting lists.
func (x *Index) absorb(i int, a *analysed) {
	for _, w := range a.words {
		x.vocab.addWord(w)
	}
	x.vocab.addPassage(a.own)
	d := a.d
	for _, part := range [...]struct {
		set   *stemSet
		stems []string
		in    postings
	}{{&d.title, a.title, x.inTitle}, {&d.body, a.body, x.inBody}, {&d.asked, a.asked, x.inAsked}, {&d.context, a.context, x.inPath}} {
		*part.set = make(stemSet, len(part.stems))
		for k, s := range part.stems {
			id := x.stemID(s)
			(*part.set)[k] = id
			part.in.add(i, x.stemNames[id])
		}
	}
	k := 0
	for _, s := range d.sentences {
		for w := range s.words {
			s.words[w].stem = x.stemID(a.spotStems[k])
			k++
		}
	}
	x.data[i] = d
}

// stemID numbers a stem while the index is built, in the order they come
// (compactStems sorts them once all have come); the table keeps one copy
// of each, which the passages' many mentions of it share.
func (x *Index) stemID(stem string) uint32 {
	id, ok := x.stemIDs[stem]
	if !ok {
		id = uint32(len(x.stemNames))
		x.stemIDs[stem] = id
		x.stemNames = append(x.stemNames, stem)
	}
	return id
}

// weigh sets the weights of every heading's words, once the vocabulary is
// complete.
func (x *Index) weigh() {
	for i := range x.data {
		d := &x.data[i]
		x.weighHeading(&d.heading)
		for k := range d.askedAs {
			x.weighHeading(&d.askedAs[k])
		}
	}
}

func (x *Index) weighHeading(h *heading) {
	h.weights = make([]float64, len(h.stems))
	for k, s := range h.stems {
		h.weights[k] = x.stemWeight(s)
	}
}

// linkChildren records, for every passage, the titles of the passages
// directly under it, which stand in for an empty body in snippets.
func (x *Index) linkChildren() { x.adoptChildren(x.parents()) }

// parents lists, for every passage, the nearest earlier passage of its
// document directly above it, or -1.
func (x *Index) parents() []int {
	out := make([]int, len(x.passages))
	for i, p := range x.passages {
		out[i] = -1
		if len(p.Path) == 0 {
			continue // a document's first heading: no passage is above it
		}
		for j := i - 1; j >= 0; j-- {
			parent := x.passages[j]
			if parent.Document == p.Document && len(parent.Path)+1 == len(p.Path) &&
				p.Path[len(p.Path)-1] == parent.Title && slices.Equal(parent.Path, p.Path[:len(parent.Path)]) {
				out[i] = j
				break
			}
		}
	}
	return out
}

// adoptChildren lists each passage's title among its parent's children.
func (x *Index) adoptChildren(parents []int) {
	for i, j := range parents {
		if j >= 0 {
			x.data[j].children = append(x.data[j].children, x.passages[i].Title)
		}
	}
}

// stemSet is a set of stems by number (see stemTable), sorted: the
// passages hold millions of stems in all at scale, and a sorted slice of
// numbers takes a fraction of a map's memory, or of strings', and holds no
// pointer for the garbage collector to follow.
type stemSet []uint32

// sortedStems lists a set's stems in order.
func sortedStems(m map[string]bool) []string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	slices.Sort(s)
	return s
}

// has reports whether the set holds stem.
func (s stemSet) has(stem uint32) bool {
	_, ok := slices.BinarySearch(s, stem)
	return ok
}

// holdsAll reports whether the set holds every stem.
func (s stemSet) holdsAll(stems []uint32) bool {
	for _, st := range stems {
		if !s.has(st) {
			return false
		}
	}
	return true
}
