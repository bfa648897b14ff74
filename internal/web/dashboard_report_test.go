package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDashboardReportDownload: from the dashboard, as a new user would,
// the lead downloads the own team's month and beleid and toezicht the
// council's period, each as PDF and as CSV: the file is the document the
// use case composes (the PDF read back, the CSV byte for byte), named by
// app.ComposedFileName, sent as an attachment, audited as two exports
// and never as a read — and the council's shows no count below 10. Bad
// input comes back on the dashboard beside its field, kept, with a 400;
// a professional and beheer get 403.
func TestDashboardReportDownload(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newEnv(t, s)
		today := wijkregie.Today(e.svc.Now())
		thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)

		// download submits the page's report form with its values changed
		// by set, as a browser does, and checks the file.
		download := func(t *testing.T, c *client, role wijkregie.Role, set url.Values, kind policy.ReportKind) (*response, *app.Composed) {
			t.Helper()
			page := c.get(t, "/dashboard")
			if page.status != http.StatusOK {
				t.Fatalf("%s's dashboard: %d", role, page.status)
			}
			forms := elements(page.body, "form", "action", "/dashboard/rapport")
			if len(forms) != 1 || forms[0].attrs["method"] != "get" {
				t.Fatalf("%s's dashboard has no report form: %v", role, forms)
			}
			form := inner(page.body, forms[0])
			q := url.Values{}
			for _, in := range elements(form, "input") {
				switch in.attrs["type"] {
				case "radio":
					if in.has("checked") {
						q.Set(in.attrs["name"], in.attrs["value"])
					}
				default:
					q.Set(in.attrs["name"], in.attrs["value"])
				}
			}
			for k, v := range set {
				q[k] = v
			}
			before := exports(t, e, s, role)
			r := c.get(t, "/dashboard/rapport?"+q.Encode())
			if r.status != http.StatusOK {
				t.Fatalf("%s, %s: %d %.300s", role, q.Encode(), r.status, r.body)
			}
			// Two exports, one per part, and nothing else.
			recs := latestAudit(t, e, s, role, 2)
			for _, rec := range recs {
				if rec.Action != "rapportage.exporteren" || rec.Kind() != wijkregie.KindExport || rec.Result != wijkregie.AuditAllowed {
					t.Errorf("%s's download audited as %+v", role, rec)
				}
			}
			if got := exports(t, e, s, role); got != before+2 {
				t.Errorf("%s's download: %d exports audited, want 2", role, got-before)
			}
			cq := app.ComposedQuery{Kind: kind, Month: q.Get("maand")}
			if kind == policy.ReportCouncil {
				from, _ := time.Parse("2006-01", q.Get("van"))
				to, _ := time.Parse("2006-01", q.Get("tot"))
				cq.Period = app.Period{From: from, To: to.AddDate(0, 1, -1)}
			}
			want, err := e.svc.ComposeReport(ctx, e.actor(role), cq, nil)
			if err != nil {
				t.Fatal(err)
			}
			want.Label(e.cat, "nl")
			format := q.Get("formaat")
			ctype := map[string]string{"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}[format]
			if r.header.Get("Content-Type") != ctype || r.header.Get("Cache-Control") != "no-store" ||
				r.header.Get("Content-Disposition") != `attachment; filename=`+app.ComposedFileName(want, format) {
				t.Errorf("%s's %s: %v", role, format, r.header)
			}
			if format == "csv" {
				b, err := app.ComposedCSV(want, e.cat, "nl")
				if err != nil {
					t.Fatal(err)
				}
				if r.body != string(b) || !strings.Contains(r.body, "\r\nzrm-verandering;") || !strings.Contains(r.body, "\r\ncaseload-per-team;") {
					t.Errorf("%s's CSV is not the composed report's:\n%.400s", role, r.body)
				}
			} else {
				b, err := app.ComposedPDF(want, e.cat, "nl", nil)
				if err != nil {
					t.Fatal(err)
				}
				got, exp := pdftest.Read(t, []byte(r.body)), pdftest.Read(t, b)
				if got.Info["Title"] != e.t("rapport.titel."+string(kind)) || len(got.Pages) != len(exp.Pages) {
					t.Errorf("%s's PDF: title %q, %d pages; want %d", role, got.Info["Title"], len(got.Pages), len(exp.Pages))
				}
				// The moment it was made may be a minute apart.
				if a, b := moments.ReplaceAllString(got.AllText(), ""), moments.ReplaceAllString(exp.AllText(), ""); a != b {
					t.Errorf("%s's PDF is not the composed report's:\n%.600s", role, a)
				}
			}
			if strings.Contains(r.body, "caseload-per-medewerker") {
				t.Errorf("%s's report holds the workload per professional", role)
			}
			return r, want
		}

		// The lead: the own team's last whole month, as the form offers it.
		lead := e.as(t, wijkregie.RoleTeamLead)
		page := lead.get(t, "/dashboard/werklast")
		if page.status != http.StatusOK {
			t.Fatalf("the lead's workload: %d", page.status)
		}
		lastMonth := thisMonth.AddDate(0, -1, 0).Format("2006-01")
		if v := byID(t, page.body, "rapport-maand").attrs; v["value"] != lastMonth || v["type"] != "month" {
			t.Errorf("the lead's month: %v; want %s", v, lastMonth)
		}
		if len(elements(page.body, "input", "id", "rapport-van")) != 0 || len(elements(page.body, "input", "name", "soort", "value", "teammaand")) != 1 {
			t.Error("the lead is offered the council's report")
		}
		if len(elements(page.body, "input", "id", "rapport-formaat", "value", "pdf", "checked", "")) != 1 {
			t.Error("PDF is not the first choice")
		}
		if got := textOf(t, page.body, "rapport-soort"); !strings.Contains(got, e.t("dashboard.rapport.uitleg.teammaand", "team", teamNameOf(t, e, wijkregie.RoleTeamLead))) {
			t.Errorf("the lead's report is said as %q", got)
		}
		teamID := e.users[wijkregie.RoleTeamLead].TeamID
		_, c := download(t, lead, wijkregie.RoleTeamLead, nil, policy.ReportTeamMonth)
		if c.Team == nil || c.Team.ID != teamID || c.Period.From.Format("2006-01") != lastMonth {
			t.Errorf("the lead's month: team %v, period %v", c.Team, c.Period)
		}
		download(t, lead, wijkregie.RoleTeamLead, url.Values{"maand": {thisMonth.AddDate(0, -5, 0).Format("2006-01")}, "formaat": {"csv"}}, policy.ReportTeamMonth)
		// Without a query: the same month, as PDF.
		if r := lead.get(t, "/dashboard/rapport"); r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(r.header.Get("Content-Disposition"), "rapport-teammaand-team-"+teamID+"-"+lastMonth+".pdf") {
			t.Errorf("the lead's default: %d %v", r.status, r.header)
		}

		// Beleid and toezicht: the council's last whole quarter by default,
		// and a year of whole months; no count below 10 in either file.
		quarter := app.Quarter(e.svc.Now()).From.AddDate(0, -3, 0)
		year := url.Values{"van": {thisMonth.AddDate(0, -12, 0).Format("2006-01")}, "tot": {thisMonth.AddDate(0, -1, 0).Format("2006-01")}}
		for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection} {
			c := e.as(t, role)
			page := c.get(t, "/dashboard")
			if byID(t, page.body, "rapport-van").attrs["value"] != quarter.Format("2006-01") || byID(t, page.body, "rapport-tot").attrs["value"] != quarter.AddDate(0, 2, 0).Format("2006-01") ||
				len(elements(page.body, "input", "id", "rapport-maand")) != 0 || len(elements(page.body, "input", "name", "soort", "value", "raad")) != 1 {
				t.Errorf("%s's report form: %v %v", role, byID(t, page.body, "rapport-van").attrs, byID(t, page.body, "rapport-tot").attrs)
			}
			r, comp := download(t, c, role, nil, policy.ReportCouncil)
			if comp.Team != nil || !comp.Suppressed() || comp.Period.From != quarter {
				t.Errorf("%s's council report: team %v, suppressed %v, period %v", role, comp.Team, comp.Suppressed(), comp.Period)
			}
			if !strings.Contains(r.header.Get("Content-Disposition"), "rapport-raad-gemeente-") {
				t.Errorf("%s's file: %s", role, r.header.Get("Content-Disposition"))
			}
			noSmallComposed(t, comp)
			set := url.Values{"formaat": {"csv"}}
			for k, v := range year {
				set[k] = v
			}
			r, comp = download(t, c, role, set, policy.ReportCouncil)
			noSmallComposed(t, comp)
			noSmallCSV(t, r.body)
			set.Set("formaat", "pdf")
			r, _ = download(t, c, role, set, policy.ReportCouncil)
			if !strings.Contains(pdftest.Read(t, []byte(r.body)).AllText(), "<10") {
				t.Errorf("%s's year shows no withheld count", role)
			}
		}

		// Bad input: the dashboard again, the message beside the report
		// form's field and the input kept; nothing composed or exported.
		next := thisMonth.AddDate(0, 1, 0).Format("2006-01")
		for _, tc := range []struct {
			role  wijkregie.Role
			query string
			field string
			kept  map[string]string
		}{
			{wijkregie.RoleTeamLead, "soort=raad&maand=2025-11&formaat=csv", "soort", map[string]string{"maand": "2025-11"}},
			{wijkregie.RoleTeamLead, "soort=teammaand&maand=2026-13&formaat=pdf", "maand", map[string]string{"maand": "2026-13"}},
			{wijkregie.RoleTeamLead, "soort=teammaand&maand=" + next, "maand", map[string]string{"maand": next}},
			{wijkregie.RoleTeamLead, "soort=teammaand&maand=oktober", "maand", map[string]string{"maand": "oktober"}},
			{wijkregie.RoleTeamLead, "soort=teammaand&formaat=docx", "formaat", nil},
			{wijkregie.RolePolicy, "soort=jaar&van=2025-01&tot=2025-03", "soort", map[string]string{"van": "2025-01", "tot": "2025-03"}},
			{wijkregie.RolePolicy, "soort=teammaand&van=2025-01&tot=2025-03", "soort", map[string]string{"van": "2025-01"}},
			{wijkregie.RolePolicy, "soort=raad&van=2025-09&tot=2025-07", "tot", map[string]string{"van": "2025-09", "tot": "2025-07"}},
			{wijkregie.RolePolicy, "soort=raad&van=juli&tot=2025-09", "van", map[string]string{"van": "juli"}},
			{wijkregie.RolePolicy, "soort=raad&van=2025-07", "tot", map[string]string{"van": "2025-07", "tot": ""}},
			{wijkregie.RoleInspection, "soort=raad&van=2025-01-02&tot=2025-03-31", "van", map[string]string{"van": "2025-01-02"}},
			{wijkregie.RoleInspection, "soort=raad&van=2025-01&tot=" + next, "tot", map[string]string{"tot": next}},
		} {
			c := e.as(t, tc.role)
			before := exports(t, e, s, tc.role)
			r := c.get(t, "/dashboard/rapport?"+tc.query)
			if r.status != http.StatusBadRequest || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				t.Errorf("%s %s: %d %s", tc.role, tc.query, r.status, r.header.Get("Content-Type"))
				continue
			}
			if textOf(t, r.body, "rapport-"+tc.field+"-fout") == "" || len(elements(r.body, "div", "role", "alert")) != 1 ||
				len(elements(r.body, "a", "href", "#rapport-"+tc.field)) != 1 {
				t.Errorf("%s %s: no error beside %s, or no summary linking to it", tc.role, tc.query, tc.field)
			}
			for name, v := range tc.kept {
				if got := byID(t, r.body, "rapport-"+name).attrs["value"]; got != v {
					t.Errorf("%s %s: %s shows %q, want %q", tc.role, tc.query, name, got, v)
				}
			}
			if strings.Contains(tc.query, "formaat=csv") && len(elements(r.body, "input", "id", "rapport-formaat-csv", "checked", "")) != 1 {
				t.Errorf("%s %s: the format is not kept", tc.role, tc.query)
			}
			// The page's own figures are there, with their defaults.
			if len(elements(r.body, "table")) == 0 || len(elements(r.body, "span", "id", "van-fout")) != 0 {
				t.Errorf("%s %s: the dashboard's figures are not shown", tc.role, tc.query)
			}
			if got := exports(t, e, s, tc.role); got != before {
				t.Errorf("%s %s: %d exports audited", tc.role, tc.query, got-before)
			}
		}

		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin, wijkregie.RolePrivacy} {
			if r := e.as(t, role).get(t, "/dashboard/rapport?soort=teammaand"); r.status != http.StatusForbidden || r.header.Get("Content-Disposition") != "" {
				t.Errorf("%s: %d", role, r.status)
			}
		}
	})
}

