package policy_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/policy"
)

// roleOrder is the column order of the matrix below.
var roleOrder = []wijkregie.Role{
	wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner,
	wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin, wijkregie.RolePrivacy,
}

// matrix says, per action, which roles may perform it in general: one
// character per role in roleOrder, x for allowed. It is written from the
// brief's role descriptions, not copied from the policy's own table.
var matrix = []struct {
	action policy.Action
	roles  string // professional, teamleider, partner, beleid, toezicht, beheer, privacy
}{
	{policy.Public, "xxxxxxx"},
	{policy.ViewHome, "xxxxxxx"},
	{policy.ViewOwnAccount, "xxxxxxx"},
	{policy.ManageOwnTokens, "xxxxxxx"},
	{policy.ViewDirectory, "xxxxxxx"},
	{policy.ManageDirectory, "-----x-"},
	{policy.ViewUsers, "xx---x-"},
	{policy.ManageUsers, "-----x-"},
	{policy.ListHouseholds, "xxx----"},
	{policy.ViewAuditLog, "-----xx"},
	{policy.VerifyAuditChain, "-----x-"},
	{policy.ViewCatalogue, "xxxxxxx"}, // the sociale kaart: public services, no personal data
	{policy.ManageCatalogue, "-----x-"},
	{policy.ViewHousehold, "xxx----"}, // and only with need-to-know: see Decide
	{policy.ViewPerson, "xxx----"},
	{policy.ViewPersonAccessLog, "xx---x-"},
	{policy.ChangeHousehold, "xx-----"}, // and only with need-to-know: see Decide
	{policy.SearchPersons, "xx-----"},   // a new family comes into view before anyone is involved
	{policy.RegisterPersons, "xx-----"},
	{policy.ViewConsents, "xxx----"},    // a partner only those naming it: see DecideConsent
	{policy.RecordConsent, "xx-----"},   // and only with need-to-know: see DecideConsent
	{policy.WithdrawConsent, "xx-----"}, // the same
	{policy.WorkPartnerGoal, "--x----"}, // its own organisation's goals, with consent or a ground: see DecidePartnerGoal
	{policy.RecordGround, "xx-----"},    // the regisseur or the lead: see DecideCase
	{policy.RequestEmergencyAccess, "xx-----"},
	{policy.ReviewEmergencyAccess, "------x"},
	{policy.ExportInzage, "------x"},
	{policy.ViewRetention, "-----xx"},
	{policy.ManageRetention, "-----x-"},
}

func actorOf(role wijkregie.Role) wijkregie.Actor {
	return wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u-" + string(role), Role: role, TeamID: "team-1", OrganisationID: "org-1"}
}

func TestAllowsByRole(t *testing.T) {
	if len(roleOrder) != len(wijkregie.Roles) {
		t.Fatalf("the matrix has %d role columns, wijkregie has %d roles", len(roleOrder), len(wijkregie.Roles))
	}
	for _, row := range matrix {
		for i, role := range roleOrder {
			want := row.roles[i] == 'x'
			if got := policy.Allows(actorOf(role), row.action); got != want {
				t.Errorf("Allows(%s, %s) = %v, want %v", role, row.action, got, want)
			}
		}
	}
}

func TestDenyByDefault(t *testing.T) {
	unknownAction := policy.Action("huishouden.verwijderen")
	strangers := map[string]wijkregie.Actor{
		"zero actor":          {},
		"role without a user": {MunicipalityID: "GM0001", Role: wijkregie.RoleAdmin},
		"unknown role":        {MunicipalityID: "GM0001", UserID: "u1", Role: "koning"},
	}
	for name, actor := range strangers {
		for _, row := range matrix {
			want := row.action == policy.Public
			if got := policy.Allows(actor, row.action); got != want {
				t.Errorf("%s: Allows(%s) = %v, want %v", name, row.action, got, want)
			}
			err := policy.Decide(actor, row.action, nil, time.Time{})
			if want && err != nil || !want && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: Decide(%s) = %v, want allowed=%v", name, row.action, err, want)
			}
		}
	}
	for _, role := range roleOrder {
		if policy.Allows(actorOf(role), unknownAction) {
			t.Errorf("Allows(%s, %s) = true for an unknown action, want false", role, unknownAction)
		}
		if err := policy.Decide(actorOf(role), unknownAction, nil, time.Time{}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("Decide(%s, %s) = %v, want forbidden", role, unknownAction, err)
		}
	}
	if policy.Known(unknownAction) {
		t.Errorf("Known(%s) = true, want false", unknownAction)
	}
	for _, row := range matrix {
		if !policy.Known(row.action) {
			t.Errorf("Known(%s) = false, want true", row.action)
		}
	}
}

