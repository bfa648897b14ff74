-- The 1-1-1 snapshot of the whole municipality (issue 7, docs/uitkomsten.md
-- "Snelheid") reads the cases open at a moment and the regisseurs'
-- assignments of that moment once each: from indexes that hold all it
-- reads, instead of 700,000 wide case rows and assignment rows at
-- 1,000,000 households with five years of history. Keep in step with
-- ../sqlite/0030_measure_indexes.sql.
CREATE INDEX cases_open_at ON cases (municipality_id, opened_at, closed_at, status, id);
CREATE INDEX case_coordinators_at ON case_coordinators (municipality_id, case_id, from_at, until_at);
