package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations for a dialect, in order. Each
// dialect has its own folder with the same numbers; a test checks both reach
// the same tables and columns.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", name)
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// ErrNewerSchema is returned when the store was written by a newer version
// of wijkregie than this binary: running on would risk damaging its data.
type ErrNewerSchema struct{ Store, Binary int }

// Error says which versions disagree.
func (e *ErrNewerSchema) Error() string {
	return fmt.Sprintf("the store has schema version %d, this wijkregie knows up to %d: use a newer wijkregie", e.Store, e.Binary)
}

// SchemaVersion returns the highest applied migration, 0 for an empty store.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	if err := s.ensureVersionTable(ctx); err != nil {
		return 0, err
	}
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

func (s *Store) ensureVersionTable(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
)`)
	return err
}

// goSteps are the migrations' steps that SQL cannot do, by version: each
// runs in its migration's transaction right after the migration's SQL, and
// returns how many rows it changed.
var goSteps = map[int]func(ctx context.Context, q *Q) (int, error){
	11: sealPlainBSNs, // 0011_bsn_sealed.sql
}

// Migrate applies the migrations the store lacks, each in its own
// transaction, and returns how many it applied. It refuses a store written
// by a newer version, and BSN keys that do not open the store's BSNs
// (ErrBSNKeyMismatch).
func (s *Store) Migrate(ctx context.Context) (int, error) {
	return s.migrateTo(ctx, 0)
}

// migrateTo is Migrate, stopping after version upTo when upTo > 0 (tests
// write rows in the shape of an older schema).
func (s *Store) migrateTo(ctx context.Context, upTo int) (int, error) {
	ms, err := Migrations(s.dialect)
	if err != nil {
		return 0, err
	}
	limit := len(ms)
	if upTo > 0 && upTo < limit {
		limit = upTo
	}
	if err := s.ensureVersionTable(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	applied, sealed := 0, 0
	for {
		done, n, err := s.migrateNext(ctx, ms, limit)
		if err != nil {
			return applied, err
		}
		if done {
			break
		}
		applied++
		sealed += n
	}
	if sealed > 0 && s.dialect == SQLite {
		// The plaintext BSNs are gone from the tables, but SQLite keeps
		// freed pages as they were until they are reused: VACUUM writes
		// the file anew from what is live. (On PostgreSQL the old row
		// versions wait for VACUUM FULL; docs/privacy.md.)
		if _, err := s.db.ExecContext(ctx, `VACUUM`); err != nil {
			return applied, fmt.Errorf("migrate: vacuum after sealing the BSNs: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return applied, fmt.Errorf("migrate: checkpoint after sealing the BSNs: %w", err)
		}
	}
	if s.dialect == SQLite {
		// SQLite plans by the statistics ANALYZE left, and a new index has
		// none: at 1,000,000 households the level changes of a quarter
		// went through every case instead of the period's events (10 s
		// instead of 50 ms) until the new indexes were analysed. At every
		// start, as SQLite advises for a long-lived connection: it
		// analyses only what lacks statistics or has grown much, a sample
		// of each index, and is quick when nothing does.
		if _, err := s.db.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
			return applied, fmt.Errorf("migrate: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `PRAGMA optimize = 0x10002`); err != nil {
			return applied, fmt.Errorf("migrate: analyse after migrating: %w", err)
		}
	}
	if upTo == 0 {
		if err := s.CheckBSNKeys(ctx); err != nil {
			var mm *ErrBSNKeyMismatch
			if errors.As(err, &mm) && s.madeKeyFile != "" {
				// A key made just now for a store whose BSNs another key
				// sealed has sealed nothing: it goes, so the folder is as
				// it was for the key to be restored into.
				os.Remove(s.madeKeyFile)
			}
			return applied, err
		}
	}
	return applied, nil
}

// migrateNext applies one migration of the first limit and its Go step; done
// reports that none was left, changed what the Go step changed.
func (s *Store) migrateNext(ctx context.Context, ms []Migration, limit int) (done bool, changed int, err error) {
	err = s.Tx(ctx, func(q *Q) error {
		if s.dialect == Postgres {
			// Several instances may start at once against one database: the
			// lock makes them migrate one after the other.
			if _, err := q.x.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7420001)`); err != nil {
				return err
			}
		}
		var v int
		if err := q.x.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
			return err
		}
		if v > len(ms) {
			return &ErrNewerSchema{Store: v, Binary: len(ms)}
		}
		if v >= limit {
			done = true
			return nil
		}
		m := ms[v]
		if _, err := q.x.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if step := goSteps[m.Version]; step != nil {
			n, err := step(ctx, q)
			if err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			changed = n
		}
		_, err := q.x.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, q.Now())
		return err
	})
	return done, changed, err
}

// CheckSchema verifies that the store is fully migrated by this binary.
func (s *Store) CheckSchema(ctx context.Context) error {
	ms, err := Migrations(s.dialect)
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if v > len(ms) {
		return &ErrNewerSchema{Store: v, Binary: len(ms)}
	}
	if v < len(ms) {
		return fmt.Errorf("the store has schema version %d, expected %d: run wijkregie migrate", v, len(ms))
	}
	return nil
}
