package policy_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// caseMatrix is the general rule for triage and cases, per role (the order
// of roleOrder), written from the brief: the team triages, those who work
// with a family read its case, the team lead assigns, the regisseur uses
// the mandate, beheer keeps the settings.
var caseMatrix = []struct {
	action policy.Action
	roles  string // professional, teamleider, partner, beleid, toezicht, beheer, privacy
}{
	{policy.ViewTriageQueue, "xx-----"},
	{policy.TriageSignal, "xx-----"},
	{policy.ListCases, "xxx----"},
	{policy.ViewCase, "xxx----"}, // and only in scope: see DecideCase
	{policy.ChangeCase, "xx-----"},
	{policy.AssignCoordinator, "-x-----"},
	{policy.UseMandate, "xx-----"},
	{policy.ViewSettings, "xx---x-"},
	{policy.ManageSettings, "-----x-"},
}

func TestCaseActionsByRole(t *testing.T) {
	for _, row := range caseMatrix {
		if !policy.Known(row.action) {
			t.Errorf("Known(%s) = false", row.action)
		}
		for i, role := range roleOrder {
			want := row.roles[i] == 'x'
			if got := policy.Allows(actorOf(role), row.action); got != want {
				t.Errorf("Allows(%s, %s) = %v, want %v", role, row.action, got, want)
			}
		}
	}
	// A list of cases is allowed exactly to the roles whose scope holds
	// households.
	for _, role := range roleOrder {
		a := actorOf(role)
		if policy.Allows(a, policy.ListCases) == policy.Scope(a).Empty() {
			t.Errorf("%s: Allows(ListCases) = %v but Scope is empty = %v", role, policy.Allows(a, policy.ListCases), policy.Scope(a).Empty())
		}
	}
}

func TestInCaseScope(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	// The case stays with the team that opened it, team-1, although its
	// household has moved to team-2's area.
	c := &wijkregie.Case{ID: "c1", HouseholdID: "h1", TeamID: "team-1", Status: wijkregie.CaseExecution, CoordinatorID: "u-regisseur"}
	subj := &policy.CaseSubject{Case: c, Involvements: []wijkregie.Involvement{
		{HouseholdID: "h1", UserID: "u-regisseur", Kind: wijkregie.InvolvementCoordinator},
		{HouseholdID: "h1", UserID: "u-involved", Kind: wijkregie.InvolvementContributor},
		{HouseholdID: "h1", UserID: "u-leaving", Kind: wijkregie.InvolvementContributor, Until: now.Add(time.Minute)},
		{HouseholdID: "h1", UserID: "u-former", Kind: wijkregie.InvolvementContributor, Until: now.Add(-time.Minute)},
		{HouseholdID: "h1", UserID: "u-ending", Kind: wijkregie.InvolvementContributor, Until: now},
		{HouseholdID: "h2", UserID: "u-elsewhere", Kind: wijkregie.InvolvementCoordinator},
	}}
	for _, tc := range []struct {
		name  string
		scope wijkregie.HouseholdScope
		want  bool
	}{
		{"empty", wijkregie.HouseholdScope{}, false},
		{"all", wijkregie.HouseholdScope{All: true}, true},
		{"the case's team", wijkregie.HouseholdScope{TeamID: "team-1"}, true},
		{"the household's team, not the case's", wijkregie.HouseholdScope{TeamID: "team-2"}, false},
		{"the regisseur", wijkregie.HouseholdScope{UserID: "u-regisseur"}, true},
		{"involved", wijkregie.HouseholdScope{UserID: "u-involved"}, true},
		{"involvement ends later", wijkregie.HouseholdScope{UserID: "u-leaving"}, true},
		{"involvement ended", wijkregie.HouseholdScope{UserID: "u-former"}, false},
		{"involvement ends now", wijkregie.HouseholdScope{UserID: "u-ending"}, false},
		{"involved with another household", wijkregie.HouseholdScope{UserID: "u-elsewhere"}, false},
		{"another team, involved", wijkregie.HouseholdScope{TeamID: "team-3", UserID: "u-involved"}, true},
		{"another team, not involved", wijkregie.HouseholdScope{TeamID: "team-3", UserID: "u-nobody"}, false},
	} {
		if got := policy.InCaseScope(tc.scope, subj, now); got != tc.want {
			t.Errorf("%s: InCaseScope = %v; want %v", tc.name, got, tc.want)
		}
	}
	if policy.InCaseScope(wijkregie.HouseholdScope{All: true}, nil, now) || policy.InCaseScope(wijkregie.HouseholdScope{All: true}, &policy.CaseSubject{}, now) {
		t.Error("no case is in scope")
	}
}

