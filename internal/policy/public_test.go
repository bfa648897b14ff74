package policy_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestPublicActorDoesOneThing: the public form's actor may hand in a
// concern in its own municipality, and nothing else the policy knows —
// not even read the signal it made; no other role may hand one in.
func TestPublicActorDoesOneThing(t *testing.T) {
	public := policy.PublicActor("GM9901")
	if err := policy.DecideConcern(public, "GM9901"); err != nil {
		t.Errorf("DecideConcern(public, own municipality) = %v; want allowed", err)
	}
	if err := policy.DecideConcern(public, "GM9902"); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("DecideConcern(public, another municipality) = %v; want forbidden", err)
	}
	if err := policy.DecideConcern(public, ""); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("DecideConcern(public, no municipality) = %v; want forbidden", err)
	}
	for _, a := range policy.Actions() {
		if a == policy.SubmitConcern {
			continue
		}
		if policy.Allows(public, a) {
			t.Errorf("Allows(public, %s) = true; want false", a)
		}
		if err := policy.Decide(public, a, nil, time.Time{}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("Decide(public, %s) = %v; want forbidden", a, err)
		}
	}
	if !policy.Allows(public, policy.SubmitConcern) {
		t.Errorf("Allows(public, %s) = false; want true", policy.SubmitConcern)
	}
	// The role's lists and single decisions are empty too.
	if sc := policy.Scope(public); sc != (wijkregie.HouseholdScope{}) {
		t.Errorf("Scope(public) = %+v; want empty", sc)
	}
	if sc := policy.SignalScope(public); !sc.Empty() {
		t.Errorf("SignalScope(public) = %+v; want empty", sc)
	}
	sig := &wijkregie.Signal{MunicipalityID: "GM9901", CreatedBy: policy.PublicUserID, TeamID: "team-1"}
	if err := policy.DecideSignal(public, &policy.SignalSubject{Signal: sig}, time.Time{}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("DecideSignal(public, its own signal) = %v; want forbidden", err)
	}
	if err := policy.DecideTriage(public, sig); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("DecideTriage(public) = %v; want forbidden", err)
	}

	// Nobody else hands in through the form's decision: not a role of the
	// table, not a stranger claiming the public user's id with another role.
	for _, r := range wijkregie.Roles {
		a := actorOf(r)
		a.MunicipalityID = "GM9901"
		if policy.Allows(a, policy.SubmitConcern) || policy.DecideConcern(a, "GM9901") == nil {
			t.Errorf("role %s may hand in a concern as the public form", r)
		}
	}
	impostor := wijkregie.Actor{MunicipalityID: "GM9901", UserID: policy.PublicUserID, Role: wijkregie.RoleProfessional, TeamID: "team-1"}
	if policy.DecideConcern(impostor, "GM9901") == nil {
		t.Errorf("a professional with the public user's id may hand in as the form")
	}
	other := wijkregie.Actor{MunicipalityID: "GM9901", UserID: "iemand", Role: policy.PublicRole}
	if policy.DecideConcern(other, "GM9901") == nil {
		t.Errorf("another user of role publiek may hand in as the form")
	}
	if policy.PublicRole.Valid() {
		t.Errorf("role publiek is one of wijkregie.Roles: forms would offer it")
	}
}
