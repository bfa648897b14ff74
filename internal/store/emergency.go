package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
)

// Emergency access (migration 0016, docs/privacy.md "Nood-toegang"): the
// record of each access, which the privacy officer reviews, and the audit
// trail the review judges. The access itself is an involvement of kind
// nood-toegang (Involve), written by the use case in the same
// transaction.

const emergencyColumns = `e.municipality_id, e.id, e.case_id, e.household_id, e.user_id, e.reason, e.start_at, e.end_at,
e.reviewed_at, e.reviewed_by, e.verdict, e.review_note, e.version`

func scanEmergency(sc interface{ Scan(...any) error }) (*wijkregie.EmergencyAccess, error) {
	var e wijkregie.EmergencyAccess
	var reviewed sql.NullTime
	var by, verdict sql.NullString
	if err := sc.Scan(&e.MunicipalityID, &e.ID, &e.CaseID, &e.HouseholdID, &e.UserID, &e.Reason, &e.Start, &e.End,
		&reviewed, &by, &verdict, &e.ReviewNote, &e.Version); err != nil {
		return nil, err
	}
	e.Start, e.End, e.ReviewedAt = e.Start.UTC(), e.End.UTC(), timeOf(reviewed)
	e.ReviewedBy, e.Verdict = by.String, wijkregie.EmergencyVerdict(verdict.String)
	return &e, nil
}

// CreateEmergencyAccess records an emergency access the domain made
// (wijkregie.NewEmergencyAccess), unreviewed, at version 1; the id is set
// here, the window kept to the microsecond. A case, household or user that
// does not exist is not found.
func (q *Q) CreateEmergencyAccess(ctx context.Context, e *wijkregie.EmergencyAccess) error {
	e.ID, e.Version = wijkregie.NewID(q.Now()), 1
	e.Start, e.End = stamp(e.Start), stamp(e.End)
	e.ReviewedAt, e.ReviewedBy, e.Verdict, e.ReviewNote = time.Time{}, "", "", ""
	_, err := q.x.ExecContext(ctx, `INSERT INTO emergency_accesses (municipality_id, id, case_id, household_id, user_id, reason,
start_at, end_at, review_note, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9)`,
		e.MunicipalityID, e.ID, e.CaseID, e.HouseholdID, e.UserID, e.Reason, e.Start, e.End, e.Version)
	switch {
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case err != nil:
		return fmt.Errorf("create emergency access: %w", err)
	}
	return nil
}

