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

// openCase triages a signal on the household's first member meervoudig and
// returns the case it opened (aangemeld, without regisseur).
func (f *fixture) openCase(t *testing.T, personID string, level wijkregie.CaseLevel, domains ...string) *wijkregie.Case {
	t.Helper()
	pro := f.actor(wijkregie.RoleProfessional)
	sig := f.signalBy(t, pro, personID, wijkregie.SignalCareReport, domains...)
	tr, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: sig.ID, Decision: wijkregie.DecisionMultiple, Level: level})
	if err != nil {
		t.Fatalf("Triage: %v", err)
	}
	c, err := f.s.R().Case(f.ctx, demo.MunicipalityID, tr.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// assign makes a user the case's regisseur as the team lead; the clock
// moves a second first, as a person's next action would.
func (f *fixture) assign(t *testing.T, c *wijkregie.Case, userID string) *wijkregie.Case {
	t.Helper()
	f.clock.Advance(time.Second)
	got, err := f.svc.AssignCoordinator(f.ctx, f.actor(wijkregie.RoleTeamLead), c.ID, c.Version, app.AssignInput{UserID: userID, EscalateTo: "Karim El Idrissi, teamleider"})
	if err != nil {
		t.Fatalf("AssignCoordinator: %v", err)
	}
	return got
}

// teamMember returns an active professional of the documented team other
// than the documented professional, by e-mail address.
func (f *fixture) teamMember(t *testing.T, email string) wijkregie.Actor {
	t.Helper()
	u, _, err := f.s.R().UserByEmail(f.ctx, demo.MunicipalityID, email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return wijkregie.ActorOf(u)
}

// involvedAs returns the kinds of the user's current involvements with the
// household.
func (f *fixture) involvedAs(t *testing.T, householdID, userID string) []wijkregie.InvolvementKind {
	t.Helper()
	invs, err := f.s.R().Involvements(f.ctx, demo.MunicipalityID, householdID)
	if err != nil {
		t.Fatal(err)
	}
	var out []wijkregie.InvolvementKind
	for _, inv := range invs {
		if inv.UserID == userID {
			out = append(out, inv.Kind)
		}
	}
	return out
}

// TestCaseReadAudit: reading a case records the case, its household and
// each member; a reader out of scope gets not found, and that is recorded.
func TestCaseReadAudit(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		h, ids := f.newHousehold(t, pro.TeamID)
		c := f.openCase(t, ids[0], wijkregie.LevelLight, "financien")
		got := f.audited(t, func() {
			v, err := f.svc.Case(f.ctx, lead, c.ID)
			if err != nil || v.Case.ID != c.ID || len(v.Persons) != 2 || !v.CanAssign || !v.CanChange || v.CanUseMandate {
				t.Fatalf("lead's Case = %+v, %v; want the case, assignable, changeable, no mandate", v, err)
			}
		})
		want := []entry{
			rec(lead, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(lead, "huishouden.lezen", "huishouden", h.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(lead, "persoon.lezen", "huishouden", h.ID, ids[0], app.PurposeTask, wijkregie.AuditAllowed),
			rec(lead, "persoon.lezen", "huishouden", h.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed),
		}
		sigs, err := f.s.R().CaseSignals(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil || len(sigs) != 1 {
			t.Fatalf("CaseSignals = %v, %v", sigs, err)
		}
		want = append(want, rec(lead, "signaal.lezen", "signaal", sigs[0].ID, ids[0], app.PurposeTask, wijkregie.AuditAllowed))
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("Case: audit records (-got +want):\n%s", diff)
		}

		// The professional triaged the signal but is not involved: the case
		// is not theirs to see until the lead makes them regisseur.
		got = f.audited(t, func() {
			if _, err := f.svc.Case(f.ctx, pro, c.ID); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("uninvolved professional: Case = %v; want not found", err)
			}
		})
		if diff := diffEntries(got, []entry{rec(pro, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied)}); diff != "" {
			t.Errorf("refused Case: audit records (-got +want):\n%s", diff)
		}
		if _, err := f.svc.Case(f.ctx, f.actor(wijkregie.RolePartner), c.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("partner: Case = %v; want not found", err)
		}
		for _, r := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			if _, err := f.svc.Case(f.ctx, f.actor(r), c.ID); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: Case = %v; want forbidden", r, err)
			}
			if _, _, err := f.svc.Cases(f.ctx, f.actor(r), store.CaseFilter{}); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: Cases = %v; want forbidden", r, err)
			}
		}
		for _, id := range []string{"geen-id", wijkregie.NewID(start)} {
			if _, err := f.svc.Case(f.ctx, lead, id); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("Case(%q) = %v; want not found", id, err)
			}
		}

		// The list: every case shown is recorded.
		c = f.assign(t, c, pro.UserID)
		var list []store.CaseSummary
		got = f.audited(t, func() {
			var err error
			if list, _, err = f.svc.Cases(f.ctx, pro, store.CaseFilter{CoordinatorID: pro.UserID, Page: store.Page{Limit: store.MaxLimit}}); err != nil {
				t.Fatal(err)
			}
		})
		want = []entry{rec(pro, "casussen.zoeken", "casus", "", "", app.PurposeTask, wijkregie.AuditAllowed)}
		for _, cs := range list {
			want = append(want, rec(pro, "casus.lezen", "casus", cs.ID, "", app.PurposeTask, wijkregie.AuditAllowed))
			if cs.CoordinatorID != pro.UserID {
				t.Errorf("the professional's list holds case %s of %s", cs.ID, cs.CoordinatorID)
			}
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("Cases: audit records (-got +want):\n%s", diff)
		}
		if !slices.ContainsFunc(list, func(cs store.CaseSummary) bool {
			return cs.ID == c.ID && cs.CoordinatorName == f.users[wijkregie.RoleProfessional].Name
		}) {
			t.Errorf("the professional's list lacks the case they were made regisseur of")
		}
		if list, _, err := f.svc.Cases(f.ctx, pro, store.CaseFilter{TeamID: "geen-id"}); err != nil || len(list) != 0 {
			t.Errorf("Cases with a malformed team = %d, %v; want none", len(list), err)
		}
	})
}