func TestDecideWithoutSubjectFollowsTheRole(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	for _, row := range matrix {
		for i, role := range roleOrder {
			err := policy.Decide(actorOf(role), row.action, nil, now)
			want := row.roles[i] == 'x'
			// Household data needs a subject; beheer sees the access log
			// without one (AVG art. 15 requests).
			switch row.action {
			case policy.ViewHousehold, policy.ViewPerson, policy.ChangeHousehold,
				policy.ViewConsents, policy.RecordConsent, policy.WithdrawConsent:
				want = false
			case policy.ViewPersonAccessLog:
				want = role == wijkregie.RoleAdmin
			}
			if got := err == nil; got != want {
				t.Errorf("Decide(%s, %s, no subject) = %v, want allowed=%v", role, row.action, err, want)
			}
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("Decide(%s, %s) code = %q, want %q", role, row.action, wijkregie.ErrorCode(err), wijkregie.EFORBIDDEN)
			}
		}
	}
}

func TestDecideOnAHousehold(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	h := &wijkregie.Household{MunicipalityID: "GM0001", ID: "h1", TeamID: "team-1"}
	pro := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "pro", Role: wijkregie.RoleProfessional, TeamID: "team-1"}
	otherLead := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "lead2", Role: wijkregie.RoleTeamLead, TeamID: "team-2"}
	emergency := func(user string) wijkregie.Involvement {
		return wijkregie.Involvement{MunicipalityID: "GM0001", HouseholdID: "h1", UserID: user, Kind: wijkregie.InvolvementNoodToegang,
			From: now.Add(-time.Hour), Until: now.Add(7 * time.Hour)}
	}
	inv := func(user string, until time.Time) wijkregie.Involvement {
		return wijkregie.Involvement{MunicipalityID: "GM0001", HouseholdID: "h1", UserID: user, Kind: wijkregie.InvolvementContributor,
			From: now.Add(-time.Hour), Until: until}
	}
	// What widens a partner's access (partner.go): a current member's
	// consent for informatie-delen naming its organisation, withdrawn, of
	// someone who left the household, for another purpose; a sharing
	// ground of the household's case.
	given := now.AddDate(0, -1, 0)
	consent := func(person string, p wijkregie.ConsentPurpose) wijkregie.Consent {
		return wijkregie.Consent{PersonID: person, OrganisationID: "org-1", Purpose: p, Domains: []string{"financien"}, GivenOn: given}
	}
	shares := &policy.PartnerFacts{Members: []string{"p1"}, Consents: []wijkregie.Consent{consent("p1", wijkregie.ConsentShareInformation)}}
	withdrawn := consent("p1", wijkregie.ConsentShareInformation)
	withdrawn.WithdrawnAt = now.Add(-time.Second)
	withdrawnFacts := &policy.PartnerFacts{Members: []string{"p1"}, Consents: []wijkregie.Consent{withdrawn}}
	leftFacts := &policy.PartnerFacts{Members: []string{"p2"}, Consents: []wijkregie.Consent{consent("p1", wijkregie.ConsentShareInformation)}}
	planOnly := &policy.PartnerFacts{Members: []string{"p1"}, Consents: []wijkregie.Consent{consent("p1", wijkregie.ConsentCarryOutPlan)}}
	byGround := &policy.PartnerFacts{Grounds: []wijkregie.SharingGround{{OrganisationID: "org-1", Ground: wijkregie.GroundMeldcode,
		Purposes: []wijkregie.ConsentPurpose{wijkregie.ConsentShareInformation}, RecordedAt: now.Add(-time.Hour)}}}
	endedGround := &policy.PartnerFacts{Grounds: []wijkregie.SharingGround{{OrganisationID: "org-1", Ground: wijkregie.GroundMeldcode,
		Purposes: []wijkregie.ConsentPurpose{wijkregie.ConsentShareInformation}, RecordedAt: now.Add(-time.Hour), EndedAt: now}}}
	partner := actorOf(wijkregie.RolePartner)
	partnerInv := []wijkregie.Involvement{inv("u-partner", time.Time{})}
	for _, tc := range []struct {
		name   string
		actor  wijkregie.Actor
		action policy.Action
		invs   []wijkregie.Involvement
		want   bool
		facts  *policy.PartnerFacts
	}{
		{"professional, involved", pro, policy.ViewHousehold, []wijkregie.Involvement{inv("pro", time.Time{})}, true, nil},
		{"professional, same team but not involved", pro, policy.ViewHousehold, nil, false, nil},
		{"professional, involvement ended", pro, policy.ViewHousehold, []wijkregie.Involvement{inv("pro", now.Add(-time.Second))}, false, nil},
		{"professional, involvement ends right now", pro, policy.ViewHousehold, []wijkregie.Involvement{inv("pro", now)}, false, nil},
		{"professional, involvement ends later", pro, policy.ViewPerson, []wijkregie.Involvement{inv("pro", now.Add(time.Nanosecond))}, true, nil},
		{"professional, involved with another household", pro, policy.ViewHousehold,
			[]wijkregie.Involvement{{HouseholdID: "h2", UserID: "pro", Kind: wijkregie.InvolvementCoordinator}}, false, nil},
		{"professional, someone else involved", pro, policy.ViewHousehold, []wijkregie.Involvement{inv("ander", time.Time{})}, false, nil},
		{"team lead of the household's team", actorOf(wijkregie.RoleTeamLead), policy.ViewHousehold, nil, true, nil},
		{"team lead of another team", otherLead, policy.ViewHousehold, nil, false, nil},
		{"team lead of another team, involved", otherLead, policy.ViewPerson, []wijkregie.Involvement{inv("lead2", time.Time{})}, true, nil},
		{"partner, involved, no consent, the household's frame", partner, policy.ViewHousehold, partnerInv, true, nil},
		{"partner, not involved, the household's frame", partner, policy.ViewHousehold, nil, false, shares},
		{"partner, involved, no consent", partner, policy.ViewPerson, partnerInv, false, nil},
		{"partner, involved, informatie-delen, person", partner, policy.ViewPerson, partnerInv, true, shares},
		{"partner, involved, consent withdrawn", partner, policy.ViewPerson, partnerInv, false, withdrawnFacts},
		{"partner, involved, consent of one who left", partner, policy.ViewPerson, partnerInv, false, leftFacts},
		{"partner, involved, consent for the plan only", partner, policy.ViewPerson, partnerInv, false, planOnly},
		{"partner, involved, sharing ground", partner, policy.ViewPerson, partnerInv, true, byGround},
		{"partner, involved, ground ended", partner, policy.ViewPerson, partnerInv, false, endedGround},
		{"partner, not involved, informatie-delen", partner, policy.ViewPerson, nil, false, shares},
		{"partner of another organisation, informatie-delen", wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u-partner",
			Role: wijkregie.RolePartner, OrganisationID: "org-2"}, policy.ViewPerson, partnerInv, false, shares},
		{"partner, involved, no consent, its consents", partner, policy.ViewConsents, partnerInv, true, nil},
		{"partner, involved, access log", actorOf(wijkregie.RolePartner), policy.ViewPersonAccessLog, []wijkregie.Involvement{inv("u-partner", time.Time{})}, false, nil},
		{"professional, involved, access log", pro, policy.ViewPersonAccessLog, []wijkregie.Involvement{inv("pro", time.Time{})}, true, nil},
		{"professional, not involved, access log", pro, policy.ViewPersonAccessLog, nil, false, nil},
		{"beheer, access log", actorOf(wijkregie.RoleAdmin), policy.ViewPersonAccessLog, nil, true, nil},
		{"beheer, involved, household", actorOf(wijkregie.RoleAdmin), policy.ViewHousehold, []wijkregie.Involvement{inv("u-beheer", time.Time{})}, false, nil},
		{"beleid, involved", actorOf(wijkregie.RolePolicy), policy.ViewHousehold, []wijkregie.Involvement{inv("u-beleid", time.Time{})}, false, nil},
		{"toezicht, involved", actorOf(wijkregie.RoleInspection), policy.ViewPerson, []wijkregie.Involvement{inv("u-toezicht", time.Time{})}, false, nil},
		{"professional, involved, members", pro, policy.ChangeHousehold, []wijkregie.Involvement{inv("pro", time.Time{})}, true, nil},
		// An emergency access is for reading.
		{"professional, emergency access, household", pro, policy.ViewHousehold, []wijkregie.Involvement{emergency("pro")}, true, nil},
		{"professional, emergency access, person", pro, policy.ViewPerson, []wijkregie.Involvement{emergency("pro")}, true, nil},
		{"professional, emergency access, members", pro, policy.ChangeHousehold, []wijkregie.Involvement{emergency("pro")}, false, nil},
		{"professional, emergency access, record consent", pro, policy.RecordConsent, []wijkregie.Involvement{emergency("pro")}, false, nil},
		{"professional, emergency access, withdraw consent", pro, policy.WithdrawConsent, []wijkregie.Involvement{emergency("pro")}, false, nil},
		{"professional, emergency access and involved, members", pro, policy.ChangeHousehold,
			[]wijkregie.Involvement{emergency("pro"), inv("pro", time.Time{})}, true, nil},
		{"professional, not involved, members", pro, policy.ChangeHousehold, nil, false, nil},
		{"professional, involvement ended, members", pro, policy.ChangeHousehold, []wijkregie.Involvement{inv("pro", now.Add(-time.Second))}, false, nil},
		{"team lead of the household's team, members", actorOf(wijkregie.RoleTeamLead), policy.ChangeHousehold, nil, true, nil},
		{"team lead of another team, members", otherLead, policy.ChangeHousehold, nil, false, nil},
		{"partner, involved, members", actorOf(wijkregie.RolePartner), policy.ChangeHousehold, []wijkregie.Involvement{inv("u-partner", time.Time{})}, false, nil},
	} {
		err := policy.Decide(tc.actor, tc.action, &policy.Subject{Household: h, Involvements: tc.invs, Partner: tc.facts}, now)
		if got := err == nil; got != tc.want {
			t.Errorf("%s: Decide(%s) = %v, want allowed=%v", tc.name, tc.action, err, tc.want)
		}
		if err != nil && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("%s: code %q, want %q", tc.name, wijkregie.ErrorCode(err), wijkregie.EFORBIDDEN)
		}
	}
	// A subject without a household is no subject.
	if err := policy.Decide(pro, policy.ViewHousehold, &policy.Subject{Involvements: []wijkregie.Involvement{inv("pro", time.Time{})}}, now); err == nil {
		t.Error("Decide with a subject without household = nil, want forbidden")
	}
}

