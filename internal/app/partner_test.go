package app_test

import (
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// shareWith records, straight in the store, that the person consented
// today to the organisation's taking part for purpose in domains: the
// fact the partner tests start from (the registry's own rules are
// tested in consent_test.go).
func (f *fixture) shareWith(t *testing.T, personID, organisationID string, purpose wijkregie.ConsentPurpose, domains ...string) *wijkregie.Consent {
	t.Helper()
	c := &wijkregie.Consent{MunicipalityID: demo.MunicipalityID, PersonID: personID, OrganisationID: organisationID, Purpose: purpose,
		Domains: domains, GivenOn: wijkregie.Today(f.clock.Now()), Method: wijkregie.ConsentOral,
		GivenBy:    []wijkregie.ConsentGiver{{PersonID: personID, Capacity: wijkregie.GiverSelf}},
		RecordedBy: f.actor(wijkregie.RoleProfessional).UserID}
	if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateConsent(f.ctx, c) }); err != nil {
		t.Fatal(err)
	}
	return c
}

// boolInt is 1 for true: a slice bound that keeps or drops everything.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// partnerPlan is a light plan with a goal for the partner's organisation
// in financien (with one action) and one in werk.
func partnerPlan(f *fixture, orgID string) *wijkregie.Plan {
	today := wijkregie.Today(f.clock.Now())
	p := lightPlan()
	p.MeetingDate, p.EvaluationDate = today, today.AddDate(0, 3, 0)
	p.Goals = []wijkregie.Goal{
		{Domain: "financien", Description: "Budgetcoaching", SuccessCriterion: "Vaste lasten op tijd betaald", TargetDate: today.AddDate(0, 6, 0),
			Owner: wijkregie.OwnerPartner, OrganisationID: orgID, Status: wijkregie.GoalOpen,
			Actions: []wijkregie.Action{{What: "Intakegesprek", Who: "Budgetcoach", Due: today.AddDate(0, 1, 0), Status: wijkregie.ActionPlanned}}},
		{Domain: "werk-opleiding", Description: "Werk zoeken", SuccessCriterion: "Twee sollicitaties per maand", TargetDate: today.AddDate(0, 6, 0),
			Owner: wijkregie.OwnerPartner, OrganisationID: orgID, Status: wijkregie.GoalOpen},
		{Domain: "financien", Description: "Aflossen", SuccessCriterion: "Betalingsregeling loopt", TargetDate: today.AddDate(0, 6, 0),
			Owner: wijkregie.OwnerFamily, Status: wijkregie.GoalOpen},
	}
	return p
}

