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

// melding is a valid report in a JSON delivery, on an address of the
// documented team's area where no household lives yet.
func melding(ref string) map[string]any {
	return map[string]any{"schuldeiser": "Woonstede", "soortSchuldeiser": "woningcorporatie", "referentie": ref,
		"achternaam": "Achterstand", "voorletters": "A.", "geboortedatum": "1980-05-01", "straat": "Schuldenlaan", "huisnummer": 7,
		"postcode": "2581XY", "woonplaats": "Duinhaven", "bedrag": 1234.56, "termijnen": 3, "datumAchterstand": "2026-01-15"}
}

const arrearsCSV = "schuldeiser;soortSchuldeiser;referentie;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;bedrag;termijnen;datumAchterstand;soort\n" +
	"Duinstroom;energie;E-1;Achterstand;01-05-1980;Schuldenlaan;7;2581 XY;Duinhaven;1.234,56;3;15-01-2026;afsluiting\n" +
	"Duinstroom;energie;E-2;;01-05-1980;Schuldenlaan;7;2581 XY;Duinhaven;12;1;15-01-2026;\n"

// TestArrearsAPI: a JSON delivery with a good and a bad report is 201 with
// the summary and the bad row named; the delivery reads back; the same
// again is unchanged; a CSV file is taken too; no good row is 422 naming
// each; a file that cannot be read is 400; another media type 415; and a
// professional may not deliver.
func TestArrearsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		bad := melding("HUUR-2")
		bad["bedrag"] = -10
		bad["geboortedatum"] = "1 mei 1980"
		wrongType := melding("HUUR-3")
		wrongType["huisnummer"] = "zeven"
		body := map[string]any{"meldingen": []any{melding("HUUR-1"), bad, wrongType}}

		r := f.do(lead, "POST", "/api/v1/betalingsachterstanden", body).want(t, http.StatusCreated)
		f.conforms(t, r, "LeveringResultaat")
		var res api.LeveringResultaat
		r.decode(t, &res)
		if loc := r.header.Get("Location"); loc != "/api/v1/betalingsachterstanden/leveringen/"+res.ID {
			t.Errorf("Location %q", loc)
		}
		if res.Gelezen != 3 || res.Nieuw != 1 || res.Afgewezen != 2 || res.Vroegsignalen != 1 || res.Bron != "api" || res.BestandHash != nil ||
			res.AfgerondOp == nil || res.EerderAangeleverdOp != nil || res.AangeleverdDoor != f.users[lead].ID {
			t.Errorf("summary %+v", res)
		}
		want := []api.AfgewezenRegel{
			{Regel: 2, Veld: "geboortedatum", Code: "veld.datum", Melding: "Vul een geldige datum in."},
			{Regel: 2, Veld: "bedrag", Code: "veld.vroeg.bedrag", Melding: "Vul een bedrag in euro's in dat groter is dan 0."},
			{Regel: 3, Veld: "huisnummer", Code: "veld.type", Melding: res.AfgewezenRegels[len(res.AfgewezenRegels)-1].Melding},
		}
		if diff := cmp.Diff(res.AfgewezenRegels, want); diff != "" {
			t.Errorf("rejected rows (-got +want):\n%s", diff)
		}
		if strings.Contains(string(r.body), "Achterstand") || strings.Contains(string(r.body), "Schuldenlaan") {
			t.Errorf("the answer repeats a report's content: %s", r.body)
		}

		g := f.do(lead, "GET", "/api/v1/betalingsachterstanden/leveringen/"+res.ID, nil).want(t, http.StatusOK)
		f.conforms(t, g, "Levering")
		var d api.Levering
		g.decode(t, &d)
		if diff := cmp.Diff(d, res.Levering); diff != "" {
			t.Errorf("delivery read back (-got +want):\n%s", diff)
		}
		f.do(lead, "GET", "/api/v1/betalingsachterstanden/leveringen/"+res.ID, nil, "If-None-Match", g.header.Get("ETag")).want(t, http.StatusNotModified)
		f.do(lead, "GET", "/api/v1/betalingsachterstanden/leveringen/0190a0a0-0000-7000-8000-000000000000", nil).want(t, http.StatusNotFound)
		f.do(lead, "GET", "/api/v1/betalingsachterstanden/leveringen/nope", nil).want(t, http.StatusNotFound)

		// The same report again changes nothing.
		r = f.do(lead, "POST", "/api/v1/betalingsachterstanden", map[string]any{"meldingen": []any{melding("HUUR-1")}}).want(t, http.StatusCreated)
		r.decode(t, &res)
		if res.Ongewijzigd != 1 || res.Nieuw != 0 || res.Vroegsignalen != 0 || len(res.AfgewezenRegels) != 0 {
			t.Errorf("again: %+v; want unchanged", res)
		}

		// A file: bundled with the household's open outreach.
		r = f.do(admin, "POST", "/api/v1/betalingsachterstanden", arrearsCSV, "Content-Type", "text/csv; charset=utf-8").want(t, http.StatusCreated)
		f.conforms(t, r, "LeveringResultaat")
		r.decode(t, &res)
		if res.Nieuw != 1 || res.Gebundeld != 1 || res.Afgewezen != 1 || res.Bron != "bestand" || res.BestandHash == nil ||
			!cmp.Equal(res.AfgewezenRegels, []api.AfgewezenRegel{{Regel: 3, Veld: "achternaam", Code: "veld.verplicht", Melding: "Vul dit veld in."}}) {
			t.Errorf("file: %+v", res)
		}
		// The same file again: recognised.
		r = f.do(admin, "POST", "/api/v1/betalingsachterstanden", arrearsCSV, "Content-Type", "text/csv").want(t, http.StatusCreated)
		r.decode(t, &res)
		if res.EerderAangeleverdOp == nil || res.Ongewijzigd != 1 || res.Nieuw != 0 {
			t.Errorf("the same file again: %+v; want it recognised, unchanged", res)
		}

		// No good row: 422, each named.
		noName := melding("X")
		delete(noName, "achternaam")
		p := f.do(lead, "POST", "/api/v1/betalingsachterstanden", map[string]any{"meldingen": []any{noName, bad}}).
			want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"meldingen[0].achternaam", "meldingen[1].geboortedatum", "meldingen[1].bedrag"}); diff != "" {
			t.Errorf("422 names (-got +want):\n%s", diff)
		}
		p = f.do(lead, "POST", "/api/v1/betalingsachterstanden", strings.SplitAfter(arrearsCSV, "\n")[0]+strings.SplitAfter(arrearsCSV, "\n")[2],
			"Content-Type", "text/csv").want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"regel 2: achternaam"}); diff != "" {
			t.Errorf("422 names of a file (-got +want):\n%s", diff)
		}

		// Not a delivery at all.
		p = f.do(lead, "POST", "/api/v1/betalingsachterstanden", strings.ReplaceAll(arrearsCSV, ";", ","), "Content-Type", "text/csv").
			want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"bestand"}); diff != "" {
			t.Errorf("comma file (-got +want):\n%s", diff)
		}
		p = f.do(lead, "POST", "/api/v1/betalingsachterstanden", map[string]any{}).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"meldingen"}); diff != "" {
			t.Errorf("no meldingen (-got +want):\n%s", diff)
		}
		many := make([]any, api.MaxMeldingen+1)
		for i := range many {
			many[i] = melding("M")
		}
		f.do(lead, "POST", "/api/v1/betalingsachterstanden", map[string]any{"meldingen": many}).want(t, http.StatusBadRequest)
		f.do(lead, "POST", "/api/v1/betalingsachterstanden", arrearsCSV, "Content-Type", "text/plain").want(t, http.StatusUnsupportedMediaType)
		f.do(pro, "POST", "/api/v1/betalingsachterstanden", body).want(t, http.StatusForbidden)
		f.do(pro, "GET", "/api/v1/betalingsachterstanden/leveringen/"+res.ID, nil).want(t, http.StatusForbidden)
		f.do(wijkregie.RolePartner, "POST", "/api/v1/betalingsachterstanden", arrearsCSV, "Content-Type", "text/csv").want(t, http.StatusForbidden)
	})
}
