package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Outcome and workload reports (docs/uitkomsten.md): the store's
// aggregates turned into tables of figures, with the small-cell rule
// applied as the policy asks (policy.DecideMeasures). A report names no
// family: its rows are life domains, owners, sources, teams, weeks — and,
// for a team lead's workload only, the lead's own professionals.

// ReportQuery chooses a report.
type ReportQuery struct {
	// Period: the days van–tot, both counted. Zero: for the outcomes the
	// current quarter; for the workload's forecast the coming four weeks.
	Period Period
	// TeamID is a team, AllTeams, or "" for the default: a team lead's own
	// team, the whole municipality for everyone else.
	TeamID string
	// Postcode is a postcode area (its four digits) within it, or "".
	Postcode string
	// Export says the report leaves the platform (CSV, the command line):
	// audited as an export.
	Export bool
}

// Report is a report's tables with what they cover.
type Report struct {
	Kind       wijkregie.MeasureID // MeasureOutcomesAll or MeasureWorkload
	Period     Period
	Team       *wijkregie.Team // nil: the whole municipality
	Postcode   string
	Suppressed bool      // small cells withheld
	At         time.Time // the moment of the snapshot figures (1-1-1, workload)
	Tables     []wijkregie.Table
}

var pc4 = regexp.MustCompile(`^[1-9][0-9]{3}$`)

// reportScope validates the query and decides it: the team read, the
// access, the audit subject.
func (s *Service) reportScope(ctx context.Context, actor wijkregie.Actor, a policy.Action, rq *ReportQuery) (*Report, policy.MeasuresAccess, error) {
	if !policy.Allows(actor, a) {
		return nil, policy.MeasuresAccess{}, wijkregie.Forbidden()
	}
	var v wijkregie.Invalid
	if rq.Postcode != "" && !pc4.MatchString(rq.Postcode) {
		v.Field("wijk", "veld.uitkomst.wijk")
	}
	switch team := rq.TeamID; {
	case team == "" && actor.Role == wijkregie.RoleTeamLead:
		rq.TeamID = actor.TeamID
	case team == "" || team == AllTeams:
		rq.TeamID = ""
	case !wijkregie.ValidID(team):
		v.Field("team", "veld.keuze")
	}
	if rq.Period != (Period{}) {
		if err := rq.Period.validate(); err != nil {
			return nil, policy.MeasuresAccess{}, err
		}
	}
	if err := v.Err(); err != nil {
		return nil, policy.MeasuresAccess{}, err
	}
	acc, err := policy.DecideMeasures(actor, a, rq.TeamID)
	if err != nil {
		return nil, acc, err
	}
	r := &Report{Postcode: rq.Postcode, Suppressed: acc.Suppress, At: s.Now()}
	if rq.TeamID != "" {
		t, err := s.store.R().Team(ctx, actor.MunicipalityID, rq.TeamID)
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			return nil, acc, wijkregie.InvalidField("team", "veld.keuze")
		}
		if err != nil {
			return nil, acc, err
		}
		r.Team = t
	}
	return r, acc, nil
}

// auditReport records the read (or the export) of a report on the team or
// the municipality, with its criteria.
func (s *Service) auditReport(ctx context.Context, actor wijkregie.Actor, a policy.Action, rq ReportQuery, r *Report) error {
	subject := rq.TeamID
	if subject == "" {
		subject = actor.MunicipalityID
	}
	action := string(a)
	if rq.Export {
		action = "rapportage.exporteren"
	}
	search := "van=" + r.Period.From.Format(time.DateOnly) + " tot=" + r.Period.To.Format(time.DateOnly)
	if rq.Postcode != "" {
		search += " wijk=" + rq.Postcode
	}
	if rq.Export {
		search += " rapport=" + string(a)
	}
	return s.audit(ctx, actor, wijkregie.Event{Action: action, SubjectKind: "rapportage", SubjectID: subject, Purpose: PurposeTask, Search: search})
}

