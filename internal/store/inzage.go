package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"wijkregie"
)

// The reads behind an inzage (AVG art. 15; app.Inzage): everything the
// store holds about one person. Most of it is read with the methods the
// case pages use; these are the ones an export needs whole — every note
// of a case whatever its visibility, every audit record of a person — or
// that no page needs.

// ReadTx runs fn in one read-only transaction, so that what fn reads is
// the state of one moment: an export read while a regisseur saves a plan
// shows the plan and its versions from before the save, or from after,
// never half of each. On PostgreSQL it is REPEATABLE READ (one snapshot
// for the whole transaction); on SQLite a read transaction on the WAL,
// which reads one snapshot by itself. fn must not keep q after return.
func (s *Store) ReadTx(ctx context.Context, fn func(q *Q) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.rdb.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	if err := fn(&Q{x: s.wrap(tx), dialect: s.dialect, now: s.now, keys: s.keys}); err != nil {
		return err
	}
	return tx.Commit()
}

// MergedPersons returns the records that were merged into personID:
// duplicates of the same resident, whose own history (their audit
// records, a signal registered on them before the merge) is the
// resident's too.
func (q *Q) MergedPersons(ctx context.Context, municipalityID, personID string) ([]wijkregie.Person, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+personColumns+` FROM persons
WHERE municipality_id = $1 AND merged_into = $2 ORDER BY merged_at, id`, municipalityID, personID)
	if err != nil {
		return nil, fmt.Errorf("merged persons: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Person
	for rows.Next() {
		p, err := q.scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// InzageSignals returns the signals that name one of the persons, and
// those on one of the households that name no person: a signal about
// another member of the household is that member's, not theirs. Oldest
// first.
func (q *Q) InzageSignals(ctx context.Context, municipalityID string, personIDs, householdIDs []string) ([]wijkregie.Signal, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	args, persons := appendMarks([]any{municipalityID}, personIDs)
	cond := `person_id IN (` + persons + `)`
	if len(householdIDs) > 0 {
		var households string
		args, households = appendMarks(args, householdIDs)
		cond += ` OR person_id IS NULL AND household_id IN (` + households + `)`
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+signalColumns+` FROM signals
WHERE municipality_id = $1 AND (`+cond+`) ORDER BY received_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("inzage signals: %w", err)
	}
	return scanSignals(rows)
}

// CasePlanIDs returns the ids of a case's plans, the oldest first: a case
// has one active plan, and may have had others before it.
func (q *Q) CasePlanIDs(ctx context.Context, municipalityID, caseID string) ([]string, error) {
	return q.queryIDs(ctx, "case plans", `SELECT id FROM plans WHERE municipality_id = $1 AND case_id = $2 ORDER BY created_at, id`,
		municipalityID, caseID)
}

// AllCaseNotes returns every note of a case, whatever its visibility, in
// the order written: the privacy officer compiles an export from them and
// weighs each before sending (docs/privacy.md, "Inzage").
func (q *Q) AllCaseNotes(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Note, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+noteColumns+` FROM notes
WHERE municipality_id = $1 AND case_id = $2 ORDER BY date, created_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, fmt.Errorf("all case notes: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Note
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *n)
	}
	return out, rows.Err()
}

// PersonAudit returns every audit record on the persons, oldest first
// (audit_log_by_person): who read or changed their data, when and why.
func (q *Q) PersonAudit(ctx context.Context, municipalityID string, personIDs []string) ([]wijkregie.AuditRecord, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	args, marks := appendMarks([]any{municipalityID}, personIDs)
	rows, err := q.x.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log
WHERE municipality_id = $1 AND person_id IN (`+marks+`) ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("person audit: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// HouseholdNotifications returns the notifications that named one of the
// households to a user (a match: another organisation is involved too),
// oldest first: to whom the platform made the family known.
func (q *Q) HouseholdNotifications(ctx context.Context, municipalityID string, householdIDs []string) ([]wijkregie.Notification, error) {
	if len(householdIDs) == 0 {
		return nil, nil
	}
	args, marks := appendMarks([]any{municipalityID}, householdIDs)
	rows, err := q.x.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications
WHERE municipality_id = $1 AND household_id IN (`+marks+`) ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("household notifications: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *n)
	}
	return out, rows.Err()
}

// ConsentsGivenBy returns the consents the person gave for someone else
// (as a parent with authority), with their givers, in the order given.
func (q *Q) ConsentsGivenBy(ctx context.Context, municipalityID, personID string) ([]wijkregie.Consent, error) {
	return q.consents(ctx, municipalityID, `SELECT `+consentColumns+` FROM consents c
WHERE c.municipality_id = $1 AND c.person_id <> $2 AND EXISTS (SELECT 1 FROM consent_givers g
  WHERE g.municipality_id = c.municipality_id AND g.consent_id = c.id AND g.person_id = $2)
ORDER BY c.given_on, c.recorded_at, c.id`, []any{municipalityID, personID})
}

// CaseSharingGrounds returns the legal grounds on which partner
// organisations took part in the case, ended ones too, in the order
// recorded.
func (q *Q) CaseSharingGrounds(ctx context.Context, municipalityID, caseID string) ([]wijkregie.SharingGround, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, organisation_id, ground, purposes, justification, recorded_by, recorded_at,
  ended_at, ended_by, end_reason
FROM case_sharing_grounds WHERE municipality_id = $1 AND case_id = $2 ORDER BY recorded_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, fmt.Errorf("case sharing grounds: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.SharingGround
	for rows.Next() {
		g := wijkregie.SharingGround{MunicipalityID: municipalityID, CaseID: caseID}
		var purposes string
		var ended sql.NullTime
		var endedBy sql.NullString
		if err := rows.Scan(&g.ID, &g.OrganisationID, &g.Ground, &purposes, &g.Justification, &g.RecordedBy, &g.RecordedAt,
			&ended, &endedBy, &g.EndReason); err != nil {
			return nil, err
		}
		for _, p := range splitList(purposes) {
			g.Purposes = append(g.Purposes, wijkregie.ConsentPurpose(p))
		}
		g.RecordedAt, g.EndedAt, g.EndedBy = g.RecordedAt.UTC(), timeOf(ended), endedBy.String
		out = append(out, g)
	}
	return out, rows.Err()
}

// CaseEmergencyAccesses returns the emergency accesses to the case, the
// oldest first: who opened it outside the case, why, and the privacy
// officer's verdict.
func (q *Q) CaseEmergencyAccesses(ctx context.Context, municipalityID, caseID string) ([]wijkregie.EmergencyAccess, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+emergencyColumns+` FROM emergency_accesses e
WHERE e.municipality_id = $1 AND e.case_id = $2 ORDER BY e.start_at, e.id`, municipalityID, caseID)
	if err != nil {
		return nil, fmt.Errorf("case emergency accesses: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.EmergencyAccess
	for rows.Next() {
		e, err := scanEmergency(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// PersonDataColumns are the columns by which a table's rows belong to a
// person: naming them, their household, or a record that does (a case, a
// signal, a plan, a task, a consent, an assessment, an outreach).
var PersonDataColumns = []string{"person_id", "household_id", "case_id", "signal_id", "plan_id", "task_id", "consent_id", "assessment_id", "outreach_id"}

// PersonDataTables returns, sorted, the tables of the schema that hold a
// person's data: persons and households, and every table with one of
// PersonDataColumns. The inzage's completeness test compares it with the
// tables the export covers, so that a new table of personal data cannot
// be left out of it unnoticed.
func (s *Store) PersonDataTables(ctx context.Context) ([]string, error) {
	args, marks := appendMarks(nil, PersonDataColumns)
	query := `SELECT DISTINCT table_name FROM information_schema.columns
WHERE table_schema = current_schema() AND column_name IN (` + marks + `)`
	if s.dialect == SQLite {
		query = `SELECT DISTINCT m.name FROM sqlite_master m, pragma_table_info(m.name) c
WHERE m.type = 'table' AND c.name IN (` + marks + `)`
	}
	rows, err := s.rdb.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("person data tables: %w", err)
	}
	defer rows.Close()
	out := []string{"households", "persons"}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if !strings.HasPrefix(t, "sqlite_") {
			out = append(out, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
