package policy

import (
	"testing"

	"wijkregie"
)

// TestDecideRetentionRun: beheer runs retention for real and dry; the
// privacy officer only dry; every other role not at all.
func TestDecideRetentionRun(t *testing.T) {
	for _, r := range wijkregie.Roles {
		a := wijkregie.Actor{MunicipalityID: "GM0363", UserID: "u", Role: r}
		wantReal := r == wijkregie.RoleAdmin
		wantDry := r == wijkregie.RoleAdmin || r == wijkregie.RolePrivacy
		if got := DecideRetentionRun(a, false) == nil; got != wantReal {
			t.Errorf("%s real run allowed %v; want %v", r, got, wantReal)
		}
		if got := DecideRetentionRun(a, true) == nil; got != wantDry {
			t.Errorf("%s dry run allowed %v; want %v", r, got, wantDry)
		}
	}
	if err := DecideRetentionRun(wijkregie.SystemActor("GM0363"), false); err != nil {
		t.Errorf("the system actor may not run retention: %v", err)
	}
	if err := DecideRetentionRun(wijkregie.Actor{Role: wijkregie.RoleAdmin}, true); err == nil {
		t.Error("an actor without a user may run retention")
	}
}
