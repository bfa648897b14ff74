package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// Fixtures for the store tests: small helpers that each make one record in
// its own transaction and stop the test when the store refuses it.

// start is the fake clock's first reading: not in UTC and finer than a
// microsecond, so a test sees whether the store stores UTC to the
// microsecond as it promises.
var start = time.Date(2026, 3, 14, 10, 26, 53, 123456789, time.FixedZone("CET", 3600))

// onClock is a reading of the store's clock as the store keeps it: in UTC,
// rounded to the microsecond (Q.Now).
func onClock(t time.Time) time.Time { return t.UTC().Round(time.Microsecond) }

// kept is a time a caller gives as the store keeps it: in UTC, cut to the
// microsecond as PostgreSQL does.
func kept(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// clock is a fake clock for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// eachAt runs fn on both engines with a fake clock that reads start when fn
// begins.
func eachAt(t *testing.T, fn func(t *testing.T, s *store.Store, c *clock)) {
	t.Helper()
	c := &clock{t: start}
	testdb.EachWith(t, testdb.Options{Now: c.Now}, func(t *testing.T, s *store.Store) {
		c.Set(start)
		fn(t, s, c)
	})
}

// mustTx runs fn in a transaction and stops the test if it fails.
func mustTx(t testing.TB, s *store.Store, fn func(q *store.Q) error) {
	t.Helper()
	if err := s.Tx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// tryTx runs fn in a transaction and returns its error.
func tryTx(s *store.Store, fn func(q *store.Q) error) error {
	return s.Tx(context.Background(), fn)
}

func newTeam(t testing.TB, s *store.Store, m, name string, areas ...string) *wijkregie.Team {
	t.Helper()
	team := &wijkregie.Team{MunicipalityID: m, Name: name, Areas: areas}
	mustTx(t, s, func(q *store.Q) error { return q.CreateTeam(context.Background(), team) })
	return team
}

func newOrganisation(t testing.TB, s *store.Store, m, name string, kind wijkregie.OrganisationKind) *wijkregie.Organisation {
	t.Helper()
	o := &wijkregie.Organisation{MunicipalityID: m, Name: name, Kind: kind}
	mustTx(t, s, func(q *store.Q) error { return q.CreateOrganisation(context.Background(), o) })
	return o
}

// newUser adds a user; team members name their team, partners their
// organisation. The password hash is "hash-" and the e-mail address.
func newUser(t testing.TB, s *store.Store, m, email string, role wijkregie.Role, team, org string) *wijkregie.User {
	t.Helper()
	name, _, _ := strings.Cut(email, "@")
	u := &wijkregie.User{MunicipalityID: m, Email: email, Name: name, Role: role, TeamID: team, OrganisationID: org}
	mustTx(t, s, func(q *store.Q) error { return q.CreateUser(context.Background(), u, "hash-"+email) })
	return u
}

func newPerson(t testing.TB, s *store.Store, m, family string, bsn wijkregie.BSN) *wijkregie.Person {
	t.Helper()
	p := &wijkregie.Person{MunicipalityID: m, FamilyName: family, BSN: bsn}
	mustTx(t, s, func(q *store.Q) error { return q.CreatePerson(context.Background(), p) })
	return p
}

func newHousehold(t testing.TB, s *store.Store, m, team, postcode string, number int) *wijkregie.Household {
	t.Helper()
	h := &wijkregie.Household{MunicipalityID: m, TeamID: team,
		Address: wijkregie.Address{Street: "Dorpsstraat", Number: number, Postcode: postcode, Town: "Ergens"}}
	mustTx(t, s, func(q *store.Q) error { return q.CreateHousehold(context.Background(), h) })
	return h
}

func addMember(t testing.TB, s *store.Store, m, household, person string, rel wijkregie.Relation, from, until time.Time) {
	t.Helper()
	mustTx(t, s, func(q *store.Q) error {
		return q.AddMember(context.Background(), &wijkregie.Member{MunicipalityID: m, HouseholdID: household, PersonID: person,
			Relation: rel, From: from, Until: until})
	})
}

func involve(t testing.TB, s *store.Store, m, household, user string, kind wijkregie.InvolvementKind, from, until time.Time) {
	t.Helper()
	mustTx(t, s, func(q *store.Q) error {
		return q.Involve(context.Background(), &wijkregie.Involvement{MunicipalityID: m, HouseholdID: household, UserID: user,
			Kind: kind, From: from, Until: until})
	})
}

// validBSN makes a BSN that passes the elfproef from an eight-digit stem,
// choosing the check digit; ok is false for stems no digit completes.
func validBSN(stem int) (bsn wijkregie.BSN, ok bool) {
	s := fmt.Sprintf("%08d", stem%100000000)
	sum := 0
	for i, r := range s {
		sum += (9 - i) * int(r-'0')
	}
	d := sum % 11
	if d > 9 {
		return "", false
	}
	b, err := wijkregie.ParseBSN(s + string(rune('0'+d)))
	return b, err == nil
}

// bsnN returns the n-th valid BSN of a fixed series.
func bsnN(t testing.TB, n int) wijkregie.BSN {
	t.Helper()
	for stem, found := 12345670, 0; stem < 12345670+10*(n+1)+100; stem++ {
		b, ok := validBSN(stem)
		if !ok {
			continue
		}
		if found == n {
			return b
		}
		found++
	}
	t.Fatalf("no BSN number %d", n)
	return ""
}

// wantCode stops the test unless err carries the application error code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := wijkregie.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// wantFields stops the test unless err is a validation error on exactly the
// named fields.
func wantFields(t testing.TB, err error, fields ...string) {
	t.Helper()
	wantCode(t, err, wijkregie.EINVALID)
	var e *wijkregie.Error
	errors.As(err, &e)
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Name)
	}
	if diff := cmp.Diff(got, fields); diff != "" {
		t.Fatalf("invalid fields (-got +want):\n%s", diff)
	}
}

// wantUTC reports every time.Time in v that is not in UTC to the
// microsecond. cmp compares times with Equal, which ignores the location, so
// the tests check it here.
func wantUTC(t testing.TB, v any) {
	t.Helper()
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		case reflect.Struct:
			if tm, ok := v.Interface().(time.Time); ok {
				if tm.Location() != time.UTC {
					t.Errorf("%s = %v in location %q, want UTC", path, tm, tm.Location())
				}
				if tm.Nanosecond()%1000 != 0 {
					t.Errorf("%s = %v, want whole microseconds", path, tm)
				}
				return
			}
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					walk(path+"."+f.Name, v.Field(i))
				}
			}
		}
	}
	walk(reflect.TypeOf(v).String(), reflect.ValueOf(v))
}

// ids returns the ids of records in order.
func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}
