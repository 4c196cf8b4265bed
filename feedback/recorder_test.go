package feedback

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// t0 is the fixed clock most recorder tests run on.
var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return t0 }

func newTestRecorder(tb testing.TB, s Store, opts RecorderOptions, log *slog.Logger) *Recorder {
	tb.Helper()
	if opts.Now == nil {
		opts.Now = fixedClock
	}
	r := NewRecorder(s, opts, log)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Close(ctx)
	})
	return r
}

func testAnswer(id string) Answer {
	return Answer{ID: id, Time: t0, Guild: "g1", Command: CommandAsk, Question: "q", Key: "q", Confidence: ConfidenceHigh, Passages: []string{"p1"}}
}

func closeRecorder(tb testing.TB, r *Recorder) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.Close(ctx); err != nil {
		tb.Fatalf("Close: %v", err)
	}
}

func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// syncBuffer is a log destination the worker and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRecorderWrites(t *testing.T) {
	f := newFakeStore()
	r := newTestRecorder(t, f, RecorderOptions{}, nil)
	r.Answer(testAnswer("a1"))
	r.Answer(Answer{ID: "a2", Command: CommandFind, Question: "someone's message", Key: "someone message", Confidence: ConfidenceLow})
	r.Opened("a1", "p2")
	r.Opened("nope", "p2")
	closeRecorder(t, r)
	if st := r.Stats(); st.Queued != 4 || st.Written != 3 || st.Rejected != 1 || st.Failed != 0 || st.Dropped != 0 {
		t.Errorf("Stats = %+v, want 4 queued, 3 written, 1 rejected", st)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if a := f.answers["a2"]; a.Question != "" || a.Key != "" || !a.Time.Equal(t0) {
		t.Errorf("find answer stored as %+v, want no text and the time set to now", a)
	}
	if len(f.opens) != 1 || f.opens[0] != "a1/p2" {
		t.Errorf("opens = %v, want [a1/p2]", f.opens)
	}
}

// TestRecorderNonBlocking hangs the store: every call must still return at
// once, the queue fills, and the rest is dropped, counted and logged once.
func TestRecorderNonBlocking(t *testing.T) {
	f := newFakeStore()
	release := make(chan struct{})
	f.block = release
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	const queue, n = 4, 200
	r := newTestRecorder(t, f, RecorderOptions{QueueSize: queue}, log)
	start := time.Now()
	for i := range n {
		switch i % 3 {
		case 0:
			r.Answer(testAnswer(fmt.Sprint("a", i)))
		case 1:
			r.Vote("a0", fmt.Sprint("user", i), VoteHelpful)
		case 2:
			r.Opened("a0", "p1")
		}
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("%d calls on a hung store took %v, want them not to wait", n, d)
	}
	st := r.Stats()
	// Besides the queue, the worker holds what it took from it at once
	// (at most the queue's worth), blocked in the store.
	if st.Queued+st.Dropped != n || st.Queued > 2*queue || st.Dropped < n-2*queue {
		t.Errorf("Stats = %+v, want at most %d queued and the rest of %d dropped", st, 2*queue, n)
	}
	if got := strings.Count(logs.String(), "feedback queue full"); got != 1 {
		t.Errorf("queue-full warnings = %d, want 1 within 10s:\n%s", got, logs.String())
	}
	if !strings.Contains(logs.String(), "dropped_total=1 ") {
		t.Errorf("warning lacks the running count: %s", logs.String())
	}
	close(release)
	closeRecorder(t, r)
	if st := r.Stats(); st.Written+st.Rejected != st.Queued {
		t.Errorf("after release: Stats = %+v, want every queued record handled", st)
	}
}

