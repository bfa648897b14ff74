package policy_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/policy"
)

func TestDecideInzage(t *testing.T) {
	const gm = "GM0001"
	for _, tc := range []struct {
		name  string
		actor wijkregie.Actor
		of    string
		ok    bool
	}{
		{"privacy officer of the municipality", wijkregie.Actor{MunicipalityID: gm, UserID: "u1", Role: wijkregie.RolePrivacy}, gm, true},
		{"privacy officer of another municipality", wijkregie.Actor{MunicipalityID: "GM0002", UserID: "u1", Role: wijkregie.RolePrivacy}, gm, false},
		{"not logged in", wijkregie.Actor{MunicipalityID: gm, Role: wijkregie.RolePrivacy}, gm, false},
		{"no municipality", wijkregie.Actor{UserID: "u1", Role: wijkregie.RolePrivacy}, "", false},
	} {
		if err := policy.DecideInzage(tc.actor, tc.of); (err == nil) != tc.ok {
			t.Errorf("%s: DecideInzage = %v, want allowed %v", tc.name, err, tc.ok)
		}
	}
	for _, r := range wijkregie.Roles {
		a := wijkregie.Actor{MunicipalityID: gm, UserID: "u1", Role: r, TeamID: "t1", OrganisationID: "o1"}
		if err := policy.DecideInzage(a, gm); (err == nil) != (r == wijkregie.RolePrivacy) {
			t.Errorf("role %s: DecideInzage = %v", r, err)
		}
		if policy.Allows(a, policy.SearchPersons) && r == wijkregie.RolePrivacy {
			t.Error("the privacy officer may use the team's general person search")
		}
	}
	if policy.Known(policy.SearchForInzage) {
		t.Error("SearchForInzage is a route action; it names only the search in the audit log")
	}
}
