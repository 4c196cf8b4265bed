package knowledge

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// guideFile is the embedded guide, and sourceFile the plain-text copy it
// was converted from.
const (
	guideFile  = "content/guides/ir-residency-guide.md"
	sourceFile = "testdata/ir-residency-guide.txt"
)

// guideHeadings are the guide's headings in reading order, as the source
// text writes them, with their levels. The first one is ours: the source
// leaves its opening paragraphs without a heading.
var guideHeadings = []struct {
	level int
	title string
}{
	{2, "Introduction"},
	{2, "Key Takeaways"},
	{2, "The Field of Interventional Radiology"},
	{3, "What Is Interventional Radiology?"},
	{3, "The Evolution of IR as a Distinct Specialty"},
	{3, "Career Opportunities for IR Specialists"},
	{2, "IR Residency Pathways Overview"},
	{3, "The Shift from Fellowship to Residency Model"},
	{3, "ACGME Accreditation Standards"},
	{3, "Comparing IR Training Routes"},
	{2, "The Integrated IR Residency Timeline"},
	{3, "Six-Year Training Model Breakdown"},
	{4, "Preliminary Clinical Year (Internship)"},
	{4, "Diagnostic Radiology Foundation (Years 1-3)"},
	{4, "Advanced IR Training (Years 4-5)"},
	{2, "Independent IR Residency Pathway"},
	{3, "Prerequisites: Completing Diagnostic Radiology Residency"},
	{3, "One to Two-Year IR Training Period"},
	{3, "Differences from the Integrated Pathway"},
	{2, "Early Specialization in IR (ESIR) Option"},
	{3, "Qualifying for ESIR as a Medical Expert"},
	{3, "Required Procedural Training"},
	{3, "Transitioning to Shortened Independent IR Training"},
	{2, "Curriculum Components of IR Residency Programs"},
	{3, "Diagnostic Imaging Fundamentals"},
	{3, "Interventional Procedures Training"},
	{3, "Clinical Patient Management"},
	{3, "Research Requirements"},
	{2, "Dual Board Certification in IR/DR"},
	{3, "Examination Structure and Requirements"},
	{3, "Certification Timeline"},
	{3, "Maintaining Certification and CME Requirements"},
	{2, "Top IR Residency Programs in the United States"},
	{3, "Leading Academic Medical Centers"},
	{3, "Program Size and Case Volume Considerations"},
	{3, "Research Opportunities and Specialized Training"},
	{3, "Fellowship Opportunities After Residency"},
	{2, "Applying to IR Residency: The Competitive Process"},
	{3, "Match Statistics and Competitiveness"},
	{3, "Application Timeline and Requirements"},
	{3, "Strategies for Strengthening Your Application"},
	{3, "Interview Process for IR Programs"},
	{2, "Conclusion: The Future of IR Residency Training"},
	{2, "FAQ"},
	{3, "How long is an interventional radiology residency?"},
	{3, "What are the different IR residency pathways?"},
	{3, "What is the curriculum of IR residency programs?"},
	{3, "What is dual board certification in IR and diagnostic radiology?"},
	{3, "How competitive is IR residency?"},
	{3, "What are the top IR residency programs in the United States?"},
	{3, "What is the Early Specialization in IR (ESIR) option?"},
	{3, "What are the career opportunities for IR specialists?"},
	{3, "How is IR residency accreditation handled?"},
	{2, "References"},
}

// readLines returns the lines of a file, without their newlines.
func readLines(tb testing.TB, name string) []string {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		lines = append(lines, s.Text())
	}
	if err := s.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}

// plainLine strips the Markdown a converted line gained (heading and quote
// markers; the source already writes its lists with "- ") so it can be
// compared with the source line.
func plainLine(md string) string {
	for _, p := range []string{"#### ", "### ", "## ", "> "} {
		if strings.HasPrefix(md, p) {
			return md[len(p):]
		}
	}
	return md
}

