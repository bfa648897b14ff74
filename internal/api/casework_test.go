package api_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

const pro, lead, partner, admin = wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner, wijkregie.RoleAdmin

// amsterdam is where the days of a body's dates are counted.
var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return loc
}()

// day returns the date n days from today, as a body writes it.
func day(n int) string {
	return time.Now().In(amsterdam).AddDate(0, 0, n).Format(time.DateOnly)
}

// family is a household with a mother and a child, registered through the
// API by the professional, with an open case the team lead gave the
// professional as regisseur.
type family struct {
	household, mother, child string
	kase                     string
	adres                    map[string]any
}

// newFamily registers a family at the house number and opens its case by
// triage meervoudig (or veiligheid) at the level, leaving the regisseur to
// assign.
func (f *fixture) newFamily(t *testing.T, number int, besluit, niveau string) family {
	t.Helper()
	var mother, child api.Persoon
	name := "Werkcasus" + strconv.Itoa(number)
	f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Lotte", "achternaam": name, "geboortedatum": "1987-04-12"}).
		want(t, http.StatusCreated).decode(t, &mother)
	f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Milan", "achternaam": name, "geboortedatum": "2016-09-03"}).
		want(t, http.StatusCreated).decode(t, &child)
	adres := map[string]any{"straat": "Planstraat", "huisnummer": number, "postcode": "2582AB", "woonplaats": "Duinhaven"}
	var hh api.Huishouden
	f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{"adres": adres, "leden": []map[string]any{
		{"persoon": mother.ID, "relatie": "ouder", "vanaf": "2016-01-01"},
		{"persoon": child.ID, "relatie": "kind", "vanaf": "2016-09-03"},
	}}).want(t, http.StatusCreated).decode(t, &hh)
	fam := family{household: hh.ID, mother: mother.ID, child: child.ID, adres: adres}
	fam.kase = f.openCase(t, fam, besluit, niveau)
	return fam
}

// openCase triages a new signal on the family into a case.
func (f *fixture) openCase(t *testing.T, fam family, besluit, niveau string) string {
	t.Helper()
	var sig api.Signaal
	f.do(pro, "POST", "/api/v1/signalen", map[string]any{"soort": "zorgmelding", "huishouden": fam.household, "bron": "school",
		"domeinen": []string{"financien", "huiselijke-relaties", "geestelijke-gezondheid"}, "omschrijving": "Zorgen over thuis.",
		"urgentie": "normaal"}).want(t, http.StatusCreated).decode(t, &sig)
	body := map[string]any{"besluit": besluit, "reden": "Meerdere leefgebieden."}
	if niveau != "" {
		body["niveau"] = niveau
	}
	var tr api.Triagebesluit
	f.do(pro, "POST", "/api/v1/signalen/"+sig.ID+"/triage", body).want(t, http.StatusCreated).decode(t, &tr)
	if tr.Casus == nil {
		t.Fatalf("triage %s gave no case", besluit)
	}
	return *tr.Casus
}

// assign makes the professional the case's regisseur, as the team lead.
func (f *fixture) assign(t *testing.T, caseID string) {
	t.Helper()
	path := "/api/v1/casussen/" + caseID + "/regisseur"
	tag := f.do(lead, "GET", path, nil).want(t, http.StatusOK).header.Get("ETag")
	f.do(lead, "PUT", path, map[string]any{"medewerker": f.users[pro].ID, "reden": "Past bij de vraag.",
		"mandaat": map[string]any{"escalatie": "Teamleider Wijkteam Centrum"}}, "If-Match", tag).want(t, http.StatusOK)
}

// caseTag reads the case's ETag as role.
func (f *fixture) caseTag(t *testing.T, role wijkregie.Role, caseID string) string {
	t.Helper()
	return f.do(role, "GET", "/api/v1/casussen/"+caseID, nil).want(t, http.StatusOK).header.Get("ETag")
}

// caseIDs lists every case id get returns on one page of 200.
func caseIDs(t *testing.T, r *response) []string {
	t.Helper()
	var l api.List[api.CasusSamenvatting]
	r.want(t, http.StatusOK).decode(t, &l)
	if l.Paginering.Totaal != len(l.Resultaten) {
		t.Fatalf("%d cases on one page of %d", l.Paginering.Totaal, len(l.Resultaten))
	}
	ids := make([]string, len(l.Resultaten))
	for i, c := range l.Resultaten {
		ids[i] = c.ID
	}
	return ids
}

// ggz returns the demo's GGZ organisation.
func (f *fixture) ggz(t *testing.T) string {
	t.Helper()
	orgs, err := f.s.R().Organisations(context.Background(), demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Kind == wijkregie.OrgGGZ {
			return o.ID
		}
	}
	t.Fatal("the demo has no GGZ organisation")
	return ""
}

