package app

import (
	"context"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// TaskFilter narrows a task list.
type TaskFilter struct {
	Kind        wijkregie.TaskKind // "" for every kind
	OverdueOnly bool
	Done        bool // the done tasks instead of the open ones
	// Due keeps the open tasks falling due on these days and not yet
	// passed: what the deadline forecast (the workload's termijnen) counts
	// as still to come. An overdue task is OverdueOnly's.
	Due  DayRange
	Page store.Page
}

// TaskItem is a row of a task list: the task with what names it on the
// list — the case's or signal's household address — and whether it is
// overdue now.
type TaskItem struct {
	wijkregie.Task
	HouseholdID string
	Address     wijkregie.Address
	Overdue     bool
}

// TaskView is one task with its term's history.
type TaskView struct {
	Task   *wijkregie.Task
	Events []wijkregie.TaskEvent
	Item   TaskItem
	Users  map[string]*wijkregie.User
}

// taskRead is the audit event of reading what a task is about: its case,
// or its signal (and the signal's person).
func taskRead(t *wijkregie.Task, personID string) wijkregie.Event {
	if t.CaseID != "" {
		return caseEvent(t.CaseID)
	}
	return wijkregie.Event{Action: string(policy.ViewSignal), SubjectKind: "signaal", SubjectID: t.SignalID, PersonID: personID, Purpose: PurposeTask}
}

// Tasks lists the tasks the actor may see (policy.TaskScope): Mijn taken —
// their own, their team's unheld ones, and for a team lead all of the
// team's — overdue first, then by due moment, with the total. Each
// household named is audited.
func (s *Service) Tasks(ctx context.Context, actor wijkregie.Actor, f TaskFilter) ([]TaskItem, int, error) {
	items, total, events, err := s.readTasks(ctx, actor, f)
	if err != nil {
		return nil, 0, err
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// readTasks is Tasks without its audit: it returns the records the caller
// must write before it shows anything.
func (s *Service) readTasks(ctx context.Context, actor wijkregie.Actor, f TaskFilter) ([]TaskItem, int, []wijkregie.Event, error) {
	if err := s.allow(actor, policy.ViewTasks); err != nil {
		return nil, 0, nil, err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, 0, nil, wijkregie.InvalidField("soort", "veld.keuze")
	}
	if err := f.Due.Validate("termijn-tot"); err != nil {
		return nil, 0, nil, err
	}
	now := s.Now()
	sf := store.TaskFilter{Kind: f.Kind, OverdueOnly: f.OverdueOnly, Done: f.Done, Page: f.Page}
	if !f.Due.IsZero() {
		sf.DueFrom, sf.DueTo = f.Due.Moments()
		if !f.Done && sf.DueFrom.Before(now) {
			sf.DueFrom = now
		}
	}
	rows, total, err := s.store.R().Tasks(ctx, actor.MunicipalityID, policy.TaskScope(actor), sf)
	if err != nil {
		return nil, 0, nil, err
	}
	items := make([]TaskItem, len(rows))
	events := make([]wijkregie.Event, 0, len(rows)+1)
	events = append(events, wijkregie.Event{Action: string(policy.ViewTasks), SubjectKind: "taak", Purpose: PurposeTask, Search: taskSearch(f), Results: total})
	seen := map[string]bool{}
	for i, r := range rows {
		items[i] = TaskItem{Task: r.Task, HouseholdID: r.HouseholdID, Address: r.Address, Overdue: r.Task.Overdue(now)}
		// A case with two tasks on the list is read once.
		if ev := taskRead(&r.Task, r.PersonID); !seen[ev.SubjectKind+ev.SubjectID] {
			seen[ev.SubjectKind+ev.SubjectID] = true
			events = append(events, ev)
		}
	}
	return items, total, events, nil
}

// MyWork is the page Mijn taken: the actor's tasks (Tasks) and the first
// page of their work list (WorkList), audited together in one transaction
// rather than two, since on PostgreSQL every audit transaction of a
// municipality waits its turn for the chain's head.
type MyWork struct {
	Tasks      []TaskItem
	TasksTotal int
	Cases      []WorkItem
	CasesTotal int
}

// MyWork returns Mijn taken for the actor: tasks by f, and the first
// workShown cases of the work list (none when 0, for a page of the task
// list alone).
func (s *Service) MyWork(ctx context.Context, actor wijkregie.Actor, f TaskFilter, workShown int) (*MyWork, error) {
	var out MyWork
	var events []wijkregie.Event
	var err error
	if out.Tasks, out.TasksTotal, events, err = s.readTasks(ctx, actor, f); err != nil {
		return nil, err
	}
	if workShown > 0 {
		var more []wijkregie.Event
		if out.Cases, out.CasesTotal, more, err = s.readWorkList(ctx, actor, store.Page{Limit: workShown}); err != nil {
			return nil, err
		}
		events = append(events, more...)
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return &out, nil
}

// taskDenied is the audit record of a refused action on a task.
func taskDenied(a policy.Action, id string) wijkregie.Event {
	return wijkregie.Event{Action: string(a), SubjectKind: "taak", SubjectID: id, Purpose: PurposeTask, Result: wijkregie.AuditDenied}
}

// loadTask reads a task for action a and decides on it: a task the actor
// may not see is not found, and the refusal is audited.
func (s *Service) loadTask(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string) (*wijkregie.Task, error) {
	if err := s.allow(actor, a); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	t, err := s.store.R().Task(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if err := policy.DecideTask(actor, a, t); err != nil {
		if aerr := s.audit(ctx, actor, taskDenied(a, id)); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.NotFound()
	}
	return t, nil
}

// Task returns one task with its history (policy.DecideTask; not found
// when the actor may not see it). Audited.
func (s *Service) Task(ctx context.Context, actor wijkregie.Actor, id string) (*TaskView, error) {
	t, err := s.loadTask(ctx, actor, policy.ViewTasks, id)
	if err != nil {
		return nil, err
	}
	r := s.store.R()
	v := &TaskView{Task: t, Item: TaskItem{Task: *t, Overdue: t.Overdue(s.Now())}}
	hid, addr, person, err := r.TaskSubject(ctx, t)
	if err != nil {
		return nil, err
	}
	v.Item.HouseholdID, v.Item.Address = hid, addr
	if v.Events, err = r.TaskEvents(ctx, actor.MunicipalityID, id); err != nil {
		return nil, err
	}
	ids := []string{t.UserID, t.DoneBy}
	for _, e := range v.Events {
		ids = append(ids, e.By)
	}
	if v.Users, err = r.UsersByID(ctx, actor.MunicipalityID, compact(ids)); err != nil {
		return nil, err
	}
	events := []wijkregie.Event{
		{Action: string(policy.ViewTasks), SubjectKind: "taak", SubjectID: id, Purpose: PurposeTask},
		taskRead(t, person),
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// changeTask runs a change of a task's term, fn, on the task as it
// stands, over the version the actor read (0: no check), and writes it
// with its event and audit record in one transaction. fn changes the
// task through its domain method and returns the event's kind.
func (s *Service) changeTask(ctx context.Context, actor wijkregie.Actor, id string, version int, reason string,
	fn func(t *wijkregie.Task) (wijkregie.TaskEventKind, error)) (*wijkregie.Task, error) {
	if _, err := s.loadTask(ctx, actor, policy.ChangeTask, id); err != nil {
		return nil, err
	}
	var out *wijkregie.Task
	refused := false
	err := s.store.Tx(ctx, func(q *store.Q) error {
		t, err := q.Task(ctx, actor.MunicipalityID, id)
		if err != nil {
			return err
		}
		if version != 0 && t.Version != version {
			return wijkregie.Conflict("fout.taak.gewijzigd")
		}
		// Decided again on the task as it stands: one handed to someone
		// else since the first read is theirs now.
		if err := policy.DecideTask(actor, policy.ChangeTask, t); err != nil {
			refused = true
			return wijkregie.NotFound()
		}
		from := t.Due
		kind, err := fn(t)
		if err != nil {
			return err
		}
		if kind == wijkregie.TaskDone {
			if err := q.CompleteTask(ctx, t, actor.UserID); err != nil {
				return err
			}
		} else if err := q.ChangeTaskTerm(ctx, t, &wijkregie.TaskEvent{Kind: kind, FromDue: from, ToDue: t.Due, Reason: reason, By: actor.UserID}); err != nil {
			return err
		}
		out = t
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.ChangeTask), SubjectKind: "taak", SubjectID: id, Purpose: PurposeTask}))
	})
	if refused {
		// The refusal is recorded after the transaction, which it rolled back.
		if aerr := s.audit(ctx, actor, taskDenied(policy.ChangeTask, id)); aerr != nil {
			return nil, aerr
		}
	}
	return out, err
}

// SuspendTask stops a task's term (opschorten) with a reason, over
// version; the event keeps who, when and why.
func (s *Service) SuspendTask(ctx context.Context, actor wijkregie.Actor, id string, version int, reason string) (*wijkregie.Task, error) {
	reason = strings.TrimSpace(reason)
	return s.changeTask(ctx, actor, id, version, reason, func(t *wijkregie.Task) (wijkregie.TaskEventKind, error) {
		return wijkregie.TaskSuspended, t.Suspend(s.Now(), reason)
	})
}

// ResumeTask restarts a suspended term; the due moment moves on by the
// days it was suspended, and for a triage task the signal's triage
// deadline follows.
func (s *Service) ResumeTask(ctx context.Context, actor wijkregie.Actor, id string, version int, reason string) (*wijkregie.Task, error) {
	reason = strings.TrimSpace(reason)
	return s.changeTask(ctx, actor, id, version, reason, func(t *wijkregie.Task) (wijkregie.TaskEventKind, error) {
		return wijkregie.TaskResumed, t.Resume(s.Now())
	})
}

// ExtendTask moves a task's due moment to the end of day to (verlengen),
// with a reason; for a triage task the signal's triage deadline follows.
func (s *Service) ExtendTask(ctx context.Context, actor wijkregie.Actor, id string, version int, to time.Time, reason string) (*wijkregie.Task, error) {
	reason = strings.TrimSpace(reason)
	return s.changeTask(ctx, actor, id, version, reason, func(t *wijkregie.Task) (wijkregie.TaskEventKind, error) {
		return wijkregie.TaskExtended, t.Extend(to, reason)
	})
}

// CompleteTask marks a task done. A triage task is done by triaging its
// signal, not by hand (fout.taak.via_triage).
func (s *Service) CompleteTask(ctx context.Context, actor wijkregie.Actor, id string, version int) (*wijkregie.Task, error) {
	return s.changeTask(ctx, actor, id, version, "", func(t *wijkregie.Task) (wijkregie.TaskEventKind, error) {
		switch {
		case t.Kind == wijkregie.TaskTriage:
			return "", wijkregie.Conflict("fout.taak.via_triage")
		case !t.Open():
			return "", wijkregie.Conflict("fout.taak.afgerond")
		}
		return wijkregie.TaskDone, nil
	})
}
