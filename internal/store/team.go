package store

import (
	"context"
	"fmt"
	"strings"

	"wijkregie"
)

const teamColumns = `municipality_id, id, name, areas, active, created_at`

func scanTeam(sc interface{ Scan(...any) error }) (*wijkregie.Team, error) {
	var t wijkregie.Team
	var areas string
	if err := sc.Scan(&t.MunicipalityID, &t.ID, &t.Name, &areas, &t.Active, &t.CreatedAt); err != nil {
		return nil, err
	}
	t.Areas, t.CreatedAt = splitList(areas), t.CreatedAt.UTC()
	return &t, nil
}

// CreateTeam adds a team; its id is set here.
func (q *Q) CreateTeam(ctx context.Context, t *wijkregie.Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.ID, t.CreatedAt, t.Active = wijkregie.NewID(q.Now()), q.Now(), true
	_, err := q.x.ExecContext(ctx, `INSERT INTO teams (`+teamColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
		t.MunicipalityID, t.ID, t.Name, joinList(t.Areas), t.Active, t.CreatedAt)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("naam", "veld.naam.bestaat")
	}
	if err != nil {
		return fmt.Errorf("create team: %w", err)
	}
	return nil
}

// UpdateTeam changes a team's name, areas and active flag.
func (q *Q) UpdateTeam(ctx context.Context, t *wijkregie.Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	res, err := q.x.ExecContext(ctx, `UPDATE teams SET name = $3, areas = $4, active = $5 WHERE municipality_id = $1 AND id = $2`,
		t.MunicipalityID, t.ID, t.Name, joinList(t.Areas), t.Active)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("naam", "veld.naam.bestaat")
	}
	return affectedOne(res, err)
}

// Team returns one team.
func (q *Q) Team(ctx context.Context, municipalityID, id string) (*wijkregie.Team, error) {
	t, err := scanTeam(q.x.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return t, nil
}

// Teams lists a municipality's teams by name.
func (q *Q) Teams(ctx context.Context, municipalityID string) ([]wijkregie.Team, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+teamColumns+` FROM teams WHERE municipality_id = $1 ORDER BY name`, municipalityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Team
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// Lists of short codes (postcode areas, expertise tags) are kept as one
// comma-separated column: they are read whole and never queried by element.
func joinList(xs []string) string { return strings.Join(xs, ",") }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// affectedOne checks that a write by key changed its row: none is not
// found.
func affectedOne(res interface{ RowsAffected() (int64, error) }, err error) error {
	return affectedOneOr(res, err, wijkregie.NotFound())
}

// affectedOneOr is affectedOne with the error for no row, for a write
// whose condition says more than the key: a conflict when the row was
// changed meanwhile.
func affectedOneOr(res interface{ RowsAffected() (int64, error) }, err, none error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return none
	}
	return nil
}
