package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"wijkregie"
)

const userColumns = `municipality_id, id, email, name, role, team_id, organisation_id, expertise, active, created_at`

func scanUser(sc interface{ Scan(...any) error }) (*wijkregie.User, error) {
	var u wijkregie.User
	var team, org sql.NullString
	var expertise string
	if err := sc.Scan(&u.MunicipalityID, &u.ID, &u.Email, &u.Name, &u.Role, &team, &org, &expertise, &u.Active, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.TeamID, u.OrganisationID, u.Expertise = team.String, org.String, splitList(expertise)
	u.CreatedAt = u.CreatedAt.UTC()
	return &u, nil
}

// CreateUser adds a user with the given password hash (internal/auth makes
// it); the id is set here. An e-mail address already in use in the
// municipality is a field error, decided by the unique index.
func (q *Q) CreateUser(ctx context.Context, u *wijkregie.User, passwordHash string) error {
	u.Email = wijkregie.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return err
	}
	if err := q.checkReferences(ctx, u); err != nil {
		return err
	}
	u.ID, u.CreatedAt, u.Active = wijkregie.NewID(q.Now()), q.Now(), true
	_, err := q.x.ExecContext(ctx, `INSERT INTO users (`+userColumns+`, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		u.MunicipalityID, u.ID, u.Email, u.Name, u.Role, nullString(u.TeamID), nullString(u.OrganisationID), joinList(u.Expertise), u.Active, u.CreatedAt, passwordHash)
	switch {
	case isUniqueViolation(err):
		return wijkregie.InvalidField("email", "veld.email.bestaat")
	case isForeignKeyViolation(err):
		// Removed between the check and the insert: rare enough for a
		// general answer.
		return wijkregie.InvalidField("team", "veld.team.onbekend")
	case err != nil:
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// checkReferences names the field whose team or organisation does not
// exist in the user's municipality. The foreign keys still guard the row;
// checking first lets the error name the right field on both engines (a
// PostgreSQL transaction can run no query after a failed statement).
func (q *Q) checkReferences(ctx context.Context, u *wijkregie.User) error {
	var v wijkregie.Invalid
	if u.TeamID != "" {
		if _, err := q.Team(ctx, u.MunicipalityID, u.TeamID); wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			v.Field("team", "veld.team.onbekend")
		} else if err != nil {
			return err
		}
	}
	if u.OrganisationID != "" {
		if _, err := q.Organisation(ctx, u.MunicipalityID, u.OrganisationID); wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			v.Field("organisatie", "veld.organisatie.onbekend")
		} else if err != nil {
			return err
		}
	}
	return v.Err()
}

// UpdateUser changes a user's name, role, team, organisation, expertise and
// active flag. The e-mail address is the login name and stays.
func (q *Q) UpdateUser(ctx context.Context, u *wijkregie.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if err := q.checkReferences(ctx, u); err != nil {
		return err
	}
	res, err := q.x.ExecContext(ctx, `UPDATE users SET name = $3, role = $4, team_id = $5, organisation_id = $6, expertise = $7, active = $8
WHERE municipality_id = $1 AND id = $2`,
		u.MunicipalityID, u.ID, u.Name, u.Role, nullString(u.TeamID), nullString(u.OrganisationID), joinList(u.Expertise), u.Active)
	if isForeignKeyViolation(err) {
		return wijkregie.InvalidField("team", "veld.team.onbekend")
	}
	return affectedOne(res, err)
}

// SetPassword replaces a user's password hash.
func (q *Q) SetPassword(ctx context.Context, municipalityID, userID, passwordHash string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE users SET password_hash = $3 WHERE municipality_id = $1 AND id = $2`, municipalityID, userID, passwordHash)
	return affectedOne(res, err)
}

// User returns one user.
func (q *Q) User(ctx context.Context, municipalityID, id string) (*wijkregie.User, error) {
	u, err := scanUser(q.x.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return u, nil
}

// UserByEmail returns a user and their password hash, for logging in.
func (q *Q) UserByEmail(ctx context.Context, municipalityID, email string) (*wijkregie.User, string, error) {
	var hash string
	row := q.x.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE municipality_id = $1 AND email = $2`,
		municipalityID, wijkregie.NormalizeEmail(email))
	var u wijkregie.User
	var team, org sql.NullString
	var expertise string
	err := row.Scan(&u.MunicipalityID, &u.ID, &u.Email, &u.Name, &u.Role, &team, &org, &expertise, &u.Active, &u.CreatedAt, &hash)
	if err != nil {
		return nil, "", notFound(err)
	}
	u.TeamID, u.OrganisationID, u.Expertise = team.String, org.String, splitList(expertise)
	u.CreatedAt = u.CreatedAt.UTC()
	return &u, hash, nil
}

// UserFilter narrows a list of users; empty fields do not filter.
type UserFilter struct {
	Role   wijkregie.Role
	TeamID string
	Page   Page
}

// Users lists a municipality's users by name, with the total count.
func (q *Q) Users(ctx context.Context, municipalityID string, f UserFilter) ([]wijkregie.User, int, error) {
	p := f.Page.clamp()
	// Only the filters given are in the SQL: written as "($3 = '' OR
	// team_id = $3)", a team's users were found by reading every user of
	// the municipality (5,804 at 1,000,000 households), twice.
	a := &sqlArgs{list: []any{municipalityID}}
	// The public form's user is no colleague: it is never listed.
	where := ` FROM users WHERE municipality_id = $1 AND role <> ` + a.add(PublicRole)
	if f.Role != "" {
		where += ` AND role = ` + a.add(string(f.Role))
	}
	if f.TeamID != "" {
		where += ` AND team_id = ` + a.add(f.TeamID)
	}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*)`+where, a.list...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+userColumns+where+` ORDER BY name, id LIMIT `+a.add(p.Limit)+` OFFSET `+a.add(p.Offset), a.list...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []wijkregie.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *u)
	}
	return out, total, rows.Err()
}

// UsersByID returns the users with the given ids, keyed by id; unknown ids
// are absent. One query for a page of audit records, not one per record.
func (q *Q) UsersByID(ctx context.Context, municipalityID string, ids []string) (map[string]*wijkregie.User, error) {
	out := make(map[string]*wijkregie.User, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{municipalityID}
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE municipality_id = $1 AND id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out[u.ID] = u
	}
	return out, rows.Err()
}
