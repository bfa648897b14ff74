package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"wijkregie/internal/api"
)

// planBody is the family's first plan: what goes well, worries by
// priority, eigen kracht, where support is needed, two goals with their
// goed-genoeg criterion — one the family's, one a partner's — and actions,
// one of them already past its date.
func (w *work) planBody() map[string]any {
	return map[string]any{
		"variant":  "volledig",
		"gaatGoed": "Moeder is zeer betrokken bij Milan; Milan gaat graag naar school.",
		"zorgen": []map[string]any{
			{"omschrijving": "De schulden lopen op.", "prioriteit": 1},
			{"omschrijving": "Spanningen met de ex-partner.", "prioriteit": 2},
		},
		"eigenKracht":        "Oma past twee middagen per week op; de buurvrouw opent samen met moeder de post.",
		"ondersteuningNodig": "Schuldhulp, en hulp bij de omgang met de ex-partner.",
		"doelen": []map[string]any{
			{"domein": "financien", "omschrijving": "De schulden zijn onder controle.",
				"goedGenoeg": "Alle vaste lasten van de maand zijn betaald en er komt geen nieuwe aanmaning.", "streefdatum": day(90),
				"eigenaar": "gezin", "acties": []map[string]any{
					{"wat": "Aanmelden bij de schuldhulp.", "wie": "Moeder, met de regisseur", "wanneer": day(14)},
					{"wat": "Overzicht van alle rekeningen maken.", "wie": "Moeder en de buurvrouw", "wanneer": day(-2)},
				}},
			{"domein": "huiselijke-relaties", "omschrijving": "Rust in huis.",
				"goedGenoeg": "Geen ruzies meer waar Milan bij is.", "streefdatum": day(120),
				"eigenaar": "partner", "organisatie": w.ggz(w.t), "acties": []map[string]any{
					{"wat": "Intake ouderschapsbegeleiding.", "wie": "GGZ Kustland", "start": day(7), "wanneer": day(21)},
				}},
		},
		"vastgesteldOp":  day(0),
		"deelnemers":     "Moeder, oma, de regisseur, GGZ Kustland",
		"evaluatiedatum": day(42),
		"toelichting":    "Eerste plan, na het keukentafelgesprek.",
	}
}

