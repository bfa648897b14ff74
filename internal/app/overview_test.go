package app_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// proefTeam is a team of its own in the demo municipality, whose numbers
// are counted by hand: a lead, three professionals (one without cases)
// and one who left, and cases in the states the overview counts.
type proefTeam struct {
	team                       *wijkregie.Team
	lead, p1, p2, p3, gone     *wijkregie.User
	waiting, noPlan, fine, bad *wijkregie.Case
	leadsOwn                   *wijkregie.Case
}

func newProefTeam(t *testing.T, f *fixture) *proefTeam {
	t.Helper()
	ctx, m := f.ctx, demo.MunicipalityID
	p := &proefTeam{team: &wijkregie.Team{MunicipalityID: m, Name: "Wijkteam Proef"}}
	tx := func(fn func(q *store.Q) error) {
		t.Helper()
		if err := f.s.Tx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	tx(func(q *store.Q) error { return q.CreateTeam(ctx, p.team) })
	user := func(mailbox string, role wijkregie.Role) *wijkregie.User {
		u := &wijkregie.User{MunicipalityID: m, Email: mailbox + "@proef.example", Name: mailbox, Role: role, TeamID: p.team.ID}
		tx(func(q *store.Q) error { return q.CreateUser(ctx, u, "x") })
		return u
	}
	p.lead, p.p1, p.p2, p.p3, p.gone = user("lead", wijkregie.RoleTeamLead), user("p1", wijkregie.RoleProfessional),
		user("p2", wijkregie.RoleProfessional), user("p3", wijkregie.RoleProfessional), user("weg", wijkregie.RoleProfessional)
	p.gone.Active = false
	tx(func(q *store.Q) error { return q.UpdateUser(ctx, p.gone) })

	// A case opened at opened, its regisseur involved with the family as
	// assigning makes them.
	caseOf := func(status wijkregie.CaseStatus, level wijkregie.CaseLevel, coordinator *wijkregie.User, opened time.Time) *wijkregie.Case {
		h, _ := f.newHousehold(t, p.team.ID)
		f.clock.Set(opened)
		defer f.clock.Set(start)
		c := &wijkregie.Case{MunicipalityID: m, HouseholdID: h.ID, TeamID: p.team.ID, Status: status, Level: level,
			Domains: []string{"financien"}, OpenedBy: p.lead.ID}
		tx(func(q *store.Q) error {
			if coordinator != nil {
				c.CoordinatorID = coordinator.ID
				if err := q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: m, HouseholdID: h.ID, UserID: coordinator.ID,
					Kind: wijkregie.InvolvementCoordinator}); err != nil {
					return err
				}
			}
			return q.CreateCase(ctx, c)
		})
		return c
	}
	plan := func(c *wijkregie.Case, overdue bool) {
		plan, goal := wijkregie.NewID(start), wijkregie.NewID(start)
		tx(func(q *store.Q) error {
			if err := store.ExecForTest(ctx, q, `INSERT INTO plans (municipality_id, id, case_id, status, variant, version, created_at, updated_at)
VALUES ($1, $2, $3, 'actief', 'licht', 1, $4, $4)`, m, plan, c.ID, start); err != nil {
				return err
			}
			if err := store.ExecForTest(ctx, q, `INSERT INTO plan_goals (municipality_id, plan_id, id, case_id, position, domain, owner, status, target_date)
VALUES ($1, $2, $3, $4, 1, 'financien', 'gezin', 'open', $5)`, m, plan, goal, c.ID, start.AddDate(0, 2, 0)); err != nil {
				return err
			}
			if overdue {
				if err := store.ExecForTest(ctx, q, `INSERT INTO plan_actions (municipality_id, plan_id, goal_id, id, case_id, due_date, status)
VALUES ($1, $2, $3, $4, $5, $6, 'gestart')`, m, plan, goal, wijkregie.NewID(start), c.ID, start.AddDate(0, 0, -7)); err != nil {
					return err
				}
			}
			// As the plan store does with every write of a plan's rows.
			return q.RefreshPlanDue(ctx, m, c.ID)
		})
	}
	day := 24 * time.Hour
	p.waiting = caseOf(wijkregie.CaseRegistered, wijkregie.LevelLight, nil, start.Add(-3*day))
	p.noPlan = caseOf(wijkregie.CaseIntake, wijkregie.LevelLight, p.p1, start.Add(-day))
	p.fine = caseOf(wijkregie.CaseExecution, wijkregie.LevelIntensive, p.p2, start.Add(-day))
	plan(p.fine, false)
	p.bad = caseOf(wijkregie.CaseExecution, wijkregie.LevelSafety, p.p2, start.Add(-10*day))
	plan(p.bad, true)
	// Opened two months ago, never in contact.
	p.leadsOwn = caseOf(wijkregie.CasePlan, wijkregie.LevelLight, p.lead, start.Add(-60*day))
	plan(p.leadsOwn, false)

	// The fine case's evaluation is a day late.
	tx(func(q *store.Q) error {
		return q.CreateTask(ctx, &wijkregie.Task{MunicipalityID: m, Kind: wijkregie.TaskEvaluation, CaseID: p.fine.ID, TeamID: p.team.ID,
			UserID: p.p2.ID, Due: start.Add(-day)})
	})
	return p
}

