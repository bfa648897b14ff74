package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// newPlanFor is a light plan for a case with one goal and one action,
// saved by by.
func newPlanFor(c *wijkregie.Case, by string) *wijkregie.Plan {
	return &wijkregie.Plan{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Variant: wijkregie.PlanLight, SavedBy: by,
		Worries: []wijkregie.Worry{{Text: "Schulden lopen op", Priority: 1}},
		Goals: []wijkregie.Goal{{ID: wijkregie.NewID(start), Domain: "financien", Description: "Schulden onder controle",
			SuccessCriterion: "Geen nieuwe achterstanden drie maanden lang", TargetDate: day(2026, 9, 1), Owner: wijkregie.OwnerFamily,
			Status: wijkregie.GoalOpen, Actions: []wijkregie.Action{{ID: wijkregie.NewID(start.Add(time.Millisecond)), What: "Aanmelden schuldhulp",
				Who: "Moeder", Due: day(2026, 4, 1), Status: wijkregie.ActionPlanned}}}},
		Note: "Eerste versie"}
}

// TestOneActivePlanPerCase: the partial unique index, not the code,
// refuses a second active plan — also one written directly; a closed
// plan makes room for a new one.
func TestOneActivePlanPerCase(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct, c, _ := caseWithFamily(t, s, "GM0001")
		// The case's has_active_plan, which the lists and the overview
		// count "zonder plan" by, follows every plan write.
		wantWithoutPlan := func(want bool) {
			t.Helper()
			_, n, err := s.R().Cases(ctx, ct.m, wijkregie.HouseholdScope{All: true}, store.CaseFilter{WithoutPlan: true})
			if err != nil || (n == 1) != want {
				t.Errorf("cases without plan: %d, %v; want the case listed: %v", n, err, want)
			}
		}
		wantWithoutPlan(true)
		first := newPlanFor(c, ct.pro.ID)
		mustTx(t, s, func(q *store.Q) error { return q.CreatePlan(ctx, first) })
		wantWithoutPlan(false)
		if first.ID == "" || first.Version != 1 || first.Status != wijkregie.PlanActive || !first.SavedAt.Equal(onClock(start)) {
			t.Errorf("created %+v; want an id, version 1, active, saved now", first)
		}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.CreatePlan(ctx, newPlanFor(c, ct.lead.ID)) }), "fout.plan.bestaat")
		err := tryTx(s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `INSERT INTO plans (municipality_id, id, case_id, status, variant, version, created_at, updated_at)
VALUES ($1, $2, $3, 'actief', 'licht', 1, $4, $4)`, ct.m, wijkregie.NewID(start), c.ID, start)
		})
		if err == nil {
			t.Fatalf("a second active plan written directly was accepted")
		}
		active, err := s.R().ActivePlan(ctx, ct.m, c.ID)
		if err != nil || active.ID != first.ID {
			t.Fatalf("ActivePlan = %+v, %v; want the first", active, err)
		}

		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.ClosePlan(ctx, active) })
		if active.Status != wijkregie.PlanClosed {
			t.Errorf("closed plan has status %s", active.Status)
		}
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.ClosePlan(ctx, active) }), wijkregie.ENOTFOUND)
		wantWithoutPlan(true)
		_, err = s.R().ActivePlan(ctx, ct.m, c.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		latest, err := s.R().LatestPlan(ctx, ct.m, c.ID)
		if err != nil || latest.ID != first.ID || latest.Status != wijkregie.PlanClosed {
			t.Fatalf("LatestPlan after closing = %+v, %v; want the first, closed", latest, err)
		}
		clk.Advance(time.Hour)
		second := newPlanFor(c, ct.pro.ID)
		mustTx(t, s, func(q *store.Q) error { return q.CreatePlan(ctx, second) })
		wantWithoutPlan(false)
		if latest, err := s.R().LatestPlan(ctx, ct.m, c.ID); err != nil || latest.ID != second.ID || latest.Status != wijkregie.PlanActive {
			t.Errorf("LatestPlan = %+v, %v; want the new active plan", latest, err)
		}

		// Not found: no plan, an unknown case, another municipality.
		other := ct.newCaseOn(t, s, newHousehold(t, s, ct.m, ct.team, "2581AB", 2).ID, wijkregie.CaseRegistered, "")
		_, err = s.R().LatestPlan(ctx, ct.m, other.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		newMunicipality(t, s, "GM0002")
		_, err = s.R().ActivePlan(ctx, "GM0002", c.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().PlanVersion(ctx, "GM0002", second.ID, 1)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// planRows reads a plan's goal and action rows as "goal:status" and
// "goal/action:status" lines, in position order.
func planRows(t *testing.T, s *store.Store, m, planID string) (goals, actions []string) {
	t.Helper()
	ctx := t.Context()
	rows, err := store.QueryForTest(ctx, s.R(), `SELECT id, status, domain, target_date FROM plan_goals WHERE municipality_id = $1 AND plan_id = $2
ORDER BY position`, m, planID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, status, domain string
		var target time.Time
		if err := rows.Scan(&id, &status, &domain, &target); err != nil {
			t.Fatal(err)
		}
		goals = append(goals, id+":"+status+":"+domain+":"+target.UTC().Format(time.DateOnly))
	}
	rows.Close()
	rows, err = store.QueryForTest(ctx, s.R(), `SELECT goal_id, id, status, due_date FROM plan_actions WHERE municipality_id = $1 AND plan_id = $2
ORDER BY goal_id, id`, m, planID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var goal, id, status string
		var due time.Time
		if err := rows.Scan(&goal, &id, &status, &due); err != nil {
			t.Fatal(err)
		}
		actions = append(actions, goal+"/"+id+":"+status+":"+due.UTC().Format(time.DateOnly))
	}
	return goals, actions
}

// TestPlanVersions: every save is a version that reads back exactly; a
// save over a stale version writes nothing; the goal and action rows are
// the current version's.
func TestPlanVersions(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct, c, _ := caseWithFamily(t, s, "GM0001")
		org := newOrganisation(t, s, ct.m, "Schuldhulp Oost", wijkregie.OrgSchuldhulp)
		v1 := newPlanFor(c, ct.pro.ID)
		v1.Goals[0].TargetDate = time.Date(2026, 9, 1, 17, 30, 0, 0, time.UTC) // the day counts, not the hour
		mustTx(t, s, func(q *store.Q) error { return q.CreatePlan(ctx, v1) })
		if !v1.Goals[0].TargetDate.Equal(day(2026, 9, 1)) {
			t.Errorf("target date kept as %v; want the calendar day", v1.Goals[0].TargetDate)
		}
		saved1 := *v1
		saved1.Worries = append([]wijkregie.Worry(nil), v1.Worries...)
		saved1.Goals = cloneGoals(v1.Goals)

		// Version 2: the full variant, every field set, a goal more, the
		// first goal's action done and a second one.
		clk.Advance(time.Hour)
		v2 := *v1
		v2.Goals = cloneGoals(v1.Goals)
		v2.Variant, v2.GoingWell, v2.OwnStrength, v2.SupportNeeded = wijkregie.PlanFull, "Moeder werkt", "Oma past op", "Budgetcoach"
		v2.Worries = []wijkregie.Worry{{Text: "Schulden", Priority: 1}, {Text: "Schoolverzuim", Priority: 2}}
		v2.MeetingDate, v2.Participants = day(2026, 3, 13), "Moeder, oma, regisseur"
		v2.AgreedOn, v2.AgreedHow, v2.EvaluationDate = day(2026, 3, 13), wijkregie.AgreedInWrite, day(2026, 6, 1)
		v2.Goals[0].Actions[0].Status = wijkregie.ActionDone
		v2.Goals[0].Actions = append(v2.Goals[0].Actions, wijkregie.Action{ID: wijkregie.NewID(start.Add(2 * time.Millisecond)),
			What: "Budgetcursus", Who: "Budgetcoach", Start: day(2026, 4, 1), Due: day(2026, 5, 1), Status: wijkregie.ActionStarted})
		v2.Goals = append(v2.Goals, wijkregie.Goal{ID: wijkregie.NewID(start.Add(3 * time.Millisecond)), Domain: "werk-opleiding",
			Description: "Naar school", SuccessCriterion: "Vier weken zonder verzuim", TargetDate: day(2026, 7, 1),
			Owner: wijkregie.OwnerPartner, OrganisationID: org.ID, Status: wijkregie.GoalOpen}) // no actions yet
		v2.SavedBy, v2.Note = ct.lead.ID, ""
		mustTx(t, s, func(q *store.Q) error { return q.SavePlanVersion(ctx, &v2, 1) })
		if v2.Version != 2 || !v2.SavedAt.Equal(onClock(clk.Now())) {
			t.Errorf("saved version %d at %v; want 2, now", v2.Version, v2.SavedAt)
		}

		// A save over version 1 now is stale: a conflict, and nothing of
		// it is written.
		clk.Advance(time.Hour)
		stale := *v1
		stale.Goals = cloneGoals(v1.Goals)
		stale.Goals[0].Status = wijkregie.GoalMet
		stale.GoingWell = "Verloren tekst"
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.SavePlanVersion(ctx, &stale, 1) }), "fout.plan.gewijzigd")
		unknown := stale
		unknown.ID = wijkregie.NewID(start)
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.SavePlanVersion(ctx, &unknown, 1) }), wijkregie.ENOTFOUND)

		got, err := s.R().ActivePlan(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, &v2); diff != "" {
			t.Errorf("ActivePlan after the stale save (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		old, err := s.R().PlanVersion(ctx, ct.m, v1.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(old, &saved1); diff != "" {
			t.Errorf("PlanVersion 1 (-got +want):\n%s", diff)
		}
		if old.Agreed() || !old.MeetingDate.IsZero() || !old.EvaluationDate.IsZero() || old.GoingWell != "" {
			t.Errorf("version 1's empty optional fields read back set: %+v", old)
		}
		_, err = s.R().PlanVersion(ctx, ct.m, v1.ID, 3)
		wantCode(t, err, wijkregie.ENOTFOUND)
		vs, err := s.R().PlanVersions(ctx, ct.m, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantVs := []store.PlanVersionInfo{
			{Version: 2, SavedAt: onClock(start.Add(time.Hour)), SavedBy: ct.lead.ID, Note: ""},
			{Version: 1, SavedAt: onClock(start), SavedBy: ct.pro.ID, Note: "Eerste versie"},
		}
		if diff := cmp.Diff(vs, wantVs); diff != "" {
			t.Errorf("PlanVersions (-got +want):\n%s", diff)
		}

		// The rows hold the current version: both goals, both actions.
		g0, g1 := v2.Goals[0], v2.Goals[1]
		goals, actions := planRows(t, s, ct.m, v1.ID)
		wantGoals := []string{g0.ID + ":open:financien:2026-09-01", g1.ID + ":open:werk-opleiding:2026-07-01"}
		wantActions := []string{g0.ID + "/" + g0.Actions[0].ID + ":gereed:2026-04-01", g0.ID + "/" + g0.Actions[1].ID + ":gestart:2026-05-01"}
		if diff := cmp.Diff(goals, wantGoals); diff != "" {
			t.Errorf("goal rows (-got +want):\n%s", diff)
		}
		if diff := cmp.Diff(actions, wantActions); diff != "" {
			t.Errorf("action rows (-got +want):\n%s", diff)
		}

		// Version 3 drops the first goal and its actions: so do the rows.
		v3 := v2
		v3.Goals = cloneGoals(v2.Goals[1:])
		v3.Goals[0].Status = wijkregie.GoalPartlyMet
		mustTx(t, s, func(q *store.Q) error { return q.SavePlanVersion(ctx, &v3, 2) })
		goals, actions = planRows(t, s, ct.m, v1.ID)
		if diff := cmp.Diff(goals, []string{g1.ID + ":deels-bereikt:werk-opleiding:2026-07-01"}); diff != "" || len(actions) != 0 {
			t.Errorf("rows after version 3: goals (-got +want):\n%s\nactions %v; want none", diff, actions)
		}
		if got, err := s.R().PlanVersion(ctx, ct.m, v1.ID, 2); err != nil || len(got.Goals) != 2 {
			t.Errorf("version 2 after version 3: %+v, %v; want it unchanged", got, err)
		}
	})
}

func cloneGoals(gs []wijkregie.Goal) []wijkregie.Goal {
	out := make([]wijkregie.Goal, len(gs))
	for i, g := range gs {
		g.Actions = append([]wijkregie.Action(nil), g.Actions...)
		out[i] = g
	}
	return out
}