func TestRecorderFailures(t *testing.T) {
	t.Run("store error", func(t *testing.T) {
		f := newFakeStore()
		f.err = errors.New("disk on fire")
		var logs syncBuffer
		r := newTestRecorder(t, f, RecorderOptions{}, slog.New(slog.NewTextHandler(&logs, nil)))
		for i := range 10 {
			r.Answer(testAnswer(fmt.Sprint("a", i)))
		}
		closeRecorder(t, r)
		if st := r.Stats(); st.Failed != 10 || st.Written != 0 {
			t.Errorf("Stats = %+v, want 10 failed", st)
		}
		if got := strings.Count(logs.String(), "feedback write failed"); got != 1 {
			t.Errorf("failure warnings = %d, want 1 (rate-limited):\n%s", got, logs.String())
		}
		if !strings.Contains(logs.String(), "disk on fire") {
			t.Errorf("warning lacks the error: %s", logs.String())
		}
	})
	t.Run("timeout", func(t *testing.T) {
		f := newFakeStore()
		f.waitCtx = true
		const timeout = 20 * time.Millisecond
		r := newTestRecorder(t, f, RecorderOptions{WriteTimeout: timeout}, nil)
		start := time.Now()
		r.Answer(testAnswer("a1"))
		waitFor(t, "a failed write", func() bool { return r.Stats().Failed == 1 })
		if d := time.Since(start); d < timeout {
			t.Errorf("the write timed out after %v, want it to wait %v", d, timeout)
		}
		// Answers queued together are written together, under one timeout.
		start = time.Now()
		r.Answer(testAnswer("a2"))
		r.Answer(testAnswer("a3"))
		waitFor(t, "3 failed writes", func() bool { return r.Stats().Failed == 3 })
		if d := time.Since(start); d < timeout {
			t.Errorf("the writes timed out after %v, want them to wait %v", d, timeout)
		}
	})
	t.Run("invalid answer", func(t *testing.T) {
		f := newFakeStore()
		r := newTestRecorder(t, f, RecorderOptions{}, nil)
		r.Answer(Answer{ID: "a1", Command: CommandAsk, Confidence: "maybe"})
		closeRecorder(t, r)
		if st := r.Stats(); st.Failed != 1 {
			t.Errorf("Stats = %+v, want 1 failed", st)
		}
	})
}

func TestRecorderCloseDrains(t *testing.T) {
	f := newFakeStore()
	release := make(chan struct{})
	f.block = release
	r := NewRecorder(f, RecorderOptions{Now: fixedClock, QueueSize: 100}, nil)
	for i := range 50 {
		r.Answer(testAnswer(fmt.Sprint("a", i)))
	}
	time.AfterFunc(20*time.Millisecond, func() { close(release) })
	closeRecorder(t, r)
	if _, n, _ := f.snapshot(); n != 50 {
		t.Errorf("answers stored after Close = %d, want all 50", n)
	}
	if st := r.Stats(); st.Written != 50 || st.Pending != 0 {
		t.Errorf("Stats = %+v, want 50 written", st)
	}
	r.Answer(testAnswer("late"))
	if st := r.Stats(); st.Dropped != 1 {
		t.Errorf("Answer after Close: Stats = %+v, want it dropped", st)
	}
}

