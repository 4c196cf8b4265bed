package index

import "github.com/irbot/irbot/knowledge"

// Hit is one passage that answers a query.
type Hit struct {
	Passage knowledge.Passage
	// Score orders hits; higher is better. Only comparable within a query.
	Score float64
	// Snippet is a short excerpt of the passage with the matched words in
	// Discord bold (**word**), cut at word boundaries.
	Snippet string
}
