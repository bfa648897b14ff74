package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"wijkregie"
)

// planDocument is one plan version as plan_versions.document keeps it, in
// JSON. The field names below are the stored format: old versions are
// read back with them for as long as the history is kept, so a name is
// never changed or reused; a new field is added with omitempty. Dates are
// calendar days, "2006-01-02", empty when not set. The plan's id, case,
// status and version, and who saved it when with which note, are columns
// of plans and plan_versions, not part of the document.
type planDocument struct {
	Variant        string      `json:"variant"`
	GoingWell      string      `json:"going_well"`
	Worries        []planWorry `json:"worries"`
	OwnStrength    string      `json:"own_strength"`
	SupportNeeded  string      `json:"support_needed"`
	Goals          []planGoal  `json:"goals"`
	MeetingDate    string      `json:"meeting_date,omitempty"`
	Participants   string      `json:"participants"`
	AgreedOn       string      `json:"agreed_on,omitempty"`
	AgreedHow      string      `json:"agreed_how,omitempty"`
	EvaluationDate string      `json:"evaluation_date,omitempty"`
}

type planWorry struct {
	Text     string `json:"text"`
	Priority int    `json:"priority"`
}

type planGoal struct {
	ID               string       `json:"id"`
	Domain           string       `json:"domain"`
	Description      string       `json:"description"`
	SuccessCriterion string       `json:"success_criterion"`
	TargetDate       string       `json:"target_date,omitempty"`
	Owner            string       `json:"owner"`
	OrganisationID   string       `json:"organisation_id,omitempty"`
	Status           string       `json:"status"`
	Actions          []planAction `json:"actions"`
}

type planAction struct {
	ID     string `json:"id"`
	What   string `json:"what"`
	Who    string `json:"who"`
	Start  string `json:"start,omitempty"`
	Due    string `json:"due,omitempty"`
	Status string `json:"status"`
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return date(t).Format(time.DateOnly)
}

func dayOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

// encodePlan writes the document of p's version.
func encodePlan(p *wijkregie.Plan) (string, error) {
	d := planDocument{Variant: string(p.Variant), GoingWell: p.GoingWell, OwnStrength: p.OwnStrength, SupportNeeded: p.SupportNeeded,
		MeetingDate: dayText(p.MeetingDate), Participants: p.Participants, AgreedOn: dayText(p.AgreedOn), AgreedHow: string(p.AgreedHow),
		EvaluationDate: dayText(p.EvaluationDate), Worries: []planWorry{}, Goals: []planGoal{}}
	for _, w := range p.Worries {
		d.Worries = append(d.Worries, planWorry{Text: w.Text, Priority: w.Priority})
	}
	for _, g := range p.Goals {
		pg := planGoal{ID: g.ID, Domain: g.Domain, Description: g.Description, SuccessCriterion: g.SuccessCriterion, TargetDate: dayText(g.TargetDate),
			Owner: string(g.Owner), OrganisationID: g.OrganisationID, Status: string(g.Status), Actions: []planAction{}}
		for _, a := range g.Actions {
			pg.Actions = append(pg.Actions, planAction{ID: a.ID, What: a.What, Who: a.Who, Start: dayText(a.Start), Due: dayText(a.Due),
				Status: string(a.Status)})
		}
		d.Goals = append(d.Goals, pg)
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// decodePlan fills p's content from a version's document.
func decodePlan(doc string, p *wijkregie.Plan) error {
	var d planDocument
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return fmt.Errorf("plan document: %w", err)
	}
	var errs []error
	day := func(s string) time.Time {
		t, err := dayOf(s)
		if err != nil {
			errs = append(errs, err)
		}
		return t
	}
	p.Variant, p.GoingWell, p.OwnStrength, p.SupportNeeded = wijkregie.PlanVariant(d.Variant), d.GoingWell, d.OwnStrength, d.SupportNeeded
	p.MeetingDate, p.Participants, p.AgreedOn, p.AgreedHow = day(d.MeetingDate), d.Participants, day(d.AgreedOn), wijkregie.AgreementHow(d.AgreedHow)
	p.EvaluationDate = day(d.EvaluationDate)
	p.Worries, p.Goals = nil, nil
	for _, w := range d.Worries {
		p.Worries = append(p.Worries, wijkregie.Worry{Text: w.Text, Priority: w.Priority})
	}
	for _, g := range d.Goals {
		goal := wijkregie.Goal{ID: g.ID, Domain: g.Domain, Description: g.Description, SuccessCriterion: g.SuccessCriterion, TargetDate: day(g.TargetDate),
			Owner: wijkregie.GoalOwner(g.Owner), OrganisationID: g.OrganisationID, Status: wijkregie.GoalStatus(g.Status)}
		for _, a := range g.Actions {
			goal.Actions = append(goal.Actions, wijkregie.Action{ID: a.ID, What: a.What, Who: a.Who, Start: day(a.Start), Due: day(a.Due),
				Status: wijkregie.ActionStatus(a.Status)})
		}
		p.Goals = append(p.Goals, goal)
	}
	if len(errs) > 0 {
		return fmt.Errorf("plan document: %w", errs[0])
	}
	return nil
}

// normalisePlan keeps only the calendar day of every date of p, as the
// document and the DATE columns do, so p reads back as it was written.
func normalisePlan(p *wijkregie.Plan) {
	day := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return date(t)
	}
	p.MeetingDate, p.AgreedOn, p.EvaluationDate = day(p.MeetingDate), day(p.AgreedOn), day(p.EvaluationDate)
	for i := range p.Goals {
		g := &p.Goals[i]
		g.TargetDate = day(g.TargetDate)
		for j := range g.Actions {
			g.Actions[j].Start, g.Actions[j].Due = day(g.Actions[j].Start), day(g.Actions[j].Due)
		}
	}
}

