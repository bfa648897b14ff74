package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestPersonRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		// A birth date entered as a moment keeps its calendar day: 1 March
		// in the Netherlands, although it is still 28 February in UTC.
		p := &wijkregie.Person{MunicipalityID: "GM0001", BSN: "111222333", GivenName: "Jan", Prefix: "van der", FamilyName: "Berg",
			BirthDate: time.Date(1984, 3, 1, 0, 30, 0, 0, time.FixedZone("CET", 3600)), Phone: "06-12345678", Email: "jan@example.org"}
		mustTx(t, s, func(q *store.Q) error { return q.CreatePerson(ctx, p) })
		if !wijkregie.ValidID(p.ID) || !p.CreatedAt.Equal(onClock(start)) {
			t.Errorf("CreatePerson set ID=%q CreatedAt=%v; want an id and the store clock", p.ID, p.CreatedAt)
		}
		want := *p
		want.BirthDate = day(1984, 3, 1)

		got, err := s.R().Person(ctx, "GM0001", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, &want); diff != "" {
			t.Errorf("Person (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		// No BSN, no birth date: NULLs read back as zero values.
		bare := newPerson(t, s, "GM0001", "Onbekend", "")
		got, err = s.R().Person(ctx, "GM0001", bare.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, bare); diff != "" {
			t.Errorf("Person without BSN and birth date (-got +want):\n%s", diff)
		}
		if got.BSN != "" || !got.BirthDate.IsZero() {
			t.Errorf("Person BSN, BirthDate = %q, %v; want empty and zero", got.BSN.Digits(), got.BirthDate)
		}

		_, err = s.R().Person(ctx, "GM0001", wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestPersonErrors(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newPerson(t, s, "GM0001", "Berg", "111222333")
		// The unique index decides on the BSN; persons without one do not collide.
		err := tryTx(s, func(q *store.Q) error {
			return q.CreatePerson(ctx, &wijkregie.Person{MunicipalityID: "GM0001", FamilyName: "Dubbel", BSN: "111222333"})
		})
		wantFields(t, err, "bsn")
		newPerson(t, s, "GM0001", "Zonder", "")
		newPerson(t, s, "GM0001", "Ook zonder", "")

		err = tryTx(s, func(q *store.Q) error {
			return q.CreatePerson(ctx, &wijkregie.Person{MunicipalityID: "GM0001", FamilyName: " ", BirthDate: start.AddDate(0, 0, 1)})
		})
		wantFields(t, err, "achternaam", "geboortedatum")
	})
}

func TestMembersAndPersonHouseholds(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		old := newHousehold(t, s, "GM0001", "", "1011AB", 1)
		home := newHousehold(t, s, "GM0001", "", "1011AB", 2)
		moeder := newPerson(t, s, "GM0001", "Bakker", "111222333")
		kind := newPerson(t, s, "GM0001", "Bakker", "")
		vader := newPerson(t, s, "GM0001", "Smit", "")

		addMember(t, s, "GM0001", old.ID, moeder.ID, wijkregie.RelationPartner, day(2001, 5, 1), day(2015, 8, 31))
		addMember(t, s, "GM0001", home.ID, moeder.ID, wijkregie.RelationParent, day(2015, 9, 1), time.Time{})
		addMember(t, s, "GM0001", home.ID, kind.ID, wijkregie.RelationChild, day(2016, 2, 29), time.Time{})
		addMember(t, s, "GM0001", home.ID, vader.ID, wijkregie.RelationParent, day(2010, 1, 1), day(2020, 12, 31))

		ms, ps, err := s.R().HouseholdMembers(ctx, "GM0001", home.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Current members first, by from date; then former members.
		wantMs := []wijkregie.Member{
			{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: moeder.ID, Relation: wijkregie.RelationParent, From: day(2015, 9, 1)},
			{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: kind.ID, Relation: wijkregie.RelationChild, From: day(2016, 2, 29)},
			{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: vader.ID, Relation: wijkregie.RelationParent, From: day(2010, 1, 1), Until: day(2020, 12, 31)},
		}
		if diff := cmp.Diff(ms, wantMs); diff != "" {
			t.Errorf("HouseholdMembers members (-got +want):\n%s", diff)
		}
		if diff := cmp.Diff(ps, []wijkregie.Person{*moeder, *kind, *vader}); diff != "" {
			t.Errorf("HouseholdMembers persons (-got +want):\n%s", diff)
		}
		wantUTC(t, ms)
		wantUTC(t, ps)

		hs, err := s.R().PersonHouseholds(ctx, "GM0001", moeder.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(hs, []string{home.ID}); diff != "" {
			t.Errorf("PersonHouseholds, current only (-got +want):\n%s", diff)
		}
		if hs, err := s.R().PersonHouseholds(ctx, "GM0001", vader.ID); err != nil || len(hs) != 0 {
			t.Errorf("PersonHouseholds of someone who moved out = %v, %v; want none", hs, err)
		}
		if hs, err := s.R().PersonHouseholds(ctx, "GM0001", wijkregie.NewID(start)); err != nil || len(hs) != 0 {
			t.Errorf("PersonHouseholds of nobody = %v, %v; want none", hs, err)
		}

		// The same membership twice is a conflict; unknown people or
		// households are not found.
		err = tryTx(s, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: kind.ID, Relation: wijkregie.RelationChild, From: day(2016, 2, 29)})
		})
		wantCode(t, err, wijkregie.ECONFLICT)
		err = tryTx(s, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: wijkregie.NewID(start), Relation: wijkregie.RelationChild, From: day(2020, 1, 1)})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		err = tryTx(s, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: "GM0001", HouseholdID: wijkregie.NewID(start), PersonID: kind.ID, Relation: wijkregie.RelationChild, From: day(2020, 1, 1)})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}
