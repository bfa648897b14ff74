package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/bsnkey"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The BSN at rest (issue 5): sealed, found by its keyed hash, never in the
// database as it is. These tests open stores themselves, since they open
// one database with several keyrings.

// eachTarget runs fn on a fresh SQLite folder and a fresh PostgreSQL
// database, given as options without keys.
func eachTarget(t *testing.T, fn func(t *testing.T, o store.Options)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, store.Options{DataDir: t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { fn(t, store.Options{DB: testdb.PostgresURLOrSkip(t)}) })
}

// openKeys opens the store of o with keys (nil: the store's default) and
// migrates it unless upTo says to stop at that version.
func openKeys(t *testing.T, o store.Options, keys *bsnkey.Keyring, upTo int) *store.Store {
	t.Helper()
	o.BSNKeys = keys
	s, err := store.Open(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if upTo > 0 {
		_, err = store.MigrateForTest(t.Context(), s, upTo)
	} else {
		_, err = s.Migrate(t.Context())
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ring(t *testing.T, keys ...bsnkey.Key) *bsnkey.Keyring {
	t.Helper()
	r, err := bsnkey.New(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func key(t *testing.T) bsnkey.Key {
	t.Helper()
	k, err := bsnkey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// holdsNumber reports whether the digits n stand in s other than inside
// an encoded value: nine digits in a row turn up now and then by chance in
// a hex hash or a sealed value, runs of 40 and more letters, digits and
// base64 signs, which no plaintext BSN beside a name or an id makes.
func holdsNumber(s, n string) bool {
	b64 := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '+' || c == '/' || c == '='
	}
	for i := 0; ; {
		j := strings.Index(s[i:], n)
		if j < 0 {
			return false
		}
		lo, hi := i+j, i+j+len(n)
		for lo > 0 && b64(s[lo-1]) {
			lo--
		}
		for hi < len(s) && b64(s[hi]) {
			hi++
		}
		if hi-lo < 40 {
			return true
		}
		i += j + 1
	}
}

// TestHoldsNumber: the scan finds a BSN on its own, in text and beside an
// id in a record's bytes, but not by chance inside a hash or sealed value.
func TestHoldsNumber(t *testing.T) {
	const bsn = "123456782"
	for _, c := range []struct {
		s    string
		want bool
	}{
		{bsn, true},
		{"BSN " + bsn + ".", true},
		{`{"bsn":"` + bsn + `"}`, true},
		{"0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b" + bsn + "Jansen", true},
		{"12345678", false},
		{"9f2c" + bsn + "e0aa41d7c3b2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7", false},
		{"k1:QmFzZTY0" + bsn + "U2VhbGVkVmFsdWVPZkFCU05UaGF0SXNMb25n", false},
	} {
		if got := holdsNumber(c.s, bsn); got != c.want {
			t.Errorf("holdsNumber(%q) = %v; want %v", c.s, got, c.want)
		}
	}
}

// dumpFindings returns where in the database any of needles appears
// (holdsNumber): every column of every table, read as text, as a dump
// would show it.
func dumpFindings(t *testing.T, s *store.Store, needles ...string) []string {
	t.Helper()
	var found []string
	sc := readSchema(t, s)
	cells := 0
	for table, cols := range sc.Columns {
		for _, c := range cols {
			rows(t, s, fmt.Sprintf(`SELECT CAST(%s AS TEXT) FROM %s`, c.Name, table), func(scan func(...any)) {
				var v *string
				scan(&v)
				if v == nil {
					return
				}
				cells++
				for _, n := range needles {
					if holdsNumber(*v, n) {
						found = append(found, fmt.Sprintf("%s.%s holds %s", table, c.Name, n))
					}
				}
			})
		}
	}
	if cells < 100 {
		t.Fatalf("the dump read %d cells; the scan must be broken", cells)
	}
	return found
}

// TestDumpRevealsNoBSN is the "a database dump reveals no BSN":
// persons with BSNs registered, found, merged and moved; no column of any
// table holds one.
func TestDumpRevealsNoBSN(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		team := newTeam(t, s, "GM0001", "Wijkteam")
		h := newHousehold(t, s, "GM0001", team.ID, "1234AB", 1)
		var bsns []string
		var persons []*wijkregie.Person
		for i := range 20 {
			b := bsnN(t, i)
			bsns = append(bsns, b.Digits())
			p := newPerson(t, s, "GM0001", "Jansen", b)
			persons = append(persons, p)
			addMember(t, s, "GM0001", h.ID, p.ID, wijkregie.RelationChild, start, time.Time{})
		}
		// The same BSN in another municipality, and a duplicate without
		// one whose record takes the BSN of the one merged into it.
		newPerson(t, s, "GM0002", "Jansen", bsnN(t, 0))
		keep := newPerson(t, s, "GM0001", "Jansen", "")
		u := newUser(t, s, "GM0001", "a@b.nl", wijkregie.RoleProfessional, team.ID, "")
		mustTx(t, s, func(q *store.Q) error { return q.MergePersons(ctx, "GM0001", keep.ID, persons[19].ID, u.ID) })
		got, err := s.R().Person(ctx, "GM0001", keep.ID)
		if err != nil || got.BSN.Digits() != bsns[19] {
			t.Fatalf("the record that stays = %v, %v; want it to carry the moved BSN", got, err)
		}
		for i, b := range bsns {
			ms, err := s.R().SearchPersons(ctx, "GM0001", &wijkregie.PersonQuery{BSN: wijkregie.BSN(b)})
			if err != nil || len(ms) != 1 || ms[0].Person.BSN.Digits() != b {
				t.Errorf("search for BSN %d = %v, %v; want one person with it", i, ms, err)
			}
		}
		if found := dumpFindings(t, s, bsns...); len(found) > 0 {
			t.Errorf("the dump shows BSNs:\n%s", strings.Join(found, "\n"))
		}
		// The scan sees what is there: a family name is found.
		if found := dumpFindings(t, s, "Jansen"); len(found) == 0 {
			t.Error("the dump does not show the family name; the scan must be broken")
		}
	})
}

// TestPlaintextBSNsAreSealedByMigration: a store written before migration
// 0011, with BSNs in the clear, is converted at its next start: every BSN
// reads, is found and stays unique; the schema is what a new store gets;
// and neither the tables nor (SQLite) the file itself hold the numbers.
func TestPlaintextBSNsAreSealedByMigration(t *testing.T) {
	eachTarget(t, func(t *testing.T, o store.Options) {
		ctx := t.Context()
		keys := testdb.Keys(t)
		s := openKeys(t, o, keys, 10)
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		type old struct {
			m, id, bsn string
		}
		var olds []old
		for i := range 1200 { // more than two batches
			olds = append(olds, old{"GM0001", wijkregie.NewID(time.Now()), bsnN(t, i).Digits()})
		}
		olds = append(olds, old{"GM0002", wijkregie.NewID(time.Now()), bsnN(t, 0).Digits()}, old{"GM0001", wijkregie.NewID(time.Now()), ""})
		mustTx(t, s, func(q *store.Q) error {
			for _, p := range olds {
				var bsn any
				if p.bsn != "" {
					bsn = p.bsn
				}
				if err := testdb.Exec(ctx, q, `INSERT INTO persons (municipality_id, id, bsn, family_name, created_at) VALUES ($1, $2, $3, 'Oud', $4)`,
					p.m, p.id, bsn, q.Now()); err != nil {
					return err
				}
			}
			return nil
		})
		s.Close()

		s = openKeys(t, o, keys, 0)
		for _, i := range []int{0, 499, 500, 1199, 1200, 1201} {
			p := olds[i]
			got, err := s.R().Person(ctx, p.m, p.id)
			if err != nil || got.BSN.Digits() != p.bsn {
				t.Errorf("person %d after the conversion: BSN %q, %v; want %q", i, got.BSN.Digits(), err, p.bsn)
			}
			if p.bsn == "" {
				continue
			}
			ms, err := s.R().SearchPersons(ctx, p.m, &wijkregie.PersonQuery{BSN: wijkregie.BSN(p.bsn)})
			if err != nil || len(ms) != 1 || ms[0].Person.ID != p.id {
				t.Errorf("search for person %d's BSN = %v, %v; want that person", i, ms, err)
			}
		}
		err := tryTx(s, func(q *store.Q) error {
			return q.CreatePerson(ctx, &wijkregie.Person{MunicipalityID: "GM0001", FamilyName: "Nieuw", BSN: wijkregie.BSN(olds[7].bsn)})
		})
		wantFields(t, err, "bsn")

		var fresh *store.Store
		if s.Dialect() == store.SQLite {
			fresh = testdb.SQLite(t, testdb.Options{})
		} else {
			fresh = testdb.Postgres(t, testdb.Options{})
		}
		if diff := cmp.Diff(readSchema(t, s), readSchema(t, fresh)); diff != "" {
			t.Errorf("schema after the conversion differs from a new store's (-converted +new):\n%s", diff)
		}
		var needles []string
		for _, p := range olds[:1200] {
			needles = append(needles, p.bsn)
		}
		if found := dumpFindings(t, s, needles...); len(found) > 0 {
			t.Errorf("the dump shows BSNs after the conversion (%d), the first: %s", len(found), found[0])
		}
		if s.Dialect() == store.SQLite {
			s.Close()
			for _, name := range []string{store.SQLiteFile, store.SQLiteFile + "-wal"} {
				b, err := os.ReadFile(filepath.Join(o.DataDir, name))
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, n := range needles {
					if holdsNumber(string(b), n) {
						t.Errorf("%s still holds BSN %s in its bytes (freed pages not vacuumed)", name, n)
						break
					}
				}
			}
		}
	})
}

// TestBSNKeyRotation: BSNs sealed with key A are rotated to key B with the
// ring (B, A); the rotation is cut off after its first batch and resumed;
// meanwhile every BSN is found and none can be registered twice; afterwards
// B alone reads and finds everything, and A alone is refused.
func TestBSNKeyRotation(t *testing.T) {
	eachTarget(t, func(t *testing.T, o store.Options) {
		ctx := t.Context()
		a, b := key(t), key(t)
		s := openKeys(t, o, ring(t, a), 0)
		newMunicipality(t, s, "GM0001")
		const n = 1100 // three batches
		ids := make([]string, n)
		mustTx(t, s, func(q *store.Q) error {
			for i := range n {
				p := &wijkregie.Person{MunicipalityID: "GM0001", FamilyName: "Visser", BSN: bsnN(t, i)}
				if err := q.CreatePerson(ctx, p); err != nil {
					return err
				}
				ids[i] = p.ID
			}
			return nil
		})
		s.Close()

		// B alone does not open A's BSNs: refused at start.
		s, err := store.Open(ctx, withKeys(o, ring(t, b)))
		if err != nil {
			t.Fatal(err)
		}
		var mismatch *store.ErrBSNKeyMismatch
		if _, err := s.Migrate(ctx); !errors.As(err, &mismatch) || mismatch.KeyID != a.ID() {
			t.Errorf("Migrate with key B before the rotation = %v; want ErrBSNKeyMismatch naming key A", err)
		}
		s.Close()

		s = openKeys(t, o, ring(t, b, a), 0)
		if got, err := s.R().BSNsToRotate(ctx, "GM0001"); err != nil || got != n {
			t.Fatalf("BSNsToRotate = %d, %v; want %d", got, err, n)
		}
		cut, cancel := context.WithCancel(ctx)
		batches := 0
		done, err := s.RotateBSNs(cut, "GM0001", func(int64) {
			batches++
			cancel() // cut off after the first batch
		})
		if !errors.Is(err, context.Canceled) || done != 500 || batches != 1 {
			t.Fatalf("RotateBSNs cut off = %d, %v after %d batches; want 500, context.Canceled, 1", done, err, batches)
		}
		if got, _ := s.R().BSNsToRotate(ctx, "GM0001"); got != n-500 {
			t.Errorf("BSNsToRotate after one batch = %d; want %d", got, n-500)
		}
		// Half-way: rotated (B's hash) and not yet rotated (A's) are both
		// found, and neither can be registered again.
		for _, i := range []int{0, n - 1} {
			bsn := bsnN(t, i)
			ms, err := s.R().SearchPersons(ctx, "GM0001", &wijkregie.PersonQuery{BSN: bsn})
			if err != nil || len(ms) != 1 || ms[0].Person.ID != ids[i] {
				t.Errorf("half-way, search for person %d = %v, %v; want that person", i, ms, err)
			}
			err = tryTx(s, func(q *store.Q) error {
				return q.CreatePerson(ctx, &wijkregie.Person{MunicipalityID: "GM0001", FamilyName: "Dubbel", BSN: bsn})
			})
			wantFields(t, err, "bsn")
		}
		done, err = s.RotateBSNs(ctx, "GM0001", nil)
		if err != nil || done != n-500 {
			t.Fatalf("resumed RotateBSNs = %d, %v; want %d", done, err, n-500)
		}
		if got, _ := s.R().BSNsToRotate(ctx, "GM0001"); got != 0 {
			t.Errorf("BSNsToRotate after the rotation = %d; want 0", got)
		}
		s.Close()

		s = openKeys(t, o, ring(t, b), 0) // Migrate checks the key
		for _, i := range []int{0, 499, 500, 999, n - 1} {
			bsn := bsnN(t, i)
			p, err := s.R().Person(ctx, "GM0001", ids[i])
			if err != nil || p.BSN != bsn {
				t.Errorf("with B alone, person %d = %v, %v; want BSN %s", i, p, err, bsn)
			}
			ms, err := s.R().SearchPersons(ctx, "GM0001", &wijkregie.PersonQuery{BSN: bsn})
			if err != nil || len(ms) != 1 || ms[0].Person.ID != ids[i] {
				t.Errorf("with B alone, search for person %d = %v, %v; want that person", i, ms, err)
			}
		}
		s.Close()

		s, err = store.Open(ctx, withKeys(o, ring(t, a)))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Migrate(ctx); !errors.As(err, &mismatch) || mismatch.KeyID != b.ID() {
			t.Errorf("Migrate with key A after the rotation = %v; want ErrBSNKeyMismatch naming key B", err)
		}
		if _, err := s.R().Person(ctx, "GM0001", ids[0]); !errors.Is(err, bsnkey.ErrUnknownKey) {
			t.Errorf("reading a person with key A after the rotation = %v; want ErrUnknownKey", err)
		}
	})
}

func withKeys(o store.Options, keys *bsnkey.Keyring) store.Options {
	o.BSNKeys = keys
	return o
}

// TestSQLiteMakesItsKeyFile: the embedded default makes its key in the
// data folder on first open, keeps it 0600 and uses it again; a key file
// others may read is refused, and a lost one is noticed before anything is
// sealed with its replacement.
func TestSQLiteMakesItsKeyFile(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	o := store.Options{DataDir: dir}
	s := openKeys(t, o, nil, 0)
	path := filepath.Join(dir, store.BSNKeyFile)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no key file in the data folder: %v", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o; want 0600", info.Mode().Perm())
	}
	first := s.BSNKeys().Current()
	newMunicipality(t, s, "GM0001")
	p := newPerson(t, s, "GM0001", "Bakker", bsnN(t, 3))
	s.Close()

	s = openKeys(t, o, nil, 0)
	if got, err := s.R().Person(ctx, "GM0001", p.ID); err != nil || got.BSN != p.BSN || s.BSNKeys().Current() != first {
		t.Errorf("after reopening: %v, %v, key %s; want the BSN and key %s", got, err, s.BSNKeys().Current(), first)
	}
	s.Close()

	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		var ke *store.BSNKeyError
		if s, err := store.Open(ctx, o); !errors.As(err, &ke) || !errors.Is(err, bsnkey.ErrExposed) {
			if s != nil {
				s.Close()
			}
			t.Errorf("Open with a key file of mode 0644 = %v; want a BSNKeyError (ErrExposed)", err)
		}
	}

	// The key file lost: the start refuses, and takes away the key it
	// made meanwhile, so the folder waits for the lost one.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mismatch *store.ErrBSNKeyMismatch
	if _, err := s.Migrate(ctx); !errors.As(err, &mismatch) || mismatch.KeyID != first {
		t.Errorf("Migrate after the key file was lost = %v; want ErrBSNKeyMismatch naming %s", err, first)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after the refusal the data folder holds a key file (stat: %v); want none", err)
	}
}

