package index

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// token is one word of a text: the lowercased word as written, its stem
// (what the index holds) and whether it is an English stop word, which the
// index leaves out but synonym phrases ("how long") may still match on.
type token struct {
	word, stem string
	stop       bool
	// start and end are its byte offsets in the analysed text.
	start, end int
	// completed marks a word normalize read as the longer word it starts
	// ("accred"): a guess.
	completed bool
	// acronym marks a word written in capitals ("TIPS", "USMLE"): a name,
	// never a vague word, in a query that is not all capitals.
	acronym bool
	// generic marks a word that is vague where it stands though not
	// everywhere: "year" in "last year" (see timeExpressions).
	generic bool
	// brk marks the first word of a sentence other than the first.
	brk bool
	// shorthand numbers the shorthand the word was expanded from, 0 for
	// none (see word.shorthand).
	shorthand int
}

// key is what two words are compared by: the stem for a content word, the
// word itself for a stop word.
func (t token) key() string {
	if t.stop {
		return "=" + t.word
	}
	return t.stem
}

// wordAnalyzer splits text into words as the index's English analyzer
// does (same tokenizer, possessive and lowercase filters, Porter stemmer)
// but keeps the stop words, marked.
type wordAnalyzer struct {
	words analysis.Analyzer
	stop  analysis.TokenMap
}

// tokens analyses s.
func (wa wordAnalyzer) tokens(s string) []token {
	ts := wa.words.Analyze([]byte(s))
	out := make([]token, 0, len(ts))
	for _, t := range ts {
		w := strings.ToLower(s[t.Start:t.End])
		for _, p := range []string{"'s", "’s", "＇s"} {
			w = strings.TrimSuffix(w, p) // possessive: the stem has dropped it too
		}
		out = append(out, token{word: w, stem: string(t.Term), stop: wa.stop[w], start: t.Start, end: t.End, acronym: isCapitals(s[t.Start:t.End])})
	}
	return out
}

// content analyses s and keeps the words the index holds.
func (wa wordAnalyzer) content(s string) []token {
	ts := wa.tokens(s)
	out := ts[:0]
	for _, t := range ts {
		if !t.stop {
			out = append(out, t)
		}
	}
	return out
}

// vocabulary is what the knowledge says, word by word: the stems the
// index holds with their document frequencies, and the words as written,
// which typo correction chooses from.
type vocabulary struct {
	docs int
	// df counts the passages whose title, path or body holds a stem.
	df map[string]int
	// words maps each written word to its stem; freq counts its uses.
	words map[string]string
	freq  map[string]int
	// byLen lists the words by length in runes, for correction.
	byLen map[int][]string
	// sorted lists the written words, sorted.
	sorted []string
	// stems lists the known stems, sorted; stemWord is each one's most
	// used written word.
	stems    []string
	stemWord map[string]string
}

func newVocabulary() *vocabulary {
	return &vocabulary{df: make(map[string]int), words: make(map[string]string), freq: make(map[string]int), byLen: make(map[int][]string)}
}

// addWord records a written word (from a passage or a synonym group) as one
// typo correction may choose.
func (v *vocabulary) addWord(t token) {
	if !isWordlike(t.word) {
		return
	}
	if _, ok := v.words[t.word]; !ok {
		v.words[t.word] = t.stem
		n := utf8.RuneCountInString(t.word)
		v.byLen[n] = append(v.byLen[n], t.word)
	}
	v.freq[t.word]++
}

// addPassage counts the stems of one passage once each.
func (v *vocabulary) addPassage(stems map[string]bool) {
	v.docs++
	for s := range stems {
		v.df[s]++
	}
}

