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
	// sets and stems are what is left of one allocation of each kind,
	// which the passages' slices share.
	sets  []uint32
	stems []string
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
	sentences, words := d.count(), d.count()
	if err := x.decodePassages(d, sentences, words); err != nil {
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

// decodePassages reads every passage's analysis into x. The sentences,
// which only the few passages a search shows need, are checked as the
// rest is but kept encoded (see sentenceStore); there must be as many,
// and as many words in them, as the snapshot's totals say.
func (x *Index) decodePassages(d *snapshotDecoder, sentences, words int) error {
	for i, p := range x.passages {
		if _, dup := x.byID[p.ID]; dup {
			return fmt.Errorf("index: passage ID %q appears twice", p.ID)
		}
		x.byID[p.ID] = i
	}
	parents := make([]int, len(x.data))
	// blocks are where each passage's sentences are in the structure.
	blocks := make([]struct{ at, n int }, len(x.data))
	renum := make([]uint32, len(d.strs))
	structure := d.b
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
		blocks[i].at = len(structure) - len(d.b)
		n := d.count()
		sentences -= n
		for range n {
			text := d.str()
			d.small(math.MaxInt32) // the segment
			w := d.count()
			words -= w
			for range w {
				if stem, _, _ := d.word(len(text)); d.err == nil {
					renum[stem] = 1
				}
			}
		}
		blocks[i].n = len(structure) - len(d.b) - blocks[i].at
		parents[i] = int(d.small(uint64(i))) - 1
	}
	if d.err == nil && (sentences != 0 || words != 0) {
		d.fail("sentences or words other than the totals")
	}
	if d.err != nil {
		return d.err
	}
	total := 0
	for _, b := range blocks {
		total += b.n
	}
	store := &sentenceStore{b: make([]byte, 0, total), at: make([]int, len(blocks)+1), strs: d.strs}
	for i, b := range blocks {
		store.b = append(store.b, structure[b.at:b.at+b.n]...)
		store.at[i+1] = len(store.b)
	}
	x.stemTab, store.renum = compactStems(x.data, d.strs, renum)
	x.sentences = store
	x.inTitle = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.title })
	x.inBody = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.body })
	x.inAsked = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.asked })
	x.inPath = postingsOf(x.data, x.stemTab, func(d *passageData) stemSet { return d.context })
	x.adoptChildren(parents)
	return nil
}

// word reads a sentence's word: its stem's number in the snapshot's
// table and where it is in a text of n bytes.
func (d *snapshotDecoder) word(n int) (stem uint32, start, end int32) {
	id := d.uint()
	if id >= uint64(len(d.strs)) {
		d.fail("stem number out of range")
		return 0, 0, 0
	}
	at := d.small(uint64(n))
	return uint32(id), int32(at), int32(at + d.small(uint64(n)-at))
}

// sentenceStore keeps the sentences of an index restored from a snapshot
// as the snapshot encodes them, checked when it was read: only the
// passages a search shows need them, and decoding them all took a tenth
// of a restart at 100,000 passages, and 65 of its 500 MiB.
type sentenceStore struct {
	// b holds passage i's sentences at b[at[i]:at[i+1]], texts and stems
	// by their numbers in strs, the snapshot's table, which renum
	// renumbers into the index's stem table.
	b     []byte
	at    []int
	strs  []string
	renum []uint32
}

// decode returns passage i's sentences, as analysing it gives them.
func (s *sentenceStore) decode(i int) []sentence {
	d := &snapshotDecoder{b: s.b[s.at[i]:s.at[i+1]], strs: s.strs}
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]sentence, n)
	for k := range out {
		text := d.str()
		seg := int(d.small(math.MaxInt32)) // only compared with another sentence's
		words := make([]spot, d.count())
		for w := range words {
			stem, start, end := d.word(len(text))
			if d.err != nil {
				return nil // checked when the snapshot was read: never
			}
			words[w] = spot{stem: s.renum[stem], start: start, end: end}
		}
		out[k] = sentence{text: text, seg: seg, words: words}
	}
	if d.err != nil {
		return nil
	}
	return out
}

// sentencesOf is passage i's sentences: as analysed, or, in an index
// restored from a snapshot, decoded now.
func (x *Index) sentencesOf(i int) []sentence {
	if x.sentences != nil {
		return x.sentences.decode(i)
	}
	return x.data[i].sentences
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
