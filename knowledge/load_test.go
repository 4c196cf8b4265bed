package knowledge

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite testdata/ids.golden")

// mapFS builds an fstest.MapFS from file names and contents.
func mapFS(files ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	return fsys
}

// guide is a minimal valid guide file: front matter with title, then body.
func guide(title, body string) string {
	return "---\ntitle: " + title + "\n---\n" + body
}

func TestLoad(t *testing.T) {
	fsys := mapFS(
		"guides/b.md", guide("B", "## Second\n\nfrom b\n"),
		"guides/a.md", "---\ntitle: A\nsource: notes\nauthor: me\nupdated: 2025-01-02\nfaq_section: Questions\n---\n"+
			"# A\n\n"+
			"## Intro\n\nHello *there*.\n\n- one\n- two\n\n"+
			"### Deeper\n\n| x | y |\n| - | - |\n| 1 | 2 |\n\n"+
			"Setext\n------\n\n> quoted\n\n"+
			"## Questions\n\n### Why?\n\nBecause.\n\n#### Really?\n\nYes.\n\n"+
			"## After\n\n```\n## not a heading\n```\n",
		"guides/sub/c.md", guide("C", "## Third\n"),
		"notes.md", guide("Ignored", "## At the root\n"), // Load reads only guides/
		"synonyms.yaml", "- [IR, Interventional  Radiology]\n",
		"related.yaml", "# looser\n- [How Long, length]\n",
	)
	b, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	type row struct {
		ID, Title, Path string
		Kind            Kind
		Level           int
		Body            string
	}
	var got []row
	for _, p := range b.Passages {
		got = append(got, row{p.ID, p.Title, strings.Join(p.Path, " > "), p.Kind, p.Level, p.Body})
	}
	want := []row{
		{"intro", "Intro", "", KindGuide, 2, "Hello *there*.\n\n- one\n- two"},
		{"intro-deeper", "Deeper", "Intro", KindGuide, 3, "| x | y |\n| - | - |\n| 1 | 2 |"},
		{"intro-deeper-setext", "Setext", "Intro > Deeper", KindGuide, 2, "> quoted"},
		{"questions", "Questions", "", KindGuide, 2, ""},
		{"questions-why", "Why?", "Questions", KindFAQ, 3, "Because."},
		{"questions-why-really", "Really?", "Questions > Why?", KindFAQ, 4, "Yes."},
		{"after", "After", "", KindGuide, 2, "```\n## not a heading\n```"},
		{"second", "Second", "", KindGuide, 2, "from b"},
		{"third", "Third", "", KindGuide, 2, ""},
	}
	// The setext heading is level 2 and so closes Deeper and Intro.
	want[2] = row{"setext", "Setext", "", KindGuide, 2, "> quoted"}
	if !slices.Equal(got, want) {
		t.Errorf("Load() passages:\n got %+v\nwant %+v", got, want)
	}

	var titles []string
	for _, d := range b.Documents {
		titles = append(titles, d.Title+"@"+d.File)
	}
	if want := []string{"A@guides/a.md", "B@guides/b.md", "C@guides/sub/c.md"}; !slices.Equal(titles, want) {
		t.Errorf("documents = %q, want %q", titles, want)
	}
	d, ok := b.Document("A")
	if !ok || d.Source != "notes" || d.Author != "me" || d.Updated != "2025-01-02" || len(d.Passages) != 7 || d.Passages[0].ID != "intro" {
		t.Errorf("Document(%q) = %+v, %v", "A", d, ok)
	}
	if _, ok := b.Document("Ignored"); ok {
		t.Errorf("Load read notes.md at the root; want only guides/")
	}
	if faq := b.FAQ(); len(faq) != 2 || faq[0].Title != "Why?" {
		t.Errorf("FAQ() = %+v, want Why? and Really?", faq)
	}
	if got, want := b.Synonyms, []SynonymGroup{{"ir", "interventional radiology"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Synonyms = %q, want %q", got, want)
	}
	if got, want := b.Related, []SynonymGroup{{"how long", "length"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Related = %q, want %q", got, want)
	}
	if len(b.Pathways) != 0 {
		t.Errorf("Pathways = %v, want none without pathways.yaml", b.Pathways)
	}
}

// TestLoadErrors checks that every malformed file fails the whole load
// with a message naming the file and line.
func TestLoadErrors(t *testing.T) {
	good := guide("Good", "## Known heading\n\nIt lasts six years.\n")
	pathway := func(yaml string) fstest.MapFS {
		return mapFS("guides/good.md", good, "pathways.yaml", yaml)
	}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string // substrings of the error
	}{
		{"no front matter", mapFS("guides/a.md", "## H\n"), []string{"guides/a.md:1:", "missing front matter"}},
		{"unclosed front matter", mapFS("guides/a.md", "---\ntitle: T\n## H\n"), []string{"guides/a.md:1:", "not closed"}},
		{"bad front matter yaml", mapFS("guides/a.md", "---\ntitle: T\nauthor: x: y\n---\n## H\n"), []string{"guides/a.md:3:", "mapping values"}},
		{"unknown front matter key", mapFS("guides/a.md", "---\ntitle: T\ntitel: T\n---\n## H\n"), []string{"guides/a.md:3:", "titel"}},
		{"missing title", mapFS("guides/a.md", "---\nauthor: me\n---\n## H\n"), []string{"guides/a.md:1:", "no title"}},
		{"empty front matter", mapFS("guides/a.md", "---\n---\n## H\n"), []string{"guides/a.md:1:", "empty"}},
		{"bad date", mapFS("guides/a.md", "---\ntitle: T\nupdated: 26/11/2025\n---\n## H\n"), []string{"guides/a.md:3:", "not a date"}},
		{"bad kind", mapFS("guides/a.md", "---\ntitle: T\nkind: faqs\n---\n## H\n"), []string{"guides/a.md:3:", `kind "faqs"`}},
		{"faq section missing", mapFS("guides/a.md", "---\ntitle: T\nfaq_section: FAQ\n---\n## H\n"), []string{"guides/a.md:3:", `"FAQ"`}},
		{"no headings", mapFS("guides/a.md", guide("T", "\nJust text.\n")), []string{"guides/a.md:4:", "no headings"}},
		{"title heading only", mapFS("guides/a.md", guide("T", "# T\n")), []string{"guides/a.md:4:", "no sections"}},
		{"text before heading", mapFS("guides/a.md", guide("T", "\n\nIntro.\n\n## H\n")), []string{"guides/a.md:6:", "before the first heading"}},
		{"empty heading", mapFS("guides/a.md", guide("T", "## H\n\ntext\n\n##\n")), []string{"guides/a.md:8:", "empty heading"}},
		{"empty closed heading", mapFS("guides/a.md", guide("T", "## H\n### ###\n")), []string{"guides/a.md:5:", "empty heading"}},
		{"duplicate document title", mapFS("guides/a.md", guide("T", "## H\n"), "guides/b.md", guide("T", "## I\n")), []string{"guides/b.md:", "guides/a.md"}},
		{"several bad files", mapFS("guides/a.md", "## H\n", "guides/b.md", guide("T", "x\n")), []string{"guides/a.md:1:", "guides/b.md:4:"}},

		{"pathway cites missing heading", pathway("- key: x\n  name: X\n  summary:\n    text: Hi.\n    sources:\n      - Known heading\n      - Unknown heading\n"),
			[]string{"pathways.yaml:7:", `"Unknown heading"`}},
		{"pathway states unsupported figure", pathway("- key: x\n  name: X\n  summary:\n    text: It lasts seven years.\n    sources: [Known heading]\n"),
			[]string{"pathways.yaml:4:", `"seven"`}},
		{"pathway stage when unsupported", pathway("- key: x\n  name: X\n  summary: {text: Hi., sources: [Known heading]}\n  stages:\n    - name: S\n      when: Years 1-3\n      text: Six years.\n      sources: [Known heading]\n"),
			[]string{"pathways.yaml:7:", `"1-3"`}},
		{"pathway fact without sources", pathway("- key: x\n  name: X\n  summary:\n    text: Hi.\n"), []string{"pathways.yaml:4:", "cites no sources"}},
		{"pathway fact without text", pathway("- key: x\n  name: X\n  summary: {text: Hi., sources: [Known heading]}\n  length:\n    sources: [Known heading]\n"),
			[]string{"pathways.yaml:5:", "length has no text"}},
		{"pathway without summary", pathway("- key: x\n  name: X\n"), []string{"pathways.yaml:1:", "no summary"}},
		{"pathway bad key", pathway("- key: Big Key\n  name: X\n  summary: {text: Hi., sources: [Known heading]}\n"), []string{"pathways.yaml:1:", "key"}},
		{"duplicate pathway key", pathway("- key: x\n  name: X\n  summary: {text: Hi., sources: [Known heading]}\n- key: x\n  name: Y\n  summary: {text: Hi., sources: [Known heading]}\n"),
			[]string{"pathways.yaml:4:", `key "x" is already used at line 1`}},
		{"pathway name is another's alias", pathway("- key: x\n  name: X\n  summary: {text: Hi., sources: [Known heading]}\n- key: y\n  name: Y\n  aliases: [X]\n  summary: {text: Hi., sources: [Known heading]}\n"),
			[]string{"pathways.yaml:6:", `"X" already names pathway "x"`}},
		{"duplicate alias across pathways", pathway("- key: x\n  name: X\n  aliases: [six year]\n  summary: {text: Hi., sources: [Known heading]}\n- key: y\n  name: Y\n  aliases: [Six-Year]\n  summary: {text: Hi., sources: [Known heading]}\n"),
			[]string{"pathways.yaml:7:", `"Six-Year" already names pathway "x"`}},
		{"pathway unknown field", pathway("- key: x\n  name: X\n  sumary: {text: Hi.}\n"), []string{"pathways.yaml:3:", "sumary"}},
		{"pathways bad yaml", pathway("- key: x\n  name: [X\n"), []string{"pathways.yaml:"}},
		{"pathways not a list", pathway("key: x\n"), []string{"pathways.yaml:1:", "list of pathways"}},

		{"synonym group of one", mapFS("guides/good.md", good, "synonyms.yaml", "- [a, b]\n- [c]\n"), []string{"synonyms.yaml:2:", "at least two"}},
		{"synonym empty group", mapFS("guides/good.md", good, "synonyms.yaml", "- [a, b]\n- []\n"), []string{"synonyms.yaml:2:", "at least two"}},
		{"synonym empty term", mapFS("guides/good.md", good, "synonyms.yaml", "- [a, b]\n- [c, '  ']\n"), []string{"synonyms.yaml:2:", "empty term"}},
		{"synonym duplicate term", mapFS("guides/good.md", good, "synonyms.yaml", "- - a\n  - A\n"), []string{"synonyms.yaml:2:", `"a" appears twice`}},
		{"synonyms not lists", mapFS("guides/good.md", good, "synonyms.yaml", "- [a, b]\n- a\n"), []string{"synonyms.yaml:2:"}},
		{"related group of one", mapFS("guides/good.md", good, "related.yaml", "- [a, b]\n- [c]\n"), []string{"related.yaml:2:", "at least two"}},
		{"related duplicate term", mapFS("guides/good.md", good, "related.yaml", "- [a, A]\n"), []string{"related.yaml:1:", `"a" appears twice`}},
		{"related not lists", mapFS("guides/good.md", good, "related.yaml", "a: b\n"), []string{"related.yaml"}},
		{"offtopic empty group", mapFS("guides/good.md", good, "offtopic.yaml", "- [dermatology]\n- []\n"), []string{"offtopic.yaml:2:", "at least one term"}},
		{"offtopic empty term", mapFS("guides/good.md", good, "offtopic.yaml", "- [derm, '']\n"), []string{"offtopic.yaml:1:", "empty term"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load(tt.fsys)
			if err == nil {
				t.Fatalf("Load() = %d passages, nil error; want error containing %q", len(b.Passages), tt.want)
			}
			if b != nil {
				t.Errorf("Load() returned a Base with its error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Load() error = %q, want it to contain %q", err, w)
				}
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Errorf("Load() error %v is not a *FileError", err)
			}
		})
	}
}