// TestPartnerGoals: a partner in a case sees and updates the goals
// assigned to its organisation only in the domains a consent for
// uitvoeren-plan covers, or all of them on a sharing ground; a withdrawal
// or the ground's end takes the goals away at once; every update is a
// new plan version, audited, over the version read.
func TestPartnerGoals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, ids, c := f.workedCase(t)
		partner := f.withPartner(t, c)
		p, err := f.svc.CreatePlan(f.ctx, pro, c.ID, partnerPlan(f, partner.OrganisationID))
		if err != nil {
			t.Fatal(err, fields(err))
		}
		fin, werk := p.Goals[0], p.Goals[1]
		goals := func() []string {
			t.Helper()
			v, err := f.svc.Case(f.ctx, partner, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, g := range v.PartnerGoals {
				out = append(out, g.Description)
			}
			work, err := f.svc.PartnerWork(f.ctx, partner)
			if err != nil {
				t.Fatal(err)
			}
			var portal []string
			for _, pc := range work {
				if pc.Case.ID == c.ID {
					for _, g := range pc.Goals {
						portal = append(portal, g.Description)
					}
				}
			}
			if len(portal) != len(out) {
				t.Errorf("the portal shows goals %v, the case page %v", portal, out)
			}
			return out
		}
		update := func(goalID string, version int) error {
			_, err := f.svc.UpdatePartnerGoal(f.ctx, partner, c.ID, goalID, version, app.GoalUpdate{Status: wijkregie.GoalMet,
				Actions: map[string]wijkregie.ActionStatus{}})
			return err
		}

		// Without consent: no goals, and an update is refused as if the
		// goal did not exist — audited.
		if got := goals(); len(got) != 0 {
			t.Errorf("without consent the partner sees goals %v", got)
		}
		events := f.audited(t, func() {
			if err := update(fin.ID, p.Version); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("an update without consent: %v; want not found", err)
			}
		})
		if diff := diffEntries(events, []entry{rec(partner, "plan.doel-bijwerken", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied)}); diff != "" {
			t.Errorf("audit of the refused update (-got +want):\n%s", diff)
		}

		// A consent for the plan in financien: that goal, not werk's, not
		// the family's.
		consent := f.shareWith(t, ids[0], partner.OrganisationID, wijkregie.ConsentCarryOutPlan, "financien")
		if got := goals(); len(got) != 1 || got[0] != "Budgetcoaching" {
			t.Errorf("with consent for financien the partner sees %v; want Budgetcoaching only", got)
		}
		if err := update(werk.ID, p.Version); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("an update of werk's goal: %v; want not found", err)
		}
		var saved *wijkregie.Plan
		events = f.audited(t, func() {
			saved, err = f.svc.UpdatePartnerGoal(f.ctx, partner, c.ID, fin.ID, p.Version, app.GoalUpdate{Status: wijkregie.GoalPartlyMet,
				Actions: map[string]wijkregie.ActionStatus{fin.Actions[0].ID: wijkregie.ActionDone}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffEntries(events, []entry{rec(partner, "plan.doel-bijwerken", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit of the update (-got +want):\n%s", diff)
		}
		now, err := f.s.R().ActivePlan(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil || now.Version != p.Version+1 || saved.Version != now.Version || now.SavedBy != partner.UserID ||
			now.Goals[0].Status != wijkregie.GoalPartlyMet || now.Goals[0].Actions[0].Status != wijkregie.ActionDone ||
			now.Goals[1].Status != wijkregie.GoalOpen || now.Goals[2].Description != "Aflossen" {
			t.Errorf("the plan after the partner's update: %+v, %v", now, err)
		}
		// Over a version read before: the conflict, nothing written.
		if err := update(fin.ID, p.Version); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("an update over a stale version: %v; want the conflict", err)
		}
		// A bad status is named.
		if _, err := f.svc.UpdatePartnerGoal(f.ctx, partner, c.ID, fin.ID, now.Version, app.GoalUpdate{Status: "klaar"}); !sameIDs(fields(err), []string{"status"}) {
			t.Errorf("a bad status: %v; want the field status", err)
		}

		// Withdrawn: gone at once.
		consent.WithdrawnAt, consent.WithdrawnBy, consent.WithdrawnReason = f.clock.Now(), pro.UserID, "Wil het zelf regelen"
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.WithdrawConsent(f.ctx, consent) }); err != nil {
			t.Fatal(err)
		}
		if got := goals(); len(got) != 0 {
			t.Errorf("after the withdrawal the partner sees %v", got)
		}

		// A sharing ground for the plan: every goal of its organisation,
		// until it is ended.
		g, err := f.svc.RecordSharingGround(f.ctx, pro, c.ID, &wijkregie.SharingGround{OrganisationID: partner.OrganisationID,
			Ground: wijkregie.GroundWgs, Purposes: []wijkregie.ConsentPurpose{wijkregie.ConsentCarryOutPlan},
			Justification: "Schuldhulpverlening door de gemeentelijke kredietbank: wettelijke taak (Wgs art. 3)"})
		if err != nil {
			t.Fatal(err)
		}
		if got := goals(); len(got) != 2 {
			t.Errorf("on a ground the partner sees %v; want both its goals", got)
		}
		if _, err := f.svc.EndSharingGround(f.ctx, pro, c.ID, g.ID, "Traject afgerond"); err != nil {
			t.Fatal(err)
		}
		if got := goals(); len(got) != 0 {
			t.Errorf("after the ground's end the partner sees %v", got)
		}
	})
}

// TestGrounds: the regisseur records the case's ground and partners'
// sharing grounds; each is validated by field; a partner records none;
// an ended ground ends once.
func TestGrounds(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, _, c := f.workedCase(t)
		partner := f.withPartner(t, c)

		if _, err := f.svc.RecordCaseGround(f.ctx, pro, c.ID, c.Version, "toestemming", ""); !sameIDs(fields(err), []string{"grondslag", "toelichting"}) {
			t.Errorf("consent as the case's ground, no reason: %v; want both fields named", err)
		}
		got, err := f.svc.RecordCaseGround(f.ctx, pro, c.ID, c.Version, wijkregie.GroundWgs, " Schulden: wettelijke taak schuldhulpverlening ")
		if err != nil || got.LegalGround != wijkregie.GroundWgs || got.LegalGroundNote != "Schulden: wettelijke taak schuldhulpverlening" {
			t.Fatalf("RecordCaseGround: %+v, %v", got, err)
		}
		if _, err := f.svc.RecordCaseGround(f.ctx, pro, c.ID, c.Version, wijkregie.GroundWmo, "Ondersteuning"); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("over a stale version: %v; want the conflict", err)
		}
		if _, err := f.svc.RecordCaseGround(f.ctx, partner, c.ID, got.Version, wijkregie.GroundWmo, "Ondersteuning"); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the partner records the case's ground: %v; want forbidden", err)
		}

		bad := &wijkregie.SharingGround{OrganisationID: wijkregie.NewID(f.clock.Now()), Ground: wijkregie.GroundConsent,
			Purposes: []wijkregie.ConsentPurpose{"alles"}}
		if _, err := f.svc.RecordSharingGround(f.ctx, pro, c.ID, bad); !sameIDs(fields(err), []string{"grondslag", "doelen", "toelichting"}) {
			t.Errorf("a bad sharing ground: %v; want grondslag, doelen, toelichting", err)
		}
		unknown := &wijkregie.SharingGround{OrganisationID: wijkregie.NewID(f.clock.Now()), Ground: wijkregie.GroundMeldcode,
			Purposes: []wijkregie.ConsentPurpose{wijkregie.ConsentShareInformation}, Justification: "Veiligheid"}
		if _, err := f.svc.RecordSharingGround(f.ctx, pro, c.ID, unknown); !sameIDs(fields(err), []string{"organisatie"}) {
			t.Errorf("an unknown organisation: %v; want organisatie", err)
		}
		ok := &wijkregie.SharingGround{OrganisationID: partner.OrganisationID, Ground: wijkregie.GroundMeldcode,
			Purposes: []wijkregie.ConsentPurpose{wijkregie.ConsentShareInformation}, Justification: "Meldcode stap 2: overleg met de huisarts"}
		if _, err := f.svc.RecordSharingGround(f.ctx, partner, c.ID, ok); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the partner records a ground: %v; want forbidden", err)
		}
		g, err := f.svc.RecordSharingGround(f.ctx, pro, c.ID, ok)
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.svc.Case(f.ctx, partner, c.ID)
		if err != nil || len(v.Grounds) != 1 || !v.Partner.Share || !v.Partner.ByGround || len(v.Members) == 0 {
			t.Errorf("the partner's page on the ground: grounds %d, access %+v, members %d, %v", len(v.Grounds), v.Partner, len(v.Members), err)
		}
		if _, err := f.svc.EndSharingGround(f.ctx, pro, c.ID, g.ID, " "); !sameIDs(fields(err), []string{"reden"}) {
			t.Errorf("ending without a reason: %v; want reden", err)
		}
		if _, err := f.svc.EndSharingGround(f.ctx, pro, c.ID, g.ID, "Veilig Thuis heeft het overgenomen"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.EndSharingGround(f.ctx, pro, c.ID, g.ID, "Nogmaals"); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("ending twice: %v; want the conflict", err)
		}
		if v, err = f.svc.Case(f.ctx, partner, c.ID); err != nil || v.Partner.Share || len(v.Members) != 0 {
			t.Errorf("the partner's page after the end: access %+v, members %d, %v", v.Partner, len(v.Members), err)
		}
	})
}

