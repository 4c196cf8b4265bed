package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"slices"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/mmap-go"
)

// errSnapshot says a snapshot is not whole or not of these passages.
var errSnapshot = errors.New("passage analysis unreadable")

// snapshotDecoder reads uvarints from the structure; the first fault
// stops it and is kept.
type snapshotDecoder struct {
	b    []byte
	strs []string
	err  error
	// sets, stems, sentences and spots are what is left of one
	// allocation of each kind, which the passages' slices share.
	sets      []uint32
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

// stemSet reads a set as numbers into the snapshot's table (compactStems
// renumbers them into the index's).
func (d *snapshotDecoder) stemSet() stemSet {
	set := stemSet(take(d, &d.sets, d.count()))
	id := uint64(0)
	for k := range set {
		id += d.uint()
		if id >= uint64(len(d.strs)) {
			d.fail("stem number out of range")
			return nil
		}
		set[k] = uint32(id)
		if k > 0 && set[k] <= set[k-1] {
			d.fail("stem set out of order")
			return nil
		}
	}
	return set
}

func (d *snapshotDecoder) heading() heading {
	h := heading{asks: uint8(d.small(255))}
	if n := d.count(); n > 0 {
		h.stems = take(d, &d.stems, n)
	}
	for k := range h.stems {
		h.stems[k] = d.str()
		if slices.Contains(h.stems[:k], h.stems[k]) {
			d.fail("heading stem repeated")
		}
	}
	return h
}

// readSnapshot reads into x, as prepare leaves it, the analysis at path
// of x's passages. Any fault is an error wrapping errSnapshot (or the file
// system's), and leaves x to be thrown away.
func (x *Index) readSnapshot(path string) error {
	structure, text, release, err := readSnapshotFile(path)
	if err != nil {
		return err
	}
	defer release()
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
	d.sets = make([]uint32, d.count())
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
					stem := d.uint()
					if stem >= uint64(len(d.strs)) {
						d.fail("stem number out of range")
						stem = 0
					}
					start := d.small(uint64(len(s.text)))
					s.words[w] = spot{stem: uint32(stem), start: int32(start), end: int32(start + d.small(uint64(len(s.text))-start))}
				}
			}
		}
		parents[i] = int(d.small(uint64(i))) - 1
	}
	if d.err != nil {
		return d.err
	}
	x.stemTab = compactStems(x.data, d.strs)
	x.inTitle = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.title })
	x.inBody = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.body })
	x.inAsked = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.asked })
	x.inPath = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.context })
	x.adoptChildren(parents)
	return nil
}

// readSnapshotFile checks a snapshot's magic, lengths and checksum, and
// returns its structure and its text. The structure is mapped into
// memory rather than read into the heap, since it is only decoded once:
// release unmaps it, after which it must not be read. The text is read
// into the heap, where the strings that are parts of it stay.
func readSnapshotFile(path string) (structure []byte, text string, release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", nil, err
	}
	defer f.Close() // a mapping outlives its file's descriptor
	st, err := f.Stat()
	if err != nil {
		return nil, "", nil, err
	}
	size := uint64(st.Size())
	header := make([]byte, snapshotHeader)
	if size < uint64(snapshotHeader)+4 {
		return nil, "", nil, fmt.Errorf("%w: not a snapshot", errSnapshot)
	}
	if _, err := f.ReadAt(header, 0); err != nil {
		return nil, "", nil, err
	}
	if string(header[:len(snapshotMagic)]) != string(snapshotMagic) {
		return nil, "", nil, fmt.Errorf("%w: not a snapshot", errSnapshot)
	}
	structLen := binary.LittleEndian.Uint64(header[len(snapshotMagic):])
	textLen := binary.LittleEndian.Uint64(header[len(snapshotMagic)+8:])
	// Checked against the file's size before anything that long is
	// allocated: a corrupt length must not take the memory.
	if structLen > size || textLen > size || uint64(snapshotHeader)+structLen+textLen+4 != size {
		return nil, "", nil, fmt.Errorf("%w: its lengths do not add up to its size", errSnapshot)
	}
	at := uint64(snapshotHeader)
	m, err := mmap.MapRegion(f, int(at+structLen), mmap.RDONLY, 0, 0)
	if err != nil {
		return nil, "", nil, err
	}
	release = func() { m.Unmap() }
	tail := make([]byte, textLen+4) // the text, then the checksum
	if _, err := f.ReadAt(tail, int64(at+structLen)); err != nil {
		release()
		return nil, "", nil, fmt.Errorf("%w: %w", errSnapshot, err)
	}
	table := crc32.MakeTable(crc32.Castagnoli)
	if crc32.Update(crc32.Checksum(m, table), table, tail[:textLen]) != binary.LittleEndian.Uint32(tail[textLen:]) {
		release()
		return nil, "", nil, fmt.Errorf("%w: checksum does not match", errSnapshot)
	}
	// Nothing writes to tail once read: the text is its bytes, not a copy
	// of them (50 MB at 100,000 passages).
	text = unsafe.String(unsafe.SliceData(tail), int(textLen))
	return m[at : at+structLen : at+structLen], text, release, nil
}
