package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"wijkregie"
)

// Bulk loading, for the demo at national scale (demo.Options.Signals) and
// the benchmarks that use it. A user's change goes through the one-row
// methods with their audit record; these methods exist because five
// million signals one statement at a time take too long to be useful.

// Rows in one INSERT of CreateSignals. modernc's SQLite finds each $n of
// a statement by a linear search, so a statement costs the square of its
// parameters: 16 rows (304 parameters) is about the cheapest per row.
// PostgreSQL has no such cost, and larger statements save round trips;
// 250 rows (4,750 parameters) stays far below its limit of 65,535. The
// triage tasks of the waiting signals go in statements of as many rows.
const (
	signalsPerInsertSQLite   = 16
	signalsPerInsertPostgres = 250
)

// insertRowsSQL returns the multi-row INSERT of n rows of the columns
// after head, the statement's INSERT INTO … VALUES.
func insertRowsSQL(head, columns string, n int) string {
	var b strings.Builder
	b.WriteString(head)
	cols := strings.Count(columns, ",") + 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", i*cols+c+1)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// insertSignalsSQL returns the multi-row INSERT for n signals.
func insertSignalsSQL(n int) string {
	return insertRowsSQL(`INSERT INTO signals (`+signalColumns+`) VALUES `, signalColumns, n)
}

// insertTasksSQL returns the multi-row INSERT for n tasks.
func insertTasksSQL(n int) string {
	return insertRowsSQL(`INSERT INTO tasks (`+taskColumns+`) VALUES `, taskColumns, n)
}

var fullSignalsInsert = map[Dialect]func() string{
	SQLite:   sync.OnceValue(func() string { return insertSignalsSQL(signalsPerInsertSQLite) }),
	Postgres: sync.OnceValue(func() string { return insertSignalsSQL(signalsPerInsertPostgres) }),
}

var fullTasksInsert = map[Dialect]func() string{
	SQLite:   sync.OnceValue(func() string { return insertTasksSQL(signalsPerInsertSQLite) }),
	Postgres: sync.OnceValue(func() string { return insertTasksSQL(signalsPerInsertPostgres) }),
}

// CreateSignals stores many signals in few statements: each is validated
// as CreateSignal does, and gets an id (time-ordered, so the rows go to
// the end of the primary key); a creation time already set is kept, so a
// signal from the past can be loaded as it was registered then. A signal
// waiting for triage gets its triage task as CreateSignal gives it,
// created when the signal was. Nothing is matched or audited: the caller
// loads history, not new signals.
func (q *Q) CreateSignals(ctx context.Context, sigs []wijkregie.Signal) error {
	per := signalsPerInsertSQLite
	if q.dialect == Postgres {
		per = signalsPerInsertPostgres
	}
	var tasks []any // the waiting signals' triage tasks, flushed in full statements
	pending := 0
	flushTasks := func(all bool) error {
		for pending >= per || all && pending > 0 {
			n := min(pending, per)
			query := fullTasksInsert[q.dialect]()
			if n < per {
				query = insertTasksSQL(n)
			}
			cols := strings.Count(taskColumns, ",") + 1
			if _, err := q.x.ExecContext(ctx, query, tasks[:n*cols]...); err != nil {
				return fmt.Errorf("create signals: triage tasks: %w", err)
			}
			tasks, pending = tasks[n*cols:], pending-n
		}
		return nil
	}
	for lo := 0; lo < len(sigs); lo += per {
		batch := sigs[lo:min(lo+per, len(sigs))]
		args := make([]any, 0, len(batch)*19)
		for i := range batch {
			s := &batch[i]
			if err := s.Validate(); err != nil {
				return err
			}
			s.ID = wijkregie.NewID(q.Now())
			if s.CreatedAt.IsZero() {
				s.CreatedAt = q.Now()
			}
			s.ReceivedAt, s.TriageDeadline, s.CreatedAt = stamp(s.ReceivedAt), stamp(s.TriageDeadline), stamp(s.CreatedAt)
			args = append(args, s.MunicipalityID, s.ID, s.Kind, nullString(s.PersonID), nullString(s.HouseholdID), s.SourceKind,
				nullString(s.SourceOrganisationID), s.ReporterName, s.ReporterContact, s.AnonymousToFamily, joinList(s.Domains),
				s.Description, s.Urgency, s.ReceivedAt, s.TriageDeadline, s.Status, nullString(s.TeamID), s.CreatedBy, s.CreatedAt)
			if needsTriageTask(s) {
				t := triageTask(s)
				t.ID, t.CreatedAt, t.Version = wijkregie.NewID(q.Now()), s.CreatedAt, 1
				tasks = append(tasks, t.MunicipalityID, t.ID, t.Kind, nullString(t.CaseID), nullString(t.SignalID), nullString(t.TeamID),
					nullString(t.UserID), t.Step, stamp(t.Due), t.Legal, nullTime(t.SuspendedAt), nullTime(t.DoneAt), nullString(t.DoneBy),
					t.CreatedAt, t.Version)
				pending++
			}
		}
		query := fullSignalsInsert[q.dialect]()
		if len(batch) < per {
			query = insertSignalsSQL(len(batch))
		}
		_, err := q.x.ExecContext(ctx, query, args...)
		if isForeignKeyViolation(err) {
			return wijkregie.NotFound()
		}
		if err != nil {
			return fmt.Errorf("create signals: %w", err)
		}
		if err := flushTasks(false); err != nil {
			return err
		}
	}
	return flushTasks(true)
}

// Resident is a person with the household they are a member of and that
// household's team ("" for none).
type Resident struct {
	HouseholdID string
	TeamID      string
	PersonID    string
}

// Residents calls fn for every membership of the municipality, past and
// present, household by household in the order of their ids (the members
// primary key), for bulk loading and benchmarks. fn must not run queries:
// the rows are still being read.
func (q *Q) Residents(ctx context.Context, municipalityID string, fn func(Resident) error) error {
	rows, err := q.x.QueryContext(ctx, `SELECT m.household_id, h.team_id, m.person_id FROM members m
JOIN households h ON h.municipality_id = m.municipality_id AND h.id = m.household_id
WHERE m.municipality_id = $1 ORDER BY m.household_id, m.person_id`, municipalityID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r Resident
		var team *string
		if err := rows.Scan(&r.HouseholdID, &team, &r.PersonID); err != nil {
			return err
		}
		if team != nil {
			r.TeamID = *team
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
