package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/irbot/irbot/bot"
	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/feedback/sqlstore"
)

// recorderDrain is how long stopping waits for queued records to be
// written.
const recorderDrain = 5 * time.Second

// record is the feedback record of a running bot: the store and the
// recorder writing to it. The zero value is FEEDBACK=off.
type record struct {
	store *sqlstore.Store
	rec   *feedback.Recorder
}

// openRecord opens the store the settings name and starts its recorder,
// unless FEEDBACK=off. A store that cannot be opened is an error naming
// DATABASE_URL or DATA_DIR.
func openRecord(ctx context.Context, cfg Config, logger *slog.Logger) (record, error) {
	if !cfg.Feedback {
		logger.Info("feedback is off: nothing is recorded (FEEDBACK=off)")
		return record{}, nil
	}
	s, err := sqlstore.Open(ctx, sqlstore.Config{URL: cfg.DatabaseURL.reveal(), DataDir: cfg.DataDir}, logger)
	if err != nil {
		return record{}, fmt.Errorf("feedback record: %w (or set FEEDBACK=off to record nothing)", err)
	}
	where := "SQLite in " + cfg.DataDir
	if cfg.DatabaseURL != "" {
		where = "PostgreSQL (DATABASE_URL)"
	}
	logger.Info("feedback record open", "store", where, "retention", feedback.KeptFor(cfg.Retention))
	return record{store: s, rec: feedback.NewRecorder(s, feedback.RecorderOptions{Retention: cfg.Retention}, logger)}, nil
}

// options sets a bot's feedback options from the record.
func (r record) options(o *bot.Options, cfg Config) {
	if r.rec == nil {
		return
	}
	o.Feedback = r.rec
	o.Gaps = r.store
	o.Retention = cfg.Retention
}

// close writes what is queued and closes the store.
func (r record) close(logger *slog.Logger) {
	if r.rec == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), recorderDrain)
	defer cancel()
	if err := r.rec.Close(ctx); err != nil {
		logger.Warn("feedback records left unwritten at stop", "err", err)
	}
	st := r.rec.Stats()
	logger.Info("feedback record closed", "written", st.Written, "dropped", st.Dropped, "failed", st.Failed)
	if err := r.store.Close(); err != nil {
		logger.Warn("closing the feedback store", "err", err)
	}
}