// TestAssignCoordinator: the team lead assigns a member of the case's team;
// the first assignment starts the intake; a change keeps the history.
func TestAssignCoordinator(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		colleague := f.teamMember(t, "i.pinas@duinhaven.example")
		h, ids := f.newHousehold(t, pro.TeamID)
		c := f.openCase(t, ids[0], wijkregie.LevelLight, "financien")
		in := app.AssignInput{UserID: pro.UserID, EscalateTo: "Karim El Idrissi, teamleider", Reason: "expertise"}
		if _, err := f.svc.AssignCoordinator(f.ctx, pro, c.ID, c.Version, in); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a professional assigns: %v; want forbidden", err)
		}
		others, _, _ := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{TeamID: f.otherTeam(t).ID})
		bad := in
		bad.UserID = others[0].ID
		_, err := f.svc.AssignCoordinator(f.ctx, lead, c.ID, c.Version, bad)
		wantField(t, err, "regisseur", "veld.casus.regisseur_team")
		bad.UserID = f.users[wijkregie.RolePartner].ID
		_, err = f.svc.AssignCoordinator(f.ctx, lead, c.ID, c.Version, bad)
		wantField(t, err, "regisseur", "veld.casus.regisseur_team")
		bad.UserID = wijkregie.NewID(start)
		_, err = f.svc.AssignCoordinator(f.ctx, lead, c.ID, c.Version, bad)
		wantField(t, err, "regisseur", "veld.casus.regisseur_onbekend")
		bad = in
		bad.EscalateTo = " "
		_, err = f.svc.AssignCoordinator(f.ctx, lead, c.ID, c.Version, bad)
		wantField(t, err, "mandaat.escalatie", "veld.verplicht")

		var got *wijkregie.Case
		rs := f.audited(t, func() {
			if got, err = f.svc.AssignCoordinator(f.ctx, lead, c.ID, c.Version, in); err != nil {
				t.Fatalf("AssignCoordinator: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(lead, "regisseur.toewijzen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("AssignCoordinator: audit records (-got +want):\n%s", diff)
		}
		if got.Status != wijkregie.CaseIntake || got.CoordinatorID != pro.UserID {
			t.Errorf("after assignment: %s with %s; want intake with the professional", got.Status, got.CoordinatorID)
		}
		if kinds := f.involvedAs(t, h.ID, pro.UserID); !slices.Equal(kinds, []wijkregie.InvolvementKind{wijkregie.InvolvementCoordinator}) {
			t.Errorf("the regisseur's involvement: %v", kinds)
		}
		v, err := f.svc.Case(f.ctx, pro, c.ID)
		if err != nil || !v.CanChange || !v.CanUseMandate || v.CanAssign {
			t.Fatalf("the regisseur's view: %+v, %v; want change and mandate, not assign", v, err)
		}
		if cur := v.Current(); cur == nil || cur.UserID != pro.UserID || cur.Mandate.Decide != wijkregie.DefaultMandate || cur.Mandate.EscalateTo != in.EscalateTo || cur.Reason != "expertise" {
			t.Errorf("current assignment %+v; want the professional under the standard mandate", cur)
		}
		_, err = f.svc.AssignCoordinator(f.ctx, lead, c.ID, got.Version, in)
		wantField(t, err, "regisseur", "veld.casus.regisseur_zelfde")

		// A change of regisseur hands over: the involvement moves, the
		// history keeps both.
		f.clock.Advance(time.Hour)
		in.UserID, in.Reason = colleague.UserID, "caseload"
		if got, err = f.svc.AssignCoordinator(f.ctx, lead, c.ID, got.Version, in); err != nil {
			t.Fatalf("second AssignCoordinator: %v", err)
		}
		if got.Status != wijkregie.CaseIntake || got.CoordinatorID != colleague.UserID {
			t.Errorf("after the change: %s with %s", got.Status, got.CoordinatorID)
		}
		if kinds := f.involvedAs(t, h.ID, pro.UserID); len(kinds) != 0 {
			t.Errorf("the former regisseur is still involved as %v", kinds)
		}
		as, _ := f.s.R().Assignments(f.ctx, demo.MunicipalityID, c.ID)
		if len(as) != 2 || as[0].UserID != pro.UserID || as[0].Until.IsZero() || as[1].UserID != colleague.UserID || !as[1].Until.IsZero() {
			t.Errorf("assignments %+v; want the professional's ended, the colleague's current", as)
		}
		if _, err := f.svc.Case(f.ctx, pro, c.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("the former regisseur reads the case: %v; want not found", err)
		}
	})
}

