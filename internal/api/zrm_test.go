package api_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/api"
)

// intake records the ZRM at intake: only the domains relevant to the
// question are scored, each level with its official name; a level
// outside 1–5, a person outside the household and an unreadable date are
// field errors; readers without the case's content see nothing of it.
func (w *work) intake() {
	t := w.t
	path := w.casePath + "/zrm-metingen"
	meting := map[string]any{"moment": "intake", "datum": day(0), "scores": []map[string]any{
		{"persoon": w.fam.mother, "domein": "financien", "niveau": 2, "toelichting": "Schulden bij drie schuldeisers.", "doelniveau": 4},
		{"persoon": w.fam.mother, "domein": "huiselijke-relaties", "niveau": 3, "toelichting": "Spanningen met de ex-partner."},
		{"persoon": w.fam.child, "domein": "geestelijke-gezondheid", "niveau": 4, "toelichting": "Slaapt slecht, gaat wel naar school."},
	}}

	// Bad inputs, each named.
	bad := func(mutate func(m map[string]any)) map[string]any {
		m := map[string]any{"moment": "intake", "datum": day(0), "scores": []map[string]any{
			{"persoon": w.fam.mother, "domein": "financien", "niveau": 2, "toelichting": "x"}}}
		mutate(m)
		return m
	}
	scores := func(m map[string]any) map[string]any { return m["scores"].([]map[string]any)[0] }
	for _, tt := range []struct {
		name   string
		body   map[string]any
		params []string
	}{
		{"level 6", bad(func(m map[string]any) { scores(m)["niveau"] = 6 }), []string{"scores[0].niveau"}},
		{"level 0", bad(func(m map[string]any) { scores(m)["niveau"] = 0 }), []string{"scores[0].niveau"}},
		{"target level 7", bad(func(m map[string]any) { scores(m)["doelniveau"] = 7 }), []string{"scores[0].doelniveau"}},
		{"not a member", bad(func(m map[string]any) { scores(m)["persoon"] = w.users[pro].ID }), []string{"scores[0].persoon"}},
		{"unknown domain", bad(func(m map[string]any) { scores(m)["domein"] = "dagbesteding" }), []string{"scores[0].domein"}},
		{"no rationale", bad(func(m map[string]any) { scores(m)["toelichting"] = " " }), []string{"scores[0].toelichting"}},
		{"bad date and moment", bad(func(m map[string]any) { m["datum"], m["moment"] = "gisteren", "eind" }), []string{"datum", "moment"}},
		{"future date", bad(func(m map[string]any) { m["datum"] = day(3) }), []string{"datum"}},
		{"old instrument", bad(func(m map[string]any) { m["instrument"] = "zrm-2010" }), []string{"instrument"}},
		{"nothing scored", bad(func(m map[string]any) { m["scores"] = []map[string]any{} }), []string{"scores"}},
	} {
		t.Run("bad ZRM: "+tt.name, func(t *testing.T) {
			wantParams(t, w.sub(t).do(pro, "POST", path, tt.body), tt.params...)
		})
	}
	// Only the regisseur and the team lead assess.
	w.as(w.colleague, "POST", path, meting).want(t, http.StatusNotFound)
	w.as(w.noord, "POST", path, meting).want(t, http.StatusNotFound)
	w.do(partner, "POST", path, meting).want(t, http.StatusForbidden)

	r := w.do(pro, "POST", path, meting).want(t, http.StatusCreated)
	w.conforms(t, r, "ZrmMeting")
	var m api.ZRMMeting
	r.decode(t, &m)
	w.intakeID = m.ID
	if r.header.Get("Location") != path+"/"+m.ID || m.Moment != "intake" || m.Instrument != "zrm-2017" || m.Beoordelaar != w.users[pro].ID ||
		len(m.Scores) != 3 {
		t.Fatalf("intake %+v at %q", m, r.header.Get("Location"))
	}
	four := 4
	want := api.ZRMScore{Persoon: w.fam.mother, Domein: "financien", Niveau: 2, NiveauNaam: "Niet zelfredzaam",
		Toelichting: "Schulden bij drie schuldeisers.", Doelniveau: &four}
	if diff := cmp.Diff(m.Scores[0], want); diff != "" {
		t.Errorf("first score (-got +want):\n%s", diff)
	}
	got := w.do(pro, "GET", r.header.Get("Location"), nil).want(t, http.StatusOK)
	if string(got.body) != string(r.body) {
		t.Errorf("GET %s = %s; want what POST returned: %s", r.header.Get("Location"), got.body, r.body)
	}

	// The list: one intake, every score first scored now.
	var l api.ZRMMetingLijst
	r = w.do(pro, "GET", path, nil).want(t, http.StatusOK)
	w.conforms(t, r, "ZrmMetingLijst")
	r.decode(t, &l)
	if len(l.Resultaten) != 1 || l.Paginering.Totaal != 1 || len(l.Verandering) != 3 {
		t.Fatalf("list after intake: %+v", l)
	}
	for _, v := range l.Verandering {
		if v.Van != nil || v.Verschil != nil {
			t.Errorf("change %+v at the first assessment; want van and verschil null", v)
		}
	}

	// Who may not read it: the partner sees the case's frame, not its
	// content; another team and a colleague not involved not the case.
	w.do(partner, "GET", w.casePath, nil).want(t, http.StatusOK)
	w.do(partner, "GET", path, nil).want(t, http.StatusForbidden).problem(t)
	w.do(partner, "GET", path+"/"+m.ID, nil).want(t, http.StatusForbidden)
	for _, o := range []other{w.noord, w.noordLead, w.colleague} {
		w.as(o, "GET", path, nil).want(t, http.StatusNotFound).problem(t)
		w.as(o, "GET", path+"/"+m.ID, nil).want(t, http.StatusNotFound)
	}
	w.do(admin, "GET", path, nil).want(t, http.StatusForbidden)
	w.do(lead, "GET", path+"/01890a5d-ac96-774b-bcce-b302099a8057", nil).want(t, http.StatusNotFound)
	w.do(lead, "GET", path+"/geen-id", nil).want(t, http.StatusNotFound)
}

