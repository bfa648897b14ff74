package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
)

const taskColumns = `municipality_id, id, kind, case_id, signal_id, team_id, user_id, step, due_at, legal,
suspended_at, done_at, done_by, created_at, version`

func scanTask(sc interface{ Scan(...any) error }, extra ...any) (*wijkregie.Task, error) {
	var t wijkregie.Task
	var caseID, signalID, team, user, doneBy sql.NullString
	var suspended, done sql.NullTime
	dest := append([]any{&t.MunicipalityID, &t.ID, &t.Kind, &caseID, &signalID, &team, &user, &t.Step, &t.Due, &t.Legal,
		&suspended, &done, &doneBy, &t.CreatedAt, &t.Version}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	t.CaseID, t.SignalID, t.TeamID, t.UserID, t.DoneBy = caseID.String, signalID.String, team.String, user.String, doneBy.String
	t.Due, t.CreatedAt = t.Due.UTC(), t.CreatedAt.UTC()
	t.SuspendedAt, t.DoneAt = timeOf(suspended), timeOf(done)
	return &t, nil
}

// CreateTask stores a new open task at version 1; id and creation time
// are set here. A second open triage task for a signal, or a second open
// task of the same kind for a case, is refused by the schema: a conflict.
func (q *Q) CreateTask(ctx context.Context, t *wijkregie.Task) error {
	t.ID, t.CreatedAt, t.Version = wijkregie.NewID(q.Now()), q.Now(), 1
	t.Due = stamp(t.Due)
	_, err := q.x.ExecContext(ctx, `INSERT INTO tasks (`+taskColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		t.MunicipalityID, t.ID, t.Kind, nullString(t.CaseID), nullString(t.SignalID), nullString(t.TeamID), nullString(t.UserID),
		t.Step, t.Due, t.Legal, nullTime(t.SuspendedAt), nullTime(t.DoneAt), nullString(t.DoneBy), t.CreatedAt, t.Version)
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.taak.bestaat")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case err != nil:
		return fmt.Errorf("create task: %w", err)
	}
	return nil
}

// Task returns one task.
func (q *Q) Task(ctx context.Context, municipalityID, id string) (*wijkregie.Task, error) {
	t, err := scanTask(q.x.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return t, nil
}

// OpenCaseTask returns the case's open task of the kind, or ENOTFOUND.
func (q *Q) OpenCaseTask(ctx context.Context, municipalityID, caseID string, kind wijkregie.TaskKind) (*wijkregie.Task, error) {
	t, err := scanTask(q.x.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks
WHERE municipality_id = $1 AND case_id = $2 AND kind = $3 AND done_at IS NULL`, municipalityID, caseID, kind))
	if err != nil {
		return nil, notFound(err)
	}
	return t, nil
}

// OpenSignalTask returns the signal's open triage task, or ENOTFOUND.
func (q *Q) OpenSignalTask(ctx context.Context, municipalityID, signalID string) (*wijkregie.Task, error) {
	t, err := scanTask(q.x.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks
WHERE municipality_id = $1 AND signal_id = $2 AND kind = $3 AND done_at IS NULL`, municipalityID, signalID, wijkregie.TaskTriage))
	if err != nil {
		return nil, notFound(err)
	}
	return t, nil
}

// CaseTasks returns a case's tasks, open ones first, by due moment.
func (q *Q) CaseTasks(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Task, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE municipality_id = $1 AND case_id = $2
ORDER BY CASE WHEN done_at IS NULL THEN 0 ELSE 1 END, due_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// UpdateTask writes a task's holder, due moment, suspension and
// completion when its version is still the one read, and raises the
// version; otherwise a conflict.
func (q *Q) UpdateTask(ctx context.Context, t *wijkregie.Task) error {
	t.Due = stamp(t.Due)
	res, err := q.x.ExecContext(ctx, `UPDATE tasks SET team_id = $4, user_id = $5, due_at = $6, suspended_at = $7, done_at = $8,
done_by = $9, version = version + 1 WHERE municipality_id = $1 AND id = $2 AND version = $3`,
		t.MunicipalityID, t.ID, t.Version, nullString(t.TeamID), nullString(t.UserID), t.Due, nullTime(t.SuspendedAt),
		nullTime(t.DoneAt), nullString(t.DoneBy))
	if err != nil {
		return fmt.Errorf("update task: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := q.Task(ctx, t.MunicipalityID, t.ID); err != nil {
			return err
		}
		return wijkregie.Conflict("fout.taak.gewijzigd")
	}
	t.Version++
	return nil
}

// AddTaskEvent records a change of a task's term; id and time are set
// here.
func (q *Q) AddTaskEvent(ctx context.Context, e *wijkregie.TaskEvent) error {
	e.At = q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO task_events (municipality_id, task_id, id, kind, from_due, to_due, reason, at, by_user)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.MunicipalityID, e.TaskID, wijkregie.NewID(e.At), e.Kind, stamp(e.FromDue), stamp(e.ToDue), e.Reason, e.At, e.By)
	if err != nil {
		return fmt.Errorf("add task event: %w", err)
	}
	return nil
}

