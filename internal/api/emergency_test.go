package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

const emergencyReason = "Crisisdienst: moeder belt in paniek en de regisseur is vandaag niet bereikbaar."

// outsideCase returns a case of the demo that the documented professional
// may not see and may take emergency access to.
func (f *fixture) outsideCase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	cs, _, err := f.s.R().Cases(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true}, store.CaseFilter{Open: true, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if f.svc.EmergencyAccessOffer(ctx, wijkregie.ActorOf(f.users[pro]), c.ID) == nil {
			return c.ID
		}
	}
	t.Fatal("the demo has no case outside the documented professional's")
	return ""
}

// TestEmergencyAccessAPI takes emergency access to a case through the
// API, checks that bad input names its field, that one who has access is
// told so (409) and that the roles without it are refused (403); then the
// privacy officer lists it, reads it with its audit trail, and judges it
// once.
func TestEmergencyAccessAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		id := f.outsideCase(t)
		path := "/api/v1/casussen/" + id + "/nood-toegangen"
		const privacy = wijkregie.RolePrivacy

		f.do(pro, "GET", "/api/v1/casussen/"+id, nil).want(t, http.StatusNotFound)
		wantParams(t, f.do(pro, "POST", path, map[string]any{"reden": "spoed"}), "reden")
		wantParams(t, f.do(pro, "POST", path, map[string]any{}), "reden")
		wantParams(t, f.do(pro, "POST", path, map[string]any{"reden": emergencyReason, "tot": "morgen"}), "tot")
		wantParams(t, f.do(pro, "POST", path, map[string]any{"reden": 12}), "reden")
		for _, role := range []wijkregie.Role{partner, privacy, admin, wijkregie.RolePolicy} {
			f.do(role, "POST", path, map[string]any{"reden": emergencyReason}).want(t, http.StatusForbidden).problem(t)
		}
		f.do(pro, "POST", "/api/v1/casussen/01890a5d-ac96-774b-bcce-b302099a8057/nood-toegangen", map[string]any{"reden": emergencyReason}).
			want(t, http.StatusNotFound).problem(t)

		r := f.do(pro, "POST", path, map[string]any{"reden": emergencyReason}).want(t, http.StatusCreated)
		var nt api.NoodToegang
		r.decode(t, &nt)
		if r.header.Get("Location") != "/api/v1/nood-toegangen/"+nt.ID || nt.Casus != id || nt.Medewerker != f.users[pro].ID ||
			nt.Reden != emergencyReason || !nt.Actief || nt.Beoordeling != nil || nt.Tot.Sub(nt.Vanaf) != 8*time.Hour || nt.Versie != 1 {
			t.Errorf("created %+v at %q", nt, r.header.Get("Location"))
		}
		f.do(pro, "GET", "/api/v1/casussen/"+id, nil).want(t, http.StatusOK)
		p := f.do(pro, "POST", path, map[string]any{"reden": emergencyReason}).want(t, http.StatusConflict).problem(t)
		if p.Detail == "" || p.Detail == "fout.noodtoegang.al_toegang" {
			t.Errorf("conflict without a Dutch detail: %+v", p)
		}
		f.do(lead, "POST", path, map[string]any{"reden": emergencyReason}).want(t, http.StatusConflict)

		// The privacy officer's inbox names who, never the family.
		var inbox struct {
			Resultaten []api.Melding `json:"resultaten"`
		}
		f.do(privacy, "GET", "/api/v1/meldingen", nil).want(t, http.StatusOK).decode(t, &inbox)
		found := slices.ContainsFunc(inbox.Resultaten, func(m api.Melding) bool {
			return m.Soort == "nood-toegang" && m.AnderePartij.Medewerker == f.users[pro].Name && m.Huishouden == nil &&
				m.NoodToegang != nil && *m.NoodToegang == nt.ID
		})
		if !found {
			t.Errorf("the privacy officer's inbox %+v has no notification of the emergency access", inbox.Resultaten)
		}

		// Only the privacy officer lists and reads.
		for _, role := range []wijkregie.Role{pro, lead, partner, admin} {
			f.do(role, "GET", "/api/v1/nood-toegangen", nil).want(t, http.StatusForbidden)
			f.do(role, "GET", "/api/v1/nood-toegangen/"+nt.ID, nil).want(t, http.StatusForbidden)
			f.do(role, "POST", "/api/v1/nood-toegangen/"+nt.ID+"/beoordeling", map[string]any{"oordeel": "terecht"}).want(t, http.StatusForbidden)
		}
		var l struct {
			Resultaten []api.NoodToegang `json:"resultaten"`
			Paginering api.Paginering    `json:"paginering"`
		}
		for _, tc := range []struct {
			query string
			want  int
		}{{"", 1}, {"?beoordeeld=false", 1}, {"?beoordeeld=true", 0}} {
			f.do(privacy, "GET", "/api/v1/nood-toegangen"+tc.query, nil).want(t, http.StatusOK).decode(t, &l)
			if len(l.Resultaten) != tc.want || l.Paginering.Totaal != tc.want {
				t.Errorf("list%s: %d of %d; want %d", tc.query, len(l.Resultaten), l.Paginering.Totaal, tc.want)
			}
		}
		wantParams(t, f.do(privacy, "GET", "/api/v1/nood-toegangen?beoordeeld=ja", nil), "beoordeeld")
		wantParams(t, f.do(privacy, "GET", "/api/v1/nood-toegangen?pagina=0", nil), "pagina")

		var d api.NoodToegangDetail
		f.do(privacy, "GET", "/api/v1/nood-toegangen/"+nt.ID, nil).want(t, http.StatusOK).decode(t, &d)
		var acts []string
		for _, rec := range d.Auditspoor {
			if rec.Medewerker != f.users[pro].ID {
				t.Errorf("trail record of another user: %+v", rec)
			}
			acts = append(acts, rec.Actie)
		}
		if len(acts) < 2 || acts[0] != "nood-toegang.aanvragen" || !slices.Contains(acts, "casus.lezen") || d.AuditspoorTotaal != len(acts) {
			t.Errorf("trail %v of %d; want the request and the case read", acts, d.AuditspoorTotaal)
		}
		f.do(privacy, "GET", "/api/v1/nood-toegangen/01890a5d-ac96-774b-bcce-b302099a8057", nil).want(t, http.StatusNotFound)

		review := "/api/v1/nood-toegangen/" + nt.ID + "/beoordeling"
		wantParams(t, f.do(privacy, "POST", review, map[string]any{"oordeel": "onterecht"}), "toelichting")
		wantParams(t, f.do(privacy, "POST", review, map[string]any{"oordeel": "misschien"}), "oordeel")
		wantParams(t, f.do(privacy, "POST", review, map[string]any{"oordeel": "terecht", "extra": 1}), "extra")
		r = f.do(privacy, "POST", review, map[string]any{"oordeel": "onterecht", "toelichting": "Geen spoed: de regisseur was bereikbaar."}).
			want(t, http.StatusCreated)
		r.decode(t, &nt)
		if b := nt.Beoordeling; b == nil || b.Oordeel != "onterecht" || b.BeoordeeldDoor != f.users[privacy].ID || nt.Versie != 2 ||
			r.header.Get("Location") != "/api/v1/nood-toegangen/"+nt.ID {
			t.Errorf("reviewed %+v", nt)
		}
		f.do(privacy, "POST", review, map[string]any{"oordeel": "terecht"}).want(t, http.StatusConflict).problem(t)
		f.do(privacy, "GET", "/api/v1/nood-toegangen?beoordeeld=true", nil).want(t, http.StatusOK).decode(t, &l)
		if len(l.Resultaten) != 1 || l.Resultaten[0].Beoordeling == nil {
			t.Errorf("reviewed list %+v", l.Resultaten)
		}
	})
}