// TestGuideFaithful checks the Markdown against the source text both ways:
// every source line appears, in order and unaltered, and every Markdown
// line is a source line, Markdown syntax, or one of the few additions the
// conversion made on purpose.
func TestGuideFaithful(t *testing.T) {
	source := readLines(t, sourceFile)
	md := readLines(t, guideFile)

	// The Markdown body starts after the front matter.
	end := 0
	for i := 1; i < len(md); i++ {
		if md[i] == "---" {
			end = i
			break
		}
	}
	if md[0] != "---" || end == 0 {
		t.Fatalf("%s: no front matter", guideFile)
	}
	body := md[end+1:]

	added := map[string]bool{
		"## Introduction":     true, // the source's opening has no heading
		"| --- | --- | --- |": true, // GFM table header separator
		">":                   true, // joins the quote and its attribution
	}
	var want []string
	for _, l := range source {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "Last Updated on ") {
			continue // the date and author moved into the front matter
		}
		want = append(want, l)
	}
	i := 0
	inAsked := false
	for n, l := range body {
		// "asked as" comments are ours: students' questions, not the guide's
		// text (see TestGuideAsked).
		if opensAsked(l) {
			inAsked = true
		}
		if inAsked {
			inAsked = l != askedClose
			continue
		}
		if l == "" || added[l] {
			continue
		}
		got := plainLine(l)
		if i >= len(want) {
			t.Fatalf("%s:%d: %q is not in the source", guideFile, end+2+n, l)
		}
		if got != want[i] {
			t.Fatalf("%s:%d: got %q, want source line %q", guideFile, end+2+n, got, want[i])
		}
		i++
	}
	if i < len(want) {
		t.Errorf("%s ends before source line %q", guideFile, want[i])
	}
}

// TestDefault loads the real embedded knowledge and checks all of it.
func TestDefault(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	if len(b.Documents) != 1 {
		t.Fatalf("Default() has %d documents, want 1", len(b.Documents))
	}
	doc := b.Documents[0]
	for _, tt := range []struct{ field, got, want string }{
		{"Title", doc.Title, "Interventional Radiology Residency Guide"},
		{"Author", doc.Author, "Bilal Hasdemir"},
		{"Updated", doc.Updated, "2025-11-26"},
		{"File", doc.File, "guides/ir-residency-guide.md"},
	} {
		if tt.got != tt.want {
			t.Errorf("Document.%s = %q, want %q", tt.field, tt.got, tt.want)
		}
	}
	if doc.Source == "" {
		t.Errorf("Document.Source is empty")
	}

	if len(b.Passages) != len(guideHeadings) {
		t.Errorf("got %d passages, want %d", len(b.Passages), len(guideHeadings))
	}
	var faq int
	inFAQ := false
	for i, want := range guideHeadings {
		if i >= len(b.Passages) {
			break
		}
		p := b.Passages[i]
		if p.Title != want.title || p.Level != want.level {
			t.Errorf("passage %d = %d %q, want %d %q", i, p.Level, p.Title, want.level, want.title)
		}
		if want.level == 2 {
			inFAQ = want.title == "FAQ"
		}
		wantKind := KindGuide
		if inFAQ && want.level > 2 {
			wantKind = KindFAQ
			faq++
		}
		if p.Kind != wantKind {
			t.Errorf("passage %q has kind %q, want %q", p.Title, p.Kind, wantKind)
		}
		if p.Document != doc.Title {
			t.Errorf("passage %q has document %q, want %q", p.Title, p.Document, doc.Title)
		}
		if !validID(p.ID) {
			t.Errorf("passage %q has invalid ID %q", p.Title, p.ID)
		}
		if got, ok := b.Passage(p.ID); !ok || got.Title != p.Title {
			t.Errorf("Passage(%q) = %q, %v; want %q", p.ID, got.Title, ok, p.Title)
		}
		if p.Body == "" && p.Title != "FAQ" {
			t.Errorf("passage %q has an empty body", p.Title)
		}
	}
	if got := len(b.FAQ()); got != 9 || faq != 9 {
		t.Errorf("len(FAQ()) = %d, want 9", got)
	}

	table, _ := b.Section("Interventional Procedures Training")
	for _, row := range []string{
		"| Procedure Type | Examples | Skill Level |\n| --- | --- | --- |\n",
		"| Embolization Procedures | Tumor Embolization | Expert |",
	} {
		if !strings.Contains(table.Body, row) {
			t.Errorf("Interventional Procedures Training body lacks table row %q:\n%s", row, table.Body)
		}
	}
	quote, _ := b.Section("Maintaining Certification and CME Requirements")
	if want := "> “The pursuit of dual board certification"; !strings.Contains(quote.Body, want) {
		t.Errorf("Maintaining Certification body lacks blockquote %q", want)
	}
	if got, want := b.Passages[0].ID, "introduction"; got != want {
		t.Errorf("first passage ID = %q, want %q", got, want)
	}
}
