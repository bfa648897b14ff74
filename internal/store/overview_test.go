package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// overviewFixture is team Oost with cases in every state the overview
// counts, and team West with one of each, which Oost's numbers must not
// hold.
type overviewFixture struct {
	*caseTeam
	west, westLead, westPro *wijkregie.User
	westTeam                string
	// Oost's cases.
	waitingOld, waitingNew, noPlan, planned, relapse, intensive *wijkregie.Case
	// West's.
	westWaiting, westNoPlan *wijkregie.Case
}

func newOverviewFixture(t *testing.T, s *store.Store, clk *clock) *overviewFixture {
	t.Helper()
	ctx := t.Context()
	ct := newCaseTeam(t, s, "GM0001")
	f := &overviewFixture{caseTeam: ct, westTeam: newTeam(t, s, ct.m, "Wijkteam West").ID}
	f.westLead = newUser(t, s, ct.m, "leadwest@GM0001.example", wijkregie.RoleTeamLead, f.westTeam, "")
	f.westPro = newUser(t, s, ct.m, "west@GM0001.example", wijkregie.RoleProfessional, f.westTeam, "")
	n := 1
	caseOn := func(team string, status wijkregie.CaseStatus, coordinator string, level wijkregie.CaseLevel, opened time.Time) *wijkregie.Case {
		n++
		h := newHousehold(t, s, ct.m, team, "2581AA", n).ID
		clk.Set(opened)
		defer clk.Set(start)
		c := &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: h, TeamID: team, Status: status, Level: level,
			Domains: []string{"financien"}, OpenedBy: ct.lead.ID, CoordinatorID: coordinator}
		mustTx(t, s, func(q *store.Q) error { return q.CreateCase(ctx, c) })
		return c
	}
	recent := func(c *wijkregie.Case) {
		newNote(t, s, c, ct.lead.ID, wijkregie.NoteContact, day(2026, 3, 10), wijkregie.VisibleToTeam)
	}
	days := func(n int) time.Time { return start.AddDate(0, 0, -n) }

	// Waiting for a regisseur: ten and five days.
	f.waitingOld = caseOn(ct.team, wijkregie.CaseRegistered, "", wijkregie.LevelLight, days(10))
	f.waitingNew = caseOn(ct.team, wijkregie.CaseRegistered, "", wijkregie.LevelLight, days(5))
	// In intake without a plan, and two months without contact.
	f.noPlan = caseOn(ct.team, wijkregie.CaseIntake, ct.pro.ID, wijkregie.LevelLight, days(60))
	// A plan, in order.
	f.planned = caseOn(ct.team, wijkregie.CasePlan, ct.pro.ID, wijkregie.LevelLight, days(60))
	newPlanRow(t, s, f.planned, wijkregie.PlanActive)
	recent(f.planned)
	// A relapse: the household's case closed a month ago; its new one
	// has a plan with an action overdue.
	f.relapse = caseOn(ct.team, wijkregie.CaseIntake, ct.pro2.ID, wijkregie.LevelLight, days(200))
	f.relapse.Status, f.relapse.ClosedAt, f.relapse.ClosureReason = wijkregie.CaseClosed, days(30), wijkregie.ClosureMoved
	mustTx(t, s, func(q *store.Q) error { return q.UpdateCase(ctx, f.relapse) })
	clk.Set(days(20))
	f.relapse = &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: f.relapse.HouseholdID, TeamID: ct.team, Status: wijkregie.CaseExecution,
		Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: ct.lead.ID, CoordinatorID: ct.pro2.ID}
	mustTx(t, s, func(q *store.Q) error { return q.CreateCase(ctx, f.relapse) })
	clk.Set(start)
	if f.relapse.RelapseOf == "" {
		t.Fatal("the case is no relapse")
	}
	plan := newPlanRow(t, s, f.relapse, wijkregie.PlanActive)
	g := addGoalRow(t, s, f.relapse, plan, wijkregie.GoalOpen, day(2026, 4, 1))
	addActionRow(t, s, f.relapse, plan, g, wijkregie.ActionStarted, time.Time{}, day(2026, 3, 1))
	recent(f.relapse)
	// The lead's own, intensief, in order.
	f.intensive = caseOn(ct.team, wijkregie.CaseExecution, ct.lead.ID, wijkregie.LevelIntensive, days(30))
	newPlanRow(t, s, f.intensive, wijkregie.PlanActive)
	recent(f.intensive)

	// West: one waiting for its regisseur, one without plan.
	f.westWaiting = caseOn(f.westTeam, wijkregie.CaseRegistered, "", wijkregie.LevelLight, days(90))
	f.westNoPlan = caseOn(f.westTeam, wijkregie.CaseIntake, f.westPro.ID, wijkregie.LevelLight, days(90))

	// Signals: one of Oost's past its triage term, one within it, one
	// past it but triaged; one of West's past it.
	newTeamSignal(t, s, ct.m, f.waitingOld.HouseholdID, ct.team, ct.pro.ID, days(10), wijkregie.SignalNew)
	newTeamSignal(t, s, ct.m, f.waitingNew.HouseholdID, ct.team, ct.pro.ID, days(1), wijkregie.SignalNew)
	newTeamSignal(t, s, ct.m, f.noPlan.HouseholdID, ct.team, ct.pro.ID, days(20), wijkregie.SignalInCase)
	newTeamSignal(t, s, ct.m, f.westWaiting.HouseholdID, f.westTeam, f.westPro.ID, days(20), wijkregie.SignalNew)

	// Evaluation tasks: one overdue; one overdue but suspended; one done
	// late; one still to come; West's overdue one.
	newCaseTask(t, s, f.planned, wijkregie.TaskEvaluation, ct.pro.ID, days(2))
	paused := newCaseTask(t, s, f.relapse, wijkregie.TaskEvaluation, ct.pro2.ID, days(3))
	paused.SuspendedAt = days(4)
	mustTx(t, s, func(q *store.Q) error { return q.UpdateTask(ctx, paused) })
	done := newCaseTask(t, s, f.noPlan, wijkregie.TaskEvaluation, ct.pro.ID, days(5))
	mustTx(t, s, func(q *store.Q) error { return q.CompleteTask(ctx, done, ct.pro.ID) })
	newCaseTask(t, s, f.intensive, wijkregie.TaskEvaluation, ct.lead.ID, start.AddDate(0, 0, 3))
	newCaseTask(t, s, f.westNoPlan, wijkregie.TaskEvaluation, f.westPro.ID, days(1))
	// An overdue task of another kind counts elsewhere.
	newCaseTask(t, s, f.planned, wijkregie.TaskMeldcode, ct.pro.ID, days(1))
	return f
}

