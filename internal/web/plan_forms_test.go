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
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// workedCase is a case in intake, with the documented professional as
// its regisseur, on a new household of a parent and a child.
type workedCase struct {
	id      string
	parent  string // person ids
	child   string
	address string // "Proefstraat 12", as the pages show it
}

// newWorkedCase makes the household, a professional's signal on the
// parent about money and the network, triage meervoudig and the team
// lead's assignment of the documented professional.
func newWorkedCase(t *testing.T, e *env, number int) workedCase {
	t.Helper()
	ctx := context.Background()
	pro, lead := e.actor(wijkregie.RoleProfessional), e.actor(wijkregie.RoleTeamLead)
	since := time.Now().UTC().AddDate(-1, 0, 0).Truncate(24 * time.Hour)
	h := &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: e.users[wijkregie.RoleProfessional].TeamID,
		Address: wijkregie.Address{Street: "Proefstraat", Number: number, Postcode: "2581ZZ", Town: "Duinhaven"}}
	var ids []string
	err := e.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateHousehold(ctx, h); err != nil {
			return err
		}
		for _, m := range []struct {
			given string
			rel   wijkregie.Relation
		}{{"Sanne", wijkregie.RelationParent}, {"Noor", wijkregie.RelationChild}} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Proef"}
			if err := q.CreatePerson(ctx, p); err != nil {
				return err
			}
			if err := q.AddMember(ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID,
				Relation: m.rel, From: since}); err != nil {
				return err
			}
			ids = append(ids, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("household: %v", err)
	}
	sig := &wijkregie.Signal{Kind: wijkregie.SignalCareReport, PersonID: ids[0], SourceKind: wijkregie.SourceSchool,
		Domains: []string{"financien", "sociaal-netwerk"}, Description: "Zorgen over geld en weinig mensen om zich heen.", Urgency: wijkregie.UrgencyNormal}
	if err := e.svc.CreateSignal(ctx, pro, sig, nil); err != nil {
		t.Fatalf("CreateSignal: %v", err)
	}
	tr, err := e.svc.Triage(ctx, pro, app.TriageInput{SignalID: sig.ID, Decision: wijkregie.DecisionMultiple, Level: wijkregie.LevelIntensive})
	if err != nil {
		t.Fatalf("Triage: %v", err)
	}
	cv, err := e.svc.Case(ctx, lead, tr.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AssignCoordinator(ctx, lead, tr.CaseID, cv.Case.Version,
		app.AssignInput{UserID: pro.UserID, EscalateTo: "Karim El Idrissi, teamleider"}); err != nil {
		t.Fatalf("AssignCoordinator: %v", err)
	}
	return workedCase{id: tr.CaseID, parent: ids[0], child: ids[1], address: "Proefstraat " + strconv.Itoa(number)}
}

// zrmName names a field of the assessment form.
func zrmName(personID, domain, part string) string {
	return "zrm-" + personID + "-" + domain + "-" + part
}

// assessment is a posted assessment form: moment, date, and levels as
// person → domain → level, rationale and target.
func assessment(moment string, c workedCase, scores ...[5]string) url.Values {
	f := url.Values{"moment": {moment}, "datum": {time.Now().Format(time.DateOnly)}, "persoon": {c.parent, c.child}}
	for _, s := range scores {
		f.Set(zrmName(s[0], s[1], "niveau"), s[2])
		f.Set(zrmName(s[0], s[1], "toelichting"), s[3])
		f.Set(zrmName(s[0], s[1], "doelniveau"), s[4])
	}
	return f
}

