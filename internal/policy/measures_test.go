package policy_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/policy"
)

func TestDecideMeasures(t *testing.T) {
	const m, own, other = "GM0001", "team-a", "team-b"
	actor := func(r wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: m, UserID: "u", Role: r, TeamID: team}
	}
	tests := []struct {
		name   string
		actor  wijkregie.Actor
		action policy.Action
		team   string
		want   *policy.MeasuresAccess // nil: refused
	}{
		{"lead, own team's outcomes", actor(wijkregie.RoleTeamLead, own), policy.ViewOutcomes, own, &policy.MeasuresAccess{Suppress: true}},
		{"lead, own team's workload per professional", actor(wijkregie.RoleTeamLead, own), policy.ViewWorkload, own, &policy.MeasuresAccess{PerProfessional: true}},
		{"lead of another team", actor(wijkregie.RoleTeamLead, own), policy.ViewOutcomes, other, nil},
		{"lead, the municipality", actor(wijkregie.RoleTeamLead, own), policy.ViewWorkload, "", nil},
		{"lead without a team", actor(wijkregie.RoleTeamLead, ""), policy.ViewOutcomes, "", nil},
		{"beleid, the municipality", actor(wijkregie.RolePolicy, ""), policy.ViewOutcomes, "", &policy.MeasuresAccess{Suppress: true}},
		{"beleid, a team's workload: never per professional", actor(wijkregie.RolePolicy, ""), policy.ViewWorkload, own, &policy.MeasuresAccess{Suppress: true}},
		{"toezicht", actor(wijkregie.RoleInspection, ""), policy.ViewWorkload, "", &policy.MeasuresAccess{Suppress: true}},
		{"professional", actor(wijkregie.RoleProfessional, own), policy.ViewOutcomes, own, nil},
		{"beheer", actor(wijkregie.RoleAdmin, ""), policy.ViewOutcomes, "", nil},
		{"partner", actor(wijkregie.RolePartner, ""), policy.ViewWorkload, "", nil},
		{"privacy", actor(wijkregie.RolePrivacy, ""), policy.ViewOutcomes, "", nil},
		{"no municipality", wijkregie.Actor{Role: wijkregie.RolePolicy}, policy.ViewOutcomes, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := policy.DecideMeasures(tt.actor, tt.action, tt.team)
			if tt.want == nil {
				if wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
					t.Fatalf("DecideMeasures = %+v, %v; want forbidden", got, err)
				}
				return
			}
			if err != nil || got != *tt.want {
				t.Fatalf("DecideMeasures = %+v, %v; want %+v", got, err, *tt.want)
			}
		})
	}
}
