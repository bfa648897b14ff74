package store

import (
	"context"
	"database/sql"
)

// ExecForTest runs a raw statement. It exists for test support
// (internal/testdb) that must do what no store method does, such as
// tampering with the audit log to prove the chain catches it.
func ExecForTest(ctx context.Context, q *Q, query string, args ...any) error {
	_, err := q.x.ExecContext(ctx, query, args...)
	return err
}

// QueryForTest runs a raw query, for tests that read what no store method
// reads, such as the catalogue that shows both engines reached the same
// schema.
func QueryForTest(ctx context.Context, q *Q, query string, args ...any) (*sql.Rows, error) {
	return q.x.QueryContext(ctx, query, args...)
}

// MigrateForTest applies the migrations up to version upTo only, so a test
// can write rows in the shape of an older schema and then Migrate.
func MigrateForTest(ctx context.Context, s *Store, upTo int) (int, error) {
	return s.migrateTo(ctx, upTo)
}
