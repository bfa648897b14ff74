package wijkregie

import (
	"regexp"
	"strings"
	"time"
)

// Municipality is the tenant: every other record belongs to exactly one. Its
// ID is the CBS code (GM followed by four digits), so the tenant key is
// readable in every row and stable across systems.
type Municipality struct {
	ID        string // CBS code, e.g. GM0363
	Name      string
	CreatedAt time.Time
}

var cbsCode = regexp.MustCompile(`^GM[0-9]{4}$`)

// Validate checks the CBS code and the name.
func (m *Municipality) Validate() error {
	var v Invalid
	if !cbsCode.MatchString(m.ID) {
		v.Field("code", "veld.gemeente.code")
	}
	if strings.TrimSpace(m.Name) == "" {
		v.Field("naam", "veld.verplicht")
	}
	return v.Err()
}

// Team is a neighbourhood team (wijkteam) of a municipality. It serves the
// neighbourhoods named by postcode areas: a four-digit postcode ("1011") or a
// range ("1011-1018").
type Team struct {
	MunicipalityID string
	ID             string
	Name           string
	Areas          []string // postcode areas served
	Active         bool
	CreatedAt      time.Time
}

var postcodeArea = regexp.MustCompile(`^[1-9][0-9]{3}(-[1-9][0-9]{3})?$`)

// Validate checks the name and the postcode areas.
func (t *Team) Validate() error {
	var v Invalid
	if strings.TrimSpace(t.Name) == "" {
		v.Field("naam", "veld.verplicht")
	}
	if !validAreas(t.Areas) {
		v.Field("werkgebied", "veld.werkgebied")
	}
	return v.Err()
}

// Serves reports whether the team's areas cover the postcode (e.g. "1012AB").
func (t *Team) Serves(postcode string) bool { return areasCover(t.Areas, postcode) }

// validAreas reports whether every area is a four-digit postcode area or a
// range of them with the lower first.
func validAreas(areas []string) bool {
	for _, a := range areas {
		if !postcodeArea.MatchString(a) || len(a) == 9 && a[:4] > a[5:] {
			return false
		}
	}
	return true
}

// areasCover reports whether one of the areas covers the postcode's first
// four digits. Areas are four digits without a leading zero, so comparing
// them as text compares them as numbers.
func areasCover(areas []string, postcode string) bool {
	if len(postcode) < 4 {
		return false
	}
	p := postcode[:4]
	for _, a := range areas {
		if len(a) == 4 && a == p {
			return true
		}
		if len(a) == 9 && a[:4] <= p && p <= a[5:] {
			return true
		}
	}
	return false
}

// OrganisationKind is the type of a network partner.
type OrganisationKind string

// The partner types the brief names. OrgOverig covers the rest.
const (
	OrgHuisarts         OrganisationKind = "huisarts"
	OrgSchool           OrganisationKind = "school"
	OrgWoningcorporatie OrganisationKind = "woningcorporatie"
	OrgGGZ              OrganisationKind = "ggz"
	OrgVeiligThuis      OrganisationKind = "veilig-thuis"
	OrgSchuldhulp       OrganisationKind = "schuldhulpverlening"
	OrgEnergie          OrganisationKind = "energie"
	OrgWater            OrganisationKind = "water"
	OrgZorgverzekeraar  OrganisationKind = "zorgverzekeraar"
	OrgPolitie          OrganisationKind = "politie"
	OrgGemeente         OrganisationKind = "gemeente"
	OrgOverig           OrganisationKind = "overig"
)

// OrganisationKinds lists every kind, in the order forms show them.
var OrganisationKinds = []OrganisationKind{
	OrgGemeente, OrgHuisarts, OrgSchool, OrgWoningcorporatie, OrgGGZ, OrgVeiligThuis,
	OrgSchuldhulp, OrgEnergie, OrgWater, OrgZorgverzekeraar, OrgPolitie, OrgOverig,
}

// Valid reports whether k is a known kind.
func (k OrganisationKind) Valid() bool {
	for _, x := range OrganisationKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Organisation is a network partner, or the municipality's own organisation
// that employs the neighbourhood teams.
type Organisation struct {
	MunicipalityID string
	ID             string
	Name           string
	Kind           OrganisationKind
	Phone          string
	Email          string
	Active         bool
	CreatedAt      time.Time
}

// Validate checks the name, kind and contact details.
func (o *Organisation) Validate() error {
	var v Invalid
	if strings.TrimSpace(o.Name) == "" {
		v.Field("naam", "veld.verplicht")
	}
	if !o.Kind.Valid() {
		v.Field("soort", "veld.organisatie.soort")
	}
	if o.Email != "" && !ValidEmail(o.Email) {
		v.Field("email", "veld.email")
	}
	return v.Err()
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// ValidEmail is a deliberately loose check: the address must look like one;
// whether it works is for the mail server to say.
func ValidEmail(s string) bool { return len(s) <= 254 && emailPattern.MatchString(s) }
