package policy

import (
	"time"

	"wijkregie"
)

// Emergency access (nood-toegang, wijkregie.EmergencyAccess). A
// professional or team lead of the municipality who is outside a case may
// open it at once after stating a reason; the access is an involvement of
// kind nood-toegang that ends by itself, so from then on Decide and Scope
// grant it like any other involvement, until its end. The privacy officer
// reviews every access afterwards.
//
// Nobody else takes emergency access: a network partner's access follows
// consent and legal grounds, never a reason typed in a hurry, and beleid,
// toezicht, beheer and the privacy officer do no case work at all.

// DecideEmergencyAccess returns nil when the actor may take emergency
// access to the case subject s at now. It refuses (forbidden) every role
// but the team's, and a case of another municipality; and it answers a
// conflict ("you have access already") to one whose scope holds the case
// already: emergency access is for those outside the case, and one taken
// needlessly would only burden the review.
func DecideEmergencyAccess(actor wijkregie.Actor, s *CaseSubject, now time.Time) error {
	if !Allows(actor, RequestEmergencyAccess) || s == nil || s.Case == nil {
		return wijkregie.Forbidden()
	}
	if actor.Role != wijkregie.RoleProfessional && actor.Role != wijkregie.RoleTeamLead {
		// The role table says so already; emergency access is the team's,
		// whatever a later change to that table says.
		return wijkregie.Forbidden()
	}
	if actor.MunicipalityID == "" || s.Case.MunicipalityID != actor.MunicipalityID {
		return wijkregie.Forbidden()
	}
	if InCaseScope(Scope(actor), s, now) {
		return wijkregie.Conflict("fout.noodtoegang.al_toegang")
	}
	return nil
}

// DecideReview returns nil when the actor may list, read and review
// emergency accesses: the privacy officer, and nobody else — not the team
// lead of the professional, whose review would not be independent.
func DecideReview(actor wijkregie.Actor) error {
	if !Allows(actor, ReviewEmergencyAccess) || actor.Role != wijkregie.RolePrivacy {
		return wijkregie.Forbidden()
	}
	return nil
}
