// Package knowledgetest makes synthetic knowledge for tests and benchmarks:
// Markdown guides that read like the built-in guide (its headings, its
// sentences, its vocabulary, and a long tail of rarer words, as a real
// collection of guides has), at any number of passages. Nothing it makes is
// committed: tests write it to a temporary directory.
package knowledgetest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/irbot/irbot/knowledge"
)

// passagesPerFile is how many sections one synthetic guide holds: about the
// size of the built-in guide.
const passagesPerFile = 100

// WriteSynthetic writes about n passages of synthetic guides under
// dir/guides (a KNOWLEDGE_DIR), the same for the same n and seed, and
// returns the number of passages written. About one file in five is a FAQ.
func WriteSynthetic(dir string, n int, seed uint64) (int, error) {
	src, err := newSource()
	if err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	if err := os.MkdirAll(filepath.Join(dir, "guides"), 0o755); err != nil {
		return 0, err
	}
	written := 0
	for f := 0; written < n; f++ {
		count := min(passagesPerFile, n-written)
		var b strings.Builder
		faq := f%5 == 4
		src.writeFile(&b, r, f, count, faq)
		name := filepath.Join(dir, "guides", fmt.Sprintf("synthetic-%05d.md", f))
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			return written, err
		}
		written += count
	}
	return written, nil
}

// source is what synthetic text is made from: the built-in guide's
// sentences, heading words and body words.
type source struct {
	sentences    []string
	headingWords []string
	words        []string
	syllables    []string
}

var wordRE = regexp.MustCompile(`[A-Za-z][A-Za-z'-]+`)

func newSource() (*source, error) {
	kb, err := knowledge.Default()
	if err != nil {
		return nil, err
	}
	s := &source{syllables: strings.Fields("ka lo mer an ti vas cu ro pel tra den os ne fi ga lu sor bel in ta mi co re dus plas ven")}
	for _, p := range kb.Passages {
		s.headingWords = append(s.headingWords, wordRE.FindAllString(p.Title, -1)...)
		for _, para := range strings.Split(p.Body, "\n") {
			para = strings.TrimSpace(strings.TrimLeft(para, "-*#> "))
			for _, sent := range strings.SplitAfter(para, ". ") {
				if sent = strings.TrimSpace(sent); len(sent) > 30 && !strings.ContainsAny(sent, "|<>[]") {
					s.sentences = append(s.sentences, sent)
				}
			}
			s.words = append(s.words, wordRE.FindAllString(para, -1)...)
		}
	}
	if len(s.sentences) == 0 || len(s.headingWords) == 0 {
		return nil, fmt.Errorf("knowledgetest: the built-in guide gave no text")
	}
	return s, nil
}

// rareWord is a made-up word (a place, a program, a procedure): words are
// drawn so that a few are common and most rare, as in real text.
func (s *source) rareWord(r *rand.Rand) string {
	k := int(r.ExpFloat64() * 3000) // Zipf-like: small k often, large k seldom
	var b strings.Builder
	for range 2 + k%3 {
		b.WriteString(s.syllables[k%len(s.syllables)])
		k /= len(s.syllables)
		k += 7
	}
	w := b.String()
	return strings.ToUpper(w[:1]) + w[1:]
}

func (s *source) heading(r *rand.Rand, faq bool) string {
	var ws []string
	for range 2 + r.IntN(4) {
		ws = append(ws, s.headingWords[r.IntN(len(s.headingWords))])
	}
	ws = append(ws, s.rareWord(r))
	if faq {
		q := []string{"What is", "How long is", "When do I apply for", "Who offers", "How competitive is", "What are the requirements for"}
		return q[r.IntN(len(q))] + " " + strings.Join(ws, " ") + "?"
	}
	return strings.Join(ws, " ")
}

// sentence is one of the guide's sentences with some words swapped for
// others of the guide and for rare words, so that the text is new but its
// vocabulary the guide's.
func (s *source) sentence(r *rand.Rand) string {
	ws := strings.Fields(s.sentences[r.IntN(len(s.sentences))])
	for i := range ws {
		switch x := r.IntN(10); {
		case x == 0:
			ws[i] = s.rareWord(r)
		case x < 3:
			ws[i] = s.words[r.IntN(len(s.words))]
		}
	}
	out := strings.Join(ws, " ")
	if !strings.HasSuffix(out, ".") {
		out += "."
	}
	return out
}

func (s *source) writeFile(b *strings.Builder, r *rand.Rand, f, count int, faq bool) {
	kind := ""
	if faq {
		kind = "kind: faq\n"
	}
	fmt.Fprintf(b, "---\ntitle: Synthetic %s Guide %d\nsource: knowledgetest\nauthor: irbot tests\nupdated: 2026-01-01\n%s---\n\n", s.rareWord(r), f, kind)
	for i := range count {
		level := 2
		if !faq && i%4 != 0 {
			level = 3
		}
		fmt.Fprintf(b, "%s %s %d\n\n", strings.Repeat("#", level), s.heading(r, faq), i)
		if r.IntN(8) == 0 {
			fmt.Fprintf(b, "<!-- asked as:\n- %s\n- %s\n-->\n\n", strings.ToLower(s.heading(r, true)), strings.ToLower(s.heading(r, true)))
		}
		for range 1 + r.IntN(4) {
			var para []string
			for range 2 + r.IntN(3) {
				para = append(para, s.sentence(r))
			}
			if r.IntN(6) == 0 {
				for _, p := range para {
					fmt.Fprintf(b, "- %s\n", p)
				}
				b.WriteString("\n")
				continue
			}
			b.WriteString(strings.Join(para, " "))
			b.WriteString("\n\n")
		}
	}
}
