package store

import (
	"context"
	"database/sql"
	"fmt"

	"wijkregie"
)

// Capacity (migration 0027, docs/uitkomsten.md "Capaciteit"): a
// professional's hours per week for the team's cases, one row per
// professional, none when it is not set.

// MemberCapacity is a professional or lead of a team, with the capacity
// set for them (nil: not set).
type MemberCapacity struct {
	User     wijkregie.User
	Capacity *wijkregie.Capacity
}

// capacityMembers is the condition on users aliased u that makes a user
// count for a team's capacity: the active professionals and leads, the
// same people the workload counts as regisseurs (LevelLoads).
const capacityMembers = `u.active AND u.role IN ('professional', 'teamleider')`

// TeamCapacities returns the active professionals and leads of a team by
// name, each with their capacity (users_by_team).
func (q *Q) TeamCapacities(ctx context.Context, municipalityID, teamID string) ([]MemberCapacity, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("u", userColumns)+`, k.minutes_per_week, k.set_by, k.set_at
FROM users u
LEFT JOIN capacities k ON k.municipality_id = u.municipality_id AND k.user_id = u.id
WHERE u.municipality_id = $1 AND u.team_id = $2 AND `+capacityMembers+`
ORDER BY u.name, u.id`, municipalityID, teamID)
	if err != nil {
		return nil, fmt.Errorf("team capacities: %w", err)
	}
	defer rows.Close()
	var out []MemberCapacity
	for rows.Next() {
		var u wijkregie.User
		var team, org, setBy sql.NullString
		var expertise string
		var minutes sql.NullInt64
		var setAt sql.NullTime
		if err := rows.Scan(&u.MunicipalityID, &u.ID, &u.Email, &u.Name, &u.Role, &team, &org, &expertise, &u.Active, &u.CreatedAt,
			&minutes, &setBy, &setAt); err != nil {
			return nil, err
		}
		u.TeamID, u.OrganisationID, u.Expertise, u.CreatedAt = team.String, org.String, splitList(expertise), u.CreatedAt.UTC()
		m := MemberCapacity{User: u}
		if minutes.Valid {
			m.Capacity = &wijkregie.Capacity{MunicipalityID: u.MunicipalityID, UserID: u.ID, Minutes: int(minutes.Int64),
				SetBy: setBy.String, SetAt: timeOf(setAt)}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetCapacity stores a professional's capacity, replacing the one set
// before; SetAt is set here. A user that does not exist is not found.
func (q *Q) SetCapacity(ctx context.Context, c *wijkregie.Capacity) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.SetAt = q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO capacities (municipality_id, user_id, minutes_per_week, set_by, set_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (municipality_id, user_id) DO UPDATE SET minutes_per_week = excluded.minutes_per_week,
  set_by = excluded.set_by, set_at = excluded.set_at`,
		c.MunicipalityID, c.UserID, c.Minutes, c.SetBy, c.SetAt)
	switch {
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case isCheckViolation(err):
		return wijkregie.InvalidField("urenPerWeek", "veld.capaciteit.bereik")
	case err != nil:
		return fmt.Errorf("set capacity: %w", err)
	}
	return nil
}

// ClearCapacity removes a professional's capacity: it is not set any more.
// Clearing one that is not set does nothing.
func (q *Q) ClearCapacity(ctx context.Context, municipalityID, userID string) error {
	if _, err := q.x.ExecContext(ctx, `DELETE FROM capacities WHERE municipality_id = $1 AND user_id = $2`, municipalityID, userID); err != nil {
		return fmt.Errorf("clear capacity: %w", err)
	}
	return nil
}

// TeamCapacityTotal is a team's capacity: its active professionals and
// leads, how many of them have a capacity set, and the sum of those.
type TeamCapacityTotal struct {
	TeamID  string
	Members int
	Set     int
	Minutes int
}

// Known reports whether the team's capacity is known: every member has
// one set, and there is a member.
func (t TeamCapacityTotal) Known() bool { return t.Members > 0 && t.Set == t.Members }

// CapacityTotals returns each team's capacity (one team's with teamID),
// teams without members left out (users_by_team).
func (q *Q) CapacityTotals(ctx context.Context, municipalityID, teamID string) ([]TeamCapacityTotal, error) {
	a := &sqlArgs{list: []any{municipalityID}}
	team := ` AND u.team_id IS NOT NULL`
	if teamID != "" {
		team = ` AND u.team_id = ` + a.add(teamID)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT u.team_id, COUNT(*), COUNT(k.user_id), COALESCE(SUM(k.minutes_per_week), 0)
FROM users u
LEFT JOIN capacities k ON k.municipality_id = u.municipality_id AND k.user_id = u.id
WHERE u.municipality_id = $1 AND `+capacityMembers+team+`
GROUP BY u.team_id`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("capacity totals: %w", err)
	}
	defer rows.Close()
	var out []TeamCapacityTotal
	for rows.Next() {
		var t TeamCapacityTotal
		if err := rows.Scan(&t.TeamID, &t.Members, &t.Set, &t.Minutes); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
