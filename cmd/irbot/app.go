package main

import (
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// openKnowledge loads the knowledge the settings ask for (the built-in
// guide, with KNOWLEDGE_DIR laid over it or, with KNOWLEDGE_REPLACE,
// instead of it) and builds its search index, in memory or, with
// INDEX_DIR, on disk (opened in place when the knowledge is unchanged).
// The caller closes the index.
func openKnowledge(cfg Config, logger *slog.Logger) (*knowledge.Base, *index.Index, error) {
	if cfg.KnowledgeDir != "" {
		if st, err := os.Stat(cfg.KnowledgeDir); err != nil {
			return nil, nil, fmt.Errorf("KNOWLEDGE_DIR: %w", err)
		} else if !st.IsDir() {
			return nil, nil, fmt.Errorf("KNOWLEDGE_DIR %s is not a directory", cfg.KnowledgeDir)
		}
	}
	kb, err := knowledge.LoadLayered(knowledge.Content(), knowledgeOverlay(cfg), cfg.KnowledgeReplace)
	if err != nil {
		return nil, nil, fmt.Errorf("load the knowledge: %w", err)
	}
	x, err := indexKnowledge(cfg, kb, logger)
	if err != nil {
		return nil, nil, fmt.Errorf("index the knowledge: %w", err)
	}
	return kb, x, nil
}

// indexKnowledge indexes the knowledge in memory or, with INDEX_DIR, on
// disk, under a key naming every file it was loaded from and whether they
// replace the built-in guide.
func indexKnowledge(cfg Config, kb *knowledge.Base, logger *slog.Logger) (*index.Index, error) {
	if cfg.IndexDir == "" {
		return index.New(kb.Passages, index.OptionsFor(kb))
	}
	key, err := knowledge.Fingerprint(knowledge.Content(), knowledgeOverlay(cfg))
	if err != nil {
		return nil, err
	}
	key = fmt.Sprintf("%s replace=%v", key, cfg.KnowledgeReplace)
	return index.Open(cfg.IndexDir, key, kb.Passages, index.OptionsFor(kb), logger)
}

// knowledgeOverlay is KNOWLEDGE_DIR as a file system, nil when unset.
func knowledgeOverlay(cfg Config) fs.FS {
	if cfg.KnowledgeDir == "" {
		return nil
	}
	return os.DirFS(cfg.KnowledgeDir)
}
