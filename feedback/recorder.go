package feedback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Recorder defaults. The queue holds about a minute of a busy server's
// records; a write slower than WriteTimeout means the database is in trouble,
// and waiting longer would only let the queue overflow later.
const (
	DefaultQueueSize         = 1024
	DefaultWriteTimeout      = 2 * time.Second
	DefaultVoteWindow        = 14 * 24 * time.Hour
	DefaultRetention         = 90 * 24 * time.Hour
	DefaultRetentionInterval = 24 * time.Hour

	// warnInterval spaces the warnings about drops and failures, so a broken
	// database produces a log line every few seconds, not one per record.
	warnInterval = 10 * time.Second
	// retentionTimeout bounds one DeleteBefore: it may delete a day's worth
	// of rows, which takes longer than one write.
	retentionTimeout = time.Minute
)

// RecorderOptions tunes a Recorder; the zero value takes every default.
type RecorderOptions struct {
	QueueSize    int           // records waiting to be written; 0 for DefaultQueueSize
	WriteTimeout time.Duration // per record; 0 for DefaultWriteTimeout
	VoteWindow   time.Duration // how long after an answer a vote counts; 0 for DefaultVoteWindow
	// Retention is how long answers are kept: 0 for DefaultRetention,
	// negative to keep them forever. Voter keys are deleted after the vote
	// window whatever the retention.
	Retention         time.Duration
	RetentionInterval time.Duration    // between retention runs; 0 for DefaultRetentionInterval
	Now               func() time.Time // the clock; nil for time.Now
}

