package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
)

// TeamCounts are the numbers of a team lead's overview of a team. Each is
// counted with the same condition, and within the same scopes, as the list
// behind it: the case list's filters (CaseFilter with TeamID and Open),
// the triage queue, and the task list.
type TeamCounts struct {
	WithoutCoordinator int       // open cases without a regisseur (CaseFilter.WithoutCoordinator)
	WithoutPlan        int       // open cases past aangemeld without an active plan (CaseFilter.WithoutPlan)
	Stagnating         int       // open cases with any sign of stagnation (CaseFilter.Stagnating)
	Relapses           int       // open cases that are a relapse (CaseFilter.Relapse)
	WaitingList        int       // cases aangemeld, waiting for a regisseur
	WaitingSince       time.Time // the oldest of them opened; zero when none
	TriageOverdue      int       // the team's signals waiting past their triage deadline, the term running
	EvaluationsOverdue int       // open, running evaluation tasks of the team past due
}

// TeamCounts counts a team's overview at now. caseScope, signalScope and
// taskScope are the reader's (policy.Scope, SignalScope, TaskScope).
func (q *Q) TeamCounts(ctx context.Context, municipalityID, teamID string, caseScope wijkregie.HouseholdScope,
	signalScope wijkregie.SignalScope, taskScope wijkregie.TaskScope) (TeamCounts, error) {
	var tc TeamCounts
	cut, err := q.stagnationCutoffs(ctx, municipalityID)
	if err != nil {
		return tc, err
	}
	a := &sqlArgs{list: []any{municipalityID}}
	base, err := q.caseFilterSQL(ctx, a, municipalityID, caseScope, CaseFilter{TeamID: teamID, Open: true})
	if err != nil {
		return tc, err
	}
	stagnating := newStagnationSigns(a, cut).any()
	withoutPlan := withoutPlanSQL(a)
	waiting := waitingSQL(a)
	err = q.x.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN `+withoutCoordinatorSQL+` THEN 1 END), COUNT(CASE WHEN `+withoutPlan+` THEN 1 END),
  COUNT(CASE WHEN `+stagnating+` THEN 1 END), COUNT(CASE WHEN `+relapseSQL+` THEN 1 END), COUNT(CASE WHEN `+waiting+` THEN 1 END)
FROM cases c WHERE c.municipality_id = $1 AND `+base, a.list...).Scan(
		&tc.WithoutCoordinator, &tc.WithoutPlan, &tc.Stagnating, &tc.Relapses, &tc.WaitingList)
	if err != nil {
		return tc, fmt.Errorf("team counts: cases: %w", err)
	}
	if tc.WaitingList > 0 {
		// The oldest by the index cases_by_team, as a column (not MIN):
		// SQLite returns an aggregate of a time as text.
		w := &sqlArgs{list: []any{municipalityID}}
		base, err := q.caseFilterSQL(ctx, w, municipalityID, caseScope, CaseFilter{TeamID: teamID, Open: true})
		if err != nil {
			return tc, err
		}
		var since sql.NullTime
		if err := q.x.QueryRowContext(ctx, `SELECT c.opened_at FROM cases c WHERE c.municipality_id = $1 AND `+base+
			` AND `+waitingSQL(w)+` ORDER BY c.opened_at, c.id LIMIT 1`, w.list...).Scan(&since); err != nil {
			return tc, fmt.Errorf("team counts: waiting since: %w", err)
		}
		tc.WaitingSince = timeOf(since)
	}

	now := q.Now()
	// Counted for one team, a scope that holds all of that team's
	// signals (or tasks) adds no condition: left in, SQLite tested each
	// of the team's rows against it, a third of the overview's time at
	// 1,000,000 households (docs/benchmarks.md).
	cond, args := "TRUE", []any(nil)
	if !signalScope.All && signalScope.TeamID != teamID {
		cond, args = signalScopeSQL(signalScope, 5, now)
	}
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM signals s
WHERE s.municipality_id = $1 AND s.team_id = $2 AND s.status = $3 AND s.triage_deadline < $4 AND NOT `+triageSuspendedSQL+` AND `+cond,
		append([]any{municipalityID, teamID, wijkregie.SignalNew, now}, args...)...).Scan(&tc.TriageOverdue); err != nil {
		return tc, fmt.Errorf("team counts: triage: %w", err)
	}

	t := &sqlArgs{list: []any{municipalityID}}
	cond = "TRUE"
	if taskScope.UserID == "" || !taskScope.WholeTeam || taskScope.TeamID != teamID {
		cond = taskScopeSQL(t, taskScope, false)
	}
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks t WHERE t.municipality_id = $1 AND t.team_id = `+t.add(teamID)+
		` AND t.kind = `+t.add(wijkregie.TaskEvaluation)+` AND `+overdueTaskSQL(t.add(now))+` AND `+cond, t.list...).Scan(&tc.EvaluationsOverdue); err != nil {
		return tc, fmt.Errorf("team counts: evaluations: %w", err)
	}
	return tc, nil
}

// waitingSQL is the condition that a case aliased c is on the waiting
// list: aangemeld, and no regisseur yet.
func waitingSQL(a *sqlArgs) string {
	return `c.status = ` + a.add(wijkregie.CaseRegistered) + ` AND ` + withoutCoordinatorSQL
}
