package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Fact is one statement of a pathway summary and the guide headings it is
// taken from, so every figure the bot shows can be traced to the guide.
type Fact struct {
	Text    string   `yaml:"text"`
	Sources []string `yaml:"sources"`
}

// Stage is one step of a pathway's timeline.
type Stage struct {
	// Name is short ("Internship"); When says when it happens ("Year 1",
	// "Years 2-4", "After DR residency").
	Name string `yaml:"name"`
	When string `yaml:"when"`
	Fact `yaml:",inline"`
}

// Pathway is a structured summary of one route into IR.
type Pathway struct {
	// Key is the stable name used in commands: integrated, independent, esir.
	Key string `yaml:"key"`
	// Name is the display name ("Integrated IR Residency").
	Name string `yaml:"name"`
	// Aliases are other words students use for it ("6-year", "dr first").
	Aliases       []string `yaml:"aliases"`
	Summary       Fact     `yaml:"summary"`
	Length        Fact     `yaml:"length"`
	Prerequisites []Fact   `yaml:"prerequisites"`
	Stages        []Stage  `yaml:"stages"`
	Differences   []Fact   `yaml:"differences"`
	Certification Fact     `yaml:"certification"`
}

// SynonymGroup is a set of words or phrases that mean the same thing to a
// student ("IR", "interventional radiology"), or, in Base.Related, that
// hint at one another ("how many years", "length").
type SynonymGroup []string

// Facts returns every fact of the pathway with a label saying where it
// sits ("summary", "stages[1]"), skipping facts left empty.
func (p Pathway) Facts() []LabeledFact {
	var out []LabeledFact
	add := func(label string, f Fact, when ...string) {
		if f.Text != "" || len(f.Sources) > 0 {
			out = append(out, LabeledFact{Label: label, Fact: f, When: strings.Join(when, "")})
		}
	}
	add("summary", p.Summary)
	add("length", p.Length)
	for i, f := range p.Prerequisites {
		add(fmt.Sprintf("prerequisites[%d]", i), f)
	}
	for i, s := range p.Stages {
		add(fmt.Sprintf("stages[%d]", i), s.Fact, s.When)
	}
	for i, f := range p.Differences {
		add(fmt.Sprintf("differences[%d]", i), f)
	}
	add("certification", p.Certification)
	return out
}

// LabeledFact is a Fact with the place it holds in its Pathway.
type LabeledFact struct {
	Label string
	Fact
	// When is the stage's When for a stage, which its sources must
	// support as well, else empty.
	When string
}

// claim is everything the fact asserts: its text and, for a stage, when.
func (f LabeledFact) claim() string {
	return f.When + "\n" + f.Text
}

// quoteAll quotes each string.
func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strconv.Quote(v)
	}
	return out
}

// names are what Base.Pathway matches: key, name and aliases.
func (p Pathway) names() []string {
	return append([]string{p.Key, p.Name}, p.Aliases...)
}

// pathwayEntry is a pathway with the YAML it came from, to report lines.
type pathwayEntry struct {
	Pathway
	file string
	node *yaml.Node
}

// line is the file line of the first scalar in the entry equal to value,
// or of the entry itself.
func (e pathwayEntry) line(value string) int {
	if n := findScalar(e.node, value); n != nil {
		return n.Line
	}
	return e.node.Line
}

// readPathways reads pathways.yaml, a YAML list of pathways, when present.
func readPathways(fsys fs.FS) ([]pathwayEntry, error) {
	src, err := fs.ReadFile(fsys, pathwaysFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &FileError{File: pathwaysFile, Err: err}
	}
	var list []Pathway
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&list); err != nil {
		if isEmptyYAML(err) {
			return nil, nil
		}
		return nil, yamlError(pathwaysFile, 0, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(pathwaysFile, 0, err)
	}
	items := itemNodes(&doc, len(list))
	out := make([]pathwayEntry, len(list))
	var errs []error
	seen := make(map[string]int) // key -> line
	for i, p := range list {
		out[i] = pathwayEntry{Pathway: p, file: pathwaysFile, node: items[i]}
		if line, ok := seen[p.Key]; ok {
			errs = append(errs, fileErrorf(pathwaysFile, items[i].Line, "key %q is already used at line %d", p.Key, line))
		}
		seen[p.Key] = items[i].Line
	}
	return out, errors.Join(errs...)
}

// overridePathways lays later entries over earlier ones by key, keeping
// the earlier order and appending new keys.
func overridePathways(base, over []pathwayEntry) []pathwayEntry {
	for _, o := range over {
		replaced := false
		for i := range base {
			if base[i].Key == o.Key && o.Key != "" {
				base[i], replaced = o, true
				break
			}
		}
		if !replaced {
			base = append(base, o)
		}
	}
	return base
}

