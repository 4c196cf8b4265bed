package sqlstore

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/irbot/irbot/feedback"
	"github.com/jackc/pgx/v5"
)

// TestNoUserIDStored records votes through the real recorder and store, then
// searches everything the database keeps (SQLite's files with their -wal
// and -shm, every PostgreSQL table as text) for the voters' user ids.
func TestNoUserIDStored(t *testing.T) {
	const (
		userID = "112233445566778899"
		other  = "998877665544332211"
		// marker is in a question: finding it proves the search sees the data.
		marker = "zebra-crossing-question"
	)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.config(t)
			s := openStore(t, cfg)
			rec := feedback.NewRecorder(s, feedback.RecorderOptions{}, nil)
			id1, id2 := newID(t), newID(t)
			rec.Answer(ask(id1, time.Time{}, "g1", "how do I "+marker, "marker", feedback.ConfidenceLow, "p1", "p2"))
			rec.Answer(find(id2, time.Time{}, "g1", feedback.ConfidenceHigh, "p1"))
			rec.Vote(id1, userID, feedback.VoteNotQuite)
			rec.Vote(id1, userID, feedback.VoteHelpful) // not counted
			rec.Vote(id2, userID, feedback.VoteHelpful)
			rec.Vote(id1, other, feedback.VoteHelpful)
			rec.Opened(id1, "p2")
			if err := rec.Close(testContext(t)); err != nil {
				t.Fatal(err)
			}
			st := rec.Stats()
			if st.Written != 7 || st.Duplicates != 1 || st.Failed != 0 || st.Rejected != 0 {
				t.Fatalf("Stats = %+v, want 7 written (1 duplicate vote), none failed or rejected", st)
			}
			tot := report(t, s, feedback.ReportQuery{AllGuilds: true}).Totals
			if tot.NotQuite != 1 || tot.Helpful != 2 {
				t.Errorf("Totals = %+v, want 1 not quite and 2 helpful", tot)
			}

			// The stored voter is the HMAC the package documents.
			ctx := testContext(t)
			key, err := s.VoterKey(ctx, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if n := count(t, s, "SELECT count(*) FROM votes WHERE answer_id = $1 AND voter = $2", id1, feedback.VoterHash(key, userID, id1)); n != 1 {
				t.Errorf("votes on %s by VoterHash(user) = %d, want 1", id1, n)
			}

			var dumps map[string][]byte
			if b.name == "sqlite" {
				dumps = sqliteFiles(t, cfg.DataDir)
			} else {
				dumps = postgresTables(t, s)
			}
			checkDumps(t, dumps, marker, userID, other)
			if b.name == "sqlite" {
				// Closing checkpoints the WAL into the main file.
				s.Close()
				checkDumps(t, sqliteFiles(t, cfg.DataDir), marker, userID, other)
			}
		})
	}
}

func newID(tb testing.TB) string {
	tb.Helper()
	id, err := feedback.NewID()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// checkDumps wants marker somewhere in dumps and no secret anywhere.
func checkDumps(t *testing.T, dumps map[string][]byte, marker string, secrets ...string) {
	t.Helper()
	found := false
	for name, data := range dumps {
		found = found || bytes.Contains(data, []byte(marker))
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s contains the user id %s", name, s)
			}
		}
	}
	if !found {
		names := make([]string, 0, len(dumps))
		for n := range dumps {
			names = append(names, n)
		}
		t.Errorf("marker %q found in none of %v: the search does not see the data", marker, names)
	}
}

// sqliteFiles reads every file in the data dir: the database, -wal, -shm.
func sqliteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	if _, ok := out[FileName]; !ok {
		t.Fatalf("no %s in %s", FileName, dir)
	}
	return out
}

// postgresTables dumps every table of the store's schema as text.
func postgresTables(t *testing.T, s *Store) map[string][]byte {
	t.Helper()
	ctx := testContext(t)
	rows, err := s.db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 5 {
		t.Fatalf("tables = %v, want answers, votes, opens, voter_keys and goose's", tables)
	}
	out := map[string][]byte{}
	for _, table := range tables {
		out[table] = dumpTable(ctx, t, s, table)
	}
	return out
}

func dumpTable(ctx context.Context, t *testing.T, s *Store, table string) []byte {
	t.Helper()
	rows, err := s.db.QueryContext(ctx, `SELECT t::text FROM `+pgx.Identifier{table}.Sanitize()+` t`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var row string
		if err := rows.Scan(&row); err != nil {
			t.Fatal(err)
		}
		b.WriteString(row + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}
