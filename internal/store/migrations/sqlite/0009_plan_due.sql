-- The day each open case's active plan first asks something that has not
-- happened (wijkregie.Plan.DueOn): an open goal's target date, the due
-- date of an action under an open goal that is not done, the start date
-- of agreed help under an open goal that has not started. Once it has
-- passed the case stagnates; the team overview and the case list count
-- stagnating cases by this one column instead of looking into every
-- case's goals and actions (at 1,000,000 households a team holds tens of
-- thousands of open cases). The store writes it with every plan version
-- and clears it when the plan closes; this backfills what exists.
ALTER TABLE cases ADD COLUMN plan_due DATE;
UPDATE cases SET plan_due = (
    SELECT MIN(x.d) FROM (
        SELECT g.target_date AS d FROM plan_goals g
        JOIN plans p ON p.municipality_id = g.municipality_id AND p.id = g.plan_id AND p.status = 'actief'
        WHERE g.municipality_id = cases.municipality_id AND g.case_id = cases.id AND g.status = 'open'
        UNION ALL
        SELECT CASE WHEN a.status = 'gepland' AND a.start_date IS NOT NULL AND a.start_date < a.due_date THEN a.start_date ELSE a.due_date END
        FROM plan_actions a
        JOIN plan_goals g ON g.municipality_id = a.municipality_id AND g.plan_id = a.plan_id AND g.id = a.goal_id AND g.status = 'open'
        JOIN plans p ON p.municipality_id = a.municipality_id AND p.id = a.plan_id AND p.status = 'actief'
        WHERE a.municipality_id = cases.municipality_id AND a.case_id = cases.id AND a.status <> 'gereed'
    ) x
) WHERE status NOT IN ('afgesloten', 'overgedragen');
