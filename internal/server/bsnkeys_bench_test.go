package server_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"wijkregie/internal/bsnkey"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The BSN keys of the scale fixtures. A sealed BSN opens only with the key
// that sealed it, so a store opened on fixture rows must be given the key
// they were sealed with.

// fixtureKeys are the keys of the cached SQLite fixture in folder fixture:
// the key file the SQLite store made there when it was built (or when a
// fixture built before the BSN was sealed was migrated).
func fixtureKeys(b *testing.B, fixture string) *bsnkey.Keyring {
	b.Helper()
	keys, err := bsnkey.Load(filepath.Join(fixture, store.BSNKeyFile))
	if err != nil {
		b.Fatal(err)
	}
	return keys
}

// postgresKeys are the keys of the PostgreSQL fixture of n households. Rows
// copied from the SQLite fixture take its key. A database kept between runs
// (WIJKREGIE_BENCH_PG_URL) and filled by the demo keeps its own key in the
// bench folder, so the next run reads it; a database built anew by the
// demo gets a new key.
func postgresKeys(b *testing.B, n int, kept string, copied bool) *bsnkey.Keyring {
	b.Helper()
	switch {
	case copied:
		return fixtureKeys(b, sqliteFixture(b, n))
	case kept != "":
		dir := os.Getenv("WIJKREGIE_BENCH_DIR")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), fmt.Sprintf("wijkregie-scale-%d", n))
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			b.Fatal(err)
		}
		keys, _, err := bsnkey.LoadOrCreate(filepath.Join(dir, "postgres-"+store.BSNKeyFile))
		if err != nil {
			b.Fatal(err)
		}
		return keys
	}
	return testdb.Keys(b)
}