func TestPostgresNeedsABSNKey(t *testing.T) {
	// Refused before connecting: no server is needed to see it.
	s, err := store.Open(t.Context(), store.Options{DB: "postgres://wr@127.0.0.1:1/wijkregie"})
	if !errors.Is(err, store.ErrNoBSNKey) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open of PostgreSQL without a key = %v; want ErrNoBSNKey", err)
	}
	for _, want := range []string{"--bsn-sleutel", "WIJKREGIE_BSN_SLEUTEL_BESTAND", "WIJKREGIE_BSN_SLEUTEL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal %q does not name %s", err, want)
		}
	}
}

// TestBSNKeyRotationCoversArrears: a creditor's report keeps the debtor's
// BSN sealed as delivered; the rotation seals it again too, so it still
// opens once the old key is gone.
func TestBSNKeyRotationCoversArrears(t *testing.T) {
	eachTarget(t, func(t *testing.T, o store.Options) {
		ctx := t.Context()
		a, b := key(t), key(t)
		s := openKeys(t, o, ring(t, a), 0)
		const m = "GM0001"
		newMunicipality(t, s, m)
		team := newTeam(t, s, m, "Wijkteam Oost", "2581")
		newHousehold(t, s, m, team.ID, "2581AA", 1)
		lead := newUser(t, s, m, "lead@gm0001.example", wijkregie.RoleTeamLead, team.ID, "")
		rep := outreachReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-1", 1)
		rep.Debtor.BSN = bsnN(t, 7)
		importOutreachReports(t, s, &clock{t: start}, lead, rep)
		s.Close()

		s = openKeys(t, o, ring(t, b, a), 0)
		if got, err := s.R().BSNsToRotate(ctx, m); err != nil || got != 1 {
			t.Fatalf("BSNsToRotate = %d, %v; want the report's 1", got, err)
		}
		if done, err := s.RotateBSNs(ctx, m, nil); err != nil || done != 1 {
			t.Fatalf("RotateBSNs = %d, %v; want 1", done, err)
		}
		s.Close()

		s = openKeys(t, o, ring(t, b), 0)
		defer s.Close()
		h, err := s.R().HouseholdsAtAddress(ctx, m, wijkregie.Address{Postcode: "2581AA", Number: 1})
		if err != nil || len(h) != 1 {
			t.Fatalf("household = %v, %v", h, err)
		}
		os, err := s.R().HouseholdOutreaches(ctx, m, h)
		if err != nil || len(os) != 1 {
			t.Fatalf("outreaches = %v, %v; want one", os, err)
		}
		got, err := s.R().OutreachArrears(ctx, m, os[0].ID)
		if err != nil || len(got) != 1 || got[0].Debtor.BSN != bsnN(t, 7) {
			t.Errorf("the report with key B alone = %+v, %v; want BSN %s", got, err, bsnN(t, 7))
		}
	})
}
