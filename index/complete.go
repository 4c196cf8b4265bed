package index

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/irbot/irbot/knowledge"
)

// completion is one title as autocomplete matches it.
type completion struct {
	i    int
	kind knowledge.Kind
	// words are the title's lowercased words; joined, the same words
	// separated by single spaces.
	words  []string
	joined string
}

func newCompletions(passages []knowledge.Passage) []completion {
	out := make([]completion, len(passages))
	for i, p := range passages {
		w := splitWords(p.Title)
		out[i] = completion{i: i, kind: p.Kind, words: w, joined: strings.Join(w, " ")}
	}
	return out
}

// splitWords lowercases s and splits it into runs of letters and digits.
func splitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Complete returns up to limit passages whose titles match what a user has
// typed so far, best first, for Discord autocomplete. Every typed word
// counts when a title word starts with it (the last, still being typed,
// included); titles matching more of the typed words come first, then
// those that start with the typed text, then earlier ones in the guide.
// Empty text gives the first titles in document order. kind "" means any
// kind. It does not use Bleve and takes microseconds.
func (x *Index) Complete(ctx context.Context, typed string, kind knowledge.Kind, limit int) ([]knowledge.Passage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, nil
	}
	words := splitWords(cutQuery(typed))
	if len(words) > 16 {
		words = words[:16]
	}
	lowerTyped := strings.Join(words, " ")

	type match struct {
		c       completion
		matched int
		prefix  bool
	}
	better := func(a, b match) bool {
		if a.matched != b.matched {
			return a.matched > b.matched
		}
		if a.prefix != b.prefix {
			return a.prefix
		}
		return a.c.i < b.c.i
	}
	// ms keeps the best limit matches, best first: however many titles
	// match, autocomplete never sorts more than it shows.
	ms := make([]match, 0, min(limit, 32))
	keep := func(m match) {
		if len(ms) == limit {
			if !better(m, ms[limit-1]) {
				return
			}
			ms = ms[:limit-1]
		}
		k := sort.Search(len(ms), func(j int) bool { return better(m, ms[j]) })
		ms = slices.Insert(ms, k, m)
	}
	for _, c := range x.titles {
		if kind != "" && c.kind != kind {
			continue
		}
		if len(words) == 0 {
			if len(ms) == limit {
				break // titles come in order: the first limit are the best
			}
			ms = append(ms, match{c: c})
			continue
		}
		n := 0
		for _, w := range words {
			for _, tw := range c.words {
				if strings.HasPrefix(tw, w) {
					n++
					break
				}
			}
		}
		if n == 0 {
			continue
		}
		keep(match{c: c, matched: n, prefix: strings.HasPrefix(c.joined, lowerTyped)})
	}
	out := make([]knowledge.Passage, len(ms))
	for k, m := range ms {
		out[k] = x.passages[m.c.i]
	}
	return out, nil
}
