package wijkregie_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

// fields returns the field errors of a Validate result; nil for nil.
func fields(t *testing.T, err error) []wijkregie.FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	return invalidFields(t, err)
}

// fe is a shorthand for the wanted field errors.
func fe(nameKey ...string) []wijkregie.FieldError {
	var out []wijkregie.FieldError
	for i := 0; i < len(nameKey); i += 2 {
		out = append(out, wijkregie.FieldError{Name: nameKey[i], Message: nameKey[i+1]})
	}
	return out
}

func TestMunicipalityValidate(t *testing.T) {
	tests := []struct {
		name string
		m    wijkregie.Municipality
		want []wijkregie.FieldError
	}{
		{"valid", wijkregie.Municipality{ID: "GM0363", Name: "Amsterdam"}, nil},
		{"lower-case code", wijkregie.Municipality{ID: "gm0363", Name: "Amsterdam"}, fe("code", "veld.gemeente.code")},
		{"three digits", wijkregie.Municipality{ID: "GM363", Name: "Amsterdam"}, fe("code", "veld.gemeente.code")},
		{"five digits", wijkregie.Municipality{ID: "GM03630", Name: "Amsterdam"}, fe("code", "veld.gemeente.code")},
		{"no code", wijkregie.Municipality{Name: "Amsterdam"}, fe("code", "veld.gemeente.code")},
		{"blank name", wijkregie.Municipality{ID: "GM0363", Name: "  "}, fe("naam", "veld.verplicht")},
		{"both", wijkregie.Municipality{}, fe("code", "veld.gemeente.code", "naam", "veld.verplicht")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(fields(t, tt.m.Validate()), tt.want); diff != "" {
				t.Errorf("Validate() field errors (-got +want):\n%s", diff)
			}
		})
	}
}

func TestTeamValidate(t *testing.T) {
	tests := []struct {
		name  string
		tname string
		areas []string
		want  []wijkregie.FieldError
	}{
		{"no areas yet", "Wijkteam Noord", nil, nil},
		{"single postcodes and a range", "Wijkteam Noord", []string{"1011", "1012", "1020-1029"}, nil},
		{"range of one", "Wijkteam Noord", []string{"1011-1011"}, nil},
		{"blank name", " ", []string{"1011"}, fe("naam", "veld.verplicht")},
		{"leading zero", "W", []string{"0123"}, fe("werkgebied", "veld.werkgebied")},
		{"three digits", "W", []string{"101"}, fe("werkgebied", "veld.werkgebied")},
		{"full postcode", "W", []string{"1011AB"}, fe("werkgebied", "veld.werkgebied")},
		{"open range", "W", []string{"1011-"}, fe("werkgebied", "veld.werkgebied")},
		{"spaced range", "W", []string{"1011 - 1018"}, fe("werkgebied", "veld.werkgebied")},
		{"reversed range", "W", []string{"1018-1011"}, fe("werkgebied", "veld.werkgebied")},
		{"one bad among good, reported once", "W", []string{"1011", "abcd", "x"}, fe("werkgebied", "veld.werkgebied")},
		{"name and area", "", []string{"1"}, fe("naam", "veld.verplicht", "werkgebied", "veld.werkgebied")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := wijkregie.Team{Name: tt.tname, Areas: tt.areas}
			if diff := cmp.Diff(fields(t, tm.Validate()), tt.want); diff != "" {
				t.Errorf("Validate(%q, %q) field errors (-got +want):\n%s", tt.tname, tt.areas, diff)
			}
		})
	}
}