func TestLoadLayered(t *testing.T) {
	admin := os.DirFS("testdata/admin")
	tests := []struct {
		name      string
		replace   bool
		documents []string
		pathways  []string
		synonyms  int // groups
		related   int // groups
	}{
		{"overlay", false,
			[]string{"Interventional Radiology Residency Guide", "Server FAQ", "Visa Notes"},
			[]string{"integrated", "independent", "esir", "visa"}, -1, -1},
		{"replace", true,
			[]string{"Server FAQ", "Visa Notes"},
			[]string{"esir", "visa"}, 1, 1},
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := LoadLayered(Content(), admin, tt.replace)
			if err != nil {
				t.Fatalf("LoadLayered() error: %v", err)
			}
			var docs, keys []string
			for _, d := range b.Documents {
				docs = append(docs, d.Title)
			}
			for _, p := range b.Pathways {
				keys = append(keys, p.Key)
			}
			if !slices.Equal(docs, tt.documents) {
				t.Errorf("documents = %q, want %q", docs, tt.documents)
			}
			if !slices.Equal(keys, tt.pathways) {
				t.Errorf("pathways = %q, want %q", keys, tt.pathways)
			}
			wantSyn := tt.synonyms
			if wantSyn < 0 {
				wantSyn = len(def.Synonyms) + 1
			}
			if len(b.Synonyms) != wantSyn {
				t.Errorf("got %d synonym groups, want %d", len(b.Synonyms), wantSyn)
			}
			wantRel := tt.related
			if wantRel < 0 {
				wantRel = len(def.Related) + 1
			}
			if len(b.Related) != wantRel {
				t.Errorf("got %d related groups, want %d", len(b.Related), wantRel)
			}
			if p, ok := b.Pathway("early specialization"); !ok || p.Name != "ESIR (server notes)" {
				t.Errorf("Pathway(early specialization) = %q, %v; want the admin's override", p.Name, ok)
			}
			faq := b.FAQ()
			if got := faq[len(faq)-1].Title; got != "Who runs this bot?" {
				t.Errorf("last FAQ entry = %q, want the admin's", got)
			}
			visa, ok := b.Section("J-1 and H-1B")
			if !ok || visa.ID != "j-1-and-h-1b" || len(visa.Path) != 0 || visa.Kind != KindGuide {
				t.Errorf("Section(J-1 and H-1B) = %+v, %v", visa, ok)
			}
			if intro, ok := b.Section("Visa Notes"); !ok || intro.Body != "These notes are kept by the server admins." {
				t.Errorf("Section(Visa Notes) = %+v, %v; want the title heading's text as a passage", intro, ok)
			}
		})
	}
	// The embedded IDs do not move when an admin adds guides.
	b, err := LoadLayered(Content(), admin, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range def.Passages {
		if b.Passages[i].ID != p.ID {
			t.Errorf("overlay moved passage %d from %q to %q", i, p.ID, b.Passages[i].ID)
		}
	}
	if b, err := LoadLayered(Content(), nil, true); err != nil || len(b.Passages) != len(def.Passages) {
		t.Errorf("LoadLayered(nil extra) = %v; want the default", err)
	}
	bad := mapFS("oops.md", "no front matter\n")
	if _, err := LoadLayered(Content(), bad, false); err == nil || !strings.Contains(err.Error(), "oops.md:1:") {
		t.Errorf("LoadLayered(bad extra) error = %v, want oops.md:1", err)
	}
}

