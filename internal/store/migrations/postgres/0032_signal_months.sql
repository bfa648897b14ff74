-- Signals by month (issue 7, docs/uitkomsten.md "Snelheid"): the triaged
-- signals of signal_facts counted per team, Dutch calendar month (its
-- first day, as days since 1970), source, decision, days to the decision
-- and whether within the term. A year of the municipality is a few
-- hundred thousand of these rows instead of 2.5 million facts at
-- 1,000,000 households; the measures read whole months here and the days
-- at a period's edges, and every signal still waiting, from the facts.
-- Kept by triggers on signal_facts, so it is right whatever writes a
-- signal or a triage; a count may reach 0 and stay. team_id '' is a
-- signal without a team. Keep in step with ../sqlite/0032_signal_months.sql.
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
SELECT f.municipality_id, COALESCE(f.team_id, ''), (date_trunc('month', DATE '1970-01-01' + f.received_day)::date - DATE '1970-01-01'), f.source_kind, f.decision, f.triage_days, CASE WHEN f.in_term THEN 1 ELSE 0 END, COUNT(*)
FROM signal_facts f WHERE f.decision IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE FUNCTION signal_months_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.decision IS NOT NULL THEN
        UPDATE signal_months SET n = n - 1 WHERE municipality_id = OLD.municipality_id AND month_day = (date_trunc('month', DATE '1970-01-01' + OLD.received_day)::date - DATE '1970-01-01') AND team_id = COALESCE(OLD.team_id, '') AND source_kind = OLD.source_kind AND decision = OLD.decision AND triage_days = OLD.triage_days AND in_term = CASE WHEN OLD.in_term THEN 1 ELSE 0 END;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.decision IS NOT NULL THEN
        INSERT INTO signal_months (municipality_id, team_id, month_day, source_kind, decision, triage_days, in_term, n)
        VALUES (NEW.municipality_id, COALESCE(NEW.team_id, ''), (date_trunc('month', DATE '1970-01-01' + NEW.received_day)::date - DATE '1970-01-01'), NEW.source_kind, NEW.decision, NEW.triage_days, CASE WHEN NEW.in_term THEN 1 ELSE 0 END, 1)
        ON CONFLICT (municipality_id, month_day, team_id, source_kind, decision, triage_days, in_term) DO UPDATE SET n = signal_months.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER signal_months_change AFTER INSERT OR UPDATE OR DELETE ON signal_facts FOR EACH ROW EXECUTE FUNCTION signal_months_change();
