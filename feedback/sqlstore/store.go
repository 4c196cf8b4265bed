package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/irbot/irbot/feedback"
)

// dialect is the database kind a Store speaks to.
type dialect uint8

const (
	dialectSQLite dialect = iota + 1
	dialectPostgres
)

// String names the dialect in logs and errors.
func (d dialect) String() string {
	if d == dialectPostgres {
		return "postgres"
	}
	return "sqlite"
}

// Store is a feedback.Store on SQLite or PostgreSQL.
type Store struct {
	db      *sql.DB
	dialect dialect
	log     *slog.Logger
}

var _ feedback.Store = (*Store)(nil)

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close feedback store: %w", err)
	}
	return nil
}

// ts turns a time into the dialect's column value.
func (s *Store) ts(t time.Time) any {
	if s.dialect == dialectSQLite {
		return t.UTC().UnixMilli()
	}
	return t.UTC()
}

// scanTime reads a time column of either dialect (and NULL as zero).
type scanTime struct{ t *time.Time }

// Scan implements sql.Scanner.
func (st scanTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*st.t = time.Time{}
	case int64:
		*st.t = time.UnixMilli(v).UTC()
	case time.Time:
		*st.t = v.UTC()
	default:
		return fmt.Errorf("time column holds %T", src)
	}
	return nil
}

// SaveAnswers stores new answers in one transaction: the recorder writes
// what a busy moment queued at the cost of one commit.
func (s *Store) SaveAnswers(ctx context.Context, as []feedback.Answer) (err error) {
	for _, a := range as {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("save answer: %w", err)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save answers: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO answers (id, created_at, guild, command, question, key, confidence, passages)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`)
	if err != nil {
		return fmt.Errorf("save answers: %w", err)
	}
	defer stmt.Close()
	for _, a := range as {
		passages := a.Passages
		if passages == nil {
			passages = []string{}
		}
		pj, err := json.Marshal(passages)
		if err != nil {
			return fmt.Errorf("save answer %s: %w", a.ID, err)
		}
		if _, err := stmt.ExecContext(ctx, a.ID, s.ts(a.Time), a.Guild, a.Command, a.Question, a.Key, a.Confidence, string(pj)); err != nil {
			return fmt.Errorf("save answer %s: %w", a.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save answers: %w", err)
	}
	return nil
}

// SaveVote stores a vote unless this voter already voted on the answer.
func (s *Store) SaveVote(ctx context.Context, answerID, voter string, v feedback.Vote, at time.Time) (bool, error) {
	if !v.Valid() {
		return false, fmt.Errorf("save vote on %s: %q is not a vote", answerID, v)
	}
	if voter == "" {
		return false, fmt.Errorf("save vote on %s: no voter", answerID)
	}
	// Asking first turns an unknown answer into ErrUnknownAnswer rather than
	// a foreign key error, whose code differs between the dialects.
	if _, err := s.AnswerTime(ctx, answerID); err != nil {
		return false, fmt.Errorf("save vote: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO votes (answer_id, voter, vote, created_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (answer_id, voter) DO NOTHING`,
		answerID, voter, string(v), s.ts(at))
	if err != nil {
		return false, fmt.Errorf("save vote on %s: %w", answerID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("save vote on %s: %w", answerID, err)
	}
	return n == 1, nil
}

// SaveOpen records a section opened from an answer's reply.
func (s *Store) SaveOpen(ctx context.Context, answerID, passageID string, at time.Time) error {
	if !feedback.ValidPassageID(passageID) {
		return fmt.Errorf("save open on %s: passage id %q: empty or longer than %d bytes", answerID, passageID, feedback.MaxPassageIDLen)
	}
	if _, err := s.AnswerTime(ctx, answerID); err != nil {
		return fmt.Errorf("save open: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO opens (answer_id, passage_id, created_at) VALUES ($1, $2, $3)`,
		answerID, passageID, s.ts(at)); err != nil {
		return fmt.Errorf("save open on %s: %w", answerID, err)
	}
	return nil
}

// AnswerTime returns when an answer was created.
func (s *Store) AnswerTime(ctx context.Context, answerID string) (time.Time, error) {
	var t time.Time
	err := s.db.QueryRowContext(ctx, `SELECT created_at FROM answers WHERE id = $1`, answerID).Scan(scanTime{&t})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("answer %s: %w", answerID, feedback.ErrUnknownAnswer)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("answer %s: %w", answerID, err)
	}
	return t, nil
}

// VoterKey returns the voter key of day's UTC day, creating it if absent.
// Read, else insert-if-absent then read: replicas racing to create it all
// read the one that won, and a vote on a day with a key writes nothing.
func (s *Store) VoterKey(ctx context.Context, day time.Time) ([]byte, error) {
	d := dayText(day)
	key, err := s.voterKey(ctx, d)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return key, err
	}
	fresh := make([]byte, feedback.VoterKeyLen)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("voter key %s: %w", d, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO voter_keys (day, key, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO NOTHING`, d, fresh, s.ts(time.Now())); err != nil {
		return nil, fmt.Errorf("voter key %s: %w", d, err)
	}
	return s.voterKey(ctx, d)
}

// voterKey reads the voter key of a day (see dayText); sql.ErrNoRows, wrapped,
// when there is none.
func (s *Store) voterKey(ctx context.Context, d string) ([]byte, error) {
	var key []byte
	if err := s.db.QueryRowContext(ctx, `SELECT key FROM voter_keys WHERE day = $1`, d).Scan(&key); err != nil {
		return nil, fmt.Errorf("voter key %s: %w", d, err)
	}
	if len(key) != feedback.VoterKeyLen {
		return nil, fmt.Errorf("voter key %s: %d bytes stored, want %d", d, len(key), feedback.VoterKeyLen)
	}
	return key, nil
}

// dayText is a voter key's day: its UTC date, which sorts as it counts.
func dayText(t time.Time) string { return feedback.Day(t).Format(time.DateOnly) }

// Purge deletes one guild's answers, or all of them, with their votes and
// opens. Voter keys stay: they are no one's record, and replicas still use
// them for the answers to come today.
func (s *Store) Purge(ctx context.Context, guild string, all bool) (int64, error) {
	var (
		res sql.Result
		err error
	)
	if all {
		res, err = s.db.ExecContext(ctx, `DELETE FROM answers`)
	} else {
		res, err = s.db.ExecContext(ctx, `DELETE FROM answers WHERE guild = $1`, guild)
	}
	if err != nil {
		return 0, fmt.Errorf("purge feedback: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("purge feedback: %w", err)
	}
	return n, nil
}

// DeleteBefore deletes answers created before t (with their votes and opens,
// by cascade) and the voter keys of days that ended at or before keysBefore.
func (s *Store) DeleteBefore(ctx context.Context, t, keysBefore time.Time) (int64, error) {
	var n int64
	if !t.IsZero() {
		res, err := s.db.ExecContext(ctx, `DELETE FROM answers WHERE created_at < $1`, s.ts(t))
		if err != nil {
			return 0, fmt.Errorf("delete old answers: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return 0, fmt.Errorf("delete old answers: %w", err)
		}
	}
	if !keysBefore.IsZero() {
		// A day's key is dead once the day's last answer is past the window:
		// day + 24h <= keysBefore, that is day < keysBefore's own day.
		if _, err := s.db.ExecContext(ctx, `DELETE FROM voter_keys WHERE day < $1`, dayText(keysBefore)); err != nil {
			return n, fmt.Errorf("delete old voter keys: %w", err)
		}
	}
	return n, nil
}
