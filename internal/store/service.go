package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"wijkregie"
)

// The sociale kaart. Domains are kept between commas in one column and
// matched with LIKE; postcode areas are kept whole for reading and, as
// numeric ranges, in service_areas for matching. The migration
// (0003_sociale_kaart.sql) says why.

const serviceColumns = `municipality_id, id, name, description, domains, target_group, areas, phone, email, website, address, opening_hours, active, created_at`

func scanService(sc interface{ Scan(...any) error }) (*wijkregie.Service, error) {
	var s wijkregie.Service
	var domains, areas string
	if err := sc.Scan(&s.MunicipalityID, &s.ID, &s.Name, &s.Description, &domains, &s.TargetGroup, &areas,
		&s.Phone, &s.Email, &s.Website, &s.Address, &s.OpeningHours, &s.Active, &s.CreatedAt); err != nil {
		return nil, err
	}
	s.Domains, s.Areas, s.CreatedAt = splitList(strings.Trim(domains, ",")), splitList(areas), s.CreatedAt.UTC()
	return &s, nil
}

// domainColumn is how the domains column holds a list: ",a,b,". The commas
// at both ends let one pattern, ",code,", find a code anywhere in it.
func domainColumn(codes []string) string { return "," + strings.Join(codes, ",") + "," }

// CreateService adds a catalogue entry; its id is set here. A name the
// municipality's catalogue already has is a field error.
func (q *Q) CreateService(ctx context.Context, s *wijkregie.Service) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.ID, s.CreatedAt, s.Active = wijkregie.NewID(q.Now()), q.Now(), true
	_, err := q.x.ExecContext(ctx, `INSERT INTO services (`+serviceColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		s.MunicipalityID, s.ID, s.Name, s.Description, domainColumn(s.Domains), s.TargetGroup, joinList(s.Areas),
		s.Phone, s.Email, s.Website, s.Address, s.OpeningHours, s.Active, s.CreatedAt)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("naam", "veld.naam.bestaat")
	}
	if err != nil {
		return fmt.Errorf("create service: %w", err)
	}
	return q.insertServiceAreas(ctx, s)
}

// UpdateService changes a catalogue entry, its areas included.
func (q *Q) UpdateService(ctx context.Context, s *wijkregie.Service) error {
	if err := s.Validate(); err != nil {
		return err
	}
	res, err := q.x.ExecContext(ctx, `UPDATE services SET name = $3, description = $4, domains = $5, target_group = $6, areas = $7,
  phone = $8, email = $9, website = $10, address = $11, opening_hours = $12, active = $13
WHERE municipality_id = $1 AND id = $2`,
		s.MunicipalityID, s.ID, s.Name, s.Description, domainColumn(s.Domains), s.TargetGroup, joinList(s.Areas),
		s.Phone, s.Email, s.Website, s.Address, s.OpeningHours, s.Active)
	if isUniqueViolation(err) {
		return wijkregie.InvalidField("naam", "veld.naam.bestaat")
	}
	if err := affectedOne(res, err); err != nil {
		return err
	}
	if _, err := q.x.ExecContext(ctx, `DELETE FROM service_areas WHERE municipality_id = $1 AND service_id = $2`, s.MunicipalityID, s.ID); err != nil {
		return fmt.Errorf("update service areas: %w", err)
	}
	return q.insertServiceAreas(ctx, s)
}

// insertServiceAreas writes the matching form of a service's areas; an
// area entered twice is written once.
func (q *Q) insertServiceAreas(ctx context.Context, s *wijkregie.Service) error {
	seen := map[[2]int]bool{}
	for _, a := range s.Areas {
		r, err := areaRange(a)
		if err != nil {
			return err
		}
		if seen[r] {
			continue
		}
		seen[r] = true
		if _, err := q.x.ExecContext(ctx, `INSERT INTO service_areas (municipality_id, service_id, first_area, last_area) VALUES ($1, $2, $3, $4)`,
			s.MunicipalityID, s.ID, r[0], r[1]); err != nil {
			return fmt.Errorf("service area %s: %w", a, err)
		}
	}
	return nil
}

// areaRange reads a validated area, "2584" or "2581-2583", as its first
// and last four-digit area.
func areaRange(a string) ([2]int, error) {
	lo, hi, isRange := strings.Cut(a, "-")
	if !isRange {
		hi = lo
	}
	first, err1 := strconv.Atoi(lo)
	last, err2 := strconv.Atoi(hi)
	if err1 != nil || err2 != nil {
		return [2]int{}, fmt.Errorf("service area %q is not validated", a)
	}
	return [2]int{first, last}, nil
}

// Service returns one catalogue entry.
func (q *Q) Service(ctx context.Context, municipalityID, id string) (*wijkregie.Service, error) {
	s, err := scanService(q.x.QueryRowContext(ctx, `SELECT `+serviceColumns+` FROM services WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return s, nil
}

// ServiceFilter narrows the sociale kaart; empty fields do not filter.
type ServiceFilter struct {
	Domain     string // a code of wijkregie.Domains
	Postcode   string // a four-digit area or a full postcode: the services that cover it or have no areas
	Query      string // part of the name or the description, in any case
	ActiveOnly bool
	Page       Page
}

// Services lists a municipality's catalogue entries by name, with the
// total count. An unknown domain or a postcode that is not one is a field
// error (domein, postcode).
//
// The text search compares LOWER of both sides. SQLite's LOWER folds ASCII
// letters only, so there a capital with an accent in the stored text (É)
// is matched by itself, not by its small letter; Dutch service names
// rarely start a word with one.
func (q *Q) Services(ctx context.Context, municipalityID string, f ServiceFilter) ([]wijkregie.Service, int, error) {
	var v wijkregie.Invalid
	var domain, text string
	area := 0
	if f.Domain != "" {
		if !wijkregie.ValidDomain(f.Domain) {
			v.Field("domein", "veld.domein")
		}
		domain = "%," + f.Domain + ",%"
	}
	if f.Postcode != "" {
		a, ok := wijkregie.PostcodeArea(f.Postcode)
		if !ok {
			v.Field("postcode", "veld.postcode.gebied")
		}
		area, _ = strconv.Atoi(a)
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if s := strings.TrimSpace(f.Query); s != "" {
		text = "%" + escapeLike(strings.ToLower(s)) + "%"
	}
	p := f.Page.clamp()
	// Each filter is off when its argument is empty (or 0, or false), so
	// one statement serves every combination on both engines.
	where := ` FROM services s WHERE s.municipality_id = $1
  AND ($2 = '' OR s.domains LIKE $2)
  AND ($3 = 0 OR s.areas = '' OR EXISTS (SELECT 1 FROM service_areas a
    WHERE a.municipality_id = s.municipality_id AND a.service_id = s.id AND a.first_area <= $3 AND a.last_area >= $3))
  AND ($4 = '' OR LOWER(s.name) LIKE $4 ESCAPE '\' OR LOWER(s.description) LIKE $4 ESCAPE '\')
  AND (s.active OR NOT $5)`
	args := []any{municipalityID, domain, area, text, f.ActiveOnly}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("s", serviceColumns)+where+` ORDER BY s.name, s.id LIMIT $6 OFFSET $7`,
		append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []wijkregie.Service
	for rows.Next() {
		s, err := scanService(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *s)
	}
	return out, total, rows.Err()
}

// escapeLike makes a search text literal in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
