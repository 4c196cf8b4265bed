package gateway

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/responder"
)

// register overwrites the commands, retrying a few times; a bot whose
// commands were registered before keeps working if this fails, so it is
// logged, not fatal.
func (r *runner) register(appID string) {
	r.registerMu.Lock()
	defer r.registerMu.Unlock()
	if r.registered.Load() {
		return
	}
	scope := "global"
	if r.cfg.GuildID != "" {
		scope = "guild " + r.cfg.GuildID
	}
	var err error
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(r.ctx, r.cfg.RequestTimeout)
		var cmds []*discordgo.ApplicationCommand
		cmds, err = r.rest.Overwrite(ctx, appID, r.cfg.GuildID, r.cfg.Commands)
		cancel()
		if err == nil {
			r.registered.Store(true)
			r.logger.Info("commands registered", "scope", scope, "count", len(cmds), "application_id", appID, "attempt", attempt)
			return
		}
		wait, retry := retryWait(err, attempt, time.Second)
		if !retry {
			break
		}
		r.logger.Warn("registering commands failed; retrying", "scope", scope, "err", err, "retry_in", wait)
		select {
		case <-time.After(wait):
		case <-r.ctx.Done():
			r.logger.Debug("registration abandoned: shutting down", "err", err)
			return
		}
	}
	r.logger.Error("registering commands failed; run `irbot register` to see why", "scope", scope, "err", err)
}

// Retry bounds for REST calls the runner makes itself.
const (
	maxAttempts = 4
	// maxRetryAfter is the longest retry_after the runner waits out; a
	// longer one (the daily limit on command creation) is reported instead.
	maxRetryAfter = time.Minute
)

// retryWait says whether a failed REST call is worth another attempt and
// after how long: a 429 after its retry_after (if at most maxRetryAfter), a
// 5xx or a network error or timeout after a backoff from base, anything
// else (a 4xx: the request is wrong) never.
func retryWait(err error, attempt int, base time.Duration) (time.Duration, bool) {
	if err == nil || attempt >= maxAttempts {
		return 0, false
	}
	backoff := base << (attempt - 1)
	var se *responder.StatusError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusTooManyRequests:
		if se.RetryAfter > maxRetryAfter {
			return 0, false
		}
		return max(se.RetryAfter, 100*time.Millisecond), true
	case errors.As(err, &se) && se.Status < 500:
		return 0, false
	}
	return backoff, true
}
