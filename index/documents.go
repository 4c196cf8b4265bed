package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/irbot/irbot/knowledge"
)

// An index directory keeps the knowledge's documents as loading parsed
// them, so that a restart with unchanged knowledge need not parse its
// Markdown again (knowledge.LoadLayeredParsed), which took most of the
// time a large knowledge base took to load. The file is
//
//	magic, the documents (uvarints, and strings as their length then
//	their bytes), CRC-32C of both (4 bytes, little-endian).
//
// Its strings are read into one string that they all share, as the
// snapshot's are (a reflective encoding took seconds on 100k passages,
// and its package's start-up cost every start).
var documentsMagic = []byte("irbot parsed knowledge 1\n")

// The fewest bytes a document and a passage take: a byte for each string
// and list, and for a passage its level.
const (
	minDocument = 6
	minPassage  = 8
)

// errDocuments says a documents file is not whole.
var errDocuments = errors.New("parsed knowledge unreadable")

// StoredDocuments returns the documents kept in the index of key under
// dir (see Open), for knowledge.LoadLayeredParsed. The error wraps
// fs.ErrNotExist when there are none; a file that is not whole is removed
// (Open keeps the documents again) and is an error wrapping neither.
func StoredDocuments(dir, key string) ([]knowledge.Document, error) {
	path := filepath.Join(dir, storedName(key), documentsName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// b is the documents' one string: nothing writes to it once read,
	// and a copy would double what a large knowledge base's restart
	// holds (72 MB at 100k passages).
	docs, err := decodeDocuments(b, unsafe.String(unsafe.SliceData(b), len(b)))
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return docs, nil
}

// docWriter encodes documents.
type docWriter struct{ b []byte }

func (w *docWriter) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

func (w *docWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// strs writes a list, nil apart from empty: 0 for nil, else its length
// plus one.
func (w *docWriter) strs(ss []string) {
	if ss == nil {
		w.uint(0)
		return
	}
	w.uint(uint64(len(ss)) + 1)
	for _, s := range ss {
		w.str(s)
	}
}

// docReader decodes documents from text; the first fault stops it and
// is kept.
type docReader struct {
	text string
	at   int
	err  error
}

func (r *docReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", errDocuments, what)
	}
}

func (r *docReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if r.at >= len(r.text) || shift > 63 {
			r.fail("number cut short")
			return 0
		}
		c := r.text[r.at]
		r.at++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

// count reads a number of things still to come, each at least size
// bytes: more than the bytes left hold is a fault, not an allocation.
func (r *docReader) count(size int) int {
	n := r.uint()
	if n > uint64((len(r.text)-r.at)/size) {
		r.fail("count past the end")
		return 0
	}
	return int(n)
}

func (r *docReader) str() string {
	n := r.count(1)
	s := r.text[r.at : r.at+n]
	r.at += n
	return s
}

func (r *docReader) strs() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n-1)
	for k := range out {
		out[k] = r.str()
	}
	return out
}

func encodeDocuments(docs []knowledge.Document) []byte {
	w := &docWriter{b: append([]byte(nil), documentsMagic...)}
	w.uint(uint64(len(docs)))
	for _, d := range docs {
		for _, s := range []string{d.Title, d.Source, d.Author, d.Updated, d.File} {
			w.str(s)
		}
		w.uint(uint64(len(d.Passages)))
		for _, p := range d.Passages {
			for _, s := range []string{p.ID, p.Title, string(p.Kind), p.Body, p.Document} {
				w.str(s)
			}
			w.strs(p.Path)
			w.strs(p.Asked)
			w.uint(uint64(p.Level))
		}
	}
	return binary.LittleEndian.AppendUint32(w.b, crc32.Checksum(w.b, crc32.MakeTable(crc32.Castagnoli)))
}

// decodeDocuments decodes a documents file, b, whose bytes text holds
// too: the documents' strings are parts of text.
func decodeDocuments(b []byte, text string) ([]knowledge.Document, error) {
	if len(b) < len(documentsMagic)+4 || !bytes.HasPrefix(b, documentsMagic) {
		return nil, fmt.Errorf("%w: not a documents file", errDocuments)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)) != sum {
		return nil, fmt.Errorf("%w: checksum does not match", errDocuments)
	}
	r := &docReader{text: text[len(documentsMagic) : len(b)-4]}
	docs := make([]knowledge.Document, r.count(minDocument))
	for i := range docs {
		d := &docs[i]
		for _, s := range []*string{&d.Title, &d.Source, &d.Author, &d.Updated, &d.File} {
			*s = r.str()
		}
		d.Passages = make([]knowledge.Passage, r.count(minPassage))
		for k := range d.Passages {
			p := &d.Passages[k]
			var kind string
			for _, s := range []*string{&p.ID, &p.Title, &kind, &p.Body, &p.Document} {
				*s = r.str()
			}
			p.Kind = knowledge.Kind(kind)
			p.Path, p.Asked = r.strs(), r.strs()
			p.Level = int(r.uint())
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	if r.err == nil && r.at != len(r.text) {
		r.fail("bytes after the documents")
	}
	if r.err != nil {
		return nil, r.err
	}
	return docs, nil
}

// writeDocuments keeps docs in the index directory dir, whole or not at
// all: written beside, then renamed into place.
func writeDocuments(dir string, docs []knowledge.Document) error {
	f, err := os.CreateTemp(dir, "."+documentsName+"-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // gone after the rename
	if _, err := f.Write(encodeDocuments(docs)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, documentsName))
}
