package index

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// allQuestions are the questions of every question set in testdata.
func allQuestions(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no question sets in testdata (%v)", err)
	}
	qs := benchQueries()
	for _, f := range files {
		for _, q := range readQuestionFile(tb, filepath.Base(f)) {
			qs = append(qs, q.Q)
		}
	}
	return qs
}

// identicalAnswers checks that two indexes give the same result, every
// passage and snippet, and every score within tol (0: to the last bit),
// for every question.
func identicalAnswers(t *testing.T, want, got *Index, questions []string, tol float64) {
	t.Helper()
	differ := 0
	ctx := context.Background()
	for _, q := range questions {
		a, err := want.Search(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		b, err := got.Search(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Hits) == len(b.Hits) {
			for k := range a.Hits {
				if math.Abs(a.Hits[k].Score-b.Hits[k].Score) <= tol {
					b.Hits[k].Score = a.Hits[k].Score
				}
			}
		}
		if !reflect.DeepEqual(a, b) && differ < 3 {
			differ++
			t.Errorf("Search(%q) = %s, want %s", q, resultSummary(b), resultSummary(a))
		}
	}
}

// resultSummary is what a result shows, passages by ID.
func resultSummary(r Result) string {
	s := fmt.Sprintf("%s/%s %q key %q:", r.Confidence, r.Reason, r.Subject, r.Key)
	for _, h := range r.Hits {
		s += fmt.Sprintf(" %s %v %q", h.Passage.ID, h.Score, h.Snippet)
	}
	return s
}

// sameAnalysis checks that an index restored from a snapshot holds
// exactly what one built from the passages does.
func sameAnalysis(t *testing.T, want, got *Index) {
	t.Helper()
	checks := []struct {
		name      string
		want, got any
	}{
		{"data", withSentences(want), withSentences(got)},
		{"byID", want.byID, got.byID},
		{"vocabulary", want.vocab, got.vocab},
		{"inTitle", want.inTitle, got.inTitle},
		{"inBody", want.inBody, got.inBody},
		{"inAsked", want.inAsked, got.inAsked},
		{"inPath", want.inPath, got.inPath},
		{"groupDF", want.groupDF, got.groupDF},
		{"offTopic", want.offTopic, got.offTopic},
		{"bm25", want.bm25, got.bm25},
		{"titles", want.titles, got.titles},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.want, c.got) {
			t.Errorf("restored %s differs from the built one", c.name)
		}
	}
}

// withSentences is x's passages' analysis with their sentences, decoded
// where x keeps them encoded.
func withSentences(x *Index) []passageData {
	out := slices.Clone(x.data)
	for i := range out {
		out[i].sentences = x.sentencesOf(i)
	}
	return out
}

// snapshotPath is the snapshot of the one index in dir.
func snapshotPath(tb testing.TB, dir string) string {
	tb.Helper()
	names := storedNames(tb, dir)
	if len(names) != 1 {
		tb.Fatalf("INDEX_DIR holds %v, want one index", names)
	}
	return filepath.Join(dir, names[0], snapshotName)
}

func TestSnapshotRestoresTheIndex(t *testing.T) {
	bases := []struct {
		name string
		kb   func(testing.TB) *knowledge.Base
	}{
		{"built-in guide", defaultBase},
		{"guide and 1,000 synthetic passages", func(tb testing.TB) *knowledge.Base { return syntheticBase(tb, 1_000) }},
	}
	for k, b := range bases {
		t.Run(b.name, func(t *testing.T) {
			kb := b.kb(t)
			questions := allQuestions(t)
			dir := t.TempDir()
			logger, logs := newTestLogger()
			built := mustOpen(t, dir, "k", kb, logger)
			defer built.Close()
			restored := mustOpen(t, dir, "k", kb, logger)
			defer restored.Close()
			if logs.String() != "" {
				t.Errorf("logged %q, want nothing", logs.String())
			}
			if restored.sentences == nil {
				t.Error("the restored index decoded every sentence as it opened")
			}
			sameAnalysis(t, built, restored)
			t.Run("restored, as built", func(t *testing.T) { identicalAnswers(t, built, restored, questions, 0) })
			if k > 0 {
				return // the guide alone shows the in-memory index's answers: enough under -race
			}
			mem, err := New(kb.Passages, OptionsFor(kb))
			if err != nil {
				t.Fatal(err)
			}
			defer mem.Close()
			sameAnalysis(t, mem, restored)
			// An index built in memory sums some scores in another order
			// than one opened from disk: they differ in the last bits.
			t.Run("built, as in memory", func(t *testing.T) { identicalAnswers(t, mem, built, questions, 1e-9) })
		})
	}
}

