package web

import (
	"cmp"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
	"wijkregie/internal/store"
)

// Vroegsignalering's team pages (docs/outreach.md): the team's outreach
// screen with its tabs, the same open outreaches by street for planning
// home visits, the monitoring figures, and what the creditors are told.
// One outreach's page is vroegsignaal.go's.

// outreachListRoutes are the team screen, the monitor and the creditors'
// feedback.
func (h *Handler) outreachListRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /vroegsignalering", Action: policy.ListOutreach, Handle: h.outreachList},
		{Pattern: "GET /vroegsignalering/per-straat", Action: policy.ListOutreach, Handle: h.outreachStreets},
		{Pattern: "GET /vroegsignalering/monitor", Action: policy.ViewOutreachMonitor, Handle: h.outreachMonitor},
		{Pattern: "GET /vroegsignalering/schuldeisers", Action: policy.ExportCreditorFeedback, Handle: h.creditors},
		{Pattern: "GET /vroegsignalering/schuldeisers/{id}", Action: policy.ExportCreditorFeedback, Handle: h.creditorFeedback},
	}
}

// outreachStatusParam is the query parameter of the screen's tab, named as
// the API names it.
const outreachStatusParam = "status"

// outreachTab is one tab of the team screen: its name, its count and
// where it leads.
type outreachTab struct {
	ID      string // the tab's code, also its element id
	Label   string // catalogue key
	Count   int
	URL     string
	Current bool
}

// outreachRow is an outreach as the team's tables show it, every part in
// words.
type outreachRow struct {
	app.OutreachItem
	Link     string
	Reports  string // "3 meldingen van 2 schuldeisers"
	Deadline string // "over 3 dagen (17 mrt. 2026)", "2 dagen te laat (…)"
	Assigned string
	Contact  string // the first contact's day, or that there was none yet
}

// outreachListView is the team screen.
type outreachListView struct {
	Team     string
	Tabs     []outreachTab
	Tab      outreachTab
	Rows     []outreachRow
	Pager    pager
	Monitor  bool // the actor may open the monitor
	Feedback bool // and the creditors' feedback

	// The deadline filter (docs/uitkomsten.md, "Doorklikken"): the
	// workload's termijnen count the open outreaches by the week of
	// their deadline.
	Filter   *form
	Deadline string // the active filter in words; "" for none
	Invalid  bool   // the filter is wrong: no list is shown
}

// The query parameters of the deadline filter of the outreach list and of
// Mijn taken: the days a term ends on, both counted.
const (
	dueFromParam = "termijn-van"
	dueToParam   = "termijn-tot"
)

var outreachFilterFields = []field{{dueFromParam, "vroeglijst.label.termijn_van"}, {dueToParam, "vroeglijst.label.termijn_tot"}}

// dueRange reads the deadline filter's days from the query into f: an
// empty day leaves that end open, a malformed one or an end before the
// start is an error beside its field, the input kept.
func dueRange(q url.Values, f *form) (app.DayRange, error) {
	var d app.DayRange
	var bad wijkregie.Invalid
	for _, x := range []struct {
		name string
		day  *time.Time
	}{{dueFromParam, &d.From}, {dueToParam, &d.To}} {
		s := strings.TrimSpace(q.Get(x.name))
		f.Values.Set(x.name, s)
		if s != "" {
			if *x.day = parseDay(s); x.day.IsZero() {
				bad.Field(x.name, "veld.datum")
			}
		}
	}
	if err := bad.Err(); err != nil {
		return d, err
	}
	return d, d.Validate(dueToParam)
}

// dueInWords says a deadline filter as its active line.
func (h *Handler) dueInWords(d app.DayRange) string {
	switch {
	case d.IsZero():
		return ""
	case d.To.IsZero():
		return h.t("vroeglijst.actief.termijn_vanaf", "van", h.formatDate(d.From))
	case d.From.IsZero():
		return h.t("vroeglijst.actief.termijn_tot", "tot", h.formatDate(d.To))
	}
	return h.t("vroeglijst.actief.termijn", "van", h.formatDate(d.From), "tot", h.formatDate(d.To))
}