func TestRecorderCloseGivesUp(t *testing.T) {
	f := newFakeStore()
	f.waitCtx = true // hangs until the recorder gives up on it
	r := NewRecorder(f, RecorderOptions{Now: fixedClock, WriteTimeout: time.Hour}, nil)
	for i := range 5 {
		r.Answer(testAnswer(fmt.Sprint("a", i)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := r.Close(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close on a hung store = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v, want it to stop at its deadline", d)
	}
	// The abandoned writes are cancelled and counted, not left hanging.
	waitFor(t, "abandoned writes counted", func() bool { return r.Stats().Failed == 5 })
}

// TestRecorderVotes checks the hashing: the store sees a voter hash, never
// the user id; the same user on the same answer hashes the same.
func TestRecorderVotes(t *testing.T) {
	const user, other = "112233445566778899", "998877665544332211"
	f := newFakeStore()
	r := newTestRecorder(t, f, RecorderOptions{}, nil)
	r.Answer(testAnswer("a1"))
	r.Answer(testAnswer("a2"))
	r.Vote("a1", user, VoteNotQuite)
	r.Vote("a1", user, VoteHelpful) // the first vote stands
	r.Vote("a2", user, VoteHelpful)
	r.Vote("a1", other, VoteHelpful)
	r.Vote("nope", user, VoteHelpful)
	r.Vote("a1", "someone", "meh")
	closeRecorder(t, r)

	if st := r.Stats(); st.Written != 6 || st.Duplicates != 1 || st.Rejected != 1 || st.Failed != 1 {
		t.Errorf("Stats = %+v, want 6 written (1 duplicate), 1 rejected, 1 failed", st)
	}
	calls, _, votes := f.snapshot()
	for _, c := range calls {
		if strings.Contains(c, user) || strings.Contains(c, other) {
			t.Errorf("the store saw a user id: %s", c)
		}
	}
	key := fakeKey(t0)
	want := map[[2]string]Vote{
		{"a1", VoterHash(key, user, "a1")}:  VoteNotQuite,
		{"a2", VoterHash(key, user, "a2")}:  VoteHelpful,
		{"a1", VoterHash(key, other, "a1")}: VoteHelpful,
	}
	if len(votes) != len(want) {
		t.Errorf("votes = %v, want %v", votes, want)
	}
	for k, v := range want {
		if votes[k] != v {
			t.Errorf("vote by %s on %s = %q, want %q", k[1][:8], k[0], votes[k], v)
		}
	}
	if VoterHash(key, user, "a1") == VoterHash(key, user, "a2") {
		t.Errorf("one user's votes on two answers share a hash")
	}
}

func TestRecorderVoteWindow(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name     string
		age      time.Duration
		window   time.Duration
		counted  bool
		keyOfDay time.Time
	}{
		{"fresh", time.Hour, 0, true, t0.Add(-time.Hour)},
		{"13 days", 13 * day, 0, true, t0.Add(-13 * day)},
		{"just inside 14 days", 14 * day, 0, true, t0.Add(-14 * day)},
		{"past 14 days", 14*day + time.Second, 0, false, time.Time{}},
		{"past a 1-day window", 2 * day, day, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStore()
			r := newTestRecorder(t, f, RecorderOptions{VoteWindow: tt.window}, nil)
			a := testAnswer("a1")
			a.Time = t0.Add(-tt.age)
			r.Answer(a)
			r.Vote("a1", "u1", VoteHelpful)
			closeRecorder(t, r)
			_, _, votes := f.snapshot()
			if got := len(votes) == 1; got != tt.counted {
				t.Fatalf("vote on a %v-old answer stored = %v, want %v (stats %+v)", tt.age, got, tt.counted, r.Stats())
			}
			if !tt.counted {
				if st := r.Stats(); st.Rejected != 1 {
					t.Errorf("Stats = %+v, want the vote rejected", st)
				}
				return
			}
			// The key is the one of the day the answer was created.
			if _, ok := votes[[2]string{"a1", VoterHash(fakeKey(tt.keyOfDay), "u1", "a1")}]; !ok {
				t.Errorf("vote not hashed with the key of the answer's day")
			}
		})
	}
}

// TestRecorderVoteWindowAtWrite: a vote clicked inside the window but
// written after it closed (the queue was busy) does not count: retention
// may have deleted the answer's voter key by then, and a new key would let
// the same user vote twice.
func TestRecorderVoteWindowAtWrite(t *testing.T) {
	var mu sync.Mutex
	now := t0
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f := newFakeStore()
	release := make(chan struct{})
	f.block = release // hold the worker until the clock has moved
	r := newTestRecorder(t, f, RecorderOptions{Now: clock}, nil)
	a := testAnswer("a1")
	a.Time = t0.Add(-DefaultVoteWindow + time.Minute)
	r.Answer(a)
	r.Vote("a1", "u1", VoteHelpful) // clicked a minute before the window closes
	mu.Lock()
	now = t0.Add(2 * time.Minute)
	mu.Unlock()
	close(release)
	closeRecorder(t, r)
	if _, _, votes := f.snapshot(); len(votes) != 0 || r.Stats().Rejected != 1 {
		t.Errorf("votes %v, Stats %+v: want the vote rejected", votes, r.Stats())
	}
}

func TestRecorderRetention(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name       string
		retention  time.Duration
		wantBefore time.Time
	}{
		{"default", 0, t0.Add(-90 * day)},
		{"30 days", 30 * day, t0.Add(-30 * day)},
		{"forever", -1, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStore()
			r := newTestRecorder(t, f, RecorderOptions{Retention: tt.retention, RetentionInterval: 5 * time.Millisecond}, nil)
			waitFor(t, "3 retention runs", func() bool {
				f.mu.Lock()
				defer f.mu.Unlock()
				return len(f.deletes) >= 3
			})
			closeRecorder(t, r)
			f.mu.Lock()
			defer f.mu.Unlock()
			for i, d := range f.deletes {
				if !d[0].Equal(tt.wantBefore) || !d[1].Equal(t0.Add(-DefaultVoteWindow)) {
					t.Errorf("DeleteBefore #%d(%v, %v), want (%v, %v)", i, d[0], d[1], tt.wantBefore, t0.Add(-DefaultVoteWindow))
				}
			}
		})
	}
}

