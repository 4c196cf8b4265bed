package feedback

import (
	"context"
	"time"
)

// Store keeps the record. feedback/sqlstore implements it for SQLite and
// PostgreSQL; tests use a fake. Every method is safe for concurrent use.
type Store interface {
	// SaveAnswers stores new answers, all or none (one transaction); it
	// fails for an invalid one (see Answer.Validate) or an id already
	// stored.
	SaveAnswers(ctx context.Context, as []Answer) error
	// SaveVote stores a vote by an opaque voter hash (see VoterHash). It
	// reports whether the vote counted: false when this voter already voted on
	// this answer (the first vote stands). Unknown answer: ErrUnknownAnswer.
	SaveVote(ctx context.Context, answerID, voter string, v Vote, at time.Time) (bool, error)
	// SaveOpen records that a section was opened from an answer's reply.
	// Unknown answer: ErrUnknownAnswer.
	SaveOpen(ctx context.Context, answerID, passageID string, at time.Time) error
	// AnswerTime returns when an answer was created, or ErrUnknownAnswer.
	AnswerTime(ctx context.Context, answerID string) (time.Time, error)
	// VoterKey returns the voter key of the UTC day that contains day,
	// creating it when absent. Every caller, on every replica, gets the same
	// key for the same day until DeleteBefore removes it.
	VoterKey(ctx context.Context, day time.Time) ([]byte, error)
	// Report builds the gaps report.
	Report(ctx context.Context, q ReportQuery) (Report, error)
	// Purge deletes one guild's answers with their votes and opens, or every
	// answer when all is true. It returns the number of answers deleted.
	Purge(ctx context.Context, guild string, all bool) (int64, error)
	// DeleteBefore deletes answers created before t, with their votes and
	// opens, and the voter keys of UTC days that ended at or before
	// keysBefore. A zero t or keysBefore deletes nothing of that kind. It
	// returns the number of answers deleted.
	DeleteBefore(ctx context.Context, t, keysBefore time.Time) (int64, error)
	// Close releases the store.
	Close() error
}
