package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"wijkregie"
)

// personColumns are the columns scanPerson reads; a new record writes the
// first ten (the merge columns are set by MergePersons only). The BSN is
// read sealed and opened in Go (bsn.go).
const personColumns = `municipality_id, id, bsn_versleuteld, given_name, prefix, family_name, birth_date, phone, email, created_at, merged_into, merged_at, merged_by`

func (q *Q) scanPerson(sc interface{ Scan(...any) error }) (*wijkregie.Person, error) {
	return q.scanPersonAfter(sc)
}

// scanPersonAfter scans a row whose person columns follow the lead
// destinations, as in a join.
func (q *Q) scanPersonAfter(sc interface{ Scan(...any) error }, lead ...any) (*wijkregie.Person, error) {
	var p wijkregie.Person
	var sealed, into, by sql.NullString
	var birth, at sql.NullTime
	dst := append(lead, &p.MunicipalityID, &p.ID, &sealed, &p.GivenName, &p.Prefix, &p.FamilyName, &birth, &p.Phone, &p.Email, &p.CreatedAt, &into, &at, &by)
	if err := sc.Scan(dst...); err != nil {
		return nil, err
	}
	bsn, err := q.openBSN(p.MunicipalityID, sealed)
	if err != nil {
		return nil, fmt.Errorf("person %s: %w", p.ID, err)
	}
	p.BSN, p.BirthDate, p.CreatedAt = wijkregie.BSN(bsn), timeOf(birth), p.CreatedAt.UTC()
	p.MergedInto, p.MergedAt, p.MergedBy = into.String, timeOf(at), by.String
	return &p, nil
}

// CreatePerson adds a person; the id is set here. A BSN already registered
// in the municipality is a field error, decided by the unique index on its
// hash (and, during a key rotation, by bsnTakenByOlderKey). The BSN is
// stored sealed.
func (q *Q) CreatePerson(ctx context.Context, p *wijkregie.Person) error {
	if err := p.Validate(q.Now()); err != nil {
		return err
	}
	digits := p.BSN.Digits()
	if digits != "" {
		taken, err := q.bsnTakenByOlderKey(ctx, p.MunicipalityID, digits)
		if err != nil {
			return fmt.Errorf("create person: %w", err)
		}
		if taken {
			return wijkregie.InvalidField("bsn", "veld.bsn.bestaat")
		}
	}
	sealed, hash, err := q.sealBSN(p.MunicipalityID, digits)
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt = wijkregie.NewID(q.Now()), q.Now()
	_, err = q.x.ExecContext(ctx, `INSERT INTO persons (municipality_id, id, bsn_versleuteld, bsn_hash, given_name, prefix, family_name, birth_date, phone, email, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		p.MunicipalityID, p.ID, sealed, hash, p.GivenName, p.Prefix, p.FamilyName, nullDate(p.BirthDate), p.Phone, p.Email, p.CreatedAt)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("bsn", "veld.bsn.bestaat")
	}
	if err != nil {
		return fmt.Errorf("create person: %w", err)
	}
	return nil
}

// Person returns one person, a merged record too: its MergedInto names
// the record that stays.
func (q *Q) Person(ctx context.Context, municipalityID, id string) (*wijkregie.Person, error) {
	p, err := q.scanPerson(q.x.QueryRowContext(ctx, `SELECT `+personColumns+` FROM persons WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
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
		p, err := q.scanPersonAfter(rows, &m.Relation, &m.From, &until)
		if err != nil {
			return nil, nil, err
		}
		m.MunicipalityID, m.HouseholdID, m.PersonID, m.Until = municipalityID, householdID, p.ID, timeOf(until)
		m.From = m.From.UTC()
		ms = append(ms, m)
		ps = append(ps, *p)
	}
	return ms, ps, rows.Err()
}

// PersonHouseholds returns the ids of the households a person is a member
// of today (the until date is the last day of a membership). The policy
// decides access to a person by them: whoever worked with a household the
// person has left has no need to know their current details.
func (q *Q) PersonHouseholds(ctx context.Context, municipalityID, personID string) ([]string, error) {
	return q.queryIDs(ctx, "person households", `SELECT household_id FROM members WHERE municipality_id = $1 AND person_id = $2
AND from_date <= $3 AND (until_date IS NULL OR until_date >= $3)
ORDER BY from_date DESC, household_id`, municipalityID, personID, date(q.Now()))
}

