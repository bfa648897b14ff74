package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// pageScripts switches the page's own scripts on or off, as a browser
// with JavaScript disabled: the form must work without them. (The test's
// own reads through the DevTools protocol still run.)
func pageScripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		return t.Call(ctx, "Emulation.setScriptExecutionDisabled", map[string]bool{"value": !on}, nil)
	})
}

// TestConcernInTheBrowser: a resident opens the public form without
// logging in and with the page's scripts off, fills it in, sends it with
// a mistake, corrects it beside the field, and sees the thank-you page,
// which repeats nothing of the report. A professional of the team serving
// the postcode then finds it in /triage. Every page passes axe.
func TestConcernInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	clk := &concernClock{now: time.Now().UTC().Truncate(time.Second)}
	e := newConcernEnv(t, testdb.SQLite(t, testdb.Options{Now: clk.Now}), clk)
	base := e.srv.URL
	const noticed = "Het jongetje van drie huizen verder zit elke ochtend alleen op de stoep."

	ctx := b.NewTab(t)
	run(t, ctx, "opening the form", chromedp.Navigate(base+"/zorgmelding"), chromedp.WaitVisible(chromedp.CSS(`#omschrijving`)))
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the first lines", chromedp.Text(chromedp.CSS(`#direct-gevaar`))); !strings.Contains(got, "Is er direct gevaar? Bel 112.") {
		t.Errorf("the form opens with %q", got)
	}

	run(t, ctx, "switching the page's scripts off and loading the form again",
		pageScripts(false),
		chromedp.Navigate(base+"/zorgmelding"),
		chromedp.WaitVisible(chromedp.CSS(`#omschrijving`)),
	)
	if read(t, ctx, "asking whether htmx ran", chromedp.Evaluate[bool](`typeof window.htmx !== "undefined"`)) {
		t.Fatal("the page's scripts still run")
	}
	run(t, ctx, "filling in the form, the postcode wrong",
		chromedp.SendKeys(chromedp.CSS(`#gezin`), "Familie Wielewaal"),
		chromedp.SendKeys(chromedp.CSS(`#straat`), "Kerkstraat"),
		chromedp.SendKeys(chromedp.CSS(`#huisnummer`), "31"),
		chromedp.SendKeys(chromedp.CSS(`#postcode`), "25 QX"),
		chromedp.SendKeys(chromedp.CSS(`#omschrijving`), noticed),
		chromedp.Click(chromedp.CSS(`#onderwerpen-kinderen`)),
		chromedp.Click(chromedp.CSS(`#spoed`)),
		chromedp.SendKeys(chromedp.CSS(`#melder_telefoon`), "06 1111 2222"),
	)
	clk.Advance(time.Minute) // as long as a person takes
	submit(t, ctx, "sending it", `main form button[type="submit"]`, `#postcode-fout`)
	run(t, ctx, "checking axe with scripts on", pageScripts(true))
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "switching them off again", pageScripts(false))
	if !read(t, ctx, "reading the kept input", chromedp.Evaluate[bool](
		`document.querySelector('#omschrijving').value === '`+noticed+`' && document.querySelector('#onderwerpen-kinderen').checked &&
		 document.querySelector('#spoed').checked && document.querySelector('#gezin').value === 'Familie Wielewaal'`)) {
		t.Error("the form lost the input after the error")
	}
	if got := read(t, ctx, "reading the error summary", chromedp.Attributes(chromedp.CSS(`.melding-fout a[href^="#postcode"]`))); got["href"] != "#postcode" {
		t.Errorf("the summary links to %q; want #postcode", got["href"])
	}

	clear(t, ctx, `#postcode`)
	run(t, ctx, "correcting the postcode", chromedp.SendKeys(chromedp.CSS(`#postcode`), "2582 QX"))
	clk.Advance(time.Minute)
	submit(t, ctx, "sending it again", `main form button[type="submit"]`, `#ontvangen`)
	if url := read(t, ctx, "reading the address", chromedp.Location()); !strings.HasSuffix(url, "/zorgmelding/GM9901/ontvangen") {
		t.Errorf("the thank-you page is at %s", url)
	}
	page := read(t, ctx, "reading the thank-you page", chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(page, "Bedankt. Uw melding is ontvangen.") {
		t.Errorf("the thank-you page reads %q", page)
	}
	for _, v := range []string{"Wielewaal", "Kerkstraat", "31", "2582", "jongetje", "1111"} {
		if strings.Contains(page, v) {
			t.Errorf("the thank-you page repeats %q", v)
		}
	}
	run(t, ctx, "checking axe with scripts on", pageScripts(true))
	browsertest.CheckAxe(t, ctx)

	// The team's professional finds it in the triage queue.
	pro := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, pro, "opening the triage queue", chromedp.Navigate(base+"/triage"), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	found := false
	for n := 2; ; n++ {
		rows := rowTexts(t, pro, `#lijst table`)
		for _, r := range rows {
			if strings.Contains(r, "Kerkstraat 31") && strings.Contains(r, e.t("urgentie.spoed")) {
				found = true
			}
		}
		if found || count(t, pro, `a[href="/triage?pagina=`+strconv.Itoa(n)+`"]`) == 0 {
			break
		}
		run(t, pro, "opening the next page", chromedp.Navigate(base+"/triage?pagina="+strconv.Itoa(n)), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	}
	if !found {
		t.Fatal("the professional's /triage does not list the urgent report at Kerkstraat 31")
	}
	browsertest.CheckAxe(t, pro)
}
