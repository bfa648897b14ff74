package policy_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestDecideEmergencyAccess: a professional or team lead of the
// municipality outside the case may take emergency access; one whose
// scope holds the case already is told so (a conflict); every other role,
// and another municipality's staff, is refused. Once taken, the
// nood-toegang involvement grants the case until its end and no longer.
func TestDecideEmergencyAccess(t *testing.T) {
	now := time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC)
	const m = "GM0001"
	c := &wijkregie.Case{MunicipalityID: m, ID: "c1", HouseholdID: "h1", TeamID: "team-1", Status: wijkregie.CaseExecution, CoordinatorID: "u-regisseur"}
	subj := &policy.CaseSubject{Case: c, Involvements: []wijkregie.Involvement{
		{MunicipalityID: m, HouseholdID: "h1", UserID: "u-regisseur", Kind: wijkregie.InvolvementCoordinator},
		{MunicipalityID: m, HouseholdID: "h1", UserID: "u-involved", Kind: wijkregie.InvolvementContributor},
		{MunicipalityID: m, HouseholdID: "h1", UserID: "u-ended", Kind: wijkregie.InvolvementContributor, Until: now.Add(-time.Minute)},
		{MunicipalityID: m, HouseholdID: "h1", UserID: "u-emergency", Kind: wijkregie.InvolvementNoodToegang, Until: now.Add(time.Hour)},
	}}
	actor := func(id string, role wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: m, UserID: id, Role: role, TeamID: team, OrganisationID: "org"}
	}
	elsewhere := actor("u-other-town", wijkregie.RoleProfessional, "team-9")
	elsewhere.MunicipalityID = "GM0002"
	tests := []struct {
		name  string
		actor wijkregie.Actor
		want  string // error code, "" for allowed
	}{
		{"a professional of another team", actor("u-outsider", wijkregie.RoleProfessional, "team-2"), ""},
		{"a professional of the case's team, not involved", actor("u-colleague", wijkregie.RoleProfessional, "team-1"), ""},
		{"a team lead of another team", actor("u-lead-2", wijkregie.RoleTeamLead, "team-2"), ""},
		{"a professional whose involvement ended", actor("u-ended", wijkregie.RoleProfessional, "team-2"), ""},
		{"the regisseur", actor("u-regisseur", wijkregie.RoleProfessional, "team-1"), wijkregie.ECONFLICT},
		{"a betrokkene", actor("u-involved", wijkregie.RoleProfessional, "team-2"), wijkregie.ECONFLICT},
		{"the lead of the case's team", actor("u-lead-1", wijkregie.RoleTeamLead, "team-1"), wijkregie.ECONFLICT},
		{"one with a current emergency access", actor("u-emergency", wijkregie.RoleProfessional, "team-2"), wijkregie.ECONFLICT},
		{"a partner", actor("u-partner", wijkregie.RolePartner, ""), wijkregie.EFORBIDDEN},
		{"a partner involved", actor("u-involved", wijkregie.RolePartner, ""), wijkregie.EFORBIDDEN},
		{"beleid", actor("u-beleid", wijkregie.RolePolicy, ""), wijkregie.EFORBIDDEN},
		{"toezicht", actor("u-toezicht", wijkregie.RoleInspection, ""), wijkregie.EFORBIDDEN},
		{"beheer", actor("u-beheer", wijkregie.RoleAdmin, ""), wijkregie.EFORBIDDEN},
		{"the privacy officer", actor("u-privacy", wijkregie.RolePrivacy, ""), wijkregie.EFORBIDDEN},
		{"nobody", wijkregie.Actor{MunicipalityID: m, Role: wijkregie.RoleProfessional, TeamID: "team-2"}, wijkregie.EFORBIDDEN},
		{"another municipality's professional", elsewhere, wijkregie.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := policy.DecideEmergencyAccess(tt.actor, subj, now)
			if got := wijkregie.ErrorCode(err); got != tt.want {
				t.Errorf("DecideEmergencyAccess = %v (%q); want %q", err, got, tt.want)
			}
		})
	}
	if err := policy.DecideEmergencyAccess(actor("u-outsider", wijkregie.RoleProfessional, "team-2"), nil, now); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("no subject: %v; want forbidden", err)
	}

	// The access, once taken, is an involvement like any other for the
	// one policy: the case is open until the end, and closed from it.
	holder := actor("u-emergency", wijkregie.RoleProfessional, "team-2")
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{{now, true}, {now.Add(time.Hour - time.Nanosecond), true}, {now.Add(time.Hour), false}} {
		if got := policy.DecideCase(holder, policy.ViewCase, subj, tt.at) == nil; got != tt.want {
			t.Errorf("ViewCase at end%+v = %v; want %v", tt.at.Sub(now.Add(time.Hour)), got, tt.want)
		}
		if got := policy.InCaseScope(policy.Scope(holder), subj, tt.at); got != tt.want {
			t.Errorf("InCaseScope at end%+v = %v; want %v", tt.at.Sub(now.Add(time.Hour)), got, tt.want)
		}
	}
	// It lets the holder look, not steer: the regisseur's and the team
	// lead's actions stay theirs.
	for _, a := range []policy.Action{policy.ChangeCase, policy.AssignCoordinator, policy.UseMandate, policy.ChangePlan, policy.CloseCase} {
		if err := policy.DecideCase(holder, a, subj, now); err == nil {
			t.Errorf("emergency access allows %s", a)
		}
	}
	// After the end, another may be taken.
	if err := policy.DecideEmergencyAccess(holder, subj, now.Add(time.Hour)); err != nil {
		t.Errorf("a new access after the end: %v", err)
	}
}

// TestDecideReview: only the privacy officer lists, reads and reviews
// emergency accesses.
func TestDecideReview(t *testing.T) {
	for _, role := range wijkregie.Roles {
		a := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u", Role: role, TeamID: "team-1", OrganisationID: "org"}
		want := role == wijkregie.RolePrivacy
		if got := policy.DecideReview(a) == nil; got != want {
			t.Errorf("DecideReview(%s) = %v; want %v", role, got, want)
		}
	}
	if err := policy.DecideReview(wijkregie.Actor{MunicipalityID: "GM0001", Role: wijkregie.RolePrivacy}); err == nil {
		t.Error("DecideReview allows a privacy actor without a user")
	}
}