// TestMoveCase walks the method's course and the closing.
func TestMoveCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		colleague := f.teamMember(t, "e.aydin@duinhaven.example")
		h, ids := f.newHousehold(t, pro.TeamID)
		c := f.openCase(t, ids[0], wijkregie.LevelLight, "financien")
		c = f.assign(t, c, pro.UserID) // intake
		// A betrokkene, to see the closing end their part.
		if _, err := f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{UserID: colleague.UserID, Role: wijkregie.PartyCaseWorker}); err != nil {
			t.Fatal(err)
		}
		c, _ = f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID)

		move := func(a wijkregie.Actor, to wijkregie.CaseStatus) error {
			t.Helper()
			got, err := f.svc.MoveCase(f.ctx, a, c.ID, c.Version, to, "")
			if err == nil {
				c = got
			}
			return err
		}
		// One step at a time.
		for _, to := range []wijkregie.CaseStatus{wijkregie.CaseExecution, wijkregie.CaseScaleDown, wijkregie.CaseRegistered, wijkregie.CaseIntake, wijkregie.CaseHandedOver} {
			wantField(t, move(pro, to), "status", "veld.casus.status_overgang")
		}
		if err := move(pro, "gepauzeerd"); code(err) != wijkregie.EINVALID {
			t.Errorf("an unknown status = %v; want invalid", err)
		}
		// A contributor reads the case but does not steer it.
		if err := move(colleague, wijkregie.CasePlan); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a betrokkene moves the case: %v; want forbidden", err)
		}
		rs := f.audited(t, func() {
			if err := move(pro, wijkregie.CasePlan); err != nil {
				t.Fatalf("intake → plan: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(pro, "casus.wijzigen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("MoveCase: audit records (-got +want):\n%s", diff)
		}
		for _, to := range []wijkregie.CaseStatus{wijkregie.CaseExecution, wijkregie.CasePlan, wijkregie.CaseExecution, wijkregie.CaseScaleDown, wijkregie.CaseExecution} {
			if err := move(lead, to); err != nil {
				t.Fatalf("→ %s: %v", to, err)
			}
		}
		// A stale version changes nothing.
		if _, err := f.svc.MoveCase(f.ctx, pro, c.ID, c.Version-1, wijkregie.CaseScaleDown, ""); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a move over a stale version = %v; want a conflict", err)
		}

		// Closing is not a status change: it records the outcome
		// (CloseCase), which needs its reason. It ends the regisseur's and
		// the betrokkenen's part and the signals' matching.
		wantField(t, move(pro, wijkregie.CaseClosed), "status", "veld.casus.afsluiten_via_afsluiting")
		closure := func(reason string) *wijkregie.Closure {
			return &wijkregie.Closure{Reason: reason, CanContinue: wijkregie.AnswerYes, ProblemsReduced: wijkregie.AnswerYes,
				GoalsAchieved: wijkregie.AnswerYes, Summary: "Het gezin redt zich."}
		}
		_, err := f.svc.CloseCase(f.ctx, pro, c.ID, c.Version, closure("opgelost"))
		wantField(t, err, "reden", "veld.afsluiting.reden")
		f.clock.Advance(time.Hour)
		if got, err := f.svc.CloseCase(f.ctx, pro, c.ID, c.Version, closure(wijkregie.ClosureGoalsMet)); err != nil {
			t.Fatalf("closing: %v", err)
		} else {
			c = got
		}
		if c.Status != wijkregie.CaseClosed || c.ClosureReason != wijkregie.ClosureGoalsMet || !c.ClosedAt.Equal(f.clock.Now()) || c.CoordinatorID != pro.UserID {
			t.Errorf("closed case %+v; want afgesloten with its reason, naming its last regisseur", c)
		}
		for _, u := range []string{pro.UserID, colleague.UserID} {
			if kinds := f.involvedAs(t, h.ID, u); len(kinds) != 0 {
				t.Errorf("%s still involved as %v after the closing", u, kinds)
			}
		}
		as, _ := f.s.R().Assignments(f.ctx, demo.MunicipalityID, c.ID)
		if len(as) != 1 || !as[0].Until.Equal(f.clock.Now()) {
			t.Errorf("assignments after closing: %+v; want the one, ended now", as)
		}
		ps, _ := f.s.R().Parties(f.ctx, demo.MunicipalityID, c.ID)
		for _, p := range ps {
			if p.Until.IsZero() {
				t.Errorf("betrokkene %s still current after closing", p.ID)
			}
		}
		sigs, _ := f.s.R().CaseSignals(f.ctx, demo.MunicipalityID, c.ID)
		for _, sg := range sigs {
			if sg.Status != wijkregie.SignalClosed {
				t.Errorf("case signal %s is %s after closing; want afgesloten", sg.ID, sg.Status)
			}
		}
		if _, err := f.svc.MoveCase(f.ctx, lead, c.ID, c.Version, wijkregie.CaseExecution, ""); code(err) != wijkregie.ECONFLICT {
			t.Errorf("moving a closed case = %v; want a conflict", err)
		}
		if v, err := f.svc.Case(f.ctx, lead, c.ID); err != nil || v.CanChange || v.CanAssign || v.CanUseMandate {
			t.Errorf("lead's view of a closed case: %+v, %v; want nothing to do", v, err)
		}

		// A new signal on the family opens a new case.
		f.clock.Advance(time.Hour)
		next := f.openCase(t, ids[1], wijkregie.LevelIntensive, "huisvesting")
		if next.ID == c.ID || !next.Open() || next.Level != wijkregie.LevelIntensive {
			t.Errorf("the new signal's case: %+v; want a new open one", next)
		}
		cs, _ := f.s.R().HouseholdCases(f.ctx, demo.MunicipalityID, h.ID)
		if len(cs) != 2 {
			t.Errorf("household has %d cases; want the closed and the new", len(cs))
		}
		// The same regisseur again.
		f.assign(t, next, pro.UserID)
	})
}

