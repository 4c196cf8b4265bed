package index

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/irbot/irbot/knowledge"
	"github.com/irbot/irbot/knowledge/knowledgetest"
)

// scaleSizes are the knowledge sizes BenchmarkScale measures, in synthetic
// passages added to the built-in guide: 1k and 10k, and 100k when
// IRBOT_BENCH_100K is set (it takes minutes and a GiB or more).
func scaleSizes() []int {
	sizes := []int{1_000, 10_000}
	if os.Getenv("IRBOT_BENCH_100K") != "" {
		sizes = append(sizes, 100_000)
	}
	return sizes
}

// syntheticBase loads the built-in guide with n synthetic passages laid
// over it, as KNOWLEDGE_DIR would.
func syntheticBase(tb testing.TB, n int) *knowledge.Base {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := knowledgetest.WriteSynthetic(dir, n, 1); err != nil {
		tb.Fatal(err)
	}
	kb, err := knowledge.LoadLayered(knowledge.Content(), os.DirFS(dir), false)
	if err != nil {
		tb.Fatal(err)
	}
	return kb
}

// BenchmarkScale measures, at each size, building the index in memory,
// a search (with p50-ms and p99-ms over every search it ran) and an
// autocomplete. Run it with
//
//	go test -run '^$' -bench Scale -benchtime 2x ./index/   # build
//	go test -run '^$' -bench 'Scale/.*/(search|complete)' ./index/
func BenchmarkScale(b *testing.B) {
	for _, n := range scaleSizes() {
		name := fmt.Sprintf("%dk", n/1000)
		kb := syntheticBase(b, n)
		b.Run(name+"/build", func(b *testing.B) { benchBuild(b, kb) })
		x, err := New(kb.Passages, OptionsFor(kb))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/search", func(b *testing.B) { benchSearches(b, x, scaleQueries(b)) })
		b.Run(name+"/complete", func(b *testing.B) {
			typed := []string{"", "how lo", "esir", "match stat", "cert", "what is the", "residency tra"}
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if _, err := x.Complete(ctx, typed[i%len(typed)], "", 25); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		x.Close()
	}
}

// scaleQueries are the bench questions and those of the dev sets: what
// students ask, in their words.
func scaleQueries(tb testing.TB) []string {
	qs := benchQueries()
	for _, set := range []string{"dev.jsonl", "dev-casual.jsonl"} {
		for _, q := range readQuestionFile(tb, set) {
			qs = append(qs, q.Q)
		}
	}
	return qs
}

// benchSearches runs the queries in turn and reports the median and the
// 99th percentile of their latencies besides the mean.
func benchSearches(b *testing.B, x *Index, qs []string) {
	ctx := context.Background()
	b.ReportAllocs()
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := x.Search(ctx, qs[i%len(qs)], 5); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		i++
	}
	reportPercentiles(b, took)
}

// reportPercentiles reports p50-ms and p99-ms of the durations.
func reportPercentiles(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	at := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
