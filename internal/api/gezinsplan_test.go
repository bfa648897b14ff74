package api_test

import (
	"context"
	"mime"
	"net/http"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestGezinsplanAPI: GET /casussen/{id}/plan/gezinsplan answers the
// current plan version as a PDF attachment named without the family's
// name, negotiated by Accept (406 for a client that takes no PDF); a case
// without plan is a 404 problem; a partner involved with the family is
// refused, one outside it does not find the case; every print is audited
// as an export.
func TestGezinsplanAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fam := f.newFamily(t, 71, "meervoudig", "intensief")
		f.assign(t, fam.kase)
		f.do(pro, "POST", "/api/v1/casussen/"+fam.kase+"/betrokkenen", map[string]any{"medewerker": f.users[partner].ID, "rol": "hulpverlener"}).
			want(t, http.StatusCreated)
		path := "/api/v1/casussen/" + fam.kase + "/plan/gezinsplan"

		// No plan yet.
		p := f.do(pro, "GET", path, nil).want(t, http.StatusNotFound).problem(t)
		if !strings.Contains(p.Detail, "nog geen plan") {
			t.Errorf("the 404 says %q; want that the case has no plan yet", p.Detail)
		}

		f.do(pro, "POST", "/api/v1/casussen/"+fam.kase+"/plan", map[string]any{
			"variant": "licht",
			"zorgen":  []map[string]any{{"omschrijving": "De schulden lopen op.", "prioriteit": 1}},
			"doelen": []map[string]any{{"domein": "financien", "omschrijving": "De schulden zijn onder controle.",
				"goedGenoeg": "Alle vaste lasten zijn drie maanden op tijd betaald.", "streefdatum": day(90), "eigenaar": "gezin",
				"acties": []map[string]any{{"wat": "Aanmelden bij de schuldhulp.", "wie": "Moeder, met de regisseur", "wanneer": day(14)}}}},
			"vastgesteldOp":  day(0),
			"deelnemers":     "Moeder, de regisseur",
			"evaluatiedatum": day(42),
		}).want(t, http.StatusCreated)

		for _, accept := range []string{"", "application/pdf", "*/*", "application/json;q=0.9, application/pdf"} {
			r := f.do(pro, "GET", path, nil, "Accept", accept).want(t, http.StatusOK)
			if r.header.Get("Content-Type") != "application/pdf" || !strings.Contains(r.header.Get("Vary"), "Accept") {
				t.Errorf("Accept %q: Content-Type %q, Vary %q", accept, r.header.Get("Content-Type"), r.header.Get("Vary"))
			}
			disp, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
			if err != nil || disp != "attachment" || params["filename"] != "gezinsplan-"+fam.kase+"-v1.pdf" {
				t.Errorf("Accept %q: Content-Disposition %q", accept, r.header.Get("Content-Disposition"))
			}
			doc := pdftest.Read(t, r.body)
			all := strings.Join(strings.Fields(doc.AllText()), " ")
			for _, want := range []string{"Gezinsplan", "Lotte Werkcasus71", "Milan Werkcasus71", "Planstraat 71",
				"Alle vaste lasten zijn drie maanden op tijd betaald.", "Aanmelden bij de schuldhulp.", "Moeder, met de regisseur",
				"Volgende evaluatie:", f.users[pro].Name, f.users[partner].Name, "Lotte Werkcasus71 (ouder)", "Handtekening"} {
				if !strings.Contains(all, want) {
					t.Errorf("Accept %q: the gezinsplan does not show %q", accept, want)
				}
			}
		}
		for _, accept := range []string{"application/json", "text/html", "application/pdf;q=0, application/json"} {
			f.do(pro, "GET", path, nil, "Accept", accept).want(t, http.StatusNotAcceptable).problem(t)
		}

		// Who may print: the regisseur and the lead; not the partner
		// involved, nor anyone outside the case.
		f.do(lead, "GET", path, nil).want(t, http.StatusOK)
		if r := f.do(partner, "GET", path, nil).want(t, http.StatusForbidden); strings.Contains(string(r.body), "Werkcasus71") {
			t.Error("the partner's refusal names the family")
		}
		f.as(f.colleague(t, "y.tahiri@duinhaven.example"), "GET", path, nil).want(t, http.StatusNotFound).problem(t)
		f.do(admin, "GET", path, nil).want(t, http.StatusForbidden).problem(t)
		f.do(pro, "GET", "/api/v1/casussen/"+wijkregie.NewID(f.svc.Now())+"/plan/gezinsplan", nil).want(t, http.StatusNotFound).problem(t)

		// Every print an export on the case and each member; the
		// refusals audited too.
		recs, _, err := s.R().Audit(context.Background(), demo.MunicipalityID, store.AuditFilter{Kind: wijkregie.KindExport, Page: store.Page{Limit: 200}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, rec := range recs {
			if rec.Action == "gezinsplan.afdrukken" && rec.SubjectID == fam.kase {
				key := string(rec.Role) + " " + rec.Result
				if rec.PersonID != "" {
					key += " " + rec.PersonID
				}
				got[key]++
			}
		}
		want := map[string]int{
			// Four prints by the regisseur, one by the lead.
			"professional toegestaan": 4, "professional toegestaan " + fam.mother: 4, "professional toegestaan " + fam.child: 4,
			"teamleider toegestaan": 1, "teamleider toegestaan " + fam.mother: 1, "teamleider toegestaan " + fam.child: 1,
			// The refusals: the partner, and the other team's professional.
			"partner geweigerd": 1, "professional geweigerd": 1,
		}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("%d export records %q; want %d (all: %v)", got[k], k, n, got)
			}
		}
		if len(got) != len(want) {
			t.Errorf("export records %v; want %v", got, want)
		}
	})
}