// TestScaleCase: every change of level is an event with its reason;
// veiligheid starts the Meldcode route.
func TestScaleCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		_, ids := f.newHousehold(t, pro.TeamID)
		c := f.openCase(t, ids[0], wijkregie.LevelLight, "financien")
		c = f.assign(t, c, pro.UserID)
		_, err := f.svc.ScaleCase(f.ctx, pro, c.ID, c.Version, wijkregie.LevelIntensive, " ")
		wantField(t, err, "reden", "veld.verplicht")
		_, err = f.svc.ScaleCase(f.ctx, pro, c.ID, c.Version, wijkregie.LevelLight, "zelfde")
		wantField(t, err, "niveau", "veld.casus.zelfde_niveau")
		_, err = f.svc.ScaleCase(f.ctx, pro, c.ID, c.Version, "zwaar", "x")
		wantField(t, err, "niveau", "veld.keuze")
		if _, err := f.svc.ScaleCase(f.ctx, f.actor(wijkregie.RolePartner), c.ID, c.Version, wijkregie.LevelIntensive, "x"); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner scales: %v; want forbidden", err)
		}
		steps := []struct {
			who    wijkregie.Actor
			to     wijkregie.CaseLevel
			reason string
		}{
			{pro, wijkregie.LevelIntensive, "Schulden lopen op; wekelijks contact nodig."},
			{lead, wijkregie.LevelSafety, "Politiemelding huiselijk geweld."},
			{pro, wijkregie.LevelLight, "Veiligheid geborgd; het gezin pakt de regie."},
		}
		for _, st := range steps {
			f.clock.Advance(time.Minute)
			rs := f.audited(t, func() {
				if c, err = f.svc.ScaleCase(f.ctx, st.who, c.ID, c.Version, st.to, st.reason); err != nil {
					t.Fatalf("ScaleCase → %s: %v", st.to, err)
				}
			})
			if diff := diffEntries(rs, []entry{rec(st.who, "casus.wijzigen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
				t.Errorf("ScaleCase: audit records (-got +want):\n%s", diff)
			}
		}
		evs, err := f.s.R().CaseEvents(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		type change struct{ From, To, Reason, By string }
		var got []change
		for _, e := range evs {
			if e.Kind == wijkregie.EventLevel {
				got = append(got, change{e.From, e.To, e.Reason, e.By})
			}
		}
		want := []change{
			{"licht", "intensief", steps[0].reason, pro.UserID},
			{"intensief", "veiligheid", steps[1].reason, lead.UserID},
			{"veiligheid", "licht", steps[2].reason, pro.UserID},
		}
		if !slices.Equal(got, want) {
			t.Errorf("level events %+v; want %+v", got, want)
		}
		if mc, err := f.s.R().Meldcode(f.ctx, demo.MunicipalityID, c.ID); err != nil || mc.StartedBy != lead.UserID || mc.SignalID != "" {
			t.Errorf("Meldcode route after scaling up: %+v, %v", mc, err)
		}
		if c.Level != wijkregie.LevelLight {
			t.Errorf("level %s; want licht", c.Level)
		}
	})
}

