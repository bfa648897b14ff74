package app_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// workedCase is a case in intake on a new household of a parent and a
// child, with the documented professional as its regisseur.
func (f *fixture) workedCase(t *testing.T) (*wijkregie.Household, []string, *wijkregie.Case) {
	t.Helper()
	h, ids := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
	c := f.assign(t, f.openCase(t, ids[0], wijkregie.LevelIntensive, "financien"), f.users[wijkregie.RoleProfessional].ID)
	return h, ids, c
}

// withPartner makes the documented partner a betrokkene of the case: they
// see its frame.
func (f *fixture) withPartner(t *testing.T, c *wijkregie.Case) wijkregie.Actor {
	t.Helper()
	partner := f.actor(wijkregie.RolePartner)
	if _, err := f.svc.AddParty(f.ctx, f.actor(wijkregie.RoleProfessional), c.ID, &wijkregie.Party{UserID: partner.UserID, Role: wijkregie.PartyAdvisor}); err != nil {
		t.Fatalf("AddParty: %v", err)
	}
	if _, err := f.svc.Case(f.ctx, partner, c.ID); err != nil {
		t.Fatalf("the partner as betrokkene does not see the case's frame: %v", err)
	}
	return partner
}

// outsider returns a professional of another team.
func (f *fixture) outsider(t *testing.T) wijkregie.Actor {
	t.Helper()
	us, _, err := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{TeamID: f.otherTeam(t).ID, Role: wijkregie.RoleProfessional})
	if err != nil || len(us) == 0 {
		t.Fatalf("another team's professional: %v", err)
	}
	return wijkregie.ActorOf(&us[0])
}

// hasField reports whether err is invalid with the field and message among
// its fields.
func hasField(err error, field, message string) bool {
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		return false
	}
	for _, fe := range e.Fields {
		if fe.Name == field && fe.Message == message {
			return true
		}
	}
	return false
}

