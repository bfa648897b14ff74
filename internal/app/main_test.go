package app_test

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// cheap keeps password hashing fast; the costs are not under test here.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

// start is the fake clock's first reading.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// The service's defaults, which these tests rely on.
const (
	sessionIdle = time.Hour
	sessionMax  = 12 * time.Hour
)

// clock is a fake clock shared by the store and the service.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// fixture is a demo municipality behind a service.
type fixture struct {
	ctx   context.Context
	s     *store.Store
	svc   *app.Service
	clock *clock
	users map[wijkregie.Role]*wijkregie.User // the documented demo accounts
	n     int                                // house numbers handed out by newHousehold
}

// each runs fn on a fresh demo municipality in SQLite and in PostgreSQL.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	clk := &clock{now: start}
	testdb.EachWith(t, testdb.Options{Now: clk.Now}, func(t *testing.T, s *store.Store) {
		clk.Set(start) // the subtests run one after the other
		ctx := context.Background()
		if _, err := demo.Load(ctx, s, demo.Options{Households: 20, PasswordParams: cheap}); err != nil {
			t.Fatalf("demo.Load: %v", err)
		}
		f := &fixture{ctx: ctx, s: s, clock: clk, users: map[wijkregie.Role]*wijkregie.User{},
			svc: app.New(s, app.Options{PasswordParams: cheap, Now: clk.Now})}
		for _, a := range demo.Accounts() {
			u, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, a.Email)
			if err != nil {
				t.Fatalf("demo account %s: %v", a.Email, err)
			}
			f.users[a.Role] = u
		}
		fn(t, f)
	})
}

// actor returns the documented demo account of a role as an actor.
func (f *fixture) actor(r wijkregie.Role) wijkregie.Actor { return wijkregie.ActorOf(f.users[r]) }

// otherTeam returns a team that is not the documented professional's.
func (f *fixture) otherTeam(t *testing.T) wijkregie.Team {
	t.Helper()
	teams, err := f.s.R().Teams(f.ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if tm.ID != f.users[wijkregie.RoleProfessional].TeamID {
			return tm
		}
	}
	t.Fatal("the demo has one team only")
	return wijkregie.Team{}
}

// newHousehold writes a household of the team with a parent and a child,
// and involves the given users (the first as regisseur). It returns the
// household and its members' ids.
func (f *fixture) newHousehold(t *testing.T, teamID string, involved ...string) (*wijkregie.Household, []string) {
	t.Helper()
	f.n++
	h := &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: teamID,
		Address: wijkregie.Address{Street: "Proefstraat", Number: f.n, Postcode: "2581ZZ", Town: "Duinhaven"}}
	var ids []string
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateHousehold(f.ctx, h); err != nil {
			return err
		}
		for _, m := range []struct {
			given string
			rel   wijkregie.Relation
		}{{"Ouder", wijkregie.RelationParent}, {"Kind", wijkregie.RelationChild}} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Proef"}
			if err := q.CreatePerson(f.ctx, p); err != nil {
				return err
			}
			if err := q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID,
				Relation: m.rel, From: start.AddDate(-1, 0, 0)}); err != nil {
				return err
			}
			ids = append(ids, p.ID)
		}
		for i, uid := range involved {
			kind := wijkregie.InvolvementContributor
			if i == 0 {
				kind = wijkregie.InvolvementCoordinator
			}
			if err := q.Involve(f.ctx, &wijkregie.Involvement{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, UserID: uid, Kind: kind}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("newHousehold: %v", err)
	}
	return h, ids
}

// entry is the part of an audit record a use case decides.
type entry struct {
	User    string
	Role    wijkregie.Role
	Org     string
	Action  string
	Kind    string
	Subject string
	Person  string
	Purpose string
	Result  string
}

// rec is the entry wanted for an actor's event.
func rec(a wijkregie.Actor, action, kind, subject, person, purpose, result string) entry {
	return entry{User: a.UserID, Role: a.Role, Org: a.OrganisationID, Action: action, Kind: kind, Subject: subject, Person: person, Purpose: purpose, Result: result}
}

// audited runs fn and returns the audit records it added, oldest first. It
// also checks what every record must hold: the municipality and the time.
func (f *fixture) audited(t *testing.T, fn func()) []entry {
	t.Helper()
	before, err := f.s.R().AuditLength(f.ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	fn()
	recs, _, err := f.s.R().Audit(f.ctx, demo.MunicipalityID, store.AuditFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, r := range recs {
		if r.Seq <= before {
			continue
		}
		if r.MunicipalityID != demo.MunicipalityID || !r.At.Equal(f.clock.Now()) {
			t.Errorf("audit record %d: municipality %s at %s; want %s at %s", r.Seq, r.MunicipalityID, r.At, demo.MunicipalityID, f.clock.Now())
		}
		out = append(out, entry{User: r.UserID, Role: r.Role, Org: r.OrganisationID, Action: r.Action, Kind: r.SubjectKind,
			Subject: r.SubjectID, Person: r.PersonID, Purpose: r.Purpose, Result: r.Result})
	}
	slices.Reverse(out)
	return out
}

// diffEntries compares audit records as a multiset: a household's members
// come in the store's order, which for members who joined on the same day
// is by random id.
func diffEntries(got, want []entry) string {
	return cmp.Diff(got, want, cmpopts.SortSlices(func(a, b entry) bool {
		return a.Action+a.Kind+a.Subject+a.Person+a.Result < b.Action+b.Kind+b.Subject+b.Person+b.Result
	}))
}

// code returns the error's code, for tables that want one.
func code(err error) string { return wijkregie.ErrorCode(err) }
