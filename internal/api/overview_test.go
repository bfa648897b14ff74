package api_test

import (
	"net/http"
	"strings"

	"wijkregie"
	"wijkregie/internal/api"
)

// overview reads the team lead's overview and follows every number to
// the list behind it, as the same lead: the list holds as many as the
// number says. Nobody but that team's lead reads it.
func (w *work) overview() {
	t := w.t
	team := w.users[lead].TeamID
	path := "/api/v1/teams/" + team + "/overzicht"
	r := w.do(lead, "GET", path, nil).want(t, http.StatusOK)
	w.conforms(t, r, "Teamoverzicht")
	var o api.Teamoverzicht
	r.decode(t, &o)
	if o.Team != team || o.TeamNaam == "" || o.ZonderRegisseur.Aantal < 1 || o.Herhaling.Aantal < 1 || o.Wachtlijst.Aantal < 1 ||
		o.Wachtlijst.WachtendSinds == nil {
		t.Errorf("overview %+v; want at least the relapse without regisseur", o)
	}
	total := func(href string) int {
		t.Helper()
		if !strings.HasPrefix(href, "/api/v1/") {
			t.Fatalf("href %q is not an address of the API", href)
		}
		var l api.List[map[string]any]
		w.do(lead, "GET", href, nil).want(t, http.StatusOK).decode(t, &l)
		return l.Paginering.Totaal
	}
	for _, n := range []struct {
		name string
		api.Telling
	}{
		{"zonderRegisseur", o.ZonderRegisseur}, {"zonderPlan", o.ZonderPlan}, {"evaluatiesTeLaat", o.EvaluatiesTeLaat},
		{"stagnatie", o.Stagnatie}, {"herhaling", o.Herhaling},
	} {
		if got := total(n.Href); got != n.Aantal {
			t.Errorf("%s: %d, but its list %s holds %d", n.name, n.Aantal, n.Href, got)
		}
	}
	// Overdue triage is counted in the team's queue, overdue first.
	var queue api.List[api.TriageRegel]
	w.do(lead, "GET", o.TriageTeLaat.Href+"?paginaGrootte=200", nil).want(t, http.StatusOK).decode(t, &queue)
	overdue := 0
	for _, q := range queue.Resultaten {
		if q.Verlopen {
			overdue++
		}
	}
	if overdue != o.TriageTeLaat.Aantal {
		t.Errorf("triageTeLaat %d; the queue %s marks %d verlopen", o.TriageTeLaat.Aantal, o.TriageTeLaat.Href, overdue)
	}
	if got := total(o.Wachtlijst.Href); got < o.Wachtlijst.Aantal {
		t.Errorf("wachtlijst %d; its list %s holds %d", o.Wachtlijst.Aantal, o.Wachtlijst.Href, got)
	}
	found := false
	for _, c := range o.Caseload {
		found = found || c.Medewerker == w.users[pro].ID
		if c.Medewerker == w.noord.user.ID || c.Medewerker == w.noordLead.user.ID {
			t.Errorf("the overview's caseload names %s of another team", c.Naam)
		}
		if got := total(c.Href); got != c.Casussen {
			t.Errorf("caseload of %s: %d, but its list %s holds %d", c.Naam, c.Casussen, c.Href, got)
		}
		if c.Gewogen < c.Casussen {
			t.Errorf("caseload of %s: weighted %d below %d cases", c.Naam, c.Gewogen, c.Casussen)
		}
	}
	if !found {
		t.Error("the overview's caseload lacks the regisseur")
	}

	// Only the lead of that team.
	w.as(w.noordLead, "GET", path, nil).want(t, http.StatusForbidden).problem(t)
	w.do(lead, "GET", "/api/v1/teams/01890a5d-ac96-774b-bcce-b302099a8057/overzicht", nil).want(t, http.StatusNotFound).problem(t)
	for _, role := range []wijkregie.Role{pro, partner, admin} {
		w.do(role, "GET", path, nil).want(t, http.StatusForbidden)
	}
	var theirs api.Teamoverzicht
	w.as(w.noordLead, "GET", "/api/v1/teams/"+w.noordLead.user.TeamID+"/overzicht", nil).want(t, http.StatusOK).decode(t, &theirs)
	for _, c := range theirs.Caseload {
		if c.Medewerker == w.users[pro].ID {
			t.Error("another team's overview names the regisseur of this team")
		}
	}
	// Their numbers' lists hold none of this team's cases.
	for _, href := range []string{theirs.ZonderRegisseur.Href, theirs.Herhaling.Href, theirs.Stagnatie.Href, theirs.ZonderPlan.Href} {
		for _, id := range caseIDs(t, w.as(w.noordLead, "GET", href+"&paginaGrootte=200", nil)) {
			if id == w.fam.kase {
				t.Errorf("another team's list %s holds the family's case", href)
			}
		}
	}
}
