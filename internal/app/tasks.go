package app

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// TaskFilter narrows a task list.
type TaskFilter struct {
	Kind        wijkregie.TaskKind // "" for every kind
	OverdueOnly bool
	Done        bool // the done tasks instead of the open ones
	Page        store.Page
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

// Tasks lists the tasks the actor may see (policy.TaskScope): Mijn taken —
// their own, their team's unheld ones, and for a team lead all of the
// team's — overdue first, then by due moment, with the total. Each
// household named is audited.
func (s *Service) Tasks(ctx context.Context, actor wijkregie.Actor, f TaskFilter) ([]TaskItem, int, error) {
	panic("unimplemented: issue 4 core")
}

// Task returns one task with its history (policy.DecideTask; not found
// when the actor may not see it). Audited.
func (s *Service) Task(ctx context.Context, actor wijkregie.Actor, id string) (*TaskView, error) {
	panic("unimplemented: issue 4 core")
}

// SuspendTask stops a task's term (opschorten) with a reason, over
// version; the event keeps who, when and why.
func (s *Service) SuspendTask(ctx context.Context, actor wijkregie.Actor, id string, version int, reason string) (*wijkregie.Task, error) {
	panic("unimplemented: issue 4 core")
}

// ResumeTask restarts a suspended term; the due moment moves on by the
// days it was suspended, and for a triage task the signal's triage
// deadline follows.
func (s *Service) ResumeTask(ctx context.Context, actor wijkregie.Actor, id string, version int, reason string) (*wijkregie.Task, error) {
	panic("unimplemented: issue 4 core")
}

// ExtendTask moves a task's due moment to the end of day to (verlengen),
// with a reason; for a triage task the signal's triage deadline follows.
func (s *Service) ExtendTask(ctx context.Context, actor wijkregie.Actor, id string, version int, to time.Time, reason string) (*wijkregie.Task, error) {
	panic("unimplemented: issue 4 core")
}

// CompleteTask marks a task done. A triage task is done by triaging its
// signal, not by hand (fout.taak.via_triage).
func (s *Service) CompleteTask(ctx context.Context, actor wijkregie.Actor, id string, version int) (*wijkregie.Task, error) {
	panic("unimplemented: issue 4 core")
}
