package policy

import "wijkregie"

// The composed reports (docs/uitkomsten.md, "Rapporten als PDF"): a
// document of outcome and workload tables made to be passed on — to the
// team's meeting, the council, the inspectorate. They are read through the
// same measures (DecideMeasures decides each part); this rule decides who
// may make which document at all:
//
//   - teammaand, one team's calendar month: its team lead, for the own
//     team only; beleid and toezicht for any team.
//   - raad, the municipality's period with teams as rows: beleid and
//     toezicht only. A lead steers a team, not the municipality.
//
// A composed report never holds the workload per professional, not even
// the lead's own: a document travels, and names on a caseload do not
// belong in it.

// MakeCouncilReport is the route's action for the council report: only
// beleid and toezicht make it, so the role check refuses a lead before
// any handler runs.
const MakeCouncilReport Action = "rapportage.raad"

func init() {
	general[MakeCouncilReport] = roles(wijkregie.RolePolicy, wijkregie.RoleInspection)
}

// ReportKind is a kind of composed report.
type ReportKind string

// The composed reports.
const (
	ReportTeamMonth ReportKind = "teammaand"
	ReportCouncil   ReportKind = "raad"
)

// ReportKinds are the composed reports, in the order the API lists them.
var ReportKinds = []ReportKind{ReportTeamMonth, ReportCouncil}

// DecideReport returns whether the actor may make a composed report of
// kind for team teamID ("" for the whole municipality), or Forbidden.
// The parts are then decided by DecideMeasures as any report is.
func DecideReport(actor wijkregie.Actor, kind ReportKind, teamID string) error {
	if actor.MunicipalityID == "" || !Allows(actor, ViewOutcomes) || !Allows(actor, ViewWorkload) {
		return wijkregie.Forbidden()
	}
	switch kind {
	case ReportTeamMonth:
		if teamID == "" {
			return wijkregie.Forbidden()
		}
		switch actor.Role {
		case wijkregie.RoleTeamLead:
			if actor.TeamID == "" || actor.TeamID != teamID {
				return wijkregie.Forbidden()
			}
			return nil
		case wijkregie.RolePolicy, wijkregie.RoleInspection:
			return nil
		}
	case ReportCouncil:
		if teamID != "" {
			return wijkregie.Forbidden()
		}
		switch actor.Role {
		case wijkregie.RolePolicy, wijkregie.RoleInspection:
			return nil
		}
	}
	return wijkregie.Forbidden()
}
