package api_test

import (
	"net/http"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestRightsExtensionAPI: the privacy officer extends a request's term
// once by two months with a reason (200, the request with its new term
// and reason); a second extension, or one of a decided request, is 409;
// no reason, or a first term that has passed, is 400 naming reden. Other
// roles get 403, an unknown request 404.
func TestRightsExtensionAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		id, _ := f.inzagePerson(t, "Werkaantekening")
		const privacy, prof = wijkregie.RolePrivacy, wijkregie.RoleProfessional
		today := wijkregie.Today(time.Now())
		record := func(received time.Time) api.Rechtenverzoek {
			t.Helper()
			var req api.Rechtenverzoek
			f.do(privacy, "POST", "/api/v1/rechtenverzoeken", map[string]any{"persoon": id, "soort": "bezwaar",
				"ontvangenOp": received.Format(time.DateOnly), "verzoek": "Stop met delen"}).want(t, http.StatusCreated).decode(t, &req)
			return req
		}
		req := record(today)
		path := "/api/v1/rechtenverzoeken/" + req.ID + "/verlenging"

		for _, role := range []wijkregie.Role{prof, wijkregie.RoleTeamLead, wijkregie.RoleAdmin, wijkregie.RolePartner} {
			f.do(role, "POST", path, map[string]any{"reden": "Ingewikkeld verzoek"}).want(t, http.StatusForbidden).problem(t)
		}
		wantParams(t, f.do(privacy, "POST", path, map[string]any{}), "reden")
		wantParams(t, f.do(privacy, "POST", path, map[string]any{"reden": "   "}), "reden")
		wantParams(t, f.do(privacy, "POST", path, map[string]any{"reden": 12}), "reden")
		f.do(privacy, "POST", path, map[string]any{"reden": "Ingewikkeld verzoek", "versie": req.Versie + 1}).want(t, http.StatusConflict).problem(t)

		var got api.Rechtenverzoek
		r := f.do(privacy, "POST", path, map[string]any{"reden": " Ingewikkeld verzoek ", "versie": req.Versie}).want(t, http.StatusOK)
		r.decode(t, &got)
		want := wijkregie.AddMonths(wijkregie.RightsDeadline(today), 2).Format(time.DateOnly)
		if got.ID != req.ID || got.VerlengdTot == nil || *got.VerlengdTot != want || got.VerlengingReden != "Ingewikkeld verzoek" ||
			got.Termijn != req.Termijn || got.Status != "ontvangen" || got.Versie != req.Versie+1 || r.header.Get("ETag") == "" {
			t.Errorf("extended %+v (ETag %q); want the term %s with the reason, the first term kept", got, r.header.Get("ETag"), want)
		}
		var read api.Rechtenverzoek
		f.do(privacy, "GET", "/api/v1/rechtenverzoeken/"+req.ID, nil).want(t, http.StatusOK).decode(t, &read)
		if read.VerlengdTot == nil || *read.VerlengdTot != want || read.VerlengingReden != "Ingewikkeld verzoek" {
			t.Errorf("read back %+v", read)
		}
		p := f.do(privacy, "POST", path, map[string]any{"reden": "Nog eens"}).want(t, http.StatusConflict).problem(t)
		if p.Detail == "" || p.Detail == "fout.rechten.al_verlengd" {
			t.Errorf("conflict without a Dutch detail: %+v", p)
		}

		decided := record(today)
		f.do(privacy, "POST", "/api/v1/rechtenverzoeken/"+decided.ID+"/besluit", map[string]any{"besluit": "afgewezen", "reden": "Geen grond"}).
			want(t, http.StatusCreated)
		f.do(privacy, "POST", "/api/v1/rechtenverzoeken/"+decided.ID+"/verlenging", map[string]any{"reden": "Ingewikkeld verzoek"}).
			want(t, http.StatusConflict).problem(t)

		late := record(today.AddDate(0, -2, 0))
		wantParams(t, f.do(privacy, "POST", "/api/v1/rechtenverzoeken/"+late.ID+"/verlenging", map[string]any{"reden": "Ingewikkeld verzoek"}), "reden")

		f.do(privacy, "POST", "/api/v1/rechtenverzoeken/01890a5d-ac96-774b-bcce-b302099a8057/verlenging", map[string]any{"reden": "Ingewikkeld verzoek"}).
			want(t, http.StatusNotFound).problem(t)
	})
}
