package policy

import (
	"time"

	"wijkregie"
)

// Consents are read, recorded and withdrawn through the household of
// their subject: whoever may see the household by Decide (a professional
// involved with it as regisseur or contributor, the lead of its team, a
// partner involved with it) passes the first gate. The second is what a
// consent says:
//
//   - the team's professionals and leads see every consent, and record
//     and withdraw them: asking and recording consent is the team's work
//     with the family;
//   - a partner sees the consents that name its own organisation, or its
//     organisation's kind ("alle huisartsen"): it needs to know what it
//     may do, and nothing of what others may;
//   - beleid, toezicht and beheer see none: beheer manages users, not
//     files.

// ConsentScope returns which consents of a person in view the actor sees.
// kind is the kind of the actor's organisation, which the caller reads:
// the actor carries only its id. The store turns the scope into SQL; its
// single-record reading is wijkregie.ConsentScope.Admits.
func ConsentScope(actor wijkregie.Actor, kind wijkregie.OrganisationKind) wijkregie.ConsentScope {
	if actor.UserID == "" {
		return wijkregie.ConsentScope{}
	}
	switch actor.Role {
	case wijkregie.RoleProfessional, wijkregie.RoleTeamLead:
		return wijkregie.ConsentScope{All: true}
	case wijkregie.RolePartner:
		if actor.OrganisationID == "" {
			return wijkregie.ConsentScope{}
		}
		return wijkregie.ConsentScope{OrganisationID: actor.OrganisationID, Kind: kind}
	}
	return wijkregie.ConsentScope{}
}

// DecideConsent returns nil when the actor may take action a
// (ViewConsents, RecordConsent, WithdrawConsent) on the consents of a
// person seen through the household subject s, and a forbidden error
// otherwise. c is the one consent read or withdrawn; nil for a list,
// which the store filters by ConsentScope, and for a new record. kind is
// the kind of the actor's organisation (ConsentScope).
func DecideConsent(actor wijkregie.Actor, a Action, s *Subject, c *wijkregie.Consent, kind wijkregie.OrganisationKind, now time.Time) error {
	switch a {
	case ViewConsents, RecordConsent, WithdrawConsent:
	default:
		return wijkregie.Forbidden()
	}
	if err := Decide(actor, a, s, now); err != nil {
		return err
	}
	sc := ConsentScope(actor, kind)
	if sc.Empty() || c != nil && !sc.Admits(c) {
		return wijkregie.Forbidden()
	}
	if a != ViewConsents && !sc.All {
		// The role table says so already; the record of a consent is
		// the team's, whatever a later change to that table says.
		return wijkregie.Forbidden()
	}
	return nil
}
