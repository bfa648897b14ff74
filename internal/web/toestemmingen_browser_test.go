package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// TestConsentInTheBrowser: the regisseur records a consent for a child of
// 13 — the form asks the child and a parent, and refuses the child alone
// with the error beside the question —, finds it on the household page,
// withdraws it through the confirmation page and finds it among the
// ended ones. Every page on the way passes axe.
func TestConsentInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	h := e.consentHome(t)
	ggz := e.ggzID(t)
	base := e.srv.URL
	household := base + "/huishoudens/" + h.household

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the household's consents",
		chromedp.Navigate(household+"#toestemmingen"),
		chromedp.WaitVisible(chromedp.CSS(`#toestemmingen-kop`)),
	)
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "opening the form for the child of 13", `a[href="/personen/`+h.thirteen+`/toestemmingen/nieuw"]`, `#leeftijdsregel`)
	browsertest.CheckAxe(t, ctx)
	rule := read(t, ctx, "reading the age rule", chromedp.Text(chromedp.CSS(`#leeftijdsregel`)))
	if want := e.t("toestemming.regel.12_tot_16", "naam", h.names[h.thirteen], "leeftijd", 13); strings.TrimSpace(rule) != want {
		t.Errorf("the form says %q; want %q", rule, want)
	}
	givers := read(t, ctx, "reading the givers", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('input[name="gegevenDoor"]')].map(i => i.value)`))
	// The child first, then the parents in the household's order of
	// members: same start, same family name, then by id, which two
	// records made in one millisecond do not order by creation.
	parents := []string{h.mother, h.father}
	slices.Sort(parents)
	if len(givers) != 3 || givers[0] != "betrokkene" || !slices.Equal(slices.Sorted(slices.Values(givers[1:])), parents) {
		t.Errorf("the form asks %v; want the child and each parent", givers)
	}

	// The child alone: refused, the error beside the question.
	run(t, ctx, "filling in the form with the child alone",
		chromedp.Click(chromedp.CSS(`#gegevenDoor`)),
		chromedp.Click(chromedp.CSS(`#wijze-schriftelijk`)),
		chromedp.SetValue(chromedp.CSS(`#organisatie`), ggz),
		chromedp.Click(chromedp.CSS(`#doel-uitvoeren-plan`)),
		chromedp.Click(chromedp.CSS(`#domeinen-geestelijke-gezondheid`)),
	)
	submit(t, ctx, "recording the child's consent alone", `main form button[type="submit"]`, `#gegevenDoor-fout`)
	browsertest.CheckAxe(t, ctx)
	if !read(t, ctx, "reading the kept input", chromedp.Evaluate[bool](
		`document.querySelector('#gegevenDoor').checked && document.querySelector('#domeinen-geestelijke-gezondheid').checked && document.querySelector('#organisatie').value === '`+ggz+`'`)) {
		t.Error("the form lost the input after the error")
	}

	// With the mother: recorded, and listed as holding.
	run(t, ctx, "adding the mother", chromedp.Click(chromedp.CSS(`#gegevenDoor-`+h.mother)))
	submit(t, ctx, "recording the consent", `main form button[type="submit"]`, `table.toestemmingen-actief`)
	browsertest.CheckAxe(t, ctx)
	rows := rowTexts(t, ctx, `table.toestemmingen-actief`)
	if len(rows) != 1 || !strings.Contains(rows[0], "GGZ Kustland") || !strings.Contains(rows[0], h.names[h.mother]+" (ouder met gezag)") ||
		!strings.Contains(rows[0], h.names[h.thirteen]+" zelf") {
		t.Fatalf("holding consents: %q", rows)
	}

	// Withdrawn through the confirmation page, with a reason.
	submit(t, ctx, "asking to withdraw", `table.toestemmingen-actief button[type="submit"]`, `form[action$="/intrekken"]`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "giving a reason", chromedp.SendKeys(chromedp.CSS(`#reden`), "Daan vertelt het de GGZ liever zelf."))
	submit(t, ctx, "withdrawing", `form[action$="/intrekken"] button[type="submit"]`, `table.toestemmingen-beeindigd`)
	browsertest.CheckAxe(t, ctx)
	if n := count(t, ctx, `table.toestemmingen-actief`); n != 0 {
		t.Errorf("%d tables of holding consents after the withdrawal; want 0", n)
	}
	ended := rowTexts(t, ctx, `table.toestemmingen-beeindigd`)
	if len(ended) != 1 || !strings.Contains(ended[0], "Daan vertelt het de GGZ liever zelf.") || !strings.Contains(ended[0], "Ingetrokken op") {
		t.Errorf("ended consents: %q", ended)
	}
}
