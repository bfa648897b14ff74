package web

import (
	"errors"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/chart"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The dashboards (docs/uitkomsten.md, "Dashboards"): the outcome and
// workload reports of app.OutcomeReport and app.WorkloadReport, each table
// drawn as a chart, given as a data table and said in one sentence. The
// figures are the report's: this file only chooses what to draw and how to
// say it. Only a team lead gets links to the lists behind a table (the
// lead may read them); beleid and toezicht see aggregates only.

func (h *Handler) dashboardRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /dashboard", Action: policy.ViewOutcomes, Handle: h.outcomeDashboard},
		{Pattern: "GET /dashboard/werklast", Action: policy.ViewWorkload, Handle: h.workloadDashboard},
		{Pattern: "GET /dashboard/csv", Action: policy.ViewOutcomes, Handle: func(w http.ResponseWriter, r *http.Request) error { return h.dashboardCSV(w, r, false) }},
		{Pattern: "GET /dashboard/werklast/csv", Action: policy.ViewWorkload, Handle: func(w http.ResponseWriter, r *http.Request) error { return h.dashboardCSV(w, r, true) }},
	}
}

var dashboardFields = []field{{"van", "dashboard.label.van"}, {"tot", "dashboard.label.tot"}, {"team", "dashboard.label.team"}, {"wijk", "dashboard.label.wijk"}}

// dashboardView is a dashboard page.
type dashboardView struct {
	Workload   bool
	Action     string // the form's target
	Form       *form
	Teams      []option // nil: the lead, whose team is fixed
	TeamName   string   // the lead's team
	Heading    string   // whose figures and when, in words
	Suppressed bool
	Tables     []dashboardTable
	Download   string      // the CSV of the figures shown
	Report     *reportView // the composed report's form (dashboard_report.go)
}

// dashboardTable is one measure's table on the page.
type dashboardTable struct {
	ID      string
	Title   string
	Chart   template.HTML // empty when nothing has a length
	Summary string
	Columns []string
	Rows    []dashboardRow
	Links   []dashboardLink
}

type dashboardRow struct {
	Label string
	Total bool
	Cells []dashboardCell
}

// dashboardCell is a figure as the report prints it and, for the lead,
// the list behind it (dashboard_drill.go): the link's text is the figure,
// and a visually hidden description says which row and column it is.
type dashboardCell struct {
	Text string
	Href string
	Desc string
}

type dashboardLink struct{ Href, Text string }

func (h *Handler) outcomeDashboard(w http.ResponseWriter, r *http.Request) error {
	return h.dashboard(w, r, false)
}

func (h *Handler) workloadDashboard(w http.ResponseWriter, r *http.Request) error {
	return h.dashboard(w, r, true)
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request, workload bool) error {
	return h.dashboardPage(w, r, workload, nil)
}

// dashboardPage shows a dashboard; report, when not nil, is the composed
// report's form that came back with errors (dashboard_report.go), shown
// beside its fields with a 400.
func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request, workload bool, report *reportView) error {
	ctx, actor := r.Context(), request.Actor(r)
	if report == nil {
		report = h.newReportView(actor)
	}
	v := dashboardView{Workload: workload, Action: "/dashboard", Form: newForm("", dashboardFields), Report: report}
	title := "dashboard.titel.uitkomsten"
	if workload {
		v.Action, title = "/dashboard/werklast", "dashboard.titel.werklast"
	}
	if actor.Role == wijkregie.RoleTeamLead {
		v.TeamName = h.teamName(r, actor.TeamID)
	} else {
		teams, err := h.svc.Teams(ctx, actor)
		if err != nil {
			return err
		}
		v.Teams = []option{{Value: app.AllTeams, Text: h.t("dashboard.alle_teams")}}
		for _, t := range teams {
			v.Teams = append(v.Teams, option{Value: t.ID, Text: t.Name})
		}
	}
	p := newPage(r, title, "dashboard", &v)
	rep, err := h.dashboardReport(r, v.Form, workload, false)
	if err == nil {
		h.dashboardTables(&v, rep, actor)
		team := app.AllTeams
		if rep.Team != nil {
			team = rep.Team.ID
		}
		v.Form.Values.Set("team", team)
		v.Form.Values.Set("van", rep.Period.From.Format(time.DateOnly))
		v.Form.Values.Set("tot", rep.Period.To.Format(time.DateOnly))
		// The download is of the figures on the page.
		dl := url.Values{"van": {v.Form.Value("van")}, "tot": {v.Form.Value("tot")}, "team": {team}}
		if rep.Postcode != "" {
			dl.Set("wijk", rep.Postcode)
		}
		v.Download = v.Action + "/csv?" + dl.Encode()
		status := http.StatusOK
		if report.Form.Invalid() {
			p.Invalid, status = report.Form, http.StatusBadRequest
		}
		return h.render(w, r, status, "dashboard", p)
	}
	if !v.Form.fail(err) {
		return err
	}
	p.Invalid = v.Form
	return h.render(w, r, http.StatusBadRequest, "dashboard", p)
}