// TestTeamCounts: the overview's numbers of a fixture counted by hand,
// each equal to the total of the list it links to in the lead's scope.
func TestTeamCounts(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newOverviewFixture(t, s, clk)
		lead := wijkregie.ActorOf(f.lead)
		got, err := s.R().TeamCounts(ctx, f.m, f.team, policy.Scope(lead), policy.SignalScope(lead), policy.TaskScope(lead))
		if err != nil {
			t.Fatal(err)
		}
		want := store.TeamCounts{
			WithoutCoordinator: 2, // waitingOld, waitingNew
			WithoutPlan:        1, // noPlan (the waiting ones are not past aangemeld)
			Stagnating:         2, // noPlan (no contact for 60 days), relapse (an action overdue)
			Relapses:           1, // relapse
			WaitingList:        2, // waitingOld, waitingNew
			WaitingSince:       onClock(start.AddDate(0, 0, -10)),
			TriageOverdue:      1, // the ten-day-old signal (term: a week)
			EvaluationsOverdue: 1, // planned's; not the suspended, the done or the coming one
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("team counts (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		// Each number is the total of its list.
		for _, c := range []struct {
			name string
			f    store.CaseFilter
			want int
		}{
			{"zonder regisseur", store.CaseFilter{WithoutCoordinator: true}, got.WithoutCoordinator},
			{"zonder plan", store.CaseFilter{WithoutPlan: true}, got.WithoutPlan},
			{"stagnerend", store.CaseFilter{Stagnating: true}, got.Stagnating},
			{"terugval", store.CaseFilter{Relapse: true, Open: true}, got.Relapses},
		} {
			c.f.TeamID = f.team
			_, total, err := s.R().Cases(ctx, f.m, policy.Scope(lead), c.f)
			if err != nil || total != c.want {
				t.Errorf("%s: the list holds %d, %v; the overview says %d", c.name, total, err, c.want)
			}
		}
		_, total, err := s.R().Tasks(ctx, f.m, policy.TaskScope(lead), store.TaskFilter{Kind: wijkregie.TaskEvaluation, OverdueOnly: true})
		if err != nil || total != got.EvaluationsOverdue {
			t.Errorf("overdue evaluations: the list holds %d, %v; the overview says %d", total, err, got.EvaluationsOverdue)
		}

		// West's numbers are West's.
		west := wijkregie.ActorOf(f.westLead)
		got, err = s.R().TeamCounts(ctx, f.m, f.westTeam, policy.Scope(west), policy.SignalScope(west), policy.TaskScope(west))
		want = store.TeamCounts{WithoutCoordinator: 1, WithoutPlan: 1, Stagnating: 2, WaitingList: 1,
			WaitingSince: onClock(start.AddDate(0, 0, -90)), TriageOverdue: 1, EvaluationsOverdue: 1}
		if diff := cmp.Diff(got, want); err != nil || diff != "" {
			t.Errorf("West's counts, %v (-got +want):\n%s", err, diff)
		}
		// Oost's numbers in West's lead's scope hold nothing of Oost.
		got, err = s.R().TeamCounts(ctx, f.m, f.team, policy.Scope(west), policy.SignalScope(west), policy.TaskScope(west))
		if diff := cmp.Diff(got, store.TeamCounts{}); err != nil || diff != "" {
			t.Errorf("Oost's counts in West's scope, %v (-got +want):\n%s", err, diff)
		}
	})
}

