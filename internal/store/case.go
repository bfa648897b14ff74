package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wijkregie"
)

const caseColumns = `municipality_id, id, household_id, team_id, status, level, domains, opened_at, opened_by,
closed_at, closure_reason, coordinator_id, version, relapse_of, last_contact, legal_ground, legal_ground_note`

func scanCase(sc interface{ Scan(...any) error }, extra ...any) (*wijkregie.Case, error) {
	var c wijkregie.Case
	var team, coordinator, relapse, ground sql.NullString
	var closed, contact sql.NullTime
	var domains string
	dest := append([]any{&c.MunicipalityID, &c.ID, &c.HouseholdID, &team, &c.Status, &c.Level, &domains, &c.OpenedAt, &c.OpenedBy,
		&closed, &c.ClosureReason, &coordinator, &c.Version, &relapse, &contact, &ground, &c.LegalGroundNote}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	c.TeamID, c.CoordinatorID, c.RelapseOf = team.String, coordinator.String, relapse.String
	c.LegalGround = wijkregie.LegalGround(ground.String)
	c.LastContact = timeOf(contact)
	c.Domains = splitList(domains)
	c.OpenedAt, c.ClosedAt = c.OpenedAt.UTC(), timeOf(closed)
	return &c, nil
}

// caseConflict translates the schema's refusals of a case write: a second
// open case for the household (cases_one_open), and a case past
// registration without a regisseur (the CHECK).
func caseConflict(err error) error {
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.casus.al_open")
	case isCheckViolation(err):
		return wijkregie.Conflict("fout.casus.regisseur_nodig")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	}
	return err
}

// CreateCase stores a new case at version 1 with its opening event; the
// id and opening time are set here, and RelapseOf when the household's
// latest case closed within twelve months (wijkregie.IsRelapse). A household that has an open case
// already is refused by the schema: a conflict.
func (q *Q) CreateCase(ctx context.Context, c *wijkregie.Case) error {
	c.ID, c.OpenedAt, c.Version = wijkregie.NewID(q.Now()), q.Now(), 1
	var lastID string
	var lastClosed sql.NullTime
	err := q.x.QueryRowContext(ctx, `SELECT id, closed_at FROM cases WHERE municipality_id = $1 AND household_id = $2 AND closed_at IS NOT NULL
ORDER BY closed_at DESC LIMIT 1`, c.MunicipalityID, c.HouseholdID).Scan(&lastID, &lastClosed)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return fmt.Errorf("create case: previous case: %w", err)
	case wijkregie.IsRelapse(timeOf(lastClosed), c.OpenedAt):
		c.RelapseOf = lastID
	}
	_, err = q.x.ExecContext(ctx, `INSERT INTO cases (`+caseColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		c.MunicipalityID, c.ID, c.HouseholdID, nullString(c.TeamID), c.Status, c.Level, joinList(c.Domains), c.OpenedAt, c.OpenedBy,
		nullTime(c.ClosedAt), c.ClosureReason, nullString(c.CoordinatorID), c.Version, nullString(c.RelapseOf), nullDate(c.LastContact),
		nullString(string(c.LegalGround)), c.LegalGroundNote)
	if err != nil {
		if e := caseConflict(err); e != err {
			return e
		}
		return fmt.Errorf("create case: %w", err)
	}
	return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventOpened,
		To: string(c.Level), By: c.OpenedBy})
}

