package policy

import "wijkregie"

// Outcome measures and workload (docs/uitkomsten.md): aggregates only.
// Nobody reads a family through them, so the rule is not about a subject
// but about the level of detail:
//
//   - A team lead reads the own team: its outcomes, and its workload per
//     professional (the lead assigns the cases and balances the load).
//     Another team, or the municipality as a whole, is refused.
//   - Beleid and toezicht read the municipality and each team, never per
//     professional, and always with small cells withheld: their reports
//     leave the team (council, inspectorate).
//   - Beheer, professionals, partners and the privacy officer read none.
//
// The outcomes are always withheld below the small-cell threshold, for the
// lead too: a report is made to be passed on. The workload of the own
// team is shown to its lead as it is — the lead's team overview shows the
// same numbers already, for the same steering.
const (
	ViewOutcomes Action = "rapportage.uitkomsten"
	ViewWorkload Action = "rapportage.werklast"
)

func init() {
	readers := roles(wijkregie.RoleTeamLead, wijkregie.RolePolicy, wijkregie.RoleInspection)
	general[ViewOutcomes] = readers
	general[ViewWorkload] = readers
}

// MeasuresAccess is how much of a report an actor may read.
type MeasuresAccess struct {
	Suppress        bool // small cells withheld (wijkregie.SmallCell)
	PerProfessional bool // the workload per professional
}

// DecideMeasures returns what the actor may read of the report a
// (ViewOutcomes or ViewWorkload) for team teamID ("" for the whole
// municipality), or Forbidden.
func DecideMeasures(actor wijkregie.Actor, a Action, teamID string) (MeasuresAccess, error) {
	if !Allows(actor, a) || actor.MunicipalityID == "" {
		return MeasuresAccess{}, wijkregie.Forbidden()
	}
	switch actor.Role {
	case wijkregie.RoleTeamLead:
		if actor.TeamID == "" || teamID != actor.TeamID {
			return MeasuresAccess{}, wijkregie.Forbidden()
		}
		return MeasuresAccess{Suppress: a == ViewOutcomes, PerProfessional: a == ViewWorkload}, nil
	case wijkregie.RolePolicy, wijkregie.RoleInspection:
		return MeasuresAccess{Suppress: true}, nil
	}
	return MeasuresAccess{}, wijkregie.Forbidden()
}
