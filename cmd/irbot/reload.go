package main

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot"
)

// retireAfter is how long a replaced bot's index stays open, so replies
// in flight when the knowledge is reloaded finish on what they started
// with (runners give a reply 30 s at most).
const retireAfter = time.Minute

// liveBot answers interactions with the bot built from the current
// knowledge, and reloads it when asked (SIGHUP): the new knowledge is
// loaded and indexed beside the old, then swapped in at once, so every
// interaction sees one whole knowledge base. A reload that fails (a
// malformed file in KNOWLEDGE_DIR) changes nothing and is logged.
type liveBot struct {
	cfg    Config
	rec    record
	hooks  hooks
	logger *slog.Logger
	cur    atomic.Pointer[servingBot]

	mu      sync.Mutex // serializes reloads and close
	retired []retiree
	closed  bool
}

// retiree is a replaced generation waiting for its index to be closed.
type retiree struct {
	timer *time.Timer
	close func()
}

// servingBot is one generation of the bot and what to release with it.
type servingBot struct {
	bot   *bot.Bot
	close func()
}

// newLiveBot loads the knowledge and builds the first bot.
func newLiveBot(cfg Config, rec record, h hooks, logger *slog.Logger) (*liveBot, error) {
	b, closeIndex, err := newServingBot(cfg, rec, h.observer, logger)
	if err != nil {
		return nil, err
	}
	l := &liveBot{cfg: cfg, rec: rec, hooks: h, logger: logger}
	l.cur.Store(&servingBot{b, closeIndex})
	return l, nil
}

// Handle answers with the current bot.
func (l *liveBot) Handle(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	return l.cur.Load().bot.Handle(ctx, i)
}

// Respond answers with the current bot, follow-ups included (Share).
func (l *liveBot) Respond(ctx context.Context, i *discordgo.Interaction) (bot.Response, error) {
	return l.cur.Load().bot.Respond(ctx, i)
}

// Commands are the bot's command definitions; they do not depend on the
// knowledge, so a reload needs no new registration.
func (l *liveBot) Commands() []*discordgo.ApplicationCommand {
	return l.cur.Load().bot.Commands()
}

// reload rebuilds the bot from the knowledge as it is now and swaps it in.
func (l *liveBot) reload() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	b, closeIndex, err := newServingBot(l.cfg, l.rec, l.hooks.observer, l.logger)
	if err != nil {
		return err
	}
	old := l.cur.Swap(&servingBot{b, closeIndex})
	l.retired = append(l.retired, retiree{time.AfterFunc(retireAfter, old.close), old.close})
	return nil
}

// watch reloads on every signal until ctx ends.
func (l *liveBot) watch(ctx context.Context, signals <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-signals:
			l.logger.Info("reloading the knowledge")
			err := l.reload()
			if l.hooks.reloaded != nil {
				l.hooks.reloaded(err)
			}
			if err != nil {
				l.logger.Error("reload failed; still serving the knowledge loaded before", "err", err)
				continue
			}
			l.logger.Info("knowledge reloaded")
		}
	}
}

// close releases every generation's index.
func (l *liveBot) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	for _, r := range l.retired {
		if r.timer.Stop() {
			r.close() // not closed yet: do it now rather than after exit
		}
	}
	l.cur.Load().close()
}
