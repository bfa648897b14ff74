package wijkregie_test

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

func TestDomainsAreTheThirteenOfZRM2017(t *testing.T) {
	// The professional names of ZRM 2017, in the instrument's order
	// (ZRM-Handleiding 2017).
	want := []string{
		"Financiën", "Werk & opleiding", "Tijdsbesteding", "Huisvesting", "Huiselijke relaties",
		"Geestelijke gezondheid", "Lichamelijke gezondheid", "Middelengebruik", "Basale ADL",
		"Instrumentele ADL", "Sociaal netwerk", "Maatschappelijke participatie", "Justitie",
	}
	var got []string
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	for _, d := range wijkregie.Domains {
		got = append(got, d.Name)
		if !kebab.MatchString(d.Code) || seen[d.Code] {
			t.Errorf("domain %q: code %q is not unique kebab-case ASCII", d.Name, d.Code)
		}
		seen[d.Code] = true
		if d.ClientName == "" {
			t.Errorf("domain %q has no client-language name", d.Code)
		}
		if byCode, ok := wijkregie.DomainByCode(d.Code); !ok || byCode != d {
			t.Errorf("DomainByCode(%q) = %+v, %v", d.Code, byCode, ok)
		}
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("domain names (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(wijkregie.DomainCodes()[:4], []string{"financien", "werk-opleiding", "tijdsbesteding", "huisvesting"}); diff != "" {
		t.Errorf("first codes (-got +want):\n%s", diff)
	}
	for _, code := range []string{"", "Financien", "financiën", "dagbesteding", "verslaving"} {
		if wijkregie.ValidDomain(code) {
			t.Errorf("ValidDomain(%q) = true; want false", code)
		}
	}
}

func TestServiceValidate(t *testing.T) {
	valid := wijkregie.Service{
		Name: "Inloopspreekuur schuldhulp", Description: "Hulp bij rekeningen en betalingsachterstanden.",
		Domains: []string{"financien"}, TargetGroup: wijkregie.TargetAdults, Areas: []string{"2581-2583"},
		Phone: "0120 42 11 11", Website: "https://schuldhulp.example/inloop",
	}
	tests := []struct {
		name   string
		change func(s *wijkregie.Service)
		want   []wijkregie.FieldError
	}{
		{"valid", func(s *wijkregie.Service) {}, nil},
		{"whole municipality", func(s *wijkregie.Service) { s.Areas = nil }, nil},
		{"only an address", func(s *wijkregie.Service) { s.Phone, s.Website, s.Address = "", "", "Kerkstraat 1" }, nil},
		{"several domains", func(s *wijkregie.Service) { s.Domains = []string{"financien", "werk-opleiding", "justitie"} }, nil},
		{"blank name", func(s *wijkregie.Service) { s.Name = " " }, fe("naam", "veld.verplicht")},
		{"no description", func(s *wijkregie.Service) { s.Description = "" }, fe("omschrijving", "veld.verplicht")},
		{"no domain", func(s *wijkregie.Service) { s.Domains = nil }, fe("domeinen", "veld.domeinen")},
		{"old ZRM domain", func(s *wijkregie.Service) { s.Domains = []string{"dagbesteding"} }, fe("domeinen", "veld.domeinen")},
		{"domain twice", func(s *wijkregie.Service) { s.Domains = []string{"financien", "financien"} }, fe("domeinen", "veld.domeinen")},
		{"no target group", func(s *wijkregie.Service) { s.TargetGroup = "" }, fe("doelgroep", "veld.doelgroep")},
		{"unknown target group", func(s *wijkregie.Service) { s.TargetGroup = "studenten" }, fe("doelgroep", "veld.doelgroep")},
		{"full postcode as area", func(s *wijkregie.Service) { s.Areas = []string{"2581AB"} }, fe("werkgebied", "veld.werkgebied")},
		{"reversed range", func(s *wijkregie.Service) { s.Areas = []string{"2589-2587"} }, fe("werkgebied", "veld.werkgebied")},
		{"no way to reach it", func(s *wijkregie.Service) { s.Phone, s.Website = " ", "" }, fe("telefoon", "veld.dienst.contact")},
		{"bad e-mail", func(s *wijkregie.Service) { s.Email = "inloop.duinhaven" }, fe("email", "veld.email")},
		{"website without scheme", func(s *wijkregie.Service) { s.Website = "schuldhulp.example" }, fe("website", "veld.website")},
		{"website of another scheme", func(s *wijkregie.Service) { s.Website = "javascript:alert(1)" }, fe("website", "veld.website")},
		{"website with a space", func(s *wijkregie.Service) { s.Website = "https://schuld hulp.example" }, fe("website", "veld.website")},
		{"everything", func(s *wijkregie.Service) { *s = wijkregie.Service{Email: "x", Website: "ftp://x.example"} },
			fe("naam", "veld.verplicht", "omschrijving", "veld.verplicht", "domeinen", "veld.domeinen", "doelgroep", "veld.doelgroep",
				"email", "veld.email", "website", "veld.website")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid
			tt.change(&s)
			if diff := cmp.Diff(fields(t, s.Validate()), tt.want); diff != "" {
				t.Errorf("Validate() field errors (-got +want):\n%s", diff)
			}
		})
	}
	for _, g := range wijkregie.TargetGroups {
		s := valid
		s.TargetGroup = g
		if err := s.Validate(); err != nil {
			t.Errorf("target group %q: %v", g, err)
		}
	}
}

func TestServiceServes(t *testing.T) {
	everywhere := wijkregie.Service{}
	noord := wijkregie.Service{Areas: []string{"2584", "2585-2586"}}
	tests := []struct {
		postcode string
		s        *wijkregie.Service
		want     bool
	}{
		{"2584AB", &noord, true},
		{"2586", &noord, true},
		{"2587ZZ", &noord, false},
		{"2584AB", &everywhere, true},
		{"", &everywhere, true},
		{"", &noord, false},
	}
	for _, tt := range tests {
		if got := tt.s.Serves(tt.postcode); got != tt.want {
			t.Errorf("%v.Serves(%q) = %v; want %v", tt.s.Areas, tt.postcode, got, tt.want)
		}
	}
}

func TestPostcodeArea(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2582", "2582", true},
		{"2582AB", "2582", true},
		{" 2582 ab ", "2582", true},
		{"0582AB", "", false},
		{"258", "", false},
		{"2582A", "", false},
		{"2581-2583", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := wijkregie.PostcodeArea(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("PostcodeArea(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
