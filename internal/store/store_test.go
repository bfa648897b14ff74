package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// emptyStore opens a second, unmigrated store on the same engine as s.
func emptyStore(t *testing.T, s *store.Store) *store.Store {
	t.Helper()
	o := store.Options{DataDir: t.TempDir()}
	if s.Dialect() == store.Postgres {
		u, err := testdb.PostgresURL(t)
		if err != nil {
			t.Fatal(err)
		}
		o = store.Options{DB: u, BSNKeys: testdb.Keys(t)}
	}
	e, err := store.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestMigrateFromEmptyThenIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		ms, err := store.Migrations(s.Dialect())
		if err != nil {
			t.Fatal(err)
		}
		e := emptyStore(t, s)
		if v, err := e.SchemaVersion(ctx); err != nil || v != 0 {
			t.Fatalf("SchemaVersion of an empty store = %d, %v; want 0, nil", v, err)
		}
		err = e.CheckSchema(ctx)
		var newer *store.ErrNewerSchema
		if err == nil || errors.As(err, &newer) {
			t.Fatalf("CheckSchema of an empty store = %v; want a not-migrated error", err)
		}
		if n, err := e.Migrate(ctx); err != nil || n != len(ms) {
			t.Fatalf("first Migrate = %d, %v; want %d, nil", n, err, len(ms))
		}
		if n, err := e.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second Migrate = %d, %v; want 0, nil", n, err)
		}
		if v, err := e.SchemaVersion(ctx); err != nil || v != len(ms) {
			t.Fatalf("SchemaVersion = %d, %v; want %d, nil", v, err, len(ms))
		}
		if err := e.CheckSchema(ctx); err != nil {
			t.Fatalf("CheckSchema after Migrate = %v; want nil", err)
		}
	})
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		ms, err := store.Migrations(s.Dialect())
		if err != nil {
			t.Fatal(err)
		}
		// A later wijkregie applied a migration this binary does not know.
		mustTx(t, s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				len(ms)+1, "9999_uit_de_toekomst.sql", q.Now())
		})
		want := &store.ErrNewerSchema{Store: len(ms) + 1, Binary: len(ms)}

		n, err := s.Migrate(ctx)
		var got *store.ErrNewerSchema
		if !errors.As(err, &got) || n != 0 {
			t.Fatalf("Migrate = %d, %v; want 0, *store.ErrNewerSchema", n, err)
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Migrate error (-got +want):\n%s", diff)
		}
		if err := s.CheckSchema(ctx); !errors.As(err, &got) || *got != *want {
			t.Errorf("CheckSchema = %v; want %v", err, want)
		}
		if v, err := s.SchemaVersion(ctx); err != nil || v != len(ms)+1 {
			t.Errorf("SchemaVersion = %d, %v; want %d, nil", v, err, len(ms)+1)
		}
	})
}

func TestMigrationsAreNumberedAlikeOnBothEngines(t *testing.T) {
	names := func(d store.Dialect) []string {
		ms, err := store.Migrations(d)
		if err != nil {
			t.Fatalf("Migrations(%s): %v", d, err)
		}
		var out []string
		for i, m := range ms {
			if m.Version != i+1 || m.SQL == "" {
				t.Errorf("Migrations(%s)[%d] = version %d with %d bytes; want version %d with SQL", d, i, m.Version, len(m.SQL), i+1)
			}
			out = append(out, m.Name)
		}
		return out
	}
	if diff := cmp.Diff(names(store.SQLite), names(store.Postgres)); diff != "" {
		t.Errorf("migration names (-sqlite +postgres):\n%s", diff)
	}
}

func TestTxCommitsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		refused := errors.New("geweigerd")
		err := s.Tx(ctx, func(q *store.Q) error {
			if err := q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: "GM0001", Name: "Een"}); err != nil {
				return err
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("Tx = %v; want the error fn returned", err)
		}
		_, err = s.R().Municipality(ctx, "GM0001")
		wantCode(t, err, wijkregie.ENOTFOUND)

		func() {
			defer func() {
				if p := recover(); p != "kapot" {
					t.Errorf("recovered %v; want the panic to pass through Tx", p)
				}
			}()
			s.Tx(ctx, func(q *store.Q) error {
				if err := q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: "GM0002", Name: "Twee"}); err != nil {
					return err
				}
				panic("kapot")
			})
		}()
		_, err = s.R().Municipality(ctx, "GM0002")
		wantCode(t, err, wijkregie.ENOTFOUND)

		// The writer is free again: a panic or error left no transaction open.
		newMunicipality(t, s, "GM0003")
		if _, err := s.R().Municipality(ctx, "GM0003"); err != nil {
			t.Fatalf("Municipality after commit: %v", err)
		}
	})
}

func TestPingDialectAndStats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		if got, want := string(s.Dialect()), lastName(t); got != want {
			t.Errorf("Dialect() = %q, want %q", got, want)
		}
		if err := s.Ping(t.Context()); err != nil {
			t.Errorf("Ping = %v, want nil", err)
		}
		if st := s.Stats(); st.MaxOpenConnections < 1 || st.OpenConnections < 1 {
			t.Errorf("Stats() = %+v; want an open, bounded pool", st)
		}
	})
}

// lastName is the engine subtest's name: "sqlite" or "postgres".
func lastName(t *testing.T) string {
	n := t.Name()
	for i := len(n) - 1; i >= 0; i-- {
		if n[i] == '/' {
			return n[i+1:]
		}
	}
	return n
}

func TestClockIsUTCAndQRoundsToMicroseconds(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		if got, want := s.Now(), start.UTC(); !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("Store.Now() = %v, want %v", got, want)
		}
		got := s.R().Now()
		want := time.Date(2026, 3, 14, 9, 26, 53, 123457000, time.UTC)
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("Q.Now() = %v, want %v", got, want)
		}
	})
}

func TestOpenRefusesBadTargets(t *testing.T) {
	ctx := t.Context()
	for _, o := range []store.Options{
		{DB: "mysql://localhost/wijkregie"},
		{DB: "://"},
		{}, // neither a URL nor a data folder
	} {
		if s, err := store.Open(ctx, o); err == nil {
			s.Close()
			t.Errorf("Open(%+v) = nil error; want a refusal", o)
		}
	}
}

func TestDescribeTargetHidesSecrets(t *testing.T) {
	for _, tc := range []struct {
		o    store.Options
		want string
	}{
		{store.Options{DataDir: "/var/lib/wijkregie"}, "/var/lib/wijkregie/" + store.SQLiteFile},
		{store.Options{DB: "postgres://wr:geheim@db.example:5432/wijkregie?sslmode=require"}, "postgres://db.example:5432/wijkregie"},
		{store.Options{DB: "postgres://%zz"}, "postgres"},
	} {
		if got := store.DescribeTarget(tc.o); got != tc.want {
			t.Errorf("DescribeTarget(%+v) = %q, want %q", tc.o, got, tc.want)
		}
	}
}

// TestOpenOddFolderNames: a data folder whose name holds a character a
// file: URI gives a meaning ('?', '#', '%') is still the folder the
// database lives in.
func TestOpenOddFolderNames(t *testing.T) {
	for _, name := range []string{"a#b", "a?b", "100%"} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(t.Context(), store.Options{DataDir: dir})
		if err != nil {
			t.Fatalf("Open in %q: %v", name, err)
		}
		if _, err := s.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate in %q: %v", name, err)
		}
		s.Close()
		if _, err := os.Stat(filepath.Join(dir, store.SQLiteFile)); err != nil {
			t.Errorf("folder %q: the database is not in it: %v", name, err)
		}
	}
}
