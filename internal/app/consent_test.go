package app_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// consentHome is a household with two parents, a child of 13, a child of
// 8 and a young person of 17, whose regisseur is the demo professional.
type consentHome struct {
	household                *wijkregie.Household
	mother, father           string
	thirteen, eight, sixteen string
	ggz                      string // GGZ Kustland
}

func (f *fixture) newConsentHome(t *testing.T, involved ...string) *consentHome {
	t.Helper()
	f.n++
	today := wijkregie.Today(f.clock.Now())
	h := &consentHome{household: &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: f.users[wijkregie.RoleProfessional].TeamID,
		Address: wijkregie.Address{Street: "Toestemmingslaan", Number: f.n, Postcode: "2581ZZ", Town: "Duinhaven"}}}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateHousehold(f.ctx, h.household); err != nil {
			return err
		}
		for _, m := range []struct {
			id    *string
			given string
			born  time.Time
			rel   wijkregie.Relation
		}{
			{&h.mother, "Moeder", today.AddDate(-41, 0, 0), wijkregie.RelationParent},
			{&h.father, "Vader", today.AddDate(-43, 0, 0), wijkregie.RelationParent},
			{&h.thirteen, "Dertien", today.AddDate(-13, -2, 0), wijkregie.RelationChild},
			{&h.eight, "Acht", today.AddDate(-8, 0, -3), wijkregie.RelationChild},
			{&h.sixteen, "Zeventien", today.AddDate(-17, 0, 0), wijkregie.RelationChild},
		} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Toestemming", BirthDate: m.born}
			if err := q.CreatePerson(f.ctx, p); err != nil {
				return err
			}
			*m.id = p.ID
			if err := q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.household.ID, PersonID: p.ID,
				Relation: m.rel, From: today.AddDate(-1, 0, 0)}); err != nil {
				return err
			}
		}
		for i, uid := range involved {
			kind := wijkregie.InvolvementContributor
			if i == 0 {
				kind = wijkregie.InvolvementCoordinator
			}
			if err := q.Involve(f.ctx, &wijkregie.Involvement{MunicipalityID: demo.MunicipalityID, HouseholdID: h.household.ID, UserID: uid, Kind: kind}); err != nil {
				return err
			}
		}
		orgs, err := q.Organisations(f.ctx, demo.MunicipalityID)
		for _, o := range orgs {
			if o.Kind == wijkregie.OrgGGZ {
				h.ggz = o.ID
			}
		}
		return err
	})
	if err != nil {
		t.Fatalf("newConsentHome: %v", err)
	}
	return h
}

// consentFor is a consent of the person for GGZ Kustland's plan work in
// geestelijke gezondheid, given today orally by the givers.
func (h *consentHome) consentFor(person string, givers ...wijkregie.ConsentGiver) *wijkregie.Consent {
	return &wijkregie.Consent{PersonID: person, OrganisationID: h.ggz, Purpose: wijkregie.ConsentCarryOutPlan,
		Domains: []string{"geestelijke-gezondheid"}, GivenOn: start, Method: wijkregie.ConsentOral, GivenBy: givers}
}

func self(id string) wijkregie.ConsentGiver {
	return wijkregie.ConsentGiver{PersonID: id, Capacity: wijkregie.GiverSelf}
}
func parent(id string) wijkregie.ConsentGiver {
	return wijkregie.ConsentGiver{PersonID: id, Capacity: wijkregie.GiverParent}
}

// fields returns the names of an invalid error's fields.
func fields(err error) []string {
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name)
	}
	return out
}

