package api_test

import (
	"bytes"
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

// The sociale kaart in the API: /api/v1/sociale-kaart.

func TestSocialeKaartAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		t.Run("search", f.testServiceSearch)
		t.Run("bad query", f.testServiceBadQuery)
		t.Run("create", f.testServiceCreate)
		t.Run("invalid", f.testServiceInvalid)
		t.Run("conditional", f.testServiceConditional)
	})
}

// serviceNames lists the services of one page of the sociale kaart.
func (f *fixture) serviceNames(t *testing.T, role wijkregie.Role, query string) ([]string, list[api.Dienst]) {
	t.Helper()
	var l list[api.Dienst]
	f.do(role, "GET", "/api/v1/sociale-kaart"+query, nil).want(t, http.StatusOK).decode(t, &l)
	var names []string
	for _, d := range l.Resultaten {
		names = append(names, d.Naam)
	}
	return names, l
}

func (f *fixture) testServiceSearch(t *testing.T) {
	f = f.sub(t)
	// Every role may consult it; only beheer sees the closed service.
	for _, role := range wijkregie.Roles {
		names, l := f.serviceNames(t, role, "?paginaGrootte=200")
		if len(names) < 15 || !slices.IsSorted(names) {
			t.Errorf("%s sees %d services %q; want the demo's, by name", role, len(names), names)
		}
		if got, want := slices.Contains(names, "Kledingbank De Kast"), role == wijkregie.RoleAdmin; got != want {
			t.Errorf("%s sees the inactive service: %v; want %v", role, got, want)
		}
		if l.Paginering.Totaal != len(names) {
			t.Errorf("%s: totaal %d for %d results", role, l.Paginering.Totaal, len(names))
		}
	}

	tests := []struct {
		query         string
		has, hasNot   []string
		everyDomainIs string
	}{
		{query: "?domein=financien", has: []string{"Voedselbank Duinhaven", "Formulierenbrigade"}, hasNot: []string{"Taalcafé Havenkwartier"}, everyDomainIs: "financien"},
		{query: "?postcode=2591AB", has: []string{"Taalcafé Havenkwartier", "Voedselbank Duinhaven"}, hasNot: []string{"Sportbuurtcoach Noord", "Werkcafé Centrum"}},
		{query: "?postcode=2591%20ab", has: []string{"Taalcafé Havenkwartier"}, hasNot: []string{"Sportbuurtcoach Noord"}},
		{query: "?postcode=2587", has: []string{"Wijkrestaurant De Zeester"}, hasNot: []string{"Buurthuis De Vuurtoren"}},
		{query: "?zoekterm=TAALCAF", has: []string{"Taalcafé Havenkwartier"}, hasNot: []string{"Voedselbank Duinhaven"}},
		{query: "?zoekterm=formulieren&domein=instrumentele-adl&postcode=2582", has: []string{"Formulierenbrigade"}, everyDomainIs: "instrumentele-adl"},
	}
	for _, tt := range tests {
		names, l := f.serviceNames(t, wijkregie.RoleProfessional, tt.query)
		for _, n := range tt.has {
			if !slices.Contains(names, n) {
				t.Errorf("GET %s lacks %q: %q", tt.query, n, names)
			}
		}
		for _, n := range tt.hasNot {
			if slices.Contains(names, n) {
				t.Errorf("GET %s lists %q", tt.query, n)
			}
		}
		for _, d := range l.Resultaten {
			if tt.everyDomainIs != "" && !slices.Contains(d.Domeinen, tt.everyDomainIs) {
				t.Errorf("GET %s lists %s with domeinen %q", tt.query, d.Naam, d.Domeinen)
			}
		}
	}

	// Pages keep the filters in their links.
	r := f.do(wijkregie.RoleProfessional, "GET", "/api/v1/sociale-kaart?domein=financien&paginaGrootte=2", nil).want(t, http.StatusOK)
	var l list[api.Dienst]
	r.decode(t, &l)
	if len(l.Resultaten) != 2 || l.Paginering.Totaal < 5 || !strings.Contains(r.header.Get("Link"), "domein=financien") {
		t.Errorf("page of 2 = %d of %d, Link %q; want 2 of at least 5, with the filter", len(l.Resultaten), l.Paginering.Totaal, r.header.Get("Link"))
	}
	// Fields are never null: a town-wide service has werkgebied [].
	if !bytes.Contains(f.do(wijkregie.RolePartner, "GET", "/api/v1/sociale-kaart?zoekterm=voedselbank", nil).body, []byte(`"werkgebied":[]`)) {
		t.Error("a service without areas is not shown with werkgebied []")
	}
}

