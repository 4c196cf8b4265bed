// Package pgtest starts throwaway PostgreSQL servers for tests, from
// Debian's binaries, and gives each test a schema of its own. It is for
// tests only: nothing else imports it.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for admin connections
)

// EnvURL names a PostgreSQL server the tests use instead of starting
// their own. Each test gets a fresh schema in its database.
const EnvURL = "IRBOT_TEST_POSTGRES_URL"

// shared is the server the tests start once per test binary, when EnvURL is
// unset; Stop stops it.
var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// Stop stops the shared server, if one was started: call it from TestMain
// after m.Run.
func Stop() {
	if shared.srv != nil {
		shared.srv.stop()
	}
}

// Server is a throwaway PostgreSQL cluster in a temp dir, listening only on
// 127.0.0.1 and a socket inside that dir.
type Server struct {
	dir, bin string
	cred     *syscall.Credential // whom to run as: PostgreSQL refuses root
	url      string              // superuser URL of the test database
	stopOnce sync.Once
}

// Skip skips a test for want of PostgreSQL, saying why and how to run it:
// the one reason a PostgreSQL test may skip.
func Skip(tb testing.TB, why error) {
	tb.Helper()
	tb.Skipf("PostgreSQL tests skipped: %v. To run them, install Debian's postgresql package (initdb and pg_ctl under /usr/lib/postgresql/*/bin) or set %s to a server's URL (e.g. postgres://user:pass@127.0.0.1:5432/db; each test makes and drops a schema)", why, EnvURL)
}

// Base returns the URL of a database the tests may make schemas in: EnvURL,
// or the shared server's, started on first use. It skips the test when
// there is neither.
func Base(tb testing.TB) string {
	tb.Helper()
	if u := os.Getenv(EnvURL); u != "" {
		return u
	}
	shared.once.Do(func() { shared.srv, shared.err = startPostgres() })
	if shared.err != nil {
		Skip(tb, shared.err)
	}
	return shared.srv.url
}

// URL returns the URL of a fresh schema, dropped after the test.
func URL(tb testing.TB) string {
	tb.Helper()
	return FreshSchema(tb, Base(tb))
}

// FreshSchema makes a uniquely named schema in base's database and returns
// base with its search_path set to it.
func FreshSchema(tb testing.TB, base string) string {
	tb.Helper()
	var b [6]byte
	rand.Read(b[:])
	schema := "irbot_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open %s: %v", EnvURL, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// startPostgres initdb's and starts a cluster from Debian's binaries.
func startPostgres() (_ *Server, err error) {
	bin, err := postgresBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "irbot-pg-")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	s := &Server{dir: dir, bin: bin}
	defer func() {
		if err != nil {
			s.stop()
		}
	}()
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}
		if err := os.Chown(dir, int(uid), int(gid)); err != nil {
			return nil, fmt.Errorf("chown %s to postgres: %w", dir, err)
		}
	}
	if out, err := s.run("initdb", "-D", s.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories=%s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40", port, dir)
	if out, err := s.run("pg_ctl", "-D", s.data(), "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "30", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		return nil, fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, log)
	}
	root := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	db, err := sql.Open("pgx", root)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE irbot_test"); err != nil {
		return nil, fmt.Errorf("create database: %w", err)
	}
	s.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/irbot_test?sslmode=disable", port)
	return s, nil
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// run runs one of the server's programs as the server's user.
func (s *Server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd.CombinedOutput()
}

// stop stops the server at once and removes its files.
func (s *Server) stop() {
	s.stopOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(s.data(), "postmaster.pid")); err == nil {
			s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "-t", "20", "stop")
		}
		os.RemoveAll(s.dir)
	})
}

// postgresBin finds the newest Debian PostgreSQL with initdb and pg_ctl.
func postgresBin() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	var dirs []string
	for _, f := range found {
		dir := filepath.Dir(f)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			dirs = append(dirs, dir)
		}
	}
	if len(dirs) == 0 {
		return "", errors.New("no initdb and pg_ctl under /usr/lib/postgresql/*/bin")
	}
	version := func(dir string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
		return n
	}
	slices.SortFunc(dirs, func(a, b string) int { return version(b) - version(a) })
	return dirs[0], nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Own starts a server for one test alone (one it may stop), or skips.
func Own(tb testing.TB) *Server {
	tb.Helper()
	s, err := startPostgres()
	if err != nil {
		if os.Getenv(EnvURL) != "" {
			err = fmt.Errorf("this test stops a server of its own, which %s cannot give it: %w", EnvURL, err)
		}
		Skip(tb, err)
	}
	tb.Cleanup(s.stop)
	return s
}

// URL is the server's superuser URL of its test database.
func (s *Server) URL() string { return s.url }

// StopNow stops the server mid-test, keeping its files until cleanup.
func (s *Server) StopNow(tb testing.TB) {
	tb.Helper()
	if out, err := s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "-t", "20", "stop"); err != nil {
		tb.Fatalf("pg_ctl stop: %v\n%s", err, strings.TrimSpace(string(out)))
	}
}
