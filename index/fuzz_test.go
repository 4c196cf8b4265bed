package index

import (
	"context"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// FuzzSearch feeds arbitrary user text to Search: it must never fail or
// panic, return more than the limit, or hand Discord unbalanced bold.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"how long is IR residency",
		`+esir -dr title:"x" /re.*/ * ~2 ^3 AND OR NOT (a||b) field:[1 TO 2]`,
		"residensy accredidation independant recomendation",
		"🩻🩺 IR 💉 residency ✨",
		"ما هو الإشعاع التداخلي IR",
		"IR\u200bresidency\u200d\u2060 zero\ufeffwidth",
		"**bold** __under__ ~~strike~~ `code` ||spoiler|| > quote",
		strings.Repeat("interventional radiology residency ", 200),
		strings.Repeat("a", 6000),
		"\x00\xff\xfe invalid utf8",
		"",
	} {
		f.Add(s, 5)
	}
	x := newDefault(f)
	f.Fuzz(func(t *testing.T, q string, limit int) {
		limit = limit%10 + 1
		if limit < 1 {
			limit = -limit + 1
		}
		hits, err := x.hits(context.Background(), q, limit)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(hits) > limit {
			t.Fatalf("Search(%q, %d) gave %d hits", q, limit, len(hits))
		}
		for _, h := range hits {
			if !boldBalanced(h.Snippet) {
				t.Fatalf("Search(%q): unbalanced bold in %q", q, h.Snippet)
			}
			if !utf8.ValidString(h.Snippet) {
				t.Fatalf("Search(%q): invalid UTF-8 snippet %q", q, h.Snippet)
			}
		}
		if _, err := x.Complete(context.Background(), q, "", limit); err != nil {
			t.Fatalf("Complete(%q): %v", q, err)
		}
	})
}

// TestConcurrentSearch runs searches and completions from many goroutines
// at once (run with -race).
func TestConcurrentSearch(t *testing.T) {
	x := newDefault(t)
	qs := benchQueries()
	var wg sync.WaitGroup
	want := make([]string, len(qs))
	for i, q := range qs {
		hits, _ := x.hits(context.Background(), q, 3)
		if len(hits) > 0 {
			want[i] = hits[0].Passage.ID
		}
	}
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				i := (g + k) % len(qs)
				hits, err := x.hits(context.Background(), qs[i], 3)
				if err != nil {
					t.Error(err)
					return
				}
				got := ""
				if len(hits) > 0 {
					got = hits[0].Passage.ID
				}
				if got != want[i] {
					t.Errorf("concurrent Search(%q) = %q, want %q", qs[i], got, want[i])
				}
				if _, err := x.Complete(context.Background(), qs[i][:len(qs[i])/2], "", 25); err != nil {
					t.Error(err)
				}
			}
		}(g)
	}
	wg.Wait()
}
