package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// residentCase finds a demo case of the documented professional's with a
// current member of 16 or older, and returns the case, the member and
// their birth date.
func residentCase(t *testing.T, e *env) (caseID, personID string, born time.Time) {
	t.Helper()
	ctx := context.Background()
	q := e.store.R()
	cases, _, err := q.Cases(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true},
		store.CaseFilter{Open: true, CoordinatorID: e.users[wijkregie.RoleProfessional].ID, Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		ms, ps, err := q.HouseholdMembers(ctx, demo.MunicipalityID, c.HouseholdID)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ms {
			if m.Until.IsZero() && !ps[i].BirthDate.IsZero() && wijkregie.AgeOn(ps[i].BirthDate, time.Now()) >= 20 {
				return c.ID, ps[i].ID, ps[i].BirthDate
			}
		}
	}
	t.Fatal("no case of the documented professional with an adult member")
	return "", "", time.Time{}
}

// TestResidentLoginInTheBrowser: the regisseur opens the inlogcode page
// from the case page, is told beside the field to choose someone, makes a
// code and sees the slip; the resident, in a browser of their own, gives a
// wrong birth date (the message names neither part, the birth date stays
// and the code is emptied), then the right one, lands in Mijn Plan and
// logs out. Every page on the way passes axe.
func TestResidentLoginInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	caseID, personID, born := residentCase(t, e)
	base := e.srv.URL

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the case", chromedp.Navigate(base+"/casussen/"+caseID), chromedp.WaitVisible(chromedp.CSS(`#mijnplan-kop`)))
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "opening the inlogcode page", `a[href="/casussen/`+caseID+`/inlogcode"]`, `form[action="/casussen/`+caseID+`/inlogcode"]`)
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "making a code for no one", `main form button[type="submit"]`, `#persoon-fout`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "choosing the member", chromedp.Click(chromedp.CSS(`input[name="persoon"][value="`+personID+`"]`)))
	submit(t, ctx, "making the code", `main form button[type="submit"]`, `.briefje-code`)
	browsertest.CheckAxe(t, ctx)
	slip := read(t, ctx, "reading the code", chromedp.Text(chromedp.CSS(`.briefje-code`)))
	code := strings.TrimSpace(slip)
	if len(code) != 9 || code[4] != '-' {
		t.Fatalf("the slip shows %q; want a code in two groups of four", code)
	}
	address := read(t, ctx, "reading the address", chromedp.Text(chromedp.CSS(`.briefje-adres`)))
	if !strings.HasSuffix(strings.TrimSpace(address), "/mijnplan/inloggen?gemeente="+demo.MunicipalityID) {
		t.Errorf("the slip's address is %q", address)
	}

	// The resident, in a tab without the regisseur's session cookie
	// mattering: Mijn Plan reads its own cookie only.
	rctx := visit(t, b, base+"/mijnplan/inloggen?gemeente="+demo.MunicipalityID)
	wrong := born.AddDate(0, 0, 1).Format(time.DateOnly)
	run(t, rctx, "typing the code and a wrong birth date",
		chromedp.SendKeys(chromedp.CSS(`#inlogcode`), strings.ToLower(code)),
		chromedp.SetValue(chromedp.CSS(`#geboortedatum`), wrong),
	)
	submit(t, rctx, "logging in with the wrong birth date", `form[action="/mijnplan/inloggen"] button[type="submit"]`, `.melding-fout`)
	browsertest.CheckAxe(t, rctx)
	msg := read(t, rctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-fout`)))
	if !strings.Contains(msg, e.t("inwoner.fout.inloggen")) {
		t.Errorf("the message reads %q", msg)
	}
	kept := read(t, rctx, "reading the form", chromedp.Evaluate[[]string](
		`[document.querySelector('#inlogcode').value, document.querySelector('#geboortedatum').value]`))
	if kept[0] != "" || kept[1] != wrong {
		t.Errorf("after the error the form holds code %q and birth date %q; want no code and the date kept", kept[0], kept[1])
	}
	run(t, rctx, "typing the code and the right birth date",
		chromedp.SendKeys(chromedp.CSS(`#inlogcode`), code),
		chromedp.SetValue(chromedp.CSS(`#geboortedatum`), born.Format(time.DateOnly)),
	)
	submit(t, rctx, "logging in", `form[action="/mijnplan/inloggen"] button[type="submit"]`, `form[action="/mijnplan/uitloggen"]`)
	browsertest.CheckAxe(t, rctx)
	submit(t, rctx, "logging out", `form[action="/mijnplan/uitloggen"] button[type="submit"]`, `#inlogcode`)
	browsertest.CheckAxe(t, rctx)

	// The code was used: a second login is told so, in plain words.
	run(t, rctx, "typing the used code",
		chromedp.SendKeys(chromedp.CSS(`#inlogcode`), code),
		chromedp.SetValue(chromedp.CSS(`#geboortedatum`), born.Format(time.DateOnly)),
	)
	submit(t, rctx, "logging in again", `form[action="/mijnplan/inloggen"] button[type="submit"]`, `a[href="/mijnplan/inloggen"]`)
	browsertest.CheckAxe(t, rctx)
	if h1 := read(t, rctx, "reading the heading", chromedp.Text(chromedp.CSS(`h1`))); h1 != e.t("inwoner.verlopen.kop") {
		t.Errorf("a used code shows %q", h1)
	}
}
