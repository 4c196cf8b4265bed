package bot

import (
	"sync"
	"time"
)

// maxTracked bounds the limiter's memory: past it, users whose buckets
// have refilled are forgotten.
const maxTracked = 10000

// userLimiter is a token bucket per user: burst tokens, refilled at
// perSecond. (golang.org/x/time/rate would do, but the module's go line
// does not yet allow it; this is all irbot needs.)
type userLimiter struct {
	perSecond float64
	burst     int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newUserLimiter(perSecond float64, burst int, now func() time.Time) *userLimiter {
	return &userLimiter{perSecond: perSecond, burst: burst, now: now, buckets: map[string]bucket{}}
}

// refill is how many tokens b holds at now.
func (l *userLimiter) refill(b bucket, now time.Time) float64 {
	return min(float64(l.burst), b.tokens+now.Sub(b.at).Seconds()*l.perSecond)
}

// allow takes a token from user's bucket, reporting whether there was one.
// An unknown user ("") is not limited: there is nothing to key on.
func (l *userLimiter) allow(user string) bool {
	if user == "" {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[user]
	if !ok {
		if len(l.buckets) >= maxTracked {
			l.prune(now)
		}
		b = bucket{tokens: float64(l.burst), at: now}
	}
	b.tokens = l.refill(b, now)
	b.at = now
	if b.tokens < 1 {
		l.buckets[user] = b
		return false
	}
	b.tokens--
	l.buckets[user] = b
	return true
}

// prune forgets users whose buckets are full again; if none are, it
// forgets everyone rather than grow without bound.
func (l *userLimiter) prune(now time.Time) {
	for u, b := range l.buckets {
		if l.refill(b, now) >= float64(l.burst) {
			delete(l.buckets, u)
		}
	}
	if len(l.buckets) >= maxTracked {
		clear(l.buckets)
	}
}