// OutcomeReport returns the outcome measures of a period.
func (s *Service) OutcomeReport(ctx context.Context, actor wijkregie.Actor, rq ReportQuery) (*Report, error) {
	r, acc, err := s.reportScope(ctx, actor, policy.ViewOutcomes, &rq)
	if err != nil {
		return nil, err
	}
	if rq.Period == (Period{}) {
		rq.Period = Quarter(s.Now())
	}
	r.Kind, r.Period = wijkregie.MeasureOutcomesAll, rq.Period
	from, to := rq.Period.moments()
	// The snapshot figures are taken at the end of the period, or now if
	// that is earlier.
	if to.Before(r.At) {
		r.At = to
	}
	f := store.MeasureFilter{From: from, To: to, TeamID: rq.TeamID, Postcode: rq.Postcode}
	q, sup := s.store.R(), acc.Suppress
	mid := actor.MunicipalityID

	z, err := q.ZRMFigures(ctx, mid, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, zrmTable(z, sup))

	g, err := q.GoalFigures(ctx, mid, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, goalTables(g, sup)...)

	ts, err := q.Timings(ctx, mid, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, timingTable(ts, sup))

	o, err := q.OneOneOne(ctx, mid, r.At, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, oneOneOneTables(o, sup)...)

	// Relapse looks at the cases closed a year before the period, whose
	// twelve months have passed (or pass within the period).
	back := f
	// The same Dutch days a year back (the drill-down's list asks them):
	// moving the instants instead is an hour off where summer time
	// differs, and a day off around 29 February.
	lastYear := Period{From: rq.Period.From.AddDate(-1, 0, 0), To: rq.Period.To.AddDate(0, 0, 1).AddDate(-1, 0, -1)}
	back.From, back.To = lastYear.moments()
	closed, relapsed, err := q.Relapses(ctx, mid, back)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, relapseTable(closed, relapsed, sup))

	cf, err := q.ClosureFigures(ctx, mid, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, closureTables(cf, sup)...)

	rr, err := q.ResidentRatings(ctx, mid, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, residentTables(rr, sup)...)

	lc, err := q.LevelChanges(ctx, mid, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, levelTable(lc, sup))

	sc, err := q.SourceFigures(ctx, mid, f)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, sourceTable(sc, sup))

	if err := s.auditReport(ctx, actor, policy.ViewOutcomes, rq, r); err != nil {
		return nil, err
	}
	return r, nil
}

// counted returns the table columns for count keys, then total.
func counted(keys []string, total string) []wijkregie.Column {
	var out []wijkregie.Column
	for _, k := range keys {
		out = append(out, wijkregie.Column{Key: k, Unit: wijkregie.UnitCount})
	}
	return append(out, wijkregie.Column{Key: total, Unit: wijkregie.UnitCount})
}

// zrmDeltas are the changes of level a score can make, −4 to +4.
var zrmDeltas = []int{-4, -3, -2, -1, 0, 1, 2, 3, 4}

func zrmTable(z *store.ZRMFigures, sup bool) wijkregie.Table {
	t := wijkregie.Table{ID: "zrm-verandering", Measure: wijkregie.MeasureZRM}
	for _, d := range zrmDeltas {
		label := strconv.Itoa(d)
		if d > 0 {
			label = "+" + label
		}
		t.Columns = append(t.Columns, wijkregie.Column{Key: "verandering" + label, Label: label, Unit: wijkregie.UnitCount})
	}
	t.Columns = append(t.Columns, wijkregie.Column{Key: "metingen", Unit: wijkregie.UnitCount},
		wijkregie.Column{Key: "gezinnen", Unit: wijkregie.UnitCount},
		wijkregie.Column{Key: "aandeelVerbeterd", Unit: wijkregie.UnitPercent},
		wijkregie.Column{Key: "aandeelGelijk", Unit: wijkregie.UnitPercent},
		wijkregie.Column{Key: "aandeelVerslechterd", Unit: wijkregie.UnitPercent},
		wijkregie.Column{Key: "gemiddeldeVerandering", Unit: wijkregie.UnitPoints})
	codes := wijkregie.DomainCodes()
	counts := make([][]int, len(codes))
	sums := make([]int, len(codes)+1)
	for i, c := range codes {
		counts[i] = make([]int, len(zrmDeltas))
		for _, ch := range z.Changes {
			if ch.Domain == c {
				counts[i][ch.Delta+4] += ch.Scores
				sums[i] += ch.Delta * ch.Scores
				sums[len(codes)] += ch.Delta * ch.Scores
			}
		}
	}
	units := make([]int, len(codes)+1)
	for i, c := range codes {
		units[i] = z.Families[c]
	}
	units[len(codes)] = z.Families[""]
	ct := wijkregie.NewCountTable(counts, true, units, sup)
	for i := range len(codes) + 1 {
		cells, total := ct.Row(i)
		key := "totaal"
		if i < len(codes) {
			key = codes[i]
		}
		row := append(slices.Clone(cells), total, wijkregie.CountOne(units[i], sup))
		sumOf := func(from, to int) (int, []wijkregie.Figure) {
			n := 0
			for _, c := range cells[from:to] {
				n += c.Int()
			}
			return n, cells[from:to]
		}
		up, upCells := sumOf(5, 9)
		same, sameCells := sumOf(4, 5)
		down, downCells := sumOf(0, 4)
		share := func(n int, from []wijkregie.Figure) wijkregie.Figure {
			f := wijkregie.Share(wijkregie.Count(n), total)
			return wijkregie.DeriveFrom(wijkregie.UnitPercent, f.Value, append(from, total, f)...)
		}
		row = append(row, share(up, upCells), share(same, sameCells), share(down, downCells),
			wijkregie.MeanOf(wijkregie.UnitPoints, float64(sums[i]), total, cells...))
		t.Rows = append(t.Rows, wijkregie.TableRow{Key: key, Cells: row})
	}
	return t
}

