-- The workload of the whole municipality (issue 7, docs/uitkomsten.md
-- "Snelheid"): the waiting list, the triage and outreach backlogs, the
-- caseloads and the coming deadlines are each a small part of a large
-- table, and the indexes there led with the team, so the municipality's
-- read every team's rows (6.5 s for the backlogs at 1,000,000 households
-- with five years of history). Partial indexes of just those rows; each
-- condition is the one the query (store.Backlogs, LevelLoads, Deadlines)
-- writes out. Keep in step with ../sqlite/0031_workload_indexes.sql.
CREATE INDEX cases_waiting ON cases (municipality_id, team_id, opened_at) WHERE status = 'aangemeld' AND coordinator_id IS NULL;
CREATE INDEX cases_open_by_level ON cases (municipality_id, team_id, level) WHERE status NOT IN ('afgesloten', 'overgedragen');
CREATE INDEX signals_waiting ON signals (municipality_id, team_id, triage_deadline) WHERE status = 'nieuw';
CREATE INDEX outreaches_open ON outreaches (municipality_id, team_id, deadline) WHERE status = 'open';
CREATE INDEX tasks_open_by_due ON tasks (municipality_id, due_at, kind, team_id, user_id) WHERE done_at IS NULL;
