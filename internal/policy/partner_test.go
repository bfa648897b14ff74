package policy_test

import (
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestPartnerAccessOf: what consents and grounds give a partner, worked
// out by hand per case.
func TestPartnerAccessOf(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	given := now.AddDate(0, -1, 0)
	partner := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RolePartner, OrganisationID: "org-1"}
	consent := func(person, org string, kind wijkregie.OrganisationKind, p wijkregie.ConsentPurpose, domains ...string) wijkregie.Consent {
		return wijkregie.Consent{PersonID: person, OrganisationID: org, OrganisationKind: kind, Purpose: p, Domains: domains, GivenOn: given}
	}
	ground := func(org string, ps ...wijkregie.ConsentPurpose) wijkregie.SharingGround {
		return wijkregie.SharingGround{OrganisationID: org, Ground: wijkregie.GroundWgs, Purposes: ps, RecordedAt: now.Add(-time.Hour)}
	}
	expired := consent("p1", "org-1", "", wijkregie.ConsentCarryOutPlan, "werk")
	expired.Until = now.AddDate(0, 0, -1)
	for _, tc := range []struct {
		name  string
		actor wijkregie.Actor
		facts *policy.PartnerFacts
		want  policy.PartnerAccess
	}{
		{"nothing", partner, &policy.PartnerFacts{Members: []string{"p1"}}, policy.PartnerAccess{}},
		{"no facts", partner, nil, policy.PartnerAccess{}},
		{"plan consents of two members add up, once each", partner, &policy.PartnerFacts{Members: []string{"p1", "p2"}, Consents: []wijkregie.Consent{
			consent("p1", "org-1", "", wijkregie.ConsentCarryOutPlan, "financien", "werk"),
			consent("p2", "org-1", "", wijkregie.ConsentCarryOutPlan, "werk", "huisvesting"),
			expired,
		}}, policy.PartnerAccess{PlanDomains: []string{"financien", "huisvesting", "werk"}}},
		{"a consent naming the organisation's kind", partner, &policy.PartnerFacts{Kind: wijkregie.OrganisationKind("huisarts"), Members: []string{"p1"},
			Consents: []wijkregie.Consent{consent("p1", "", "huisarts", wijkregie.ConsentShareInformation, "lichamelijke-gezondheid")}},
			policy.PartnerAccess{Share: true}},
		{"a consent naming another kind", partner, &policy.PartnerFacts{Kind: wijkregie.OrganisationKind("school"), Members: []string{"p1"},
			Consents: []wijkregie.Consent{consent("p1", "", "huisarts", wijkregie.ConsentShareInformation, "lichamelijke-gezondheid")}},
			policy.PartnerAccess{}},
		{"consultation", partner, &policy.PartnerFacts{Members: []string{"p1"}, Consents: []wijkregie.Consent{
			consent("p1", "org-1", "", wijkregie.ConsentTeamConsultation, "werk")}}, policy.PartnerAccess{Consult: true}},
		{"a ground for the plan covers every domain", partner, &policy.PartnerFacts{Grounds: []wijkregie.SharingGround{
			ground("org-1", wijkregie.ConsentCarryOutPlan, wijkregie.ConsentShareInformation)}},
			policy.PartnerAccess{Share: true, AllPlanDomains: true, ByGround: true}},
		{"another organisation's ground", partner, &policy.PartnerFacts{Grounds: []wijkregie.SharingGround{ground("org-2", wijkregie.ConsentShareInformation)}},
			policy.PartnerAccess{}},
		{"a professional gets nothing from these facts", wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u2", Role: wijkregie.RoleProfessional,
			OrganisationID: "org-1"}, &policy.PartnerFacts{Grounds: []wijkregie.SharingGround{ground("org-1", wijkregie.ConsentShareInformation)}},
			policy.PartnerAccess{}},
	} {
		got := policy.PartnerAccessOf(tc.actor, tc.facts, now)
		if got.Share != tc.want.Share || got.Consult != tc.want.Consult || got.AllPlanDomains != tc.want.AllPlanDomains ||
			got.ByGround != tc.want.ByGround || !slices.Equal(got.PlanDomains, tc.want.PlanDomains) {
			t.Errorf("%s: PartnerAccessOf = %+v; want %+v", tc.name, got, tc.want)
		}
		if got.Known() != (!tc.want.Share && !tc.want.Consult && !tc.want.AllPlanDomains && len(tc.want.PlanDomains) == 0) {
			t.Errorf("%s: Known = %v", tc.name, got.Known())
		}
	}
}

