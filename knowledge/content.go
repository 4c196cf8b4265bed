package knowledge

import (
	"embed"
	"fmt"
	"io/fs"
)

// content is the default knowledge shipped in the binary.
//
//go:embed content
var content embed.FS

// Content returns the embedded default knowledge, rooted so that Load can
// read it (guides/, pathways.yaml, synonyms.yaml, related.yaml,
// offtopic.yaml and lexicon.yaml).
func Content() fs.FS {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		panic(fmt.Sprintf("knowledge: embedded content: %v", err)) // cannot happen: the directory is embedded
	}
	return sub
}

// Default loads the embedded default knowledge.
func Default() (*Base, error) {
	return Load(Content())
}
