package knowledge

import (
	"strings"
	"testing"
	"unicode"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"6-Year", "6year"},
		{"6 year", "6year"},
		{"  DR First!! ", "drfirst"},
		{"Early Specialization in IR (ESIR)", "earlyspecializationiniresir"},
		{"Ärzte—Weiterbildung", "ärzteweiterbildung"},
		{"", ""},
		{"?!", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"6-Year", "ESIR", "", "\xff", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if Fold(got) != got {
			t.Errorf("Fold(%q) = %q, which folds again to %q", s, got, Fold(got))
		}
		if strings.IndexFunc(got, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
			t.Errorf("Fold(%q) = %q keeps a mark", s, got)
		}
	})
}

func TestFoldTerm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  DR   First ", "dr first"},
		{"PGY-2", "pgy-2"},
		{"\tM4\n", "m4"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := foldTerm(tt.in); got != tt.want {
			t.Errorf("foldTerm(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumberWords(t *testing.T) {
	for k, w := range NumberWords {
		if got := number(w); got != k+1 {
			t.Errorf("number(%q) = %d, want %d", w, got, k+1)
		}
		if got := number(strings.ToUpper(w)); got != k+1 {
			t.Errorf("number(%q) = %d, want %d", strings.ToUpper(w), got, k+1)
		}
	}
	for _, s := range []string{"zero", "thirteen", "", "onee"} {
		if n := numberWord(s); n != 0 {
			t.Errorf("numberWord(%q) = %d, want 0", s, n)
		}
	}
	if fs := figures("one to two years, then twelve"); len(fs) != 2 || fs[0].from != 1 || fs[0].to != 2 || fs[1].from != 12 {
		t.Errorf("figures = %+v, want 1-2 and 12", fs)
	}
}
