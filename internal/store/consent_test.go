package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/store"
)

// consentFamily is a household of a mother and her son of 13, a GGZ
// organisation and a GP practice, and the professional who records.
type consentFamily struct {
	m                 string
	household         string
	mother, child     *wijkregie.Person
	ggz, otherGGZ, gp *wijkregie.Organisation
	pro               *wijkregie.User
}

func newConsentFamily(t *testing.T, s *store.Store) *consentFamily {
	t.Helper()
	const m = "GM0001"
	newMunicipality(t, s, m)
	team := newTeam(t, s, m, "Wijkteam Oost").ID
	f := &consentFamily{m: m, household: newHousehold(t, s, m, team, "2581AA", 1).ID,
		mother: newPerson(t, s, m, "Jansen", ""), child: newPerson(t, s, m, "Jansen", ""),
		ggz: newOrganisation(t, s, m, "GGZ Kustland", wijkregie.OrgGGZ), otherGGZ: newOrganisation(t, s, m, "GGZ Elders", wijkregie.OrgGGZ),
		gp:  newOrganisation(t, s, m, "Huisartsenpraktijk De Duinroos", wijkregie.OrgHuisarts),
		pro: newUser(t, s, m, "pro@gm0001.example", wijkregie.RoleProfessional, team, "")}
	addMember(t, s, m, f.household, f.mother.ID, wijkregie.RelationParent, day(2010, 1, 1), time.Time{})
	addMember(t, s, m, f.household, f.child.ID, wijkregie.RelationChild, day(2013, 5, 1), time.Time{})
	return f
}

// consent records a consent of the child, given by the child and the
// mother, for the organisation (or, with org "", all GPs).
func (f *consentFamily) consent(t *testing.T, s *store.Store, org string, p wijkregie.ConsentPurpose, domains ...string) *wijkregie.Consent {
	t.Helper()
	c := &wijkregie.Consent{MunicipalityID: f.m, PersonID: f.child.ID, OrganisationID: org, Purpose: p, Domains: domains,
		GivenOn: day(2026, 3, 10), Method: wijkregie.ConsentWritten, RecordedBy: f.pro.ID,
		GivenBy: []wijkregie.ConsentGiver{{PersonID: f.child.ID, Capacity: wijkregie.GiverSelf}, {PersonID: f.mother.ID, Capacity: wijkregie.GiverParent}}}
	if org == "" {
		c.OrganisationKind = wijkregie.OrgHuisarts
	}
	mustTx(t, s, func(q *store.Q) error { return q.CreateConsent(context.Background(), c) })
	return c
}

func consentIDs(cs []wijkregie.Consent) []string {
	return ids(cs, func(c wijkregie.Consent) string { return c.ID })
}

// TestConsentReadsBack: a consent is stored whole — recipient, purpose,
// domains, dates, how and by whom — at version 1, and reads back the same
// alone, in the person's list and in the household's.
func TestConsentReadsBack(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newConsentFamily(t, s)
		c := f.consent(t, s, f.ggz.ID, wijkregie.ConsentCarryOutPlan, "geestelijke-gezondheid", "huiselijke-relaties")
		if c.Version != 1 || !wijkregie.ValidID(c.ID) || !c.RecordedAt.Equal(onClock(start)) {
			t.Errorf("created %+v; want version 1, an id, recorded now", c)
		}
		clk.Advance(time.Minute)
		until := &wijkregie.Consent{MunicipalityID: f.m, PersonID: f.mother.ID, OrganisationKind: wijkregie.OrgHuisarts,
			Purpose: wijkregie.ConsentShareInformation, Domains: []string{"lichamelijke-gezondheid"}, GivenOn: day(2026, 3, 12),
			Until: time.Date(2026, 12, 31, 15, 0, 0, 0, time.FixedZone("CET", 3600)), Method: wijkregie.ConsentOral, RecordedBy: f.pro.ID,
			GivenBy: []wijkregie.ConsentGiver{{PersonID: f.mother.ID, Capacity: wijkregie.GiverSelf}}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateConsent(ctx, until) })
		if !until.Until.Equal(day(2026, 12, 31)) {
			t.Errorf("until kept as %v; want the day 2026-12-31", until.Until)
		}

		got, err := s.R().Consent(ctx, f.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, c); diff != "" {
			t.Errorf("consent reads back changed (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		mine, err := s.R().PersonConsents(ctx, f.m, f.mother.ID, wijkregie.ConsentScope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(mine, []wijkregie.Consent{*until}); diff != "" {
			t.Errorf("the mother's consents (-got +want):\n%s", diff)
		}
		all, err := s.R().HouseholdConsents(ctx, f.m, f.household, wijkregie.ConsentScope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{c.ID, until.ID}
		if f.mother.ID < f.child.ID {
			want = []string{until.ID, c.ID} // by person
		}
		if diff := cmp.Diff(consentIDs(all), want); diff != "" {
			t.Errorf("the household's consents (-got +want):\n%s", diff)
		}
		wantUTC(t, all)
		if _, err := s.R().Consent(ctx, f.m, wijkregie.NewID(start)); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("an unknown consent: %v; want not found", err)
		}
		if _, err := s.R().Consent(ctx, "GM0002", c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("another municipality's consent: %v; want not found", err)
		}
	})
}

