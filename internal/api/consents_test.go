package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// consentFamily is a mother and her son of 13, registered through the
// API by the professional (who is involved with the household from then
// on), and the demo's GGZ organisation and the partner's GP practice.
type consentFamily struct {
	household, mother, child string
	ggz, gp                  string
}

func (f *fixture) newConsentFamily(t *testing.T) consentFamily {
	t.Helper()
	thirteen := time.Now().In(amsterdam).AddDate(-13, -3, 0).Format(time.DateOnly)
	var mother, child api.Persoon
	f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Noor", "achternaam": "Toestemming", "geboortedatum": "1984-06-01"}).
		want(t, http.StatusCreated).decode(t, &mother)
	f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Daan", "achternaam": "Toestemming", "geboortedatum": thirteen}).
		want(t, http.StatusCreated).decode(t, &child)
	var hh api.Huishouden
	f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{
		"adres": map[string]any{"straat": "Toestemmingslaan", "huisnummer": 13, "postcode": "2582AB", "woonplaats": "Duinhaven"},
		"leden": []map[string]any{
			{"persoon": mother.ID, "relatie": "ouder", "vanaf": "2012-01-01"},
			{"persoon": child.ID, "relatie": "kind", "vanaf": thirteen},
		}}).want(t, http.StatusCreated).decode(t, &hh)
	return consentFamily{household: hh.ID, mother: mother.ID, child: child.ID, ggz: f.ggz(t), gp: f.users[partner].OrganisationID}
}

// body is a valid new consent of the child of 13 for GGZ Kustland, given
// today by the child and the mother.
func (c consentFamily) body() map[string]any {
	return map[string]any{"persoon": c.child, "organisatie": c.ggz, "doel": "uitvoeren-plan",
		"domeinen": []string{"geestelijke-gezondheid"}, "gegevenOp": day(0), "wijze": "schriftelijk",
		"gegevenDoor": []map[string]any{{"persoon": c.child, "hoedanigheid": "betrokkene"}, {"persoon": c.mother, "hoedanigheid": "gezagsdrager"}}}
}

// with returns the body with one field changed, or removed for nil.
func with(b map[string]any, field string, v any) map[string]any {
	out := map[string]any{}
	for k, x := range b {
		out[k] = x
	}
	if v == nil {
		delete(out, field)
	} else {
		out[field] = v
	}
	return out
}

