package store

import (
	"context"
	"fmt"

	"wijkregie"
)

const organisationColumns = `municipality_id, id, name, kind, phone, email, active, created_at`

func scanOrganisation(sc interface{ Scan(...any) error }) (*wijkregie.Organisation, error) {
	var o wijkregie.Organisation
	if err := sc.Scan(&o.MunicipalityID, &o.ID, &o.Name, &o.Kind, &o.Phone, &o.Email, &o.Active, &o.CreatedAt); err != nil {
		return nil, err
	}
	o.CreatedAt = o.CreatedAt.UTC()
	return &o, nil
}

// CreateOrganisation adds a partner organisation; its id is set here.
func (q *Q) CreateOrganisation(ctx context.Context, o *wijkregie.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	o.ID, o.CreatedAt, o.Active = wijkregie.NewID(q.Now()), q.Now(), true
	_, err := q.x.ExecContext(ctx, `INSERT INTO organisations (`+organisationColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		o.MunicipalityID, o.ID, o.Name, o.Kind, o.Phone, o.Email, o.Active, o.CreatedAt)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("naam", "veld.naam.bestaat")
	}
	if err != nil {
		return fmt.Errorf("create organisation: %w", err)
	}
	return nil
}

// UpdateOrganisation changes an organisation's details.
func (q *Q) UpdateOrganisation(ctx context.Context, o *wijkregie.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	res, err := q.x.ExecContext(ctx, `UPDATE organisations SET name = $3, kind = $4, phone = $5, email = $6, active = $7 WHERE municipality_id = $1 AND id = $2`,
		o.MunicipalityID, o.ID, o.Name, o.Kind, o.Phone, o.Email, o.Active)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("naam", "veld.naam.bestaat")
	}
	return affectedOne(res, err)
}

// Organisation returns one organisation.
func (q *Q) Organisation(ctx context.Context, municipalityID, id string) (*wijkregie.Organisation, error) {
	o, err := scanOrganisation(q.x.QueryRowContext(ctx, `SELECT `+organisationColumns+` FROM organisations WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return o, nil
}

// Organisations lists a municipality's organisations by name.
func (q *Q) Organisations(ctx context.Context, municipalityID string) ([]wijkregie.Organisation, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+organisationColumns+` FROM organisations WHERE municipality_id = $1 ORDER BY name`, municipalityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Organisation
	for rows.Next() {
		o, err := scanOrganisation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}
