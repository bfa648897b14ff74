package web_test

import (
	"context"
	"regexp"
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

// mijnPlanSetup gives a demo case of the documented professional's an
// adult member, a plan with a goal the family carries, the demo partner's
// organisation as a betrokkene, and a consent of the member to it; it
// returns an inlogcode for the member.
func mijnPlanSetup(t *testing.T, e *env) (caseID, personID string, born time.Time, code string) {
	t.Helper()
	ctx := context.Background()
	caseID, personID, born = residentCase(t, e)
	pro := wijkregie.ActorOf(e.users[wijkregie.RoleProfessional])
	today := wijkregie.Today(e.svc.Now())
	goal := wijkregie.Goal{Domain: "financien", Description: "Rekeningen op tijd betalen", SuccessCriterion: "Drie maanden geen aanmaning",
		TargetDate: today.AddDate(0, 6, 0), Owner: wijkregie.OwnerFamily, Status: wijkregie.GoalOpen,
		Actions: []wijkregie.Action{{What: "Vaste lasten op een rij zetten", Who: "Moeder", Due: today.AddDate(0, 0, 14), Status: wijkregie.ActionPlanned}}}
	pv, err := e.svc.Plan(ctx, pro, caseID)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Plan == nil {
		p := &wijkregie.Plan{Variant: wijkregie.PlanLight, Worries: []wijkregie.Worry{{Text: "Schulden", Priority: 1}}, Goals: []wijkregie.Goal{goal},
			EvaluationDate: today.AddDate(0, 3, 0)}
		if _, err := e.svc.CreatePlan(ctx, pro, caseID, p); err != nil {
			t.Fatal(err)
		}
	} else {
		p := *pv.Plan
		p.Goals = append(p.Goals, goal)
		if _, err := e.svc.SavePlan(ctx, pro, caseID, p.Version, &p); err != nil {
			t.Fatal(err)
		}
	}
	partner := e.users[wijkregie.RolePartner]
	if _, err := e.svc.AddParty(ctx, pro, caseID, &wijkregie.Party{UserID: partner.ID, Role: wijkregie.PartyCaseWorker}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RecordConsent(ctx, pro, &wijkregie.Consent{PersonID: personID, OrganisationID: partner.OrganisationID,
		Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, GivenOn: today, Method: wijkregie.ConsentOral,
		GivenBy: []wijkregie.ConsentGiver{{PersonID: personID, Capacity: wijkregie.GiverSelf}}}); err != nil {
		t.Fatal(err)
	}
	issued, err := e.svc.IssueLoginCode(ctx, pro, caseID, personID)
	if err != nil {
		t.Fatal(err)
	}
	return caseID, personID, born, issued.Code
}

// TestMijnPlanInTheBrowser: a family member, on a phone-sized screen,
// logs in with the inlogcode the regisseur gave, reads the plan (goals
// with what "goed genoeg" means, the regisseur, who helps), withdraws a
// consent through the confirmation page, adds an action — first with
// nothing filled in, the errors beside the fields —, marks it done, and
// writes to the regisseur, who finds the message on the case page and
// marks it read. Every page on the way passes axe.
func TestMijnPlanInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	testdb.Each(t, func(t *testing.T, s *store.Store) { mijnPlanInTheBrowser(t, b, s) })
}

func mijnPlanInTheBrowser(t *testing.T, b *browsertest.Browser, s *store.Store) {
	e := newEnv(t, s)
	caseID, _, born, code := mijnPlanSetup(t, e)
	base := e.srv.URL

	ctx := b.NewTab(t)
	run(t, ctx, "logging in on a phone",
		chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/mijnplan/inloggen?gemeente="+demo.MunicipalityID),
		chromedp.WaitVisible(chromedp.CSS(`#inlogcode`)),
		chromedp.SendKeys(chromedp.CSS(`#inlogcode`), code),
		chromedp.SetValue(chromedp.CSS(`#geboortedatum`), born.Format(time.DateOnly)),
	)
	submit(t, ctx, "logging in", `form[action="/mijnplan/inloggen"] button[type="submit"]`, `#doelen-kop`)
	browsertest.CheckAxe(t, ctx)
	if w := read(t, ctx, "reading the page's width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 375 {
		t.Errorf("the plan is %d px wide on a screen of 375: it scrolls sideways", w)
	}
	main := read(t, ctx, "reading the plan", chromedp.Text(chromedp.CSS(`main`)))
	// The progress counts goals and actions: numbers, nothing else.
	for _, key := range []string{"mijnplan.voortgang.doelen", "mijnplan.voortgang.acties"} {
		pattern := regexp.QuoteMeta(e.t(key, "bereikt", "N", "klaar", "N", "totaal", "N"))
		if re := regexp.MustCompile(strings.ReplaceAll(pattern, "N", `\d+`)); !re.MatchString(main) {
			t.Errorf("the progress does not read as %q", re)
		}
	}
	for _, want := range []string{"Rekeningen op tijd betalen", "Drie maanden geen aanmaning", e.t("mijnplan.doel.goed_genoeg"),
		e.users[wijkregie.RoleProfessional].Name, e.t("mijnplan.betrokkene.basis.toestemming")} {
		if !strings.Contains(main, want) {
			t.Errorf("the plan page lacks %q", want)
		}
	}

	// The consent, withdrawn.
	submit(t, ctx, "opening the consents", `main a[href="/mijnplan/toestemmingen"]`, `h1`)
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "asking to withdraw", `main a[href$="/intrekken"]`, `form[action$="/intrekken"]`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "giving a reason", chromedp.SendKeys(chromedp.CSS(`#reden`), "Ik regel het zelf met de huisarts."))
	submit(t, ctx, "withdrawing", `form[action$="/intrekken"] button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, ctx)
	if n := count(t, ctx, `main a[href$="/intrekken"]`); n != 0 {
		t.Errorf("%d consents still offered for withdrawal; want none", n)
	}
	if page := read(t, ctx, "reading the consents", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(page, e.t("mijnplan.toestemmingen.beeindigd")) {
		t.Errorf("the withdrawn consent is not among the ended ones: %s", page)
	}

	// A consent given anew: refused empty beside the fields, then given.
	submit(t, ctx, "opening the consent form", `main a[href^="/mijnplan/toestemmingen/nieuw"]`, `#organisatie`)
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "giving an empty consent", `main form button[type="submit"]`, `#organisatie-fout`)
	browsertest.CheckAxe(t, ctx)
	org := read(t, ctx, "finding the organisation", chromedp.Evaluate[string](`document.querySelector('#organisatie option:nth-child(2)').value`))
	run(t, ctx, "filling in the consent",
		chromedp.SetValue(chromedp.CSS(`#organisatie`), org),
		chromedp.Click(chromedp.CSS(`input[name="doel"][value="overleg-team"]`)),
		chromedp.Click(chromedp.CSS(`input[name="domeinen"][value="financien"]`)),
	)
	submit(t, ctx, "giving the consent", `main form button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, ctx)
	if n := count(t, ctx, `main a[href$="/intrekken"]`); n != 1 {
		t.Errorf("%d consents in force after giving one; want 1", n)
	}

	// An action of their own: refused empty, then added.
	run(t, ctx, "back to the plan", chromedp.Navigate(base+"/mijnplan"), chromedp.WaitVisible(chromedp.CSS(`#doelen-kop`)))
	submit(t, ctx, "opening the action form", `main a[href^="/mijnplan/acties/nieuw"]`, `#wat`)
	browsertest.CheckAxe(t, ctx)
	submit(t, ctx, "adding an empty action", `main form button[type="submit"]`, `#wat-fout`)
	browsertest.CheckAxe(t, ctx)
	due := wijkregie.Today(time.Now()).AddDate(0, 0, 7).Format(time.DateOnly)
	run(t, ctx, "filling in the action",
		chromedp.SetValue(chromedp.CSS(`#doel`), ""), // choose it anew, as a user would
	)
	goal := read(t, ctx, "finding the goal", chromedp.Evaluate[string](
		`[...document.querySelectorAll('#doel option')].find(o => o.textContent === 'Rekeningen op tijd betalen').value`))
	run(t, ctx, "filling in the action",
		chromedp.SetValue(chromedp.CSS(`#doel`), goal),
		chromedp.SendKeys(chromedp.CSS(`#wat`), "Buurman Kees vragen om mee te gaan naar de bank"),
		chromedp.Click(chromedp.CSS(`input[name="wie"][value="netwerk"]`)),
		chromedp.SendKeys(chromedp.CSS(`#netwerk`), "Buurman Kees"),
		chromedp.SetValue(chromedp.CSS(`#wanneer`), due),
	)
	// Meanwhile the regisseur saves the plan: the action comes back with
	// the message and the input kept, and goes in at the second try.
	pro := wijkregie.ActorOf(e.users[wijkregie.RoleProfessional])
	pv, err := e.svc.Plan(context.Background(), pro, caseID)
	if err != nil {
		t.Fatal(err)
	}
	behind := *pv.Plan
	behind.Note = "Evaluatie besproken"
	if _, err := e.svc.SavePlan(context.Background(), pro, caseID, behind.Version, &behind); err != nil {
		t.Fatal(err)
	}
	submit(t, ctx, "adding the action over the old version", `main form button[type="submit"]`, `.melding-fout`)
	browsertest.CheckAxe(t, ctx)
	if msg := read(t, ctx, "reading the message", chromedp.Text(chromedp.CSS(`.melding-fout`))); !strings.Contains(msg, e.t("mijnplan.fout.plan_gewijzigd")) {
		t.Errorf("the conflict reads %q", msg)
	}
	if kept := read(t, ctx, "reading the kept input", chromedp.Evaluate[[]string](
		`[document.querySelector('#wat').value, document.querySelector('#netwerk').value, document.querySelector('#wanneer').value]`)); kept[0] != "Buurman Kees vragen om mee te gaan naar de bank" || kept[1] != "Buurman Kees" || kept[2] != due {
		t.Errorf("after the conflict the form holds %q", kept)
	}
	submit(t, ctx, "adding the action", `main form button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, ctx)
	main = read(t, ctx, "reading the plan", chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(main, "Buurman Kees vragen om mee te gaan naar de bank") || !strings.Contains(main, "Buurman Kees ·") {
		t.Errorf("the new action is not in the plan: %s", main)
	}
	submit(t, ctx, "marking it done", `main form[action$="/klaar"] button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, ctx)

	// A message to the regisseur.
	submit(t, ctx, "opening the message page", `main nav a[href="/mijnplan/bericht"]`, `#bericht`)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "writing", chromedp.SendKeys(chromedp.CSS(`#bericht`), "Kunt u mij bellen over de brief van de bank?"))
	submit(t, ctx, "sending", `main form button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, ctx)

	// The regisseur sees the message, and the plan's new versions.
	pctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	run(t, pctx, "opening the case", chromedp.Navigate(base+"/casussen/"+caseID), chromedp.WaitVisible(chromedp.CSS(`#mijnplan-berichten-kop`)))
	browsertest.CheckAxe(t, pctx)
	block := read(t, pctx, "reading the messages", chromedp.Text(chromedp.CSS(`#mijnplan-berichten`)))
	if !strings.Contains(block, "Kunt u mij bellen over de brief van de bank?") {
		t.Errorf("the case page's block reads %q", block)
	}
	submit(t, pctx, "marking it read", `#mijnplan-berichten form button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, pctx)
	if n := count(t, pctx, `#mijnplan-berichten form`); n != 0 {
		t.Errorf("%d read marks left; want none", n)
	}
	run(t, pctx, "opening the inbox", chromedp.Navigate(base+"/inbox"), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	browsertest.CheckAxe(t, pctx)
	inbox := read(t, pctx, "reading the inbox", chromedp.Text(chromedp.CSS(`main`)))
	for _, kind := range []string{wijkregie.NotificationMijnPlanMessage, wijkregie.NotificationMijnPlanPlan, wijkregie.NotificationMijnPlanConsent} {
		if !strings.Contains(inbox, e.t("mijnplan.inbox."+kind)) {
			t.Errorf("the inbox lacks the notice %s", kind)
		}
	}
	if strings.Contains(inbox, "brief van de bank") {
		t.Error("the inbox shows the message's text")
	}
}

// TestMijnPlanRatingInTheBrowser: after closure the family reads the plan
// without the forms that change it, rates the help — a form without a
// mark comes back with the error beside it and the answers kept —, and
// the plan page thanks it; the page passes axe on a phone.
func TestMijnPlanRatingInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	caseID, _, born, code := mijnPlanSetup(t, e)
	ctx := context.Background()
	pro := wijkregie.ActorOf(e.users[wijkregie.RoleProfessional])
	c, err := e.store.R().Case(ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := e.svc.Plan(ctx, pro, caseID)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]wijkregie.GoalStatus{}
	for _, g := range pv.Plan.Goals {
		statuses[g.ID] = wijkregie.GoalMet
	}
	if _, err := e.svc.CloseCase(ctx, pro, caseID, c.Version, &wijkregie.Closure{Reason: wijkregie.ClosureGoalsMet, CanContinue: wijkregie.AnswerYes,
		ProblemsReduced: wijkregie.AnswerYes, GoalsAchieved: wijkregie.AnswerYes, Summary: "Het gaat goed.", GoalStatuses: statuses}); err != nil {
		t.Fatal(err)
	}
	base := e.srv.URL
	tab := b.NewTab(t)
	run(t, tab, "logging in on a phone",
		chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/mijnplan/inloggen?gemeente="+demo.MunicipalityID),
		chromedp.WaitVisible(chromedp.CSS(`#inlogcode`)),
		chromedp.SendKeys(chromedp.CSS(`#inlogcode`), code),
		chromedp.SetValue(chromedp.CSS(`#geboortedatum`), born.Format(time.DateOnly)),
	)
	submit(t, tab, "logging in", `form[action="/mijnplan/inloggen"] button[type="submit"]`, `#doelen-kop`)
	browsertest.CheckAxe(t, tab)
	if n := count(t, tab, `main form, main a[href^="/mijnplan/acties/nieuw"]`); n != 0 {
		t.Errorf("%d forms or links that change a closed plan; want none", n)
	}
	submit(t, tab, "opening the rating", `main a[href="/mijnplan/beoordeling"]`, `#cijfer`)
	browsertest.CheckAxe(t, tab)
	run(t, tab, "answering without a mark",
		chromedp.Click(chromedp.CSS(`input[name="doelenBereikt"][value="ja"]`)),
		chromedp.Click(chromedp.CSS(`input[name="wmoSerieusGenomen"][value="5"]`)),
	)
	submit(t, tab, "sending without a mark", `main form button[type="submit"]`, `#cijfer-fout`)
	browsertest.CheckAxe(t, tab)
	if !read(t, tab, "reading the kept answers", chromedp.Evaluate[bool](
		`document.querySelector('input[name="doelenBereikt"][value="ja"]').checked && document.querySelector('input[name="wmoSerieusGenomen"][value="5"]').checked`)) {
		t.Error("the answers were lost after the error")
	}
	run(t, tab, "giving a mark", chromedp.SetValue(chromedp.CSS(`#cijfer`), "8"))
	submit(t, tab, "sending", `main form button[type="submit"]`, `.melding-succes`)
	browsertest.CheckAxe(t, tab)
	if page := read(t, tab, "reading the plan", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(page, e.t("mijnplan.beoordeling.gegeven", "cijfer", 8)) {
		t.Errorf("the plan page does not show the rating: %s", page)
	}
	rs, err := e.store.R().CaseRatings(ctx, demo.MunicipalityID, caseID)
	if err != nil || len(rs) != 1 || rs[0].Score != 8 || rs[0].GoalsAchieved != wijkregie.AnswerYes || rs[0].Answers["wmoSerieusGenomen"] != 5 {
		t.Errorf("stored ratings %+v, %v", rs, err)
	}
}