func TestTeamServes(t *testing.T) {
	team := wijkregie.Team{Name: "Wijkteam", Areas: []string{"1011", "2000-2099"}}
	tests := []struct {
		postcode string
		want     bool
	}{
		{"1011AB", true},
		{"1011", true},
		{"1010ZZ", false},
		{"1012AA", false},
		{"2000AA", true}, // lower bound of the range
		{"2050KL", true},
		{"2099ZZ", true}, // upper bound
		{"1999ZZ", false},
		{"2100AA", false},
		{"101", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := team.Serves(tt.postcode); got != tt.want {
			t.Errorf("Serves(%q) = %v; want %v", tt.postcode, got, tt.want)
		}
	}
	if (&wijkregie.Team{}).Serves("1011AB") {
		t.Error("a team without areas serves 1011AB")
	}
}

func TestOrganisationValidate(t *testing.T) {
	valid := wijkregie.Organisation{Name: "Huisartsenpraktijk De Duinen", Kind: wijkregie.OrgHuisarts, Email: "praktijk@duinen.example"}
	tests := []struct {
		name   string
		change func(o *wijkregie.Organisation)
		want   []wijkregie.FieldError
	}{
		{"valid", func(o *wijkregie.Organisation) {}, nil},
		{"no e-mail", func(o *wijkregie.Organisation) { o.Email = "" }, nil},
		{"blank name", func(o *wijkregie.Organisation) { o.Name = "\t" }, fe("naam", "veld.verplicht")},
		{"no kind", func(o *wijkregie.Organisation) { o.Kind = "" }, fe("soort", "veld.organisatie.soort")},
		{"unknown kind", func(o *wijkregie.Organisation) { o.Kind = "bank" }, fe("soort", "veld.organisatie.soort")},
		{"bad e-mail", func(o *wijkregie.Organisation) { o.Email = "praktijk.duinen" }, fe("email", "veld.email")},
		{"all three", func(o *wijkregie.Organisation) { *o = wijkregie.Organisation{Email: "a@b"} },
			fe("naam", "veld.verplicht", "soort", "veld.organisatie.soort", "email", "veld.email")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid
			tt.change(&o)
			if diff := cmp.Diff(fields(t, o.Validate()), tt.want); diff != "" {
				t.Errorf("Validate() field errors (-got +want):\n%s", diff)
			}
		})
	}
	for _, k := range wijkregie.OrganisationKinds {
		o := valid
		o.Kind = k
		if err := o.Validate(); err != nil {
			t.Errorf("kind %q: %v", k, err)
		}
	}
}

func TestUserValidate(t *testing.T) {
	tests := []struct {
		name string
		u    wijkregie.User
		want []wijkregie.FieldError
	}{
		{"professional in a team", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleProfessional, TeamID: "t"}, nil},
		{"professional without team", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleProfessional, OrganisationID: "o"},
			fe("team", "veld.team.verplicht")},
		{"team lead in a team", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleTeamLead, TeamID: "t"}, nil},
		{"team lead without team", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleTeamLead},
			fe("team", "veld.team.verplicht")},
		{"partner of an organisation", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RolePartner, OrganisationID: "o"}, nil},
		{"partner without organisation", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RolePartner, TeamID: "t"},
			fe("organisatie", "veld.organisatie.verplicht")},
		{"beleid needs neither", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RolePolicy}, nil},
		{"toezicht needs neither", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleInspection}, nil},
		{"beheer needs neither", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleAdmin}, nil},
		{"unknown role", wijkregie.User{Email: "a@b.nl", Name: "A", Role: "directeur"}, fe("rol", "veld.rol")},
		{"no role", wijkregie.User{Email: "a@b.nl", Name: "A"}, fe("rol", "veld.rol")},
		{"bad e-mail", wijkregie.User{Email: "a.b.nl", Name: "A", Role: wijkregie.RoleAdmin}, fe("email", "veld.email")},
		{"e-mail with space", wijkregie.User{Email: "a b@c.nl", Name: "A", Role: wijkregie.RoleAdmin}, fe("email", "veld.email")},
		{"blank name", wijkregie.User{Email: "a@b.nl", Name: " ", Role: wijkregie.RoleAdmin}, fe("naam", "veld.verplicht")},
		{"good expertise", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleProfessional, TeamID: "t",
			Expertise: []string{"werk-en-inkomen", "ggz", "ggz2"}}, nil},
		{"upper-case expertise", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleProfessional, TeamID: "t",
			Expertise: []string{"Jeugd"}}, fe("expertise", "veld.expertise")},
		{"empty expertise, reported once", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleProfessional, TeamID: "t",
			Expertise: []string{"", "jeugd hulp"}}, fe("expertise", "veld.expertise")},
		{"long expertise", wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleProfessional, TeamID: "t",
			Expertise: []string{strings.Repeat("a", 41)}}, fe("expertise", "veld.expertise")},
		{"everything wrong", wijkregie.User{Role: wijkregie.RoleProfessional, Expertise: []string{"?"}},
			fe("email", "veld.email", "naam", "veld.verplicht", "team", "veld.team.verplicht", "expertise", "veld.expertise")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(fields(t, tt.u.Validate()), tt.want); diff != "" {
				t.Errorf("Validate() field errors (-got +want):\n%s", diff)
			}
		})
	}
	for _, e := range wijkregie.Expertises {
		u := wijkregie.User{Email: "a@b.nl", Name: "A", Role: wijkregie.RoleProfessional, TeamID: "t", Expertise: []string{e}}
		if err := u.Validate(); err != nil {
			t.Errorf("the offered expertise %q is refused: %v", e, err)
		}
	}
}

