package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// flowFamily is the family the flow works with, and its address as the
// lists show it.
type flowFamily struct {
	family
	address string // "Prinsessewal 140"
}

// newFamily returns an address in the area of the team lead's team (the
// documented professional's too) where nobody is registered yet. The
// demo's households of that team all have an open case, on which triage
// would join the signal instead of opening one; so the family comes in
// as new families do, through a signal on its address.
func (e *env) newFamily(t *testing.T) flowFamily {
	t.Helper()
	ctx := context.Background()
	lead := e.actor(wijkregie.RoleTeamLead)
	if team := e.users[wijkregie.RoleProfessional].TeamID; team != lead.TeamID {
		t.Fatalf("the demo professional is in team %s, the team lead in %s; the flow needs one team", team, lead.TeamID)
	}
	teams, err := e.svc.Teams(ctx, lead)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if tm.ID != lead.TeamID || len(tm.Areas) == 0 {
			continue
		}
		fam := flowFamily{family: family{"Prinsessewal", "140", tm.Areas[0][:4] + " ZX"}, address: "Prinsessewal 140"}
		ids, err := e.store.R().HouseholdsAtAddress(ctx, lead.MunicipalityID, wijkregie.Address{Street: fam.street, Number: 140, Postcode: fam.postcode})
		if err != nil || len(ids) > 0 {
			t.Fatalf("households at %s, %s: %v, %v; want none", fam.address, fam.postcode, ids, err)
		}
		return fam
	}
	t.Fatal("the team lead's team serves no postcode area")
	return flowFamily{}
}

// addMember registers a new member on the household page, as a person
// fills in its form.
func addMember(t *testing.T, ctx context.Context, given, surname, born string, rel wijkregie.Relation) {
	t.Helper()
	run(t, ctx, "registering "+given,
		chromedp.SendKeys(chromedp.CSS(`#lid-voornaam`), given),
		chromedp.SendKeys(chromedp.CSS(`#lid-achternaam`), surname),
		chromedp.SetValue(chromedp.CSS(`#lid-geboortedatum`), born),
		chromedp.SetValue(chromedp.CSS(`#lid-relatie`), string(rel)),
	)
	submit(t, ctx, "registering "+given, `form[action$="/leden"] button[type="submit"]`, `.melding-succes`)
	if got := read(t, ctx, "reading the members", chromedp.Text(chromedp.CSS(`table:has(#leden-bijschrift)`))); !strings.Contains(got, given+" "+surname) {
		t.Errorf("after registering %s the members read %q", given, got)
	}
}

// linkTo returns the path of the first link in the container whose text
// starts with the family's address (as lists show it: "Street 12,
// postcode"), or "".
func linkTo(t *testing.T, ctx context.Context, container, address string) string {
	t.Helper()
	return read(t, ctx, "finding the family in "+container, chromedp.Evaluate[string](
		`([...document.querySelectorAll('`+container+` a')].find(a => a.textContent.trim().startsWith(`+strconv.Quote(address+",")+`)) || {}).pathname || ''`))
}

// openFromMyTasks opens the family's case in a new tab the way the
// regisseur comes back to it: Mijn taken, then the case in the list of
// their cases. A new tab for each step: each has its own time limit.
func openFromMyTasks(t *testing.T, b *browsertest.Browser, base string, fam flowFamily) context.Context {
	t.Helper()
	ctx := b.NewTab(t)
	run(t, ctx, "opening Mijn taken", chromedp.Navigate(base+"/taken"), chromedp.WaitVisible(chromedp.CSS(`#mijn-casussen`)))
	href := linkTo(t, ctx, "#mijn-casussen", fam.address)
	if !casePath.MatchString(href) {
		t.Fatalf("Mijn taken does not list the case of %s among the regisseur's cases (%q)", fam.address, href)
	}
	run(t, ctx, "opening the case from Mijn taken",
		chromedp.Click(chromedp.CSS(`#mijn-casussen a[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#casus-stand`)),
	)
	return ctx
}

// backToCase follows the plan page's link back to the case.
func backToCase(t *testing.T, e *env, ctx context.Context) {
	t.Helper()
	href := read(t, ctx, "finding the way back", chromedp.Evaluate[string](
		`([...document.querySelectorAll('main a')].find(a => a.textContent.trim() === `+strconv.Quote(e.t("plan.terug_naar_casus"))+`) || {}).pathname || ''`))
	if !casePath.MatchString(href) {
		t.Fatalf("the page has no link back to the case (%q)", href)
	}
	run(t, ctx, "back to the case", chromedp.Click(chromedp.CSS(`main a[href="`+href+`"]`)), chromedp.WaitVisible(chromedp.CSS(`#casus-stand`)))
}

