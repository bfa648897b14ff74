package store

import (
	"context"
	"database/sql"
	"fmt"

	"wijkregie"
)

// CreateClosure records how a case ended; the closing moment is now
// unless the caller gives the case's own. The goals' final statuses are
// not kept here but in the plan's last version. A case closed already is
// the conflict fout.casus.gesloten.
func (q *Q) CreateClosure(ctx context.Context, c *wijkregie.Closure) error {
	if c.ClosedAt.IsZero() {
		c.ClosedAt = q.Now()
	}
	c.ClosedAt = stamp(c.ClosedAt)
	var rating any
	if c.Rating != 0 {
		rating = c.Rating
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO case_closures (municipality_id, case_id, reason, can_continue, problems_reduced, goals_achieved,
final_assessment_id, rating, remark, summary, closed_at, closed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		c.MunicipalityID, c.CaseID, c.Reason, c.CanContinue, c.ProblemsReduced, c.GoalsAchieved, nullString(c.FinalAssessmentID), rating,
		c.Remark, c.Summary, c.ClosedAt, c.ClosedBy)
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.casus.gesloten")
	case isCheckViolation(err):
		return wijkregie.InvalidField("waardering", "veld.afsluiting.waardering")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case err != nil:
		return fmt.Errorf("create closure: %w", err)
	}
	return nil
}

// Closure returns how a closed case ended, or ENOTFOUND while it is open.
func (q *Q) Closure(ctx context.Context, municipalityID, caseID string) (*wijkregie.Closure, error) {
	c := wijkregie.Closure{MunicipalityID: municipalityID, CaseID: caseID}
	var final sql.NullString
	var rating sql.NullInt64
	err := q.x.QueryRowContext(ctx, `SELECT reason, can_continue, problems_reduced, goals_achieved, final_assessment_id, rating, remark,
summary, closed_at, closed_by FROM case_closures WHERE municipality_id = $1 AND case_id = $2`, municipalityID, caseID).Scan(
		&c.Reason, &c.CanContinue, &c.ProblemsReduced, &c.GoalsAchieved, &final, &rating, &c.Remark, &c.Summary, &c.ClosedAt, &c.ClosedBy)
	if err != nil {
		return nil, notFound(err)
	}
	c.FinalAssessmentID, c.Rating, c.ClosedAt = final.String, int(rating.Int64), c.ClosedAt.UTC()
	return &c, nil
}
