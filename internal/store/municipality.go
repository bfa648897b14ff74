package store

import (
	"context"
	"fmt"

	"wijkregie"
)

// CreateMunicipality adds a tenant and starts its audit chain.
func (q *Q) CreateMunicipality(ctx context.Context, m *wijkregie.Municipality) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m.CreatedAt = q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO municipalities (id, name, created_at) VALUES ($1, $2, $3)`, m.ID, m.Name, m.CreatedAt)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("code", "veld.gemeente.bestaat")
	}
	if err != nil {
		return fmt.Errorf("create municipality: %w", err)
	}
	_, err = q.x.ExecContext(ctx, `INSERT INTO audit_heads (municipality_id, seq, hash) VALUES ($1, 0, $2)`, m.ID, wijkregie.GenesisHash)
	if err != nil {
		return fmt.Errorf("start audit chain: %w", err)
	}
	// The public concern form's user, as migration 0021 gave every
	// municipality before it: the signals the form registers name it as
	// their creator. Inactive, without a password, in a role the policy
	// lets do nothing but that (policy.PublicRole, docs/zorgmelding.md).
	_, err = q.x.ExecContext(ctx, `INSERT INTO users (municipality_id, id, email, name, role, active, password_hash, created_at)
VALUES ($1, $2, $3, $4, $5, FALSE, '', $6)`, m.ID, PublicUserID, "publiek@wijkregie.invalid", "Openbaar meldformulier", PublicRole, m.CreatedAt)
	if err != nil {
		return fmt.Errorf("add the public form's user: %w", err)
	}
	return nil
}

// PublicUserID and PublicRole are the public concern form's user, as
// migration 0021 writes it and policy.PublicUserID and policy.PublicRole
// name it (a test holds the two alike). The store does not import the
// policy; it only writes the row and keeps it out of the list of users.
const (
	PublicUserID = "publiek"
	PublicRole   = "publiek"
)

// Municipality returns one municipality.
func (q *Q) Municipality(ctx context.Context, id string) (*wijkregie.Municipality, error) {
	var m wijkregie.Municipality
	err := q.x.QueryRowContext(ctx, `SELECT id, name, created_at FROM municipalities WHERE id = $1`, id).Scan(&m.ID, &m.Name, &m.CreatedAt)
	if err != nil {
		return nil, notFound(err)
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return &m, nil
}

// Municipalities lists the tenants, for the login form's choice. It is the
// one query that spans tenants, and it reads only the tenant table itself.
func (q *Q) Municipalities(ctx context.Context) ([]wijkregie.Municipality, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, name, created_at FROM municipalities ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Municipality
	for rows.Next() {
		var m wijkregie.Municipality
		if err := rows.Scan(&m.ID, &m.Name, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}