// TaskEvents returns a task's term changes, oldest first.
func (q *Q) TaskEvents(ctx context.Context, municipalityID, taskID string) ([]wijkregie.TaskEvent, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT municipality_id, task_id, kind, from_due, to_due, reason, at, by_user FROM task_events
WHERE municipality_id = $1 AND task_id = $2 ORDER BY at, id`, municipalityID, taskID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.TaskEvent
	for rows.Next() {
		var e wijkregie.TaskEvent
		if err := rows.Scan(&e.MunicipalityID, &e.TaskID, &e.Kind, &e.FromDue, &e.ToDue, &e.Reason, &e.At, &e.By); err != nil {
			return nil, err
		}
		e.FromDue, e.ToDue, e.At = e.FromDue.UTC(), e.ToDue.UTC(), e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// CompleteTask marks an open task done by a user at now, with its event.
// A task done already stays as it was.
func (q *Q) CompleteTask(ctx context.Context, t *wijkregie.Task, by string) error {
	if !t.Open() {
		return nil
	}
	t.DoneAt, t.DoneBy, t.SuspendedAt = q.Now(), by, time.Time{}
	if err := q.UpdateTask(ctx, t); err != nil {
		return err
	}
	return q.AddTaskEvent(ctx, &wijkregie.TaskEvent{MunicipalityID: t.MunicipalityID, TaskID: t.ID, Kind: wijkregie.TaskDone,
		FromDue: t.Due, ToDue: t.Due, By: by})
}

// CompleteCaseTasks marks every open task of a case done: a closing case
// leaves nothing due.
func (q *Q) CompleteCaseTasks(ctx context.Context, municipalityID, caseID, by string) error {
	ts, err := q.CaseTasks(ctx, municipalityID, caseID)
	if err != nil {
		return err
	}
	for i := range ts {
		if err := q.CompleteTask(ctx, &ts[i], by); err != nil {
			return err
		}
	}
	return nil
}

// HandCaseTasksTo gives the open tasks of a case to its (new) regisseur:
// tasks a team held while the case had none, and the previous regisseur's.
func (q *Q) HandCaseTasksTo(ctx context.Context, municipalityID, caseID, userID string) error {
	_, err := q.x.ExecContext(ctx, `UPDATE tasks SET user_id = $3, version = version + 1
WHERE municipality_id = $1 AND case_id = $2 AND done_at IS NULL`, municipalityID, caseID, nullString(userID))
	if err != nil {
		return fmt.Errorf("hand case tasks: %w", err)
	}
	return nil
}

// taskScopeSQL renders the policy's task scope as a condition on tasks
// aliased t, open ones or done ones, its arguments added to a. It must
// agree with policy.DecideTask: the user's own tasks; the team's while
// nobody holds them; with WholeTeam every task of the team. The set is
// built from one lookup per holder, each on its own index
// (tasks_open_by_user, tasks_open_by_team), joined by UNION ALL (a UNION
// would sort, and SQLite then walks the primary key instead): with the
// holders ORed in one WHERE, SQLite (which keeps no statistics here)
// walks every task of the municipality instead.
func taskScopeSQL(a *sqlArgs, sc wijkregie.TaskScope, done bool) string {
	if sc.UserID == "" {
		return "FALSE"
	}
	state := " AND x.done_at IS NULL"
	if done {
		state = " AND x.done_at IS NOT NULL"
	}
	set := "SELECT x.id FROM tasks x WHERE x.municipality_id = $1 AND x.user_id = " + a.add(sc.UserID) + state
	switch {
	case sc.TeamID != "" && sc.WholeTeam:
		set += " UNION ALL SELECT x.id FROM tasks x WHERE x.municipality_id = $1 AND x.team_id = " + a.add(sc.TeamID) + state
	case sc.TeamID != "":
		set += " UNION ALL SELECT x.id FROM tasks x WHERE x.municipality_id = $1 AND x.team_id = " + a.add(sc.TeamID) + state +
			" AND x.user_id IS NULL"
	}
	return "t.id IN (" + set + ")"
}

// TaskFilter narrows a task list.
type TaskFilter struct {
	Kind        wijkregie.TaskKind // "" for every kind
	OverdueOnly bool               // open, running and past due
	Done        bool               // the done tasks instead of the open ones
	// DueFrom and DueTo: only tasks due in [DueFrom, DueTo); a zero end
	// is open.
	DueFrom, DueTo time.Time
	Page           Page
}

// TaskSummary is a row of a task list: the task with the household it is
// about, through its case or its signal, and that household's address
// (zero for a signal without a household). PersonID is the signal's
// person, for the reader's audit record.
type TaskSummary struct {
	wijkregie.Task
	HouseholdID string
	Address     wijkregie.Address
	PersonID    string
}

// overdueTaskSQL is the condition that an open task aliased t runs and
// is past due at the argument now (wijkregie.Task.Overdue).
func overdueTaskSQL(now string) string {
	return `(t.done_at IS NULL AND t.suspended_at IS NULL AND t.due_at < ` + now + `)`
}

// Tasks lists the tasks in scope with the total: open ones overdue first,
// then by due moment (tasks_open_by_user, tasks_open_by_team); done ones
// the latest done first.
func (q *Q) Tasks(ctx context.Context, municipalityID string, scope wijkregie.TaskScope, f TaskFilter) ([]TaskSummary, int, error) {
	p := f.Page.clamp()
	a := &sqlArgs{list: []any{municipalityID}}
	cond := taskScopeSQL(a, scope, f.Done)
	if f.Done {
		cond += " AND t.done_at IS NOT NULL"
	} else {
		cond += " AND t.done_at IS NULL"
	}
	if f.Kind != "" {
		cond += " AND t.kind = " + a.add(f.Kind)
	}
	now := q.Now()
	if f.OverdueOnly {
		cond += " AND " + overdueTaskSQL(a.add(now))
	}
	if !f.DueFrom.IsZero() {
		cond += " AND t.due_at >= " + a.add(stamp(f.DueFrom))
	}
	if !f.DueTo.IsZero() {
		cond += " AND t.due_at < " + a.add(stamp(f.DueTo))
	}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks t WHERE t.municipality_id = $1 AND `+cond, a.list...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("tasks: %w", err)
	}
	order := `t.done_at DESC, t.id`
	if !f.Done {
		order = `CASE WHEN ` + overdueTaskSQL(a.add(now)) + ` THEN 0 ELSE 1 END, t.due_at, t.id`
	}
	// The page is chosen from the tasks alone, and only its rows are
	// joined to their households: joined first, every open task of a
	// busy regisseur would be looked up before the sort kept 25.
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("t", taskColumns)+`, h.id, h.street, h.number, h.addition, h.postcode, h.town, s.person_id
FROM (SELECT * FROM tasks t WHERE t.municipality_id = $1 AND `+cond+` ORDER BY `+order+` LIMIT `+a.add(p.Limit)+` OFFSET `+a.add(p.Offset)+`) t
LEFT JOIN cases c ON c.municipality_id = t.municipality_id AND c.id = t.case_id
LEFT JOIN signals s ON s.municipality_id = t.municipality_id AND s.id = t.signal_id
LEFT JOIN households h ON h.municipality_id = t.municipality_id AND h.id = COALESCE(c.household_id, s.household_id)
ORDER BY `+order, a.list...)
	if err != nil {
		return nil, 0, fmt.Errorf("tasks: %w", err)
	}
	defer rows.Close()
	var out []TaskSummary
	for rows.Next() {
		var hid, street, addition, postcode, town, person sql.NullString
		var number sql.NullInt64
		t, err := scanTask(rows, &hid, &street, &number, &addition, &postcode, &town, &person)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, TaskSummary{Task: *t, HouseholdID: hid.String, PersonID: person.String,
			Address: wijkregie.Address{Street: street.String, Number: int(number.Int64), Addition: addition.String, Postcode: postcode.String, Town: town.String}})
	}
	return out, total, rows.Err()
}