// caseEvents counts a case's events of a kind, and returns the last.
func (f *fixture) caseEvents(t *testing.T, caseID string, kind wijkregie.CaseEventKind) (int, wijkregie.CaseEvent) {
	t.Helper()
	evs, err := f.s.R().CaseEvents(f.ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	n, last := 0, wijkregie.CaseEvent{}
	for _, e := range evs {
		if e.Kind == kind {
			n, last = n+1, e
		}
	}
	return n, last
}

// TestAssess: a ZRM assessment scores only the domains chosen, for members
// of the household; the grid shows the change since the previous one.
func TestAssess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		h, ids, c := f.workedCase(t)
		_, strangers := f.newHousehold(t, pro.TeamID)
		today := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // the fixture's clock starts on this day
		intake := func(scores ...wijkregie.Score) *wijkregie.Assessment {
			return &wijkregie.Assessment{Moment: wijkregie.MomentIntake, Date: today, Scores: scores}
		}
		score := func(person, domain string, level int) wijkregie.Score {
			return wijkregie.Score{PersonID: person, Domain: domain, Level: level, Rationale: "Gezien bij huisbezoek"}
		}

		// Bad input names its field.
		for _, level := range []int{0, 6, -1} {
			_, err := f.svc.Assess(f.ctx, pro, c.ID, intake(score(ids[0], "financien", 2), score(ids[1], "huisvesting", level)))
			wantField(t, err, "scores[1].niveau", "veld.zrm.niveau")
		}
		bad := score(ids[0], "financien", 2)
		bad.Target = 7
		_, err := f.svc.Assess(f.ctx, pro, c.ID, intake(bad))
		wantField(t, err, "scores[0].doelniveau", "veld.zrm.niveau")
		_, err = f.svc.Assess(f.ctx, pro, c.ID, intake(score(strangers[0], "financien", 2)))
		wantField(t, err, "scores[0].persoon", "veld.zrm.persoon")
		_, err = f.svc.Assess(f.ctx, pro, c.ID, intake(score(ids[0], "dagbesteding", 2)))
		wantField(t, err, "scores[0].domein", "veld.keuze")
		_, err = f.svc.Assess(f.ctx, pro, c.ID, intake(score(ids[0], "financien", 2), score(ids[0], "financien", 3)))
		wantField(t, err, "scores[1].domein", "veld.zrm.dubbel")
		_, err = f.svc.Assess(f.ctx, pro, c.ID, intake())
		wantField(t, err, "scores", "veld.zrm.leeg")
		future := intake(score(ids[0], "financien", 2))
		future.Date = today.AddDate(0, 0, 1)
		_, err = f.svc.Assess(f.ctx, pro, c.ID, future)
		wantField(t, err, "datum", "veld.datum_toekomst")
		old := intake(score(ids[0], "financien", 2))
		old.Instrument = "zrm-2013"
		_, err = f.svc.Assess(f.ctx, pro, c.ID, old)
		wantField(t, err, "instrument", "veld.zrm.instrument")
		noWhy := intake(score(ids[0], "financien", 2))
		noWhy.Scores[0].Rationale = "  "
		_, err = f.svc.Assess(f.ctx, pro, c.ID, noWhy)
		wantField(t, err, "scores[0].toelichting", "veld.verplicht")
		if n, _ := f.caseEvents(t, c.ID, wijkregie.EventAssessment); n != 0 {
			t.Fatalf("refused assessments left %d events", n)
		}

		// Two of 26 cells scored: the rest is niet beoordeeld.
		var first *wijkregie.Assessment
		rs := f.audited(t, func() {
			in := intake(score(ids[0], "financien", 1), score(ids[1], "huiselijke-relaties", 3))
			in.Scores[0].Target = 3
			if first, err = f.svc.Assess(f.ctx, pro, c.ID, in); err != nil {
				t.Fatalf("Assess: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{
			rec(pro, "zrm.registreren", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "zrm.registreren", "huishouden", h.ID, ids[0], app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "zrm.registreren", "huishouden", h.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed),
		}); diff != "" {
			t.Errorf("Assess: audit records (-got +want):\n%s", diff)
		}
		if first.ID == "" || first.AssessorID != pro.UserID || first.Instrument != wijkregie.DomainsVersion || first.CaseID != c.ID ||
			!first.CreatedAt.Equal(f.clock.Now()) {
			t.Errorf("assessment %+v; want an id, the assessor, the instrument, made now", first)
		}
		if n, e := f.caseEvents(t, c.ID, wijkregie.EventAssessment); n != 1 || e.To != string(wijkregie.MomentIntake) || e.By != pro.UserID {
			t.Errorf("%d zrm events, the last %+v; want one for the intake by the professional", n, e)
		}

		// The team lead steps in with a tussenmeting a week later.
		f.clock.Advance(7 * 24 * time.Hour)
		second, err := f.svc.Assess(f.ctx, lead, c.ID, &wijkregie.Assessment{Moment: wijkregie.MomentInterim, Date: today.AddDate(0, 0, 7),
			Scores: []wijkregie.Score{score(ids[0], "financien", 2), score(ids[0], "justitie", 4)}})
		if err != nil {
			t.Fatalf("tussenmeting: %v", err)
		}

		var v *app.AssessmentsView
		rs = f.audited(t, func() {
			if v, err = f.svc.Assessments(f.ctx, pro, c.ID); err != nil {
				t.Fatalf("Assessments: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{
			rec(pro, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "persoon.lezen", "huishouden", h.ID, ids[0], app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "persoon.lezen", "huishouden", h.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed),
		}); diff != "" {
			t.Errorf("Assessments: audit records (-got +want):\n%s", diff)
		}
		if len(v.Persons) != 2 || len(v.Assessments) != 2 || v.Assessments[0].ID != first.ID || v.Latest().ID != second.ID || !v.CanAssess {
			t.Fatalf("view: %d persons, %d assessments, can assess %v", len(v.Persons), len(v.Assessments), v.CanAssess)
		}
		if v.Users[pro.UserID] == nil || v.Users[lead.UserID] == nil {
			t.Errorf("assessors unnamed: %v", v.Users)
		}
		for _, d := range wijkregie.Domains {
			for _, p := range ids {
				got := v.Assessments[0].Score(p, d.Code)
				scored := p == ids[0] && d.Code == "financien" || p == ids[1] && d.Code == "huiselijke-relaties"
				if (got != nil) != scored {
					t.Errorf("intake %s/%s scored %v; want %v", p, d.Code, got != nil, scored)
				}
			}
		}
		if s := v.Assessments[0].Score(ids[0], "financien"); s.Level != 1 || s.Target != 3 || s.Rationale != "Gezien bij huisbezoek" {
			t.Errorf("intake score %+v", s)
		}
		wantChanges := []wijkregie.ScoreChange{
			{PersonID: ids[0], Domain: "financien", From: 1, To: 2},
			{PersonID: ids[0], Domain: "justitie", From: 0, To: 4},
		}
		if diff := cmp.Diff(v.Changes, wantChanges); diff != "" {
			t.Errorf("Changes (-got +want):\n%s", diff)
		}
		if v.Changes[0].Delta() != 1 || v.Changes[1].Delta() != 0 {
			t.Errorf("deltas %d, %d; want 1 (better) and 0 (first scored now)", v.Changes[0].Delta(), v.Changes[1].Delta())
		}
		one, err := f.svc.Assessment(f.ctx, lead, c.ID, first.ID)
		if err != nil || len(one.Scores) != 2 || one.Moment != wijkregie.MomentIntake {
			t.Errorf("Assessment = %+v, %v", one, err)
		}
		for _, id := range []string{"geen-id", wijkregie.NewID(start), second.ID + "x"} {
			if _, err := f.svc.Assessment(f.ctx, pro, c.ID, id); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("Assessment(%q) = %v; want not found", id, err)
			}
		}

		// A partner in the case sees its frame, not the ZRM; another
		// team's professional does not learn the case exists.
		partner := f.withPartner(t, c)
		rs = f.audited(t, func() {
			if _, err := f.svc.Assessments(f.ctx, partner, c.ID); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("partner: Assessments = %v; want forbidden", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(partner, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied)}); diff != "" {
			t.Errorf("partner refused: audit records (-got +want):\n%s", diff)
		}
		if _, err := f.svc.Assessment(f.ctx, partner, c.ID, first.ID); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner: Assessment = %v; want forbidden", err)
		}
		if _, err := f.svc.Assess(f.ctx, partner, c.ID, intake(score(ids[0], "financien", 2))); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner: Assess = %v; want forbidden", err)
		}
		out := f.outsider(t)
		rs = f.audited(t, func() {
			if _, err := f.svc.Assessments(f.ctx, out, c.ID); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("another team: Assessments = %v; want not found", err)
			}
			if _, err := f.svc.Assess(f.ctx, out, c.ID, intake(score(ids[0], "financien", 2))); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("another team: Assess = %v; want not found", err)
			}
		})
		if diff := diffEntries(rs, []entry{
			rec(out, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied),
			rec(out, "zrm.registreren", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied),
		}); diff != "" {
			t.Errorf("outsider refused: audit records (-got +want):\n%s", diff)
		}
		if v, err := f.svc.Assessments(f.ctx, partner, wijkregie.NewID(start)); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("unknown case: Assessments = %+v, %v; want not found", v, err)
		}
	})
}
