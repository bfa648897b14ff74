package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestEmergencyAccessInTheBrowser: a professional opens a case of another
// family, gets the page that explains emergency access, states too short
// a reason (refused beside the field, the text kept), then a real one,
// and lands on the case with the notice until when. The privacy officer
// finds the access under Nood-toegang, reads it with the audit trail,
// judges it onterecht without a note (refused beside the field, the
// choice kept) and then with one. Every page on the way passes axe.
func TestEmergencyAccessInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	id := e.outsideCase(t)
	base := e.srv.URL

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening a case of another family",
		chromedp.Navigate(base+"/casussen/"+id),
		chromedp.WaitVisible(chromedp.CSS(`#reden`)),
	)
	browsertest.CheckAxe(t, ctx)
	if h1 := read(t, ctx, "reading the heading", chromedp.Text(chromedp.CSS(`h1`))); strings.TrimSpace(h1) != e.t("noodtoegang.geen_toegang.kop") {
		t.Errorf("heading %q", h1)
	}

	run(t, ctx, "stating too short a reason", chromedp.SendKeys(chromedp.CSS(`#reden`), "spoed <nu>"))
	submit(t, ctx, "asking for emergency access", `main form button[type="submit"]`, `#reden-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the kept reason", chromedp.Evaluate[string](`document.querySelector('#reden').value`)); got != "spoed <nu>" {
		t.Errorf("the reason came back as %q; want the text kept", got)
	}
	if msg := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`#reden-fout`))); !strings.Contains(msg, e.t("veld.noodtoegang.reden_kort")) {
		t.Errorf("message beside the reason %q", msg)
	}

	clear(t, ctx, `#reden`)
	run(t, ctx, "stating a real reason", chromedp.SendKeys(chromedp.CSS(`#reden`), emergencyReason))
	submit(t, ctx, "taking emergency access", `main form button[type="submit"]`, `#noodtoegang`)
	browsertest.CheckAxe(t, ctx)
	if notice := read(t, ctx, "reading the notice", chromedp.Text(chromedp.CSS(`#noodtoegang`))); !strings.HasPrefix(strings.TrimSpace(notice), "U heeft nood-toegang tot ") {
		t.Errorf("notice %q", notice)
	}

	es, _, err := e.store.R().EmergencyAccesses(context.Background(), demo.MunicipalityID, store.EmergencyFilter{})
	if err != nil || len(es) != 1 {
		t.Fatalf("accesses %v, %v", es, err)
	}
	ctx = loginAs(t, b, base, email(wijkregie.RolePrivacy))
	submit(t, ctx, "opening Nood-toegang from the menu", `nav a[href="/nood-toegang"]`, `#noodtoegang-bijschrift`)
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "opening the access", `a[href="/nood-toegang/`+es[0].ID+`"]`, `#spoor-bijschrift`)
	browsertest.CheckAxe(t, ctx)
	if trail := read(t, ctx, "reading the trail", chromedp.Text(chromedp.CSS(`table`))); !strings.Contains(trail, e.t("actie.casus.lezen")) {
		t.Errorf("the trail does not show the case read: %q", trail)
	}

	run(t, ctx, "judging it onterecht without a note", chromedp.Click(chromedp.CSS(`#oordeel-onterecht`)))
	submit(t, ctx, "recording the verdict", `main form button[type="submit"]`, `#toelichting-fout`)
	browsertest.CheckAxe(t, ctx)
	if !read(t, ctx, "reading the kept verdict", chromedp.Evaluate[bool](`document.querySelector('#oordeel-onterecht').checked`)) {
		t.Error("the verdict was not kept")
	}
	run(t, ctx, "writing why", chromedp.SendKeys(chromedp.CSS(`#toelichting`), "Geen spoed: de regisseur was bereikbaar."))
	submit(t, ctx, "recording the verdict", `main form button[type="submit"]`, `main .melding`)
	browsertest.CheckAxe(t, ctx)
	if msg := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`main .melding`))); !strings.Contains(msg, e.t("melding.noodtoegang.beoordeeld")) {
		t.Errorf("message %q", msg)
	}
}
