package store

import (
	"context"
	"database/sql"
	"runtime"
	"strings"
	"sync"
	"time"
)

// observed times every statement and reports it under the name of the Q
// method that ran it ("Households", "AppendAudit"), so the metrics show
// which query is slow without any query text.
type observed struct {
	x       querier
	observe func(op string, d time.Duration, err error)
}

func (o observed) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	start := time.Now()
	res, err := o.x.ExecContext(ctx, query, args...)
	o.observe(caller(), time.Since(start), err)
	return res, err
}

func (o observed) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	rows, err := o.x.QueryContext(ctx, query, args...)
	o.observe(caller(), time.Since(start), err)
	return rows, err
}

func (o observed) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	start := time.Now()
	row := o.x.QueryRowContext(ctx, query, args...)
	o.observe(caller(), time.Since(start), row.Err())
	return row
}

var opNames sync.Map // pc → method name

// caller names the store method two frames up: the one that called the
// observed querier.
func caller() string {
	var pcs [1]uintptr
	if runtime.Callers(3, pcs[:]) == 0 {
		return "unknown"
	}
	if name, ok := opNames.Load(pcs[0]); ok {
		return name.(string)
	}
	name := "unknown"
	if f := runtime.FuncForPC(pcs[0]); f != nil {
		name = f.Name()
		name = name[strings.LastIndex(name, ".")+1:]
	}
	opNames.Store(pcs[0], name)
	return name
}

// wrap returns x, timed when the store has an observer.
func (s *Store) wrap(x querier) querier {
	if s.observe == nil {
		return x
	}
	return observed{x: x, observe: s.observe}
}