func (h *Handler) outreachList(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	pg, n := pageParam(r)
	f := app.OutreachListFilter{Page: pg}
	// An unknown tab in a hand-edited address is the first tab.
	if t := store.OutreachTab(r.URL.Query().Get(outreachStatusParam)); t.Valid() {
		f.Tab = t
	}
	filter := newForm("filter-", outreachFilterFields)
	due, err := dueRange(r.URL.Query(), filter)
	if err != nil {
		if !filter.fail(err) {
			return err
		}
		// Nothing is read: the form comes back with the error beside its
		// field and the input kept.
		filter.Values.Set(outreachStatusParam, string(cmp.Or(f.Tab, store.OutreachDue)))
		v := outreachListView{Team: h.teamName(r, actor.TeamID), Filter: filter, Invalid: true,
			Tab: outreachTab{ID: string(cmp.Or(f.Tab, store.OutreachDue)), Label: "vroeglijst.tab." + string(cmp.Or(f.Tab, store.OutreachDue))}}
		p := newPage(r, "vroeglijst.titel", "vroegsignalering", v)
		p.Invalid = filter
		return h.render(w, r, http.StatusBadRequest, "vroegsignalering", p)
	}
	f.Deadline = due
	l, err := h.svc.OutreachList(ctx, actor, f)
	if err != nil {
		return err
	}
	v := outreachListView{Team: h.teamName(r, l.TeamID), Pager: newPager(r, n, l.Total),
		Monitor: policy.Allows(actor, policy.ViewOutreachMonitor), Feedback: policy.Allows(actor, policy.ExportCreditorFeedback),
		Filter: filter, Deadline: h.dueInWords(f.Deadline)}
	filter.Values.Set(outreachStatusParam, string(l.Tab))
	for _, t := range store.OutreachTabs {
		tab := outreachTab{ID: string(t), Label: "vroeglijst.tab." + string(t), Count: l.Counts[t], Current: t == l.Tab,
			URL: "/vroegsignalering?" + url.Values{outreachStatusParam: {string(t)}}.Encode()}
		v.Tabs = append(v.Tabs, tab)
		if tab.Current {
			v.Tab = tab
		}
	}
	for _, it := range l.Items {
		v.Rows = append(v.Rows, h.outreachRow(it))
	}
	return h.render(w, r, http.StatusOK, "vroegsignalering", newPage(r, "vroeglijst.titel", "vroegsignalering", v))
}

// teamName is the name of the actor's team, for the page's heading.
func (h *Handler) teamName(r *http.Request, id string) string {
	t, err := h.svc.Team(r.Context(), request.Actor(r), id)
	if err != nil {
		return h.t("leeg.onbekend")
	}
	return t.Name
}

// outreachRow puts an outreach in words.
func (h *Handler) outreachRow(it app.OutreachItem) outreachRow {
	o := &it.Outreach
	row := outreachRow{OutreachItem: it, Link: "/vroegsignalering/" + o.ID, Assigned: it.AssignedName,
		Reports: h.t("vroeglijst.meldingen", "meldingen", h.count("vroeglijst.aantal_meldingen.een", "vroeglijst.aantal_meldingen.meer", it.Arrears),
			"schuldeisers", h.count("vroeglijst.aantal_schuldeisers.een", "vroeglijst.aantal_schuldeisers.meer", it.Creditors))}
	if row.Assigned == "" {
		row.Assigned = h.t("vroeglijst.niet_toegewezen")
	}
	row.Contact = h.formatDate(o.FirstContactAt)
	if row.Contact == "" {
		row.Contact = h.t("vroeglijst.geen_contact")
	}
	date := h.formatDate(wijkregie.Today(o.Deadline))
	switch d := it.DaysLeft; {
	case o.Status == wijkregie.OutreachClosed:
		row.Deadline = h.t("vroeglijst.termijn.afgerond", "datum", date, "afgerond", h.formatDate(wijkregie.Today(o.ClosedAt)))
	case it.Late:
		row.Deadline = h.t("vroeglijst.termijn.te_laat", "tekst", h.count("vroeglijst.dagen_te_laat.een", "vroeglijst.dagen_te_laat.meer", max(1, -d)), "datum", date)
	case d == 0:
		row.Deadline = h.t("vroeglijst.termijn.vandaag", "datum", date)
	case d == 1:
		row.Deadline = h.t("vroeglijst.termijn.morgen", "datum", date)
	default:
		row.Deadline = h.t("vroeglijst.termijn.over", "dagen", d, "datum", date)
	}
	return row
}

