package store_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// Each engine has its own migrations folder; these tests prove both reach
// the same schema, and that the schema keys every tenant's rows by
// municipality first.

// column is a column as both engines can describe it.
type column struct {
	Name    string
	Type    string // family: text, integer, boolean, timestamp, date
	NotNull bool   // declared NOT NULL or part of the primary key
}

// index is a named index (not the one behind a primary key).
type index struct {
	Table   string
	Columns []string
	Unique  bool
	Partial bool
}

// schema is what Migrate made.
type schema struct {
	Columns    map[string][]column // by table, in declared order
	PrimaryKey map[string][]string // by table, in key order
	Indexes    map[string]index    // by name
}

// typeFamily maps each engine's type name onto one family, so INTEGER and
// BIGINT, TIMESTAMP and TIMESTAMPTZ compare alike.
func typeFamily(t *testing.T, table, col, typ string) string {
	t.Helper()
	switch strings.ToLower(typ) {
	case "text":
		return "text"
	case "integer", "bigint", "int", "int4", "int8":
		return "integer"
	case "boolean", "bool":
		return "boolean"
	case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone":
		return "timestamp"
	case "date":
		return "date"
	}
	t.Errorf("%s.%s: type %q has no family; extend typeFamily", table, col, typ)
	return typ
}