func (f *fixture) testServiceBadQuery(t *testing.T) {
	f = f.sub(t)
	for _, tt := range []struct {
		query  string
		params []string
	}{
		{"?domein=geld", []string{"domein"}},
		{"?postcode=25", []string{"postcode"}},
		{"?postcode=2581-2583&domein=&pagina=0", []string{"pagina", "domein", "postcode"}},
	} {
		p := f.do(wijkregie.RoleProfessional, "GET", "/api/v1/sociale-kaart"+tt.query, nil).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), tt.params); diff != "" {
			t.Errorf("GET %s invalidParams (-got +want):\n%s", tt.query, diff)
		}
	}
}

func (f *fixture) testServiceCreate(t *testing.T) {
	f = f.sub(t)
	body := map[string]any{"naam": "Repaircafé De Duinen", "omschrijving": "Samen spullen repareren.",
		"domeinen": []string{"tijdsbesteding", "sociaal-netwerk"}, "doelgroep": "iedereen", "werkgebied": []string{"2584", "2585-2586"},
		"adres": "Duinroosweg 12, Duinhaven", "openingstijden": "za 10.00–13.00", "website": "https://repaircafe.example"}
	f.do(wijkregie.RoleProfessional, "POST", "/api/v1/sociale-kaart", body).want(t, http.StatusForbidden).problem(t)
	r := f.do(wijkregie.RoleAdmin, "POST", "/api/v1/sociale-kaart", body).want(t, http.StatusCreated)
	var created api.Dienst
	r.decode(t, &created)
	loc := r.header.Get("Location")
	if loc != "/api/v1/sociale-kaart/"+created.ID || !wijkregie.ValidID(created.ID) || r.header.Get("ETag") == "" {
		t.Fatalf("Location %q, ETag %q for service %q", loc, r.header.Get("ETag"), created.ID)
	}
	want := api.Dienst{ID: created.ID, Naam: "Repaircafé De Duinen", Omschrijving: "Samen spullen repareren.",
		Domeinen: []string{"tijdsbesteding", "sociaal-netwerk"}, Doelgroep: "iedereen", Werkgebied: []string{"2584", "2585-2586"},
		Adres: "Duinroosweg 12, Duinhaven", Openingstijden: "za 10.00–13.00", Website: "https://repaircafe.example", Actief: true,
		AangemaaktOp: created.AangemaaktOp}
	if diff := cmp.Diff(created, want); diff != "" {
		t.Errorf("created service (-got +want):\n%s", diff)
	}
	got := f.do(wijkregie.RolePartner, "GET", loc, nil).want(t, http.StatusOK)
	if !bytes.Equal(got.body, r.body) || got.header.Get("ETag") != r.header.Get("ETag") {
		t.Errorf("GET %s = %s; want what POST returned: %s", loc, got.body, r.body)
	}
	if names, _ := f.serviceNames(t, wijkregie.RoleProfessional, "?postcode=2585AB&domein=sociaal-netwerk"); !slices.Contains(names, "Repaircafé De Duinen") {
		t.Errorf("the new service is not found by its area and domain: %q", names)
	}

	// Created inactive: there for beheer only.
	body["naam"], body["actief"] = "Repaircafé Oud", false
	r = f.do(wijkregie.RoleAdmin, "POST", "/api/v1/sociale-kaart", body).want(t, http.StatusCreated)
	var inactive api.Dienst
	r.decode(t, &inactive)
	if inactive.Actief {
		t.Error("service created with actief false is active")
	}
	f.do(wijkregie.RoleProfessional, "GET", r.header.Get("Location"), nil).want(t, http.StatusNotFound).problem(t)
	f.do(wijkregie.RoleAdmin, "GET", r.header.Get("Location"), nil).want(t, http.StatusOK)
}

