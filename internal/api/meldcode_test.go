package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestMeldcodeAPI walks a Meldcode track through the API: triage
// veiligheid starts the route, its steps are worked in order with their
// tasks, consultations are recorded, the afwegingskader's questions are
// answered along their logic to a report, the report to Veilig Thuis is
// made without the family's consent on the recorded legal basis, the
// safety plan shows in the family plan, and step 5 closes the route with
// its outcome. Between the steps: steps and questions out of order, the
// missing and stale If-Match, and who may not see the route.
func TestMeldcodeAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		noord := f.colleague(t, "y.tahiri@duinhaven.example")
		colleague := f.colleague(t, "i.pinas@duinhaven.example")
		fam := f.newFamily(t, 31, "veiligheid", "")
		f.assign(t, fam.kase)
		casePath := "/api/v1/casussen/" + fam.kase
		f.do(pro, "POST", casePath+"/betrokkenen", map[string]any{"medewerker": f.users[partner].ID, "rol": "hulpverlener"}).
			want(t, http.StatusCreated)
		path := casePath + "/meldcode"

		read := func() (api.Meldcoderoute, string) {
			t.Helper()
			r := f.do(pro, "GET", path, nil).want(t, http.StatusOK)
			f.conforms(t, r, "Meldcoderoute")
			var m api.Meldcoderoute
			r.decode(t, &m)
			return m, r.header.Get("ETag")
		}
		route, tag := read()
		if route.Stap != 1 || len(route.Stappen) != 0 || route.VolgendeVraag != nil || route.Uitkomst != nil || route.AfgeslotenOp != nil {
			t.Fatalf("new route %+v", route)
		}
		stepTask := func(step int) {
			t.Helper()
			var found []int
			for _, tk := range tasks(t, f.do(pro, "GET", "/api/v1/taken?soort=meldcode&paginaGrootte=200", nil)) {
				if tk.Casus != nil && *tk.Casus == fam.kase {
					if tk.Stap == nil {
						t.Errorf("meldcode task %+v without its step", tk)
						continue
					}
					found = append(found, *tk.Stap)
				}
			}
			want := []int{step}
			if step == 0 {
				want = nil
			}
			if !slices.Equal(found, want) {
				t.Errorf("the regisseur's open Meldcode tasks are for steps %v; want %v", found, want)
			}
		}
		stepTask(1)

		// Who may not see or work the route.
		f.do(partner, "GET", path, nil).want(t, http.StatusForbidden).problem(t)
		for _, o := range []other{noord, colleague} {
			f.as(o, "GET", path, nil).want(t, http.StatusNotFound).problem(t)
			f.as(o, "POST", path+"/stappen", map[string]any{"stap": 1, "datum": day(0), "toelichting": "x"}, "If-Match", tag).
				want(t, http.StatusNotFound)
		}
		f.do(partner, "POST", path+"/stappen", map[string]any{"stap": 1, "datum": day(0), "toelichting": "x"}, "If-Match", tag).
			want(t, http.StatusForbidden)
		f.do(admin, "GET", path, nil).want(t, http.StatusForbidden)

		step := func(n int, why string) {
			t.Helper()
			r := f.do(pro, "POST", path+"/stappen", map[string]any{"stap": n, "datum": day(0), "toelichting": why}, "If-Match", tag).
				want(t, http.StatusCreated)
			f.conforms(t, r, "Meldcoderoute")
			if r.header.Get("Location") != path {
				t.Errorf("step %d: Location %q", n, r.header.Get("Location"))
			}
			r.decode(t, &route)
			tag = r.header.Get("ETag")
		}
		stepsPath, answersPath := path+"/stappen", path+"/afwegingsvragen"

		// Steps go in order.
		f.do(pro, "POST", stepsPath, map[string]any{"stap": 1, "datum": day(0), "toelichting": "x"}).want(t, http.StatusPreconditionRequired).problem(t)
		wantParams(t, f.do(pro, "POST", stepsPath, map[string]any{"stap": 2, "datum": day(0), "toelichting": "Collega gesproken."}, "If-Match", tag), "stap")
		wantParams(t, f.do(pro, "POST", stepsPath, map[string]any{"stap": 1}, "If-Match", tag), "datum", "toelichting")
		wantParams(t, f.do(pro, "POST", stepsPath, map[string]any{"stap": 1, "datum": "vandaag", "toelichting": "x"}, "If-Match", tag), "datum")
		wantParams(t, f.do(pro, "POST", stepsPath, map[string]any{"stap": 1, "datum": day(1), "toelichting": "x"}, "If-Match", tag), "datum")
		stale := tag
		step(1, "Signalen in kaart: blauwe plekken gezien door school, moeder bang voor ex-partner.")
		if route.Stap != 2 || len(route.Stappen) != 1 || route.Stappen[0].Naam != "Signalen in kaart brengen" || route.Stappen[0].Door != f.users[pro].ID {
			t.Errorf("after step 1: %+v", route)
		}
		stepTask(2)
		f.do(pro, "POST", stepsPath, map[string]any{"stap": 2, "datum": day(0), "toelichting": "x"}, "If-Match", stale).
			want(t, http.StatusPreconditionFailed).problem(t)
		// The afwegingskader belongs to step 4.
		wantParams(t, f.do(pro, "POST", answersPath, map[string]any{"vraag": 1, "antwoord": true, "datum": day(0), "toelichting": "x"},
			"If-Match", tag), "vraag")

		// Consultations add without If-Match.
		for _, c := range []map[string]any{
			{"soort": "collega", "met": "Ingrid Pinas, aandachtsfunctionaris", "datum": day(0), "samenvatting": "Signalen zijn zorgelijk; volg de meldcode."},
			{"soort": "veilig-thuis-advies", "met": "Adviseur Veilig Thuis", "datum": day(0), "anoniem": true, "samenvatting": "Advies: gesprek met moeder, daarna wegen."},
		} {
			r := f.do(pro, "POST", path+"/consultaties", c).want(t, http.StatusCreated)
			f.conforms(t, r, "Meldcoderoute")
			r.decode(t, &route)
			tag = r.header.Get("ETag")
		}
		wantParams(t, f.do(pro, "POST", path+"/consultaties", map[string]any{"soort": "buurman", "datum": "gisteren"}), "datum", "soort", "met", "samenvatting")
		if len(route.Consultaties) != 2 || !route.Consultaties[1].Anoniem || route.Consultaties[1].Soort != "veilig-thuis-advies" {
			t.Errorf("consultations %+v", route.Consultaties)
		}
		step(2, "Collegiale consultatie en advies van Veilig Thuis gevraagd.")
		step(3, "Gesprek met moeder; zij erkent de dreiging.")
		if route.VolgendeVraag == nil || route.VolgendeVraag.Vraag != 1 || !strings.Contains(route.VolgendeVraag.Tekst, "vermoeden") {
			t.Fatalf("at step 4 the next question is %+v; want question 1", route.VolgendeVraag)
		}

		// The questions go along their logic.
		answer := func(q int, yes bool, why string) {
			t.Helper()
			r := f.do(pro, "POST", answersPath, map[string]any{"vraag": q, "antwoord": yes, "datum": day(0), "toelichting": why}, "If-Match", tag).
				want(t, http.StatusCreated)
			f.conforms(t, r, "Meldcoderoute")
			r.decode(t, &route)
			tag = r.header.Get("ETag")
		}
		wantParams(t, f.do(pro, "POST", answersPath, map[string]any{"vraag": 2, "antwoord": true, "datum": day(0), "toelichting": "x"},
			"If-Match", tag), "vraag")
		wantParams(t, f.do(pro, "POST", answersPath, map[string]any{"vraag": 1, "datum": day(0), "toelichting": "x"}, "If-Match", tag), "antwoord")
		wantParams(t, f.do(pro, "POST", answersPath, map[string]any{"vraag": 1, "antwoord": true, "datum": day(0), "toelichting": "x",
			"peildatum": "over een maand"}, "If-Match", tag), "peildatum")
		answer(1, true, "Vermoeden van kindermishandeling en partnergeweld.")
		if route.VolgendeVraag == nil || route.VolgendeVraag.Vraag != 2 {
			t.Errorf("after question 1 yes the next is %+v; want 2", route.VolgendeVraag)
		}
		answer(2, true, "Structurele onveiligheid: herhaald geweld.")
		if route.Uitkomst == nil || *route.Uitkomst != "melden" || route.UitkomstTekst == nil || route.VolgendeVraag != nil || route.AfgeslotenOp != nil {
			t.Errorf("after question 2 yes: %+v; want melden, the route still open", route)
		}
		wantParams(t, f.do(pro, "POST", answersPath, map[string]any{"vraag": 3, "antwoord": true, "datum": day(0), "toelichting": "x"},
			"If-Match", tag), "vraag")
		step(4, "Gewogen met het afwegingskader: melden.")
		// Step 5 decides on the report: it waits for it.
		wantParams(t, f.do(pro, "POST", stepsPath, map[string]any{"stap": 5, "datum": day(0), "toelichting": "Besloten te melden."}, "If-Match", tag), "stap")

		// The family plan shows the safety plan as its part.
		f.do(pro, "POST", casePath+"/plan", map[string]any{"variant": "licht",
			"zorgen": []map[string]any{{"omschrijving": "Veiligheid van moeder en kind.", "prioriteit": 1}},
			"doelen": []map[string]any{{"domein": "huiselijke-relaties", "omschrijving": "Moeder en kind zijn veilig.",
				"goedGenoeg": "Geen geweld meer; moeder weet wie ze belt.", "streefdatum": day(60), "eigenaar": "gezin"}}}).
			want(t, http.StatusCreated)
		wantParams(t, f.do(pro, "PUT", path+"/veiligheidsplan", map[string]any{"tekst": " "}, "If-Match", tag), "tekst")
		f.do(pro, "PUT", path+"/veiligheidsplan", map[string]any{"tekst": "x"}).want(t, http.StatusPreconditionRequired)
		safety := "Moeder belt 112 bij dreiging; oma neemt Milan op; contactverbod ex-partner aangevraagd."
		r := f.do(pro, "PUT", path+"/veiligheidsplan", map[string]any{"tekst": safety}, "If-Match", tag).want(t, http.StatusOK)
		f.conforms(t, r, "Meldcoderoute")
		r.decode(t, &route)
		tag = r.header.Get("ETag")
		if route.Veiligheidsplan == nil || route.Veiligheidsplan.Tekst != safety || route.Veiligheidsplan.OpgeslagenDoor == nil {
			t.Errorf("safety plan %+v", route.Veiligheidsplan)
		}
		var p api.Plan
		r = f.do(lead, "GET", casePath+"/plan", nil).want(t, http.StatusOK)
		f.conforms(t, r, "Plan")
		r.decode(t, &p)
		if p.Veiligheidsplan == nil || *p.Veiligheidsplan != safety {
			t.Errorf("the family plan's veiligheidsplan %v; want the route's", p.Veiligheidsplan)
		}

		// The report, without the family's consent: on the meldrecht.
		reportPath := path + "/melding"
		f.do(pro, "PUT", reportPath, map[string]any{"datum": day(0), "kenmerk": "VT-1", "toestemmingGeweigerd": true}).
			want(t, http.StatusPreconditionRequired)
		wantParams(t, f.do(pro, "PUT", reportPath, map[string]any{"datum": day(0), "kenmerk": " "}, "If-Match", tag), "toestemmingGeweigerd", "kenmerk")
		wantParams(t, f.do(pro, "PUT", reportPath, map[string]any{"datum": "01-03-2026", "kenmerk": "VT-1", "toestemmingGeweigerd": false},
			"If-Match", tag), "datum")
		r = f.do(pro, "PUT", reportPath, map[string]any{"datum": day(0), "kenmerk": "VT-2026-0042", "toestemmingGeweigerd": true}, "If-Match", tag).
			want(t, http.StatusOK)
		f.conforms(t, r, "Meldcoderoute")
		r.decode(t, &route)
		tag = r.header.Get("ETag")
		if m := route.Melding; m == nil || m.Kenmerk != "VT-2026-0042" || !m.ToestemmingGeweigerd || m.Grondslag == nil ||
			!strings.Contains(*m.Grondslag, "art. 5.2.6 Wmo 2015") || m.Door != f.users[pro].ID {
			t.Errorf("report %+v; want the meldrecht as its legal basis", route.Melding)
		}
		f.do(pro, "PUT", reportPath, map[string]any{"datum": day(0), "kenmerk": "VT-2", "toestemmingGeweigerd": false}, "If-Match", tag).
			want(t, http.StatusConflict).problem(t)

		// Step 5 decides, and the route closes with its outcome.
		step(5, "Gemeld bij Veilig Thuis; hulp loopt door.")
		if route.Stap != 6 || route.AfgeslotenOp == nil || route.Uitkomst == nil || *route.Uitkomst != "melden" || len(route.Stappen) != 5 {
			t.Errorf("route after step 5: %+v", route)
		}
		stepTask(0)
		f.do(pro, "POST", stepsPath, map[string]any{"stap": 5, "datum": day(0), "toelichting": "x"}, "If-Match", tag).want(t, http.StatusConflict)
		f.do(pro, "PUT", path+"/veiligheidsplan", map[string]any{"tekst": "x"}, "If-Match", tag).want(t, http.StatusConflict)

		var c api.Casus
		f.do(lead, "GET", casePath, nil).want(t, http.StatusOK).decode(t, &c)
		if c.Meldcode == nil || c.Meldcode.Stap != 6 || c.Niveau != "veiligheid" {
			t.Errorf("case after the route: %+v", c)
		}
		var events api.List[api.Gebeurtenis]
		r = f.do(lead, "GET", casePath+"/gebeurtenissen?paginaGrootte=200", nil).want(t, http.StatusOK)
		f.conforms(t, r, "GebeurtenisLijst")
		r.decode(t, &events)
		n := 0
		for _, e := range events.Resultaten {
			if e.Soort == "meldcode" {
				n++
				if strings.Contains(e.Reden, "blauwe plekken") {
					t.Errorf("a meldcode event carries the rationale: %+v", e)
				}
			}
		}
		if n < 10 {
			t.Errorf("%d meldcode events; want one per step, answer, consultation, report and plan", n)
		}
	})
}
