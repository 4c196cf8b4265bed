package sqlstore

import (
	"bytes"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/irbot/irbot/feedback"
)

// TestStore runs the one store suite on SQLite and PostgreSQL; each case gets
// a fresh database.
func TestStore(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, cfg Config)
	}{
		{"SaveAnswer", testSaveAnswer},
		{"SaveVote", testSaveVote},
		{"SaveOpen", testSaveOpen},
		{"Report", testReport},
		{"ReportGuild", testReportGuild},
		{"ReportSince", testReportSince},
		{"Purge", testPurge},
		{"DeleteBefore", testDeleteBefore},
		{"VoterKey", testVoterKey},
		{"VoterKeyConcurrent", testVoterKeyConcurrent},
		{"Reopen", testReopen},
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) { c.run(t, b.config(t)) })
			}
		})
	}
}

func testSaveAnswer(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	ctx := testContext(t)
	est := time.FixedZone("EST", -5*3600)
	a := ask("a1", t0.In(est).Add(123*time.Millisecond), "g1", "How do I match?", "match", feedback.ConfidenceNone, "p-match", "p-apply")
	save(t, s, a)
	got, err := s.AnswerTime(ctx, "a1")
	if err != nil {
		t.Fatalf("AnswerTime(a1): %v", err)
	}
	if want := t0.Add(123 * time.Millisecond); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("AnswerTime(a1) = %v, want %v in UTC", got, want)
	}
	if err := s.SaveAnswers(ctx, []feedback.Answer{a}); err == nil {
		t.Errorf("SaveAnswer(a1) again = nil, want an error for the duplicate id")
	}
	if _, err := s.AnswerTime(ctx, "nope"); !errors.Is(err, feedback.ErrUnknownAnswer) {
		t.Errorf("AnswerTime(nope) = %v, want ErrUnknownAnswer", err)
	}
	bad := []feedback.Answer{
		{ID: "b1", Time: t0, Command: feedback.CommandFind, Question: "someone else's words", Confidence: feedback.ConfidenceLow},
		ask("b2", t0, "g1", "q", "q", "maybe"),
		ask("b3", t0, "g1", "q", "q", feedback.ConfidenceHigh, "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"),
		ask("B4", t0, "g1", "q", "q", feedback.ConfidenceHigh),
	}
	for _, b := range bad {
		if err := s.SaveAnswers(ctx, []feedback.Answer{b}); err == nil {
			t.Errorf("SaveAnswer(%+v) = nil, want a validation error", b)
		}
	}
	if n := count(t, s, "SELECT count(*) FROM answers"); n != 1 {
		t.Errorf("answers stored = %d, want 1", n)
	}
	var passages string
	if err := s.db.QueryRowContext(ctx, "SELECT passages FROM answers WHERE id = 'a1'").Scan(&passages); err != nil {
		t.Fatal(err)
	}
	if want := `["p-match","p-apply"]`; passages != want {
		t.Errorf("passages column = %s, want %s", passages, want)
	}
}

func testSaveVote(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	ctx := testContext(t)
	save(t, s, ask("a1", t0, "g1", "q", "q", feedback.ConfidenceHigh, "p1"))
	steps := []struct {
		voter string
		v     feedback.Vote
		want  bool
	}{
		{"voter1", feedback.VoteHelpful, true},
		{"voter1", feedback.VoteNotQuite, false}, // the first vote stands
		{"voter1", feedback.VoteHelpful, false},
		{"voter2", feedback.VoteNotQuite, true},
	}
	for _, st := range steps {
		if got := vote(t, s, "a1", st.voter, st.v); got != st.want {
			t.Errorf("SaveVote(a1, %s, %s) = %v, want %v", st.voter, st.v, got, st.want)
		}
	}
	if _, err := s.SaveVote(ctx, "nope", "voter1", feedback.VoteHelpful, t0); !errors.Is(err, feedback.ErrUnknownAnswer) {
		t.Errorf("SaveVote(nope) = %v, want ErrUnknownAnswer", err)
	}
	if _, err := s.SaveVote(ctx, "a1", "voter3", "meh", t0); err == nil {
		t.Errorf("SaveVote(a1, meh) = nil, want an error")
	}
	tot := report(t, s, feedback.ReportQuery{AllGuilds: true}).Totals
	if tot.Helpful != 1 || tot.NotQuite != 1 {
		t.Errorf("Totals helpful, not quite = %d, %d, want 1, 1", tot.Helpful, tot.NotQuite)
	}
	if n := count(t, s, "SELECT count(*) FROM votes"); n != 2 {
		t.Errorf("votes stored = %d, want 2", n)
	}
}