// planError translates the schema's refusals of a plan write.
func planError(what string, err error) error {
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.plan.bestaat")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	}
	return fmt.Errorf("%s: %w", what, err)
}

// CreatePlan stores a case's plan, active, at version 1, with that
// version's document and its goals and actions as rows; id and the save
// time are set here, the goals and actions must have their ids. A case
// that has an active plan already is refused by the schema
// (plans_one_active), so two requests at once cannot both succeed: the
// conflict fout.plan.bestaat.
func (q *Q) CreatePlan(ctx context.Context, p *wijkregie.Plan) error {
	now := q.Now()
	p.ID, p.Status, p.Version, p.SavedAt = wijkregie.NewID(now), wijkregie.PlanActive, 1, now
	normalisePlan(p)
	_, err := q.x.ExecContext(ctx, `INSERT INTO plans (municipality_id, id, case_id, status, variant, version, meeting_date, agreed_on,
evaluation_date, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		p.MunicipalityID, p.ID, p.CaseID, p.Status, p.Variant, p.Version, nullDate(p.MeetingDate), nullDate(p.AgreedOn),
		nullDate(p.EvaluationDate), now)
	if err != nil {
		return planError("create plan", err)
	}
	return q.writePlanVersion(ctx, p)
}

// SavePlanVersion stores p as the next version of its plan when the
// plan's version is still readVersion, the one the editor read; its goal
// and action rows are replaced by p's. A plan saved meanwhile is the
// conflict fout.plan.gewijzigd, and nothing is written. The save time is
// set here; p.Version becomes the new version's number.
func (q *Q) SavePlanVersion(ctx context.Context, p *wijkregie.Plan, readVersion int) error {
	now := q.Now()
	normalisePlan(p)
	res, err := q.x.ExecContext(ctx, `UPDATE plans SET variant = $4, meeting_date = $5, agreed_on = $6, evaluation_date = $7,
updated_at = $8, version = version + 1 WHERE municipality_id = $1 AND id = $2 AND version = $3`,
		p.MunicipalityID, p.ID, readVersion, p.Variant, nullDate(p.MeetingDate), nullDate(p.AgreedOn), nullDate(p.EvaluationDate), now)
	if err != nil {
		return planError("save plan", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		var status string
		if err := q.x.QueryRowContext(ctx, `SELECT status FROM plans WHERE municipality_id = $1 AND id = $2`, p.MunicipalityID, p.ID).Scan(&status); err != nil {
			return notFound(err)
		}
		return wijkregie.Conflict("fout.plan.gewijzigd")
	}
	p.Version, p.SavedAt = readVersion+1, now
	if _, err := q.x.ExecContext(ctx, `DELETE FROM plan_actions WHERE municipality_id = $1 AND plan_id = $2`, p.MunicipalityID, p.ID); err != nil {
		return fmt.Errorf("save plan: actions: %w", err)
	}
	if _, err := q.x.ExecContext(ctx, `DELETE FROM plan_goals WHERE municipality_id = $1 AND plan_id = $2`, p.MunicipalityID, p.ID); err != nil {
		return fmt.Errorf("save plan: goals: %w", err)
	}
	return q.writePlanVersion(ctx, p)
}

// writePlanVersion inserts p's version document and its goal and action
// rows.
func (q *Q) writePlanVersion(ctx context.Context, p *wijkregie.Plan) error {
	doc, err := encodePlan(p)
	if err != nil {
		return fmt.Errorf("plan document: %w", err)
	}
	if _, err := q.x.ExecContext(ctx, `INSERT INTO plan_versions (municipality_id, plan_id, version, document, note, saved_at, saved_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.MunicipalityID, p.ID, p.Version, doc, p.Note, p.SavedAt, p.SavedBy); err != nil {
		return planError("plan version", err)
	}
	if len(p.Goals) == 0 {
		return q.RefreshPlanDue(ctx, p.MunicipalityID, p.CaseID)
	}
	var goals strings.Builder
	var args []any
	for i, g := range p.Goals {
		if i > 0 {
			goals.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&goals, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10)
		args = append(args, p.MunicipalityID, p.ID, g.ID, p.CaseID, i, g.Domain, g.Owner, nullString(g.OrganisationID), g.Status, date(g.TargetDate))
	}
	if _, err := q.x.ExecContext(ctx, `INSERT INTO plan_goals (municipality_id, plan_id, id, case_id, position, domain, owner,
organisation_id, status, target_date) VALUES `+goals.String(), args...); err != nil {
		return planError("plan goals", err)
	}
	var actions strings.Builder
	args = args[:0]
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			if len(args) > 0 {
				actions.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&actions, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8)
			args = append(args, p.MunicipalityID, p.ID, g.ID, a.ID, p.CaseID, nullDate(a.Start), date(a.Due), a.Status)
		}
	}
	if len(args) == 0 {
		return nil
	}
	if _, err := q.x.ExecContext(ctx, `INSERT INTO plan_actions (municipality_id, plan_id, goal_id, id, case_id, start_date, due_date, status)
VALUES `+actions.String(), args...); err != nil {
		return planError("plan actions", err)
	}
	return q.RefreshPlanDue(ctx, p.MunicipalityID, p.CaseID)
}