// TestCandidates: the ranking puts expertise that covers the case first,
// then the lowest weighted caseload under the municipality's weights, and
// shows its numbers.
func TestCandidates(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead, admin := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RoleAdmin)
		// A family with a child of ten and a grandmother of seventy.
		h := &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: pro.TeamID,
			Address: wijkregie.Address{Street: "Proefstraat", Number: 99, Postcode: "2581ZZ", Town: "Duinhaven"}}
		var child string
		err := f.s.Tx(f.ctx, func(q *store.Q) error {
			if err := q.CreateHousehold(f.ctx, h); err != nil {
				return err
			}
			for _, m := range []struct {
				given string
				born  time.Time
				rel   wijkregie.Relation
			}{{"Kind", start.AddDate(-10, 0, 0), wijkregie.RelationChild}, {"Oma", start.AddDate(-70, 0, 0), wijkregie.RelationOther}} {
				p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Proef", BirthDate: m.born}
				if err := q.CreatePerson(f.ctx, p); err != nil {
					return err
				}
				if child == "" {
					child = p.ID
				}
				if err := q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID, Relation: m.rel, From: start.AddDate(-1, 0, 0)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		c := f.openCase(t, child, wijkregie.LevelIntensive, "geestelijke-gezondheid", "financien")

		check := func(set wijkregie.Settings) []app.Candidate {
			t.Helper()
			cands, err := f.svc.Candidates(f.ctx, lead, c.ID)
			if err != nil {
				t.Fatalf("Candidates: %v", err)
			}
			loads, err := f.s.R().Caseloads(f.ctx, demo.MunicipalityID, pro.TeamID)
			if err != nil {
				t.Fatal(err)
			}
			for i, cd := range cands {
				if cd.Rank != i+1 || cd.User.TeamID != pro.TeamID {
					t.Errorf("candidate %d: rank %d, team %s", i, cd.Rank, cd.User.TeamID)
				}
				var wantMatched []string
				for _, tag := range cd.User.Expertise {
					covers := tag == "jeugd" || tag == "ouderen"
					for _, d := range wijkregie.ExpertiseDomains[tag] {
						covers = covers || slices.Contains(c.Domains, d)
					}
					if covers {
						wantMatched = append(wantMatched, tag)
					}
				}
				if !slices.Equal(cd.Matched, wantMatched) {
					t.Errorf("%s matched %v; want %v", cd.User.Name, cd.Matched, wantMatched)
				}
				load := 0
				for l, n := range loads[cd.User.ID].ByLevel {
					load += n * set.Weight(l)
					if cd.Cases[l] != n {
						t.Errorf("%s: %d cases at %s; the store counts %d", cd.User.Name, cd.Cases[l], l, n)
					}
				}
				if cd.Load != load {
					t.Errorf("%s: load %d; want %d", cd.User.Name, cd.Load, load)
				}
				if i == 0 {
					continue
				}
				prev := cands[i-1]
				switch {
				case len(prev.Matched) < len(cd.Matched):
					t.Errorf("%s (%d tags) ranks after %s (%d tags)", cd.User.Name, len(cd.Matched), prev.User.Name, len(prev.Matched))
				case len(prev.Matched) == len(cd.Matched) && prev.Load > cd.Load:
					t.Errorf("%s (load %d) ranks after %s (load %d) with as many tags", cd.User.Name, cd.Load, prev.User.Name, prev.Load)
				case len(prev.Matched) == len(cd.Matched) && prev.Load == cd.Load && prev.User.Name > cd.User.Name:
					t.Errorf("%s and %s tie but are not by name", prev.User.Name, cd.User.Name)
				}
			}
			return cands
		}
		set, _ := f.svc.Settings(f.ctx, lead)
		cands := check(set)
		// The documented team: the professional (jeugd, huiselijk-geweld),
		// Pinas (ggz), Bakkali (schulden), Van der Linden (ouderen), Aydın
		// (jeugd); the team lead has no tags.
		matched := map[string][]string{}
		for _, cd := range cands {
			matched[cd.User.Email] = cd.Matched
		}
		for email, want := range map[string][]string{
			"professional@duinhaven.example":   {"jeugd"},
			"i.pinas@duinhaven.example":        {"ggz"},
			"m.bakkali@duinhaven.example":      {"schulden"},
			"t.vanderlinden@duinhaven.example": {"ouderen"},
			"e.aydin@duinhaven.example":        {"jeugd"},
			"teamleider@duinhaven.example":     nil,
		} {
			if got, ok := matched[email]; !ok || !slices.Equal(got, want) {
				t.Errorf("%s matched %v (listed %v); want %v", email, got, ok, want)
			}
		}
		if last := cands[len(cands)-1]; last.User.Email != "teamleider@duinhaven.example" {
			t.Errorf("last candidate %s; want the team lead, who covers nothing", last.User.Email)
		}

		// Other weights, other loads.
		set.WeightLight, set.WeightIntensive, set.WeightSafety = 10, 1, 1
		if err := f.svc.SaveSettings(f.ctx, admin, &set); err != nil {
			t.Fatal(err)
		}
		check(set)

		// Only the lead of the case's team asks.
		if _, err := f.svc.Candidates(f.ctx, pro, c.ID); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("professional: Candidates = %v; want forbidden", err)
		}
		otherLead, _, err := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{TeamID: f.otherTeam(t).ID, Role: wijkregie.RoleTeamLead})
		if err != nil || len(otherLead) == 0 {
			t.Fatal(err)
		}
		if _, err := f.svc.Candidates(f.ctx, wijkregie.ActorOf(&otherLead[0]), c.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("another team's lead: Candidates = %v; want not found", err)
		}
	})
}

