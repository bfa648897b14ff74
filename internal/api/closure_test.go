package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/api"
)

// scaleDown takes the case through plan and uitvoering to afschalen, and
// down to licht; closing is not a status.
func (w *work) scaleDown() {
	t := w.t
	statusPath, levelPath := w.casePath+"/status", w.casePath+"/niveau"
	for _, st := range []string{"plan", "uitvoering"} {
		w.do(pro, "PUT", statusPath, map[string]any{"status": st, "reden": "Volgende fase."}, "If-Match", w.caseTag(t, pro, w.fam.kase)).
			want(t, http.StatusOK)
	}
	tag := w.caseTag(t, pro, w.fam.kase)
	wantParams(t, w.do(pro, "PUT", statusPath, map[string]any{"status": "afgesloten", "reden": "Klaar."}, "If-Match", tag), "status")
	wantParams(t, w.do(pro, "PUT", statusPath, map[string]any{"status": "afgesloten", "afsluitreden": "verhuisd"}, "If-Match", tag), "afsluitreden")
	r := w.do(pro, "PUT", levelPath, map[string]any{"niveau": "licht", "reden": "Schuldhulp loopt; gezin redt zich met lichte steun."},
		"If-Match", tag).want(t, http.StatusOK)
	w.conforms(t, r, "Casus")
	r = w.do(pro, "PUT", statusPath, map[string]any{"status": "afschalen", "reden": "Doelen grotendeels bereikt."},
		"If-Match", r.header.Get("ETag")).want(t, http.StatusOK)
	var c api.Casus
	r.decode(t, &c)
	if c.Status != "afschalen" || c.Niveau != "licht" || c.HerhalingVan != nil {
		t.Errorf("case after afschalen: %+v", c)
	}
}