func testSaveOpen(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	ctx := testContext(t)
	save(t, s, ask("a1", t0, "g1", "q", "q", feedback.ConfidenceHigh, "p1", "p2"))
	open(t, s, "a1", "p2", t0)
	if err := s.SaveOpen(ctx, "nope", "p2", t0); !errors.Is(err, feedback.ErrUnknownAnswer) {
		t.Errorf("SaveOpen(nope) = %v, want ErrUnknownAnswer", err)
	}
	long := string(bytes.Repeat([]byte("x"), feedback.MaxPassageIDLen+1))
	if err := s.SaveOpen(ctx, "a1", long, t0); err == nil {
		t.Errorf("SaveOpen(a1, %d-byte id) = nil, want an error", len(long))
	}
	if n := count(t, s, "SELECT count(*) FROM opens WHERE answer_id = 'a1' AND passage_id = 'p2'"); n != 1 {
		t.Errorf("opens stored = %d, want 1", n)
	}
}

func testPurge(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	ctx := testContext(t)
	save(t, s,
		ask("a1", t0, "g1", "q", "q", feedback.ConfidenceHigh, "p1"),
		ask("a2", t0, "g1", "q", "q", feedback.ConfidenceHigh, "p1"),
		ask("a3", t0, "g2", "q", "q", feedback.ConfidenceHigh, "p1"),
		ask("a4", t0, "", "q", "q", feedback.ConfidenceHigh, "p1"),
	)
	for _, id := range []string{"a1", "a2", "a3", "a4"} {
		vote(t, s, id, "v", feedback.VoteHelpful)
		open(t, s, id, "p2", t0)
	}
	n, err := s.Purge(ctx, "g1", false)
	if err != nil || n != 2 {
		t.Fatalf("Purge(g1) = %d, %v, want 2, nil", n, err)
	}
	for _, tbl := range []string{"answers", "votes", "opens"} {
		if got := count(t, s, "SELECT count(*) FROM "+tbl); got != 2 {
			t.Errorf("after Purge(g1): %s rows = %d, want 2", tbl, got)
		}
	}
	if got := report(t, s, feedback.ReportQuery{Guild: "g2"}).Totals.Answers; got != 1 {
		t.Errorf("after Purge(g1): g2 answers = %d, want 1", got)
	}
	n, err = s.Purge(ctx, "", true)
	if err != nil || n != 2 {
		t.Fatalf("Purge(all) = %d, %v, want 2, nil", n, err)
	}
	for _, tbl := range []string{"answers", "votes", "opens"} {
		if got := count(t, s, "SELECT count(*) FROM "+tbl); got != 0 {
			t.Errorf("after Purge(all): %s rows = %d, want 0", tbl, got)
		}
	}
}

