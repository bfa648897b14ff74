package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Doorklikken (docs/uitkomsten.md): a count on the team lead's dashboard
// links to the list of the cases, signals, outreaches or tasks it
// counted, filtered as the measure counted them, so that the list holds
// exactly that many rows (TestDrillDownCounts follows every link). Only
// the lead gets links, to lists the lead's role may open
// (policy.Allows on the list's action) and only for the lead's own team;
// a withheld count is never a link, nor a zero. The address carries ids,
// levels, days and four postcode digits: nothing that names a family.

// drillTarget is a list a figure may link to, with the action that opens
// it.
type drillTarget struct {
	path   string
	action policy.Action
	query  url.Values
}

func (d drillTarget) href() string {
	if len(d.query) == 0 {
		return d.path
	}
	return d.path + "?" + d.query.Encode()
}

// drillContext is what the links of one report are made from.
type drillContext struct {
	actor    wijkregie.Actor
	rep      *app.Report
	team     string // the report's team: the lead's own
	snapshot bool   // the report's snapshot figures are of now
}

// newDrillContext returns the context of a report's links, or nil when
// the report gets none: not the lead's, or not of the lead's own team.
func newDrillContext(actor wijkregie.Actor, rep *app.Report) *drillContext {
	if actor.Role != wijkregie.RoleTeamLead || rep.Team == nil || rep.Team.ID != actor.TeamID {
		return nil
	}
	// The 1-1-1 is taken at the period's end, or now if that is earlier
	// (app.OutcomeReport): only then are the lists of now its cases.
	_, end := app.DayRange{To: rep.Period.To}.Moments()
	return &drillContext{actor: actor, rep: rep, team: rep.Team.ID, snapshot: end.After(rep.At)}
}

// link returns the address of the list behind one figure, or "".
func (d *drillContext) link(t wijkregie.Table, row wijkregie.TableRow, col wijkregie.Column, f wijkregie.Figure) string {
	if d == nil || f.Unit != wijkregie.UnitCount || !f.Shown() || f.Int() <= 0 {
		return ""
	}
	target, ok := d.target(t, row, col)
	if !ok || !policy.Allows(d.actor, target.action) {
		return ""
	}
	return target.href()
}

// cases is the case list of the report's team with the filter's pairs.
func (d *drillContext) cases(pairs ...string) drillTarget {
	q := url.Values{"team": {d.team}}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	return drillTarget{"/casussen", policy.ListCases, q}
}

// inArea adds the report's postcode area to a case list of the outcomes:
// their figures are of the households there.
func (d *drillContext) inArea(t drillTarget) drillTarget {
	if d.rep.Postcode != "" {
		t.query.Set(caseAreaParam, d.rep.Postcode)
	}
	return t
}

// closedIn is the case list of the cases closed on the days from–to.
func (d *drillContext) closedIn(from, to time.Time, pairs ...string) drillTarget {
	t := d.inArea(d.cases(pairs...))
	t.query.Set(caseClosedFromParam, from.Format(time.DateOnly))
	t.query.Set(caseClosedToParam, to.Format(time.DateOnly))
	return t
}