// prefixed qualifies a column list with a table alias, for joins.
func prefixed(alias, columns string) string {
	cs := strings.Split(columns, ",")
	for i, c := range cs {
		cs[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(cs, ", ")
}

// PersonMatch is a person as a search shows them: enough to recognise
// someone, nothing more. Person holds the identifying fields only (id, BSN,
// names, birth date); its contact fields stay empty, so a search can never
// show them.
type PersonMatch struct {
	Person  wijkregie.Person
	Address *wijkregie.Address // where the person lives today; nil when no household is known
}

// MaxMatches bounds the answer to a search: more than this many people
// with one name, birth date or address means the search should be sharper,
// not that a professional should read a longer list.
const MaxMatches = 50

const matchColumns = `municipality_id, id, bsn_versleuteld, given_name, prefix, family_name, birth_date`

func (q *Q) scanMatch(sc interface{ Scan(...any) error }, extra ...any) (PersonMatch, error) {
	var p wijkregie.Person
	var sealed sql.NullString
	var birth sql.NullTime
	dst := append([]any{&p.MunicipalityID, &p.ID, &sealed, &p.GivenName, &p.Prefix, &p.FamilyName, &birth}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return PersonMatch{}, err
	}
	bsn, err := q.openBSN(p.MunicipalityID, sealed)
	if err != nil {
		return PersonMatch{}, fmt.Errorf("person %s: %w", p.ID, err)
	}
	p.BSN, p.BirthDate = wijkregie.BSN(bsn), timeOf(birth)
	return PersonMatch{Person: p}, nil
}

// SearchPersons finds persons in one of the query's three ways, at most
// MaxMatches, ordered by name, each with where they live today. A record
// merged into another is no resident of its own and is never found: the
// record it was merged into is.
//
// By BSN the unique index persons_by_bsn_hash answers, asked for the BSN's
// hash under every key of the ring (during a rotation a record may still
// carry an older key's). By name, the persons born
// on the day (persons_by_birth_date) are compared by family name without
// regard to case, in Go: SQLite's LOWER folds ASCII only. By address,
// households_by_address finds the households at the postcode and number
// (the addition compared without regard to case), and their members of
// today.
func (q *Q) SearchPersons(ctx context.Context, municipalityID string, pq *wijkregie.PersonQuery) ([]PersonMatch, error) {
	var (
		rows *sql.Rows
		err  error
		keep = func(PersonMatch, string) bool { return true }
	)
	switch pq.Way() {
	case wijkregie.SearchByBSN:
		args, marks := appendMarks([]any{municipalityID}, q.keys.Hashes(municipalityID, pq.BSN.Digits()))
		rows, err = q.x.QueryContext(ctx, `SELECT `+matchColumns+`, '' FROM persons WHERE municipality_id = $1 AND bsn_hash IN (`+marks+`) AND merged_into IS NULL`,
			args...)
	case wijkregie.SearchByName:
		rows, err = q.x.QueryContext(ctx, `SELECT `+matchColumns+`, '' FROM persons WHERE municipality_id = $1 AND birth_date = $2 AND merged_into IS NULL
ORDER BY family_name, given_name, id`, municipalityID, date(pq.BirthDate))
		keep = func(m PersonMatch, _ string) bool { return strings.EqualFold(m.Person.FamilyName, pq.FamilyName) }
	default:
		// CROSS JOIN makes SQLite start from the address, which its
		// planner (without statistics) would not: it scanned the
		// municipality's members, 6 ms against 0.2 ms among 5,000 of
		// them (BenchmarkSearchPersons). PostgreSQL reads it as an inner
		// join and plans freely.
		rows, err = q.x.QueryContext(ctx, `SELECT `+prefixed("p", matchColumns)+`, h.addition
FROM households h
CROSS JOIN members m
JOIN persons p ON p.municipality_id = m.municipality_id AND p.id = m.person_id
WHERE h.municipality_id = $1 AND h.postcode = $2 AND h.number = $3
  AND m.municipality_id = h.municipality_id AND m.household_id = h.id
  AND m.from_date <= $4 AND (m.until_date IS NULL OR m.until_date >= $4)
  AND p.merged_into IS NULL
ORDER BY p.family_name, p.given_name, p.id`, municipalityID, pq.Postcode, pq.Number, date(q.Now()))
		keep = func(_ PersonMatch, addition string) bool {
			return pq.Addition == "" || strings.EqualFold(strings.TrimSpace(addition), pq.Addition)
		}
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonMatch
	seen := map[string]bool{}
	for rows.Next() {
		var addition string
		m, err := q.scanMatch(rows, &addition)
		if err != nil {
			return nil, err
		}
		if seen[m.Person.ID] || !keep(m, addition) || len(out) == MaxMatches {
			continue
		}
		seen[m.Person.ID] = true
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, q.addAddresses(ctx, municipalityID, out)
}

// PersonMatch returns what a search shows of one person; a merged record
// is not found, as a search would not find it.
func (q *Q) PersonMatch(ctx context.Context, municipalityID, id string) (*PersonMatch, error) {
	m, err := q.scanMatch(q.x.QueryRowContext(ctx, `SELECT `+matchColumns+` FROM persons WHERE municipality_id = $1 AND id = $2 AND merged_into IS NULL`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	ms := []PersonMatch{m}
	if err := q.addAddresses(ctx, municipalityID, ms); err != nil {
		return nil, err
	}
	return &ms[0], nil
}

// addAddresses sets each match's address of today: that of the household
// the person joined last among those they belong to today. One query for
// all matches (members_by_person), not one per person.
func (q *Q) addAddresses(ctx context.Context, municipalityID string, ms []PersonMatch) error {
	if len(ms) == 0 {
		return nil
	}
	args := []any{municipalityID, date(q.Now())}
	marks := make([]string, len(ms))
	for i, m := range ms {
		args = append(args, m.Person.ID)
		marks[i] = fmt.Sprintf("$%d", i+3)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT m.person_id, h.street, h.number, h.addition, h.postcode, h.town
FROM members m JOIN households h ON h.municipality_id = m.municipality_id AND h.id = m.household_id
WHERE m.municipality_id = $1 AND m.person_id IN (`+strings.Join(marks, ", ")+`)
  AND m.from_date <= $2 AND (m.until_date IS NULL OR m.until_date >= $2)
ORDER BY m.person_id, m.from_date DESC, m.household_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	at := map[string]*wijkregie.Address{}
	for rows.Next() {
		var id string
		var a wijkregie.Address
		if err := rows.Scan(&id, &a.Street, &a.Number, &a.Addition, &a.Postcode, &a.Town); err != nil {
			return err
		}
		if at[id] == nil {
			at[id] = &a
		}
	}
	for i := range ms {
		ms[i].Address = at[ms[i].Person.ID]
	}
	return rows.Err()
}

// Membership is one of a person's memberships, with the household's
// address.
type Membership struct {
	wijkregie.Member
	Address wijkregie.Address
}

// PersonMemberships returns a person's household history: every
// membership, those of today first, then by from date, latest first.
func (q *Q) PersonMemberships(ctx context.Context, municipalityID, personID string) ([]Membership, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT m.household_id, m.relation, m.from_date, m.until_date,
  h.street, h.number, h.addition, h.postcode, h.town
FROM members m JOIN households h ON h.municipality_id = m.municipality_id AND h.id = m.household_id
WHERE m.municipality_id = $1 AND m.person_id = $2
ORDER BY CASE WHEN m.from_date <= $3 AND (m.until_date IS NULL OR m.until_date >= $3) THEN 0 ELSE 1 END,
  m.from_date DESC, m.household_id`, municipalityID, personID, date(q.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		ms := Membership{Member: wijkregie.Member{MunicipalityID: municipalityID, PersonID: personID}}
		var until sql.NullTime
		a := &ms.Address
		if err := rows.Scan(&ms.HouseholdID, &ms.Relation, &ms.From, &until, &a.Street, &a.Number, &a.Addition, &a.Postcode, &a.Town); err != nil {
			return nil, err
		}
		ms.From, ms.Until = ms.From.UTC(), timeOf(until)
		out = append(out, ms)
	}
	return out, rows.Err()
}
