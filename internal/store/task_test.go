package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// newTeamSignal registers a signal on a household for its team, received
// at received with its deadline a week later, in status st.
func newTeamSignal(t *testing.T, s *store.Store, m, household, team, by string, received time.Time, st wijkregie.SignalStatus) *wijkregie.Signal {
	t.Helper()
	sig := &wijkregie.Signal{MunicipalityID: m, Kind: wijkregie.SignalCareReport, HouseholdID: household, SourceKind: wijkregie.SourceNeighbour,
		Domains: []string{"financien"}, Description: "Zorgen over de huur", Urgency: wijkregie.UrgencyNormal, ReceivedAt: received,
		TriageDeadline: wijkregie.EndOfDay(day(received.Year(), received.Month(), received.Day()+7)), Status: st, TeamID: team, CreatedBy: by}
	mustTx(t, s, func(q *store.Q) error { return q.CreateSignal(t.Context(), sig) })
	return sig
}

// newCaseTask writes an open task of a case for a user (or the team).
func newCaseTask(t *testing.T, s *store.Store, c *wijkregie.Case, kind wijkregie.TaskKind, user string, due time.Time) *wijkregie.Task {
	t.Helper()
	task := &wijkregie.Task{MunicipalityID: c.MunicipalityID, Kind: kind, CaseID: c.ID, TeamID: c.TeamID, UserID: user, Due: due}
	mustTx(t, s, func(q *store.Q) error { return q.CreateTask(t.Context(), task) })
	return task
}

// TestTriageTaskFollowsItsSignal: a signal waiting for its team's triage
// gets the team's legal triage task, due at its deadline, in the same
// transaction; suspending, resuming and extending the term move the
// signal's deadline with it; a stale version changes nothing.
func TestTriageTaskFollowsItsSignal(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		sig := newTeamSignal(t, s, ct.m, ct.household, ct.team, ct.pro.ID, start, wijkregie.SignalNew)
		task, err := s.R().OpenSignalTask(ctx, ct.m, sig.ID)
		if err != nil {
			t.Fatalf("OpenSignalTask: %v", err)
		}
		want := wijkregie.Task{MunicipalityID: ct.m, ID: task.ID, Kind: wijkregie.TaskTriage, SignalID: sig.ID, TeamID: ct.team,
			Due: sig.TriageDeadline, Legal: true, CreatedAt: onClock(start), Version: 1}
		if diff := cmp.Diff(*task, want); diff != "" {
			t.Errorf("the triage task (-got +want):\n%s", diff)
		}
		// A signal decided on already waits for nothing.
		done := newTeamSignal(t, s, ct.m, ct.household, ct.team, ct.pro.ID, start, wijkregie.SignalSimple)
		if _, err := s.R().OpenSignalTask(ctx, ct.m, done.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("a triaged signal's task: %v; want none", err)
		}

		deadline := func() time.Time {
			t.Helper()
			got, err := s.R().Signal(ctx, ct.m, sig.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.TriageDeadline
		}
		change := func(tk *wijkregie.Task, kind wijkregie.TaskEventKind, from time.Time, reason string) error {
			return tryTx(s, func(q *store.Q) error {
				return q.ChangeTaskTerm(ctx, tk, &wijkregie.TaskEvent{Kind: kind, FromDue: from, ToDue: tk.Due, Reason: reason, By: ct.pro.ID})
			})
		}

		// Suspended on the 14th, resumed on the 17th: three days on.
		due := task.Due
		if err := task.Suspend(clk.Now(), "Wachten op gegevens van de huisarts"); err != nil {
			t.Fatal(err)
		}
		if err := change(task, wijkregie.TaskSuspended, due, "Wachten op gegevens van de huisarts"); err != nil {
			t.Fatal(err)
		}
		if got := deadline(); !got.Equal(due) {
			t.Errorf("deadline after suspending = %v; want %v unchanged", got, due)
		}
		stale := *task
		clk.Advance(3 * 24 * time.Hour)
		if err := task.Resume(clk.Now()); err != nil {
			t.Fatal(err)
		}
		if err := change(task, wijkregie.TaskResumed, due, ""); err != nil {
			t.Fatal(err)
		}
		if want := due.AddDate(0, 0, 3); !task.Due.Equal(want) || !deadline().Equal(want) || task.Version != 3 {
			t.Errorf("after resuming: due %v, signal deadline %v, version %d; want both %v, version 3", task.Due, deadline(), task.Version, want)
		}

		// Extended to a later day: the deadline follows to that day's end.
		resumed := task.Due
		clk.Advance(time.Minute)
		to := day(2026, 4, 1)
		if err := task.Extend(to, "Gezin op vakantie"); err != nil {
			t.Fatal(err)
		}
		if err := change(task, wijkregie.TaskExtended, resumed, "Gezin op vakantie"); err != nil {
			t.Fatal(err)
		}
		if want := wijkregie.EndOfDay(to); !deadline().Equal(kept(want)) {
			t.Errorf("deadline after extending = %v; want %v", deadline(), want)
		}

		// A change over a version read before is refused, and moves
		// nothing: not the task, not the signal.
		if err := stale.Resume(clk.Now()); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, change(&stale, wijkregie.TaskResumed, due, ""), "fout.taak.gewijzigd")
		got, err := s.R().Task(ctx, ct.m, task.ID)
		if err != nil || !got.Due.Equal(task.Due) || got.Version != task.Version || !deadline().Equal(kept(wijkregie.EndOfDay(to))) {
			t.Errorf("after a stale change: %+v, %v, deadline %v; want it as extended", got, err, deadline())
		}

		evs, err := s.R().TaskEvents(ctx, ct.m, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range evs {
			kinds = append(kinds, fmt.Sprintf("%s %s→%s %q", e.Kind, e.FromDue.Format(time.DateOnly), e.ToDue.Format(time.DateOnly), e.Reason))
		}
		wantKinds := []string{
			`opgeschort 2026-03-21→2026-03-21 "Wachten op gegevens van de huisarts"`,
			`hervat 2026-03-21→2026-03-24 ""`,
			`verlengd 2026-03-24→2026-04-01 "Gezin op vakantie"`,
		}
		if diff := cmp.Diff(kinds, wantKinds); diff != "" {
			t.Errorf("task events (-got +want):\n%s", diff)
		}
		wantUTC(t, evs)

		// Completing the task (triage does) leaves the signal as it is.
		mustTx(t, s, func(q *store.Q) error { return q.CompleteTask(ctx, task, ct.pro.ID) })
		if _, err := s.R().OpenSignalTask(ctx, ct.m, sig.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("open triage task after completing: %v; want none", err)
		}
	})
}

