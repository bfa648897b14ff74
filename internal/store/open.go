// Package store keeps wijkregie's data in SQLite (the embedded default) or
// PostgreSQL (production). One set of hand-written SQL serves both: both
// drivers bind $1, $2, … by position; where the dialects differ, the branch
// sits beside its single caller (the migration lock in migrate.go, the
// error codes in errors.go, the schema files in migrations/).
//
// Every method takes the municipality (tenant) id and filters on it first;
// no query crosses municipalities.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"wijkregie/internal/bsnkey"
)

// Dialect names the database engine behind a Store.
type Dialect string

// The two engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options say where the store is. DB, a postgres:// URL, selects PostgreSQL;
// otherwise DataDir holds the SQLite file.
type Options struct {
	DataDir string
	DB      string
	// BSNKeys seal and hash the BSN (docs/privacy.md). Without them the
	// SQLite store uses the key file BSNKeyFile in DataDir, made on first
	// open; PostgreSQL, the production store, is refused (ErrNoBSNKey): a
	// key made by the database's client would end up wherever that client
	// happens to run, and be lost with it.
	BSNKeys *bsnkey.Keyring
	// Now is the clock for timestamps the store sets; time.Now when nil.
	Now func() time.Time
	// Observe, when set, is told how long each store operation took.
	Observe func(op string, d time.Duration, err error)
}

// Store is the data layer. Reads go through R(); changes through Tx.
type Store struct {
	keys *bsnkey.Keyring
	// madeKeyFile is the key file Open made, "" when it made none.
	madeKeyFile string
	dialect     Dialect
	db          *sql.DB // writes; on PostgreSQL also reads
	rdb         *sql.DB // reads
	now         func() time.Time
	observe     func(op string, d time.Duration, err error)
}

// SQLiteFile is the file name of the embedded store inside the data folder.
const SQLiteFile = "wijkregie.db"

// BSNKeyFile is the file name of the SQLite store's BSN key inside the data
// folder, when no key is given (Options.BSNKeys).
const BSNKeyFile = "bsn-sleutel"

// ErrNoBSNKey is Open's refusal of a PostgreSQL store without BSN keys.
var ErrNoBSNKey = errors.New("db: PostgreSQL needs a BSN key: give --bsn-sleutel FILE (WIJKREGIE_BSN_SLEUTEL_BESTAND) or the key itself in WIJKREGIE_BSN_SLEUTEL; wijkregie bsn-sleutel nieuw makes one")

// Open connects to the store; it applies no migrations: call Migrate (which
// also refuses a store written by a newer version) or CheckSchema.
func Open(ctx context.Context, o Options) (*Store, error) {
	s := &Store{now: o.Now, observe: o.Observe, keys: o.BSNKeys}
	if s.now == nil {
		s.now = time.Now
	}
	var err error
	if o.DB != "" {
		if s.keys == nil {
			return nil, ErrNoBSNKey
		}
		err = s.openPostgres(ctx, o.DB)
	} else {
		err = s.openSQLite(ctx, o.DataDir)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Store) openPostgres(ctx context.Context, dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("db: not a postgres:// URL")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("db: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fmt.Errorf("db: PostgreSQL is not reachable: %w", err)
	}
	s.dialect, s.db, s.rdb = Postgres, db, db
	return nil
}

// SQLite pragmas, in pocketbase's order: busy_timeout first so the others
// can wait for a lock. synchronous(FULL) makes every acknowledged commit
// survive a power cut, not only a process crash; at about 3,000 small
// transactions a second it is still far above a municipality's load
// (docs/decisions.md). temp_store(2) keeps statement journals and
// temporary sort trees in memory: no temporary file with personal data
// on disk, and no system call per spilled page.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=temp_store(2)&_time_format=sqlite"

func (s *Store) openSQLite(ctx context.Context, dir string) error {
	if dir == "" {
		return errors.New("data: no folder given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if s.keys == nil {
		// The embedded default keeps its key beside the database, so a
		// first start needs no setup. A backup of the folder holds both;
		// docs/privacy.md says why a municipality should split them.
		path := filepath.Join(dir, BSNKeyFile)
		keys, created, err := bsnkey.LoadOrCreate(path)
		if err != nil {
			return &BSNKeyError{Path: path, Err: err}
		}
		s.keys = keys
		if created {
			s.madeKeyFile = path
		}
	}
	path := filepath.Join(dir, SQLiteFile)
	// One writer connection: SQLite allows one writer at a time, and queueing
	// in the pool is cheaper than busy-waiting in the engine. Immediate
	// transactions take the write lock at BEGIN, so no transaction fails
	// half-way on a lock upgrade.
	w, err := sql.Open("sqlite", sqliteURI(path)+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return fmt.Errorf("data: cannot open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", sqliteURI(path)+"?"+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("data: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s.dialect, s.db, s.rdb = SQLite, w, r
	return nil
}

// Close closes the connections.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	return err
}

// BSNKeys are the keys that seal and hash the BSN.
func (s *Store) BSNKeys() *bsnkey.Keyring { return s.keys }

// Dialect reports the engine.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the store answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.rdb.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Stats reports the connection pool, for metrics.
func (s *Store) Stats() sql.DBStats { return s.db.Stats() }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now().UTC() }

// DescribeTarget names where the store is without secrets: the data folder,
// or the PostgreSQL host and database without user or password.
func DescribeTarget(o Options) string {
	if o.DB == "" {
		return filepath.Join(o.DataDir, SQLiteFile)
	}
	u, err := url.Parse(o.DB)
	if err != nil {
		return "postgres"
	}
	return "postgres://" + u.Host + "/" + strings.TrimPrefix(u.Path, "/")
}

// sqliteURI is the file: URI of a database path. SQLite reads a URI's
// path up to a '?' or '#' and decodes %HH in it, so a folder named with
// one of those three would otherwise open another file.
func sqliteURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}