// moments are the times a PDF says it was made at: "2 maart 2026 10:00".
var moments = regexp.MustCompile(`\d{1,2} [a-z]+ \d{4},? \d{1,2}[:.]\d{2}`)

// latestAudit returns the role's n latest audit records, newest first.
func latestAudit(t *testing.T, e *env, s *store.Store, role wijkregie.Role, n int) []wijkregie.AuditRecord {
	t.Helper()
	u := e.users[role]
	recs, _, err := s.R().Audit(context.Background(), u.MunicipalityID, store.AuditFilter{UserID: u.ID, Page: store.Page{Limit: n}})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// exports counts the role's audited exports.
func exports(t *testing.T, e *env, s *store.Store, role wijkregie.Role) int {
	t.Helper()
	u := e.users[role]
	_, n, err := s.R().Audit(context.Background(), u.MunicipalityID, store.AuditFilter{UserID: u.ID, Kind: wijkregie.KindExport, Page: store.Page{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func teamNameOf(t *testing.T, e *env, role wijkregie.Role) string {
	t.Helper()
	tm, err := e.svc.Team(context.Background(), e.actor(role), e.users[role].TeamID)
	if err != nil {
		t.Fatal(err)
	}
	return tm.Name
}

// noSmallComposed fails on a count below 10 a composed report shows.
func noSmallComposed(t *testing.T, c *app.Composed) {
	t.Helper()
	for _, p := range c.Parts {
		for _, tb := range p.Tables {
			for _, row := range tb.Rows {
				for i, cell := range row.Cells {
					if cell.Unit == wijkregie.UnitCount && cell.Shown() && cell.Value < wijkregie.SmallCell {
						t.Errorf("%s/%s/%s shows %v", tb.ID, row.Key, tb.Columns[i].Key, cell.Value)
					}
				}
			}
		}
	}
}

// noSmallCSV reads a downloaded CSV as a spreadsheet would and fails on
// a count below 10 in it.
func noSmallCSV(t *testing.T, body string) {
	t.Helper()
	rd := csv.NewReader(bytes.NewReader([]byte(body)))
	rd.Comma = ';'
	recs, err := rd.ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("the CSV: %v, %d lines", err, len(recs))
	}
	counts := 0
	for _, rec := range recs[1:] {
		// tabel;rij;rijnaam;kolom;kolomnaam;eenheid;waarde;weergave;onderdrukt
		if rec[5] != string(wijkregie.UnitCount) {
			continue
		}
		counts++
		if rec[8] == "true" {
			if rec[6] != "" || rec[7] != "<10" {
				t.Errorf("a withheld count is shown: %q", rec)
			}
			continue
		}
		if rec[6] == "" && rec[7] == "." {
			// Nothing to count (no term for case to plan).
			continue
		}
		if v, err := strconv.ParseFloat(rec[6], 64); err != nil || v < wijkregie.SmallCell {
			t.Errorf("a count below 10: %q", rec)
		}
	}
	if counts == 0 {
		t.Error("the CSV has no counts")
	}
}
