package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wijkregie"
)

// Mijn Plan's own records (migration 0023, docs/mijnplan.md): which family
// member did what, their messages to the regisseur, and their rating of
// the help at closure. Each row goes with its person: the foreign key
// removes it when the person is removed.

// EnsureMijnPlanUser adds the municipality's Mijn Plan user
// (wijkregie.MijnPlanUserID) when it has none yet: the shared records name
// it for what a family member did. Inactive, without a password, in the
// public form's role, which no list shows and the policy lets do nothing
// under this id; a concurrent first use finds the row made and leaves it.
func (q *Q) EnsureMijnPlanUser(ctx context.Context, municipalityID string) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO users (municipality_id, id, email, name, role, active, password_hash, created_at)
VALUES ($1, $2, $3, $4, $5, FALSE, '', $6) ON CONFLICT DO NOTHING`,
		municipalityID, wijkregie.MijnPlanUserID, "mijnplan@wijkregie.invalid", "Het gezin (Mijn Plan)", PublicRole, q.Now())
	if err != nil {
		return fmt.Errorf("add the Mijn Plan user: %w", err)
	}
	return nil
}

// CreateResidentAct records which member did what; the id and moment are
// set here.
func (q *Q) CreateResidentAct(ctx context.Context, a *wijkregie.ResidentAct) error {
	a.ID, a.At = wijkregie.NewID(q.Now()), q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO mijnplan_acts (municipality_id, id, case_id, person_id, kind, subject_id, plan_version, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.MunicipalityID, a.ID, a.CaseID, a.PersonID, string(a.Kind), a.SubjectID, a.PlanVersion, a.At)
	if err != nil {
		return fmt.Errorf("create resident act: %w", err)
	}
	return nil
}

// CaseResidentActs returns what the family did in Mijn Plan on a case, in
// order (mijnplan_acts_by_case).
func (q *Q) CaseResidentActs(ctx context.Context, municipalityID, caseID string) ([]wijkregie.ResidentAct, error) {
	return q.residentActs(ctx, `SELECT municipality_id, id, case_id, person_id, kind, subject_id, plan_version, at FROM mijnplan_acts
WHERE municipality_id = $1 AND case_id = $2 ORDER BY at, id`, municipalityID, caseID)
}

// PersonResidentActs returns what a person did in Mijn Plan, in order.
func (q *Q) PersonResidentActs(ctx context.Context, municipalityID, personID string) ([]wijkregie.ResidentAct, error) {
	return q.residentActs(ctx, `SELECT municipality_id, id, case_id, person_id, kind, subject_id, plan_version, at FROM mijnplan_acts
WHERE municipality_id = $1 AND person_id = $2 ORDER BY at, id`, municipalityID, personID)
}

func (q *Q) residentActs(ctx context.Context, query string, args ...any) ([]wijkregie.ResidentAct, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("resident acts: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.ResidentAct
	for rows.Next() {
		var a wijkregie.ResidentAct
		var kind string
		if err := rows.Scan(&a.MunicipalityID, &a.ID, &a.CaseID, &a.PersonID, &kind, &a.SubjectID, &a.PlanVersion, &a.At); err != nil {
			return nil, err
		}
		a.Kind, a.At = wijkregie.ResidentActKind(kind), a.At.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

const residentMessageColumns = `municipality_id, id, case_id, person_id, text, sent_at, read_at, read_by`

// CreateResidentMessage stores a member's message to the regisseur; the
// id and the moment are set here.
func (q *Q) CreateResidentMessage(ctx context.Context, m *wijkregie.ResidentMessage) error {
	m.ID, m.SentAt, m.ReadAt, m.ReadBy = wijkregie.NewID(q.Now()), q.Now(), time.Time{}, ""
	_, err := q.x.ExecContext(ctx, `INSERT INTO mijnplan_messages (`+residentMessageColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)`, m.MunicipalityID, m.ID, m.CaseID, m.PersonID, m.Text, m.SentAt)
	if err != nil {
		return fmt.Errorf("create resident message: %w", err)
	}
	return nil
}