// TestTeamOverview: the numbers of a team counted by hand, each equal to
// the list it links to; the overview is the team's lead's, nobody else's.
func TestTeamOverview(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := newProefTeam(t, f)
		lead := wijkregie.ActorOf(p.lead)
		// Three signals on the waiting family: one came in ten days ago
		// and is past its triage term, one today, and one ten days ago
		// whose term was suspended before it ran out: a suspended term
		// does not run out, in the count nor in the queue.
		var suspended string
		for i, ago := range []time.Duration{10 * 24 * time.Hour, 0, 10 * 24 * time.Hour} {
			sig := &wijkregie.Signal{Kind: wijkregie.SignalCareReport, HouseholdID: p.waiting.HouseholdID, SourceKind: wijkregie.SourceSchool,
				Domains: []string{"financien"}, Description: "Zorgen", Urgency: wijkregie.UrgencyNormal, ReceivedAt: start.Add(-ago)}
			if err := f.svc.CreateSignal(f.ctx, wijkregie.ActorOf(p.p1), sig, nil); err != nil {
				t.Fatal(err)
			}
			if i == 2 {
				task, err := f.s.R().OpenSignalTask(f.ctx, demo.MunicipalityID, sig.ID)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := f.svc.SuspendTask(f.ctx, wijkregie.ActorOf(p.p1), task.ID, task.Version, "Wachten op de melder"); err != nil {
					t.Fatal(err)
				}
				suspended = sig.ID
			}
		}

		var o *app.Overview
		events := f.audited(t, func() {
			var err error
			if o, err = f.svc.TeamOverview(f.ctx, lead, p.team.ID); err != nil {
				t.Fatal(err)
			}
		})
		want := &app.Overview{Team: o.Team, WithoutCoordinator: 1, WithoutPlan: 1, TriageOverdue: 1, EvaluationsOverdue: 1,
			Stagnating: 2, // bad (an action a week late), leadsOwn (two months without contact)
			Caseload: []app.CaseloadRow{
				{User: p.lead, Cases: 1, Weighted: 1},
				{User: p.p1, Cases: 1, Weighted: 1},
				{User: p.p2, Cases: 2, Weighted: 2 + 3},
				{User: p.p3},
			},
			WaitingList: 1, WaitingSince: p.waiting.OpenedAt}
		if diff := cmp.Diff(o, want, cmp.Comparer(func(a, b *wijkregie.User) bool { return a.ID == b.ID })); diff != "" {
			t.Errorf("overview (-got +want):\n%s", diff)
		}
		if o.Team.ID != p.team.ID {
			t.Errorf("overview of team %s; want %s", o.Team.ID, p.team.ID)
		}
		// No family is named: one record of the overview, none of a household.
		if diff := diffEntries(events, []entry{rec(lead, "overzicht.bekijken", "team", p.team.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}

		// Each number is the total of the list behind it, for the lead.
		for _, c := range []struct {
			f    store.CaseFilter
			want int
		}{
			{store.CaseFilter{WithoutCoordinator: true}, o.WithoutCoordinator},
			{store.CaseFilter{WithoutPlan: true}, o.WithoutPlan},
			{store.CaseFilter{Stagnating: true}, o.Stagnating},
			{store.CaseFilter{Relapse: true, Open: true}, o.Relapses},
		} {
			c.f.TeamID = p.team.ID
			if _, total, err := f.svc.Cases(f.ctx, lead, c.f); err != nil || total != c.want {
				t.Errorf("cases %+v: %d, %v; the overview says %d", c.f, total, err, c.want)
			}
		}
		if _, total, err := f.svc.Tasks(f.ctx, lead, app.TaskFilter{Kind: wijkregie.TaskEvaluation, OverdueOnly: true}); err != nil || total != o.EvaluationsOverdue {
			t.Errorf("overdue evaluations: %d, %v; the overview says %d", total, err, o.EvaluationsOverdue)
		}
		queue, _, err := f.svc.TriageQueue(f.ctx, lead, store.Page{})
		overdue, paused := 0, 0
		for _, q := range queue {
			if q.Overdue {
				overdue++
			}
			if q.Suspended != (q.ID == suspended) || q.Suspended && q.Overdue {
				t.Errorf("queue item %s: suspended %t, overdue %t; want only %s suspended, and not overdue", q.ID, q.Suspended, q.Overdue, suspended)
			}
			if q.Suspended {
				paused++
			}
		}
		if err != nil || overdue != o.TriageOverdue || paused != 1 {
			t.Errorf("triage queue: %d overdue, %d suspended, %v; the overview says %d overdue, want 1 suspended", overdue, paused, err, o.TriageOverdue)
		}

		// Refused to a professional of the team, to another team's lead,
		// and to the lead for another team.
		for _, c := range []struct {
			who  wijkregie.Actor
			team string
		}{
			{wijkregie.ActorOf(p.p1), p.team.ID},
			{f.actor(wijkregie.RoleTeamLead), p.team.ID},
			{lead, f.users[wijkregie.RoleTeamLead].TeamID},
		} {
			var err error
			rs := f.audited(t, func() { _, err = f.svc.TeamOverview(f.ctx, c.who, c.team) })
			if code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s (%s) reads the overview of %s: %v; want forbidden", c.who.UserID, c.who.Role, c.team, err)
			}
			// A lead refused another team's overview is recorded; a
			// professional's role allows no overview at all.
			var want []entry
			if c.who.Role == wijkregie.RoleTeamLead {
				want = []entry{rec(c.who, "overzicht.bekijken", "team", c.team, "", app.PurposeTask, wijkregie.AuditDenied)}
			}
			if diff := diffEntries(rs, want); diff != "" {
				t.Errorf("refused overview: audit (-got +want):\n%s", diff)
			}
		}
	})
}

