package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/irbot/irbot/feedback"
)

func TestOpenSQLiteFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "irbot")
	s := openStore(t, Config{DataDir: dir})
	save(t, s, ask("a1", t0, "g1", "q", "q", feedback.ConfidenceHigh))
	for _, c := range []struct {
		path string
		mode os.FileMode
	}{
		{dir, 0o700 | os.ModeDir},
		{filepath.Join(dir, FileName), 0o600},
		{filepath.Join(dir, FileName+"-wal"), 0o600},
	} {
		fi, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != c.mode {
			t.Errorf("mode of %s = %v, want %v", c.path, fi.Mode(), c.mode)
		}
	}
	ctx := testContext(t)
	for _, p := range []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
	} {
		var got string
		if err := s.db.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != p.want {
			t.Errorf("PRAGMA %s = %s, want %s", p.pragma, got, p.want)
		}
	}
}

// TestOpenErrors checks that a bad setting is named, and that no password
// from DATABASE_URL reaches an error or a log line.
func TestOpenErrors(t *testing.T) {
	const password = "hunter2#Secret"
	esc := url.QueryEscape(password)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
		want string // in the error
	}{
		{"unknown scheme", Config{URL: "mysql://irbot:" + esc + "@db/irbot"}, "DATABASE_URL has scheme mysql"},
		{"key=value string", Config{URL: "host=db password=" + password}, "DATABASE_URL has no scheme"},
		{"no data dir", Config{}, "DATA_DIR is not set"},
		{"data dir under a file", Config{DataDir: filepath.Join(file, "sub")}, "DATA_DIR " + file},
		{"bad port", Config{URL: "postgres://irbot:" + esc + "@127.0.0.1:notaport/irbot"}, "DATABASE_URL is not a valid PostgreSQL URL"},
		{"unreachable, password in user info", Config{URL: "postgres://irbot:" + esc + "@127.0.0.1:1/irbot?sslmode=disable&connect_timeout=2"}, "DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:1/irbot"},
		{"unreachable, password parameter", Config{URL: "postgresql://irbot@127.0.0.1:1/irbot?sslmode=disable&connect_timeout=2&password=" + esc}, "DATABASE_URL: cannot connect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			s, err := Open(context.Background(), tt.cfg, log)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) = nil error, want one containing %q", tt.name, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%s) = %q, want it to contain %q", tt.name, err, tt.want)
			}
			for _, leak := range []string{password, esc, "hunter2"} {
				if strings.Contains(err.Error(), leak) || strings.Contains(logs.String(), leak) {
					t.Errorf("Open(%s) leaks the password %q:\nerror: %v\nlogs: %s", tt.name, leak, err, logs.String())
				}
			}
		})
	}
}

// TestOpenPostgresPassword opens a real server through a URL with a
// password (the test server trusts anyone, so it is ignored) and checks the
// log lines.
func TestOpenPostgresPassword(t *testing.T) {
	const password = "hunter2#Secret"
	u, err := url.Parse(postgresConfig(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), password)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := Open(testContext(t), Config{URL: u.String()}, log)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.Close()
	if !strings.Contains(logs.String(), "feedback store opened") {
		t.Errorf("logs = %s, want the open logged", logs.String())
	}
	if strings.Contains(logs.String(), "hunter2") {
		t.Errorf("logs leak the password: %s", logs.String())
	}
}

// TestPostgresConcurrentOpen starts three replicas at once on a new
// database: the migration lock makes them take turns, so each succeeds and
// the migration is applied once.
func TestPostgresConcurrentOpen(t *testing.T) {
	cfg := postgresConfig(t)
	const n = 3
	errs := make([]error, n)
	stores := make([]*Store, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			stores[i], errs[i] = Open(ctx, cfg, nil)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open #%d: %v", i, err)
			continue
		}
		defer stores[i].Close()
	}
	if t.Failed() {
		return
	}
	if got := count(t, stores[0], "SELECT count(*) FROM goose_db_version WHERE version_id > 0"); got != 1 {
		t.Errorf("migrations recorded = %d, want 1", got)
	}
	save(t, stores[1], ask("a1", t0, "g1", "q", "q", feedback.ConfidenceHigh))
	if _, err := stores[2].AnswerTime(testContext(t), "a1"); err != nil {
		t.Errorf("replica 2 does not see replica 1's answer: %v", err)
	}
}

func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "irbot-example-")
	defer os.RemoveAll(dir)
	s, err := Open(context.Background(), Config{DataDir: dir}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	rec := feedback.NewRecorder(s, feedback.RecorderOptions{}, nil)
	id, _ := feedback.NewID()
	rec.Answer(feedback.Answer{ID: id, Guild: "123456789012345678", Command: feedback.CommandAsk,
		Question: "when do rank lists open?", Key: "rank list open", Confidence: feedback.ConfidenceNone})
	rec.Vote(id, "112233445566778899", feedback.VoteNotQuite)
	rec.Close(context.Background())
	r, _ := s.Report(context.Background(), feedback.ReportQuery{AllGuilds: true})
	fmt.Println(r.Unanswered[0].Key, r.Totals.NotQuite)
	// Output: rank list open 1
}
