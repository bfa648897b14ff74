package wijkregie_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

var today = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

func TestPersonInput(t *testing.T) {
	tests := []struct {
		name string
		in   wijkregie.PersonInput
		want *wijkregie.Person
		errs []wijkregie.FieldError
	}{
		{"all fields, trimmed, BSN normalised",
			wijkregie.PersonInput{BSN: " 1234.56.782 ", GivenName: " Sanne ", Prefix: "van der", FamilyName: "Meer ", BirthDate: "2012-05-17", Phone: "06 1234", Email: "s@example.org"},
			&wijkregie.Person{MunicipalityID: "GM9901", BSN: "123456782", GivenName: "Sanne", Prefix: "van der", FamilyName: "Meer", BirthDate: date(2012, 5, 17), Phone: "06 1234", Email: "s@example.org"}, nil},
		{"family name only", wijkregie.PersonInput{FamilyName: "Meer"}, &wijkregie.Person{MunicipalityID: "GM9901", FamilyName: "Meer"}, nil},
		{"eight digits padded", wijkregie.PersonInput{BSN: "12345672", FamilyName: "Meer"}, &wijkregie.Person{MunicipalityID: "GM9901", BSN: "012345672", FamilyName: "Meer"}, nil},
		{"elfproef fails", wijkregie.PersonInput{BSN: "123456789", FamilyName: "Meer"}, nil, fe("bsn", "veld.bsn.elfproef")},
		{"all zeros", wijkregie.PersonInput{BSN: "000000000", FamilyName: "Meer"}, nil, fe("bsn", "veld.bsn.elfproef")},
		{"letters", wijkregie.PersonInput{BSN: "12345678a", FamilyName: "Meer"}, nil, fe("bsn", "veld.bsn.cijfers")},
		{"seven digits", wijkregie.PersonInput{BSN: "1234567", FamilyName: "Meer"}, nil, fe("bsn", "veld.bsn.lengte")},
		{"every error at once",
			wijkregie.PersonInput{BSN: "123456789", FamilyName: " ", BirthDate: "17-05-2012", Email: "geen"}, nil,
			fe("bsn", "veld.bsn.elfproef", "geboortedatum", "veld.geboortedatum", "achternaam", "veld.verplicht", "email", "veld.email")},
		{"born tomorrow", wijkregie.PersonInput{FamilyName: "Meer", BirthDate: "2026-03-15"}, nil, fe("geboortedatum", "veld.geboortedatum")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.in.Person("GM9901", today)
			if diff := cmp.Diff(fields(t, err), tt.errs); diff != "" {
				t.Errorf("field errors (-got +want):\n%s", diff)
			}
			if tt.want != nil {
				if diff := cmp.Diff(p, tt.want); diff != "" {
					t.Errorf("person (-got +want):\n%s", diff)
				}
			}
		})
	}
}

func TestPersonQueryInput(t *testing.T) {
	tests := []struct {
		name    string
		in      wijkregie.PersonQueryInput
		want    *wijkregie.PersonQuery
		way     string
		errs    []wijkregie.FieldError
		message string // for errors about the whole query
	}{
		{"by BSN", wijkregie.PersonQueryInput{BSN: "1112.22.333"}, &wijkregie.PersonQuery{BSN: "111222333"}, wijkregie.SearchByBSN, nil, ""},
		{"by name", wijkregie.PersonQueryInput{FamilyName: " de Vries ", BirthDate: "1984-03-01"},
			&wijkregie.PersonQuery{FamilyName: "de Vries", BirthDate: date(1984, 3, 1)}, wijkregie.SearchByName, nil, ""},
		{"by address", wijkregie.PersonQueryInput{Postcode: "2581 ab", Number: " 12 ", Addition: " A "},
			&wijkregie.PersonQuery{Postcode: "2581AB", Number: 12, Addition: "A"}, wijkregie.SearchByAddress, nil, ""},
		{"by address without addition", wijkregie.PersonQueryInput{Postcode: "2581AB", Number: "12"},
			&wijkregie.PersonQuery{Postcode: "2581AB", Number: 12}, wijkregie.SearchByAddress, nil, ""},

		{"invalid BSN", wijkregie.PersonQueryInput{BSN: "123456789"}, nil, "", fe("bsn", "veld.bsn.elfproef"), ""},
		{"BSN with letters", wijkregie.PersonQueryInput{BSN: "abcdefghi"}, nil, "", fe("bsn", "veld.bsn.cijfers"), ""},
		{"name without birth date", wijkregie.PersonQueryInput{FamilyName: "Vries"}, nil, "", fe("geboortedatum", "veld.verplicht"), ""},
		{"birth date without name", wijkregie.PersonQueryInput{BirthDate: "1984-03-01"}, nil, "", fe("achternaam", "veld.verplicht"), ""},
		{"birth date in the future", wijkregie.PersonQueryInput{FamilyName: "Vries", BirthDate: "2027-01-01"}, nil, "", fe("geboortedatum", "veld.geboortedatum"), ""},
		{"bad address", wijkregie.PersonQueryInput{Postcode: "0123 AB", Number: "twaalf"}, nil, "", fe("postcode", "veld.postcode", "huisnummer", "veld.huisnummer"), ""},
		{"addition only", wijkregie.PersonQueryInput{Addition: "A"}, nil, "", fe("postcode", "veld.postcode", "huisnummer", "veld.huisnummer"), ""},

		{"nothing", wijkregie.PersonQueryInput{Addition: " "}, nil, "", nil, "fout.zoeken.zoekwijze"},
		{"two ways", wijkregie.PersonQueryInput{BSN: "111222333", FamilyName: "Vries", BirthDate: "1984-03-01"}, nil, "", nil, "fout.zoeken.zoekwijze"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := tt.in.Query(today)
			if tt.message != "" {
				var e *wijkregie.Error
				if !errors.As(err, &e) || e.Code != wijkregie.EINVALID || e.Message != tt.message || len(e.Fields) != 0 {
					t.Fatalf("Query() = %v; want invalid with message %s and no fields", err, tt.message)
				}
				return
			}
			if diff := cmp.Diff(fields(t, err), tt.errs); diff != "" {
				t.Errorf("field errors (-got +want):\n%s", diff)
			}
			if diff := cmp.Diff(q, tt.want); diff != "" {
				t.Errorf("query (-got +want):\n%s", diff)
			}
			if q != nil && q.Way() != tt.way {
				t.Errorf("Way() = %q; want %q", q.Way(), tt.way)
			}
		})
	}
}

