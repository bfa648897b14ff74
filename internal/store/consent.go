package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wijkregie"
)

// The consent registry (migration 0012, docs/consent.md): consent records
// with the people who gave them. A record is written once and then only
// withdrawn; its version guards the withdrawal as a case's guards a change.

const consentColumns = `c.municipality_id, c.id, c.person_id, c.organisation_id, c.organisation_kind, c.purpose, c.domains,
c.given_on, c.method, c.until_date, c.recorded_by, c.recorded_at, c.withdrawn_at, c.withdrawn_by, c.withdrawn_reason, c.version`

func scanConsent(sc interface{ Scan(...any) error }) (*wijkregie.Consent, error) {
	var c wijkregie.Consent
	var org, kind, withdrawnBy sql.NullString
	var domains string
	var until, withdrawn sql.NullTime
	if err := sc.Scan(&c.MunicipalityID, &c.ID, &c.PersonID, &org, &kind, &c.Purpose, &domains,
		&c.GivenOn, &c.Method, &until, &c.RecordedBy, &c.RecordedAt, &withdrawn, &withdrawnBy, &c.WithdrawnReason, &c.Version); err != nil {
		return nil, err
	}
	c.OrganisationID, c.OrganisationKind, c.Domains = org.String, wijkregie.OrganisationKind(kind.String), splitList(domains)
	c.GivenOn, c.Until, c.RecordedAt = c.GivenOn.UTC(), timeOf(until), c.RecordedAt.UTC()
	c.WithdrawnAt, c.WithdrawnBy = timeOf(withdrawn), withdrawnBy.String
	return &c, nil
}