// TestRecordConsentByTheAgeRules: the regisseur records exactly the
// consents the age rules ask for — under 12 a parent of the household,
// 12 to 15 the child and a parent, 16 and older the young person alone —
// and each is audited in the transaction that writes it. What the rules
// refuse names gegevenDoor; a person out of view names persoon, and the
// refusal is audited.
func TestRecordConsentByTheAgeRules(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		h := f.newConsentHome(t, pro.UserID)
		var c *wijkregie.Consent
		got := f.audited(t, func() {
			var err error
			if c, err = f.svc.RecordConsent(f.ctx, pro, h.consentFor(h.thirteen, self(h.thirteen), parent(h.mother))); err != nil {
				t.Fatal(err)
			}
		})
		if want := []entry{rec(pro, "toestemming.vastleggen", "toestemming", c.ID, h.thirteen, "uitvoering-taak", "toegestaan")}; diffEntries(got, want) != "" {
			t.Errorf("audit of a recorded consent:\n%s", diffEntries(got, want))
		}
		if c.Version != 1 || c.RecordedBy != pro.UserID || c.MunicipalityID != demo.MunicipalityID || !wijkregie.ValidID(c.ID) {
			t.Errorf("recorded %+v", c)
		}
		_, strangers := f.newHousehold(t, f.otherTeam(t).ID)
		stranger := strangers[0]
		for _, tc := range []struct {
			name   string
			c      *wijkregie.Consent
			fields []string
		}{
			{"a child of 8 by both parents", h.consentFor(h.eight, parent(h.mother), parent(h.father)), nil},
			{"a young person of 17 alone", h.consentFor(h.sixteen, self(h.sixteen)), nil},
			{"a parent for themself", h.consentFor(h.mother, self(h.mother)), nil},
			{"a child of 13 without a parent", h.consentFor(h.thirteen, self(h.thirteen)), []string{"gegevenDoor"}},
			{"a child of 13 by a parent alone", h.consentFor(h.thirteen, parent(h.father)), []string{"gegevenDoor"}},
			{"a child of 8 also by themself", h.consentFor(h.eight, self(h.eight), parent(h.mother)), []string{"gegevenDoor"}},
			{"a young person of 17 with a parent", h.consentFor(h.sixteen, self(h.sixteen), parent(h.father)), []string{"gegevenDoor"}},
			{"a brother as parent", h.consentFor(h.eight, parent(h.sixteen)), []string{"gegevenDoor"}},
			{"a parent from elsewhere", h.consentFor(h.eight, parent(stranger)), []string{"gegevenDoor"}},
			{"an unknown organisation", func() *wijkregie.Consent {
				c := h.consentFor(h.sixteen, self(h.sixteen))
				c.OrganisationID = wijkregie.NewID(start)
				return c
			}(), []string{"organisatie"}},
			{"an unknown organisation and no domains", func() *wijkregie.Consent {
				c := h.consentFor(h.sixteen, self(h.sixteen))
				c.OrganisationID, c.Domains = "geen-id", nil
				return c
			}(), []string{"organisatie", "domeinen"}},
			{"a person out of view, and no purpose", func() *wijkregie.Consent {
				c := h.consentFor(stranger, self(stranger))
				c.Purpose = ""
				return c
			}(), []string{"persoon", "doel"}},
			{"no person", h.consentFor("", self(h.sixteen)), []string{"persoon"}},
		} {
			_, err := f.svc.RecordConsent(f.ctx, pro, tc.c)
			if got := fields(err); !slices.Equal(got, tc.fields) || tc.fields == nil && err != nil {
				t.Errorf("%s: %v (fields %v); want fields %v", tc.name, err, got, tc.fields)
			}
		}
		// The refusal of a person out of view is audited.
		got = f.audited(t, func() { f.svc.RecordConsent(f.ctx, pro, h.consentFor(stranger, self(stranger))) })
		if want := []entry{rec(pro, "toestemming.vastleggen", "persoon", stranger, stranger, "uitvoering-taak", "geweigerd")}; diffEntries(got, want) != "" {
			t.Errorf("audit of a refused record:\n%s", diffEntries(got, want))
		}
		for _, role := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleAdmin} {
			if _, err := f.svc.RecordConsent(f.ctx, f.actor(role), h.consentFor(h.sixteen, self(h.sixteen))); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s records a consent: %v; want forbidden", role, err)
			}
		}
		// The form asks exactly what the rules ask.
		for _, tc := range []struct {
			person string
			age    int
			needs  []wijkregie.GiverCapacity
		}{
			{h.eight, 8, []wijkregie.GiverCapacity{wijkregie.GiverParent}},
			{h.thirteen, 13, []wijkregie.GiverCapacity{wijkregie.GiverSelf, wijkregie.GiverParent}},
			{h.sixteen, 17, []wijkregie.GiverCapacity{wijkregie.GiverSelf}},
		} {
			v, err := f.svc.ConsentForm(f.ctx, pro, tc.person)
			if err != nil {
				t.Fatal(err)
			}
			var parents []string
			for _, p := range v.Parents {
				parents = append(parents, p.ID)
			}
			slices.Sort(parents)
			want := []string{h.mother, h.father}
			slices.Sort(want)
			if v.Age != tc.age || !slices.Equal(v.Needs, tc.needs) || !slices.Equal(parents, want) {
				t.Errorf("form for %s: age %d, needs %v, parents %v; want %d, %v, %v", v.Person.GivenName, v.Age, v.Needs, parents, tc.age, tc.needs, want)
			}
		}
		if _, err := f.svc.ConsentForm(f.ctx, pro, stranger); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("the form for a person out of view: %v; want not found", err)
		}
	})
}