// plan makes the one plan: the bad inputs first, then version 1 with its
// ids, the case's place on the filters, and a second plan refused.
func (w *work) plan() {
	t := w.t
	path := w.casePath + "/plan"
	w.do(pro, "GET", path, nil).want(t, http.StatusNotFound).problem(t)
	// Past aangemeld without a plan, the case is on the team lead's list.
	asLead := func(p string) *response { return w.do(lead, "GET", p, nil) }
	if !slices.Contains(w.filtered(asLead, "zonderPlan=true"), w.fam.kase) {
		t.Error("?zonderPlan=true does not list the case in intake without a plan")
	}
	if slices.Contains(w.filtered(asLead, "zonderRegisseur=true"), w.fam.kase) {
		t.Error("?zonderRegisseur=true lists the case with its regisseur")
	}

	for _, tt := range []struct {
		name   string
		mutate func(p map[string]any)
		params []string
	}{
		{"goal without goed genoeg", func(p map[string]any) { goal(p, 0)["goedGenoeg"] = " " }, []string{"doelen[0].goedGenoeg"}},
		{"partner goal without organisation", func(p map[string]any) { delete(goal(p, 1), "organisatie") }, []string{"doelen[1].organisatie"}},
		{"bad dates", func(p map[string]any) {
			goal(p, 0)["streefdatum"] = "volgend jaar"
			goal(p, 1)["acties"].([]map[string]any)[0]["start"] = "31-12-2026"
			p["evaluatiedatum"] = "2026-02-30"
		}, []string{"evaluatiedatum", "doelen[0].streefdatum", "doelen[1].acties[0].start"}},
		{"full plan without strengths", func(p map[string]any) { delete(p, "gaatGoed"); delete(p, "eigenKracht") }, []string{"gaatGoed", "eigenKracht"}},
		{"no goals", func(p map[string]any) { p["doelen"] = []map[string]any{} }, []string{"doelen"}},
		{"worry without priority", func(p map[string]any) { p["zorgen"].([]map[string]any)[1]["prioriteit"] = 0 }, []string{"zorgen[1].prioriteit"}},
		{"adopted without participants", func(p map[string]any) { p["deelnemers"] = "" }, []string{"deelnemers"}},
		{"evaluation in the past", func(p map[string]any) { p["evaluatiedatum"] = day(-1) }, []string{"evaluatiedatum"}},
		{"agreement without date", func(p map[string]any) { p["instemming"] = map[string]any{"wijze": "mondeling"} }, []string{"instemming.datum"}},
		{"unknown variant", func(p map[string]any) { p["variant"] = "zwaar" }, []string{"variant"}},
		{"unknown field", func(p map[string]any) { p["doelstelling"] = "x" }, []string{"doelstelling"}},
		// The schema would refuse the goal's row: the field, not a 404.
		{"organisation that does not exist", func(p map[string]any) { goal(p, 1)["organisatie"] = "0190a0a0-0000-7000-8000-000000000000" },
			[]string{"doelen[1].organisatie"}},
		{"organisation that is no id", func(p map[string]any) { goal(p, 1)["organisatie"] = "GGZ Kustland" }, []string{"doelen[1].organisatie"}},
		// More goals than one statement's parameters hold: 400, not 500.
		{"thousands of goals", func(p map[string]any) {
			goals := p["doelen"].([]map[string]any)
			for len(goals) < 4000 {
				goals = append(goals, map[string]any{"domein": "financien", "omschrijving": "x", "goedGenoeg": "y", "streefdatum": day(90),
					"eigenaar": "gezin"})
			}
			p["doelen"] = goals
		}, []string{"doelen"}},
	} {
		t.Run("bad plan: "+tt.name, func(t *testing.T) {
			body := w.planBody()
			tt.mutate(body)
			wantParams(t, w.sub(t).do(pro, "POST", path, body), tt.params...)
		})
	}
	w.do(partner, "POST", path, w.planBody()).want(t, http.StatusForbidden)
	w.as(w.colleague, "POST", path, w.planBody()).want(t, http.StatusNotFound)

	r := w.do(pro, "POST", path, w.planBody()).want(t, http.StatusCreated)
	w.conforms(t, r, "Plan")
	var p api.Plan
	r.decode(t, &p)
	if r.header.Get("Location") != path || p.Versie != 1 || p.Status != "actief" || len(p.Doelen) != 2 || p.Instemming != nil ||
		p.Veiligheidsplan != nil || p.OpgeslagenDoor != w.users[pro].ID || p.Evaluatiedatum == nil || *p.Evaluatiedatum != day(42) {
		t.Fatalf("plan %+v at %q", p, r.header.Get("Location"))
	}
	for _, g := range p.Doelen {
		if g.ID == "" || g.Status != "open" || len(g.Acties) == 0 || g.Acties[0].ID == "" || g.Acties[0].Status != "gepland" {
			t.Errorf("goal %+v; want an id, open, actions with ids and gepland", g)
		}
		w.goals = append(w.goals, g.ID)
	}
	if p.Doelen[0].GoedGenoeg != "Alle vaste lasten van de maand zijn betaald en er komt geen nieuwe aanmaning." ||
		p.Doelen[1].Organisatie == nil || p.Zorgen[0].Prioriteit != 1 {
		t.Errorf("plan as saved: %+v", p)
	}
	got := w.do(lead, "GET", path, nil).want(t, http.StatusOK)
	if string(got.body) != string(r.body) || got.header.Get("ETag") != r.header.Get("ETag") {
		t.Errorf("GET %s = %s; want what POST returned: %s", path, got.body, r.body)
	}
	w.planTag = r.header.Get("ETag")
	w.do(lead, "GET", path, nil, "If-None-Match", w.planTag).want(t, http.StatusNotModified)

	// One family, one plan: a second is a conflict, whoever makes it.
	for _, role := range []string{"professional", "team lead"} {
		as := pro
		if role == "team lead" {
			as = lead
		}
		pr := w.do(as, "POST", path, w.planBody()).want(t, http.StatusConflict).problem(t)
		if !strings.Contains(pr.Detail, "één plan") {
			t.Errorf("second plan by the %s: detail %q", role, pr.Detail)
		}
	}

	// The plan is the case's content.
	w.do(partner, "GET", path, nil).want(t, http.StatusForbidden)
	for _, o := range []other{w.noord, w.noordLead, w.colleague} {
		w.as(o, "GET", path, nil).want(t, http.StatusNotFound)
		w.as(o, "GET", path+"/versies", nil).want(t, http.StatusNotFound)
	}
	if slices.Contains(w.filtered(asLead, "zonderPlan=true"), w.fam.kase) {
		t.Error("?zonderPlan=true lists the case with its plan")
	}
	// An action past its date: the case stagnates.
	if !slices.Contains(w.filtered(asLead, "stagnatie=true"), w.fam.kase) {
		t.Error("?stagnatie=true does not list the case with an overdue action")
	}
	w.filterScope(true)
}

func goal(p map[string]any, i int) map[string]any { return p["doelen"].([]map[string]any)[i] }

