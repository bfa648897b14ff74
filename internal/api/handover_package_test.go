package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestHandoverPackageAPI: the regisseur downloads the package as JSON
// (with Repr-Digest and a name without the family's), as PDF by Accept,
// and gets 406 for anything else; a partner is refused. Read in as if
// from another municipality: 201 with the case's Location, then 409 for
// the same package, and 422 naming the field of a bad one.
func TestHandoverPackageAPI(t *testing.T) {
	const pro, lead, partner = wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fam := f.newFamily(t, 72, "meervoudig", "intensief")
		f.assign(t, fam.kase)
		bsn := f.reachableMember(t, fam.household)
		path := "/api/v1/casussen/" + fam.kase + "/overdrachtspakket"

		r := f.do(pro, "GET", path, nil).want(t, http.StatusOK)
		if r.header.Get("Content-Type") != "application/json" || !strings.HasPrefix(r.header.Get("Repr-Digest"), "sha-256=:") ||
			!strings.Contains(r.header.Get("Content-Disposition"), "overdrachtspakket-") {
			t.Errorf("headers %v", r.header)
		}
		var p wijkregie.HandoverPackage
		if err := json.Unmarshal(r.body, &p); err != nil || p.Validate() != nil {
			t.Fatalf("package: %v, %v", err, p.Validate())
		}
		pdf := f.do(pro, "GET", path, nil, "Accept", "application/pdf").want(t, http.StatusOK)
		if pdf.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("PDF: %q", pdf.header.Get("Content-Type"))
		}
		if text := strings.Join(strings.Fields(pdftest.Read(t, pdf.body).AllText()), " "); !strings.Contains(text, "Overdrachtspakket") || !strings.Contains(text, "Werkcasus72") || strings.Contains(text, "?") {
			t.Errorf("the PDF reads %q", text)
		}
		f.do(pro, "GET", path, nil, "Accept", "text/html").want(t, http.StatusNotAcceptable)
		f.do(partner, "GET", path, nil).want(t, http.StatusForbidden)

		p.Sender.MunicipalityCode, p.Sender.MunicipalityName = "GM0001", "Elders"
		p.Seal()
		body, _ := json.Marshal(&p)
		created := f.do(lead, "POST", "/api/v1/overdrachtspakketten", body).want(t, http.StatusCreated)
		var got struct {
			Casus string `json:"casus"`
		}
		created.decode(t, &got)
		if created.header.Get("Location") != "/api/v1/casussen/"+got.Casus {
			t.Errorf("Location %q for %q", created.header.Get("Location"), got.Casus)
		}
		f.do(lead, "POST", "/api/v1/overdrachtspakketten", body).want(t, http.StatusConflict)
		p.Household.Members[0].From = "2020-02-30"
		p.Seal()
		body, _ = json.Marshal(&p)
		prob := f.do(lead, "POST", "/api/v1/overdrachtspakketten", body).want(t, http.StatusUnprocessableEntity).problem(t)
		if !strings.Contains(string(mustJSON(t, prob)), "huishouden.leden[0].vanaf") {
			t.Errorf("problem %+v", prob)
		}
		f.do(pro, "POST", "/api/v1/overdrachtspakketten", body).want(t, http.StatusForbidden)

		// A BSN known here with another birth date: 422 on that person's
		// bsn, in Dutch.
		var q wijkregie.HandoverPackage
		r.decode(t, &q)
		i := slices.IndexFunc(q.Persons, func(x wijkregie.HandoverPerson) bool { return x.BSN == bsn })
		if i < 0 {
			t.Fatal("the package lacks the person with the BSN")
		}
		q.ID, q.Persons[i].BirthDate = wijkregie.NewID(time.Now()), "1986-03-04"
		q.Sender.MunicipalityCode, q.Sender.MunicipalityName = "GM0001", "Elders"
		q.Seal()
		prob = f.do(lead, "POST", "/api/v1/overdrachtspakketten", mustJSON(t, &q)).want(t, http.StatusUnprocessableEntity).problem(t)
		if b := string(mustJSON(t, prob)); !strings.Contains(b, fmt.Sprintf(`"personen[%d].bsn"`, i)) || !strings.Contains(b, "geboortedatum") {
			t.Errorf("problem %s; want personen[%d].bsn with its message", b, i)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