// dashboardReport reads the filters from the query into f and asks the
// use case for the report; export says it leaves the platform (audited as
// an export).
func (h *Handler) dashboardReport(r *http.Request, f *form, workload, export bool) (*app.Report, error) {
	ctx, actor, q := r.Context(), request.Actor(r), r.URL.Query()
	rq := app.ReportQuery{TeamID: strings.TrimSpace(q.Get("team")), Postcode: strings.TrimSpace(q.Get("wijk")), Export: export}
	f.Values.Set("team", rq.TeamID)
	f.Values.Set("wijk", rq.Postcode)
	period, err := h.periodForm(r, f)
	if err != nil {
		return nil, err
	}
	if workload && q.Get("van") == "" && q.Get("tot") == "" {
		// The workload's forecast has its own default: the coming weeks.
		f.Values.Del("van")
		f.Values.Del("tot")
	}
	rq.Period = period
	if workload {
		return h.svc.WorkloadReport(ctx, actor, rq)
	}
	return h.svc.OutcomeReport(ctx, actor, rq)
}

// dashboardCSV downloads the dashboard's report as the API's CSV (one line
// per cell, withheld cells as "<10"). Bad filters are shown on the page,
// beside their fields.
func (h *Handler) dashboardCSV(w http.ResponseWriter, r *http.Request, workload bool) error {
	rep, err := h.dashboardReport(r, newForm("", dashboardFields), workload, true)
	var e *wijkregie.Error
	if errors.As(err, &e) && e.Code == wijkregie.EINVALID {
		return h.dashboard(w, r, workload)
	}
	if err != nil {
		return err
	}
	rep.Label(h.cat, h.lang)
	body, err := app.ReportCSV(rep, h.cat, h.lang)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": app.ReportFileName(rep)}))
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// dashboardTables turns the report's tables into the page's.
func (h *Handler) dashboardTables(v *dashboardView, rep *app.Report, actor wijkregie.Actor) {
	rep.Label(h.cat, h.lang)
	v.Suppressed = rep.Suppressed
	who := h.t("dashboard.gemeente")
	if rep.Team != nil {
		who = rep.Team.Name
	}
	if rep.Postcode != "" {
		who = h.t("dashboard.in_wijk", "wie", who, "wijk", rep.Postcode)
	}
	from, to := h.formatDate(rep.Period.From), h.formatDate(rep.Period.To)
	if v.Workload {
		v.Heading = h.t("dashboard.kop.werklast", "wie", who, "moment", h.formatTime(rep.At), "van", from, "tot", to)
	} else {
		v.Heading = h.t("dashboard.kop.uitkomsten", "wie", who, "van", from, "tot", to)
	}
	drill := newDrillContext(actor, rep)
	for _, t := range rep.Tables {
		dt := dashboardTable{ID: "tabel-" + t.ID, Title: h.t("uitkomst.tabel." + t.ID)}
		for _, c := range t.Columns {
			dt.Columns = append(dt.Columns, c.Label)
		}
		for _, row := range t.Rows {
			dr := dashboardRow{Label: row.Label, Total: row.Key == "totaal"}
			for ci, c := range row.Cells {
				cell := dashboardCell{Text: c.Display()}
				if ci < len(t.Columns) {
					if cell.Href = drill.link(t, row, t.Columns[ci], c); cell.Href != "" {
						cell.Desc = h.t("dashboard.cel.naar_lijst", "rij", row.Label, "kolom", t.Columns[ci].Label)
					}
				}
				dr.Cells = append(dr.Cells, cell)
			}
			dt.Rows = append(dt.Rows, dr)
		}
		bars := dashboardChart(t)
		dt.Summary = h.dashboardSummary(t, bars)
		// A caseload's capacity: said after the cases, and drawn as the
		// bezetting where any is shown (capacity_dashboard.go).
		dt.Summary = joinSentences(dt.Summary, h.capacitySummary(t))
		if b := capacityChart(t); b != nil {
			bars = b
		}
		if bars != nil && bars.Shown() {
			dt.Chart = bars.SVG(dt.Title, dt.Summary+" "+h.t("dashboard.grafiek_uitleg"))
		}
		if actor.Role == wijkregie.RoleTeamLead {
			dt.Links = h.dashboardLinks(t.ID, actor)
		}
		v.Tables = append(v.Tables, dt)
	}
}

// dashboardChart chooses what a table's chart shows: the share or count
// that answers the table's question, per row — or, for a table of one
// row, its parts side by side. The total is left out where it sits beside
// its parts: it would make every part a sliver.
func dashboardChart(t wijkregie.Table) *chart.Bars {
	var b *chart.Bars
	var err error
	switch t.ID {
	case "zrm-verandering":
		b, err = chart.FromTable(t, "aandeelVerbeterd")
	case "doelen-per-domein", "doelen-per-eigenaar":
		b, err = chart.FromTable(t, "aandeelBereikt")
	case "tijdigheid":
		b, err = chart.FromTable(t, "aandeelBinnenTermijn")
	case "jeugd-uitkomsten", "jeugd-uitkomsten-inwoners":
		b, err = chart.FromTable(t, "aandeelJa")
	case "clientervaring":
		b, err = chart.FromTable(t, "aandeelEens")
	case "waardering-inwoners":
		b, err = chart.FromRow(t, "inwoners", countColumns(t, "cijfer")...)
	case "een-een-een":
		b, err = chart.FromRow(t, "open", "regisseurEnPlan", "regisseurZonderPlan", "zonderRegisseur")
	case "terugval":
		b, err = chart.FromRow(t, "afgesloten-vorig-jaar", "metNieuweCasus", "zonderNieuweCasus")
	case "organisaties-per-gezin":
		b, err = chart.FromRow(t, "open", countColumns(t, "organisaties")...)
	case "waardering":
		b, err = chart.FromRow(t, "afgesloten", countColumns(t, "cijfer")...)
	case "afsluitredenen":
		b, err = chart.FromRow(t, "afgesloten", slices.DeleteFunc(countColumns(t, ""), func(k string) bool { return k == "afgesloten" })...)
	case "op-afschalen":
		b, err = partsOf(t, "wijzigingen")
	case "herkomst":
		b, err = partsOf(t, "signalen")
	case "caseload-per-team", "caseload-per-medewerker":
		b, err = partsOf(t, "casussen")
	case "termijnen":
		b, err = partsOf(t, "termijnen")
	case "wachtlijst-en-achterstanden":
		if len(t.Rows) > 0 {
			b, err = chart.FromRow(t, t.Rows[len(t.Rows)-1].Key, "wachtlijst", "triageOpen", "triageTeLaat", "vroegsignalenOpen", "vroegsignalenTeLaat")
		}
	}
	if err != nil {
		return nil
	}
	return b
}

// partsOf is the column's bars without the total row.
func partsOf(t wijkregie.Table, column string) (*chart.Bars, error) {
	b, err := chart.FromTable(t, column)
	if err != nil {
		return nil, err
	}
	return b.WithoutTotal(), nil
}

// countColumns returns the keys of t's count columns that start with prefix.
func countColumns(t wijkregie.Table, prefix string) []string {
	var keys []string
	for _, c := range t.Columns {
		if c.Unit == wijkregie.UnitCount && strings.HasPrefix(c.Key, prefix) && c.Key != "openCasussen" {
			keys = append(keys, c.Key)
		}
	}
	return keys
}

var notName = regexp.MustCompile(`[^a-z0-9]+`)

// argName is a row or column key as a catalogue placeholder's name.
func argName(key string) string { return notName.ReplaceAllString(strings.ToLower(key), "_") }

// dashboardSummary says a table in one sentence (the catalogue's
// dashboard.samenvatting.<id>), from its figures as the table shows them:
// each column of the summary row (the total, or else the last row) by its
// key, each cell of every row as <row>_<column>, the number of rows, and
// the chart's largest shown bar. A withheld count is said as "minder dan
// 10"; when the sentence needs a withheld share, mean or largest bar, it
// says instead that there are too few families to tell.
func (h *Handler) dashboardSummary(t wijkregie.Table, bars *chart.Bars) string {
	var args []any
	withheld := map[string]bool{}
	set := func(name string, f wijkregie.Figure) {
		v := f.Display()
		switch {
		case f.Suppressed && f.Unit == wijkregie.UnitCount:
			v = h.t("dashboard.minder_dan", "aantal", wijkregie.SmallCell)
		case f.Suppressed:
			withheld[name] = true
		case f.Missing:
			v = h.t("dashboard.onbekend")
		}
		args = append(args, name, v)
	}
	hasTotal := slices.ContainsFunc(t.Rows, func(r wijkregie.TableRow) bool { return r.Key == "totaal" })
	rows := 0
	for ri, row := range t.Rows {
		if row.Key != "totaal" {
			rows++
		}
		for ci, c := range t.Columns {
			if ci >= len(row.Cells) {
				continue
			}
			set(argName(row.Key)+"_"+argName(c.Key), row.Cells[ci])
			if row.Key == "totaal" || (!hasTotal && ri == len(t.Rows)-1) {
				set(argName(c.Key), row.Cells[ci])
			}
		}
	}
	withheld["hoogste"], withheld["hoogstewaarde"] = true, true
	if bars != nil {
		best := -1
		for i, b := range bars.Bars {
			if b.HasLength() && (best < 0 || b.Value > bars.Bars[best].Value) {
				best = i
			}
		}
		if best >= 0 {
			args = append(args, "hoogste", bars.Bars[best].Label, "hoogstewaarde", bars.Bars[best].Display)
			withheld["hoogste"], withheld["hoogstewaarde"] = false, false
		}
	}
	args = append(args, "rijen", rows)
	key := "dashboard.samenvatting." + t.ID
	for _, m := range placeholderName.FindAllStringSubmatch(h.t(key), -1) {
		if withheld[m[1]] {
			return h.t("dashboard.samenvatting_te_klein")
		}
	}
	s := h.t(key, args...)
	// A sentence may start with a count ("minder dan 10 signalen ...").
	if r, n := utf8.DecodeRuneInString(s); n > 0 {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

var placeholderName = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// dashboardLinks are the lists behind a table that a lead may open: the
// team overview for caseloads and waiting, the triage queue and the
// outreach list for backlogs, the tasks for deadlines.
func (h *Handler) dashboardLinks(tableID string, actor wijkregie.Actor) []dashboardLink {
	type target struct {
		href, text string
		action     policy.Action
	}
	overview := target{"/overzicht", "dashboard.naar.overzicht", policy.ViewTeamOverview}
	var ts []target
	switch tableID {
	case "caseload-per-team", "caseload-per-medewerker":
		ts = []target{overview, {"/team/capaciteit", "capaciteit.naar_pagina", policy.SetCapacity}}
	case "een-een-een":
		ts = []target{overview}
	case "wachtlijst-en-achterstanden":
		ts = []target{overview, {"/triage", "dashboard.naar.triage", policy.ViewTriageQueue}, {"/vroegsignalering", "dashboard.naar.vroegsignalering", policy.ListOutreach}}
	case "termijnen":
		ts = []target{{"/taken", "dashboard.naar.taken", policy.ViewTasks}, overview}
	}
	var out []dashboardLink
	for _, t := range ts {
		if policy.Allows(actor, t.action) {
			out = append(out, dashboardLink{Href: t.href, Text: h.t(t.text)})
		}
	}
	return out
}
