package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestRetentionPage: beheer and the privacy officer see the periods with
// their sources, beheer alone with the form; bad periods come back with
// the message beside the field and the input kept; a stale version is a
// conflict; the dry run shows a table of counts and changes nothing.
func TestRetentionPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		for _, role := range wijkregie.Roles {
			r := e.as(t, role).get(t, "/bewaartermijnen")
			want := http.StatusForbidden
			if role == wijkregie.RoleAdmin || role == wijkregie.RolePrivacy {
				want = http.StatusOK
			}
			if r.status != want {
				t.Errorf("GET /bewaartermijnen as %s = %d; want %d", role, r.status, want)
				continue
			}
			if want == http.StatusOK {
				checkPage(t, e, "/bewaartermijnen as "+string(role), r)
				hasForm := len(elements(r.body, "form", "action", "/bewaartermijnen")) == 1
				if hasForm != (role == wijkregie.RoleAdmin) {
					t.Errorf("/bewaartermijnen as %s: a form = %v; want it for beheer only", role, hasForm)
				}
				if !strings.Contains(r.body, e.t("bewaren.jeugd.bron")) {
					t.Errorf("/bewaartermijnen as %s does not name the Jeugdwet's term", role)
				}
			}
		}
		admin := e.as(t, wijkregie.RoleAdmin)
		r := admin.get(t, "/bewaartermijnen")
		form := url.Values{}
		for _, in := range elements(r.body, "input") {
			form.Set(in.attrs["name"], in.attrs["value"])
		}
		if form.Get("versie") != "0" || form.Get("jeugddossierJaren") != "20" || form.Get("signaalJaren") != "2" {
			t.Fatalf("retention form %v; want the defaults at version 0", form)
		}
		form.Set("jeugddossierJaren", "15")
		form.Set("signaalMaanden", "twaalf")
		form.Set("sociaalDossierJaren", "7")
		r = admin.post(t, "/bewaartermijnen", form)
		checkInvalidPage(t, e, "bad periods", r)
		checkFieldError(t, e, r, "jeugddossierJaren", "veld.bewaartermijn.jeugdwet")
		checkFieldError(t, e, r, "signaalMaanden", "veld.bewaartermijn.maanden")
		if value(t, r.body, "sociaalDossierJaren") != "7" || value(t, r.body, "signaalMaanden") != "twaalf" {
			t.Error("the retention form lost the input")
		}
		form.Set("jeugddossierJaren", "20")
		form.Set("signaalMaanden", "6")
		if r = admin.post(t, "/bewaartermijnen", form); r.status != http.StatusSeeOther {
			t.Fatalf("saving = %d; want 303", r.status)
		}
		if r = admin.post(t, "/bewaartermijnen", form); r.status != http.StatusConflict {
			t.Errorf("saving over a stale version = %d; want 409", r.status)
		}
		priv := e.as(t, wijkregie.RolePrivacy)
		if r := priv.post(t, "/bewaartermijnen", form); r.status != http.StatusForbidden {
			t.Errorf("the privacy officer saves periods = %d; want 403", r.status)
		}
		r = priv.get(t, "/bewaartermijnen")
		if got := textOf(t, r.body, "termijnen"); !strings.Contains(got, e.t("bewaren.termijn", "jaren", 7, "maanden", 0)) {
			t.Errorf("the privacy officer reads %q; want the new 7 years", got)
		}
		before, err := s.R().RetentionRowCounts(t.Context(), demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		r = priv.post(t, "/bewaartermijnen/proefdraai", url.Values{})
		if r.status != http.StatusOK {
			t.Fatalf("dry run = %d; want 200", r.status)
		}
		checkPage(t, e, "dry run", r)
		if rows := elements(r.body, "tr"); len(rows) != 7 {
			t.Errorf("dry run table has %d rows; want a header and six kinds", len(rows))
		}
		after, err := s.R().RetentionRowCounts(t.Context(), demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		for k, n := range before {
			if after[k] != n {
				t.Errorf("the dry run changed %s: %d rows, then %d", k, n, after[k])
			}
		}
		if r := e.as(t, wijkregie.RoleProfessional).post(t, "/bewaartermijnen/proefdraai", url.Values{}); r.status != http.StatusForbidden {
			t.Errorf("a professional's dry run = %d; want 403", r.status)
		}
	})
}
