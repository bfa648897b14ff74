package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
	"wijkregie/internal/bsnkey"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs queries, either on the read pool (Store.R) or inside a write
// transaction (Store.Tx). Every method is defined once, on Q.
type Q struct {
	x       querier
	dialect Dialect
	now     func() time.Time
	keys    *bsnkey.Keyring
}

// At returns q with another clock, in the same transaction: what the
// store stamps (a case opened, a regisseur assigned, an event) is stamped
// by now. The demo uses it to give its cases a believable past; use cases
// never do, their records carry the moment they happen.
func (q *Q) At(now func() time.Time) *Q { c := *q; c.now = now; return &c }

// R returns the reader. On SQLite its connections are query-only, so a
// change attempted outside Tx fails loudly in tests.
func (s *Store) R() *Q { return &Q{x: s.wrap(s.rdb), dialect: s.dialect, now: s.now, keys: s.keys} }

// Tx runs fn in one write transaction: all of fn's changes and audit
// records commit together or not at all. fn must not keep q after return.
func (s *Store) Tx(ctx context.Context, fn func(q *Q) error) (err error) {
	start := time.Now()
	defer func() {
		if s.observe != nil {
			// A refused change (invalid, conflict, not found) is an answer,
			// not a store error.
			var fault error
			if wijkregie.ErrorCode(err) == wijkregie.EINTERNAL {
				fault = err
			}
			s.observe("tx", time.Since(start), fault)
		}
	}()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(&Q{x: s.wrap(tx), dialect: s.dialect, now: s.now, keys: s.keys}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Now is the clock, in UTC, rounded to microseconds: PostgreSQL keeps no
// finer, and a value must read back as it was written on both engines.
func (q *Q) Now() time.Time { return q.now().UTC().Round(time.Microsecond) }

// stamp is how the store keeps a time it is given: in UTC, cut to the
// microsecond as PostgreSQL (through pgx) does. SQLite would keep
// nanoseconds, and the two engines would read back different values.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: stamp(t), Valid: true}
}

// date keeps only the calendar day, in UTC, for DATE columns.
func date(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func nullDate(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: date(t), Valid: true}
}

func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// queryIDs runs a query whose rows are one id each and returns them in
// its order; what names the query in an error.
func (q *Q) queryIDs(ctx context.Context, what, query string, args ...any) ([]string, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
