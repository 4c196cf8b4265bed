package knowledge

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAsked(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		asked      []string
		wantBody   string
		wantErr    string // a substring of the error, "" for none
	}{
		{"none", "## A\n\nText.\n", nil, "Text.", ""},
		{"after heading", "## A\n\n<!-- asked as:\n- how long is it\n-   is it   hard?\n-->\n\nText.\n", []string{"how long is it", "is it hard?"}, "Text.", ""},
		{"stars and case", "## A\n\nText.\n\n<!--   Asked As:  \n* one\n\n* two\n-->\n", []string{"one", "two"}, "Text.", ""},
		{"two blocks", "## A\n<!-- asked as:\n- one\n-->\nText.\n<!-- asked as:\n- two\n-->\n", []string{"one", "two"}, "Text.", ""},
		{"other comment kept", "## A\n\n<!-- a note -->\n\nText.\n", nil, "<!-- a note -->\n\nText.", ""},
		{"own section only", "## A\n\n<!-- asked as:\n- one\n-->\n\n### B\n\nText.\n", []string{"one"}, "", ""},
		{"empty block", "## A\n\n<!-- asked as:\n-->\n", nil, "", "f.md:6: an \"asked as\" comment lists no questions"},
		{"not a list", "## A\n\n<!-- asked as:\n- one\nhow long\n-->\n", nil, "", "f.md:8: in an \"asked as\" comment each question"},
		{"empty question", "## A\n\n<!-- asked as:\n-\n-->\n", nil, "", "f.md:7: empty question"},
		{"unclosed", "## A\n\n<!-- asked as:\n- one\n\n## B\n\nx\n", nil, "", "f.md:6: an \"asked as\" comment is not closed"},
		{"close on the line", "## A\n\n<!-- asked as:\n- one -->\n", nil, "", "f.md:7: put the \"-->\""},
		{"too long", "## A\n\n<!-- asked as:\n- " + strings.Repeat("x", MaxAskedLen+1) + "\n-->\n", nil, "", "longer than 200"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load(mapFS("guides/f.md", guide("F", tt.body)))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load() error: %v", err)
			}
			p := b.Passages[0]
			if !slices.Equal(p.Asked, tt.asked) {
				t.Errorf("Asked = %q, want %q", p.Asked, tt.asked)
			}
			if p.Body != tt.wantBody {
				t.Errorf("Body = %q, want %q", p.Body, tt.wantBody)
			}
		})
	}
}

// TestGuideAsked checks the built-in guide's "asked as" lines: 3 to 8 for
// every section and FAQ entry, none repeated, none just its heading.
func TestGuideAsked(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, p := range b.Passages {
		if p.Body == "" {
			continue // a heading that only groups others ("FAQ")
		}
		if n := len(p.Asked); n < 3 || n > 8 {
			t.Errorf("%q has %d \"asked as\" lines, want 3 to 8", p.Title, n)
		}
		for _, q := range p.Asked {
			k := strings.ToLower(q)
			if other, dup := seen[k]; dup {
				t.Errorf("%q is asked as %q, and so is %q", p.Title, q, other)
			}
			seen[k] = p.Title
			if strings.EqualFold(strings.Trim(q, "?"), strings.Trim(p.Title, "?")) {
				t.Errorf("%q is asked as its own heading", p.Title)
			}
		}
	}
}

func TestAskedLine(t *testing.T) {
	long := strings.Repeat("residency ", 30) // 300 characters
	tests := []struct {
		q, want string
		ok      bool
	}{
		{"how long is IR residency", "- how long is IR residency", true},
		{"  how   long\tis IR\n residency  ", "- how long is IR residency", true},
		{"does <!-- this --> close it", "- does <!-- this -> close it", true},
		{"arrows ---> and ----->", "- arrows -> and ->", true},
		{long, "- " + strings.TrimSpace(long[:MaxAskedLen]), true},
		{strings.Repeat("x", 250), "- " + strings.Repeat("x", MaxAskedLen), true},
		{"   ", "", false},
		{"-->", "- ->", true},
	}
	for _, tt := range tests {
		got, ok := AskedLine(tt.q)
		if got != tt.want || ok != tt.ok {
			t.Errorf("AskedLine(%q) = %q, %v; want %q, %v", tt.q, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzAskedLine: whatever a student typed, the line AskedLine writes loads
// back in an "asked as" block as the same question.
func FuzzAskedLine(f *testing.F) {
	for _, s := range []string{"how long is IR residency", "a --> b", "---->", "<!-- asked as:", strings.Repeat("é ", 150), "# heading", "- bullet"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) {
			return // Discord sends UTF-8
		}
		line, ok := AskedLine(q)
		if !ok {
			return
		}
		block := "<!-- asked as:\n" + line + "\n-->\n"
		asked, _, err := extractAsked("guide.md", 1, []byte(block))
		if err != nil {
			t.Fatalf("AskedLine(%q) = %q, which does not load: %v", q, line, err)
		}
		if len(asked) != 1 || "- "+asked[0] != line {
			t.Fatalf("AskedLine(%q) = %q, loaded as %q", q, line, asked)
		}
	})
}
