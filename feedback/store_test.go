package feedback

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"time"
)

// fakeStore is a Store in memory that records every call's arguments.
type fakeStore struct {
	mu      sync.Mutex
	answers map[string]Answer
	votes   map[[2]string]Vote // (answer, voter) -> first vote
	opens   []string           // "answer/passage"
	calls   []string           // every call with its arguments, as text
	deletes [][2]time.Time     // DeleteBefore's arguments

	err     error         // returned by every write when set
	block   chan struct{} // when set, writes wait for it to close, ignoring ctx
	waitCtx bool          // when set, writes wait for ctx to end
}

func newFakeStore() *fakeStore {
	return &fakeStore{answers: map[string]Answer{}, votes: map[[2]string]Vote{}}
}

func (f *fakeStore) write(ctx context.Context, call string) error {
	f.mu.Lock()
	f.calls = append(f.calls, call)
	block, waitCtx, err := f.block, f.waitCtx, f.err
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	if waitCtx {
		<-ctx.Done()
		return ctx.Err()
	}
	return err
}

func (f *fakeStore) SaveAnswers(ctx context.Context, as []Answer) error {
	if err := f.write(ctx, fmt.Sprintf("SaveAnswers %d %+v", len(as), as)); err != nil {
		return err
	}
	for _, a := range as {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range as {
		f.answers[a.ID] = a
	}
	return nil
}

func (f *fakeStore) SaveVote(ctx context.Context, answerID, voter string, v Vote, at time.Time) (bool, error) {
	if err := f.write(ctx, fmt.Sprintf("SaveVote %s %s %s %v", answerID, voter, v, at)); err != nil {
		return false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.answers[answerID]; !ok {
		return false, ErrUnknownAnswer
	}
	k := [2]string{answerID, voter}
	if _, ok := f.votes[k]; ok {
		return false, nil
	}
	f.votes[k] = v
	return true, nil
}

func (f *fakeStore) SaveOpen(ctx context.Context, answerID, passageID string, at time.Time) error {
	if err := f.write(ctx, fmt.Sprintf("SaveOpen %s %s %v", answerID, passageID, at)); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.answers[answerID]; !ok {
		return ErrUnknownAnswer
	}
	f.opens = append(f.opens, answerID+"/"+passageID)
	return nil
}

func (f *fakeStore) AnswerTime(_ context.Context, answerID string) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "AnswerTime "+answerID)
	a, ok := f.answers[answerID]
	if !ok {
		return time.Time{}, ErrUnknownAnswer
	}
	return a.Time, nil
}

// VoterKey derives a day's key from the date, so tests can recompute it.
func (f *fakeStore) VoterKey(_ context.Context, day time.Time) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf("VoterKey %v", day))
	return fakeKey(day), nil
}

func fakeKey(day time.Time) []byte {
	k := sha256.Sum256([]byte(Day(day).Format(time.DateOnly)))
	return k[:]
}

func (f *fakeStore) Report(context.Context, ReportQuery) (Report, error) { return Report{}, nil }
func (f *fakeStore) Purge(context.Context, string, bool) (int64, error)  { return 0, nil }
func (f *fakeStore) Close() error                                        { return nil }

func (f *fakeStore) DeleteBefore(_ context.Context, t, keysBefore time.Time) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deletes = append(f.deletes, [2]time.Time{t, keysBefore})
	return 0, nil
}

func (f *fakeStore) snapshot() (calls []string, answers int, votes map[[2]string]Vote) {
	f.mu.Lock()
	defer f.mu.Unlock()
	votes = map[[2]string]Vote{}
	for k, v := range f.votes {
		votes[k] = v
	}
	return append([]string(nil), f.calls...), len(f.answers), votes
}

// discardStore accepts and forgets everything.
type discardStore struct{}

func (discardStore) SaveAnswers(context.Context, []Answer) error { return nil }
func (discardStore) SaveVote(context.Context, string, string, Vote, time.Time) (bool, error) {
	return true, nil
}
func (discardStore) SaveOpen(context.Context, string, string, time.Time) error { return nil }
func (discardStore) AnswerTime(context.Context, string) (time.Time, error)     { return t0, nil }
func (discardStore) VoterKey(context.Context, time.Time) ([]byte, error)       { return nil, nil }
func (discardStore) Report(context.Context, ReportQuery) (Report, error)       { return Report{}, nil }
func (discardStore) Purge(context.Context, string, bool) (int64, error)        { return 0, nil }
func (discardStore) DeleteBefore(context.Context, time.Time, time.Time) (int64, error) {
	return 0, nil
}
func (discardStore) Close() error { return nil }