func TestScope(t *testing.T) {
	for _, tc := range []struct {
		actor wijkregie.Actor
		want  wijkregie.HouseholdScope
	}{
		{wijkregie.Actor{}, wijkregie.HouseholdScope{}},
		{wijkregie.Actor{Role: wijkregie.RoleTeamLead, TeamID: "team-1"}, wijkregie.HouseholdScope{}}, // no user
		{actorOf(wijkregie.RoleProfessional), wijkregie.HouseholdScope{UserID: "u-professional"}},
		{actorOf(wijkregie.RolePartner), wijkregie.HouseholdScope{UserID: "u-partner"}},
		{actorOf(wijkregie.RoleTeamLead), wijkregie.HouseholdScope{TeamID: "team-1", UserID: "u-teamleider"}},
		{actorOf(wijkregie.RolePolicy), wijkregie.HouseholdScope{}},
		{actorOf(wijkregie.RoleInspection), wijkregie.HouseholdScope{}},
		{actorOf(wijkregie.RoleAdmin), wijkregie.HouseholdScope{}},
		{wijkregie.Actor{UserID: "u1", Role: "koning", TeamID: "team-1"}, wijkregie.HouseholdScope{}},
	} {
		got := policy.Scope(tc.actor)
		if diff := cmp.Diff(got, tc.want); diff != "" {
			t.Errorf("Scope(%+v) (-got +want):\n%s", tc.actor, diff)
		}
		// A role that may not list households has the empty scope, and
		// the other way round.
		if allows := policy.Allows(tc.actor, policy.ListHouseholds); allows == got.Empty() {
			t.Errorf("Scope(%+v).Empty() = %v but Allows(ListHouseholds) = %v", tc.actor, got.Empty(), allows)
		}
	}
}

