// Package testdb gives tests real stores: a fresh SQLite file and a fresh
// PostgreSQL database per test, so every storage test runs on both engines.
//
// PostgreSQL comes from WIJKREGIE_TEST_POSTGRES (a URL to a server where the
// test user may create databases) or, when that is unset, from a throwaway
// cluster started with the installed initdb and pg_ctl, listening only on a
// Unix socket in a temporary folder. Where neither works the PostgreSQL half
// skips loudly — and fails when WIJKREGIE_REQUIRE_ALL=1, as CI sets it.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"wijkregie/internal/bsnkey"
	"wijkregie/internal/store"
)

// RequireAll reports whether optional suites must run (CI).
func RequireAll() bool { return os.Getenv("WIJKREGIE_REQUIRE_ALL") == "1" }

// Main wraps testing.M.Run so the throwaway cluster, if one was started, is
// stopped when the package's tests end. Use it in TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	cluster.stop()
	return code
}

// Options adjust the stores Each opens.
type Options struct {
	Now func() time.Time
	// BSNKeys seal the stores' BSNs. Without them the SQLite store makes
	// its key file in its folder, as in production, and the PostgreSQL
	// store gets a new random key (PostgreSQL refuses to open without).
	BSNKeys *bsnkey.Keyring
}

// Each runs fn as two subtests, "sqlite" and "postgres", each with a fresh,
// migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	EachWith(t, Options{}, fn)
}

// EachWith is Each with options.
func EachWith(t *testing.T, o Options, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, o)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, o)) })
}

// SQLite opens a fresh, migrated SQLite store in a temporary folder.
func SQLite(t testing.TB, o Options) *store.Store {
	t.Helper()
	return open(t, store.Options{DataDir: t.TempDir(), Now: o.Now, BSNKeys: o.BSNKeys})
}

// Postgres opens a fresh, migrated PostgreSQL database, or skips (fails in
// CI) when no PostgreSQL can be had.
func Postgres(t testing.TB, o Options) *store.Store {
	t.Helper()
	u := PostgresURLOrSkip(t)
	keys := o.BSNKeys
	if keys == nil {
		keys = Keys(t)
	}
	return open(t, store.Options{DB: u, Now: o.Now, BSNKeys: keys})
}

// Keys returns a keyring of one new BSN key.
func Keys(t testing.TB) *bsnkey.Keyring {
	t.Helper()
	k, err := bsnkey.Random()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// PostgresURLOrSkip is PostgresURL for a test that opens the store itself:
// without PostgreSQL it skips, or fails when WIJKREGIE_REQUIRE_ALL=1.
func PostgresURLOrSkip(t testing.TB) string {
	t.Helper()
	u, err := PostgresURL(t)
	if err != nil {
		if RequireAll() {
			t.Fatalf("PostgreSQL is required (WIJKREGIE_REQUIRE_ALL=1) but not available: %v", err)
		}
		t.Skipf("SKIPPING the PostgreSQL half of this test: %v (set WIJKREGIE_TEST_POSTGRES or install PostgreSQL)", err)
	}
	return u
}

// PostgresURL creates a fresh, empty database and returns its URL; it is
// dropped when the test ends.
func PostgresURL(t testing.TB) (string, error) {
	base, err := serverURL()
	if err != nil {
		return "", err
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	name := "wrtest_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database: %w", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String(), nil
}

func open(t testing.TB, o store.Options) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, o)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// serverURL returns the URL of a PostgreSQL server to create databases in.
func serverURL() (string, error) {
	if u := os.Getenv("WIJKREGIE_TEST_POSTGRES"); u != "" {
		return u, nil
	}
	return cluster.start()
}

// cluster is the package's throwaway PostgreSQL, started on first use.
var cluster throwaway

type throwaway struct {
	once  sync.Once
	dir   string
	url   string
	err   error
	pgctl []string // the command that runs pg_ctl, perhaps as user postgres
}

func findPGBin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		return matches[len(matches)-1], nil
	}
	return "", fmt.Errorf("%s not found on PATH or in /usr/lib/postgresql/*/bin", name)
}

func (c *throwaway) start() (string, error) {
	c.once.Do(func() { c.url, c.err = c.startOnce() })
	return c.url, c.err
}

func (c *throwaway) startOnce() (string, error) {
	initdb, err := findPGBin("initdb")
	if err != nil {
		return "", err
	}
	pgctl, err := findPGBin("pg_ctl")
	if err != nil {
		return "", err
	}
	// A short path: a Unix socket path may not exceed about 100 bytes.
	dir, err := os.MkdirTemp("", "wrpg")
	if err != nil {
		return "", err
	}
	c.dir = dir
	var asUser []string
	dbUser := ""
	if os.Geteuid() == 0 {
		// The server refuses to run as root: run it as the postgres user.
		pg, err := user.Lookup("postgres")
		if err != nil {
			return "", errors.New("running as root and there is no postgres user to run the server as")
		}
		if err := chownTo(dir, pg); err != nil {
			return "", err
		}
		asUser = []string{"runuser", "-u", "postgres", "--"}
		dbUser = "postgres"
	} else {
		u, err := user.Current()
		if err != nil {
			return "", err
		}
		dbUser = u.Username
	}
	data := filepath.Join(dir, "data")
	run := func(args ...string) error {
		cmd := exec.Command(args[0], args[1:]...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %w: %s", filepath.Base(args[len(asUser)]), err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := run(append(asUser, initdb, "-D", data, "-U", dbUser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")...); err != nil {
		return "", err
	}
	// Durability settings are off: this cluster lives for one test run.
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories=%s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir)
	c.pgctl = append(asUser, pgctl)
	if err := run(append(c.pgctl, "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start")...); err != nil {
		return "", err
	}
	return fmt.Sprintf("postgres://%s@/postgres?host=%s&sslmode=disable", dbUser, dir), nil
}

func (c *throwaway) stop() {
	if c.dir == "" {
		return
	}
	if c.url != "" {
		args := append(append([]string{}, c.pgctl...), "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
		exec.Command(args[0], args[1:]...).Run()
	}
	os.RemoveAll(c.dir)
}
