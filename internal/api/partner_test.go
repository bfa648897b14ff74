package api_test

import (
	"net/http"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// partnerPlanBody is a light plan with a goal of the partner's
// organisation in financien (one action), and the family's own goal.
func partnerPlanBody(org string) map[string]any {
	return map[string]any{
		"variant": "licht",
		"doelen": []map[string]any{
			{"domein": "financien", "omschrijving": "Budgetcoaching.", "goedGenoeg": "De vaste lasten worden op tijd betaald.",
				"streefdatum": day(90), "eigenaar": "partner", "organisatie": org,
				"acties": []map[string]any{{"wat": "Intakegesprek.", "wie": "Budgetcoach", "wanneer": day(14)}}},
			{"domein": "financien", "omschrijving": "Aflossen.", "goedGenoeg": "De betalingsregeling loopt.", "streefdatum": day(90),
				"eigenaar": "gezin"},
		},
		"vastgesteldOp": day(0), "deelnemers": "Moeder, de regisseur", "evaluatiedatum": day(42),
	}
}

// TestGroundAPI records the case's ground over its ETag, and records,
// lists and ends a partner's sharing ground, each bad input naming its
// field; the partner changes none of it and sees only its own.
func TestGroundAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fam := f.newFamily(t, 501, "meervoudig", "intensief")
		f.assign(t, fam.kase)
		path := "/api/v1/casussen/" + fam.kase
		f.do(pro, "POST", path+"/betrokkenen", map[string]any{"medewerker": f.users[partner].ID, "rol": "adviseur"}).want(t, http.StatusCreated)

		// The case's ground.
		ground := map[string]any{"grondslag": "wgs", "toelichting": "Schuldhulpverlening: wettelijke taak."}
		f.do(pro, "PUT", path+"/grondslag", ground).want(t, http.StatusPreconditionRequired)
		tag := f.caseTag(t, pro, fam.kase)
		wantParams(t, f.do(pro, "PUT", path+"/grondslag", map[string]any{"grondslag": "toestemming", "toelichting": " "}, "If-Match", tag),
			"grondslag", "toelichting")
		wantParams(t, f.do(pro, "PUT", path+"/grondslag", map[string]any{"grondslag": "wgs", "reden": "x"}, "If-Match", tag), "reden")
		f.do(partner, "PUT", path+"/grondslag", ground, "If-Match", tag).want(t, http.StatusForbidden)
		r := f.do(pro, "PUT", path+"/grondslag", ground, "If-Match", tag).want(t, http.StatusOK)
		f.conforms(t, r, "Casus")
		var c api.Casus
		r.decode(t, &c)
		if c.Grondslag == nil || *c.Grondslag != "wgs" || c.GrondslagToelichting == nil || *c.GrondslagToelichting != "Schuldhulpverlening: wettelijke taak." {
			t.Errorf("the case after its ground: grondslag %v, toelichting %v", c.Grondslag, c.GrondslagToelichting)
		}
		f.do(pro, "PUT", path+"/grondslag", ground, "If-Match", tag).want(t, http.StatusPreconditionFailed)

		// A sharing ground for the partner's organisation.
		org := f.users[partner].OrganisationID
		grounds := path + "/deelgrondslagen"
		wantParams(t, f.do(pro, "POST", grounds, map[string]any{"organisatie": org, "grondslag": "toestemming", "doelen": []string{"alles"}}),
			"grondslag", "doelen", "toelichting")
		wantParams(t, f.do(pro, "POST", grounds, map[string]any{"organisatie": "0190a0a0-0000-7000-8000-000000000000", "grondslag": "meldcode",
			"doelen": []string{"informatie-delen"}, "toelichting": "Veiligheid"}), "organisatie")
		body := map[string]any{"organisatie": org, "grondslag": "meldcode", "doelen": []string{"informatie-delen"},
			"toelichting": "Meldcode stap 2: overleg met de huisarts."}
		f.do(partner, "POST", grounds, body).want(t, http.StatusForbidden)
		r = f.do(pro, "POST", grounds, body).want(t, http.StatusCreated)
		f.conforms(t, r, "Deelgrondslag")
		var g api.Deelgrondslag
		r.decode(t, &g)
		if r.header.Get("Location") != grounds+"/"+g.ID || !g.Actueel || g.Organisatie != org || g.BeeindigdOp != nil || g.VastgelegdDoor != f.users[pro].ID {
			t.Errorf("recorded ground %+v at %q", g, r.header.Get("Location"))
		}
		for _, role := range []wijkregie.Role{pro, partner} {
			var l list[api.Deelgrondslag]
			lr := f.do(role, "GET", grounds, nil).want(t, http.StatusOK)
			f.conforms(t, lr, "DeelgrondslagLijst")
			lr.decode(t, &l)
			if len(l.Resultaten) != 1 || l.Resultaten[0].ID != g.ID {
				t.Errorf("%s lists grounds %+v", role, l.Resultaten)
			}
		}
		end := grounds + "/" + g.ID + "/beeindiging"
		wantParams(t, f.do(pro, "POST", end, map[string]any{"reden": " "}), "reden")
		f.do(partner, "POST", end, map[string]any{"reden": "Klaar"}).want(t, http.StatusForbidden)
		r = f.do(pro, "POST", end, map[string]any{"reden": "Veilig Thuis heeft het overgenomen."}).want(t, http.StatusOK)
		f.conforms(t, r, "Deelgrondslag")
		r.decode(t, &g)
		if g.Actueel || g.BeeindigdOp == nil || g.RedenBeeindigen == nil || *g.RedenBeeindigen != "Veilig Thuis heeft het overgenomen." {
			t.Errorf("ended ground %+v", g)
		}
		f.do(pro, "POST", end, map[string]any{"reden": "Nogmaals."}).want(t, http.StatusConflict).problem(t)
		f.do(pro, "POST", grounds+"/0190a0a0-0000-7000-8000-000000000000/beeindiging", map[string]any{"reden": "x"}).want(t, http.StatusNotFound)
	})
}

