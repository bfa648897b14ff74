package web_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// TestImportInTheBrowser: the team lead finds the upload in the menu,
// sends the form without a file (the error beside the field), tries the
// sample file as a dry run and then imports it, and reads the counts and
// the rejected rows. Every page on the way passes axe.
func TestImportInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	base := e.srv.URL
	sample, err := filepath.Abs("../../docs/voorbeelden/betalingsachterstanden.csv")
	if err != nil {
		t.Fatal(err)
	}

	ctx := loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	submit(t, ctx, "opening the upload from the menu", `nav a[href="/vroegsignalering/inlezen"]`, `input#bestand`)
	browsertest.CheckAxe(t, ctx)

	// No file: the error beside the field, the box kept.
	run(t, ctx, "ticking the dry run", chromedp.Click(chromedp.CSS(`#proefrun`)))
	submit(t, ctx, "sending no file", `main form button[type="submit"]`, `#bestand-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the error", chromedp.Text(chromedp.CSS(`#bestand-fout`))); !strings.Contains(got, e.t("veld.inlezen.geen_bestand")) {
		t.Errorf("beside the field: %q", got)
	}
	if !read(t, ctx, "reading the box", chromedp.Evaluate[bool](`document.querySelector('#proefrun').checked`)) {
		t.Error("the dry-run box lost its tick")
	}

	// The sample file as a dry run.
	run(t, ctx, "choosing the sample file", chromedp.SetUploadFiles(chromedp.CSS(`#bestand`), []string{sample}))
	submit(t, ctx, "trying the file", `main form button[type="submit"]`, `#aantallen`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the heading", chromedp.Text(chromedp.CSS(`#resultaat-kop`))); got != e.t("inlezen.resultaat.proefrun") {
		t.Errorf("heading %q; want the dry run's", got)
	}

	// For real.
	run(t, ctx, "untick the dry run and choose the file again",
		chromedp.Click(chromedp.CSS(`#proefrun`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#bestand`), []string{sample}))
	submit(t, ctx, "importing the file", `main form button[type="submit"]`, `#afgewezen`)
	browsertest.CheckAxe(t, ctx)
	counts := rowTexts(t, ctx, `#aantallen`)
	// A row's text is its cells' text run together.
	if len(counts) != 7 || counts[1] != e.t("inlezen.aantallen.nieuw")+"6" || counts[5] != e.t("inlezen.aantallen.afgewezen")+"6" ||
		counts[6] != e.t("inlezen.aantallen.vroegsignalen")+"4" {
		t.Errorf("counts %q", counts)
	}
	rejected := rowTexts(t, ctx, `#afgewezen`)
	if len(rejected) != 6 || !strings.HasPrefix(rejected[0], "8achternaam") || !strings.HasPrefix(rejected[5], "13referentie") {
		t.Errorf("rejected rows %q", rejected)
	}
	submit(t, ctx, "going to the team's outreaches", `#resultaat a[href="/vroegsignalering"]`, `main h1`)
}
