package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/locale"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// sanneBSN is a number from the test range that passes the elfproef.
const sanneBSN = "999990019"

func TestPersonsAndHouseholdsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		const pro = wijkregie.RoleProfessional
		noBSN := func(r *response) {
			t.Helper()
			if strings.Contains(r.header.Get("Location"), sanneBSN) || strings.Contains(string(r.body), sanneBSN) {
				t.Errorf("the response shows the BSN: Location %q, body %s", r.header.Get("Location"), r.body)
			}
		}

		// Invalid BSNs: 400 naming bsn, in a registration and in a search.
		for _, bsn := range []string{"123456789", "000000000", "12345678", "abcdefghi", "1234567"} {
			p := f.do(pro, "POST", "/api/v1/personen", map[string]any{"achternaam": "Meer", "bsn": bsn}).want(t, http.StatusBadRequest).problem(t)
			if diff := cmp.Diff(paramNames(p), []string{"bsn"}); diff != "" {
				t.Errorf("registering BSN %s: invalidParams (-got +want):\n%s", bsn, diff)
			}
			p = f.do(pro, "POST", "/api/v1/personen/zoeken", map[string]any{"bsn": bsn}).want(t, http.StatusBadRequest).problem(t)
			if diff := cmp.Diff(paramNames(p), []string{"bsn"}); diff != "" {
				t.Errorf("searching BSN %s: invalidParams (-got +want):\n%s", bsn, diff)
			}
		}

		// Register Sanne: 201, the BSN masked, no household yet, so her
		// resource is not readable yet.
		r := f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Sanne", "tussenvoegsel": "van der", "achternaam": "Meer",
			"geboortedatum": "2012-05-17", "bsn": "9999.90.019", "telefoon": "06 12345678"}).want(t, http.StatusCreated)
		noBSN(r)
		var sanne api.Persoon
		r.decode(t, &sanne)
		if sanne.BSNGemaskeerd == nil || *sanne.BSNGemaskeerd != "******019" || sanne.Huishouden != nil || len(sanne.Huishoudens) != 0 {
			t.Errorf("registered %+v", sanne)
		}
		if r.header.Get("Location") != "/api/v1/personen/"+sanne.ID {
			t.Errorf("Location = %q", r.header.Get("Location"))
		}
		f.do(pro, "GET", "/api/v1/personen/"+sanne.ID, nil).want(t, http.StatusNotFound)
		// The same BSN twice is a field error.
		p := f.do(pro, "POST", "/api/v1/personen", map[string]any{"achternaam": "Anders", "bsn": sanneBSN}).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"bsn"}); diff != "" {
			t.Errorf("a BSN twice: invalidParams (-got +want):\n%s", diff)
		}

		// A household with her: the team follows from the postcode, the
		// professional is involved, and she is readable now, with history.
		r = f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{
			"adres": map[string]any{"straat": "Marktstraat", "huisnummer": 12, "huisnummertoevoeging": "A", "postcode": "2581 ab", "woonplaats": "Duinhaven"},
			"leden": []map[string]any{{"persoon": sanne.ID, "relatie": "kind", "vanaf": "2020-08-01"}},
		}).want(t, http.StatusCreated)
		var h api.Huishouden
		r.decode(t, &h)
		if r.header.Get("Location") != "/api/v1/huishoudens/"+h.ID || h.Team == nil || *h.Team != f.users[pro].TeamID || h.Adres.Postcode != "2581AB" {
			t.Errorf("created household %+v at %q", h, r.header.Get("Location"))
		}
		if len(h.Leden) != 1 || h.Leden[0].Persoon.ID != sanne.ID || len(h.Betrokkenen) != 1 || h.Betrokkenen[0].Medewerker != f.users[pro].ID {
			t.Errorf("created household: leden %+v, betrokkenen %+v", h.Leden, h.Betrokkenen)
		}
		r = f.do(pro, "GET", "/api/v1/personen/"+sanne.ID, nil).want(t, http.StatusOK)
		var got api.Persoon
		r.decode(t, &got)
		want := []api.PersoonLidmaatschap{{Huishouden: h.ID, Relatie: "kind", Vanaf: ptr("2020-08-01")}}
		if diff := cmp.Diff(got.Huishoudens, want); diff != "" {
			t.Errorf("huishoudens (-got +want):\n%s", diff)
		}
		// Invalid households name the field by its path in the body.
		p = f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{
			"adres": map[string]any{"straat": "Marktstraat", "huisnummer": 0, "postcode": "2581AB", "woonplaats": "Duinhaven"},
			"leden": []map[string]any{{"persoon": sanne.ID, "relatie": "buurman", "vanaf": "2020-08-01"}},
		}).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"adres.huisnummer", "leden[0].relatie"}); diff != "" {
			t.Errorf("invalid household: invalidParams (-got +want):\n%s", diff)
		}

		// Each way of searching finds her, minimally.
		for _, q := range []map[string]any{
			{"bsn": sanneBSN},
			{"achternaam": "MEER", "geboortedatum": "2012-05-17"},
			{"postcode": "2581AB", "huisnummer": 12},
			{"postcode": "2581 ab", "huisnummer": 12, "huisnummertoevoeging": "a"},
		} {
			r := f.do(pro, "POST", "/api/v1/personen/zoeken", q).want(t, http.StatusOK)
			noBSN(r)
			var res api.Zoekresultaten
			r.decode(t, &res)
			if len(res.Resultaten) != 1 || res.Resultaten[0].ID != sanne.ID || res.Resultaten[0].Adres == nil || res.Resultaten[0].Adres.Straat != "Marktstraat" {
				t.Errorf("search %v = %+v; want Sanne at the Marktstraat", q, res.Resultaten)
			}
			if strings.Contains(string(r.body), "06 12345678") || strings.Contains(string(r.body), "telefoon") {
				t.Errorf("search results show contact details: %s", r.body)
			}
		}
		for _, q := range []map[string]any{{}, {"bsn": sanneBSN, "postcode": "2581AB", "huisnummer": 12}} {
			p := f.do(pro, "POST", "/api/v1/personen/zoeken", q).want(t, http.StatusBadRequest).problem(t)
			if p.Detail != f.cat(t, "fout.zoeken.zoekwijze") {
				t.Errorf("search %v: detail %q", q, p.Detail)
			}
		}
		f.do(pro, "POST", "/api/v1/personen/zoeken", map[string]any{"achternaam": "Meer"}).want(t, http.StatusBadRequest)

		// A possible duplicate: 409 naming her, then confirmed.
		sara := map[string]any{"voornaam": "Sara", "achternaam": "MEER", "geboortedatum": "2012-05-17"}
		r = f.do(pro, "POST", "/api/v1/personen", sara).want(t, http.StatusConflict)
		noBSN(r)
		var dup api.ProbleemDubbel
		r.decode(t, &dup)
		if dup.Status != http.StatusConflict || dup.Detail == "" || len(dup.MogelijkeDubbelen) != 1 || dup.MogelijkeDubbelen[0].ID != sanne.ID ||
			*dup.MogelijkeDubbelen[0].BSNGemaskeerd != "******019" {
			t.Errorf("409 = %s", r.body)
		}
		sara["bevestigDubbel"] = true
		var saraP api.Persoon
		f.do(pro, "POST", "/api/v1/personen", sara).want(t, http.StatusCreated).decode(t, &saraP)

		// Sara joins the household: 201 with the membership's location.
		members := "/api/v1/huishoudens/" + h.ID + "/leden"
		r = f.do(pro, "POST", members, map[string]any{"persoon": saraP.ID, "relatie": "partner", "vanaf": "2021-01-01"}).want(t, http.StatusCreated)
		loc := r.header.Get("Location")
		if loc != members+"/"+saraP.ID {
			t.Errorf("Location = %q; want %s", loc, members+"/"+saraP.ID)
		}
		r = f.do(pro, "GET", loc, nil).want(t, http.StatusOK)
		var lid map[string]any
		r.decode(t, &lid)
		if lid["relatie"] != "partner" || lid["vanaf"] != "2021-01-01" || lid["tot"] != nil {
			t.Errorf("membership = %s", r.body)
		}
		f.do(pro, "GET", loc, nil, "If-None-Match", r.header.Get("ETag")).want(t, http.StatusNotModified)
		f.do(pro, "POST", members, map[string]any{"persoon": saraP.ID, "relatie": "partner", "vanaf": "2022-01-01"}).want(t, http.StatusConflict).problem(t)
		p = f.do(pro, "POST", members, map[string]any{"persoon": saraP.ID, "relatie": "buurman", "vanaf": "gisteren"}).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"relatie", "vanaf"}); diff != "" {
			t.Errorf("invalid member: invalidParams (-got +want):\n%s", diff)
		}

		// Ending it: a PUT of the membership with If-Match.
		tag := r.header.Get("ETag")
		lid["tot"] = "2026-01-31"
		f.do(pro, "PUT", loc, lid).want(t, http.StatusPreconditionRequired)
		bad := map[string]any{"persoon": lid["persoon"], "relatie": "partner", "vanaf": "2020-01-01", "tot": "2026-01-31"}
		p = f.do(pro, "PUT", loc, bad, "If-Match", tag).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"vanaf"}); diff != "" {
			t.Errorf("changing vanaf: invalidParams (-got +want):\n%s", diff)
		}
		r = f.do(pro, "PUT", loc, lid, "If-Match", tag).want(t, http.StatusOK)
		var ended map[string]any
		r.decode(t, &ended)
		if ended["tot"] != "2026-01-31" {
			t.Errorf("ended membership = %s", r.body)
		}
		f.do(pro, "PUT", loc, lid, "If-Match", tag).want(t, http.StatusPreconditionFailed)

		// Households the professional is not involved with, and another
		// municipality's records: not found.
		var outside string
		mine := f.visible(t, pro)
		for _, id := range f.allHouseholds(t) {
			if !slices.Contains(mine, id) {
				outside = id
				break
			}
		}
		f.do(pro, "POST", "/api/v1/huishoudens/"+outside+"/leden", map[string]any{"persoon": sanne.ID, "relatie": "kind", "vanaf": "2020-08-01"}).want(t, http.StatusNotFound)
		f.do(pro, "POST", "/api/v1/huishoudens/"+outside+"/leden", map[string]any{"relatie": "buurman"}).want(t, http.StatusNotFound)
		f.do(pro, "GET", "/api/v1/huishoudens/"+outside+"/leden/"+sanne.ID, nil).want(t, http.StatusNotFound)
		elsewhere := f.otherMunicipality(t)
		f.do(pro, "POST", members, map[string]any{"persoon": elsewhere.person, "relatie": "kind", "vanaf": "2020-08-01"}).want(t, http.StatusNotFound)
		f.do(pro, "POST", "/api/v1/huishoudens/"+elsewhere.household+"/leden", map[string]any{"persoon": sanne.ID, "relatie": "kind", "vanaf": "2020-08-01"}).want(t, http.StatusNotFound)
		f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{
			"adres": map[string]any{"straat": "Marktstraat", "huisnummer": 14, "postcode": "2581AB", "woonplaats": "Duinhaven"},
			"leden": []map[string]any{{"persoon": elsewhere.person, "relatie": "kind", "vanaf": "2020-08-01"}},
		}).want(t, http.StatusNotFound)
		f.do(pro, "GET", "/api/v1/personen/"+elsewhere.person, nil).want(t, http.StatusNotFound)
		var res api.Zoekresultaten
		f.do(pro, "POST", "/api/v1/personen/zoeken", map[string]any{"bsn": "111222333"}).want(t, http.StatusOK).decode(t, &res)
		if len(res.Resultaten) != 0 {
			t.Errorf("a search found another municipality's person: %+v", res.Resultaten)
		}

		// Roles without the right.
		for _, role := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			f.do(role, "POST", "/api/v1/personen/zoeken", map[string]any{"bsn": sanneBSN}).want(t, http.StatusForbidden)
			f.do(role, "POST", "/api/v1/personen", map[string]any{"achternaam": "Stiekem"}).want(t, http.StatusForbidden)
			f.do(role, "POST", members, map[string]any{"persoon": sanne.ID, "relatie": "kind", "vanaf": "2020-08-01"}).want(t, http.StatusForbidden)
		}
	})
}

func ptr(s string) *string { return &s }

// cat returns the Dutch text of a catalogue key.
func (f *fixture) cat(t *testing.T, key string) string {
	t.Helper()
	c, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c.T(locale.NL, key)
}

// elsewhere is a person in a household of another municipality.
type elsewhere struct{ person, household string }

func (f *fixture) otherMunicipality(t *testing.T) elsewhere {
	t.Helper()
	ctx := context.Background()
	const m = "GM0002"
	p := &wijkregie.Person{MunicipalityID: m, FamilyName: "Elders", BSN: "111222333"}
	h := &wijkregie.Household{MunicipalityID: m, Address: wijkregie.Address{Street: "Marktstraat", Number: 12, Postcode: "2581AB", Town: "Elders"}}
	err := f.s.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: m, Name: "Elders"}); err != nil {
			return err
		}
		if err := q.CreatePerson(ctx, p); err != nil {
			return err
		}
		return q.CreateHousehold(ctx, h)
	})
	if err != nil {
		t.Fatal(err)
	}
	return elsewhere{p.ID, h.ID}
}