func (f *fixture) testServiceInvalid(t *testing.T) {
	f = f.sub(t)
	valid := func() map[string]any {
		return map[string]any{"naam": "Kookclub", "omschrijving": "Samen koken.", "domeinen": []string{"sociaal-netwerk"},
			"doelgroep": "ouderen", "telefoon": "0120 40 40 40"}
	}
	for _, tt := range []struct {
		name   string
		change func(b map[string]any)
		params []string
	}{
		{"empty", func(b map[string]any) { clear(b) }, []string{"naam", "omschrijving", "domeinen", "doelgroep", "telefoon"}},
		{"unknown domain and group", func(b map[string]any) { b["domeinen"], b["doelgroep"] = []string{"koken"}, "senioren" }, []string{"domeinen", "doelgroep"}},
		{"bad contact", func(b map[string]any) { b["email"], b["website"] = "x", "www.kookclub.example" }, []string{"email", "website"}},
		{"bad area", func(b map[string]any) { b["werkgebied"] = []string{"2589-2587"} }, []string{"werkgebied"}},
		{"own id", func(b map[string]any) { b["id"] = "01890a5d-ac96-774b-bcce-b302099a8057" }, []string{"id"}},
		{"existing name", func(b map[string]any) { b["naam"] = "Voedselbank Duinhaven" }, []string{"naam"}},
	} {
		b := valid()
		tt.change(b)
		p := f.do(wijkregie.RoleAdmin, "POST", "/api/v1/sociale-kaart", b).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), tt.params); diff != "" {
			t.Errorf("%s: invalidParams (-got +want):\n%s", tt.name, diff)
		}
		for _, ip := range p.InvalidParams {
			if ip.Reason == "" || strings.HasPrefix(ip.Reason, "veld.") {
				t.Errorf("%s: invalid param %+v has no Dutch reason", tt.name, ip)
			}
		}
	}
	p := f.do(wijkregie.RoleAdmin, "POST", "/api/v1/sociale-kaart", `{"naam":"X","domeinen":"financien"}`).want(t, http.StatusBadRequest).problem(t)
	if diff := cmp.Diff(paramNames(p), []string{"domeinen"}); diff != "" {
		t.Errorf("domeinen as a string: invalidParams (-got +want):\n%s", diff)
	}
}

func (f *fixture) testServiceConditional(t *testing.T) {
	f = f.sub(t)
	_, l := f.serviceNames(t, wijkregie.RoleAdmin, "?zoekterm=formulierenbrigade")
	if len(l.Resultaten) != 1 {
		t.Fatalf("found %d formulierenbrigades", len(l.Resultaten))
	}
	path := "/api/v1/sociale-kaart/" + l.Resultaten[0].ID
	r := f.do(wijkregie.RoleProfessional, "GET", path, nil).want(t, http.StatusOK)
	tag := r.header.Get("ETag")
	f.do(wijkregie.RoleProfessional, "GET", path, nil, "If-None-Match", tag).want(t, http.StatusNotModified)
	f.do(wijkregie.RoleProfessional, "GET", "/api/v1/sociale-kaart/01890a5d-ac96-774b-bcce-b302099a8057", nil).want(t, http.StatusNotFound).problem(t)
	f.do(wijkregie.RoleProfessional, "GET", "/api/v1/sociale-kaart/geen-id", nil).want(t, http.StatusNotFound).problem(t)

	var body map[string]any
	r.decode(t, &body) // sent back whole, read-only fields included
	body["openingstijden"] = "ma 13.00–16.00"
	body["werkgebied"] = []string{"2581-2583"}
	f.do(wijkregie.RoleAdmin, "PUT", path, body).want(t, http.StatusPreconditionRequired).problem(t)
	f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", `"verouderd"`).want(t, http.StatusPreconditionFailed).problem(t)
	f.do(wijkregie.RoleTeamLead, "PUT", path, body, "If-Match", tag).want(t, http.StatusForbidden)
	missing := map[string]any{"naam": "Zonder actief", "omschrijving": "x", "domeinen": []string{"financien"}, "doelgroep": "iedereen", "telefoon": "1"}
	if p := f.do(wijkregie.RoleAdmin, "PUT", path, missing, "If-Match", tag).want(t, http.StatusBadRequest).problem(t); !cmp.Equal(paramNames(p), []string{"actief"}) {
		t.Errorf("PUT without actief: invalidParams %q", paramNames(p))
	}

	r = f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", tag).want(t, http.StatusOK)
	var got api.Dienst
	r.decode(t, &got)
	if got.Openingstijden != "ma 13.00–16.00" || !cmp.Equal(got.Werkgebied, []string{"2581-2583"}) || r.header.Get("ETag") == tag {
		t.Errorf("PUT gave %+v with ETag %q (old %q)", got, r.header.Get("ETag"), tag)
	}
	// The old tag is stale now.
	f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", tag).want(t, http.StatusPreconditionFailed)
	// The new area is what a search by postcode finds.
	if names, _ := f.serviceNames(t, wijkregie.RoleProfessional, "?postcode=2591&zoekterm=formulierenbrigade"); len(names) != 0 {
		t.Errorf("after narrowing its area the brigade is still found in 2591: %q", names)
	}
}