// closure records the final assessment and closes the case with its
// outcome, over the case's ETag: the bad closures named field by field,
// then the closure, and what it ended.
func (w *work) closure() {
	t := w.t
	var m api.ZRMMeting
	w.do(pro, "POST", w.casePath+"/zrm-metingen", map[string]any{"moment": "afsluiting", "datum": day(0), "scores": []map[string]any{
		{"persoon": w.fam.mother, "domein": "financien", "niveau": 4, "toelichting": "Vaste lasten betaald, schuldregeling loopt."},
	}}).want(t, http.StatusCreated).decode(t, &m)
	w.closingID = m.ID

	path := w.casePath + "/afsluiting"
	w.do(lead, "GET", path, nil).want(t, http.StatusNotFound).problem(t) // still open
	body := func() map[string]any {
		return map[string]any{"reden": "doelen-bereikt", "kanZonderHulp": "ja", "problemenVerminderd": "ja", "doelenBereikt": "deels",
			"doelen": map[string]any{w.goals[0]: "bereikt", w.goals[1]: "deels-bereikt"}, "eindmeting": w.closingID, "waardering": 8,
			"opmerking": "Fijn dat er naar ons geluisterd werd.", "samenvatting": "Schulden onder controle; omgang geregeld via de GGZ."}
	}
	// A contact moves the case's last contact: the case as read before it
	// is not the case any more, though its version is unchanged.
	staleTag := w.caseTag(t, pro, w.fam.kase)
	w.do(pro, "POST", w.casePath+"/journaal", map[string]any{"soort": "contact", "contactvorm": "gesprek", "datum": day(0),
		"tekst": "Afsluitend gesprek met moeder.", "zichtbaarheid": "team"}).want(t, http.StatusCreated)
	tag := w.caseTag(t, pro, w.fam.kase)

	w.do(pro, "POST", path, body()).want(t, http.StatusPreconditionRequired).problem(t)
	noReason := body()
	delete(noReason, "reden")
	wantParams(t, w.do(pro, "POST", path, noReason, "If-Match", tag), "reden")
	for _, tt := range []struct {
		name   string
		mutate func(b map[string]any)
		params []string
	}{
		{"unknown reason and answer", func(b map[string]any) { b["reden"], b["kanZonderHulp"] = "klaar", "misschien" }, []string{"reden", "kanZonderHulp"}},
		{"rating 11, an open goal left, the intake as final", func(b map[string]any) {
			b["waardering"], b["eindmeting"] = 11, w.intakeID
			delete(b["doelen"].(map[string]any), w.goals[1])
		}, []string{"waardering", "doelen[" + w.goals[1] + "].status", "eindmeting"}},
		{"rating 0", func(b map[string]any) { b["waardering"] = 0 }, []string{"waardering"}},
		{"goal left open", func(b map[string]any) { b["doelen"].(map[string]any)[w.goals[0]] = "open" }, []string{"doelen[" + w.goals[0] + "].status"}},
		{"no summary", func(b map[string]any) { b["samenvatting"] = " " }, []string{"samenvatting"}},
	} {
		t.Run("bad closure: "+tt.name, func(t *testing.T) {
			b := body()
			tt.mutate(b)
			wantParams(t, w.sub(t).do(pro, "POST", path, b, "If-Match", tag), tt.params...)
		})
	}
	w.do(partner, "POST", path, body(), "If-Match", tag).want(t, http.StatusForbidden)
	w.as(w.colleague, "POST", path, body(), "If-Match", tag).want(t, http.StatusNotFound)
	w.do(pro, "POST", path, body(), "If-Match", staleTag).want(t, http.StatusPreconditionFailed)
	w.do(pro, "POST", path, body(), "If-Match", `"verouderd"`).want(t, http.StatusPreconditionFailed).problem(t)

	r := w.do(pro, "POST", path, body(), "If-Match", tag).want(t, http.StatusCreated)
	w.conforms(t, r, "Afsluiting")
	var a api.Afsluiting
	r.decode(t, &a)
	eight := 8
	want := api.Afsluiting{Reden: "doelen-bereikt", KanZonderHulp: "ja", ProblemenVerminderd: "ja", DoelenBereikt: "deels",
		Doelen: map[string]string{w.goals[0]: "bereikt", w.goals[1]: "deels-bereikt"}, Eindmeting: &w.closingID, Waardering: &eight,
		Opmerking: "Fijn dat er naar ons geluisterd werd.", Samenvatting: "Schulden onder controle; omgang geregeld via de GGZ.",
		AfgeslotenOp: a.AfgeslotenOp, AfgeslotenDoor: w.users[pro].ID}
	if diff := cmp.Diff(a, want); diff != "" || r.header.Get("Location") != path {
		t.Errorf("closure at %q (-got +want):\n%s", r.header.Get("Location"), diff)
	}
	got := w.do(lead, "GET", path, nil).want(t, http.StatusOK)
	if string(got.body) != string(r.body) {
		t.Errorf("GET %s = %s; want what POST returned: %s", path, got.body, r.body)
	}

	// The case is closed with its reason; the plan closed with the goals'
	// final statuses as its last version; the evaluation task is done.
	var c api.Casus
	r = w.do(lead, "GET", w.casePath, nil).want(t, http.StatusOK)
	w.conforms(t, r, "Casus")
	r.decode(t, &c)
	if c.Status != "afgesloten" || c.Afsluitreden == nil || *c.Afsluitreden != "doelen-bereikt" || c.AfgeslotenOp == nil || c.Regisseur == nil {
		t.Errorf("closed case %+v", c)
	}
	var p api.Plan
	r = w.do(lead, "GET", w.casePath+"/plan", nil).want(t, http.StatusOK)
	w.conforms(t, r, "Plan")
	r.decode(t, &p)
	if p.Status != "afgesloten" || p.Versie != 3 || p.Doelen[0].Status != "bereikt" || p.Doelen[1].Status != "deels-bereikt" {
		t.Errorf("plan after closure: status %s, versie %d, goals %+v", p.Status, p.Versie, p.Doelen)
	}
	var d api.TaakDetail
	w.do(lead, "GET", "/api/v1/taken/"+w.evalTask, nil).want(t, http.StatusOK).decode(t, &d)
	if d.AfgerondOp == nil {
		t.Errorf("evaluation task after closure: %+v", d)
	}
	if slices.ContainsFunc(tasks(t, w.do(lead, "GET", "/api/v1/taken?paginaGrootte=200", nil)), func(tk api.Taak) bool { return tk.ID == w.evalTask }) {
		t.Error("the closed case's evaluation task is still open in Mijn taken")
	}
	if !slices.ContainsFunc(tasks(t, w.do(lead, "GET", "/api/v1/taken?afgerond=true&soort=evaluatie&paginaGrootte=200", nil)),
		func(tk api.Taak) bool { return tk.ID == w.evalTask && tk.AfgerondOp != nil }) {
		t.Error("?afgerond=true does not list the closed case's evaluation task")
	}

	// Closed is closed.
	tag = w.caseTag(t, lead, w.fam.kase)
	pr := w.do(lead, "POST", path, body(), "If-Match", tag).want(t, http.StatusConflict).problem(t)
	if strings.HasPrefix(pr.Detail, "fout.") {
		t.Errorf("409 detail %q", pr.Detail)
	}
	var cur map[string]any
	r = w.do(lead, "GET", w.casePath+"/plan", nil).want(t, http.StatusOK)
	r.decode(t, &cur)
	w.do(lead, "PUT", w.casePath+"/plan", cur, "If-Match", r.header.Get("ETag")).want(t, http.StatusConflict)
	w.do(lead, "POST", w.casePath+"/zrm-metingen", map[string]any{"moment": "afsluiting", "datum": day(0), "scores": []map[string]any{
		{"persoon": w.fam.mother, "domein": "financien", "niveau": 4, "toelichting": "x"}}}).want(t, http.StatusConflict)
}

// relapse opens a new case for the family within twelve months of the
// closure: it names the closed case, and the herhaling filter finds it
// for the team and for nobody outside.
func (w *work) relapse() {
	t := w.t
	again := w.openCase(t, w.fam, "meervoudig", "licht")
	var c api.Casus
	r := w.do(lead, "GET", "/api/v1/casussen/"+again, nil).want(t, http.StatusOK)
	w.conforms(t, r, "Casus")
	r.decode(t, &c)
	if c.HerhalingVan == nil || *c.HerhalingVan != w.fam.kase {
		t.Errorf("new case's herhalingVan %v; want the closed case %s", c.HerhalingVan, w.fam.kase)
	}
	var l api.List[api.CasusSamenvatting]
	r = w.do(lead, "GET", "/api/v1/casussen?herhaling=true&paginaGrootte=200", nil).want(t, http.StatusOK)
	w.conforms(t, r, "CasusLijst")
	r.decode(t, &l)
	found := false
	for _, cs := range l.Resultaten {
		found = found || cs.ID == again
		if cs.HerhalingVan == nil {
			t.Errorf("?herhaling=true lists case %s that is no relapse", cs.ID)
		}
	}
	if !found {
		t.Error("?herhaling=true does not list the relapse")
	}
	for _, o := range []other{w.noord, w.noordLead, w.colleague} {
		for _, id := range caseIDs(t, w.as(o, "GET", "/api/v1/casussen?herhaling=true&paginaGrootte=200", nil)) {
			if id == again {
				t.Errorf("%s finds the relapse", o.user.Name)
			}
		}
	}
	w.fam.kase, w.casePath = again, "/api/v1/casussen/"+again
}
