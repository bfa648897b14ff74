package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/demo"
	"wijkregie/internal/testdb"
)

// TestRightsInTheBrowser: the privacy officer opens Verzoeken van
// betrokkenen from the menu, finds the person by BSN and birth date,
// records a request for erasure, sees on its page that the law allows it
// (a person known only by their own registration), extends its term (a
// missing reason beside the field first), tries to decide
// without a reason — the error beside the field, the choice kept — and
// refuses it with a reason. Every page on the way passes axe.
func TestRightsInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	_, bsn := e.inzageResident(t)
	base := e.srv.URL

	ctx := b.NewTab(t)
	run(t, ctx, "logging in as the privacy officer",
		chromedp.Navigate(base+"/inloggen"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email(wijkregie.RolePrivacy)),
		chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), demo.Password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/rechtenverzoeken"]`)),
	)
	submit(t, ctx, "opening Verzoeken van betrokkenen from the menu", `nav a[href="/rechtenverzoeken"]`, `#zoek-bsn`)
	browsertest.CheckAxe(t, ctx)

	run(t, ctx, "typing BSN and birth date",
		chromedp.SendKeys(chromedp.CSS(`#zoek-bsn`), bsn),
		chromedp.SetValue(chromedp.CSS(`#zoek-geboortedatum`), "1984-05-17"),
	)
	submit(t, ctx, "searching", `form[action="/rechtenverzoeken/zoeken"] button[type="submit"]`, `#gevonden`)
	browsertest.CheckAxe(t, ctx)

	run(t, ctx, "filling in the request",
		chromedp.SetValue(chromedp.CSS(`#soort`), "wissing"),
		chromedp.SendKeys(chromedp.CSS(`#verzoek`), "Verwijder mijn gegevens"),
	)
	submit(t, ctx, "recording the request", `form[action="/rechtenverzoeken"] button[type="submit"]`, `#wissing-wet`)
	browsertest.CheckAxe(t, ctx)

	submit(t, ctx, "extending the term without a reason", `form[action$="/verlenging"] button[type="submit"]`, `#verlengingReden-fout`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "writing the extension's reason", chromedp.SendKeys(chromedp.CSS(`#verlengingReden`), "Veel verzoeken tegelijk"))
	submit(t, ctx, "extending the term", `form[action$="/verlenging"] button[type="submit"]`, `#verzoek`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the extended request", chromedp.Evaluate[string](`document.querySelector('#verzoek').innerText`)); !strings.Contains(got, "Veel verzoeken tegelijk") {
		t.Errorf("the request after extending: %q", got)
	}

	run(t, ctx, "choosing afgewezen without a reason", chromedp.Click(chromedp.CSS(`input[name="besluit"][value="afgewezen"]`)))
	submit(t, ctx, "deciding without a reason", `form[action$="/besluit"] button[type="submit"]`, `#reden-fout`)
	browsertest.CheckAxe(t, ctx)
	if !read(t, ctx, "reading the kept choice", chromedp.Evaluate[bool](`document.querySelector('input[name="besluit"][value="afgewezen"]').checked`)) {
		t.Error("the choice was not kept")
	}
	run(t, ctx, "writing the reason", chromedp.SendKeys(chromedp.CSS(`#reden`), "De casus loopt nog"))
	submit(t, ctx, "deciding", `form[action$="/besluit"] button[type="submit"]`, `#verzoek`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the request", chromedp.Evaluate[string](`document.querySelector('#verzoek').innerText`)); !strings.Contains(got, e.t("rechten.status.afgewezen")) {
		t.Errorf("the request after deciding: %q", got)
	}
}