// TestDecideCase is the grid of the single-record rule: every role,
// involved or not, of the case's team or another, regisseur or not,
// against each action on a case.
func TestDecideCase(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	actor := func(id string, role wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: "GM0001", UserID: id, Role: role, TeamID: team, OrganisationID: "org-1"}
	}
	var (
		regisseur     = actor("regisseur", wijkregie.RoleProfessional, "team-1")
		colleague     = actor("colleague", wijkregie.RoleProfessional, "team-1") // involved
		teammate      = actor("teammate", wijkregie.RoleProfessional, "team-1")  // not involved
		otherPro      = actor("other-pro", wijkregie.RoleProfessional, "team-2") // involved, another team
		outsider      = actor("outsider", wijkregie.RoleProfessional, "team-2")
		lead          = actor("lead", wijkregie.RoleTeamLead, "team-1")
		otherLead     = actor("other-lead", wijkregie.RoleTeamLead, "team-2")
		involvedLead  = actor("involved-lead", wijkregie.RoleTeamLead, "team-2")
		leadRegisseur = actor("lead-regisseur", wijkregie.RoleTeamLead, "team-1")
		partner       = actor("partner", wijkregie.RolePartner, "")
		outPartner    = actor("out-partner", wijkregie.RolePartner, "")
		beleid        = actor("beleid", wijkregie.RolePolicy, "team-1")
		toezicht      = actor("toezicht", wijkregie.RoleInspection, "team-1")
		beheer        = actor("beheer", wijkregie.RoleAdmin, "team-1")
	)
	inv := func(user string, kind wijkregie.InvolvementKind) wijkregie.Involvement {
		return wijkregie.Involvement{HouseholdID: "h1", UserID: user, Kind: kind}
	}
	subject := func(coordinator string) *policy.CaseSubject {
		return &policy.CaseSubject{
			Case: &wijkregie.Case{ID: "c1", HouseholdID: "h1", TeamID: "team-1", Status: wijkregie.CasePlan, CoordinatorID: coordinator},
			Involvements: []wijkregie.Involvement{
				inv(coordinator, wijkregie.InvolvementCoordinator),
				inv("colleague", wijkregie.InvolvementContributor),
				inv("other-pro", wijkregie.InvolvementContributor),
				inv("involved-lead", wijkregie.InvolvementContributor),
				inv("partner", wijkregie.InvolvementContributor),
				inv("beleid", wijkregie.InvolvementContributor),
				inv("toezicht", wijkregie.InvolvementContributor),
				inv("beheer", wijkregie.InvolvementContributor),
			},
		}
	}
	// view, change, assign, mandate: x for allowed.
	for _, tc := range []struct {
		name        string
		actor       wijkregie.Actor
		coordinator string
		want        string
	}{
		{"the regisseur", regisseur, "regisseur", "xx-x"},
		{"an involved colleague of the team", colleague, "regisseur", "x---"},
		{"a teammate not involved", teammate, "regisseur", "----"},
		{"an involved professional of another team", otherPro, "regisseur", "x---"},
		{"a professional of another team, not involved", outsider, "regisseur", "----"},
		{"the lead of the case's team", lead, "regisseur", "xxx-"},
		{"the lead of another team", otherLead, "regisseur", "----"},
		{"an involved lead of another team", involvedLead, "regisseur", "x---"},
		{"a team lead who is the regisseur", leadRegisseur, "lead-regisseur", "xxxx"},
		{"the lead of the team, a case without regisseur", lead, "", "xxx-"},
		{"an involved partner", partner, "regisseur", "x---"},
		{"a partner not involved", outPartner, "regisseur", "----"},
		{"beleid, involved, of the team", beleid, "regisseur", "----"},
		{"toezicht, involved, of the team", toezicht, "regisseur", "----"},
		{"beheer, involved, of the team", beheer, "regisseur", "----"},
		{"a partner named regisseur (never assigned so)", partner, "partner", "x---"},
	} {
		for i, a := range []policy.Action{policy.ViewCase, policy.ChangeCase, policy.AssignCoordinator, policy.UseMandate} {
			err := policy.DecideCase(tc.actor, a, subject(tc.coordinator), now)
			want := tc.want[i] == 'x'
			if got := err == nil; got != want {
				t.Errorf("%s: DecideCase(%s) = %v; want allowed=%v", tc.name, a, err, want)
			}
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: DecideCase(%s) code %q; want forbidden", tc.name, a, wijkregie.ErrorCode(err))
			}
		}
		// DecideCase's reading of the view agrees with the list form.
		if got, want := policy.DecideCase(tc.actor, policy.ViewCase, subject(tc.coordinator), now) == nil,
			policy.InCaseScope(policy.Scope(tc.actor), subject(tc.coordinator), now); got != want {
			t.Errorf("%s: DecideCase(view) = %v, InCaseScope(Scope) = %v", tc.name, got, want)
		}
	}
	// An emergency access opens the case to read, not to write in.
	emergency := subject("regisseur")
	emergency.Involvements = append(emergency.Involvements, inv("teammate", wijkregie.InvolvementNoodToegang))
	if err := policy.DecideCase(teammate, policy.ViewCase, emergency, now); err != nil {
		t.Errorf("emergency access, view: %v; want allowed", err)
	}
	if err := policy.DecideCase(teammate, policy.WriteNote, emergency, now); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("emergency access, write a note: %v; want forbidden", err)
	}
	if err := policy.DecideCase(colleague, policy.WriteNote, emergency, now); err != nil {
		t.Errorf("an involved colleague writes a note: %v; want allowed", err)
	}
	// No case, no access; an action that is not about cases is refused.
	for _, s := range []*policy.CaseSubject{nil, {}} {
		if err := policy.DecideCase(lead, policy.ViewCase, s, now); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("DecideCase without a case = %v; want forbidden", err)
		}
	}
	if err := policy.DecideCase(lead, policy.ViewHousehold, subject("regisseur"), now); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
		t.Errorf("DecideCase(ViewHousehold) = %v; want forbidden", err)
	}
}

