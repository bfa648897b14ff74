package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// browserSetUpSecondFactor links a TOTP app on the account page as a
// person does: start, read the key off the page, type the app's code. The
// session is then stepped up.
func browserSetUpSecondFactor(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	run(t, ctx, "starting the second factor",
		chromedp.Navigate(base+"/account/tweede-factor"),
		chromedp.Click(chromedp.CSS(`form[action="/account/tweede-factor"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`code.sleutel`)),
	)
	key := browserKey(t, ctx)
	run(t, ctx, "confirming the second factor",
		chromedp.SendKeys(chromedp.CSS(`#code`), auth.TOTP(key, time.Now())),
		chromedp.Click(chromedp.CSS(`form[action="/account/tweede-factor/bevestigen"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`code.sleutel`)),
	)
}

// browserKey reads the TOTP key the setup page shows.
func browserKey(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	shown := read(t, ctx, "reading the key", chromedp.Text(chromedp.CSS(`code.sleutel`)))
	key, err := auth.DecodeTOTPSecret(strings.ReplaceAll(shown, " ", ""))
	if err != nil {
		t.Fatalf("the key shown %q is not base32: %v", shown, err)
	}
	return key
}

// TestSecondFactorBrowser: the privacy officer goes to the audit log, is
// asked to set up a second factor, links the app (a wrong code first,
// kept beside the field), lands on the log, and filters it by kind; a new
// session steps up with a code. Axe on every page.
func TestSecondFactorBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	base := e.srv.URL
	ctx := b.NewTab(t)
	browserLogin(t, ctx, base, wijkregie.RolePrivacy)

	run(t, ctx, "opening the audit log",
		chromedp.Navigate(base+"/beheer/auditlog"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/account/tweede-factor"] button`)),
	)
	if msg := read(t, ctx, "reading the notice", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(msg, e.t("melding.tweedefactor.instellen")) {
		t.Errorf("the setup page does not say why: %q", msg)
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "starting the setup",
		chromedp.Click(chromedp.CSS(`form[action="/account/tweede-factor"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`code.sleutel`)),
	)
	browsertest.CheckAxe(t, ctx)
	key := browserKey(t, ctx)
	if href := read(t, ctx, "reading the link", chromedp.AttributeValue(chromedp.CSS(`main a[href^="otpauth:"]`), "href")); !strings.HasPrefix(href.Value, "otpauth://totp/Wijkregie:") {
		t.Errorf("otpauth link = %q", href.Value)
	}

	// A wrong code: the message beside the field, the input kept.
	run(t, ctx, "a wrong code",
		chromedp.SendKeys(chromedp.CSS(`#code`), "000000"),
		chromedp.Click(chromedp.CSS(`form[action="/account/tweede-factor/bevestigen"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#code-fout`)),
	)
	browsertest.CheckAxe(t, ctx)
	if v := read(t, ctx, "reading the input", chromedp.Value(chromedp.CSS(`#code`))); v != "000000" {
		t.Errorf("the code field holds %q after the error; want the input kept", v)
	}
	run(t, ctx, "the right code",
		chromedp.Clear(chromedp.CSS(`#code`)),
		chromedp.SendKeys(chromedp.CSS(`#code`), auth.TOTP(key, time.Now())),
		chromedp.Click(chromedp.CSS(`form[action="/account/tweede-factor/bevestigen"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#auditlog-bijschrift`)),
	)
	browsertest.CheckAxe(t, ctx)

	// The log filtered by kind: the setup just done is a login event.
	// The filter swaps the list in place (htmx), the caption staying: the
	// old list is marked first, and the new one waited for.
	read(t, ctx, "marking the list", chromedp.Evaluate[bool](`document.querySelector('#lijst table').setAttribute('data-oud', ''), true`))
	run(t, ctx, "filtering by kind",
		chromedp.SetValue(chromedp.CSS(`#filter-soort`), "aanmelden"),
		chromedp.Click(chromedp.CSS(`form[action="/beheer/auditlog"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#lijst table:not([data-oud])`)),
	)
	table := read(t, ctx, "reading the log", chromedp.Text(chromedp.CSS(`#lijst table`)))
	if !strings.Contains(table, e.t("actie.tweede-factor.controleren")) || strings.Contains(table, e.t("auditsoort.zoeken")) {
		t.Errorf("the log filtered by aanmelden: %q", table)
	}
	browsertest.CheckAxe(t, ctx)

	// Another browser session of the same user steps up with a code.
	b2 := browsertest.New(t)
	ctx2 := b2.NewTab(t)
	browserLogin(t, ctx2, base, wijkregie.RolePrivacy)
	run(t, ctx2, "opening the log in a new session",
		chromedp.Navigate(base+"/beheer/auditlog"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/account/tweede-factor/controle"]`)),
	)
	browsertest.CheckAxe(t, ctx2)
	run(t, ctx2, "stepping up",
		chromedp.SendKeys(chromedp.CSS(`#code`), auth.TOTP(key, time.Now().Add(auth.TOTPStep))),
		chromedp.Click(chromedp.CSS(`form[action="/account/tweede-factor/controle"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#auditlog-bijschrift`)),
	)
	browsertest.CheckAxe(t, ctx2)
}
