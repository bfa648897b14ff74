package wijkregie

import (
	"strings"
	"time"
)

// Role is what a user may do in general. What they may do with a particular
// household also depends on their involvement; see internal/policy.
type Role string

// The roles of the brief.
const (
	RoleProfessional Role = "professional" // wijkteammedewerker
	RoleTeamLead     Role = "teamleider"
	RolePartner      Role = "partner"  // user of a network partner organisation
	RolePolicy       Role = "beleid"   // aggregated figures only
	RoleInspection   Role = "toezicht" // aggregated figures only
	RoleAdmin        Role = "beheer"   // organisations, teams, users; no case content
	// RolePrivacy is the municipality's privacy officer (privacy-
	// functionaris, often the FG's office): reviews emergency access and
	// answers people's requests under the AVG; no case work.
	RolePrivacy Role = "privacy"
)

// Roles lists every role in the order forms show them.
var Roles = []Role{RoleProfessional, RoleTeamLead, RolePartner, RolePolicy, RoleInspection, RoleAdmin, RolePrivacy}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Expertise tags say what a professional is good at, for matching a
// regisseur to a family. The list is open-ended per municipality; these are
// the ones forms offer.
var Expertises = []string{"jeugd", "ggz", "schulden", "wmo", "werk-en-inkomen", "verslaving", "lvb", "huiselijk-geweld", "ouderen"}

// User is a person who logs in.
type User struct {
	MunicipalityID string
	ID             string
	Email          string // login name; unique within the municipality
	Name           string
	Role           Role
	TeamID         string // for professionals and team leads
	OrganisationID string // employer: a partner, or the municipality's own organisation
	Expertise      []string
	Active         bool
	CreatedAt      time.Time
}

// Validate checks the fields every user needs and the combinations the roles
// require: team members belong to a team, partners to an organisation.
func (u *User) Validate() error {
	var v Invalid
	if !ValidEmail(u.Email) {
		v.Field("email", "veld.email")
	}
	if strings.TrimSpace(u.Name) == "" {
		v.Field("naam", "veld.verplicht")
	}
	if !u.Role.Valid() {
		v.Field("rol", "veld.rol")
	}
	if (u.Role == RoleProfessional || u.Role == RoleTeamLead) && u.TeamID == "" {
		v.Field("team", "veld.team.verplicht")
	}
	if u.Role == RolePartner && u.OrganisationID == "" {
		v.Field("organisatie", "veld.organisatie.verplicht")
	}
	for _, e := range u.Expertise {
		if !validTag(e) {
			v.Field("expertise", "veld.expertise")
			break
		}
	}
	return v.Err()
}

func validTag(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '-' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// NormalizeEmail makes login names case-insensitive.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// MinPasswordLength follows NIST SP 800-63B: length over composition rules.
const MinPasswordLength = 12

// ValidatePassword checks a new password.
func ValidatePassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return InvalidField("wachtwoord", "veld.wachtwoord.kort")
	}
	if len(p) > 1024 {
		return InvalidField("wachtwoord", "veld.wachtwoord.lang")
	}
	return nil
}

// Actor is who performs an action: the logged-in user as the policy and the
// audit log need them.
type Actor struct {
	MunicipalityID string
	UserID         string
	Role           Role
	TeamID         string
	OrganisationID string
}

// ActorOf returns the actor for a user.
func ActorOf(u *User) Actor {
	return Actor{MunicipalityID: u.MunicipalityID, UserID: u.ID, Role: u.Role, TeamID: u.TeamID, OrganisationID: u.OrganisationID}
}

// System reports whether the actor is the command line's system actor.
func (a Actor) System() bool { return a.UserID == systemUserID }

const systemUserID = "systeem"

// PublicUserID is the user in whose name the public concern form registers
// a resident's report (docs/zorgmelding.md): inactive, without a password,
// of a role no one can be given. It is nobody to contact about a family,
// so matching names it to no one and tells it nothing.
const PublicUserID = "publiek"

// SystemActor is the actor for command-line administration on the server
// itself: whoever can run the binary against the store already holds it.
func SystemActor(municipalityID string) Actor {
	return Actor{MunicipalityID: municipalityID, UserID: systemUserID, Role: RoleAdmin}
}
