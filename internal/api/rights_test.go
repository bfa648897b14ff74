package api_test

import (
	"net/http"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestRightsAPI: the privacy officer records a request for a person
// found by BSN and birth date, with field errors named; reads it with
// the law's reasons against erasure (an open case); refuses to grant it
// against the law (400 at besluit), refuses it with a reason (201), and
// a second decision is 409. Other roles get 403. The team produces the
// information letter as a PDF and records that it was sent.
func TestRightsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		id, _ := f.inzagePerson(t, "Werkaantekening")
		const privacy, prof = wijkregie.RolePrivacy, wijkregie.RoleProfessional

		wantParams(t, f.do(privacy, "POST", "/api/v1/rechtenverzoeken", map[string]any{"persoon": id, "soort": "iets", "ontvangenOp": "gisteren"}),
			"soort", "ontvangenOp", "verzoek")
		f.do(prof, "POST", "/api/v1/rechtenverzoeken", map[string]any{"persoon": id, "soort": "wissing", "ontvangenOp": "2026-01-05", "verzoek": "Wis mij"}).
			want(t, http.StatusForbidden).problem(t)
		var req api.Rechtenverzoek
		f.do(privacy, "POST", "/api/v1/rechtenverzoeken", map[string]any{"persoon": id, "soort": "wissing", "ontvangenOp": "2026-01-05", "verzoek": "Wis mij"}).
			want(t, http.StatusCreated).decode(t, &req)
		if req.Status != "ontvangen" || req.Termijn != "2026-02-05" || req.Naam == nil || len(req.WissingRedenen) == 0 || req.WissingRedenen[0] != wijkregie.ErasureOpenCase {
			t.Errorf("created %+v", req)
		}
		var list struct {
			Resultaten []api.Rechtenverzoek `json:"resultaten"`
		}
		f.do(privacy, "GET", "/api/v1/rechtenverzoeken?open=true", nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Resultaten) != 1 || list.Resultaten[0].ID != req.ID {
			t.Errorf("list %+v", list)
		}
		f.do(prof, "GET", "/api/v1/rechtenverzoeken", nil).want(t, http.StatusForbidden)
		path := "/api/v1/rechtenverzoeken/" + req.ID + "/besluit"
		wantParams(t, f.do(privacy, "POST", path, map[string]any{"besluit": "toegewezen", "reden": "Gewist"}), "besluit")
		wantParams(t, f.do(privacy, "POST", path, map[string]any{"besluit": "afgewezen"}), "reden")
		var decided api.Rechtenverzoek
		f.do(privacy, "POST", path, map[string]any{"besluit": "afgewezen", "reden": "Er loopt een casus"}).want(t, http.StatusCreated).decode(t, &decided)
		if decided.Status != "afgewezen" || decided.BeslotenDoor == nil {
			t.Errorf("decided %+v", decided)
		}
		f.do(privacy, "POST", path, map[string]any{"besluit": "afgewezen", "reden": "Nog eens"}).want(t, http.StatusConflict).problem(t)

		r := f.do(prof, "GET", "/api/v1/personen/"+id+"/informatieverstrekking", nil).want(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("content type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); strings.Contains(cd, "Inzage") || !strings.Contains(cd, id) {
			t.Errorf("file name %q: want the id, never the name", cd)
		}
		if doc := pdftest.Read(t, []byte(r.body)); !doc.Contains("Autoriteit Persoonsgegevens") {
			t.Errorf("the letter:\n%s", doc.AllText())
		}
		f.do(privacy, "GET", "/api/v1/personen/"+id+"/informatieverstrekking", nil).want(t, http.StatusForbidden)
		wantParams(t, f.do(prof, "POST", "/api/v1/personen/"+id+"/informatieverstrekking/verzending", map[string]any{"verzondenOp": "x", "wijze": "duif"}),
			"verzondenOp", "wijze")
		f.do(prof, "POST", "/api/v1/personen/"+id+"/informatieverstrekking/verzending", map[string]any{"verzondenOp": "2026-01-05", "wijze": "post"}).
			want(t, http.StatusCreated)
	})
}
