// Package index answers students' questions from knowledge passages. A
// question goes through five stages, each in a file of its own, and every
// number that tunes them is in weights.go. Index.Explain reports what each
// stage made of a question.
//
//  1. Normalize (normalize.go). The question as a student types it becomes
//     plain words: Discord markup, emoji and repeated punctuation go; the
//     student lexicon (knowledge's lexicon.yaml) drops chat words ("lol",
//     "ngl", "pls") and reads shorthand as the plain words it stands for
//     ("PGY-2", "aways", "u"); a word neither the knowledge nor the lexicon
//     knows is corrected to a close word of the knowledge ("residncy") or
//     read as the word it starts ("accred").
//
//  2. Understand (understand.go). The words become concepts: runs of words
//     that are a phrase of a synonym group (synonyms.yaml, the lexicon's
//     shorthand the guides use themselves, and related.yaml at less weight)
//     or of one shorthand are one concept, searched as any of its phrases;
//     other words are concepts of their own, with their other Porter forms.
//     Each concept is a domain word, a topic word (in most passages: "IR"),
//     a vague word (lexicon.yaml's vague words, numbers, "last year") or
//     unknown, and weighs its inverse document frequency. The stage also
//     finds the off-topic subject a question names (offtopic.yaml) and the
//     kind of answer it asks for ("how long": a duration; see answer.go).
//
//  3. Retrieve (retrieve.go). Bleve (scorch, BM25, English analysis,
//     synonyms) searches the title, "asked as", parent-heading and body
//     fields with one clause per concept, never query-string syntax, and
//     returns its best 50 candidates. It scores only the passages that may
//     be among them (MaxScore pruning, prune.go); they are the ones and
//     the scores Bleve's own disjunction gives.
//
//  4. Rank (rank.go). Candidates are ordered by their Bleve score,
//     normalised to the best, plus how well their heading, or one of the
//     questions they are asked as, fits the question: an F-measure of how
//     much of the question it covers and how much of it the question asks.
//     A passage not stating the kind of answer asked for ranks lower.
//
//  5. Decide (decide.go). The search's confidence: None when the question
//     names an off-topic subject or nothing of the domain (no passage is
//     offered); High when the first passage holds enough of what one part
//     of the question asks, words the knowledge lacks included, and states
//     the kind of answer asked for; Low otherwise (the passages are the
//     closest sections). A chat or unknown word alone never gives None.
//
// New builds everything in memory; Open keeps the Bleve index, the
// passages' analysis (snapshot.go) and the knowledge's parsed documents
// (documents.go) in a directory (INDEX_DIR, store.go) and reopens them
// while the knowledge is unchanged. Either way the passages go to Bleve in
// bounded batches, passages name their stems by number (stemTable), and
// nothing a search does scans every passage (postings.go).
package index
