package knowledge

// Base is everything irbot knows, loaded and checked as a whole: nothing
// half-loaded is ever served.
type Base struct {
	Documents []Document
	// Passages holds every document's passages, documents in load order.
	Passages []Passage
	Pathways []Pathway
	Synonyms []SynonymGroup
}
