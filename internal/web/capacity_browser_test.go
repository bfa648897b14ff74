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

// TestCapacityInTheBrowser: the lead goes from the workload dashboard to
// the team's capacity, types a value that is not a number and one out of
// range (both refused beside their fields, the input kept, focus-able
// from the summary), corrects them and saves; the workload then draws the
// bezetting. axe finds no violation on any of these pages.
func TestCapacityInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	testdb.Each(t, func(t *testing.T, s *store.Store) { capacityInTheBrowser(t, b, s) })
}

func capacityInTheBrowser(t *testing.T, b *browsertest.Browser, s *store.Store) {
	e := newEnv(t, s)
	testdb.ClearCapacities(t, s, e.actor(wijkregie.RoleTeamLead).MunicipalityID, e.actor(wijkregie.RoleTeamLead).TeamID)
	base := e.srv.URL
	ctx := b.NewTab(t)
	browserLogin(t, ctx, base, wijkregie.RoleTeamLead)
	run(t, ctx, "opening the workload",
		chromedp.Click(chromedp.CSS(`nav a[href="/dashboard"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#cijfers-kop`)),
		chromedp.Click(chromedp.CSS(`#dashboard-soorten a[href="/dashboard/werklast"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#tabel-caseload-per-medewerker`)))
	run(t, ctx, "opening the capacity from the caseloads",
		chromedp.Click(chromedp.CSS(`#tabel-caseload-per-medewerker-blok a[href="/team/capaciteit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main form[action="/team/capaciteit"]`)))
	browsertest.CheckAxe(t, ctx)

	ids := read(t, ctx, "reading the fields", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main input[inputmode="decimal"]')).map(i => i.id)`))
	if len(ids) < 2 {
		t.Fatalf("the form has %d fields", len(ids))
	}
	first, second := `#`+ids[0], `#`+ids[1]
	run(t, ctx, "typing a word and too many hours",
		chromedp.SendKeys(chromedp.CSS(first), "twaalf"),
		chromedp.SendKeys(chromedp.CSS(second), "48"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(first+`-fout`)))
	browsertest.CheckAxe(t, ctx)
	for sel, want := range map[string]string{first: "twaalf", second: "48"} {
		if v := read(t, ctx, "reading "+sel, chromedp.Evaluate[string](`document.querySelector('`+sel+`').value`)); v != want {
			t.Errorf("%s kept %q; want %q", sel, v, want)
		}
	}
	if got := read(t, ctx, "reading the error", chromedp.Text(chromedp.CSS(second+`-fout`))); !strings.Contains(got, e.t("veld.capaciteit.bereik")) {
		t.Errorf("beside the second field: %q", got)
	}
	if n := read(t, ctx, "counting summary links", chromedp.Evaluate[int](`document.querySelectorAll('[role="alert"] a[href^="#uren-"]').length`)); n != 2 {
		t.Errorf("the summary links to %d fields; want 2", n)
	}

	run(t, ctx, "correcting and saving",
		chromedp.SetValue(chromedp.CSS(first), "32,5"),
		chromedp.SetValue(chromedp.CSS(second), "36"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		// The hint is on the page before the save too: wait for the
		// error to go, which only the saved page does.
		chromedp.WaitNotPresent(chromedp.CSS(first+`-fout`)),
		chromedp.WaitVisible(chromedp.CSS(first+`-hint`)))
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the hint", chromedp.Text(chromedp.CSS(first+`-hint`))); !strings.Contains(got, "Nu 32,5 uur (0,90 fte)") {
		t.Errorf("the first professional's hint after saving: %q", got)
	}

	run(t, ctx, "back to the workload",
		chromedp.Click(chromedp.CSS(`main a[href="/dashboard/werklast"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#tabel-caseload-per-medewerker`)))
	browsertest.CheckAxe(t, ctx)
	// The chart draws the bezetting now: its bars' values are shares.
	if got := read(t, ctx, "reading the chart", chromedp.Evaluate[string](`document.querySelector('#tabel-caseload-per-medewerker-blok svg').textContent`)); !strings.Contains(got, "bezetting") || !strings.Contains(got, "%") {
		t.Errorf("the chart does not draw the bezetting: %q", got)
	}
}
