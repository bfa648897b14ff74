package app_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
)

// TestPartnerCaseView: a partner involved in a case sees its frame and
// their own organisation's signals; not the signals other organisations
// registered, the opschalingen and binding decisions, or the reasons in
// the history.
func TestPartnerCaseView(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RolePartner)
		_, ids := f.newHousehold(t, pro.TeamID)
		c := f.assign(t, f.openCase(t, ids[0], wijkregie.LevelLight, "financien"), pro.UserID)
		// The partner registers a signal of their own, which joins the case.
		own := f.signalBy(t, partner, ids[1], wijkregie.SignalCareReport, "lichamelijke-gezondheid")
		if _, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: own.ID, Decision: wijkregie.DecisionMultiple}); err != nil {
			t.Fatal(err)
		}
		orgs, err := f.s.R().Organisations(f.ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		other := orgs[0].ID
		if other == partner.OrganisationID {
			other = orgs[1].ID
		}
		f.clock.Advance(time.Second)
		if _, err := f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{UserID: partner.UserID, Role: wijkregie.PartyCaseWorker, Note: "Huisarts"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{UserID: partner.UserID, Role: wijkregie.PartyAdvisor}); code(err) != wijkregie.EINVALID {
			t.Errorf("the same professional twice = %v; want invalid", err)
		}
		if _, err := f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{OrganisationID: other, Role: wijkregie.PartyCaseWorker, Note: "Levert de schuldhulp"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Escalate(f.ctx, pro, c.ID, &wijkregie.Escalation{OrganisationID: other, ToWhom: "Manager", About: "Levert niet"}); err != nil {
			t.Fatal(err)
		}

		full, err := f.svc.Case(f.ctx, pro, c.ID)
		if err != nil || len(full.Signals) != 2 || len(full.Escalations) != 1 {
			t.Fatalf("the regisseur's view: %d signals, %d opschalingen, %v; want 2 and 1", len(full.Signals), len(full.Escalations), err)
		}
		v, err := f.svc.Case(f.ctx, partner, c.ID)
		if err != nil {
			t.Fatalf("partner's Case: %v", err)
		}
		if len(v.Signals) != 1 || v.Signals[0].ID != own.ID || len(v.Escalations) != 0 || len(v.Enforcements) != 0 {
			t.Errorf("partner's view: signals %d (own %v), opschalingen %d; want only their own signal", len(v.Signals), len(v.Signals) == 1 && v.Signals[0].ID == own.ID, len(v.Escalations))
		}
		for _, e := range v.Events {
			if e.Reason != "" || e.Kind == wijkregie.EventEscalation {
				t.Errorf("partner sees the event %s with reason %q", e.Kind, e.Reason)
			}
		}
		for _, p := range v.Parties {
			if p.OrganisationID == other && p.Note != "" {
				t.Errorf("partner sees another organisation's note %q", p.Note)
			}
		}
	})
}

// TestSettledEscalation: a settled opschaling is not reopened.
func TestSettledEscalation(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, ids := f.newHousehold(t, pro.TeamID)
		c := f.assign(t, f.openCase(t, ids[0], wijkregie.LevelLight, "financien"), pro.UserID)
		orgs, err := f.s.R().Organisations(f.ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Escalate(f.ctx, pro, c.ID, &wijkregie.Escalation{OrganisationID: orgs[0].ID, ToWhom: "Manager", About: "Levert niet"}); err != nil {
			t.Fatal(err)
		}
		es, err := f.s.R().Escalations(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil || len(es) != 1 {
			t.Fatal(es, err)
		}
		e, err := f.svc.AnswerEscalation(f.ctx, pro, c.ID, es[0].ID, es[0].Version, "Komt goed", "Hulp gestart", wijkregie.EscalationSettled)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AnswerEscalation(f.ctx, pro, c.ID, e.ID, e.Version, "Toch niet", "", wijkregie.EscalationAnswered); code(err) != wijkregie.ECONFLICT {
			t.Errorf("reopening a settled opschaling = %v; want a conflict", err)
		}
	})
}

// TestScaleToSafetyStartsMeldcode: scaling a case up to safety starts the
// Meldcode route once, with its line in the history.
func TestScaleToSafetyStartsMeldcode(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, ids := f.newHousehold(t, pro.TeamID)
		c := f.assign(t, f.openCase(t, ids[0], wijkregie.LevelLight, "financien"), pro.UserID)
		if _, err := f.svc.ScaleCase(f.ctx, pro, c.ID, c.Version, wijkregie.LevelSafety, "Zorgen over de veiligheid van de kinderen"); err != nil {
			t.Fatal(err)
		}
		v, err := f.svc.Case(f.ctx, pro, c.ID)
		if err != nil || v.Meldcode == nil || v.Meldcode.Step != 1 {
			t.Fatalf("after scaling to safety: Meldcode %+v, %v", v, err)
		}
		n := 0
		for _, e := range v.Events {
			if e.Kind == wijkregie.EventMeldcode {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d Meldcode lines in the history; want 1", n)
		}
	})
}

// TestCanViewCase: the link test agrees with the case page.
func TestCanViewCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RolePartner)
		_, ids := f.newHousehold(t, pro.TeamID)
		c := f.openCase(t, ids[0], wijkregie.LevelLight, "financien")
		for _, tt := range []struct {
			who  wijkregie.Actor
			want bool
		}{{lead, true}, {pro, false}, {partner, false}, {f.actor(wijkregie.RoleAdmin), false}} {
			_, err := f.svc.Case(f.ctx, tt.who, c.ID)
			if got := f.svc.CanViewCase(f.ctx, tt.who, c.ID); got != tt.want || (err == nil) != tt.want {
				t.Errorf("%s: CanViewCase %v, Case error %v; want %v", tt.who.Role, got, err, tt.want)
			}
		}
		f.assign(t, c, pro.UserID)
		if !f.svc.CanViewCase(f.ctx, pro, c.ID) || f.svc.CanViewCase(f.ctx, pro, "x") {
			t.Errorf("the regisseur cannot open their case, or a bad id opens")
		}
	})
}

// TestCaseRecordsAudit: reading a case's records without the family
// records the case only; the family is neither loaded nor logged.
func TestCaseRecordsAudit(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		lead := f.actor(wijkregie.RoleTeamLead)
		_, ids := f.newHousehold(t, lead.TeamID)
		c := f.openCase(t, ids[0], wijkregie.LevelLight, "financien")
		got := f.audited(t, func() {
			v, err := f.svc.CaseRecords(f.ctx, lead, c.ID)
			if err != nil || v.Household != nil || len(v.Persons) != 0 || len(v.Signals) != 0 || len(v.Events) == 0 {
				t.Errorf("CaseRecords = %+v, %v; want the records without the family", v, err)
			}
		})
		want := []entry{rec(lead, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("CaseRecords: audit records (-got +want):\n%s", diff)
		}
	})
}