// TestDecidePartnerGoal: a partner works on its own organisation's goals,
// in the domains its access covers, on an open case in its scope.
func TestDecidePartnerGoal(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	partner := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RolePartner, OrganisationID: "org-1"}
	c := &wijkregie.Case{MunicipalityID: "GM0001", ID: "c1", HouseholdID: "h1", TeamID: "team-1", Status: wijkregie.CaseExecution}
	involved := []wijkregie.Involvement{{MunicipalityID: "GM0001", HouseholdID: "h1", UserID: "u1", Kind: wijkregie.InvolvementContributor,
		From: now.AddDate(0, -1, 0)}}
	facts := &policy.PartnerFacts{Members: []string{"p1"}, Consents: []wijkregie.Consent{{PersonID: "p1", OrganisationID: "org-1",
		Purpose: wijkregie.ConsentCarryOutPlan, Domains: []string{"financien"}, GivenOn: now.AddDate(0, -1, 0)}}}
	subj := &policy.CaseSubject{Case: c, Involvements: involved, Partner: facts}
	goal := func(owner wijkregie.GoalOwner, org, domain string) *wijkregie.Goal {
		return &wijkregie.Goal{ID: "g1", Domain: domain, Owner: owner, OrganisationID: org}
	}
	closed := *c
	closed.Status = wijkregie.CaseClosed
	for _, tc := range []struct {
		name  string
		actor wijkregie.Actor
		subj  *policy.CaseSubject
		goal  *wijkregie.Goal
		want  bool
	}{
		{"its goal in a consented domain", partner, subj, goal(wijkregie.OwnerPartner, "org-1", "financien"), true},
		{"its goal in another domain", partner, subj, goal(wijkregie.OwnerPartner, "org-1", "werk"), false},
		{"another organisation's goal", partner, subj, goal(wijkregie.OwnerPartner, "org-2", "financien"), false},
		{"the family's goal", partner, subj, goal(wijkregie.OwnerFamily, "", "financien"), false},
		{"not involved", partner, &policy.CaseSubject{Case: c, Partner: facts}, goal(wijkregie.OwnerPartner, "org-1", "financien"), false},
		{"without consent", partner, &policy.CaseSubject{Case: c, Involvements: involved}, goal(wijkregie.OwnerPartner, "org-1", "financien"), false},
		{"a closed case", partner, &policy.CaseSubject{Case: &closed, Involvements: involved, Partner: facts},
			goal(wijkregie.OwnerPartner, "org-1", "financien"), false},
		{"a professional", wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleProfessional, TeamID: "team-1",
			OrganisationID: "org-1"}, subj, goal(wijkregie.OwnerPartner, "org-1", "financien"), false},
	} {
		err := policy.DecidePartnerGoal(tc.actor, tc.subj, tc.goal, now)
		if (err == nil) != tc.want {
			t.Errorf("%s: DecidePartnerGoal = %v; want allowed=%v", tc.name, err, tc.want)
		}
		if err != nil && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("%s: code %q", tc.name, wijkregie.ErrorCode(err))
		}
	}
}

// TestSeesAuthor: a partner reads its own organisation's notes, the
// team's with informatie-delen, never another organisation's; everyone
// else every author's. NoteAuthorsOf is its list form.
func TestSeesAuthor(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	gp := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "gp1", Role: wijkregie.RolePartner, OrganisationID: "org-gp"}
	pro := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "pro", Role: wijkregie.RoleProfessional, TeamID: "team-1", OrganisationID: "org-gem"}
	c := &wijkregie.Case{ID: "c1", HouseholdID: "h1", TeamID: "team-1", Status: wijkregie.CaseExecution}
	bare := &policy.CaseSubject{Case: c}
	shared := &policy.CaseSubject{Case: c, Partner: &policy.PartnerFacts{Members: []string{"p1"}, Consents: []wijkregie.Consent{{
		PersonID: "p1", OrganisationID: "org-gp", Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"},
		GivenOn: now.AddDate(0, -1, 0)}}}}
	user := func(id string, role wijkregie.Role, org string) *wijkregie.User {
		return &wijkregie.User{ID: id, Role: role, OrganisationID: org}
	}
	team, lead := user("pro", wijkregie.RoleProfessional, "org-gem"), user("lead", wijkregie.RoleTeamLead, "org-gem")
	colleague, other := user("gp2", wijkregie.RolePartner, "org-gp"), user("ggz", wijkregie.RolePartner, "org-ggz")
	for _, tc := range []struct {
		name   string
		reader wijkregie.Actor
		subj   *policy.CaseSubject
		author *wijkregie.User
		want   bool
	}{
		{"a partner without consent, the team's professional", gp, bare, team, false},
		{"a partner with informatie-delen, the team's professional", gp, shared, team, true},
		{"a partner with informatie-delen, the team lead", gp, shared, lead, true},
		{"a partner without consent, a colleague", gp, bare, colleague, true},
		{"a partner without consent, itself", gp, bare, user("gp1", wijkregie.RolePartner, "org-gp"), true},
		{"a partner with informatie-delen, another organisation", gp, shared, other, false},
		{"a partner, an unknown author", gp, shared, nil, false},
		{"a professional, a partner", pro, bare, other, true},
	} {
		if got := policy.SeesAuthor(tc.reader, tc.author, tc.subj, now); got != tc.want {
			t.Errorf("%s: SeesAuthor = %v; want %v", tc.name, got, tc.want)
		}
	}
	if a := policy.NoteAuthorsOf(gp, bare, now); a.Any || a.Staff || a.Organisation != "org-gp" {
		t.Errorf("NoteAuthorsOf(partner without consent) = %+v", a)
	}
	if a := policy.NoteAuthorsOf(gp, shared, now); a.Any || !a.Staff || a.Organisation != "org-gp" {
		t.Errorf("NoteAuthorsOf(partner with informatie-delen) = %+v", a)
	}
	if a := policy.NoteAuthorsOf(pro, bare, now); !a.Any {
		t.Errorf("NoteAuthorsOf(professional) = %+v", a)
	}
}
