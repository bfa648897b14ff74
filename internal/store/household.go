package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wijkregie"
)

const householdColumns = `municipality_id, id, street, number, addition, postcode, town, team_id, created_at`

func scanHousehold(sc interface{ Scan(...any) error }) (*wijkregie.Household, error) {
	var h wijkregie.Household
	var team sql.NullString
	a := &h.Address
	if err := sc.Scan(&h.MunicipalityID, &h.ID, &a.Street, &a.Number, &a.Addition, &a.Postcode, &a.Town, &team, &h.CreatedAt); err != nil {
		return nil, err
	}
	h.TeamID, h.CreatedAt = team.String, h.CreatedAt.UTC()
	return &h, nil
}

// CreateHousehold adds a household at an address; the id is set here.
func (q *Q) CreateHousehold(ctx context.Context, h *wijkregie.Household) error {
	h.Address.Postcode = wijkregie.NormalizePostcode(h.Address.Postcode)
	if err := h.Address.Validate(); err != nil {
		return err
	}
	h.ID, h.CreatedAt = wijkregie.NewID(q.Now()), q.Now()
	a := h.Address
	_, err := q.x.ExecContext(ctx, `INSERT INTO households (`+householdColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		h.MunicipalityID, h.ID, a.Street, a.Number, a.Addition, a.Postcode, a.Town, nullString(h.TeamID), h.CreatedAt)
	if isForeignKeyViolation(err) {
		return wijkregie.InvalidField("team", "veld.team.onbekend")
	}
	if err != nil {
		return fmt.Errorf("create household: %w", err)
	}
	return nil
}

