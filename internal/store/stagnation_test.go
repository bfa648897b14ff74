package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The plan's rows that stagnation reads are written here as the plan
// store writes its current version (plans, plan_goals, plan_actions, and
// the case's plan_due through RefreshPlanDue), so these tests do not hang
// on how a plan is edited.

// newPlanRow writes a plan of a case in status st and returns its id.
func newPlanRow(t *testing.T, s *store.Store, c *wijkregie.Case, st wijkregie.PlanStatus) string {
	t.Helper()
	id := wijkregie.NewID(start)
	mustTx(t, s, func(q *store.Q) error {
		if err := store.ExecForTest(t.Context(), q, `INSERT INTO plans (municipality_id, id, case_id, status, variant, version, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'licht', 1, $5, $5)`, c.MunicipalityID, id, c.ID, st, start.UTC()); err != nil {
			return err
		}
		return q.RefreshPlanDue(t.Context(), c.MunicipalityID, c.ID)
	})
	return id
}

// addGoalRow writes a goal of a plan and returns its id.
func addGoalRow(t *testing.T, s *store.Store, c *wijkregie.Case, plan string, st wijkregie.GoalStatus, target time.Time) string {
	t.Helper()
	id := wijkregie.NewID(start)
	mustTx(t, s, func(q *store.Q) error {
		if err := store.ExecForTest(t.Context(), q, `INSERT INTO plan_goals (municipality_id, plan_id, id, case_id, position, domain, owner, status, target_date)
VALUES ($1, $2, $3, $4, 1, 'financien', 'gezin', $5, $6)`, c.MunicipalityID, plan, id, c.ID, st, target); err != nil {
			return err
		}
		return q.RefreshPlanDue(t.Context(), c.MunicipalityID, c.ID)
	})
	return id
}