func TestPersonValidate(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		p    wijkregie.Person
		want []wijkregie.FieldError
	}{
		{"family name only", wijkregie.Person{FamilyName: "Jansen"}, nil},
		{"complete", wijkregie.Person{GivenName: "Jan", FamilyName: "Jansen", BirthDate: time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC), Email: "jan@jansen.example"}, nil},
		{"born today", wijkregie.Person{FamilyName: "Jansen", BirthDate: now}, nil},
		{"born 1880", wijkregie.Person{FamilyName: "Jansen", BirthDate: time.Date(1880, 1, 1, 0, 0, 0, 0, time.UTC)}, nil},
		{"no family name", wijkregie.Person{GivenName: "Jan"}, fe("achternaam", "veld.verplicht")},
		{"blank family name", wijkregie.Person{FamilyName: "   "}, fe("achternaam", "veld.verplicht")},
		{"born tomorrow", wijkregie.Person{FamilyName: "Jansen", BirthDate: now.AddDate(0, 0, 1)}, fe("geboortedatum", "veld.geboortedatum")},
		{"born 1879", wijkregie.Person{FamilyName: "Jansen", BirthDate: time.Date(1879, 12, 31, 0, 0, 0, 0, time.UTC)}, fe("geboortedatum", "veld.geboortedatum")},
		{"bad e-mail", wijkregie.Person{FamilyName: "Jansen", Email: "jan@"}, fe("email", "veld.email")},
		{"all", wijkregie.Person{BirthDate: now.Add(time.Hour), Email: "x"},
			fe("achternaam", "veld.verplicht", "geboortedatum", "veld.geboortedatum", "email", "veld.email")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(fields(t, tt.p.Validate(now)), tt.want); diff != "" {
				t.Errorf("Validate() field errors (-got +want):\n%s", diff)
			}
		})
	}
}

func TestPersonFullName(t *testing.T) {
	tests := []struct {
		p    wijkregie.Person
		want string
	}{
		{wijkregie.Person{GivenName: "Jan", Prefix: "van der", FamilyName: "Berg"}, "Jan van der Berg"},
		{wijkregie.Person{GivenName: "Jan", FamilyName: "Berg"}, "Jan Berg"},
		{wijkregie.Person{Prefix: "de", FamilyName: "Vries"}, "de Vries"},
		{wijkregie.Person{FamilyName: "Vries"}, "Vries"},
	}
	for _, tt := range tests {
		if got := tt.p.FullName(); got != tt.want {
			t.Errorf("FullName(%q, %q, %q) = %q; want %q", tt.p.GivenName, tt.p.Prefix, tt.p.FamilyName, got, tt.want)
		}
	}
}

func TestAddressValidate(t *testing.T) {
	valid := wijkregie.Address{Street: "Duinweg", Number: 12, Postcode: "1234AB", Town: "Duinhaven"}
	tests := []struct {
		name   string
		change func(a *wijkregie.Address)
		want   []wijkregie.FieldError
	}{
		{"valid", func(a *wijkregie.Address) {}, nil},
		{"with addition", func(a *wijkregie.Address) { a.Addition = "bis" }, nil},
		{"highest number", func(a *wijkregie.Address) { a.Number = 99999 }, nil},
		{"postcode not normalised", func(a *wijkregie.Address) { a.Postcode = "1234 ab" }, fe("postcode", "veld.postcode")},
		{"postcode with leading zero", func(a *wijkregie.Address) { a.Postcode = "0234AB" }, fe("postcode", "veld.postcode")},
		{"postcode digits only", func(a *wijkregie.Address) { a.Postcode = "1234" }, fe("postcode", "veld.postcode")},
		{"number zero", func(a *wijkregie.Address) { a.Number = 0 }, fe("huisnummer", "veld.huisnummer")},
		{"negative number", func(a *wijkregie.Address) { a.Number = -1 }, fe("huisnummer", "veld.huisnummer")},
		{"number too high", func(a *wijkregie.Address) { a.Number = 100000 }, fe("huisnummer", "veld.huisnummer")},
		{"blank street", func(a *wijkregie.Address) { a.Street = " " }, fe("straat", "veld.verplicht")},
		{"blank town", func(a *wijkregie.Address) { a.Town = "" }, fe("woonplaats", "veld.verplicht")},
		{"empty", func(a *wijkregie.Address) { *a = wijkregie.Address{} },
			fe("postcode", "veld.postcode", "huisnummer", "veld.huisnummer", "straat", "veld.verplicht", "woonplaats", "veld.verplicht")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid
			tt.change(&a)
			if diff := cmp.Diff(fields(t, a.Validate()), tt.want); diff != "" {
				t.Errorf("Validate() field errors (-got +want):\n%s", diff)
			}
		})
	}
}