// Household returns one household.
func (q *Q) Household(ctx context.Context, municipalityID, id string) (*wijkregie.Household, error) {
	h, err := scanHousehold(q.x.QueryRowContext(ctx, `SELECT `+householdColumns+` FROM households WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return h, nil
}

// AddMember records a person's membership of a household from a date. A
// second open membership of the same person is refused by the schema
// (members_one_open) and reported as a conflict.
func (q *Q) AddMember(ctx context.Context, m *wijkregie.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	// A record merged into another is history: it joins no household.
	res, err := q.x.ExecContext(ctx, `INSERT INTO members (municipality_id, household_id, person_id, relation, from_date, until_date)
SELECT $1, $2, $3, $4, $5, $6 FROM persons p WHERE p.municipality_id = $1 AND p.id = $3 AND p.merged_into IS NULL`,
		m.MunicipalityID, m.HouseholdID, m.PersonID, m.Relation, date(m.From), nullDate(m.Until))
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if isUniqueViolation(err) {
		return wijkregie.Conflict("fout.lid.bestaat")
	}
	return affectedOne(res, err)
}

// Member returns a person's membership of a household: the open one, else
// the one that began last.
func (q *Q) Member(ctx context.Context, municipalityID, householdID, personID string) (*wijkregie.Member, error) {
	m := wijkregie.Member{MunicipalityID: municipalityID, HouseholdID: householdID, PersonID: personID}
	var until sql.NullTime
	err := q.x.QueryRowContext(ctx, `SELECT relation, from_date, until_date FROM members
WHERE municipality_id = $1 AND household_id = $2 AND person_id = $3
ORDER BY until_date IS NOT NULL, from_date DESC LIMIT 1`, municipalityID, householdID, personID).Scan(&m.Relation, &m.From, &until)
	if err != nil {
		return nil, notFound(err)
	}
	m.From, m.Until = m.From.UTC(), timeOf(until)
	return &m, nil
}

// UpdateMember stores a membership's relation and until date; its from
// date identifies it. Reopening a membership while the person has another
// open one in the household is a conflict.
func (q *Q) UpdateMember(ctx context.Context, m *wijkregie.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	res, err := q.x.ExecContext(ctx, `UPDATE members SET relation = $5, until_date = $6
WHERE municipality_id = $1 AND household_id = $2 AND person_id = $3 AND from_date = $4`,
		m.MunicipalityID, m.HouseholdID, m.PersonID, date(m.From), m.Relation, nullDate(m.Until))
	if isUniqueViolation(err) {
		return wijkregie.Conflict("fout.lid.bestaat")
	}
	return affectedOne(res, err)
}

// scopeSQL renders the policy's household scope as a condition on the
// rows of a table whose team and household id are in the columns named
// team and household, as the query qualifies them (h.team_id and h.id for
// households aliased h), with its arguments numbered from next; the
// query's $1 must be the municipality. It is the one place the list form of
// the policy becomes SQL, for households and for what belongs to one (a
// case: policy.InCaseScope).
func scopeSQL(s wijkregie.HouseholdScope, team, household string, next int, now time.Time) (string, []any) {
	if s.All {
		return "TRUE", nil
	}
	if s.Empty() {
		return "FALSE", nil
	}
	var conds []string
	var args []any
	if s.TeamID != "" {
		conds = append(conds, fmt.Sprintf("%s = $%d", team, next))
		args = append(args, s.TeamID)
		next++
	}
	if s.UserID != "" {
		// Driven from the user's involvements (index involvements_by_user),
		// not by probing each household: a professional is involved with
		// tens of households among hundreds of thousands.
		conds = append(conds, fmt.Sprintf(`%s IN (SELECT i.household_id FROM involvements i WHERE i.municipality_id = $1
AND i.user_id = $%d AND (i.until_at IS NULL OR i.until_at > $%d))`, household, next, next+1))
		args = append(args, s.UserID, now.UTC())
	}
	out := "(" + conds[0]
	for _, c := range conds[1:] {
		out += " OR " + c
	}
	return out + ")", args
}

// HouseholdSummary is a row of a household list.
type HouseholdSummary struct {
	wijkregie.Household
	Members int // current members
}

// Households lists the households in scope, by postcode and number, with
// the total count.
func (q *Q) Households(ctx context.Context, municipalityID string, scope wijkregie.HouseholdScope, page Page) ([]HouseholdSummary, int, error) {
	p := page.clamp()
	cond, args := scopeSQL(scope, "h.team_id", "h.id", 2, q.Now())
	args = append([]any{municipalityID}, args...)
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM households h WHERE h.municipality_id = $1 AND `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	n := len(args)
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("h", householdColumns)+`,
  (SELECT COUNT(*) FROM members m WHERE m.municipality_id = h.municipality_id AND m.household_id = h.id AND m.until_date IS NULL)
FROM households h WHERE h.municipality_id = $1 AND `+cond+fmt.Sprintf(`
ORDER BY h.postcode, h.number, h.addition, h.id LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []HouseholdSummary
	for rows.Next() {
		var s HouseholdSummary
		var team sql.NullString
		a := &s.Address
		if err := rows.Scan(&s.MunicipalityID, &s.ID, &a.Street, &a.Number, &a.Addition, &a.Postcode, &a.Town, &team, &s.CreatedAt, &s.Members); err != nil {
			return nil, 0, err
		}
		s.TeamID, s.CreatedAt = team.String, s.CreatedAt.UTC()
		out = append(out, s)
	}
	return out, total, rows.Err()
}

// Involve records that a user is involved with a household from now. A
// second current regisseur is refused by the schema and reported as a
// conflict.
func (q *Q) Involve(ctx context.Context, inv *wijkregie.Involvement) error {
	if inv.From.IsZero() {
		inv.From = q.Now()
	}
	inv.From, inv.Until = stamp(inv.From), stamp(inv.Until)
	_, err := q.x.ExecContext(ctx, `INSERT INTO involvements (municipality_id, household_id, user_id, kind, from_at, until_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		inv.MunicipalityID, inv.HouseholdID, inv.UserID, inv.Kind, inv.From, nullTime(inv.Until))
	if isUniqueViolation(err) {
		return wijkregie.Conflict("fout.regisseur.bestaat")
	}
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	return err
}

// EndInvolvement ends a user's current involvement with a household.
func (q *Q) EndInvolvement(ctx context.Context, municipalityID, householdID, userID string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE involvements SET until_at = $4 WHERE municipality_id = $1 AND household_id = $2 AND user_id = $3 AND until_at IS NULL`,
		municipalityID, householdID, userID, q.Now())
	return affectedOne(res, err)
}

// Involvements returns the current involvements with a household.
func (q *Q) Involvements(ctx context.Context, municipalityID, householdID string) ([]wijkregie.Involvement, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT household_id, user_id, kind, from_at, until_at FROM involvements
WHERE municipality_id = $1 AND household_id = $2 AND (until_at IS NULL OR until_at > $3) ORDER BY kind DESC, from_at`, municipalityID, householdID, q.Now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Involvement
	for rows.Next() {
		inv := wijkregie.Involvement{MunicipalityID: municipalityID}
		var until sql.NullTime
		if err := rows.Scan(&inv.HouseholdID, &inv.UserID, &inv.Kind, &inv.From, &until); err != nil {
			return nil, err
		}
		inv.From, inv.Until = inv.From.UTC(), timeOf(until)
		out = append(out, inv)
	}
	return out, rows.Err()
}

// HouseholdAddresses returns the addresses of the households with the
// given ids, keyed by id, in one query; unknown ids are left out.
func (q *Q) HouseholdAddresses(ctx context.Context, municipalityID string, ids []string) (map[string]wijkregie.Address, error) {
	out := make(map[string]wijkregie.Address, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{municipalityID}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT id, street, number, addition, postcode, town FROM households
WHERE municipality_id = $1 AND id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a wijkregie.Address
		if err := rows.Scan(&id, &a.Street, &a.Number, &a.Addition, &a.Postcode, &a.Town); err != nil {
			return nil, err
		}
		out[id] = a
	}
	return out, rows.Err()
}
