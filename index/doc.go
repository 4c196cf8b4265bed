// Package index is irbot's search over knowledge passages: a Bleve index
// (scorch, BM25, English analysis, synonyms) with irbot's own ranking on top,
// snippets with the matched words in Discord bold, and abstention when the
// guide does not answer a question.
package index
