package knowledge

import (
	"errors"
	"io/fs"

	"gopkg.in/yaml.v3"
)

// lexiconFile is the student lexicon's file at the root of an fs.FS.
const lexiconFile = "lexicon.yaml"

// Lexicon is how students write, which the index reads into plain words
// before it searches: the words of chat that carry no content, the vague
// words that ask without saying what about, and students' shorthand.
type Lexicon struct {
	// Chat are words that only set a tone ("lol", "ngl", "pls"): a
	// question loses them, and they never count as words the knowledge
	// does not know.
	Chat []string
	// Vague are words that ask without saying what about ("best",
	// "stuff", "explain"): they count a little in ranking, and never put
	// a question in scope on their own.
	Vague []string
	// Shorthand are students' spellings and abbreviations with the plain
	// words they stand for, in file order.
	Shorthand []Shorthand
}

// Shorthand is one entry of the lexicon: a word or phrase as students
// write it ("pgy-2", "aways") and what it stands for ("second-year
// resident", "away rotations"). Both are lowercase with single spaces.
type Shorthand struct {
	From, To string
}

// merge lays over's entries over l's: word lists are joined, and a
// shorthand over redefines replaces l's entry for the same word.
func (l Lexicon) merge(over Lexicon) Lexicon {
	out := Lexicon{
		Chat:  append(append([]string{}, l.Chat...), over.Chat...),
		Vague: append(append([]string{}, l.Vague...), over.Vague...),
	}
	redefined := make(map[string]bool, len(over.Shorthand))
	for _, s := range over.Shorthand {
		redefined[s.From] = true
	}
	for _, s := range l.Shorthand {
		if !redefined[s.From] {
			out.Shorthand = append(out.Shorthand, s)
		}
	}
	out.Shorthand = append(out.Shorthand, over.Shorthand...)
	return out
}

// readLexicon reads lexicon.yaml when present: a mapping with up to three
// keys, chat and vague (lists of lists of words) and shorthand (a list of
// mappings from a student's word to plain words). Errors name the line.
func readLexicon(fsys fs.FS) (Lexicon, error) {
	src, err := fs.ReadFile(fsys, lexiconFile)
	if errors.Is(err, fs.ErrNotExist) {
		return Lexicon{}, nil
	}
	if err != nil {
		return Lexicon{}, &FileError{File: lexiconFile, Err: err}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return Lexicon{}, yamlError(lexiconFile, 0, err)
	}
	if len(doc.Content) == 0 {
		return Lexicon{}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return Lexicon{}, fileErrorf(lexiconFile, root.Line, "want a mapping with the keys chat, vague and shorthand")
	}
	r := lexiconReader{seen: make(map[string]int)}
	var lex Lexicon
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "chat":
			lex.Chat = r.words(val, "chat")
		case "vague":
			lex.Vague = r.words(val, "vague")
		case "shorthand":
			lex.Shorthand = r.shorthand(val)
		default:
			r.errorf(key.Line, "unknown key %q (known: chat, vague, shorthand)", key.Value)
		}
	}
	if len(r.errs) > 0 {
		return Lexicon{}, errors.Join(r.errs...)
	}
	return lex, nil
}

// lexiconReader collects a lexicon's entries and its errors, and the line
// where each word was first defined, so that no word is two things.
type lexiconReader struct {
	errs []error
	seen map[string]int
}

func (r *lexiconReader) errorf(line int, format string, args ...any) {
	r.errs = append(r.errs, fileErrorf(lexiconFile, line, format, args...))
}

// define records a word at a line, or reports that it is defined already.
func (r *lexiconReader) define(word string, line int) bool {
	switch {
	case word == "":
		r.errorf(line, "empty word")
		return false
	case r.seen[word] > 0:
		r.errorf(line, "%q is already in the lexicon (line %d)", word, r.seen[word])
		return false
	}
	r.seen[word] = line
	return true
}

// words reads a list of groups of words.
func (r *lexiconReader) words(n *yaml.Node, key string) []string {
	if n.Kind != yaml.SequenceNode {
		r.errorf(n.Line, "%s: want a list of groups like [lol, lmao]", key)
		return nil
	}
	var out []string
	for _, g := range n.Content {
		if g.Kind != yaml.SequenceNode || len(g.Content) == 0 {
			r.errorf(g.Line, "%s: each group is a list of words, like [lol, lmao]", key)
			continue
		}
		for _, w := range g.Content {
			if w.Kind != yaml.ScalarNode {
				r.errorf(w.Line, "%s: a word must be plain text", key)
				continue
			}
			if t := foldTerm(w.Value); r.define(t, w.Line) {
				out = append(out, t)
			}
		}
	}
	return out
}

// shorthand reads a list of groups of "word: plain words" entries.
func (r *lexiconReader) shorthand(n *yaml.Node) []Shorthand {
	if n.Kind != yaml.SequenceNode {
		r.errorf(n.Line, "shorthand: want a list of groups of entries like \"aways: away rotations\"")
		return nil
	}
	var out []Shorthand
	for _, g := range n.Content {
		if g.Kind != yaml.MappingNode || len(g.Content) == 0 {
			r.errorf(g.Line, "shorthand: each group is a list of entries like \"aways: away rotations\"")
			continue
		}
		for i := 0; i+1 < len(g.Content); i += 2 {
			k, v := g.Content[i], g.Content[i+1]
			if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
				r.errorf(k.Line, "shorthand: an entry is a word and the plain words it stands for")
				continue
			}
			from, to := foldTerm(k.Value), foldTerm(v.Value)
			if to == "" {
				r.errorf(v.Line, "shorthand: %q stands for nothing", from)
				continue
			}
			if from == to {
				r.errorf(k.Line, "shorthand: %q stands for itself", from)
				continue
			}
			if r.define(from, k.Line) {
				out = append(out, Shorthand{From: from, To: to})
			}
		}
	}
	return out
}