// RefreshPlanDue sets whether the case has an active plan
// (has_active_plan, migration 0014) and its plan_due from that plan's rows:
// the day the plan first asks something that has not happened — an open
// goal's target date, the due date of an action under an open goal that
// is not done, the start date of agreed help under an open goal that has
// not started; NULL without an active plan or when it asks nothing. Once
// that day has passed the case stagnates (stagnationSigns.any), which lets
// the lists and the team overview count stagnating cases by one column.
// Every write of a plan's rows calls it in its transaction; migration
// 0009 backfilled it with the same statement. It leaves the case's
// version alone: the plan has its own.
func (q *Q) RefreshPlanDue(ctx context.Context, municipalityID, caseID string) error {
	_, err := q.x.ExecContext(ctx, `UPDATE cases SET has_active_plan = EXISTS (
    SELECT 1 FROM plans p WHERE p.municipality_id = cases.municipality_id AND p.case_id = cases.id AND p.status = $3
), plan_due = (
    SELECT MIN(x.d) FROM (
        SELECT g.target_date AS d FROM plan_goals g
        JOIN plans p ON p.municipality_id = g.municipality_id AND p.id = g.plan_id AND p.status = $3
        WHERE g.municipality_id = cases.municipality_id AND g.case_id = cases.id AND g.status = $4
        UNION ALL
        SELECT CASE WHEN a.status = $5 AND a.start_date IS NOT NULL AND a.start_date < a.due_date THEN a.start_date ELSE a.due_date END
        FROM plan_actions a
        JOIN plan_goals g ON g.municipality_id = a.municipality_id AND g.plan_id = a.plan_id AND g.id = a.goal_id AND g.status = $4
        JOIN plans p ON p.municipality_id = a.municipality_id AND p.id = a.plan_id AND p.status = $3
        WHERE a.municipality_id = cases.municipality_id AND a.case_id = cases.id AND a.status <> $6
    ) x
) WHERE municipality_id = $1 AND id = $2`, municipalityID, caseID, wijkregie.PlanActive, wijkregie.GoalOpen, wijkregie.ActionPlanned, wijkregie.ActionDone)
	if err != nil {
		return fmt.Errorf("plan due: %w", err)
	}
	return nil
}

