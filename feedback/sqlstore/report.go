package sqlstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/irbot/irbot/feedback"
)

// Report builds the gaps report. SQL filters and groups; Go does the
// ranking and the "first passage shown" logic, which would take JSON
// functions that differ between SQLite and PostgreSQL.
func (s *Store) Report(ctx context.Context, q feedback.ReportQuery) (feedback.Report, error) {
	r := feedback.Report{Query: q}
	f := s.filter(q)
	var err error
	if r.Totals, err = s.totals(ctx, f); err != nil {
		return r, fmt.Errorf("feedback report: totals: %w", err)
	}
	if r.Unanswered, err = s.unanswered(ctx, f, q.EffectiveLimit()); err != nil {
		return r, fmt.Errorf("feedback report: unanswered: %w", err)
	}
	if r.NotQuite, err = s.notQuite(ctx, f, q.EffectiveLimit()); err != nil {
		return r, fmt.Errorf("feedback report: not quite: %w", err)
	}
	if r.Suggestions, err = s.suggestions(ctx, f, q.EffectiveLimit()); err != nil {
		return r, fmt.Errorf("feedback report: suggestions: %w", err)
	}
	return r, nil
}

// answerFilter is the WHERE clause on answers (aliased a) a query selects,
// and its arguments, which take $1, $2... ahead of any others.
type answerFilter struct {
	where string
	args  []any
}

func (s *Store) filter(q feedback.ReportQuery) answerFilter {
	conds := []string{"TRUE"}
	var args []any
	if !q.Since.IsZero() {
		args = append(args, s.ts(q.Since))
		conds = append(conds, fmt.Sprintf("a.created_at >= $%d", len(args)))
	}
	if !q.AllGuilds {
		args = append(args, q.Guild)
		conds = append(conds, fmt.Sprintf("a.guild = $%d", len(args)))
	}
	return answerFilter{where: strings.Join(conds, " AND "), args: args}
}

func (s *Store) totals(ctx context.Context, f answerFilter) (feedback.Totals, error) {
	var t feedback.Totals
	err := s.db.QueryRowContext(ctx, `SELECT count(*),
			coalesce(sum(CASE WHEN a.confidence = 'high' THEN 1 ELSE 0 END), 0),
			coalesce(sum(CASE WHEN a.confidence = 'low' THEN 1 ELSE 0 END), 0),
			coalesce(sum(CASE WHEN a.confidence = 'none' THEN 1 ELSE 0 END), 0)
		FROM answers a WHERE `+f.where, f.args...).Scan(&t.Answers, &t.High, &t.Low, &t.None)
	if err != nil {
		return t, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT v.vote, count(*) FROM votes v JOIN answers a ON a.id = v.answer_id
		WHERE `+f.where+` GROUP BY v.vote`, f.args...)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			vote string
			n    int
		)
		if err := rows.Scan(&vote, &n); err != nil {
			return t, err
		}
		switch feedback.Vote(vote) {
		case feedback.VoteHelpful:
			t.Helpful = n
		case feedback.VoteNotQuite:
			t.NotQuite = n
		}
	}
	return t, rows.Err()
}

// example is a question text and when it was last asked.
type example struct {
	text string
	last time.Time
}

// newestDistinct returns up to n distinct non-empty texts, newest first.
func newestDistinct(ex []example, n int) []string {
	slices.SortStableFunc(ex, func(a, b example) int {
		return cmp.Or(b.last.Compare(a.last), strings.Compare(a.text, b.text))
	})
	out := []string{}
	for _, e := range ex {
		if len(out) == n {
			break
		}
		if e.text != "" && !slices.Contains(out, e.text) {
			out = append(out, e.text)
		}
	}
	return out
}

func (s *Store) unanswered(ctx context.Context, f answerFilter, limit int) ([]feedback.QuestionGroup, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.key, a.question, a.confidence, count(*), max(a.created_at)
		FROM answers a
		WHERE `+f.where+` AND a.confidence IN ('low', 'none') AND a.key <> ''
		GROUP BY a.key, a.question, a.confidence`, f.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	groups := map[string]*feedback.QuestionGroup{}
	examples := map[string][]example{}
	for rows.Next() {
		var (
			key, question, confidence string
			n                         int
			last                      time.Time
		)
		if err := rows.Scan(&key, &question, &confidence, &n, scanTime{&last}); err != nil {
			return nil, err
		}
		g := groups[key]
		if g == nil {
			g = &feedback.QuestionGroup{Key: key}
			groups[key] = g
		}
		g.Count += n
		if confidence == feedback.ConfidenceLow {
			g.Low += n
		} else {
			g.None += n
		}
		if last.After(g.LastAsked) {
			g.LastAsked = last
		}
		examples[key] = append(examples[key], example{question, last})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]feedback.QuestionGroup, 0, len(groups))
	for key, g := range groups {
		g.Examples = newestDistinct(examples[key], feedback.MaxExamples)
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b feedback.QuestionGroup) int {
		return cmp.Or(b.Count-a.Count, b.LastAsked.Compare(a.LastAsked), strings.Compare(a.Key, b.Key))
	})
	return out[:min(len(out), limit)], nil
}

