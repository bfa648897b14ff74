package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"wijkregie"
)

// The team's outreach screen, the monitoring figures and the creditors'
// feedback (docs/outreach.md, "Het overzicht per team", "Monitor",
// "Terugmelding aan schuldeisers"): reads only. The outreaches and their
// reports are written by the import (arrears.go) and the outreach's own
// work (outreach.go).

// OutreachTab is a tab of the team's outreach screen: which of the team's
// outreaches it lists.
type OutreachTab string

// The tabs. An open outreach is due until its deadline has passed, then
// late; reached holds every outreach that reached the household, open or
// closed; done the closed ones.
const (
	OutreachDue     OutreachTab = "te-doen"
	OutreachLate    OutreachTab = "te-laat"
	OutreachReached OutreachTab = "bereikt"
	OutreachDone    OutreachTab = "afgerond"
)

// OutreachTabs lists the tabs in the order the screen shows them.
var OutreachTabs = []OutreachTab{OutreachDue, OutreachLate, OutreachReached, OutreachDone}

// Valid reports whether t is a known tab.
func (t OutreachTab) Valid() bool { return slices.Contains(OutreachTabs, t) }

// outreachTabSQL is the condition that an outreach aliased o is on tab t
// at the moment now, which is added to a when the condition needs it.
// Late is the rule for a first offer of help not made in time: the
// deadline (the end of its day) has passed while the outreach is open;
// the app's outreachLate says the same in Go.
func outreachTabSQL(t OutreachTab, a *sqlArgs, now time.Time) string {
	switch t {
	case OutreachLate:
		return `(o.status = 'open' AND o.deadline < ` + a.add(now) + `)`
	case OutreachReached:
		return `o.reached_at IS NOT NULL`
	case OutreachDone:
		return `o.status = 'afgerond'`
	}
	return `(o.status = 'open' AND o.deadline >= ` + a.add(now) + `)`
}

// outreachTabOrder is the order of a tab: what is due or late the nearest
// (or longest passed) deadline first; reached and done the latest first.
func outreachTabOrder(t OutreachTab) string {
	switch t {
	case OutreachReached:
		return `o.reached_at DESC, o.id`
	case OutreachDone:
		return `o.closed_at DESC, o.id`
	}
	return `o.deadline, o.id`
}

// OutreachFilter chooses a page of one team's outreach screen.
type OutreachFilter struct {
	TeamID string
	Tab    OutreachTab // OutreachDue when ""
	// DeadlineFrom and DeadlineTo: only outreaches whose deadline falls in
	// [DeadlineFrom, DeadlineTo); a zero end is open.
	DeadlineFrom, DeadlineTo time.Time
	Page                     Page
}

// OutreachRow is an outreach as the team's lists show it: named by its
// household's address, with how many reports it bundles from how many
// creditors and the name of the professional it is assigned to. It holds
// nothing a creditor reported about the debtor.
type OutreachRow struct {
	Outreach     wijkregie.Outreach
	Address      wijkregie.Address
	Arrears      int    // the reports bundled in it
	Creditors    int    // from this many creditors
	AssignedName string // "" while nobody is assigned
}

// scanAfter reads a row whose leading columns a scan function knows,
// and the columns after them into extra.
type scanAfter struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (s scanAfter) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.extra...)...) }

