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
