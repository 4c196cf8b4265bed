package sqlstore

import (
	"reflect"
	"testing"
	"time"

	"github.com/irbot/irbot/feedback"
)

// reportFixture is one guild's worth of answers, votes and opens whose
// report is worked out by hand below.
func reportFixture(t *testing.T, s *Store) {
	h := time.Hour
	save(t, s,
		ask("a8", t0.Add(-h), "g1", "match help?", "match", feedback.ConfidenceLow),
		ask("a1", t0, "g1", "How do I match?", "match", feedback.ConfidenceNone, "p-match"),
		ask("a2", t0.Add(1*h), "g1", "how do i match", "match", feedback.ConfidenceLow, "p-match", "p-apply"),
		ask("a3", t0.Add(2*h), "g1", "HOW DO I MATCH??", "match", feedback.ConfidenceNone),
		ask("a4", t0.Add(3*h), "g1", "how do i match", "match", feedback.ConfidenceNone),
		ask("a5", t0.Add(30*time.Minute), "g1", "what about visas", "visas", feedback.ConfidenceNone),
		ask("a6", t0, "g1", "rank list tips", "rank", feedback.ConfidenceHigh, "p-rank", "p-ranklist"),
		find("a7", t0.Add(4*h), "g1", feedback.ConfidenceLow, "p-rank"),
		ask("a9", t0, "g1", "apply timeline", "apply", feedback.ConfidenceHigh, "p-apply"),
		ask("a10", t0.Add(5*h), "g1", "rank list order", "rank", feedback.ConfidenceHigh, "p-rank"),
	)
	votes := []struct {
		answer, voter string
		v             feedback.Vote
	}{
		{"a6", "v1", feedback.VoteNotQuite},
		{"a6", "v2", feedback.VoteNotQuite},
		{"a6", "v3", feedback.VoteHelpful},
		{"a7", "v1", feedback.VoteNotQuite}, // find: counts, no text
		{"a2", "v1", feedback.VoteNotQuite},
		{"a1", "v1", feedback.VoteHelpful},
		{"a9", "v1", feedback.VoteHelpful},
	}
	for _, v := range votes {
		vote(t, s, v.answer, v.voter, v.v)
	}
	open(t, s, "a6", "p-ranklist", t0.Add(10*time.Minute))
	open(t, s, "a6", "p-ranklist", t0.Add(11*time.Minute)) // the same answer counts once
	open(t, s, "a6", "p-rank", t0.Add(12*time.Minute))     // the first passage: no suggestion
	open(t, s, "a10", "p-ranklist", t0.Add(5*h))
	open(t, s, "a7", "p-other", t0.Add(4*h)) // find: no text to suggest
	open(t, s, "a2", "p-apply", t0.Add(1*h))
	open(t, s, "a1", "p-match", t0)
}

func testReport(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	reportFixture(t, s)
	h := time.Hour
	got := report(t, s, feedback.ReportQuery{Guild: "g1"})
	want := feedback.Report{
		Query: feedback.ReportQuery{Guild: "g1"},
		Unanswered: []feedback.QuestionGroup{
			{Key: "match", Count: 5, Low: 2, None: 3, LastAsked: t0.Add(3 * h),
				Examples: []string{"how do i match", "HOW DO I MATCH??", "How do I match?"}},
			{Key: "visas", Count: 1, None: 1, LastAsked: t0.Add(30 * time.Minute),
				Examples: []string{"what about visas"}},
		},
		NotQuite: []feedback.SectionVotes{
			{PassageID: "p-rank", NotQuite: 3, Helpful: 1, Questions: []string{"rank list tips"}},
			{PassageID: "p-match", NotQuite: 1, Helpful: 1, Questions: []string{"how do i match"}},
		},
		Suggestions: []feedback.Suggestion{
			{PassageID: "p-ranklist", Key: "rank", AskedAs: "rank list order", Count: 2, LastOpened: t0.Add(5 * h)},
			{PassageID: "p-apply", Key: "match", AskedAs: "how do i match", Count: 1, LastOpened: t0.Add(1 * h)},
		},
		Totals: feedback.Totals{Answers: 10, High: 3, Low: 3, None: 4, Helpful: 3, NotQuite: 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Report(g1) =\n%+v\nwant\n%+v", got, want)
	}

	limited := report(t, s, feedback.ReportQuery{Guild: "g1", Limit: 1})
	if len(limited.Unanswered) != 1 || len(limited.NotQuite) != 1 || len(limited.Suggestions) != 1 {
		t.Errorf("Report(limit 1) has %d, %d, %d rows, want 1 each", len(limited.Unanswered), len(limited.NotQuite), len(limited.Suggestions))
	}
}

func testReportGuild(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	save(t, s,
		ask("a1", t0, "g1", "q one", "one", feedback.ConfidenceNone),
		ask("a2", t0, "g2", "q two", "two", feedback.ConfidenceNone),
		ask("a3", t0, "", "q dm", "dm", feedback.ConfidenceLow),
	)
	keys := func(r feedback.Report) []string {
		var ks []string
		for _, g := range r.Unanswered {
			ks = append(ks, g.Key)
		}
		return ks
	}
	tests := []struct {
		q    feedback.ReportQuery
		want []string
	}{
		{feedback.ReportQuery{Guild: "g1"}, []string{"one"}},
		{feedback.ReportQuery{Guild: "g2"}, []string{"two"}},
		{feedback.ReportQuery{Guild: ""}, []string{"dm"}},
		{feedback.ReportQuery{Guild: "g3"}, nil},
		{feedback.ReportQuery{AllGuilds: true}, []string{"dm", "one", "two"}},
	}
	for _, tt := range tests {
		r := report(t, s, tt.q)
		if got := keys(r); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Report(%+v) keys = %v, want %v", tt.q, got, tt.want)
		}
		if r.Totals.Answers != len(tt.want) {
			t.Errorf("Report(%+v) answers = %d, want %d", tt.q, r.Totals.Answers, len(tt.want))
		}
	}
}

func testReportSince(t *testing.T, cfg Config) {
	s := openStore(t, cfg)
	reportFixture(t, s)
	r := report(t, s, feedback.ReportQuery{Guild: "g1", Since: t0.Add(90 * time.Minute)})
	if len(r.Unanswered) != 1 {
		t.Fatalf("Report(since) unanswered = %+v, want only the match group", r.Unanswered)
	}
	g := r.Unanswered[0]
	if g.Key != "match" || g.Count != 2 || !reflect.DeepEqual(g.Examples, []string{"how do i match", "HOW DO I MATCH??"}) {
		t.Errorf("Report(since) group = %+v, want match x2 from a3 and a4", g)
	}
	// Only a7 (find) and a10 are that recent among the answers with votes or opens.
	if len(r.NotQuite) != 1 || r.NotQuite[0].PassageID != "p-rank" || r.NotQuite[0].NotQuite != 1 || len(r.NotQuite[0].Questions) != 0 {
		t.Errorf("Report(since) not quite = %+v, want p-rank with one textless vote", r.NotQuite)
	}
	if len(r.Suggestions) != 1 || r.Suggestions[0].Count != 1 || r.Suggestions[0].AskedAs != "rank list order" {
		t.Errorf("Report(since) suggestions = %+v, want p-ranklist once from a10", r.Suggestions)
	}
	if r.Totals.Answers != 4 {
		t.Errorf("Report(since) answers = %d, want 4 (a3, a4, a7, a10)", r.Totals.Answers)
	}
}