// caseState reads the case's status, level and regisseur as the case
// page shows them.
func caseState(t *testing.T, ctx context.Context) string {
	t.Helper()
	return read(t, ctx, "reading the case", chromedp.Text(chromedp.CSS(`#casus-stand`)))
}

// moveCase changes the case's status with the form on the case page.
func moveCase(t *testing.T, e *env, ctx context.Context, to wijkregie.CaseStatus, why string) {
	t.Helper()
	run(t, ctx, "choosing status "+string(to),
		chromedp.SetValue(chromedp.CSS(`#status-status`), string(to)),
		chromedp.SendKeys(chromedp.CSS(`#status-reden`), why),
	)
	submit(t, ctx, "moving the case to "+string(to), `form[action$="/status"] button[type="submit"]`, `.melding-succes`)
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.casus.status") {
		t.Errorf("after moving to %s the message reads %q", to, got)
	}
	if got := caseState(t, ctx); !strings.Contains(got, e.t("casus.status."+string(to))) {
		t.Errorf("after moving to %s the case reads %q", to, got)
	}
}

// assess fills in the ZRM form the page shows for the first person of
// the household: the levels by domain (with a rationale each), every
// other domain left niet beoordeeld. It returns the person's name as the
// form shows it.
func assess(t *testing.T, ctx context.Context, levels map[string]string, why string) string {
	t.Helper()
	person := read(t, ctx, "reading the first person", chromedp.Value(chromedp.CSS(`main form input[name="persoon"]`)))
	name := read(t, ctx, "reading the first person's name", chromedp.Text(chromedp.CSS(`main form fieldset.zrm-persoon legend`)))
	scored := 0
	for _, d := range wijkregie.Domains {
		level := zrmName(person, d.Code, "niveau")
		want, ok := levels[d.Code]
		if !ok {
			if got := controlValue(t, ctx, level); got != "0" {
				t.Errorf("%s starts at %q; want 0, niet beoordeeld", d.Code, got)
			}
			continue
		}
		scored++
		run(t, ctx, "scoring "+d.Code,
			chromedp.SetValue(chromedp.CSS(`#`+level), want),
			chromedp.SendKeys(chromedp.CSS(`#`+zrmName(person, d.Code, "toelichting")), why),
		)
	}
	if scored != len(levels) {
		t.Fatalf("scored %d domains; asked for %d", scored, len(levels))
	}
	submit(t, ctx, "saving the assessment", `main form button[type="submit"]`, `#zrm-raster`)
	return name
}

// shownGridRow returns the text of the person's row of the ZRM grid in the
// browser.
func shownGridRow(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	return read(t, ctx, "reading "+name+"'s row", chromedp.Evaluate[string](
		`[...document.querySelectorAll('#zrm-raster tbody tr')].map(r => r.innerText).find(s => s.startsWith(`+strconv.Quote(name)+`)) || ''`))
}

// savePlan presses the plan form's last save button and waits for the
// plan page.
func savePlan(t *testing.T, e *env, ctx context.Context, what string) {
	t.Helper()
	submit(t, ctx, what, `main form .knoppen:last-child button[value="opslaan"]`, `#plan-stand`)
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.plan.opgeslagen") {
		t.Errorf("%s: the message reads %q", what, got)
	}
}

// TestFlowIntakeToClosureInTheBrowser walks the whole method in a real
// browser, as new users walk it, on both stores: the team lead registers
// the school's worry about a family new to the team and who lives there,
// triages it meervoudig and assigns the regisseur; the regisseur assesses
// at intake, makes the full plan, records the family's agreement and the
// evaluation, finds the evaluation in Mijn taken, keeps the journal,
// measures again, settles a goal, scales down and closes with the
// outcome, the final assessment and the family's rating; the team lead
// reads how it ended. Every step starts where a user starts (home, Mijn
// taken, the triage queue, the case list) and goes on by clicking; every
// page on the way passes axe.
func TestFlowIntakeToClosureInTheBrowser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		b := browsertest.New(t)
		walkIntakeToClosure(t, b, newEnv(t, s))
	})
}

