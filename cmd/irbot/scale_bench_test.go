package main

import (
	"bufio"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/irbot/irbot/knowledge/knowledgetest"
)

// BenchmarkReady measures the irbot binary as an admin runs it, with
// synthetic passages added through KNOWLEDGE_DIR: each iteration starts
// `irbot search`, asks one question and reports, as medians over the
// iterations, ready-s (start to first answer: loading, indexing, one
// search) and peak-MiB (the child process's maximum resident set, from
// getrusage: the whole process, Go runtime included); N/restart does the
// same with INDEX_DIR holding the index already. 100k runs only with
// IRBOT_BENCH_100K set. IRBOT_BENCH_BIN names a binary to measure instead
// of building this tree's (a build of main, for a before/after):
//
//	go test -run '^$' -bench Ready -benchtime 3x ./cmd/irbot/
func BenchmarkReady(b *testing.B) {
	bin := os.Getenv("IRBOT_BENCH_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "irbot")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	sizes := []int{1_000, 10_000}
	if os.Getenv("IRBOT_BENCH_100K") != "" {
		sizes = append(sizes, 100_000)
	}
	for _, n := range sizes {
		dir := b.TempDir()
		if _, err := knowledgetest.WriteSynthetic(dir, n, 1); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			var ready, peak []float64
			for b.Loop() {
				r, p := runOnce(b, bin, dir)
				ready, peak = append(ready, r), append(peak, p)
			}
			b.ReportMetric(median(ready), "ready-s")
			b.ReportMetric(median(peak), "peak-MiB")
		})
		// A restart with INDEX_DIR and the knowledge unchanged: the index
		// is built once, then every iteration opens it.
		indexDir := b.TempDir()
		b.Run(fmt.Sprintf("%dk/restart", n/1000), func(b *testing.B) {
			runOnce(b, bin, dir, "INDEX_DIR="+indexDir)
			var ready, peak []float64
			for b.Loop() {
				r, p := runOnce(b, bin, dir, "INDEX_DIR="+indexDir)
				ready, peak = append(ready, r), append(peak, p)
			}
			b.ReportMetric(median(ready), "ready-s")
			b.ReportMetric(median(peak), "peak-MiB")
		})
	}
}

// runOnce starts irbot search over the knowledge in dir, asks one
// question, and returns the seconds to its answer and the process's peak
// RSS in MiB.
func runOnce(b *testing.B, bin, dir string, vars ...string) (readyS, peakMiB float64) {
	b.Helper()
	// Without --json, search writes each answer as soon as it has it.
	cmd := exec.Command(bin, "search", "--limit", "5")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "KNOWLEDGE_DIR=" + dir}, vars...)
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	if _, err := stdin.Write([]byte("how long is IR residency\n")); err != nil {
		b.Fatal(err)
	}
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		b.Fatalf("no answer: %v", err)
	}
	readyS = time.Since(start).Seconds()
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatal(err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage on this system")
	}
	return readyS, float64(ru.Maxrss) / 1024 // Linux reports KiB
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkRestart measures, in process, what a restart with INDEX_DIR
// and unchanged knowledge does before it can answer (load the knowledge,
// open the index and read the passages' analysis), with N synthetic
// passages; profile it with -cpuprofile:
//
//	go test -run '^$' -bench Restart -benchtime 5x -cpuprofile /tmp/cpu.out ./cmd/irbot/
func BenchmarkRestart(b *testing.B) {
	sizes := []int{10_000}
	if os.Getenv("IRBOT_BENCH_100K") != "" {
		sizes = append(sizes, 100_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			cfg := Config{KnowledgeDir: b.TempDir(), IndexDir: b.TempDir()}
			if _, err := knowledgetest.WriteSynthetic(cfg.KnowledgeDir, n, 1); err != nil {
				b.Fatal(err)
			}
			logger := slog.New(slog.DiscardHandler)
			_, x, err := openKnowledge(cfg, logger) // builds the index
			if err != nil {
				b.Fatal(err)
			}
			x.Close()
			for b.Loop() {
				_, x, err := openKnowledge(cfg, logger)
				if err != nil {
					b.Fatal(err)
				}
				x.Close()
			}
		})
	}
}
