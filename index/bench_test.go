package index

import (
	"context"
	"testing"

	"github.com/irbot/irbot/knowledge"
)

// benchQueries are realistic questions: short, long, typos, out of scope.
func benchQueries() []string {
	return []string{
		"how long is IR residency",
		"what is ESIR",
		"difference between integrated and independent IR",
		"letters of recomendation for IR",
		"best hospitals for IR training",
		"when does interview season happen",
		"I'm a med student, how long does the whole IR path take after med school including the intern year? can someone explain",
		"tumor embolisation",
		"best pizza near campus",
		"how do I study for step 1",
		"ACGME",
		"what is on the ABR written exam",
	}
}

func BenchmarkBuild(b *testing.B) {
	kb, err := knowledge.Default()
	if err != nil {
		b.Fatal(err)
	}
	benchBuild(b, kb)
}

// benchBuild measures indexing the knowledge in memory.
func benchBuild(b *testing.B, kb *knowledge.Base) {
	b.ReportAllocs()
	for b.Loop() {
		x, err := New(kb.Passages, OptionsFor(kb))
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

func BenchmarkSearch(b *testing.B) {
	x := newDefault(b)
	qs := benchQueries()
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := x.Search(ctx, qs[i%len(qs)], 5); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkComplete(b *testing.B) {
	x := newDefault(b)
	typed := []string{"", "how lo", "esir", "match stat", "cert", "what is the"}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := x.Complete(ctx, typed[i%len(typed)], "", 25); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
