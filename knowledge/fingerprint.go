package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
)

// Fingerprint is a hash of every file of the knowledge layers (guides, word
// lists, pathways, any other file), their names and contents, in order: two
// loads with the same fingerprint read the same bytes. A nil layer counts
// as absent.
func Fingerprint(layers ...fs.FS) (string, error) {
	h := sha256.New()
	for k, fsys := range layers {
		fmt.Fprintf(h, "layer %d\n", k)
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			f, err := fsys.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			fmt.Fprintf(h, "file %q\n", name)
			n, err := io.Copy(h, f)
			fmt.Fprintf(h, "\n%d bytes\n", n)
			return err
		})
		if err != nil {
			return "", fmt.Errorf("fingerprint the knowledge: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
