package store

import (
	"context"

	"wijkregie"
)

// Counts are the figures on the home page.
type Counts struct {
	Teams         int
	Organisations int
	Users         int
	Households    int // in the actor's scope
	Persons       int // members of households in the actor's scope
}

// Counts returns what is in the store for a municipality; households and
// persons only as far as the scope reaches.
func (q *Q) Counts(ctx context.Context, municipalityID string, scope wijkregie.HouseholdScope) (Counts, error) {
	var c Counts
	err := q.x.QueryRowContext(ctx, `SELECT
  (SELECT COUNT(*) FROM teams WHERE municipality_id = $1 AND active),
  (SELECT COUNT(*) FROM organisations WHERE municipality_id = $1 AND active),
  (SELECT COUNT(*) FROM users WHERE municipality_id = $1 AND active)`, municipalityID).Scan(&c.Teams, &c.Organisations, &c.Users)
	if err != nil {
		return c, err
	}
	cond, args := scopeSQL(scope, "h.team_id", "h.id", 2, q.Now())
	args = append([]any{municipalityID}, args...)
	err = q.x.QueryRowContext(ctx, `SELECT COUNT(*),
  COALESCE(SUM((SELECT COUNT(*) FROM members m WHERE m.municipality_id = h.municipality_id AND m.household_id = h.id AND m.until_date IS NULL)), 0)
FROM households h WHERE h.municipality_id = $1 AND `+cond, args...).Scan(&c.Households, &c.Persons)
	return c, err
}
