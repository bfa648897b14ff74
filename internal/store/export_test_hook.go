package store

import "context"

// ExecForTest runs a raw statement. It exists for test support
// (internal/testdb) that must do what no store method does, such as
// tampering with the audit log to prove the chain catches it.
func ExecForTest(ctx context.Context, q *Q, query string, args ...any) error {
	_, err := q.x.ExecContext(ctx, query, args...)
	return err
}
