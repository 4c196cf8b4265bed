package index

import (
	"slices"
	"unicode/utf8"

	"github.com/irbot/irbot/knowledge"
)

// offTopicTerms analyses the off-topic subjects into stem sequences,
// leaving out the ones some passage holds: a guide that mentions a
// subject is about it, whatever the list says.
func (x *Index) offTopicTerms(groups []knowledge.SynonymGroup) [][]string {
	var out [][]string
	for _, g := range groups {
		for _, term := range g {
			var stems []string
			for _, t := range x.wa.tokens(term) {
				if !t.stop {
					stems = append(stems, t.stem)
				}
			}
			if len(stems) == 0 || x.mentions(stems) {
				continue
			}
			out = append(out, stems)
		}
	}
	return out
}

// mentions reports whether some passage holds every stem.
func (x *Index) mentions(stems []string) bool {
	for i := range x.data {
		d := &x.data[i]
		if holdsAll(d.title, stems) || holdsAll(d.body, stems) {
			return true
		}
	}
	return false
}

// namesOffTopic reports whether the query names an off-topic subject: the
// subject's words side by side, stop words aside.
func (x *Index) namesOffTopic(text string) bool {
	if len(x.offTopic) == 0 {
		return false
	}
	if len(text) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var stems []string
	for _, t := range x.wa.tokens(text) {
		if !t.stop {
			stems = append(stems, t.stem)
		}
	}
	for _, term := range x.offTopic {
		for i := 0; i+len(term) <= len(stems); i++ {
			if slices.Equal(stems[i:i+len(term)], term) {
				return true
			}
		}
	}
	return false
}
