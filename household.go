package wijkregie

import (
	"regexp"
	"strings"
	"time"
)

// Person is a resident. The BSN is optional: private partners may not use it
// and an unknown family is registered without it.
type Person struct {
	MunicipalityID string
	ID             string
	BSN            BSN
	GivenName      string
	Prefix         string // tussenvoegsel, e.g. "van der"
	FamilyName     string
	BirthDate      time.Time // zero when unknown
	Phone          string
	Email          string
	CreatedAt      time.Time
	// A record found to be a duplicate is merged into the record that
	// stays and kept, not deleted, so that the audit log's records on its
	// id still lead somewhere: MergedInto is that record's id ("" while
	// the record is a resident's own), MergedAt and MergedBy (a user id)
	// say when and by whom.
	MergedInto string
	MergedAt   time.Time
	MergedBy   string
}

// FullName is the name as screens show it.
func (p *Person) FullName() string {
	parts := []string{p.GivenName, p.Prefix, p.FamilyName}
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// Validate checks the fields a person record needs.
func (p *Person) Validate(now time.Time) error {
	var v Invalid
	if strings.TrimSpace(p.FamilyName) == "" {
		v.Field("achternaam", "veld.verplicht")
	}
	if !p.BirthDate.IsZero() && (p.BirthDate.After(now) || p.BirthDate.Year() < 1880) {
		v.Field("geboortedatum", "veld.geboortedatum")
	}
	if p.Email != "" && !ValidEmail(p.Email) {
		v.Field("email", "veld.email")
	}
	return v.Err()
}

// Address is a Dutch address: postcode, house number and addition identify it.
type Address struct {
	Street   string
	Number   int
	Addition string // huisnummertoevoeging
	Postcode string // normalised: 1234AB
	Town     string
}

var postcodePattern = regexp.MustCompile(`^[1-9][0-9]{3}[A-Z]{2}$`)

// NormalizePostcode upper-cases and removes spaces: "1234 ab" → "1234AB".
func NormalizePostcode(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// Validate checks the address.
func (a *Address) Validate() error {
	var v Invalid
	if !postcodePattern.MatchString(a.Postcode) {
		v.Field("postcode", "veld.postcode")
	}
	if a.Number <= 0 || a.Number > 99999 {
		v.Field("huisnummer", "veld.huisnummer")
	}
	if strings.TrimSpace(a.Street) == "" {
		v.Field("straat", "veld.verplicht")
	}
	if strings.TrimSpace(a.Town) == "" {
		v.Field("woonplaats", "veld.verplicht")
	}
	return v.Err()
}

// Household is the people living together at an address: the "1 gezin" of
// 1 gezin, 1 plan, 1 regisseur. TeamID is the team whose area holds the
// address.
type Household struct {
	MunicipalityID string
	ID             string
	Address        Address
	TeamID         string
	CreatedAt      time.Time
}

// ServingTeam returns the id of the first active team, in the order given,
// whose area covers the postcode; "" when none does.
func ServingTeam(teams []Team, postcode string) string {
	for i := range teams {
		if teams[i].Active && teams[i].Serves(postcode) {
			return teams[i].ID
		}
	}
	return ""
}

// Relation is a member's place in the household.
type Relation string

// The relations of the glossary.
const (
	RelationParent  Relation = "ouder"
	RelationChild   Relation = "kind"
	RelationPartner Relation = "partner"
	RelationOther   Relation = "overig"
)

// Relations lists the relations in the order forms show them.
var Relations = []Relation{RelationParent, RelationChild, RelationPartner, RelationOther}

// Valid reports whether r is a known relation.
func (r Relation) Valid() bool {
	for _, x := range Relations {
		if x == r {
			return true
		}
	}
	return false
}

// Member is a person's membership of a household over time. From and Until
// are calendar days; Until is the last day the person belongs to the
// household.
type Member struct {
	MunicipalityID string
	HouseholdID    string
	PersonID       string
	Relation       Relation
	From           time.Time
	Until          time.Time // zero while it lasts
}

// Validate checks a membership: a known relation, a from date, and an until
// date, when set, not before it.
func (m *Member) Validate() error {
	var v Invalid
	if !m.Relation.Valid() {
		v.Field("relatie", "veld.relatie")
	}
	if m.From.IsZero() || m.From.Year() < 1880 {
		v.Field("vanaf", "veld.datum")
	}
	if !m.Until.IsZero() && m.Until.Before(m.From) {
		v.Field("tot", "veld.tot")
	}
	return v.Err()
}

// End ends a membership that lasts: until is the last day the person
// belongs to the household. It may lie ahead, for a planned move.
func (m *Member) End(until time.Time) error {
	if !m.Until.IsZero() {
		return Conflict("fout.lid.beeindigd")
	}
	if until.IsZero() {
		return InvalidField("tot", "veld.datum")
	}
	return m.Change(m.Relation, until)
}

// Change sets the relation and the until date (zero: the membership lasts),
// for corrections; the from date is part of the membership's identity and
// stays.
func (m *Member) Change(rel Relation, until time.Time) error {
	c := *m
	c.Relation, c.Until = rel, until
	if err := c.Validate(); err != nil {
		return err
	}
	*m = c
	return nil
}

// InvolvementKind says how someone is involved with a household.
type InvolvementKind string

// Involvement kinds: the one regisseur, and everyone else who works with the
// family.
const (
	InvolvementCoordinator InvolvementKind = "regisseur"
	InvolvementContributor InvolvementKind = "betrokken"
	// InvolvementNoodToegang grants access for an emergency access's
	// window (emergency.go) and nothing else: its holder does not work
	// with the family, so it never counts as betrokkene, regisseur or
	// party to a match.
	InvolvementNoodToegang InvolvementKind = "nood-toegang"
)

// Involvement is a user's relation to a household: it grants need-to-know
// access to that household's data, and only that.
type Involvement struct {
	MunicipalityID string
	HouseholdID    string
	UserID         string
	Kind           InvolvementKind
	From           time.Time
	Until          time.Time // zero while current
}

// HouseholdScope is the list form of the access policy: which households an
// actor may see. internal/policy makes it; the store turns it into SQL. A
// household is in scope when All is set, or it belongs to TeamID, or UserID
// is currently involved with it. The zero value is the empty scope.
type HouseholdScope struct {
	All    bool
	TeamID string
	UserID string
}

// Empty reports whether the scope admits no household at all.
func (s HouseholdScope) Empty() bool { return !s.All && s.TeamID == "" && s.UserID == "" }