// TestWorkList: the regisseur's open cases, stagnating first, each with
// its signs and whether it has a plan; audited like the case list.
func TestWorkList(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := newProefTeam(t, f)
		p2 := wijkregie.ActorOf(p.p2)
		var items []app.WorkItem
		events := f.audited(t, func() {
			var err error
			if items, _, err = f.svc.WorkList(f.ctx, p2, store.Page{}); err != nil {
				t.Fatal(err)
			}
		})
		type row struct {
			ID         string
			Stagnation app.Stagnation
			HasPlan    bool
		}
		var got []row
		for _, it := range items {
			got = append(got, row{it.ID, it.Stagnation, it.HasPlan})
		}
		want := []row{{p.bad.ID, app.Stagnation{OverdueActions: 1, HasPlan: true}, true}, {p.fine.ID, app.Stagnation{HasPlan: true}, true}}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("p2's work list (-got +want):\n%s", diff)
		}
		wantEvents := []entry{
			rec(p2, string(policy.ListCases), "casus", "", "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(p2, string(policy.ViewCase), "casus", p.bad.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(p2, string(policy.ViewCase), "casus", p.fine.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(events, wantEvents); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		// A page of one holds the stagnating case, though the other opened
		// later: the order is the SQL's, not a sort of what one page holds.
		if first, total, err := f.svc.WorkList(f.ctx, p2, store.Page{Limit: 1}); err != nil || total != 2 || len(first) != 1 || first[0].ID != p.bad.ID {
			t.Errorf("p2's work list, a page of one: %d of %d, %v; want the stagnating case of 2", len(first), total, err)
		}

		// The lead's own case shows two months without contact.
		items, _, err := f.svc.WorkList(f.ctx, wijkregie.ActorOf(p.lead), store.Page{})
		if err != nil || len(items) != 1 || !items[0].Stagnation.NoContact || !items[0].Stagnation.LastContact.IsZero() {
			t.Errorf("the lead's work list: %+v, %v; want their case without contact", items, err)
		}
		// A contact note clears it.
		note := &wijkregie.Note{Kind: wijkregie.NoteContact, Mode: wijkregie.ContactPhone, Date: start, Text: "Gebeld met vader",
			Visibility: wijkregie.VisibleToTeam}
		if _, err := f.svc.AddNote(f.ctx, wijkregie.ActorOf(p.lead), p.leadsOwn.ID, note); err != nil {
			t.Fatal(err)
		}
		items, _, err = f.svc.WorkList(f.ctx, wijkregie.ActorOf(p.lead), store.Page{})
		if err != nil || len(items) != 1 || items[0].Stagnation.Any() || !items[0].Stagnation.LastContact.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("after a contact: %+v, %v; want no sign, last contact today", items, err)
		}
		// p3 is regisseur of nothing; p1 of a case without a plan.
		if items, _, err := f.svc.WorkList(f.ctx, wijkregie.ActorOf(p.p3), store.Page{}); err != nil || len(items) != 0 {
			t.Errorf("p3's work list: %+v, %v; want none", items, err)
		}
		if items, _, err := f.svc.WorkList(f.ctx, wijkregie.ActorOf(p.p1), store.Page{}); err != nil || len(items) != 1 || items[0].HasPlan {
			t.Errorf("p1's work list: %+v, %v; want one case without plan", items, err)
		}
	})
}

