// Package knowledge owns irbot's content model: documents split into passages
// (one per heading), the residency pathways as structured data, and the
// synonym and related-term lists the index expands queries with. It loads
// all of them from an fs.FS, so the embedded default guide, a server admin's
// directory and test fixtures go through the same code.
//
// # Layout
//
// A knowledge directory holds:
//
//   - guides/**/*.md: Markdown guides. Each starts with YAML front matter
//     between "---" lines: title (required), source, author, updated
//     (YYYY-MM-DD), and optionally faq_section, naming the heading whose
//     subheadings are FAQ entries, or kind: faq, making every section of
//     the file a FAQ entry. Every heading starts a passage; the text before
//     the next heading of any level is its body, kept as Markdown.
//   - pathways.yaml: a list of pathways (see Pathway). Every fact cites the
//     guide headings it comes from, verbatim, and may only state figures
//     ("six", "1-3") that those sections state too.
//   - synonyms.yaml: a list of synonym groups, each a list of terms.
//   - related.yaml: groups of related terms in the same format: looser
//     hints ("how many years", "length") that the index counts for less
//     than the user's own words.
//   - offtopic.yaml: subjects the knowledge does not cover (other
//     specialties), one group of spellings each; a question naming one
//     gets no answer, unless some passage mentions it.
//
// The default knowledge is embedded (see Default and Content).
//
// # Admin overlay
//
// LoadLayered lays an admin's directory (KNOWLEDGE_DIR, opened with
// os.DirFS) over the embedded default. Admins may drop *.md files straight
// into the directory or under guides/; they are added after the default
// guides. The directory's own synonyms.yaml, related.yaml and offtopic.yaml are appended
// to the default groups, and its pathways.yaml entries replace default entries with the
// same key. In replace mode only the directory is served, pathways
// included. Either way the result is checked as a whole: any malformed
// file fails the load with an error naming the file and line, and nothing
// half-loaded is returned.
package knowledge
