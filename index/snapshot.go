package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

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
				t.add(s)
			}
		}
		for _, h := range append([]heading{d.heading}, d.askedAs...) {
			for _, s := range h.stems {
				t.add(s)
			}
		}
		for _, s := range d.sentences {
			t.add(s.text)
			for _, w := range s.words {
				t.add(w.stem)
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

// snapshotEncoder appends uvarints to a buffer.
type snapshotEncoder struct {
	b []byte
	t *snapshotTable
}

func (e *snapshotEncoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *snapshotEncoder) str(s string)  { e.uint(e.t.ids[s]) }

// stemSet writes a sorted set as differences between successive numbers,
// which the sorted table keeps small.
func (e *snapshotEncoder) stemSet(set stemSet) {
	e.uint(uint64(len(set)))
	prev := uint64(0)
	for _, s := range set {
		id := e.t.ids[s]
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
	e := &snapshotEncoder{t: t}
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
			e.stemSet(set)
		}
		e.heading(d.heading)
		e.uint(uint64(len(d.askedAs)))
		for _, h := range d.askedAs {
			e.heading(h)
		}
		e.uint(uint64(len(d.sentences)))
		for _, s := range d.sentences {
			e.str(s.text)
			e.uint(uint64(s.seg))
			e.uint(uint64(len(s.words)))
			for _, w := range s.words {
				e.str(w.stem)
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
	w.Write(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, uint64(len(e.b))), uint64(textLen)))
	w.Write(e.b)
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

// snapshotTotals are the numbers of stems (in sets and headings), of
// sentences and of sentence words in x's analysis, which a snapshot
// states first so that each kind is read into one allocation.
func (x *Index) snapshotTotals() [3]int {
	var t [3]int
	for i := range x.data {
		d := &x.data[i]
		t[0] += len(d.title) + len(d.body) + len(d.context) + len(d.asked) + len(d.heading.stems)
		for _, h := range d.askedAs {
			t[0] += len(h.stems)
		}
		t[1] += len(d.sentences)
		for _, s := range d.sentences {
			t[2] += len(s.words)
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

// errSnapshot says a snapshot is not whole or not of these passages.
var errSnapshot = errors.New("passage analysis unreadable")

// snapshotDecoder reads uvarints from the structure; the first fault
// stops it and is kept.
type snapshotDecoder struct {
	b    []byte
	strs []string
	err  error
	// stems, sentences and spots are what is left of one allocation of
	// each kind, which the passages' slices share.
	stems     []string
	sentences []sentence
	spots     []spot
}

// take returns the next n elements of *slab, capped so that appending
// to them cannot reach the next.
func take[T any](d *snapshotDecoder, slab *[]T, n int) []T {
	if n > len(*slab) {
		d.fail("more than the totals")
		return nil
	}
	out := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return out
}

func (d *snapshotDecoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", errSnapshot, what)
	}
}

func (d *snapshotDecoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("number cut short")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a number of things still to come, each at least one byte
// long: more than the bytes left is a fault, not an allocation.
func (d *snapshotDecoder) count() int {
	v := d.uint()
	if v > uint64(len(d.b)) {
		d.fail("count past the end")
		return 0
	}
	return int(v)
}

// small reads a number that must be at most limit.
func (d *snapshotDecoder) small(limit uint64) uint64 {
	v := d.uint()
	if v > limit {
		d.fail("number out of range")
		return 0
	}
	return v
}

func (d *snapshotDecoder) str() string {
	id := d.uint()
	if id >= uint64(len(d.strs)) {
		d.fail("string number out of range")
		return ""
	}
	return d.strs[id]
}

func (d *snapshotDecoder) stemSet() stemSet {
	set := stemSet(take(d, &d.stems, d.count()))
	id := uint64(0)
	for k := range set {
		id += d.uint()
		if id >= uint64(len(d.strs)) {
			d.fail("stem number out of range")
			return nil
		}
		set[k] = d.strs[id]
		if k > 0 && set[k] <= set[k-1] {
			d.fail("stem set out of order")
			return nil
		}
	}
	return set
}

func (d *snapshotDecoder) heading() heading {
	h := heading{asks: uint8(d.small(255)), set: make(map[string]bool)}
	if n := d.count(); n > 0 {
		h.stems = take(d, &d.stems, n)
	}
	for k := range h.stems {
		h.stems[k] = d.str()
		h.set[h.stems[k]] = true
	}
	return h
}

// readSnapshot reads into x, as prepare leaves it, the analysis at path
// of x's passages. Any fault is an error wrapping errSnapshot (or the file
// system's), and leaves x to be thrown away.
func (x *Index) readSnapshot(path string) error {
	structure, text, err := readSnapshotFile(path)
	if err != nil {
		return err
	}
	d := &snapshotDecoder{b: structure}
	d.strs = make([]string, d.count())
	at := 0
	for k := range d.strs {
		n := int(d.small(uint64(len(text) - at)))
		d.strs[k] = text[at : at+n]
		at += n
	}
	if d.err == nil && at != len(text) {
		d.fail("text longer than its strings")
	}
	if n := d.uint(); d.err == nil && n != uint64(len(x.passages)) {
		return fmt.Errorf("%w: it holds %d passages, the knowledge %d", errSnapshot, n, len(x.passages))
	}
	if s := d.uint(); d.err == nil && s != passagesSum(x.passages) {
		return fmt.Errorf("%w: it was made from other passages", errSnapshot)
	}
	d.stems = make([]string, d.count())
	d.sentences = make([]sentence, d.count())
	d.spots = make([]spot, d.count())
	if err := x.decodePassages(d); err != nil {
		return err
	}
	v := x.vocab
	v.docs = int(d.small(uint64(len(x.passages))))
	for n := d.count(); n > 0 && d.err == nil; n-- {
		w, s, freq := d.str(), d.str(), d.uint()
		if _, dup := v.words[w]; dup || !isWordlike(w) {
			d.fail("word repeated or not a word")
		}
		v.words[w] = s
		v.freq[w] = int(freq)
		l := utf8.RuneCountInString(w)
		v.byLen[l] = append(v.byLen[l], w)
	}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		v.df[d.str()] = int(d.small(uint64(len(x.passages))))
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("bytes after the vocabulary")
	}
	return d.err
}

// snapshotHeader is the magic and the two lengths.
var snapshotHeader = len(snapshotMagic) + 16

// decodePassages reads every passage's analysis into x.
func (x *Index) decodePassages(d *snapshotDecoder) error {
	for i, p := range x.passages {
		if _, dup := x.byID[p.ID]; dup {
			return fmt.Errorf("index: passage ID %q appears twice", p.ID)
		}
		x.byID[p.ID] = i
	}
	parents := make([]int, len(x.data))
	for i := range x.data {
		if d.err != nil {
			break
		}
		v := &x.data[i]
		for _, set := range []*stemSet{&v.title, &v.body, &v.context, &v.asked} {
			*set = d.stemSet()
		}
		v.heading = d.heading()
		if n := d.count(); n > 0 {
			v.askedAs = make([]heading, n)
			for k := range v.askedAs {
				v.askedAs[k] = d.heading()
			}
		}
		if n := d.count(); n > 0 {
			v.sentences = take(d, &d.sentences, n)
			for k := range v.sentences {
				s := &v.sentences[k]
				s.text = d.str()
				s.seg = int(d.small(math.MaxInt32)) // only compared with another sentence's
				s.words = take(d, &d.spots, d.count())
				for w := range s.words {
					stem := d.str()
					start := d.small(uint64(len(s.text)))
					s.words[w] = spot{stem: stem, start: int32(start), end: int32(start + d.small(uint64(len(s.text))-start))}
				}
			}
		}
		parents[i] = int(d.small(uint64(i))) - 1
	}
	if d.err != nil {
		return d.err
	}
	x.inTitle = postingsOf(x.data, func(d *passageData) stemSet { return d.title })
	x.inBody = postingsOf(x.data, func(d *passageData) stemSet { return d.body })
	x.inAsked = postingsOf(x.data, func(d *passageData) stemSet { return d.asked })
	x.inPath = postingsOf(x.data, func(d *passageData) stemSet { return d.context })
	x.adoptChildren(parents)
	return nil
}

// readSnapshotFile checks a snapshot's magic, lengths and checksum, and
// returns its structure and its text.
func readSnapshotFile(path string) ([]byte, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, "", err
	}
	sum := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	r := io.TeeReader(f, sum)
	header := make([]byte, snapshotHeader)
	if _, err := io.ReadFull(r, header); err != nil || string(header[:len(snapshotMagic)]) != string(snapshotMagic) {
		return nil, "", fmt.Errorf("%w: not a snapshot", errSnapshot)
	}
	size := uint64(st.Size())
	structLen := binary.LittleEndian.Uint64(header[len(snapshotMagic):])
	textLen := binary.LittleEndian.Uint64(header[len(snapshotMagic)+8:])
	// Checked against the file's size before anything that long is
	// allocated: a corrupt length must not take the memory.
	if structLen > size || textLen > size || uint64(snapshotHeader)+structLen+textLen+4 != size {
		return nil, "", fmt.Errorf("%w: its lengths do not add up to its size", errSnapshot)
	}
	structure := make([]byte, structLen)
	if _, err := io.ReadFull(r, structure); err != nil {
		return nil, "", fmt.Errorf("%w: %w", errSnapshot, err)
	}
	var text strings.Builder
	text.Grow(int(textLen))
	if _, err := io.CopyN(&text, r, int64(textLen)); err != nil {
		return nil, "", fmt.Errorf("%w: %w", errSnapshot, err)
	}
	var got [4]byte
	if _, err := io.ReadFull(f, got[:]); err != nil {
		return nil, "", fmt.Errorf("%w: %w", errSnapshot, err)
	}
	if binary.LittleEndian.Uint32(got[:]) != sum.Sum32() {
		return nil, "", fmt.Errorf("%w: checksum does not match", errSnapshot)
	}
	return structure, text.String(), nil
}
