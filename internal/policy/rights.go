package policy

import "wijkregie"

// The person's other rights (AVG art. 16, 17, 18, 21) and the information
// notice (art. 13/14); docs/privacy.md, "Rechten van betrokkenen".
//
// A request to exercise a right is the privacy officer's to record and
// decide, as the inzage is: it is weighed against the law, not against
// the team's work with the family. Carrying out a decision — restricting
// a person, correcting their data, erasing them — follows from the
// decision, so it is the privacy officer's too; only they lift a
// restriction. The team that works with the family produces the
// information notice and records that it was sent: it is their
// registration the notice is about, and their letter to send. The team's
// own corrections of a household's members stay ChangeHousehold.
//
// These actions are declared here, not in policy.go, and enter the role
// table through init below: one file per part of the work while
// policy.go's owner keeps that file, so that parts written side by side
// never edit the same lines. The table is read only after package
// initialisation, so adding to it here is the same as listing it there.
const (
	ViewRightsRequests  Action = "rechtenverzoeken.bekijken"
	RecordRightsRequest Action = "rechtenverzoek.vastleggen"
	DecideRightsRequest Action = "rechtenverzoek.besluiten"
	ExtendRightsRequest Action = "rechtenverzoek.verlengen"
	RestrictProcessing  Action = "verwerking.beperken"
	LiftRestriction     Action = "verwerking.beperking-opheffen"
	CorrectPerson       Action = "persoon.corrigeren"
	ErasePerson         Action = "persoon.wissen"
	ProduceNotice       Action = "informatieverstrekking.maken"
	RecordNoticeSent    Action = "informatieverstrekking.verzenden"
)

func init() {
	privacy := roles(wijkregie.RolePrivacy)
	for _, a := range []Action{ViewRightsRequests, RecordRightsRequest, DecideRightsRequest, ExtendRightsRequest,
		RestrictProcessing, LiftRestriction, CorrectPerson, ErasePerson} {
		general[a] = privacy
	}
	for _, a := range []Action{ProduceNotice, RecordNoticeSent} {
		general[a] = teamWork
	}
}

// DecideRights returns nil when the actor may handle a request about a
// person of the given municipality: the privacy officer of that
// municipality, for the action a.
func DecideRights(actor wijkregie.Actor, a Action, personMunicipalityID string) error {
	if !Allows(actor, a) || actor.MunicipalityID == "" || actor.MunicipalityID != personMunicipalityID {
		return wijkregie.Forbidden()
	}
	return nil
}
