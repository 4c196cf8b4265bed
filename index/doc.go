// Package index is irbot's search over knowledge passages: a Bleve index
// (scorch, BM25, English analysis, synonyms) with irbot's own ranking on top,
// snippets with the matched words in Discord bold, and abstention when the
// guide does not answer a question.
//
// A query goes through these steps (see query.go, rank.go):
//
//  1. Words. The text (at most 1 KiB of it) is split and stemmed like the
//     passages. A word the knowledge lacks is corrected to a close word it
//     has ("residensy", "accredidation"), or expanded when it starts one
//     ("prelim", "app"); known words are never touched. Shorthand in the
//     knowledge's synonyms ("yrs", "docs") becomes its word. A word in
//     capitals ("TIPS") is a name, never a generic word; a time expression
//     ("last year", "this week") is generic, though "last" and "years" are
//     the guide's words.
//  2. Concepts. Runs of words that are a phrase of a synonym group (the
//     knowledge's synonyms.yaml, and its related.yaml, whose terms count
//     less) become one concept searched as any of its phrases; other
//     words are concepts of their own, with the other Porter forms of the
//     word ("certified", "certification"). A concept asking for a kind of
//     answer ("how long": a duration, "how much do": money; see answer.go)
//     is also searched as any passage stating one ("six years").
//  3. Scope. Each concept is domain (the knowledge has it), topic (it is in
//     over 30% of the passages: "IR", "residency"; counts half), generic
//     ("best", "program", question words; counts nothing) or unknown. A
//     query is answered only when its known concepts outweigh its unknown
//     ones (or as much, one of them specific), so "best sushi in boston"
//     gets no hits rather than the least bad ones; and, after the search,
//     only when one passage holds at least half of the query's weight,
//     each concept weighted by its rarity and an unknown word as a
//     middling one (nobody knows whether "worth" or "ophthalmology" is
//     rare): "IR work hours" and "how many hours a week do IR residents
//     work" use the guide's words, but no passage answers what they ask.
//     First of all, a query naming an off-topic subject (offtopic.yaml:
//     "general surgery", "derm") that no passage mentions gets no answer.
//  4. Bleve. Each concept becomes match or match-phrase queries (never
//     query-string syntax) on title, path and body, boosted by the field and
//     by the concept's rarity; adjacent words are also searched as phrases.
//     Bleve reports each query's score and the index combines them: a
//     concept counts as its best phrase (not the sum of all its phrases,
//     nor divided by their number, as Bleve's disjunction would), times
//     the share of the query's weight the passage holds.
//  5. Ranking. That BM25 score, normalised to the best hit, plus how well
//     heading and query fit each other (an F-measure of how much of the
//     query the heading covers, counted most, its parent headings'
//     words counting a little less, and how much of the heading the query
//     asks; words weighted by rarity, a synonym as rare as its group, a FAQ
//     heading's question word included), so the most specific heading
//     wins: "what is IR" finds "What Is Interventional Radiology?", not a
//     section that says "IR" ten times, and "procedures ESIR residents
//     learn" can find "Required Procedural Training" under the ESIR
//     section.
//
// Everything is built once in New and only read afterwards, so an Index
// serves any number of goroutines.
package index
