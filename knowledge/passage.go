package knowledge

// Kind says what sort of passage a heading introduces.
type Kind string

// The kinds of passage.
const (
	// KindGuide is a section of a guide, titled by its heading.
	KindGuide Kind = "guide"
	// KindFAQ is one question of a FAQ, titled by the question.
	KindFAQ Kind = "faq"
)

// MaxIDLen bounds a passage ID so that it fits, with a prefix, in a Discord
// custom_id (100 characters).
const MaxIDLen = 64

// Passage is one headed section of a document: the unit the index searches
// and the bot cites.
type Passage struct {
	// ID is stable across loads: the slug of the heading path, at most
	// MaxIDLen characters, unique within a Base.
	ID string
	// Title is the heading exactly as the source writes it.
	Title string
	// Path holds the parent headings, outermost first; it excludes Title.
	Path []string
	// Kind is KindGuide or KindFAQ.
	Kind Kind
	// Body is the section's own Markdown, without its heading and without
	// its subsections. It may be empty (a heading that only groups others).
	Body string
	// Asked are the questions students ask that the passage answers, in
	// their words, from the "asked as" comments under its heading (see
	// extractAsked). The index searches them; the bot never shows them.
	Asked []string
	// Document is the title of the document the passage belongs to.
	Document string
	// Level is the heading level (2 for ##, 3 for ###, ...).
	Level int
}

// Document is one Markdown file of knowledge with its front matter.
type Document struct {
	// Title, Source, Author and Updated come from the front matter.
	Title   string
	Source  string
	Author  string
	Updated string // YYYY-MM-DD
	// File is the path of the file inside the fs.FS it was loaded from.
	File string
	// Passages are the document's sections in reading order.
	Passages []Passage
}
