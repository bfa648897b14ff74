package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// partnerCase is a demo case of the professional that the demo partner is
// involved with, whose plan has a goal for the partner's organisation in
// financien with one action, and an adult member who can consent.
type partnerCase struct {
	id, goal, action, adult string
}

func (e *env) partnerCase(t *testing.T) partnerCase {
	t.Helper()
	ctx := context.Background()
	pro, partner := e.actor(wijkregie.RoleProfessional), e.actor(wijkregie.RolePartner)
	pc := partnerCase{id: e.workCases(t).shared}
	cv, err := e.svc.Case(ctx, pro, pc.id)
	if err != nil {
		t.Fatal(err)
	}
	today := wijkregie.Today(time.Now())
	for _, p := range cv.Persons {
		if !p.BirthDate.IsZero() && p.BirthDate.AddDate(18, 0, 0).Before(today) {
			pc.adult = p.ID
			break
		}
	}
	if pc.adult == "" {
		t.Fatal("the shared case has no adult member")
	}
	goal := wijkregie.Goal{Domain: "financien", Description: "Budgetcoaching voor het gezin", SuccessCriterion: "De vaste lasten worden op tijd betaald",
		TargetDate: today.AddDate(0, 6, 0), Owner: wijkregie.OwnerPartner, OrganisationID: partner.OrganisationID, Status: wijkregie.GoalOpen,
		Actions: []wijkregie.Action{{What: "Intakegesprek budgetcoach", Who: "Budgetcoach", Due: today.AddDate(0, 1, 0), Status: wijkregie.ActionPlanned}}}
	pv, err := e.svc.Plan(ctx, pro, pc.id)
	if err != nil {
		t.Fatal(err)
	}
	var saved *wijkregie.Plan
	if pv.Plan == nil {
		p := &wijkregie.Plan{Variant: wijkregie.PlanLight, Goals: []wijkregie.Goal{goal}, MeetingDate: today, Participants: "Het gezin, de regisseur",
			EvaluationDate: today.AddDate(0, 2, 0)}
		saved, err = e.svc.CreatePlan(ctx, pro, pc.id, p)
	} else {
		p := *pv.Plan
		p.Goals = append(append([]wijkregie.Goal(nil), p.Goals...), goal)
		saved, err = e.svc.SavePlan(ctx, pro, pc.id, pv.Plan.Version, &p)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range saved.Goals {
		if g.Description == goal.Description {
			pc.goal, pc.action = g.ID, g.Actions[0].ID
		}
	}
	return pc
}

// consent records the adult's consent for the partner's organisation to
// carry out the plan in financien.
func (e *env) planConsent(t *testing.T, pc partnerCase) *wijkregie.Consent {
	t.Helper()
	c := &wijkregie.Consent{PersonID: pc.adult, OrganisationID: e.users[wijkregie.RolePartner].OrganisationID, Purpose: wijkregie.ConsentCarryOutPlan,
		Domains: []string{"financien"}, GivenOn: wijkregie.Today(time.Now()), Method: wijkregie.ConsentOral,
		GivenBy: []wijkregie.ConsentGiver{{PersonID: pc.adult, Capacity: wijkregie.GiverSelf}}}
	saved, err := e.svc.RecordConsent(context.Background(), e.actor(wijkregie.RoleProfessional), c)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// TestCaseGroundPages: the regisseur records the case's ground (a bad
// one comes back beside the fields with the text kept), records a
// partner's sharing ground and ends it with a reason; the partner sees no
// such forms.
func TestCaseGroundPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		pc := e.partnerCase(t)
		page := "/casussen/" + pc.id
		pro := e.as(t, wijkregie.RoleProfessional)
		r := pro.get(t, page)
		if r.status != http.StatusOK || !strings.Contains(textOf(t, r.body, "grondslag-stand"), e.t("partner.grondslag.geen")) {
			t.Fatalf("the case page without a ground: %d, %q", r.status, textOf(t, r.body, "grondslag-stand"))
		}
		r = pro.post(t, page+"/grondslag", url.Values{"versie": {e.caseVersion(t, pc.id)}, "grondslag": {""}, "toelichting": {"Mijn uitleg"}})
		if r.status != http.StatusUnprocessableEntity || byID(t, r.body, "grondslag-grondslag-fout").name == "" ||
			inner(r.body, byID(t, r.body, "grondslag-toelichting")) != "Mijn uitleg" {
			t.Fatalf("a ground without a choice: %d", r.status)
		}
		r = pro.post(t, page+"/grondslag", url.Values{"versie": {e.caseVersion(t, pc.id)}, "grondslag": {"wgs"}, "toelichting": {"Schuldhulp: wettelijke taak"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("recording the ground: %d", r.status)
		}
		if got := textOf(t, pro.get(t, page).body, "grondslag-stand"); !strings.Contains(got, e.t("partner.grondslag.wgs")) ||
			!strings.Contains(got, "Schuldhulp: wettelijke taak") {
			t.Errorf("the ground as shown: %q", got)
		}

		org := e.users[wijkregie.RolePartner].OrganisationID
		r = pro.post(t, page+"/deelgrondslagen", url.Values{"organisatie": {org}, "grondslag": {"meldcode"}, "toelichting": {"Stap 2"}})
		if r.status != http.StatusUnprocessableEntity || byID(t, r.body, "deelgrondslag-doelen-fout").name == "" {
			t.Fatalf("a sharing ground without purposes: %d", r.status)
		}
		r = pro.post(t, page+"/deelgrondslagen", url.Values{"organisatie": {org}, "grondslag": {"meldcode"}, "doelen": {"informatie-delen"},
			"toelichting": {"Meldcode stap 2: overleg met de huisarts"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("recording a sharing ground: %d", r.status)
		}
		body := pro.get(t, page).body
		if got := textOf(t, body, "deelgrondslagen"); !strings.Contains(got, "Meldcode stap 2: overleg met de huisarts") || !strings.Contains(got, e.t("partner.deel.geldt")) {
			t.Errorf("the sharing grounds: %q", got)
		}
		cv, err := e.svc.Case(context.Background(), e.actor(wijkregie.RoleProfessional), pc.id)
		if err != nil || len(cv.Grounds) != 1 {
			t.Fatalf("grounds %d, %v", len(cv.Grounds), err)
		}
		gid := cv.Grounds[0].ID

		// The partner: the page says it sees the family on the ground.
		partner := e.as(t, wijkregie.RolePartner)
		pb := partner.get(t, page).body
		if strings.Contains(pb, `id="grondslag-kop"`) || !strings.Contains(textOf(t, pb, "partner-grond"), e.t("partner.toegang.op_grondslag")) {
			t.Errorf("the partner's case page on the ground: %q", textOf(t, pb, "partner-toegang"))
		}
		if r := partner.post(t, page+"/deelgrondslagen/"+gid+"/beeindigen", url.Values{"reden": {"x"}}); r.status != http.StatusForbidden {
			t.Errorf("the partner ends the ground: %d", r.status)
		}

		r = pro.post(t, page+"/deelgrondslagen/"+gid+"/beeindigen", url.Values{"reden": {" "}})
		if r.status != http.StatusUnprocessableEntity || byID(t, r.body, "einde-grondslag-"+gid+"-reden-fout").name == "" {
			t.Fatalf("ending without a reason: %d", r.status)
		}
		if r := pro.post(t, page+"/deelgrondslagen/"+gid+"/beeindigen", url.Values{"reden": {"Veilig Thuis neemt het over"}}); r.status != http.StatusSeeOther {
			t.Fatalf("ending the ground: %d", r.status)
		}
		if got := textOf(t, pro.get(t, page).body, "deelgrondslagen"); !strings.Contains(got, "Veilig Thuis neemt het over") {
			t.Errorf("the ended ground: %q", got)
		}
		if pb := partner.get(t, page).body; byID(t, pb, "partner-bekend").name == "" {
			t.Errorf("after the end the partner's page lacks the notice: %q", textOf(t, pb, "partner-toegang"))
		}
	})
}

// TestPartnerGoalPages: the partner's home page lists the family and,
// with the consent, the goal; the case page's form saves its progress
// over the plan version shown, and a stale version is the conflict with
// the choice kept.
func TestPartnerGoalPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		pc := e.partnerCase(t)
		page := "/casussen/" + pc.id
		partner := e.as(t, wijkregie.RolePartner)

		home := partner.get(t, "/").body
		if !strings.Contains(home, e.t("partner.start.kop")) || !strings.Contains(home, `href="`+page+`"`) || strings.Contains(home, "Budgetcoaching voor het gezin") {
			t.Fatalf("the partner's home page without consent: %q", text(home))
		}
		if body := partner.get(t, page).body; byID(t, body, "partner-bekend").name == "" ||
			!strings.Contains(textOf(t, body, "partner-bekend"), e.t("partner.toegang.bekend")) {
			t.Errorf("the case page without consent: %q", textOf(t, body, "partner-toegang"))
		}
		if home := e.as(t, wijkregie.RoleProfessional).get(t, "/").body; strings.Contains(home, e.t("partner.start.kop")) {
			t.Error("the professional's home page is the partner's")
		}

		e.planConsent(t, pc)
		if home := partner.get(t, "/").body; !strings.Contains(home, "Budgetcoaching voor het gezin") {
			t.Errorf("the partner's home page with consent lacks the goal: %q", text(home))
		}
		body := partner.get(t, page).body
		ver := byID(t, body, "partner-doelen")
		if ver.name == "" {
			t.Fatal("the case page with consent has no goals section")
		}
		pv, err := e.svc.Plan(context.Background(), e.actor(wijkregie.RoleProfessional), pc.id)
		if err != nil {
			t.Fatal(err)
		}
		version := strconv.Itoa(pv.Plan.Version)
		progress := page + "/plan/doelen/" + pc.goal + "/voortgang"
		r := partner.post(t, progress, url.Values{"planversie": {strconv.Itoa(pv.Plan.Version - 1)}, "status": {"bereikt"}, "gereed": {pc.action}})
		if r.status != http.StatusConflict || !strings.Contains(r.body, e.t("fout.plan.gewijzigd")) {
			t.Fatalf("progress over a stale version: %d", r.status)
		}
		if sel := byID(t, r.body, "doel-"+pc.goal+"-status"); !strings.Contains(inner(r.body, sel), `value="bereikt" selected`) {
			t.Errorf("the stale form lost the choice: %q", inner(r.body, sel))
		}
		if r := partner.post(t, progress, url.Values{"planversie": {version}, "status": {"klaar"}}); r.status != http.StatusUnprocessableEntity ||
			byID(t, r.body, "doel-"+pc.goal+"-status-fout").name == "" {
			t.Errorf("progress with a bad status: %d", r.status)
		}
		if r := partner.post(t, progress, url.Values{"planversie": {version}, "status": {"bereikt"}, "gereed": {pc.action}}); r.status != http.StatusSeeOther {
			t.Fatalf("saving progress: %d", r.status)
		}
		after, err := e.svc.Plan(context.Background(), e.actor(wijkregie.RoleProfessional), pc.id)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range after.Plan.Goals {
			if g.ID == pc.goal && (g.Status != wijkregie.GoalMet || g.Actions[0].Status != wijkregie.ActionDone) {
				t.Errorf("the goal after the progress: %+v", g)
			}
		}
		if r := e.as(t, wijkregie.RoleProfessional).post(t, progress, url.Values{"planversie": {version}, "status": {"open"}}); r.status != http.StatusForbidden {
			t.Errorf("the professional posts a partner's progress: %d", r.status)
		}
	})
}