// TestParties: a betrokkene gets the household in view; ending their part
// takes it away.
func TestParties(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		partner := f.actor(wijkregie.RolePartner)
		colleague := f.teamMember(t, "t.vanderlinden@duinhaven.example")
		h, ids := f.newHousehold(t, pro.TeamID)
		c := f.assign(t, f.openCase(t, ids[0], wijkregie.LevelLight, "financien"), pro.UserID)
		orgs, err := f.s.R().Organisations(f.ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}

		for _, a := range []wijkregie.Actor{colleague, partner} {
			if _, err := f.svc.Household(f.ctx, a, h.ID); code(err) != wijkregie.ENOTFOUND {
				t.Fatalf("%s before: Household = %v; want not found", a.Role, err)
			}
		}
		_, err = f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{Role: wijkregie.PartyCaseWorker})
		wantField(t, err, "betrokkene", "veld.casus.betrokkene")
		_, err = f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{UserID: wijkregie.NewID(start), Role: wijkregie.PartyCaseWorker})
		wantField(t, err, "medewerker", "veld.onbekend")
		_, err = f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{OrganisationID: wijkregie.NewID(start), Role: wijkregie.PartyCaseWorker})
		wantField(t, err, "organisatie", "veld.onbekend")
		_, err = f.svc.AddParty(f.ctx, pro, c.ID, &wijkregie.Party{UserID: colleague.UserID, Role: "baas"})
		wantField(t, err, "rol", "veld.keuze")

		rs := f.audited(t, func() {
			for _, p := range []*wijkregie.Party{
				{UserID: colleague.UserID, Role: wijkregie.PartyCaseWorker, Note: " Wmo-consulent "},
				{UserID: partner.UserID, Role: wijkregie.PartyAdvisor},
				{OrganisationID: orgs[0].ID, Role: wijkregie.PartyOther},
			} {
				if _, err := f.svc.AddParty(f.ctx, pro, c.ID, p); err != nil {
					t.Fatalf("AddParty: %v", err)
				}
			}
		})
		want := []entry{}
		for range 3 {
			want = append(want, rec(pro, "casus.wijzigen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed))
		}
		if diff := diffEntries(rs, want); diff != "" {
			t.Errorf("AddParty: audit records (-got +want):\n%s", diff)
		}
		for _, a := range []wijkregie.Actor{colleague, partner} {
			if _, err := f.svc.Household(f.ctx, a, h.ID); err != nil {
				t.Errorf("%s as betrokkene: Household = %v", a.Role, err)
			}
			if v, err := f.svc.Case(f.ctx, a, c.ID); err != nil || v.CanChange {
				t.Errorf("%s as betrokkene: Case = %v (can change %v); want to read, not steer", a.Role, err, v != nil && v.CanChange)
			}
		}
		v, _ := f.svc.Case(f.ctx, pro, c.ID)
		if len(v.Parties) != 3 || !slices.ContainsFunc(v.Parties, func(p wijkregie.Party) bool { return p.Note == "Wmo-consulent" }) ||
			v.Organisations[orgs[0].ID] != orgs[0].Name {
			t.Errorf("parties %+v", v.Parties)
		}

		// A betrokkene does not add others.
		if _, err := f.svc.AddParty(f.ctx, colleague, c.ID, &wijkregie.Party{OrganisationID: orgs[1].ID, Role: wijkregie.PartyOther}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a betrokkene adds a party: %v; want forbidden", err)
		}
		for _, p := range v.Parties {
			if p.UserID == colleague.UserID {
				if _, err := f.svc.EndParty(f.ctx, pro, c.ID, p.ID); err != nil {
					t.Fatalf("EndParty: %v", err)
				}
				if _, err := f.svc.EndParty(f.ctx, pro, c.ID, p.ID); code(err) != wijkregie.ENOTFOUND {
					t.Errorf("ending a part twice = %v; want not found", err)
				}
			}
		}
		if _, err := f.svc.Household(f.ctx, colleague, h.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("after EndParty: Household = %v; want not found", err)
		}
		if _, err := f.svc.Case(f.ctx, colleague, c.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("after EndParty: Case = %v; want not found", err)
		}
		if _, err := f.svc.Household(f.ctx, partner, h.ID); err != nil {
			t.Errorf("the other betrokkene lost access: %v", err)
		}
		if _, err := f.svc.EndParty(f.ctx, pro, c.ID, "geen-id"); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("EndParty of a malformed id = %v; want not found", err)
		}
	})
}