// addActionRow writes an action under a goal; a zero start is none.
func addActionRow(t *testing.T, s *store.Store, c *wijkregie.Case, plan, goal string, st wijkregie.ActionStatus, startDay, due time.Time) {
	t.Helper()
	var from any
	if !startDay.IsZero() {
		from = startDay
	}
	mustTx(t, s, func(q *store.Q) error {
		if err := store.ExecForTest(t.Context(), q, `INSERT INTO plan_actions (municipality_id, plan_id, goal_id, id, case_id, start_date, due_date, status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.MunicipalityID, plan, goal, wijkregie.NewID(start), c.ID, from, due, st); err != nil {
			return err
		}
		return q.RefreshPlanDue(t.Context(), c.MunicipalityID, c.ID)
	})
}

// stagnationFixture is a team's cases, each showing one sign of
// stagnation or none, on the fake clock's today (14 March 2026, with the
// default six weeks without contact: a contact before 31 January is too
// long ago).
type stagnationFixture struct {
	*caseTeam
	fine, overdue, goal, help, silent, never, closed *wijkregie.Case
}

func newStagnationFixture(t *testing.T, s *store.Store, clk *clock) *stagnationFixture {
	t.Helper()
	ct := newCaseTeam(t, s, "GM0001")
	f := &stagnationFixture{caseTeam: ct}
	yesterday, tomorrow := day(2026, 3, 13), day(2026, 3, 15)
	n := 1
	caseOn := func(status wijkregie.CaseStatus, opened time.Time) *wijkregie.Case {
		n++
		h := newHousehold(t, s, ct.m, ct.team, "2581AA", n).ID
		clk.Set(opened)
		defer clk.Set(start)
		return ct.newCaseOn(t, s, h, status, ct.pro.ID)
	}
	contact := func(c *wijkregie.Case, d time.Time) {
		newNote(t, s, c, ct.pro.ID, wijkregie.NoteContact, d, wijkregie.VisibleToTeam)
	}
	longAgo := start.AddDate(0, -3, 0)

	// Fine, though it has everything that must not count: a done action
	// and a reached goal past their dates, a planned action left under a
	// goal given up, a planned action starting today, an old plan's
	// overdue rows, and a contact on the last day that is recent enough.
	f.fine = caseOn(wijkregie.CaseExecution, longAgo)
	old := newPlanRow(t, s, f.fine, wijkregie.PlanClosed)
	g := addGoalRow(t, s, f.fine, old, wijkregie.GoalOpen, yesterday)
	addActionRow(t, s, f.fine, old, g, wijkregie.ActionPlanned, yesterday, yesterday)
	plan := newPlanRow(t, s, f.fine, wijkregie.PlanActive)
	g = addGoalRow(t, s, f.fine, plan, wijkregie.GoalMet, yesterday)
	addActionRow(t, s, f.fine, plan, g, wijkregie.ActionDone, time.Time{}, yesterday)
	g = addGoalRow(t, s, f.fine, plan, wijkregie.GoalNotMet, yesterday)
	addActionRow(t, s, f.fine, plan, g, wijkregie.ActionPlanned, yesterday, yesterday)
	g = addGoalRow(t, s, f.fine, plan, wijkregie.GoalOpen, day(2026, 3, 14))
	addActionRow(t, s, f.fine, plan, g, wijkregie.ActionPlanned, day(2026, 3, 14), tomorrow)
	addActionRow(t, s, f.fine, plan, g, wijkregie.ActionStarted, yesterday, day(2026, 3, 14))
	contact(f.fine, day(2026, 1, 31))

	// Two actions past due, not done.
	f.overdue = caseOn(wijkregie.CaseExecution, longAgo)
	plan = newPlanRow(t, s, f.overdue, wijkregie.PlanActive)
	g = addGoalRow(t, s, f.overdue, plan, wijkregie.GoalOpen, tomorrow)
	addActionRow(t, s, f.overdue, plan, g, wijkregie.ActionStarted, time.Time{}, yesterday)
	addActionRow(t, s, f.overdue, plan, g, wijkregie.ActionStarted, time.Time{}, day(2026, 2, 1))
	contact(f.overdue, yesterday)

	// An open goal past its target date.
	f.goal = caseOn(wijkregie.CasePlan, longAgo)
	plan = newPlanRow(t, s, f.goal, wijkregie.PlanActive)
	addGoalRow(t, s, f.goal, plan, wijkregie.GoalOpen, yesterday)
	contact(f.goal, yesterday)

	// Agreed help that should have started yesterday (due later).
	f.help = caseOn(wijkregie.CaseExecution, longAgo)
	plan = newPlanRow(t, s, f.help, wijkregie.PlanActive)
	g = addGoalRow(t, s, f.help, plan, wijkregie.GoalOpen, tomorrow)
	addActionRow(t, s, f.help, plan, g, wijkregie.ActionPlanned, yesterday, tomorrow)
	contact(f.help, yesterday)

	// The last contact a day too long ago.
	f.silent = caseOn(wijkregie.CaseIntake, longAgo)
	contact(f.silent, day(2026, 1, 30))

	// Never in contact, opened seven weeks ago.
	f.never = caseOn(wijkregie.CaseIntake, start.AddDate(0, 0, -49))
	// Opened five weeks ago without contact: not yet.
	caseOn(wijkregie.CaseIntake, start.AddDate(0, 0, -35))

	// A closed case stagnates no more, whatever it held.
	f.closed = caseOn(wijkregie.CaseExecution, longAgo)
	plan = newPlanRow(t, s, f.closed, wijkregie.PlanClosed)
	addGoalRow(t, s, f.closed, plan, wijkregie.GoalOpen, yesterday)
	f.closed.Status, f.closed.ClosedAt, f.closed.ClosureReason = wijkregie.CaseClosed, start, wijkregie.ClosureMoved
	mustTx(t, s, func(q *store.Q) error { return q.UpdateCase(t.Context(), f.closed) })
	return f
}

// TestStagnationSigns: each of the four signs is flagged, each only
// when it holds, and a closed case shows none.
func TestStagnationSigns(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newStagnationFixture(t, s, clk)
		cases := []*wijkregie.Case{f.fine, f.overdue, f.goal, f.help, f.silent, f.never, f.closed}
		var caseIDs []string
		for _, c := range cases {
			caseIDs = append(caseIDs, c.ID)
		}
		got, err := s.R().Stagnation(ctx, f.m, caseIDs)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]store.Stagnation{
			f.fine.ID:    {HasPlan: true, LastContact: day(2026, 1, 31)},
			f.overdue.ID: {HasPlan: true, OverdueActions: 2, LastContact: day(2026, 3, 13)},
			f.goal.ID:    {HasPlan: true, GoalsPastTarget: 1, LastContact: day(2026, 3, 13)},
			f.help.ID:    {HasPlan: true, HelpNotStarted: 1, LastContact: day(2026, 3, 13)},
			f.silent.ID:  {NoContact: true, LastContact: day(2026, 1, 30)},
			f.never.ID:   {NoContact: true},
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("stagnation (-got +want):\n%s", diff)
		}
		for id, st := range got {
			if st.Any() != (id != f.fine.ID) {
				t.Errorf("case %s: Any() = %v", id, st.Any())
			}
		}
		wantUTC(t, got[f.silent.ID])

		// A longer stretch without contact clears the silent case.
		mustTx(t, s, func(q *store.Q) error {
			set := wijkregie.DefaultSettings(f.m)
			set.NoContactWeeks = 8
			return q.SaveSettings(ctx, &set)
		})
		got, err = s.R().Stagnation(ctx, f.m, []string{f.silent.ID, f.never.ID})
		if err != nil || got[f.silent.ID].NoContact || got[f.never.ID].NoContact {
			t.Errorf("at eight weeks: %+v, %v; want no case without contact", got, err)
		}
	})
}

// TestStagnatingCases: the case list's filter holds the same cases as the
// signs, within the reader's scope.
func TestStagnatingCases(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newStagnationFixture(t, s, clk)
		caseID := func(c store.CaseSummary) string { return c.ID }
		lead := policy.Scope(wijkregie.ActorOf(f.lead))
		got, total, err := s.R().Cases(ctx, f.m, lead, store.CaseFilter{Stagnating: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{f.overdue.ID, f.goal.ID, f.help.ID, f.silent.ID, f.never.ID}
		if diff := cmp.Diff(ids(got, caseID), want, cmpSorted); diff != "" || total != len(want) {
			t.Errorf("stagnating cases (total %d) (-got +want):\n%s", total, diff)
		}
		// A colleague involved with one of them sees that one only.
		involve(t, s, f.m, f.goal.HouseholdID, f.pro2.ID, wijkregie.InvolvementContributor, start.Add(-time.Hour), time.Time{})
		got, total, err = s.R().Cases(ctx, f.m, policy.Scope(wijkregie.ActorOf(f.pro2)), store.CaseFilter{Stagnating: true})
		if err != nil || total != 1 || len(got) != 1 || got[0].ID != f.goal.ID {
			t.Errorf("pro2's stagnating cases: %v (total %d), %v; want only %s", ids(got, caseID), total, err, f.goal.ID)
		}
	})
}

// cmpSorted compares string slices as sets; nil is the empty set.
var cmpSorted = cmp.Transformer("sorted", func(xs []string) []string {
	out := append([]string{}, xs...)
	slices.Sort(out)
	return out
})
