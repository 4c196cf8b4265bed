package index

import (
	"bufio"
	"encoding/binary"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/irbot/irbot/knowledge"
)

// A snapshot is the passages' analysis (what analyseAll and linkChildren
// work out: each passage's stems, headings, sentences and children, and
// the vocabulary they make) as an index directory keeps it beside the
// Bleve index, so that a restart with unchanged knowledge reads it instead
// of analysing every passage again, which took most of a restart.
//
// The file is
//
//	magic, structure length, text length (8 bytes each, little-endian),
//	structure (uvarints), text (every string, concatenated),
//	CRC-32C of all that (4 bytes, little-endian).
//
// The structure names strings by their number in a table of distinct
// strings, sorted, whose lengths open it; the text is read into one
// string that they all share, so a restored index holds one copy of each
// stem, as a built one does. Nothing is decoded before the checksum
// matches, and every number is checked as it is decoded: a snapshot that
// is not whole is an error, never an index.
var snapshotMagic = []byte("irbot passage analysis\n")

// snapshotTable collects the distinct strings of a snapshot and numbers
// them in sorted order, so that the same analysis always writes the same
// bytes.
type snapshotTable struct {
	ids  map[string]uint64
	strs []string
}

func (t *snapshotTable) add(s string) {
	if _, ok := t.ids[s]; !ok {
		t.ids[s] = 0
		t.strs = append(t.strs, s)
	}
}

func (t *snapshotTable) number() {
	slices.Sort(t.strs)
	for k, s := range t.strs {
		t.ids[s] = uint64(k)
	}
}

// snapshotStrings is the table of every string x's analysis holds.
func (x *Index) snapshotStrings() *snapshotTable {
	t := &snapshotTable{ids: make(map[string]uint64)}
	for i := range x.data {
		d := &x.data[i]
		for _, set := range []stemSet{d.title, d.body, d.context, d.asked} {
			for _, s := range set {
				t.add(x.stemTab[s])
			}
		}
		for _, h := range append([]heading{d.heading}, d.askedAs...) {
			for _, s := range h.stems {
				t.add(s)
			}
		}
		for _, s := range x.sentencesOf(i) {
			t.add(s.text)
			for _, w := range s.words {
				t.add(x.stemTab[w.stem])
			}
		}
	}
	for w, s := range x.vocab.words {
		t.add(w)
		t.add(s)
	}
	for s := range x.vocab.df {
		t.add(s)
	}
	t.number()
	return t
}

// snapshotEncoder writes uvarints to w, or with w nil only counts their
// bytes: a snapshot is encoded twice, once to learn the structure's
// length the header states, once to write it, so that it never has to be
// held in memory whole (about 60 MB at 100,000 passages).
type snapshotEncoder struct {
	w   *bufio.Writer
	n   int
	buf [binary.MaxVarintLen64]byte
	t   *snapshotTable
}

func (e *snapshotEncoder) uint(v uint64) {
	k := binary.PutUvarint(e.buf[:], v)
	e.n += k
	if e.w != nil {
		e.w.Write(e.buf[:k])
	}
}

func (e *snapshotEncoder) str(s string) { e.uint(e.t.ids[s]) }

// stemSet writes a sorted set (numbers into stems) as differences between
// successive numbers of the snapshot's table, which its sorting keeps
// small.
func (e *snapshotEncoder) stemSet(set stemSet, stems stemTable) {
	e.uint(uint64(len(set)))
	prev := uint64(0)
	for _, s := range set {
		id := e.t.ids[stems[s]]
		e.uint(id - prev)
		prev = id
	}
}

func (e *snapshotEncoder) heading(h heading) {
	e.uint(uint64(h.asks))
	e.uint(uint64(len(h.stems)))
	for _, s := range h.stems {
		e.str(s)
	}
}

// writeSnapshot writes x's analysis to path (see snapshotMagic): x as
// analyseAll and adoptChildren(parents) leave it, before complete adds
// the thesaurus's words to the vocabulary.
func (x *Index) writeSnapshot(path string, parents []int) error {
	t := x.snapshotStrings()
	count := &snapshotEncoder{t: t}
	x.encodeSnapshot(count, parents)
	textLen := 0
	for _, s := range t.strs {
		textLen += len(s)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // a second Close, after the deliberate one, does nothing
	sum := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	w := bufio.NewWriter(io.MultiWriter(f, sum))
	w.Write(snapshotMagic)
	w.Write(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, uint64(count.n)), uint64(textLen)))
	x.encodeSnapshot(&snapshotEncoder{t: t, w: w}, parents)
	for _, s := range t.strs {
		w.WriteString(s)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if _, err := f.Write(binary.LittleEndian.AppendUint32(nil, sum.Sum32())); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// encodeSnapshot encodes the structure of x's snapshot (see snapshotMagic).
func (x *Index) encodeSnapshot(e *snapshotEncoder, parents []int) {
	t := e.t
	e.uint(uint64(len(t.strs)))
	for _, s := range t.strs {
		e.uint(uint64(len(s)))
	}
	e.uint(uint64(len(x.data)))
	e.uint(passagesSum(x.passages))
	for _, n := range x.snapshotTotals() {
		e.uint(uint64(n))
	}
	for i := range x.data {
		d := &x.data[i]
		for _, set := range []stemSet{d.title, d.body, d.context, d.asked} {
			e.stemSet(set, x.stemTab)
		}
		e.heading(d.heading)
		e.uint(uint64(len(d.askedAs)))
		for _, h := range d.askedAs {
			e.heading(h)
		}
		sentences := x.sentencesOf(i)
		e.uint(uint64(len(sentences)))
		for _, s := range sentences {
			e.str(s.text)
			e.uint(uint64(s.seg))
			e.uint(uint64(len(s.words)))
			for _, w := range s.words {
				e.str(x.stemTab[w.stem])
				e.uint(uint64(w.start))
				e.uint(uint64(w.end - w.start))
			}
		}
		e.uint(uint64(parents[i] + 1))
	}
	v := x.vocab
	e.uint(uint64(v.docs))
	words := slices.Sorted(maps.Keys(v.words))
	e.uint(uint64(len(words)))
	for _, w := range words {
		e.str(w)
		e.str(v.words[w])
		e.uint(uint64(v.freq[w]))
	}
	stems := slices.Sorted(maps.Keys(v.df))
	e.uint(uint64(len(stems)))
	for _, s := range stems {
		e.str(s)
		e.uint(uint64(v.df[s]))
	}
}

// snapshotTotals are the numbers of stems in sets, of stems in headings,
// of sentences and of sentence words in x's analysis, which a snapshot
// states first so that each kind is read into one allocation.
func (x *Index) snapshotTotals() [4]int {
	var t [4]int
	for i := range x.data {
		d := &x.data[i]
		t[0] += len(d.title) + len(d.body) + len(d.context) + len(d.asked)
		t[1] += len(d.heading.stems)
		for _, h := range d.askedAs {
			t[1] += len(h.stems)
		}
		sentences := x.sentencesOf(i)
		t[2] += len(sentences)
		for _, s := range sentences {
			t[3] += len(s.words)
		}
	}
	return t
}

// passagesSum is a checksum of the passages' IDs and titles: a snapshot
// whose sum differs was not made from these passages.
func passagesSum(passages []knowledge.Passage) uint64 {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	for _, p := range passages {
		io.WriteString(h, p.ID)
		h.Write([]byte{0})
		io.WriteString(h, p.Title)
		h.Write([]byte{0})
	}
	return uint64(h.Sum32())
}
