package policy_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestDecideMijnPlan: reading while the person may use Mijn Plan;
// changing the plan, giving consent and writing only while the case is
// open; withdrawing at any time they may log in; rating only after
// closure, within 90 days; never for another person or a staff role.
func TestDecideMijnPlan(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	resident := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "p1", Role: wijkregie.RoleResident}
	open := policy.ResidentFacts{MunicipalityID: "GM0001", PersonID: "p1", HouseholdID: "h1", IsCurrentMember: true, Age: 40, CaseOpen: true, Now: now}
	closed := open
	closed.CaseOpen, closed.ClosedAt = false, now.Add(-10*24*time.Hour)
	longAgo := closed
	longAgo.ClosedAt = now.Add(-91 * 24 * time.Hour)
	young := open
	young.Age = 15
	other := resident
	other.UserID = "p2"
	staff := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleProfessional, TeamID: "t1"}

	all := []policy.Action{policy.ViewMijnPlan, policy.ViewMijnPlanConsents, policy.WithdrawMijnPlanConsent, policy.GiveMijnPlanConsent,
		policy.AddMijnPlanAction, policy.CompleteMijnPlanAction, policy.SendMijnPlanMessage, policy.RateMijnPlan}
	for _, tc := range []struct {
		name  string
		actor wijkregie.Actor
		f     policy.ResidentFacts
		allow []policy.Action
	}{
		{"open case", resident, open, all[:7]},
		{"closed 10 days ago", resident, closed, []policy.Action{policy.ViewMijnPlan, policy.ViewMijnPlanConsents, policy.WithdrawMijnPlanConsent, policy.RateMijnPlan}},
		{"closed 91 days ago", resident, longAgo, nil},
		{"under 16", resident, young, nil},
		{"another person's facts", other, open, nil},
		{"a professional", staff, open, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, a := range all {
				err := policy.DecideMijnPlan(tc.actor, a, tc.f)
				want := false
				for _, x := range tc.allow {
					want = want || x == a
				}
				if (err == nil) != want {
					t.Errorf("%s: %v; want allowed %v", a, err, want)
				}
			}
		})
	}
}

// TestManagesConsents: a member manages their own consents; a parent a
// child's up to 15, not from 16 and not when the age is unknown; a child
// never a parent's, a partner never another adult's.
func TestManagesConsents(t *testing.T) {
	parent := policy.MijnPlanMember{PersonID: "mum", Relation: wijkregie.RelationParent, Age: 42}
	for _, tc := range []struct {
		name          string
		self, subject policy.MijnPlanMember
		want          bool
	}{
		{"own", parent, parent, true},
		{"child of 11", parent, policy.MijnPlanMember{PersonID: "c", Relation: wijkregie.RelationChild, Age: 11}, true},
		{"child of 15", parent, policy.MijnPlanMember{PersonID: "c", Relation: wijkregie.RelationChild, Age: 15}, true},
		{"child of 16", parent, policy.MijnPlanMember{PersonID: "c", Relation: wijkregie.RelationChild, Age: 16}, false},
		{"child, age unknown", parent, policy.MijnPlanMember{PersonID: "c", Relation: wijkregie.RelationChild, Age: -1}, false},
		{"the other parent", parent, policy.MijnPlanMember{PersonID: "dad", Relation: wijkregie.RelationParent, Age: 44}, false},
		{"a partner", policy.MijnPlanMember{PersonID: "x", Relation: wijkregie.RelationPartner, Age: 40},
			policy.MijnPlanMember{PersonID: "c", Relation: wijkregie.RelationChild, Age: 5}, false},
		{"a child of 17 for its parent", policy.MijnPlanMember{PersonID: "c", Relation: wijkregie.RelationChild, Age: 17}, parent, false},
	} {
		if got := policy.ManagesConsents(tc.self, tc.subject); got != tc.want {
			t.Errorf("%s: %v; want %v", tc.name, got, tc.want)
		}
	}
}

// TestFamilyAction: the family marks done the actions of its own and its
// network's goals and those it added; not a professional's or partner's.
func TestFamilyAction(t *testing.T) {
	for owner, want := range map[wijkregie.GoalOwner]bool{wijkregie.OwnerFamily: true, wijkregie.OwnerNetwork: true,
		wijkregie.OwnerProfessional: false, wijkregie.OwnerPartner: false} {
		g := &wijkregie.Goal{Owner: owner}
		if got := policy.FamilyAction(g, false); got != want {
			t.Errorf("%s: %v; want %v", owner, got, want)
		}
		if !policy.FamilyAction(g, true) {
			t.Errorf("%s: an action the family added is not theirs", owner)
		}
	}
}

// TestDecideMijnPlanStaff: the team involved reads messages and ratings,
// a partner does not; only the regisseur and the team's lead mark read.
func TestDecideMijnPlanStaff(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	c := &wijkregie.Case{MunicipalityID: "GM0001", ID: "c1", HouseholdID: "h1", TeamID: "t1", CoordinatorID: "reg", Status: wijkregie.CaseExecution}
	invs := []wijkregie.Involvement{{HouseholdID: "h1", UserID: "reg"}, {HouseholdID: "h1", UserID: "pro"}, {HouseholdID: "h1", UserID: "par"}}
	s := &policy.CaseSubject{Case: c, Involvements: invs}
	reg := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "reg", Role: wijkregie.RoleProfessional, TeamID: "t1"}
	pro := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "pro", Role: wijkregie.RoleProfessional, TeamID: "t1"}
	lead := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "lead", Role: wijkregie.RoleTeamLead, TeamID: "t1"}
	par := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "par", Role: wijkregie.RolePartner, OrganisationID: "o1"}
	outsider := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "out", Role: wijkregie.RoleProfessional, TeamID: "t2"}
	for _, tc := range []struct {
		actor      wijkregie.Actor
		read, mark bool
	}{{reg, true, true}, {pro, true, false}, {lead, true, true}, {par, false, false}, {outsider, false, false}} {
		for _, a := range []policy.Action{policy.ReadMijnPlanMessages, policy.ReadMijnPlanRatings} {
			if got := policy.DecideMijnPlanStaff(tc.actor, a, s, now) == nil; got != tc.read {
				t.Errorf("%s %s: %v; want %v", tc.actor.UserID, a, got, tc.read)
			}
		}
		if got := policy.DecideMijnPlanStaff(tc.actor, policy.MarkMijnPlanMessageRead, s, now) == nil; got != tc.mark {
			t.Errorf("%s marks read: %v; want %v", tc.actor.UserID, got, tc.mark)
		}
	}
}
