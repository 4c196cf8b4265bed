package index

import (
	"strings"

	"github.com/irbot/irbot/knowledge"
)

// phrase is a run of words a query may contain or be searched with: a
// user's word, a synonym ("interventional radiology") or a correction.
type phrase struct {
	// text is what the index is asked for (analysed again by Bleve).
	text string
	// words are all its words, stop words included, for matching.
	words []token
	// stems are its content words' stems, which the index holds; ids
	// their numbers in the index's stemTable, once a query is understood.
	stems []string
	ids   []uint32
	// weight is how much a match counts against one of the user's own
	// words (1).
	weight float64
	// answer marks a phrase standing for an answer type (see answerType):
	// its one stem is the type's name, searched in answersField.
	answer bool
}

func newPhrase(words []token, weight float64) phrase {
	p := phrase{words: words, weight: weight}
	parts := make([]string, 0, len(words))
	for _, w := range words {
		parts = append(parts, w.word)
		if !w.stop {
			p.stems = append(p.stems, w.stem)
		}
	}
	p.text = strings.Join(parts, " ")
	return p
}

// key identifies a phrase by its words as matching compares them.
func (p phrase) key() string {
	keys := make([]string, len(p.words))
	for i, w := range p.words {
		keys[i] = w.key()
	}
	return strings.Join(keys, " ")
}

// thesaurus finds synonym and related phrases in a query. Unlike Bleve's
// own synonyms it handles multi-word phrases, and it matches stop words
// too, so "how long" is a phrase and not just "long".
type thesaurus struct {
	// groups hold phrases that stand for one another; groups sharing a
	// phrase are merged. A phrase's weight is 1 for a synonym and
	// relatedWeight for a related term.
	groups [][]phrase
	// starts maps the key of a phrase's first word to the phrases
	// starting with it.
	starts map[string][]memberRef
	// stems holds every content stem of every phrase.
	stems map[string]bool
}

// memberRef names one phrase of one group.
type memberRef struct{ group, member int }

// newThesaurus builds the thesaurus from the knowledge's synonyms (weight
// 1) and related terms (relatedWeight).
func newThesaurus(wa wordAnalyzer, synonyms, related []knowledge.SynonymGroup) *thesaurus {
	t := &thesaurus{starts: make(map[string][]memberRef), stems: make(map[string]bool)}

	// Collect the groups as phrase keys, then merge groups that share a
	// phrase (union-find over the groups).
	var raw [][]phrase
	addGroups := func(groups []knowledge.SynonymGroup, weight float64) {
		for _, g := range groups {
			var ps []phrase
			for _, term := range g {
				if words := wa.tokens(term); len(words) > 0 {
					ps = append(ps, newPhrase(words, weight))
				}
			}
			if len(ps) >= 2 {
				raw = append(raw, ps)
			}
		}
	}
	addGroups(synonyms, 1)
	addGroups(related, relatedWeight)

	parent := make([]int, len(raw))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := make(map[string]int)
	for gi, ps := range raw {
		for _, p := range ps {
			k := p.key()
			if o, ok := owner[k]; ok {
				parent[find(gi)] = find(o)
			} else {
				owner[k] = gi
			}
		}
	}
	merged := make(map[int]int) // root → index in t.groups
	for gi, ps := range raw {
		r := find(gi)
		ti, ok := merged[r]
		if !ok {
			ti = len(t.groups)
			merged[r] = ti
			t.groups = append(t.groups, nil)
		}
	next:
		for _, p := range ps {
			for j, q := range t.groups[ti] {
				if q.key() == p.key() {
					t.groups[ti][j].weight = max(q.weight, p.weight)
					continue next
				}
			}
			t.groups[ti] = append(t.groups[ti], p)
		}
	}
	for gi, members := range t.groups {
		for mi, m := range members {
			k := m.words[0].key()
			t.starts[k] = append(t.starts[k], memberRef{gi, mi})
			for _, s := range m.stems {
				t.stems[s] = true
			}
		}
	}
	return t
}

// match finds the longest phrase starting at words[i]. It returns its
// length in words (0 when none), its group and the other phrases of its
// group, each weighted by the lesser of its weight and the matched
// phrase's: a related term of a synonym is still only related.
func (t *thesaurus) match(words []token, i int) (int, int, []phrase) {
	best := 0
	var found memberRef
	for _, ref := range t.starts[words[i].key()] {
		m := t.groups[ref.group][ref.member]
		n := len(m.words)
		if n <= best || i+n > len(words) {
			continue
		}
		ok := true
		for j, w := range m.words {
			if words[i+j].key() != w.key() {
				ok = false
				break
			}
		}
		if ok {
			best, found = n, ref
		}
	}
	if best == 0 {
		return 0, -1, nil
	}
	matched := t.groups[found.group][found.member]
	var alts []phrase
	for mi, m := range t.groups[found.group] {
		if mi == found.member {
			continue
		}
		m.weight = min(m.weight, matched.weight)
		alts = append(alts, m)
	}
	return best, found.group, alts
}
