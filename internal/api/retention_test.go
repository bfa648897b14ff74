package api_test

import (
	"net/http"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestRetentionAPI reads and replaces the periods, and runs them dry and
// for real: beheer does all, the privacy officer reads and runs dry, a
// professional nothing. Bad periods are a 400 naming each field.
func TestRetentionAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		const admin, priv, pro = wijkregie.RoleAdmin, wijkregie.RolePrivacy, wijkregie.RoleProfessional
		r := f.do(priv, "GET", "/api/v1/bewaartermijnen", nil).want(t, http.StatusOK)
		f.conforms(t, r, "Bewaartermijnen")
		var got api.Bewaartermijnen
		r.decode(t, &got)
		if got.JeugddossierJaren != 20 || got.SociaalDossierJaren != 10 || got.SignaalJaren != 2 || got.Versie != 0 {
			t.Errorf("default periods %+v", got)
		}
		f.do(pro, "GET", "/api/v1/bewaartermijnen", nil).want(t, http.StatusForbidden)

		tag := f.do(admin, "GET", "/api/v1/bewaartermijnen", nil).want(t, http.StatusOK).header.Get("ETag")
		var body map[string]any
		r.decode(t, &body)
		body["sociaalDossierJaren"], body["sociaalDossierMaanden"] = 7, 6
		f.do(admin, "PUT", "/api/v1/bewaartermijnen", body).want(t, http.StatusPreconditionRequired)
		f.do(priv, "PUT", "/api/v1/bewaartermijnen", body, "If-Match", tag).want(t, http.StatusForbidden)
		wantParams(t, f.do(admin, "PUT", "/api/v1/bewaartermijnen", map[string]any{"jeugddossierJaren": 20}, "If-Match", tag),
			"jeugddossierMaanden", "sociaalDossierJaren", "sociaalDossierMaanden", "signaalJaren", "signaalMaanden")
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["jeugddossierJaren"], bad["signaalMaanden"] = 19, 12
		wantParams(t, f.do(admin, "PUT", "/api/v1/bewaartermijnen", bad, "If-Match", tag), "jeugddossierJaren", "signaalMaanden")
		r = f.do(admin, "PUT", "/api/v1/bewaartermijnen", body, "If-Match", tag).want(t, http.StatusOK)
		f.conforms(t, r, "Bewaartermijnen")
		r.decode(t, &got)
		if got.SociaalDossierJaren != 7 || got.SociaalDossierMaanden != 6 || got.Versie != 1 {
			t.Errorf("saved periods %+v", got)
		}
		f.do(admin, "PUT", "/api/v1/bewaartermijnen", body, "If-Match", tag).want(t, http.StatusPreconditionFailed)

		wantParams(t, f.do(admin, "POST", "/api/v1/bewaartermijnen/uitvoeringen", map[string]any{}), "proefdraai")
		r = f.do(priv, "POST", "/api/v1/bewaartermijnen/uitvoeringen", map[string]any{"proefdraai": true}).want(t, http.StatusCreated)
		f.conforms(t, r, "Bewaartermijnuitvoering")
		var run api.Bewaartermijnuitvoering
		r.decode(t, &run)
		if !run.Proefdraai || run.Bewaartermijnen.SociaalDossierJaren != 7 {
			t.Errorf("dry run %+v", run)
		}
		f.do(priv, "POST", "/api/v1/bewaartermijnen/uitvoeringen", map[string]any{"proefdraai": false}).want(t, http.StatusForbidden)
		f.do(pro, "POST", "/api/v1/bewaartermijnen/uitvoeringen", map[string]any{"proefdraai": true}).want(t, http.StatusForbidden)
		r = f.do(admin, "POST", "/api/v1/bewaartermijnen/uitvoeringen", map[string]any{"proefdraai": false}).want(t, http.StatusCreated)
		f.conforms(t, r, "Bewaartermijnuitvoering")
		r.decode(t, &run)
		if run.Proefdraai {
			t.Errorf("real run reported as a dry run: %+v", run)
		}
	})
}
