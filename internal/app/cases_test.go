package app_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// TestSignalsToCase walks the front half of the method: two signals on one
// family, triage meervoudig with the suggestion's reasons, a case, a
// regisseur from the suggestion; the store refuses a second open case and
// a second current regisseur.
func TestSignalsToCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		h, ids := f.newHousehold(t, pro.TeamID)
		first := newSignal(ids[0])
		first.Domains = []string{"financien"}
		if err := f.svc.CreateSignal(f.ctx, pro, first, nil); err != nil {
			t.Fatal(err)
		}
		second := newSignal(ids[1])
		second.Domains = []string{"huiselijke-relaties", "geestelijke-gezondheid"}
		second.Kind = wijkregie.SignalCareReport
		if err := f.svc.CreateSignal(f.ctx, lead, second, nil); err != nil {
			t.Fatal(err)
		}

		queue, total, err := f.svc.TriageQueue(f.ctx, pro, store.Page{})
		if err != nil || total < 2 {
			t.Fatalf("TriageQueue = %d items (total %d), %v; want both signals", len(queue), total, err)
		}
		for i := 1; i < len(queue); i++ {
			if queue[i].TriageDeadline.Before(queue[i-1].TriageDeadline) {
				t.Errorf("queue not by deadline at %d", i)
			}
		}

		screen, err := f.svc.TriageScreen(f.ctx, pro, second.ID)
		if err != nil {
			t.Fatalf("TriageScreen: %v", err)
		}
		if screen.Suggestion != wijkregie.DecisionMultiple || len(screen.Domains) != 3 || !screen.CanDecide {
			t.Errorf("suggestion %s over %v (can decide %v); want meervoudig over 3 domains", screen.Suggestion, screen.Domains, screen.CanDecide)
		}
		if len(screen.Reasons) == 0 || screen.Reasons[0].Key != "triage.regel.domeinen" || screen.Reasons[0].Args[0] != 3 {
			t.Errorf("reasons %v; want the domain rule with 3", screen.Reasons)
		}

		tr, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: second.ID, Decision: wijkregie.DecisionMultiple, Level: wijkregie.LevelIntensive})
		if err != nil {
			t.Fatalf("Triage meervoudig: %v", err)
		}
		if tr.CaseID == "" || tr.Suggested != wijkregie.DecisionMultiple || tr.DecidedBy != pro.UserID {
			t.Fatalf("triage %+v; want a case, the suggestion kept, who decided", tr)
		}
		// The first signal joins the same case: one family, one case.
		tr1, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: first.ID, Decision: wijkregie.DecisionMultiple})
		if err != nil || tr1.CaseID != tr.CaseID {
			t.Fatalf("second triage = %+v, %v; want the same case %s", tr1, err, tr.CaseID)
		}
		if _, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: first.ID, Decision: wijkregie.DecisionNone, Reason: "x"}); code(err) != wijkregie.ECONFLICT {
			t.Errorf("triaging twice = %v; want a conflict", err)
		}

		// The store refuses a second open case for the household.
		err = f.s.Tx(f.ctx, func(q *store.Q) error {
			return q.CreateCase(f.ctx, &wijkregie.Case{MunicipalityID: pro.MunicipalityID, HouseholdID: h.ID, TeamID: pro.TeamID,
				Status: wijkregie.CaseRegistered, Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: pro.UserID})
		})
		if code(err) != wijkregie.ECONFLICT {
			t.Errorf("second open case in the store = %v; want a conflict", err)
		}

		// The professional is not involved yet: the case is the team lead's to assign.
		if _, err := f.svc.Candidates(f.ctx, pro, tr.CaseID); code(err) == "" {
			t.Errorf("a professional asks for candidates: no error")
		}
		cands, err := f.svc.Candidates(f.ctx, lead, tr.CaseID)
		if err != nil || len(cands) == 0 || cands[0].Rank != 1 {
			t.Fatalf("Candidates = %+v, %v", cands, err)
		}
		c, err := f.svc.Case(f.ctx, lead, tr.CaseID)
		if err != nil {
			t.Fatalf("Case: %v", err)
		}
		if c.Case.Status != wijkregie.CaseRegistered || c.Case.Level != wijkregie.LevelIntensive || len(c.Signals) != 2 || !c.CanAssign {
			t.Fatalf("case %+v with %d signals (can assign %v); want aangemeld, intensief, 2 signals", c.Case, len(c.Signals), c.CanAssign)
		}
		// Past registration a case needs its regisseur.
		if _, err := f.svc.MoveCase(f.ctx, lead, tr.CaseID, c.Case.Version, wijkregie.CaseIntake, ""); code(err) != wijkregie.EINVALID {
			t.Errorf("intake without regisseur = %v; want invalid", err)
		}
		got, err := f.svc.AssignCoordinator(f.ctx, lead, tr.CaseID, c.Case.Version, app.AssignInput{UserID: cands[0].User.ID, EscalateTo: "Teamleider Noord"})
		if err != nil {
			t.Fatalf("AssignCoordinator: %v", err)
		}
		if got.CoordinatorID != cands[0].User.ID || got.Status != wijkregie.CaseIntake {
			t.Errorf("after assignment: regisseur %s, status %s; want %s, intake", got.CoordinatorID, got.Status, cands[0].User.ID)
		}
		// A stale version is refused, not applied.
		if _, err := f.svc.AssignCoordinator(f.ctx, lead, tr.CaseID, c.Case.Version, app.AssignInput{UserID: pro.UserID, EscalateTo: "x"}); code(err) != wijkregie.ECONFLICT {
			t.Errorf("assignment over a stale version = %v; want a conflict", err)
		}
		// The store refuses a second current regisseur.
		err = f.s.Tx(f.ctx, func(q *store.Q) error {
			return store.ExecForTest(f.ctx, q, `INSERT INTO case_coordinators (municipality_id, case_id, user_id, from_at, mandate_from, mandate_decide, mandate_escalate_to, assigned_by)
VALUES ($1, $2, $3, $4, $4, 'x', 'y', $5)`, pro.MunicipalityID, tr.CaseID, lead.UserID, f.clock.Now().Add(1), lead.UserID)
		})
		if err == nil {
			t.Errorf("a second current regisseur was stored")
		}
	})
}
