package wijkregie

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Service is one entry of the sociale kaart (ServiceCatalogue): a local
// service of the basic social infrastructure (sociale basis) that a simple,
// one-domain question can be referred to, so that the team keeps its time
// for complex families (brief, problem 1). It holds no personal data.
type Service struct {
	MunicipalityID string
	ID             string
	Name           string
	Description    string
	Domains        []string // codes of Domains the service helps with; at least one
	TargetGroup    string   // one of TargetGroups
	Areas          []string // postcode areas, as a team's; none means the whole municipality
	Phone          string
	Email          string
	Website        string // an http or https address
	Address        string // where to go, as one line: "Kerkstraat 12, Duinhaven"
	OpeningHours   string // free text: "ma–vr 9.00–12.00, do ook 19.00–21.00"
	Active         bool   // inactive services are kept for history but offered no more
	CreatedAt      time.Time
}

// Target groups: who a service is for. The list is short on purpose: it
// answers "may I send this family there?", not a full classification.
const (
	TargetEveryone = "iedereen"
	TargetYouth    = "jeugd"       // children and young people up to 23 (Jeugdwet)
	TargetFamilies = "gezinnen"    // parents with children
	TargetAdults   = "volwassenen" // 18 and older
	TargetElderly  = "ouderen"     // 65 and older, as local services use the word
)

// TargetGroups lists every target group, in the order forms show them.
var TargetGroups = []string{TargetEveryone, TargetYouth, TargetFamilies, TargetAdults, TargetElderly}

// ValidTargetGroup reports whether g is one of TargetGroups.
func ValidTargetGroup(g string) bool { return slices.Contains(TargetGroups, g) }

// Validate checks the fields a catalogue entry needs: a name and a
// description, one or more known domains (each once), a target group,
// valid postcode areas and contact details, and at least one way to reach
// the service — a referral the resident cannot follow up helps no one.
func (s *Service) Validate() error {
	var v Invalid
	if strings.TrimSpace(s.Name) == "" {
		v.Field("naam", "veld.verplicht")
	}
	if strings.TrimSpace(s.Description) == "" {
		v.Field("omschrijving", "veld.verplicht")
	}
	if !validDomainList(s.Domains) {
		v.Field("domeinen", "veld.domeinen")
	}
	if !ValidTargetGroup(s.TargetGroup) {
		v.Field("doelgroep", "veld.doelgroep")
	}
	if !validAreas(s.Areas) {
		v.Field("werkgebied", "veld.werkgebied")
	}
	if strings.TrimSpace(s.Phone+s.Email+s.Website+s.Address) == "" {
		v.Field("telefoon", "veld.dienst.contact")
	}
	if s.Email != "" && !ValidEmail(s.Email) {
		v.Field("email", "veld.email")
	}
	if s.Website != "" && !validWebsite(s.Website) {
		v.Field("website", "veld.website")
	}
	return v.Err()
}

// validDomainList reports whether the list names one or more domains of
// Domains, none twice.
func validDomainList(codes []string) bool {
	if len(codes) == 0 {
		return false
	}
	for i, c := range codes {
		if !ValidDomain(c) || slices.Contains(codes[:i], c) {
			return false
		}
	}
	return true
}

// validWebsite accepts an absolute http or https address with a host.
func validWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsAny(s, " \t\r\n") && len(s) <= 2000
}

// Serves reports whether the service is for residents of the postcode
// (e.g. "2582AB" or "2582"): a service without areas serves the whole
// municipality.
func (s *Service) Serves(postcode string) bool {
	return len(s.Areas) == 0 || areasCover(s.Areas, postcode)
}

// HasDomain reports whether the service helps with the domain.
func (s *Service) HasDomain(code string) bool { return slices.Contains(s.Domains, code) }

var postcodeOrArea = regexp.MustCompile(`^([1-9][0-9]{3})([A-Z]{2})?$`)

// PostcodeArea returns the four-digit area of a postcode or of an area
// itself: "2582 ab", "2582AB" and "2582" all give "2582". ok is false for
// anything else, ranges included.
func PostcodeArea(s string) (area string, ok bool) {
	m := postcodeOrArea.FindStringSubmatch(NormalizePostcode(s))
	if m == nil {
		return "", false
	}
	return m[1], true
}
