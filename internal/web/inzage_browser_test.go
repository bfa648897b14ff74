package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/demo"
	"wijkregie/internal/testdb"
)

// TestInzageInTheBrowser: the privacy officer opens Inzageverzoek from the
// menu, types a BSN that fails the elfproef — the error beside the field,
// the input kept —, corrects it and finds the person with the summary and
// the downloads. Every page on the way passes axe.
func TestInzageInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	p, bsn := e.inzageResident(t)
	base := e.srv.URL

	ctx := b.NewTab(t)
	run(t, ctx, "logging in as the privacy officer",
		chromedp.Navigate(base+"/inloggen"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email(wijkregie.RolePrivacy)),
		chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), demo.Password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/inzageverzoek"]`)),
	)
	submit(t, ctx, "opening Inzageverzoek from the menu", `nav a[href="/inzageverzoek"]`, `#bsn`)
	browsertest.CheckAxe(t, ctx)

	wrong := bsn[:8] + string('0'+(bsn[8]-'0'+1)%10)
	run(t, ctx, "typing a wrong BSN",
		chromedp.SendKeys(chromedp.CSS(`#bsn`), wrong),
		chromedp.SetValue(chromedp.CSS(`#geboortedatum`), "1984-05-17"),
	)
	submit(t, ctx, "searching with the wrong BSN", `main form button[type="submit"]`, `#bsn-fout`)
	browsertest.CheckAxe(t, ctx)
	if !read(t, ctx, "reading the kept input", chromedp.Evaluate[bool](
		`document.querySelector('#bsn').value === '`+wrong+`' && document.querySelector('#geboortedatum').value === '1984-05-17' && document.querySelector('#bsn').getAttribute('aria-invalid') === 'true'`)) {
		t.Error("the form lost the input, or does not mark the BSN invalid")
	}

	clear(t, ctx, `#bsn`)
	run(t, ctx, "typing the right BSN", chromedp.SendKeys(chromedp.CSS(`#bsn`), bsn))
	submit(t, ctx, "searching", `main form button[type="submit"]`, `#inzage-inhoud`)
	browsertest.CheckAxe(t, ctx)
	if href := read(t, ctx, "reading the PDF link", chromedp.Evaluate[string](`document.querySelector('#download-pdf').getAttribute('href')`)); href != "/personen/"+p.ID+"/inzage?formaat=pdf" {
		t.Errorf("PDF link %q", href)
	}
}