// TestPartnerReadsNoOtherOrganisationsNotes: a partner reads its own
// organisation's colleagues' notes for all betrokkenen (their work for the
// same family), the team's only with informatie-delen, never another
// partner organisation's.
func TestPartnerReadsNoOtherOrganisationsNotes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, ids, c := f.workedCase(t)
		gp := f.withPartner(t, c)
		var ggzOrg string
		orgs, err := f.s.R().Organisations(f.ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			if o.Kind == wijkregie.OrgGGZ {
				ggzOrg = o.ID
			}
		}
		partnerIn := func(email, org string) wijkregie.Actor {
			t.Helper()
			u := &wijkregie.User{MunicipalityID: demo.MunicipalityID, Email: email, Name: email, Role: wijkregie.RolePartner, OrganisationID: org}
			if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateUser(f.ctx, u, "x") }); err != nil {
				t.Fatal(err)
			}
			a := wijkregie.ActorOf(u)
			if _, err := f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{UserID: a.UserID, Role: wijkregie.PartyAdvisor}); err != nil {
				t.Fatal(err)
			}
			return a
		}
		ggz, colleague := partnerIn("ggz.noten@ggz.example", ggzOrg), partnerIn("poh.noten@huisarts.example", gp.OrganisationID)
		today := wijkregie.Today(f.clock.Now())
		for _, w := range []struct {
			by   wijkregie.Actor
			text string
			vis  wijkregie.Visibility
		}{
			{pro, "Van het team voor iedereen", wijkregie.VisibleToInvolved},
			{ggz, "Van GGZ voor iedereen", wijkregie.VisibleToInvolved},
			{gp, "Van de huisarts voor iedereen", wijkregie.VisibleToInvolved},
			{colleague, "Van de POH voor iedereen", wijkregie.VisibleToInvolved},
			{colleague, "Van de POH, alleen voor haar", wijkregie.VisibleToMe},
		} {
			f.clock.Advance(time.Second)
			if _, err := f.svc.AddNote(f.ctx, w.by, c.ID, &wijkregie.Note{Kind: wijkregie.NoteProgress, Date: today, Text: w.text,
				Visibility: w.vis}); err != nil {
				t.Fatal(err)
			}
		}
		reads := func(a wijkregie.Actor) []string {
			t.Helper()
			jv, total, err := f.svc.Journal(f.ctx, a, c.ID, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range jv.Notes {
				got = append(got, n.Text)
			}
			if total != len(got) {
				t.Errorf("the journal's total %d for %d notes", total, len(got))
			}
			v, err := f.svc.Case(f.ctx, a, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Notes) != min(len(got), 5) {
				t.Errorf("the case page shows %d notes, the journal %d", len(v.Notes), len(got))
			}
			slices.Sort(got)
			return got
		}
		// Without consent: its own and its colleague's.
		if got, want := reads(gp), []string{"Van de POH voor iedereen", "Van de huisarts voor iedereen"}; !slices.Equal(got, want) {
			t.Errorf("the GP without consent reads %q; want %q", got, want)
		}
		f.shareWith(t, ids[0], gp.OrganisationID, wijkregie.ConsentShareInformation, "financien")
		// With informatie-delen: the team's too; never GGZ's.
		if got, want := reads(gp), []string{"Van de POH voor iedereen", "Van de huisarts voor iedereen", "Van het team voor iedereen"}; !slices.Equal(got, want) {
			t.Errorf("the GP with informatie-delen reads %q; want %q", got, want)
		}
		// GGZ, without consent of its own: only its note.
		if got, want := reads(ggz), []string{"Van GGZ voor iedereen"}; !slices.Equal(got, want) {
			t.Errorf("GGZ reads %q; want %q", got, want)
		}
		// The team reads all four for everyone.
		if _, total, err := f.svc.Journal(f.ctx, pro, c.ID, store.Page{}); err != nil || total != 4 {
			t.Errorf("the regisseur reads %d notes, %v; want 4", total, err)
		}
	})
}