func (o RecorderOptions) withDefaults() RecorderOptions {
	if o.QueueSize <= 0 {
		o.QueueSize = DefaultQueueSize
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	if o.VoteWindow <= 0 {
		o.VoteWindow = DefaultVoteWindow
	}
	if o.Retention == 0 {
		o.Retention = DefaultRetention
	}
	if o.RetentionInterval <= 0 {
		o.RetentionInterval = DefaultRetentionInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Stats counts what a Recorder did with the records it was handed.
type Stats struct {
	Queued     int64 `json:"queued"`     // accepted into the queue
	Written    int64 `json:"written"`    // stored (a duplicate vote counts here too)
	Dropped    int64 `json:"dropped"`    // not queued: the queue was full or the recorder closed
	Failed     int64 `json:"failed"`     // the store failed or timed out
	Rejected   int64 `json:"rejected"`   // votes and opens on unknown answers, votes past the window
	Duplicates int64 `json:"duplicates"` // votes that did not count: the voter had voted already
	Pending    int64 `json:"pending"`    // in the queue now
}

// Recorder writes records to a Store asynchronously, through a bounded queue
// and one worker goroutine. Its methods never block and never fail: what
// cannot be queued or written is dropped, counted in Stats and logged at most
// once per ten seconds. It also runs retention (see RecorderOptions).
type Recorder struct {
	store Store
	opts  RecorderOptions
	log   *slog.Logger

	queue chan job
	stop  chan struct{} // closed by Close: drain the queue and return
	done  chan struct{} // closed when the worker has returned
	// ctx is the parent of every store call; cancelled when Close gives up.
	ctx    context.Context
	cancel context.CancelFunc

	// mu orders enqueueing before closing: once Close has set closed,
	// no send is under way, so the worker's last drain sees every queued
	// record.
	mu        sync.RWMutex
	closed    bool
	closeOnce sync.Once

	queued, written, dropped, failed, rejected, duplicates atomic.Int64

	dropWarn, failWarn warnLimiter
}

type jobKind uint8

const (
	jobAnswer jobKind = iota + 1
	jobVote
	jobOpen
)

// job is one queued record. For a vote, user is the user id: it lives here
// and nowhere else until the worker has turned it into a voter hash.
type job struct {
	kind    jobKind
	at      time.Time
	answer  Answer
	id      string // the answer voted on or opened from
	user    string
	vote    Vote
	passage string
}

// NewRecorder starts a recorder writing to s. Close it to drain the queue
// and stop the worker; s stays open and is the caller's to close.
func NewRecorder(s Store, opts RecorderOptions, log *slog.Logger) *Recorder {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	r := &Recorder{
		store:  s,
		opts:   opts,
		log:    log,
		queue:  make(chan job, opts.QueueSize),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
		ctx:    ctx,
		cancel: cancel,
	}
	go r.run()
	return r
}

// Answer records an answer. Its text is dropped for "find", its time set to
// now when zero.
func (r *Recorder) Answer(a Answer) {
	r.enqueue(job{kind: jobAnswer, answer: a.normalize(r.opts.Now())})
}

// Vote records userID's vote on an answer. The user id is hashed by the
// worker (see VoterHash) and never stored; the first vote of a user on an
// answer counts, later ones do not.
func (r *Recorder) Vote(answerID, userID string, v Vote) {
	r.enqueue(job{kind: jobVote, at: r.opts.Now().UTC(), id: answerID, user: userID, vote: v})
}

// Opened records that a section was opened from an answer's reply.
func (r *Recorder) Opened(answerID, passageID string) {
	r.enqueue(job{kind: jobOpen, at: r.opts.Now().UTC(), id: answerID, passage: passageID})
}

// Stats returns the recorder's counters so far.
func (r *Recorder) Stats() Stats {
	return Stats{
		Queued:     r.queued.Load(),
		Written:    r.written.Load(),
		Dropped:    r.dropped.Load(),
		Failed:     r.failed.Load(),
		Rejected:   r.rejected.Load(),
		Duplicates: r.duplicates.Load(),
		Pending:    int64(len(r.queue)),
	}
}

// Close stops taking records, writes what is queued until ctx is done, and
// stops the worker. It returns ctx's error if the queue was not drained in
// time; what was left is then abandoned (its writes fail and are counted).
func (r *Recorder) Close(ctx context.Context) error {
	r.closeOnce.Do(func() {
		r.mu.Lock()
		r.closed = true
		r.mu.Unlock()
		close(r.stop)
	})
	select {
	case <-r.done:
		r.cancel()
		return nil
	case <-ctx.Done():
		r.cancel()
		return fmt.Errorf("feedback recorder: close: %w", ctx.Err())
	}
}

func (r *Recorder) enqueue(j job) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		r.drop("feedback recorder closed, record dropped")
		return
	}
	select {
	case r.queue <- j:
		r.queued.Add(1)
	default:
		r.drop("feedback queue full, record dropped")
	}
}

func (r *Recorder) drop(msg string) {
	n := r.dropped.Add(1)
	if r.dropWarn.allow(r.opts.Now()) {
		r.log.Warn(msg, "dropped_total", n, "queue_size", r.opts.QueueSize)
	}
}

func (r *Recorder) run() {
	defer close(r.done)
	r.retain()
	tick := time.NewTicker(r.opts.RetentionInterval)
	defer tick.Stop()
	for {
		select {
		case j := <-r.queue:
			r.writeAll(r.gather(j))
		case <-tick.C:
			r.retain()
		case <-r.stop:
			for {
				select {
				case j := <-r.queue:
					r.writeAll(r.gather(j))
				default:
					return
				}
			}
		}
	}
}

// maxBatch caps the answers written in one transaction.
const maxBatch = 64

// gather returns j and what else is queued right now, up to maxBatch jobs
// and no more than the queue holds, so that the worker never holds more
// records than the queue does.
func (r *Recorder) gather(j job) []job {
	jobs := []job{j}
	for len(jobs) < min(maxBatch, r.opts.QueueSize) {
		select {
		case next := <-r.queue:
			jobs = append(jobs, next)
		default:
			return jobs
		}
	}
	return jobs
}

// writeAll writes jobs in order, the answers among them that come one
// after another in one transaction each.
func (r *Recorder) writeAll(jobs []job) {
	for len(jobs) > 0 {
		n := 0
		for n < len(jobs) && jobs[n].kind == jobAnswer {
			n++
		}
		if n == 0 {
			r.write(jobs[0])
			jobs = jobs[1:]
			continue
		}
		r.writeAnswers(jobs[:n])
		jobs = jobs[n:]
	}
}

// writeAnswers stores answers in one transaction, counting the outcome.
func (r *Recorder) writeAnswers(jobs []job) {
	ctx, cancel := context.WithTimeout(r.ctx, r.opts.WriteTimeout)
	defer cancel()
	as := make([]Answer, len(jobs))
	for i, j := range jobs {
		as[i] = j.answer
	}
	if err := r.store.SaveAnswers(ctx, as); err != nil {
		n := r.failed.Add(int64(len(as)))
		if r.failWarn.allow(r.opts.Now()) {
			r.log.Warn("feedback write failed, record dropped", "err", err, "records", len(as), "failed_total", n)
		}
		return
	}
	r.written.Add(int64(len(as)))
}

// write stores one vote or open, counting the outcome.
func (r *Recorder) write(j job) {
	ctx, cancel := context.WithTimeout(r.ctx, r.opts.WriteTimeout)
	defer cancel()
	var err error
	switch j.kind {
	case jobVote:
		err = r.writeVote(ctx, j)
	case jobOpen:
		err = r.store.SaveOpen(ctx, j.id, j.passage, j.at)
	}
	switch {
	case err == nil:
		r.written.Add(1)
	case errors.Is(err, ErrUnknownAnswer) || errors.Is(err, errVoteClosed):
		r.rejected.Add(1)
		r.log.Debug("feedback record rejected", "answer", j.id, "reason", err)
	default:
		n := r.failed.Add(1)
		if r.failWarn.allow(r.opts.Now()) {
			r.log.Warn("feedback write failed, record dropped", "err", err, "failed_total", n)
		}
	}
}

// errVoteClosed marks a vote on an answer past the vote window.
var errVoteClosed = errors.New("vote window closed")

func (r *Recorder) writeVote(ctx context.Context, j job) error {
	if !j.vote.Valid() {
		return fmt.Errorf("vote %q on %s: not a vote", j.vote, j.id)
	}
	if !ValidID(j.id) {
		return fmt.Errorf("vote on %q: %w", j.id, ErrUnknownAnswer)
	}
	created, err := r.store.AnswerTime(ctx, j.id)
	if err != nil {
		return fmt.Errorf("vote on %s: %w", j.id, err)
	}
	// The window is checked at the click and again now: retention may have
	// run since the click, and once it has deleted an answer's voter key a
	// new key would let the same user vote twice.
	if j.at.Sub(created) > r.opts.VoteWindow || r.opts.Now().Sub(created) > r.opts.VoteWindow {
		return fmt.Errorf("vote on %s created %s: %w", j.id, created.Format(time.RFC3339), errVoteClosed)
	}
	key, err := r.store.VoterKey(ctx, Day(created))
	if err != nil {
		return fmt.Errorf("vote on %s: voter key: %w", j.id, err)
	}
	counted, err := r.store.SaveVote(ctx, j.id, VoterHash(key, j.user, j.id), j.vote, j.at)
	if err != nil {
		return fmt.Errorf("vote on %s: %w", j.id, err)
	}
	if !counted {
		r.duplicates.Add(1)
	}
	return nil
}

// retain deletes what is past the retention and the vote window.
func (r *Recorder) retain() {
	now := r.opts.Now().UTC()
	var before time.Time // zero: keep answers forever
	if r.opts.Retention > 0 {
		before = now.Add(-r.opts.Retention)
	}
	ctx, cancel := context.WithTimeout(r.ctx, retentionTimeout)
	defer cancel()
	n, err := r.store.DeleteBefore(ctx, before, now.Add(-r.opts.VoteWindow))
	if err != nil {
		r.log.Warn("feedback retention failed", "err", err)
		return
	}
	if n > 0 {
		r.log.Info("feedback retention deleted old answers", "answers", n, "before", before)
	}
}

// KeptFor says how long a retention keeps records, for people: "90
// days", "36h0m0s", or "forever" when negative; 0 is DefaultRetention.
func KeptFor(retention time.Duration) string {
	switch {
	case retention < 0:
		return "forever"
	case retention == 0:
		retention = DefaultRetention
	}
	if retention%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", retention/(24*time.Hour))
	}
	return retention.String()
}

// warnLimiter lets one warning through per warnInterval.
type warnLimiter struct{ last atomic.Int64 } // unix nanoseconds of the last warning

func (w *warnLimiter) allow(now time.Time) bool {
	t := now.UnixNano()
	last := w.last.Load()
	if last != 0 && t-last < int64(warnInterval) {
		return false
	}
	return w.last.CompareAndSwap(last, t)
}