// TestConsentsByRoleAndInvolvement: the team involved sees every consent
// of the household; the partner involved only those naming its
// organisation or its kind, in the list and one by one alike; whoever is
// not involved nothing, as not found; beheer nothing at all. Every
// consent shown is audited.
func TestConsentsByRoleAndInvolvement(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RolePartner)
		h := f.newConsentHome(t, pro.UserID, partner.UserID)
		ggz := f.record(t, pro, h.consentFor(h.mother, self(h.mother)))
		gp := h.consentFor(h.mother, self(h.mother))
		gp.OrganisationID = partner.OrganisationID
		gp = f.record(t, pro, gp)
		allGPs := h.consentFor(h.eight, parent(h.father))
		allGPs.OrganisationID, allGPs.OrganisationKind = "", wijkregie.OrgHuisarts
		allGPs = f.record(t, pro, allGPs)
		all := []string{ggz.ID, gp.ID, allGPs.ID}

		noordLead := wijkregie.ActorOf(f.userByEmail(t, "m.dehaan@duinhaven.example"))
		colleague := wijkregie.ActorOf(f.userByEmail(t, "i.pinas@duinhaven.example"))
		for _, tc := range []struct {
			name string
			a    wijkregie.Actor
			sees []string // nil: the household is not found
		}{
			{"the regisseur", pro, all},
			{"the team lead", f.actor(wijkregie.RoleTeamLead), all},
			{"the partner involved", partner, []string{gp.ID, allGPs.ID}},
			{"another team's lead", noordLead, nil},
			{"a colleague not involved", colleague, nil},
		} {
			v, err := f.svc.HouseholdConsents(f.ctx, tc.a, h.household.ID)
			if tc.sees == nil {
				if code(err) != wijkregie.ENOTFOUND {
					t.Errorf("%s: the household's consents: %v; want not found", tc.name, err)
				}
			} else {
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				var got []string
				for _, c := range v.Consents {
					got = append(got, c.ID)
				}
				if !sameIDs(got, tc.sees) {
					t.Errorf("%s sees %v; want %v", tc.name, got, tc.sees)
				}
				if v.CanRecord != (tc.a.Role != wijkregie.RolePartner) || v.CanWithdraw != v.CanRecord {
					t.Errorf("%s: may record %v, withdraw %v", tc.name, v.CanRecord, v.CanWithdraw)
				}
			}
			for _, id := range all {
				_, err := f.svc.Consent(f.ctx, tc.a, id)
				if want := slices.Contains(tc.sees, id); (err == nil) != want || err != nil && code(err) != wijkregie.ENOTFOUND {
					t.Errorf("%s reads consent %s: %v; want allowed=%v, else not found", tc.name, id, err, want)
				}
			}
			pv, err := f.svc.Consents(f.ctx, tc.a, h.mother)
			switch {
			case tc.sees == nil && code(err) != wijkregie.ENOTFOUND:
				t.Errorf("%s: the mother's consents: %v; want not found", tc.name, err)
			case tc.sees != nil && err != nil:
				t.Errorf("%s: the mother's consents: %v", tc.name, err)
			case tc.sees != nil:
				for _, c := range pv.Consents {
					if c.PersonID != h.mother || !slices.Contains(tc.sees, c.ID) {
						t.Errorf("%s: the mother's list shows %s", tc.name, c.ID)
					}
				}
			}
		}
		for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			if _, err := f.svc.HouseholdConsents(f.ctx, f.actor(role), h.household.ID); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s reads consents: %v; want forbidden", role, err)
			}
		}
		// The partner's read: the list and each consent shown.
		got := f.audited(t, func() {
			if _, err := f.svc.HouseholdConsents(f.ctx, partner, h.household.ID); err != nil {
				t.Fatal(err)
			}
		})
		want := []entry{
			rec(partner, "toestemming.bekijken", "huishouden", h.household.ID, "", "uitvoering-taak", "toegestaan"),
			rec(partner, "toestemming.bekijken", "toestemming", gp.ID, h.mother, "uitvoering-taak", "toegestaan"),
			rec(partner, "toestemming.bekijken", "toestemming", allGPs.ID, h.eight, "uitvoering-taak", "toegestaan"),
		}
		if d := diffEntries(got, want); d != "" {
			t.Errorf("audit of the partner's read:\n%s", d)
		}
		// A partner's refused read of another organisation's consent.
		got = f.audited(t, func() { f.svc.Consent(f.ctx, partner, ggz.ID) })
		if want := []entry{rec(partner, "toestemming.bekijken", "toestemming", ggz.ID, h.mother, "uitvoering-taak", "geweigerd")}; diffEntries(got, want) != "" {
			t.Errorf("audit of a refused read:\n%s", diffEntries(got, want))
		}
		// Names: the partner reads no user directory.
		if v, err := f.svc.Consent(f.ctx, partner, gp.ID); err != nil || len(v.Users) != 0 || v.Organisations[gp.OrganisationID] == nil || v.CanWithdraw {
			t.Errorf("the partner's view of its consent: %+v, %v", v, err)
		}
		if v, err := f.svc.Consent(f.ctx, pro, gp.ID); err != nil || v.Users[pro.UserID] == nil || !v.CanWithdraw {
			t.Errorf("the regisseur's view of a consent: %+v, %v", v, err)
		}
	})
}