// count says a number of things in words: the text of one, or of more
// (and none), with {aantal}.
func (h *Handler) count(one, more string, n int) string {
	if n == 1 {
		return h.t(one, "aantal", n)
	}
	return h.t(more, "aantal", n)
}

// outreachStreet is one street (with its postcode) of the street list.
type outreachStreet struct {
	ID       string // the heading's id
	Street   string
	Postcode string
	Town     string
	Rows     []outreachRow
}

// outreachStreetsView is the street list.
type outreachStreetsView struct {
	Team    string
	Total   int
	Streets []outreachStreet
	Pager   pager
}

func (h *Handler) outreachStreets(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	pg, n := pageParam(r)
	items, total, err := h.svc.OutreachStreets(ctx, actor, pg)
	if err != nil {
		return err
	}
	v := outreachStreetsView{Total: total, Pager: newPager(r, n, total)}
	if len(items) > 0 {
		v.Team = h.teamName(r, items[0].Outreach.TeamID)
	} else {
		v.Team = h.teamName(r, actor.TeamID)
	}
	// The store orders by street and postcode; a new street starts a new
	// group where either changes.
	for _, it := range items {
		a := it.Address
		if k := len(v.Streets); k == 0 || v.Streets[k-1].Street != a.Street || v.Streets[k-1].Postcode != a.Postcode {
			v.Streets = append(v.Streets, outreachStreet{ID: "straat-" + strconv.Itoa(k+1), Street: a.Street, Postcode: a.Postcode, Town: a.Town})
		}
		s := &v.Streets[len(v.Streets)-1]
		s.Rows = append(s.Rows, h.outreachRow(it))
	}
	return h.render(w, r, http.StatusOK, "vroegsignalering-straten", newPage(r, "vroeglijst.titel.straten", "vroegsignalering", v))
}

// The period form of the monitor and of a creditor's feedback.
var (
	periodFields  = []field{{"van", "vroeglijst.label.van"}, {"tot", "vroeglijst.label.tot"}}
	monitorFields = []field{{"van", "vroeglijst.label.van"}, {"tot", "vroeglijst.label.tot"}, {"team", "vroeglijst.label.team"}}
)

// periodForm reads van and tot from the query into f: both empty is the
// zero period (the use case's default, the current quarter); one of them
// empty takes the quarter's start or end. A malformed day is an error
// beside its field, the input kept.
func (h *Handler) periodForm(r *http.Request, f *form) (app.Period, error) {
	q := r.URL.Query()
	van, tot := q.Get("van"), q.Get("tot")
	f.Values.Set("van", van)
	f.Values.Set("tot", tot)
	p := app.Quarter(h.svc.Now())
	if van == "" && tot == "" {
		f.Values.Set("van", p.From.Format(time.DateOnly))
		f.Values.Set("tot", p.To.Format(time.DateOnly))
		return app.Period{}, nil
	}
	var v wijkregie.Invalid
	if van != "" {
		if p.From = parseDay(van); p.From.IsZero() {
			v.Field("van", "veld.datum")
		}
	}
	if tot != "" {
		if p.To = parseDay(tot); p.To.IsZero() {
			v.Field("tot", "veld.datum")
		}
	}
	return p, v.Err()
}

// figureRow is one line of a monitor table: what is counted and how many.
type figureRow struct {
	Label string // already in words
	Value string
	Total bool // a total, set apart
}

// figureTable is one table of the monitor, with its caption.
type figureTable struct {
	ID      string
	Caption string // catalogue key
	Column  string // catalogue key of the first column's heading
	Rows    []figureRow
}

// outreachMonitorView is the monitor page.
type outreachMonitorView struct {
	Form     *form
	Teams    []option
	Scope    string // whose figures, in words
	Period   string
	Tables   []figureTable
	Feedback bool
}

