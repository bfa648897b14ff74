package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// TestOutreachInTheBrowser: a professional opens an outreach with a
// threatening report, records a home visit (first forgetting to say
// whether anyone was reached: the error beside the question, the note
// kept), takes it on with "Aan mij toewijzen", and closes it with
// accepted help, which becomes a signal the page links to. Every page on
// the way passes axe.
func TestOutreachInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	home := e.newOutreachHome(t, 7, wijkregie.ArrearsPlain, wijkregie.ArrearsCutOff)
	base := e.srv.URL
	const note = "Vader thuis, wil graag hulp bij de energierekening."

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the outreach",
		chromedp.Navigate(base+"/vroegsignalering/"+home.outreach),
		chromedp.WaitVisible(chromedp.CSS(`#achterstanden`)),
	)
	browsertest.CheckAxe(t, ctx)
	if n := count(t, ctx, `#dreigend`); n != 1 {
		t.Errorf("%d threat badges; want 1", n)
	}
	if rows := rowTexts(t, ctx, `#achterstanden`); len(rows) != 2 || !strings.Contains(strings.Join(rows, " "), "€ 1.234,56") {
		t.Errorf("arrears rows %q", rows)
	}

	// A visit without saying whether anyone was reached.
	run(t, ctx, "describing a visit",
		chromedp.SetValue(chromedp.CSS(`#poging-soort`), "huisbezoek"),
		chromedp.SendKeys(chromedp.CSS(`#poging-toelichting`), note),
	)
	submit(t, ctx, "recording the visit without the answer", `form[action$="/contactpogingen"] button[type="submit"]`, `#poging-bereikt-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the kept note", chromedp.Value(chromedp.CSS(`#poging-toelichting`))); got != note {
		t.Errorf("the note after the error: %q", got)
	}
	run(t, ctx, "saying he was reached", chromedp.Click(chromedp.CSS(`#poging-bereikt`)))
	submit(t, ctx, "recording the visit", `form[action$="/contactpogingen"] button[type="submit"]`, `#pogingen`)
	browsertest.CheckAxe(t, ctx)
	if rows := rowTexts(t, ctx, `#pogingen`); len(rows) != 1 || !strings.Contains(rows[0], note) || !strings.Contains(rows[0], e.t("vroegsignaal.contactsoort.huisbezoek")) {
		t.Errorf("attempts %q", rows)
	}

	submit(t, ctx, "taking it on", `#aan-mij button[type="submit"]`, `#toegewezen`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading who has it", chromedp.Text(chromedp.CSS(`#toegewezen`))); strings.TrimSpace(got) != e.users[wijkregie.RoleProfessional].Name {
		t.Errorf("assigned to %q", got)
	}

	run(t, ctx, "choosing accepted help", chromedp.SetValue(chromedp.CSS(`#afronding-resultaat`), "vervolghulp-financieel"))
	submit(t, ctx, "closing", `form[action$="/afronding"] button[type="submit"]`, `#afgerond`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the outcome", chromedp.Text(chromedp.CSS(`#resultaat`))); strings.TrimSpace(got) != e.t("vroegsignaal.resultaat.vervolghulp-financieel") {
		t.Errorf("outcome %q", got)
	}
	submit(t, ctx, "opening the signal it became", `#vervolg a`, `h1`)
	browsertest.CheckAxe(t, ctx)
}
