package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDrillDownInTheBrowser: the team lead clicks a caseload figure on the
// workload dashboard and lands on the case list filtered to it, with as
// many rows as the figure said; sets a filter of the list by hand, a bad
// wijk refused beside its field with the input kept, on the case list and
// on the signal list; and follows a deadline to Mijn taken. Axe finds
// nothing on any page.
func TestDrillDownInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := b.NewTab(t)
		browserLogin(t, ctx, e.srv.URL, wijkregie.RoleTeamLead)
		run(t, ctx, "opening the workload",
			chromedp.Navigate(e.srv.URL+"/dashboard/werklast"),
			chromedp.WaitVisible(chromedp.CSS(`#tabel-caseload-per-team`)))
		browsertest.CheckAxe(t, ctx)
		figure := read(t, ctx, "reading the team's cases", chromedp.Evaluate[string](
			`(() => { const a = document.querySelector('#tabel-caseload-per-team td a'); return a ? a.firstChild.textContent.trim() : '' })()`))
		if figure == "" {
			t.Fatal("the team's caseload has no link")
		}
		run(t, ctx, "following the figure",
			chromedp.Click(chromedp.CSS(`#tabel-caseload-per-team td a`)),
			chromedp.WaitVisible(chromedp.CSS(`#actieve-filters`)))
		browsertest.CheckAxe(t, ctx)
		if rows := read(t, ctx, "counting the cases", chromedp.Evaluate[int](`document.querySelectorAll('#lijst tbody tr').length`)); figure != strconv.Itoa(rows) {
			t.Errorf("the figure said %s; the list holds %d", figure, rows)
		}
		if got := read(t, ctx, "reading the filters", chromedp.Text(chromedp.CSS(`#actieve-filters`))); !strings.Contains(got, "team ") {
			t.Errorf("the active filters %q do not name the team", got)
		}

		run(t, ctx, "asking a wijk that is not one",
			chromedp.SetValue(chromedp.CSS(`#filter-wijk`), "25"),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#filter-wijk-fout`)))
		browsertest.CheckAxe(t, ctx)
		if v := read(t, ctx, "reading the wijk", chromedp.Evaluate[string](`document.querySelector('#filter-wijk').value`)); v != "25" {
			t.Errorf("the wijk's input %q is not kept", v)
		}

		run(t, ctx, "opening the signals waiting for triage",
			chromedp.Navigate(e.srv.URL+"/signalen?besluit=niet-getrieerd"),
			chromedp.WaitVisible(chromedp.CSS(`#actieve-filters`)))
		browsertest.CheckAxe(t, ctx)
		run(t, ctx, "asking the signals of a wijk that is not one",
			chromedp.SetValue(chromedp.CSS(`#filter-wijk`), "25"),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#filter-wijk-fout`)))
		browsertest.CheckAxe(t, ctx)
		if v := read(t, ctx, "reading the decision", chromedp.Evaluate[string](`document.querySelector('#filter-besluit').value`)); v != "niet-getrieerd" {
			t.Errorf("the decision %q is not kept beside the bad wijk", v)
		}

		run(t, ctx, "back to the workload",
			chromedp.Navigate(e.srv.URL+"/dashboard/werklast"),
			chromedp.WaitVisible(chromedp.CSS(`#tabel-termijnen`)))
		if n := read(t, ctx, "counting deadline links", chromedp.Evaluate[int](`document.querySelectorAll('#tabel-termijnen td a[href^="/taken?"]').length`)); n == 0 {
			t.Fatal("no deadline links to Mijn taken")
		}
		run(t, ctx, "following a deadline",
			chromedp.Click(chromedp.CSS(`#tabel-termijnen td a[href^="/taken?"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#filter-termijn-van`)))
		browsertest.CheckAxe(t, ctx)
		if v := read(t, ctx, "reading the first day", chromedp.Evaluate[string](`document.querySelector('#filter-termijn-van').value`)); v == "" {
			t.Error("the deadline's week is not in the form")
		}
	})
}
