package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDashboardPages: the dashboards show the reports' tables — each with
// its caption, headers with scope, the report's figures as it prints them
// and a summary said from them — for the lead's own team (with links to
// the lists behind the workload) and for beleid and toezicht (a team
// filter, no links, never per professional). Bad input comes back beside
// its field with the input kept; the lead of another team's figures and a
// professional get 403.
func TestDashboardPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newEnv(t, s)
		lead := e.as(t, wijkregie.RoleTeamLead)

		r := lead.get(t, "/dashboard")
		if r.status != http.StatusOK {
			t.Fatalf("lead, outcomes: %d", r.status)
		}
		checkPage(t, e, "/dashboard", r)
		rep, err := e.svc.OutcomeReport(ctx, e.actor(wijkregie.RoleTeamLead), app.ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		rep.Label(e.cat, "nl")
		checkDashboardTables(t, r.body, rep)
		if got := textOf(t, r.body, "dashboard-team"); !strings.Contains(got, e.t("dashboard.eigen_team", "team", rep.Team.Name)) {
			t.Errorf("the lead's team: %q", got)
		}
		if len(elements(r.body, "select", "name", "team")) != 0 {
			t.Error("the lead is offered other teams")
		}
		// The 1-1-1 summary says the table's figures, a withheld count as
		// "minder dan 10".
		one := tableOf(t, rep, "een-een-een").Rows[0].Cells
		say := func(f wijkregie.Figure) string {
			if f.Suppressed && f.Unit == wijkregie.UnitCount {
				return "minder dan 10"
			}
			return f.Display()
		}
		want := e.t("dashboard.samenvatting.een-een-een", "opencasussen", say(one[3]), "regisseurenplan", say(one[0]), "score", say(one[4]))
		want = strings.ToUpper(want[:1]) + want[1:]
		if one[4].Suppressed {
			// A withheld share is not said at all.
			want = e.t("dashboard.samenvatting_te_klein")
		}
		if got := textOf(t, r.body, "tabel-een-een-een-samenvatting"); got != want {
			t.Errorf("1-1-1 summary %q; want %q", got, want)
		}
		if strings.Contains(textOf(t, r.body, "inhoud"), "{") {
			t.Error("a placeholder is left unfilled")
		}

		r = lead.get(t, "/dashboard/werklast")
		if r.status != http.StatusOK {
			t.Fatalf("lead, workload: %d", r.status)
		}
		// An SVG's <title> names its chart, not the document: checkPage
		// looks at the page without them.
		checkPage(t, e, "/dashboard/werklast", &response{status: r.status, header: r.header, body: svgs.ReplaceAllString(r.body, "")})
		wl, err := e.svc.WorkloadReport(ctx, e.actor(wijkregie.RoleTeamLead), app.ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		wl.Label(e.cat, "nl")
		checkDashboardTables(t, r.body, wl)
		// The lead's own caseloads are shown as they are: the chart draws them.
		per := inner(r.body, byID(t, r.body, "tabel-caseload-per-medewerker-blok"))
		if len(elements(per, "svg", "role", "img")) != 1 || len(elements(per, "title")) != 1 || len(elements(per, "rect", "fill", "#1f4e79")) == 0 {
			t.Errorf("the caseload per professional has no chart with bars")
		}
		// Below a table, the whole lists behind it (its figures link to
		// the filtered ones: TestDrillDownCounts).
		listLinks := func(block string) string {
			b := inner(r.body, byID(t, r.body, block))
			if ul := elements(b, "ul", "class", "doorklikken"); len(ul) == 1 {
				return inner(b, ul[0])
			}
			return ""
		}
		backlog := listLinks("tabel-wachtlijst-en-achterstanden-blok")
		for _, href := range []string{"/overzicht", "/triage", "/vroegsignalering"} {
			if len(elements(backlog, "a", "href", href)) != 1 {
				t.Errorf("the backlog has no link to %s", href)
			}
		}
		if len(elements(listLinks("tabel-termijnen-blok"), "a", "href", "/taken")) != 1 {
			t.Error("the deadlines have no link to Mijn taken")
		}

		// The figures as CSV, from the page's link.
		link := byID(t, r.body, "download").attrs["href"]
		if !strings.HasPrefix(link, "/dashboard/werklast/csv?") || !strings.Contains(link, "team="+e.users[wijkregie.RoleTeamLead].TeamID) {
			t.Errorf("download link %q", link)
		}
		csv := lead.get(t, link)
		if csv.status != http.StatusOK || csv.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(csv.header.Get("Content-Disposition"), "attachment;") ||
			!strings.HasPrefix(csv.body, "tabel;rij;rijnaam;kolom;kolomnaam;eenheid;waarde;weergave;onderdrukt\r\n") ||
			!strings.Contains(csv.body, "\r\ncaseload-per-medewerker;") {
			t.Errorf("the workload's CSV: %d %v %.200q", csv.status, csv.header, csv.body)
		}
		// The download is an export on the lead's team in the audit log.
		recs, _, err := s.R().Audit(ctx, e.users[wijkregie.RoleTeamLead].MunicipalityID, store.AuditFilter{UserID: e.users[wijkregie.RoleTeamLead].ID,
			Page: store.Page{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Action != "rapportage.exporteren" || recs[0].SubjectID != e.users[wijkregie.RoleTeamLead].TeamID || recs[0].Result != wijkregie.AuditAllowed {
			t.Errorf("the CSV's audit: %+v", recs)
		}
		if csv := lead.get(t, "/dashboard/csv?wijk=abc"); csv.status != http.StatusBadRequest || textOf(t, csv.body, "wijk-fout") == "" {
			t.Errorf("a CSV with a bad wijk: %d", csv.status)
		}

		// Another team's figures are not the lead's.
		var other string
		teams, err := e.svc.Teams(ctx, e.actor(wijkregie.RolePolicy))
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range teams {
			if tm.ID != e.users[wijkregie.RoleTeamLead].TeamID {
				other = tm.ID
			}
		}
		if r := lead.get(t, "/dashboard?team="+other); other == "" || r.status != http.StatusForbidden {
			t.Errorf("the lead, another team %q: %d", other, r.status)
		}

		pol := e.as(t, wijkregie.RolePolicy)
		r = pol.get(t, "/dashboard?"+url.Values{"van": {"2025-01-01"}, "tot": {"2025-12-31"}, "team": {app.AllTeams}}.Encode())
		if r.status != http.StatusOK {
			t.Fatalf("beleid: %d", r.status)
		}
		rep, err = e.svc.OutcomeReport(ctx, e.actor(wijkregie.RolePolicy), app.ReportQuery{Period: app.Period{From: calendarDay(2025, 1, 1), To: calendarDay(2025, 12, 31)}})
		if err != nil {
			t.Fatal(err)
		}
		rep.Label(e.cat, "nl")
		checkDashboardTables(t, r.body, rep)
		if !strings.Contains(textOf(t, r.body, "cijfers-kop"), "de hele gemeente, van 1 jan. 2025 tot en met 31 dec. 2025") {
			t.Errorf("beleid's heading %q", textOf(t, r.body, "cijfers-kop"))
		}
		// The municipality's open cases now are enough to be said, and drawn.
		now := pol.get(t, "/dashboard")
		cur, err := e.svc.OutcomeReport(ctx, e.actor(wijkregie.RolePolicy), app.ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if one := tableOf(t, cur, "een-een-een").Rows[0].Cells; !one[4].Shown() {
			t.Errorf("the demo's 1-1-1 score is withheld: %v", one)
		} else if got := textOf(t, now.body, "tabel-een-een-een-samenvatting"); got != e.t("dashboard.samenvatting.een-een-een", "opencasussen", one[3].Display(), "regisseurenplan", one[0].Display(), "score", one[4].Display()) {
			t.Errorf("beleid's 1-1-1 summary %q; the score is %s", got, one[4].Display())
		}
		if len(elements(inner(now.body, byID(t, now.body, "tabel-een-een-een-blok")), "svg", "role", "img")) != 1 {
			t.Error("beleid's 1-1-1 has no chart")
		}
		if len(elements(r.body, "ul", "class", "doorklikken")) != 0 {
			t.Error("beleid is given links to lists of families")
		}
		if len(elements(r.body, "option", "value", app.AllTeams, "selected", "")) != 1 {
			t.Error("beleid's team filter does not say alle")
		}
		menu := elements(r.body, "nav", "aria-label", e.t("layout.hoofdmenu"))
		if cur := elements(inner(r.body, menu[0]), "a", "aria-current", "page"); len(cur) != 1 || cur[0].attrs["href"] != "/dashboard" {
			t.Errorf("beleid's menu marks %v", cur)
		}

		insp := e.as(t, wijkregie.RoleInspection)
		r = insp.get(t, "/dashboard/werklast?team="+other)
		if r.status != http.StatusOK || strings.Contains(r.body, "tabel-caseload-per-medewerker") || len(elements(r.body, "ul", "class", "doorklikken")) != 0 {
			t.Errorf("toezicht, workload of a team: %d, or per professional, or links", r.status)
		}

		// Bad input: beside its field, kept, never a 500.
		for _, c := range []struct{ query, field, value string }{
			{"van=2026-13-01&tot=2026-03-31", "van", "2026-13-01"},
			{"van=2026-03-31&tot=2026-03-01", "tot", "2026-03-01"},
			{"wijk=25", "wijk", "25"},
			{"team=bestaat-niet", "team", ""},
		} {
			r := pol.get(t, "/dashboard?"+c.query)
			if r.status != http.StatusBadRequest || textOf(t, r.body, c.field+"-fout") == "" || len(elements(r.body, "div", "role", "alert")) != 1 || len(elements(r.body, "table")) != 0 {
				t.Errorf("%s: %d, or no error beside %s", c.query, r.status, c.field)
				continue
			}
			if c.value != "" && byID(t, r.body, c.field).attrs["value"] != c.value {
				t.Errorf("%s: the input is not kept", c.query)
			}
		}
		if r := lead.get(t, "/dashboard/werklast?tot=gisteren"); r.status != http.StatusBadRequest || textOf(t, r.body, "tot-fout") == "" {
			t.Errorf("the lead, a bad day: %d", r.status)
		}
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin} {
			if r := e.as(t, role).get(t, "/dashboard"); r.status != http.StatusForbidden {
				t.Errorf("%s: %d", role, r.status)
			}
		}
	})
}

var (
	svgs       = regexp.MustCompile(`(?s)<svg.*?</svg>`)
	hiddenText = regexp.MustCompile(`<span class="visueel-verborgen">[^<]*</span>`)
)

func calendarDay(y int, m, d int) time.Time {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

func tableOf(t *testing.T, r *app.Report, id string) wijkregie.Table {
	t.Helper()
	for _, tb := range r.Tables {
		if tb.ID == id {
			return tb
		}
	}
	t.Fatalf("no table %s", id)
	return wijkregie.Table{}
}

// checkDashboardTables holds every table of the page against the report:
// a caption, a header per column with scope, a row header per row, and
// each cell as the report prints it.
func checkDashboardTables(t *testing.T, body string, rep *app.Report) {
	t.Helper()
	if n := len(elements(body, "table")); n != len(rep.Tables) {
		t.Errorf("%d tables; the report has %d", n, len(rep.Tables))
	}
	for _, tb := range rep.Tables {
		el := byID(t, body, "tabel-"+tb.ID)
		// A figure that is a link describes itself to screen readers; the
		// cell shows the figure.
		h := hiddenText.ReplaceAllString(inner(body, el), "")
		if got := texts(h, "caption"); len(got) != 1 || got[0] == "" {
			t.Errorf("%s: caption %q", tb.ID, got)
		}
		if n := len(elements(h, "th", "scope", "col")); n != len(tb.Columns) {
			t.Errorf("%s: %d column headers; want %d", tb.ID, n, len(tb.Columns))
		}
		heads, cells := texts(h, "th"), texts(h, "td")
		rowHeads := heads[len(tb.Columns):]
		if len(rowHeads) != len(tb.Rows) {
			t.Errorf("%s: %d row headers; want %d", tb.ID, len(rowHeads), len(tb.Rows))
			continue
		}
		cells = cells[1:] // the empty corner
		for i, row := range tb.Rows {
			if rowHeads[i] != row.Label {
				t.Errorf("%s: row %d is %q; want %q", tb.ID, i, rowHeads[i], row.Label)
			}
			for j, f := range row.Cells {
				if k := i*len(tb.Columns) + j; k >= len(cells) || cells[k] != f.Display() {
					t.Errorf("%s: row %s column %s shows %q; want %q", tb.ID, row.Key, tb.Columns[j].Key, cells[min(k, len(cells)-1)], f.Display())
				}
			}
		}
		if rep.Suppressed {
			for _, c := range cells {
				if n, ok := wholeNumber(c); ok && n < wijkregie.SmallCell {
					t.Errorf("%s: a count of %d is shown", tb.ID, n)
				}
			}
		}
	}
}

// wholeNumber reads a cell that is a whole number.
func wholeNumber(s string) (int, bool) {
	n := 0
	if s == "" {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
