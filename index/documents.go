package index

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"

	"github.com/irbot/irbot/knowledge"
)

// An index directory keeps the knowledge's documents as loading parsed
// them, so that a restart with unchanged knowledge need not parse its
// Markdown again (knowledge.LoadLayeredParsed), which took most of the
// time a large knowledge base took to load. The file is
//
//	magic, the number of documents, then each document (encoding/gob:
//	a message each, since gob reads a message whole, and one of a large
//	knowledge base's hundred megabytes took seconds), CRC-32C of it all
//	(4 bytes, little-endian).
var documentsMagic = []byte("irbot parsed knowledge\n")

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
	docs, err := decodeDocuments(b)
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return docs, nil
}

func decodeDocuments(b []byte) ([]knowledge.Document, error) {
	if len(b) < len(documentsMagic)+4 || !bytes.HasPrefix(b, documentsMagic) {
		return nil, fmt.Errorf("%w: not a documents file", errDocuments)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)) != sum {
		return nil, fmt.Errorf("%w: checksum does not match", errDocuments)
	}
	r := bytes.NewReader(body[len(documentsMagic):])
	dec := gob.NewDecoder(r)
	var n int
	if err := dec.Decode(&n); err != nil {
		return nil, fmt.Errorf("%w: %w", errDocuments, err)
	}
	if n < 0 || n > r.Len() { // a document takes a byte at least
		return nil, fmt.Errorf("%w: it counts %d documents", errDocuments, n)
	}
	docs := make([]knowledge.Document, n)
	for k := range docs {
		if err := dec.Decode(&docs[k]); err != nil {
			return nil, fmt.Errorf("%w: %w", errDocuments, err)
		}
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%w: bytes after the documents", errDocuments)
	}
	return docs, nil
}

// writeDocuments keeps docs in the index directory dir, whole or not at
// all: written beside, then renamed into place.
func writeDocuments(dir string, docs []knowledge.Document) error {
	var b bytes.Buffer
	b.Write(documentsMagic)
	enc := gob.NewEncoder(&b)
	if err := enc.Encode(len(docs)); err != nil {
		return err
	}
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.Checksum(b.Bytes(), crc32.MakeTable(crc32.Castagnoli))))
	f, err := os.CreateTemp(dir, "."+documentsName+"-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // gone after the rename
	if _, err := f.Write(b.Bytes()); err != nil {
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
