package store

import (
	"context"
	"database/sql"

	"wijkregie"
)

// StartMeldcode records the start of a case's Meldcode route at step 1;
// a route already running is kept as it is.
func (q *Q) StartMeldcode(ctx context.Context, r *wijkregie.MeldcodeRoute) error {
	r.StartedAt, r.Step = q.Now(), 1
	_, err := q.x.ExecContext(ctx, `INSERT INTO meldcode_routes (municipality_id, case_id, step, started_at, started_by, signal_id)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, r.MunicipalityID, r.CaseID, r.Step, r.StartedAt, r.StartedBy, nullString(r.SignalID))
	return err
}

// Meldcode returns a case's Meldcode route, or a not-found error when
// none runs.
func (q *Q) Meldcode(ctx context.Context, municipalityID, caseID string) (*wijkregie.MeldcodeRoute, error) {
	r := wijkregie.MeldcodeRoute{MunicipalityID: municipalityID, CaseID: caseID}
	var sig sql.NullString
	err := q.x.QueryRowContext(ctx, `SELECT step, started_at, started_by, signal_id FROM meldcode_routes WHERE municipality_id = $1 AND case_id = $2`,
		municipalityID, caseID).Scan(&r.Step, &r.StartedAt, &r.StartedBy, &sig)
	if err != nil {
		return nil, notFound(err)
	}
	r.StartedAt, r.SignalID = r.StartedAt.UTC(), sig.String
	return &r, nil
}