// TestMyWork: Mijn taken reads the task list and the work list as Tasks
// and WorkList do, and audits both; without a work list only the tasks.
func TestMyWork(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := newProefTeam(t, f)
		p2 := wijkregie.ActorOf(p.p2)
		var tasks []app.TaskItem
		var cases []app.WorkItem
		var tasksTotal, casesTotal int
		separate := f.audited(t, func() {
			var err error
			if tasks, tasksTotal, err = f.svc.Tasks(f.ctx, p2, app.TaskFilter{}); err != nil {
				t.Fatal(err)
			}
			if cases, casesTotal, err = f.svc.WorkList(f.ctx, p2, store.Page{Limit: 25}); err != nil {
				t.Fatal(err)
			}
		})
		if len(tasks) == 0 || len(cases) == 0 {
			t.Fatalf("p2 has %d tasks and %d cases; the test needs both", len(tasks), len(cases))
		}
		var mw *app.MyWork
		together := f.audited(t, func() {
			var err error
			if mw, err = f.svc.MyWork(f.ctx, p2, app.TaskFilter{}, 25); err != nil {
				t.Fatal(err)
			}
		})
		if diff := cmp.Diff(mw, &app.MyWork{Tasks: tasks, TasksTotal: tasksTotal, Cases: cases, CasesTotal: casesTotal}); diff != "" {
			t.Errorf("MyWork (-got +want):\n%s", diff)
		}
		if diff := diffEntries(together, separate); diff != "" {
			t.Errorf("MyWork's audit (-got +want):\n%s", diff)
		}
		tasksOnly := f.audited(t, func() {
			var err error
			if mw, err = f.svc.MyWork(f.ctx, p2, app.TaskFilter{}, 0); err != nil {
				t.Fatal(err)
			}
		})
		if mw.Cases != nil || mw.CasesTotal != 0 || len(mw.Tasks) != len(tasks) {
			t.Errorf("MyWork without work list: %d cases (total %d), %d tasks; want none and %d", len(mw.Cases), mw.CasesTotal, len(mw.Tasks), len(tasks))
		}
		if diff := diffEntries(tasksOnly, separate[:len(together)-len(cases)-1]); diff != "" {
			t.Errorf("MyWork without work list, audit (-got +want):\n%s", diff)
		}
		// Refused like Tasks: a partner has no task list.
		if _, err := f.svc.MyWork(f.ctx, f.actor(wijkregie.RolePartner), app.TaskFilter{}, 25); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a partner's MyWork: %v; want forbidden", err)
		}
	})
}
