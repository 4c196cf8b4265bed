package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/feedback/sqlstore/pgtest"
)

// maxEnqueue is how long one Recorder call may take while the database is
// broken: it only sends on a channel, so anything near this is a block.
const maxEnqueue = 50 * time.Millisecond

// syncBuffer is a log destination the worker and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// recordWhileBroken runs the part both broken-database tests share: answers
// are written, break makes the database fail, more records are handed over
// without blocking and counted as failed, and Close still returns.
func recordWhileBroken(t *testing.T, s *Store, breakDB func()) {
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	rec := feedback.NewRecorder(s, feedback.RecorderOptions{WriteTimeout: 500 * time.Millisecond, QueueSize: 256}, log)
	var ids []string
	for range 5 {
		id := newID(t)
		ids = append(ids, id)
		rec.Answer(ask(id, time.Time{}, "g1", "q", "q", feedback.ConfidenceHigh, "p1"))
	}
	waitFor(t, "5 answers written", 10*time.Second, func() bool { return rec.Stats().Written == 5 })

	breakDB()

	const n = 60
	var slowest time.Duration
	for i := range n {
		start := time.Now()
		switch i % 3 {
		case 0:
			rec.Answer(ask(newID(t), time.Time{}, "g1", "q", "q", feedback.ConfidenceLow, "p1"))
		case 1:
			rec.Vote(ids[i%len(ids)], fmt.Sprint("user", i), feedback.VoteHelpful)
		case 2:
			rec.Opened(ids[i%len(ids)], "p2")
		}
		slowest = max(slowest, time.Since(start))
	}
	if slowest > maxEnqueue {
		t.Errorf("slowest Recorder call with a broken database took %v, want under %v", slowest, maxEnqueue)
	}
	waitFor(t, fmt.Sprintf("%d failed writes", n), 30*time.Second, func() bool {
		st := rec.Stats()
		return st.Failed+st.Dropped >= n && st.Pending == 0
	})
	if st := rec.Stats(); st.Written != 5 || st.Failed != n || st.Dropped != 0 {
		t.Errorf("Stats after breaking the database = %+v, want 5 written, %d failed, none dropped", st, n)
	}
	if got := strings.Count(logs.String(), "feedback write failed"); got != 1 {
		t.Errorf("%d failure warnings logged, want 1 (rate-limited):\n%s", got, logs.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := rec.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestBrokenSQLite makes the SQLite database unwritable mid-run: the file,
// its WAL and the directory immutable (chattr +i; root ignores file modes)
// where the filesystem allows, or the connection query_only otherwise.
func TestBrokenSQLite(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, Config{DataDir: dir})
	recordWhileBroken(t, s, func() {
		if how := makeReadOnly(t, s, dir); how != "" {
			t.Logf("database made unwritable with %s", how)
		}
	})
}

// makeReadOnly makes the database unwritable and says how.
func makeReadOnly(t *testing.T, s *Store, dir string) string {
	t.Helper()
	// Not -shm: SQLite maps it into memory, and a store to a mapped page of
	// an immutable file is a SIGBUS, which kills the test binary.
	paths := []string{dir}
	for _, suffix := range []string{"", "-wal"} {
		if p := filepath.Join(dir, FileName+suffix); fileExists(p) {
			paths = append(paths, p)
		}
	}
	if chattr, err := exec.LookPath("chattr"); err == nil {
		out, err := exec.Command(chattr, append([]string{"+i"}, paths...)...).CombinedOutput()
		if err == nil {
			t.Cleanup(func() {
				if out, err := exec.Command(chattr, append([]string{"-i"}, paths...)...).CombinedOutput(); err != nil {
					t.Errorf("chattr -i: %v: %s", err, out)
				}
			})
			return "chattr +i"
		}
		t.Logf("chattr +i failed (%v: %s); using PRAGMA query_only", err, bytes.TrimSpace(out))
	}
	// One connection, kept open: the pragma stays in force for every write.
	if _, err := s.db.ExecContext(testContext(t), "PRAGMA query_only = 1"); err != nil {
		t.Fatalf("PRAGMA query_only: %v", err)
	}
	return "PRAGMA query_only"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestBrokenPostgres stops the server mid-run. It starts a server of its own
// for that, whatever IRBOT_TEST_POSTGRES_URL says.
func TestBrokenPostgres(t *testing.T) {
	srv := pgtest.Own(t)
	s := openStore(t, Config{URL: srv.URL()})
	recordWhileBroken(t, s, func() { srv.StopNow(t) })
}
