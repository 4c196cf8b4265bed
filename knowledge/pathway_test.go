package knowledge

import (
	"slices"
	"testing"
)

// TestDefaultPathways checks that every fact of the embedded pathways
// cites headings of the guide and states only figures those sections state.
func TestDefaultPathways(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	var keys []string
	for _, p := range b.Pathways {
		keys = append(keys, p.Key)
		facts := p.Facts()
		if len(facts) == 0 {
			t.Errorf("pathway %q has no facts", p.Key)
		}
		for _, f := range facts {
			if len(f.Sources) == 0 {
				t.Errorf("%s %s cites no sources", p.Key, f.Label)
			}
			support := ""
			for _, src := range f.Sources {
				s, ok := b.Section(src)
				if !ok {
					t.Errorf("%s %s cites %q, which is not a heading of the guide", p.Key, f.Label, src)
					continue
				}
				support += s.Title + "\n" + s.Body + "\n"
			}
			if missing := unsupportedFigures(f.claim(), support); len(missing) > 0 {
				t.Errorf("%s %s states %q, not in %q", p.Key, f.Label, missing, f.Sources)
			}
		}
	}
	if want := []string{"integrated", "independent", "esir"}; !slices.Equal(keys, want) {
		t.Errorf("pathway keys = %q, want %q", keys, want)
	}
}

// TestUnsupportedFigures feeds good and bad claims through the checker the
// loader and TestDefaultPathways use, so that a bad fact cannot pass.
func TestUnsupportedFigures(t *testing.T) {
	const breakdown = "Six-Year Training Model Breakdown\nThe program starts with a one-year clinical internship. Then, it has five years of specialized IR training."
	const independent = "One to Two-Year IR Training Period\nAfter finishing a diagnostic radiology residency, you’ll enter a one to two-year IR training period."
	tests := []struct {
		claim, support string
		want           []string
	}{
		{"Six years: a one-year internship, then five years.", breakdown, nil},
		{"6 years, starting with 1 year of internship.", breakdown, nil},
		{"No figures at all.", breakdown, nil},
		{"Seven years in all.", breakdown, []string{"Seven"}},
		{"A four-year program.", breakdown, []string{"four"}},
		{"Years 1-3 are diagnostic radiology.", breakdown, []string{"1-3"}},
		{"One to two years of IR training.", independent, nil},
		{"1-2 years of IR training.", independent, nil},
		{"Two years of IR training.", independent, nil},
		{"One to three years of IR training.", independent, []string{"One to three"}},
		{"ESIR takes 2 years.", "Transitioning to Shortened Independent IR Training\nThis fast track means less training time.", []string{"2"}},
	}
	for _, tt := range tests {
		got := unsupportedFigures(tt.claim, tt.support)
		if !slices.Equal(got, tt.want) {
			t.Errorf("unsupportedFigures(%q) = %q, want %q", tt.claim, got, tt.want)
		}
	}
}

// TestBasePathway checks lookups by key, name and alias.
func TestBasePathway(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	tests := []struct {
		query string
		want  string // "" for no match
	}{
		{"integrated", "integrated"},
		{"Integrated IR Residency", "integrated"},
		{"six-year", "integrated"},
		{"Six Year", "integrated"},
		{"6 year", "integrated"},
		{"independent", "independent"},
		{"DR first", "independent"},
		{"after DR", "independent"},
		{"ESIR", "esir"},
		{"early specialization", "esir"},
		{"Early Specialization in IR (ESIR)", "esir"},
		{"fellowship", ""},
		{"", ""},
		{"  ---  ", ""},
	}
	for _, tt := range tests {
		p, ok := b.Pathway(tt.query)
		if got := p.Key; got != tt.want || ok != (tt.want != "") {
			t.Errorf("Pathway(%q) = %q, %v; want %q", tt.query, got, ok, tt.want)
		}
	}
}

// TestDefaultSynonyms checks the embedded synonym and related groups.
func TestDefaultSynonyms(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	for _, tt := range []struct {
		name   string
		groups []SynonymGroup
		want   [][]string
	}{
		{"synonym", b.Synonyms, [][]string{{"ir", "interventional radiology"}, {"acgme", "accreditation council for graduate medical education"}}},
		{"related", b.Related, [][]string{{"how many years", "length"}, {"jobs", "career"}}},
	} {
		if len(tt.groups) < 10 {
			t.Fatalf("got %d %s groups, want at least 10", len(tt.groups), tt.name)
		}
		for _, g := range tt.groups {
			if len(g) < 2 {
				t.Errorf("%s group %q has fewer than two terms", tt.name, g)
			}
			for _, term := range g {
				if term == "" || term != foldTerm(term) {
					t.Errorf("%s group %q: term %q is not normalised", tt.name, g, term)
				}
			}
		}
		for _, w := range tt.want {
			found := false
			for _, g := range tt.groups {
				if slices.Contains(g, w[0]) && slices.Contains(g, w[1]) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s group holds %q", tt.name, w)
			}
		}
	}
}
