package policy

import "wijkregie"

// Vroegsignalering schulden (../shared/domain/vroegsignalering.md,
// docs/vroegsignalering.md). Creditors' reports are personal data about
// residents who did not ask for help, so they are worked by the team whose
// area holds the address, and nobody else reads them per household:
//
//   - A delivery of reports is imported by a team lead or by beheer (who
//     receives the national platform's files); the answer names lines and
//     fields, never a row's content.
//   - An outreach is read and worked by the professionals and the lead of
//     its team, by the professional it is assigned to, and by the regisseur
//     of the open case it joined (DecideOutreach).
//   - What a creditor is told back (the reduced outcome per reference) is
//     exported by the lead or beheer, as they import.
//   - The monitoring figures are aggregates: the lead, beleid, toezicht and
//     beheer read them.
//
// The public concern form needs no login and no action here: its use case
// registers the signal as the municipality's "publiek" user, which holds
// no role the table knows.
const (
	ImportArrears          Action = "betalingsachterstanden.importeren"
	ListOutreach           Action = "vroegsignalen.bekijken"
	ViewOutreach           Action = "vroegsignaal.lezen"
	WorkOutreach           Action = "vroegsignaal.bewerken"
	ExportCreditorFeedback Action = "terugmelding.exporteren"
	ViewOutreachMonitor    Action = "vroegsignalering.monitor"
)

func init() {
	leadOrAdmin := roles(wijkregie.RoleTeamLead, wijkregie.RoleAdmin)
	general[ImportArrears] = leadOrAdmin
	general[ExportCreditorFeedback] = leadOrAdmin
	general[ListOutreach] = teamWork
	general[ViewOutreach] = teamWork
	general[WorkOutreach] = teamWork
	general[ViewOutreachMonitor] = roles(wijkregie.RoleTeamLead, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin)
}

// OutreachSubject is what the policy needs to know of one outreach.
type OutreachSubject struct {
	MunicipalityID  string
	TeamID          string
	AssignedTo      string
	CaseCoordinator string // the regisseur of the open case it joined, if any
}

// DecideOutreach returns nil when the actor may perform a (ViewOutreach or
// WorkOutreach) on the outreach: a member of its team, the professional it
// is assigned to, or the regisseur of the case it joined.
func DecideOutreach(actor wijkregie.Actor, a Action, o OutreachSubject) error {
	if !Allows(actor, a) || actor.MunicipalityID == "" || actor.MunicipalityID != o.MunicipalityID {
		return wijkregie.Forbidden()
	}
	switch {
	case o.TeamID != "" && actor.TeamID == o.TeamID,
		o.AssignedTo != "" && actor.UserID == o.AssignedTo,
		o.CaseCoordinator != "" && actor.UserID == o.CaseCoordinator:
		return nil
	}
	return wijkregie.Forbidden()
}

// OutreachTeams returns the team whose outreach list the actor may see: only
// their own. "" means none.
func OutreachTeams(actor wijkregie.Actor) string {
	if !Allows(actor, ListOutreach) {
		return ""
	}
	return actor.TeamID
}
