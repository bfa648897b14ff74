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
// 250 rows (4,750 parameters) stays far below its limit of 65,535.
const (
	signalsPerInsertSQLite   = 16
	signalsPerInsertPostgres = 250
)

// insertSignalsSQL returns the multi-row INSERT for n signals.
func insertSignalsSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO signals (` + signalColumns + `) VALUES `)
	cols := strings.Count(signalColumns, ",") + 1
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

var fullSignalsInsert = map[Dialect]func() string{
	SQLite:   sync.OnceValue(func() string { return insertSignalsSQL(signalsPerInsertSQLite) }),
	Postgres: sync.OnceValue(func() string { return insertSignalsSQL(signalsPerInsertPostgres) }),
}

// CreateSignals stores many signals in few statements: each is validated
// as CreateSignal does, and gets an id (time-ordered, so the rows go to
// the end of the primary key); a creation time already set is kept, so a
// signal from the past can be loaded as it was registered then. Nothing
// is matched or audited: the caller loads history, not new signals.
func (q *Q) CreateSignals(ctx context.Context, sigs []wijkregie.Signal) error {
	per := signalsPerInsertSQLite
	if q.dialect == Postgres {
		per = signalsPerInsertPostgres
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
	}
	return nil
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