// TestZRMForms: the grid and the assessment form without a browser. Every
// domain starts niet beoordeeld; a bad level, a rationale without a level
// and an empty assessment come back beside their field with the input
// kept; the grid shows number and text, and the change since the previous
// assessment in symbol and words.
func TestZRMForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := newWorkedCase(t, e, 901)
		pro := e.as(t, wijkregie.RoleProfessional)
		grid, form := "/casussen/"+c.id+"/zrm", "/casussen/"+c.id+"/zrm/nieuw"

		for role, want := range map[wijkregie.Role]int{wijkregie.RoleProfessional: 200, wijkregie.RoleTeamLead: 200, wijkregie.RoleAdmin: 403, wijkregie.RolePolicy: 403} {
			if r := e.as(t, role).get(t, grid); r.status != want {
				t.Errorf("GET %s as %s = %d; want %d", grid, role, r.status, want)
			}
		}
		r := pro.get(t, grid)
		checkPage(t, e, grid, r)
		if !strings.Contains(text(r.body), e.t("zrm.geen")) || len(elements(r.body, "a", "href", form)) != 1 {
			t.Error("the grid of a case without assessment does not say so or offers no new assessment")
		}

		r = pro.get(t, form)
		checkPage(t, e, form, r)
		for _, p := range []string{c.parent, c.child} {
			for _, d := range wijkregie.DomainCodes() {
				if got := selected(t, r.body, zrmName(p, d, "niveau")); got != "0" {
					t.Fatalf("level of %s starts at %q; want 0, niet beoordeeld", d, got)
				}
			}
		}
		if got := selected(t, r.body, "moment"); got != "intake" {
			t.Errorf("the first assessment's moment = %q; want intake", got)
		}
		if !byID(t, r.body, "zrm-"+c.parent+"-financien").has("open") || byID(t, r.body, "zrm-"+c.parent+"-justitie").has("open") {
			t.Error("the case's domains are not open, or the others not folded")
		}

		// A level outside 1–5: beside the level, the rationale kept.
		r = pro.post(t, "/casussen/"+c.id+"/zrm", assessment("intake", c, [5]string{c.parent, "financien", "7", "Huurachterstand van drie maanden.", ""}))
		checkInvalidPage(t, e, "a level of 7", r)
		checkFieldError(t, e, r, zrmName(c.parent, "financien", "niveau"), "veld.zrm.niveau")
		if got := textOf(t, r.body, zrmName(c.parent, "financien", "toelichting")); got != "Huurachterstand van drie maanden." {
			t.Errorf("the rationale after an error = %q; want it kept", got)
		}
		if !byID(t, r.body, "zrm-"+c.parent+"-financien").has("open") {
			t.Error("the domain with the error is folded away")
		}
		// A rationale under niet beoordeeld is pointed out, not dropped.
		r = pro.post(t, "/casussen/"+c.id+"/zrm", assessment("intake", c,
			[5]string{c.parent, "financien", "2", "Huurachterstand.", ""},
			[5]string{c.child, "huisvesting", "0", "Deelt een kamer.", ""}))
		checkInvalidPage(t, e, "a rationale without level", r)
		checkFieldError(t, e, r, zrmName(c.child, "huisvesting", "niveau"), "zrm.veld.niet_beoordeeld")
		if got := selected(t, r.body, zrmName(c.parent, "financien", "niveau")); got != "2" {
			t.Errorf("the level after an error = %q; want 2 kept", got)
		}
		// Nothing scored; a missing rationale.
		r = pro.post(t, "/casussen/"+c.id+"/zrm", assessment("intake", c))
		checkInvalidPage(t, e, "nothing scored", r)
		if !strings.Contains(textOf(t, r.body, "foutoverzicht-kop")+text(r.body), e.t("veld.zrm.leeg")) {
			t.Error("an empty assessment does not say that one domain must be scored")
		}
		r = pro.post(t, "/casussen/"+c.id+"/zrm", assessment("intake", c, [5]string{c.parent, "financien", "2", "", ""}))
		checkInvalidPage(t, e, "a level without rationale", r)
		checkFieldError(t, e, r, zrmName(c.parent, "financien", "toelichting"), "veld.verplicht")

		// Two domains scored at intake, the rest niet beoordeeld.
		r = pro.post(t, "/casussen/"+c.id+"/zrm", assessment("intake", c,
			[5]string{c.parent, "financien", "2", "Huurachterstand van drie maanden.", "4"},
			[5]string{c.parent, "sociaal-netwerk", "3", "Eén vriendin, verder weinig contact.", ""}))
		if r.status != http.StatusSeeOther || r.header.Get("Location") != grid {
			t.Fatalf("assessing = %d to %q; want 303 to the grid", r.status, r.header.Get("Location"))
		}
		r = pro.get(t, grid)
		checkPage(t, e, grid, r)
		parent, child := gridRow(t, r.body, "Sanne Proef"), gridRow(t, r.body, "Noor Proef")
		for _, want := range []string{"2 " + e.t("zrm.niveau.2"), "3 " + e.t("zrm.niveau.3"), e.t("zrm.doelniveau", "niveau", 4), e.t("zrm.niet_beoordeeld")} {
			if !strings.Contains(parent, want) {
				t.Errorf("the parent's row %q lacks %q", parent, want)
			}
		}
		if strings.Contains(parent, e.t("zrm.verandering.nieuw")) {
			t.Errorf("the first assessment's row %q shows a change", parent)
		}
		if strings.Count(child, e.t("zrm.niet_beoordeeld")) != 13 {
			t.Errorf("the child's row %q; want 13 domains niet beoordeeld", child)
		}
		if got := len(elements(r.body, "td", "class", "zrm-cel zrm-niveau-2")); got != 1 {
			t.Errorf("%d cells of level 2; want 1", got)
		}

		// A tussenmeting: money better, the network the same.
		r = pro.get(t, form)
		if got := selected(t, r.body, "moment"); got != "tussenmeting" {
			t.Errorf("the next assessment's moment = %q; want tussenmeting", got)
		}
		if got := text(inner(r.body, byID(t, r.body, "zrm-"+c.parent+"-financien"))); !strings.Contains(got, e.t("zrm.vorige", "niveau", 2, "naam", e.t("zrm.niveau.2"))) {
			t.Errorf("the form does not show the previous level: %q", got)
		}
		r = pro.post(t, "/casussen/"+c.id+"/zrm", assessment("tussenmeting", c,
			[5]string{c.parent, "financien", "3", "Regeling loopt.", "4"},
			[5]string{c.parent, "sociaal-netwerk", "3", "Nog steeds weinig contact.", ""}))
		if r.status != http.StatusSeeOther {
			t.Fatalf("the tussenmeting = %d; want 303", r.status)
		}
		r = pro.get(t, grid)
		parent = gridRow(t, r.body, "Sanne Proef")
		for _, want := range []string{e.t("zrm.verandering.hoger", "verschil", 1, "was", 2), e.t("zrm.verandering.hoger_gesproken", "verschil", 1, "was", 2),
			e.t("zrm.verandering.gelijk", "was", 3)} {
			if !strings.Contains(parent, want) {
				t.Errorf("the parent's row %q lacks the change %q", parent, want)
			}
		}
		history := rowsOf(t, r.body, "metingen-bijschrift")
		if len(history) != 2 || !strings.HasPrefix(history[0], e.t("zrm.moment.tussenmeting")) || !strings.Contains(history[1], e.users[wijkregie.RoleProfessional].Name) {
			t.Errorf("the assessments listed %q; want the tussenmeting first, with the assessor", history)
		}
		// The intake, viewed again.
		var intake string
		for _, a := range elements(r.body, "a", "href", "") {
			if strings.HasPrefix(a.attrs["href"], grid+"/") && !strings.HasSuffix(a.attrs["href"], "/nieuw") {
				intake = a.attrs["href"]
			}
		}
		if intake == "" {
			t.Fatal("no link to the intake")
		}
		r = pro.get(t, intake)
		checkPage(t, e, intake, r)
		if got := gridRow(t, r.body, "Sanne Proef"); !strings.Contains(got, "2 "+e.t("zrm.niveau.2")) || strings.Contains(got, "▲") {
			t.Errorf("the intake viewed again reads %q; want level 2 without a change", got)
		}
		if r := pro.get(t, grid+"/0190a000-0000-7000-8000-000000000000"); r.status != http.StatusNotFound {
			t.Errorf("an assessment that does not exist = %d; want 404", r.status)
		}

		// The case page sums it up, with the links.
		r = pro.get(t, "/casussen/"+c.id)
		checkPage(t, e, "the case", r)
		summary := strings.Join(rowsOf(t, r.body, "casus-zrm-bijschrift"), " | ")
		if !strings.Contains(summary, "3 "+e.t("zrm.niveau.3")) || !strings.Contains(summary, e.t("domein.financien")) {
			t.Errorf("the case page's ZRM summary %q", summary)
		}
		if len(elements(r.body, "a", "href", form)) != 1 || len(elements(r.body, "a", "href", grid)) != 1 {
			t.Error("the case page does not link to the grid and the new assessment")
		}
	})
}