// TestConsentScopeInSQL: the lists hold exactly the consents the scope
// admits one by one (wijkregie.ConsentScope.Admits), for the team, for a
// partner organisation, for another of its kind and for none.
func TestConsentScopeInSQL(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newConsentFamily(t, s)
		var all []*wijkregie.Consent
		for _, org := range []string{f.ggz.ID, f.otherGGZ.ID, "", f.gp.ID} {
			all = append(all, f.consent(t, s, org, wijkregie.ConsentShareInformation, "geestelijke-gezondheid"))
			clk.Advance(time.Minute)
		}
		for _, sc := range []wijkregie.ConsentScope{
			{All: true},
			{OrganisationID: f.ggz.ID, Kind: wijkregie.OrgGGZ},
			{OrganisationID: f.gp.ID, Kind: wijkregie.OrgHuisarts},
			{OrganisationID: f.otherGGZ.ID},
			{Kind: wijkregie.OrgHuisarts},
			{},
		} {
			var want []string
			for _, c := range all {
				if sc.Admits(c) {
					want = append(want, c.ID)
				}
			}
			for name, list := range map[string]func() ([]wijkregie.Consent, error){
				"person":    func() ([]wijkregie.Consent, error) { return s.R().PersonConsents(ctx, f.m, f.child.ID, sc) },
				"household": func() ([]wijkregie.Consent, error) { return s.R().HouseholdConsents(ctx, f.m, f.household, sc) },
			} {
				got, err := list()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(consentIDs(got), want, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s list with scope %+v (-got +want):\n%s", name, sc, diff)
				}
			}
		}
	})
}

// TestHouseholdConsentsFollowTheMembers: the household's list holds the
// consents of today's members; one who left takes theirs along.
func TestHouseholdConsentsFollowTheMembers(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newConsentFamily(t, s)
		c := f.consent(t, s, f.ggz.ID, wijkregie.ConsentCarryOutPlan, "geestelijke-gezondheid")
		mustTx(t, s, func(q *store.Q) error {
			m, err := q.Member(ctx, f.m, f.household, f.child.ID)
			if err != nil {
				return err
			}
			m.Until = day(2026, 3, 13)
			return q.UpdateMember(ctx, m)
		})
		got, err := s.R().HouseholdConsents(ctx, f.m, f.household, wijkregie.ConsentScope{All: true})
		if err != nil || len(got) != 0 {
			t.Errorf("a former member's consent is listed with the household: %v, %v", consentIDs(got), err)
		}
		if got, err := s.R().PersonConsents(ctx, f.m, f.child.ID, wijkregie.ConsentScope{All: true}); err != nil || len(got) != 1 || got[0].ID != c.ID {
			t.Errorf("the consent left the person: %v, %v", consentIDs(got), err)
		}
	})
}

// TestWithdrawConsent: a withdrawal is written once, on the version read;
// a second one, or one over a version not seen, writes nothing.
func TestWithdrawConsent(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newConsentFamily(t, s)
		c := f.consent(t, s, f.ggz.ID, wijkregie.ConsentCarryOutPlan, "geestelijke-gezondheid")
		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error {
			if err := c.Withdraw(f.pro.ID, "  Wil het zelf vertellen. ", q.Now()); err != nil {
				return err
			}
			return q.WithdrawConsent(ctx, c)
		})
		got, err := s.R().Consent(ctx, f.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || !got.WithdrawnAt.Equal(onClock(start.Add(time.Hour))) || got.WithdrawnBy != f.pro.ID ||
			got.WithdrawnReason != "Wil het zelf vertellen." {
			t.Errorf("withdrawn consent %+v", got)
		}
		if diff := cmp.Diff(got, c); diff != "" {
			t.Errorf("the withdrawal reads back changed (-got +want):\n%s", diff)
		}

		again := *got
		again.WithdrawnAt, again.WithdrawnBy = time.Time{}, ""
		if err := again.Withdraw(f.pro.ID, "", start); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.WithdrawConsent(ctx, &again) }), "fout.toestemming.al_ingetrokken")

		// A second consent, withdrawn over a version read before a
		// change: refused, nothing written.
		d := f.consent(t, s, f.gp.ID, wijkregie.ConsentShareInformation, "lichamelijke-gezondheid")
		old := *d
		old.Version = 7
		if err := old.Withdraw(f.pro.ID, "", start); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.WithdrawConsent(ctx, &old) }), "fout.toestemming.gewijzigd")
		if got, err := s.R().Consent(ctx, f.m, d.ID); err != nil || !got.WithdrawnAt.IsZero() || got.Version != 1 {
			t.Errorf("a refused withdrawal wrote %+v (%v)", got, err)
		}
		missing := *d
		missing.ID = wijkregie.NewID(start)
		if err := missing.Withdraw(f.pro.ID, "", start); err != nil {
			t.Fatal(err)
		}
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.WithdrawConsent(ctx, &missing) }), wijkregie.ENOTFOUND)
	})
}