// planSelect reads a plan with one of its versions: the plans row p and
// the version row v, joined by the caller's condition.
const planSelect = `SELECT p.municipality_id, p.id, p.case_id, p.status, v.version, v.document, v.note, v.saved_at, v.saved_by
FROM plans p JOIN plan_versions v ON v.municipality_id = p.municipality_id AND v.plan_id = p.id`

func scanPlan(sc interface{ Scan(...any) error }) (*wijkregie.Plan, error) {
	var p wijkregie.Plan
	var doc string
	if err := sc.Scan(&p.MunicipalityID, &p.ID, &p.CaseID, &p.Status, &p.Version, &doc, &p.Note, &p.SavedAt, &p.SavedBy); err != nil {
		return nil, err
	}
	p.SavedAt = p.SavedAt.UTC()
	if err := decodePlan(doc, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ActivePlan returns a case's active plan as its current version stands,
// or ENOTFOUND when the case has none.
func (q *Q) ActivePlan(ctx context.Context, municipalityID, caseID string) (*wijkregie.Plan, error) {
	p, err := scanPlan(q.x.QueryRowContext(ctx, planSelect+` AND v.version = p.version
WHERE p.municipality_id = $1 AND p.case_id = $2 AND p.status = $3`, municipalityID, caseID, wijkregie.PlanActive))
	if err != nil {
		return nil, notFound(err)
	}
	return p, nil
}

// LatestPlan returns a case's active plan or, when it has none (a closed
// case), the one closed last, at its current version; ENOTFOUND when the
// case never had a plan.
func (q *Q) LatestPlan(ctx context.Context, municipalityID, caseID string) (*wijkregie.Plan, error) {
	p, err := scanPlan(q.x.QueryRowContext(ctx, planSelect+` AND v.version = p.version
WHERE p.municipality_id = $1 AND p.case_id = $2
ORDER BY CASE WHEN p.status = $3 THEN 0 ELSE 1 END, p.updated_at DESC, p.id DESC LIMIT 1`, municipalityID, caseID, wijkregie.PlanActive))
	if err != nil {
		return nil, notFound(err)
	}
	return p, nil
}

// PlanVersion returns version n of a plan as it was saved; Status is the
// plan's status now.
func (q *Q) PlanVersion(ctx context.Context, municipalityID, planID string, n int) (*wijkregie.Plan, error) {
	p, err := scanPlan(q.x.QueryRowContext(ctx, planSelect+`
WHERE p.municipality_id = $1 AND p.id = $2 AND v.version = $3`, municipalityID, planID, n))
	if err != nil {
		return nil, notFound(err)
	}
	return p, nil
}

// PlanVersionInfo is one line of a plan's history.
type PlanVersionInfo struct {
	Version int
	SavedAt time.Time
	SavedBy string
	Note    string
}

// PlanVersions returns a plan's history without the documents, newest
// first.
func (q *Q) PlanVersions(ctx context.Context, municipalityID, planID string) ([]PlanVersionInfo, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT version, saved_at, saved_by, note FROM plan_versions
WHERE municipality_id = $1 AND plan_id = $2 ORDER BY version DESC`, municipalityID, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlanVersionInfo
	for rows.Next() {
		var v PlanVersionInfo
		if err := rows.Scan(&v.Version, &v.SavedAt, &v.SavedBy, &v.Note); err != nil {
			return nil, err
		}
		v.SavedAt = v.SavedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// ClosePlan ends a case's active plan when the case closes: it stays
// readable with its history, and the case could have a new active plan.
func (q *Q) ClosePlan(ctx context.Context, p *wijkregie.Plan) error {
	res, err := q.x.ExecContext(ctx, `UPDATE plans SET status = $3, updated_at = $4 WHERE municipality_id = $1 AND id = $2 AND status = $5`,
		p.MunicipalityID, p.ID, wijkregie.PlanClosed, q.Now(), wijkregie.PlanActive)
	if err != nil {
		return fmt.Errorf("close plan: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return wijkregie.NotFound()
	}
	p.Status = wijkregie.PlanClosed
	return q.RefreshPlanDue(ctx, p.MunicipalityID, p.CaseID)
}