func TestInScope(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	h := &wijkregie.Household{ID: "h1", TeamID: "team-1"}
	current := []wijkregie.Involvement{{HouseholdID: "h1", UserID: "u1"}}
	for i, tc := range []struct {
		scope wijkregie.HouseholdScope
		s     *policy.Subject
		want  bool
	}{
		{wijkregie.HouseholdScope{All: true}, &policy.Subject{Household: h}, true},
		{wijkregie.HouseholdScope{All: true}, nil, false},
		{wijkregie.HouseholdScope{All: true}, &policy.Subject{}, false},
		{wijkregie.HouseholdScope{}, &policy.Subject{Household: h, Involvements: current}, false},
		{wijkregie.HouseholdScope{TeamID: "team-1"}, &policy.Subject{Household: h}, true},
		{wijkregie.HouseholdScope{TeamID: "team-2"}, &policy.Subject{Household: h}, false},
		{wijkregie.HouseholdScope{UserID: "u1"}, &policy.Subject{Household: h, Involvements: current}, true},
		{wijkregie.HouseholdScope{UserID: "u2"}, &policy.Subject{Household: h, Involvements: current}, false},
		{wijkregie.HouseholdScope{TeamID: "team-2", UserID: "u1"}, &policy.Subject{Household: h, Involvements: current}, true},
	} {
		if got := policy.InScope(tc.scope, tc.s, now); got != tc.want {
			t.Errorf("case %d: InScope(%+v, %s) = %v, want %v", i, tc.scope, describe(tc.s), got, tc.want)
		}
	}
}