// Case returns one case.
func (q *Q) Case(ctx context.Context, municipalityID, id string) (*wijkregie.Case, error) {
	c, err := scanCase(q.x.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// OpenCase returns the household's open case, or a not-found error when it
// has none (cases_one_open).
func (q *Q) OpenCase(ctx context.Context, municipalityID, householdID string) (*wijkregie.Case, error) {
	c, err := scanCase(q.x.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases
WHERE municipality_id = $1 AND household_id = $2 AND status NOT IN ($3, $4)`,
		municipalityID, householdID, wijkregie.CaseClosed, wijkregie.CaseHandedOver))
	if err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// HouseholdCases returns all of a household's cases, the newest first.
func (q *Q) HouseholdCases(ctx context.Context, municipalityID, householdID string) ([]wijkregie.Case, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE municipality_id = $1 AND household_id = $2
ORDER BY opened_at DESC, id`, municipalityID, householdID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// UpdateCase writes a case's status, level, domains, closure and regisseur
// when its version is still the one read, and raises the version. A case
// changed meanwhile is a conflict: the caller shows the change and keeps
// the user's input. The last contact is not written here but only by
// CreateNote, which moves it without raising the version: written from
// the case as read, it would put back a contact noted in between.
func (q *Q) UpdateCase(ctx context.Context, c *wijkregie.Case) error {
	c.ClosedAt = stamp(c.ClosedAt)
	res, err := q.x.ExecContext(ctx, `UPDATE cases SET status = $4, level = $5, domains = $6, closed_at = $7, closure_reason = $8,
coordinator_id = $9, legal_ground = $10, legal_ground_note = $11, version = version + 1
WHERE municipality_id = $1 AND id = $2 AND version = $3`,
		c.MunicipalityID, c.ID, c.Version, c.Status, c.Level, joinList(c.Domains), nullTime(c.ClosedAt), c.ClosureReason,
		nullString(c.CoordinatorID), nullString(string(c.LegalGround)), c.LegalGroundNote)
	if err != nil {
		if e := caseConflict(err); e != err {
			return e
		}
		return fmt.Errorf("update case: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := q.Case(ctx, c.MunicipalityID, c.ID); err != nil {
			return err
		}
		return wijkregie.Conflict("fout.casus.gewijzigd")
	}
	c.Version++
	return nil
}

// CaseFilter narrows a case list. The flags behind the team lead's
// overview (WithoutCoordinator, WithoutPlan, Stagnating) hold for open
// cases only; every filter is applied within the actor's scope, so a
// number on the overview and the list behind it agree.
type CaseFilter struct {
	TeamID             string // only this team's cases
	CoordinatorID      string // only the cases this user is regisseur of
	Open               bool   // only open cases
	Closed             bool   // only closed and handed-over cases
	WithoutCoordinator bool   // open cases without a regisseur
	WithoutPlan        bool   // open cases past aangemeld without an active plan
	Stagnating         bool   // open cases with any sign of stagnation (Stagnation)
	StagnatingFirst    bool   // order stagnating cases before the others (the work list)
	Relapse            bool   // cases that are a relapse (relapse_of set)
	Page               Page

	// The filters behind the dashboard's figures (docs/uitkomsten.md,
	// "Doorklikken"): each is the measure's own condition, so that a
	// number and the list behind it agree.
	Level         wijkregie.CaseLevel // only cases at this level
	WithPlan      bool                // open cases with a regisseur and an active plan: the 1-1-1 held
	Organisations *int                // open cases with this many organisations involved now (OrganisationsOrMore: that many or more)
	Postcode      string              // only cases whose household lives in this postcode area (its four digits)
	// ClosedFrom and ClosedTo: only cases closed (status afgesloten, not
	// handed over) in [ClosedFrom, ClosedTo); a zero end is open.
	ClosedFrom, ClosedTo time.Time
	ClosureReason        string // only cases closed for this reason (wijkregie.ClosureReasons)
}

// OrganisationsOrMore is the last bucket of the organisations filter, as
// the measure organisaties-per-gezin counts them: five or more.
const OrganisationsOrMore = 5

// closedFilter reports whether f asks for closed cases.
func (f CaseFilter) closedFilter() bool {
	return !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero() || f.ClosureReason != ""
}

// CaseSummary is a row of a case list: the case with its address and its
// regisseur's name.
type CaseSummary struct {
	wijkregie.Case
	Address         wijkregie.Address
	CoordinatorName string
}

// caseFilterSQL renders the scope and the filter as a condition on cases
// aliased c, its arguments added to a (whose $1 is the municipality).
func (q *Q) caseFilterSQL(ctx context.Context, a *sqlArgs, municipalityID string, scope wijkregie.HouseholdScope, f CaseFilter) (string, error) {
	// A case is in scope by its own team, not its household's: it stays
	// with the team that opened it. It must agree with policy.InCaseScope.
	cond, args := scopeSQL(scope, "c.team_id", "c.household_id", len(a.list)+1, q.Now())
	a.list = append(a.list, args...)
	if f.TeamID != "" {
		cond += " AND c.team_id = " + a.add(f.TeamID)
	}
	if f.CoordinatorID != "" {
		cond += " AND c.coordinator_id = " + a.add(f.CoordinatorID)
	}
	if f.Open || f.WithoutCoordinator || f.WithoutPlan || f.Stagnating || f.WithPlan || f.Organisations != nil {
		cond += " AND " + openCaseSQL(a)
	}
	if f.Level != "" {
		cond += " AND c.level = " + a.add(f.Level)
	}
	if f.WithPlan {
		cond += " AND " + withPlanSQL
	}
	if f.Organisations != nil {
		// As OneOneOne counts them at a moment: the distinct organisations
		// of the betrokkenen of now, a partner user's by its organisation.
		now := a.add(stamp(q.Now()))
		op := " = "
		if *f.Organisations >= OrganisationsOrMore {
			op = " >= "
		}
		cond += ` AND (SELECT COUNT(DISTINCT COALESCE(cp.organisation_id, u.organisation_id)) FROM case_parties cp
  LEFT JOIN users u ON u.municipality_id = cp.municipality_id AND u.id = cp.user_id
  WHERE cp.municipality_id = c.municipality_id AND cp.case_id = c.id
  AND cp.from_at <= ` + now + ` AND (cp.until_at IS NULL OR cp.until_at > ` + now + `))` + op + a.add(min(*f.Organisations, OrganisationsOrMore))
	}
	if f.Postcode != "" {
		// As the measures' scope: through the household, by the postcode's
		// leading digits.
		cond += ` AND EXISTS (SELECT 1 FROM households hp WHERE hp.municipality_id = c.municipality_id AND hp.id = c.household_id
  AND hp.postcode LIKE ` + a.add(f.Postcode+"%") + `)`
	}
	if f.closedFilter() {
		cond += " AND c.status = " + a.add(wijkregie.CaseClosed)
		if !f.ClosedFrom.IsZero() {
			cond += " AND c.closed_at >= " + a.add(stamp(f.ClosedFrom))
		}
		if !f.ClosedTo.IsZero() {
			cond += " AND c.closed_at < " + a.add(stamp(f.ClosedTo))
		}
		if f.ClosureReason != "" {
			cond += " AND c.closure_reason = " + a.add(f.ClosureReason)
		}
	}
	if f.Closed {
		cond += fmt.Sprintf(" AND c.status IN (%s, %s)", a.add(wijkregie.CaseClosed), a.add(wijkregie.CaseHandedOver))
	}
	if f.WithoutCoordinator {
		cond += " AND " + withoutCoordinatorSQL
	}
	if f.WithoutPlan {
		cond += " AND " + withoutPlanSQL(a)
	}
	if f.Stagnating {
		cut, err := q.stagnationCutoffs(ctx, municipalityID)
		if err != nil {
			return "", err
		}
		cond += " AND " + newStagnationSigns(a, cut).any()
	}
	if f.Relapse {
		cond += " AND " + relapseSQL
	}
	return cond, nil
}

// The overview's conditions on an open case aliased c, shared by the
// case list's filters and the overview's counts (TeamCounts).
const (
	withoutCoordinatorSQL = `c.coordinator_id IS NULL`
	relapseSQL            = `c.relapse_of IS NOT NULL`
	// withPlanSQL: a regisseur and an active plan. A case's plan is active
	// from its first version until the case closes, so on an open case it
	// is the 1-1-1's "a plan made" (OneOneOne) read now.
	withPlanSQL = `c.coordinator_id IS NOT NULL AND c.has_active_plan`
)

// withoutPlanSQL: past aangemeld (the plan is made from intake on) and
// no active plan (has_active_plan, kept by RefreshPlanDue).
func withoutPlanSQL(a *sqlArgs) string {
	return `c.status <> ` + a.add(wijkregie.CaseRegistered) + ` AND NOT c.has_active_plan`
}

// Cases lists the cases in scope, the most recently opened first, with the
// total count.
func (q *Q) Cases(ctx context.Context, municipalityID string, scope wijkregie.HouseholdScope, f CaseFilter) ([]CaseSummary, int, error) {
	p := f.Page.clamp()
	a := &sqlArgs{list: []any{municipalityID}}
	cond, err := q.caseFilterSQL(ctx, a, municipalityID, scope, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE c.municipality_id = $1 AND `+cond, a.list...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := `c.opened_at DESC, c.id`
	if f.StagnatingFirst {
		// The sign as the filter reads it, so the first page of a long
		// work list holds every stagnating case there is room for.
		cut, err := q.stagnationCutoffs(ctx, municipalityID)
		if err != nil {
			return nil, 0, err
		}
		order = `CASE WHEN ` + newStagnationSigns(a, cut).any() + ` THEN 0 ELSE 1 END, ` + order
	}
	args := a.list
	n := len(args)
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("c", caseColumns)+`, h.street, h.number, h.addition, h.postcode, h.town, COALESCE(u.name, '')
FROM cases c JOIN households h ON h.municipality_id = c.municipality_id AND h.id = c.household_id
LEFT JOIN users u ON u.municipality_id = c.municipality_id AND u.id = c.coordinator_id
WHERE c.municipality_id = $1 AND `+cond+` ORDER BY `+order+fmt.Sprintf(` LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []CaseSummary
	for rows.Next() {
		var s CaseSummary
		a := &s.Address
		c, err := scanCase(rows, &a.Street, &a.Number, &a.Addition, &a.Postcode, &a.Town, &s.CoordinatorName)
		if err != nil {
			return nil, 0, err
		}
		s.Case = *c
		out = append(out, s)
	}
	return out, total, rows.Err()
}

// AddCaseEvent appends a line to a case's history; id and time are set
// here.
func (q *Q) AddCaseEvent(ctx context.Context, e *wijkregie.CaseEvent) error {
	e.ID, e.At = wijkregie.NewID(q.Now()), q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO case_events (municipality_id, case_id, id, kind, from_value, to_value, reason, at, by_user)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, e.MunicipalityID, e.CaseID, e.ID, e.Kind, e.From, e.To, e.Reason, e.At, e.By)
	return err
}

// CaseEvents returns a case's history, oldest first.
func (q *Q) CaseEvents(ctx context.Context, municipalityID, caseID string) ([]wijkregie.CaseEvent, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, kind, from_value, to_value, reason, at, by_user FROM case_events
WHERE municipality_id = $1 AND case_id = $2 ORDER BY at, id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.CaseEvent
	for rows.Next() {
		e := wijkregie.CaseEvent{MunicipalityID: municipalityID, CaseID: caseID}
		if err := rows.Scan(&e.ID, &e.Kind, &e.From, &e.To, &e.Reason, &e.At, &e.By); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Assign makes a user the case's regisseur from now: the current
// assignment ends, the new one starts, the case names its regisseur (in
// the same transaction, and the caller passes the case as read: a case
// changed meanwhile is a conflict), and the regisseur's involvement with
// the household moves along, so access follows the assignment. The
// schema refuses two current assignments.
func (q *Q) Assign(ctx context.Context, c *wijkregie.Case, a *wijkregie.Assignment) error {
	now := q.Now()
	a.MunicipalityID, a.CaseID, a.From, a.Until = c.MunicipalityID, c.ID, now, time.Time{}
	a.Mandate.From = stamp(a.Mandate.From)
	previous := c.CoordinatorID
	if previous != "" {
		if _, err := q.x.ExecContext(ctx, `UPDATE case_coordinators SET until_at = $3 WHERE municipality_id = $1 AND case_id = $2 AND until_at IS NULL`,
			c.MunicipalityID, c.ID, now); err != nil {
			return err
		}
	}
	// The household's one regisseur is its case's: whoever holds that
	// involvement now hands it over.
	if _, err := q.x.ExecContext(ctx, `UPDATE involvements SET until_at = $3
WHERE municipality_id = $1 AND household_id = $2 AND kind = $4 AND until_at IS NULL`,
		c.MunicipalityID, c.HouseholdID, now, wijkregie.InvolvementCoordinator); err != nil {
		return err
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO case_coordinators (municipality_id, case_id, user_id, from_at, until_at,
mandate_from, mandate_decide, mandate_escalate_to, reason, assigned_by) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9)`,
		a.MunicipalityID, a.CaseID, a.UserID, a.From, a.Mandate.From, a.Mandate.Decide, a.Mandate.EscalateTo, a.Reason, a.AssignedBy)
	if isUniqueViolation(err) {
		return wijkregie.Conflict("fout.regisseur.bestaat")
	}
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	if err := q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: c.MunicipalityID, HouseholdID: c.HouseholdID, UserID: a.UserID,
		Kind: wijkregie.InvolvementCoordinator, From: now}); err != nil {
		return err
	}
	c.CoordinatorID = a.UserID
	if err := q.UpdateCase(ctx, c); err != nil {
		return err
	}
	return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventCoordinator,
		From: previous, To: a.UserID, Reason: a.Reason, By: a.AssignedBy})
}

// Assignments returns a case's regisseurs over time, the current (last)
// one last.
func (q *Q) Assignments(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Assignment, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT user_id, from_at, until_at, mandate_from, mandate_decide, mandate_escalate_to, reason, assigned_by
FROM case_coordinators WHERE municipality_id = $1 AND case_id = $2 ORDER BY from_at`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Assignment
	for rows.Next() {
		a := wijkregie.Assignment{MunicipalityID: municipalityID, CaseID: caseID}
		var until sql.NullTime
		if err := rows.Scan(&a.UserID, &a.From, &until, &a.Mandate.From, &a.Mandate.Decide, &a.Mandate.EscalateTo, &a.Reason, &a.AssignedBy); err != nil {
			return nil, err
		}
		a.From, a.Until, a.Mandate.From = a.From.UTC(), timeOf(until), a.Mandate.From.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// Caseload is one team member's current work: open cases as regisseur per
// level.
type Caseload struct {
	UserID  string
	ByLevel map[wijkregie.CaseLevel]int
}

// Caseloads returns the open cases per level of each user of a team who is
// regisseur of any (cases_by_coordinator).
func (q *Q) Caseloads(ctx context.Context, municipalityID, teamID string) (map[string]Caseload, error) {
	// One count per member and level, each on cases_by_coordinator: a
	// member holds tens of cases. Written as a join of members and cases,
	// PostgreSQL hashed every open case of the municipality (16 ms at
	// 100,000 households, growing with the municipality, not the team) and
	// SQLite walked them all too.
	a := &sqlArgs{list: []any{municipalityID, teamID}}
	open := openCaseSQL(a)
	cols := make([]string, len(wijkregie.CaseLevels))
	for i, l := range wijkregie.CaseLevels {
		cols[i] = `(SELECT COUNT(*) FROM cases c WHERE c.municipality_id = u.municipality_id AND c.coordinator_id = u.id AND ` +
			open + ` AND c.level = ` + a.add(l) + `)`
	}
	rows, err := q.x.QueryContext(ctx, `SELECT u.id, `+strings.Join(cols, ", ")+` FROM users u
WHERE u.municipality_id = $1 AND u.team_id = $2`, a.list...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Caseload{}
	counts := make([]int, len(wijkregie.CaseLevels))
	dst := make([]any, 1+len(counts))
	for rows.Next() {
		var uid string
		dst[0] = &uid
		for i := range counts {
			dst[i+1] = &counts[i]
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		cl := Caseload{UserID: uid, ByLevel: map[wijkregie.CaseLevel]int{}}
		for i, n := range counts {
			if n > 0 {
				cl.ByLevel[wijkregie.CaseLevels[i]] = n
			}
		}
		if len(cl.ByLevel) > 0 {
			out[uid] = cl
		}
	}
	return out, rows.Err()
}

// AddParty records a betrokkene; id and start are set here. A user who is
// not involved with the household yet becomes involved (access follows
// the work).
func (q *Q) AddParty(ctx context.Context, c *wijkregie.Case, p *wijkregie.Party) error {
	p.MunicipalityID, p.CaseID, p.ID, p.From = c.MunicipalityID, c.ID, wijkregie.NewID(q.Now()), q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO case_parties (municipality_id, case_id, id, user_id, organisation_id, role, note, from_at, until_at, added_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)`,
		p.MunicipalityID, p.CaseID, p.ID, nullString(p.UserID), nullString(p.OrganisationID), p.Role, p.Note, p.From, p.AddedBy)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("add party: %w", err)
	}
	if p.UserID != "" {
		var n int
		if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM involvements WHERE municipality_id = $1 AND household_id = $2 AND user_id = $3
AND kind = $4 AND until_at IS NULL`, c.MunicipalityID, c.HouseholdID, p.UserID, wijkregie.InvolvementContributor).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if err := q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: c.MunicipalityID, HouseholdID: c.HouseholdID, UserID: p.UserID,
				Kind: wijkregie.InvolvementContributor, From: p.From}); err != nil {
				return err
			}
		}
	}
	return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventPartyAdded,
		To: p.UserID + p.OrganisationID, By: p.AddedBy})
}

// EndParty ends a betrokkene's part in a case; a user's involvement with
// the household (as betrokkene) ends with it.
func (q *Q) EndParty(ctx context.Context, c *wijkregie.Case, partyID, by string) error {
	var user sql.NullString
	if err := q.x.QueryRowContext(ctx, `SELECT user_id FROM case_parties WHERE municipality_id = $1 AND case_id = $2 AND id = $3 AND until_at IS NULL`,
		c.MunicipalityID, c.ID, partyID).Scan(&user); err != nil {
		return notFound(err)
	}
	now := q.Now()
	if _, err := q.x.ExecContext(ctx, `UPDATE case_parties SET until_at = $4 WHERE municipality_id = $1 AND case_id = $2 AND id = $3`,
		c.MunicipalityID, c.ID, partyID, now); err != nil {
		return err
	}
	var others int
	if user.Valid {
		if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_parties WHERE municipality_id = $1 AND case_id = $2 AND user_id = $3
AND until_at IS NULL`, c.MunicipalityID, c.ID, user.String).Scan(&others); err != nil {
			return err
		}
	}
	if user.Valid && others == 0 {
		if _, err := q.x.ExecContext(ctx, `UPDATE involvements SET until_at = $4
WHERE municipality_id = $1 AND household_id = $2 AND user_id = $3 AND kind = $5 AND until_at IS NULL`,
			c.MunicipalityID, c.HouseholdID, user.String, now, wijkregie.InvolvementContributor); err != nil {
			return err
		}
	}
	return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventPartyEnded,
		From: partyID, By: by})
}

// Parties returns a case's betrokkenen, current and past, oldest first.
func (q *Q) Parties(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Party, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, user_id, organisation_id, role, note, from_at, until_at, added_by FROM case_parties
WHERE municipality_id = $1 AND case_id = $2 ORDER BY from_at, id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Party
	for rows.Next() {
		p := wijkregie.Party{MunicipalityID: municipalityID, CaseID: caseID}
		var user, org sql.NullString
		var until sql.NullTime
		if err := rows.Scan(&p.ID, &user, &org, &p.Role, &p.Note, &p.From, &until, &p.AddedBy); err != nil {
			return nil, err
		}
		p.UserID, p.OrganisationID, p.From, p.Until = user.String, org.String, p.From.UTC(), timeOf(until)
		out = append(out, p)
	}
	return out, rows.Err()
}

// EndAssignment ends the current regisseur's assignment and involvement
// when a case closes; the case keeps naming its last regisseur.
func (q *Q) EndAssignment(ctx context.Context, c *wijkregie.Case) error {
	now := q.Now()
	if _, err := q.x.ExecContext(ctx, `UPDATE case_coordinators SET until_at = $3 WHERE municipality_id = $1 AND case_id = $2 AND until_at IS NULL`,
		c.MunicipalityID, c.ID, now); err != nil {
		return err
	}
	_, err := q.x.ExecContext(ctx, `UPDATE involvements SET until_at = $4
WHERE municipality_id = $1 AND household_id = $2 AND user_id = $3 AND kind = $5 AND until_at IS NULL`,
		c.MunicipalityID, c.HouseholdID, c.CoordinatorID, now, wijkregie.InvolvementCoordinator)
	return err
}
