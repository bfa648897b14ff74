package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/store"
)

func TestHouseholdRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		team := newTeam(t, s, "GM0001", "Centrum", "1011")
		h := &wijkregie.Household{MunicipalityID: "GM0001", TeamID: team.ID,
			Address: wijkregie.Address{Street: "Kerkstraat", Number: 12, Addition: "bis", Postcode: " 1011 ab ", Town: "Amsterdam"}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateHousehold(ctx, h) })
		if h.Address.Postcode != "1011AB" || !wijkregie.ValidID(h.ID) || !h.CreatedAt.Equal(onClock(start)) {
			t.Errorf("CreateHousehold set Postcode=%q ID=%q CreatedAt=%v; want 1011AB, an id and the store clock", h.Address.Postcode, h.ID, h.CreatedAt)
		}
		got, err := s.R().Household(ctx, "GM0001", h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, h); diff != "" {
			t.Errorf("Household (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		// No team yet: NULL reads back as "".
		bare := newHousehold(t, s, "GM0001", "", "1011AB", 14)
		got, err = s.R().Household(ctx, "GM0001", bare.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, bare); diff != "" {
			t.Errorf("Household without team (-got +want):\n%s", diff)
		}

		_, err = s.R().Household(ctx, "GM0001", wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateHousehold(ctx, &wijkregie.Household{MunicipalityID: "GM0001", TeamID: wijkregie.NewID(start),
				Address: wijkregie.Address{Street: "Kerkstraat", Number: 1, Postcode: "1011AB", Town: "Amsterdam"}})
		})
		wantFields(t, err, "team")
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateHousehold(ctx, &wijkregie.Household{MunicipalityID: "GM0001", Address: wijkregie.Address{Postcode: "0123 AB"}})
		})
		wantFields(t, err, "postcode", "huisnummer", "straat", "woonplaats")
	})
}

