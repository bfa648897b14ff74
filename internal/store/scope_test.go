package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The policy has two shapes, and they must agree (STYLE §3): Decide for one
// household, and Scope turned into SQL by the store for lists. This test
// builds a random but seeded municipality and checks, for every user, that
// the list holds exactly the households Decide allows.

// pairFixture is what the random municipality holds.
type pairFixture struct {
	users      []*wijkregie.User
	households []string
	// Every involvement made, ended ones included, by household.
	made map[string][]wijkregie.Involvement
	// Involvements made, by how they end, to show the fixture covers each.
	ends map[string]int
}

func newPairFixture(t *testing.T, s *store.Store, m string, now time.Time, r *rand.Rand) *pairFixture {
	t.Helper()
	ctx := t.Context()
	f := &pairFixture{ends: map[string]int{}, made: map[string][]wijkregie.Involvement{}}
	record := func(h, user string, kind wijkregie.InvolvementKind, from, until time.Time) {
		involve(t, s, m, h, user, kind, from, until)
		f.made[h] = append(f.made[h], wijkregie.Involvement{MunicipalityID: m, HouseholdID: h, UserID: user, Kind: kind, From: from, Until: until})
	}
	newMunicipality(t, s, m)
	var teams []string
	for i := range 3 {
		teams = append(teams, newTeam(t, s, m, fmt.Sprintf("Team %d", i)).ID)
	}
	org := newOrganisation(t, s, m, "Partner", wijkregie.OrgGGZ).ID
	var casework []*wijkregie.User // may be regisseur
	for i, team := range teams {
		for j := range 3 {
			u := newUser(t, s, m, fmt.Sprintf("pro%d-%d@wijkteam.example", i, j), wijkregie.RoleProfessional, team, "")
			casework = append(casework, u)
			f.users = append(f.users, u)
		}
		u := newUser(t, s, m, fmt.Sprintf("lead%d@wijkteam.example", i), wijkregie.RoleTeamLead, team, "")
		casework = append(casework, u)
		f.users = append(f.users, u)
	}
	for i := range 3 {
		f.users = append(f.users, newUser(t, s, m, fmt.Sprintf("partner%d@ggz.example", i), wijkregie.RolePartner, "", org))
	}
	for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
		f.users = append(f.users, newUser(t, s, m, string(role)+"@gemeente.example", role, "", ""))
	}

	step := 0 // makes every From unique, so no two involvements share a key
	from := func() time.Time {
		step++
		return now.Add(-time.Duration(step) * time.Hour)
	}
	for i := range 40 {
		team := ""
		if r.IntN(8) > 0 { // one in eight has no team yet
			team = teams[r.IntN(len(teams))]
		}
		h := newHousehold(t, s, m, team, fmt.Sprintf("%d%c%c", 1000+r.IntN(9000), rune('A'+r.IntN(26)), rune('A'+r.IntN(26))), i+1).ID
		f.households = append(f.households, h)

		if r.IntN(4) == 0 { // a former regisseur, ended just now
			u := casework[r.IntN(len(casework))]
			record(h, u.ID, wijkregie.InvolvementCoordinator, from(), time.Time{})
			mustTx(t, s, func(q *store.Q) error { return q.EndInvolvement(ctx, m, h, u.ID) })
			for i := range f.made[h] {
				if f.made[h][i].UserID == u.ID {
					f.made[h][i].Until = now // EndInvolvement ends it on the store clock
				}
			}
			f.ends["ended now"]++
		}
		if r.IntN(10) < 7 { // a current regisseur
			record(h, casework[r.IntN(len(casework))].ID, wijkregie.InvolvementCoordinator, from(), time.Time{})
			f.ends["current"]++
		}
		for range r.IntN(4) { // anyone involved, for better or worse
			u := f.users[r.IntN(len(f.users))]
			var until time.Time
			kind := "current"
			switch r.IntN(4) {
			case 1:
				until, kind = now.Add(-time.Duration(1+r.IntN(1000))*time.Minute), "past"
			case 2:
				until, kind = now.Add(time.Duration(1+r.IntN(1000))*time.Minute), "future"
			case 3:
				until, kind = now, "at now"
			}
			record(h, u.ID, wijkregie.InvolvementContributor, from(), until)
			f.ends[kind]++
		}
	}
	return f
}

func TestScopeAgreesWithDecide(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 26, 53, 123456000, time.UTC)
	testdb.EachWith(t, testdb.Options{Now: func() time.Time { return now }}, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		const m = "GM0001"
		f := newPairFixture(t, s, m, now, rand.New(rand.NewPCG(2026, 314)))
		for _, kind := range []string{"current", "past", "future", "at now", "ended now"} {
			if f.ends[kind] == 0 {
				t.Fatalf("the fixture has no %q involvement; change the seed", kind)
			}
		}

		// Each household with its current involvements, as the service
		// hands them to Decide; and with every involvement the fixture
		// made, ended ones included, so Decide's own reading of "current"
		// is compared with the SQL's too.
		r := s.R()
		subjects := make([]*policy.Subject, 0, len(f.households))
		everything := make([]*policy.Subject, 0, len(f.households))
		for _, id := range f.households {
			h, err := r.Household(ctx, m, id)
			if err != nil {
				t.Fatal(err)
			}
			invs, err := r.Involvements(ctx, m, id)
			if err != nil {
				t.Fatal(err)
			}
			subjects = append(subjects, &policy.Subject{Household: h, Involvements: invs})
			everything = append(everything, &policy.Subject{Household: h, Involvements: f.made[id]})
		}

		actors := []wijkregie.Actor{{}} // the zero actor sees nothing either way
		for _, u := range f.users {
			actors = append(actors, wijkregie.ActorOf(u))
		}
		allowedPairs, usersWithSome := 0, 0
		for _, actor := range actors {
			list, total, err := r.Households(ctx, m, policy.Scope(actor), store.Page{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(list, func(h store.HouseholdSummary) string { return h.ID })
			slices.Sort(got)
			allowed := func(subs []*policy.Subject) []string {
				var out []string
				for _, sub := range subs {
					if policy.Decide(actor, policy.ViewHousehold, sub, now) == nil {
						out = append(out, sub.Household.ID)
					}
				}
				slices.Sort(out)
				return out
			}
			want := allowed(subjects)
			if diff := cmp.Diff(got, want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s %s: Households(Scope) vs Decide on Involvements (-list +decide):\n%s", actor.Role, actor.UserID, diff)
			}
			if diff := cmp.Diff(got, allowed(everything), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s %s: Households(Scope) vs Decide on all involvements made (-list +decide):\n%s", actor.Role, actor.UserID, diff)
			}
			if total != len(got) {
				t.Errorf("%s %s: Households total = %d for %d rows", actor.Role, actor.UserID, total, len(got))
			}
			counts, err := r.Counts(ctx, m, policy.Scope(actor))
			if err != nil {
				t.Fatal(err)
			}
			if counts.Households != len(want) {
				t.Errorf("%s %s: Counts.Households = %d, want %d", actor.Role, actor.UserID, counts.Households, len(want))
			}
			allowedPairs += len(want)
			if len(want) > 0 {
				usersWithSome++
			}
		}
		// The comparison means something only if the answer varies.
		if usersWithSome < 10 || allowedPairs == 0 || allowedPairs >= len(actors)*len(subjects)/2 {
			t.Errorf("fixture too uniform: %d of %d actors see something, %d of %d pairs allowed",
				usersWithSome, len(actors), allowedPairs, len(actors)*len(subjects))
		}
	})
}
