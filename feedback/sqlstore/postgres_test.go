package sqlstore

import (
	"os"
	"testing"

	"github.com/irbot/irbot/feedback/sqlstore/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// postgresConfig returns a Config for a fresh schema, dropped after the test.
func postgresConfig(tb testing.TB) Config {
	tb.Helper()
	return Config{URL: pgtest.URL(tb)}
}
