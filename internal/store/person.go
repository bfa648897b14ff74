package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"wijkregie"
)

const personColumns = `municipality_id, id, bsn, given_name, prefix, family_name, birth_date, phone, email, created_at`

func scanPerson(sc interface{ Scan(...any) error }) (*wijkregie.Person, error) {
	var p wijkregie.Person
	var bsn sql.NullString
	var birth sql.NullTime
	if err := sc.Scan(&p.MunicipalityID, &p.ID, &bsn, &p.GivenName, &p.Prefix, &p.FamilyName, &birth, &p.Phone, &p.Email, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.BSN, p.BirthDate, p.CreatedAt = wijkregie.BSN(bsn.String), timeOf(birth), p.CreatedAt.UTC()
	return &p, nil
}

// CreatePerson adds a person; the id is set here. A BSN already registered
// in the municipality is a field error, decided by the unique index.
func (q *Q) CreatePerson(ctx context.Context, p *wijkregie.Person) error {
	if err := p.Validate(q.Now()); err != nil {
		return err
	}
	p.ID, p.CreatedAt = wijkregie.NewID(q.Now()), q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO persons (`+personColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.MunicipalityID, p.ID, nullString(p.BSN.Digits()), p.GivenName, p.Prefix, p.FamilyName, nullDate(p.BirthDate), p.Phone, p.Email, p.CreatedAt)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("bsn", "veld.bsn.bestaat")
	}
	if err != nil {
		return fmt.Errorf("create person: %w", err)
	}
	return nil
}

// Person returns one person.
func (q *Q) Person(ctx context.Context, municipalityID, id string) (*wijkregie.Person, error) {
	p, err := scanPerson(q.x.QueryRowContext(ctx, `SELECT `+personColumns+` FROM persons WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return p, nil
}

// HouseholdMembers returns the people of a household with their membership,
// current members first, then by from date.
func (q *Q) HouseholdMembers(ctx context.Context, municipalityID, householdID string) ([]wijkregie.Member, []wijkregie.Person, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT m.relation, m.from_date, m.until_date, `+prefixed("p", personColumns)+`
FROM members m JOIN persons p ON p.municipality_id = m.municipality_id AND p.id = m.person_id
WHERE m.municipality_id = $1 AND m.household_id = $2
ORDER BY m.until_date IS NOT NULL, m.from_date, p.family_name, p.id`, municipalityID, householdID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ms []wijkregie.Member
	var ps []wijkregie.Person
	for rows.Next() {
		var m wijkregie.Member
		var until sql.NullTime
		var p wijkregie.Person
		var bsn sql.NullString
		var birth sql.NullTime
		if err := rows.Scan(&m.Relation, &m.From, &until, &p.MunicipalityID, &p.ID, &bsn, &p.GivenName, &p.Prefix, &p.FamilyName, &birth, &p.Phone, &p.Email, &p.CreatedAt); err != nil {
			return nil, nil, err
		}
		p.BSN, p.BirthDate, p.CreatedAt = wijkregie.BSN(bsn.String), timeOf(birth), p.CreatedAt.UTC()
		m.MunicipalityID, m.HouseholdID, m.PersonID, m.Until = municipalityID, householdID, p.ID, timeOf(until)
		m.From = m.From.UTC()
		ms = append(ms, m)
		ps = append(ps, p)
	}
	return ms, ps, rows.Err()
}

// PersonHouseholds returns the ids of the households a person is a member
// of today (the until date is the last day of a membership). The policy
// decides access to a person by them: whoever worked with a household the
// person has left has no need to know their current details.
func (q *Q) PersonHouseholds(ctx context.Context, municipalityID, personID string) ([]string, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT household_id FROM members WHERE municipality_id = $1 AND person_id = $2
AND from_date <= $3 AND (until_date IS NULL OR until_date >= $3)
ORDER BY from_date DESC, household_id`, municipalityID, personID, date(q.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// prefixed qualifies a column list with a table alias, for joins.
func prefixed(alias, columns string) string {
	cs := strings.Split(columns, ",")
	for i, c := range cs {
		cs[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(cs, ", ")
}
