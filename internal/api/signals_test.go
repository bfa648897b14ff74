package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestSignalsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		const pro, partner = wijkregie.RoleProfessional, wijkregie.RolePartner
		adres := map[string]any{"straat": "Signaalstraat", "huisnummer": 4, "postcode": "2587AB", "woonplaats": "Duinhaven"}
		// The professional registers the household and so is involved.
		var hh api.Huishouden
		f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{"adres": adres, "leden": []any{}}).want(t, http.StatusCreated).decode(t, &hh)

		// A signal about nobody: 400 naming onderwerp.
		body := map[string]any{"soort": "zorgmelding", "bron": "school", "domeinen": []string{"financien"},
			"omschrijving": "Geheim: huurachterstand van vier maanden.", "urgentie": "spoed"}
		p := f.do(partner, "POST", "/api/v1/signalen", body).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"onderwerp"}); diff != "" {
			t.Errorf("signal about nobody: invalidParams (-got +want):\n%s", diff)
		}

		// The partner, who cannot search persons, names the family by its
		// address: the known household, and a match with the professional.
		body["adres"] = adres
		r := f.do(partner, "POST", "/api/v1/signalen", body).want(t, http.StatusCreated)
		var sig api.Signaal
		r.decode(t, &sig)
		if r.header.Get("Location") != "/api/v1/signalen/"+sig.ID || sig.Huishouden == nil || *sig.Huishouden != hh.ID || sig.Status != "nieuw" {
			t.Errorf("created %+v at %q; want the professional's household", sig, r.header.Get("Location"))
		}
		if strings.Contains(r.header.Get("Location"), "huurachterstand") {
			t.Error("the description is in the Location")
		}
		proUser := f.users[pro]
		if len(sig.Matches) != 1 || sig.Matches[0].Medewerker != proUser.Name || sig.Matches[0].Contact != proUser.Email || sig.Matches[0].Organisatie == "" {
			t.Errorf("matches %+v; want the professional with organisation and contact", sig.Matches)
		}

		// The professional learns who, not what.
		r = f.do(pro, "GET", "/api/v1/meldingen", nil).want(t, http.StatusOK)
		if strings.Contains(string(r.body), "huurachterstand") || strings.Contains(string(r.body), "financien") || strings.Contains(string(r.body), "zorgmelding") {
			t.Errorf("the inbox shows what the partner knows: %s", r.body)
		}
		var inbox api.List[api.Melding]
		r.decode(t, &inbox)
		if len(inbox.Resultaten) != 1 || inbox.Resultaten[0].AnderePartij.Medewerker != f.users[partner].Name || inbox.Resultaten[0].Gelezen {
			t.Fatalf("professional's inbox %+v; want one unread match naming the partner", inbox.Resultaten)
		}
		m := inbox.Resultaten[0]

		// Marking it read: If-Match required, another's not found.
		path := "/api/v1/meldingen/" + m.ID
		f.do(pro, "PUT", path, map[string]any{"gelezen": true}).want(t, http.StatusPreconditionRequired)
		tag := f.do(pro, "GET", path, nil).want(t, http.StatusOK).header.Get("ETag")
		f.do(partner, "PUT", path, map[string]any{"gelezen": true}, "If-Match", tag).want(t, http.StatusNotFound)
		f.do(pro, "PUT", path, map[string]any{}, "If-Match", tag).want(t, http.StatusBadRequest)
		var read api.Melding
		f.do(pro, "PUT", path, map[string]any{"gelezen": true}, "If-Match", tag).want(t, http.StatusOK).decode(t, &read)
		if !read.Gelezen {
			t.Errorf("after marking read: %+v", read)
		}
		f.do(pro, "PUT", path, map[string]any{"gelezen": false}, "If-Match", tag).want(t, http.StatusPreconditionFailed)

		// The list: in scope, by deadline; ?team= must be an id.
		var list api.List[api.SignaalSamenvatting]
		f.do(partner, "GET", "/api/v1/signalen", nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Resultaten) != 1 || list.Resultaten[0].ID != sig.ID {
			t.Errorf("partner's list %+v; want the one signal", list.Resultaten)
		}
		f.do(partner, "GET", "/api/v1/signalen?team=x", nil).want(t, http.StatusBadRequest)
		f.do(wijkregie.RoleAdmin, "GET", "/api/v1/signalen", nil).want(t, http.StatusForbidden)
		f.do(wijkregie.RoleAdmin, "GET", "/api/v1/signalen/"+sig.ID, nil).want(t, http.StatusForbidden)
		f.do(partner, "GET", "/api/v1/signalen/"+wijkregie.NewID(sig.AangemaaktOp), nil).want(t, http.StatusNotFound)
	})
}