// agreement records the family's agreement as a new version, over the
// version read: without If-Match 428, over a stale version 412, and the
// history and the comparison show what changed.
func (w *work) agreement() {
	t := w.t
	path := w.casePath + "/plan"
	r := w.do(pro, "GET", path, nil).want(t, http.StatusOK)
	var body map[string]any
	r.decode(t, &body) // sent back whole, read-only fields included
	body["instemming"] = map[string]any{"datum": day(0), "wijze": "schriftelijk"}
	body["toelichting"] = "Het gezin stemt in met het plan."

	w.do(pro, "PUT", path, body).want(t, http.StatusPreconditionRequired).problem(t)
	w.do(pro, "PUT", path, body, "If-Match", `"verouderd"`).want(t, http.StatusPreconditionFailed).problem(t)
	w.do(partner, "PUT", path, body, "If-Match", w.planTag).want(t, http.StatusForbidden)
	w.as(w.noordLead, "PUT", path, body, "If-Match", w.planTag).want(t, http.StatusNotFound)
	bad := map[string]any{}
	for k, v := range body {
		bad[k] = v
	}
	bad["instemming"] = map[string]any{"datum": day(0), "wijze": "knipoog"}
	wantParams(t, w.do(pro, "PUT", path, bad, "If-Match", w.planTag), "instemming.wijze")
	// A goal id the plan does not know is not the client's to make up.
	bad["instemming"] = body["instemming"]
	bad["doelen"] = []any{map[string]any{"id": "01890a5d-ac96-774b-bcce-b302099a8057", "domein": "financien", "omschrijving": "x",
		"goedGenoeg": "y", "streefdatum": day(30), "eigenaar": "gezin"}}
	wantParams(t, w.do(pro, "PUT", path, bad, "If-Match", w.planTag), "doelen[0].id")

	r = w.do(pro, "PUT", path, body, "If-Match", w.planTag).want(t, http.StatusOK)
	w.conforms(t, r, "Plan")
	var p api.Plan
	r.decode(t, &p)
	if p.Versie != 2 || p.Instemming == nil || p.Instemming.Wijze != "schriftelijk" || p.Toelichting != "Het gezin stemt in met het plan." ||
		p.Doelen[0].ID != w.goals[0] || p.Doelen[1].ID != w.goals[1] {
		t.Errorf("version 2: %+v", p)
	}
	// The editor who read version 1 cannot overwrite version 2.
	stale := w.do(lead, "PUT", path, w.planBody(), "If-Match", w.planTag).want(t, http.StatusPreconditionFailed).problem(t)
	if stale.Instance != path {
		t.Errorf("412 instance %q", stale.Instance)
	}
	w.planTag = r.header.Get("ETag")

	// The history, newest first, and each version as saved.
	var vs api.List[api.PlanVersie]
	r = w.do(lead, "GET", path+"/versies", nil).want(t, http.StatusOK)
	w.conforms(t, r, "PlanVersieLijst")
	r.decode(t, &vs)
	if len(vs.Resultaten) != 2 || vs.Resultaten[0].Versie != 2 || vs.Resultaten[1].Versie != 1 ||
		vs.Resultaten[1].Toelichting != "Eerste plan, na het keukentafelgesprek." {
		t.Errorf("versions %+v", vs.Resultaten)
	}
	var v1 api.Plan
	r = w.do(lead, "GET", path+"/versies/1", nil).want(t, http.StatusOK)
	w.conforms(t, r, "Plan")
	r.decode(t, &v1)
	if v1.Versie != 1 || v1.Instemming != nil {
		t.Errorf("version 1: %+v", v1)
	}
	for _, bad := range []string{"/versies/3", "/versies/0", "/versies/een"} {
		w.do(lead, "GET", path+bad, nil).want(t, http.StatusNotFound).problem(t)
	}
	w.do(partner, "GET", path+"/versies/1", nil).want(t, http.StatusForbidden)

	var cmpr api.PlanVergelijking
	r = w.do(pro, "GET", path+"/vergelijking?van=1&tot=2", nil).want(t, http.StatusOK)
	w.conforms(t, r, "PlanVergelijking")
	r.decode(t, &cmpr)
	var fields []string
	for _, c := range cmpr.Wijzigingen {
		fields = append(fields, c.Veld)
		if c.Veld == "instemming.datum" && (c.Was != "" || c.Wordt != day(0)) {
			t.Errorf("change %+v", c)
		}
	}
	if cmpr.Van != 1 || cmpr.Tot != 2 || !slices.Contains(fields, "instemming.datum") || !slices.Contains(fields, "instemming.wijze") ||
		slices.ContainsFunc(fields, func(f string) bool { return strings.HasPrefix(f, "doelen") }) {
		t.Errorf("comparison 1→2 changes %v", fields)
	}
	wantParams(t, w.do(pro, "GET", path+"/vergelijking?van=een", nil), "van", "tot")
	w.do(pro, "GET", path+"/vergelijking?van=1&tot=9", nil).want(t, http.StatusNotFound)
	w.do(partner, "GET", path+"/vergelijking?van=1&tot=2", nil).want(t, http.StatusForbidden)
}