// gridRow returns the text of the person's row of the ZRM grid.
func gridRow(t *testing.T, body, name string) string {
	t.Helper()
	rows := rowsOf(t, body, "zrm-bijschrift")
	for _, row := range rows {
		if strings.HasPrefix(row, name+" ") {
			return row
		}
	}
	t.Fatalf("the grid %q has no row for %s", rows, name)
	return ""
}

// hidden returns the value of the hidden field with the name.
func hidden(t *testing.T, body, name string) string {
	t.Helper()
	els := elements(body, "input", "type", "hidden", "name", name)
	if len(els) != 1 {
		t.Fatalf("%d hidden fields %s; want 1", len(els), name)
	}
	return els[0].attrs["value"]
}

// planForm is a plan as its form posts it.
func planForm(version string) url.Values {
	return url.Values{
		"versie": {version}, "knop": {"opslaan"}, "variant": {"licht"},
		"gaatGoed":               {"Sanne brengt Noor elke dag naar school."},
		"zorg-0-omschrijving":    {"Huurachterstand"},
		"zorg-0-prioriteit":      {"1"},
		"eigenKracht":            {"Zus helpt met de post."},
		"ondersteuningNodig":     {"Schuldhulp."},
		"doel-0-id":              {""},
		"doel-0-domein":          {"financien"},
		"doel-0-omschrijving":    {"De huur wordt elke maand betaald."},
		"doel-0-goedGenoeg":      {"Drie maanden op rij op tijd betaald."},
		"doel-0-streefdatum":     {time.Now().AddDate(0, 3, 0).Format(time.DateOnly)},
		"doel-0-eigenaar":        {"gezin"},
		"doel-0-organisatie":     {""},
		"doel-0-status":          {"open"},
		"doel-0-actie-0-id":      {""},
		"doel-0-actie-0-wat":     {"Betalingsregeling afspreken"},
		"doel-0-actie-0-wie":     {"Sanne met de regisseur"},
		"doel-0-actie-0-start":   {""},
		"doel-0-actie-0-wanneer": {time.Now().AddDate(0, 1, 0).Format(time.DateOnly)},
		"doel-0-actie-0-status":  {"gepland"},
		"evaluatiedatum":         {time.Now().AddDate(0, 6, 0).Format(time.DateOnly)},
	}
}

