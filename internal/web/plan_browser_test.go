package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// controlValue reads what a form control holds now.
func controlValue(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return read(t, ctx, "reading #"+id, chromedp.Evaluate[string](`document.getElementById('`+id+`').value`))
}

// TestPlanInTheBrowser walks the regisseur through the start of the
// work, as users do, in a real browser: a ZRM at intake with two domains
// scored and the rest niet beoordeeld, the grid with number and text, a
// plan with what goes well, worries, two goals with their goed-genoeg
// criterion and actions (the second goal added with the button, without
// JavaScript's help), the family's agreement in a second version, the
// comparison of the two, and two tabs editing at once: the second save
// shows the conflict and keeps its text. Every page on the way passes axe.
func TestPlanInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	c := newWorkedCase(t, e, 903)
	base := e.srv.URL
	cp := base + "/casussen/" + c.id
	level := func(domain string) string { return zrmName(c.parent, domain, "niveau") }
	rationale := func(domain string) string { return zrmName(c.parent, domain, "toelichting") }
	day := func(months int) string { return time.Now().AddDate(0, months, 0).Format(time.DateOnly) }

	// The ZRM at intake, from the case page.
	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, ctx, "opening the case", chromedp.Navigate(cp), chromedp.WaitVisible(chromedp.CSS(`#casus-zrm-kop`)))
	browsertest.CheckAxe(t, ctx)
	ctx = b.NewTab(t)
	run(t, ctx, "opening the assessment form",
		chromedp.Navigate(cp),
		chromedp.Click(chromedp.CSS(`#casus-zrm a[href$="/zrm/nieuw"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#`+level("financien"))),
	)
	browsertest.CheckAxe(t, ctx)
	if got := controlValue(t, ctx, level("financien")); got != "0" {
		t.Errorf("financien starts at %q; want 0, niet beoordeeld", got)
	}
	run(t, ctx, "scoring without a rationale",
		chromedp.SetValue(chromedp.CSS(`#`+level("financien")), "2"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#`+rationale("financien")+`-fout`)),
	)
	browsertest.CheckAxe(t, ctx)
	if got := controlValue(t, ctx, level("financien")); got != "2" {
		t.Errorf("the level after the error = %q; want 2 kept", got)
	}
	run(t, ctx, "scoring two domains",
		chromedp.SendKeys(chromedp.CSS(`#`+rationale("financien")), "Huurachterstand van drie maanden."),
		chromedp.SetValue(chromedp.CSS(`#`+zrmName(c.parent, "financien", "doelniveau")), "4"),
		chromedp.SetValue(chromedp.CSS(`#`+level("sociaal-netwerk")), "3"),
		chromedp.SendKeys(chromedp.CSS(`#`+rationale("sociaal-netwerk")), "Eén vriendin, verder weinig contact."),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#zrm-raster`)),
	)
	browsertest.CheckAxe(t, ctx)
	row := read(t, ctx, "reading the parent's row", chromedp.Evaluate[string](
		`[...document.querySelectorAll('#zrm-raster tbody tr')].map(r => r.innerText).find(s => s.startsWith('Sanne Proef')) || ''`))
	for _, want := range []string{"2 " + e.t("zrm.niveau.2"), "3 " + e.t("zrm.niveau.3"), e.t("zrm.niet_beoordeeld")} {
		if !strings.Contains(row, want) {
			t.Errorf("the grid's row %q lacks %q", row, want)
		}
	}

	// The plan: strengths, worries, a goal; a second goal by the button.
	// (A new tab: each has its own time limit.)
	ctx = b.NewTab(t)
	run(t, ctx, "opening the plan form",
		chromedp.Navigate(cp),
		chromedp.Click(chromedp.CSS(`#casus-plan a[href$="/plan/bewerken"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doel-0-omschrijving`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "writing the first goal",
		chromedp.SendKeys(chromedp.CSS(`#gaatGoed`), "Sanne brengt Noor elke dag naar school."),
		chromedp.SendKeys(chromedp.CSS(`#zorg-0-omschrijving`), "Huurachterstand"),
		chromedp.SendKeys(chromedp.CSS(`#eigenKracht`), "Zus helpt met de post."),
		chromedp.SendKeys(chromedp.CSS(`#ondersteuningNodig`), "Schuldhulp."),
		chromedp.SetValue(chromedp.CSS(`#doel-0-domein`), "financien"),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-omschrijving`), "De huur wordt elke maand betaald."),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-goedGenoeg`), "Drie maanden op rij op tijd betaald."),
		chromedp.SetValue(chromedp.CSS(`#doel-0-streefdatum`), day(3)),
		chromedp.SetValue(chromedp.CSS(`#doel-0-eigenaar`), "gezin"),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-actie-0-wat`), "Betalingsregeling afspreken"),
		chromedp.SendKeys(chromedp.CSS(`#doel-0-actie-0-wie`), "Sanne met de regisseur"),
		chromedp.SetValue(chromedp.CSS(`#doel-0-actie-0-wanneer`), day(1)),
		chromedp.Click(chromedp.CSS(`button[value="doel-toevoegen"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doel-1-omschrijving`)),
	)
	browsertest.CheckAxe(t, ctx)
	if got := controlValue(t, ctx, "doel-0-goedGenoeg"); got != "Drie maanden op rij op tijd betaald." {
		t.Errorf("the first goal's criterion after adding a goal = %q; want it kept", got)
	}
	if focused := read(t, ctx, "reading the focus", chromedp.Evaluate[string](`document.activeElement.id`)); focused != "doel-1-domein" {
		t.Errorf("focus after adding a goal on %q; want the new goal", focused)
	}
	run(t, ctx, "writing the second goal without its criterion",
		chromedp.SetValue(chromedp.CSS(`#doel-1-domein`), "sociaal-netwerk"),
		chromedp.SendKeys(chromedp.CSS(`#doel-1-omschrijving`), "Sanne heeft iemand om op terug te vallen."),
		chromedp.SetValue(chromedp.CSS(`#doel-1-streefdatum`), day(4)),
		chromedp.SetValue(chromedp.CSS(`#doel-1-eigenaar`), "netwerk"),
		chromedp.SendKeys(chromedp.CSS(`#doel-1-actie-0-wat`), "Netwerkberaad organiseren"),
		chromedp.SendKeys(chromedp.CSS(`#doel-1-actie-0-wie`), "De regisseur"),
		chromedp.SetValue(chromedp.CSS(`#doel-1-actie-0-wanneer`), day(2)),
		chromedp.Click(chromedp.CSS(`main form .knoppen:last-child button[value="opslaan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#doel-1-goedGenoeg-fout`)),
	)
	browsertest.CheckAxe(t, ctx)
	if got := controlValue(t, ctx, "doel-1-omschrijving"); got != "Sanne heeft iemand om op terug te vallen." {
		t.Errorf("the second goal after the error = %q; want it kept", got)
	}
	run(t, ctx, "saving the plan",
		chromedp.SendKeys(chromedp.CSS(`#doel-1-goedGenoeg`), "Sanne noemt twee mensen die ze kan bellen."),
		chromedp.Click(chromedp.CSS(`main form .knoppen:last-child button[value="opslaan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-stand`)),
	)
	browsertest.CheckAxe(t, ctx)
	plan := read(t, ctx, "reading the plan", chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{e.t("melding.plan.opgeslagen"), "Drie maanden op rij op tijd betaald.", "Sanne noemt twee mensen die ze kan bellen.",
		"Netwerkberaad organiseren", e.t("plan.instemming.nee")} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan lacks %q", want)
		}
	}

	// The family's agreement: a second version. (A new tab: each has
	// its own time limit.)
	ctx = b.NewTab(t)
	run(t, ctx, "recording the agreement",
		chromedp.Navigate(cp+"/plan"),
		chromedp.Click(chromedp.CSS(`main a[href$="/plan/bewerken"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#instemming-datum`)),
		chromedp.SetValue(chromedp.CSS(`#instemming-datum`), time.Now().AddDate(0, 0, -1).Format(time.DateOnly)),
		chromedp.SetValue(chromedp.CSS(`#instemming-wijze`), "mondeling"),
		chromedp.SendKeys(chromedp.CSS(`#notitie`), "Het gezin stemt in."),
		chromedp.Click(chromedp.CSS(`main form .knoppen:last-child button[value="opslaan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#versies-bijschrift`)),
	)
	agreed := read(t, ctx, "reading the agreement", chromedp.Text(chromedp.CSS(`#plan-vaststelling`)))
	if !strings.Contains(agreed, e.t("instemming.wijze.mondeling")) {
		t.Errorf("the plan's agreement reads %q", agreed)
	}
	run(t, ctx, "comparing the two versions",
		chromedp.Click(chromedp.CSS(`form[action$="/plan/vergelijken"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#wijzigingen-bijschrift`)),
	)
	browsertest.CheckAxe(t, ctx)
	changes := read(t, ctx, "reading the changes", chromedp.Text(chromedp.CSS(`main table`)))
	for _, want := range []string{e.t("plan.label.instemming_datum"), e.t("plan.label.instemming_wijze"), e.t("instemming.wijze.mondeling")} {
		if !strings.Contains(changes, want) {
			t.Errorf("the comparison %q lacks %q", changes, want)
		}
	}
	visit(t, b, cp+"/plan/versies/1")
	visit(t, b, cp+"/plan/vergelijken?van=x&tot=1") // the comparison with its error
	visit(t, b, cp+"/zrm")
	as, err := e.svc.Assessments(context.Background(), e.actor(wijkregie.RoleProfessional), c.id)
	if err != nil || len(as.Assessments) != 1 {
		t.Fatalf("assessments: %v", err)
	}
	visit(t, b, cp+"/zrm/"+as.Assessments[0].ID)

	// Two tabs edit at once: the second save is a conflict that keeps its
	// text and shows what the first changed.
	first, second := b.NewTab(t), b.NewTab(t)
	for _, tab := range []context.Context{first, second} {
		run(t, tab, "opening the form", chromedp.Navigate(cp+"/plan/bewerken"), chromedp.WaitVisible(chromedp.CSS(`#eigenKracht`)))
	}
	run(t, first, "saving in the first tab",
		chromedp.SendKeys(chromedp.CSS(`#eigenKracht`), " Buurman doet boodschappen."),
		chromedp.Click(chromedp.CSS(`main form .knoppen:last-child button[value="opslaan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#versies-bijschrift`)),
	)
	const mine = "Noor gaat weer naar voetbal."
	run(t, second, "saving in the second tab",
		chromedp.SendKeys(chromedp.CSS(`#gaatGoed`), " "+mine),
		chromedp.Click(chromedp.CSS(`main form .knoppen:last-child button[value="opslaan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#conflict`)),
	)
	browsertest.CheckAxe(t, second)
	if got := read(t, second, "reading the message", chromedp.Text(chromedp.CSS(`[role="alert"]`))); !strings.Contains(got, e.t("fout.plan.gewijzigd")) {
		t.Errorf("the conflict reads %q", got)
	}
	if got := controlValue(t, second, "gaatGoed"); !strings.Contains(got, mine) {
		t.Errorf("the second tab's text after the conflict = %q; want it kept", got)
	}
	theirs := read(t, second, "reading the other's change", chromedp.Text(chromedp.CSS(`#conflict`)))
	if !strings.Contains(theirs, "Buurman doet boodschappen.") {
		t.Errorf("the conflict does not show the first tab's change: %q", theirs)
	}
	run(t, second, "saving again, the other's change in view",
		chromedp.Click(chromedp.CSS(`main form .knoppen:last-child button[value="opslaan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#versies-bijschrift`)),
	)
	if got := read(t, second, "reading the plan", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(got, mine) {
		t.Error("the text kept through the conflict did not reach the plan")
	}
}
