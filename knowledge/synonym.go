package knowledge

import (
	"errors"
	"io/fs"

	"gopkg.in/yaml.v3"
)

// readGroups reads a file of term groups (synonyms.yaml, related.yaml,
// offtopic.yaml), a YAML list of lists of at least minTerms terms, when
// present. Terms are normalised to
// lowercase with single spaces, since the index matches them against
// lowercased queries.
func readGroups(fsys fs.FS, name string, minTerms int) ([]SynonymGroup, error) {
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &FileError{File: name, Err: err}
	}
	var raw [][]string
	if err := yaml.Unmarshal(src, &raw); err != nil {
		return nil, yamlError(name, 0, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(name, 0, err)
	}
	nodes := itemNodes(&doc, len(raw))
	var errs []error
	var groups []SynonymGroup
	for i, terms := range raw {
		line := nodes[i].Line
		var g SynonymGroup
		seen := make(map[string]bool)
		for j, t := range terms {
			t = foldTerm(t)
			termLine := line
			if c := nodes[i].Content; j < len(c) && nodes[i].Kind == yaml.SequenceNode {
				termLine = c[j].Line
			}
			switch {
			case t == "":
				errs = append(errs, fileErrorf(name, termLine, "empty term in group"))
			case seen[t]:
				errs = append(errs, fileErrorf(name, termLine, "term %q appears twice in its group", t))
			default:
				seen[t] = true
				g = append(g, t)
			}
		}
		if len(terms) < minTerms {
			errs = append(errs, fileErrorf(name, line, "a group needs at least %s", [...]string{"one term", "one term", "two terms"}[min(minTerms, 2)]))
		}
		groups = append(groups, g)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return groups, nil
}
