package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
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