// target maps a table's cell to its list: the table's rows and columns
// are the measure's, each counted as the list's filter selects
// (internal/store: CaseFilter, QueueFilter, OutreachFilter, TaskFilter).
func (d *drillContext) target(t wijkregie.Table, row wijkregie.TableRow, col wijkregie.Column) (drillTarget, bool) {
	levels := strs(wijkregie.CaseLevels)
	switch t.ID {
	case "caseload-per-team", "caseload-per-medewerker":
		// Open cases, by the case's team or as regisseur, per level.
		if row.Key == "totaal" {
			return drillTarget{}, false
		}
		tg := d.cases()
		if t.ID == "caseload-per-medewerker" {
			tg.query = url.Values{caseCoordinator: {row.Key}}
		} else if row.Key != d.team {
			return drillTarget{}, false
		}
		switch {
		case slices.Contains(levels, col.Key):
			tg.query.Set(caseLevelParam, col.Key)
		case col.Key != "casussen":
			return drillTarget{}, false
		}
		return tg, true

	case "wachtlijst-en-achterstanden":
		if row.Key != d.team {
			return drillTarget{}, false
		}
		switch col.Key {
		case "wachtlijst":
			// Aangemeld without a regisseur: the open cases without one.
			return d.cases(caseWithoutParam, withoutCoordinator), true
		case "triageOpen":
			return drillTarget{"/triage", policy.ViewTriageQueue, nil}, true
		case "triageTeLaat":
			return drillTarget{"/triage", policy.ViewTriageQueue, url.Values{queueOverdueParam: {yes}}}, true
		case "vroegsignalenOpen":
			// Every open outreach, due or late: the list by street.
			return drillTarget{"/vroegsignalering/per-straat", policy.ListOutreach, nil}, true
		case "vroegsignalenTeLaat":
			return drillTarget{"/vroegsignalering", policy.ListOutreach, url.Values{outreachStatusParam: {string(store.OutreachLate)}}}, true
		}

	case "termijnen":
		// The open work falling due in a week (from its first day, the
		// last week ending with the period) or, in the total, in the
		// whole forecast.
		from, to, ok := d.week(t, row)
		if !ok {
			return drillTarget{}, false
		}
		days := url.Values{dueFromParam: {from.Format(time.DateOnly)}, dueToParam: {to.Format(time.DateOnly)}}
		if col.Key == "vroegsignaal" {
			days.Set(outreachStatusParam, string(store.OutreachDue))
			return drillTarget{"/vroegsignalering", policy.ListOutreach, days}, true
		}
		if !wijkregie.TaskKind(col.Key).Valid() {
			return drillTarget{}, false
		}
		days.Set(taskKindParam, col.Key)
		return drillTarget{"/taken", policy.ViewTasks, days}, true

	case "een-een-een", "organisaties-per-gezin":
		if !d.snapshot {
			return drillTarget{}, false
		}
		switch k := col.Key; {
		case k == "openCasussen":
			return d.inArea(d.cases()), true
		case k == "regisseurEnPlan":
			return d.inArea(d.cases(caseWithPlanParam, yes)), true
		case k == "regisseurZonderPlan":
			return d.inArea(d.cases(caseWithoutParam, withoutPlan)), true
		case k == "zonderRegisseur":
			return d.inArea(d.cases(caseWithoutParam, withoutCoordinator)), true
		case strings.HasPrefix(k, "organisaties"):
			n, err := strconv.Atoi(strings.TrimPrefix(k, "organisaties"))
			if err != nil || n < 0 || n > store.OrganisationsOrMore {
				return drillTarget{}, false
			}
			return d.inArea(d.cases(caseOrganisationParam, strconv.Itoa(n))), true
		}

	case "afsluitredenen", "jeugd-uitkomsten", "waardering":
		// The cases closed in the period, by reason.
		p := d.rep.Period
		switch {
		case col.Key == "afgesloten":
			return d.closedIn(p.From, p.To), true
		case t.ID == "afsluitredenen" && slices.Contains(wijkregie.ClosureReasons, col.Key):
			return d.closedIn(p.From, p.To, caseReasonParam, col.Key), true
		}

	case "herkomst":
		// The team's signals received in the period, by source and what
		// their triage came to, selected by their facts as SourceFigures
		// counts them.
		p := d.rep.Period
		tg := drillTarget{"/signalen", policy.ViewSignal, url.Values{signalTeamParam: {d.team},
			signalFromParam: {p.From.Format(time.DateOnly)}, signalToParam: {p.To.Format(time.DateOnly)}}}
		if d.rep.Postcode != "" {
			tg.query.Set(caseAreaParam, d.rep.Postcode)
		}
		if row.Key != "totaal" {
			tg.query.Set(signalSourceParam, row.Key)
		}
		if o, ok := sourceOutcomes[col.Key]; ok {
			tg.query.Set(signalOutcomeParam, string(o))
		} else if col.Key != "signalen" {
			return drillTarget{}, false
		}
		return tg, true

	case "terugval":
		// The cases closed in the same period a year earlier, the
		// measure's instants a year back, read as days.
		if col.Key == "afgesloten" {
			p := d.rep.Period
			return d.closedIn(p.From.AddDate(-1, 0, 0), p.To.AddDate(0, 0, 1).AddDate(-1, 0, -1)), true
		}
	}
	return drillTarget{}, false
}

// sourceOutcomes are the outcomes of the sources' columns (app's
// sourceTable).
var sourceOutcomes = map[string]store.SignalOutcome{"enkelvoudig": store.OutcomeSimple, "casus": store.OutcomeCase,
	"geenActie": store.OutcomeNoAction, "nietGetrieerd": store.OutcomeUntriaged}

// week returns the days of a forecast row: its week, the last cut off at
// the period's end; for the total row the whole forecast.
func (d *drillContext) week(t wijkregie.Table, row wijkregie.TableRow) (from, to time.Time, ok bool) {
	end, first := d.rep.Period.To, row
	if row.Key == "totaal" {
		if len(t.Rows) < 2 {
			return from, to, false
		}
		first = t.Rows[0]
	}
	day, err := time.Parse(time.DateOnly, first.Key)
	if err != nil {
		return from, to, false
	}
	to = end
	if row.Key != "totaal" {
		if last := day.AddDate(0, 0, 6); last.Before(end) {
			to = last
		}
	}
	return day, to, true
}