func describe(s *policy.Subject) string {
	if s == nil {
		return "nil"
	}
	if s.Household == nil {
		return "subject without household"
	}
	return fmt.Sprintf("household %s of %s with %d involvements", s.Household.ID, s.Household.TeamID, len(s.Involvements))
}

func TestSignalScope(t *testing.T) {
	partner := actorOf(wijkregie.RolePartner)
	partner.OrganisationID = "org-huisarts"
	for _, tc := range []struct {
		actor wijkregie.Actor
		want  wijkregie.SignalScope
	}{
		{wijkregie.Actor{}, wijkregie.SignalScope{}},
		{actorOf(wijkregie.RoleProfessional), wijkregie.SignalScope{TeamID: "team-1", UserID: "u-professional"}},
		{actorOf(wijkregie.RoleTeamLead), wijkregie.SignalScope{TeamID: "team-1", UserID: "u-teamleider"}},
		{partner, wijkregie.SignalScope{UserID: "u-partner", OrganisationID: "org-huisarts", OwnOnly: true}},
		{actorOf(wijkregie.RolePolicy), wijkregie.SignalScope{}},
		{actorOf(wijkregie.RoleInspection), wijkregie.SignalScope{}},
		{actorOf(wijkregie.RoleAdmin), wijkregie.SignalScope{}},
	} {
		got := policy.SignalScope(tc.actor)
		if diff := cmp.Diff(got, tc.want); diff != "" {
			t.Errorf("SignalScope(%+v) (-got +want):\n%s", tc.actor, diff)
		}
		if allows := policy.Allows(tc.actor, policy.ViewSignal); allows == got.Empty() {
			t.Errorf("SignalScope(%+v).Empty() = %v but Allows(ViewSignal) = %v", tc.actor, got.Empty(), allows)
		}
	}
}

func TestInSignalScope(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	sig := &wijkregie.Signal{ID: "s1", HouseholdID: "h1", TeamID: "team-2", CreatedBy: "u-other"}
	subj := &policy.SignalSubject{Signal: sig, CreatorOrganisationID: "org-school", Involvements: []wijkregie.Involvement{
		{HouseholdID: "h1", UserID: "u-involved"},
		{HouseholdID: "h1", UserID: "u-former", Until: now.Add(-time.Hour)},
	}}
	for _, tc := range []struct {
		name  string
		scope wijkregie.SignalScope
		want  bool
	}{
		{"empty", wijkregie.SignalScope{}, false},
		{"all", wijkregie.SignalScope{All: true}, true},
		{"its team", wijkregie.SignalScope{TeamID: "team-2"}, true},
		{"another team", wijkregie.SignalScope{TeamID: "team-1", UserID: "u-nobody"}, false},
		{"the creator", wijkregie.SignalScope{UserID: "u-other"}, true},
		{"involved", wijkregie.SignalScope{UserID: "u-involved"}, true},
		{"involved, own signals only (a partner)", wijkregie.SignalScope{UserID: "u-involved", OwnOnly: true}, false},
		{"the creator, own signals only", wijkregie.SignalScope{UserID: "u-other", OwnOnly: true}, true},
		{"formerly involved", wijkregie.SignalScope{UserID: "u-former"}, false},
		{"the creator's organisation", wijkregie.SignalScope{UserID: "u-x", OrganisationID: "org-school"}, true},
		{"another organisation", wijkregie.SignalScope{UserID: "u-x", OrganisationID: "org-huisarts"}, false},
	} {
		if got := policy.InSignalScope(tc.scope, subj, now); got != tc.want {
			t.Errorf("%s: InSignalScope = %v; want %v", tc.name, got, tc.want)
		}
	}
	if policy.InSignalScope(wijkregie.SignalScope{All: true}, nil, now) {
		t.Error("no subject is in scope")
	}
}
