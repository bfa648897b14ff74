package policy

import (
	"testing"

	"wijkregie"
)

// TestRightsRoles: requests are the privacy officer's alone; the notice
// is the team's; every action is known to the route table.
func TestRightsRoles(t *testing.T) {
	privacyOnly := []Action{ViewRightsRequests, RecordRightsRequest, DecideRightsRequest, ExtendRightsRequest,
		RestrictProcessing, LiftRestriction, CorrectPerson, ErasePerson}
	team := []Action{ProduceNotice, RecordNoticeSent}
	for _, r := range wijkregie.Roles {
		actor := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u", Role: r}
		for _, a := range privacyOnly {
			if !Known(a) {
				t.Errorf("%s is not known", a)
			}
			if got, want := Allows(actor, a), r == wijkregie.RolePrivacy; got != want {
				t.Errorf("%s may %s: %v; want %v", r, a, got, want)
			}
		}
		for _, a := range team {
			if got, want := Allows(actor, a), r == wijkregie.RoleProfessional || r == wijkregie.RoleTeamLead; got != want {
				t.Errorf("%s may %s: %v; want %v", r, a, got, want)
			}
		}
	}
	priv := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u", Role: wijkregie.RolePrivacy}
	if DecideRights(priv, DecideRightsRequest, "GM0001") != nil {
		t.Error("the privacy officer may not decide a request of their municipality")
	}
	if DecideRights(priv, DecideRightsRequest, "GM0002") == nil {
		t.Error("the privacy officer may decide a request of another municipality")
	}
}
