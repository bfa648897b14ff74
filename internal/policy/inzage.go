package policy

import "wijkregie"

// The right of access (AVG art. 15). The privacy officer answers a
// person's request with everything the platform holds about them; to do
// so they find the person by the BSN and birth date the request gives.
// Nobody else may: a team member sees a family through their involvement,
// and an export of everything, the access log and every note included,
// is no part of anyone's work with the family. The privacy officer gets
// no general person search either: the inzage search answers one request
// about one person, and nothing when the two do not match.

// SearchForInzage names, in the audit log, the privacy officer's search
// for the person a request is about: NEN 7513 counts searches among the
// events to log. It is decided as ExportInzage, not a route action.
const SearchForInzage Action = "inzage.zoeken"

// DecideInzage returns nil when the actor may export what the platform
// holds about a person of the given municipality: the privacy officer of
// that municipality, and nobody else.
func DecideInzage(actor wijkregie.Actor, personMunicipalityID string) error {
	if !Allows(actor, ExportInzage) || actor.MunicipalityID == "" || actor.MunicipalityID != personMunicipalityID {
		return wijkregie.Forbidden()
	}
	return nil
}
