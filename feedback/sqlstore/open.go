package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// FileName is the SQLite database's name inside DATA_DIR.
const FileName = "irbot.db"

// Connection settings. SQLite waits this long for a lock before failing
// (another process such as `irbot gaps` may be reading); PostgreSQL needs
// few connections at the recorder's one-writer pace.
const (
	sqliteBusyTimeout = 5 * time.Second
	postgresMaxConns  = 4
)

// Config says where the record lives.
type Config struct {
	// URL is DATABASE_URL: empty for SQLite in DataDir, or a postgres:// or
	// postgresql:// URL.
	URL string
	// DataDir is DATA_DIR, the directory of the SQLite file (FileName). It is
	// created with mode 0700 when missing.
	DataDir string
}

// Open connects to the database cfg names and applies any pending
// migrations. Its errors name the setting at fault (DATABASE_URL or
// DATA_DIR) and never contain a password.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		s   *Store
		err error
	)
	switch u := strings.TrimSpace(cfg.URL); {
	case u == "":
		s, err = openSQLite(cfg.DataDir, log)
	case hasScheme(u, "postgres") || hasScheme(u, "postgresql"):
		s, err = openPostgres(ctx, u, log)
	default:
		scheme := "no scheme"
		if i := strings.Index(u, "://"); i > 0 && !strings.ContainsAny(u[:i], "@:/ ") {
			scheme = "scheme " + u[:i]
		}
		return nil, fmt.Errorf("DATABASE_URL has %s: leave it empty to keep feedback in SQLite under DATA_DIR, or give a postgres:// URL", scheme)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		if s.dialect == dialectPostgres {
			err = scrub(err, cfg.URL)
		}
		return nil, err
	}
	return s, nil
}

func hasScheme(u, scheme string) bool {
	return len(u) > len(scheme)+3 && strings.EqualFold(u[:len(scheme)+3], scheme+"://")
}

func openSQLite(dir string, log *slog.Logger) (*Store, error) {
	if dir == "" {
		return nil, errors.New("DATA_DIR is not set: give the directory for the feedback database (irbot.db), or set DATABASE_URL to a postgres:// URL")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("DATA_DIR %s: cannot create the directory: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	// Create the file ourselves so it is private from the start; SQLite gives
	// its -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("DATA_DIR %s: cannot open %s: %w", dir, FileName, err)
	}
	f.Close()
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate") // a transaction that will write takes the lock up front
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("DATA_DIR %s: open %s: %w", dir, FileName, err)
	}
	// One connection is the one writer SQLite allows; at the recorder's pace
	// it is also enough for reads.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("DATA_DIR %s: open %s: %w", dir, FileName, err)
	}
	log.Info("feedback store opened", "driver", "sqlite", "path", path)
	return &Store{db: db, dialect: dialectSQLite, log: log}, nil
}

func openPostgres(ctx context.Context, rawURL string, log *slog.Logger) (*Store, error) {
	pc, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, scrub(fmt.Errorf("DATABASE_URL is not a valid PostgreSQL URL: %w", err), rawURL)
	}
	db := stdlib.OpenDB(*pc)
	db.SetMaxOpenConns(postgresMaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, scrub(fmt.Errorf("DATABASE_URL: cannot connect to PostgreSQL at %s: %w", where(pc), err), rawURL)
	}
	log.Info("feedback store opened", "driver", "postgres", "server", where(pc))
	return &Store{db: db, dialect: dialectPostgres, log: log}, nil
}

// where names a server and database without credentials.
func where(pc *pgx.ConnConfig) string {
	return fmt.Sprintf("%s:%d/%s", pc.Host, pc.Port, pc.Database)
}

// scrub removes any password rawURL carries (in its user info or a
// password= parameter) from err's text. The result loses err's chain: a
// driver's error could otherwise still print the password.
func scrub(err error, rawURL string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	secrets := passwords(rawURL)
	if len(secrets) == 0 {
		return err
	}
	for _, p := range secrets {
		msg = strings.ReplaceAll(msg, p, "xxxxx")
	}
	return errors.New(msg)
}

// passwords lists the password forms that can occur in rawURL, escaped and
// not, longest first so one does not leave part of another.
func passwords(rawURL string) []string {
	var out []string
	add := func(p string) {
		if p == "" {
			return
		}
		out = append(out, p)
		if e := url.QueryEscape(p); e != p {
			out = append(out, e)
		}
		if e := url.PathEscape(p); e != p {
			out = append(out, e)
		}
	}
	if u, err := url.Parse(rawURL); err == nil {
		if p, ok := u.User.Password(); ok {
			add(p)
		}
		for _, p := range u.Query()["password"] {
			add(p)
		}
	}
	// A URL url.Parse rejects (a bad port, say) still has user:password@.
	if i := strings.Index(rawURL, "://"); i >= 0 {
		rest := rawURL[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if c := strings.Index(rest[:at], ":"); c >= 0 {
				p := rest[c+1 : at]
				add(p)
				if up, err := url.PathUnescape(p); err == nil {
					add(up)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}
