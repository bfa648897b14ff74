package api_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestReportsAPI reads the reports on the demo municipality on both
// stores: the JSON's shape and its withheld cells, the CSV by Accept and
// by formaat, bad input named by its parameter, and the roles refused.
func TestReportsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		var rep api.Rapportage
		r := f.do(wijkregie.RolePolicy, "GET", "/api/v1/rapportages/uitkomsten?van=2025-01-01&tot=2025-12-31", nil).want(t, http.StatusOK)
		f.conforms(t, r, "Rapportage").decode(t, &rep)
		if rep.Soort != "uitkomsten" || rep.Team != nil || !rep.Onderdrukt || rep.Van != "2025-01-01" || rep.Tot != "2025-12-31" {
			t.Errorf("report %+v", rep)
		}
		ids := []string{}
		withheld := 0
		for _, tb := range rep.Tabellen {
			ids = append(ids, tb.ID)
			for _, row := range tb.Rijen {
				for _, c := range row.Cellen {
					if c.Onderdrukt {
						withheld++
						if c.Waarde != nil {
							t.Errorf("%s/%s: a withheld cell has a value", tb.ID, row.Sleutel)
						}
					}
				}
			}
		}
		for _, want := range []string{"zrm-verandering", "doelen-per-domein", "doelen-per-eigenaar", "tijdigheid", "een-een-een",
			"organisaties-per-gezin", "terugval", "afsluitredenen", "jeugd-uitkomsten", "waardering", "op-afschalen", "herkomst"} {
			if !slices.Contains(ids, want) {
				t.Errorf("no table %s in %v", want, ids)
			}
		}
		if withheld == 0 {
			t.Error("nothing withheld in a small municipality's report")
		}
		// A withheld count reads {"waarde": null, "onderdrukt": true,
		// "weergave": "<10"} (encoding/json writes < as \u003c).
		if !bytes.Contains(r.body, []byte(`{"waarde":null,"onderdrukt":true,"weergave":"\u003c10"}`)) {
			t.Errorf("no withheld count in the JSON")
		}

		r = f.do(wijkregie.RoleInspection, "GET", "/api/v1/rapportages/werklast", nil, "Accept", "text/csv").want(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !bytes.HasPrefix(r.body, []byte("tabel;rij;")) ||
			bytes.Contains(r.body, []byte("caseload-per-medewerker")) {
			t.Errorf("CSV: %s\n%.300s", ct, r.body)
		}
		r = f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/rapportages/werklast?formaat=json", nil).want(t, http.StatusOK)
		f.conforms(t, r, "Rapportage").decode(t, &rep)
		if rep.Onderdrukt || !slices.ContainsFunc(rep.Tabellen, func(tb api.Tabel) bool { return tb.ID == "caseload-per-medewerker" }) {
			t.Errorf("the lead's workload: %+v", rep)
		}

		for _, q := range []struct{ query, param string }{{"wijk=12", "wijk"}, {"team=x", "team"}, {"van=2025-02-01&tot=2025-01-01", "tot"},
			{"van=gisteren", "van"}, {"formaat=pdf", "formaat"}} {
			p := f.do(wijkregie.RolePolicy, "GET", "/api/v1/rapportages/uitkomsten?"+q.query, nil).want(t, http.StatusBadRequest).problem(t)
			if !slices.Contains(paramNames(p), q.param) {
				t.Errorf("%s: invalid %v, want %s", q.query, paramNames(p), q.param)
			}
		}
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin, wijkregie.RolePartner} {
			f.do(role, "GET", "/api/v1/rapportages/uitkomsten", nil).want(t, http.StatusForbidden)
		}
	})
}
