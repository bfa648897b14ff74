package testdb

import (
	"context"
	"testing"

	"wijkregie/internal/store"
)

// Exec runs a raw statement inside a store transaction, for tests that need
// to do what the store's methods never do.
func Exec(ctx context.Context, q *store.Q, query string, args ...any) error {
	return store.ExecForTest(ctx, q, query, args...)
}

// Tamper changes the audit log behind the store's back, as someone with
// direct database access could: it lifts the append-only trigger, runs the
// statement and puts the trigger back.
func Tamper(t testing.TB, s *store.Store, statement string) {
	t.Helper()
	ctx := context.Background()
	var stmts []string
	switch s.Dialect() {
	case store.SQLite:
		stmts = []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`, statement,
			`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
			`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`}
	case store.Postgres:
		stmts = []string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`, statement, `ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`}
	}
	err := s.Tx(ctx, func(q *store.Q) error {
		for _, st := range stmts {
			if err := Exec(ctx, q, st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("tamper: %v", err)
	}
}