func (h *Handler) outreachMonitor(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	v := outreachMonitorView{Form: newForm("", monitorFields), Feedback: policy.Allows(actor, policy.ExportCreditorFeedback),
		Teams: []option{{Value: app.AllTeams, Text: h.t("vroeglijst.alle_teams")}}}
	teams, err := h.svc.Teams(ctx, actor)
	if err != nil {
		return err
	}
	for _, t := range teams {
		v.Teams = append(v.Teams, option{Value: t.ID, Text: t.Name})
	}
	p := newPage(r, "vroeglijst.titel.monitor", "vroegsignalering", &v)
	mq := app.MonitorQuery{TeamID: r.URL.Query().Get("team")}
	period, err := h.periodForm(r, v.Form)
	if err == nil {
		mq.Period = period
		var m *app.OutreachMonitor
		if m, err = h.svc.OutreachMonitor(ctx, actor, mq); err == nil {
			h.monitorTables(&v, m)
			team := app.AllTeams
			if m.Team != nil {
				team = m.Team.ID
			}
			// The form shows what the figures are of, a day left empty too.
			v.Form.Values.Set("team", team)
			v.Form.Values.Set("van", m.Period.From.Format(time.DateOnly))
			v.Form.Values.Set("tot", m.Period.To.Format(time.DateOnly))
			return h.render(w, r, http.StatusOK, "vroegsignalering-monitor", p)
		}
	}
	if !v.Form.fail(err) {
		return err
	}
	v.Form.Values.Set("team", mq.TeamID)
	p.Invalid = v.Form
	return h.render(w, r, http.StatusBadRequest, "vroegsignalering-monitor", p)
}

// monitorTables puts the figures in the page's tables.
func (h *Handler) monitorTables(v *outreachMonitorView, m *app.OutreachMonitor) {
	num := strconv.Itoa
	v.Period = h.t("vroeglijst.periode", "van", h.formatDate(m.Period.From), "tot", h.formatDate(m.Period.To))
	v.Scope = h.t("vroeglijst.gemeente")
	if m.Team != nil {
		v.Scope = m.Team.Name
	}
	reports := figureTable{ID: "meldingen", Caption: "vroeglijst.monitor.meldingen", Column: "vroeglijst.kolom.soort_schuldeiser"}
	for _, k := range m.Reports {
		reports.Rows = append(reports.Rows, figureRow{Label: h.label("vroegsignaal.schuldeiser.", k.Kind), Value: num(k.Count)})
	}
	reports.Rows = append(reports.Rows, figureRow{Label: h.t("vroeglijst.monitor.totaal"), Value: num(m.ReportsTotal), Total: true},
		figureRow{Label: h.t("vroeglijst.monitor.dreigend"), Value: num(m.ThreateningReports)})
	households := figureTable{ID: "huishoudens", Caption: "vroeglijst.monitor.huishoudens", Column: "vroeglijst.kolom.wat", Rows: []figureRow{
		{Label: h.t("vroeglijst.monitor.gesignaleerd"), Value: num(m.Households)},
		{Label: h.t("vroeglijst.monitor.bereikt"), Value: num(m.Reached)},
		{Label: h.t("vroeglijst.monitor.hulp"), Value: num(m.HelpAccepted)},
		{Label: h.t("vroeglijst.monitor.al_bekend"), Value: num(m.KnownDebtHelp)},
		{Label: h.t("vroeglijst.monitor.ander_traject"), Value: num(m.OtherTrajectory)},
	}}
	outcomes := figureTable{ID: "resultaten", Caption: "vroeglijst.monitor.resultaten", Column: "vroeglijst.kolom.resultaat"}
	for _, c := range m.Outcomes {
		outcomes.Rows = append(outcomes.Rows, figureRow{Label: h.label("vroegsignaal.resultaat.", c.Code), Value: num(c.Count)})
	}
	outcomes.Rows = append(outcomes.Rows, figureRow{Label: h.t("vroeglijst.monitor.totaal_afgerond"), Value: num(m.Closed), Total: true})
	none := h.t("vroeglijst.monitor.geen")
	median, mean, share := none, none, none
	if m.Contacted > 0 {
		median, mean = h.days(m.MedianDays), h.days(m.MeanDays)
	}
	if m.TermOver > 0 {
		share = h.t("vroeglijst.monitor.binnen_termijn_waarde", "aantal", m.WithinDeadline, "van", m.TermOver, "procent", oneDecimal(m.WithinShare()))
	}
	contact := figureTable{ID: "eerste-contact", Caption: "vroeglijst.monitor.eerste_contact", Column: "vroeglijst.kolom.wat", Rows: []figureRow{
		{Label: h.t("vroeglijst.monitor.met_contact"), Value: num(m.Contacted)},
		{Label: h.t("vroeglijst.monitor.mediaan"), Value: median},
		{Label: h.t("vroeglijst.monitor.gemiddeld"), Value: mean},
		{Label: h.t("vroeglijst.monitor.binnen_termijn"), Value: share},
	}}
	v.Tables = []figureTable{reports, households, outcomes, contact}
}

