package knowledgetest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// TestWriteSynthetic checks the synthetic knowledge loads over the built-in
// guide, has the passages asked for and is the same for the same seed.
func TestWriteSynthetic(t *testing.T) {
	for _, n := range []int{1, 99, 250} {
		dir := t.TempDir()
		got, err := WriteSynthetic(dir, n, 1)
		if err != nil || got != n {
			t.Fatalf("WriteSynthetic(%d) = %d, %v", n, got, err)
		}
		def, err := knowledge.Default()
		if err != nil {
			t.Fatal(err)
		}
		kb, err := knowledge.LoadLayered(knowledge.Content(), os.DirFS(dir), false)
		if err != nil {
			t.Fatalf("load %d synthetic passages: %v", n, err)
		}
		if added := len(kb.Passages) - len(def.Passages); added != n {
			t.Errorf("loaded %d synthetic passages, want %d", added, n)
		}
		again := t.TempDir()
		if _, err := WriteSynthetic(again, n, 1); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(filepath.Join(dir, "guides", "synthetic-00000.md"))
		b, _ := os.ReadFile(filepath.Join(again, "guides", "synthetic-00000.md"))
		if string(a) != string(b) {
			t.Errorf("WriteSynthetic(%d) differs for the same seed", n)
		}
	}
}

// TestWriteToDir writes synthetic knowledge for measuring the binary by
// hand: IRBOT_SYNTH_DIR=/tmp/k10k IRBOT_SYNTH_N=10000 go test -run
// TestWriteToDir ./knowledge/knowledgetest (see the README's performance
// section). Without IRBOT_SYNTH_DIR it does nothing.
func TestWriteToDir(t *testing.T) {
	dir := os.Getenv("IRBOT_SYNTH_DIR")
	if dir == "" {
		t.Skip("set IRBOT_SYNTH_DIR (and IRBOT_SYNTH_N) to write synthetic knowledge")
	}
	n, err := strconv.Atoi(os.Getenv("IRBOT_SYNTH_N"))
	if err != nil || n < 1 {
		t.Fatalf("IRBOT_SYNTH_N=%q: want a number of passages", os.Getenv("IRBOT_SYNTH_N"))
	}
	if _, err := WriteSynthetic(dir, n, 1); err != nil {
		t.Fatal(err)
	}
}