// TaskSubject returns the household a task is about (through its case or
// its signal; "" for a signal without one) and the signal's person, for
// the reader's audit record and the task page.
func (q *Q) TaskSubject(ctx context.Context, t *wijkregie.Task) (householdID string, addr wijkregie.Address, personID string, err error) {
	var hid, street, addition, postcode, town, person sql.NullString
	var number sql.NullInt64
	err = q.x.QueryRowContext(ctx, `SELECT h.id, h.street, h.number, h.addition, h.postcode, h.town, s.person_id
FROM tasks t
LEFT JOIN cases c ON c.municipality_id = t.municipality_id AND c.id = t.case_id
LEFT JOIN signals s ON s.municipality_id = t.municipality_id AND s.id = t.signal_id
LEFT JOIN households h ON h.municipality_id = t.municipality_id AND h.id = COALESCE(c.household_id, s.household_id)
WHERE t.municipality_id = $1 AND t.id = $2`, t.MunicipalityID, t.ID).Scan(&hid, &street, &number, &addition, &postcode, &town, &person)
	if err != nil {
		return "", wijkregie.Address{}, "", notFound(err)
	}
	addr = wijkregie.Address{Street: street.String, Number: int(number.Int64), Addition: addition.String, Postcode: postcode.String, Town: town.String}
	return hid.String, addr, person.String, nil
}

// ChangeTaskTerm writes a task's changed term over the version read (a
// task changed meanwhile is a conflict) with the event that records the
// change; the event's time is set here. A triage task's signal deadline
// follows its due moment in the same transaction: the triage queue and
// the team overview read the signal's.
func (q *Q) ChangeTaskTerm(ctx context.Context, t *wijkregie.Task, e *wijkregie.TaskEvent) error {
	if err := q.UpdateTask(ctx, t); err != nil {
		return err
	}
	e.MunicipalityID, e.TaskID = t.MunicipalityID, t.ID
	if err := q.AddTaskEvent(ctx, e); err != nil {
		return err
	}
	if t.Kind == wijkregie.TaskTriage && t.SignalID != "" && !stamp(e.FromDue).Equal(t.Due) {
		return q.SetTriageDeadline(ctx, t.MunicipalityID, t.SignalID, t.Due)
	}
	return nil
}