func TestIDs(t *testing.T) {
	long := "A very long heading that goes on and on about the many things residents learn"
	b, err := Load(mapFS(
		"guides/a.md", guide("A", "## Same\n\n## Same\n\n## "+long+"\n\n## "+long+"\n\n## 日本語\n\n## Same 2\n\n## Straße & Co.\n"),
		"guides/b.md", guide("B", "## Same\n\n## "+long+" too\n"),
	))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	seen := map[string]bool{}
	for _, p := range b.Passages {
		got = append(got, p.ID)
		if !validID(p.ID) {
			t.Errorf("passage %q has invalid ID %q", p.Title, p.ID)
		}
		if seen[p.ID] {
			t.Errorf("ID %q is not unique", p.ID)
		}
		seen[p.ID] = true
	}
	want := []string{
		"same",
		"same-2",
		"a-very-long-heading-that-goes-on-and-on-about-the-many-d6a8a7",
		"a-very-long-heading-that-goes-on-and-on-about-the-many-d6a8a7-2",
		"section-" + got[4][len("section-"):],
		"same-2-2",
		"stra-e-co",
		"same-3",
		"a-very-long-heading-that-goes-on-and-on-about-the-many-d52f4e",
	}
	if !slices.Equal(got, want) {
		t.Errorf("IDs:\n got %q\nwant %q", got, want)
	}
}