// TestTermRules: the bad changes of a term, refused by the domain before
// the store is asked.
func TestTermRules(t *testing.T) {
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	running := func() *wijkregie.Task {
		return &wijkregie.Task{Kind: wijkregie.TaskTriage, Due: wijkregie.EndOfDay(day(2026, 3, 20)), Legal: true}
	}
	t.Run("extension without reason", func(t *testing.T) {
		wantFields(t, running().Extend(day(2026, 4, 1), "  "), "reden")
	})
	t.Run("extension to an earlier day", func(t *testing.T) {
		wantFields(t, running().Extend(day(2026, 3, 19), "later"), "nieuweDatum")
		wantFields(t, running().Extend(day(2026, 3, 20), "dezelfde dag"), "nieuweDatum")
	})
	t.Run("resume a running term", func(t *testing.T) {
		wantConflict(t, running().Resume(now), "fout.taak.niet_opgeschort")
	})
	t.Run("suspend twice", func(t *testing.T) {
		tk := running()
		if err := tk.Suspend(now, "wachten"); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, tk.Suspend(now.Add(time.Hour), "nog eens"), "fout.taak.al_opgeschort")
	})
	t.Run("suspend without reason", func(t *testing.T) {
		wantFields(t, running().Suspend(now, ""), "reden")
	})
	t.Run("a suspended term is not overdue", func(t *testing.T) {
		tk := running()
		if err := tk.Suspend(now, "wachten"); err != nil {
			t.Fatal(err)
		}
		if tk.Overdue(now.AddDate(0, 1, 0)) {
			t.Error("a suspended term ran out")
		}
	})
}