// goalStatuses are the final statuses a goal's outcome counts.
var goalStatuses = []wijkregie.GoalStatus{wijkregie.GoalMet, wijkregie.GoalPartlyMet, wijkregie.GoalNotMet}

func goalTables(g *store.GoalFigures, sup bool) []wijkregie.Table {
	codes := wijkregie.DomainCodes()
	owners := make([]string, len(wijkregie.GoalOwners))
	for i, o := range wijkregie.GoalOwners {
		owners[i] = string(o)
	}
	build := func(keys []string, match func(store.GoalCount, string) bool, families map[string]int) ([][]int, []int) {
		counts := make([][]int, len(keys))
		units := make([]int, len(keys)+1)
		for i, k := range keys {
			counts[i] = make([]int, len(goalStatuses))
			for _, c := range g.Counts {
				if match(c, k) {
					counts[i][slices.Index(goalStatuses, c.Status)] += c.Goals
				}
			}
			units[i] = families[k]
		}
		units[len(keys)] = families[""]
		return counts, units
	}
	dc, du := build(codes, func(c store.GoalCount, k string) bool { return c.Domain == k }, g.FamiliesByDomain)
	oc, ou := build(owners, func(c store.GoalCount, k string) bool { return string(c.Owner) == k }, g.FamiliesByOwner)
	// The total row's families are the same for both; forcing it through
	// both tables' units keeps the shared total row one decision.
	cts := wijkregie.NewCountTables([][][]int{dc, oc}, [][]int{du[:len(codes)], ou[:len(owners)]}, sup)
	if du[len(codes)] < wijkregie.SmallCell && sup {
		for i := range cts {
			for j := range cts[i].ColTotals {
				cts[i].ColTotals[j] = wijkregie.Figure{Unit: wijkregie.UnitCount, Suppressed: true}
			}
			cts[i].Total = wijkregie.Figure{Unit: wijkregie.UnitCount, Suppressed: true}
		}
	}
	var out []wijkregie.Table
	for ti, spec := range []struct {
		id    string
		keys  []string
		units []int
	}{{"doelen-per-domein", codes, du}, {"doelen-per-eigenaar", owners, ou}} {
		t := wijkregie.Table{ID: spec.id, Measure: wijkregie.MeasureGoals,
			Columns: append(counted([]string{"bereikt", "deelsBereikt", "nietBereikt"}, "doelen"),
				wijkregie.Column{Key: "gezinnen", Unit: wijkregie.UnitCount},
				wijkregie.Column{Key: "aandeelBereikt", Unit: wijkregie.UnitPercent},
				wijkregie.Column{Key: "aandeelDeelsBereikt", Unit: wijkregie.UnitPercent},
				wijkregie.Column{Key: "aandeelNietBereikt", Unit: wijkregie.UnitPercent})}
		for i := range len(spec.keys) + 1 {
			cells, total := cts[ti].Row(i)
			key := "totaal"
			if i < len(spec.keys) {
				key = spec.keys[i]
			}
			row := append(slices.Clone(cells), total, wijkregie.CountOne(spec.units[i], sup))
			for _, c := range cells {
				row = append(row, wijkregie.Share(c, total))
			}
			t.Rows = append(t.Rows, wijkregie.TableRow{Key: key, Cells: row})
		}
		out = append(out, t)
	}
	return out
}

func timingTable(ts []store.Timing, sup bool) wijkregie.Table {
	t := wijkregie.Table{ID: "tijdigheid", Measure: wijkregie.MeasureTimeliness, Columns: []wijkregie.Column{
		{Key: "gemeten", Unit: wijkregie.UnitCount}, {Key: "mediaanDagen", Unit: wijkregie.UnitDays},
		{Key: "gemiddeldeDagen", Unit: wijkregie.UnitDays}, {Key: "binnenTermijn", Unit: wijkregie.UnitCount},
		{Key: "buitenTermijn", Unit: wijkregie.UnitCount}, {Key: "beoordeeld", Unit: wijkregie.UnitCount},
		{Key: "aandeelBinnenTermijn", Unit: wijkregie.UnitPercent}}}
	// The terms' counts: within and late add up to the judged, per row.
	var terms [][]int
	for _, x := range ts {
		if x.Measure != store.TimePlan {
			terms = append(terms, []int{x.Within, x.Judged - x.Within})
		}
	}
	ct := wijkregie.NewCountTable(terms, false, nil, sup)
	k := 0
	for _, x := range ts {
		n := wijkregie.CountOne(x.Measured, sup)
		row := []wijkregie.Figure{n, wijkregie.MedianOf(wijkregie.UnitDays, x.Median, n), wijkregie.MeanOf(wijkregie.UnitDays, x.SumDays, n)}
		if x.Measure == store.TimePlan {
			row = append(row, wijkregie.Missing(wijkregie.UnitCount), wijkregie.Missing(wijkregie.UnitCount),
				wijkregie.Missing(wijkregie.UnitCount), wijkregie.Missing(wijkregie.UnitPercent))
		} else {
			cells, total := ct.Row(k)
			k++
			row = append(row, cells[0], cells[1], total, wijkregie.Share(cells[0], total))
		}
		t.Rows = append(t.Rows, wijkregie.TableRow{Key: x.Measure, Cells: row})
	}
	return t
}

