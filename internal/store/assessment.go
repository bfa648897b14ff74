package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"wijkregie"
)

const assessmentColumns = `municipality_id, id, case_id, moment, date, assessor_id, instrument, created_at`

func scanAssessment(sc interface{ Scan(...any) error }) (*wijkregie.Assessment, error) {
	var a wijkregie.Assessment
	if err := sc.Scan(&a.MunicipalityID, &a.ID, &a.CaseID, &a.Moment, &a.Date, &a.AssessorID, &a.Instrument, &a.CreatedAt); err != nil {
		return nil, err
	}
	a.Date, a.CreatedAt = a.Date.UTC(), a.CreatedAt.UTC()
	return &a, nil
}

// CreateAssessment stores an assessment with its scores in one statement
// each; id and creation time are set here. Only the scored domains get a
// row: a domain without one reads back as niet beoordeeld. The schema
// refuses a level outside 1–5 (invalid) and a case, assessor or person
// that does not exist (not found).
func (q *Q) CreateAssessment(ctx context.Context, a *wijkregie.Assessment) error {
	a.ID, a.CreatedAt, a.Date = wijkregie.NewID(q.Now()), q.Now(), date(a.Date)
	_, err := q.x.ExecContext(ctx, `INSERT INTO assessments (`+assessmentColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		a.MunicipalityID, a.ID, a.CaseID, a.Moment, a.Date, a.AssessorID, a.Instrument, a.CreatedAt)
	if err != nil {
		return assessmentError(err)
	}
	if len(a.Scores) == 0 {
		return nil
	}
	const perRow = 7
	var b strings.Builder
	args := make([]any, 0, perRow*len(a.Scores))
	for i, s := range a.Scores {
		if i > 0 {
			b.WriteString(", ")
		}
		n := i * perRow
		fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7)
		var target any
		if s.Target != 0 {
			target = s.Target
		}
		args = append(args, a.MunicipalityID, a.ID, s.PersonID, s.Domain, s.Level, s.Rationale, target)
	}
	_, err = q.x.ExecContext(ctx, `INSERT INTO assessment_scores (municipality_id, assessment_id, person_id, domain, level, rationale, target)
VALUES `+b.String(), args...)
	if err != nil {
		return assessmentError(err)
	}
	// In the order every read gives them, so what a write answers is
	// what a read gives back (two persons made in the same millisecond
	// have ids in random order).
	sortScores(a.Scores)
	return nil
}

// assessmentError translates the schema's refusals of an assessment.
func assessmentError(err error) error {
	switch {
	case isCheckViolation(err):
		return wijkregie.InvalidField("scores", "veld.zrm.niveau")
	case isUniqueViolation(err):
		return wijkregie.InvalidField("scores", "veld.zrm.dubbel")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	}
	return fmt.Errorf("create assessment: %w", err)
}

// CaseAssessments returns a case's assessments, oldest first, each with
// its scores: two queries, whatever the number of assessments.
func (q *Q) CaseAssessments(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Assessment, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE municipality_id = $1 AND case_id = $2
ORDER BY date, created_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Assessment
	index := map[string]int{}
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, err
		}
		index[a.ID] = len(out)
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	// The scores by their assessments' ids (an IN subquery, not a join):
	// with a join SQLite walks every score of the municipality, guessing
	// that municipality_id = ? alone finds few rows.
	scores, err := q.x.QueryContext(ctx, `SELECT s.assessment_id, s.person_id, s.domain, s.level, s.rationale, COALESCE(s.target, 0)
FROM assessment_scores s WHERE s.municipality_id = $1
AND s.assessment_id IN (SELECT a.id FROM assessments a WHERE a.municipality_id = $1 AND a.case_id = $2)`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer scores.Close()
	for scores.Next() {
		var id string
		var s wijkregie.Score
		if err := scores.Scan(&id, &s.PersonID, &s.Domain, &s.Level, &s.Rationale, &s.Target); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Scores = append(out[i].Scores, s)
		}
	}
	if err := scores.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		sortScores(out[i].Scores)
	}
	return out, nil
}

// Assessment returns one assessment of a case with its scores.
func (q *Q) Assessment(ctx context.Context, municipalityID, caseID, id string) (*wijkregie.Assessment, error) {
	a, err := scanAssessment(q.x.QueryRowContext(ctx, `SELECT `+assessmentColumns+` FROM assessments
WHERE municipality_id = $1 AND case_id = $2 AND id = $3`, municipalityID, caseID, id))
	if err != nil {
		return nil, notFound(err)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT person_id, domain, level, rationale, COALESCE(target, 0) FROM assessment_scores
WHERE municipality_id = $1 AND assessment_id = $2`, municipalityID, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s wijkregie.Score
		if err := rows.Scan(&s.PersonID, &s.Domain, &s.Level, &s.Rationale, &s.Target); err != nil {
			return nil, err
		}
		a.Scores = append(a.Scores, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortScores(a.Scores)
	return a, nil
}

// sortScores puts scores in one order on both engines: by person, then
// in the instrument's own domain order, as the grid shows them.
func sortScores(ss []wijkregie.Score) {
	rank := func(code string) int {
		return slices.IndexFunc(wijkregie.Domains, func(d wijkregie.Domain) bool { return d.Code == code })
	}
	slices.SortFunc(ss, func(a, b wijkregie.Score) int {
		if c := strings.Compare(a.PersonID, b.PersonID); c != 0 {
			return c
		}
		return rank(a.Domain) - rank(b.Domain)
	})
}
