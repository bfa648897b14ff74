package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"wijkregie"
)

// The outcome measures and the workload (docs/uitkomsten.md): reads only,
// each family of measures one query that aggregates in SQL and returns a
// few rows of counts and sums, whatever the number of cases behind them.
// The app turns them into tables and applies the small-cell rule; nothing
// here names a family.

// MeasureFilter chooses what a measure counts: the instants [From, To),
// one team or ("") the whole municipality, and within it one postcode area
// (the four digits of a Dutch postcode, "" for all).
type MeasureFilter struct {
	From, To time.Time
	TeamID   string
	Postcode string
}

// scope is the filter's team and postcode as conditions on the team column
// and household column named; the postcode through the household.
func (f MeasureFilter) scope(a *sqlArgs, team, household string) string {
	s := ""
	if f.TeamID != "" {
		s += ` AND ` + team + ` = ` + a.add(f.TeamID)
	}
	if f.Postcode != "" {
		s += ` AND EXISTS (SELECT 1 FROM households hp WHERE hp.municipality_id = $1 AND hp.id = ` + household +
			` AND hp.postcode LIKE ` + a.add(f.Postcode+"%") + `)`
	}
	return s
}

// dutchZone is the zone of the Dutch calendar days the facts count in.
var dutchZone = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

// dayNumber is the Dutch calendar day of t as days since 1 January 1970,
// the number signal_facts.received_day holds (migration 0028).
func dayNumber(t time.Time) int {
	l := t.In(dutchZone)
	return int(time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// days is the filter's period as Dutch days [from, to): the days that
// begin in [From, To). A report's period is whole Dutch days, whose
// instants begin at Dutch midnight, so the two say the same.
func (f MeasureFilter) days() (from, to int) {
	return dayNumber(f.From.Add(-time.Nanosecond)) + 1, dayNumber(f.To.Add(-time.Nanosecond)) + 1
}

// signalRows is the SQL of the filter's signals, one row per month count
// or signal, with the columns months (of signal_months m) and facts (of
// signal_facts f) select: the whole Dutch months of the period from
// signal_months, the days before and after them and every signal still
// waiting for triage from signal_facts. A postcode area is not in
// signal_months (its household may move): then all from the facts.
func (f MeasureFilter) signalRows(a *sqlArgs, months, facts string) string {
	from, to := f.days()
	m1, m2 := to, to
	if f.Postcode == "" {
		m1, m2 = monthStart(from, true), monthStart(to, false)
		if m1 >= m2 {
			m1, m2 = to, to
		}
	}
	pf, p1, p2, pt := a.add(from), a.add(m1), a.add(m2), a.add(to)
	team := ""
	if f.TeamID != "" {
		team = ` AND m.team_id = ` + a.add(f.TeamID)
	}
	scope := f.scope(a, "f.team_id", "f.household_id")
	fact := func(lo, hi, extra string) string {
		return `SELECT ` + facts + ` FROM signal_facts f WHERE f.municipality_id = $1 AND f.received_day >= ` + lo +
			` AND f.received_day < ` + hi + extra + scope
	}
	return `SELECT ` + months + ` FROM signal_months m WHERE m.municipality_id = $1 AND m.month_day >= ` + p1 + ` AND m.month_day < ` + p2 + team + `
  UNION ALL ` + fact(pf, p1, "") + `
  UNION ALL ` + fact(p2, pt, "") + `
  UNION ALL ` + fact(p1, p2, " AND f.decision IS NULL")
}

// monthStart is the first day (as a day number) of the month of day d, or
// with next of the first month that begins on or after d.
func monthStart(d int, next bool) int {
	t := time.Unix(int64(d)*86400, 0).UTC()
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	if next && first.Before(t) {
		first = first.AddDate(0, 1, 0)
	}
	return int(first.Unix() / 86400)
}

// dayKind says how a column holds a time: a moment (TIMESTAMP, kept in
// UTC, or TIMESTAMPTZ) or a Dutch calendar day (DATE, or a day's
// 'YYYY-MM-DD' text).
type dayKind int

const (
	momentNaive dayKind = iota // TIMESTAMP holding UTC
	momentTZ                   // TIMESTAMPTZ
	dayDate                    // DATE, or 'YYYY-MM-DD' text
)

// dutchDay is the SQL for the Dutch calendar day of expr as a number of
// days since 1 January 1970, so that two of them subtract to whole days.
// Times are counted in Dutch days, as the outreach monitor counts them
// (a signal at 23:30 and its triage at 08:00 are one day apart).
// PostgreSQL knows the zone; SQLite has no zone database, so it applies the
// EU's summer-time rule (since 1996: from the last Sunday of March to the
// last Sunday of October, 01:00 UTC): +2 hours in summer, +1 in winter.
// TestDutchDayAgreesWithGo holds both against Go's Europe/Amsterdam.
func (q *Q) dutchDay(expr string, k dayKind) string {
	if q.dialect == Postgres {
		switch k {
		case momentNaive:
			return `(((` + expr + `) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01')`
		case momentTZ:
			return `(((` + expr + `) AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01')`
		}
		return `(CAST(` + expr + ` AS date) - DATE '1970-01-01')`
	}
	if k == dayDate {
		return `CAST(julianday(date(` + expr + `)) - 2440587.5 AS INTEGER)`
	}
	x := `(` + expr + `)`
	summer := `julianday(` + x + `) >= julianday(date(strftime('%Y', ` + x + `) || '-03-25', 'weekday 0'), '+1 hours') AND julianday(` +
		x + `) < julianday(date(strftime('%Y', ` + x + `) || '-10-25', 'weekday 0'), '+1 hours')`
	return `CAST(julianday(date(` + x + `, CASE WHEN ` + summer + ` THEN '+2 hours' ELSE '+1 hours' END)) - 2440587.5 AS INTEGER)`
}

// utc is expr, a TIMESTAMP column holding UTC, as a moment that compares
// with a TIMESTAMPTZ whatever the session's zone. SQLite keeps both as
// the same text.
func (q *Q) utc(expr string) string {
	if q.dialect == Postgres {
		return `(` + expr + ` AT TIME ZONE 'UTC')`
	}
	return expr
}

// DutchDayForTest returns the Dutch day of t as the SQL of this store
// computes it, for the moment column kinds (naive: TIMESTAMP, else
// TIMESTAMPTZ), as days since 1970-01-01.
func (q *Q) DutchDayForTest(ctx context.Context, t time.Time, naive bool) (int, error) {
	k, cast := momentTZ, "TIMESTAMPTZ"
	if naive {
		k, cast = momentNaive, "TIMESTAMP"
	}
	expr := `CAST($1 AS ` + cast + `)`
	if q.dialect == SQLite {
		expr = `$1`
	}
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT `+q.dutchDay(expr, k), stamp(t)).Scan(&n)
	return n, err
}

// closedIn is the condition that the case c closed in [$2, $3).
const closedIn = `c.status = 'afgesloten' AND c.closed_at >= $2 AND c.closed_at < $3`

// ZRMChange is how many person-domain scores of a domain changed by Delta
// levels between the first and the last assessment that scored them.
type ZRMChange struct {
	Domain string
	Delta  int
	Scores int
}

// ZRMFigures are the ZRM changes of the cases closed in the period:
// per domain and change, and the cases (families) behind each domain
// ("" for all domains).
type ZRMFigures struct {
	Changes  []ZRMChange
	Families map[string]int
}

// ZRMFigures compares, for every case closed in the period and every
// person and domain scored at least twice in it (ZRM 2017 only), the
// first assessment that scored them with the last (by date, then as
// made).
func (q *Q) ZRMFigures(ctx context.Context, municipalityID string, f MeasureFilter) (*ZRMFigures, error) {
	// The change of each closed case was counted when it closed
	// (zrm_changes, migration 0029); the period's are summed here.
	a := &sqlArgs{list: []any{municipalityID, stamp(f.From), stamp(f.To)}}
	scope := f.scope(a, "c.team_id", "c.household_id")
	rows, err := q.x.QueryContext(ctx, `WITH p AS MATERIALIZED (
  SELECT z.case_id, z.domain, z.delta, z.scores FROM cases c
  JOIN zrm_changes z ON z.municipality_id = c.municipality_id AND z.case_id = c.id
  WHERE c.municipality_id = $1 AND `+closedIn+scope+`
)
SELECT 'n', domain, delta, SUM(scores) FROM p GROUP BY domain, delta
UNION ALL SELECT 'f', domain, 0, COUNT(DISTINCT case_id) FROM p GROUP BY domain
UNION ALL SELECT 'f', '', 0, COUNT(DISTINCT case_id) FROM p`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("zrm figures: %w", err)
	}
	defer rows.Close()
	z := &ZRMFigures{Families: map[string]int{}}
	for rows.Next() {
		var kind, domain string
		var d, n int
		if err := rows.Scan(&kind, &domain, &d, &n); err != nil {
			return nil, err
		}
		if kind == "f" {
			z.Families[domain] = n
		} else {
			z.Changes = append(z.Changes, ZRMChange{Domain: domain, Delta: d, Scores: n})
		}
	}
	return z, rows.Err()
}

// GoalCount is a number of goals of closed cases with one final status,
// by domain and owner.
type GoalCount struct {
	Domain string
	Owner  wijkregie.GoalOwner
	Status wijkregie.GoalStatus
	Goals  int
}

// GoalFigures are the final statuses of the goals of the cases closed in
// the period, and the cases behind each domain and owner ("" for all).
type GoalFigures struct {
	Counts           []GoalCount
	FamiliesByDomain map[string]int
	FamiliesByOwner  map[string]int
}

// GoalFigures counts the goals of the plans of the cases closed in the
// period by their final status (bereikt, deels, niet bereikt): the plan's
// last version, which closing writes. A goal left open (a case closed by a
// handover) has no outcome and is not counted.
func (q *Q) GoalFigures(ctx context.Context, municipalityID string, f MeasureFilter) (*GoalFigures, error) {
	a := &sqlArgs{list: []any{municipalityID, stamp(f.From), stamp(f.To)}}
	scope := f.scope(a, "c.team_id", "c.household_id")
	rows, err := q.x.QueryContext(ctx, `WITH g AS (
  SELECT g.case_id, g.domain, g.owner, g.status FROM cases c
  JOIN plan_goals g ON g.municipality_id = c.municipality_id AND g.case_id = c.id
  JOIN plans p ON p.municipality_id = g.municipality_id AND p.id = g.plan_id
  WHERE c.municipality_id = $1 AND `+closedIn+` AND g.status <> 'open'`+scope+`
)
SELECT 'n', domain, owner, status, COUNT(*) FROM g GROUP BY domain, owner, status
UNION ALL SELECT 'd', domain, '', '', COUNT(DISTINCT case_id) FROM g GROUP BY domain
UNION ALL SELECT 'o', '', owner, '', COUNT(DISTINCT case_id) FROM g GROUP BY owner
UNION ALL SELECT 'a', '', '', '', COUNT(DISTINCT case_id) FROM g`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("goal figures: %w", err)
	}
	defer rows.Close()
	g := &GoalFigures{FamiliesByDomain: map[string]int{}, FamiliesByOwner: map[string]int{}}
	for rows.Next() {
		var kind, domain, owner, status string
		var n int
		if err := rows.Scan(&kind, &domain, &owner, &status, &n); err != nil {
			return nil, err
		}
		switch kind {
		case "n":
			g.Counts = append(g.Counts, GoalCount{Domain: domain, Owner: wijkregie.GoalOwner(owner), Status: wijkregie.GoalStatus(status), Goals: n})
		case "d":
			g.FamiliesByDomain[domain] = n
		case "o":
			g.FamiliesByOwner[owner] = n
		default:
			g.FamiliesByDomain[""], g.FamiliesByOwner[""] = n, n
		}
	}
	return g, rows.Err()
}

// The timeliness measures.
const (
	TimeTriage       = "signaal-triage"       // a signal's receipt to its triage
	TimeFirstContact = "vroegsignaal-contact" // an outreach's opening to its first contact attempt
	TimePlan         = "casus-plan"           // a case's opening to the family's first agreement with its plan
)

// Timing is one timeliness measure over a cohort: how many got there
// (Measured), the sum and median of their Dutch calendar days, and of
// those whose term is over (the step taken, or its deadline passed
// without it) how many made it within the term. A measure without a term
// (the plan) has Judged 0.
type Timing struct {
	Measure  string
	Measured int
	SumDays  float64
	Median   float64
	Judged   int
	Within   int
}

// Timings measures the cohorts that started in the period: the signals
// received, the outreaches opened, the cases opened. At now a step not
// yet taken counts as late once its deadline has passed. The median is
// taken in SQL over the cohort (ROW_NUMBER over the days), so only one
// row per measure leaves the database.
func (q *Q) Timings(ctx context.Context, municipalityID string, f MeasureFilter) ([]Timing, error) {
	now := q.Now()
	// $2, $3 and $4 meet TIMESTAMPTZ columns, $5 and $6 the cases'
	// TIMESTAMP: PostgreSQL gives a parameter one type, and comparing a
	// TIMESTAMP with a TIMESTAMPTZ would read it in the session's zone.
	a := &sqlArgs{list: []any{municipalityID, stamp(f.From), stamp(f.To), now, stamp(f.From), stamp(f.To)}}
	outScope := f.scope(a, "o.team_id", "o.household_id")
	caseScope := f.scope(a, "c.team_id", "c.household_id")
	// Each measure's days as a histogram (a few dozen rows whatever the
	// cohort's size); the count, sum and median are taken from it here,
	// which spares the database sorting a year's 2.5 million signals.
	signals := f.signalRows(a, `'`+TimeTriage+`' AS m, m.triage_days AS d, m.n AS n, m.n AS j, m.in_term * m.n AS w`,
		`'`+TimeTriage+`', f.triage_days, 1,
      CASE WHEN f.decision IS NOT NULL OR f.triage_deadline < $4 THEN 1 ELSE 0 END,
      CASE WHEN f.decision IS NOT NULL AND f.in_term THEN 1 ELSE 0 END`)
	rows, err := q.x.QueryContext(ctx, `SELECT m, d, SUM(n), COALESCE(SUM(j), 0), COALESCE(SUM(w), 0) FROM (
    `+signals+`
    UNION ALL
    SELECT '`+TimeFirstContact+`',
      CASE WHEN o.first_contact_at IS NULL THEN NULL ELSE `+q.dutchDay("o.first_contact_at", momentTZ)+` - `+q.dutchDay("o.opened_at", momentTZ)+` END, 1,
      CASE WHEN o.first_contact_at IS NOT NULL OR o.deadline < $4 THEN 1 ELSE 0 END,
      CASE WHEN o.first_contact_at IS NOT NULL AND o.first_contact_at <= o.deadline THEN 1 ELSE 0 END
    FROM outreaches o
    WHERE o.municipality_id = $1 AND o.opened_at >= $2 AND o.opened_at < $3`+outScope+`
    UNION ALL
    SELECT '`+TimePlan+`',
      `+q.dutchDay(`(SELECT MIN(v.agreed_on) FROM plans p
        JOIN plan_versions v ON v.municipality_id = p.municipality_id AND v.plan_id = p.id
        WHERE p.municipality_id = c.municipality_id AND p.case_id = c.id AND v.agreed_on IS NOT NULL AND v.agreed_on <> '')`, dayDate)+` - `+
		q.dutchDay("c.opened_at", momentNaive)+`,
      1, 0, 0
    FROM cases c
    WHERE c.municipality_id = $1 AND c.opened_at >= $5 AND c.opened_at < $6`+caseScope+`
) x GROUP BY m, d`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("timings: %w", err)
	}
	defer rows.Close()
	got := map[string]Timing{}
	hist := map[string]map[int]int{} // per measure: days → how many
	for rows.Next() {
		var m string
		var d sql.NullInt64
		var n, j, w int
		if err := rows.Scan(&m, &d, &n, &j, &w); err != nil {
			return nil, err
		}
		t := got[m]
		t.Measure, t.Judged, t.Within = m, t.Judged+j, t.Within+w
		if d.Valid {
			t.Measured += n
			t.SumDays += float64(d.Int64) * float64(n)
			if hist[m] == nil {
				hist[m] = map[int]int{}
			}
			hist[m][int(d.Int64)] += n
		}
		got[m] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for m, t := range got {
		t.Median = histogramMedian(hist[m], t.Measured)
		got[m] = t
	}
	var out []Timing
	for _, m := range []string{TimeTriage, TimeFirstContact, TimePlan} {
		t := got[m]
		t.Measure = m
		out = append(out, t)
	}
	return out, nil
}

// histogramMedian is the median of n values counted by value in h: the
// middle value, or the mean of the two middle ones when n is even.
func histogramMedian(h map[int]int, n int) float64 {
	if n == 0 {
		return 0
	}
	values := slices.Sorted(maps.Keys(h))
	at := func(k int) int { // the k-th value (1-based) in order
		for _, v := range values {
			if k -= h[v]; k <= 0 {
				return v
			}
		}
		return values[len(values)-1]
	}
	return float64(at((n+1)/2)+at((n+2)/2)) / 2
}

// OneOneOne are the cases open at a moment: how many had one regisseur and
// a plan, a regisseur without a plan, no regisseur; and how many had 0, 1,
// 2, … organisations involved (as betrokkene, or through a betrokken
// professional of theirs).
type OneOneOne struct {
	Both, CoordinatorOnly, NoCoordinator int
	Organisations                        map[int]int
}

// OneOneOne counts the cases open at the moment at (opened before it, not
// closed or handed over by then): whether a regisseur's assignment and a
// plan held at that moment, and the distinct organisations of the
// betrokkenen of the moment.
func (q *Q) OneOneOne(ctx context.Context, municipalityID string, at time.Time, f MeasureFilter) (*OneOneOne, error) {
	a := &sqlArgs{list: []any{municipalityID, stamp(at)}}
	scope := f.scope(a, "c.team_id", "c.household_id")
	open := `SELECT c.id FROM cases c
  WHERE c.municipality_id = $1 AND c.opened_at <= $2 AND (c.closed_at IS NULL OR c.closed_at > $2)
    AND NOT (c.status IN ('afgesloten', 'overgedragen') AND c.closed_at IS NULL)` + scope
	coordinated := `EXISTS (SELECT 1 FROM case_coordinators cc WHERE cc.municipality_id = $1 AND cc.case_id = x.id
      AND cc.from_at <= $2 AND (cc.until_at IS NULL OR cc.until_at > $2))`
	planned := `EXISTS (SELECT 1 FROM plans p WHERE p.municipality_id = $1 AND p.case_id = x.id AND p.created_at <= $2)`
	parties := `SELECT cp.case_id, COUNT(DISTINCT COALESCE(cp.organisation_id, u.organisation_id)) AS k FROM case_parties cp
      LEFT JOIN users u ON u.municipality_id = cp.municipality_id AND u.id = cp.user_id
      WHERE cp.municipality_id = $1 AND cp.from_at <= $2 AND (cp.until_at IS NULL OR cp.until_at > $2)`
	// SQLite evaluates a CTE used in a join or a grouping again where it
	// flattens it: MATERIALIZED keeps it once. PostgreSQL would then join
	// the municipality's materialised rows without statistics, in nested
	// loops (0.7 s at 20,000 households); inlined, it plans hash joins. A
	// team's few thousand rows have no join to plan.
	m := ""
	if q.dialect == SQLite {
		m = " MATERIALIZED"
	}
	var query string
	if f.TeamID == "" && f.Postcode == "" {
		// The whole municipality: each table read once for the moment and
		// joined (300,000 open cases at 1,000,000 households), not looked
		// up case by case, which took 7 s on SQLite.
		query = `WITH x AS` + m + ` (` + open + `),
co AS` + m + ` (SELECT DISTINCT cc.case_id FROM case_coordinators cc
  WHERE cc.municipality_id = $1 AND cc.from_at <= $2 AND (cc.until_at IS NULL OR cc.until_at > $2)),
pl AS` + m + ` (SELECT DISTINCT p.case_id FROM plans p WHERE p.municipality_id = $1 AND p.created_at <= $2),
og AS` + m + ` (` + parties + ` GROUP BY cp.case_id)
SELECT CASE WHEN co.case_id IS NULL THEN 0 ELSE 1 END, CASE WHEN pl.case_id IS NULL THEN 0 ELSE 1 END, COALESCE(og.k, 0), COUNT(*)
FROM x LEFT JOIN co ON co.case_id = x.id LEFT JOIN pl ON pl.case_id = x.id LEFT JOIN og ON og.case_id = x.id
GROUP BY 1, 2, 3`
	} else {
		// A team's (or an area's) few thousand: looked up case by case, in
		// indexes that hold what the lookups read (migration 0029).
		// MATERIALIZED: flattened into the grouping, SQLite evaluates the
		// subqueries once for the GROUP BY and again for the result.
		query = `WITH x AS MATERIALIZED (` + open + `),
y AS MATERIALIZED (SELECT
    CASE WHEN ` + coordinated + ` THEN 1 ELSE 0 END AS hc,
    CASE WHEN ` + planned + ` THEN 1 ELSE 0 END AS hp,
    COALESCE((SELECT o.k FROM (` + parties + ` AND cp.case_id = x.id GROUP BY cp.case_id) o), 0) AS k
  FROM x)
SELECT hc, hp, k, COUNT(*) FROM y GROUP BY hc, hp, k`
	}
	rows, err := q.x.QueryContext(ctx, query, a.list...)
	if err != nil {
		return nil, fmt.Errorf("one-one-one: %w", err)
	}
	defer rows.Close()
	o := &OneOneOne{Organisations: map[int]int{}}
	for rows.Next() {
		var hc, hp, k, n int
		if err := rows.Scan(&hc, &hp, &k, &n); err != nil {
			return nil, err
		}
		switch {
		case hc == 1 && hp == 1:
			o.Both += n
		case hc == 1:
			o.CoordinatorOnly += n
		default:
			o.NoCoordinator += n
		}
		o.Organisations[k] += n
	}
	return o, rows.Err()
}

// Relapses counts the cases closed in the filter's period (the app passes
// the period twelve months back, so that every case's year has passed)
// and of them those whose household had a new case within twelve months
// (cases.relapse_of, set by wijkregie.IsRelapse when the case opened).
func (q *Q) Relapses(ctx context.Context, municipalityID string, f MeasureFilter) (closed, relapsed int, err error) {
	a := &sqlArgs{list: []any{municipalityID, stamp(f.From), stamp(f.To)}}
	scope := f.scope(a, "c.team_id", "c.household_id")
	err = q.x.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM cases n
  WHERE n.municipality_id = c.municipality_id AND n.relapse_of = c.id) THEN 1 ELSE 0 END), 0)
FROM cases c WHERE c.municipality_id = $1 AND `+closedIn+scope, a.list...).Scan(&closed, &relapsed)
	if err != nil {
		return 0, 0, fmt.Errorf("relapses: %w", err)
	}
	return closed, relapsed, nil
}

// ClosureFigures are the cases closed in the period: by reason, by the
// answers of the youth outcome set (key: kanZonderHulp,
// problemenVerminderd, doelenBereikt → ja/deels/nee), and by the family's
// rating ("" for none given).
type ClosureFigures struct {
	Reasons map[string]int
	Answers map[string]map[wijkregie.Answer3]int
	Ratings map[string]int
}

// ClosureFigures counts the closures of the period in one pass.
func (q *Q) ClosureFigures(ctx context.Context, municipalityID string, f MeasureFilter) (*ClosureFigures, error) {
	a := &sqlArgs{list: []any{municipalityID, stamp(f.From), stamp(f.To)}}
	scope := f.scope(a, "c.team_id", "c.household_id")
	rows, err := q.x.QueryContext(ctx, `WITH k AS (
  SELECT c.closure_reason AS r, cl.can_continue AS cc, cl.problems_reduced AS pr, cl.goals_achieved AS ga, cl.rating AS rt
  FROM cases c LEFT JOIN case_closures cl ON cl.municipality_id = c.municipality_id AND cl.case_id = c.id
  WHERE c.municipality_id = $1 AND `+closedIn+scope+`
)
SELECT 'reden', r, COUNT(*) FROM k GROUP BY r
UNION ALL SELECT 'kanZonderHulp', cc, COUNT(*) FROM k WHERE cc IS NOT NULL GROUP BY cc
UNION ALL SELECT 'problemenVerminderd', pr, COUNT(*) FROM k WHERE pr IS NOT NULL GROUP BY pr
UNION ALL SELECT 'doelenBereikt', ga, COUNT(*) FROM k WHERE ga IS NOT NULL GROUP BY ga
UNION ALL SELECT 'waardering', CAST(rt AS TEXT), COUNT(*) FROM k GROUP BY rt`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("closure figures: %w", err)
	}
	defer rows.Close()
	c := &ClosureFigures{Reasons: map[string]int{}, Answers: map[string]map[wijkregie.Answer3]int{}, Ratings: map[string]int{}}
	for rows.Next() {
		var kind string
		var val sql.NullString
		var n int
		if err := rows.Scan(&kind, &val, &n); err != nil {
			return nil, err
		}
		switch kind {
		case "reden":
			c.Reasons[val.String] += n
		case "waardering":
			c.Ratings[val.String] += n
		default:
			if c.Answers[kind] == nil {
				c.Answers[kind] = map[wijkregie.Answer3]int{}
			}
			c.Answers[kind][wijkregie.Answer3(val.String)] += n
		}
	}
	return c, rows.Err()
}

// LevelChange is a number of level changes from one level to another.
type LevelChange struct {
	From, To wijkregie.CaseLevel
	Changes  int
}

// LevelChanges counts the level changes (op- and afschalen, the case
// history's niveau events) made in the period, by from and to.
func (q *Q) LevelChanges(ctx context.Context, municipalityID string, f MeasureFilter) ([]LevelChange, error) {
	a := &sqlArgs{list: []any{municipalityID, stamp(f.From), stamp(f.To)}}
	scope := f.scope(a, "c.team_id", "c.household_id")
	// The kind is written out, not a parameter: the planner may then use
	// the partial index of a team's level changes (migration 0029).
	rows, err := q.x.QueryContext(ctx, `SELECT e.from_value, e.to_value, COUNT(*) FROM case_events e
JOIN cases c ON c.municipality_id = e.municipality_id AND c.id = e.case_id
WHERE e.municipality_id = $1 AND e.kind = '`+string(wijkregie.EventLevel)+`' AND e.at >= $2 AND e.at < $3`+scope+`
GROUP BY e.from_value, e.to_value`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("level changes: %w", err)
	}
	defer rows.Close()
	var out []LevelChange
	for rows.Next() {
		var l LevelChange
		if err := rows.Scan(&l.From, &l.To, &l.Changes); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// SourceCount is a number of signals from one source with one triage
// decision ("" while not triaged).
type SourceCount struct {
	Source   wijkregie.SourceKind
	Decision wijkregie.TriageDecision
	Signals  int
}

// SourceFigures counts the signals received in the period by source and
// what their triage decided.
func (q *Q) SourceFigures(ctx context.Context, municipalityID string, f MeasureFilter) ([]SourceCount, error) {
	a := &sqlArgs{list: []any{municipalityID}}
	signals := f.signalRows(a, `m.source_kind AS k, m.decision AS dc, m.n AS n`, `f.source_kind, COALESCE(f.decision, ''), 1`)
	rows, err := q.x.QueryContext(ctx, `SELECT k, dc, SUM(n) FROM (
  `+signals+`
) x GROUP BY k, dc HAVING SUM(n) > 0`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("source figures: %w", err)
	}
	defer rows.Close()
	var out []SourceCount
	for rows.Next() {
		var c SourceCount
		if err := rows.Scan(&c.Source, &c.Decision, &c.Signals); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LevelLoad is a number of open cases at one level, of a team (by the
// case's team) or of a professional (as regisseur).
type LevelLoad struct {
	TeamID string
	UserID string // "" for a team's cases
	Name   string // the professional's name
	Level  wijkregie.CaseLevel
	Cases  int
}

// LevelLoads counts the open cases per team and level and, with perUser,
// per active professional and team lead (their team's, or the filter's
// team's) and level, as regisseur; a member without cases has one row
// with Level "".
func (q *Q) LevelLoads(ctx context.Context, municipalityID, teamID string, perUser bool) ([]LevelLoad, error) {
	a := &sqlArgs{list: []any{municipalityID}}
	team := ""
	if teamID != "" {
		team = ` AND c.team_id = ` + a.add(teamID)
	}
	query := `SELECT c.team_id, '', '', c.level, COUNT(*) FROM cases c
WHERE c.municipality_id = $1 AND c.team_id IS NOT NULL AND c.status NOT IN ('afgesloten', 'overgedragen')` + team + `
GROUP BY c.team_id, c.level`
	if perUser {
		uteam := ""
		if teamID != "" {
			uteam = ` AND u.team_id = $2`
		}
		query += `
UNION ALL
SELECT u.team_id, u.id, u.name, COALESCE(c.level, ''), COUNT(c.id) FROM users u
LEFT JOIN cases c ON c.municipality_id = u.municipality_id AND c.coordinator_id = u.id AND c.status NOT IN ('afgesloten', 'overgedragen')
WHERE u.municipality_id = $1 AND u.active AND u.team_id IS NOT NULL AND u.role IN ('professional', 'teamleider')` + uteam + `
GROUP BY u.team_id, u.id, u.name, c.level`
	}
	rows, err := q.x.QueryContext(ctx, query, a.list...)
	if err != nil {
		return nil, fmt.Errorf("level loads: %w", err)
	}
	defer rows.Close()
	var out []LevelLoad
	for rows.Next() {
		var c LevelLoad
		if err := rows.Scan(&c.TeamID, &c.UserID, &c.Name, &c.Level, &c.Cases); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Backlog is a team's work waiting at a moment: the waiting list (cases
// aangemeld without a regisseur) with the sum, median and most of their
// Dutch days waiting; the signals waiting for triage and those past their
// deadline; the open outreaches and those past their deadline.
type Backlog struct {
	TeamID                                     string
	Waiting                                    int
	WaitDaysSum, WaitDaysMedian                float64
	WaitDaysMax                                int
	Triage, TriageLate, Outreach, OutreachLate int
}

// Backlogs returns each team's backlog at now (one team's with teamID),
// teams without any left out.
func (q *Q) Backlogs(ctx context.Context, municipalityID, teamID string) ([]Backlog, error) {
	now := q.Now()
	a := &sqlArgs{list: []any{municipalityID, now, wijkregie.Today(now)}}
	team := func(col string) string {
		if teamID == "" {
			return ` AND ` + col + ` IS NOT NULL`
		}
		return ` AND ` + col + ` = $4`
	}
	if teamID != "" {
		a.add(teamID)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT t, SUM(w), COALESCE(SUM(wd), 0),
  COALESCE(CAST(AVG(CASE WHEN rn = (n + 1) / 2 OR rn = (n + 2) / 2 THEN wd END) AS DOUBLE PRECISION), 0), COALESCE(MAX(wd), 0),
  SUM(tr), SUM(tl), SUM(o), SUM(ol)
FROM (
  SELECT t, w, wd, tr, tl, o, ol,
    ROW_NUMBER() OVER (PARTITION BY t, w ORDER BY wd) AS rn, SUM(w) OVER (PARTITION BY t) AS n
  FROM (
    SELECT c.team_id AS t, 1 AS w, `+q.dutchDay("$3", dayDate)+` - `+q.dutchDay("c.opened_at", momentNaive)+` AS wd, 0 AS tr, 0 AS tl, 0 AS o, 0 AS ol
    FROM cases c WHERE c.municipality_id = $1 AND c.status = 'aangemeld' AND c.coordinator_id IS NULL`+team("c.team_id")+`
    UNION ALL
    SELECT s.team_id, 0, NULL, 1, CASE WHEN s.triage_deadline < $2 AND NOT `+triageSuspendedSQL+` THEN 1 ELSE 0 END, 0, 0
    FROM signals s WHERE s.municipality_id = $1 AND s.status = 'nieuw'`+team("s.team_id")+`
    UNION ALL
    SELECT o.team_id, 0, NULL, 0, 0, 1, CASE WHEN o.deadline < $2 THEN 1 ELSE 0 END
    FROM outreaches o WHERE o.municipality_id = $1 AND o.status = 'open'`+team("o.team_id")+`
  ) x
) y GROUP BY t ORDER BY t`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("backlogs: %w", err)
	}
	defer rows.Close()
	var out []Backlog
	for rows.Next() {
		var b Backlog
		if err := rows.Scan(&b.TeamID, &b.Waiting, &b.WaitDaysSum, &b.WaitDaysMedian, &b.WaitDaysMax,
			&b.Triage, &b.TriageLate, &b.Outreach, &b.OutreachLate); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// DeadlineCount is a number of deadlines of one kind (a task kind, or
// "vroegsignaal") in one week of a forecast (0 the first).
type DeadlineCount struct {
	TeamID string
	Week   int
	Kind   string
	Due    int
}

// Deadlines forecasts the open work falling due in [from, to) — open
// tasks by their due moment, open outreaches by their deadline — by team,
// kind and week counted in Dutch days from from's day.
func (q *Q) Deadlines(ctx context.Context, municipalityID, teamID string, from, to time.Time) ([]DeadlineCount, error) {
	// $2 and $3 meet the tasks' TIMESTAMP, $5 and $6 the outreaches'
	// TIMESTAMPTZ (see Timings).
	a := &sqlArgs{list: []any{municipalityID, stamp(from), stamp(to), wijkregie.Today(from), stamp(from), stamp(to)}}
	start := q.dutchDay("$4", dayDate)
	week := `(` + q.dutchDay("t.due_at", momentNaive) + ` - ` + start + `) / 7`
	// A task counts for its own team, or, without one, for its holder's.
	tasks := `SELECT COALESCE(t.team_id, u.team_id) AS tm, ` + week + ` AS wk, t.kind AS kind
  FROM tasks t LEFT JOIN users u ON u.municipality_id = t.municipality_id AND u.id = t.user_id
  WHERE t.municipality_id = $1 AND t.done_at IS NULL AND t.due_at >= $2 AND t.due_at < $3 AND COALESCE(t.team_id, u.team_id) IS NOT NULL`
	outTeam := ` AND o.team_id IS NOT NULL`
	if teamID != "" {
		// One team's in two index ranges (tasks_open_by_team, and its
		// members' tasks_open_by_user): the COALESCE above reads every
		// open task of the municipality in the period.
		p := a.add(teamID)
		tasks = `SELECT t.team_id AS tm, ` + week + ` AS wk, t.kind AS kind FROM tasks t
  WHERE t.municipality_id = $1 AND t.team_id = ` + p + ` AND t.done_at IS NULL AND t.due_at >= $2 AND t.due_at < $3
  UNION ALL
  SELECT u.team_id, ` + week + `, t.kind FROM users u
  JOIN tasks t ON t.municipality_id = u.municipality_id AND t.user_id = u.id
  WHERE u.municipality_id = $1 AND u.team_id = ` + p + ` AND t.team_id IS NULL AND t.done_at IS NULL AND t.due_at >= $2 AND t.due_at < $3`
		outTeam = ` AND o.team_id = ` + p
	}
	rows, err := q.x.QueryContext(ctx, `SELECT tm, wk, kind, COUNT(*) FROM (
  `+tasks+`
  UNION ALL
  SELECT o.team_id, (`+q.dutchDay("o.deadline", momentTZ)+` - `+start+`) / 7, 'vroegsignaal'
  FROM outreaches o WHERE o.municipality_id = $1 AND o.status = 'open' AND o.deadline >= $5 AND o.deadline < $6`+outTeam+`
) x GROUP BY tm, wk, kind`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("deadlines: %w", err)
	}
	defer rows.Close()
	var out []DeadlineCount
	for rows.Next() {
		var d DeadlineCount
		if err := rows.Scan(&d.TeamID, &d.Week, &d.Kind, &d.Due); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ResidentRatings are the ratings family members gave in Mijn Plan in a
// period (docs/mijnplan.md, "Beoordeling"): persons by mark, the cases
// (families) they rated, the sum of the marks, per client-experience
// question (by column) the answers on its five-point scale (index 0 is
// points 1–2, 1 is 3, 2 is 4–5: oneens, neutraal, eens), and the
// youth outcome set's three questions by answer.
type ResidentRatings struct {
	Marks     [10]int
	Families  int
	MarkSum   int
	Agreement map[string][3]int
	Outcomes  map[string]map[wijkregie.Answer3]int
}

// residentOutcomes are mijnplan_ratings' columns of the youth outcome set,
// by the key the closure's figures use (ClosureFigures.Answers).
var residentOutcomes = [][2]string{{"kanZonderHulp", "can_continue"}, {"problemenVerminderd", "problems_reduced"}, {"doelenBereikt", "goals_achieved"}}

// ResidentRatings counts the ratings given in the period, of the cases in
// the filter's team and postcode area, in one pass over them.
func (q *Q) ResidentRatings(ctx context.Context, municipalityID string, f MeasureFilter) (*ResidentRatings, error) {
	a := &sqlArgs{list: []any{municipalityID, stamp(f.From), stamp(f.To)}}
	scope := f.scope(a, "c.team_id", "c.household_id")
	cols := []string{`COUNT(DISTINCT r.case_id)`, `COALESCE(SUM(r.rating), 0)`}
	for m := 1; m <= 10; m++ {
		cols = append(cols, fmt.Sprintf(`COALESCE(SUM(CASE WHEN r.rating = %d THEN 1 ELSE 0 END), 0)`, m))
	}
	for _, rq := range wijkregie.RatingQuestions {
		for _, points := range []string{`1, 2`, `3`, `4, 5`} {
			cols = append(cols, `COALESCE(SUM(CASE WHEN r.`+rq.Column+` IN (`+points+`) THEN 1 ELSE 0 END), 0)`)
		}
	}
	for _, o := range residentOutcomes {
		for _, ans := range wijkregie.Answers3 {
			cols = append(cols, `COALESCE(SUM(CASE WHEN r.`+o[1]+` = '`+string(ans)+`' THEN 1 ELSE 0 END), 0)`)
		}
	}
	query := `SELECT ` + strings.Join(cols, ", ") + ` FROM mijnplan_ratings r
JOIN cases c ON c.municipality_id = r.municipality_id AND c.id = r.case_id
WHERE r.municipality_id = $1 AND r.rated_at >= $2 AND r.rated_at < $3` + scope
	vals := make([]int, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := q.x.QueryRowContext(ctx, query, a.list...).Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("resident ratings: %w", err)
	}
	r := &ResidentRatings{Families: vals[0], MarkSum: vals[1], Agreement: map[string][3]int{}, Outcomes: map[string]map[wijkregie.Answer3]int{}}
	copy(r.Marks[:], vals[2:12])
	i := 12
	for _, rq := range wijkregie.RatingQuestions {
		r.Agreement[rq.Column] = [3]int{vals[i], vals[i+1], vals[i+2]}
		i += 3
	}
	for _, o := range residentOutcomes {
		r.Outcomes[o[0]] = map[wijkregie.Answer3]int{}
		for _, ans := range wijkregie.Answers3 {
			r.Outcomes[o[0]][ans] = vals[i]
			i++
		}
	}
	return r, nil
}
