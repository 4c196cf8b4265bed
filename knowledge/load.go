package knowledge

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Names of the files Load looks for at the root of an fs.FS.
const (
	guidesDir    = "guides"
	pathwaysFile = "pathways.yaml"
	synonymsFile = "synonyms.yaml"
	relatedFile  = "related.yaml"
	offTopicFile = "offtopic.yaml"
	markdownExt  = ".md"
)

// layer is one fs.FS of knowledge. The embedded default keeps its guides
// under guides/; an admin's directory may also hold them at its root,
// since admins just drop files into a folder.
type layer struct {
	fsys       fs.FS
	rootGuides bool
}

// Load reads the knowledge in fsys: every *.md file under guides/
// (recursively, in path order), and pathways.yaml, synonyms.yaml,
// related.yaml, offtopic.yaml and lexicon.yaml at the root when present.
// It checks everything and returns either a complete Base or an error
// naming each bad file and line, never a partial Base.
func Load(fsys fs.FS) (*Base, error) {
	return load([]layer{{fsys: fsys}}, nil)
}

// LoadLayered reads base as Load does and lays extra, an admin's
// directory, over it: extra's guides (*.md at its root and under guides/)
// are added after base's, its synonyms.yaml, related.yaml and
// offtopic.yaml groups and lexicon.yaml words are appended to base's (a
// shorthand it redefines replaces base's), and its
// pathways.yaml entries replace base's entries with the same key (new keys
// are appended). With replace set, base is ignored and only extra is
// served, pathways included (possibly none). A nil extra means base alone.
func LoadLayered(base, extra fs.FS, replace bool) (*Base, error) {
	return load(layersOf(base, extra, replace), nil)
}

// ParseVersion is the version of how a guide file is parsed into a
// Document. Raise it whenever parsing changes what a file gives
// (TestParseGolden fails when it does), so that documents kept from an
// earlier parse (see LoadLayeredParsed) are parsed again, not served.
const ParseVersion = 1

// ErrParsedMismatch says documents given to LoadLayeredParsed are not
// those of the files: parse them again.
var ErrParsedMismatch = errors.New("knowledge: the parsed documents are not those of the guide files")

// LoadLayeredParsed is LoadLayered with the guide files' documents
// already parsed: parsed are a Base's Documents from an earlier load of
// exactly these files by a parser of this ParseVersion (the caller makes
// sure of that, by a fingerprint of the files). The data files are read
// and everything is checked as LoadLayered does; only the Markdown is not
// parsed again, which is most of the time a large knowledge base takes to
// load. Documents that do not name the guide files in order are an error
// wrapping ErrParsedMismatch.
func LoadLayeredParsed(base, extra fs.FS, replace bool, parsed []Document) (*Base, error) {
	if parsed == nil {
		parsed = []Document{} // none parsed is not "parse them"
	}
	return load(layersOf(base, extra, replace), parsed)
}

// layersOf lists the layers LoadLayered reads.
func layersOf(base, extra fs.FS, replace bool) []layer {
	switch {
	case extra == nil:
		return []layer{{fsys: base}}
	case replace:
		return []layer{{fsys: extra, rootGuides: true}}
	default:
		return []layer{{fsys: base}, {fsys: extra, rootGuides: true}}
	}
}

