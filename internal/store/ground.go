package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
)

// Sharing grounds (wijkregie.SharingGround, migration 0015): a partner's
// part in a case on a legal ground instead of consent.

const groundColumns = `municipality_id, id, case_id, organisation_id, ground, purposes, justification, recorded_by, recorded_at,
ended_at, ended_by, end_reason`

func scanGround(sc interface{ Scan(...any) error }) (*wijkregie.SharingGround, error) {
	var g wijkregie.SharingGround
	var purposes string
	var ended sql.NullTime
	var endedBy sql.NullString
	if err := sc.Scan(&g.MunicipalityID, &g.ID, &g.CaseID, &g.OrganisationID, &g.Ground, &purposes, &g.Justification, &g.RecordedBy,
		&g.RecordedAt, &ended, &endedBy, &g.EndReason); err != nil {
		return nil, err
	}
	for _, p := range splitList(purposes) {
		g.Purposes = append(g.Purposes, wijkregie.ConsentPurpose(p))
	}
	g.RecordedAt, g.EndedAt, g.EndedBy = g.RecordedAt.UTC(), timeOf(ended), endedBy.String
	return &g, nil
}

// CreateSharingGround stores a new ground; id and the recording time are
// set here. An unknown case or organisation is not found.
func (q *Q) CreateSharingGround(ctx context.Context, g *wijkregie.SharingGround) error {
	g.ID, g.RecordedAt = wijkregie.NewID(q.Now()), q.Now()
	purposes := make([]string, len(g.Purposes))
	for i, p := range g.Purposes {
		purposes[i] = string(p)
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO case_sharing_grounds (`+groundColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, '')`,
		g.MunicipalityID, g.ID, g.CaseID, g.OrganisationID, g.Ground, joinList(purposes), g.Justification, g.RecordedBy, g.RecordedAt)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("create sharing ground: %w", err)
	}
	return nil
}

// SharingGrounds returns a case's grounds, ended ones too, in the order
// recorded.
func (q *Q) SharingGrounds(ctx context.Context, municipalityID, caseID string) ([]wijkregie.SharingGround, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+groundColumns+` FROM case_sharing_grounds
WHERE municipality_id = $1 AND case_id = $2 ORDER BY recorded_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, fmt.Errorf("sharing grounds: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.SharingGround
	for rows.Next() {
		g, err := scanGround(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *g)
	}
	return out, rows.Err()
}

// SharingGround returns one ground of a case.
func (q *Q) SharingGround(ctx context.Context, municipalityID, caseID, id string) (*wijkregie.SharingGround, error) {
	g, err := scanGround(q.x.QueryRowContext(ctx, `SELECT `+groundColumns+` FROM case_sharing_grounds
WHERE municipality_id = $1 AND case_id = $2 AND id = $3`, municipalityID, caseID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return g, nil
}

// EndSharingGround writes the end on a ground that has none yet; one
// ended meanwhile is a conflict.
func (q *Q) EndSharingGround(ctx context.Context, g *wijkregie.SharingGround) error {
	res, err := q.x.ExecContext(ctx, `UPDATE case_sharing_grounds SET ended_at = $4, ended_by = $5, end_reason = $6
WHERE municipality_id = $1 AND case_id = $2 AND id = $3 AND ended_at IS NULL`,
		g.MunicipalityID, g.CaseID, g.ID, g.EndedAt, g.EndedBy, g.EndReason)
	if err != nil {
		return fmt.Errorf("end sharing ground: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return wijkregie.Conflict("fout.grondslag.beeindigd")
	}
	return nil
}

// HouseholdConsentsForRecipient returns the consents, not withdrawn
// before at, of the persons currently member of the household that name
// the organisation or its kind: what widens a partner's access
// (policy.PartnerFacts).
func (q *Q) HouseholdConsentsForRecipient(ctx context.Context, municipalityID, householdID, organisationID string,
	kind wijkregie.OrganisationKind, at time.Time) ([]wijkregie.Consent, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+consentColumns+` FROM consents c
WHERE c.municipality_id = $1 AND (c.withdrawn_at IS NULL OR c.withdrawn_at > $5)
AND (c.organisation_id = $3 OR c.organisation_id IS NULL AND c.organisation_kind = $4)
AND c.person_id IN (SELECT m.person_id FROM members m WHERE m.municipality_id = $1 AND m.household_id = $2
    AND m.from_date <= $6 AND (m.until_date IS NULL OR m.until_date >= $6))`,
		municipalityID, householdID, organisationID, string(kind), stamp(at), date(wijkregie.Today(at)))
	if err != nil {
		return nil, fmt.Errorf("household consents for recipient: %w", err)
	}
	return scanConsents(rows)
}