// TestPartnerWorkAPI: the partner's portal lists the family it is
// involved with, and the goal of its organisation only while a consent
// for uitvoeren-plan covers its domain; its progress is a new plan
// version over the one it read.
func TestPartnerWorkAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fam := f.newFamily(t, 502, "meervoudig", "intensief")
		f.assign(t, fam.kase)
		path := "/api/v1/casussen/" + fam.kase
		f.do(pro, "POST", path+"/betrokkenen", map[string]any{"medewerker": f.users[partner].ID, "rol": "adviseur"}).want(t, http.StatusCreated)
		org := f.users[partner].OrganisationID
		var p api.Plan
		f.do(pro, "POST", path+"/plan", partnerPlanBody(org)).want(t, http.StatusCreated).decode(t, &p)
		own, family := p.Doelen[0], p.Doelen[1]

		portal := func() api.PartnerCasus {
			t.Helper()
			r := f.do(partner, "GET", "/api/v1/partnerwerk", nil).want(t, http.StatusOK)
			f.conforms(t, r, "PartnerCasusLijst")
			var l list[api.PartnerCasus]
			r.decode(t, &l)
			for _, pc := range l.Resultaten {
				if pc.Casus == fam.kase {
					return pc
				}
			}
			t.Fatalf("the portal does not list the case: %+v", l.Resultaten)
			return api.PartnerCasus{}
		}
		f.do(pro, "GET", "/api/v1/partnerwerk", nil).want(t, http.StatusForbidden)

		// Known only: who the regisseur is, no goals.
		pc := portal()
		if pc.Regisseur == nil || pc.Regisseur.ID != f.users[pro].ID || pc.Regisseur.Email != f.users[pro].Email || len(pc.Doelen) != 0 ||
			pc.Planversie != nil || pc.Toegang.InformatieDelen || len(pc.Toegang.PlanDomeinen) != 0 {
			t.Errorf("without consent the portal shows %+v", pc)
		}
		progress := path + "/plan/doelen/" + own.ID + "/voortgang"
		done := map[string]any{"status": "bereikt", "acties": []map[string]any{{"id": own.Acties[0].ID, "status": "gereed"}}}
		f.do(partner, "POST", progress, done, "If-Match", `"plan-v1"`).want(t, http.StatusNotFound)

		// The mother consents to the plan in financien.
		var consent api.Toestemming
		f.do(pro, "POST", "/api/v1/toestemmingen", map[string]any{"persoon": fam.mother, "organisatie": org, "doel": "uitvoeren-plan",
			"domeinen": []string{"financien"}, "gegevenOp": day(0), "wijze": "mondeling",
			"gegevenDoor": []map[string]any{{"persoon": fam.mother, "hoedanigheid": "betrokkene"}}}).want(t, http.StatusCreated).decode(t, &consent)
		pc = portal()
		if len(pc.Doelen) != 1 || pc.Doelen[0].ID != own.ID || pc.Planversie == nil || *pc.Planversie != 1 ||
			len(pc.Toegang.PlanDomeinen) != 1 || pc.Toegang.PlanDomeinen[0] != "financien" || pc.Toegang.OpGrondslag {
			t.Fatalf("with consent the portal shows %+v", pc)
		}

		f.do(partner, "POST", progress, done).want(t, http.StatusPreconditionRequired)
		wantParams(t, f.do(partner, "POST", progress, map[string]any{"status": "klaar"}, "If-Match", `"plan-v1"`), "status")
		wantParams(t, f.do(partner, "POST", progress, map[string]any{"status": "bereikt",
			"acties": []map[string]any{{"id": own.Acties[0].ID, "status": "gereed"}, {"id": own.Acties[0].ID, "status": "gepland"}}},
			"If-Match", `"plan-v1"`), "acties")
		f.do(partner, "POST", path+"/plan/doelen/"+family.ID+"/voortgang", done, "If-Match", `"plan-v1"`).want(t, http.StatusNotFound)
		f.do(pro, "POST", progress, done, "If-Match", `"plan-v1"`).want(t, http.StatusForbidden)
		f.do(partner, "POST", progress, done, "If-Match", `"plan-v9"`).want(t, http.StatusPreconditionFailed)
		f.do(partner, "POST", progress, done, "If-Match", `"iets"`).want(t, http.StatusPreconditionFailed)

		r := f.do(partner, "POST", progress, done, "If-Match", `"plan-v1"`).want(t, http.StatusOK)
		f.conforms(t, r, "PartnerDoel")
		var d api.PartnerDoel
		r.decode(t, &d)
		if d.Status != "bereikt" || d.Acties[0].Status != "gereed" || d.Planversie != 2 || r.header.Get("ETag") != `"plan-v2"` {
			t.Errorf("progress gave %+v with ETag %q", d, r.header.Get("ETag"))
		}
		// The version it read is gone: 412, and nothing is written.
		f.do(partner, "POST", progress, map[string]any{"status": "open"}, "If-Match", `"plan-v1"`).want(t, http.StatusPreconditionFailed)
		var saved api.Plan
		f.do(pro, "GET", path+"/plan", nil).want(t, http.StatusOK).decode(t, &saved)
		if saved.Versie != 2 || saved.Doelen[0].Status != "bereikt" || saved.Doelen[1].Status != "open" || saved.OpgeslagenDoor != f.users[partner].ID {
			t.Errorf("the plan after the progress: version %d, goals %+v, saved by %s", saved.Versie, saved.Doelen, saved.OpgeslagenDoor)
		}

		// Withdrawn: the next request no longer shows or takes the goal.
		ctag := f.do(pro, "GET", "/api/v1/toestemmingen/"+consent.ID, nil).want(t, http.StatusOK).header.Get("ETag")
		f.do(pro, "POST", "/api/v1/toestemmingen/"+consent.ID+"/intrekken", map[string]any{}, "If-Match", ctag).want(t, http.StatusOK)
		if pc = portal(); len(pc.Doelen) != 0 {
			t.Errorf("after the withdrawal the portal shows goals %+v", pc.Doelen)
		}
		f.do(partner, "POST", progress, done, "If-Match", `"plan-v2"`).want(t, http.StatusNotFound)
	})
}
