package store

import (
	"context"
	"database/sql"
	"fmt"

	"wijkregie"
)

// StartMeldcode records the start of a case's Meldcode route at step 1;
// a route already running is kept as it is. A route it starts comes with
// the task for step 1: the regisseur's, or while the case has none its
// team's (assigning a regisseur hands it on), due in the municipality's
// Meldcode working days.
func (q *Q) StartMeldcode(ctx context.Context, r *wijkregie.MeldcodeRoute) error {
	r.StartedAt, r.Step, r.Version = q.Now(), 1, 1
	res, err := q.x.ExecContext(ctx, `INSERT INTO meldcode_routes (municipality_id, case_id, step, started_at, started_by, signal_id, version)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, r.MunicipalityID, r.CaseID, r.Step, r.StartedAt, r.StartedBy, nullString(r.SignalID), r.Version)
	if err != nil {
		return fmt.Errorf("start meldcode: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	c, err := q.Case(ctx, r.MunicipalityID, r.CaseID)
	if err != nil {
		return err
	}
	set, err := q.Settings(ctx, r.MunicipalityID)
	if err != nil {
		return err
	}
	return q.CreateTask(ctx, &wijkregie.Task{MunicipalityID: r.MunicipalityID, Kind: wijkregie.TaskMeldcode, CaseID: c.ID,
		TeamID: c.TeamID, UserID: c.CoordinatorID, Step: 1, Due: wijkregie.AddWorkingDays(r.StartedAt, set.MeldcodeStepDays)})
}

// Meldcode returns a case's Meldcode route with its steps (in order), its
// answers (in question order) and its consultations (by date), or a
// not-found error when the case has none.
func (q *Q) Meldcode(ctx context.Context, municipalityID, caseID string) (*wijkregie.MeldcodeRoute, error) {
	r := wijkregie.MeldcodeRoute{MunicipalityID: municipalityID, CaseID: caseID}
	var sig, planBy, reportBy sql.NullString
	var planAt, review, closed, reported sql.NullTime
	var rep wijkregie.VeiligThuisReport
	err := q.x.QueryRowContext(ctx, `SELECT step, started_at, started_by, signal_id, safety_plan, safety_plan_at, safety_plan_by,
review_date, outcome, closed_at, report_date, report_reference, report_consent_refused, report_legal_ground, report_by, version
FROM meldcode_routes WHERE municipality_id = $1 AND case_id = $2`, municipalityID, caseID).Scan(
		&r.Step, &r.StartedAt, &r.StartedBy, &sig, &r.SafetyPlan, &planAt, &planBy,
		&review, &r.Outcome, &closed, &reported, &rep.Reference, &rep.ConsentRefused, &rep.LegalBasis, &reportBy, &r.Version)
	if err != nil {
		return nil, notFound(err)
	}
	r.StartedAt, r.SignalID = r.StartedAt.UTC(), sig.String
	r.SafetyPlanAt, r.SafetyPlanBy = timeOf(planAt), planBy.String
	r.ReviewDate, r.ClosedAt = timeOf(review), timeOf(closed)
	if reported.Valid {
		rep.Date, rep.By = timeOf(reported), reportBy.String
		r.Report = &rep
	}
	if r.Steps, err = q.meldcodeSteps(ctx, municipalityID, caseID); err != nil {
		return nil, err
	}
	if r.Answers, err = q.meldcodeAnswers(ctx, municipalityID, caseID); err != nil {
		return nil, err
	}
	if r.Consultations, err = q.consultations(ctx, municipalityID, caseID); err != nil {
		return nil, err
	}
	return &r, nil
}

func (q *Q) meldcodeSteps(ctx context.Context, municipalityID, caseID string) ([]wijkregie.MeldcodeStep, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT step, date, by_user, rationale FROM meldcode_steps
WHERE municipality_id = $1 AND case_id = $2 ORDER BY step`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.MeldcodeStep
	for rows.Next() {
		var s wijkregie.MeldcodeStep
		if err := rows.Scan(&s.Step, &s.Date, &s.By, &s.Rationale); err != nil {
			return nil, err
		}
		s.Date = s.Date.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

func (q *Q) meldcodeAnswers(ctx context.Context, municipalityID, caseID string) ([]wijkregie.MeldcodeAnswer, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT question, yes, date, by_user, rationale FROM meldcode_answers
WHERE municipality_id = $1 AND case_id = $2 ORDER BY question`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.MeldcodeAnswer
	for rows.Next() {
		var a wijkregie.MeldcodeAnswer
		if err := rows.Scan(&a.Question, &a.Yes, &a.Date, &a.By, &a.Rationale); err != nil {
			return nil, err
		}
		a.Date = a.Date.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

func (q *Q) consultations(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Consultation, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, kind, with_whom, date, anonymous, summary, by_user FROM meldcode_consultations
WHERE municipality_id = $1 AND case_id = $2 ORDER BY date, id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Consultation
	for rows.Next() {
		var c wijkregie.Consultation
		if err := rows.Scan(&c.ID, &c.Kind, &c.With, &c.Date, &c.Anonymous, &c.Summary, &c.By); err != nil {
			return nil, err
		}
		c.Date = c.Date.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveMeldcode writes the route's own columns (step, outcome, report,
// safety plan, review date, closure) when its version is still
// readVersion, the one read, and raises it; otherwise a conflict. Steps,
// answers and consultations are added beside it (AddMeldcodeStep,
// AddMeldcodeAnswer, AddConsultation).
func (q *Q) SaveMeldcode(ctx context.Context, r *wijkregie.MeldcodeRoute, readVersion int) error {
	var rep wijkregie.VeiligThuisReport
	if r.Report != nil {
		rep = *r.Report
	}
	res, err := q.x.ExecContext(ctx, `UPDATE meldcode_routes SET step = $4, safety_plan = $5, safety_plan_at = $6, safety_plan_by = $7,
review_date = $8, outcome = $9, closed_at = $10, report_date = $11, report_reference = $12, report_consent_refused = $13,
report_legal_ground = $14, report_by = $15, version = version + 1
WHERE municipality_id = $1 AND case_id = $2 AND version = $3`,
		r.MunicipalityID, r.CaseID, readVersion, r.Step, r.SafetyPlan, nullTime(r.SafetyPlanAt), nullString(r.SafetyPlanBy),
		nullDate(r.ReviewDate), r.Outcome, nullTime(r.ClosedAt), nullDate(rep.Date), rep.Reference, rep.ConsentRefused,
		rep.LegalBasis, nullString(rep.By))
	if err != nil {
		return fmt.Errorf("save meldcode: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := q.Meldcode(ctx, r.MunicipalityID, r.CaseID); err != nil {
			return err
		}
		return wijkregie.Conflict("fout.meldcode.gewijzigd")
	}
	// The route as stored: dates as days, moments to the microsecond.
	r.Version = readVersion + 1
	r.SafetyPlanAt, r.ReviewDate, r.ClosedAt = timeOf(nullTime(r.SafetyPlanAt)), timeOf(nullDate(r.ReviewDate)), timeOf(nullTime(r.ClosedAt))
	if r.Report != nil {
		r.Report.Date = timeOf(nullDate(r.Report.Date))
	}
	return nil
}

// AddMeldcodeStep records a step done on the route; s.Date keeps its day
// only. A step recorded twice is a conflict: someone else did it
// meanwhile.
func (q *Q) AddMeldcodeStep(ctx context.Context, r *wijkregie.MeldcodeRoute, s *wijkregie.MeldcodeStep) error {
	s.Date = date(s.Date)
	_, err := q.x.ExecContext(ctx, `INSERT INTO meldcode_steps (municipality_id, case_id, step, date, by_user, rationale)
VALUES ($1, $2, $3, $4, $5, $6)`, r.MunicipalityID, r.CaseID, s.Step, s.Date, s.By, s.Rationale)
	return meldcodeRow("add meldcode step", err)
}

// AddMeldcodeAnswer records an afwegingsvraag answered on the route;
// a.Date keeps its day only. A question answered twice is a conflict.
func (q *Q) AddMeldcodeAnswer(ctx context.Context, r *wijkregie.MeldcodeRoute, a *wijkregie.MeldcodeAnswer) error {
	a.Date = date(a.Date)
	_, err := q.x.ExecContext(ctx, `INSERT INTO meldcode_answers (municipality_id, case_id, question, yes, date, by_user, rationale)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.MunicipalityID, r.CaseID, a.Question, a.Yes, a.Date, a.By, a.Rationale)
	return meldcodeRow("add meldcode answer", err)
}

// AddConsultation records a consultation on the route; its id is set
// here and c.Date keeps its day only.
func (q *Q) AddConsultation(ctx context.Context, r *wijkregie.MeldcodeRoute, c *wijkregie.Consultation) error {
	c.ID, c.Date = wijkregie.NewID(q.Now()), date(c.Date)
	_, err := q.x.ExecContext(ctx, `INSERT INTO meldcode_consultations (municipality_id, case_id, id, kind, with_whom, date, anonymous, summary, by_user)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, r.MunicipalityID, r.CaseID, c.ID, c.Kind, c.With, c.Date, c.Anonymous, c.Summary, c.By)
	return meldcodeRow("add consultation", err)
}

// meldcodeRow translates what the schema refuses of a route's row: one
// there already (someone else recorded it meanwhile), or a route or user
// that does not exist.
func meldcodeRow(what string, err error) error {
	switch {
	case err == nil:
		return nil
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.meldcode.gewijzigd")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	}
	return fmt.Errorf("%s: %w", what, err)
}