// TestConsentsForRecipient: the consents the access policy weighs for an
// organisation: its own and its kind's, not another's; withdrawn ones
// only for a moment before their withdrawal.
func TestConsentsForRecipient(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newConsentFamily(t, s)
		own := f.consent(t, s, f.ggz.ID, wijkregie.ConsentCarryOutPlan, "geestelijke-gezondheid")
		f.consent(t, s, f.otherGGZ.ID, wijkregie.ConsentCarryOutPlan, "geestelijke-gezondheid")
		gps := f.consent(t, s, "", wijkregie.ConsentShareInformation, "lichamelijke-gezondheid")
		withdrawn := f.consent(t, s, f.ggz.ID, wijkregie.ConsentShareInformation, "financien")
		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error {
			if err := withdrawn.Withdraw(f.pro.ID, "", q.Now()); err != nil {
				return err
			}
			return q.WithdrawConsent(ctx, withdrawn)
		})
		for _, tc := range []struct {
			name string
			org  string
			kind wijkregie.OrganisationKind
			at   time.Time
			want []string
		}{
			{"GGZ Kustland now", f.ggz.ID, wijkregie.OrgGGZ, start.Add(2 * time.Hour), []string{own.ID}},
			{"GGZ Kustland before the withdrawal", f.ggz.ID, wijkregie.OrgGGZ, start.Add(time.Minute), []string{own.ID, withdrawn.ID}},
			{"a GP practice", f.gp.ID, wijkregie.OrgHuisarts, start.Add(2 * time.Hour), []string{gps.ID}},
			{"a school", wijkregie.NewID(start), wijkregie.OrgSchool, start.Add(2 * time.Hour), nil},
		} {
			got, err := s.R().ConsentsForRecipient(ctx, f.m, f.child.ID, tc.org, tc.kind, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			gotIDs := consentIDs(got)
			slices.Sort(gotIDs)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if diff := cmp.Diff(gotIDs, want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (-got +want):\n%s", tc.name, diff)
			}
		}
	})
}

// TestConsentRefusals: what the schema refuses comes back as the
// application's errors, naming the field.
func TestConsentRefusals(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newConsentFamily(t, s)
		base := func() *wijkregie.Consent {
			return &wijkregie.Consent{MunicipalityID: f.m, PersonID: f.mother.ID, OrganisationID: f.ggz.ID,
				Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, GivenOn: day(2026, 3, 1),
				Method: wijkregie.ConsentOral, RecordedBy: f.pro.ID,
				GivenBy: []wijkregie.ConsentGiver{{PersonID: f.mother.ID, Capacity: wijkregie.GiverSelf}}}
		}
		both := base()
		both.OrganisationKind = wijkregie.OrgGGZ
		wantFields(t, tryTx(s, func(q *store.Q) error { return q.CreateConsent(ctx, both) }), "organisatie")
		twice := base()
		twice.GivenBy = append(twice.GivenBy, twice.GivenBy[0])
		wantFields(t, tryTx(s, func(q *store.Q) error { return q.CreateConsent(ctx, twice) }), "gegevenDoor")
		stranger := base()
		stranger.PersonID = wijkregie.NewID(start)
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.CreateConsent(ctx, stranger) }), wijkregie.ENOTFOUND)
		unknownOrg := base()
		unknownOrg.OrganisationID = wijkregie.NewID(start)
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.CreateConsent(ctx, unknownOrg) }), wijkregie.ENOTFOUND)
		if got, err := s.R().PersonConsents(ctx, f.m, f.mother.ID, wijkregie.ConsentScope{All: true}); err != nil || len(got) != 0 {
			t.Errorf("refused consents were written: %v, %v", consentIDs(got), err)
		}
	})
}
