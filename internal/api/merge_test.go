package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestMergePersonsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		const pro = wijkregie.RoleProfessional

		// Sanne lives in the professional's household, registered without
		// a BSN; a second registration has it.
		var keep, dup api.Persoon
		f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Sanne", "achternaam": "Meer", "geboortedatum": "2012-05-17"}).
			want(t, http.StatusCreated).decode(t, &keep)
		var h api.Huishouden
		f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{
			"adres": map[string]any{"straat": "Marktstraat", "huisnummer": 12, "postcode": "2581AB", "woonplaats": "Duinhaven"},
			"leden": []map[string]any{{"persoon": keep.ID, "relatie": "kind", "vanaf": "2020-08-01"}},
		}).want(t, http.StatusCreated).decode(t, &h)
		f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Sanne", "achternaam": "Meer", "geboortedatum": "2012-05-17",
			"bsn": sanneBSN, "telefoon": "06 12345678", "bevestigDubbel": true}).want(t, http.StatusCreated).decode(t, &dup)
		path := "/api/v1/personen/" + keep.ID + "/samenvoegen"

		// Bad input names the field; nothing is merged.
		for _, body := range []any{
			map[string]any{},
			map[string]any{"duplicaat": ""},
			map[string]any{"duplicaat": "geen-id"},
			map[string]any{"duplicaat": keep.ID},
			map[string]any{"duplicaat": wijkregie.NewID(s.R().Now())},
			map[string]any{"duplicaat": 12},
		} {
			p := f.do(pro, "POST", path, body).want(t, http.StatusBadRequest).problem(t)
			if diff := cmp.Diff(paramNames(p), []string{"duplicaat"}); diff != "" {
				t.Errorf("body %v: invalidParams (-got +want):\n%s", body, diff)
			}
		}
		p := f.do(pro, "POST", path, map[string]any{"duplicaat": dup.ID, "behouden": keep.ID}).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"behouden"}); diff != "" {
			t.Errorf("an unknown field: invalidParams (-got +want):\n%s", diff)
		}
		f.do(pro, "POST", path, `{"duplicaat": "`+dup.ID+`"}`, "Content-Type", "text/plain").want(t, http.StatusUnsupportedMediaType)

		// Roles without the right; a record the professional may not see.
		for _, role := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			f.do(role, "POST", path, map[string]any{"duplicaat": dup.ID}).want(t, http.StatusForbidden).problem(t)
		}
		var outside string
		mine := f.visible(t, pro)
		for _, id := range f.allHouseholds(t) {
			if !slices.Contains(mine, id) {
				outside = id
				break
			}
		}
		ms, _, err := s.R().HouseholdMembers(t.Context(), f.users[pro].MunicipalityID, outside)
		if err != nil || len(ms) == 0 {
			t.Fatalf("members of a household out of sight: %v, %v", ms, err)
		}
		f.do(pro, "POST", "/api/v1/personen/"+ms[0].PersonID+"/samenvoegen", map[string]any{"duplicaat": dup.ID}).want(t, http.StatusNotFound).problem(t)
		f.do(pro, "POST", "/api/v1/personen/geen-id/samenvoegen", map[string]any{"duplicaat": dup.ID}).want(t, http.StatusNotFound).problem(t)

		// The merge: 200 with Sanne as GET shows her, BSN and phone filled
		// in, with the ETag GET sends.
		r := f.do(pro, "POST", path, map[string]any{"duplicaat": dup.ID}).want(t, http.StatusOK)
		if strings.Contains(string(r.body), sanneBSN) {
			t.Errorf("the answer shows the BSN: %s", r.body)
		}
		var merged api.Persoon
		r.decode(t, &merged)
		if merged.ID != keep.ID || merged.BSNGemaskeerd == nil || *merged.BSNGemaskeerd != "******019" || merged.Telefoon != "06 12345678" ||
			merged.SamengevoegdMet != nil || merged.Huishouden == nil || *merged.Huishouden != h.ID {
			t.Errorf("merged = %s", r.body)
		}
		g := f.do(pro, "GET", "/api/v1/personen/"+keep.ID, nil).want(t, http.StatusOK)
		if string(g.body) != string(r.body) || g.header.Get("ETag") != r.header.Get("ETag") || r.header.Get("ETag") == "" {
			t.Errorf("POST answered %s (ETag %s); GET %s (ETag %s)", r.body, r.header.Get("ETag"), g.body, g.header.Get("ETag"))
		}

		// The duplicate says where it went; a search finds Sanne once.
		var gone api.Persoon
		f.do(pro, "GET", "/api/v1/personen/"+dup.ID, nil).want(t, http.StatusOK).decode(t, &gone)
		if gone.SamengevoegdMet == nil || *gone.SamengevoegdMet != keep.ID || gone.BSNGemaskeerd != nil || gone.Huishouden != nil || len(gone.Huishoudens) != 0 {
			t.Errorf("the merged record = %+v", gone)
		}
		for _, q := range []map[string]any{{"bsn": sanneBSN}, {"achternaam": "Meer", "geboortedatum": "2012-05-17"}} {
			var res api.Zoekresultaten
			f.do(pro, "POST", "/api/v1/personen/zoeken", q).want(t, http.StatusOK).decode(t, &res)
			if len(res.Resultaten) != 1 || res.Resultaten[0].ID != keep.ID {
				t.Errorf("search %v = %+v; want Sanne once", q, res.Resultaten)
			}
		}

		// Merging again, or into the merged record: 409.
		p = f.do(pro, "POST", path, map[string]any{"duplicaat": dup.ID}).want(t, http.StatusConflict).problem(t)
		if p.Detail != f.cat(t, "fout.samenvoegen.al_samengevoegd") {
			t.Errorf("merging twice: detail %q", p.Detail)
		}
		f.do(pro, "POST", "/api/v1/personen/"+dup.ID+"/samenvoegen", map[string]any{"duplicaat": keep.ID}).want(t, http.StatusConflict).problem(t)

		// Two BSNs: 409 with its own reason.
		var other api.Persoon
		f.do(pro, "POST", "/api/v1/personen", map[string]any{"achternaam": "Meer", "bsn": "111222333"}).want(t, http.StatusCreated).decode(t, &other)
		p = f.do(pro, "POST", path, map[string]any{"duplicaat": other.ID}).want(t, http.StatusConflict).problem(t)
		if p.Detail != f.cat(t, "fout.samenvoegen.bsn_verschilt") {
			t.Errorf("two BSNs: detail %q", p.Detail)
		}
	})
}
