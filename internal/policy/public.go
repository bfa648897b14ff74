package policy

import "wijkregie"

// The public concern form (docs/zorgmelding.md): a resident who worries
// about a family in the neighbourhood reports it without logging in. The
// store and the audit log need somebody to name as the signal's creator
// and the record's actor, so every municipality has one user for the form
// (migration 0021, store.CreateMunicipality): id "publiek", role
// "publiek", inactive and without a password, so nobody can log in as it.
//
// That role may do exactly one thing: hand in a concern, in its own
// municipality, through SubmitConcern. It is in no other row of the
// table, so every other action — reading the signal it made included — is
// denied to it, as to a role the policy does not know.

// SubmitConcern is handing in a concern through the public form. It is
// also the action name of the audit record the use case writes.
const SubmitConcern Action = "zorgmelding.indienen"

// PublicRole is the role of the public form's user. It is not one of
// wijkregie.Roles: no form offers it and no one can be given it.
const PublicRole wijkregie.Role = "publiek"

// PublicUserID is the id of the public form's user in every municipality.
const PublicUserID = wijkregie.PublicUserID

func init() {
	general[SubmitConcern] = roles(PublicRole)
}

// PublicActor is the actor in whose name the public form registers a
// concern in the municipality.
func PublicActor(municipalityID string) wijkregie.Actor {
	return wijkregie.Actor{MunicipalityID: municipalityID, UserID: PublicUserID, Role: PublicRole}
}

// DecideConcern returns nil when the actor may register a concern in the
// municipality: only that municipality's public actor, and only through
// SubmitConcern.
func DecideConcern(actor wijkregie.Actor, municipalityID string) error {
	if !Allows(actor, SubmitConcern) || actor.UserID != PublicUserID || municipalityID == "" || actor.MunicipalityID != municipalityID {
		return wijkregie.Forbidden()
	}
	return nil
}
