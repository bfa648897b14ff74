package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The composed reports as a download from the dashboard (docs/uitkomsten.md,
// "Dashboards" and "Rapporten als PDF"): the lead's monthly team report, the
// council report of beleid and toezicht, as PDF or CSV. The document is
// app.ComposeReport's, as the API and the command line make it — decided by
// policy.DecideReport, every part suppressed as the report is, audited as
// an export — so this file only reads the form and sends the file.

func (h *Handler) dashboardReportRoutes() []route.Route {
	return []route.Route{
		// One route for both kinds, with the readers' action (the API's
		// teammaand route's): each reader's form offers the kind its role
		// makes, so a lead who asks for the council's report is told why
		// beside the field instead of getting a bare 403; the use case
		// decides the document itself.
		{Pattern: "GET /dashboard/rapport", Action: policy.ViewOutcomes, Handle: h.dashboardReportDownload},
	}
}

var composedFields = []field{
	{"soort", "dashboard.rapport.label.soort"},
	{"maand", "dashboard.rapport.label.maand"},
	{"van", "dashboard.rapport.label.van"},
	{"tot", "dashboard.rapport.label.tot"},
	{"formaat", "dashboard.rapport.label.formaat"},
}

// monthLayout is how the form writes a month: an <input type="month">'s
// value.
const monthLayout = "2006-01"

// reportView is the dashboard's form for the composed report.
type reportView struct {
	Form    *form
	Kind    policy.ReportKind
	Council bool
	Formats []option
}

// dashboardReportKind is the composed report the actor makes from the
// dashboard: the council's for those who may make it (beleid, toezicht),
// else the own team's month (the lead).
func dashboardReportKind(actor wijkregie.Actor) policy.ReportKind {
	if policy.Allows(actor, policy.MakeCouncilReport) {
		return policy.ReportCouncil
	}
	return policy.ReportTeamMonth
}

// newReportView is the form as the dashboard first shows it, with the
// use case's defaults filled in: the last whole month, or the last whole
// quarter; PDF.
func (h *Handler) newReportView(actor wijkregie.Actor) *reportView {
	v := &reportView{Form: newForm("rapport-", composedFields), Kind: dashboardReportKind(actor)}
	v.Council = v.Kind == policy.ReportCouncil
	v.Formats = []option{{Value: "pdf", Text: h.t("dashboard.rapport.formaat.pdf")}, {Value: "csv", Text: h.t("dashboard.rapport.formaat.csv")}}
	f := v.Form
	f.Values.Set("soort", string(v.Kind))
	f.Values.Set("formaat", "pdf")
	if v.Council {
		first := app.Quarter(h.svc.Now()).From.AddDate(0, -3, 0)
		f.Values.Set("van", first.Format(monthLayout))
		f.Values.Set("tot", first.AddDate(0, 2, 0).Format(monthLayout))
	} else {
		today := wijkregie.Today(h.svc.Now())
		f.Values.Set("maand", time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format(monthLayout))
	}
	return v
}

// dashboardReportDownload sends the composed report as a file. Bad input
// comes back on the outcome dashboard, beside the report form's field with
// the input kept (400); nothing is composed or audited then.
func (h *Handler) dashboardReportDownload(w http.ResponseWriter, r *http.Request) error {
	actor, q := request.Actor(r), r.URL.Query()
	v := h.newReportView(actor)
	f := v.Form
	keep := func(name string) string {
		s := strings.TrimSpace(q.Get(name))
		if q.Has(name) {
			f.Values.Set(name, s)
		}
		return s
	}
	var bad wijkregie.Invalid
	switch soort := strings.TrimSpace(q.Get("soort")); {
	case soort == "" || soort == string(v.Kind):
	case soort == string(policy.ReportCouncil):
		bad.Field("soort", "dashboard.rapport.fout.raad")
	case soort == string(policy.ReportTeamMonth):
		bad.Field("soort", "dashboard.rapport.fout.teammaand")
	default:
		bad.Field("soort", "dashboard.rapport.fout.soort")
	}
	format := keep("formaat")
	switch format {
	case "":
		format = "pdf"
		f.Values.Set("formaat", format)
	case "pdf", "csv":
	default:
		bad.Field("formaat", "dashboard.rapport.fout.formaat")
	}
	cq := app.ComposedQuery{Kind: v.Kind}
	if v.Council {
		from, to := strings.TrimSpace(q.Get("van")), strings.TrimSpace(q.Get("tot"))
		// Both empty: the use case's default, the last whole quarter.
		if from != "" || to != "" {
			f.Values.Set("van", from)
			f.Values.Set("tot", to)
			cq.Period.From = reportMonth(from, false)
			cq.Period.To = reportMonth(to, true)
			if cq.Period.From.IsZero() {
				bad.Field("van", "veld.rapport.maand")
			}
			if cq.Period.To.IsZero() {
				bad.Field("tot", "veld.rapport.maand")
			}
		}
	} else {
		// Empty: the use case's default, the last whole month.
		cq.Month = keep("maand")
	}
	err := bad.Err()
	var c *app.Composed
	if err == nil {
		c, err = h.svc.ComposeReport(r.Context(), actor, cq, nil)
	}
	if err != nil {
		if !f.fail(err) {
			return err
		}
		// The page's own figures with their defaults: the report's van
		// and tot are months, not the dashboard's days.
		page := r.Clone(r.Context())
		page.URL.RawQuery = ""
		return h.dashboardPage(w, page, false, v)
	}
	c.Label(h.cat, h.lang)
	var body []byte
	ctype := "application/pdf"
	if format == "csv" {
		body, err = app.ComposedCSV(c, h.cat, h.lang)
		ctype = "text/csv; charset=utf-8"
	} else {
		body, err = app.ComposedPDF(c, h.cat, h.lang, nil)
	}
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": app.ComposedFileName(c, format)}))
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// reportMonth reads a period's bound as the form writes it, a month (its
// first day, or its last when end), or as a day, which the use case then
// holds to whole months; zero when it is neither.
func reportMonth(s string, end bool) time.Time {
	if m, err := time.Parse(monthLayout, s); err == nil {
		if end {
			return m.AddDate(0, 1, -1)
		}
		return m
	}
	return parseDay(s)
}