// outreachRows joins a page of outreaches (the subquery page, aliased o)
// to their households, reports and assignees, in order. The page is
// chosen from the outreaches alone, so only its rows are joined.
func (q *Q) outreachRows(ctx context.Context, page, order string, args []any) ([]OutreachRow, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+outreachColumns+`,
  h.street, h.number, h.addition, h.postcode, h.town, COALESCE(u.name, ''),
  (SELECT COUNT(*) FROM arrears a WHERE a.municipality_id = o.municipality_id AND a.outreach_id = o.id),
  (SELECT COUNT(DISTINCT a.creditor_id) FROM arrears a WHERE a.municipality_id = o.municipality_id AND a.outreach_id = o.id)
FROM (`+page+`) o
JOIN households h ON h.municipality_id = o.municipality_id AND h.id = o.household_id
LEFT JOIN users u ON u.municipality_id = o.municipality_id AND u.id = o.assigned_to
ORDER BY `+order, args...)
	if err != nil {
		return nil, fmt.Errorf("outreach list: %w", err)
	}
	defer rows.Close()
	var out []OutreachRow
	for rows.Next() {
		var r OutreachRow
		o, err := scanOutreach(scanAfter{rows, []any{&r.Address.Street, &r.Address.Number, &r.Address.Addition, &r.Address.Postcode,
			&r.Address.Town, &r.AssignedName, &r.Arrears, &r.Creditors}})
		if err != nil {
			return nil, err
		}
		// The list shows no outcome's note: it is the outreach page's.
		o.OutcomeNote = ""
		r.Outreach = *o
		out = append(out, r)
	}
	return out, rows.Err()
}

// OutreachList returns one page of a team's tab with the tab's total
// (outreaches_by_team serves the open tabs). Whether a deadline has passed
// is judged by the store's clock.
func (q *Q) OutreachList(ctx context.Context, municipalityID string, f OutreachFilter) ([]OutreachRow, int, error) {
	p := f.Page.clamp()
	if f.Tab == "" {
		f.Tab = OutreachDue
	}
	a := &sqlArgs{list: []any{municipalityID, f.TeamID}}
	cond := `o.municipality_id = $1 AND o.team_id = $2 AND ` + outreachTabSQL(f.Tab, a, q.Now())
	if !f.DeadlineFrom.IsZero() {
		cond += ` AND o.deadline >= ` + a.add(stamp(f.DeadlineFrom))
	}
	if !f.DeadlineTo.IsZero() {
		cond += ` AND o.deadline < ` + a.add(stamp(f.DeadlineTo))
	}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM outreaches o WHERE `+cond, a.list...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("outreach list: %w", err)
	}
	order := outreachTabOrder(f.Tab)
	page := `SELECT * FROM outreaches o WHERE ` + cond + ` ORDER BY ` + order + ` LIMIT ` + a.add(p.Limit) + ` OFFSET ` + a.add(p.Offset)
	out, err := q.outreachRows(ctx, page, order, a.list)
	return out, total, err
}

// OutreachCounts returns how many of the team's outreaches each tab holds
// now, in one pass over the team's outreaches.
func (q *Q) OutreachCounts(ctx context.Context, municipalityID, teamID string) (map[OutreachTab]int, error) {
	a := &sqlArgs{list: []any{municipalityID, teamID}}
	now := q.Now() // one moment for every tab: each outreach is counted once
	var sums []string
	for _, t := range OutreachTabs {
		sums = append(sums, `COALESCE(SUM(CASE WHEN `+outreachTabSQL(t, a, now)+` THEN 1 ELSE 0 END), 0)`)
	}
	counts := make([]int, len(OutreachTabs))
	dest := make([]any, len(counts))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := q.x.QueryRowContext(ctx, `SELECT `+strings.Join(sums, ", ")+` FROM outreaches o WHERE o.municipality_id = $1 AND o.team_id = $2`,
		a.list...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("outreach counts: %w", err)
	}
	out := make(map[OutreachTab]int, len(counts))
	for i, t := range OutreachTabs {
		out[t] = counts[i]
	}
	return out, nil
}

// OutreachStreets returns one page of the team's open outreaches in the
// order of a walk along its streets: by street, then postcode, house
// number and addition, with the total. Streets are compared by their
// bytes in lower case on both engines (PostgreSQL's "C" collation, SQLite's
// BINARY), so one list reads the same whichever holds it; a locale's
// collation would put "De Ruyterstraat" and "Deltaweg" in another order.
func (q *Q) OutreachStreets(ctx context.Context, municipalityID, teamID string, p Page) ([]OutreachRow, int, error) {
	p = p.clamp()
	a := &sqlArgs{list: []any{municipalityID, teamID}}
	cond := `o.municipality_id = $1 AND o.team_id = $2 AND o.status = 'open'`
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM outreaches o WHERE `+cond, a.list...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("outreach streets: %w", err)
	}
	collate := ""
	if q.dialect == Postgres {
		collate = ` COLLATE "C"`
	}
	// The page and the rows it joins are ordered alike: both name the
	// household h.
	order := `LOWER(h.street)` + collate + `, h.postcode, h.number, h.addition` + collate + `, o.id`
	page := `SELECT o.* FROM outreaches o
JOIN households h ON h.municipality_id = o.municipality_id AND h.id = o.household_id
WHERE ` + cond + ` ORDER BY ` + order + ` LIMIT ` + a.add(p.Limit) + ` OFFSET ` + a.add(p.Offset)
	out, err := q.outreachRows(ctx, page, order, a.list)
	return out, total, err
}

