-- The team's tasks nobody holds, the team's part of Mijn taken: on
-- tasks_open_by_team that part looks at every open task of the team (tens
-- of thousands at 1,000,000 households, nearly all held) to find the few
-- hundred unheld.
CREATE INDEX tasks_unheld_by_team ON tasks (municipality_id, team_id, due_at) WHERE done_at IS NULL AND user_id IS NULL;
