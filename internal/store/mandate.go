package store

import (
	"context"
	"database/sql"
	"fmt"

	"wijkregie"
)

const escalationColumns = `municipality_id, case_id, id, organisation_id, to_whom, about, raised_at, raised_by,
answer, answered_at, outcome, status, version`

func scanEscalation(sc interface{ Scan(...any) error }) (*wijkregie.Escalation, error) {
	var e wijkregie.Escalation
	var answered sql.NullTime
	if err := sc.Scan(&e.MunicipalityID, &e.CaseID, &e.ID, &e.OrganisationID, &e.ToWhom, &e.About, &e.RaisedAt, &e.RaisedBy,
		&e.Answer, &answered, &e.Outcome, &e.Status, &e.Version); err != nil {
		return nil, err
	}
	e.RaisedAt, e.AnsweredAt = e.RaisedAt.UTC(), timeOf(answered)
	return &e, nil
}

// CreateEscalation records an opschaling, open, at version 1, with its
// event on the case; id and time are set here.
func (q *Q) CreateEscalation(ctx context.Context, e *wijkregie.Escalation) error {
	e.ID, e.RaisedAt, e.Status, e.Version = wijkregie.NewID(q.Now()), q.Now(), wijkregie.EscalationOpen, 1
	if err := e.Validate(); err != nil {
		return err
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO escalations (`+escalationColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.MunicipalityID, e.CaseID, e.ID, e.OrganisationID, e.ToWhom, e.About, e.RaisedAt, e.RaisedBy,
		e.Answer, nullTime(e.AnsweredAt), e.Outcome, e.Status, e.Version)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("create escalation: %w", err)
	}
	return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: e.MunicipalityID, CaseID: e.CaseID, Kind: wijkregie.EventEscalation,
		To: e.ID, By: e.RaisedBy})
}

// UpdateEscalation records the answer and outcome of an opschaling when
// its version is still the one read; otherwise a conflict.
func (q *Q) UpdateEscalation(ctx context.Context, e *wijkregie.Escalation) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Status != wijkregie.EscalationOpen && e.AnsweredAt.IsZero() {
		e.AnsweredAt = q.Now()
	}
	res, err := q.x.ExecContext(ctx, `UPDATE escalations SET answer = $4, answered_at = $5, outcome = $6, status = $7, version = version + 1
WHERE municipality_id = $1 AND case_id = $2 AND id = $3 AND version = $8`,
		e.MunicipalityID, e.CaseID, e.ID, e.Answer, nullTime(stamp(e.AnsweredAt)), e.Outcome, e.Status, e.Version)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := q.Escalation(ctx, e.MunicipalityID, e.CaseID, e.ID); err != nil {
			return err
		}
		return wijkregie.Conflict("fout.opschaling.gewijzigd")
	}
	e.Version++
	return nil
}

// Escalation returns one opschaling of a case.
func (q *Q) Escalation(ctx context.Context, municipalityID, caseID, id string) (*wijkregie.Escalation, error) {
	e, err := scanEscalation(q.x.QueryRowContext(ctx, `SELECT `+escalationColumns+` FROM escalations
WHERE municipality_id = $1 AND case_id = $2 AND id = $3`, municipalityID, caseID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return e, nil
}

// Escalations returns a case's opschalingen, oldest first.
func (q *Q) Escalations(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Escalation, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+escalationColumns+` FROM escalations WHERE municipality_id = $1 AND case_id = $2
ORDER BY raised_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Escalation
	for rows.Next() {
		e, err := scanEscalation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// CreateEnforcement records a doorzettingsmacht decision with its event on
// the case; id and time are set here. The organisations must exist in the
// municipality.
func (q *Q) CreateEnforcement(ctx context.Context, e *wijkregie.Enforcement) error {
	e.ID, e.DecidedAt = wijkregie.NewID(q.Now()), q.Now()
	if err := e.Validate(); err != nil {
		return err
	}
	for _, id := range e.OrganisationIDs {
		if _, err := q.Organisation(ctx, e.MunicipalityID, id); err != nil {
			return err
		}
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO enforcements (municipality_id, case_id, id, kind, decision, reason, organisation_ids, decided_at, decided_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.MunicipalityID, e.CaseID, e.ID, e.Kind, e.Decision, e.Reason, joinList(e.OrganisationIDs), e.DecidedAt, e.DecidedBy)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("create enforcement: %w", err)
	}
	return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: e.MunicipalityID, CaseID: e.CaseID, Kind: wijkregie.EventEnforcement,
		To: e.ID, By: e.DecidedBy})
}

// Enforcements returns a case's doorzettingsmacht decisions, oldest first.
func (q *Q) Enforcements(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Enforcement, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, kind, decision, reason, organisation_ids, decided_at, decided_by FROM enforcements
WHERE municipality_id = $1 AND case_id = $2 ORDER BY decided_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Enforcement
	for rows.Next() {
		e := wijkregie.Enforcement{MunicipalityID: municipalityID, CaseID: caseID}
		var orgs string
		if err := rows.Scan(&e.ID, &e.Kind, &e.Decision, &e.Reason, &orgs, &e.DecidedAt, &e.DecidedBy); err != nil {
			return nil, err
		}
		e.OrganisationIDs, e.DecidedAt = splitList(orgs), e.DecidedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