// TestPlanForms: the plan form without a browser. Adding a goal keeps the
// input; a goal without goed-genoeg criterion comes back beside it; a
// second plan and a stale version are conflicts that keep every field and
// show what someone else saved; versions can be read and compared.
func TestPlanForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := newWorkedCase(t, e, 902)
		pro, lead := e.as(t, wijkregie.RoleProfessional), e.as(t, wijkregie.RoleTeamLead)
		page, edit, save := "/casussen/"+c.id+"/plan", "/casussen/"+c.id+"/plan/bewerken", "/casussen/"+c.id+"/plan"

		r := pro.get(t, page)
		checkPage(t, e, page, r)
		if !strings.Contains(text(r.body), e.t("plan.geen")) || len(elements(r.body, "a", "href", edit)) != 1 {
			t.Error("a case without plan does not say so or offers no plan")
		}
		for role, want := range map[wijkregie.Role]int{wijkregie.RoleProfessional: 200, wijkregie.RoleTeamLead: 200, wijkregie.RoleAdmin: 403, wijkregie.RolePartner: 403} {
			if r := e.as(t, role).get(t, edit); r.status != want {
				t.Errorf("GET %s as %s = %d; want %d", edit, role, r.status, want)
			}
		}
		r = pro.get(t, edit)
		checkPage(t, e, edit, r)
		if versionOf(r.body) != "0" || !isChecked(t, r.body, "variant") {
			t.Errorf("a new plan's form: version %q, light variant chosen %v; want 0 and light", versionOf(r.body), isChecked(t, r.body, "variant"))
		}

		// Adding a goal saves nothing and keeps every field.
		f := planForm("0")
		f.Set("knop", "doel-toevoegen")
		r = pro.post(t, save, f)
		if r.status != http.StatusOK {
			t.Fatalf("adding a goal = %d; want 200", r.status)
		}
		if got := textOf(t, r.body, "doel-0-goedGenoeg"); got != "Drie maanden op rij op tijd betaald." {
			t.Errorf("the criterion after adding a goal = %q; want it kept", got)
		}
		if !byID(t, r.body, "doel-1-domein").has("autofocus") || value(t, r.body, "doel-1-actie-0-wat") != "" {
			t.Error("the added goal is not there, empty and focused")
		}
		f.Set("knop", "actie-toevoegen-0")
		r = pro.post(t, save, f)
		if value(t, r.body, "doel-0-actie-0-wat") != "Betalingsregeling afspreken" || !byID(t, r.body, "doel-0-actie-1-wat").has("autofocus") {
			t.Error("adding an action lost the first, or did not add one")
		}
		if r := pro.get(t, page); !strings.Contains(text(r.body), e.t("plan.geen")) {
			t.Error("adding a block saved the plan")
		}

		// A goal without its goed-genoeg criterion, and a date that is none.
		f = planForm("0")
		f.Set("doel-0-goedGenoeg", "")
		f.Set("doel-0-actie-0-start", "volgende week")
		r = pro.post(t, save, f)
		checkInvalidPage(t, e, "a goal without criterion", r)
		checkFieldError(t, e, r, "doel-0-goedGenoeg", "veld.plan.goed_genoeg")
		checkFieldError(t, e, r, "doel-0-actie-0-start", "veld.datum")
		if got := textOf(t, r.body, "doel-0-omschrijving"); got != "De huur wordt elke maand betaald." {
			t.Errorf("the goal after an error = %q; want it kept", got)
		}
		if got := value(t, r.body, "doel-0-actie-0-start"); got != "volgende week" {
			t.Errorf("the bad date after an error = %q; want it kept", got)
		}
		// An empty block is dropped; a plan left without goals says so.
		f = planForm("0")
		for _, k := range []string{"doel-0-omschrijving", "doel-0-goedGenoeg", "doel-0-streefdatum", "doel-0-actie-0-wat", "doel-0-actie-0-wie", "doel-0-actie-0-wanneer"} {
			f.Set(k, "")
		}
		r = pro.post(t, save, f)
		checkInvalidPage(t, e, "a plan without goals", r)
		if got := textOf(t, r.body, "doelen-fout"); !strings.Contains(got, e.t("veld.plan.doelen")) {
			t.Errorf("the goals' message = %q", got)
		}

		// The plan.
		if r = pro.post(t, save, planForm("0")); r.status != http.StatusSeeOther || r.header.Get("Location") != page {
			t.Fatalf("saving the plan = %d to %q; want 303 to the plan", r.status, r.header.Get("Location"))
		}
		r = pro.get(t, page)
		checkPage(t, e, page, r)
		body := text(r.body)
		for _, want := range []string{"Sanne brengt Noor elke dag naar school.", "Huurachterstand", "Zus helpt met de post.", "Schuldhulp.",
			"De huur wordt elke maand betaald.", "Drie maanden op rij op tijd betaald.", "Betalingsregeling afspreken", e.t("plan.instemming.nee")} {
			if !strings.Contains(body, want) {
				t.Errorf("the plan lacks %q", want)
			}
		}

		// A second plan: the store refuses it; the input stays.
		second := planForm("0")
		second.Set("gaatGoed", "Een tweede plan.")
		r = lead.post(t, save, second)
		if r.status != http.StatusConflict || !strings.Contains(text(r.body), e.t("fout.plan.bestaat")) {
			t.Errorf("a second plan = %d; want 409 with %q", r.status, e.t("fout.plan.bestaat"))
		}
		if got := textOf(t, r.body, "gaatGoed"); got != "Een tweede plan." {
			t.Errorf("the second plan's text after the conflict = %q; want it kept", got)
		}

		// Version 2 with the family's agreement; then a stale save.
		r = pro.get(t, edit)
		if versionOf(r.body) != "1" {
			t.Fatalf("the form of the plan carries version %q; want 1", versionOf(r.body))
		}
		goal := hidden(t, r.body, "doel-0-id")
		action := hidden(t, r.body, "doel-0-actie-0-id")
		if goal == "" || action == "" {
			t.Fatal("the form does not carry the goal's and action's ids")
		}
		v2 := planForm("1")
		v2.Set("doel-0-id", goal)
		v2.Set("doel-0-actie-0-id", action)
		v2.Set("doel-0-status", "deels-bereikt")
		v2.Set("instemming-datum", time.Now().Format(time.DateOnly))
		v2.Set("instemming-wijze", "mondeling")
		v2.Set("notitie", "Instemming van het gezin.")
		if r = pro.post(t, save, v2); r.status != http.StatusSeeOther {
			t.Fatalf("saving version 2 = %d; want 303", r.status)
		}
		stale := planForm("1")
		stale.Set("doel-0-id", goal)
		stale.Set("doel-0-actie-0-id", action)
		stale.Set("eigenKracht", "Zus en buurman helpen.")
		r = lead.post(t, save, stale)
		if r.status != http.StatusConflict || !strings.Contains(text(r.body), e.t("fout.plan.gewijzigd")) {
			t.Fatalf("a stale save = %d; want 409 with %q", r.status, e.t("fout.plan.gewijzigd"))
		}
		if got := textOf(t, r.body, "eigenKracht"); got != "Zus en buurman helpen." {
			t.Errorf("the text after the conflict = %q; want it kept", got)
		}
		if versionOf(r.body) != "2" || len(elements(r.body, "a", "href", page+"/versies/2")) != 1 {
			t.Error("the conflict does not carry the newest version or link to it")
		}
		theirs := strings.Join(rowsOf(t, r.body, "conflict-wijzigingen-bijschrift"), " | ")
		if !strings.Contains(theirs, e.t("doel.status.deels-bereikt")) || !strings.Contains(theirs, e.t("plan.label.instemming_datum")) {
			t.Errorf("the conflict shows the other's changes as %q", theirs)
		}

		// History and comparison.
		r = pro.get(t, page)
		if rows := rowsOf(t, r.body, "versies-bijschrift"); len(rows) != 2 || !strings.Contains(rows[0], "Instemming van het gezin.") {
			t.Errorf("the versions %q; want 2, the newest first with its note", rows)
		}
		if !strings.Contains(textOf(t, r.body, "plan-vaststelling"), e.t("instemming.wijze.mondeling")) {
			t.Error("the plan does not show the family's agreement")
		}
		cmp := page + "/vergelijken?van=1&tot=2"
		r = pro.get(t, cmp)
		checkPage(t, e, cmp, r)
		changes := strings.Join(rowsOf(t, r.body, "wijzigingen-bijschrift"), " | ")
		for _, want := range []string{e.t("plan.wijziging.doel_onderdeel", "doel", "De huur wordt elke maand betaald.", "onderdeel", e.t("plan.label.doel_status")),
			e.t("doel.status.open"), e.t("doel.status.deels-bereikt"), e.t("instemming.wijze.mondeling")} {
			if !strings.Contains(changes, want) {
				t.Errorf("the comparison %q lacks %q", changes, want)
			}
		}
		r = pro.get(t, page+"/vergelijken?van=x&tot=2")
		checkInvalidPage(t, e, "comparing with no version", r)
		checkFieldError(t, e, r, "van", "veld.keuze")
		r = pro.get(t, page+"/versies/1")
		checkPage(t, e, "version 1", r)
		if !strings.Contains(text(r.body), e.t("plan.versie.eerder", "huidig", 2)) || !strings.Contains(text(r.body), e.t("doel.status.open")) {
			t.Error("version 1 does not read as the earlier version it is")
		}
		for _, p := range []string{page + "/versies/9", page + "/versies/x", "/casussen/geen-id/plan"} {
			if r := pro.get(t, p); r.status != http.StatusNotFound {
				t.Errorf("GET %s = %d; want 404", p, r.status)
			}
		}

		// The case page sums the plan up.
		r = pro.get(t, "/casussen/"+c.id)
		goals := rowsOf(t, r.body, "casus-doelen-bijschrift")
		if len(goals) != 1 || !strings.Contains(goals[0], e.t("doel.status.deels-bereikt")) {
			t.Errorf("the case page's goals %q", goals)
		}
		if !strings.Contains(textOf(t, r.body, "casus-plan-stand"), time.Now().AddDate(0, 6, 0).Format("2006")) {
			t.Error("the case page does not show the evaluation date")
		}
	})
}
