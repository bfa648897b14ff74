package policy_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestDecideCapacity: the lead of a team reads and sets the capacities of
// that team, and nobody else any team's — not the lead of another team,
// not a professional of the team, not beheer, beleid or toezicht.
func TestDecideCapacity(t *testing.T) {
	const m, own, other = "GM0001", "team-a", "team-b"
	actor := func(r wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: m, UserID: "u", Role: r, TeamID: team}
	}
	tests := []struct {
		name  string
		actor wijkregie.Actor
		team  string
		want  bool
	}{
		{"lead, own team", actor(wijkregie.RoleTeamLead, own), own, true},
		{"lead of another team", actor(wijkregie.RoleTeamLead, own), other, false},
		{"lead without a team", actor(wijkregie.RoleTeamLead, ""), "", false},
		{"professional of the team", actor(wijkregie.RoleProfessional, own), own, false},
		{"beheer", actor(wijkregie.RoleAdmin, ""), own, false},
		{"beleid", actor(wijkregie.RolePolicy, ""), own, false},
		{"toezicht", actor(wijkregie.RoleInspection, ""), own, false},
		{"partner", actor(wijkregie.RolePartner, ""), own, false},
		{"privacy", actor(wijkregie.RolePrivacy, ""), own, false},
		{"no municipality", wijkregie.Actor{UserID: "u", Role: wijkregie.RoleTeamLead, TeamID: own}, own, false},
		{"not logged in", wijkregie.Actor{MunicipalityID: m, Role: wijkregie.RoleTeamLead, TeamID: own}, own, false},
	}
	for _, tt := range tests {
		for _, a := range []policy.Action{policy.ViewCapacity, policy.SetCapacity} {
			t.Run(tt.name+"/"+string(a), func(t *testing.T) {
				err := policy.DecideCapacity(tt.actor, a, tt.team)
				if tt.want && err != nil {
					t.Fatalf("DecideCapacity = %v; want allowed", err)
				}
				if !tt.want && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
					t.Fatalf("DecideCapacity = %v; want forbidden", err)
				}
				// The role check the routes make agrees: only leads pass it.
				if got := policy.Allows(tt.actor, a); got != (tt.actor.Role == wijkregie.RoleTeamLead && tt.actor.UserID != "") {
					t.Errorf("Allows = %v", got)
				}
			})
		}
	}
	// Another action is never decided here.
	if err := policy.DecideCapacity(actor(wijkregie.RoleTeamLead, own), policy.ViewWorkload, own); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("DecideCapacity(ViewWorkload) = %v; want forbidden", err)
	}
}
