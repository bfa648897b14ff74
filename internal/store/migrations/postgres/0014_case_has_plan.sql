-- The team overview counted "open cases without a plan" by looking up
-- every open case's active plan (plans_one_active): at 1,000,000
-- households about 1,600 lookups a team, most of the overview's time on
-- SQLite (docs/benchmarks.md). has_active_plan keeps that fact on the
-- case, set by store.RefreshPlanDue in the transaction of every plan
-- write, like plan_due; the overview's index now holds it, so the count
-- stays in the index.
ALTER TABLE cases ADD COLUMN has_active_plan BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE cases SET has_active_plan = EXISTS (
    SELECT 1 FROM plans p WHERE p.municipality_id = cases.municipality_id AND p.case_id = cases.id AND p.status = 'actief');

DROP INDEX cases_team_overview;
CREATE INDEX cases_team_overview ON cases (municipality_id, team_id, status, coordinator_id, has_active_plan, plan_due, last_contact,
    opened_at, relapse_of, household_id, id)
    WHERE team_id IS NOT NULL;

-- The caseloads count a team member's open cases per level; with the
-- level in the index the count reads no case row (at 1,000,000
-- households 12 ms a team on SQLite without it).
DROP INDEX cases_by_coordinator;
CREATE INDEX cases_by_coordinator ON cases (municipality_id, coordinator_id, status, level);