// checkPathways checks every pathway against the loaded passages: keys are
// slugs, names and aliases point to one pathway only, and each fact has
// text and cites headings that exist.
func checkPathways(entries []pathwayEntry, passages []Passage) []error {
	// The text of every heading a fact cites (title and body; a title
	// used twice, both sections'), gathered only for those: the
	// knowledge may hold many thousands of others.
	headings := make(map[string]string)
	for _, e := range entries {
		for _, f := range e.Facts() {
			for _, src := range f.Sources {
				headings[src] = ""
			}
		}
	}
	found := make(map[string]bool, len(headings))
	for _, p := range passages {
		if text, ok := headings[p.Title]; ok {
			headings[p.Title] = text + p.Title + "\n" + p.Body + "\n"
			found[p.Title] = true
		}
	}
	for t := range headings {
		if !found[t] {
			delete(headings, t)
		}
	}
	var errs []error
	owner := make(map[string]string) // normalised name -> pathway key
	for _, e := range entries {
		fail := func(value, format string, args ...any) {
			errs = append(errs, fileErrorf(e.file, e.line(value), format, args...))
		}
		if e.Key == "" || slug(e.Key) != e.Key {
			fail(e.Key, "pathway key %q must be lowercase letters, digits and hyphens", e.Key)
		}
		if strings.TrimSpace(e.Name) == "" {
			fail(e.Key, "pathway %q has no name", e.Key)
		}
		if e.Summary.Text == "" {
			fail(e.Key, "pathway %q has no summary", e.Key)
		}
		for _, n := range e.names() {
			norm := Fold(n)
			if norm == "" {
				fail(n, "pathway %q: alias %q has no letters or digits", e.Key, n)
				continue
			}
			if k, ok := owner[norm]; ok && k != e.Key {
				fail(n, "pathway %q: %q already names pathway %q", e.Key, n, k)
				continue
			}
			owner[norm] = e.Key
		}
		for i, s := range e.Stages {
			if strings.TrimSpace(s.Name) == "" {
				fail(s.Text, "pathway %q: stages[%d] has no name", e.Key, i)
			}
		}
		for _, f := range e.Facts() {
			node := e.fact(f.Label)
			failAt := func(value, format string, args ...any) {
				line := node.Line
				if n := findScalar(node, value); n != nil {
					line = n.Line
				}
				errs = append(errs, fileErrorf(e.file, line, format, args...))
			}
			if strings.TrimSpace(f.Text) == "" {
				failAt("", "pathway %q: %s has no text", e.Key, f.Label)
			}
			if len(f.Sources) == 0 {
				failAt(f.Text, "pathway %q: %s cites no sources", e.Key, f.Label)
			}
			support, cited := "", true
			for _, src := range f.Sources {
				text, ok := headings[src]
				if !ok {
					failAt(src, "pathway %q: %s cites %q, which is not a heading of any guide", e.Key, f.Label, src)
					cited = false
				}
				support += text
			}
			if cited && len(f.Sources) > 0 {
				if missing := unsupportedFigures(f.claim(), support); len(missing) > 0 {
					failAt(f.Text, "pathway %q: %s states %s, which its sources do not", e.Key, f.Label, strings.Join(quoteAll(missing), ", "))
				}
			}
		}
	}
	return errs
}

// fact finds the YAML node of the fact a LabeledFact.Label names
// ("length", "stages[1]"), falling back to the whole entry.
func (e pathwayEntry) fact(label string) *yaml.Node {
	name, index, _ := strings.Cut(strings.TrimSuffix(label, "]"), "[")
	n := mappingValue(e.node, name)
	if n == nil {
		return e.node
	}
	if index != "" {
		i, err := strconv.Atoi(index)
		if err != nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
			return n
		}
		n = n.Content[i]
	}
	return n
}

// mappingValue returns the value of key in a YAML mapping node, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// findScalar finds the first scalar node equal to value in n's subtree.
func findScalar(n *yaml.Node, value string) *yaml.Node {
	if n == nil || value == "" {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Value == value {
		return n
	}
	for _, c := range n.Content {
		if f := findScalar(c, value); f != nil {
			return f
		}
	}
	return nil
}

// isEmptyYAML reports whether a decode error only says there was no YAML
// document: an empty file means an empty list.
func isEmptyYAML(err error) bool {
	return err != nil && err.Error() == "EOF"
}

// itemNodes returns the nodes of the n items of a YAML document that is a
// list, for their line numbers. Should the document not be a plain list
// (an alias, say), every item falls back to the document's first node.
func itemNodes(doc *yaml.Node, n int) []*yaml.Node {
	root := doc
	if len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	if root.Kind == yaml.SequenceNode && len(root.Content) == n {
		return root.Content
	}
	out := make([]*yaml.Node, n)
	for i := range out {
		out[i] = root
	}
	return out
}