// orgBuckets are the columns of organisations per family: 0 to 4, and 5
// or more.
const orgBuckets = 6

func oneOneOneTables(o *store.OneOneOne, sup bool) []wijkregie.Table {
	open := o.Both + o.CoordinatorOnly + o.NoCoordinator
	orgs := make([]int, orgBuckets)
	sum := 0
	for k, n := range o.Organisations {
		orgs[min(k, orgBuckets-1)] += n
		sum += k * n
	}
	rows, total := wijkregie.NewSharedTotalRows([][]int{{o.Both, o.CoordinatorOnly, o.NoCoordinator}, orgs}, open, sup)
	score := wijkregie.Table{ID: "een-een-een", Measure: wijkregie.MeasureOneOneOne,
		Columns: append(counted([]string{"regisseurEnPlan", "regisseurZonderPlan", "zonderRegisseur"}, "openCasussen"),
			wijkregie.Column{Key: "score", Unit: wijkregie.UnitPercent}),
		Rows: []wijkregie.TableRow{{Key: "open", Cells: append(slices.Clone(rows[0]), total, wijkregie.Share(rows[0][0], total))}}}
	perFamily := wijkregie.Table{ID: "organisaties-per-gezin", Measure: wijkregie.MeasureOneOneOne}
	for i := range orgBuckets {
		label := strconv.Itoa(i)
		if i == orgBuckets-1 {
			label += "+"
		}
		perFamily.Columns = append(perFamily.Columns, wijkregie.Column{Key: "organisaties" + strconv.Itoa(i), Label: label, Unit: wijkregie.UnitCount})
	}
	perFamily.Columns = append(perFamily.Columns, wijkregie.Column{Key: "openCasussen", Unit: wijkregie.UnitCount},
		wijkregie.Column{Key: "gemiddeld", Unit: wijkregie.UnitDays})
	perFamily.Columns[len(perFamily.Columns)-1].Unit = wijkregie.Unit("organisaties")
	perFamily.Rows = []wijkregie.TableRow{{Key: "open", Cells: append(slices.Clone(rows[1]), total,
		wijkregie.MeanOf(wijkregie.Unit("organisaties"), float64(sum), total, rows[1]...))}}
	return []wijkregie.Table{score, perFamily}
}

func relapseTable(closed, relapsed int, sup bool) wijkregie.Table {
	ct := wijkregie.NewCountTable([][]int{{relapsed, closed - relapsed}}, false, nil, sup)
	cells, total := ct.Row(0)
	return wijkregie.Table{ID: "terugval", Measure: wijkregie.MeasureRelapse,
		Columns: append(counted([]string{"metNieuweCasus", "zonderNieuweCasus"}, "afgesloten"),
			wijkregie.Column{Key: "aandeelTerugval", Unit: wijkregie.UnitPercent}),
		Rows: []wijkregie.TableRow{{Key: "afgesloten-vorig-jaar", Cells: append(slices.Clone(cells), total, wijkregie.Share(cells[0], total))}}}
}

// outcomeQuestions are the youth outcome set's questions at closure.
var outcomeQuestions = []string{"kanZonderHulp", "problemenVerminderd", "doelenBereikt"}