// TestConsentAPI records, reads, lists and withdraws consents through the
// API as the regisseur; checks each bad input names its field; and that
// the partner sees only what names it, may change nothing, and that who
// is not involved finds nothing.
func TestConsentAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fam := f.newConsentFamily(t)

		// Recorded: 201 with its address, and a GET gives the same.
		r := f.do(pro, "POST", "/api/v1/toestemmingen", fam.body()).want(t, http.StatusCreated)
		f.conforms(t, r, "Toestemming")
		var c api.Toestemming
		r.decode(t, &c)
		if loc := r.header.Get("Location"); loc != "/api/v1/toestemmingen/"+c.ID || r.header.Get("ETag") == "" {
			t.Errorf("Location %q, ETag %q", loc, r.header.Get("ETag"))
		}
		want := api.Toestemming{ID: c.ID, Persoon: fam.child, Organisatie: &fam.ggz, Doel: "uitvoeren-plan", Domeinen: []string{"geestelijke-gezondheid"},
			GegevenOp: day(0), Wijze: "schriftelijk", GegevenDoor: []api.ToestemmingGever{{fam.child, "betrokkene"}, {fam.mother, "gezagsdrager"}},
			VastgelegdDoor: f.users[pro].ID, VastgelegdOp: c.VastgelegdOp, Status: "actief", Versie: 1}
		if diff := cmp.Diff(c, want); diff != "" {
			t.Errorf("recorded consent (-got +want):\n%s", diff)
		}
		got := f.do(pro, "GET", "/api/v1/toestemmingen/"+c.ID, nil).want(t, http.StatusOK)
		if string(got.body) != string(r.body) || got.header.Get("ETag") != r.header.Get("ETag") {
			t.Errorf("GET gives %s; POST gave %s", got.body, r.body)
		}
		f.do(pro, "GET", "/api/v1/toestemmingen/"+c.ID, nil, "If-None-Match", r.header.Get("ETag")).want(t, http.StatusNotModified)

		// A consent for every GP, by the mother for herself.
		var gps api.Toestemming
		f.do(pro, "POST", "/api/v1/toestemmingen", map[string]any{"persoon": fam.mother, "organisatiesoort": "huisarts",
			"doel": "informatie-delen", "domeinen": []string{"lichamelijke-gezondheid", "geestelijke-gezondheid"}, "gegevenOp": day(-3),
			"wijze": "mondeling", "tot": day(60), "gegevenDoor": []map[string]any{{"persoon": fam.mother, "hoedanigheid": "betrokkene"}}}).
			want(t, http.StatusCreated).decode(t, &gps)
		if gps.Organisatie != nil || gps.Organisatiesoort == nil || *gps.Organisatiesoort != "huisarts" || gps.Tot == nil || *gps.Tot != day(60) {
			t.Errorf("a consent for every GP: %+v", gps)
		}

		t.Run("bad input", func(t *testing.T) {
			f := f.sub(t)
			b := fam.body()
			for _, tc := range []struct {
				name   string
				body   any
				fields []string
			}{
				{"a child of 13 without a parent", with(b, "gegevenDoor", []map[string]any{{"persoon": fam.child, "hoedanigheid": "betrokkene"}}), []string{"gegevenDoor"}},
				{"a child of 13 by the parent alone", with(b, "gegevenDoor", []map[string]any{{"persoon": fam.mother, "hoedanigheid": "gezagsdrager"}}), []string{"gegevenDoor"}},
				{"a child as its own parent", with(b, "gegevenDoor", []map[string]any{{"persoon": fam.child, "hoedanigheid": "betrokkene"}, {"persoon": fam.child, "hoedanigheid": "gezagsdrager"}}), []string{"gegevenDoor"}},
				{"an unknown capacity", with(b, "gegevenDoor", []map[string]any{{"persoon": fam.child, "hoedanigheid": "buurvrouw"}}), []string{"gegevenDoor"}},
				{"no givers", with(b, "gegevenDoor", nil), []string{"gegevenDoor"}},
				{"no person", with(b, "persoon", nil), []string{"persoon"}},
				{"a person who is no id", with(b, "persoon", "999990019"), []string{"persoon"}},
				{"no recipient", with(b, "organisatie", nil), []string{"organisatie"}},
				{"two recipients", with(b, "organisatiesoort", "ggz"), []string{"organisatiesoort"}},
				{"an unknown kind", with(with(b, "organisatie", nil), "organisatiesoort", "bakker"), []string{"organisatiesoort"}},
				{"an unknown organisation", with(b, "organisatie", "01890a5d-ac96-774b-bcce-b302099a8057"), []string{"organisatie"}},
				{"an unknown purpose", with(b, "doel", "alles"), []string{"doel"}},
				{"no domains", with(b, "domeinen", []string{}), []string{"domeinen"}},
				{"an unknown domain", with(b, "domeinen", []string{"alles"}), []string{"domeinen"}},
				{"an unknown way", with(b, "wijze", "telepathisch"), []string{"wijze"}},
				{"no date", with(b, "gegevenOp", nil), []string{"gegevenOp"}},
				{"a date that is none", with(b, "gegevenOp", "gisteren"), []string{"gegevenOp"}},
				{"a date that is none, and no purpose", with(with(b, "gegevenOp", "gisteren"), "doel", nil), []string{"gegevenOp", "doel"}},
				{"given tomorrow", with(b, "gegevenOp", day(1)), []string{"gegevenOp"}},
				{"ending before it began", with(b, "tot", day(-1)), []string{"tot"}},
				{"an end that is none", with(b, "tot", "nooit"), []string{"tot"}},
				{"an unknown field", with(b, "reden", "x"), []string{"reden"}},
				{"a malformed body", `{"persoon":`, []string{"body"}},
			} {
				wantParams(t, f.do(pro, "POST", "/api/v1/toestemmingen", tc.body), tc.fields...)
			}
			// A person outside the actor's view is named too, not found.
			outsider := f.colleague(t, "y.tahiri@duinhaven.example")
			wantParams(t, f.as(outsider, "POST", "/api/v1/toestemmingen", b), "persoon")
		})

		t.Run("lists", func(t *testing.T) {
			f := f.sub(t)
			var l list[api.Toestemming]
			r := f.do(pro, "GET", "/api/v1/toestemmingen?huishouden="+fam.household, nil).want(t, http.StatusOK)
			f.conforms(t, r, "ToestemmingLijst")
			r.decode(t, &l)
			if len(l.Resultaten) != 2 || l.Paginering.Totaal != 2 {
				t.Errorf("the household's consents: %+v", l)
			}
			f.do(pro, "GET", "/api/v1/toestemmingen?persoon="+fam.child, nil).want(t, http.StatusOK).decode(t, &l)
			if len(l.Resultaten) != 1 || l.Resultaten[0].ID != c.ID {
				t.Errorf("the child's consents: %+v", l.Resultaten)
			}
			f.do(pro, "GET", "/api/v1/toestemmingen?huishouden="+fam.household+"&paginaGrootte=1&pagina=2", nil).want(t, http.StatusOK).decode(t, &l)
			if len(l.Resultaten) != 1 || l.Paginering.Totaal != 2 || l.Paginering.AantalPaginas != 2 {
				t.Errorf("page 2 of 1: %+v", l)
			}
			for _, tc := range []struct {
				query  string
				params []string
			}{
				{"", []string{"persoon"}},
				{"?pagina=1", []string{"persoon"}},
				{"?persoon=" + fam.child + "&huishouden=" + fam.household, []string{"huishouden"}},
				{"?persoon=999990019", []string{"persoon"}},
				{"?huishouden=", []string{"huishouden"}},
				{"?persoon=" + fam.child + "&pagina=0", []string{"pagina"}},
			} {
				wantParams(t, f.do(pro, "GET", "/api/v1/toestemmingen"+tc.query, nil), tc.params...)
			}
			f.do(pro, "GET", "/api/v1/toestemmingen?persoon=01890a5d-ac96-774b-bcce-b302099a8057", nil).want(t, http.StatusNotFound).problem(t)
			f.do(admin, "GET", "/api/v1/toestemmingen?persoon="+fam.child, nil).want(t, http.StatusForbidden).problem(t)
		})

		t.Run("who sees what", func(t *testing.T) {
			f := f.sub(t)
			// Not involved: nothing, as not found.
			for _, email := range []string{"y.tahiri@duinhaven.example", "m.dehaan@duinhaven.example", "i.pinas@duinhaven.example"} {
				o := f.colleague(t, email)
				f.as(o, "GET", "/api/v1/toestemmingen?huishouden="+fam.household, nil).want(t, http.StatusNotFound)
				f.as(o, "GET", "/api/v1/toestemmingen/"+c.ID, nil).want(t, http.StatusNotFound)
			}
			f.do(partner, "GET", "/api/v1/toestemmingen?huishouden="+fam.household, nil).want(t, http.StatusNotFound)
			// The team lead of the household's team sees every one.
			var l list[api.Toestemming]
			f.do(lead, "GET", "/api/v1/toestemmingen?huishouden="+fam.household, nil).want(t, http.StatusOK).decode(t, &l)
			if len(l.Resultaten) != 2 {
				t.Errorf("the team lead sees %d consents; want 2", len(l.Resultaten))
			}
			// Once involved, the GP partner sees the consent for every GP,
			// not the one for GGZ Kustland, and may change none.
			if err := f.s.Tx(context.Background(), func(q *store.Q) error {
				return q.Involve(context.Background(), &wijkregie.Involvement{MunicipalityID: f.users[partner].MunicipalityID,
					HouseholdID: fam.household, UserID: f.users[partner].ID, Kind: wijkregie.InvolvementContributor})
			}); err != nil {
				t.Fatal(err)
			}
			r := f.do(partner, "GET", "/api/v1/toestemmingen?huishouden="+fam.household, nil).want(t, http.StatusOK)
			r.decode(t, &l)
			if len(l.Resultaten) != 1 || l.Resultaten[0].ID != gps.ID {
				t.Errorf("the partner sees %+v; want only the consent for every GP", l.Resultaten)
			}
			f.do(partner, "GET", "/api/v1/toestemmingen/"+gps.ID, nil).want(t, http.StatusOK)
			f.do(partner, "GET", "/api/v1/toestemmingen/"+c.ID, nil).want(t, http.StatusNotFound)
			f.do(partner, "POST", "/api/v1/toestemmingen", fam.body()).want(t, http.StatusForbidden)
			tag := f.do(pro, "GET", "/api/v1/toestemmingen/"+gps.ID, nil).want(t, http.StatusOK).header.Get("ETag")
			f.do(partner, "POST", "/api/v1/toestemmingen/"+gps.ID+"/intrekken", map[string]any{}, "If-Match", tag).want(t, http.StatusForbidden)
		})

		t.Run("withdraw", func(t *testing.T) {
			f := f.sub(t)
			path := "/api/v1/toestemmingen/" + c.ID
			tag := f.do(pro, "GET", path, nil).want(t, http.StatusOK).header.Get("ETag")
			f.do(pro, "POST", path+"/intrekken", map[string]any{"reden": "x"}).want(t, http.StatusPreconditionRequired).problem(t)
			f.do(pro, "POST", path+"/intrekken", map[string]any{"reden": "x"}, "If-Match", `"verouderd"`).want(t, http.StatusPreconditionFailed).problem(t)
			f.do(pro, "POST", path+"/intrekken", map[string]any{"waarom": "x"}, "If-Match", tag).want(t, http.StatusBadRequest)
			f.do(pro, "POST", "/api/v1/toestemmingen/01890a5d-ac96-774b-bcce-b302099a8057/intrekken", nil, "If-Match", tag).want(t, http.StatusNotFound)
			r := f.do(lead, "POST", path+"/intrekken", map[string]any{"reden": "Daan wil het zelf aan de GGZ vertellen."}, "If-Match", tag).
				want(t, http.StatusOK)
			f.conforms(t, r, "Toestemming")
			var w api.Toestemming
			r.decode(t, &w)
			if w.Status != "ingetrokken" || w.IngetrokkenOp == nil || w.IngetrokkenDoor == nil || *w.IngetrokkenDoor != f.users[lead].ID ||
				w.RedenIntrekking == nil || *w.RedenIntrekking != "Daan wil het zelf aan de GGZ vertellen." || w.Versie != 2 {
				t.Errorf("withdrawn: %+v", w)
			}
			// The tag read before is stale; the new one meets a consent
			// already withdrawn.
			f.do(pro, "POST", path+"/intrekken", nil, "If-Match", tag).want(t, http.StatusPreconditionFailed)
			f.do(pro, "POST", path+"/intrekken", nil, "If-Match", r.header.Get("ETag")).want(t, http.StatusConflict).problem(t)
			var now api.Toestemming
			f.do(pro, "GET", path, nil).want(t, http.StatusOK).decode(t, &now)
			if now.Status != "ingetrokken" {
				t.Errorf("after the withdrawal GET says %q", now.Status)
			}
			// Without a reason, and with an empty body.
			tag = f.do(pro, "GET", "/api/v1/toestemmingen/"+gps.ID, nil).header.Get("ETag")
			r = f.do(pro, "POST", "/api/v1/toestemmingen/"+gps.ID+"/intrekken", nil, "If-Match", tag).want(t, http.StatusOK)
			r.decode(t, &w)
			if w.RedenIntrekking == nil || *w.RedenIntrekking != "" || w.Status != "ingetrokken" {
				t.Errorf("withdrawn without a reason: %+v", w)
			}
		})
	})
}