// TestCaseFiltersKeepTheScope: every new filter of the case list is
// applied within the reader's scope, and every case it lists is one
// policy.InCaseScope allows.
func TestCaseFiltersKeepTheScope(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newOverviewFixture(t, s, clk)
		// pro is involved with one waiting case and with West's case
		// without plan; with nothing else.
		involve(t, s, f.m, f.waitingNew.HouseholdID, f.pro.ID, wijkregie.InvolvementContributor, start.Add(-time.Hour), time.Time{})
		involve(t, s, f.m, f.westNoPlan.HouseholdID, f.pro.ID, wijkregie.InvolvementContributor, start.Add(-time.Hour), time.Time{})
		caseID := func(c store.CaseSummary) string { return c.ID }
		readers := map[string]*wijkregie.User{"lead": f.lead, "pro": f.pro, "westLead": f.westLead, "westPro": f.westPro}
		for _, c := range []struct {
			name   string
			filter store.CaseFilter
			want   map[string][]string
		}{
			{"zonder regisseur", store.CaseFilter{WithoutCoordinator: true}, map[string][]string{
				"lead": {f.waitingOld.ID, f.waitingNew.ID}, "pro": {f.waitingNew.ID}, "westLead": {f.westWaiting.ID}, "westPro": nil}},
			{"zonder plan", store.CaseFilter{WithoutPlan: true}, map[string][]string{
				"lead": {f.noPlan.ID}, "pro": {f.westNoPlan.ID}, "westLead": {f.westNoPlan.ID}, "westPro": nil}},
			{"stagnerend", store.CaseFilter{Stagnating: true}, map[string][]string{
				"lead": {f.noPlan.ID, f.relapse.ID}, "pro": {f.westNoPlan.ID}, "westLead": {f.westWaiting.ID, f.westNoPlan.ID}, "westPro": nil}},
			{"terugval", store.CaseFilter{Relapse: true}, map[string][]string{
				"lead": {f.relapse.ID}, "pro": nil, "westLead": nil, "westPro": nil}},
			{"zonder plan van Oost", store.CaseFilter{WithoutPlan: true, TeamID: f.team}, map[string][]string{
				"lead": {f.noPlan.ID}, "pro": nil, "westLead": nil, "westPro": nil}},
		} {
			for who, u := range readers {
				actor := wijkregie.ActorOf(u)
				got, total, err := s.R().Cases(ctx, f.m, policy.Scope(actor), c.filter)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(ids(got, caseID), c.want[who], cmpSorted); diff != "" || total != len(c.want[who]) {
					t.Errorf("%s for %s (total %d) (-got +want):\n%s", c.name, who, total, diff)
				}
				for _, cs := range got {
					invs, err := s.R().Involvements(ctx, f.m, cs.HouseholdID)
					if err != nil {
						t.Fatal(err)
					}
					one := cs.Case
					if !policy.InCaseScope(policy.Scope(actor), &policy.CaseSubject{Case: &one, Involvements: invs}, start) {
						t.Errorf("%s lists case %s outside its scope", who, one.ID)
					}
				}
			}
		}
	})
}