// ResidentMessage returns one message of a case; one of another case is
// not found.
func (q *Q) ResidentMessage(ctx context.Context, municipalityID, caseID, id string) (*wijkregie.ResidentMessage, error) {
	m, err := scanResidentMessage(q.x.QueryRowContext(ctx, `SELECT `+residentMessageColumns+` FROM mijnplan_messages
WHERE municipality_id = $1 AND case_id = $2 AND id = $3`, municipalityID, caseID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return m, nil
}

// CaseResidentMessages returns the family's messages on a case, newest
// first (mijnplan_messages_by_case).
func (q *Q) CaseResidentMessages(ctx context.Context, municipalityID, caseID string) ([]wijkregie.ResidentMessage, error) {
	return q.residentMessages(ctx, `SELECT `+residentMessageColumns+` FROM mijnplan_messages
WHERE municipality_id = $1 AND case_id = $2 ORDER BY sent_at DESC, id DESC`, municipalityID, caseID)
}

// PersonResidentMessages returns the messages a person sent, newest
// first; caseID "" for every case.
func (q *Q) PersonResidentMessages(ctx context.Context, municipalityID, personID, caseID string) ([]wijkregie.ResidentMessage, error) {
	if caseID == "" {
		return q.residentMessages(ctx, `SELECT `+residentMessageColumns+` FROM mijnplan_messages
WHERE municipality_id = $1 AND person_id = $2 ORDER BY sent_at DESC, id DESC`, municipalityID, personID)
	}
	return q.residentMessages(ctx, `SELECT `+residentMessageColumns+` FROM mijnplan_messages
WHERE municipality_id = $1 AND case_id = $2 AND person_id = $3 ORDER BY sent_at DESC, id DESC`, municipalityID, caseID, personID)
}

// MarkResidentMessageRead marks a message read by a professional at the
// store's now; one read already keeps its first reading.
func (q *Q) MarkResidentMessageRead(ctx context.Context, m *wijkregie.ResidentMessage, userID string) error {
	if !m.ReadAt.IsZero() {
		return nil
	}
	now := q.Now()
	res, err := q.x.ExecContext(ctx, `UPDATE mijnplan_messages SET read_at = $4, read_by = $5
WHERE municipality_id = $1 AND case_id = $2 AND id = $3 AND read_at IS NULL`, m.MunicipalityID, m.CaseID, m.ID, now, userID)
	if err != nil {
		return fmt.Errorf("mark resident message read: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 1 {
		m.ReadAt, m.ReadBy = now, userID
	}
	return nil
}

func (q *Q) residentMessages(ctx context.Context, query string, args ...any) ([]wijkregie.ResidentMessage, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("resident messages: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.ResidentMessage
	for rows.Next() {
		m, err := scanResidentMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

func scanResidentMessage(sc interface{ Scan(...any) error }) (*wijkregie.ResidentMessage, error) {
	var m wijkregie.ResidentMessage
	var read sql.NullTime
	var by sql.NullString
	if err := sc.Scan(&m.MunicipalityID, &m.ID, &m.CaseID, &m.PersonID, &m.Text, &m.SentAt, &read, &by); err != nil {
		return nil, err
	}
	m.SentAt, m.ReadAt, m.ReadBy = m.SentAt.UTC(), timeOf(read), by.String
	return &m, nil
}

// ratingColumns lists the columns of a rating: the client-experience
// answers last, in the order of wijkregie.RatingQuestions (a test holds
// the two alike).
const ratingColumns = `municipality_id, case_id, person_id, rating, goals_achieved, problems_reduced, can_continue, remark, rated_at,
youth_taken_seriously, youth_help_fitted, youth_copes_better, wmo_knew_where, wmo_helped_quickly, wmo_taken_seriously,
wmo_solutions_together, wmo_quality_good, wmo_fits_request, wmo_manages_better, wmo_quality_of_life, wmo_participates`

// RatingAnswerColumns returns the columns of the client-experience
// answers as ratingColumns names them, for the test that holds them in
// step with wijkregie.RatingQuestions.
func RatingAnswerColumns() []string {
	cs := strings.Split(ratingColumns, ",")
	var out []string
	for _, c := range cs[9:] {
		out = append(out, strings.TrimSpace(c))
	}
	return out
}

// CreateRating stores a member's rating of the help on a case, at the
// store's now. A second rating by the same person on the same case is the
// conflict fout.mijnplan.al_beoordeeld: the primary key decides.
func (q *Q) CreateRating(ctx context.Context, r *wijkregie.Rating) error {
	r.RatedAt = q.Now()
	args := []any{r.MunicipalityID, r.CaseID, r.PersonID, r.Score, string(r.GoalsAchieved), string(r.ProblemsReduced), string(r.CanContinue), r.Remark, r.RatedAt}
	marks := "$1, $2, $3, $4, $5, $6, $7, $8, $9"
	for i, rq := range wijkregie.RatingQuestions {
		args = append(args, int(r.Answers[rq.Key]))
		marks += fmt.Sprintf(", $%d", 10+i)
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO mijnplan_ratings (`+ratingColumns+`) VALUES (`+marks+`)`, args...)
	if isUniqueViolation(err) {
		return wijkregie.Conflict("fout.mijnplan.al_beoordeeld")
	}
	if err != nil {
		return fmt.Errorf("create rating: %w", err)
	}
	return nil
}

// Rating returns a person's rating of a case; not found when they gave
// none.
func (q *Q) Rating(ctx context.Context, municipalityID, caseID, personID string) (*wijkregie.Rating, error) {
	rs, err := q.ratings(ctx, `SELECT `+ratingColumns+` FROM mijnplan_ratings WHERE municipality_id = $1 AND case_id = $2 AND person_id = $3`,
		municipalityID, caseID, personID)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, wijkregie.NotFound()
	}
	return &rs[0], nil
}

// CaseRatings returns the ratings of a case, the earliest first.
func (q *Q) CaseRatings(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Rating, error) {
	return q.ratings(ctx, `SELECT `+ratingColumns+` FROM mijnplan_ratings WHERE municipality_id = $1 AND case_id = $2 ORDER BY rated_at, person_id`,
		municipalityID, caseID)
}

// PersonRatings returns the ratings a person gave, the earliest first.
func (q *Q) PersonRatings(ctx context.Context, municipalityID, personID string) ([]wijkregie.Rating, error) {
	return q.ratings(ctx, `SELECT `+ratingColumns+` FROM mijnplan_ratings WHERE municipality_id = $1 AND person_id = $2 ORDER BY rated_at, case_id`,
		municipalityID, personID)
}

func (q *Q) ratings(ctx context.Context, query string, args ...any) ([]wijkregie.Rating, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Rating
	for rows.Next() {
		var r wijkregie.Rating
		var goals, problems, cont string
		answers := make([]int, len(wijkregie.RatingQuestions))
		dst := []any{&r.MunicipalityID, &r.CaseID, &r.PersonID, &r.Score, &goals, &problems, &cont, &r.Remark, &r.RatedAt}
		for i := range answers {
			dst = append(dst, &answers[i])
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		r.GoalsAchieved, r.ProblemsReduced, r.CanContinue = wijkregie.Answer3(goals), wijkregie.Answer3(problems), wijkregie.Answer3(cont)
		r.RatedAt = r.RatedAt.UTC()
		r.Answers = map[string]wijkregie.Agreement{}
		for i, rq := range wijkregie.RatingQuestions {
			if answers[i] != 0 {
				r.Answers[rq.Key] = wijkregie.Agreement(answers[i])
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