func testDeleteBefore(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	ctx := testContext(t)
	day := 24 * time.Hour
	save(t, s,
		ask("old", t0.Add(-100*day), "g1", "q", "q", feedback.ConfidenceHigh, "p1"),
		ask("new", t0.Add(-day), "g1", "q", "q", feedback.ConfidenceHigh, "p1"),
	)
	for _, id := range []string{"old", "new"} {
		vote(t, s, id, "v", feedback.VoteHelpful)
		open(t, s, id, "p2", t0)
	}
	keys := map[string][]byte{}
	for name, d := range map[string]time.Time{"dead": t0.Add(-15 * day), "edge": t0.Add(-14 * day), "live": t0.Add(-day)} {
		k, err := s.VoterKey(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		keys[name] = k
	}
	if n, err := s.DeleteBefore(ctx, time.Time{}, time.Time{}); err != nil || n != 0 {
		t.Fatalf("DeleteBefore(zero, zero) = %d, %v, want 0, nil", n, err)
	}
	if got := count(t, s, "SELECT count(*) FROM voter_keys"); got != 3 {
		t.Fatalf("DeleteBefore(zero, zero) left %d keys, want 3", got)
	}
	// keysBefore is t0-14d at noon: the day before it ended before it, its own
	// day had not.
	n, err := s.DeleteBefore(ctx, t0.Add(-90*day), t0.Add(-14*day))
	if err != nil || n != 1 {
		t.Fatalf("DeleteBefore = %d, %v, want 1, nil", n, err)
	}
	for _, tbl := range []string{"votes", "opens"} {
		if got := count(t, s, "SELECT count(*) FROM "+tbl+" WHERE answer_id = 'old'"); got != 0 {
			t.Errorf("%s of the deleted answer = %d, want 0", tbl, got)
		}
		if got := count(t, s, "SELECT count(*) FROM "+tbl+" WHERE answer_id = 'new'"); got != 1 {
			t.Errorf("%s of the kept answer = %d, want 1", tbl, got)
		}
	}
	if _, err := s.AnswerTime(ctx, "old"); !errors.Is(err, feedback.ErrUnknownAnswer) {
		t.Errorf("AnswerTime(old) after DeleteBefore = %v, want ErrUnknownAnswer", err)
	}
	if got := count(t, s, "SELECT count(*) FROM voter_keys"); got != 2 {
		t.Errorf("voter keys left = %d, want 2 (edge, live)", got)
	}
	for name, d := range map[string]time.Time{"dead": t0.Add(-15 * day), "edge": t0.Add(-14 * day), "live": t0.Add(-day)} {
		k, err := s.VoterKey(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if same := bytes.Equal(k, keys[name]); same != (name != "dead") {
			t.Errorf("VoterKey(%s day) after DeleteBefore: same key = %v, want %v", name, same, name != "dead")
		}
	}
}

func testVoterKey(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	ctx := testContext(t)
	key := func(at time.Time) []byte {
		t.Helper()
		k, err := s.VoterKey(ctx, at)
		if err != nil {
			t.Fatalf("VoterKey(%v): %v", at, err)
		}
		if len(k) != feedback.VoterKeyLen {
			t.Fatalf("VoterKey(%v) has %d bytes, want %d", at, len(k), feedback.VoterKeyLen)
		}
		return k
	}
	noon := key(t0)
	est := time.FixedZone("EST", -5*3600)
	tests := []struct {
		name string
		at   time.Time
		same bool
	}{
		{"same instant", t0, true},
		{"start of the UTC day", feedback.Day(t0), true},
		{"last ms of the UTC day", feedback.Day(t0).Add(24*time.Hour - time.Millisecond), true},
		{"same UTC day seen from EST", time.Date(2026, 3, 10, 18, 59, 0, 0, est), true},
		{"next UTC day, still the 10th in EST", time.Date(2026, 3, 10, 19, 0, 0, 0, est), false},
		{"next day", t0.Add(24 * time.Hour), false},
		{"day before", t0.Add(-24 * time.Hour), false},
	}
	for _, tt := range tests {
		if got := bytes.Equal(key(tt.at), noon); got != tt.same {
			t.Errorf("VoterKey(%s) same as noon's = %v, want %v", tt.name, got, tt.same)
		}
	}
	if bytes.Equal(key(t0.Add(24*time.Hour)), key(t0.Add(-24*time.Hour))) {
		t.Errorf("VoterKey gives two days the same key")
	}
}

// testVoterKeyConcurrent has two replicas (two stores on one database) ask
// for a new day's key at once: they must get the same one.
func testVoterKeyConcurrent(t *testing.T, cfg Config) {
	stores := []*Store{openStore(t, cfg), openStore(t, cfg)}
	ctx := testContext(t)
	for round := range 5 {
		day := t0.Add(time.Duration(round) * 24 * time.Hour)
		const n = 4
		keys := make([][]byte, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				keys[i], errs[i] = stores[i%2].VoterKey(ctx, day)
			})
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d: VoterKey #%d: %v", round, i, errs[i])
			}
			if !bytes.Equal(keys[i], keys[0]) {
				t.Errorf("round %d: VoterKey #%d differs from #0", round, i)
			}
		}
	}
	if got := count(t, stores[0], "SELECT count(*) FROM voter_keys"); got != 5 {
		t.Errorf("voter keys = %d, want 5", got)
	}
}

// testReopen opens a database that is already migrated: nothing to apply,
// nothing lost.
func testReopen(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	save(t, s, ask("a1", t0, "g1", "q", "q", feedback.ConfidenceHigh))
	s.Close()
	s = openStore(t, cfg)
	if _, err := s.AnswerTime(testContext(t), "a1"); err != nil {
		t.Errorf("AnswerTime(a1) after reopening: %v", err)
	}
	if got := count(t, s, "SELECT count(*) FROM goose_db_version WHERE version_id > 0"); got != 1 {
		t.Errorf("migrations recorded = %d, want 1", got)
	}
}
