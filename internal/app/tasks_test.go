package app_test

import (
	"errors"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// triageTaskOf registers a signal on a household of the professional's
// team and returns it with its triage task.
func triageTaskOf(t *testing.T, f *fixture, by wijkregie.Actor, personID string) (*wijkregie.Signal, *wijkregie.Task) {
	t.Helper()
	sig := newSignal(personID)
	if err := f.svc.CreateSignal(f.ctx, by, sig, nil); err != nil {
		t.Fatal(err)
	}
	task, err := f.s.R().OpenSignalTask(f.ctx, demo.MunicipalityID, sig.ID)
	if err != nil {
		t.Fatalf("the signal's triage task: %v", err)
	}
	return sig, task
}

// TestTriageTaskTerm walks a triage term: a registered signal brings the
// team's task; it is suspended, resumed and extended with reasons, each
// bad change refused by name, the signal's deadline following every move;
// it cannot be completed by hand, and triage completes it.
func TestTriageTaskTerm(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, ids := f.newHousehold(t, pro.TeamID)
		sig, task := triageTaskOf(t, f, pro, ids[0])
		if task.Kind != wijkregie.TaskTriage || task.TeamID != pro.TeamID || task.UserID != "" || !task.Legal || !task.Due.Equal(sig.TriageDeadline) {
			t.Fatalf("triage task %+v; want the team's legal term at the signal's deadline %v", task, sig.TriageDeadline)
		}
		deadline := func() time.Time {
			t.Helper()
			s, err := f.s.R().Signal(f.ctx, demo.MunicipalityID, sig.ID)
			if err != nil {
				t.Fatal(err)
			}
			return s.TriageDeadline
		}
		v := task.Version

		// Bad changes, each refused by its field or its rule.
		if _, err := f.svc.SuspendTask(f.ctx, pro, task.ID, v, " "); code(err) != wijkregie.EINVALID || !invalidField(err, "reden") {
			t.Errorf("suspend without reason: %v; want field reden", err)
		}
		if _, err := f.svc.ResumeTask(f.ctx, pro, task.ID, v, ""); !errorMessageIs(err, "fout.taak.niet_opgeschort") {
			t.Errorf("resume a running term: %v; want fout.taak.niet_opgeschort", err)
		}
		if _, err := f.svc.ExtendTask(f.ctx, pro, task.ID, v, start.AddDate(0, 0, 30), ""); code(err) != wijkregie.EINVALID || !invalidField(err, "reden") {
			t.Errorf("extension without reason: %v; want field reden", err)
		}
		if _, err := f.svc.ExtendTask(f.ctx, pro, task.ID, v, start, "eerder"); code(err) != wijkregie.EINVALID || !invalidField(err, "nieuweDatum") {
			t.Errorf("extension to an earlier day: %v; want field nieuweDatum", err)
		}
		if _, err := f.svc.CompleteTask(f.ctx, pro, task.ID, v); !errorMessageIs(err, "fout.taak.via_triage") {
			t.Errorf("completing a triage task by hand: %v; want fout.taak.via_triage", err)
		}

		// Suspended, with its audit record.
		due := task.Due
		events := f.audited(t, func() {
			got, err := f.svc.SuspendTask(f.ctx, pro, task.ID, v, "Wachten op de huisarts")
			if err != nil {
				t.Fatal(err)
			}
			if got.SuspendedAt.IsZero() || got.Version != v+1 || !got.Due.Equal(due) {
				t.Errorf("suspended: %+v", got)
			}
		})
		if diff := diffEntries(events, []entry{rec(pro, string(policy.ChangeTask), "taak", task.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		if _, err := f.svc.SuspendTask(f.ctx, pro, task.ID, v+1, "nog eens"); !errorMessageIs(err, "fout.taak.al_opgeschort") {
			t.Errorf("suspend twice: %v; want fout.taak.al_opgeschort", err)
		}
		if _, err := f.svc.ResumeTask(f.ctx, pro, task.ID, v, ""); !errorMessageIs(err, "fout.taak.gewijzigd") {
			t.Errorf("resume over a stale version: %v; want fout.taak.gewijzigd", err)
		}

		// Resumed two days later: two days on, and so is the signal.
		f.clock.Advance(48 * time.Hour)
		got, err := f.svc.ResumeTask(f.ctx, pro, task.ID, v+1, "Gegevens binnen")
		if err != nil {
			t.Fatal(err)
		}
		if want := due.AddDate(0, 0, 2); !got.Due.Equal(want) || !deadline().Equal(want) || got.Suspended() {
			t.Errorf("resumed: due %v, signal deadline %v; want both %v", got.Due, deadline(), want)
		}

		// Extended: to the end of the day asked, and so is the signal.
		f.clock.Advance(time.Hour)
		to := time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
		if got, err = f.svc.ExtendTask(f.ctx, pro, task.ID, got.Version, to, "Gezin pas na de vakantie bereikbaar"); err != nil {
			t.Fatal(err)
		}
		if want := wijkregie.EndOfDay(to); !got.Due.Equal(want) || !deadline().Equal(want) {
			t.Errorf("extended: due %v, signal deadline %v; want both %v", got.Due, deadline(), want)
		}

		view, err := f.svc.Task(f.ctx, pro, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		var history []string
		for _, e := range view.Events {
			history = append(history, string(e.Kind)+": "+e.Reason)
		}
		want := []string{"opgeschort: Wachten op de huisarts", "hervat: Gegevens binnen", "verlengd: Gezin pas na de vakantie bereikbaar"}
		if len(history) != len(want) {
			t.Fatalf("history %q; want %q", history, want)
		}
		for i := range want {
			if history[i] != want[i] {
				t.Errorf("history %q; want %q", history, want)
			}
		}
		if view.Item.HouseholdID != sig.HouseholdID || view.Users[pro.UserID] == nil {
			t.Errorf("task view names household %s, users %v", view.Item.HouseholdID, view.Users)
		}

		// Triage completes it.
		if _, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: sig.ID, Decision: wijkregie.DecisionNone, Reason: "Geen zorgen"}); err != nil {
			t.Fatal(err)
		}
		done, err := f.s.R().Task(f.ctx, demo.MunicipalityID, task.ID)
		if err != nil || done.Open() || done.DoneBy != pro.UserID {
			t.Errorf("after triage: %+v, %v; want done by the professional", done, err)
		}
		if _, err := f.svc.ExtendTask(f.ctx, pro, task.ID, done.Version, to.AddDate(0, 0, 7), "te laat"); !errorMessageIs(err, "fout.taak.afgerond") {
			t.Errorf("extending a done task: %v; want fout.taak.afgerond", err)
		}
	})
}

// TestMyTasksPolicy: Mijn taken is filtered like the single task — the
// professional's own and their team's unheld tasks, overdue first; never
// another team's, never a colleague's; a task outside it is not found
// one by one either, and the refusal is audited.
func TestMyTasksPolicy(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		colleague := f.userByEmail(t, "m.bakkali@duinhaven.example")
		noord := wijkregie.ActorOf(f.userByEmail(t, "y.tahiri@duinhaven.example"))
		h, ids := f.newHousehold(t, pro.TeamID, pro.UserID)
		sig, triage := triageTaskOf(t, f, pro, ids[0])
		c := &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, TeamID: pro.TeamID, Status: wijkregie.CaseExecution,
			Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: lead.UserID, CoordinatorID: pro.UserID}
		late := &wijkregie.Task{MunicipalityID: demo.MunicipalityID, Kind: wijkregie.TaskEvaluation, TeamID: pro.TeamID, UserID: pro.UserID,
			Due: start.Add(-24 * time.Hour)}
		theirs := &wijkregie.Task{MunicipalityID: demo.MunicipalityID, Kind: wijkregie.TaskMeldcode, TeamID: pro.TeamID, UserID: colleague.ID,
			Due: start.Add(-48 * time.Hour)}
		err := f.s.Tx(f.ctx, func(q *store.Q) error {
			if err := q.CreateCase(f.ctx, c); err != nil {
				return err
			}
			late.CaseID, theirs.CaseID = c.ID, c.ID
			if err := q.CreateTask(f.ctx, late); err != nil {
				return err
			}
			return q.CreateTask(f.ctx, theirs)
		})
		if err != nil {
			t.Fatal(err)
		}
		// Noord's team has its own signal and task.
		_, noordIDs := f.newHousehold(t, noord.TeamID)
		_, noordTask := triageTaskOf(t, f, noord, noordIDs[0])

		var items []app.TaskItem
		var total int
		events := f.audited(t, func() {
			if items, total, err = f.svc.Tasks(f.ctx, pro, app.TaskFilter{}); err != nil {
				t.Fatal(err)
			}
		})
		if total < 2 || len(items) != min(total, store.MaxLimit) {
			t.Fatalf("Mijn taken: %d items of %d", len(items), total)
		}
		now := f.clock.Now()
		seen := map[string]bool{}
		wantEvents := []entry{rec(pro, string(policy.ViewTasks), "taak", "", "", app.PurposeTask, wijkregie.AuditAllowed)}
		for i, it := range items {
			seen[it.ID] = true
			task := it.Task
			if err := policy.DecideTask(pro, policy.ViewTasks, &task); err != nil {
				t.Errorf("listed task %s (%s, user %q, team %s), which DecideTask refuses", it.ID, it.Kind, it.UserID, it.TeamID)
			}
			if it.Overdue != it.Task.Overdue(now) {
				t.Errorf("task %s: overdue %v", it.ID, it.Overdue)
			}
			if i > 0 {
				prev := items[i-1]
				if !prev.Overdue && it.Overdue || prev.Overdue == it.Overdue && it.Due.Before(prev.Due) {
					t.Errorf("task %d (overdue %v, due %v) after task %d (overdue %v, due %v)", i, it.Overdue, it.Due, i-1, prev.Overdue, prev.Due)
				}
			}
			if it.HouseholdID == "" || it.Address.Postcode == "" {
				t.Errorf("task %s names no household", it.ID)
			}
		}
		for _, id := range []string{late.ID, triage.ID} {
			if !seen[id] {
				t.Errorf("Mijn taken misses task %s", id)
			}
		}
		for _, id := range []string{theirs.ID, noordTask.ID} {
			if seen[id] {
				t.Errorf("Mijn taken holds task %s of someone else", id)
			}
		}
		// Each household named is audited: the case once, the signal with its person.
		want := map[entry]bool{
			rec(pro, string(policy.ViewCase), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed):                 true,
			rec(pro, string(policy.ViewSignal), "signaal", sig.ID, sig.PersonID, app.PurposeTask, wijkregie.AuditAllowed): true,
			wantEvents[0]: true,
		}
		count := map[entry]int{}
		for _, e := range events {
			count[e]++
		}
		for e := range want {
			if count[e] != 1 {
				t.Errorf("audit record %+v written %d times; want once", e, count[e])
			}
		}

		// The lead sees the whole team's, the colleague's too; Noord's not.
		items, _, err = f.svc.Tasks(f.ctx, lead, app.TaskFilter{Kind: wijkregie.TaskMeldcode})
		if err != nil || !containsTask(items, theirs.ID) || containsTask(items, noordTask.ID) {
			t.Errorf("the lead's meldcode tasks: %d, %v; want the colleague's", len(items), err)
		}
		// Overdue only, of a kind: the late one among them (the demo
		// gives the professional cases of their own), and nothing else.
		items, _, err = f.svc.Tasks(f.ctx, pro, app.TaskFilter{Kind: wijkregie.TaskEvaluation, OverdueOnly: true})
		if err != nil || !containsTask(items, late.ID) {
			t.Errorf("overdue evaluations: %d, %v; want the late one among them", len(items), err)
		}
		for _, it := range items {
			if it.Kind != wijkregie.TaskEvaluation || !it.Overdue || !it.Task.Overdue(now) {
				t.Errorf("overdue evaluations hold %s (%s, due %v, overdue %v)", it.ID, it.Kind, it.Due, it.Overdue)
			}
		}
		if _, _, err := f.svc.Tasks(f.ctx, pro, app.TaskFilter{Kind: "klusje"}); code(err) != wijkregie.EINVALID {
			t.Errorf("an unknown kind: %v; want invalid", err)
		}

		// One by one: another team's and a colleague's task are not found,
		// to read or to change; the refusal is audited.
		events = f.audited(t, func() {
			for _, id := range []string{noordTask.ID, theirs.ID} {
				if _, err := f.svc.Task(f.ctx, pro, id); code(err) != wijkregie.ENOTFOUND {
					t.Errorf("Task %s: %v; want not found", id, err)
				}
			}
			if _, err := f.svc.SuspendTask(f.ctx, pro, noordTask.ID, 0, "niet van mij"); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("suspending another team's task: %v; want not found", err)
			}
		})
		if diff := diffEntries(events, []entry{
			rec(pro, string(policy.ViewTasks), "taak", noordTask.ID, "", app.PurposeTask, wijkregie.AuditDenied),
			rec(pro, string(policy.ViewTasks), "taak", theirs.ID, "", app.PurposeTask, wijkregie.AuditDenied),
			rec(pro, string(policy.ChangeTask), "taak", noordTask.ID, "", app.PurposeTask, wijkregie.AuditDenied),
		}); diff != "" {
			t.Errorf("audit of the refusals (-got +want):\n%s", diff)
		}
		// Reading one's own is audited with what it is about.
		events = f.audited(t, func() {
			if _, err := f.svc.Task(f.ctx, pro, late.ID); err != nil {
				t.Fatal(err)
			}
		})
		if diff := diffEntries(events, []entry{
			rec(pro, string(policy.ViewTasks), "taak", late.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, string(policy.ViewCase), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
		}); diff != "" {
			t.Errorf("audit of a task read (-got +want):\n%s", diff)
		}

		// Completed by hand, an evaluation task leaves the list.
		if _, err := f.svc.CompleteTask(f.ctx, pro, late.ID, late.Version); err != nil {
			t.Fatal(err)
		}
		items, _, err = f.svc.Tasks(f.ctx, pro, app.TaskFilter{Done: true})
		if err != nil || !containsTask(items, late.ID) {
			t.Errorf("done tasks: %d, %v; want the completed one", len(items), err)
		}
		if _, err := f.svc.CompleteTask(f.ctx, pro, late.ID, 0); !errorMessageIs(err, "fout.taak.afgerond") {
			t.Errorf("completing twice: %v; want fout.taak.afgerond", err)
		}
	})
}

func containsTask(items []app.TaskItem, id string) bool {
	for _, it := range items {
		if it.ID == id {
			return true
		}
	}
	return false
}

// errorMessageIs reports whether err carries the catalogue key message.
func errorMessageIs(err error, message string) bool {
	var e *wijkregie.Error
	return errors.As(err, &e) && e.Message == message
}
