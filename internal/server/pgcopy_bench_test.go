package server_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The PostgreSQL fixture, copied: the demo with its case work writes
// every record through the use cases' one-row store calls, which at
// 1,000,000 households takes hours on PostgreSQL, where every statement is
// a round trip. With WIJKREGIE_BENCH_PG_COPY=1 the benchmark copies the
// SQLite fixture (built first when there is none) into the freshly
// migrated PostgreSQL database instead, table by table through
// COPY: the same rows on both engines, in minutes. What is measured
// afterwards runs on PostgreSQL's own schema, indexes and statistics.

// copyToPostgres copies every row of every table of the SQLite store file
// into the migrated PostgreSQL database at pgURL, which must hold nothing
// but what its migrations wrote (those rows are replaced).
func copyToPostgres(b *testing.B, sqliteFile, pgURL string) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	src, err := sql.Open("sqlite", "file:"+sqliteFile+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := sql.Open("pgx", pgURL)
	if err != nil {
		b.Fatal(err)
	}
	defer dst.Close()
	conn, err := dst.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// Foreign keys and triggers off for this session: the tables go in
	// one by one, not in the order their references need, and the SQLite
	// store checked those references when the rows were written.
	if _, err := conn.ExecContext(ctx, `SET session_replication_role = replica`); err != nil {
		b.Fatalf("copy to postgres: %v (the benchmark's database user must be a superuser)", err)
	}
	tables, err := pgTables(ctx, conn)
	if err != nil {
		b.Fatal(err)
	}
	// One transaction that empties every table first: on a server with
	// wal_level=minimal, rows written into a table truncated in the same
	// transaction skip the WAL, which at 1,000,000 households with five
	// years of history would otherwise need as much disk again as the data.
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		b.Fatal(err)
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	if _, err := conn.ExecContext(ctx, `TRUNCATE `+strings.Join(names, ", ")); err != nil {
		b.Fatal(err)
	}
	var total int64
	for _, t := range tables {
		n, err := copyTable(ctx, src, conn, t)
		if err != nil {
			b.Fatalf("copy %s: %v", t.name, err)
		}
		total += n
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		b.Fatal(err)
	}
	b.Logf("postgres fixture copied from %s: %d rows in %d tables in %s", sqliteFile, total, len(tables), time.Since(start).Round(time.Second))
}

// pgTable is a table of the PostgreSQL schema with its columns and
// whether each is a boolean (SQLite gives those as integers).
type pgTable struct {
	name    string
	columns []string
	boolean []bool
}

// pgTables lists the schema's tables, but not the migrations' own.
func pgTables(ctx context.Context, conn *sql.Conn) ([]pgTable, error) {
	rows, err := conn.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
WHERE c.table_schema = current_schema() AND c.table_name <> 'schema_migrations' AND c.is_generated = 'NEVER'
ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pgTable
	for rows.Next() {
		var table, column, typ string
		if err := rows.Scan(&table, &column, &typ); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].name != table {
			out = append(out, pgTable{name: table})
		}
		t := &out[len(out)-1]
		t.columns = append(t.columns, column)
		t.boolean = append(t.boolean, typ == "boolean")
	}
	return out, rows.Err()
}

// copyTable streams the SQLite table's rows into the emptied PostgreSQL
// table through COPY and returns how many.
func copyTable(ctx context.Context, src *sql.DB, dst *sql.Conn, t pgTable) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT `+strings.Join(t.columns, ", ")+` FROM `+t.name)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, len(t.columns))
	ptrs := make([]any, len(t.columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() ([]any, error) {
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return nil, err
			}
			return nil, nil
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if x, ok := v.(int64); ok && t.boolean[i] {
				vals[i] = x != 0
			}
		}
		return vals, nil
	}
	var n int64
	err = dst.Raw(func(dc any) error {
		var err error
		n, err = dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromFunc(next))
		return err
	})
	return n, err
}