// TestRecorderRetentionAtStart checks the first run does not wait a day.
func TestRecorderRetentionAtStart(t *testing.T) {
	f := newFakeStore()
	newTestRecorder(t, f, RecorderOptions{}, nil)
	waitFor(t, "a retention run at start", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.deletes) == 1
	})
}

// BenchmarkRecorderAnswer measures what a reply pays to record an answer:
// one non-blocking send. The store drops everything at once so the queue
// never fills.
func BenchmarkRecorderAnswer(b *testing.B) {
	r := NewRecorder(discardStore{}, RecorderOptions{}, nil)
	defer r.Close(context.Background())
	a := testAnswer("a1")
	b.ReportAllocs()
	for b.Loop() {
		r.Answer(a)
	}
	b.ReportMetric(float64(r.Stats().Dropped)/float64(b.N), "dropped/op")
}

// TestRecorderBatches: answers queued together are written in one call,
// in order with the votes and opens between them.
func TestRecorderBatches(t *testing.T) {
	f := newFakeStore()
	release := make(chan struct{})
	f.block = release
	r := newTestRecorder(t, f, RecorderOptions{QueueSize: 64}, nil)
	r.Answer(testAnswer("a0")) // the worker takes it and blocks
	waitFor(t, "the first write", func() bool { calls, _, _ := f.snapshot(); return len(calls) == 1 })
	for i := 1; i <= 5; i++ {
		r.Answer(testAnswer(fmt.Sprint("a", i)))
	}
	r.Opened("a1", "p1")
	r.Answer(testAnswer("a6"))
	close(release)
	closeRecorder(t, r)
	calls, answers, _ := f.snapshot()
	if answers != 7 || r.Stats().Written != 8 {
		t.Fatalf("stored %d answers, Stats %+v; want 7 answers and 8 records", answers, r.Stats())
	}
	// a0 alone, a1..a5 together, the open, then a6.
	var kinds []string
	for _, c := range calls {
		f := strings.Fields(c)
		if f[0] == "SaveAnswers" {
			kinds = append(kinds, f[0]+"×"+f[1])
		} else {
			kinds = append(kinds, f[0])
		}
	}
	want := "SaveAnswers×1 SaveAnswers×5 SaveOpen SaveAnswers×1"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("calls %q, want %q", got, want)
	}
}

func TestKeptFor(t *testing.T) {
	for _, tt := range []struct {
		in   time.Duration
		want string
	}{
		{0, "90 days"},
		{DefaultRetention, "90 days"},
		{30 * 24 * time.Hour, "30 days"},
		{36 * time.Hour, "36h0m0s"},
		{-1, "forever"},
	} {
		if got := KeptFor(tt.in); got != tt.want {
			t.Errorf("KeptFor(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRecorderCloseWhileRecording closes the recorder while records pour
// in: each is either written or counted as dropped, none is left behind in
// the queue.
func TestRecorderCloseWhileRecording(t *testing.T) {
	for round := 0; round < 20; round++ {
		f := newFakeStore()
		r := newTestRecorder(t, f, RecorderOptions{QueueSize: 64}, nil)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for k := 0; k < 200; k++ {
					r.Answer(testAnswer(fmt.Sprintf("r%d-g%d-%d", round, g, k)))
				}
			}()
		}
		close(start)
		closeRecorder(t, r)
		wg.Wait()
		st := r.Stats()
		if st.Pending != 0 || st.Queued != st.Written+st.Failed+st.Rejected || st.Queued+st.Dropped != 800 {
			t.Fatalf("round %d: Stats = %+v: a record was neither written nor counted", round, st)
		}
	}
}