// TestBulkSignalsBringTheirTriageTasks: the demo's bulk load gives every
// waiting signal its triage task as CreateSignal does, over several
// statements of either engine, and no task to a triaged one.
func TestBulkSignalsBringTheirTriageTasks(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		var sigs []wijkregie.Signal
		for i := range 300 { // more than one statement on both engines
			st := wijkregie.SignalNew
			if i%3 == 0 {
				st = wijkregie.SignalNoAction
			}
			received := start.Add(-time.Duration(i) * time.Hour)
			sigs = append(sigs, wijkregie.Signal{MunicipalityID: ct.m, Kind: wijkregie.SignalHelpRequest, HouseholdID: ct.household,
				SourceKind: wijkregie.SourceSelf, Domains: []string{"werk-opleiding"}, Description: "Vraag", Urgency: wijkregie.UrgencyNormal,
				ReceivedAt: received, TriageDeadline: received.AddDate(0, 0, 7), Status: st, TeamID: ct.team, CreatedBy: ct.pro.ID,
				CreatedAt: received})
		}
		mustTx(t, s, func(q *store.Q) error { return q.CreateSignals(ctx, sigs) })
		waiting := 0
		for _, sig := range sigs {
			task, err := s.R().OpenSignalTask(ctx, ct.m, sig.ID)
			if sig.Status != wijkregie.SignalNew {
				if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
					t.Fatalf("signal %s (%s) has a task: %v", sig.ID, sig.Status, err)
				}
				continue
			}
			waiting++
			if err != nil {
				t.Fatalf("waiting signal %s: %v", sig.ID, err)
			}
			if !task.Due.Equal(sig.TriageDeadline) || !task.CreatedAt.Equal(sig.CreatedAt) || task.TeamID != ct.team || task.UserID != "" || !task.Legal {
				t.Fatalf("task %+v of signal %+v", task, sig)
			}
		}
		items, total, err := s.R().Tasks(ctx, ct.m, policy.TaskScope(wijkregie.ActorOf(ct.pro)), store.TaskFilter{})
		if err != nil || total != waiting || waiting != 200 || len(items) != store.MaxLimit {
			t.Errorf("the team's tasks: %d of %d, %v; want %d of 200 waiting", len(items), total, err, store.MaxLimit)
		}
	})
}

