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

// TestMergeInBrowser walks a professional through merging a duplicate, by
// clicking, and runs axe (WCAG 2.1 A and AA) on every page of it: the
// start, a search that came back with an error, the comparison, the
// comparison with its error, the person after the merge, the merged
// record, and a comparison that cannot be merged (two BSNs).
func TestMergeInBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	keep, dup := mergePair(t, e)
	other, err := e.svc.RegisterPerson(context.Background(), e.actor(wijkregie.RoleProfessional),
		wijkregie.PersonInput{FamilyName: keep.FamilyName, BSN: "111222333"}, true)
	if err != nil {
		t.Fatal(err)
	}
	base := e.srv.URL
	start := "/personen/" + keep.ID + "/samenvoegen"
	confirm := start + "/" + dup.ID

	ctx := b.NewTab(t)
	browserLogin(t, ctx, base, wijkregie.RoleProfessional)
	run(t, ctx, "opening the merge from the person page",
		chromedp.Navigate(base+"/personen/"+keep.ID),
		chromedp.Click(chromedp.CSS(`a[href="`+start+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#dubbelen-bijschrift`)),
	)
	browsertest.CheckAxe(t, ctx)

	run(t, ctx, "searching by an invalid BSN",
		chromedp.SendKeys(chromedp.CSS(`#bsn`), "123456789"),
		chromedp.Submit(chromedp.CSS(`#bsn`)),
		chromedp.WaitVisible(chromedp.CSS(`#bsn-fout`)),
	)
	browsertest.CheckAxe(t, ctx)
	if loc := read(t, ctx, "reading the location", chromedp.Location()); strings.Contains(loc, "123456789") {
		t.Errorf("the BSN is in the URL %s", loc)
	}

	run(t, ctx, "choosing the duplicate",
		chromedp.Click(chromedp.CSS(`#dubbelen-bijschrift ~ tbody a[href="`+confirm+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#vergelijking-bijschrift`)),
	)
	browsertest.CheckAxe(t, ctx)

	run(t, ctx, "merging without ticking the box",
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#bevestig-fout`)),
	)
	browsertest.CheckAxe(t, ctx)

	run(t, ctx, "merging",
		chromedp.Click(chromedp.CSS(`#bevestig`)),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.melding-succes`)),
	)
	browsertest.CheckAxe(t, ctx)
	if loc := read(t, ctx, "reading the location", chromedp.Location()); !strings.HasSuffix(loc, "/personen/"+keep.ID) {
		t.Errorf("after the merge at %s; want the person that stays", loc)
	}
	if msg := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); msg != e.t("melding.persoon.samengevoegd") {
		t.Errorf("message = %q", msg)
	}

	run(t, ctx, "opening the merged record",
		chromedp.Navigate(base+"/personen/"+dup.ID),
		chromedp.WaitVisible(chromedp.CSS(`#samengevoegd-kop`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "following the link to the person that stays",
		chromedp.Click(chromedp.CSS(`main .melding a[href="/personen/`+keep.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="`+start+`"]`)),
	)

	run(t, ctx, "comparing two records with different BSNs",
		chromedp.Navigate(base+start+"/"+other.ID),
		chromedp.WaitVisible(chromedp.CSS(`#bsn-verschilt-kop`)),
	)
	browsertest.CheckAxe(t, ctx)
}