// TestWithdrawConsentAtOnce: a withdrawal takes effect the moment it is
// recorded — ConsentCovers says no from then on —, needs the version
// read, happens once, and is the team's: a partner it names may not.
func TestWithdrawConsentAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RolePartner)
		h := f.newConsentHome(t, pro.UserID, partner.UserID)
		c := f.record(t, pro, h.consentFor(h.thirteen, self(h.thirteen), parent(h.mother)))
		covers := func(at time.Time) bool {
			t.Helper()
			ok, err := f.svc.ConsentCovers(f.ctx, demo.MunicipalityID, h.thirteen, h.ggz, wijkregie.OrgGGZ, wijkregie.ConsentCarryOutPlan, "geestelijke-gezondheid", at)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !covers(f.clock.Now()) {
			t.Fatal("a consent just recorded does not cover its organisation")
		}
		for name, ok := range map[string]bool{
			"another domain":  mustCover(t, f, h.thirteen, h.ggz, wijkregie.OrgGGZ, wijkregie.ConsentCarryOutPlan, "financien"),
			"another purpose": mustCover(t, f, h.thirteen, h.ggz, wijkregie.OrgGGZ, wijkregie.ConsentShareInformation, ""),
			"another GGZ":     mustCover(t, f, h.thirteen, wijkregie.NewID(start), wijkregie.OrgGGZ, wijkregie.ConsentCarryOutPlan, ""),
			"another person":  mustCover(t, f, h.eight, h.ggz, wijkregie.OrgGGZ, wijkregie.ConsentCarryOutPlan, ""),
		} {
			if ok {
				t.Errorf("the consent covers %s", name)
			}
		}
		if _, err := f.svc.WithdrawConsent(f.ctx, partner, c.ID, "", c.Version); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the partner withdraws: %v; want forbidden", err)
		}
		if _, err := f.svc.WithdrawConsent(f.ctx, pro, c.ID, "", c.Version+1); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a withdrawal over a version not read: %v; want a conflict", err)
		}
		f.clock.Advance(time.Hour)
		var out *wijkregie.Consent
		got := f.audited(t, func() {
			var err error
			if out, err = f.svc.WithdrawConsent(f.ctx, pro, c.ID, "  Moeder wil het zelf aan de GGZ vertellen. ", c.Version); err != nil {
				t.Fatal(err)
			}
		})
		if want := []entry{rec(pro, "toestemming.intrekken", "toestemming", c.ID, h.thirteen, "uitvoering-taak", "toegestaan")}; diffEntries(got, want) != "" {
			t.Errorf("audit of a withdrawal:\n%s", diffEntries(got, want))
		}
		if !out.WithdrawnAt.Equal(f.clock.Now()) || out.WithdrawnBy != pro.UserID || out.WithdrawnReason != "Moeder wil het zelf aan de GGZ vertellen." || out.Version != 2 {
			t.Errorf("withdrawn %+v", out)
		}
		if covers(f.clock.Now()) {
			t.Error("a withdrawn consent still covers at the moment of its withdrawal")
		}
		if !covers(f.clock.Now().Add(-time.Minute)) {
			t.Error("the withdrawal reaches back in time")
		}
		if _, err := f.svc.WithdrawConsent(f.ctx, pro, c.ID, "", out.Version); code(err) != wijkregie.ECONFLICT {
			t.Errorf("withdrawn twice: %v; want a conflict", err)
		}
		if _, err := f.svc.WithdrawConsent(f.ctx, wijkregie.ActorOf(f.userByEmail(t, "m.dehaan@duinhaven.example")), c.ID, "", out.Version); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("another team's lead withdraws: %v; want not found", err)
		}
		if _, err := f.svc.WithdrawConsent(f.ctx, pro, wijkregie.NewID(start), "", 1); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("an unknown consent: %v; want not found", err)
		}
	})
}

