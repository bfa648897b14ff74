package app_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
)

// day is a calendar day as the domain keeps it.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// lightPlan is a plan a regisseur might write at the first meeting: one
// worry, two goals, one with an action.
func lightPlan() *wijkregie.Plan {
	return &wijkregie.Plan{Variant: wijkregie.PlanLight,
		Worries: []wijkregie.Worry{{Text: " Schulden lopen op ", Priority: 1}},
		Goals: []wijkregie.Goal{
			{Domain: "financien", Description: "Schulden onder controle", SuccessCriterion: "Drie maanden geen nieuwe achterstand",
				TargetDate: day(2026, 9, 1), Owner: wijkregie.OwnerFamily, Status: wijkregie.GoalOpen,
				Actions: []wijkregie.Action{{What: "Aanmelden bij schuldhulp", Who: "Moeder", Due: day(2026, 3, 20), Status: wijkregie.ActionPlanned}}},
			{Domain: "sociaal-netwerk", Description: "Oma helpt mee", SuccessCriterion: "Oma past twee middagen per week op",
				TargetDate: day(2026, 6, 1), Owner: wijkregie.OwnerNetwork, Status: wijkregie.GoalOpen},
		},
		MeetingDate: day(2026, 3, 2), Participants: "Moeder, oma, regisseur", EvaluationDate: day(2026, 6, 1), Note: "Vastgesteld"}
}

// copyPlan is a deep copy of p, as an editor holds it.
func copyPlan(p *wijkregie.Plan) *wijkregie.Plan {
	c := *p
	c.Worries = slices.Clone(p.Worries)
	c.Goals = slices.Clone(p.Goals)
	for i := range c.Goals {
		c.Goals[i].Actions = slices.Clone(c.Goals[i].Actions)
	}
	return &c
}

