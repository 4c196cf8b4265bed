package index

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	x := newDefault(t)
	for _, tc := range []struct {
		in, want string
		chat     []string
	}{
		// Chat register goes; the question stays.
		{"what does IR even do lol", "what does ir do", []string{"even", "lol"}},
		{"top IR residencies pls", "top ir residencies", []string{"pls"}},
		{"ngl tbh is IR hard to get into rn", "is ir hard to get into", []string{"ngl", "tbh", "rn"}},
		{"LOL what is ESIR", "what is esir", []string{"LOL"}},
		// Stretched letters, emoji, repeated punctuation, Discord markup.
		{"pleaseee how long is IR residency??? 😭😭", "how long is ir residency", []string{"pleaseee"}},
		{"<@123456789012345678> :wave: what is ESIR <:pepe:112233> https://example.com/x", "what is esir", nil},
		// Shorthand the guide lacks becomes its plain words...
		{"PGY-2 in DR, can I still switch", "second-year resident in dr can i still switch", nil},
		{"PGY-2 in DR rn. can I still switch", "second-year resident in dr. can i still switch", []string{"rn"}},
		{"do aways matter", "do away rotations matter", nil},
		{"how many yrs is it", "how many years is it", nil},
		{"MS3 applying w/ 2 LORs", "third-year medical student applying with 2 lors", nil},
		{"is it 6yrs", "is it 6 years", nil},
		{"r u double boarded", "are you dual board certified", nil},
		{"what % match", "what percent match", nil},
		// ... but shorthand the guide writes itself stays as written (the
		// thesaurus holds its plain words): "IR", "ESIR", "spots".
		{"how many IR spots", "how many ir spots", nil},
		// Typos are corrected to the guide's words; known words are not.
		{"how long is IR residncy", "how long is ir residency", nil},
		{"accredidation of programs", "accreditation of programs", nil},
		// Nothing but chat leaves nothing.
		{"lol thanks", "", []string{"lol", "thanks"}},
		{"", "", nil},
	} {
		n := x.norm.normalize(tc.in)
		if got := n.text(); got != tc.want {
			t.Errorf("normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !slices.Equal(n.chat, tc.chat) {
			t.Errorf("normalize(%q) dropped %q, want %q", tc.in, n.chat, tc.chat)
		}
	}
}

// TestNormalizeMarks checks what normalize records of each word: how it
// changed, whether it is an acronym, and which shorthand it comes from.
func TestNormalizeMarks(t *testing.T) {
	x := newDefault(t)
	n := x.norm.normalize("what TIPS for IMG pts residncy")
	want := []struct {
		text      string
		how       change
		acronym   bool
		shorthand bool
	}{
		{"what", kept, false, false},
		{"tips", kept, true, false},
		{"for", kept, false, false},
		{"international", expanded, false, true},
		{"medical", expanded, false, true},
		{"graduate", expanded, false, true},
		{"patients", expanded, false, true},
		{"residency", corrected, false, false},
	}
	if len(n.words) != len(want) {
		t.Fatalf("normalize gave %d words (%q), want %d", len(n.words), n.text(), len(want))
	}
	for i, w := range want {
		got := n.words[i]
		if got.text != w.text || got.how != w.how || got.acronym != w.acronym || (got.shorthand > 0) != w.shorthand {
			t.Errorf("word %d = %+v, want %+v", i, got, w)
		}
	}
	if n.words[3].shorthand != n.words[5].shorthand || n.words[3].shorthand == n.words[6].shorthand {
		t.Errorf("shorthand numbers %d %d %d: want the words of IMG to share one, pts another",
			n.words[3].shorthand, n.words[5].shorthand, n.words[6].shorthand)
	}
}

// FuzzNormalize feeds arbitrary text to normalize: it must never panic,
// and give valid UTF-8 words of no more than the text's length in words.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"PGY-2 in DR rn, can I still switch to IR lol",
		"w/ w/o b/c ob/gyn pm&r h&p lor's ir/dr",
		"pleaseeeeeeeeeee sooooo 6yrs 2nd 100%",
		"😭😭 <@1> <#2> <@&3> <a:x:4> :smile: ``` https://x.y/z?a=b",
		"\x00\xff\xfe",
		strings.Repeat("lol ", 400),
		"",
	} {
		f.Add(s)
	}
	x := newDefault(f)
	f.Fuzz(func(t *testing.T, s string) {
		n := x.norm.normalize(s)
		for _, w := range n.words {
			if w.text == "" || !utf8.ValidString(w.text) {
				t.Fatalf("normalize(%q) gave word %q", s, w.text)
			}
		}
		if len(n.words) > 3*len(strings.Fields(s))+maxQueryBytes/2 {
			t.Fatalf("normalize(%q) gave %d words", s, len(n.words))
		}
	})
}

// TestCutQuery: search and autocomplete read the same first 1 KiB of a
// query, and never half a character.
func TestCutQuery(t *testing.T) {
	long := strings.Repeat("a", maxQueryBytes-1) + "é" + "tail"
	tests := []struct {
		name, in, want string
	}{
		{"short", "how long is IR residency", "how long is IR residency"},
		{"exactly the limit", strings.Repeat("b", maxQueryBytes), strings.Repeat("b", maxQueryBytes)},
		{"a character across the limit", long, strings.Repeat("a", maxQueryBytes-1)},
		{"emoji across the limit", strings.Repeat("c", maxQueryBytes-2) + "🩻x", strings.Repeat("c", maxQueryBytes-2)},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		got := cutQuery(tt.in)
		if got != tt.want {
			t.Errorf("%s: cutQuery cut to %d bytes, want %d", tt.name, len(got), len(tt.want))
		}
		if !utf8.ValidString(got) {
			t.Errorf("%s: cutQuery left invalid UTF-8", tt.name)
		}
	}
}

func FuzzCutQuery(f *testing.F) {
	f.Add("how long is IR residency")
	f.Add(strings.Repeat("é", maxQueryBytes))
	f.Fuzz(func(t *testing.T, s string) {
		got := cutQuery(s)
		if len(got) > maxQueryBytes || !strings.HasPrefix(s, got) {
			t.Fatalf("cutQuery(%d bytes) = %d bytes, not a prefix within the limit", len(s), len(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("cutQuery split a character")
		}
		if len(s) > maxQueryBytes && len(got) < maxQueryBytes-utf8.UTFMax {
			t.Fatalf("cutQuery(%d bytes) kept only %d", len(s), len(got))
		}
	})
}