// interim records a tussenmeting; the list shows the change since the
// intake per person and domain scored again.
func (w *work) interim() {
	t := w.t
	path := w.casePath + "/zrm-metingen"
	w.do(pro, "POST", path, map[string]any{"moment": "tussenmeting", "datum": day(0), "scores": []map[string]any{
		{"persoon": w.fam.mother, "domein": "financien", "niveau": 3, "toelichting": "Schuldhulp loopt; geen nieuwe aanmaningen."},
		{"persoon": w.fam.mother, "domein": "sociaal-netwerk", "niveau": 4, "toelichting": "Oma en de buurvrouw helpen."},
	}}).want(t, http.StatusCreated)
	var l api.ZRMMetingLijst
	r := w.do(lead, "GET", path, nil).want(t, http.StatusOK)
	w.conforms(t, r, "ZrmMetingLijst")
	r.decode(t, &l)
	two, three, one := 2, 3, 1
	want := []api.ZRMVerandering{
		{Persoon: w.fam.mother, Domein: "financien", Van: &two, Naar: three, Verschil: &one},
		{Persoon: w.fam.mother, Domein: "sociaal-netwerk", Naar: 4},
	}
	if diff := cmp.Diff(l.Verandering, want); diff != "" {
		t.Errorf("change since the intake (-got +want):\n%s", diff)
	}
	if len(l.Resultaten) != 2 || l.Resultaten[0].Moment != "intake" || l.Resultaten[1].Moment != "tussenmeting" {
		t.Errorf("assessments %+v; want intake then tussenmeting", l.Resultaten)
	}
	// Paged: one per page, the Link header to the next.
	r = w.do(lead, "GET", path+"?paginaGrootte=1", nil).want(t, http.StatusOK)
	r.decode(t, &l)
	if len(l.Resultaten) != 1 || l.Paginering.AantalPaginas != 2 || l.Resultaten[0].ID != w.intakeID {
		t.Errorf("page 1 of 1: %+v", l)
	}
}
