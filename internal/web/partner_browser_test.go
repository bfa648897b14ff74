package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// TestPartnerInTheBrowser: the regisseur's ground form refuses a ground
// not chosen, beside the field, with the text kept; with the family's
// consent for uitvoeren-plan the partner finds its goal on its home page
// and on the case page and marks it bereikt; once the consent is
// withdrawn, the partner's next page no longer shows the goal, only who
// the regisseur is. Every page on the way passes axe.
func TestPartnerInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	pc := e.partnerCase(t)
	base := e.srv.URL
	page := base + "/casussen/" + pc.id

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the case's ground",
		chromedp.Navigate(page+"#grondslag"),
		chromedp.WaitVisible(chromedp.CSS(`#grondslag-kop`)),
		chromedp.SendKeys(chromedp.CSS(`#grondslag-toelichting`), "Schuldhulp: wettelijke taak"),
	)
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "recording a ground not chosen", `form[action$="/grondslag"] button[type="submit"]`, `#grondslag-grondslag-fout`)
	browsertest.CheckAxe(t, ctx)
	if kept := read(t, ctx, "reading the kept text", chromedp.Evaluate[string](`document.querySelector('#grondslag-toelichting').value`)); kept != "Schuldhulp: wettelijke taak" {
		t.Errorf("the form kept %q", kept)
	}
	run(t, ctx, "choosing the ground", chromedp.SetValue(chromedp.CSS(`#grondslag-grondslag`), "wgs"))
	submit(t, ctx, "recording the ground", `form[action$="/grondslag"] button[type="submit"]`, `dl#grondslag-stand`)
	browsertest.CheckAxe(t, ctx)

	// The regisseur records the mother's consent for the plan.
	consent := e.planConsent(t, pc)

	ctx = loginAs(t, b, base, email(wijkregie.RolePartner))
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the home page", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(got, "Budgetcoaching voor het gezin") ||
		!strings.Contains(got, e.t("partner.start.kop")) {
		t.Fatalf("the partner's home page: %s", got)
	}
	submit(t, ctx, "opening the goal", `a[href="/casussen/`+pc.id+`#partner-doelen"]`, `#partner-doelen-kop`)
	browsertest.CheckAxe(t, ctx)
	prefix := "#doel-" + pc.goal + "-"
	run(t, ctx, "marking the goal bereikt",
		chromedp.SetValue(chromedp.CSS(prefix+`status`), "bereikt"),
		chromedp.Click(chromedp.CSS(prefix+`gereed-`+pc.action)),
	)
	submit(t, ctx, "saving the progress", `form[action$="/doelen/`+pc.goal+`/voortgang"] button[type="submit"]`, `#partner-doelen-kop`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the goal", chromedp.Text(chromedp.CSS(`#partner-doelen .doel-stand`))); strings.TrimSpace(got) != e.t("doel.status.bereikt") {
		t.Errorf("the goal reads %q after the progress", got)
	}

	// Withdrawn: the partner's next page load no longer shows the goal.
	if _, err := e.svc.WithdrawConsent(context.Background(), e.actor(wijkregie.RoleProfessional), consent.ID, "Het gezin wil het zelf doen", consent.Version); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "reloading the case", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`#partner-toegang-kop`)))
	browsertest.CheckAxe(t, ctx)
	if n := count(t, ctx, `#partner-doelen`); n != 0 {
		t.Errorf("after the withdrawal the page shows %d goal sections", n)
	}
	if got := read(t, ctx, "reading the notice", chromedp.Text(chromedp.CSS(`#partner-bekend`))); !strings.Contains(got, e.t("partner.toegang.bekend")) {
		t.Errorf("the notice reads %q", got)
	}
	run(t, ctx, "opening the home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`#gezinnen-kop`)))
	if got := read(t, ctx, "reading the home page", chromedp.Text(chromedp.CSS(`main`))); strings.Contains(got, "Budgetcoaching voor het gezin") {
		t.Errorf("after the withdrawal the home page still shows the goal")
	}
}
