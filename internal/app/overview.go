package app

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// Stagnation is why a case is flagged on the work lists: actions past
// their due date, no contact with the family for the municipality's
// number of weeks, goals past their target date, agreed help not started
// by its start date.
type Stagnation struct {
	OverdueActions  int
	NoContact       bool
	LastContact     time.Time // zero: never; the case's opening counts then
	GoalsPastTarget int
	HelpNotStarted  int
}

// Any reports whether the case stagnates at all.
func (st Stagnation) Any() bool {
	return st.OverdueActions > 0 || st.NoContact || st.GoalsPastTarget > 0 || st.HelpNotStarted > 0
}

// WorkItem is a case on a work list with its stagnation signs.
type WorkItem struct {
	store.CaseSummary
	Stagnation Stagnation
	HasPlan    bool
}

// WorkList returns the open cases the actor is regisseur of, stagnating
// ones first. Each case shown is audited.
func (s *Service) WorkList(ctx context.Context, actor wijkregie.Actor) ([]WorkItem, error) {
	panic("unimplemented: issue 4 core")
}

// CaseloadRow is one team member's caseload on the overview.
type CaseloadRow struct {
	User     *wijkregie.User
	Cases    int // open cases as regisseur
	Weighted int // by level, with the municipality's weights
}

// Overview is a team lead's view of their team. Every number links to the
// list behind it, which the same policy filters.
type Overview struct {
	Team               *wijkregie.Team
	WithoutCoordinator int // open cases without a regisseur
	WithoutPlan        int // open cases past aangemeld without an active plan
	TriageOverdue      int // the team's signals past their triage deadline
	EvaluationsOverdue int // open evaluation tasks past due
	Stagnating         int // open cases with any stagnation sign
	Relapses           int // open cases that are a relapse
	Caseload           []CaseloadRow
	WaitingList        int       // cases aangemeld, waiting for a regisseur
	WaitingSince       time.Time // the oldest of them; zero when none
}

// TeamOverview returns the overview of the actor's team (policy
// DecideOverview). It names no family: counts and the team's members.
func (s *Service) TeamOverview(ctx context.Context, actor wijkregie.Actor, teamID string) (*Overview, error) {
	panic("unimplemented: issue 4 core")
}
