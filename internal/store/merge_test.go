package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// newSignalOn registers a signal on a person, created by a user.
func newSignalOn(t testing.TB, s *store.Store, m, personID, userID string, received time.Time) *wijkregie.Signal {
	t.Helper()
	sig := &wijkregie.Signal{MunicipalityID: m, Kind: wijkregie.SignalCareReport, PersonID: personID, SourceKind: wijkregie.SourceNeighbour,
		Domains: []string{"financien"}, Description: "Zorgen over de huur", Urgency: wijkregie.UrgencyNormal,
		ReceivedAt: received, TriageDeadline: received.AddDate(0, 0, 7), Status: wijkregie.SignalNew, CreatedBy: userID}
	mustTx(t, s, func(q *store.Q) error { return q.CreateSignal(context.Background(), sig) })
	return sig
}

// memberships returns a person's memberships as household/from/until
// strings, for comparing.
func memberships(t *testing.T, s *store.Store, m, personID string) []string {
	t.Helper()
	ms, err := s.R().PersonMemberships(t.Context(), m, personID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range ms {
		until := "open"
		if !x.Until.IsZero() {
			until = x.Until.Format(time.DateOnly)
		}
		out = append(out, x.HouseholdID+" "+string(x.Relation)+" "+x.From.Format(time.DateOnly)+" "+until)
	}
	return out
}

func TestMergePersons(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		const m = "GM0001"
		newMunicipality(t, s, m)
		team := newTeam(t, s, m, "Wijkteam Noord", "1011")
		u := newUser(t, s, m, "pro@example.org", wijkregie.RoleProfessional, team.ID, "")

		// The record that stays has a phone number but no BSN and no
		// birth date; the duplicate has all four.
		keep := &wijkregie.Person{MunicipalityID: m, GivenName: "Fatima", FamilyName: "Yilmaz", Phone: "06 11111111"}
		dup := &wijkregie.Person{MunicipalityID: m, GivenName: "Fatma", FamilyName: "Yilmaz", BSN: bsnN(t, 0),
			BirthDate: day(1990, 4, 12), Phone: "06 22222222", Email: "f@example.org"}
		for _, p := range []*wijkregie.Person{keep, dup} {
			mustTx(t, s, func(q *store.Q) error { return q.CreatePerson(ctx, p) })
		}
		home := newHousehold(t, s, m, team.ID, "1011AB", 1)
		earlier := newHousehold(t, s, m, team.ID, "1011AB", 2)
		parents := newHousehold(t, s, m, team.ID, "1011AB", 3)
		// Both live at home now: the duplicate's open membership would be a
		// second open one (members_one_open) and goes; its earlier stay
		// there is history and moves.
		addMember(t, s, m, home.ID, keep.ID, wijkregie.RelationParent, day(2020, 1, 1), time.Time{})
		addMember(t, s, m, home.ID, dup.ID, wijkregie.RelationParent, day(2021, 6, 1), time.Time{})
		addMember(t, s, m, home.ID, dup.ID, wijkregie.RelationPartner, day(2012, 1, 1), day(2015, 12, 31))
		// The same membership twice (same household, same day): the
		// primary key keeps one, the one that stays.
		addMember(t, s, m, parents.ID, keep.ID, wijkregie.RelationChild, day(1990, 4, 12), day(2011, 12, 31))
		addMember(t, s, m, parents.ID, dup.ID, wijkregie.RelationOther, day(1990, 4, 12), day(2010, 8, 31))
		// Only the duplicate lived here: it moves.
		addMember(t, s, m, earlier.ID, dup.ID, wijkregie.RelationOther, day(2016, 1, 1), day(2019, 12, 31))
		sig := newSignalOn(t, s, m, dup.ID, u.ID, start)

		c.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.MergePersons(ctx, m, keep.ID, dup.ID, u.ID) })

		got, err := s.R().Person(ctx, m, keep.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *keep
		want.BSN, want.BirthDate, want.Email = dup.BSN, dup.BirthDate, dup.Email // filled in; the phone is keep's own
		if diff := cmp.Diff(got, &want); diff != "" {
			t.Errorf("the record that stays (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		gotDup, err := s.R().Person(ctx, m, dup.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantDup := *dup
		wantDup.BSN, wantDup.MergedInto, wantDup.MergedAt, wantDup.MergedBy = "", keep.ID, onClock(start.Add(time.Hour)), u.ID
		if diff := cmp.Diff(gotDup, &wantDup); diff != "" {
			t.Errorf("the duplicate (-got +want):\n%s", diff)
		}
		wantUTC(t, gotDup)

		wantMs := []string{
			home.ID + " ouder 2020-01-01 open",
			earlier.ID + " overig 2016-01-01 2019-12-31",
			home.ID + " partner 2012-01-01 2015-12-31",
			parents.ID + " kind 1990-04-12 2011-12-31",
		}
		if diff := cmp.Diff(memberships(t, s, m, keep.ID), wantMs); diff != "" {
			t.Errorf("memberships of the record that stays (-got +want):\n%s", diff)
		}
		if ms := memberships(t, s, m, dup.ID); len(ms) != 0 {
			t.Errorf("the duplicate still has memberships %v", ms)
		}
		gotSig, err := s.R().Signal(ctx, m, sig.ID)
		if err != nil {
			t.Fatal(err)
		}
		if gotSig.PersonID != keep.ID {
			t.Errorf("signal on %s; want it on the record that stays %s", gotSig.PersonID, keep.ID)
		}

		// Searches find the record that stays, never the merged one.
		for _, pq := range []wijkregie.PersonQuery{
			{BSN: dup.BSN},
			{FamilyName: "YILMAZ", BirthDate: dup.BirthDate},
			{Postcode: "1011AB", Number: 1},
		} {
			ms, err := s.R().SearchPersons(ctx, m, &pq)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, x := range ms {
				ids = append(ids, x.Person.ID)
			}
			if diff := cmp.Diff(ids, []string{keep.ID}); diff != "" {
				t.Errorf("SearchPersons(%+v) (-got +want):\n%s", pq, diff)
			}
		}
		_, err = s.R().PersonMatch(ctx, m, dup.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		// The BSN is the record's that stays now: a new registration with
		// it collides there.
		err = tryTx(s, func(q *store.Q) error {
			return q.CreatePerson(ctx, &wijkregie.Person{MunicipalityID: m, FamilyName: "Derde", BSN: dup.BSN})
		})
		wantFields(t, err, "bsn")
		// The merged record is history: it joins no household.
		err = tryTx(s, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: m, HouseholdID: earlier.ID, PersonID: dup.ID,
				Relation: wijkregie.RelationOther, From: day(2024, 1, 1)})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestMergePersonsRefusals(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		const m = "GM0001"
		newMunicipality(t, s, m)
		newMunicipality(t, s, "GM0002")
		a := newPerson(t, s, m, "Jansen", bsnN(t, 0))
		b := newPerson(t, s, m, "Jansen", bsnN(t, 1))
		x := newPerson(t, s, m, "Jansen", "")
		elsewhere := newPerson(t, s, "GM0002", "Jansen", "")
		h := newHousehold(t, s, m, "", "1011AB", 1)
		addMember(t, s, m, h.ID, b.ID, wijkregie.RelationParent, day(2020, 1, 1), time.Time{})
		merge := func(keep, dup string) error {
			return tryTx(s, func(q *store.Q) error { return q.MergePersons(ctx, m, keep, dup, "u1") })
		}

		wantFields(t, merge(a.ID, a.ID), "duplicaat")
		wantFields(t, merge(a.ID, wijkregie.NewID(start)), "duplicaat")
		wantFields(t, merge(a.ID, elsewhere.ID), "duplicaat") // another municipality's is unknown here
		wantCode(t, merge(wijkregie.NewID(start), a.ID), wijkregie.ENOTFOUND)
		// Two BSNs: two people, or a mistake to look into first. Nothing
		// changed.
		wantCode(t, merge(a.ID, b.ID), wijkregie.ECONFLICT)
		if err := merge(a.ID, b.ID); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT || err.Error() != "conflict: fout.samenvoegen.bsn_verschilt" {
			t.Errorf("merging two BSNs = %v; want fout.samenvoegen.bsn_verschilt", err)
		}
		if got, err := s.R().Person(ctx, m, b.ID); err != nil || got.MergedInto != "" || got.BSN != b.BSN {
			t.Errorf("after a refused merge the duplicate is %+v, %v; want it unchanged", got, err)
		}
		if ms := memberships(t, s, m, b.ID); len(ms) != 1 {
			t.Errorf("after a refused merge the duplicate has memberships %v; want its one", ms)
		}

		// Merged once; not again, and nothing is merged into it.
		if err := merge(a.ID, x.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, merge(b.ID, x.ID), wijkregie.ECONFLICT)
		wantCode(t, merge(x.ID, b.ID), wijkregie.ECONFLICT)
		if got, err := s.R().Person(ctx, m, x.ID); err != nil || got.MergedInto != a.ID {
			t.Errorf("the merged record is %+v, %v; want it merged into %s", got, err, a.ID)
		}
	})
}

// TestMergeChainsFlatten: a record merged into one that is merged later
// leads straight to the record that stays.
func TestMergeChainsFlatten(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		const m = "GM0001"
		newMunicipality(t, s, m)
		team := newTeam(t, s, m, "Wijkteam Noord", "1011")
		u := newUser(t, s, m, "pro@example.org", wijkregie.RoleProfessional, team.ID, "")
		var ps []*wijkregie.Person
		for _, given := range []string{"A", "B", "C"} {
			p := &wijkregie.Person{MunicipalityID: m, GivenName: given, FamilyName: "Yilmaz"}
			mustTx(t, s, func(q *store.Q) error { return q.CreatePerson(ctx, p) })
			ps = append(ps, p)
		}
		mustTx(t, s, func(q *store.Q) error { return q.MergePersons(ctx, m, ps[1].ID, ps[0].ID, u.ID) })
		c.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.MergePersons(ctx, m, ps[2].ID, ps[1].ID, u.ID) })
		for _, p := range ps[:2] {
			got, err := s.R().Person(ctx, m, p.ID)
			if err != nil || got.MergedInto != ps[2].ID {
				t.Errorf("%s merged into %q, %v; want %s", p.GivenName, got.MergedInto, err, ps[2].ID)
			}
		}
	})
}
