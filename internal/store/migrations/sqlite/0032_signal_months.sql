-- Signals by month (issue 7, docs/uitkomsten.md "Snelheid"): the triaged
-- signals of signal_facts counted per team, Dutch calendar month (its
-- first day, as days since 1970), source, decision, days to the decision
-- and whether within the term. A year of the municipality is a few
-- hundred thousand of these rows instead of 2.5 million facts at
-- 1,000,000 households; the measures read whole months here and the days
-- at a period's edges, and every signal still waiting, from the facts.
-- Kept by triggers on signal_facts, so it is right whatever writes a
-- signal or a triage; a count may reach 0 and stay. team_id '' is a
-- signal without a team. Keep in step with ../postgres/0032_signal_months.sql.
CREATE TABLE signal_months (
    municipality_id TEXT NOT NULL,
    team_id         TEXT NOT NULL,
    month_day       INTEGER NOT NULL,
    source_kind     TEXT NOT NULL,
    decision        TEXT NOT NULL,
    triage_days     INTEGER NOT NULL,
    in_term         INTEGER NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, month_day, team_id, source_kind, decision, triage_days, in_term)
);
CREATE INDEX signal_months_by_team ON signal_months (municipality_id, team_id, month_day);
-- The signals still waiting for triage, in a period.
CREATE INDEX signal_facts_waiting ON signal_facts (municipality_id, received_day, team_id) WHERE decision IS NULL;

INSERT INTO signal_months (municipality_id, team_id, month_day, source_kind, decision, triage_days, in_term, n)
SELECT f.municipality_id, COALESCE(f.team_id, ''), CAST(julianday(date(f.received_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER), f.source_kind, f.decision, f.triage_days, CASE WHEN f.in_term THEN 1 ELSE 0 END, COUNT(*)
FROM signal_facts f WHERE f.decision IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER signal_months_insert AFTER INSERT ON signal_facts WHEN NEW.decision IS NOT NULL BEGIN
    INSERT INTO signal_months (municipality_id, team_id, month_day, source_kind, decision, triage_days, in_term, n)
    SELECT NEW.municipality_id, COALESCE(NEW.team_id, ''), CAST(julianday(date(NEW.received_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER), NEW.source_kind, NEW.decision, NEW.triage_days, CASE WHEN NEW.in_term THEN 1 ELSE 0 END, 1 WHERE true
    ON CONFLICT (municipality_id, month_day, team_id, source_kind, decision, triage_days, in_term) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER signal_months_delete AFTER DELETE ON signal_facts WHEN OLD.decision IS NOT NULL BEGIN
    UPDATE signal_months SET n = n - 1 WHERE municipality_id = OLD.municipality_id AND month_day = CAST(julianday(date(OLD.received_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER) AND team_id = COALESCE(OLD.team_id, '') AND source_kind = OLD.source_kind AND decision = OLD.decision AND triage_days = OLD.triage_days AND in_term = CASE WHEN OLD.in_term THEN 1 ELSE 0 END;
END;
CREATE TRIGGER signal_months_update AFTER UPDATE ON signal_facts BEGIN
    UPDATE signal_months SET n = n - 1 WHERE OLD.decision IS NOT NULL AND municipality_id = OLD.municipality_id AND month_day = CAST(julianday(date(OLD.received_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER) AND team_id = COALESCE(OLD.team_id, '') AND source_kind = OLD.source_kind AND decision = OLD.decision AND triage_days = OLD.triage_days AND in_term = CASE WHEN OLD.in_term THEN 1 ELSE 0 END;
    INSERT INTO signal_months (municipality_id, team_id, month_day, source_kind, decision, triage_days, in_term, n)
    SELECT NEW.municipality_id, COALESCE(NEW.team_id, ''), CAST(julianday(date(NEW.received_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER), NEW.source_kind, NEW.decision, NEW.triage_days, CASE WHEN NEW.in_term THEN 1 ELSE 0 END, 1 WHERE NEW.decision IS NOT NULL
    ON CONFLICT (municipality_id, month_day, team_id, source_kind, decision, triage_days, in_term) DO UPDATE SET n = n + 1;
END;
