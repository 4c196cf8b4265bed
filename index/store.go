package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/irbot/irbot/knowledge"
)

// FormatVersion is the version of what irbot writes in an index
// directory. Raise it whenever the mapping, the documents Bleve indexes,
// the analysis of the passages, or the layout of the snapshot or of the
// kept knowledge (documents.go) change, so that an index written before is
// rebuilt, not served (TestSnapshotGolden fails when the analysis of fixed
// passages changes).
const FormatVersion = 3

// Names in an index directory.
const (
	// storedPrefix starts the name of a finished index; the rest is its
	// key.
	storedPrefix = "irbot-"
	// buildPrefix starts the name of an index being built.
	buildPrefix = ".build-"
	// staleBuild is how old a build directory must be before another
	// process takes it for abandoned (its builder crashed) and removes it.
	staleBuild = time.Hour
	// bleveName is the Bleve index inside a finished index's directory,
	// snapshotName the passages' analysis beside it (see snapshotMagic),
	// documentsName the parsed knowledge (see StoredDocuments).
	bleveName     = "bleve"
	snapshotName  = "analysis"
	documentsName = "documents"
)

// Open is New with the index kept on disk under dir, named by key (a hash
// of the knowledge: every file it was loaded from), FormatVersion and
// knowledge.ParseVersion: the Bleve index, the passages' analysis and the
// knowledge's documents (see StoredDocuments), so that unchanged knowledge
// is neither parsed, indexed nor analysed again. An index with that name
// is opened in place, read-only; otherwise it is built in a directory of
// its own and renamed into place when whole, so a reader never sees half
// of one, and two processes building at once both end up with a whole
// one. An index that cannot be opened, or does not hold what the
// knowledge has, is removed and rebuilt with a warning. Indexes of other
// keys are removed once this one is in place.
func Open(dir, key string, kb *knowledge.Base, opts Options, logger *slog.Logger) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("INDEX_DIR: %w", err)
	}
	name := storedName(key)
	path := filepath.Join(dir, name)
	passages := kb.Passages
	if _, err := os.Stat(path); err == nil {
		x, err := openStored(path, passages, opts)
		if err == nil {
			if _, err := os.Stat(filepath.Join(path, documentsName)); errors.Is(err, fs.ErrNotExist) {
				// Lost, or found unreadable and removed: keep it again.
				if err := writeDocuments(path, kb.Documents); err != nil {
					logger.Warn("could not keep the parsed knowledge", "path", path, "err", err)
				}
			}
			removeOthers(dir, name, logger)
			return x, nil
		}
		logger.Warn("index directory unusable; rebuilding it", "path", path, "err", err)
		if err := os.RemoveAll(path); err != nil {
			return nil, fmt.Errorf("remove unusable index: %w", err)
		}
	}
	x, err := buildStored(dir, path, kb, opts)
	if err != nil {
		return nil, err
	}
	removeOthers(dir, name, logger)
	return x, nil
}

// storedName is the name of the index of key in an index directory.
func storedName(key string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("irbot index format %d parse %d\n%s", FormatVersion, knowledge.ParseVersion, key)))
	return storedPrefix + hex.EncodeToString(sum[:12])
}

// openStored opens the index at path: its analysis, then its Bleve index,
// which must hold the passages and synonym groups the knowledge has.
func openStored(path string, passages []knowledge.Passage, opts Options) (*Index, error) {
	x, m, err := prepare(passages, opts)
	if err != nil {
		return nil, err
	}
	if err := x.readSnapshot(filepath.Join(path, snapshotName)); err != nil {
		return nil, err
	}
	return x.complete(m, opts, func(x *Index, _ *mapping.IndexMappingImpl, defs []*bleve.SynonymDefinition) (bleve.Index, error) {
		return openBleve(filepath.Join(path, bleveName), uint64(len(x.passages)+len(defs)))
	})
}

// openBleve opens the Bleve index at path read-only and checks it holds
// want documents (passages and synonym groups).
func openBleve(path string, want uint64) (bleve.Index, error) {
	bi, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return nil, err
	}
	n, err := bi.DocCount()
	if err == nil && n != want {
		err = fmt.Errorf("it holds %d documents, the knowledge %d", n, want)
	}
	if err != nil {
		bi.Close()
		return nil, err
	}
	return bi, nil
}

// buildStored analyses the knowledge's passages and builds their index in
// a directory of its own under dir, the documents and the analysis written
// first, then renames it to path and opens it. When another process has
// put one there first, that one is opened.
func buildStored(dir, path string, kb *knowledge.Base, opts Options) (*Index, error) {
	passages := kb.Passages
	x, m, err := prepare(passages, opts)
	if err != nil {
		return nil, err
	}
	if err := x.analyseAll(passages); err != nil {
		return nil, err
	}
	parents := x.parents()
	x.adoptChildren(parents)
	tmp, err := os.MkdirTemp(dir, buildPrefix)
	if err != nil {
		return nil, fmt.Errorf("INDEX_DIR: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure
	if err := writeDocuments(tmp, kb.Documents); err != nil {
		return nil, fmt.Errorf("keep the parsed knowledge: %w", err)
	}
	if err := x.writeSnapshot(filepath.Join(tmp, snapshotName), parents); err != nil {
		return nil, fmt.Errorf("write the passages' analysis: %w", err)
	}
	return x.complete(m, opts, func(x *Index, m *mapping.IndexMappingImpl, defs []*bleve.SynonymDefinition) (bleve.Index, error) {
		bi, err := bleve.NewUsing(filepath.Join(tmp, bleveName), m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("create index: %w", err)
		}
		if err := x.fill(bi, defs); err != nil {
			bi.Close()
			return nil, err
		}
		if err := bi.Close(); err != nil {
			return nil, fmt.Errorf("write index: %w", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			if _, statErr := os.Stat(path); statErr != nil {
				return nil, fmt.Errorf("put the index in place: %w", err)
			}
			// Another process finished first: its index is as good.
		}
		bi, err = openBleve(filepath.Join(path, bleveName), uint64(len(x.passages)+len(defs)))
		if err != nil {
			return nil, fmt.Errorf("open the index just built: %w", err)
		}
		return bi, nil
	})
}

// removeOthers removes the indexes of other keys (older knowledge: a
// process still serving one keeps its open files until it closes them)
// and abandoned builds.
func removeOthers(dir, keep string, logger *slog.Logger) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		old := strings.HasPrefix(name, storedPrefix) && name != keep
		if strings.HasPrefix(name, buildPrefix) {
			info, err := e.Info()
			old = err == nil && time.Since(info.ModTime()) > staleBuild
		}
		if !old {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			logger.Warn("could not remove an old index", "path", filepath.Join(dir, name), "err", err)
		}
	}
}
