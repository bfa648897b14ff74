package app

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Stagnation is why a case is flagged on the work lists: actions past
// their due date, no contact with the family for the municipality's
// number of weeks, goals past their target date, agreed help not started
// by its start date (store.Stagnation, the one definition).
type Stagnation = store.Stagnation

// WorkItem is a case on a work list with its stagnation signs.
type WorkItem struct {
	store.CaseSummary
	Stagnation Stagnation
	HasPlan    bool
}

// CaseStagnation returns the signs of stagnation of a case the caller has
// read already (the case page); a closed case has none. It reads nothing
// personal beyond what the caller audited, so it records nothing itself.
func (s *Service) CaseStagnation(ctx context.Context, c *wijkregie.Case) (Stagnation, error) {
	m, err := s.store.R().Stagnation(ctx, c.MunicipalityID, []string{c.ID})
	if err != nil {
		return Stagnation{}, err
	}
	return m[c.ID], nil
}

// WorkList returns the open cases the actor is regisseur of, stagnating
// ones first (ordered in SQL, so a long list's first page holds them),
// with their signs, one page of them, and how many there are. Each case
// shown is audited.
func (s *Service) WorkList(ctx context.Context, actor wijkregie.Actor, page store.Page) ([]WorkItem, int, error) {
	items, total, events, err := s.readWorkList(ctx, actor, page)
	if err != nil {
		return nil, 0, err
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// readWorkList is WorkList without its audit: it returns the records the
// caller must write before it shows anything.
func (s *Service) readWorkList(ctx context.Context, actor wijkregie.Actor, page store.Page) ([]WorkItem, int, []wijkregie.Event, error) {
	if err := s.allow(actor, policy.ListCases); err != nil {
		return nil, 0, nil, err
	}
	r := s.store.R()
	// The case list's own query, in the actor's scope, so the work list
	// holds no case the case page would refuse.
	cf := store.CaseFilter{CoordinatorID: actor.UserID, Open: true, StagnatingFirst: true, Page: page}
	cs, total, err := r.Cases(ctx, actor.MunicipalityID, policy.Scope(actor), cf)
	if err != nil {
		return nil, 0, nil, err
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	signs, err := r.Stagnation(ctx, actor.MunicipalityID, ids)
	if err != nil {
		return nil, 0, nil, err
	}
	items := make([]WorkItem, len(cs))
	events := make([]wijkregie.Event, 0, len(cs)+1)
	events = append(events, wijkregie.Event{Action: string(policy.ListCases), SubjectKind: "casus", Purpose: PurposeTask, Search: caseSearch(cf), Results: total})
	for i, c := range cs {
		st := signs[c.ID]
		items[i] = WorkItem{CaseSummary: c, Stagnation: st, HasPlan: st.HasPlan}
		events = append(events, caseEvent(c.ID))
	}
	return items, total, events, nil
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
	if err := s.allow(actor, policy.ViewTeamOverview); err != nil {
		return nil, err
	}
	if err := policy.DecideOverview(actor, teamID); err != nil {
		ev := wijkregie.Event{Action: string(policy.ViewTeamOverview), SubjectKind: "team", SubjectID: teamID, Purpose: PurposeTask,
			Result: wijkregie.AuditDenied}
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	r := s.store.R()
	mid := actor.MunicipalityID
	team, err := r.Team(ctx, mid, teamID)
	if err != nil {
		return nil, err
	}
	// Counted in the lead's own scopes, with the conditions of the lists
	// each number links to, so a number and its list agree.
	tc, err := r.TeamCounts(ctx, mid, teamID, policy.Scope(actor), policy.SignalScope(actor), policy.TaskScope(actor))
	if err != nil {
		return nil, err
	}
	o := &Overview{Team: team, WithoutCoordinator: tc.WithoutCoordinator, WithoutPlan: tc.WithoutPlan, TriageOverdue: tc.TriageOverdue,
		EvaluationsOverdue: tc.EvaluationsOverdue, Stagnating: tc.Stagnating, Relapses: tc.Relapses, WaitingList: tc.WaitingList,
		WaitingSince: tc.WaitingSince}
	set, err := r.Settings(ctx, mid)
	if err != nil {
		return nil, err
	}
	users, _, err := r.Users(ctx, mid, store.UserFilter{TeamID: teamID, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return nil, err
	}
	loads, err := r.Caseloads(ctx, mid, teamID)
	if err != nil {
		return nil, err
	}
	// Every member who may be regisseur is listed, one without cases too:
	// room in a caseload is what the lead looks for.
	for i := range users {
		u := &users[i]
		if !u.Active || (u.Role != wijkregie.RoleProfessional && u.Role != wijkregie.RoleTeamLead) {
			continue
		}
		row := CaseloadRow{User: u}
		for l, n := range loads[u.ID].ByLevel {
			row.Cases += n
			row.Weighted += n * set.Weight(l)
		}
		o.Caseload = append(o.Caseload, row)
	}
	// The overview names no family, only counts and the team's members,
	// so no household's record is read. It is still recorded, once: the
	// caseloads are about colleagues, and who looked at them when is
	// worth one row.
	if err := s.audit(ctx, actor, wijkregie.Event{Action: string(policy.ViewTeamOverview), SubjectKind: "team", SubjectID: teamID, Purpose: PurposeTask}); err != nil {
		return nil, err
	}
	return o, nil
}
