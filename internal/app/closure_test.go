package app_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
)

// goodClosure is a complete closure but for the goals' statuses.
func goodClosure() *wijkregie.Closure {
	return &wijkregie.Closure{Reason: wijkregie.ClosureGoalsMet, CanContinue: wijkregie.AnswerYes, ProblemsReduced: wijkregie.AnswerYes,
		GoalsAchieved: wijkregie.AnswerPartly, Rating: 8, Remark: " Fijn dat er iemand meedacht ", Summary: "Schulden in beeld, oma helpt."}
}

// TestCloseCase: closing records the outcome per goal and for the case,
// the final assessment and the family's rating, and ends everything the
// case held open; a new case within a year is a relapse.
func TestCloseCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		h, ids, c := f.workedCase(t)
		plan, err := f.svc.CreatePlan(f.ctx, pro, c.ID, lightPlan())
		if err != nil {
			t.Fatal(err)
		}
		edit := copyPlan(plan)
		edit.Goals[1].Status = wijkregie.GoalMet
		if plan, err = f.svc.SavePlan(f.ctx, pro, c.ID, plan.Version, edit); err != nil {
			t.Fatal(err)
		}
		open, met := plan.Goals[0].ID, plan.Goals[1].ID
		f.clock.Advance(24 * time.Hour)
		score := []wijkregie.Score{{PersonID: ids[0], Domain: "financien", Level: 3, Rationale: "Afspraken met schuldeisers"}}
		interim, err := f.svc.Assess(f.ctx, pro, c.ID, &wijkregie.Assessment{Moment: wijkregie.MomentInterim, Date: day(2026, 3, 3), Scores: score})
		if err != nil {
			t.Fatal(err)
		}
		final, err := f.svc.Assess(f.ctx, pro, c.ID, &wijkregie.Assessment{Moment: wijkregie.MomentClosure, Date: day(2026, 3, 3), Scores: score})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CaseClosure(f.ctx, pro, c.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("CaseClosure of an open case = %v; want not found", err)
		}
		c, _ = f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID)
		closeWith := func(a wijkregie.Actor, cl *wijkregie.Closure) error {
			t.Helper()
			got, err := f.svc.CloseCase(f.ctx, a, c.ID, c.Version, cl)
			if err == nil {
				c = got
			}
			return err
		}

		// Bad input names its field.
		cl := goodClosure()
		cl.Reason = ""
		cl.GoalStatuses = map[string]wijkregie.GoalStatus{open: wijkregie.GoalPartlyMet}
		if err := closeWith(pro, cl); !hasField(err, "reden", "veld.afsluiting.reden") {
			t.Errorf("closure without reason = %v; want the field reden", err)
		}
		if err := closeWith(pro, &wijkregie.Closure{}); !hasField(err, "reden", "veld.afsluiting.reden") ||
			!hasField(err, "kanZonderHulp", "veld.keuze") || !hasField(err, "samenvatting", "veld.verplicht") ||
			!hasField(err, "doelen["+open+"].status", "veld.afsluiting.doel") {
			t.Errorf("an empty closure = %v; want every field named", err)
		}
		err = closeWith(pro, goodClosure())
		wantField(t, err, "doelen["+open+"].status", "veld.afsluiting.doel")
		cl = goodClosure()
		cl.GoalStatuses = map[string]wijkregie.GoalStatus{open: wijkregie.GoalOpen}
		wantField(t, closeWith(pro, cl), "doelen["+open+"].status", "veld.afsluiting.doel")
		cl = goodClosure()
		cl.GoalStatuses = map[string]wijkregie.GoalStatus{open: wijkregie.GoalPartlyMet, wijkregie.NewID(start): wijkregie.GoalMet}
		if err := closeWith(pro, cl); code(err) != wijkregie.EINVALID {
			t.Errorf("a status for an unknown goal = %v; want invalid", err)
		}
		for _, rating := range []int{11, -1} {
			cl = goodClosure()
			cl.Rating, cl.GoalStatuses = rating, map[string]wijkregie.GoalStatus{open: wijkregie.GoalPartlyMet}
			wantField(t, closeWith(pro, cl), "waardering", "veld.afsluiting.waardering")
		}
		for _, id := range []string{interim.ID, wijkregie.NewID(start), "geen-id"} {
			cl = goodClosure()
			cl.FinalAssessmentID, cl.GoalStatuses = id, map[string]wijkregie.GoalStatus{open: wijkregie.GoalPartlyMet}
			wantField(t, closeWith(pro, cl), "eindmeting", "veld.afsluiting.eindmeting")
		}
		cl = goodClosure()
		cl.GoalStatuses = map[string]wijkregie.GoalStatus{open: wijkregie.GoalPartlyMet}
		if _, err := f.svc.CloseCase(f.ctx, pro, c.ID, c.Version-1, cl); code(err) != wijkregie.ECONFLICT {
			t.Errorf("closing over a stale version = %v; want a conflict", err)
		}
		partner := f.withPartner(t, c)
		c, _ = f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID)
		if err := closeWith(partner, cl); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner closes = %v; want forbidden", err)
		}
		if err := closeWith(f.outsider(t), cl); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("another team closes = %v; want not found", err)
		}
		if got, _ := f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID); !got.Open() {
			t.Fatalf("a refused closure closed the case")
		}

		// The closing.
		f.clock.Advance(time.Hour)
		cl.FinalAssessmentID = final.ID
		rs := f.audited(t, func() {
			if err := closeWith(pro, cl); err != nil {
				t.Fatalf("CloseCase: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(pro, "casus.afsluiten", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("CloseCase: audit records (-got +want):\n%s", diff)
		}
		if c.Status != wijkregie.CaseClosed || c.ClosureReason != wijkregie.ClosureGoalsMet || !c.ClosedAt.Equal(f.clock.Now()) || c.CoordinatorID != pro.UserID {
			t.Errorf("closed case %+v", c)
		}
		if n, e := f.caseEvents(t, c.ID, wijkregie.EventClosed); n != 1 || e.To != wijkregie.ClosureGoalsMet || e.By != pro.UserID {
			t.Errorf("%d closing events, the last %+v", n, e)
		}
		for _, u := range []string{pro.UserID, partner.UserID} {
			if kinds := f.involvedAs(t, h.ID, u); len(kinds) != 0 {
				t.Errorf("%s still involved as %v after the closing", u, kinds)
			}
		}
		if ts := f.evaluationTasks(t, c.ID); len(ts) != 1 || ts[0].Open() {
			t.Errorf("evaluation tasks after closing: %+v; want the one, done", ts)
		}
		// The plan's last version holds the outcome per goal, and closed.
		view, err := f.svc.Plan(f.ctx, lead, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := view.Plan
		if p.Status != wijkregie.PlanClosed || p.Version != 3 || p.Note != "Afsluiting" || p.SavedBy != pro.UserID || view.CanChange ||
			p.Goals[0].Status != wijkregie.GoalPartlyMet || p.Goals[1].Status != wijkregie.GoalMet {
			t.Errorf("the plan after closing: %+v (can change %v)", p, view.CanChange)
		}
		if _, err := f.svc.SavePlan(f.ctx, lead, c.ID, p.Version, copyPlan(p)); code(err) != wijkregie.ECONFLICT || !isMessage(err, "fout.casus.gesloten") {
			t.Errorf("saving the plan of a closed case = %v; want the conflict fout.casus.gesloten", err)
		}
		var got *wijkregie.Closure
		rs = f.audited(t, func() {
			if got, err = f.svc.CaseClosure(f.ctx, lead, c.ID); err != nil {
				t.Fatalf("CaseClosure: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(lead, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("CaseClosure: audit records (-got +want):\n%s", diff)
		}
		if got.Reason != cl.Reason || got.Rating != 8 || got.Remark != "Fijn dat er iemand meedacht" || got.FinalAssessmentID != final.ID ||
			got.GoalsAchieved != wijkregie.AnswerPartly || got.ClosedBy != pro.UserID || !got.ClosedAt.Equal(c.ClosedAt) ||
			got.GoalStatuses[open] != wijkregie.GoalPartlyMet || got.GoalStatuses[met] != wijkregie.GoalMet {
			t.Errorf("CaseClosure = %+v", got)
		}
		if err := closeWith(lead, cl); code(err) != wijkregie.ECONFLICT {
			t.Errorf("closing twice = %v; want a conflict", err)
		}
		// Only who sees the content reads the outcome.
		if _, err := f.svc.CaseClosure(f.ctx, f.outsider(t), c.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("another team: CaseClosure = %v; want not found", err)
		}

		// A new case for the family within twelve months is a relapse.
		f.clock.Advance(90 * 24 * time.Hour)
		next := f.openCase(t, ids[1], wijkregie.LevelLight, "huisvesting")
		if next.RelapseOf != c.ID {
			t.Errorf("a new case three months after closing: relapse of %q; want %s", next.RelapseOf, c.ID)
		}
		// A case without plan closes too; a year and more later a new one
		// is no relapse.
		next = f.assign(t, next, pro.UserID)
		bare := &wijkregie.Closure{Reason: wijkregie.ClosureMoved, CanContinue: wijkregie.AnswerNo, ProblemsReduced: wijkregie.AnswerNo,
			GoalsAchieved: wijkregie.AnswerNo, Summary: "Verhuisd naar Utrecht"}
		closed, err := f.svc.CloseCase(f.ctx, lead, next.ID, next.Version, bare)
		if err != nil || closed.Status != wijkregie.CaseClosed {
			t.Fatalf("closing a case without plan: %+v, %v", closed, err)
		}
		if got, err := f.svc.CaseClosure(f.ctx, lead, next.ID); err != nil || got.Rating != 0 || got.GoalStatuses != nil || got.ClosedBy != lead.UserID {
			t.Errorf("closure without plan or rating: %+v, %v", got, err)
		}
		f.clock.Advance(366 * 24 * time.Hour)
		if later := f.openCase(t, ids[0], wijkregie.LevelLight, "financien"); later.RelapseOf != "" {
			t.Errorf("a new case more than a year after closing: relapse of %q; want none", later.RelapseOf)
		}
	})
}

// TestCloseCaseMeldcodeOpen: a case whose Meldcode route still runs does
// not close; the route never ends silently.
func TestCloseCaseMeldcodeOpen(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, _, c := f.workedCase(t)
		c, err := f.svc.ScaleCase(f.ctx, pro, c.ID, c.Version, wijkregie.LevelSafety, "Zorgen over de veiligheid van het kind")
		if err != nil {
			t.Fatal(err)
		}
		bare := &wijkregie.Closure{Reason: wijkregie.ClosureOther, CanContinue: wijkregie.AnswerNo, ProblemsReduced: wijkregie.AnswerNo,
			GoalsAchieved: wijkregie.AnswerNo, Summary: "Gesprek afgebroken"}
		_, err = f.svc.CloseCase(f.ctx, pro, c.ID, c.Version, bare)
		if code(err) != wijkregie.ECONFLICT || !isMessage(err, "fout.afsluiting.meldcode_open") {
			t.Errorf("closing with the Meldcode route running = %v; want the conflict fout.afsluiting.meldcode_open", err)
		}
		if got, _ := f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID); !got.Open() {
			t.Errorf("the case closed with its route running")
		}
		if v, err := f.svc.Plan(f.ctx, pro, c.ID); err != nil || v.SafetyPlan != "" {
			t.Errorf("Plan of a safety case without safety plan: %+v, %v", v, err)
		}
	})
}
