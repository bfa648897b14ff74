package wijkregie

import (
	"crypto/rand"
	"strings"
	"time"
)

// Mijn Plan: a member of a household logs in to see and act on the family's
// plan (docs/mijnplan.md). A resident is not a staff user: they sign in with
// a one-time inlogcode that their regisseur hands over, or through OpenID
// Connect (DigiD), and their session is a separate one with its own cookie.

// RoleResident is the role of a resident logged in to Mijn Plan. It is not
// in Roles: no staff account can be given it, and no action that any staff
// role may perform is open to it unless the policy names it.
const RoleResident Role = "inwoner"

// ResidentUser represents a logged-in resident to the server pipeline: a
// User whose ID is the person's id, so that request.Actor gives
// Actor{MunicipalityID, UserID: personID, Role: RoleResident}.
func ResidentUser(p *Person) *User {
	return &User{MunicipalityID: p.MunicipalityID, ID: p.ID, Name: p.FullName(), Role: RoleResident, Active: true}
}

// IsResident reports whether the actor is a resident in Mijn Plan.
func (a Actor) IsResident() bool { return a.Role == RoleResident && a.UserID != "" }

// Resident access rules (docs/mijnplan.md, "Wie mag Mijn Plan gebruiken").
const (
	// ResidentMinAge: from 16 a young person decides on their own care
	// (Jeugdwet art. 7.3.4, WGBO art. 7:450 BW), so sees their plan alone.
	ResidentMinAge = 16
	// ResidentAfterClosure is how long after a case closed its family can
	// still log in: to read the plan and rate the help.
	ResidentAfterClosure = 90 * 24 * time.Hour
	// LoginCodeValidity is how long an inlogcode can be used.
	LoginCodeValidity = 30 * time.Minute
	// LoginCodeMaxFailures wrong birth dates with one code void it.
	LoginCodeMaxFailures = 5
	// ResidentIdle and ResidentMaxSession bound a resident's session: a
	// phone left on a table logs out sooner than a staff workstation.
	ResidentIdle       = 30 * time.Minute
	ResidentMaxSession = 8 * time.Hour
)

// LoginCodeAlphabet holds the characters of an inlogcode: capitals and
// digits without those read alike (0/O, 1/I/L, 5/S, 2/Z, 8/B), so a code
// read aloud or copied from paper comes out right. 8 characters of 25 give
// about 37 bits; with the birth date asked as well, the limit on tries per
// code and per address, and 30 minutes of life, guessing is hopeless.
const LoginCodeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// LoginCodeLength is the number of characters of an inlogcode.
const LoginCodeLength = 8

// NewLoginCode returns a random inlogcode, without bias: bytes beyond the
// largest multiple of the alphabet's size are drawn again.
func NewLoginCode() string {
	const n = len(LoginCodeAlphabet)
	limit := 256 - 256%n
	out := make([]byte, 0, LoginCodeLength)
	var b [16]byte
	for len(out) < LoginCodeLength {
		rand.Read(b[:])
		for _, c := range b {
			if int(c) < limit && len(out) < LoginCodeLength {
				out = append(out, LoginCodeAlphabet[int(c)%n])
			}
		}
	}
	return string(out)
}

// NormalizeLoginCode returns a typed code as it was issued: upper case,
// without the spaces and dashes a reader adds; ok is false when what is
// left cannot be a code.
func NormalizeLoginCode(s string) (code string, ok bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case strings.ContainsRune(LoginCodeAlphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	code = b.String()
	return code, len(code) == LoginCodeLength
}

// FormatLoginCode groups a code in two fours for reading: "ACDE-FGHJ".
func FormatLoginCode(code string) string {
	if len(code) != LoginCodeLength {
		return code
	}
	return code[:4] + "-" + code[4:]
}

// LoginCode is an issued inlogcode as stored: its hash, never the code.
type LoginCode struct {
	MunicipalityID string
	ID             string
	PersonID       string
	HouseholdID    string
	CaseID         string
	CodeHash       string
	IssuedBy       string // the staff user who handed it over
	IssuedAt       time.Time
	ExpiresAt      time.Time
	Failures       int       // wrong birth dates given with it
	UsedAt         time.Time // zero until a login used it
	VoidedAt       time.Time // a newer code, or too many failures
}

// Usable reports whether the code may still log someone in at now.
func (c *LoginCode) Usable(now time.Time) bool {
	return c.UsedAt.IsZero() && c.VoidedAt.IsZero() && now.Before(c.ExpiresAt) && c.Failures < LoginCodeMaxFailures
}

// The audit log's actions of Mijn Plan access, added to the table in
// auditkind.go at initialisation as rights.go adds its own.
func init() {
	for a, k := range map[string]AuditKind{
		"mijnplan.aanmelden": KindLogin,
		"mijnplan.gebruiken": KindRead,
		"inlogcode.uitgeven": KindCreate,
	} {
		auditKinds[a] = k
	}
}