// TestDefaultIDs pins the IDs of the embedded guide: other packages and
// Discord buttons hold them, so a change must be deliberate
// (go test -run TestDefaultIDs -update).
func TestDefaultIDs(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, p := range b.Passages {
		fmt.Fprintf(&sb, "%s\t%s\n", p.ID, p.Title)
	}
	const golden = "testdata/ids.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := sb.String(); got != string(want) {
		t.Errorf("IDs differ from %s:\n%s", golden, got)
	}
}

func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"",
		"## H\n",
		"# T\n\n## A\n\ntext\n\n### B\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
		"Setext\n===\n\n> q\n\n- l\n",
		"##\n",
		"### ###\n",
		"## A\n```\n## B\n",
		"#hashtag\n---\n",
		"    ## indented\n## real\n",
		"---\ntitle: x\n---\n",
		"- ## in a list\n",
		"## \u65e5\u672c\n\n## \u65e5\u672c\n",
		"## A\n<!-- asked as:\n- q\n-->\nx\n",
		"## A\n<!-- asked as:\n- q\n## B\n",
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, md string, withFrontMatter bool) {
		if withFrontMatter {
			md = guide("Fuzz", md)
		}
		b, err := Load(mapFS("guides/f.md", md))
		if err != nil {
			if b != nil {
				t.Errorf("Load returned a Base with error %v", err)
			}
			return
		}
		for _, p := range b.Passages {
			if strings.TrimSpace(p.Title) == "" {
				t.Errorf("passage with empty title: %+v", p)
			}
			if !validID(p.ID) {
				t.Errorf("passage %q has invalid ID %q", p.Title, p.ID)
			}
		}
	})
}