// CreateConsent records a consent with its givers, at version 1; id and
// recording time are set here, the dates kept as days. The caller has
// validated it (wijkregie.Consent.Validate needs the subject's birth date
// and parents, which the use case reads). A subject, organisation or user
// that does not exist is not found; a giver named twice is invalid.
func (q *Q) CreateConsent(ctx context.Context, c *wijkregie.Consent) error {
	c.ID, c.RecordedAt, c.Version = wijkregie.NewID(q.Now()), q.Now(), 1
	c.GivenOn, c.WithdrawnAt, c.WithdrawnBy, c.WithdrawnReason = date(c.GivenOn), time.Time{}, "", ""
	if !c.Until.IsZero() {
		c.Until = date(c.Until)
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO consents (municipality_id, id, person_id, organisation_id, organisation_kind, purpose,
domains, given_on, method, until_date, recorded_by, recorded_at, withdrawn_reason, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '', $13)`,
		c.MunicipalityID, c.ID, c.PersonID, nullString(c.OrganisationID), nullString(string(c.OrganisationKind)), c.Purpose,
		joinList(c.Domains), c.GivenOn, c.Method, nullDate(c.Until), c.RecordedBy, c.RecordedAt, c.Version)
	switch {
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case isCheckViolation(err):
		return wijkregie.InvalidField("organisatie", "veld.toestemming.ontvanger")
	case err != nil:
		return fmt.Errorf("create consent: %w", err)
	}
	for i, g := range c.GivenBy {
		_, err := q.x.ExecContext(ctx, `INSERT INTO consent_givers (municipality_id, consent_id, person_id, capacity, position)
VALUES ($1, $2, $3, $4, $5)`, c.MunicipalityID, c.ID, g.PersonID, g.Capacity, i)
		switch {
		case isUniqueViolation(err):
			return wijkregie.InvalidField("gegevenDoor", "veld.toestemming.gever.dubbel")
		case isForeignKeyViolation(err):
			return wijkregie.NotFound()
		case err != nil:
			return fmt.Errorf("create consent: giver: %w", err)
		}
	}
	return nil
}

// Consent returns one consent with its givers.
func (q *Q) Consent(ctx context.Context, municipalityID, id string) (*wijkregie.Consent, error) {
	c, err := scanConsent(q.x.QueryRowContext(ctx, `SELECT `+consentColumns+` FROM consents c WHERE c.municipality_id = $1 AND c.id = $2`,
		municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	out := []wijkregie.Consent{*c}
	if err := q.addGivers(ctx, municipalityID, out); err != nil {
		return nil, err
	}
	return &out[0], nil
}

// consentScopeSQL renders the policy's consent scope as a condition on
// consents aliased c, with its arguments added to a. It is the one place
// the list form of the consent rule becomes SQL; it agrees with
// wijkregie.ConsentScope.Admits.
func consentScopeSQL(sc wijkregie.ConsentScope, a *sqlArgs) string {
	switch {
	case sc.All:
		return "TRUE"
	case sc.Empty():
		return "FALSE"
	}
	var conds []string
	if sc.OrganisationID != "" {
		conds = append(conds, "c.organisation_id = "+a.add(sc.OrganisationID))
	}
	if sc.Kind != "" {
		conds = append(conds, "(c.organisation_id IS NULL AND c.organisation_kind = "+a.add(string(sc.Kind))+")")
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// PersonConsents returns the consents of a person that the scope admits,
// with their givers, in the order given (consents_by_person).
func (q *Q) PersonConsents(ctx context.Context, municipalityID, personID string, sc wijkregie.ConsentScope) ([]wijkregie.Consent, error) {
	a := &sqlArgs{list: []any{municipalityID, personID}}
	cond := consentScopeSQL(sc, a)
	return q.consents(ctx, municipalityID, `SELECT `+consentColumns+` FROM consents c
WHERE c.municipality_id = $1 AND c.person_id = $2 AND `+cond+`
ORDER BY c.given_on, c.recorded_at, c.id`, a.list)
}

// HouseholdConsents returns the consents that the scope admits of the
// persons who are members of the household today (as the household page
// lists them), with their givers, by person and in the order given.
func (q *Q) HouseholdConsents(ctx context.Context, municipalityID, householdID string, sc wijkregie.ConsentScope) ([]wijkregie.Consent, error) {
	a := &sqlArgs{list: []any{municipalityID, householdID, date(wijkregie.Today(q.Now()))}}
	cond := consentScopeSQL(sc, a)
	return q.consents(ctx, municipalityID, `SELECT `+consentColumns+` FROM consents c
WHERE c.municipality_id = $1 AND c.person_id IN (SELECT m.person_id FROM members m WHERE m.municipality_id = $1
  AND m.household_id = $2 AND m.from_date <= $3 AND (m.until_date IS NULL OR m.until_date >= $3))
  AND `+cond+`
ORDER BY c.person_id, c.given_on, c.recorded_at, c.id`, a.list)
}

// ConsentsForRecipient returns the consents of a person for the
// organisation (organisationID) or, for every organisation of a kind, its
// kind, that had not been withdrawn at the moment at: what the access
// policy weighs (app.ConsentCovers). Those never withdrawn come from
// consents_active_by_recipient; the few withdrawn since at are read
// apart. Their givers are not read: the question is what a consent allows,
// not who gave it.
func (q *Q) ConsentsForRecipient(ctx context.Context, municipalityID, personID, organisationID string, kind wijkregie.OrganisationKind,
	at time.Time) ([]wijkregie.Consent, error) {
	recipient := `(c.organisation_id = $3 OR c.organisation_id IS NULL AND c.organisation_kind = $4)`
	rows, err := q.x.QueryContext(ctx, `SELECT `+consentColumns+` FROM consents c
WHERE c.municipality_id = $1 AND c.person_id = $2 AND c.withdrawn_at IS NULL AND `+recipient+`
UNION ALL
SELECT `+consentColumns+` FROM consents c
WHERE c.municipality_id = $1 AND c.person_id = $2 AND c.withdrawn_at > $5 AND `+recipient,
		municipalityID, personID, organisationID, string(kind), stamp(at))
	if err != nil {
		return nil, fmt.Errorf("consents for recipient: %w", err)
	}
	return scanConsents(rows)
}

// scanConsents reads every row of a consent query and closes it.
func scanConsents(rows *sql.Rows) ([]wijkregie.Consent, error) {
	defer rows.Close()
	var out []wijkregie.Consent
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// consents runs a query of consents and adds their givers.
func (q *Q) consents(ctx context.Context, municipalityID, query string, args []any) ([]wijkregie.Consent, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("consents: %w", err)
	}
	// Read whole and closed before the givers' query: inside a
	// transaction both run on its one connection.
	out, err := scanConsents(rows)
	if err != nil {
		return nil, err
	}
	if err := q.addGivers(ctx, municipalityID, out); err != nil {
		return nil, err
	}
	return out, nil
}

// addGivers reads the givers of the consents in one query.
func (q *Q) addGivers(ctx context.Context, municipalityID string, cs []wijkregie.Consent) error {
	if len(cs) == 0 {
		return nil
	}
	a := &sqlArgs{list: []any{municipalityID}}
	at := make(map[string]int, len(cs))
	in := make([]string, len(cs))
	for i := range cs {
		at[cs[i].ID] = i
		in[i] = a.add(cs[i].ID)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT consent_id, person_id, capacity FROM consent_givers
WHERE municipality_id = $1 AND consent_id IN (`+strings.Join(in, ", ")+`) ORDER BY consent_id, position`, a.list...)
	if err != nil {
		return fmt.Errorf("consent givers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var g wijkregie.ConsentGiver
		if err := rows.Scan(&id, &g.PersonID, &g.Capacity); err != nil {
			return err
		}
		c := &cs[at[id]]
		c.GivenBy = append(c.GivenBy, g)
	}
	return rows.Err()
}

// WithdrawConsent writes the withdrawal the domain recorded on c
// (wijkregie.Consent.Withdraw) when c's version is still the stored one
// and it was not withdrawn before; its version goes up. Otherwise: not
// found, already withdrawn, or changed meanwhile — each a refusal that
// writes nothing.
func (q *Q) WithdrawConsent(ctx context.Context, c *wijkregie.Consent) error {
	if c.WithdrawnAt.IsZero() || c.WithdrawnBy == "" {
		return fmt.Errorf("withdraw consent %s: no withdrawal recorded", c.ID)
	}
	c.WithdrawnAt = stamp(c.WithdrawnAt)
	res, err := q.x.ExecContext(ctx, `UPDATE consents SET withdrawn_at = $3, withdrawn_by = $4, withdrawn_reason = $5, version = version + 1
WHERE municipality_id = $1 AND id = $2 AND version = $6 AND withdrawn_at IS NULL`,
		c.MunicipalityID, c.ID, c.WithdrawnAt, c.WithdrawnBy, c.WithdrawnReason, c.Version)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("withdraw consent: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		cur, err := q.Consent(ctx, c.MunicipalityID, c.ID)
		switch {
		case err != nil:
			return err
		case !cur.WithdrawnAt.IsZero():
			return wijkregie.Conflict("fout.toestemming.al_ingetrokken")
		}
		return wijkregie.Conflict("fout.toestemming.gewijzigd")
	}
	c.Version++
	return nil
}