// days says a number of days with one decimal, the Dutch way.
func (h *Handler) days(d float64) string {
	return h.t("vroeglijst.monitor.dagen", "aantal", oneDecimal(d))
}

// oneDecimal writes x with one decimal and a decimal comma: "2,5".
func oneDecimal(x float64) string {
	s := strconv.FormatFloat(float64(int64(x*10+0.5))/10, 'f', 1, 64)
	for i := range len(s) {
		if s[i] == '.' {
			return s[:i] + "," + s[i+1:]
		}
	}
	return s
}

// creditorRow is a creditor on the list.
type creditorRow struct {
	wijkregie.Creditor
	Kind string
	Link string
}

func (h *Handler) creditors(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.svc.Creditors(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	rows := make([]creditorRow, len(cs))
	for i, c := range cs {
		rows[i] = creditorRow{Creditor: c, Kind: h.label("vroegsignaal.schuldeiser.", c.Kind), Link: "/vroegsignalering/schuldeisers/" + c.ID}
	}
	return h.render(w, r, http.StatusOK, "vroegsignalering-schuldeisers",
		newPage(r, "vroeglijst.titel.schuldeisers", "vroegsignalering", rows))
}

// feedbackRow is one report told back, in words.
type feedbackRow struct {
	app.Feedback
	Result string
}

// feedbackView is a creditor's feedback page.
type feedbackView struct {
	Creditor *wijkregie.Creditor
	Kind     string
	Form     *form
	Period   string
	Rows     []feedbackRow
	Total    int
	Pager    pager
	CSV      string // the download of the whole period
}

func (h *Handler) creditorFeedback(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	c, err := h.svc.Creditor(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := feedbackView{Creditor: c, Kind: h.label("vroegsignaal.schuldeiser.", c.Kind), Form: newForm("", periodFields)}
	p := newPage(r, "vroeglijst.titel.terugmelding", "vroegsignalering", &v)
	period, err := h.periodForm(r, v.Form)
	if err == nil && r.URL.Query().Get("formaat") == "csv" {
		return h.feedbackCSV(w, r, c.ID, period)
	}
	var fv *app.FeedbackView
	pg, n := pageParam(r)
	if err == nil {
		fv, err = h.svc.CreditorFeedback(ctx, actor, c.ID, period, &pg)
	}
	if err != nil {
		if !v.Form.fail(err) {
			return err
		}
		p.Invalid = v.Form
		return h.render(w, r, http.StatusBadRequest, "vroegsignalering-terugmelding", p)
	}
	v.Total, v.Pager = fv.Total, newPager(r, n, fv.Total)
	v.Form.Values.Set("van", fv.Period.From.Format(time.DateOnly))
	v.Form.Values.Set("tot", fv.Period.To.Format(time.DateOnly))
	v.Period = h.t("vroeglijst.periode", "van", h.formatDate(fv.Period.From), "tot", h.formatDate(fv.Period.To))
	v.CSV = "/vroegsignalering/schuldeisers/" + c.ID + "?" + url.Values{"van": {fv.Period.From.Format(time.DateOnly)},
		"tot": {fv.Period.To.Format(time.DateOnly)}, "formaat": {"csv"}}.Encode()
	for _, f := range fv.Rows {
		v.Rows = append(v.Rows, feedbackRow{Feedback: f, Result: h.t("vroegsignaal.teruggemeld." + string(f.Result))})
	}
	return h.render(w, r, http.StatusOK, "vroegsignalering-terugmelding", p)
}

// feedbackCSV sends the creditor's feedback of the whole period as a
// download, the file the API gives (app.FeedbackCSV).
func (h *Handler) feedbackCSV(w http.ResponseWriter, r *http.Request, id string, period app.Period) error {
	fv, err := h.svc.CreditorFeedback(r.Context(), request.Actor(r), id, period, nil)
	if err != nil {
		return err
	}
	b, err := app.FeedbackCSV(fv.Rows, h.cat, h.lang)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": app.FeedbackFileName(fv.Creditor.ID, fv.Period)}))
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
	return nil
}
