package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wijkregie"
)

// Stagnation is why an open case is flagged on the work lists
// (regie-en-plan.md): actions of the active plan past their due date and
// not done, open goals past their target date, agreed help (a planned
// action) not started by its start date — the actions of open goals only —
// and no contact with the family for the municipality's number of weeks. HasPlan, beside the signs, says
// whether the case has an active plan at all.
type Stagnation struct {
	OverdueActions  int
	GoalsPastTarget int
	HelpNotStarted  int
	NoContact       bool
	LastContact     time.Time // zero: never; the case's opening counts then
	HasPlan         bool
}

// Any reports whether the case shows any sign of stagnation.
func (st Stagnation) Any() bool {
	return st.OverdueActions > 0 || st.GoalsPastTarget > 0 || st.HelpNotStarted > 0 || st.NoContact
}

// sqlArgs numbers a query's arguments as they are added, for the
// conditions built in parts; the query's $1 is the municipality.
type sqlArgs struct{ list []any }

// add appends v and returns its placeholder.
func (a *sqlArgs) add(v any) string {
	a.list = append(a.list, v)
	return fmt.Sprintf("$%d", len(a.list))
}

// addAll appends vs and returns their placeholders, comma-separated.
func (a *sqlArgs) addAll(vs []string) string {
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = a.add(v)
	}
	return strings.Join(ps, ", ")
}

// stagnationCutoffs are the dates the signs are measured against, worked
// out in Go so that both engines compare plain dates.
type stagnationCutoffs struct {
	today         time.Time // the day of the check, midnight UTC
	noContactFrom time.Time // a last contact before this day is too long ago
}

// stagnationCutoffs reads the municipality's weeks without contact and
// takes today from the store's clock.
func (q *Q) stagnationCutoffs(ctx context.Context, municipalityID string) (stagnationCutoffs, error) {
	set, err := q.Settings(ctx, municipalityID)
	if err != nil {
		return stagnationCutoffs{}, err
	}
	today := wijkregie.Today(q.Now())
	return stagnationCutoffs{today: today, noContactFrom: today.AddDate(0, 0, -7*set.NoContactWeeks)}, nil
}

// stagnationSigns is the one definition of the four signs, as SQL on a
// case aliased c: the three plan signs as the FROM … WHERE body of a
// subquery (counted for the work list, tested with EXISTS for the filter
// and the overview), no contact as a condition.
type stagnationSigns struct {
	overdueActions, goalsPastTarget, helpNotStarted string
	noContact                                       string
	today                                           string // the placeholder of today
}

func newStagnationSigns(a *sqlArgs, cut stagnationCutoffs) stagnationSigns {
	// Each placeholder has one column type: PostgreSQL deduces a
	// parameter's type from its first use, and a date is not a timestamp.
	today, lastFrom, openedFrom := a.add(cut.today), a.add(cut.noContactFrom), a.add(cut.noContactFrom)
	// Only the active plan's rows count: plan_goals and plan_actions hold
	// the current version of every plan, a closed one's too.
	active := func(x string) string {
		return ` JOIN plans p ON p.municipality_id = ` + x + `.municipality_id AND p.id = ` + x + `.plan_id AND p.status = '` +
			string(wijkregie.PlanActive) + `' WHERE ` + x + `.municipality_id = c.municipality_id AND ` + x + `.case_id = c.id`
	}
	// An action counts while its goal is open: one left under a goal
	// reached, partly reached or given up asks nothing more of anyone.
	actions := `FROM plan_actions a JOIN plan_goals ag ON ag.municipality_id = a.municipality_id AND ag.plan_id = a.plan_id AND ag.id = a.goal_id
AND ag.status = '` + string(wijkregie.GoalOpen) + `'` + active("a")
	return stagnationSigns{
		overdueActions:  actions + ` AND a.status <> '` + string(wijkregie.ActionDone) + `' AND a.due_date < ` + today,
		goalsPastTarget: `FROM plan_goals g` + active("g") + ` AND g.status = '` + string(wijkregie.GoalOpen) + `' AND g.target_date < ` + today,
		helpNotStarted:  actions + ` AND a.status = '` + string(wijkregie.ActionPlanned) + `' AND a.start_date < ` + today,
		// Never in contact: the case's opening starts the clock.
		noContact: `(c.last_contact < ` + lastFrom + ` OR (c.last_contact IS NULL AND c.opened_at < ` + openedFrom + `))`,
		today:     today,
	}
}

// any is the condition that the case shows a sign. The three plan signs
// hold exactly when the day the active plan first asks something
// (cases.plan_due, kept by every write of the plan: RefreshPlanDue) has
// passed, so lists and counts over a team's cases read one column instead
// of every case's goals and actions; the detailed subqueries above count
// the signs for the cases shown.
func (s stagnationSigns) any() string {
	return `(c.plan_due < ` + s.today + ` OR ` + s.noContact + `)`
}

// openCaseSQL is the condition that the case aliased c is open.
func openCaseSQL(a *sqlArgs) string {
	return `c.status NOT IN (` + a.add(wijkregie.CaseClosed) + `, ` + a.add(wijkregie.CaseHandedOver) + `)`
}

// activePlanSQL is the condition that the case aliased c has an active
// plan (plans_one_active).
const activePlanSQL = `EXISTS (SELECT 1 FROM plans p WHERE p.municipality_id = c.municipality_id AND p.case_id = c.id AND p.status = '` +
	string(wijkregie.PlanActive) + `')`

// Stagnation returns the signs of each open case among ids, by case id;
// a closed case, or one not found, has no entry. One query for the list.
func (q *Q) Stagnation(ctx context.Context, municipalityID string, ids []string) (map[string]Stagnation, error) {
	out := make(map[string]Stagnation, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cut, err := q.stagnationCutoffs(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	a := &sqlArgs{list: []any{municipalityID}}
	s := newStagnationSigns(a, cut)
	open := openCaseSQL(a)
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = a.add(id)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT c.id, c.last_contact,
  (SELECT COUNT(*) `+s.overdueActions+`), (SELECT COUNT(*) `+s.goalsPastTarget+`), (SELECT COUNT(*) `+s.helpNotStarted+`),
  CASE WHEN `+s.noContact+` THEN 1 ELSE 0 END, CASE WHEN `+activePlanSQL+` THEN 1 ELSE 0 END
FROM cases c WHERE c.municipality_id = $1 AND `+open+` AND c.id IN (`+strings.Join(in, ", ")+`)`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("stagnation: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var st Stagnation
		var contact sql.NullTime
		var noContact, plan int
		if err := rows.Scan(&id, &contact, &st.OverdueActions, &st.GoalsPastTarget, &st.HelpNotStarted, &noContact, &plan); err != nil {
			return nil, err
		}
		st.LastContact, st.NoContact, st.HasPlan = timeOf(contact), noContact == 1, plan == 1
		out[id] = st
	}
	return out, rows.Err()
}
