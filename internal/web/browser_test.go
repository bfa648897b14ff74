package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/demo"
	"wijkregie/internal/testdb"
)

// run runs chromedp actions in a tab and fails the test on error.
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// read runs an action that returns a value, and fails the test on error.
func read[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// browserLogin logs in through the form, as a person would, and waits for
// the home page.
func browserLogin(t *testing.T, ctx context.Context, base string, role wijkregie.Role) {
	t.Helper()
	run(t, ctx, "logging in as "+string(role),
		chromedp.Navigate(base+"/inloggen"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email(role)),
		chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), demo.Password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.tegels`)),
	)
}

// visit opens a page in a new tab (the tabs share the login) and checks
// it with axe.
func visit(t *testing.T, b *browsertest.Browser, url string) context.Context {
	t.Helper()
	ctx := b.NewTab(t)
	run(t, ctx, "opening "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	browsertest.CheckAxe(t, ctx)
	return ctx
}

// TestAccessibility logs in as every demo role through the form and runs
// axe (WCAG 2.1 A and AA) on every page the role may see, on the error
// pages and on forms that came back with errors.
func TestAccessibility(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	id := e.ids(t)
	base := e.srv.URL

	t.Run("anonymous", func(t *testing.T) {
		visit(t, b, base+"/inloggen")
		visit(t, b, base+"/bestaat-niet")
		// A failed login: the form with its error summary.
		ctx := b.NewTab(t)
		run(t, ctx, "failed login",
			chromedp.Navigate(base+"/inloggen"),
			chromedp.SendKeys(chromedp.CSS(`#email`), "niemand@duinhaven.example"),
			chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), "fout wachtwoord"),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[role="alert"]`)),
		)
		browsertest.CheckAxe(t, ctx)
	})

	for _, role := range wijkregie.Roles {
		t.Run(string(role), func(t *testing.T) {
			login := b.NewTab(t)
			browserLogin(t, login, base, role)
			browsertest.CheckAxe(t, login)
			if role == wijkregie.RoleAdmin || role == wijkregie.RolePrivacy {
				browserSetUpSecondFactor(t, login, base) // the audit log asks for it
			}
			for _, pg := range pageCases(id) {
				if contains(pg.ok, role) {
					visit(t, b, base+pg.path)
				}
			}
			visit(t, b, base+"/bestaat-niet")
			if role == wijkregie.RolePolicy {
				visit(t, b, base+"/beheer/auditlog") // the 403 page
			}
			if role == wijkregie.RoleProfessional {
				checkPersonPagesAxe(t, b, e, base, id)
			}
			if role == wijkregie.RoleProfessional || role == wijkregie.RolePartner {
				// The signal form that came back with errors.
				ctx := b.NewTab(t)
				run(t, ctx, "submitting an empty signal",
					chromedp.Navigate(base+"/signalen/nieuw"),
					chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
					chromedp.WaitVisible(chromedp.CSS(`#onderwerp-fout`)),
				)
				browsertest.CheckAxe(t, ctx)
			}
			if role != wijkregie.RoleAdmin {
				return
			}
			// Forms that came back with errors.
			for _, form := range []string{"/beheer/organisaties/nieuw", "/beheer/teams/nieuw", "/beheer/medewerkers/nieuw", "/beheer/sociale-kaart/nieuw"} {
				ctx := b.NewTab(t)
				run(t, ctx, "submitting an empty "+form,
					chromedp.Navigate(base+form),
					chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
					chromedp.WaitVisible(chromedp.CSS(`#naam-fout`)),
				)
				browsertest.CheckAxe(t, ctx)
			}
			// The chain check, swapped in by htmx.
			ctx := visit(t, b, base+"/beheer/auditlog")
			run(t, ctx, "checking the chain",
				chromedp.Click(chromedp.CSS(`form[action="/beheer/auditlog/controle"] button`)),
				chromedp.WaitVisible(chromedp.CSS(`#keten-resultaat .melding`)),
			)
			result := read(t, ctx, "reading the result", chromedp.Text(chromedp.CSS(`#keten-resultaat`)))
			if !strings.Contains(result, "De keten is intact") {
				t.Errorf("chain check result = %q", result)
			}
			browsertest.CheckAxe(t, ctx)
			// A new token: the page that shows the secret once.
			ctx = b.NewTab(t)
			run(t, ctx, "creating a token",
				chromedp.Navigate(base+"/account"),
				chromedp.SendKeys(chromedp.CSS(`#token-naam`), "Testkoppeling"),
				chromedp.Click(chromedp.CSS(`form[action="/account/tokens"] button`)),
				chromedp.WaitVisible(chromedp.CSS(`#nieuw-token`)),
			)
			browsertest.CheckAxe(t, ctx)
		})
	}
}

// TestProfessionalFindsAPerson: home → huishoudens → a household → a
// person, by clicking.
func TestProfessionalFindsAPerson(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	ctx := b.NewTab(t)
	browserLogin(t, ctx, e.srv.URL, wijkregie.RoleProfessional)
	run(t, ctx, "walking to a person",
		chromedp.Click(chromedp.CSS(`header nav a[href="/huishoudens"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#huishoudens-bijschrift`)),
		chromedp.Click(chromedp.CSS(`#lijst tbody th a`)),
		chromedp.WaitVisible(chromedp.CSS(`#leden-bijschrift`)),
		chromedp.Click(chromedp.CSS(`#leden-bijschrift ~ tbody th a`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/auditlog"]`)),
	)
	h1 := read(t, ctx, "reading the heading", chromedp.Text(chromedp.CSS(`h1`)))
	bsn := read(t, ctx, "reading the BSN", chromedp.Text(chromedp.CSS(`dl.details dd`)))
	loc := read(t, ctx, "reading the location", chromedp.Location())
	if !strings.Contains(loc, "/personen/") || h1 == "" {
		t.Errorf("ended at %s with h1 %q; want a person page", loc, h1)
	}
	if !strings.HasPrefix(bsn, "******") && bsn != e.t("leeg.geen_bsn") {
		t.Errorf("BSN shown as %q; want it masked", bsn)
	}
	browsertest.CheckAxe(t, ctx)
}

// TestAdminCreatesOrganisation fills in the form and finds the result in
// the list.
func TestAdminCreatesOrganisation(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	ctx := b.NewTab(t)
	browserLogin(t, ctx, e.srv.URL, wijkregie.RoleAdmin)
	run(t, ctx, "creating an organisation",
		chromedp.Click(chromedp.CSS(`a[href="/beheer/organisaties/nieuw"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#naam`)),
		chromedp.SendKeys(chromedp.CSS(`#naam`), "Speeltuinvereniging De Zandbak"),
		chromedp.SetValue(chromedp.CSS(`#soort`), "overig"),
		chromedp.SendKeys(chromedp.CSS(`#telefoon`), "0120 44 55 66"),
		chromedp.SendKeys(chromedp.CSS(`#email`), "bestuur@dezandbak.example"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.melding-succes`)),
	)
	message := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`)))
	list := read(t, ctx, "reading the list", chromedp.Text(chromedp.CSS(`table.tabel`)))
	if message != e.t("melding.organisatie.aangemaakt") {
		t.Errorf("message = %q; want %q", message, e.t("melding.organisatie.aangemaakt"))
	}
	if !strings.Contains(list, "Speeltuinvereniging De Zandbak") {
		t.Error("the new organisation is not in the list")
	}
	browsertest.CheckAxe(t, ctx)
}
