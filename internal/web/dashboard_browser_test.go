package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDashboardsInTheBrowser: the lead, beleid and toezicht each open the
// dashboards from the menu, choose through the filter form (a bad wijk
// refused beside its field, the input kept) and read the charts and
// tables; the lead's report form sends the month's PDF, and beleid's and
// toezicht's refuse a period backwards beside the field; every page passes
// axe, charts and the report form included.
func TestDashboardsInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	testdb.Each(t, func(t *testing.T, s *store.Store) { dashboardsInTheBrowser(t, b, s) })
}

func dashboardsInTheBrowser(t *testing.T, b *browsertest.Browser, s *store.Store) {
	e := newEnv(t, s)
	base := e.srv.URL

	t.Run("teamleider", func(t *testing.T) {
		ctx := b.NewTab(t)
		browserLogin(t, ctx, base, wijkregie.RoleTeamLead)
		run(t, ctx, "opening the dashboard from the menu",
			chromedp.Click(chromedp.CSS(`nav a[href="/dashboard"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#cijfers-kop`)))
		browsertest.CheckAxe(t, ctx)
		run(t, ctx, "opening the workload",
			chromedp.Click(chromedp.CSS(`#dashboard-soorten a[href="/dashboard/werklast"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#tabel-caseload-per-medewerker`)))
		browsertest.CheckAxe(t, ctx)
		if n := read(t, ctx, "counting charts", chromedp.Evaluate[int](`document.querySelectorAll('svg[role="img"] title').length`)); n == 0 {
			t.Error("the lead's workload has no chart")
		}
		if got := read(t, ctx, "reading the links", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('ul.doorklikken a')).map(a => a.getAttribute('href')).join(' ')`)); !strings.Contains(got, "/triage") {
			t.Errorf("the lead's links %q", got)
		}
		// The report form as the browser sends it (a download leaves the
		// page as it is, so the file is fetched from the form's values).
		if got := read(t, ctx, "downloading the month's report", chromedp.Evaluate[string](`(async () => {
			const f = document.querySelector('form[action="/dashboard/rapport"]');
			const r = await fetch(f.action + '?' + new URLSearchParams(new FormData(f)));
			return r.status + ' ' + r.headers.get('Content-Type') + ' ' + r.headers.get('Content-Disposition');
		})()`, chromedp.EvalAwaitPromise)); !strings.HasPrefix(got, "200 application/pdf attachment; filename=rapport-teammaand-team-") {
			t.Errorf("the month's report: %q", got)
		}
		run(t, ctx, "asking a wijk that is not one",
			chromedp.SendKeys(chromedp.CSS(`#wijk`), "25"),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#wijk-fout`)))
		browsertest.CheckAxe(t, ctx)
		if v := read(t, ctx, "reading the wijk", chromedp.Evaluate[string](`document.querySelector('#wijk').value`)); v != "25" {
			t.Errorf("the wijk's input %q is not kept", v)
		}
	})

	for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection} {
		t.Run(string(role), func(t *testing.T) {
			ctx := b.NewTab(t)
			browserLogin(t, ctx, base, role)
			run(t, ctx, "opening the dashboard from the menu",
				chromedp.Click(chromedp.CSS(`nav a[href="/dashboard"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#tabel-herkomst`)))
			browsertest.CheckAxe(t, ctx)
			// One team of the municipality, chosen in the filter.
			team := read(t, ctx, "reading a team", chromedp.Evaluate[string](`document.querySelector('#team option:nth-child(2)').value`))
			// The old page is marked, so that the wait is for the new one.
			read(t, ctx, "marking the page", chromedp.Evaluate[string](`document.body.dataset.oud = "ja"`))
			run(t, ctx, "choosing a team and a year",
				chromedp.SetValue(chromedp.CSS(`#team`), team),
				chromedp.SetValue(chromedp.CSS(`#van`), "2025-01-01"),
				chromedp.SetValue(chromedp.CSS(`#tot`), "2025-12-31"),
				chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS(`body:not([data-oud]) #tabel-herkomst`)))
			browsertest.CheckAxe(t, ctx)
			if got := read(t, ctx, "reading the heading", chromedp.Text(chromedp.CSS(`#cijfers-kop`))); !strings.Contains(got, "31 dec. 2025") {
				t.Errorf("heading %q", got)
			}
			run(t, ctx, "opening the workload",
				chromedp.Click(chromedp.CSS(`#dashboard-soorten a[href="/dashboard/werklast"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#tabel-caseload-per-team`)))
			browsertest.CheckAxe(t, ctx)
			if n := read(t, ctx, "counting links", chromedp.Evaluate[int](`document.querySelectorAll('ul.doorklikken a, #tabel-caseload-per-medewerker').length`)); n != 0 {
				t.Errorf("%s sees links to lists or caseloads per professional (%d)", role, n)
			}
			// The council's report over a period backwards: refused beside
			// the field, on a page axe passes, the input kept.
			run(t, ctx, "asking a report over a period backwards",
				chromedp.SetValue(chromedp.CSS(`#rapport-van`), "2025-09"),
				chromedp.SetValue(chromedp.CSS(`#rapport-tot`), "2025-07"),
				chromedp.Click(chromedp.CSS(`#rapport-downloaden`)),
				chromedp.WaitVisible(chromedp.CSS(`#rapport-tot-fout`)))
			browsertest.CheckAxe(t, ctx)
			if v := read(t, ctx, "reading the period", chromedp.Evaluate[string](`document.querySelector('#rapport-van').value + ' ' + document.querySelector('#rapport-tot').value`)); v != "2025-09 2025-07" {
				t.Errorf("the period %q is not kept", v)
			}
		})
	}
}
