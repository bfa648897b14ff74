package demo_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// cheap keeps the one password hash of a load fast.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

func load(t testing.TB, s *store.Store, households int, seed int64) *demo.Summary {
	t.Helper()
	sum, err := demo.Load(context.Background(), s, demo.Options{Seed: seed, Households: households, PasswordParams: cheap})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return sum
}

// households reads every household, page by page, in the store's order.
func households(t testing.TB, s *store.Store, scope wijkregie.HouseholdScope) []store.HouseholdSummary {
	t.Helper()
	var out []store.HouseholdSummary
	for {
		page, total, err := s.R().Households(context.Background(), demo.MunicipalityID, scope, store.Page{Offset: len(out), Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out
		}
	}
}

func TestLoadSmallMunicipality(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sum := load(t, s, 40, 1)
		r := s.R()

		c, err := r.Counts(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		got := demo.Summary{Municipality: sum.Municipality, Teams: c.Teams, Organisations: c.Organisations, Users: c.Users, Households: c.Households, Persons: c.Persons}
		if got != *sum || sum.Households != 40 || sum.Teams != 4 {
			t.Errorf("store holds %+v; Load reported %+v (want 40 households, 4 teams)", got, *sum)
		}

		teams, err := r.Teams(ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		teamByID := map[string]wijkregie.Team{}
		for _, tm := range teams {
			teamByID[tm.ID] = tm
		}
		orgs, err := r.Organisations(ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		orgByID := map[string]string{}
		kinds := map[wijkregie.OrganisationKind]bool{}
		for _, o := range orgs {
			orgByID[o.ID] = o.Name
			kinds[o.Kind] = true
		}
		for _, k := range wijkregie.OrganisationKinds {
			if !kinds[k] {
				t.Errorf("no partner organisation of kind %s", k)
			}
		}

		// Every documented account logs in with the documented password.
		ids := map[wijkregie.Role]string{}
		for _, a := range demo.Accounts() {
			u, hash, err := r.UserByEmail(ctx, demo.MunicipalityID, a.Email)
			if err != nil {
				t.Errorf("account %s: %v", a.Email, err)
				continue
			}
			ids[a.Role] = u.ID
			if u.Role != a.Role || u.Name != a.Name || teamByID[u.TeamID].Name != a.Team || orgByID[u.OrganisationID] != a.Organisation {
				t.Errorf("account %s is %s/%s/%q/%q; want %s/%s/%q/%q", a.Email, u.Role, u.Name, teamByID[u.TeamID].Name, orgByID[u.OrganisationID],
					a.Role, a.Name, a.Team, a.Organisation)
			}
			if !auth.CheckPassword(hash, demo.Password) {
				t.Errorf("account %s: the demo password does not check", a.Email)
			}
		}
		if len(ids) != len(wijkregie.Roles) {
			t.Errorf("documented accounts cover %d roles; want all %d", len(ids), len(wijkregie.Roles))
		}

		seen := map[wijkregie.BSN]bool{}
		persons, withoutBSN := 0, 0
		for _, h := range households(t, s, wijkregie.HouseholdScope{All: true}) {
			ms, ps, err := r.HouseholdMembers(ctx, demo.MunicipalityID, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) == 0 {
				t.Errorf("household at %s %d has no members", h.Address.Postcode, h.Address.Number)
				continue
			}
			if tm, ok := teamByID[h.TeamID]; !ok || !tm.Serves(h.Address.Postcode) {
				t.Errorf("household at %s belongs to team %q, which does not serve it", h.Address.Postcode, tm.Name)
			}
			if h.Address.Town != "Duinhaven" {
				t.Errorf("household in %q; want Duinhaven", h.Address.Town)
			}
			var youngestParent, oldestChild = ps[0].BirthDate, ps[0].BirthDate
			parents, children := 0, 0
			for i, p := range ps {
				persons++
				if ms[i].From.Before(p.BirthDate) {
					t.Errorf("%s lives at the address from %s, before their birth on %s", p.FullName(), ms[i].From.Format("2006-01-02"), p.BirthDate.Format("2006-01-02"))
				}
				switch ms[i].Relation {
				case wijkregie.RelationParent:
					if parents == 0 || p.BirthDate.After(youngestParent) {
						youngestParent = p.BirthDate
					}
					parents++
				case wijkregie.RelationChild:
					if children == 0 || p.BirthDate.Before(oldestChild) {
						oldestChild = p.BirthDate
					}
					children++
				}
				if p.BSN == "" {
					withoutBSN++
					continue
				}
				b, err := wijkregie.ParseBSN(p.BSN.Digits())
				if err != nil || b.Digits() < "999900006" || b.Digits() > "999999990" {
					t.Errorf("stored BSN %s fails the elfproef or lies outside the test range", p.BSN.Masked())
				}
				if seen[p.BSN] {
					t.Errorf("BSN %s given twice", p.BSN.Masked())
				}
				seen[p.BSN] = true
			}
			if children > 0 && (parents == 0 || !youngestParent.AddDate(16, 0, 0).Before(oldestChild)) {
				t.Errorf("household at %s: %d parents, the youngest born %s, and a child born %s", h.Address.Postcode, parents,
					youngestParent.Format("2006-01-02"), oldestChild.Format("2006-01-02"))
			}
		}
		if persons != sum.Persons {
			t.Errorf("read %d persons; Load made %d", persons, sum.Persons)
		}
		if withoutBSN == 0 || withoutBSN > persons/4 {
			t.Errorf("%d of %d persons without BSN; want about one in ten", withoutBSN, persons)
		}

		// The documented accounts have a caseload.
		count := func(userID string, kind wijkregie.InvolvementKind) int {
			n := 0
			for _, h := range households(t, s, wijkregie.HouseholdScope{UserID: userID}) {
				invs, err := r.Involvements(ctx, demo.MunicipalityID, h.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, inv := range invs {
					if inv.UserID == userID && inv.Kind == kind {
						n++
					}
				}
			}
			return n
		}
		if n := count(ids[wijkregie.RoleProfessional], wijkregie.InvolvementCoordinator); n < 5 {
			t.Errorf("professional is regisseur of %d households; want at least 5", n)
		}
		if n := count(ids[wijkregie.RoleProfessional], wijkregie.InvolvementContributor); n < 1 {
			t.Errorf("professional is betrokken with %d households; want a few", n)
		}
		if n := count(ids[wijkregie.RolePartner], wijkregie.InvolvementContributor); n != 2 {
			t.Errorf("partner is betrokken with %d households; want 2", n)
		}

		recs, _, err := r.Audit(ctx, demo.MunicipalityID, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Action != "demo.laden" {
			t.Errorf("audit log = %+v; want one demo.laden record", recs)
		}
	})
}

// fingerprint lists what a seed must fix: addresses, names, BSNs and
// relations, in address order.
func fingerprint(t *testing.T, s *store.Store) []string {
	t.Helper()
	var out []string
	for _, h := range households(t, s, wijkregie.HouseholdScope{All: true}) {
		a := h.Address
		line := fmt.Sprintf("%s %d %s %s:", a.Postcode, a.Number, a.Addition, a.Street)
		ms, ps, err := s.R().HouseholdMembers(context.Background(), demo.MunicipalityID, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		var members []string
		for i, p := range ps {
			members = append(members, fmt.Sprintf("%s (%s, %s, %s)", p.FullName(), ms[i].Relation, p.BirthDate.Format("2006-01-02"), p.BSN.Digits()))
		}
		slices.Sort(members)
		out = append(out, line+strings.Join(members, "; "))
	}
	return out
}

func TestSameSeedSameMunicipality(t *testing.T) {
	const n = 120
	one, two, other := testdb.SQLite(t, testdb.Options{}), testdb.SQLite(t, testdb.Options{}), testdb.SQLite(t, testdb.Options{})
	load(t, one, n, 7)
	load(t, two, n, 7)
	load(t, other, n, 8)
	a, b, c := fingerprint(t, one), fingerprint(t, two), fingerprint(t, other)
	if len(a) != n {
		t.Fatalf("%d households; want %d", len(a), n)
	}
	if i := firstDifference(a, b); i >= 0 {
		t.Errorf("two loads with seed 7 differ at household %d:\n%s\n%s", i, a[i], b[i])
	}
	if firstDifference(a, c) < 0 {
		t.Error("seeds 7 and 8 made the same municipality")
	}
}

func firstDifference(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

func TestLoadRefusesNonEmptyStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if empty, err := demo.Empty(ctx, s); err != nil || !empty {
			t.Fatalf("Empty(new store) = %v, %v; want true", empty, err)
		}
		err := s.Tx(ctx, func(q *store.Q) error {
			return q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: "GM0001", Name: "Echte Gemeente"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if empty, err := demo.Empty(ctx, s); err != nil || empty {
			t.Fatalf("Empty(store with a municipality) = %v, %v; want false", empty, err)
		}
		_, err = demo.Load(ctx, s, demo.Options{Households: 5, PasswordParams: cheap})
		if !errors.Is(err, demo.ErrNotEmpty) {
			t.Fatalf("Load into a non-empty store: %v; want ErrNotEmpty", err)
		}
		ms, err := s.R().Municipalities(ctx)
		if err != nil || len(ms) != 1 {
			t.Errorf("after the refused load the store holds %d municipalities (%v); want the one it had", len(ms), err)
		}
	})
}

func BenchmarkLoad1000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := testdb.SQLite(b, testdb.Options{})
		b.StartTimer()
		load(b, s, 1000, 1)
	}
}

// TestDemoSignals: the demo tells the story of a match, two signals on one
// family from two sources, and the parties learn who, not what.
func TestDemoSignals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		load(t, s, 60, 1)
		ctx := context.Background()
		partner, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, demo.Accounts()[2].Email)
		if err != nil || partner.Role != wijkregie.RolePartner {
			t.Fatalf("partner: %+v, %v", partner, err)
		}
		pro, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, demo.Accounts()[0].Email)
		if err != nil {
			t.Fatal(err)
		}
		sigs, total, err := s.R().Signals(ctx, demo.MunicipalityID, wijkregie.SignalScope{All: true}, store.SignalFilter{})
		if err != nil || total < 4 {
			t.Fatalf("demo signals: %d, %v; want at least 4", total, err)
		}
		ns, _, unread, err := s.R().Notifications(ctx, demo.MunicipalityID, partner.ID, store.Page{})
		if err != nil || len(ns) != 1 || unread != 1 || ns[0].OtherUserID != pro.ID {
			t.Fatalf("partner's inbox: %+v, %v; want one unread match naming the professional", ns, err)
		}
		for _, sg := range sigs {
			if ns[0].OtherName == sg.Description || ns[0].OtherContact == sg.Description {
				t.Error("a notification carries a description")
			}
		}
	})
}

// TestDemoSetsCapacities: every active professional and lead of a team
// with a lead has hours per week, so the demo's workload dashboard shows
// caseloads against capacity, on both engines.
func TestDemoSetsCapacities(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		if _, err := demo.Load(ctx, s, demo.Options{Households: 200, PasswordParams: cheap}); err != nil {
			t.Fatal(err)
		}
		totals, err := s.R().CapacityTotals(ctx, demo.MunicipalityID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(totals) == 0 {
			t.Fatal("no team has capacity totals")
		}
		for _, tt := range totals {
			if !tt.Known() {
				t.Errorf("team %s: %d of %d members have hours set; want all", tt.TeamID, tt.Set, tt.Members)
			}
		}
	})
}
