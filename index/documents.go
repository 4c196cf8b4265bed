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
//	magic, the documents (encoding/gob), CRC-32C of both (4 bytes, little-endian).
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
	var docs []knowledge.Document
	if err := gob.NewDecoder(bytes.NewReader(body[len(documentsMagic):])).Decode(&docs); err != nil {
		return nil, fmt.Errorf("%w: %w", errDocuments, err)
	}
	return docs, nil
}

// writeDocuments keeps docs in the index directory dir, whole or not at
// all: written beside, then renamed into place.
func writeDocuments(dir string, docs []knowledge.Document) error {
	var b bytes.Buffer
	b.Write(documentsMagic)
	if err := gob.NewEncoder(&b).Encode(docs); err != nil {
		return err
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
