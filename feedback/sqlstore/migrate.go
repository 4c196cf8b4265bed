package sqlstore

import (
	"context"
	"database/sql/driver"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// Migrations are applied by goose's Provider, which keeps no global state and
// runs each migration in its own transaction on one connection (so SQLite's
// single connection is enough). One directory per dialect: the types differ.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// migrationLockClass is the first key of the PostgreSQL advisory lock that
// serialises migrations ("irbt"); the second is the schema's hash, so
// databases holding several irbot schemas (tests do) do not queue up.
const migrationLockClass = 0x69726274

// migrate applies the pending migrations.
func (s *Store) migrate(ctx context.Context) error {
	dir, gd := "migrations/sqlite", goose.DialectSQLite3
	if s.dialect == dialectPostgres {
		dir, gd = "migrations/postgres", goose.DialectPostgres
		// goose's own session locker guards the migrations but not the
		// version-table check Up makes first, so replicas starting together
		// collide there and goose retries after a second. Holding the lock
		// on a connection of our own across the whole of Up serialises both,
		// and pg_advisory_lock waits without polling.
		unlock, err := s.lockMigrations(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return fmt.Errorf("feedback migrations: %w", err)
	}
	p, err := goose.NewProvider(gd, s.db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("feedback migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("feedback migrations (%s): %w", s.dialect, err)
	}
	for _, r := range results {
		s.log.Info("feedback migration applied", "driver", s.dialect.String(), "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

// lockMigrations takes the PostgreSQL migration lock on a connection it
// keeps until unlock is called.
func (s *Store) lockMigrations(ctx context.Context) (unlock func(), err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("feedback migrations: lock: %w", err)
	}
	const key = `$1, hashtext(coalesce(current_schema(), ''))`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`, migrationLockClass); err != nil {
		conn.Close()
		return nil, fmt.Errorf("feedback migrations: lock: %w", err)
	}
	return func() {
		// Closing the connection would release the lock too, but database/sql
		// keeps it in the pool, so unlock explicitly; on failure, drop the
		// connection so the server ends the session and its lock.
		_, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+key+`)`, migrationLockClass)
		if err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // discards the connection
			s.log.Warn("feedback migrations: unlock failed", "err", err)
		}
		conn.Close()
	}, nil
}