func TestInvolvements(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		team := newTeam(t, s, "GM0001", "Centrum")
		h := newHousehold(t, s, "GM0001", team.ID, "1011AB", 1)
		anna := newUser(t, s, "GM0001", "anna@wijkteam.example", wijkregie.RoleProfessional, team.ID, "")
		bert := newUser(t, s, "GM0001", "bert@wijkteam.example", wijkregie.RoleProfessional, team.ID, "")
		cor := newUser(t, s, "GM0001", "cor@wijkteam.example", wijkregie.RoleProfessional, team.ID, "")
		dirk := newUser(t, s, "GM0001", "dirk@wijkteam.example", wijkregie.RoleProfessional, team.ID, "")
		now := onClock(start)

		// From defaults to the store clock.
		regie := &wijkregie.Involvement{MunicipalityID: "GM0001", HouseholdID: h.ID, UserID: anna.ID, Kind: wijkregie.InvolvementCoordinator}
		mustTx(t, s, func(q *store.Q) error { return q.Involve(ctx, regie) })
		if !regie.From.Equal(now) {
			t.Errorf("Involve From = %v, want the store clock %v", regie.From, now)
		}
		// Times the caller gives are kept in UTC to the microsecond.
		involve(t, s, "GM0001", h.ID, bert.ID, wijkregie.InvolvementContributor, start.Add(-48*time.Hour), start.Add(24*time.Hour)) // ends tomorrow
		involve(t, s, "GM0001", h.ID, cor.ID, wijkregie.InvolvementContributor, now.Add(-72*time.Hour), now.Add(-time.Hour))        // ended an hour ago
		involve(t, s, "GM0001", h.ID, dirk.ID, wijkregie.InvolvementContributor, now.Add(-24*time.Hour), now)                       // ends right now

		got, err := s.R().Involvements(ctx, "GM0001", h.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []wijkregie.Involvement{
			{MunicipalityID: "GM0001", HouseholdID: h.ID, UserID: anna.ID, Kind: wijkregie.InvolvementCoordinator, From: now},
			{MunicipalityID: "GM0001", HouseholdID: h.ID, UserID: bert.ID, Kind: wijkregie.InvolvementContributor, From: kept(start.Add(-48 * time.Hour)), Until: kept(start.Add(24 * time.Hour))},
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Involvements, regisseur first, current only (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		// The schema allows one current regisseur.
		err = tryTx(s, func(q *store.Q) error {
			return q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: "GM0001", HouseholdID: h.ID, UserID: bert.ID, Kind: wijkregie.InvolvementCoordinator, From: now.Add(time.Second)})
		})
		wantCode(t, err, wijkregie.ECONFLICT)

		// Once Anna's involvement ends, Bert may take over.
		c.Advance(time.Minute)
		mustTx(t, s, func(q *store.Q) error { return q.EndInvolvement(ctx, "GM0001", h.ID, anna.ID) })
		err = tryTx(s, func(q *store.Q) error { return q.EndInvolvement(ctx, "GM0001", h.ID, anna.ID) })
		wantCode(t, err, wijkregie.ENOTFOUND)
		involve(t, s, "GM0001", h.ID, bert.ID, wijkregie.InvolvementCoordinator, time.Time{}, time.Time{})
		got, err = s.R().Involvements(ctx, "GM0001", h.ID)
		if err != nil {
			t.Fatal(err)
		}
		gotUsers := ids(got, func(i wijkregie.Involvement) string { return string(i.Kind) + ":" + i.UserID })
		if diff := cmp.Diff(gotUsers, []string{"regisseur:" + bert.ID, "betrokken:" + bert.ID}); diff != "" {
			t.Errorf("Involvements after the hand-over (-got +want):\n%s", diff)
		}

		err = tryTx(s, func(q *store.Q) error {
			return q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: "GM0001", HouseholdID: wijkregie.NewID(start), UserID: anna.ID, Kind: wijkregie.InvolvementContributor})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		err = tryTx(s, func(q *store.Q) error {
			return q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: "GM0001", HouseholdID: h.ID, UserID: wijkregie.NewID(start), Kind: wijkregie.InvolvementContributor})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestHouseholdsScopesAndPages(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		zuid := newTeam(t, s, "GM0001", "Zuid")
		noord := newTeam(t, s, "GM0001", "Noord")
		anna := newUser(t, s, "GM0001", "anna@wijkteam.example", wijkregie.RoleProfessional, noord.ID, "")
		now := onClock(start)
		// Created out of order; listed by postcode, number, addition.
		h3 := newHousehold(t, s, "GM0001", zuid.ID, "2000AA", 5)
		h1 := newHousehold(t, s, "GM0001", zuid.ID, "1000AA", 7)
		h2 := newHousehold(t, s, "GM0001", noord.ID, "1000AA", 10)
		h4 := newHousehold(t, s, "GM0001", "", "3000AA", 1)
		h5 := newHousehold(t, s, "GM0001", noord.ID, "3000AA", 2)
		order := []string{h1.ID, h2.ID, h3.ID, h4.ID, h5.ID}

		involve(t, s, "GM0001", h1.ID, anna.ID, wijkregie.InvolvementCoordinator, now.Add(-time.Hour), time.Time{})
		involve(t, s, "GM0001", h3.ID, anna.ID, wijkregie.InvolvementContributor, now.Add(-time.Hour), now.Add(time.Hour))
		involve(t, s, "GM0001", h4.ID, anna.ID, wijkregie.InvolvementContributor, now.Add(-2*time.Hour), now.Add(-time.Hour))
		involve(t, s, "GM0001", h5.ID, anna.ID, wijkregie.InvolvementContributor, now.Add(-2*time.Hour), now)

		// Members: two current and one former in h1.
		for i, until := range []time.Time{{}, {}, day(2020, 1, 1)} {
			p := newPerson(t, s, "GM0001", "Lid", "")
			addMember(t, s, "GM0001", h1.ID, p.ID, wijkregie.RelationOther, day(2010+i, 1, 1), until)
		}

		for _, tc := range []struct {
			name  string
			scope wijkregie.HouseholdScope
			page  store.Page
			want  []string
			total int
		}{
			{"all", wijkregie.HouseholdScope{All: true}, store.Page{}, order, 5},
			{"empty scope sees nothing", wijkregie.HouseholdScope{}, store.Page{}, nil, 0},
			{"team", wijkregie.HouseholdScope{TeamID: zuid.ID}, store.Page{}, []string{h1.ID, h3.ID}, 2},
			{"current involvement only", wijkregie.HouseholdScope{UserID: anna.ID}, store.Page{}, []string{h1.ID, h3.ID}, 2},
			{"team or involvement", wijkregie.HouseholdScope{TeamID: noord.ID, UserID: anna.ID}, store.Page{}, []string{h1.ID, h2.ID, h3.ID, h5.ID}, 4},
			{"unknown user", wijkregie.HouseholdScope{UserID: wijkregie.NewID(start)}, store.Page{}, nil, 0},
			{"page", wijkregie.HouseholdScope{All: true}, store.Page{Offset: 1, Limit: 2}, []string{h2.ID, h3.ID}, 5},
			{"past the end", wijkregie.HouseholdScope{All: true}, store.Page{Offset: 5, Limit: 2}, nil, 5},
		} {
			got, total, err := s.R().Households(ctx, "GM0001", tc.scope, tc.page)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			gotIDs := ids(got, func(h store.HouseholdSummary) string { return h.ID })
			if diff := cmp.Diff(gotIDs, tc.want, cmpopts.EquateEmpty()); diff != "" || total != tc.total {
				t.Errorf("%s: Households total = %d, want %d; ids (-got +want):\n%s", tc.name, total, tc.total, diff)
			}
			wantUTC(t, got)
		}

		all, _, err := s.R().Households(ctx, "GM0001", wijkregie.HouseholdScope{All: true}, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(all, func(h store.HouseholdSummary) bool { return h.ID == h1.ID })
		if diff := cmp.Diff(all[i], store.HouseholdSummary{Household: *h1, Members: 2}); diff != "" {
			t.Errorf("Households row (-got +want):\n%s", diff)
		}
	})
}

func TestCounts(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		zuid := newTeam(t, s, "GM0001", "Zuid")
		oud := newTeam(t, s, "GM0001", "Oud")
		oud.Active = false
		mustTx(t, s, func(q *store.Q) error { return q.UpdateTeam(ctx, oud) })
		newOrganisation(t, s, "GM0001", "GGZ", wijkregie.OrgGGZ)
		anna := newUser(t, s, "GM0001", "anna@wijkteam.example", wijkregie.RoleProfessional, zuid.ID, "")
		weg := newUser(t, s, "GM0001", "weg@wijkteam.example", wijkregie.RoleProfessional, zuid.ID, "")
		weg.Active = false
		mustTx(t, s, func(q *store.Q) error { return q.UpdateUser(ctx, weg) })

		h1 := newHousehold(t, s, "GM0001", zuid.ID, "1000AA", 1)
		h2 := newHousehold(t, s, "GM0001", "", "1000AA", 2)
		for _, hm := range []struct {
			h     string
			until time.Time
		}{{h1.ID, time.Time{}}, {h1.ID, time.Time{}}, {h1.ID, day(2020, 1, 1)}, {h2.ID, time.Time{}}} {
			p := newPerson(t, s, "GM0001", "Lid", "")
			addMember(t, s, "GM0001", hm.h, p.ID, wijkregie.RelationOther, day(2010, 1, 1), hm.until)
		}
		involve(t, s, "GM0001", h2.ID, anna.ID, wijkregie.InvolvementContributor, time.Time{}, time.Time{})

		for _, tc := range []struct {
			name  string
			scope wijkregie.HouseholdScope
			want  store.Counts
		}{
			{"all", wijkregie.HouseholdScope{All: true}, store.Counts{Teams: 1, Organisations: 1, Users: 1, Households: 2, Persons: 3}},
			{"team", wijkregie.HouseholdScope{TeamID: zuid.ID}, store.Counts{Teams: 1, Organisations: 1, Users: 1, Households: 1, Persons: 2}},
			{"involvement", wijkregie.HouseholdScope{UserID: anna.ID}, store.Counts{Teams: 1, Organisations: 1, Users: 1, Households: 1, Persons: 1}},
			{"empty", wijkregie.HouseholdScope{}, store.Counts{Teams: 1, Organisations: 1, Users: 1}},
		} {
			got, err := s.R().Counts(ctx, "GM0001", tc.scope)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("%s: Counts (-got +want):\n%s", tc.name, diff)
			}
		}
	})
}