// firstPassage returns the passage an answer showed first, "" for none.
func firstPassage(passagesJSON string) (string, error) {
	var ps []string
	if err := json.Unmarshal([]byte(passagesJSON), &ps); err != nil {
		return "", fmt.Errorf("passages %q: %w", passagesJSON, err)
	}
	if len(ps) == 0 {
		return "", nil
	}
	return ps[0], nil
}

func (s *Store) notQuite(ctx context.Context, f answerFilter, limit int) ([]feedback.SectionVotes, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.passages, a.question, a.created_at, v.vote, count(*)
		FROM votes v JOIN answers a ON a.id = v.answer_id
		WHERE `+f.where+`
		GROUP BY a.id, a.passages, a.question, a.created_at, v.vote`, f.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sections := map[string]*feedback.SectionVotes{}
	questions := map[string][]example{}
	for rows.Next() {
		var (
			passages, question, vote string
			created                  time.Time
			n                        int
		)
		if err := rows.Scan(&passages, &question, scanTime{&created}, &vote, &n); err != nil {
			return nil, err
		}
		first, err := firstPassage(passages)
		if err != nil {
			return nil, err
		}
		if first == "" {
			continue
		}
		sv := sections[first]
		if sv == nil {
			sv = &feedback.SectionVotes{PassageID: first}
			sections[first] = sv
		}
		switch feedback.Vote(vote) {
		case feedback.VoteHelpful:
			sv.Helpful += n
		case feedback.VoteNotQuite:
			sv.NotQuite += n
			questions[first] = append(questions[first], example{question, created})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []feedback.SectionVotes{}
	for id, sv := range sections {
		if sv.NotQuite == 0 {
			continue
		}
		sv.Questions = newestDistinct(questions[id], feedback.MaxNotQuiteQuestions)
		out = append(out, *sv)
	}
	slices.SortFunc(out, func(a, b feedback.SectionVotes) int {
		return cmp.Or(b.NotQuite-a.NotQuite, a.Helpful-b.Helpful, strings.Compare(a.PassageID, b.PassageID))
	})
	return out[:min(len(out), limit)], nil
}

func (s *Store) suggestions(ctx context.Context, f answerFilter, limit int) ([]feedback.Suggestion, error) {
	// One row per answer and section opened from it, however often: a
	// suggestion counts answers, not clicks.
	rows, err := s.db.QueryContext(ctx, `SELECT a.key, a.question, a.passages, a.created_at, o.passage_id, max(o.created_at)
		FROM opens o JOIN answers a ON a.id = o.answer_id
		WHERE `+f.where+` AND a.command = 'ask' AND a.question <> ''
		GROUP BY a.id, a.key, a.question, a.passages, a.created_at, o.passage_id`, f.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type pair struct{ passage, key string }
	type acc struct {
		feedback.Suggestion
		asked time.Time // when AskedAs was asked
	}
	sugs := map[pair]*acc{}
	for rows.Next() {
		var (
			key, question, passages, opened string
			created, openedAt               time.Time
		)
		if err := rows.Scan(&key, &question, &passages, scanTime{&created}, &opened, scanTime{&openedAt}); err != nil {
			return nil, err
		}
		first, err := firstPassage(passages)
		if err != nil {
			return nil, err
		}
		if opened == first {
			continue // the answer had it right
		}
		p := pair{opened, key}
		sg := sugs[p]
		if sg == nil {
			sg = &acc{Suggestion: feedback.Suggestion{PassageID: opened, Key: key}}
			sugs[p] = sg
		}
		sg.Count++
		if created.After(sg.asked) || sg.AskedAs == "" {
			sg.AskedAs, sg.asked = question, created
		}
		if openedAt.After(sg.LastOpened) {
			sg.LastOpened = openedAt
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]feedback.Suggestion, 0, len(sugs))
	for _, sg := range sugs {
		out = append(out, sg.Suggestion)
	}
	slices.SortFunc(out, func(a, b feedback.Suggestion) int {
		return cmp.Or(b.Count-a.Count, b.LastOpened.Compare(a.LastOpened),
			strings.Compare(a.PassageID, b.PassageID), strings.Compare(a.Key, b.Key))
	})
	return out[:min(len(out), limit)], nil
}