func closureTables(cf *store.ClosureFigures, sup bool) []wijkregie.Table {
	total := 0
	reasons := make([]int, len(wijkregie.ClosureReasons))
	for r, n := range cf.Reasons {
		total += n
		i := slices.Index(wijkregie.ClosureReasons, r)
		if i < 0 {
			i = slices.Index(wijkregie.ClosureReasons, wijkregie.ClosureOther)
		}
		reasons[i] += n
	}
	rows := [][]int{reasons}
	for _, q := range outcomeQuestions {
		r := make([]int, len(wijkregie.Answers3)+1)
		known := 0
		for i, a := range wijkregie.Answers3 {
			r[i] = cf.Answers[q][a]
			known += r[i]
		}
		r[len(wijkregie.Answers3)] = total - known // closed without the outcome set (a handover)
		rows = append(rows, r)
	}
	ratings := make([]int, 11) // 1–10, then none given
	ratingSum := 0
	for k, n := range cf.Ratings {
		v, err := strconv.Atoi(k)
		if err != nil || v < 1 || v > 10 {
			ratings[10] += n
			continue
		}
		ratings[v-1] += n
		ratingSum += v * n
	}
	rows = append(rows, ratings)
	figs, tot := wijkregie.NewSharedTotalRows(rows, total, sup)

	reasonT := wijkregie.Table{ID: "afsluitredenen", Measure: wijkregie.MeasureClosure}
	for _, r := range wijkregie.ClosureReasons {
		reasonT.Columns = append(reasonT.Columns, wijkregie.Column{Key: r, Unit: wijkregie.UnitCount})
	}
	reasonT.Columns = append(reasonT.Columns, wijkregie.Column{Key: "afgesloten", Unit: wijkregie.UnitCount})
	reasonT.Rows = []wijkregie.TableRow{{Key: "afgesloten", Cells: append(slices.Clone(figs[0]), tot)}}

	answers := wijkregie.Table{ID: "jeugd-uitkomsten", Measure: wijkregie.MeasureClosure,
		Columns: append(counted([]string{"ja", "deels", "nee", "onbekend"}, "afgesloten"),
			wijkregie.Column{Key: "aandeelJa", Unit: wijkregie.UnitPercent})}
	for i, q := range outcomeQuestions {
		c := figs[1+i]
		answers.Rows = append(answers.Rows, wijkregie.TableRow{Key: q, Cells: append(slices.Clone(c), tot, wijkregie.Share(c[0], tot))})
	}

	rating := wijkregie.Table{ID: "waardering", Measure: wijkregie.MeasureClosure}
	for v := 1; v <= 10; v++ {
		rating.Columns = append(rating.Columns, wijkregie.Column{Key: "cijfer" + strconv.Itoa(v), Label: strconv.Itoa(v), Unit: wijkregie.UnitCount})
	}
	rating.Columns = append(rating.Columns, wijkregie.Column{Key: "geenWaardering", Unit: wijkregie.UnitCount},
		wijkregie.Column{Key: "afgesloten", Unit: wijkregie.UnitCount}, wijkregie.Column{Key: "waarderingen", Unit: wijkregie.UnitCount},
		wijkregie.Column{Key: "gemiddeldCijfer", Unit: wijkregie.UnitGrade})
	rc := figs[len(figs)-1]
	given := total - ratings[10]
	// The number of ratings is the total less those without one: derived.
	n := wijkregie.DeriveFrom(wijkregie.UnitCount, float64(given), tot, rc[10])
	if !n.Suppressed && sup && given < wijkregie.SmallCell {
		n = wijkregie.Figure{Unit: wijkregie.UnitCount, Suppressed: true}
	}
	rating.Rows = []wijkregie.TableRow{{Key: "afgesloten", Cells: append(slices.Clone(rc), tot, n,
		wijkregie.MeanOf(wijkregie.UnitGrade, float64(ratingSum), n, rc[:10]...))}}
	return []wijkregie.Table{reasonT, answers, rating}
}

func levelTable(lc []store.LevelChange, sup bool) wijkregie.Table {
	counts := [][]int{make([]int, len(wijkregie.CaseLevels)), make([]int, len(wijkregie.CaseLevels))}
	for _, l := range lc {
		i := slices.Index(wijkregie.CaseLevels, l.To)
		if i < 0 || !l.From.Valid() || l.From == l.To {
			continue
		}
		if l.To.Heavier(l.From) {
			counts[0][i] += l.Changes
		} else {
			counts[1][i] += l.Changes
		}
	}
	ct := wijkregie.NewCountTable(counts, true, nil, sup)
	t := wijkregie.Table{ID: "op-afschalen", Measure: wijkregie.MeasureLevels,
		Columns: counted([]string{"naarLicht", "naarIntensief", "naarVeiligheid"}, "wijzigingen")}
	for i, key := range []string{"opschalen", "afschalen", "totaal"} {
		cells, total := ct.Row(i)
		t.Rows = append(t.Rows, wijkregie.TableRow{Key: key, Cells: append(slices.Clone(cells), total)})
	}
	return t
}

func sourceTable(sc []store.SourceCount, sup bool) wijkregie.Table {
	counts := make([][]int, len(wijkregie.SourceKinds))
	for i := range counts {
		counts[i] = make([]int, 4)
	}
	for _, c := range sc {
		i := slices.Index(wijkregie.SourceKinds, c.Source)
		if i < 0 {
			i = slices.Index(wijkregie.SourceKinds, wijkregie.SourceOther)
		}
		j := 3
		switch {
		case c.Decision == wijkregie.DecisionSimple:
			j = 0
		case c.Decision.OpensCase():
			j = 1
		case c.Decision == wijkregie.DecisionNone:
			j = 2
		}
		counts[i][j] += c.Signals
	}
	ct := wijkregie.NewCountTable(counts, true, nil, sup)
	t := wijkregie.Table{ID: "herkomst", Measure: wijkregie.MeasureSources,
		Columns: append(counted([]string{"enkelvoudig", "casus", "geenActie", "nietGetrieerd"}, "signalen"),
			wijkregie.Column{Key: "aandeelCasus", Unit: wijkregie.UnitPercent})}
	for i := range len(counts) + 1 {
		cells, total := ct.Row(i)
		key := "totaal"
		if i < len(counts) {
			key = string(wijkregie.SourceKinds[i])
		}
		t.Rows = append(t.Rows, wijkregie.TableRow{Key: key, Cells: append(slices.Clone(cells), total, wijkregie.Share(cells[1], total))})
	}
	return t
}

