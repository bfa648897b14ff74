package policy

import "wijkregie"

// Capacity (docs/uitkomsten.md, "Capaciteit"): the hours per week each
// professional of a team has for the team's cases. Contract hours are
// personal data of staff, and the one who needs them is the one who
// balances the team's caseload:
//
//   - The team lead reads and sets them for the own team's professionals
//     and leads, the lead's own hours included. Another team's are
//     refused.
//   - Nobody else reads them one by one. Beheer manages accounts, not
//     caseloads: it would read everyone's hours for a task that is not
//     its own, so it sets none either — a team without a lead gets an
//     (acting) lead through beheer, who then sets them. Beleid and
//     toezicht see a team's sum only, in the workload report
//     (DecideMeasures), never per professional; professionals and
//     partners see none.
const (
	ViewCapacity Action = "capaciteit.bekijken"
	SetCapacity  Action = "capaciteit.vastleggen"
)

func init() {
	general[ViewCapacity] = roles(wijkregie.RoleTeamLead)
	general[SetCapacity] = roles(wijkregie.RoleTeamLead)
}

// DecideCapacity returns nil when the actor may do a (ViewCapacity or
// SetCapacity) to the capacities of team teamID: its own lead. Whether a
// professional belongs to that team is the use case's to check against
// the store, inside the change.
func DecideCapacity(actor wijkregie.Actor, a Action, teamID string) error {
	if a != ViewCapacity && a != SetCapacity {
		return wijkregie.Forbidden()
	}
	if !Allows(actor, a) || actor.MunicipalityID == "" || actor.TeamID == "" || actor.TeamID != teamID {
		return wijkregie.Forbidden()
	}
	return nil
}