func TestNormalizePostcode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1234AB", "1234AB"},
		{"1234 ab", "1234AB"},
		{" 1234ab ", "1234AB"},
		{"1234  Ab", "1234AB"},
		{"", ""},
	}
	for _, tt := range tests {
		got := wijkregie.NormalizePostcode(tt.in)
		if got != tt.want {
			t.Errorf("NormalizePostcode(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if tt.want != "" {
			if err := (&wijkregie.Address{Street: "s", Number: 1, Town: "t", Postcode: got}).Validate(); err != nil {
				t.Errorf("normalised %q does not validate: %v", got, err)
			}
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sanne@duinhaven.example", "sanne@duinhaven.example"},
		{" Sanne.Visser@Duinhaven.EXAMPLE\t", "sanne.visser@duinhaven.example"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := wijkregie.NormalizeEmail(tt.in); got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name     string
		password string
		key      string // "" when accepted
	}{
		{"empty", "", "veld.wachtwoord.kort"},
		{"eleven", strings.Repeat("a", 11), "veld.wachtwoord.kort"},
		{"twelve", strings.Repeat("a", 12), ""},
		{"eleven runes in 22 bytes", strings.Repeat("é", 11), "veld.wachtwoord.kort"},
		{"twelve runes", strings.Repeat("é", 12), ""},
		{"a sentence", "correct paard batterij nietje", ""},
		{"1024 bytes", strings.Repeat("a", 1024), ""},
		{"1025 bytes", strings.Repeat("a", 1025), "veld.wachtwoord.lang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := wijkregie.ValidatePassword(tt.password)
			var want []wijkregie.FieldError
			if tt.key != "" {
				want = fe("wachtwoord", tt.key)
			}
			if diff := cmp.Diff(fields(t, err), want); diff != "" {
				t.Errorf("ValidatePassword field errors (-got +want):\n%s", diff)
			}
		})
	}
}

func TestRoleAndKindValid(t *testing.T) {
	for _, r := range wijkregie.Roles {
		if !r.Valid() {
			t.Errorf("Role(%q).Valid() = false", r)
		}
	}
	for _, r := range []wijkregie.Role{"", "admin", "Beheer"} {
		if r.Valid() {
			t.Errorf("Role(%q).Valid() = true", r)
		}
	}
	for _, k := range wijkregie.OrganisationKinds {
		if !k.Valid() {
			t.Errorf("OrganisationKind(%q).Valid() = false", k)
		}
	}
	for _, k := range []wijkregie.OrganisationKind{"", "bank", "GGZ"} {
		if k.Valid() {
			t.Errorf("OrganisationKind(%q).Valid() = true", k)
		}
	}
}

func TestHouseholdScopeEmpty(t *testing.T) {
	tests := []struct {
		s    wijkregie.HouseholdScope
		want bool
	}{
		{wijkregie.HouseholdScope{}, true},
		{wijkregie.HouseholdScope{All: true}, false},
		{wijkregie.HouseholdScope{TeamID: "t"}, false},
		{wijkregie.HouseholdScope{UserID: "u"}, false},
	}
	for _, tt := range tests {
		if got := tt.s.Empty(); got != tt.want {
			t.Errorf("%+v.Empty() = %v; want %v", tt.s, got, tt.want)
		}
	}
}