// WorkloadReport returns the workload now — the caseloads with their
// capacity and bezetting (docs/uitkomsten.md, "Capaciteit") — and the
// deadlines of the forecast period (by default the coming four weeks).
func (s *Service) WorkloadReport(ctx context.Context, actor wijkregie.Actor, rq ReportQuery) (*Report, error) {
	r, acc, err := s.reportScope(ctx, actor, policy.ViewWorkload, &rq)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if rq.Period == (Period{}) {
		today := wijkregie.Today(now)
		rq.Period = Period{From: today, To: today.AddDate(0, 0, 27)}
	}
	r.Kind, r.Period = wijkregie.MeasureWorkload, rq.Period
	q, sup, mid := s.store.R(), acc.Suppress, actor.MunicipalityID
	settings, err := q.Settings(ctx, mid)
	if err != nil {
		return nil, err
	}
	teams, err := q.Teams(ctx, mid)
	if err != nil {
		return nil, err
	}
	var keys []string // the team rows, by the teams' order
	names := map[string]string{}
	for _, t := range teams {
		if (rq.TeamID == "" && t.Active) || t.ID == rq.TeamID {
			keys = append(keys, t.ID)
			names[t.ID] = t.Name
		}
	}
	loads, err := q.LevelLoads(ctx, mid, rq.TeamID, acc.PerProfessional)
	if err != nil {
		return nil, err
	}
	weights := []int{settings.Weight(wijkregie.LevelLight), settings.Weight(wijkregie.LevelIntensive), settings.Weight(wijkregie.LevelSafety)}
	// The capacity of each team: the sum of its professionals', known
	// only when every one of them has one set (a sum of some would make
	// the bezetting look higher than it is).
	totals, err := q.CapacityTotals(ctx, mid, rq.TeamID)
	if err != nil {
		return nil, err
	}
	teamCapacity := map[string]capacityOf{}
	for _, t := range totals {
		teamCapacity[t.TeamID] = capacityOf{minutes: t.Minutes, known: t.Known()}
	}
	caseloadTable := func(id string, rowKeys []string, rowNames map[string]string, pick func(store.LevelLoad) (string, bool), sup bool, totalRow bool,
		capacity map[string]capacityOf) wijkregie.Table {
		counts := make([][]int, len(rowKeys))
		for i := range counts {
			counts[i] = make([]int, len(wijkregie.CaseLevels))
		}
		for _, l := range loads {
			k, ok := pick(l)
			i, j := slices.Index(rowKeys, k), slices.Index(wijkregie.CaseLevels, l.Level)
			if ok && i >= 0 && j >= 0 {
				counts[i][j] += l.Cases
			}
		}
		ct := wijkregie.NewCountTable(counts, totalRow, nil, sup)
		t := wijkregie.Table{ID: id, Measure: wijkregie.MeasureWorkload,
			Columns: append(counted([]string{"licht", "intensief", "veiligheid"}, "casussen"),
				wijkregie.Column{Key: "gewogen", Unit: wijkregie.UnitWeight},
				wijkregie.Column{Key: "capaciteitUren", Unit: wijkregie.UnitHours}, wijkregie.Column{Key: "capaciteitFte", Unit: wijkregie.UnitFTE},
				wijkregie.Column{Key: "bezetting", Unit: wijkregie.UnitPercent})}
		// The total row's capacity is the rows' sum, known when each is.
		all := capacityOf{known: len(rowKeys) > 0}
		for _, k := range rowKeys {
			c := capacity[k]
			all.minutes += c.minutes
			all.known = all.known && c.known
		}
		n := len(rowKeys)
		if totalRow {
			n++
		}
		for i := range n {
			cells, total := ct.Row(i)
			key, label, c := "totaal", "", all
			if i < len(rowKeys) {
				key, label, c = rowKeys[i], rowNames[rowKeys[i]], capacity[rowKeys[i]]
			}
			w := 0
			for j, c := range cells {
				w += c.Int() * weights[j]
			}
			hours, fte, occupancy := settings.CapacityFigures(c.minutes, c.known, float64(w), cells...)
			row := append(slices.Clone(cells), total, wijkregie.DeriveFrom(wijkregie.UnitWeight, float64(w), cells...), hours, fte, occupancy)
			t.Rows = append(t.Rows, wijkregie.TableRow{Key: key, Label: label, Cells: row})
		}
		return t
	}
	several := len(keys) > 1
	r.Tables = append(r.Tables, caseloadTable("caseload-per-team", keys, names,
		func(l store.LevelLoad) (string, bool) { return l.TeamID, l.UserID == "" }, sup, several, teamCapacity))
	if acc.PerProfessional {
		var users []string
		userNames := map[string]string{}
		for _, l := range loads {
			if l.UserID != "" && !slices.Contains(users, l.UserID) {
				users = append(users, l.UserID)
				userNames[l.UserID] = l.Name
			}
		}
		slices.SortFunc(users, func(a, b string) int {
			if c := cmpString(userNames[a], userNames[b]); c != 0 {
				return c
			}
			return cmpString(a, b)
		})
		// Each professional's own capacity: the lead's team only
		// (PerProfessional), whose members LevelLoads lists.
		members, err := q.TeamCapacities(ctx, mid, rq.TeamID)
		if err != nil {
			return nil, err
		}
		own := map[string]capacityOf{}
		for _, m := range members {
			if m.Capacity != nil {
				own[m.User.ID] = capacityOf{minutes: m.Capacity.Minutes, known: true}
			}
		}
		r.Tables = append(r.Tables, caseloadTable("caseload-per-medewerker", users, userNames,
			func(l store.LevelLoad) (string, bool) { return l.UserID, l.UserID != "" }, false, false, own))
	}

	bl, err := q.Backlogs(ctx, mid, rq.TeamID)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, backlogTable(bl, keys, names, sup, several))

	from, to := rq.Period.moments()
	if from.Before(now) {
		from = now
	}
	dl, err := q.Deadlines(ctx, mid, rq.TeamID, from, to)
	if err != nil {
		return nil, err
	}
	r.Tables = append(r.Tables, deadlineTable(dl, wijkregie.Today(from), to, sup))

	if err := s.auditReport(ctx, actor, policy.ViewWorkload, rq, r); err != nil {
		return nil, err
	}
	return r, nil
}

