package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// lockedBuffer is a log destination goroutines can share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestLogger() (*slog.Logger, *lockedBuffer) {
	buf := &lockedBuffer{}
	return slog.New(slog.NewTextHandler(buf, nil)), buf
}

// storedNames lists the finished indexes in dir.
func storedNames(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// sameAnswers checks that two indexes answer every bench question alike,
// passages, snippets and confidence, scores but for the last bits of a
// float sum.
func sameAnswers(t *testing.T, want, got *Index) {
	t.Helper()
	identicalAnswers(t, want, got, scaleQueries(t), 1e-9)
}

func mustOpen(t *testing.T, dir, key string, kb *knowledge.Base, logger *slog.Logger) *Index {
	t.Helper()
	x, err := Open(dir, key, kb, OptionsFor(kb), logger)
	if err != nil {
		t.Fatalf("Open(%s): %v", key, err)
	}
	return x
}

func TestOpen(t *testing.T) {
	kb := defaultBase(t)
	mem := newDefault(t) // what an index built in memory answers

	t.Run("built, then opened in place, answers as in memory", func(t *testing.T) {
		dir := t.TempDir()
		logger, logs := newTestLogger()
		x := mustOpen(t, dir, "k1", kb, logger)
		sameAnswers(t, mem, x)
		x.Close()
		names := storedNames(t, dir)
		if len(names) != 1 || !strings.HasPrefix(names[0], storedPrefix) {
			t.Fatalf("INDEX_DIR holds %v, want one index", names)
		}
		stamp, err := os.Stat(filepath.Join(dir, names[0]))
		if err != nil {
			t.Fatal(err)
		}
		y := mustOpen(t, dir, "k1", kb, logger)
		defer y.Close()
		sameAnswers(t, mem, y)
		again, err := os.Stat(filepath.Join(dir, names[0]))
		if err != nil || !again.ModTime().Equal(stamp.ModTime()) {
			t.Errorf("reopening rebuilt the index (%v)", err)
		}
		if logs.String() != "" {
			t.Errorf("logged %q, want nothing", logs.String())
		}
	})

	t.Run("changed knowledge is built beside, the old removed and still answering", func(t *testing.T) {
		dir := t.TempDir()
		logger, _ := newTestLogger()
		// The old index stays open, as the bot a reload replaces keeps
		// answering for a while: its files go, what it serves does not.
		serving := mustOpen(t, dir, "old", kb, logger)
		defer serving.Close()
		old := storedNames(t, dir)
		x := mustOpen(t, dir, "new", kb, logger)
		defer x.Close()
		sameAnswers(t, mem, serving)
		now := storedNames(t, dir)
		if len(now) != 1 || now[0] == old[0] {
			t.Errorf("INDEX_DIR holds %v after a change, want one index other than %v", now, old)
		}
	})

	corruptions := []struct {
		name string
		harm func(t *testing.T, path string)
	}{
		{"emptied", func(t *testing.T, path string) {
			if err := os.RemoveAll(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"segments truncated", func(t *testing.T, path string) {
			err := filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					err = os.Truncate(p, 10)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"segments removed", func(t *testing.T, path string) {
			files, _ := filepath.Glob(filepath.Join(path, bleveName, "store", "*.zap"))
			if len(files) == 0 {
				t.Fatal("no segment files to remove")
			}
			for _, f := range files {
				os.Remove(f)
			}
		}},
	}
	for _, c := range corruptions {
		t.Run("rebuilt when "+c.name, func(t *testing.T) {
			dir := t.TempDir()
			logger, logs := newTestLogger()
			mustOpen(t, dir, "k", kb, logger).Close()
			c.harm(t, filepath.Join(dir, storedNames(t, dir)[0]))
			x := mustOpen(t, dir, "k", kb, logger)
			defer x.Close()
			sameAnswers(t, mem, x)
			if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "rebuilding") {
				t.Errorf("logged %q, want a warning that the index is rebuilt", logs.String())
			}
		})
	}

	t.Run("two at once", func(t *testing.T) {
		dir := t.TempDir()
		logger, _ := newTestLogger()
		var wg sync.WaitGroup
		got := make([]*Index, 2)
		errs := make([]error, 2)
		for k := range got {
			wg.Go(func() { got[k], errs[k] = Open(dir, "k", kb, OptionsFor(kb), logger) })
		}
		wg.Wait()
		for k := range got {
			if errs[k] != nil {
				t.Fatalf("Open %d: %v", k, errs[k])
			}
			defer got[k].Close()
			sameAnswers(t, mem, got[k])
		}
		if names := storedNames(t, dir); len(names) != 1 {
			t.Errorf("INDEX_DIR holds %v, want one index", names)
		}
	})
}

// TestStoredDocuments checks the documents an index directory keeps: the
// knowledge's, as loaded; none before a build; a damaged file refused
// and removed, then kept again by the next Open.
func TestStoredDocuments(t *testing.T) {
	kb := defaultBase(t)
	dir := t.TempDir()
	logger, logs := newTestLogger()
	if _, err := StoredDocuments(dir, "k"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("before a build: err = %v, want fs.ErrNotExist", err)
	}
	mustOpen(t, dir, "k", kb, logger).Close()
	docs, err := StoredDocuments(dir, "k")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(docs, kb.Documents) {
		t.Error("the kept documents differ from the knowledge's")
	}
	if _, err := StoredDocuments(dir, "other"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("another key: err = %v, want fs.ErrNotExist", err)
	}

	path := filepath.Join(dir, storedName("k"), documentsName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, damaged := range map[string][]byte{
		"cut short":   b[:len(b)/2],
		"a bit flips": append(append(slices.Clone(b[:len(b)/2]), b[len(b)/2]^1), b[len(b)/2+1:]...),
		"empty":       nil,
	} {
		if err := os.WriteFile(path, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := StoredDocuments(dir, "k"); err == nil || errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: err = %v, want it refused", name, err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: the damaged file is still there (%v)", name, err)
		}
		mustOpen(t, dir, "k", kb, logger).Close()
		if docs, err := StoredDocuments(dir, "k"); err != nil || !reflect.DeepEqual(docs, kb.Documents) {
			t.Errorf("%s: after Open the documents are not kept again (%v)", name, err)
		}
	}
	if logs.String() != "" {
		t.Errorf("logged %q, want nothing", logs.String())
	}
}

// FuzzDecodeDocuments feeds decodeDocuments any bytes after a right magic
// and checksum: it must return documents or an error, never panic or
// allocate more than the bytes can hold.
func FuzzDecodeDocuments(f *testing.F) {
	good := encodeDocuments([]knowledge.Document{{Title: "T", File: "guides/t.md", Passages: []knowledge.Passage{
		{ID: "a", Title: "A", Kind: knowledge.KindGuide, Body: "Words.", Document: "T", Level: 2},
		{ID: "a-b", Title: "B", Path: []string{"A"}, Asked: []string{}, Kind: knowledge.KindFAQ, Document: "T", Level: 3},
	}}})
	f.Add(good[len(documentsMagic) : len(good)-4])
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte{1, 1, 'a', 0, 0, 0, 0, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, body []byte) {
		b := append(append([]byte(nil), documentsMagic...), body...)
		b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
		docs, err := decodeDocuments(b, string(b))
		if err == nil {
			e := encodeDocuments(docs)
			if again, err := decodeDocuments(e, string(e)); err != nil || !reflect.DeepEqual(again, docs) {
				t.Errorf("documents decoded do not survive encoding again (%v)", err)
			}
		}
	})
}
