-- The outcome measures (issue 7, docs/uitkomsten.md) choose their cases,
-- signals and level changes by a period of the whole municipality; the
-- existing indexes lead with a team (cases_by_team), serve only what
-- retention has not anonymised (cases_retention, signals_retention) or
-- miss the event's kind. Each index is named after the measure it serves.
-- Keep in step with the other dialect's 0026_measures.sql.

-- ZRM change, goals, relapse, closures: the cases closed in a period.
CREATE INDEX cases_closed_in_period ON cases (municipality_id, closed_at) WHERE closed_at IS NOT NULL;
-- Timeliness from a case's start to its agreed plan: the cases opened in a period.
CREATE INDEX cases_opened_in_period ON cases (municipality_id, opened_at);
-- Timeliness of triage and where families come from: the signals received in a period.
CREATE INDEX signals_received_in_period ON signals (municipality_id, received_at);
-- Level changes (op- en afschalen) made in a period.
CREATE INDEX case_events_level_changes ON case_events (municipality_id, kind, at);