// TestMyTasks: Mijn taken holds exactly what DecideTask allows, one by
// one: the user's own, the team's unheld ones, for the team lead the
// whole team's; never another team's, nor a colleague's; overdue first,
// then by due moment; each row with its household's address.
func TestMyTasks(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		other := newTeam(t, s, ct.m, "Wijkteam West").ID
		otherPro := newUser(t, s, ct.m, "west@GM0001.example", wijkregie.RoleProfessional, other, "")
		otherLead := newUser(t, s, ct.m, "leadwest@GM0001.example", wijkregie.RoleTeamLead, other, "")
		h2 := newHousehold(t, s, ct.m, ct.team, "2581AB", 2).ID
		h3 := newHousehold(t, s, ct.m, ct.team, "2581AC", 3).ID
		hw := newHousehold(t, s, ct.m, other, "2582AA", 4).ID

		c1 := ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
		c2 := ct.newCaseOn(t, s, h2, wijkregie.CaseIntake, ct.pro2.ID)
		cw := &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: hw, TeamID: other, Status: wijkregie.CaseIntake, Level: wijkregie.LevelLight,
			Domains: []string{"werk-opleiding"}, OpenedBy: otherLead.ID, CoordinatorID: otherPro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.CreateCase(ctx, cw) })

		now := clk.Now()
		late := newCaseTask(t, s, c1, wijkregie.TaskEvaluation, ct.pro.ID, now.Add(-48*time.Hour))
		soon := newCaseTask(t, s, c1, wijkregie.TaskMeldcode, ct.pro.ID, now.Add(24*time.Hour))
		// Past due but suspended: not overdue, so after the overdue ones.
		paused := newCaseTask(t, s, c1, wijkregie.TaskSafety, ct.pro.ID, now.Add(-72*time.Hour))
		paused.SuspendedAt = now.Add(-time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.UpdateTask(ctx, paused) })
		colleagues := newCaseTask(t, s, c2, wijkregie.TaskEvaluation, ct.pro2.ID, now.Add(-96*time.Hour))
		triage := newTeamSignal(t, s, ct.m, h3, ct.team, ct.pro2.ID, now.AddDate(0, 0, -10), wijkregie.SignalNew)
		triageTask, err := s.R().OpenSignalTask(ctx, ct.m, triage.ID)
		if err != nil {
			t.Fatal(err)
		}
		west := newCaseTask(t, s, cw, wijkregie.TaskEvaluation, otherPro.ID, now.Add(-24*time.Hour))
		westTriage := newTeamSignal(t, s, ct.m, hw, other, otherPro.ID, now, wijkregie.SignalNew)
		doneTask := newCaseTask(t, s, c2, wijkregie.TaskMeldcode, ct.pro.ID, now.Add(-24*time.Hour))
		mustTx(t, s, func(q *store.Q) error { return q.CompleteTask(ctx, doneTask, ct.pro.ID) })

		westTriageTask, err := s.R().OpenSignalTask(ctx, ct.m, westTriage.ID)
		if err != nil {
			t.Fatal(err)
		}
		all := []string{late.ID, soon.ID, paused.ID, colleagues.ID, triageTask.ID, west.ID, westTriageTask.ID, doneTask.ID}
		taskID := func(x store.TaskSummary) string { return x.ID }
		list := func(u *wijkregie.User, f store.TaskFilter) ([]string, int) {
			t.Helper()
			got, total, err := s.R().Tasks(ctx, ct.m, policy.TaskScope(wijkregie.ActorOf(u)), f)
			if err != nil {
				t.Fatal(err)
			}
			wantUTC(t, got)
			return ids(got, taskID), total
		}

		for _, c := range []struct {
			who  *wijkregie.User
			f    store.TaskFilter
			want []string
		}{
			// Overdue by how late (the triage term ran out on the 11th),
			// then the suspended one and the one to come.
			{ct.pro, store.TaskFilter{}, []string{triageTask.ID, late.ID, paused.ID, soon.ID}},
			{ct.pro, store.TaskFilter{OverdueOnly: true}, []string{triageTask.ID, late.ID}},
			{ct.pro, store.TaskFilter{Kind: wijkregie.TaskTriage}, []string{triageTask.ID}},
			{ct.pro, store.TaskFilter{Done: true}, []string{doneTask.ID}},
			{ct.pro2, store.TaskFilter{}, []string{colleagues.ID, triageTask.ID}},
			{ct.lead, store.TaskFilter{}, []string{colleagues.ID, triageTask.ID, late.ID, paused.ID, soon.ID}},
			{ct.lead, store.TaskFilter{Kind: wijkregie.TaskEvaluation, OverdueOnly: true}, []string{colleagues.ID, late.ID}},
			{otherPro, store.TaskFilter{}, []string{west.ID, westTriageTask.ID}},
			{otherLead, store.TaskFilter{}, []string{west.ID, westTriageTask.ID}},
			{otherLead, store.TaskFilter{Done: true}, nil},
		} {
			got, total := list(c.who, c.f)
			if diff := cmp.Diff(got, c.want, cmpopts.EquateEmpty()); diff != "" || total != len(c.want) {
				t.Errorf("%s %+v: total %d (-got +want):\n%s", c.who.Email, c.f, total, diff)
			}
		}

		// The list and the single task agree, for every user and task.
		users := []*wijkregie.User{ct.pro, ct.pro2, ct.lead, otherPro, otherLead}
		for _, u := range users {
			open, _ := list(u, store.TaskFilter{})
			done, _ := list(u, store.TaskFilter{Done: true})
			listed := append(open, done...)
			for _, id := range all {
				tk, err := s.R().Task(ctx, ct.m, id)
				if err != nil {
					t.Fatal(err)
				}
				allowed := policy.DecideTask(wijkregie.ActorOf(u), policy.ViewTasks, tk) == nil
				if slices.Contains(listed, id) != allowed {
					t.Errorf("%s and task %s (%s of %s): listed %v, DecideTask allows %v", u.Email, id, tk.Kind, tk.UserID, slices.Contains(listed, id), allowed)
				}
			}
		}

		// Each row names its household: through the case, or the signal.
		got, _, err := s.R().Tasks(ctx, ct.m, policy.TaskScope(wijkregie.ActorOf(ct.pro)), store.TaskFilter{Kind: wijkregie.TaskTriage})
		if err != nil || len(got) != 1 || got[0].HouseholdID != h3 || got[0].Address.Number != 3 || got[0].Address.Postcode != "2581AC" {
			t.Errorf("triage row %+v, %v; want household %s at number 3", got, err, h3)
		}
		got, _, err = s.R().Tasks(ctx, ct.m, policy.TaskScope(wijkregie.ActorOf(ct.pro)), store.TaskFilter{Kind: wijkregie.TaskEvaluation})
		if err != nil || len(got) != 1 || got[0].HouseholdID != ct.household || got[0].Address.Number != 1 {
			t.Errorf("evaluation row %+v, %v; want household %s", got, err, ct.household)
		}
		// Another municipality reads none.
		newMunicipality(t, s, "GM0002")
		if got, total, err := s.R().Tasks(ctx, "GM0002", policy.TaskScope(wijkregie.ActorOf(ct.lead)), store.TaskFilter{}); err != nil || total != 0 || len(got) != 0 {
			t.Errorf("another municipality: %d tasks (total %d), %v", len(got), total, err)
		}
	})
}
