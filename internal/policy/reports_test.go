package policy_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/policy"
)

func TestDecideReport(t *testing.T) {
	const m, own, other = "GM0001", "team-a", "team-b"
	actor := func(r wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: m, UserID: "u", Role: r, TeamID: team}
	}
	tests := []struct {
		name  string
		actor wijkregie.Actor
		kind  policy.ReportKind
		team  string
		ok    bool
	}{
		{"lead, own team's month", actor(wijkregie.RoleTeamLead, own), policy.ReportTeamMonth, own, true},
		{"lead, another team's month", actor(wijkregie.RoleTeamLead, own), policy.ReportTeamMonth, other, false},
		{"lead without a team", actor(wijkregie.RoleTeamLead, ""), policy.ReportTeamMonth, "", false},
		{"lead, the council report", actor(wijkregie.RoleTeamLead, own), policy.ReportCouncil, "", false},
		{"beleid, a team's month", actor(wijkregie.RolePolicy, ""), policy.ReportTeamMonth, other, true},
		{"beleid, a month without a team", actor(wijkregie.RolePolicy, ""), policy.ReportTeamMonth, "", false},
		{"beleid, the council report", actor(wijkregie.RolePolicy, ""), policy.ReportCouncil, "", true},
		{"beleid, a council report of one team", actor(wijkregie.RolePolicy, ""), policy.ReportCouncil, own, false},
		{"toezicht, both", actor(wijkregie.RoleInspection, ""), policy.ReportCouncil, "", true},
		{"toezicht, a team's month", actor(wijkregie.RoleInspection, ""), policy.ReportTeamMonth, own, true},
		{"professional", actor(wijkregie.RoleProfessional, own), policy.ReportTeamMonth, own, false},
		{"beheer", actor(wijkregie.RoleAdmin, ""), policy.ReportCouncil, "", false},
		{"partner", actor(wijkregie.RolePartner, ""), policy.ReportCouncil, "", false},
		{"privacy", actor(wijkregie.RolePrivacy, ""), policy.ReportCouncil, "", false},
		{"no municipality", wijkregie.Actor{Role: wijkregie.RolePolicy}, policy.ReportCouncil, "", false},
		{"an unknown kind", actor(wijkregie.RolePolicy, ""), policy.ReportKind("jaar"), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := policy.DecideReport(tt.actor, tt.kind, tt.team)
			if tt.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.ok && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("got %v, want forbidden", err)
			}
		})
	}
}
