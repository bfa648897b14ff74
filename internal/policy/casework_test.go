package policy_test

import (
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// caseworkMatrix is the general rule for working the case, per role (the
// order of roleOrder): the team assesses, plans, works the Meldcode route,
// closes and has tasks; everyone who works with a family may write in its
// journal; the overview is the team lead's.
var caseworkMatrix = []struct {
	action policy.Action
	roles  string // professional, teamleider, partner, beleid, toezicht, beheer, privacy
}{
	{policy.AssessCase, "xx-----"},
	{policy.ChangePlan, "xx-----"},
	{policy.WriteNote, "xxx----"},
	{policy.WorkMeldcode, "xx-----"},
	{policy.CloseCase, "xx-----"},
	{policy.ViewTasks, "xx-----"},
	{policy.ChangeTask, "xx-----"},
	{policy.ViewTeamOverview, "-x-----"},
}

func TestCaseworkActionsByRole(t *testing.T) {
	for _, row := range caseworkMatrix {
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
}

// TestDecideCaseWork: the work on a case is the regisseur's and the team
// lead's, as changing the case is; writing in the journal is for everyone
// the case is open to, as reading it is. Checked for every actor of every
// relation to the case.
func TestDecideCaseWork(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	subject := &policy.CaseSubject{
		Case: &wijkregie.Case{ID: "c1", HouseholdID: "h1", TeamID: "team-1", Status: wijkregie.CasePlan, CoordinatorID: "regisseur"},
		Involvements: []wijkregie.Involvement{
			{HouseholdID: "h1", UserID: "regisseur", Kind: wijkregie.InvolvementCoordinator},
			{HouseholdID: "h1", UserID: "involved", Kind: wijkregie.InvolvementContributor},
			{HouseholdID: "h1", UserID: "partner", Kind: wijkregie.InvolvementContributor},
			{HouseholdID: "h1", UserID: "beleid", Kind: wijkregie.InvolvementContributor},
		},
	}
	actor := func(id string, role wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: "GM0001", UserID: id, Role: role, TeamID: team}
	}
	actors := []wijkregie.Actor{
		actor("regisseur", wijkregie.RoleProfessional, "team-1"),
		actor("involved", wijkregie.RoleProfessional, "team-2"),
		actor("teammate", wijkregie.RoleProfessional, "team-1"),
		actor("lead", wijkregie.RoleTeamLead, "team-1"),
		actor("other-lead", wijkregie.RoleTeamLead, "team-2"),
		actor("partner", wijkregie.RolePartner, ""),
		actor("beleid", wijkregie.RolePolicy, "team-1"),
	}
	allowed := 0
	for _, a := range actors {
		view := policy.DecideCase(a, policy.ViewCase, subject, now) == nil
		change := policy.DecideCase(a, policy.ChangeCase, subject, now) == nil
		for _, act := range []policy.Action{policy.AssessCase, policy.ChangePlan, policy.WorkMeldcode, policy.CloseCase} {
			got := policy.DecideCase(a, act, subject, now) == nil
			if got != change {
				t.Errorf("%s (%s): DecideCase(%s) allowed %v; ChangeCase %v", a.UserID, a.Role, act, got, change)
			}
			if got {
				allowed++
			}
		}
		if got := policy.DecideCase(a, policy.WriteNote, subject, now) == nil; got != view {
			t.Errorf("%s (%s): DecideCase(WriteNote) allowed %v; ViewCase %v", a.UserID, a.Role, got, view)
		}
	}
	// The regisseur and the lead, four actions each: the grid allows some.
	if allowed != 8 {
		t.Errorf("%d work decisions allowed; want 8 (regisseur and lead)", allowed)
	}
}

// TestSeesNote is the journal's rule, one note at a time, and its list
// form NoteScope: for every reader and every visibility of another's
// note they agree, and an author always reads their own note.
func TestSeesNote(t *testing.T) {
	c := &wijkregie.Case{ID: "c1", HouseholdID: "h1", TeamID: "team-1", CoordinatorID: "regisseur", Status: wijkregie.CaseExecution}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	bare := &policy.CaseSubject{Case: c}
	// A partner's consent state: whose notes for all involved it reads
	// follows from it (SeesAuthor), not which visibilities.
	shared := &policy.CaseSubject{Case: c, Partner: &policy.PartnerFacts{Members: []string{"p1"}, Consents: []wijkregie.Consent{{
		PersonID: "p1", OrganisationID: "org-1", Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"},
		GivenOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}}}
	actor := func(id string, role wijkregie.Role, team string) wijkregie.Actor {
		a := wijkregie.Actor{MunicipalityID: "GM0001", UserID: id, Role: role, TeamID: team}
		if role == wijkregie.RolePartner {
			a.TeamID, a.OrganisationID = "", "org-1"
		}
		return a
	}
	for _, tc := range []struct {
		name   string
		reader wijkregie.Actor
		subj   *policy.CaseSubject
		want   []wijkregie.Visibility // of another's notes
	}{
		{"the regisseur", actor("regisseur", wijkregie.RoleProfessional, "team-2"), bare, []wijkregie.Visibility{wijkregie.VisibleToTeam, wijkregie.VisibleToInvolved}},
		{"a professional of the case's team", actor("pro", wijkregie.RoleProfessional, "team-1"), bare, []wijkregie.Visibility{wijkregie.VisibleToTeam, wijkregie.VisibleToInvolved}},
		{"the lead of the case's team", actor("lead", wijkregie.RoleTeamLead, "team-1"), bare, []wijkregie.Visibility{wijkregie.VisibleToTeam, wijkregie.VisibleToInvolved}},
		{"a professional of another team", actor("other", wijkregie.RoleProfessional, "team-2"), bare, []wijkregie.Visibility{wijkregie.VisibleToInvolved}},
		{"a partner with informatie-delen", actor("partner", wijkregie.RolePartner, ""), shared, []wijkregie.Visibility{wijkregie.VisibleToInvolved}},
		// Without informatie-delen too: whose notes, SeesAuthor decides
		// (its own organisation's only; TestSeesAuthor).
		{"a partner without", actor("partner", wijkregie.RolePartner, ""), bare, []wijkregie.Visibility{wijkregie.VisibleToInvolved}},
		{"a partner whose organisation the consent does not name", wijkregie.Actor{MunicipalityID: "GM0001", UserID: "partner", Role: wijkregie.RolePartner,
			OrganisationID: "org-2"}, shared, []wijkregie.Visibility{wijkregie.VisibleToInvolved}},
		{"nobody signed in", wijkregie.Actor{}, shared, nil},
	} {
		scope := policy.NoteScope(tc.reader, tc.subj, now)
		if !slices.Equal(scope, tc.want) {
			t.Errorf("%s: NoteScope = %v; want %v", tc.name, scope, tc.want)
		}
		for _, v := range wijkregie.Visibilities {
			theirs := &wijkregie.Note{ID: "n1", CaseID: c.ID, AuthorID: "author", Visibility: v}
			if got := policy.SeesNote(tc.reader, theirs, tc.subj, now); got != slices.Contains(scope, v) {
				t.Errorf("%s: SeesNote(another's %s note) = %v; NoteScope says %v", tc.name, v, got, !got)
			}
			own := &wijkregie.Note{ID: "n2", CaseID: c.ID, AuthorID: tc.reader.UserID, Visibility: v}
			if got := policy.SeesNote(tc.reader, own, tc.subj, now); got != (tc.reader.UserID != "") {
				t.Errorf("%s: SeesNote(own %s note) = %v", tc.name, v, got)
			}
		}
	}
	// A note of another case is no note of this one.
	pro := actor("pro", wijkregie.RoleProfessional, "team-1")
	if policy.SeesNote(pro, &wijkregie.Note{CaseID: "c2", AuthorID: "pro", Visibility: wijkregie.VisibleToInvolved}, bare, now) {
		t.Error("a note of another case is read as this case's")
	}
}

// TestDecideTask is the rule for one task and its list form TaskScope:
// the user's own; the team's while nobody holds it; for the team lead
// every task of the team; never another team's or a colleague's.
func TestDecideTask(t *testing.T) {
	actor := func(id string, role wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: "GM0001", UserID: id, Role: role, TeamID: team}
	}
	pro, colleague := actor("pro", wijkregie.RoleProfessional, "team-1"), actor("colleague", wijkregie.RoleProfessional, "team-1")
	lead, otherLead := actor("lead", wijkregie.RoleTeamLead, "team-1"), actor("other-lead", wijkregie.RoleTeamLead, "team-2")
	partner := actor("partner", wijkregie.RolePartner, "team-1")
	mine := &wijkregie.Task{ID: "t1", Kind: wijkregie.TaskEvaluation, TeamID: "team-1", UserID: "pro"}
	unheld := &wijkregie.Task{ID: "t2", Kind: wijkregie.TaskTriage, TeamID: "team-1"}
	otherTeam := &wijkregie.Task{ID: "t3", Kind: wijkregie.TaskTriage, TeamID: "team-2"}
	for _, tc := range []struct {
		actor wijkregie.Actor
		task  *wijkregie.Task
		want  bool
	}{
		{pro, mine, true},
		{pro, unheld, true},
		{pro, otherTeam, false},
		{colleague, mine, false},
		{colleague, unheld, true},
		{lead, mine, true},
		{lead, unheld, true},
		{lead, otherTeam, false},
		{otherLead, mine, false},
		{otherLead, otherTeam, true},
		{partner, unheld, false},
		{pro, nil, false},
	} {
		for _, a := range []policy.Action{policy.ViewTasks, policy.ChangeTask} {
			err := policy.DecideTask(tc.actor, a, tc.task)
			if got := err == nil; got != tc.want {
				t.Errorf("%s (%s) and task %+v: DecideTask(%s) = %v; want allowed=%v", tc.actor.UserID, tc.actor.Role, tc.task, a, err, tc.want)
			}
		}
		if tc.task == nil || !policy.Allows(tc.actor, policy.ViewTasks) {
			continue
		}
		// The list form reads the same: own, unheld of the team, or the
		// whole team for a lead.
		sc, tk := policy.TaskScope(tc.actor), tc.task
		inScope := tk.UserID == sc.UserID || tk.TeamID == sc.TeamID && (tk.UserID == "" || sc.WholeTeam)
		if inScope != tc.want {
			t.Errorf("%s and task %s: TaskScope %+v holds it %v; DecideTask %v", tc.actor.UserID, tk.ID, sc, inScope, tc.want)
		}
	}
}

func TestDecideOverview(t *testing.T) {
	lead := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "lead", Role: wijkregie.RoleTeamLead, TeamID: "team-1"}
	pro := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "pro", Role: wijkregie.RoleProfessional, TeamID: "team-1"}
	teamless := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "lead2", Role: wijkregie.RoleTeamLead}
	for _, tc := range []struct {
		actor wijkregie.Actor
		team  string
		want  bool
	}{
		{lead, "team-1", true},
		{lead, "team-2", false},
		{pro, "team-1", false},
		{teamless, "", false},
	} {
		if got := policy.DecideOverview(tc.actor, tc.team) == nil; got != tc.want {
			t.Errorf("%s (%s) reads the overview of %q: %v; want %v", tc.actor.UserID, tc.actor.Role, tc.team, got, tc.want)
		}
	}
}
