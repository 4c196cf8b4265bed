package knowledge

// Base is everything irbot knows, loaded and checked as a whole: nothing
// half-loaded is ever served.
type Base struct {
	Documents []Document
	// Passages holds every document's passages, documents in load order.
	Passages []Passage
	Pathways []Pathway
	// Synonyms are groups of terms that mean the same thing to a student;
	// Related are looser ones (how a question is asked against how a
	// guide words its answer), which the index counts for less.
	Synonyms []SynonymGroup
	Related  []SynonymGroup
	// OffTopic are subjects the knowledge does not cover (other
	// specialties, say), each with its spellings: a question about one of
	// them gets no answer, unless some passage mentions it after all.
	OffTopic []SynonymGroup
	// Lexicon is how students write: chat words, vague words and
	// shorthand, read into plain words before a search.
	Lexicon Lexicon
}

// Passage returns the passage with the given ID.
func (b *Base) Passage(id string) (Passage, bool) {
	for _, p := range b.Passages {
		if p.ID == id {
			return p, true
		}
	}
	return Passage{}, false
}

// Section returns the first passage, in load order, whose title is exactly
// title: the way a Fact's sources name passages.
func (b *Base) Section(title string) (Passage, bool) {
	for _, p := range b.Passages {
		if p.Title == title {
			return p, true
		}
	}
	return Passage{}, false
}

// Pathway returns the pathway whose key, name or one of whose aliases
// matches nameOrAlias, ignoring case, spacing and punctuation, so that
// "Six-Year", "six year" and "6 year" find what a student means.
func (b *Base) Pathway(nameOrAlias string) (Pathway, bool) {
	want := Fold(nameOrAlias)
	if want == "" {
		return Pathway{}, false
	}
	for _, p := range b.Pathways {
		for _, n := range p.names() {
			if Fold(n) == want {
				return p, true
			}
		}
	}
	return Pathway{}, false
}

// FAQ returns the FAQ entries of every document, in load order.
func (b *Base) FAQ() []Passage {
	var faq []Passage
	for _, p := range b.Passages {
		if p.Kind == KindFAQ {
			faq = append(faq, p)
		}
	}
	return faq
}

// Document returns the document with the given title.
func (b *Base) Document(title string) (Document, bool) {
	for _, d := range b.Documents {
		if d.Title == title {
			return d, true
		}
	}
	return Document{}, false
}