// FuzzLoadYAML feeds arbitrary YAML as pathways.yaml, synonyms.yaml and
// related.yaml:
// Load must return an error or a Base, never panic.
func FuzzLoadYAML(f *testing.F) {
	for _, seed := range []string{
		"",
		"- [a, b]\n",
		"- key: x\n  name: X\n  summary: {text: Hi, sources: [H]}\n",
		"- &a [a, b]\n- *a\n",
		"*a\n",
		"- key: x\n  stages:\n    - name: s\n      when: Years 1-3\n",
		"key: x\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, yml string) {
		for _, name := range []string{pathwaysFile, synonymsFile, relatedFile} {
			b, err := Load(mapFS("guides/g.md", guide("G", "## H\n\nsix\n"), name, yml))
			if (b == nil) == (err == nil) {
				t.Errorf("Load(%s) = %v, %v; want exactly one of them", name, b, err)
			}
		}
	})
}

// TestLoadManyFiles checks that guides parsed side by side come out in
// file order, and their faults too, however many files there are.
func TestLoadManyFiles(t *testing.T) {
	for _, n := range []int{1, 2, 7, 40} {
		fsys := fstest.MapFS{}
		var wantTitles, wantFaults []string
		for k := range n {
			name := fmt.Sprintf("guides/g%03d.md", k)
			title := fmt.Sprintf("Guide %d", k)
			body := guide(title, fmt.Sprintf("## Section %d\n\nText %d.\n", k, k))
			if k%5 == 3 {
				body = "---\ntitle: [unclosed\n---\n## S\n"
				wantFaults = append(wantFaults, name)
			} else {
				wantTitles = append(wantTitles, title)
			}
			fsys[name] = &fstest.MapFile{Data: []byte(body)}
		}
		b, err := Load(fsys)
		if len(wantFaults) > 0 {
			if err == nil {
				t.Fatalf("Load(%d files) = nil error, want faults in %v", n, wantFaults)
			}
			at := -1
			for _, f := range wantFaults {
				i := strings.Index(err.Error(), f)
				if i <= at {
					t.Errorf("Load(%d files) error %q: %s missing or out of order", n, err, f)
				}
				at = i
			}
			continue
		}
		if err != nil {
			t.Fatalf("Load(%d files): %v", n, err)
		}
		var got []string
		for _, d := range b.Documents {
			got = append(got, d.Title)
		}
		if !slices.Equal(got, wantTitles) {
			t.Errorf("Load(%d files) documents = %v, want %v", n, got, wantTitles)
		}
	}
}

// TestLoadLayeredParsed checks that documents kept from a load give the
// same Base without parsing, and that documents of other files are
// refused rather than served.
func TestLoadLayeredParsed(t *testing.T) {
	extra := mapFS("guides/extra.md", guide("Extra Guide", "## Extra Section\n\nWords.\n\n## Another\n\nMore words.\n"))
	for _, tc := range []struct {
		name    string
		replace bool
	}{{"layered", false}, {"replacing", true}} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := LoadLayered(Content(), extra, tc.replace)
			if err != nil {
				t.Fatal(err)
			}
			got, err := LoadLayeredParsed(Content(), extra, tc.replace, want.Documents)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Error("the Base loaded from parsed documents differs from the Base parsed")
			}
			docs := want.Documents
			renamed := slices.Clone(docs)
			renamed[len(renamed)-1].File = "guides/other.md"
			for name, parsed := range map[string][]Document{
				"none":         {},
				"one missing":  docs[:len(docs)-1],
				"one too many": append(slices.Clone(docs), docs[0]),
				"another file": renamed,
			} {
				if _, err := LoadLayeredParsed(Content(), extra, tc.replace, parsed); !errors.Is(err, ErrParsedMismatch) {
					t.Errorf("%s: err = %v, want ErrParsedMismatch", name, err)
				}
			}
		})
	}
}