// rows runs a catalogue query and calls fn with each row's scanned values.
func rows(t *testing.T, s *store.Store, query string, fn func(scan func(...any))) {
	t.Helper()
	rs, err := store.QueryForTest(t.Context(), s.R(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	for rs.Next() {
		fn(func(dst ...any) {
			if err := rs.Scan(dst...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		})
	}
	if err := rs.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func readSchema(t *testing.T, s *store.Store) schema {
	t.Helper()
	sc := schema{Columns: map[string][]column{}, PrimaryKey: map[string][]string{}, Indexes: map[string]index{}}
	addIndexColumn := func(name, table string, unique, partial bool, col string) {
		ix := sc.Indexes[name]
		ix.Table, ix.Unique, ix.Partial, ix.Columns = table, unique, partial, append(ix.Columns, col)
		sc.Indexes[name] = ix
	}
	switch s.Dialect() {
	case store.SQLite:
		pks := map[string]map[int]string{}
		rows(t, s, `SELECT m.name, p.name, p.type, p."notnull", p.pk
FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND p.hidden <> 1
ORDER BY m.name, p.cid`, func(scan func(...any)) {
			var table, name, typ string
			var notNull bool
			var pk int
			scan(&table, &name, &typ, &notNull, &pk)
			sc.Columns[table] = append(sc.Columns[table], column{name, typeFamily(t, table, name, typ), notNull || pk > 0})
			if pk > 0 {
				if pks[table] == nil {
					pks[table] = map[int]string{}
				}
				pks[table][pk] = name
			}
		})
		for table, cols := range pks {
			for i := 1; i <= len(cols); i++ {
				sc.PrimaryKey[table] = append(sc.PrimaryKey[table], cols[i])
			}
		}
		// sql IS NULL marks the indexes SQLite makes itself for a primary
		// key or UNIQUE constraint.
		rows(t, s, `SELECT m.name, m.tbl_name, l."unique", l.partial, i.name
FROM sqlite_master m
JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
JOIN pragma_index_info(m.name) i
WHERE m.type = 'index' AND m.sql IS NOT NULL
ORDER BY m.name, i.seqno`, func(scan func(...any)) {
			var name, table, col string
			var unique, partial bool
			scan(&name, &table, &unique, &partial, &col)
			addIndexColumn(name, table, unique, partial, col)
		})
	case store.Postgres:
		rows(t, s, `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO'
FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
ORDER BY c.table_name, c.ordinal_position`, func(scan func(...any)) {
			var table, name, typ string
			var notNull bool
			scan(&table, &name, &typ, &notNull)
			sc.Columns[table] = append(sc.Columns[table], column{name, typeFamily(t, table, name, typ), notNull})
		})
		rows(t, s, `SELECT k.table_name, k.column_name
FROM information_schema.table_constraints c
JOIN information_schema.key_column_usage k
  ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()
ORDER BY k.table_name, k.ordinal_position`, func(scan func(...any)) {
			var table, col string
			scan(&table, &col)
			sc.PrimaryKey[table] = append(sc.PrimaryKey[table], col)
		})
		// pg_indexes names them; pg_index says which back a constraint,
		// whether they are unique or partial, and their columns in order.
		rows(t, s, `SELECT pi.indexname, pi.tablename, x.indisunique, x.indpred IS NOT NULL, a.attname
FROM pg_indexes pi
JOIN pg_class c ON c.relname = pi.indexname
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = pi.schemaname
JOIN pg_index x ON x.indexrelid = c.oid
CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
WHERE pi.schemaname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint pc WHERE pc.conindid = x.indexrelid)
ORDER BY pi.indexname, k.ord`, func(scan func(...any)) {
			var name, table, col string
			var unique, partial bool
			scan(&name, &table, &unique, &partial, &col)
			addIndexColumn(name, table, unique, partial, col)
		})
	}
	return sc
}

func TestSchemaKeysEveryTenantRowByMunicipality(t *testing.T) {
	got := map[store.Dialect]schema{}
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		sc := readSchema(t, s)
		got[s.Dialect()] = sc
		// A floor, so an empty catalogue query cannot pass.
		for _, table := range []string{"municipalities", "schema_migrations", "teams", "users", "persons", "households", "members", "involvements", "audit_log"} {
			if len(sc.Columns[table]) == 0 || len(sc.PrimaryKey[table]) == 0 {
				t.Errorf("table %s: %d columns, primary key %v; want both", table, len(sc.Columns[table]), sc.PrimaryKey[table])
			}
		}
		if len(sc.Indexes) < 10 {
			t.Errorf("found %d indexes; the catalogue query must be broken", len(sc.Indexes))
		}
		for _, table := range slices.Sorted(maps.Keys(sc.Columns)) {
			if table == "municipalities" || table == "schema_migrations" {
				continue // the tenant table itself, and the store's own version
			}
			if pk := sc.PrimaryKey[table]; len(pk) == 0 || pk[0] != "municipality_id" {
				t.Errorf("table %s: primary key %v; want municipality_id first", table, pk)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(sc.Indexes)) {
			if ix := sc.Indexes[name]; ix.Columns[0] != "municipality_id" {
				t.Errorf("index %s on %s%v; want municipality_id first", name, ix.Table, ix.Columns)
			}
		}
	})
	lite, ok1 := got[store.SQLite]
	pg, ok2 := got[store.Postgres]
	if !ok1 || !ok2 {
		t.Skip("parity needs both engines")
	}
	if diff := cmp.Diff(slices.Sorted(maps.Keys(lite.Columns)), slices.Sorted(maps.Keys(pg.Columns))); diff != "" {
		t.Errorf("tables (-sqlite +postgres):\n%s", diff)
	}
	if diff := cmp.Diff(lite.Columns, pg.Columns); diff != "" {
		t.Errorf("columns (-sqlite +postgres):\n%s", diff)
	}
	if diff := cmp.Diff(lite.PrimaryKey, pg.PrimaryKey); diff != "" {
		t.Errorf("primary keys (-sqlite +postgres):\n%s", diff)
	}
	if diff := cmp.Diff(slices.Sorted(maps.Keys(lite.Indexes)), slices.Sorted(maps.Keys(pg.Indexes))); diff != "" {
		t.Errorf("index names (-sqlite +postgres):\n%s", diff)
	}
	if diff := cmp.Diff(lite.Indexes, pg.Indexes); diff != "" {
		t.Errorf("indexes (-sqlite +postgres):\n%s", diff)
	}
}
