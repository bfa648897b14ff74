-- The team overview counts a team's open cases five ways (without
-- regisseur, without plan, stagnating, relapse, waiting) in one pass
-- (store.TeamCounts). On cases_by_team that pass fetched every case's row
-- from the table; this index holds every column the counts read, so the
-- pass stays in the index (at 1,000,000 households about 1,700 cases a
-- team; half the time in SQLite).
--
-- Partial on "team_id IS NOT NULL", which every case meets: only a query
-- that names c.team_id = ? in its own right can use the index. Without
-- that, SQLite counted the regisseur's work list through it — a covering
-- index led by municipality_id, over every case of the municipality — on
-- its guess that "municipality_id = ?" finds few rows (docs/benchmarks.md).
CREATE INDEX cases_team_overview ON cases (municipality_id, team_id, status, coordinator_id, plan_due, last_contact, opened_at, relapse_of, household_id, id)
    WHERE team_id IS NOT NULL;
