package web_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The case's work walked in a real browser as its users walk it: a note
// in the journal and who reads it, Mijn taken with the overdue first and
// a term extended, a Meldcode track through the afwegingskader to a
// report to Veilig Thuis, a case closed with its outcome and the family's
// rating, and the team lead's overview whose number leads to the cases
// behind it. Every page on the way passes axe, forms with errors too.

// rowTexts returns the text of each row of the table body that the
// selector names.
func rowTexts(t *testing.T, ctx context.Context, selector string) []string {
	t.Helper()
	return read(t, ctx, "reading "+selector, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('`+selector+` tbody tr')].map(r => r.textContent.replace(/\s+/g, ' ').trim())`))
}

// submit clicks a form's button and waits for the page it leads to:
// the old page is marked first, so an element the old page had too (a
// success message) is not taken for the new one.
func submit(t *testing.T, ctx context.Context, what, button, wait string) {
	t.Helper()
	read(t, ctx, "marking the page", chromedp.Evaluate[bool](`document.body.setAttribute('data-oud', ''), true`))
	run(t, ctx, what, chromedp.Click(chromedp.CSS(button)))
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`body:not([data-oud]) `+wait))); err != nil {
		// Say what the page shows instead, for whoever reads the failure.
		page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
		t.Fatalf("%s: no %s (%v); the page reads: %s", what, wait, err, page)
	}
}

// clear empties a field the page kept after an error.
func clear(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	read(t, ctx, "clearing "+selector, chromedp.Evaluate[bool](`document.querySelector('`+selector+`').value = '', true`))
}

// count returns the number of elements the selector matches.
func count(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	return read(t, ctx, "counting "+selector, chromedp.Evaluate[int](`document.querySelectorAll('`+selector+`').length`))
}

func TestWorkJournalInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	wc := e.workCases(t)
	base := e.srv.URL
	const (
		forAll  = "Moeder heeft zelf de schuldhulp gebeld; de intake is volgende week."
		forTeam = "Vader wil niet dat de huisarts meeleest over de ruzies."
	)

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the journal from the case",
		chromedp.Navigate(base+"/casussen/"+wc.shared),
		chromedp.Click(chromedp.CSS(`#werk a[href$="/journaal#notitie-kop"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#notitie-kop`)),
	)
	browsertest.CheckAxe(t, ctx)
	if !read(t, ctx, "reading the default visibility", chromedp.Evaluate[bool](`document.querySelector('#zichtbaarheid-team').checked`)) {
		t.Error("a new note is not for the team by default")
	}
	run(t, ctx, "saving a note without text",
		chromedp.Click(chromedp.CSS(`#soort-voortgang`)),
	)
	submit(t, ctx, "saving a note without text", `form[action$="/journaal"] button[type="submit"]`, `#tekst-fout`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "writing a progress note for everyone involved",
		chromedp.SendKeys(chromedp.CSS(`#tekst`), forAll),
		chromedp.Click(chromedp.CSS(`#zichtbaarheid-betrokkenen`)),
	)
	submit(t, ctx, "writing a progress note for everyone involved", `form[action$="/journaal"] button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "writing a home visit for the team",
		chromedp.SetValue(chromedp.CSS(`#contactvorm`), "huisbezoek"),
		chromedp.SendKeys(chromedp.CSS(`#tekst`), forTeam),
	)
	submit(t, ctx, "writing a home visit for the team", `form[action$="/journaal"] button[type="submit"]`, `.melding-succes`)
	rows := rowTexts(t, ctx, "#journaal")
	if len(rows) < 2 || !strings.Contains(rows[0], forTeam) || !strings.Contains(rows[0], e.t("contactvorm.huisbezoek")) ||
		!strings.Contains(rows[0], e.t("zichtbaarheid.team")) || !strings.Contains(rows[1], forAll) || !strings.Contains(rows[1], e.t("zichtbaarheid.betrokkenen")) {
		t.Errorf("journal = %q; want the home visit for the team above the progress for everyone", rows)
	}
	run(t, ctx, "back to the case", chromedp.Navigate(base+"/casussen/"+wc.shared), chromedp.WaitVisible(chromedp.CSS(`#werk-journaal`)))
	if got := read(t, ctx, "reading the latest notes", chromedp.Text(chromedp.CSS(`#werk-journaal`))); !strings.Contains(got, forAll) || !strings.Contains(got, forTeam) {
		t.Errorf("the case's latest notes %q lack the new ones", got)
	}
	browsertest.CheckAxe(t, ctx)

	// The GP's practice, betrokkene of the case, with informatie-delen
	// from the family, reads what is for all involved, not what is for
	// the team.
	e.shareCase(t, wc.shared, e.actor(wijkregie.RolePartner).OrganisationID)
	ctx = loginAs(t, b, base, email(wijkregie.RolePartner))
	run(t, ctx, "opening the journal as a partner",
		chromedp.Navigate(base+"/casussen/"+wc.shared+"/journaal"),
		chromedp.WaitVisible(chromedp.CSS(`#notitie-kop`)),
	)
	journal := read(t, ctx, "reading the partner's journal", chromedp.Text(chromedp.CSS(`#lijst`)))
	if !strings.Contains(journal, forAll) || strings.Contains(journal, forTeam) {
		t.Errorf("the partner reads %q; want the note for everyone and not the team's", journal)
	}
	browsertest.CheckAxe(t, ctx)
}

func TestWorkTasksInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	wc := e.workCases(t)
	base := e.srv.URL
	// An overdue term besides the demo's own tasks.
	late := e.newTask(t, wijkregie.RoleProfessional, wc.fresh, wijkregie.TaskEvaluation, dueOn(-3), true)
	items, _, err := e.svc.Tasks(context.Background(), e.actor(wijkregie.RoleProfessional), app.TaskFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	due := map[string]time.Time{}
	for _, it := range items {
		due[it.ID] = it.Due
	}

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening Mijn taken from home",
		chromedp.Click(chromedp.CSS(`#werk a[href="/taken"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#mijn-taken`)),
	)
	browsertest.CheckAxe(t, ctx)
	ids := read(t, ctx, "reading the order", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#mijn-taken tbody tr td a[href^="/taken/"]')].map(a => a.pathname.split('/')[2])`))
	rows := rowTexts(t, ctx, "#mijn-taken")
	overdue := e.t("taak.stand.te_laat")
	running := 0
	for i, row := range rows {
		late := strings.Contains(row, overdue)
		if !late {
			running++
		}
		if i == 0 {
			continue
		}
		switch prevLate := strings.Contains(rows[i-1], overdue); {
		case late && !prevLate:
			t.Errorf("row %d %q is overdue below a running task", i, row)
		case late == prevLate && due[ids[i]].Before(due[ids[i-1]]):
			t.Errorf("row %d %q is due before the row above it", i, row)
		}
	}
	if len(rows) == 0 || !strings.Contains(rows[0], overdue) || running == 0 {
		t.Errorf("Mijn taken = %q; want overdue tasks, marked, above running ones", rows)
	}
	pos := slices.Index(ids, late.ID)
	if pos < 0 || !strings.Contains(rows[pos], overdue) {
		t.Fatalf("the overdue task %s is not on Mijn taken marked overdue (%q)", late.ID, rows)
	}
	if !strings.Contains(rows[pos], e.t("taak.soort.evaluatie")) {
		t.Errorf("row %q does not say what the task is", rows[pos])
	}
	run(t, ctx, "filtering the overdue ones",
		chromedp.Click(chromedp.CSS(`#filter-te-laat`)),
	)
	submit(t, ctx, "filtering the overdue ones", `form[action="/taken"] button[type="submit"]`, `a[href="/taken"]`)
	for _, row := range rowTexts(t, ctx, "#mijn-taken") {
		if !strings.Contains(row, overdue) {
			t.Errorf("the overdue filter shows %q", row)
		}
	}
	browsertest.CheckAxe(t, ctx)

	// Extending the overdue term: without a reason the date stays and
	// the message stands beside the reason.
	run(t, ctx, "opening the overdue task",
		chromedp.Click(chromedp.CSS(`#mijn-taken a[href="/taken/`+late.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#verlengen-kop`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "extending without a reason",
		chromedp.SetValue(chromedp.CSS(`#verlengen-nieuweDatum`), day(10)),
	)
	submit(t, ctx, "extending without a reason", `form[action$="/verlengen"] button[type="submit"]`, `#verlengen-reden-fout`)
	if got := read(t, ctx, "reading the kept date", chromedp.Value(chromedp.CSS(`#verlengen-nieuweDatum`))); got != day(10) {
		t.Errorf("the new date after the error = %q; want %q", got, day(10))
	}
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`#verlengen-reden-fout`))); !strings.Contains(got, e.t("veld.taak.reden")) {
		t.Errorf("message beside the reason = %q", got)
	}
	browsertest.CheckAxe(t, ctx)
	const why = "Het gezin was twee weken op familiebezoek."
	run(t, ctx, "extending with a reason",
		chromedp.SendKeys(chromedp.CSS(`#verlengen-reden`), why),
	)
	submit(t, ctx, "extending with a reason", `form[action$="/verlengen"] button[type="submit"]`, `.melding-succes`)
	history := rowTexts(t, ctx, "#termijn")
	if len(history) != 1 || !strings.Contains(history[0], why) || !strings.Contains(history[0], e.t("taak.gebeurtenis.verlengd")) {
		t.Errorf("term history = %q; want the extension with its reason", history)
	}
	if got := read(t, ctx, "reading the task", chromedp.Text(chromedp.CSS(`#taak`))); strings.Contains(got, overdue) {
		t.Errorf("the extended task still reads %q", got)
	}
	browsertest.CheckAxe(t, ctx)
}

func TestWorkMeldcodeInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	wc := e.workCases(t)
	base := e.srv.URL
	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	// The police report violence in a family the team knows: the
	// regisseur scales the case up to veiligheid, which starts the route.
	run(t, ctx, "scaling the case up to veiligheid",
		chromedp.Navigate(base+"/casussen/"+wc.fresh),
		chromedp.WaitVisible(chromedp.CSS(`#niveau-kop`)),
		chromedp.SetValue(chromedp.CSS(`#niveau-niveau`), string(wijkregie.LevelSafety)),
		chromedp.SendKeys(chromedp.CSS(`#niveau-reden`), "De politie meldt huiselijk geweld."),
	)
	submit(t, ctx, "scaling the case up to veiligheid", `form[action$="/niveau"] button[type="submit"]`, `#werk-meldcode`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening the route from the case",
		chromedp.Click(chromedp.CSS(`#werk a[href$="/meldcode"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#stappen`)),
	)
	browsertest.CheckAxe(t, ctx)
	step := func(n int, why string) {
		t.Helper()
		want := e.t("meldcode.stappen.vastleggen", "stap", n, "naam", e.t("meldcode.stap."+strconv.Itoa(n)))
		if got := read(t, ctx, "reading the step due", chromedp.Text(chromedp.CSS(`#stap-kop`))); got != want {
			t.Fatalf("step form %q; want %q", got, want)
		}
		run(t, ctx, "explaining step "+strconv.Itoa(n), chromedp.SendKeys(chromedp.CSS(`#stap-toelichting`), why))
		submit(t, ctx, "recording step "+strconv.Itoa(n), `form[action$="/meldcode/stap"] button[type="submit"]`, `.melding-succes`)
	}
	step(1, "Signalen van school en politie op een rij gezet.")
	run(t, ctx, "recording a consultation",
		chromedp.SetValue(chromedp.CSS(`#consultatie-soort`), "veilig-thuis-advies"),
		chromedp.SendKeys(chromedp.CSS(`#consultatie-met`), "J. de Boer, adviseur Veilig Thuis"),
		chromedp.Click(chromedp.CSS(`#consultatie-anoniem`)),
		chromedp.SendKeys(chromedp.CSS(`#consultatie-samenvatting`), "Advies: gesprek met moeder, daarna wegen."),
	)
	submit(t, ctx, "recording a consultation", `form[action$="/meldcode/consultatie"] button[type="submit"]`, `#consultaties`)
	step(2, "Met collega en Veilig Thuis overlegd.")
	if count(t, ctx, `#vraag-tekst`) != 0 {
		t.Error("the afwegingskader asks a question before step 3")
	}
	step(3, "Gesprek met moeder gevoerd.")
	browsertest.CheckAxe(t, ctx)

	// The afwegingskader asks one question at a time, the one its logic
	// leads to.
	answer := func(q int, yes bool, why string) {
		t.Helper()
		if got := read(t, ctx, "reading the question", chromedp.Text(chromedp.CSS(`#vraag-tekst`))); got != e.t("meldcode.vraag."+strconv.Itoa(q)) {
			t.Fatalf("question asked %q; want question %d", got, q)
		}
		for other := 1; other <= 5; other++ {
			asked := read(t, ctx, "reading the form", chromedp.Text(chromedp.CSS(`form[action$="/meldcode/vraag"]`)))
			if other != q && strings.Contains(asked, e.t("meldcode.vraag."+strconv.Itoa(other))) {
				t.Errorf("with question %d the form also asks question %d", q, other)
			}
		}
		radio := `#vraag-antwoord`
		if !yes {
			radio = `#vraag-antwoord-nee`
		}
		run(t, ctx, "answering question "+strconv.Itoa(q), chromedp.Click(chromedp.CSS(radio)), chromedp.SendKeys(chromedp.CSS(`#vraag-toelichting`), why))
		submit(t, ctx, "recording the answer to question "+strconv.Itoa(q), `form[action$="/meldcode/vraag"] button[type="submit"]`, `.melding-succes`)
	}
	answer(1, true, "Blauwe plekken en een politiemelding.")
	answer(2, false, "Geen acute dreiging: vader woont tijdelijk elders.")
	answer(3, true, "Wij kunnen met het gezin hulp organiseren.")
	browsertest.CheckAxe(t, ctx)
	// Yes to question 4 needs the day lasting safety is reviewed.
	run(t, ctx, "accepting help without a review date",
		chromedp.Click(chromedp.CSS(`#vraag-antwoord`)),
		chromedp.SendKeys(chromedp.CSS(`#vraag-toelichting`), "Ouders zeggen hulp toe."),
	)
	submit(t, ctx, "accepting help without a review date", `form[action$="/meldcode/vraag"] button[type="submit"]`, `#vraag-peildatum-fout`)
	browsertest.CheckAxe(t, ctx)
	clear(t, ctx, `#vraag-toelichting`)
	answer(4, false, "Vader weigert elke hulp; moeder durft niet zonder hem.")
	if got := read(t, ctx, "reading the outcome", chromedp.Text(chromedp.CSS(`#meldcode-stand`))); !strings.Contains(got, e.t("meldcode.uitkomst.melden")) {
		t.Errorf("the route reads %q; want the outcome melden", got)
	}
	if count(t, ctx, `#vraag-tekst`) != 0 || len(rowTexts(t, ctx, "#antwoorden")) != 4 {
		t.Error("after the outcome a question is still asked, or the four answers are not listed")
	}
	step(4, "Gewogen met het afwegingskader: melden.")

	// Step 5 waits for the report; the report on the meldrecht records
	// its legal ground.
	run(t, ctx, "deciding before the report",
		chromedp.SendKeys(chromedp.CSS(`#stap-toelichting`), "Besluit: melden."),
	)
	submit(t, ctx, "deciding before the report", `form[action$="/meldcode/stap"] button[type="submit"]`, `#stap-stap-fout`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "reporting to Veilig Thuis without consent",
		chromedp.SendKeys(chromedp.CSS(`#melding-kenmerk`), "VT-2026-0042"),
		chromedp.Click(chromedp.CSS(`#melding-toestemmingGeweigerd`)),
	)
	submit(t, ctx, "reporting to Veilig Thuis without consent", `form[action$="/meldcode/melding"] button[type="submit"]`, `#grondslag`)
	if got := read(t, ctx, "reading the legal ground", chromedp.Text(chromedp.CSS(`#grondslag`))); got != e.t(wijkregie.LegalBasisMeldrecht) {
		t.Errorf("legal ground %q; want %q", got, e.t(wijkregie.LegalBasisMeldrecht))
	}
	if got := read(t, ctx, "reading the report", chromedp.Text(chromedp.CSS(`#melding`))); !strings.Contains(got, "VT-2026-0042") {
		t.Errorf("the report reads %q", got)
	}
	browsertest.CheckAxe(t, ctx)
	clear(t, ctx, `#stap-toelichting`)
	step(5, "Gemeld bij Veilig Thuis; hulp loopt via hen.")
	state := read(t, ctx, "reading the route", chromedp.Text(chromedp.CSS(`#meldcode-stand`)))
	if !strings.Contains(state, e.t("werk.meldcode.afgesloten")) || !strings.Contains(state, e.t("werk.meldcode.stappen_klaar")) {
		t.Errorf("after step 5 the route reads %q; want it done and closed", state)
	}
	if count(t, ctx, `main form`) != 0 {
		t.Error("a closed route still offers forms")
	}
	browsertest.CheckAxe(t, ctx)
}

func TestWorkCloseCaseInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	wc := e.workCases(t)
	base := e.srv.URL
	pv, err := e.svc.Plan(context.Background(), e.actor(wijkregie.RoleProfessional), wc.planned)
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, g := range pv.Plan.Goals {
		if g.Status == wijkregie.GoalOpen {
			open++
		}
	}

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the closure from the case",
		chromedp.Navigate(base+"/casussen/"+wc.planned),
		chromedp.Click(chromedp.CSS(`#werk a[href$="/afsluiten"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doelen`)),
	)
	browsertest.CheckAxe(t, ctx)
	goals := read(t, ctx, "reading the goals", chromedp.Text(chromedp.CSS(`#doelen`)))
	for _, g := range pv.Plan.Goals {
		if !strings.Contains(goals, g.Description) {
			t.Errorf("the closure's goals %q lack %q", goals, g.Description)
		}
	}
	if n := count(t, ctx, `select[name^="doelen["]`); n != open {
		t.Errorf("the closure asks the final status of %d goals; want the %d open ones", n, open)
	}
	submit(t, ctx, "closing without anything", `main form button[type="submit"]`, `#reden-fout`)
	summary := read(t, ctx, "reading the summary", chromedp.Text(chromedp.CSS(`[role="alert"]`)))
	for _, key := range []string{"veld.afsluiting.reden", "veld.afsluiting.doel"} {
		if !strings.Contains(summary, e.t(key)) {
			t.Errorf("the error summary %q lacks %q", summary, e.t(key))
		}
	}
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "closing with the outcome and the family's rating",
		chromedp.SetValue(chromedp.CSS(`#reden`), wijkregie.ClosureGoalsMet),
		chromedp.Click(chromedp.CSS(`#kanZonderHulp`)),
		chromedp.Click(chromedp.CSS(`#problemenVerminderd`)),
		chromedp.Click(chromedp.CSS(`#doelenBereikt-deels`)),
		chromedp.SendKeys(chromedp.CSS(`#waardering`), "8"),
		chromedp.SendKeys(chromedp.CSS(`#opmerking`), "Sanne bleef, ook toen het moeilijk was."),
		chromedp.SendKeys(chromedp.CSS(`#samenvatting`), "Huur weer op orde; het netwerk draagt."),
	)
	read(t, ctx, "giving each open goal its final status", chromedp.Evaluate[bool](
		`document.querySelectorAll('select[name^="doelen["]').forEach(s => s.value = 'bereikt'), true`))
	submit(t, ctx, "closing with the outcome and the family's rating", `main form button[type="submit"]`, `.melding-succes`)
	// Closing ended the regisseur's involvement, and with it their sight
	// of the family's case: they go on with their tasks.
	if got := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-succes`))); got != e.t("melding.casus.afgesloten_uit_zicht") {
		t.Errorf("message = %q", got)
	}
	if loc := read(t, ctx, "reading the location", chromedp.Location()); !strings.HasSuffix(loc, "/taken") {
		t.Errorf("after closing at %s; want Mijn taken", loc)
	}
	browsertest.CheckAxe(t, ctx)

	// The team lead reads the outcome on the case.
	ctx = loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	run(t, ctx, "opening the closed case as the team lead",
		chromedp.Navigate(base+"/casussen/"+wc.planned),
		chromedp.WaitVisible(chromedp.CSS(`#uitkomst`)),
	)
	outcome := read(t, ctx, "reading the outcome", chromedp.Text(chromedp.CSS(`#uitkomst`)))
	for _, want := range []string{e.t("casus.afsluitreden.doelen-bereikt"), e.t("werk.uitkomst.cijfer", "cijfer", 8), "Sanne bleef, ook toen het moeilijk was.",
		e.t("antwoord.deels")} {
		if !strings.Contains(outcome, want) {
			t.Errorf("the outcome %q lacks %q", outcome, want)
		}
	}
	final := rowTexts(t, ctx, "#uitkomst-doelen")
	if len(final) != len(pv.Plan.Goals) || !strings.Contains(strings.Join(final, " "), e.t("doel.status.bereikt")) ||
		strings.Contains(strings.Join(final, " "), e.t("doel.status.open")) {
		t.Errorf("outcome per goal = %q; want every goal with a final status", final)
	}
	if count(t, ctx, `#werk a[href$="/afsluiten"]`) != 0 {
		t.Error("the closed case still offers to close it")
	}
	browsertest.CheckAxe(t, ctx)
}

func TestWorkTeamOverviewInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	base := e.srv.URL
	items, _, err := e.svc.WorkList(context.Background(), e.actor(wijkregie.RoleProfessional), store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var stagnating *app.WorkItem
	for i := range items {
		if items[i].Stagnation.Any() {
			stagnating = &items[i]
			break
		}
	}
	if stagnating == nil {
		t.Fatal("none of the demo professional's cases stagnates")
	}

	ctx := loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	run(t, ctx, "opening the overview from home",
		chromedp.Click(chromedp.CSS(`#werk a[href="/overzicht"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#cijfers`)),
	)
	browsertest.CheckAxe(t, ctx)
	n, err := strconv.Atoi(read(t, ctx, "reading the number", chromedp.Text(chromedp.CSS(`#stagnerend .tegel-getal`))))
	if err != nil || n < 1 {
		t.Fatalf("stagnating cases on the overview: %d (%v); want at least one", n, err)
	}
	run(t, ctx, "following the number",
		chromedp.Click(chromedp.CSS(`#stagnerend`)),
		chromedp.WaitVisible(chromedp.CSS(`#actieve-filters`)),
	)
	if got := read(t, ctx, "reading the caption", chromedp.Text(chromedp.CSS(`#casussen-bijschrift`))); !strings.Contains(got, e.t("casussen.bijschrift", "aantal", n, "pagina", 1, "paginas", (n+24)/25)) {
		t.Errorf("the list behind %d stagnating cases says %q", n, got)
	}
	if got := read(t, ctx, "reading the filters", chromedp.Text(chromedp.CSS(`#actieve-filters`))); !strings.Contains(got, e.t("casussen.label.stagnatie")) {
		t.Errorf("active filters %q do not name stagnation", got)
	}
	if list := read(t, ctx, "reading the list", chromedp.Text(chromedp.CSS(`#lijst`))); !strings.Contains(list, stagnating.Address.Street+" "+strconv.Itoa(stagnating.Address.Number)) {
		t.Errorf("the stagnating list lacks %s %d", stagnating.Address.Street, stagnating.Address.Number)
	}
	browsertest.CheckAxe(t, ctx)

	// A member's caseload leads to their cases.
	pro := e.users[wijkregie.RoleProfessional]
	run(t, ctx, "following a caseload",
		chromedp.Navigate(base+"/overzicht"),
		chromedp.Click(chromedp.CSS(`#caseload a[href="/casussen?regisseur=`+pro.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#actieve-filters`)),
	)
	if got := rowTexts(t, ctx, "#lijst table"); len(got) != len(items) {
		t.Errorf("the caseload list of %s has %d rows; want %d", pro.Name, len(got), len(items))
	}
	browsertest.CheckAxe(t, ctx)
	// The lead's Mijn taken holds the team's tasks with who holds them,
	// and the settings the new terms.
	visit(t, b, base+"/taken")
	visit(t, b, base+"/taken?soort=evaluatie&te-laat=ja")
	visit(t, b, base+"/instellingen")
}