// finish sorts the correction candidates so corrections are deterministic,
// and indexes the stems.
func (v *vocabulary) finish() {
	for n := range v.byLen {
		sort.Strings(v.byLen[n])
	}
	v.stemWord = make(map[string]string)
	for w, s := range v.words {
		if v.df[s] == 0 {
			continue
		}
		if cur, ok := v.stemWord[s]; !ok || v.freq[w] > v.freq[cur] || (v.freq[w] == v.freq[cur] && w < cur) {
			v.stemWord[s] = w
		}
	}
	v.sorted = make([]string, 0, len(v.words))
	for w := range v.words {
		v.sorted = append(v.sorted, w)
	}
	sort.Strings(v.sorted)
	v.stems = make([]string, 0, len(v.df))
	for s := range v.df {
		v.stems = append(v.stems, s)
	}
	sort.Strings(v.stems)
}

// relatives returns the known stems of stem's word family: the Porter
// stemmer leaves "certified" as "certifi" but "certification" as "certif",
// and "applying" as "appli" but "application" as "applic". Two stems are
// related when one extends the other by at most two letters and the
// shorter has at least five.
func (v *vocabulary) relatives(stem string) []string {
	const minLen, maxExtra = 5, 2
	if len(stem) < minLen || !isWordlike(stem) {
		return nil
	}
	var out []string
	for n := max(minLen, len(stem)-maxExtra); n < len(stem); n++ {
		if p := stem[:n]; v.df[p] > 0 {
			out = append(out, p)
		}
	}
	for i := sort.SearchStrings(v.stems, stem); i < len(v.stems) && strings.HasPrefix(v.stems[i], stem); i++ {
		if s := v.stems[i]; s != stem && len(s)-len(stem) <= maxExtra {
			out = append(out, s)
		}
	}
	return out
}

// known reports whether a stem occurs in the knowledge.
func (v *vocabulary) known(stem string) bool { return v.df[stem] > 0 }

// correct returns the knowledge's word closest to a misspelt word, or ""
// when none is close enough. Short words are never corrected: at four
// letters too many real words are one edit apart. Corrections keep the
// first letter, which typists rarely get wrong.
func (v *vocabulary) correct(word string) string {
	rs := []rune(word)
	n := len(rs)
	maxDist := 0
	switch {
	case n >= 10:
		maxDist = 2
	case n >= 5:
		maxDist = 1
	}
	if maxDist == 0 || !isWordlike(word) {
		return ""
	}
	best, bestDist, bestFreq := "", maxDist+1, 0
	for l := n - maxDist; l <= n+maxDist; l++ {
		for _, cand := range v.byLen[l] {
			cr := []rune(cand)
			if cr[0] != rs[0] {
				continue
			}
			d := editDistance(rs, cr, maxDist)
			if d < bestDist || (d == bestDist && v.freq[cand] > bestFreq) {
				best, bestDist, bestFreq = cand, d, v.freq[cand]
			}
		}
	}
	if bestDist > maxDist {
		return ""
	}
	return best
}

// expand returns the knowledge's most used word that starts with an
// abbreviation ("prelim", "app", "rec"), or with its singular ("reqs",
// "recs"), or "" when none does. Words under three letters are never
// expanded.
func (v *vocabulary) expand(abbr string) string {
	if utf8.RuneCountInString(abbr) < 3 || !isWordlike(abbr) {
		return ""
	}
	if w := v.expandPrefix(abbr); w != "" {
		return w
	}
	if one, ok := strings.CutSuffix(abbr, "s"); ok && utf8.RuneCountInString(one) >= 3 {
		return v.expandPrefix(one)
	}
	return ""
}

// expandPrefix returns the most used word that starts with prefix.
func (v *vocabulary) expandPrefix(abbr string) string {
	best := ""
	for i := sort.SearchStrings(v.sorted, abbr); i < len(v.sorted) && strings.HasPrefix(v.sorted[i], abbr); i++ {
		w := v.sorted[i]
		if best == "" || v.freq[w] > v.freq[best] {
			best = w
		}
	}
	return best
}

// isWordlike reports whether w is made of letters only (digits and mixed
// tokens are never corrected or offered as corrections).
func isWordlike(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// hasLower reports whether s has a lowercase letter.
func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// isCapitals reports whether w has at least two letters and no lowercase
// one.
func isCapitals(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit+1 once it is sure to exceed limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
