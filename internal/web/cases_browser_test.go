package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// loginAs logs in through the form as the user with the e-mail address
// and returns the tab. The browser's tabs share one session, so the user
// logged in last is the one every tab acts as.
func loginAs(t *testing.T, b *browsertest.Browser, base, email string) context.Context {
	t.Helper()
	ctx := b.NewTab(t)
	run(t, ctx, "logging in as "+email,
		chromedp.Navigate(base+"/inloggen"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), demo.Password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.tegels`)),
	)
	return ctx
}

// registerSignal fills in the signal form for a family by its address, as
// a person does, and returns the new signal's id from the page it lands
// on.
func registerSignal(t *testing.T, ctx context.Context, base string, fam family, kind, source, reporter, description string, domains ...string) string {
	t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/"),
		chromedp.Click(chromedp.CSS(`header nav a[href="/signalen"]`)),
		chromedp.Click(chromedp.CSS(`main a[href="/signalen/nieuw"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#soort`)),
		chromedp.SetValue(chromedp.CSS(`#soort`), kind),
		chromedp.SendKeys(chromedp.CSS(`#straat`), fam.street),
		chromedp.SendKeys(chromedp.CSS(`#huisnummer`), fam.number),
		chromedp.SendKeys(chromedp.CSS(`#postcode`), fam.postcode),
		chromedp.SendKeys(chromedp.CSS(`#woonplaats`), "Duinhaven"),
		chromedp.SetValue(chromedp.CSS(`#bron`), source),
	}
	if reporter != "" {
		actions = append(actions, chromedp.SendKeys(chromedp.CSS(`#melder_naam`), reporter))
	}
	for _, d := range domains {
		actions = append(actions, chromedp.Click(chromedp.CSS(`input[name="domeinen"][value="`+d+`"]`)))
	}
	actions = append(actions,
		chromedp.SendKeys(chromedp.CSS(`#omschrijving`), description),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main dl.details`)),
	)
	run(t, ctx, "registering a "+kind, actions...)
	loc := read(t, ctx, "reading the location", chromedp.Location())
	m := signalPath.FindStringSubmatch(strings.TrimPrefix(loc, base))
	if m == nil {
		t.Fatalf("after registering: at %s; want a signal page", loc)
	}
	return m[1]
}

// TestSignalsToCaseInTheBrowser walks the front half of the method as its
// users do, in a real browser: a neighbour's concern and a GP's signal on
// the same family, the match shown to both (who, never what), triage
// meervoudig with the suggestion's reasons, a case, and the regisseur the
// team lead assigns from the suggestion, with the mandate on the case. A
// simple question is referred to the sociale kaart and opens no case.
// Every page on the way passes axe.
func TestSignalsToCaseInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	base := e.srv.URL
	proName, partnerName := e.users[wijkregie.RoleProfessional].Name, e.users[wijkregie.RolePartner].Name
	fam := family{"Vestingwal", "92", "2582 AB"}
	const (
		neighbour = "De buurvrouw hoort de kinderen 's nachts huilen."
		gp        = "Moeder slaapt slecht en heeft geldzorgen."
	)

	// The professional registers the neighbour's concern.
	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	first := registerSignal(t, ctx, base, fam, "zorgmelding", "buurtbewoner", "Buurvrouw", neighbour, "huiselijke-relaties")
	browsertest.CheckAxe(t, ctx)

	// The GP's practice reports the same family.
	ctx = loginAs(t, b, base, email(wijkregie.RolePartner))
	second := registerSignal(t, ctx, base, fam, "zorgmelding", "huisarts", "", gp, "geestelijke-gezondheid", "financien")
	matches := read(t, ctx, "reading the partner's matches", chromedp.Text(chromedp.CSS(`#matches-bijschrift`)))
	table := read(t, ctx, "reading the partner's matches", chromedp.Text(chromedp.CSS(`main table`)))
	if matches == "" || !strings.Contains(table, proName) || strings.Contains(table, neighbour) {
		t.Errorf("the partner's signal shows %q; want the professional named and nothing of what they know", table)
	}
	browsertest.CheckAxe(t, ctx)
	visit(t, b, base+"/casussen") // the partner's case list: empty, but theirs

	// The professional sees the match on their own signal too.
	ctx = loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the first signal", chromedp.Navigate(base+"/signalen/"+first), chromedp.WaitVisible(chromedp.CSS(`#matches-bijschrift`)))
	table = read(t, ctx, "reading the professional's matches", chromedp.Text(chromedp.CSS(`main table`)))
	if !strings.Contains(table, partnerName) || strings.Contains(table, gp) {
		t.Errorf("the professional's signal shows %q; want the partner named and nothing of what they know", table)
	}

	// Triage: the queue, the screen with the suggestion and its reasons.
	run(t, ctx, "opening the triage queue",
		chromedp.Click(chromedp.CSS(`header nav a[href="/triage"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#triage-bijschrift`)),
	)
	queue := read(t, ctx, "reading the queue", chromedp.Text(chromedp.CSS(`main table`)))
	if strings.Count(queue, "Vestingwal 92") != 2 {
		t.Errorf("the queue shows the family %d times; want both signals", strings.Count(queue, "Vestingwal 92"))
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening the triage screen",
		chromedp.Click(chromedp.CSS(`a[href="/signalen/`+second+`/triage"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#suggestie-kop`)),
	)
	suggestion := read(t, ctx, "reading the suggestion", chromedp.Text(chromedp.CSS(`section.melding`)))
	for _, want := range []string{
		e.t("triage.suggestie.kop", "besluit", e.t("triagebesluit.meervoudig")),
		e.t("triage.regel.domeinen", "aantal", 3, "drempel", 2),
		e.t("triage.suggestie.uitleg"),
	} {
		if !strings.Contains(suggestion, want) {
			t.Errorf("the suggestion %q lacks %q", suggestion, want)
		}
	}
	browsertest.CheckAxe(t, ctx)

	// Geen actie without a reason: the message beside the field, the
	// rest of the input kept.
	run(t, ctx, "deciding geen actie without a reason",
		chromedp.Click(chromedp.CSS(`#niveau-intensief`)),
		chromedp.SendKeys(chromedp.CSS(`#antwoord`), "Eerst de buurvrouw bellen."),
		chromedp.Click(chromedp.CSS(`#besluit-geen-actie`)),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#reden-fout`)),
	)
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`#reden-fout`))); !strings.Contains(got, e.t("veld.triage.reden")) {
		t.Errorf("message beside reden = %q", got)
	}
	kept := read(t, ctx, "reading the kept input", chromedp.Evaluate[[]any](
		`[document.querySelector('#besluit-geen-actie').checked, document.querySelector('#niveau-intensief').checked, document.querySelector('#antwoord').value]`))
	if len(kept) != 3 || kept[0] != true || kept[1] != true || kept[2] != "Eerst de buurvrouw bellen." {
		t.Errorf("input after the error = %v; want geen actie, intensief and the answer kept", kept)
	}
	browsertest.CheckAxe(t, ctx)

	// Meervoudig: the case opens and waits for the team lead's regisseur.
	run(t, ctx, "deciding meervoudig",
		chromedp.Click(chromedp.CSS(`#besluit-meervoudig`)),
		chromedp.Click(chromedp.CSS(`#niveau`)),
		chromedp.SendKeys(chromedp.CSS(`#reden`), "Zorgen op drie leefgebieden, twee melders."),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.melding-succes`)),
	)
	if got := read(t, ctx, "reading the confirmation", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.triage.casus_teamleider") {
		t.Errorf("confirmation = %q", got)
	}
	browsertest.CheckAxe(t, ctx)
	visit(t, b, base+"/signalen/"+second+"/triage") // the decision taken, with the suggestion at the time
	visit(t, b, base+"/casussen")
	visit(t, b, base+"/instellingen")

	// The team lead finds the case, sees the candidates ranked with the
	// numbers behind the rank, and assigns the first with the mandate.
	ctx = loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	visit(t, b, base+"/triage")
	visit(t, b, base+"/signalen/"+first+"/triage")
	visit(t, b, base+"/instellingen")
	run(t, ctx, "opening the case list",
		chromedp.Click(chromedp.CSS(`header nav a[href="/casussen"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#casussen-bijschrift`)),
	)
	browsertest.CheckAxe(t, ctx)
	href := read(t, ctx, "finding the family's case", chromedp.Evaluate[string](
		`([...document.querySelectorAll('#lijst tbody a')].find(a => a.textContent.includes('Vestingwal 92')) || {}).pathname || ''`))
	if !casePath.MatchString(href) {
		t.Fatalf("the lead's case list has no case for the family (%q)", href)
	}
	run(t, ctx, "opening the case",
		chromedp.Click(chromedp.CSS(`#lijst a[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#casus-stand`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening the assignment",
		chromedp.Click(chromedp.CSS(`#regisseur-kop ~ p a.knop`)),
		chromedp.WaitVisible(chromedp.CSS(`#kandidaten`)),
	)
	browsertest.CheckAxe(t, ctx)
	firstRow := read(t, ctx, "reading the first candidate", chromedp.Text(chromedp.CSS(`#kandidaten tbody tr`)))
	chosen := read(t, ctx, "reading the first candidate's name", chromedp.Text(chromedp.CSS(`#kandidaten tbody tr label`)))
	if !strings.HasPrefix(firstRow, "1") || !strings.Contains(firstRow, e.t("regisseur.suggestie")) {
		t.Errorf("first candidate row = %q; want rank 1, the suggestion", firstRow)
	}
	mandate := read(t, ctx, "reading the mandate", chromedp.Value(chromedp.CSS(`#bevoegdheden`)))
	if mandate != wijkregie.DefaultMandate {
		t.Errorf("mandate prefilled with %q; want the standard mandate", mandate)
	}
	run(t, ctx, "assigning the suggestion",
		chromedp.Click(chromedp.CSS(`#regisseur`)),
		chromedp.SendKeys(chromedp.CSS(`#reden`), "Eerste suggestie: passende expertise."),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#mandaat`)),
	)
	shown := read(t, ctx, "reading the mandate on the case", chromedp.Text(chromedp.CSS(`#mandaat`)))
	for _, want := range []string{chosen, wijkregie.DefaultMandate, e.users[wijkregie.RoleTeamLead].Name} {
		if !strings.Contains(shown, want) {
			t.Errorf("the mandate on the case %q lacks %q", shown, want)
		}
	}
	if state := read(t, ctx, "reading the case", chromedp.Text(chromedp.CSS(`#casus-stand`))); !strings.Contains(state, chosen) || !strings.Contains(state, e.t("casus.status.intake")) {
		t.Errorf("the case %q; want %s as regisseur, in intake", state, chosen)
	}
	browsertest.CheckAxe(t, ctx)
	caseURL := read(t, ctx, "reading the case's address", chromedp.Location())

	// The regisseur sees the mandate's powers as forms.
	var regisseurEmail string
	us, _, err := e.svc.Users(t.Context(), e.actor(wijkregie.RoleAdmin), store.UserFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if u.Name == chosen {
			regisseurEmail = u.Email
		}
	}
	if regisseurEmail == "" {
		t.Fatalf("no user named %q", chosen)
	}
	ctx = loginAs(t, b, base, regisseurEmail)
	run(t, ctx, "opening the case as its regisseur", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS(`#opschalen-kop`)))
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "escalating without saying to whom",
		chromedp.Submit(chromedp.CSS(`#opschaling-onderwerp`)),
		chromedp.WaitVisible(chromedp.CSS(`#opschaling-aan-fout`)),
	)
	browsertest.CheckAxe(t, ctx)

	// A simple question: referred to the sociale kaart, no case.
	ctx = loginAs(t, b, base, email(wijkregie.RoleProfessional))
	simple := family{"Kerkstraat", "302", "2581 AB"}
	question := registerSignal(t, ctx, base, simple, "hulpvraag", "zelf", "", "Meneer vraagt hulp bij zijn post en rekeningen.", "financien")
	run(t, ctx, "opening its triage",
		chromedp.Click(chromedp.CSS(`main a[href="/signalen/`+question+`/triage"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#suggestie-kop`)),
	)
	if got := read(t, ctx, "reading the suggestion", chromedp.Text(chromedp.CSS(`#suggestie-kop`))); got != e.t("triage.suggestie.kop", "besluit", e.t("triagebesluit.enkelvoudig")) {
		t.Errorf("suggestion for a simple question = %q", got)
	}
	service := read(t, ctx, "reading the first service", chromedp.Text(chromedp.CSS(`label[for="verwijzing"]`)))
	run(t, ctx, "referring it",
		chromedp.Click(chromedp.CSS(`#besluit`)),
		chromedp.Click(chromedp.CSS(`#verwijzing`)),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.melding-succes`)),
	)
	if got := read(t, ctx, "reading the confirmation", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.triage.verwezen") {
		t.Errorf("confirmation = %q", got)
	}
	run(t, ctx, "opening the signal",
		chromedp.Navigate(base+"/signalen/"+question),
		chromedp.WaitVisible(chromedp.CSS(`dl.details`)),
	)
	if got := read(t, ctx, "reading the signal", chromedp.Text(chromedp.CSS(`dl.details`))); !strings.Contains(got, e.t("signaalstatus.enkelvoudig")) {
		t.Errorf("the signal reads %q; want it handled", got)
	}
	run(t, ctx, "opening the decision",
		chromedp.Click(chromedp.CSS(`main a[href="/signalen/`+question+`/triage"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#besluit`)),
	)
	decision := read(t, ctx, "reading the decision", chromedp.Text(chromedp.CSS(`#besluit`)))
	if !strings.Contains(decision, service) || !strings.Contains(decision, e.t("triage.besluit.geen_casus")) {
		t.Errorf("the decision %q; want the referral to %s and no case", decision, service)
	}
	browsertest.CheckAxe(t, ctx)
	ctx = loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	run(t, ctx, "listing all cases",
		chromedp.Navigate(base+"/casussen?status=alle"),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	)
	if list := read(t, ctx, "reading the cases", chromedp.Text(chromedp.CSS(`#lijst`))); strings.Contains(list, "Kerkstraat 302") {
		t.Error("the referred question opened a case")
	}

	// Beheer changes the settings; a form that comes back with errors
	// passes axe too.
	ctx = loginAs(t, b, base, email(wijkregie.RoleAdmin))
	run(t, ctx, "opening the settings",
		chromedp.Click(chromedp.CSS(`header nav a[href="/instellingen"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#gewichtLicht`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "saving a bad weight",
		chromedp.SetValue(chromedp.CSS(`#gewichtLicht`), "0"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#gewichtLicht-fout`)),
	)
	browsertest.CheckAxe(t, ctx)
}
