package main

import (
	"errors"
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
// INDEX_DIR, on disk (opened in place when the knowledge is unchanged, its
// guides' Markdown then not even parsed again). The caller closes the
// index.
func openKnowledge(cfg Config, logger *slog.Logger) (*knowledge.Base, *index.Index, error) {
	if cfg.KnowledgeDir != "" {
		if st, err := os.Stat(cfg.KnowledgeDir); err != nil {
			return nil, nil, fmt.Errorf("KNOWLEDGE_DIR: %w", err)
		} else if !st.IsDir() {
			return nil, nil, fmt.Errorf("KNOWLEDGE_DIR %s is not a directory", cfg.KnowledgeDir)
		}
	}
	if cfg.IndexDir == "" {
		kb, err := loadKnowledge(cfg, nil)
		if err != nil {
			return nil, nil, err
		}
		x, err := index.New(kb.Passages, index.OptionsFor(kb))
		if err != nil {
			return nil, nil, fmt.Errorf("index the knowledge: %w", err)
		}
		return kb, x, nil
	}
	// The index directory is keyed by every file the knowledge is loaded
	// from and whether they replace the built-in guide.
	key, err := knowledge.Fingerprint(knowledge.Content(), knowledgeOverlay(cfg))
	if err != nil {
		return nil, nil, fmt.Errorf("read the knowledge: %w", err)
	}
	key = fmt.Sprintf("%s replace=%v", key, cfg.KnowledgeReplace)
	var kb *knowledge.Base
	if docs, err := index.StoredDocuments(cfg.IndexDir, key); err == nil {
		kb, err = loadKnowledge(cfg, docs)
		if err != nil {
			logger.Warn("the parsed knowledge kept in INDEX_DIR does not load; parsing the guides again", "err", err)
			kb = nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		logger.Warn("the parsed knowledge kept in INDEX_DIR is unreadable; parsing the guides again", "err", err)
	}
	if kb == nil {
		if kb, err = loadKnowledge(cfg, nil); err != nil {
			return nil, nil, err
		}
	}
	x, err := index.Open(cfg.IndexDir, key, kb, index.OptionsFor(kb), logger)
	if err != nil {
		return nil, nil, fmt.Errorf("index the knowledge: %w", err)
	}
	return kb, x, nil
}

// loadKnowledge loads the knowledge the settings ask for, its guides
// parsed, or taken from docs (see knowledge.LoadLayeredParsed) when not
// nil.
func loadKnowledge(cfg Config, docs []knowledge.Document) (*knowledge.Base, error) {
	var kb *knowledge.Base
	var err error
	if docs != nil {
		kb, err = knowledge.LoadLayeredParsed(knowledge.Content(), knowledgeOverlay(cfg), cfg.KnowledgeReplace, docs)
	} else {
		kb, err = knowledge.LoadLayered(knowledge.Content(), knowledgeOverlay(cfg), cfg.KnowledgeReplace)
	}
	if err != nil {
		return nil, fmt.Errorf("load the knowledge: %w", err)
	}
	return kb, nil
}

// knowledgeOverlay is KNOWLEDGE_DIR as a file system, nil when unset.
func knowledgeOverlay(cfg Config) fs.FS {
	if cfg.KnowledgeDir == "" {
		return nil
	}
	return os.DirFS(cfg.KnowledgeDir)
}