func TestDecideTriage(t *testing.T) {
	sig := &wijkregie.Signal{ID: "s1", TeamID: "team-1", CreatedBy: "someone"}
	member := func(role wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u-" + string(role) + team, Role: role, TeamID: team}
	}
	for _, tc := range []struct {
		name  string
		actor wijkregie.Actor
		sig   *wijkregie.Signal
		want  bool
	}{
		{"a professional of the signal's team", member(wijkregie.RoleProfessional, "team-1"), sig, true},
		{"the team lead of the signal's team", member(wijkregie.RoleTeamLead, "team-1"), sig, true},
		{"a professional of another team", member(wijkregie.RoleProfessional, "team-2"), sig, false},
		{"the lead of another team", member(wijkregie.RoleTeamLead, "team-2"), sig, false},
		{"a professional without a team", member(wijkregie.RoleProfessional, ""), sig, false},
		{"a signal without a team", member(wijkregie.RoleProfessional, "team-1"), &wijkregie.Signal{ID: "s2"}, false},
		{"a professional without a team, a signal without one", member(wijkregie.RoleProfessional, ""), &wijkregie.Signal{ID: "s2"}, false},
		{"no signal", member(wijkregie.RoleProfessional, "team-1"), nil, false},
		{"a partner who registered it", wijkregie.Actor{UserID: "someone", Role: wijkregie.RolePartner, TeamID: "team-1"}, sig, false},
		{"beleid with the team's id", member(wijkregie.RolePolicy, "team-1"), sig, false},
		{"beheer with the team's id", member(wijkregie.RoleAdmin, "team-1"), sig, false},
		{"no user", wijkregie.Actor{Role: wijkregie.RoleProfessional, TeamID: "team-1"}, sig, false},
	} {
		err := policy.DecideTriage(tc.actor, tc.sig)
		if got := err == nil; got != tc.want {
			t.Errorf("%s: DecideTriage = %v; want allowed=%v", tc.name, err, tc.want)
		}
		if err != nil && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("%s: code %q; want forbidden", tc.name, wijkregie.ErrorCode(err))
		}
	}
}