// load reads the layers in order and checks the result as a whole. With
// parsed not nil, the guide files' documents are taken from it, in order,
// instead of parsed.
func load(layers []layer, parsed []Document) (*Base, error) {
	var (
		b        Base
		errs     []error
		pathways []pathwayEntry
	)
	for _, l := range layers {
		files, err := guideFiles(l)
		if err != nil {
			errs = append(errs, err)
		}
		var read []readResult
		if parsed == nil {
			read = readDocuments(l.fsys, files)
		} else {
			if len(parsed) < len(files) {
				return nil, ErrParsedMismatch
			}
			for k, f := range files {
				if parsed[k].File != path.Clean(f) {
					return nil, ErrParsedMismatch
				}
				read = append(read, readResult{doc: parsed[k]})
			}
			parsed = parsed[len(files):]
		}
		for _, r := range read {
			if r.err != nil {
				errs = append(errs, r.err)
				continue
			}
			b.Documents = append(b.Documents, r.doc)
		}

		ps, err := readPathways(l.fsys)
		if err != nil {
			errs = append(errs, err)
		}
		pathways = overridePathways(pathways, ps)

		groups, err := readGroups(l.fsys, synonymsFile, 2)
		if err != nil {
			errs = append(errs, err)
		}
		b.Synonyms = append(b.Synonyms, groups...)

		groups, err = readGroups(l.fsys, relatedFile, 2)
		if err != nil {
			errs = append(errs, err)
		}
		b.Related = append(b.Related, groups...)

		groups, err = readGroups(l.fsys, offTopicFile, 1)
		if err != nil {
			errs = append(errs, err)
		}
		b.OffTopic = append(b.OffTopic, groups...)

		lex, err := readLexicon(l.fsys)
		if err != nil {
			errs = append(errs, err)
		}
		b.Lexicon = b.Lexicon.merge(lex)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(parsed) > 0 {
		return nil, ErrParsedMismatch
	}

	errs = append(errs, checkDocumentTitles(b.Documents)...)
	total := 0
	for _, d := range b.Documents {
		total += len(d.Passages)
	}
	b.Passages = make([]Passage, 0, total)
	for _, d := range b.Documents {
		b.Passages = append(b.Passages, d.Passages...)
	}
	assignIDs(b.Passages)
	i := 0
	for d := range b.Documents {
		n := len(b.Documents[d].Passages)
		b.Documents[d].Passages = b.Passages[i : i+n : i+n]
		i += n
	}

	errs = append(errs, checkPathways(pathways, b.Passages)...)
	for _, p := range pathways {
		b.Pathways = append(b.Pathways, p.Pathway)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &b, nil
}

// guideFiles lists a layer's Markdown files, sorted by path.
func guideFiles(l layer) ([]string, error) {
	var files []string
	if l.rootGuides {
		root, err := fs.ReadDir(l.fsys, ".")
		if err != nil {
			return nil, fmt.Errorf("read knowledge directory: %w", err)
		}
		for _, e := range root {
			if !e.IsDir() && strings.HasSuffix(e.Name(), markdownExt) {
				files = append(files, e.Name())
			}
		}
	}
	err := fs.WalkDir(l.fsys, guidesDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == guidesDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if !d.IsDir() && strings.HasSuffix(name, markdownExt) {
			files = append(files, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list guides: %w", err)
	}
	sort.Strings(files)
	return files, nil
}

// readResult is one guide file read and parsed, or why not.
type readResult struct {
	doc Document
	err error
}

// readDocuments reads and parses the guide files on every CPU (parsing
// is most of a start that finds its index in INDEX_DIR) and returns them
// in the order given, so a load is the same on any machine.
func readDocuments(fsys fs.FS, files []string) []readResult {
	out := make([]readResult, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for k := int(next.Add(1)) - 1; k < len(files); k = int(next.Add(1)) - 1 {
				out[k].doc, out[k].err = readDocument(fsys, files[k])
			}
		})
	}
	wg.Wait()
	return out
}

// readDocument reads and parses one guide file.
func readDocument(fsys fs.FS, name string) (Document, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Document{}, &FileError{File: name, Err: err}
	}
	return parseDocument(path.Clean(name), src)
}

// checkDocumentTitles rejects two documents with the same title, which
// Base.Document and the citations could not tell apart.
func checkDocumentTitles(docs []Document) []error {
	var errs []error
	seen := make(map[string]string)
	for _, d := range docs {
		if other, ok := seen[d.Title]; ok {
			errs = append(errs, fileErrorf(d.File, 0, "title %q is already the title of %s", d.Title, other))
			continue
		}
		seen[d.Title] = d.File
	}
	return errs
}
