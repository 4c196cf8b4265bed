// Package knowledge owns irbot's content model: documents split into passages
// (one per heading), the residency pathways as structured data, and the
// synonym list the index expands queries with. It loads all of them from an
// fs.FS, so the embedded default guide, a server admin's directory and test
// fixtures go through the same code.
package knowledge