// OutreachPeriod chooses the outreaches and reports the monitor counts:
// those of [From, To), of one team or ("" ) of the whole municipality.
type OutreachPeriod struct {
	From, To time.Time
	TeamID   string
}

// OutreachFigures are the monitor's counts of a period, the store's part
// of them: what the app turns into the figures municipalities report
// (app.OutreachMonitor). They name no household.
type OutreachFigures struct {
	// Reports received: the arrears first reported in the period, by the
	// kind of their creditor, and how many of them are threatening as last
	// reported.
	Reports            map[wijkregie.CreditorKind]int
	ThreateningReports int
	Opened             int                           // outreaches opened in the period: the households signalled
	Reached            int                           // outreaches that first reached their household in the period
	Outcomes           map[wijkregie.OutcomeCode]int // outreaches closed in the period, by outcome
	// Timings are the outreaches opened in the period: when, their
	// deadline and their first contact attempt (zero: none yet).
	Timings []OutreachTiming
}

// OutreachTiming is when an outreach was opened, due and first attempted.
type OutreachTiming struct {
	OpenedAt, Deadline, FirstContactAt time.Time
}

// OutreachFigures counts the period's reports and outreaches. A team's
// reports are those bundled into its outreaches.
func (q *Q) OutreachFigures(ctx context.Context, municipalityID string, p OutreachPeriod) (*OutreachFigures, error) {
	a := &sqlArgs{list: []any{municipalityID, stamp(p.From), stamp(p.To)}}
	team := ""
	if p.TeamID != "" {
		team = ` AND o.team_id = ` + a.add(p.TeamID)
	}
	f := &OutreachFigures{Reports: map[wijkregie.CreditorKind]int{}, Outcomes: map[wijkregie.OutcomeCode]int{}}

	rows, err := q.x.QueryContext(ctx, `SELECT c.kind, COUNT(*),
  COALESCE(SUM(CASE WHEN a.kind IN ('`+string(wijkregie.ArrearsEviction)+`', '`+string(wijkregie.ArrearsCutOff)+`', '`+
		string(wijkregie.ArrearsCancellation)+`') THEN 1 ELSE 0 END), 0)
FROM arrears a
JOIN creditors c ON c.municipality_id = a.municipality_id AND c.id = a.creditor_id
JOIN outreaches o ON o.municipality_id = a.municipality_id AND o.id = a.outreach_id
WHERE a.municipality_id = $1 AND a.first_reported_at >= $2 AND a.first_reported_at < $3`+team+`
GROUP BY c.kind`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("outreach figures: reports: %w", err)
	}
	for rows.Next() {
		var kind string
		var n, threat int
		if err := rows.Scan(&kind, &n, &threat); err != nil {
			rows.Close()
			return nil, err
		}
		f.Reports[wijkregie.CreditorKind(kind)] += n
		f.ThreateningReports += threat
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if err := q.x.QueryRowContext(ctx, `SELECT
  COALESCE(SUM(CASE WHEN o.opened_at >= $2 AND o.opened_at < $3 THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN o.reached_at >= $2 AND o.reached_at < $3 THEN 1 ELSE 0 END), 0)
FROM outreaches o WHERE o.municipality_id = $1 AND (o.opened_at >= $2 AND o.opened_at < $3 OR o.reached_at >= $2 AND o.reached_at < $3)`+team,
		a.list...).Scan(&f.Opened, &f.Reached); err != nil {
		return nil, fmt.Errorf("outreach figures: households: %w", err)
	}

	rows, err = q.x.QueryContext(ctx, `SELECT o.outcome, COUNT(*) FROM outreaches o
WHERE o.municipality_id = $1 AND o.status = 'afgerond' AND o.closed_at >= $2 AND o.closed_at < $3`+team+`
GROUP BY o.outcome`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("outreach figures: outcomes: %w", err)
	}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			rows.Close()
			return nil, err
		}
		f.Outcomes[wijkregie.OutcomeCode(code)] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = q.x.QueryContext(ctx, `SELECT o.opened_at, o.deadline, o.first_contact_at FROM outreaches o
WHERE o.municipality_id = $1 AND o.opened_at >= $2 AND o.opened_at < $3`+team+`
ORDER BY o.opened_at, o.id`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("outreach figures: timings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t OutreachTiming
		var first sql.NullTime
		if err := rows.Scan(&t.OpenedAt, &t.Deadline, &first); err != nil {
			return nil, err
		}
		t.OpenedAt, t.Deadline, t.FirstContactAt = t.OpenedAt.UTC(), t.Deadline.UTC(), timeOf(first)
		f.Timings = append(f.Timings, t)
	}
	return f, rows.Err()
}

// Creditors returns the municipality's creditors by name.
func (q *Q) Creditors(ctx context.Context, municipalityID string) ([]wijkregie.Creditor, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+creditorColumns+` FROM creditors
WHERE municipality_id = $1 ORDER BY name_key, kind, id`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("creditors: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Creditor
	for rows.Next() {
		c, err := scanCreditor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// FeedbackRow is one of a creditor's reports on an outreach that closed:
// what the creditor may be told (its reference, when it reported, the
// outcome to reduce, when the outreach closed) and, for the audit log
// only, the outreach and the member the report was matched to.
type FeedbackRow struct {
	Reference  string
	ReportedAt time.Time // the first report on the contract
	Outcome    wijkregie.OutcomeCode
	ClosedAt   time.Time
	OutreachID string
	PersonID   string // "" when the debtor was matched to no member
}

// CreditorFeedback returns the creditor's reports whose outreach closed in
// [from, to), the earliest closed first, with their number; a page of
// them, or all with page nil (the CSV export). Reports on outreaches
// still open are not among them: there is nothing to tell yet.
func (q *Q) CreditorFeedback(ctx context.Context, municipalityID, creditorID string, from, to time.Time, page *Page) ([]FeedbackRow, int, error) {
	a := &sqlArgs{list: []any{municipalityID, creditorID, stamp(from), stamp(to)}}
	cond := `FROM arrears a
JOIN outreaches o ON o.municipality_id = a.municipality_id AND o.id = a.outreach_id
WHERE a.municipality_id = $1 AND a.creditor_id = $2 AND o.status = 'afgerond' AND o.closed_at >= $3 AND o.closed_at < $4`
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) `+cond, a.list...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("creditor feedback: %w", err)
	}
	limit := ""
	if page != nil {
		p := page.clamp()
		limit = ` LIMIT ` + a.add(p.Limit) + ` OFFSET ` + a.add(p.Offset)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT a.reference, a.first_reported_at, o.outcome, o.closed_at, o.id, a.person_id `+cond+`
ORDER BY o.closed_at, a.reference, a.id`+limit, a.list...)
	if err != nil {
		return nil, 0, fmt.Errorf("creditor feedback: %w", err)
	}
	defer rows.Close()
	var out []FeedbackRow
	for rows.Next() {
		var r FeedbackRow
		var outcome string
		var person sql.NullString
		if err := rows.Scan(&r.Reference, &r.ReportedAt, &outcome, &r.ClosedAt, &r.OutreachID, &person); err != nil {
			return nil, 0, err
		}
		r.Outcome, r.PersonID = wijkregie.OutcomeCode(outcome), person.String
		r.ReportedAt, r.ClosedAt = r.ReportedAt.UTC(), r.ClosedAt.UTC()
		out = append(out, r)
	}
	return out, total, rows.Err()
}
