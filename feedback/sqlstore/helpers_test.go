package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/irbot/irbot/feedback"
)

// backend opens stores of one dialect; every store test runs on each.
type backend struct {
	name   string
	config func(tb testing.TB) Config // a fresh, empty database
}

func backends() []backend {
	return []backend{
		{"sqlite", func(tb testing.TB) Config { return Config{DataDir: tb.TempDir()} }},
		{"postgres", postgresConfig},
	}
}

// t0 is a fixed moment the tests' records are placed around.
var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func testContext(tb testing.TB) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

// openStore opens cfg's store and closes it after the test.
func openStore(tb testing.TB, cfg Config) *Store {
	tb.Helper()
	s, err := Open(testContext(tb), cfg, nil)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func ask(id string, at time.Time, guild, question, key, confidence string, passages ...string) feedback.Answer {
	return feedback.Answer{ID: id, Time: at, Guild: guild, Command: feedback.CommandAsk,
		Question: question, Key: key, Confidence: confidence, Passages: passages}
}

func find(id string, at time.Time, guild, confidence string, passages ...string) feedback.Answer {
	return feedback.Answer{ID: id, Time: at, Guild: guild, Command: feedback.CommandFind,
		Confidence: confidence, Passages: passages}
}

func save(tb testing.TB, s *Store, answers ...feedback.Answer) {
	tb.Helper()
	for _, a := range answers {
		if err := s.SaveAnswers(testContext(tb), []feedback.Answer{a}); err != nil {
			tb.Fatalf("SaveAnswer(%s): %v", a.ID, err)
		}
	}
}

func vote(tb testing.TB, s *Store, answerID, voter string, v feedback.Vote) bool {
	tb.Helper()
	ok, err := s.SaveVote(testContext(tb), answerID, voter, v, t0)
	if err != nil {
		tb.Fatalf("SaveVote(%s, %s, %s): %v", answerID, voter, v, err)
	}
	return ok
}

func open(tb testing.TB, s *Store, answerID, passageID string, at time.Time) {
	tb.Helper()
	if err := s.SaveOpen(testContext(tb), answerID, passageID, at); err != nil {
		tb.Fatalf("SaveOpen(%s, %s): %v", answerID, passageID, err)
	}
}

func report(tb testing.TB, s *Store, q feedback.ReportQuery) feedback.Report {
	tb.Helper()
	r, err := s.Report(testContext(tb), q)
	if err != nil {
		tb.Fatalf("Report(%+v): %v", q, err)
	}
	return r
}

// count runs a SELECT count(*) query.
func count(tb testing.TB, s *Store, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := s.db.QueryRowContext(testContext(tb), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(tb testing.TB, what string, d time.Duration, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