// walkIntakeToClosure is the flow on one store.
func walkIntakeToClosure(t *testing.T, b *browsertest.Browser, e *env) {
	base := e.srv.URL
	fam := e.newFamily(t)
	pro := e.users[wijkregie.RoleProfessional]
	const (
		worry     = "De mentor ziet dat de kinderen zonder ontbijt komen; moeder zegt dat het geld op is en dat ze niemand heeft om te vragen."
		goalMoney = "De huur en de vaste lasten worden elke maand betaald."
		goalNet   = "Moeder heeft mensen om op terug te vallen."
		critMoney = "Drie maanden op rij geen nieuwe achterstand."
		critNet   = "Moeder noemt twee mensen die ze kan bellen als het tegenzit."
		actMoney  = "Aanmelden bij de schuldhulpverlening"
		actNet    = "Netwerkberaad met zus en buurvrouw"
		contact   = "Huisbezoek: moeder heeft de aanmaningen op tafel gelegd; samen een overzicht gemaakt."
		progress  = "De betalingsregeling loopt; de eerste twee termijnen zijn betaald."
		remark    = "Fijn dat er iemand was die het overzicht hield."
	)

	// 1. The team lead registers the school's worry about a family new
	// to the team, registers who lives there, finds the signal in the
	// triage queue, decides meervoudig and assigns the documented
	// professional as regisseur.
	ctx := loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	browsertest.CheckAxe(t, ctx)
	sig := registerSignal(t, ctx, base, fam.family, string(wijkregie.SignalCareReport), string(wijkregie.SourceSchool), "Mentor groep 6",
		worry, "financien", "sociaal-netwerk")
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.signaal.aangemaakt") {
		t.Errorf("after registering the message reads %q", got)
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening the family's household",
		chromedp.Click(chromedp.CSS(`main dl.details a[href^="/huishoudens/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#lid-toevoegen`)),
	)
	if got := read(t, ctx, "reading the heading", chromedp.Text(chromedp.CSS(`h1`))); got != fam.address {
		t.Errorf("the household page is of %q; want %s", got, fam.address)
	}
	addMember(t, ctx, "Mirjam", "Zeeuwenberg", "1988-04-12", wijkregie.RelationParent)
	addMember(t, ctx, "Daan", "Zeeuwenberg", "2016-09-30", wijkregie.RelationChild)
	browsertest.CheckAxe(t, ctx)
	ctx = b.NewTab(t)
	run(t, ctx, "finding the signal in the triage queue",
		chromedp.Navigate(base+"/triage"),
		chromedp.WaitVisible(chromedp.CSS(`#triage-bijschrift`)),
	)
	if count(t, ctx, `main a[href="/signalen/`+sig+`/triage"]`) != 1 {
		t.Fatalf("the triage queue's first page does not offer the new signal: %q", rowTexts(t, ctx, "main"))
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening its triage",
		chromedp.Click(chromedp.CSS(`main a[href="/signalen/`+sig+`/triage"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#suggestie-kop`)),
	)
	if got := read(t, ctx, "reading the suggestion", chromedp.Text(chromedp.CSS(`#suggestie-kop`))); got != e.t("triage.suggestie.kop", "besluit", e.t("triagebesluit.meervoudig")) {
		t.Errorf("the suggestion reads %q; want meervoudig", got)
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "deciding meervoudig",
		chromedp.Click(chromedp.CSS(`#besluit-meervoudig`)),
		chromedp.Click(chromedp.CSS(`#niveau-intensief`)),
		chromedp.SendKeys(chromedp.CSS(`#reden`), "Zorgen over geld en over het netwerk; het gezin wil hulp."),
	)
	submit(t, ctx, "deciding meervoudig", `main form button[type="submit"]`, `#casus-stand`)
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.triage.casus") {
		t.Errorf("after triage the message reads %q", got)
	}
	state := caseState(t, ctx)
	for _, want := range []string{e.t("casus.geen_regisseur"), e.t("casus.niveau.intensief"), e.t("domein.financien"), e.t("domein.sociaal-netwerk")} {
		if !strings.Contains(state, want) {
			t.Errorf("the new case %q lacks %q", state, want)
		}
	}
	browsertest.CheckAxe(t, ctx)
	ctx = b.NewTab(t)
	run(t, ctx, "finding the case in the list",
		chromedp.Navigate(base+"/casussen"),
		chromedp.WaitVisible(chromedp.CSS(`#casussen-bijschrift`)),
	)
	href := linkTo(t, ctx, "#lijst", fam.address)
	if !casePath.MatchString(href) {
		t.Fatalf("the lead's case list has no case for %s (%q)", fam.address, href)
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening the assignment",
		chromedp.Click(chromedp.CSS(`#lijst a[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#regisseur-kop`)),
		chromedp.Click(chromedp.CSS(`#regisseur-kop ~ p a.knop`)),
		chromedp.WaitVisible(chromedp.CSS(`#kandidaten`)),
	)
	browsertest.CheckAxe(t, ctx)
	if n := count(t, ctx, `#kandidaten input[name="regisseur"][value="`+pro.ID+`"]`); n != 1 {
		t.Fatalf("%s is %d times among the candidates; want once", pro.Name, n)
	}
	run(t, ctx, "assigning the professional",
		chromedp.Click(chromedp.CSS(`#kandidaten input[name="regisseur"][value="`+pro.ID+`"]`)),
		chromedp.SendKeys(chromedp.CSS(`#reden`), "Kent de school en heeft ruimte."),
	)
	submit(t, ctx, "assigning the professional", `main form button[type="submit"]`, `#mandaat`)
	if got := read(t, ctx, "reading the mandate", chromedp.Text(chromedp.CSS(`#mandaat`))); !strings.Contains(got, pro.Name) || !strings.Contains(got, e.users[wijkregie.RoleTeamLead].Name) {
		t.Errorf("the mandate reads %q; want %s, assigned by the team lead", got, pro.Name)
	}
	if got := caseState(t, ctx); !strings.Contains(got, pro.Name) || !strings.Contains(got, e.t("casus.status.intake")) {
		t.Errorf("the assigned case reads %q; want %s as regisseur, in intake", got, pro.Name)
	}
	browsertest.CheckAxe(t, ctx)

	// 2. The regisseur finds the case among theirs and assesses at
	// intake: two domains of one person, the rest niet beoordeeld.
	ctx = loginAs(t, b, base, email(wijkregie.RoleProfessional))
	ctx = openFromMyTasks(t, b, base, fam)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the assessments", chromedp.Text(chromedp.CSS(`#casus-zrm`))); !strings.Contains(got, e.t("plan.casus.zrm_geen")) {
		t.Errorf("a new case's assessments read %q", got)
	}
	run(t, ctx, "opening the assessment form",
		chromedp.Click(chromedp.CSS(`#casus-zrm a[href$="/zrm/nieuw"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#moment`)),
	)
	browsertest.CheckAxe(t, ctx)
	if got := controlValue(t, ctx, "moment"); got != string(wijkregie.MomentIntake) {
		t.Errorf("the first assessment's moment is %q; want intake", got)
	}
	person := assess(t, ctx, map[string]string{"financien": "2", "sociaal-netwerk": "3"}, "Besproken met moeder tijdens het eerste huisbezoek.")
	row := shownGridRow(t, ctx, person)
	for _, want := range []string{"2 " + e.t("zrm.niveau.2"), "3 " + e.t("zrm.niveau.3"), e.t("zrm.niet_beoordeeld")} {
		if !strings.Contains(row, want) {
			t.Errorf("the intake grid's row %q lacks %q", row, want)
		}
	}
	if got := strings.Count(row, e.t("zrm.niet_beoordeeld")); got != len(wijkregie.Domains)-2 {
		t.Errorf("the intake grid has %d domains niet beoordeeld; want %d", got, len(wijkregie.Domains)-2)
	}
	browsertest.CheckAxe(t, ctx)

	// 3. The plan, full: what goes well, a worry, eigen kracht, the
	// support needed, two goals with their goed-genoeg criterion, date
	// and action. (A new tab: each has its own time limit.)
	ctx = openFromMyTasks(t, b, base, fam)
	run(t, ctx, "opening the plan form",
		chromedp.Click(chromedp.CSS(`#casus-plan a[href$="/plan/bewerken"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doel-0-omschrijving`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "writing the family's situation and the first goal",
		chromedp.Click(chromedp.CSS(`#variant-volledig`)),
		chromedp.SendKeys(chromedp.CSS(`#gaatGoed`), "De kinderen gaan elke dag naar school; moeder zoekt zelf hulp."),
		chromedp.SendKeys(chromedp.CSS(`#zorg-0-omschrijving`), "Betalingsachterstanden en geen overzicht over de post."),
		chromedp.SendKeys(chromedp.CSS(`#eigenKracht`), "Een zus die wil helpen met de administratie."),
		chromedp.SendKeys(chromedp.CSS(`#ondersteuningNodig`), "Schuldhulpverlening en een netwerkberaad."),
		chromedp.SetValue(chromedp.CSS(`#doel-0-domein`), "financien"),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-omschrijving`), goalMoney),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-goedGenoeg`), critMoney),
		chromedp.SetValue(chromedp.CSS(`#doel-0-streefdatum`), day(90)),
		chromedp.SetValue(chromedp.CSS(`#doel-0-eigenaar`), "gezin"),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-actie-0-wat`), actMoney),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-actie-0-wie`), "Moeder met de regisseur"),
		chromedp.SetValue(chromedp.CSS(`#doel-0-actie-0-wanneer`), day(14)),
		chromedp.Click(chromedp.CSS(`button[value="doel-toevoegen"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doel-1-omschrijving`)),
	)
	run(t, ctx, "writing the second goal",
		chromedp.SetValue(chromedp.CSS(`#doel-1-domein`), "sociaal-netwerk"),
		chromedp.SendKeys(chromedp.CSS(`#doel-1-omschrijving`), goalNet),
		chromedp.SendKeys(chromedp.CSS(`#doel-1-goedGenoeg`), critNet),
		chromedp.SetValue(chromedp.CSS(`#doel-1-streefdatum`), day(120)),
		chromedp.SetValue(chromedp.CSS(`#doel-1-eigenaar`), "netwerk"),
		chromedp.SendKeys(chromedp.CSS(`#doel-1-actie-0-wat`), actNet),
		chromedp.SendKeys(chromedp.CSS(`#doel-1-actie-0-wie`), "De regisseur"),
		chromedp.SetValue(chromedp.CSS(`#doel-1-actie-0-wanneer`), day(30)),
	)
	savePlan(t, e, ctx, "saving the plan")
	plan := read(t, ctx, "reading the plan", chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{e.t("plan.variant.volledig"), goalMoney, critMoney, actMoney, goalNet, critNet, actNet, e.t("plan.instemming.nee")} {
		if !strings.Contains(plan, want) {
			t.Errorf("the saved plan lacks %q", want)
		}
	}
	browsertest.CheckAxe(t, ctx)

	// The family agrees at the meeting: a new version with the
	// agreement and the evaluation date.
	ctx = openFromMyTasks(t, b, base, fam)
	run(t, ctx, "opening the plan to record the agreement",
		chromedp.Click(chromedp.CSS(`#casus-plan a[href$="/plan/bewerken"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#instemming-datum`)),
		chromedp.SetValue(chromedp.CSS(`#vastgesteldOp`), day(-1)),
		chromedp.SendKeys(chromedp.CSS(`#deelnemers`), "Mirjam, haar zus, de mentor en de regisseur"),
		chromedp.SetValue(chromedp.CSS(`#instemming-datum`), day(-1)),
		chromedp.SetValue(chromedp.CSS(`#instemming-wijze`), string(wijkregie.AgreedOrally)),
		chromedp.SetValue(chromedp.CSS(`#evaluatiedatum`), day(42)),
		chromedp.SendKeys(chromedp.CSS(`#notitie`), "Vastgesteld in het gezinsgesprek; moeder stemt mondeling in."),
	)
	savePlan(t, e, ctx, "recording the agreement")
	agreed := read(t, ctx, "reading the agreement", chromedp.Text(chromedp.CSS(`#plan-vaststelling`)))
	if !strings.Contains(agreed, e.t("instemming.wijze.mondeling")) || strings.Contains(agreed, e.t("plan.geen_evaluatiedatum")) {
		t.Errorf("the plan's agreement reads %q; want mondeling, with an evaluation date", agreed)
	}
	if versions := rowTexts(t, ctx, `section[aria-labelledby="versies-kop"]`); len(versions) != 2 {
		t.Errorf("the plan has %d versions; want the plan and its agreement", len(versions))
	}
	backToCase(t, e, ctx)
	moveCase(t, e, ctx, wijkregie.CasePlan, "Het plan is met het gezin gemaakt.")
	ctx = openFromMyTasks(t, b, base, fam)
	if got := read(t, ctx, "reading the plan on the case", chromedp.Text(chromedp.CSS(`#casus-plan-stand`))); !strings.Contains(got, e.t("plan.versie.nummer", "versie", 2)) ||
		!strings.Contains(got, e.t("instemming.wijze.mondeling")) {
		t.Errorf("the case's plan reads %q; want version 2, agreed mondeling", got)
	}
	moveCase(t, e, ctx, wijkregie.CaseExecution, "Het gezin heeft ingestemd; de uitvoering begint.")
	if got := read(t, ctx, "reading the case's tasks", chromedp.Text(chromedp.CSS(`#werk-taken`))); !strings.Contains(got, e.t("taak.soort.evaluatie")) {
		t.Errorf("the case's open tasks read %q; want the evaluation", got)
	}
	browsertest.CheckAxe(t, ctx)

	// 4. The evaluation waits in Mijn taken; the regisseur writes a
	// contact and a progress note in the journal.
	ctx = b.NewTab(t)
	run(t, ctx, "opening Mijn taken",
		chromedp.Navigate(base+"/taken"),
		chromedp.WaitVisible(chromedp.CSS(`#filter-soort`)),
		chromedp.SetValue(chromedp.CSS(`#filter-soort`), string(wijkregie.TaskEvaluation)),
	)
	submit(t, ctx, "showing the evaluations", `form[action="/taken"] button[type="submit"]`, `a[href="/taken"]`)
	var evaluation string
	for _, r := range rowTexts(t, ctx, "#mijn-taken") {
		if strings.Contains(r, fam.address+",") {
			evaluation = r
		}
	}
	if !strings.Contains(evaluation, e.t("taak.soort.evaluatie")) || !strings.Contains(evaluation, e.t("taak.stand.loopt")) {
		t.Errorf("Mijn taken's evaluation of %s reads %q; want a running evaluation", fam.address, evaluation)
	}
	browsertest.CheckAxe(t, ctx)
	href = linkTo(t, ctx, "#mijn-taken", fam.address)
	if !casePath.MatchString(href) {
		t.Fatalf("the evaluation does not lead to the case (%q)", href)
	}
	run(t, ctx, "opening the journal from the evaluation's case",
		chromedp.Click(chromedp.CSS(`#mijn-taken a[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#werk`)),
		chromedp.Click(chromedp.CSS(`#werk a[href$="/journaal#notitie-kop"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#notitie-kop`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "writing the home visit",
		chromedp.Click(chromedp.CSS(`#soort`)),
		chromedp.SetValue(chromedp.CSS(`#contactvorm`), string(wijkregie.ContactHomeVisit)),
		chromedp.SendKeys(chromedp.CSS(`#tekst`), contact),
	)
	submit(t, ctx, "writing the home visit", `form[action$="/journaal"] button[type="submit"]`, `.melding-succes`)
	run(t, ctx, "writing the progress",
		chromedp.Click(chromedp.CSS(`#soort-voortgang`)),
		chromedp.SendKeys(chromedp.CSS(`#tekst`), progress),
		chromedp.Click(chromedp.CSS(`#zichtbaarheid-betrokkenen`)),
	)
	submit(t, ctx, "writing the progress", `form[action$="/journaal"] button[type="submit"]`, `.melding-succes`)
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.journaal.toegevoegd") {
		t.Errorf("after the note the message reads %q", got)
	}
	notes := rowTexts(t, ctx, "#journaal")
	if len(notes) != 2 || !strings.Contains(notes[0], progress) || !strings.Contains(notes[0], e.t("journaal.soort.voortgang")) ||
		!strings.Contains(notes[1], contact) || !strings.Contains(notes[1], e.t("contactvorm.huisbezoek")) {
		t.Errorf("the journal = %q; want the progress above the home visit", notes)
	}
	browsertest.CheckAxe(t, ctx)

	// 5. The tussenmeting shows the change; a goal is reached in a new
	// plan version; the case scales down.
	ctx = openFromMyTasks(t, b, base, fam)
	if got := read(t, ctx, "reading the latest notes", chromedp.Text(chromedp.CSS(`#werk-journaal`))); !strings.Contains(got, contact) || !strings.Contains(got, progress) {
		t.Errorf("the case's latest notes %q lack the two notes", got)
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening the tussenmeting",
		chromedp.Click(chromedp.CSS(`#casus-zrm a[href$="/zrm/nieuw"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#moment`)),
	)
	if got := controlValue(t, ctx, "moment"); got != string(wijkregie.MomentInterim) {
		t.Errorf("the second assessment's moment is %q; want tussenmeting", got)
	}
	assess(t, ctx, map[string]string{"financien": "3", "sociaal-netwerk": "3"}, "Na drie maanden: regeling loopt, contact met zus.")
	row = shownGridRow(t, ctx, person)
	for _, want := range []string{"3 " + e.t("zrm.niveau.3"), e.t("zrm.verandering.hoger", "verschil", 1, "was", 2), e.t("zrm.verandering.gelijk", "was", 3)} {
		if !strings.Contains(row, want) {
			t.Errorf("the tussenmeting's row %q lacks %q", row, want)
		}
	}
	browsertest.CheckAxe(t, ctx)

	ctx = openFromMyTasks(t, b, base, fam)
	run(t, ctx, "opening the plan to settle the first goal",
		chromedp.Click(chromedp.CSS(`#casus-plan a[href$="/plan/bewerken"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doel-0-status`)),
		chromedp.SetValue(chromedp.CSS(`#doel-0-status`), string(wijkregie.GoalMet)),
		chromedp.SetValue(chromedp.CSS(`#doel-0-actie-0-status`), string(wijkregie.ActionDone)),
		chromedp.SendKeys(chromedp.CSS(`#notitie`), "De vaste lasten zijn drie maanden op tijd betaald."),
	)
	savePlan(t, e, ctx, "settling the first goal")
	goals := read(t, ctx, "reading the goals", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('article.plan-doel')].map(a => a.innerText)`))
	if len(goals) != 2 || !strings.Contains(goals[0], goalMoney) || !strings.Contains(goals[0], e.t("doel.status.bereikt")) ||
		!strings.Contains(goals[1], goalNet) || !strings.Contains(goals[1], e.t("doel.status.open")) {
		t.Errorf("the plan's goals = %q; want the first reached, the second open", goals)
	}
	browsertest.CheckAxe(t, ctx)
	backToCase(t, e, ctx)
	moveCase(t, e, ctx, wijkregie.CaseScaleDown, "Het eerste doel is bereikt; het netwerk neemt het over.")
	run(t, ctx, "scaling down to licht",
		chromedp.SetValue(chromedp.CSS(`#niveau-niveau`), string(wijkregie.LevelLight)),
		chromedp.SendKeys(chromedp.CSS(`#niveau-reden`), "De geldzaken lopen; lichte steun volstaat."),
	)
	submit(t, ctx, "scaling down to licht", `form[action$="/niveau"] button[type="submit"]`, `.melding-succes`)
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.casus.niveau") {
		t.Errorf("after scaling down the message reads %q", got)
	}
	if got := caseState(t, ctx); !strings.Contains(got, e.t("casus.niveau.licht")) || !strings.Contains(got, e.t("casus.status.afschalen")) {
		t.Errorf("after scaling down the case reads %q; want afschalen, licht", got)
	}
	browsertest.CheckAxe(t, ctx)

	// 6. The final assessment, made from the closure page, and the
	// closure with the outcome and the family's rating.
	ctx = openFromMyTasks(t, b, base, fam)
	run(t, ctx, "opening the closure",
		chromedp.Click(chromedp.CSS(`#werk a[href$="/afsluiten"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doelen`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "making the final assessment",
		chromedp.Click(chromedp.CSS(`main a[href$="/zrm/nieuw?moment=afsluiting"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#moment`)),
	)
	if got := controlValue(t, ctx, "moment"); got != string(wijkregie.MomentClosure) {
		t.Errorf("the assessment from the closure page has moment %q; want afsluiting", got)
	}
	assess(t, ctx, map[string]string{"financien": "4", "sociaal-netwerk": "4"}, "Bij de afsluiting: zelfstandig, met steun van zus.")
	row = shownGridRow(t, ctx, person)
	if want := e.t("zrm.verandering.hoger", "verschil", 1, "was", 3); strings.Count(row, want) != 2 {
		t.Errorf("the final grid's row %q does not show both domains up from 3", row)
	}

	ctx = openFromMyTasks(t, b, base, fam)
	run(t, ctx, "opening the closure again",
		chromedp.Click(chromedp.CSS(`#werk a[href$="/afsluiten"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doelen`)),
	)
	if n := count(t, ctx, `select[name^="doelen["]`); n != 1 {
		t.Errorf("the closure asks the final status of %d goals; want the one still open", n)
	}
	if got := read(t, ctx, "reading the settled goals", chromedp.Text(chromedp.CSS(`#doelen-afgerond`))); !strings.Contains(got, goalMoney) {
		t.Errorf("the closure's settled goals read %q", got)
	}
	final := read(t, ctx, "reading the final assessment's choice", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#eindmeting option')].map(o => o.value).filter(v => v)`))
	if len(final) != 1 {
		t.Fatalf("the closure offers %d final assessments; want the one just made", len(final))
	}
	run(t, ctx, "closing with the outcome and the family's rating",
		chromedp.SetValue(chromedp.CSS(`#reden`), wijkregie.ClosureGoalsMet),
		chromedp.Click(chromedp.CSS(`#kanZonderHulp`)),
		chromedp.Click(chromedp.CSS(`#problemenVerminderd`)),
		chromedp.Click(chromedp.CSS(`#doelenBereikt-deels`)),
		chromedp.SetValue(chromedp.CSS(`select[name^="doelen["]`), string(wijkregie.GoalPartlyMet)),
		chromedp.SetValue(chromedp.CSS(`#eindmeting`), final[0]),
		chromedp.SendKeys(chromedp.CSS(`#waardering`), "8"),
		chromedp.SendKeys(chromedp.CSS(`#opmerking`), remark),
		chromedp.SendKeys(chromedp.CSS(`#samenvatting`), "Geldzaken op orde; moeder heeft haar zus en de buurvrouw om op terug te vallen."),
	)
	submit(t, ctx, "closing the case", `main form button[type="submit"]`, `.melding-succes`)
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.casus.afgesloten_uit_zicht") {
		t.Errorf("after closing the message reads %q", got)
	}
	if href := linkTo(t, ctx, "#mijn-casussen", fam.address); href != "" {
		t.Errorf("the closed case is still among the regisseur's cases")
	}
	browsertest.CheckAxe(t, ctx)

	// 7. The team lead finds the closed case and reads how it ended.
	ctx = loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	run(t, ctx, "listing every case",
		chromedp.Click(chromedp.CSS(`header nav a[href="/casussen"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#filter-status`)),
		chromedp.SetValue(chromedp.CSS(`#filter-status`), "alle"),
		chromedp.Click(chromedp.CSS(`form[action="/casussen"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#actieve-filters`)),
	)
	href = linkTo(t, ctx, "#lijst", fam.address)
	if !casePath.MatchString(href) {
		t.Fatalf("the lead's list of all cases has no case for %s (%q)", fam.address, href)
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening the closed case",
		chromedp.Click(chromedp.CSS(`#lijst a[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#uitkomst`)),
	)
	if got := caseState(t, ctx); !strings.Contains(got, e.t("casus.status.afgesloten")) || !strings.Contains(got, e.t("casus.afsluitreden.doelen-bereikt")) {
		t.Errorf("the closed case reads %q", got)
	}
	outcome := read(t, ctx, "reading the outcome", chromedp.Text(chromedp.CSS(`#uitkomst`)))
	for _, want := range []string{e.t("casus.afsluitreden.doelen-bereikt"), e.t("antwoord.ja"), e.t("antwoord.deels"),
		e.t("werk.uitkomst.cijfer", "cijfer", 8), remark, e.t("werk.uitkomst.eindmeting_ja"), pro.Name} {
		if !strings.Contains(outcome, want) {
			t.Errorf("the outcome %q lacks %q", outcome, want)
		}
	}
	perGoal := rowTexts(t, ctx, "#uitkomst-doelen")
	if len(perGoal) != 2 || !strings.Contains(perGoal[0], goalMoney) || !strings.Contains(perGoal[0], e.t("doel.status.bereikt")) ||
		!strings.Contains(perGoal[1], goalNet) || !strings.Contains(perGoal[1], e.t("doel.status.deels-bereikt")) {
		t.Errorf("the outcome per goal = %q; want the first bereikt, the second deels bereikt", perGoal)
	}
	if count(t, ctx, `#werk a[href$="/afsluiten"]`) != 0 || count(t, ctx, `#casus-plan a[href$="/plan/bewerken"]`) != 0 {
		t.Error("the closed case still offers to close it or change its plan")
	}
	browsertest.CheckAxe(t, ctx)
}
