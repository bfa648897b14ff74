package policy_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestDecidePrintPlan: whoever reads the plan may print it — the team
// working with the family and the lead of the case's team, also under an
// emergency access (which reads, and is reviewed with what it printed);
// no partner, not even one that works on goals of the plan by consent,
// and no other role.
func TestDecidePrintPlan(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	gp := "org-huisarts"
	subject := &policy.CaseSubject{
		Case: &wijkregie.Case{ID: "c1", HouseholdID: "h1", TeamID: "team-1", Status: wijkregie.CasePlan, CoordinatorID: "regisseur"},
		Involvements: []wijkregie.Involvement{
			{HouseholdID: "h1", UserID: "regisseur", Kind: wijkregie.InvolvementCoordinator},
			{HouseholdID: "h1", UserID: "involved", Kind: wijkregie.InvolvementContributor},
			{HouseholdID: "h1", UserID: "nood", Kind: wijkregie.InvolvementNoodToegang, Until: now.Add(time.Hour)},
			{HouseholdID: "h1", UserID: "ended", Kind: wijkregie.InvolvementContributor, Until: now.Add(-time.Hour)},
			{HouseholdID: "h1", UserID: "partner", Kind: wijkregie.InvolvementContributor},
			{HouseholdID: "h1", UserID: "beleid", Kind: wijkregie.InvolvementContributor},
		},
		// The partner's family consented to informatie-delen and to its
		// working on the plan in every domain it has a goal in.
		Partner: &policy.PartnerFacts{Kind: wijkregie.OrgHuisarts, Members: []string{"moeder"}, Consents: []wijkregie.Consent{
			{PersonID: "moeder", OrganisationID: gp, Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, GivenOn: now.AddDate(0, 0, -1)},
			{PersonID: "moeder", OrganisationID: gp, Purpose: wijkregie.ConsentCarryOutPlan, Domains: []string{"financien"}, GivenOn: now.AddDate(0, 0, -1)},
		}},
	}
	actor := func(id string, role wijkregie.Role, team, org string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: "GM0001", UserID: id, Role: role, TeamID: team, OrganisationID: org}
	}
	tests := []struct {
		actor wijkregie.Actor
		want  string // "" allowed, or the refusal's code
	}{
		{actor("regisseur", wijkregie.RoleProfessional, "team-1", ""), ""},
		{actor("involved", wijkregie.RoleProfessional, "team-2", ""), ""},
		{actor("nood", wijkregie.RoleProfessional, "team-1", ""), ""},
		{actor("lead", wijkregie.RoleTeamLead, "team-1", ""), ""},
		{actor("teammate", wijkregie.RoleProfessional, "team-1", ""), wijkregie.EFORBIDDEN},
		{actor("ended", wijkregie.RoleProfessional, "team-2", ""), wijkregie.EFORBIDDEN},
		{actor("other-lead", wijkregie.RoleTeamLead, "team-2", ""), wijkregie.EFORBIDDEN},
		{actor("partner", wijkregie.RolePartner, "", gp), wijkregie.EFORBIDDEN},
		{actor("outsider", wijkregie.RolePartner, "", gp), wijkregie.EFORBIDDEN},
		{actor("beleid", wijkregie.RolePolicy, "team-1", ""), wijkregie.EFORBIDDEN},
		{actor("beheer", wijkregie.RoleAdmin, "", ""), wijkregie.EFORBIDDEN},
		{actor("privacy", wijkregie.RolePrivacy, "", ""), wijkregie.EFORBIDDEN},
	}
	for _, tt := range tests {
		err := policy.DecidePrintPlan(tt.actor, subject, now)
		if got := wijkregie.ErrorCode(err); err != nil && got != tt.want || err == nil && tt.want != "" {
			t.Errorf("%s (%s): DecidePrintPlan = %v; want %q", tt.actor.UserID, tt.actor.Role, err, tt.want)
		}
	}
	// The partner does work on the plan: the refusal is printing's own.
	g := &wijkregie.Goal{Domain: "financien", Owner: wijkregie.OwnerPartner, OrganisationID: gp}
	if err := policy.DecidePartnerGoal(tests[7].actor, subject, g, now); err != nil {
		t.Fatalf("the partner does not work on its goal (%v): the case above tests nothing", err)
	}
	if err := policy.DecidePrintPlan(tests[0].actor, nil, now); err == nil {
		t.Error("DecidePrintPlan without a subject allows")
	}
}
