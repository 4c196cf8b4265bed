package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// TestIndexDir checks INDEX_DIR: the index is kept there, reopened while
// the knowledge is the same, and rebuilt beside (the old one removed) when
// a file of KNOWLEDGE_DIR changes, as a SIGHUP reload does.
func TestIndexDir(t *testing.T) {
	know, idx := t.TempDir(), t.TempDir()
	guide := filepath.Join(know, "sushi.md")
	src, err := os.ReadFile(filepath.Join("testdata", "knowledge", "sushi.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(guide, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config{KnowledgeDir: know, IndexDir: idx}
	logger := slog.New(slog.DiscardHandler)
	names := func() []string {
		t.Helper()
		entries, err := os.ReadDir(idx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	open := func() {
		t.Helper()
		kb, x, err := openKnowledge(cfg, logger)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if _, ok := x.Passage(kb.Passages[len(kb.Passages)-1].ID); !ok || x.Len() != len(kb.Passages) {
			t.Errorf("index holds %d passages, want %d", x.Len(), len(kb.Passages))
		}
	}
	open()
	first := names()
	open()
	if again := names(); len(first) != 1 || len(again) != 1 || again[0] != first[0] {
		t.Fatalf("INDEX_DIR holds %v, then %v: want the same one index", first, again)
	}
	if err := os.WriteFile(guide, append(src, []byte("\n## Sushi Etiquette\n\nEat nigiri in one bite.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	open()
	if changed := names(); len(changed) != 1 || changed[0] == first[0] {
		t.Errorf("after a change INDEX_DIR holds %v, want one index other than %v", changed, first)
	}
}

// TestIndexDirKeepsParsedKnowledge checks that a restart with INDEX_DIR
// loads the same knowledge from the documents kept there as from the
// guides, and that a kept file found damaged is parsed around, with a
// warning, and kept again.
func TestIndexDirKeepsParsedKnowledge(t *testing.T) {
	know := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "knowledge", "sushi.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(know, "sushi.md"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config{KnowledgeDir: know, IndexDir: t.TempDir()}
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	want, err := loadKnowledge(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	open := func() *knowledge.Base {
		t.Helper()
		kb, x, err := openKnowledge(cfg, logger)
		if err != nil {
			t.Fatal(err)
		}
		x.Close()
		return kb
	}
	open() // builds the index and keeps the documents
	kept, err := filepath.Glob(filepath.Join(cfg.IndexDir, "irbot-*", "documents"))
	if err != nil || len(kept) != 1 {
		t.Fatalf("documents kept: %v (%v), want one file", kept, err)
	}
	if got := open(); !reflect.DeepEqual(got, want) {
		t.Error("the knowledge loaded from the kept documents differs from the guides'")
	}
	if logs.Len() != 0 {
		t.Errorf("a clean restart logged:\n%s", logs.String())
	}

	b, err := os.ReadFile(kept[0])
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(kept[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := open(); !reflect.DeepEqual(got, want) {
		t.Error("with the kept documents damaged, the knowledge differs from the guides'")
	}
	if !strings.Contains(logs.String(), "parsed knowledge kept in INDEX_DIR is unreadable") {
		t.Errorf("no warning for damaged documents:\n%s", logs.String())
	}
	if _, err := os.Stat(kept[0]); err != nil {
		t.Errorf("the damaged documents were not kept again: %v", err)
	}
	logs.Reset()
	if got := open(); !reflect.DeepEqual(got, want) || logs.Len() != 0 {
		t.Errorf("after the documents were kept again: same knowledge %v, logs:\n%s", reflect.DeepEqual(got, want), logs.String())
	}
}
