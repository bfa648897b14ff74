package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// TestRetentionInTheBrowser: beheer opens Bewaartermijnen from the menu,
// tries a Jeugdwet period under 20 years — refused beside the field, the
// input kept —, saves a valid one and runs a dry run, whose table of
// counts appears. Every page passes axe.
func TestRetentionInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	base := e.srv.URL
	ctx := loginAs(t, b, base, email(wijkregie.RoleAdmin))
	submit(t, ctx, "opening Bewaartermijnen from the menu", `nav a[href="/bewaartermijnen"]`, `#jeugddossierJaren`)
	browsertest.CheckAxe(t, ctx)

	run(t, ctx, "entering 15 years for Jeugdwet files",
		chromedp.SetValue(chromedp.CSS(`#jeugddossierJaren`), "15"),
		chromedp.SetValue(chromedp.CSS(`#sociaalDossierJaren`), "8"),
	)
	submit(t, ctx, "saving", `form[action="/bewaartermijnen"] button[type="submit"]`, `#jeugddossierJaren-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the error", chromedp.Text(chromedp.CSS(`#jeugddossierJaren-fout`))); !strings.Contains(got, e.t("veld.bewaartermijn.jeugdwet")) {
		t.Errorf("the error beside the field says %q", got)
	}
	if got := read(t, ctx, "reading the kept input", chromedp.Evaluate[string](`document.querySelector('#sociaalDossierJaren').value`)); got != "8" {
		t.Errorf("the other period after the error: %q; want the 8 entered", got)
	}

	run(t, ctx, "entering 20 years", chromedp.SetValue(chromedp.CSS(`#jeugddossierJaren`), "20"))
	submit(t, ctx, "saving", `form[action="/bewaartermijnen"] button[type="submit"]`, `form[action="/bewaartermijnen/proefdraai"]`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the saved period", chromedp.Evaluate[string](`document.querySelector('#sociaalDossierJaren').value`)); got != "8" {
		t.Errorf("saved period %q; want 8", got)
	}

	submit(t, ctx, "starting a dry run", `form[action="/bewaartermijnen/proefdraai"] button[type="submit"]`, `#proefdraai`)
	browsertest.CheckAxe(t, ctx)
	if rows := rowTexts(t, ctx, `#proefdraai`); len(rows) != 6 {
		t.Errorf("dry run rows %q; want six kinds", rows)
	}
}
