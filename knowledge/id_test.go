package knowledge

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// slugAsBefore is slug as it was written first (lowercase the whole
// string, then keep its ASCII letters and digits): the faster slug must
// agree with it on every input.
func slugAsBefore(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	return b.String()
}

// assignIDsAsBefore is assignIDs as it was written first, trying every
// suffix from 2 for each repeat.
func assignIDsAsBefore(passages []Passage) {
	used := make(map[string]bool, len(passages))
	for i := range passages {
		id := baseID(passages[i])
		for n := 2; used[id]; n++ {
			suffix := "-" + strconv.Itoa(n)
			id = shorten(baseID(passages[i]), MaxIDLen-len(suffix)) + suffix
		}
		used[id] = true
		passages[i].ID = id
	}
}

func TestSlug(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Years 1-3", "years-1-3"},
		{"  ESIR: Early Specialization  ", "esir-early-specialization"},
		{"PGY-2 / PGY-3", "pgy-2-pgy-3"},
		{"Ünïcödé Heading", "n-c-d-heading"},
		{"\u212a-space", "k-space"}, // the Kelvin sign lowercases to k
		{"\u0130nterventional", "interventional"},
		{"日本語", ""},
		{"bad \xff byte", "bad-byte"},
		{"", ""},
	} {
		if got := slug(c.in); got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := slugAsBefore(c.in); got != c.want {
			t.Errorf("slugAsBefore(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Years 1-3", "\u212a", "\u0130x", "a\xffb", "ÀÉÎ õ", "--a--b--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slug(s), slugAsBefore(s); got != want {
			t.Fatalf("slug(%q) = %q, as before %q", s, got, want)
		}
	})
}

// TestAssignIDsRepeats gives the same IDs as trying every suffix from 2,
// with titles repeated many times, suffixed titles that collide with the
// suffixes given, and headings long enough to be shortened.
func TestAssignIDsRepeats(t *testing.T) {
	long := strings.Repeat("a very long heading about interventional radiology ", 3)
	titles := []string{"Same", "Same 2", "same-3", "Other", long, long + " 2", "日本語"}
	rng := rand.New(rand.NewPCG(1, 2))
	var passages []Passage
	for range 3000 {
		p := Passage{Title: titles[rng.IntN(len(titles))]}
		if rng.IntN(4) == 0 {
			p.Path = []string{titles[rng.IntN(len(titles))]}
		}
		passages = append(passages, p)
	}
	got := append([]Passage(nil), passages...)
	want := append([]Passage(nil), passages...)
	assignIDs(got)
	assignIDsAsBefore(want)
	seen := make(map[string]bool)
	for i := range got {
		if got[i].ID != want[i].ID {
			t.Fatalf("passage %d (%q): ID %q, trying every suffix gives %q", i, got[i].Title, got[i].ID, want[i].ID)
		}
		if seen[got[i].ID] || !validID(got[i].ID) {
			t.Fatalf("passage %d: ID %q repeated or not valid", i, got[i].ID)
		}
		seen[got[i].ID] = true
	}
	if !seen["same-300"] {
		t.Fatal("no title was repeated 300 times: the test did not exercise long runs of repeats")
	}
}

// BenchmarkAssignIDs assigns IDs to 10,000 passages whose titles repeat
// (as in the synthetic knowledge of the scale benchmarks).
func BenchmarkAssignIDs(b *testing.B) {
	passages := make([]Passage, 10_000)
	for i := range passages {
		passages[i] = Passage{Title: fmt.Sprintf("Interventional Radiology Training Topic %d", i%100), Path: []string{"A Guide to IR"}}
	}
	for b.Loop() {
		assignIDs(passages)
	}
}
