package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// zeedorp is a second municipality on the platform with a team and its
// lead, who logs in with the demo password.
func (e *env) zeedorp(t *testing.T) (teamID, leadEmail string) {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(demo.Password, cheap)
	if err != nil {
		t.Fatal(err)
	}
	leadEmail = "teamleider@zeedorp.example"
	err = e.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: "GM9907", Name: "Zeedorp"}); err != nil {
			return err
		}
		tm := &wijkregie.Team{MunicipalityID: "GM9907", Name: "Wijkteam Zeedorp", Areas: []string{"9990-9999"}, Active: true}
		if err := q.CreateTeam(ctx, tm); err != nil {
			return err
		}
		teamID = tm.ID
		return q.CreateUser(ctx, &wijkregie.User{MunicipalityID: "GM9907", Email: leadEmail, Name: "Zara Zeedorp",
			Role: wijkregie.RoleTeamLead, TeamID: tm.ID, Active: true}, hash)
	})
	if err != nil {
		t.Fatal(err)
	}
	return teamID, leadEmail
}

// loginAt logs in through the form on a platform of several
// municipalities: the form asks which one first.
func loginAt(t *testing.T, b *browsertest.Browser, base, municipality, email string) context.Context {
	t.Helper()
	ctx := b.NewTab(t)
	run(t, ctx, "logging in as "+email,
		chromedp.Navigate(base+"/inloggen"),
		chromedp.WaitVisible(chromedp.CSS(`#gemeente`)),
		chromedp.SetValue(chromedp.CSS(`#gemeente`), municipality),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), demo.Password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.tegels`)),
	)
	return ctx
}

// TestHandoverInTheBrowser is the "Done when" in the UI: the
// regisseur records that the family moved to another municipality (a bad
// postcode refused beside its field, the input kept), finds the proposal
// on the case, offers the case to the team there (no reason: refused
// beside the field); that team's lead finds the offer under Overdrachten,
// reads the plan in it, tries to decline without a reason (refused beside
// the field), accepts with themself as regisseur, and opens the case in
// their own municipality with its plan. Every page passes axe.
func TestHandoverInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	testdb.Each(t, func(t *testing.T, s *store.Store) { handoverInTheBrowser(t, b, s) })
}

func handoverInTheBrowser(t *testing.T, b *browsertest.Browser, s *store.Store) {
	e := newEnv(t, s)
	w := e.workCases(t)
	teamID, leadEmail := e.zeedorp(t)
	cv, err := e.svc.Case(context.Background(), e.actor(wijkregie.RoleProfessional), w.planned)
	if err != nil {
		t.Fatal(err)
	}
	base := e.srv.URL

	ctx := loginAt(t, b, base, demo.MunicipalityID, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the household", chromedp.Navigate(base+"/huishoudens/"+cv.Household.ID))
	submit(t, ctx, "opening the move form", `main a[href="/huishoudens/`+cv.Household.ID+`/adres"]`, `#straat`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "filling in an address with a bad postcode",
		chromedp.SendKeys(chromedp.CSS(`#straat`), "Zeeweg"),
		chromedp.SendKeys(chromedp.CSS(`#huisnummer`), "12"),
		chromedp.SendKeys(chromedp.CSS(`#postcode`), "99ZZ"),
		chromedp.SendKeys(chromedp.CSS(`#woonplaats`), "Zeedorp"))
	submit(t, ctx, "saving the move", `main form button[type="submit"]`, `#postcode-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the kept street", chromedp.Evaluate[string](`document.querySelector('#straat').value`)); got != "Zeeweg" {
		t.Errorf("the street came back as %q", got)
	}
	clear(t, ctx, `#postcode`)
	run(t, ctx, "correcting the postcode", chromedp.SendKeys(chromedp.CSS(`#postcode`), "9991 ab"))
	submit(t, ctx, "saving the move", `main form button[type="submit"]`, `#overdracht-voorstel`)
	browsertest.CheckAxe(t, ctx)

	submit(t, ctx, "proposing the handover", `#overdracht a.knop`, `#naar`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the prefilled receiver", chromedp.Evaluate[string](`document.querySelector('#naar').value`)); got != "extern" {
		t.Errorf("the form proposes %q; want outside the municipality", got)
	}
	run(t, ctx, "choosing the team in Zeedorp", chromedp.SetValue(chromedp.CSS(`#naar`), "GM9907/"+teamID))
	submit(t, ctx, "offering without a reason", `main form button[type="submit"]`, `#reden-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the kept receiver", chromedp.Evaluate[string](`document.querySelector('#naar').value`)); got != "GM9907/"+teamID {
		t.Errorf("the receiver came back as %q", got)
	}
	run(t, ctx, "giving the reason", chromedp.SendKeys(chromedp.CSS(`#reden`), "Het gezin is verhuisd naar Zeedorp."))
	submit(t, ctx, "offering the handover", `main form button[type="submit"]`, `#overdracht-gegevens`)
	browsertest.CheckAxe(t, ctx)

	// The lead in Zeedorp.
	b2 := browsertest.New(t)
	lctx := loginAt(t, b2, base, "GM9907", leadEmail)
	submit(t, lctx, "opening Overdrachten from the menu", `nav a[href="/overdrachten"]`, `#ontvangen-kop`)
	browsertest.CheckAxe(t, lctx)
	submit(t, lctx, "opening the offer", `main table a`, `#aanbod`)
	browsertest.CheckAxe(t, lctx)
	if goals := read(t, lctx, "reading the plan", chromedp.Text(chromedp.CSS(`#aanbod-doelen`))); strings.TrimSpace(goals) == "" {
		t.Error("the offer shows no goals")
	}
	submit(t, lctx, "declining without a reason", `form[action$="/afwijzing"] button`, `#afw-reden-fout`)
	browsertest.CheckAxe(t, lctx)
	u, _, err := e.store.R().UserByEmail(context.Background(), "GM9907", leadEmail)
	if err != nil {
		t.Fatal(err)
	}
	run(t, lctx, "choosing the regisseur", chromedp.SetValue(chromedp.CSS(`#acc-regisseur`), u.ID))
	submit(t, lctx, "accepting", `form[action$="/acceptatie"] button`, `main .melding`)
	browsertest.CheckAxe(t, lctx)
	hs, _, err := e.store.R().TeamHandovers(context.Background(), "GM9907", teamID)
	if err != nil || len(hs) != 0 {
		t.Fatalf("sent by Zeedorp: %v, %v", hs, err)
	}
	_, received, _ := e.store.R().TeamHandovers(context.Background(), "GM9907", teamID)
	if len(received) != 1 || received[0].ReceivedCaseID == "" {
		t.Fatalf("received %+v", received)
	}
	run(t, lctx, "opening the case in Zeedorp", chromedp.Navigate(base+"/casussen/"+received[0].ReceivedCaseID),
		chromedp.WaitVisible(chromedp.CSS(`#casus-stand`)))
	browsertest.CheckAxe(t, lctx)
	if page := read(t, lctx, "reading the case", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(page, "Zara Zeedorp") {
		t.Errorf("the case there does not name its new regisseur: %.400s", page)
	}
}