// TestMandate: opschaling, the answer and doorzettingsmacht are the
// regisseur's alone: the team lead is refused (forbidden: they see the
// case), anyone else does not learn it exists.
func TestMandate(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		outsider := f.teamMember(t, "m.bakkali@duinhaven.example")
		_, ids := f.newHousehold(t, pro.TeamID)
		c := f.assign(t, f.openCase(t, ids[0], wijkregie.LevelIntensive, "geestelijke-gezondheid"), pro.UserID)
		orgs, err := f.s.R().Organisations(f.ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		org := orgs[0].ID
		esc := func() *wijkregie.Escalation {
			return &wijkregie.Escalation{OrganisationID: org, ToWhom: "Teammanager", About: "Wachttijd van twaalf weken"}
		}
		enf := func() *wijkregie.Enforcement {
			return &wijkregie.Enforcement{Kind: wijkregie.EnforceStart, Decision: "Overbruggingszorg", Reason: "Te lang wachten", OrganisationIDs: []string{org}}
		}

		refused := func(a wijkregie.Actor, want string, result string) {
			t.Helper()
			rs := f.audited(t, func() {
				if _, err := f.svc.Escalate(f.ctx, a, c.ID, esc()); code(err) != want {
					t.Errorf("%s: Escalate = %v; want %s", a.Role, err, want)
				}
				if _, err := f.svc.Enforce(f.ctx, a, c.ID, enf()); code(err) != want {
					t.Errorf("%s: Enforce = %v; want %s", a.Role, err, want)
				}
			})
			want2 := []entry{
				rec(a, "regie.mandaat", "casus", c.ID, "", app.PurposeTask, result),
				rec(a, "regie.mandaat", "casus", c.ID, "", app.PurposeTask, result),
			}
			if diff := diffEntries(rs, want2); diff != "" {
				t.Errorf("%s refused: audit records (-got +want):\n%s", a.Role, diff)
			}
		}
		refused(lead, wijkregie.EFORBIDDEN, wijkregie.AuditDenied)
		refused(outsider, wijkregie.ENOTFOUND, wijkregie.AuditDenied)
		if _, err := f.svc.Escalate(f.ctx, f.actor(wijkregie.RolePartner), c.ID, esc()); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner: Escalate = %v; want forbidden", err)
		}

		bad := esc()
		bad.ToWhom = ""
		if _, err := f.svc.Escalate(f.ctx, pro, c.ID, bad); code(err) != wijkregie.EINVALID {
			t.Errorf("escalation without addressee = %v; want invalid", err)
		}
		bad = esc()
		bad.OrganisationID = wijkregie.NewID(start)
		_, err = f.svc.Escalate(f.ctx, pro, c.ID, bad)
		wantField(t, err, "organisatie", "veld.onbekend")

		e := esc()
		rs := f.audited(t, func() {
			if _, err := f.svc.Escalate(f.ctx, pro, c.ID, e); err != nil {
				t.Fatalf("Escalate: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(pro, "regie.mandaat", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("Escalate: audit records (-got +want):\n%s", diff)
		}
		if e.Status != wijkregie.EscalationOpen || e.RaisedBy != pro.UserID || e.Version != 1 {
			t.Errorf("escalation %+v", e)
		}

		// The answer: by the regisseur, under the version read.
		if _, err := f.svc.AnswerEscalation(f.ctx, lead, c.ID, e.ID, e.Version, "Start volgende week", "", wijkregie.EscalationAnswered); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("lead answers: %v; want forbidden", err)
		}
		if _, err := f.svc.AnswerEscalation(f.ctx, outsider, c.ID, e.ID, e.Version, "Start volgende week", "", wijkregie.EscalationAnswered); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("outsider answers: %v; want not found", err)
		}
		_, err = f.svc.AnswerEscalation(f.ctx, pro, c.ID, e.ID, e.Version, "Start volgende week", "", wijkregie.EscalationOpen)
		wantField(t, err, "status", "veld.keuze")
		_, err = f.svc.AnswerEscalation(f.ctx, pro, c.ID, e.ID, e.Version, "Start volgende week", "", wijkregie.EscalationSettled)
		wantField(t, err, "uitkomst", "veld.verplicht")
		answered, err := f.svc.AnswerEscalation(f.ctx, pro, c.ID, e.ID, e.Version, "Start volgende week", "", wijkregie.EscalationAnswered)
		if err != nil || answered.Status != wijkregie.EscalationAnswered || answered.Version != 2 || !answered.AnsweredAt.Equal(f.clock.Now()) {
			t.Fatalf("AnswerEscalation = %+v, %v", answered, err)
		}
		if _, err := f.svc.AnswerEscalation(f.ctx, pro, c.ID, e.ID, 1, "x", "y", wijkregie.EscalationSettled); code(err) != wijkregie.ECONFLICT {
			t.Errorf("answer over a stale version = %v; want a conflict", err)
		}
		if _, err := f.svc.AnswerEscalation(f.ctx, pro, c.ID, wijkregie.NewID(start), 0, "x", "y", wijkregie.EscalationSettled); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("answer to an unknown opschaling = %v; want not found", err)
		}
		if s, err := f.svc.AnswerEscalation(f.ctx, pro, c.ID, e.ID, answered.Version, "Gestart", "Zorg loopt", wijkregie.EscalationSettled); err != nil || s.Status != wijkregie.EscalationSettled {
			t.Errorf("settling = %+v, %v", s, err)
		}

		// Doorzettingsmacht: the organisations must exist.
		bd := enf()
		bd.OrganisationIDs = []string{org, wijkregie.NewID(start)}
		_, err = f.svc.Enforce(f.ctx, pro, c.ID, bd)
		wantField(t, err, "organisaties", "veld.onbekend")
		bd = enf()
		bd.OrganisationIDs = nil
		_, err = f.svc.Enforce(f.ctx, pro, c.ID, bd)
		wantField(t, err, "organisaties", "veld.verplicht")
		en := enf()
		if _, err := f.svc.Enforce(f.ctx, pro, c.ID, en); err != nil {
			t.Fatalf("Enforce: %v", err)
		}
		v, err := f.svc.Case(f.ctx, lead, c.ID)
		if err != nil || len(v.Escalations) != 1 || len(v.Enforcements) != 1 || v.Enforcements[0].DecidedBy != pro.UserID {
			t.Fatalf("case view: %d opschalingen, %d besluiten, %v", len(v.Escalations), len(v.Enforcements), err)
		}
		kinds := map[wijkregie.CaseEventKind]int{}
		for _, ev := range v.Events {
			kinds[ev.Kind]++
		}
		if kinds[wijkregie.EventEscalation] != 1 || kinds[wijkregie.EventEnforcement] != 1 {
			t.Errorf("events %v; want one opschaling and one doorzettingsmacht", kinds)
		}

		// After a handover the mandate goes with the role.
		f.clock.Advance(time.Hour)
		c, _ = f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID)
		f.assign(t, c, outsider.UserID)
		if _, err := f.svc.Enforce(f.ctx, pro, c.ID, enf()); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("the former regisseur: Enforce = %v; want not found", err)
		}
		if _, err := f.svc.Enforce(f.ctx, outsider, c.ID, enf()); err != nil {
			t.Errorf("the new regisseur: Enforce = %v", err)
		}
	})
}