func mustCover(t *testing.T, f *fixture, person, org string, kind wijkregie.OrganisationKind, p wijkregie.ConsentPurpose, domain string) bool {
	t.Helper()
	ok, err := f.svc.ConsentCovers(f.ctx, demo.MunicipalityID, person, org, kind, p, domain, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// record records a consent and stops the test when it is refused.
func (f *fixture) record(t *testing.T, a wijkregie.Actor, c *wijkregie.Consent) *wijkregie.Consent {
	t.Helper()
	out, err := f.svc.RecordConsent(f.ctx, a, c)
	if err != nil {
		t.Fatalf("recording a consent: %v", err)
	}
	return out
}

func sameIDs(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestHouseholdWithConsents: the household page's read of the household
// and its consents is audited as the two reads are apart, in one
// transaction: the household, each member, the consents' list and each
// consent shown.
func TestHouseholdWithConsents(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RolePartner)
		h := f.newConsentHome(t, pro.UserID, partner.UserID)
		f.record(t, pro, h.consentFor(h.mother, self(h.mother)))
		gp := h.consentFor(h.sixteen, self(h.sixteen))
		gp.OrganisationID = partner.OrganisationID
		gp = f.record(t, pro, gp)
		id := h.household.ID
		got := f.audited(t, func() {
			hv, cv, err := f.svc.HouseholdWithConsents(f.ctx, partner, id)
			// The partner's consent is for the plan, not informatie-delen:
			// the household's frame, no members; and the consent naming it.
			if err != nil || len(hv.Members) != 0 || !hv.MembersHidden || cv == nil || len(cv.Consents) != 1 || cv.Consents[0].ID != gp.ID {
				t.Fatalf("the partner's household page: %+v, %+v, %v", hv, cv, err)
			}
		})
		want := []entry{rec(partner, "huishouden.lezen", "huishouden", id, "", "uitvoering-taak", "toegestaan")}
		want = append(want, rec(partner, "toestemming.bekijken", "huishouden", id, "", "uitvoering-taak", "toegestaan"),
			rec(partner, "toestemming.bekijken", "toestemming", gp.ID, h.sixteen, "uitvoering-taak", "toegestaan"))
		if d := diffEntries(got, want); d != "" {
			t.Errorf("audit of the household page:\n%s", d)
		}
		before, err := f.s.R().AuditLength(f.ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.HouseholdWithConsents(f.ctx, f.actor(wijkregie.RoleAdmin), id); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("beheer reads the household page: %v; want forbidden", err)
		}
		if _, _, err := f.svc.HouseholdWithConsents(f.ctx, wijkregie.ActorOf(f.userByEmail(t, "i.pinas@duinhaven.example")), id); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("a colleague not involved reads the household page: %v; want not found", err)
		}
		after, err := f.s.R().AuditLength(f.ctx, demo.MunicipalityID)
		if err != nil || after != before+1 {
			t.Errorf("the refusals wrote %d audit records (%v); want the colleague's one", after-before, err)
		}
	})
}