// capacityOf is a caseload row's capacity in minutes per week, and
// whether it is known.
type capacityOf struct {
	minutes int
	known   bool
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func backlogTable(bl []store.Backlog, keys []string, names map[string]string, sup, totalRow bool) wijkregie.Table {
	t := wijkregie.Table{ID: "wachtlijst-en-achterstanden", Measure: wijkregie.MeasureWorkload, Columns: []wijkregie.Column{
		{Key: "wachtlijst", Unit: wijkregie.UnitCount}, {Key: "mediaanWachtdagen", Unit: wijkregie.UnitDays},
		{Key: "gemiddeldeWachtdagen", Unit: wijkregie.UnitDays}, {Key: "langsteWachtdagen", Unit: wijkregie.UnitDays},
		{Key: "triageOpen", Unit: wijkregie.UnitCount}, {Key: "triageTeLaat", Unit: wijkregie.UnitCount},
		{Key: "vroegsignalenOpen", Unit: wijkregie.UnitCount}, {Key: "vroegsignalenTeLaat", Unit: wijkregie.UnitCount}}}
	by := map[string]store.Backlog{}
	for _, b := range bl {
		by[b.TeamID] = b
	}
	// Each count column is a column of its own with the total row: the
	// rows' values add up to the total.
	col := func(v func(store.Backlog) int) wijkregie.CountTable {
		counts := make([][]int, len(keys))
		for i, k := range keys {
			counts[i] = []int{v(by[k])}
		}
		return wijkregie.NewCountTable(counts, totalRow, nil, sup)
	}
	cols := []wijkregie.CountTable{col(func(b store.Backlog) int { return b.Waiting }), col(func(b store.Backlog) int { return b.Triage }),
		col(func(b store.Backlog) int { return b.TriageLate }), col(func(b store.Backlog) int { return b.Outreach }),
		col(func(b store.Backlog) int { return b.OutreachLate })}
	n := len(keys)
	if totalRow {
		n++
	}
	for i := range n {
		get := func(c wijkregie.CountTable) wijkregie.Figure { _, tot := c.Row(i); return tot }
		waiting := get(cols[0])
		var sum, median float64
		most := 0
		key, label := "totaal", ""
		if i < len(keys) {
			b := by[keys[i]]
			sum, median, most = b.WaitDaysSum, b.WaitDaysMedian, b.WaitDaysMax
			key, label = keys[i], names[keys[i]]
		} else {
			for _, k := range keys {
				sum += by[k].WaitDaysSum
				most = max(most, by[k].WaitDaysMax)
			}
		}
		med := wijkregie.MedianOf(wijkregie.UnitDays, median, waiting)
		if i == len(keys) {
			med = wijkregie.Missing(wijkregie.UnitDays) // a median of medians is none
		}
		// The longest wait is one family's: withheld wherever small cells are.
		longest := wijkregie.MedianOf(wijkregie.UnitDays, float64(most), waiting)
		if sup {
			longest = wijkregie.Figure{Unit: wijkregie.UnitDays, Suppressed: true}
		}
		t.Rows = append(t.Rows, wijkregie.TableRow{Key: key, Label: label, Cells: []wijkregie.Figure{waiting, med,
			wijkregie.MeanOf(wijkregie.UnitDays, sum, waiting), longest, get(cols[1]), get(cols[2]), get(cols[3]), get(cols[4])}})
	}
	return t
}

// deadlineKinds are the forecast's columns: the kinds of task, then the
// outreaches' deadlines.
var deadlineKinds = []string{string(wijkregie.TaskTriage), string(wijkregie.TaskEvaluation), string(wijkregie.TaskMeldcode), string(wijkregie.TaskSafety), "overdracht", "vroegsignaal"}

func deadlineTable(dl []store.DeadlineCount, first, to time.Time, sup bool) wijkregie.Table {
	weeks := max(1, int((to.Sub(first).Hours()/24+6)/7))
	counts := make([][]int, weeks)
	for i := range counts {
		counts[i] = make([]int, len(deadlineKinds))
	}
	for _, d := range dl {
		j := slices.Index(deadlineKinds, d.Kind)
		if d.Week < 0 || d.Week >= weeks || j < 0 {
			continue
		}
		counts[d.Week][j] += d.Due
	}
	ct := wijkregie.NewCountTable(counts, true, nil, sup)
	t := wijkregie.Table{ID: "termijnen", Measure: wijkregie.MeasureWorkload, Columns: counted(deadlineKinds, "termijnen")}
	for i := range weeks + 1 {
		cells, total := ct.Row(i)
		key, label := "totaal", ""
		if i < weeks {
			d := first.AddDate(0, 0, 7*i)
			key, label = d.Format(time.DateOnly), d.Format("02-01-2006")
		}
		t.Rows = append(t.Rows, wijkregie.TableRow{Key: key, Label: label, Cells: append(slices.Clone(cells), total)})
	}
	return t
}

// Label fills in the Dutch (or lang's) labels of a report's tables, rows
// and columns from the catalogue, where they are not set already.
func (r *Report) Label(cat *locale.Catalogue, lang string) {
	for ti := range r.Tables {
		t := &r.Tables[ti]
		for ci := range t.Columns {
			if t.Columns[ci].Label == "" {
				t.Columns[ci].Label = cat.T(lang, "uitkomst.kolom."+t.Columns[ci].Key)
			}
		}
		for ri := range t.Rows {
			row := &t.Rows[ri]
			if row.Label != "" {
				continue
			}
			switch key := row.Key; {
			case wijkregie.ValidDomain(key):
				row.Label = cat.T(lang, "domein."+key)
			case slices.Contains(wijkregie.SourceKinds, wijkregie.SourceKind(key)):
				row.Label = cat.T(lang, "bron."+key)
			case slices.ContainsFunc(wijkregie.RatingQuestions, func(q wijkregie.RatingQuestion) bool { return q.Key == key }):
				// The question as the family read it in Mijn Plan.
				row.Label = cat.T(lang, "mijnplan.vraag."+key)
			default:
				row.Label = cat.T(lang, "uitkomst.rij."+key)
			}
		}
	}
}

// ReportCSV writes a report as one CSV of every figure: ';'-separated,
// UTF-8, CRLF lines, one line per cell — table, row, column, the value
// ("" when withheld or missing), what the report shows ("<10", "x", ".")
// and whether it is withheld. Long rather than wide, so that tables of
// any shape share one file a spreadsheet can filter.
func ReportCSV(r *Report, cat *locale.Catalogue, lang string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	header := []string{"tabel", "rij", "rijnaam", "kolom", "kolomnaam", "eenheid", "waarde", "weergave", "onderdrukt"}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, t := range r.Tables {
		for _, row := range t.Rows {
			for ci, c := range t.Columns {
				f := row.Cells[ci]
				val := ""
				if f.Shown() {
					val = strconv.FormatFloat(f.Rounded(), 'f', -1, 64)
				}
				if err := w.Write([]string{t.ID, row.Key, csvSafe(row.Label), c.Key, csvSafe(c.Label), string(f.Unit), val, f.Display(),
					strconv.FormatBool(f.Suppressed)}); err != nil {
					return nil, err
				}
			}
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// csvSafe keeps a label a spreadsheet would take for a formula as text.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

// ReportFileName is a report's CSV name: its kind, team (or gemeente) and
// period — no one's name.
func ReportFileName(r *Report) string {
	kind := "uitkomsten"
	if r.Kind == wijkregie.MeasureWorkload {
		kind = "werklast"
	}
	who := "gemeente"
	if r.Team != nil {
		who = "team-" + r.Team.ID
	}
	return fmt.Sprintf("%s-%s-%s-%s.csv", kind, who, r.Period.From.Format(time.DateOnly), r.Period.To.Format(time.DateOnly))
}
