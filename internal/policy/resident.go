package policy

import (
	"time"

	"wijkregie"
)

// Mijn Plan access (docs/mijnplan.md). A resident logs in with a one-time
// inlogcode or through OpenID Connect and acts as wijkregie.RoleResident,
// which no staff role shares: the resident set's routes name actions only
// the resident holds, and no staff route names one the resident holds.
//
//   - The login pages are public (policy.Public): they show nothing that
//     depends on who asks.
//   - Every resident page needs UseMijnPlan in general, and for a
//     household's data ResidentHousehold: a current member, 16 or older,
//     of a household whose case is open or closed less than 90 days ago.
//   - Handing out an inlogcode is the regisseur's or the case team's
//     lead's (DecideIssueLoginCode), for a person ResidentEligible allows.
const (
	// UseMijnPlan is what every resident route needs: logging out, and
	// the pages of Mijn Plan (internal/policy/mijnplan.go adds the
	// actions of what a resident does there).
	UseMijnPlan Action = "mijnplan.gebruiken"
	// ResidentLogin is a resident's login, the audit log's action for
	// each success and refusal.
	ResidentLogin Action = "mijnplan.aanmelden"
	// IssueLoginCode is handing a household member an inlogcode.
	IssueLoginCode Action = "inlogcode.uitgeven"
)

func init() {
	resident := roles(wijkregie.RoleResident)
	general[UseMijnPlan] = resident
	general[ResidentLogin] = resident
	general[IssueLoginCode] = teamWork
}

// ResidentFacts is what the policy needs to know of a person and one
// household to decide on Mijn Plan: the app reads them from the store.
type ResidentFacts struct {
	MunicipalityID  string
	PersonID        string
	HouseholdID     string
	IsCurrentMember bool // a member of the household today
	Age             int  // in whole years today; -1 when the birth date is unknown
	CaseOpen        bool // the household has an open case
	// ClosedAt is when the household's last case closed, when none is
	// open; zero if it has had none.
	ClosedAt time.Time
	// Now is the moment of the decision; zero means the clock's now.
	Now time.Time
}

// ResidentEligible returns nil when the person may use Mijn Plan for the
// household: a current member, 16 or older, while the household's case is
// open or closed less than 90 days ago, so that the family can still read
// its plan and rate the help. It does not look at who asks; see
// ResidentHousehold and DecideIssueLoginCode.
func ResidentEligible(f ResidentFacts) error {
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	switch {
	case f.MunicipalityID == "" || f.PersonID == "" || f.HouseholdID == "":
		return wijkregie.Forbidden()
	case !f.IsCurrentMember:
		return wijkregie.Forbidden()
	case f.Age < wijkregie.ResidentMinAge:
		return wijkregie.Forbidden()
	case f.CaseOpen:
		return nil
	case !f.ClosedAt.IsZero() && now.Sub(f.ClosedAt) < wijkregie.ResidentAfterClosure:
		return nil
	}
	return wijkregie.Forbidden()
}

// ResidentHousehold returns nil when the actor, a resident, may use Mijn
// Plan for the household of f: it is the one place that decides it. The
// actor must be the person of f, in the same municipality, and the person
// eligible (ResidentEligible).
func ResidentHousehold(actor wijkregie.Actor, f ResidentFacts) error {
	if !actor.IsResident() || !Allows(actor, UseMijnPlan) ||
		actor.MunicipalityID != f.MunicipalityID || actor.UserID != f.PersonID {
		return wijkregie.Forbidden()
	}
	return ResidentEligible(f)
}

// DecideIssueLoginCode returns nil when the actor may hand an inlogcode to
// the person of f on the case s: the case's regisseur or the lead of the
// case's team, for a person ResidentEligible allows.
func DecideIssueLoginCode(actor wijkregie.Actor, s *CaseSubject, f ResidentFacts) error {
	if !Allows(actor, IssueLoginCode) || s == nil || s.Case == nil ||
		actor.MunicipalityID == "" || actor.MunicipalityID != s.Case.MunicipalityID ||
		f.MunicipalityID != s.Case.MunicipalityID || f.HouseholdID != s.Case.HouseholdID {
		return wijkregie.Forbidden()
	}
	c := s.Case
	lead := actor.Role == wijkregie.RoleTeamLead && actor.TeamID != "" && c.TeamID == actor.TeamID
	coordinator := c.CoordinatorID != "" && c.CoordinatorID == actor.UserID
	if !lead && !coordinator {
		return wijkregie.Forbidden()
	}
	return ResidentEligible(f)
}
