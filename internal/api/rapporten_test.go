package api_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestComposedReportsAPI reads the composed reports on the demo
// municipality on both stores: JSON, CSV and PDF by Accept and by
// formaat, 406 for an Accept that admits none, who may make which, and
// bad input named by its parameter.
func TestComposedReportsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		var rep api.SamengesteldRapport
		r := f.do(wijkregie.RolePolicy, "GET", "/api/v1/rapportages/raad", nil).want(t, http.StatusOK)
		f.conforms(t, r, "SamengesteldRapport").decode(t, &rep)
		if rep.Soort != "raad" || rep.Team != nil || !rep.Onderdrukt || len(rep.Onderdelen) != 2 ||
			rep.Onderdelen[0].Soort != "uitkomsten" || rep.Onderdelen[1].Soort != "werklast" || !strings.HasSuffix(rep.Van, "-01") {
			t.Errorf("council report %+v", rep)
		}
		if !bytes.Contains(r.body, []byte(`"weergave":"\u003c10"`)) {
			t.Error("no withheld count in the JSON")
		}

		for _, accept := range []string{"application/pdf", "application/pdf, */*", "application/json;q=0.5, application/pdf"} {
			r = f.do(wijkregie.RoleInspection, "GET", "/api/v1/rapportages/raad?van=2026-01-01&tot=2026-03-31", nil, "Accept", accept).want(t, http.StatusOK)
			if r.header.Get("Content-Type") != "application/pdf" || !strings.Contains(r.header.Get("Vary"), "Accept") ||
				!strings.Contains(r.header.Get("Content-Disposition"), "rapport-raad-gemeente-2026-01-2026-03.pdf") {
				t.Fatalf("%s: %s, %s", accept, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
			}
		}
		doc := pdftest.Read(t, r.body)
		if !doc.Contains("Rapport voor gemeenteraad en toezicht") || !doc.Contains("1 januari 2026 tot en met 31 maart 2026") || !doc.Contains("<10") {
			t.Errorf("PDF:\n%.800s", doc.AllText())
		}
		r = f.do(wijkregie.RolePolicy, "GET", "/api/v1/rapportages/raad", nil, "Accept", "text/csv").want(t, http.StatusOK)
		if r.header.Get("Content-Type") != "text/csv; charset=utf-8" || bytes.Count(r.body, []byte("tabel;rij;")) != 1 ||
			!bytes.Contains(r.body, []byte("\r\ncaseload-per-team;")) || bytes.Contains(r.body, []byte("caseload-per-medewerker")) {
			t.Errorf("CSV %s:\n%.300s", r.header.Get("Content-Type"), r.body)
		}
		r = f.do(wijkregie.RolePolicy, "GET", "/api/v1/rapportages/raad?formaat=pdf", nil, "Accept", "application/json").want(t, http.StatusOK)
		if r.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("formaat=pdf: %s", r.header.Get("Content-Type"))
		}
		for _, accept := range []string{"text/html", "application/pdf;q=0, application/json;q=0", "image/png"} {
			f.do(wijkregie.RolePolicy, "GET", "/api/v1/rapportages/raad", nil, "Accept", accept).want(t, http.StatusNotAcceptable).problem(t)
		}

		// The lead: the own team's month; the council report is refused.
		r = f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/rapportages/teammaand?maand=2026-10", nil).want(t, http.StatusOK)
		f.conforms(t, r, "SamengesteldRapport").decode(t, &rep)
		if rep.Soort != "teammaand" || rep.Team == nil || *rep.Team != f.users[wijkregie.RoleTeamLead].TeamID || rep.Van != "2026-10-01" || rep.Tot != "2026-10-31" ||
			slices.ContainsFunc(rep.Onderdelen[1].Tabellen, func(tb api.Tabel) bool { return tb.ID == "caseload-per-medewerker" }) {
			t.Errorf("the lead's month: %+v", rep)
		}
		r = f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/rapportages/teammaand?maand=2026-10", nil, "Accept", "application/pdf").want(t, http.StatusOK)
		if doc := pdftest.Read(t, r.body); !doc.Contains("Maandrapport van het wijkteam") || !doc.Contains("oktober 2026") {
			t.Errorf("the lead's PDF:\n%.600s", doc.AllText())
		}
		f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/rapportages/raad", nil).want(t, http.StatusForbidden)
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin, wijkregie.RolePartner, wijkregie.RolePrivacy} {
			f.do(role, "GET", "/api/v1/rapportages/teammaand", nil).want(t, http.StatusForbidden)
			f.do(role, "GET", "/api/v1/rapportages/raad", nil).want(t, http.StatusForbidden)
		}

		// Bad input, named by its parameter.
		for _, q := range []struct{ path, param string }{
			{"teammaand?maand=2026-13", "maand"}, {"teammaand?maand=", "maand"}, {"teammaand?maand=oktober", "maand"},
			{"teammaand?maand=2099-01", "maand"}, {"teammaand", "team"}, {"teammaand?team=x", "team"},
			{"raad?van=2026-01-02&tot=2026-03-31", "van"}, {"raad?van=2026-01-01&tot=2026-03-30", "tot"},
			{"raad?van=2026-01-01&tot=2099-12-31", "tot"}, {"raad?van=gisteren&tot=2026-03-31", "van"},
			{"raad?team=" + f.users[wijkregie.RoleTeamLead].TeamID, "team"}, {"raad?formaat=docx", "formaat"},
		} {
			p := f.do(wijkregie.RolePolicy, "GET", "/api/v1/rapportages/"+q.path, nil).want(t, http.StatusBadRequest).problem(t)
			if !slices.Contains(paramNames(p), q.param) {
				t.Errorf("%s: invalid %v, want %s", q.path, paramNames(p), q.param)
			}
		}
	})
}