// EmergencyAccess returns one emergency access.
func (q *Q) EmergencyAccess(ctx context.Context, municipalityID, id string) (*wijkregie.EmergencyAccess, error) {
	e, err := scanEmergency(q.x.QueryRowContext(ctx, `SELECT `+emergencyColumns+` FROM emergency_accesses e
WHERE e.municipality_id = $1 AND e.id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return e, nil
}

// EmergencyFilter narrows the list of emergency accesses. Reviewed nil
// lists all, those still to review first; true only the reviewed ones,
// false only those still to review.
type EmergencyFilter struct {
	Reviewed *bool
	Page     Page
}

// EmergencyAccesses lists a municipality's emergency accesses with the
// total count: those still to review first, each group newest first
// (emergency_accesses_to_review, emergency_accesses_by_start).
func (q *Q) EmergencyAccesses(ctx context.Context, municipalityID string, f EmergencyFilter) ([]wijkregie.EmergencyAccess, int, error) {
	p := f.Page.clamp()
	where := ` FROM emergency_accesses e WHERE e.municipality_id = $1`
	switch {
	case f.Reviewed == nil:
	case *f.Reviewed:
		where += ` AND e.reviewed_at IS NOT NULL`
	default:
		where += ` AND e.reviewed_at IS NULL`
	}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*)`+where, municipalityID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("emergency accesses: %w", err)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+emergencyColumns+where+`
ORDER BY CASE WHEN e.reviewed_at IS NULL THEN 0 ELSE 1 END, e.start_at DESC, e.id DESC LIMIT $2 OFFSET $3`,
		municipalityID, p.Limit, p.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("emergency accesses: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.EmergencyAccess
	for rows.Next() {
		e, err := scanEmergency(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *e)
	}
	return out, total, rows.Err()
}

// CurrentEmergencyAccess returns the user's emergency access to the case
// that holds at the moment at, the one that lasts longest when there are
// several; not found when none does (emergency_accesses_by_user).
func (q *Q) CurrentEmergencyAccess(ctx context.Context, municipalityID, userID, caseID string, at time.Time) (*wijkregie.EmergencyAccess, error) {
	e, err := scanEmergency(q.x.QueryRowContext(ctx, `SELECT `+emergencyColumns+` FROM emergency_accesses e
WHERE e.municipality_id = $1 AND e.user_id = $2 AND e.case_id = $3 AND e.end_at > $4 AND e.start_at <= $4
ORDER BY e.end_at DESC LIMIT 1`, municipalityID, userID, caseID, stamp(at)))
	if err != nil {
		return nil, notFound(err)
	}
	return e, nil
}

// ReviewEmergencyAccess writes the review the domain recorded on e
// (wijkregie.EmergencyAccess.Review) when e's version is still the stored
// one and it was not reviewed before; its version goes up. Otherwise: not
// found, reviewed already, or changed meanwhile — each a refusal that
// writes nothing.
func (q *Q) ReviewEmergencyAccess(ctx context.Context, e *wijkregie.EmergencyAccess) error {
	if !e.Reviewed() || e.ReviewedBy == "" {
		return fmt.Errorf("review emergency access %s: no review recorded", e.ID)
	}
	e.ReviewedAt = stamp(e.ReviewedAt)
	res, err := q.x.ExecContext(ctx, `UPDATE emergency_accesses SET reviewed_at = $3, reviewed_by = $4, verdict = $5, review_note = $6,
version = version + 1 WHERE municipality_id = $1 AND id = $2 AND version = $7 AND reviewed_at IS NULL`,
		e.MunicipalityID, e.ID, e.ReviewedAt, e.ReviewedBy, string(e.Verdict), e.ReviewNote, e.Version)
	switch {
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case isCheckViolation(err):
		return wijkregie.InvalidField("oordeel", "veld.keuze")
	case err != nil:
		return fmt.Errorf("review emergency access: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		cur, err := q.EmergencyAccess(ctx, e.MunicipalityID, e.ID)
		switch {
		case err != nil:
			return err
		case cur.Reviewed():
			return wijkregie.Conflict("fout.noodtoegang.al_beoordeeld")
		}
		return wijkregie.Conflict("fout.noodtoegang.gewijzigd")
	}
	e.Version++
	return nil
}

// EmergencyAuditTrail returns what the audit log holds of the access's
// user on its case and household during its window, oldest first, with
// the total count: what the privacy officer judges. A record counts when
// it names the case or the household as its subject, concerns a person
// who is or was a member of the household, or reads a note of the case.
// The window runs from the start to the end of the access, both included:
// the request itself is the first record.
//
// The user's records are found through audit_log_by_user and then cut to
// the window: the log is append-only, so a user's records of one day lie
// together, and a review is rare beside the reads it reviews.
func (q *Q) EmergencyAuditTrail(ctx context.Context, e *wijkregie.EmergencyAccess, page Page) ([]wijkregie.AuditRecord, int, error) {
	p := page.clamp()
	where := ` FROM audit_log a WHERE a.municipality_id = $1 AND a.user_id = $2 AND a.at >= $3 AND a.at <= $4
AND (a.subject_id IN ($5, $6)
  OR a.person_id <> '' AND a.person_id IN (SELECT m.person_id FROM members m WHERE m.municipality_id = $1 AND m.household_id = $6)
  OR a.subject_kind = 'notitie' AND a.subject_id IN (SELECT n.id FROM notes n WHERE n.municipality_id = $1 AND n.case_id = $5))`
	args := []any{e.MunicipalityID, e.UserID, stamp(e.Start), stamp(e.End), e.CaseID, e.HouseholdID}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("emergency audit trail: %w", err)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("a", auditColumns)+where+` ORDER BY a.seq LIMIT $7 OFFSET $8`,
		append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("emergency audit trail: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *r)
	}
	return out, total, rows.Err()
}