// TestCaseworkAPI walks the back half of the method through the API, as
// a regisseur, a team lead and (through the regisseur) a family would: ZRM
// at intake, the plan with strengths, worries and goals with goed-genoeg
// criteria and actions, the family's agreement as a new version, the
// evaluation task in Mijn taken with its term extended and suspended,
// journal notes at their visibility, a tussenmeting, afschalen, closure
// with outcome and rating, and a relapse; then the team lead's overview,
// each number against the list behind it. Between the steps: the bad
// inputs, and the users who may not see or do what the step does — on
// every list, by the items it shows.
func TestCaseworkAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		w := &work{fixture: f, t: t,
			noord:     f.colleague(t, "y.tahiri@duinhaven.example"),
			noordLead: f.colleague(t, "m.dehaan@duinhaven.example"),
			colleague: f.colleague(t, "i.pinas@duinhaven.example"),
		}
		w.fam = f.newFamily(t, 21, "meervoudig", "intensief")
		w.casePath = "/api/v1/casussen/" + w.fam.kase
		w.filtersBeforeRegisseur()
		f.assign(t, w.fam.kase)
		// The partner (the family's GP) joins the case, and sees its
		// frame, not its content.
		f.do(pro, "POST", w.casePath+"/betrokkenen", map[string]any{"medewerker": f.users[partner].ID, "rol": "hulpverlener"}).
			want(t, http.StatusCreated)

		w.intake()
		w.plan()
		w.agreement()
		w.evaluationTask()
		w.journal()
		w.interim()
		w.scaleDown()
		w.closure()
		w.relapse()
		w.overview()
	})
}

// work is the state of the casework flow.
type work struct {
	*fixture
	t                   *testing.T
	noord, noordLead    other // a professional and the lead of another team
	colleague           other // a professional of the same team, not involved
	fam                 family
	casePath            string
	intakeID, closingID string
	goals               []string
	planTag             string
	evalTask            string
	evalDate            string
}

// filters lists the cases role sees with the query.
func (w *work) filtered(get func(path string) *response, query string) []string {
	w.t.Helper()
	return caseIDs(w.t, get("/api/v1/casussen?paginaGrootte=200&"+query))
}

// filtersBeforeRegisseur checks the overview's case filters while the
// case waits for its regisseur: the team lead finds it without regisseur
// and without plan; nobody outside the case finds it under any filter,
// and everything a filter shows opens for whoever it is shown to.
func (w *work) filtersBeforeRegisseur() {
	t := w.t
	asLead := func(p string) *response { return w.do(lead, "GET", p, nil) }
	for _, q := range []string{"zonderRegisseur=true", "open=true&zonderRegisseur=true"} {
		if ids := w.filtered(asLead, q); !slices.Contains(ids, w.fam.kase) {
			t.Errorf("?%s as the team lead does not list the new case", q)
		}
	}
	// zonderPlan counts cases past aangemeld: this one is not yet.
	if ids := w.filtered(asLead, "zonderPlan=true"); slices.Contains(ids, w.fam.kase) {
		t.Error("?zonderPlan=true lists a case still aangemeld")
	}
	w.filterScope(false)
	for _, q := range []string{"zonderRegisseur=ja", "stagnatie=1", "herhaling=", "zonderPlan=nee"} {
		name, _, _ := strings.Cut(q, "=")
		wantParams(t, w.do(lead, "GET", "/api/v1/casussen?"+q, nil), name)
	}
}

// filterScope proves the case list with each of the overview's filters
// shows users outside the case nothing of it, and nothing that would not
// open for them; the partner sees the case only once involved.
func (w *work) filterScope(partnerInvolved bool) {
	t := w.t
	for _, u := range []struct {
		name string
		get  func(path string) *response
	}{
		{"another team's lead", func(p string) *response { return w.as(w.noordLead, "GET", p, nil) }},
		{"another team's professional", func(p string) *response { return w.as(w.noord, "GET", p, nil) }},
		{"a colleague not involved", func(p string) *response { return w.as(w.colleague, "GET", p, nil) }},
		{"the partner", func(p string) *response { return w.do(partner, "GET", p, nil) }},
	} {
		for _, q := range []string{"zonderRegisseur=true", "zonderPlan=true", "stagnatie=true", "herhaling=true"} {
			for _, id := range w.filtered(u.get, q) {
				if id == w.fam.kase && (u.name != "the partner" || !partnerInvolved) {
					t.Errorf("?%s as %s lists the family's case", q, u.name)
				}
				u.get("/api/v1/casussen/"+id).want(t, http.StatusOK)
			}
		}
	}
}
