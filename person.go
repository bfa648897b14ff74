package wijkregie

import (
	"strings"
	"time"
)

// PersonInput is a person as someone types them, in a form or an API body:
// every field as text, the BSN and the birth date as typed. Person turns it
// into a Person, so that the web UI and the API read a registration alike.
type PersonInput struct {
	BSN        string // optional; the separators ParseBSN removes are allowed
	GivenName  string
	Prefix     string
	FamilyName string
	BirthDate  string // YYYY-MM-DD; optional
	Phone      string
	Email      string
}

// Person returns the person the input describes, in the municipality. Every
// invalid field is reported at once: an invalid BSN beside a missing family
// name, so the professional mends the form in one go.
func (in PersonInput) Person(municipalityID string, now time.Time) (*Person, error) {
	p := &Person{
		MunicipalityID: municipalityID,
		GivenName:      strings.TrimSpace(in.GivenName),
		Prefix:         strings.TrimSpace(in.Prefix),
		FamilyName:     strings.TrimSpace(in.FamilyName),
		Phone:          strings.TrimSpace(in.Phone),
		Email:          strings.TrimSpace(in.Email),
	}
	var v Invalid
	if s := strings.TrimSpace(in.BSN); s != "" {
		b, err := ParseBSN(s)
		v.Add(err)
		p.BSN = b
	}
	if s := strings.TrimSpace(in.BirthDate); s != "" {
		d, err := ParseDate(s)
		if err != nil {
			v.Field("geboortedatum", "veld.geboortedatum")
		}
		p.BirthDate = d
	}
	v.Add(p.Validate(now))
	return p, v.Err()
}

// ParseDate reads a calendar date as HTML date inputs and the API write it
// (YYYY-MM-DD; ADR: format date), at midnight UTC as the store keeps dates.
func ParseDate(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, strings.TrimSpace(s))
}

// Age returns the age in whole years on the day of at of someone born on
// birth.
func Age(birth, at time.Time) int {
	y := at.Year() - birth.Year()
	if at.Month() < birth.Month() || (at.Month() == birth.Month() && at.Day() < birth.Day()) {
		y--
	}
	return y
}
