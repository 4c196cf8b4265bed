package bot

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxTracked bounds the limiter's memory: past it, users whose buckets
// have refilled are forgotten.
const maxTracked = 10000

// userLimiter keeps one token bucket (golang.org/x/time/rate) per user, so
// one member spamming /ask cannot crowd out the rest of a server.
type userLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

func newUserLimiter(perSecond float64, burst int, now func() time.Time) *userLimiter {
	return &userLimiter{limit: rate.Limit(perSecond), burst: burst, now: now, limiters: map[string]*rate.Limiter{}}
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
	lim, ok := l.limiters[user]
	if !ok {
		if len(l.limiters) >= maxTracked {
			l.prune(now)
		}
		lim = rate.NewLimiter(l.limit, l.burst)
		l.limiters[user] = lim
	}
	return lim.AllowN(now, 1)
}

// prune forgets users whose buckets are full again; if none are, it
// forgets everyone rather than grow without bound.
func (l *userLimiter) prune(now time.Time) {
	for u, lim := range l.limiters {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.limiters, u)
		}
	}
	if len(l.limiters) >= maxTracked {
		clear(l.limiters)
	}
}
