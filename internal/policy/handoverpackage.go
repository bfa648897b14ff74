package policy

import (
	"time"

	"wijkregie"
)

// The overdrachtspakket (docs/overdrachtspakket.md): a case written out
// for a municipality outside the platform, and read in by another
// instance.
//
//   - Exporting (JSON or PDF) hands the whole family file to another
//     organisation: only the case's regisseur and the lead of the case's
//     team may, as they decide on the handover (DecideHandoverExport). A
//     colleague involved with the family, a partner, beheer and the privacy
//     officer may not.
//   - Reading a package in creates a family's file in the receiving
//     municipality: its team lead does, for their own team, or beheer, who
//     receives files from outside, for any active team
//     (DecideHandoverImport).
const (
	ExportHandoverPackage Action = "overdrachtspakket.exporteren"
	ImportHandoverPackage Action = "overdrachtspakket.importeren"
)

func init() {
	general[ExportHandoverPackage] = teamWork
	general[ImportHandoverPackage] = roles(wijkregie.RoleTeamLead, wijkregie.RoleAdmin)
}

// DecideHandoverExport returns nil when the actor may export the case's
// package: whoever may view the case (DecideCase ViewCase) and is its
// current regisseur or the lead of its team.
func DecideHandoverExport(actor wijkregie.Actor, s *CaseSubject, now time.Time) error {
	if !Allows(actor, ExportHandoverPackage) || s == nil || s.Case == nil || actor.MunicipalityID != s.Case.MunicipalityID {
		return wijkregie.Forbidden()
	}
	if err := DecideCase(actor, ViewCase, s, now); err != nil {
		return err
	}
	c := s.Case
	lead := actor.Role == wijkregie.RoleTeamLead && actor.TeamID != "" && c.TeamID == actor.TeamID
	coordinator := c.CoordinatorID != "" && c.CoordinatorID == actor.UserID
	if !lead && !coordinator {
		return wijkregie.Forbidden()
	}
	return nil
}

// DecideHandoverImport returns nil when the actor may read a package in
// for the team of the municipality: the lead of that team, or beheer.
func DecideHandoverImport(actor wijkregie.Actor, municipalityID, teamID string) error {
	if !Allows(actor, ImportHandoverPackage) || municipalityID == "" || actor.MunicipalityID != municipalityID {
		return wijkregie.Forbidden()
	}
	if actor.Role == wijkregie.RoleTeamLead && (actor.TeamID == "" || actor.TeamID != teamID) {
		return wijkregie.Forbidden()
	}
	return nil
}

// ImportTeam is the team a package is read in for when the actor names
// none: a team lead's own team; "" for beheer, who must name one.
func ImportTeam(actor wijkregie.Actor) string {
	if actor.Role == wijkregie.RoleTeamLead {
		return actor.TeamID
	}
	return ""
}

// SharedWithReceiver reports whether a package may name an organisation
// involved in the case (by id and kind) to the receiving municipality: when
// the family's consent to share information with it (informatie-delen,
// of a current member, in force) or a sharing ground with that purpose
// covers it — the same rule that lets that organisation see the family's
// data (PartnerAccessOf). An organisation the family has not let in that
// far is not named: that it works with the family is itself information
// about the family. The municipality's own organisation (kind gemeente)
// is the sending team's employer, and always named.
func SharedWithReceiver(organisationID string, kind wijkregie.OrganisationKind, f *PartnerFacts, now time.Time) bool {
	if kind == wijkregie.OrgGemeente {
		return true
	}
	if f == nil || organisationID == "" {
		return false
	}
	facts := *f
	facts.Kind = kind
	as := wijkregie.Actor{UserID: "pakket", Role: wijkregie.RolePartner, OrganisationID: organisationID}
	return PartnerAccessOf(as, &facts, now).Share
}