func TestMemberValidateEndChange(t *testing.T) {
	m := wijkregie.Member{Relation: wijkregie.RelationChild, From: date(2015, 9, 1)}
	if err := m.Validate(); err != nil {
		t.Errorf("Validate() = %v; want nil", err)
	}
	bad := wijkregie.Member{Relation: "buurman", Until: date(2015, 8, 31), From: date(2015, 9, 1)}
	if diff := cmp.Diff(fields(t, bad.Validate()), fe("relatie", "veld.relatie", "tot", "veld.tot")); diff != "" {
		t.Errorf("Validate() field errors (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(fields(t, (&wijkregie.Member{Relation: wijkregie.RelationParent}).Validate()), fe("vanaf", "veld.datum")); diff != "" {
		t.Errorf("Validate() without from date (-got +want):\n%s", diff)
	}

	// End: not before the from date; the from date itself is a one-day
	// membership; an ended membership cannot end again.
	for _, tt := range []struct {
		until time.Time
		errs  []wijkregie.FieldError
	}{
		{time.Time{}, fe("tot", "veld.datum")},
		{date(2015, 8, 31), fe("tot", "veld.tot")},
	} {
		c := m
		if diff := cmp.Diff(fields(t, c.End(tt.until)), tt.errs); diff != "" || c != m {
			t.Errorf("End(%v) (-got +want):\n%s; member now %+v", tt.until, diff, c)
		}
	}
	c := m
	if err := c.End(date(2015, 9, 1)); err != nil || !c.Until.Equal(date(2015, 9, 1)) {
		t.Errorf("End on the from date = %v, until %v", err, c.Until)
	}
	if err := c.End(date(2020, 1, 1)); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
		t.Errorf("End of an ended membership = %v; want a conflict", err)
	}
	// Change may reopen and relabel; the relation must be known.
	if err := c.Change(wijkregie.RelationPartner, time.Time{}); err != nil || c.Relation != wijkregie.RelationPartner || !c.Until.IsZero() {
		t.Errorf("Change = %v, %+v", err, c)
	}
	if err := c.Change("", time.Time{}); err == nil || c.Relation != wijkregie.RelationPartner {
		t.Errorf("Change to no relation = %v, %+v; want an error and no change", err, c)
	}
}

func TestServingTeam(t *testing.T) {
	teams := []wijkregie.Team{
		{ID: "oud", Areas: []string{"2581"}, Active: false},
		{ID: "noord", Areas: []string{"2581-2583"}, Active: true},
		{ID: "ook-noord", Areas: []string{"2581"}, Active: true},
		{ID: "zuid", Areas: []string{"2590"}, Active: true},
	}
	for postcode, want := range map[string]string{"2581AB": "noord", "2583ZZ": "noord", "2590AA": "zuid", "1011AB": "", "": ""} {
		if got := wijkregie.ServingTeam(teams, postcode); got != want {
			t.Errorf("ServingTeam(%q) = %q; want %q", postcode, got, want)
		}
	}
}

func TestInvalidAdd(t *testing.T) {
	var v wijkregie.Invalid
	if err := v.Add(nil); err != nil || v.Err() != nil {
		t.Errorf("Add(nil) = %v, Err %v; want nil, nil", err, v.Err())
	}
	other := errors.New("stuk")
	if err := v.Add(other); err != other {
		t.Errorf("Add(other) = %v; want it back", err)
	}
	v.Field("naam", "veld.verplicht")
	if err := v.Add(wijkregie.InvalidField("bsn", "veld.bsn.elfproef")); err != nil {
		t.Errorf("Add(invalid) = %v; want nil", err)
	}
	if err := v.Add(wijkregie.Conflict("fout.conflict")); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
		t.Errorf("Add(conflict) = %v; want it back", err)
	}
	if diff := cmp.Diff(fields(t, v.Err()), fe("naam", "veld.verplicht", "bsn", "veld.bsn.elfproef")); diff != "" {
		t.Errorf("fields (-got +want):\n%s", diff)
	}
}
