package web_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
)

// checkPersonPagesAxe runs axe on the pages of finding and registering
// persons that only a form post reaches: search results, forms that came
// back with errors, and the warning about possible duplicates. The
// professional is logged in.
func checkPersonPagesAxe(t *testing.T, b *browsertest.Browser, e *env, base string, id ids) {
	t.Helper()
	ctx := t.Context()
	m := e.actor(wijkregie.RoleProfessional).MunicipalityID
	h, err := e.store.R().Household(ctx, m, id.household)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.store.R().Person(ctx, m, id.person)
	if err != nil || p.BirthDate.IsZero() {
		t.Fatalf("demo person %s: %v, born %v; the test needs a birth date", id.person, err, p.BirthDate)
	}
	steps := []struct {
		what    string
		actions []chromedp.Action[chromedp.Void]
	}{
		{"search results", []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/personen/zoeken"),
			chromedp.SendKeys(chromedp.CSS(`#postcode`), h.Address.Postcode),
			chromedp.SendKeys(chromedp.CSS(`#huisnummer`), strconv.Itoa(h.Address.Number)),
			chromedp.Submit(chromedp.CSS(`#huisnummer`)),
			chromedp.WaitVisible(chromedp.CSS(`#resultaten-bijschrift`)),
		}},
		{"search by an invalid BSN", []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/personen/zoeken"),
			chromedp.SendKeys(chromedp.CSS(`#bsn`), "123456789"),
			chromedp.Submit(chromedp.CSS(`#bsn`)),
			chromedp.WaitVisible(chromedp.CSS(`#bsn-fout`)),
		}},
		{"new person with an invalid BSN", []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/personen/nieuw"),
			chromedp.SendKeys(chromedp.CSS(`#bsn`), "12345678a"),
			chromedp.Submit(chromedp.CSS(`#bsn`)),
			chromedp.WaitVisible(chromedp.CSS(`#bsn-fout`)),
		}},
		{"possible duplicates", []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/personen/nieuw"),
			chromedp.SendKeys(chromedp.CSS(`#achternaam`), p.FamilyName),
			chromedp.SetValue(chromedp.CSS(`#geboortedatum`), p.BirthDate.Format(time.DateOnly)),
			chromedp.Submit(chromedp.CSS(`#achternaam`)),
			chromedp.WaitVisible(chromedp.CSS(`#dubbel-bijschrift`)),
		}},
		{"new member without a name", []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/huishoudens/" + id.household),
			chromedp.SetValue(chromedp.CSS(`#lid-vanaf`), ""),
			chromedp.Submit(chromedp.CSS(`#lid-achternaam`)),
			chromedp.WaitVisible(chromedp.CSS(`#lid-achternaam-fout`)),
		}},
		{"new household without an address", []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/huishoudens/nieuw?persoon=" + id.person),
			chromedp.Submit(chromedp.CSS(`#straat`)),
			chromedp.WaitVisible(chromedp.CSS(`#straat-fout`)),
		}},
	}
	for _, st := range steps {
		tab := b.NewTab(t)
		run(t, tab, st.what, st.actions...)
		browsertest.CheckAxe(t, tab)
	}
}
