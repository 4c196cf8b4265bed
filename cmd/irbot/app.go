package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// openKnowledge loads the knowledge the settings ask for (the built-in
// guide, with KNOWLEDGE_DIR laid over it or, with KNOWLEDGE_REPLACE,
// instead of it) and builds its search index. The caller closes the index.
func openKnowledge(cfg Config) (*knowledge.Base, *index.Index, error) {
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
	x, err := index.New(kb.Passages, index.OptionsFor(kb))
	if err != nil {
		return nil, nil, fmt.Errorf("index the knowledge: %w", err)
	}
	return kb, x, nil
}

// knowledgeOverlay is KNOWLEDGE_DIR as a file system, nil when unset.
func knowledgeOverlay(cfg Config) fs.FS {
	if cfg.KnowledgeDir == "" {
		return nil
	}
	return os.DirFS(cfg.KnowledgeDir)
}
