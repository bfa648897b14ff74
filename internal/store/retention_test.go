package store_test

import (
	"context"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// TestRetentionPeriodsStore: no row reads as the defaults at version 0;
// a save raises the version; a save over a changed version is a conflict.
func TestRetentionPeriodsStore(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		newMunicipality(t, s, "GM0363")
		r, err := s.R().RetentionPeriods(ctx, "GM0363")
		if err != nil || r.Version != 0 || r.YouthCase != (wijkregie.Period{Years: 20}) {
			t.Fatalf("periods of a new municipality: %+v, %v; want the defaults", r, err)
		}
		r.SocialCase, r.Signal, r.UpdatedBy = wijkregie.Period{Years: 7, Months: 6}, wijkregie.Period{Years: 1, Months: 6}, "systeem"
		mustTx(t, s, func(q *store.Q) error { return q.SaveRetentionPeriods(ctx, &r) })
		got, err := s.R().RetentionPeriods(ctx, "GM0363")
		if err != nil || got.Version != 1 || got.SocialCase != (wijkregie.Period{Years: 7, Months: 6}) ||
			got.Signal != (wijkregie.Period{Years: 1, Months: 6}) || !got.UpdatedAt.Equal(onClock(start)) {
			t.Errorf("periods read back: %+v, %v", got, err)
		}
		stale := r
		stale.Version = 0
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.SaveRetentionPeriods(ctx, &stale) }), "fout.bewaartermijnen.gewijzigd")
		mustTx(t, s, func(q *store.Q) error { return q.SaveRetentionPeriods(ctx, &got) })
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.SaveRetentionPeriods(ctx, &r) }), "fout.bewaartermijnen.gewijzigd")
	})
}

// TestRetentionBoundaries: a Jeugdwet file closed 19 years and 11 months
// ago has not expired, one closed 20 years and a day ago has; a file
// without a ground has the other files' period; the household of an
// expired file with an open case beside it stays, with its member.
func TestRetentionBoundaries(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0363")
		p := newPerson(t, s, ct.m, "Visser", bsnN(t, 1))
		addMember(t, s, ct.m, ct.household, p.ID, wijkregie.RelationParent, day(2020, 1, 1), time.Time{})
		other := newHousehold(t, s, ct.m, ct.team, "2582BB", 2).ID
		now := start.AddDate(30, 0, 0)
		closed := func(household string, ground wijkregie.LegalGround, at time.Time) *wijkregie.Case {
			c := &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: household, TeamID: ct.team, Status: wijkregie.CaseClosed,
				Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: ct.lead.ID, ClosedAt: at, LegalGround: ground}
			mustTx(t, s, func(q *store.Q) error { return q.CreateCase(ctx, c) })
			return c
		}
		stays := closed(ct.household, wijkregie.GroundJeugdwet, now.AddDate(-19, -11, 0))
		gone := closed(ct.household, wijkregie.GroundJeugdwet, now.AddDate(-20, 0, -1))
		none := closed(other, "", now.AddDate(-10, 0, -1))
		ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)

		cut := wijkregie.DefaultRetentionPeriods(ct.m).Cutoffs(now)
		expired, err := s.R().ExpiredCases(ctx, ct.m, cut, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{gone.ID: true, none.ID: false}
		if len(expired) != 2 {
			t.Fatalf("expired %+v; want the file of 20 years and a day and the one without a ground (not %s)", expired, stays.ID)
		}
		for _, e := range expired {
			if youth, ok := want[e.ID]; !ok || youth != e.Youth {
				t.Errorf("expired %+v; want %v", e, want)
			}
		}
		counts, err := s.R().RetentionCounts(ctx, ct.m, cut)
		if err != nil {
			t.Fatal(err)
		}
		if counts.YouthCases.Expired != 1 || counts.SocialCases.Expired != 1 || counts.Households.Expired != 1 || counts.Persons.Expired != 0 {
			t.Errorf("counts %+v; want one youth file, one other, the other household and no person", counts)
		}
		mustTx(t, s, func(q *store.Q) error { return q.AnonymiseCases(ctx, ct.m, []string{gone.ID, none.ID}) })
		if left, err := s.R().ExpiredCases(ctx, ct.m, cut, 10); err != nil || len(left) != 0 {
			t.Errorf("expired after anonymising: %+v, %v; want none", left, err)
		}
		hs, err := s.R().RemovableHouseholds(ctx, ct.m, cut, "", 10)
		if err != nil || len(hs) != 1 || hs[0] != other {
			t.Errorf("removable households %v, %v; want only the household without an open case", hs, err)
		}
		mustTx(t, s, func(q *store.Q) error { return q.RemoveHouseholds(ctx, ct.m, hs) })
		if ps, err := s.R().RemovablePersons(ctx, ct.m, cut, "", 10); err != nil || len(ps) != 0 {
			t.Errorf("removable persons %v, %v; want none: the member's household has an open case", ps, err)
		}
		c, err := s.R().Case(ctx, ct.m, gone.ID)
		if err != nil || c.HouseholdID == ct.household || c.Status != wijkregie.CaseClosed || !c.ClosedAt.Equal(kept(gone.ClosedAt)) {
			t.Errorf("anonymised file: %+v, %v", c, err)
		}
	})
}