func TestSnapshotUnreadable(t *testing.T) {
	kb := defaultBase(t)
	mem := newDefault(t) // what an index built in memory answers

	// harm returns the bytes the snapshot is left with; nil removes it.
	harms := []struct {
		name string
		harm func(b []byte) []byte
	}{
		{"truncated to half", func(b []byte) []byte { return b[:len(b)/2] }},
		{"missing its checksum", func(b []byte) []byte { return b[:len(b)-4] }},
		{"one byte short", func(b []byte) []byte { return b[:len(b)-1] }},
		{"empty", func(b []byte) []byte { return []byte{} }},
		{"a byte changed", func(b []byte) []byte { b[len(b)/3] ^= 0x40; return b }},
		{"bytes added", func(b []byte) []byte { return append(b, 0) }},
		{"lengths too long", func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[len(snapshotMagic):], 1<<62)
			return b
		}},
		{"removed", func([]byte) []byte { return nil }},
	}
	for _, h := range harms {
		t.Run("rebuilt when "+h.name, func(t *testing.T) {
			dir := t.TempDir()
			logger, logs := newTestLogger()
			mustOpen(t, dir, "k", kb, logger).Close()
			path := snapshotPath(t, dir)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if b := h.harm(b); b == nil {
				err = os.Remove(path)
			} else {
				err = os.WriteFile(path, b, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			x := mustOpen(t, dir, "k", kb, logger)
			defer x.Close()
			sameAnalysis(t, mem, x)
			sameAnswers(t, mem, x)
			if !containsAll(logs.String(), "level=WARN", "rebuilding", snapshotName) {
				t.Errorf("logged %q, want a warning that the index is rebuilt", logs.String())
			}
			// The rebuilt snapshot is whole again: the next start reads it.
			logs.b.Reset()
			y := mustOpen(t, dir, "k", kb, logger)
			defer y.Close()
			if logs.String() != "" {
				t.Errorf("after the rebuild logged %q, want nothing", logs.String())
			}
		})
	}

	t.Run("of other passages", func(t *testing.T) {
		dir := t.TempDir()
		x, _, err := prepare(kb.Passages, OptionsFor(kb))
		if err != nil {
			t.Fatal(err)
		}
		if err := x.analyseAll(kb.Passages); err != nil {
			t.Fatal(err)
		}
		parents := x.parents()
		x.adoptChildren(parents)
		path := filepath.Join(dir, snapshotName)
		if err := x.writeSnapshot(path, parents); err != nil {
			t.Fatal(err)
		}
		other := append([]knowledge.Passage(nil), kb.Passages...)
		other[3].Title += " (renamed)"
		for _, ps := range [][]knowledge.Passage{other, kb.Passages[1:]} {
			y, _, err := prepare(ps, OptionsFor(kb))
			if err != nil {
				t.Fatal(err)
			}
			if err := y.readSnapshot(path); !errors.Is(err, errSnapshot) {
				t.Errorf("readSnapshot of other passages = %v, want errSnapshot", err)
			}
		}
	})
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// goldenPassages are fixed passages whose analysis TestSnapshotGolden
// watches: headings, "asked as" lines, sentences, lists, numbers, a
// child.
var goldenPassages = []knowledge.Passage{
	{ID: "what-is-ir", Title: "What Is Interventional Radiology?", Document: "Golden", Level: 2, Kind: knowledge.KindGuide,
		Body:  "Interventional radiology (IR) treats disease through small incisions, guided by imaging. It's a 6-year path.\n\n- Residents rotate through **vascular** and *oncologic* IR.\n- See [the SIR site](https://www.sirweb.org).",
		Asked: []string{"what's IR", "what do interventional radiologists do"}},
	{ID: "what-is-ir-training", Title: "How Long Is Training?", Path: []string{"What Is Interventional Radiology?"}, Document: "Golden", Level: 3, Kind: knowledge.KindGuide,
		Body: "Training takes five or six years after medical school. The integrated residency starts in PGY-2; the independent one follows diagnostic radiology."},
	{ID: "faq-cost", Title: "How much does applying cost?", Document: "Golden FAQ", Level: 2, Kind: knowledge.KindFAQ,
		Body: "Applications cost about $1,000 in 2024. Interviews are virtual."},
}

// snapshotGolden is the SHA-256 of goldenPassages' snapshot at each
// FormatVersion.
var snapshotGolden = map[int]string{
	2: "ad2135094a4f4338220e72dbe2bbe02da2b171630da6edd086604c019d7413fe",
	3: "2f9f1eee973498803b1831d3f7acb01040d668b64aa6077991ae149c68ec8f05", // the totals count sets and headings apart
}

// TestSnapshotGolden fails when the analysis of fixed passages changes:
// an index directory written before would then hold an analysis irbot no
// longer makes, and serve it. Raise FormatVersion and record the new sum
// under it.
func TestSnapshotGolden(t *testing.T) {
	x, _, err := prepare(goldenPassages, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.analyseAll(goldenPassages); err != nil {
		t.Fatal(err)
	}
	parents := x.parents()
	x.adoptChildren(parents)
	if got := x.data[0].children; !reflect.DeepEqual(got, []string{"How Long Is Training?"}) {
		t.Errorf("children = %q, want the one subsection", got)
	}
	path := filepath.Join(t.TempDir(), snapshotName)
	if err := x.writeSnapshot(path, parents); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got, want := hex.EncodeToString(sum[:]), snapshotGolden[FormatVersion]; got != want {
		t.Errorf("the snapshot of fixed passages has SHA-256 %s, want %s at FormatVersion %d: the analysis or the snapshot changed; raise FormatVersion and record the new sum under it", got, want, FormatVersion)
	}
}

// FuzzReadSnapshot feeds readSnapshot snapshots whose checksum matches
// but whose structure and text are anything: it must return an error or
// an analysis, never panic or allocate what the file cannot hold.
func FuzzReadSnapshot(f *testing.F) {
	x, _, err := prepare(goldenPassages, Options{})
	if err != nil {
		f.Fatal(err)
	}
	if err := x.analyseAll(goldenPassages); err != nil {
		f.Fatal(err)
	}
	parents := x.parents()
	x.adoptChildren(parents)
	path := filepath.Join(f.TempDir(), snapshotName)
	if err := x.writeSnapshot(path, parents); err != nil {
		f.Fatal(err)
	}
	mapped, text, release, err := readSnapshotFile(path)
	if err != nil {
		f.Fatal(err)
	}
	structure := slices.Clone(mapped)
	release()
	f.Add(structure, []byte(text))
	f.Add(structure[:len(structure)/2], []byte(text))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, []byte("abc"))
	f.Fuzz(func(t *testing.T, structure, text []byte) {
		b := append([]byte(nil), snapshotMagic...)
		b = binary.LittleEndian.AppendUint64(b, uint64(len(structure)))
		b = binary.LittleEndian.AppendUint64(b, uint64(len(text)))
		b = append(append(b, structure...), text...)
		b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
		p := filepath.Join(t.TempDir(), snapshotName)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		y, _, err := prepare(goldenPassages, Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = y.readSnapshot(p)
		if err != nil && !errors.Is(err, errSnapshot) {
			t.Errorf("readSnapshot = %v, want nil or errSnapshot", err)
		}
		if err != nil {
			return
		}
		// What reads whole decodes whole: the sentences kept encoded
		// were checked with the rest.
		for i := range y.data {
			sentences := y.sentencesOf(i)
			if n := y.sentences.at[i+1] - y.sentences.at[i]; n > 1 && sentences == nil {
				t.Fatalf("passage %d: %d bytes of sentences decode to none", i, n)
			}
			for _, s := range sentences {
				for _, w := range s.words {
					if int(w.stem) >= len(y.stemTab) || w.start > w.end || int(w.end) > len(s.text) {
						t.Fatalf("passage %d: word %+v of %q", i, w, s.text)
					}
				}
			}
		}
	})
}