// evaluationTasks returns the case's evaluation tasks, open first.
func (f *fixture) evaluationTasks(t *testing.T, caseID string) []wijkregie.Task {
	t.Helper()
	ts, err := f.s.R().CaseTasks(f.ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []wijkregie.Task
	for _, x := range ts {
		if x.Kind == wijkregie.TaskEvaluation {
			out = append(out, x)
		}
	}
	return out
}

// TestPlan: a case's one plan, versioned; a stale save loses nothing and
// writes nothing; the evaluation date drives the regisseur's task.
func TestPlan(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		_, _, c := f.workedCase(t)
		if v, err := f.svc.Plan(f.ctx, pro, c.ID); err != nil || v.Plan != nil || len(v.Versions) != 0 || !v.CanChange || v.SafetyPlan != "" {
			t.Fatalf("Plan before any: %+v, %v; want none yet, changeable", v, err)
		}
		if _, err := f.svc.SavePlan(f.ctx, pro, c.ID, 1, lightPlan()); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("SavePlan without a plan = %v; want not found", err)
		}

		// Bad input names its field.
		p := lightPlan()
		p.Goals[0].SuccessCriterion = " "
		_, err := f.svc.CreatePlan(f.ctx, pro, c.ID, p)
		wantField(t, err, "doelen[0].goedGenoeg", "veld.plan.goed_genoeg")
		p = lightPlan()
		p.EvaluationDate = day(2026, 3, 1)
		_, err = f.svc.CreatePlan(f.ctx, pro, c.ID, p)
		wantField(t, err, "evaluatiedatum", "veld.datum_verleden")
		p = lightPlan()
		p.Goals[0].ID = "zelfbedacht"
		_, err = f.svc.CreatePlan(f.ctx, pro, c.ID, p)
		wantField(t, err, "doelen[0].id", "veld.onbekend")
		// A partner organisation that does not exist is the goal's
		// field, not a missing case (the schema's refusal).
		for _, org := range []string{wijkregie.NewID(f.clock.Now()), "geen-id"} {
			p = lightPlan()
			p.Goals[1].Owner, p.Goals[1].OrganisationID = wijkregie.OwnerPartner, org
			_, err = f.svc.CreatePlan(f.ctx, pro, c.ID, p)
			wantField(t, err, "doelen[1].organisatie", "veld.plan.organisatie")
		}
		// More goals than a plan holds is one field, answered before the
		// store is asked (its statements have a bounded number of
		// parameters).
		p = lightPlan()
		for len(p.Goals) <= 5000 {
			p.Goals = append(p.Goals, lightPlan().Goals[1])
		}
		_, err = f.svc.CreatePlan(f.ctx, pro, c.ID, p)
		wantField(t, err, "doelen", "veld.plan.te_veel")
		if n, _ := f.caseEvents(t, c.ID, wijkregie.EventPlan); n != 0 {
			t.Fatalf("refused plans left %d events", n)
		}

		// The first version: ids given, the evaluation task made.
		var v1 *wijkregie.Plan
		rs := f.audited(t, func() {
			if v1, err = f.svc.CreatePlan(f.ctx, pro, c.ID, lightPlan()); err != nil {
				t.Fatalf("CreatePlan: %v", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(pro, "plan.wijzigen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("CreatePlan: audit records (-got +want):\n%s", diff)
		}
		if v1.Version != 1 || v1.Status != wijkregie.PlanActive || v1.SavedBy != pro.UserID || !v1.SavedAt.Equal(f.clock.Now()) ||
			v1.Worries[0].Text != "Schulden lopen op" {
			t.Errorf("first version %+v", v1)
		}
		for _, g := range v1.Goals {
			if !wijkregie.ValidID(g.ID) {
				t.Errorf("goal without id: %+v", g)
			}
			for _, a := range g.Actions {
				if !wijkregie.ValidID(a.ID) {
					t.Errorf("action without id: %+v", a)
				}
			}
		}
		if n, e := f.caseEvents(t, c.ID, wijkregie.EventPlan); n != 1 || e.To != "1" {
			t.Errorf("%d plan events, the last %+v; want one for version 1", n, e)
		}
		ts := f.evaluationTasks(t, c.ID)
		if len(ts) != 1 || !ts[0].Open() || !ts[0].Due.Equal(wijkregie.EndOfDay(day(2026, 6, 1))) || ts[0].UserID != pro.UserID || ts[0].TeamID != c.TeamID {
			t.Fatalf("evaluation tasks %+v; want one open for the regisseur, due at the end of 1 June", ts)
		}
		taskID := ts[0].ID

		// One plan: a second is refused, by the lead too.
		if _, err := f.svc.CreatePlan(f.ctx, lead, c.ID, lightPlan()); code(err) != wijkregie.ECONFLICT || !isMessage(err, "fout.plan.bestaat") {
			t.Errorf("a second plan = %v; want the conflict fout.plan.bestaat", err)
		}

		// Version 2 by the lead: the family agreed, a goal reached, an
		// action more, the evaluation moved.
		f.clock.Advance(24 * time.Hour)
		edit := copyPlan(v1)
		edit.Goals[1].Status = wijkregie.GoalMet
		edit.Goals[0].Actions = append(edit.Goals[0].Actions, wijkregie.Action{What: "Budgetcursus", Who: "Vader", Due: day(2026, 5, 1), Status: wijkregie.ActionPlanned})
		edit.AgreedOn, edit.AgreedHow = day(2026, 3, 3), wijkregie.AgreedInWrite
		edit.EvaluationDate, edit.Note = day(2026, 7, 1), "Instemming gezin"
		v2, err := f.svc.SavePlan(f.ctx, lead, c.ID, 1, edit)
		if err != nil {
			t.Fatalf("SavePlan: %v", err)
		}
		if v2.Version != 2 || v2.SavedBy != lead.UserID || v2.Goals[0].ID != v1.Goals[0].ID || !wijkregie.ValidID(v2.Goals[0].Actions[1].ID) {
			t.Errorf("second version %+v", v2)
		}
		ts = f.evaluationTasks(t, c.ID)
		if len(ts) != 1 || ts[0].ID != taskID || !ts[0].Due.Equal(wijkregie.EndOfDay(day(2026, 7, 1))) {
			t.Errorf("evaluation tasks after the move %+v; want the same task, due 1 July", ts)
		}

		// The professional still edits version 1: a conflict, and nothing
		// of it is written.
		stale := copyPlan(v1)
		stale.GoingWell, stale.Goals[0].Status = "Dit zou verloren gaan", wijkregie.GoalNotMet
		if _, err := f.svc.SavePlan(f.ctx, pro, c.ID, 1, stale); code(err) != wijkregie.ECONFLICT || !isMessage(err, "fout.plan.gewijzigd") {
			t.Errorf("stale save = %v; want the conflict fout.plan.gewijzigd", err)
		}
		if _, err := f.svc.SavePlan(f.ctx, pro, c.ID, 0, copyPlan(v2)); code(err) != wijkregie.ECONFLICT {
			t.Errorf("save without a version = %v; want a conflict", err)
		}
		view, err := f.svc.Plan(f.ctx, pro, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if view.Plan.Version != 2 || view.Plan.GoingWell != "" || view.Plan.Goals[0].Status != wijkregie.GoalOpen || len(view.Versions) != 2 {
			t.Errorf("after the stale save: version %d, %d versions, %+v", view.Plan.Version, len(view.Versions), view.Plan)
		}
		if n, _ := f.caseEvents(t, c.ID, wijkregie.EventPlan); n != 2 {
			t.Errorf("%d plan events; want two", n)
		}
		// The professional saves on version 2 what they meant.
		redo := copyPlan(view.Plan)
		redo.GoingWell, redo.Note = "Moeder houdt de post bij", ""
		redo.Goals[0].ID = wijkregie.NewID(start)
		_, err = f.svc.SavePlan(f.ctx, pro, c.ID, 2, redo)
		wantField(t, err, "doelen[0].id", "veld.onbekend")
		redo.Goals[0].ID = v1.Goals[0].ID
		v3, err := f.svc.SavePlan(f.ctx, pro, c.ID, 2, redo)
		if err != nil || v3.Version != 3 {
			t.Fatalf("SavePlan on version 2 = %+v, %v", v3, err)
		}

		// History, versions and the comparison.
		rs = f.audited(t, func() {
			if view, err = f.svc.Plan(f.ctx, lead, c.ID); err != nil {
				t.Fatal(err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(lead, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("Plan: audit records (-got +want):\n%s", diff)
		}
		var nums []int
		for _, x := range view.Versions {
			nums = append(nums, x.Version)
		}
		if !slices.Equal(nums, []int{3, 2, 1}) || view.Versions[1].Note != "Instemming gezin" || view.Versions[1].SavedBy != lead.UserID ||
			view.Users[pro.UserID] == nil || view.Users[lead.UserID] == nil || !view.CanChange {
			t.Errorf("history %+v, users %v", view.Versions, view.Users)
		}
		old, err := f.svc.PlanVersion(f.ctx, pro, c.ID, 1)
		if err != nil || old.Version != 1 || old.Agreed() || len(old.Goals[0].Actions) != 1 || old.Note != "Vastgesteld" {
			t.Errorf("PlanVersion 1 = %+v, %v", old, err)
		}
		for _, n := range []int{0, 4, -1} {
			if _, err := f.svc.PlanVersion(f.ctx, pro, c.ID, n); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("PlanVersion %d = %v; want not found", n, err)
			}
		}
		a, b, changes, err := f.svc.ComparePlan(f.ctx, pro, c.ID, 1, 2)
		if err != nil || a.Version != 1 || b.Version != 2 {
			t.Fatalf("ComparePlan = %v, %v, %v", a, b, err)
		}
		fields := map[string]bool{}
		for _, ch := range changes {
			fields[ch.Field] = true
		}
		g0, g1 := v1.Goals[0].ID, v1.Goals[1].ID
		for _, want := range []string{"instemming.datum", "instemming.wijze", "evaluatiedatum", "doelen[" + g1 + "].status",
			"doelen[" + g0 + "].acties[" + v2.Goals[0].Actions[1].ID + "]"} {
			if !fields[want] {
				t.Errorf("comparison lacks %s: %+v", want, changes)
			}
		}
		if len(changes) != 5 {
			t.Errorf("comparison of 1 and 2 has %d changes; want 5: %+v", len(changes), changes)
		}
		if _, _, _, err := f.svc.ComparePlan(f.ctx, pro, c.ID, 1, 9); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("ComparePlan with an unknown version = %v; want not found", err)
		}

		// Cleared: the open task is done. Set again to that date: no new
		// task, that evaluation was done. A new date: a new task.
		cleared := copyPlan(v3)
		cleared.EvaluationDate = time.Time{}
		v4, err := f.svc.SavePlan(f.ctx, pro, c.ID, 3, cleared)
		if err != nil {
			t.Fatal(err)
		}
		ts = f.evaluationTasks(t, c.ID)
		if len(ts) != 1 || ts[0].Open() || ts[0].DoneBy != pro.UserID {
			t.Fatalf("after clearing the date: %+v; want the one task, done", ts)
		}
		again := copyPlan(v4)
		again.EvaluationDate = day(2026, 7, 1)
		v5, err := f.svc.SavePlan(f.ctx, pro, c.ID, 4, again)
		if err != nil {
			t.Fatal(err)
		}
		if ts = f.evaluationTasks(t, c.ID); len(ts) != 1 {
			t.Errorf("an evaluation on a date evaluated already made a task: %+v", ts)
		}
		next := copyPlan(v5)
		next.EvaluationDate = day(2026, 10, 1)
		v6, err := f.svc.SavePlan(f.ctx, pro, c.ID, 5, next)
		if err != nil {
			t.Fatal(err)
		}
		ts = f.evaluationTasks(t, c.ID)
		if len(ts) != 2 || !ts[0].Open() || !ts[0].Due.Equal(wijkregie.EndOfDay(day(2026, 10, 1))) || ts[0].UserID != pro.UserID {
			t.Errorf("after a new date: %+v; want a new open task due 1 October", ts)
		}

		// Once the evaluation date has passed it may stand unchanged; a
		// changed one must lie ahead, and never before the meeting.
		f.clock.Set(time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC))
		keep := copyPlan(v6)
		keep.Note = "Na de evaluatiedatum"
		v7, err := f.svc.SavePlan(f.ctx, pro, c.ID, 6, keep)
		if err != nil {
			t.Fatalf("saving with the passed evaluation date unchanged: %v", err)
		}
		moved := copyPlan(v7)
		moved.EvaluationDate = day(2026, 9, 30)
		_, err = f.svc.SavePlan(f.ctx, pro, c.ID, 7, moved)
		wantField(t, err, "evaluatiedatum", "veld.datum_verleden")
		before := copyPlan(v7)
		before.MeetingDate = day(2026, 10, 2)
		_, err = f.svc.SavePlan(f.ctx, pro, c.ID, 7, before)
		wantField(t, err, "evaluatiedatum", "veld.plan.evaluatie_voor_vaststelling")
		if ts = f.evaluationTasks(t, c.ID); len(ts) != 2 || !ts[0].Due.Equal(wijkregie.EndOfDay(day(2026, 10, 1))) {
			t.Errorf("refused saves moved the task: %+v", ts)
		}

		// A partner in the case sees its frame, not the plan; another
		// team's professional does not learn the case exists.
		partner := f.withPartner(t, c)
		rs = f.audited(t, func() {
			if _, err := f.svc.Plan(f.ctx, partner, c.ID); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("partner: Plan = %v; want forbidden", err)
			}
			if _, err := f.svc.PlanVersion(f.ctx, partner, c.ID, 1); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("partner: PlanVersion = %v; want forbidden", err)
			}
			if _, _, _, err := f.svc.ComparePlan(f.ctx, partner, c.ID, 1, 2); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("partner: ComparePlan = %v; want forbidden", err)
			}
		})
		want := []entry{}
		for range 3 {
			want = append(want, rec(partner, "casus.lezen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied))
		}
		if diff := diffEntries(rs, want); diff != "" {
			t.Errorf("partner refused: audit records (-got +want):\n%s", diff)
		}
		if _, err := f.svc.SavePlan(f.ctx, partner, c.ID, 8, copyPlan(v7)); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner: SavePlan = %v; want forbidden", err)
		}
		out := f.outsider(t)
		if _, err := f.svc.Plan(f.ctx, out, c.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("another team: Plan = %v; want not found", err)
		}
		if _, err := f.svc.SavePlan(f.ctx, out, c.ID, 8, copyPlan(v7)); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("another team: SavePlan = %v; want not found", err)
		}
		if _, err := f.svc.CreatePlan(f.ctx, out, c.ID, lightPlan()); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("another team: CreatePlan = %v; want not found", err)
		}
	})
}

// isMessage reports whether err carries the catalogue key.
func isMessage(err error, key string) bool {
	var e *wijkregie.Error
	return errors.As(err, &e) && e.Message == key
}
