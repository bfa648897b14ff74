-- The measures' facts (issue 7, docs/uitkomsten.md "Snelheid"): what the
-- outcome measures read of a signal, narrow, kept in step by triggers, so
-- a period's timeliness and sources are an index range of small rows
-- instead of the wide signal rows with a join to their triage and a time
-- zone sum per row. At 1,000,000 households with five years of history a
-- year of the municipality is 2.5 million signals; read from the signals
-- themselves that took 40 s and more. Keep in step with
-- ../sqlite/0028_measure_facts.sql; store tests compare the two schemas.
--
-- received_day is the signal's Dutch calendar day as days since 1 January
-- 1970 (the same sum as store.dutchDay); triage_days the Dutch days from
-- it to the triage decision, in_term whether that decision came by the
-- signal's triage deadline. Only the triggers below write this table:
-- every store path that writes a signal or a triage keeps it right,
-- whatever it is.
CREATE TABLE signal_facts (
    municipality_id TEXT NOT NULL,
    signal_id       TEXT NOT NULL,
    team_id         TEXT,
    household_id    TEXT,
    source_kind     TEXT NOT NULL,
    received_day    INTEGER NOT NULL,
    triage_deadline TIMESTAMPTZ NOT NULL,
    decision        TEXT,
    triage_days     INTEGER,
    in_term         BOOLEAN,
    PRIMARY KEY (municipality_id, signal_id),
    FOREIGN KEY (municipality_id, signal_id) REFERENCES signals (municipality_id, id) ON DELETE CASCADE
);

INSERT INTO signal_facts (municipality_id, signal_id, team_id, household_id, source_kind, received_day, triage_deadline,
    decision, triage_days, in_term)
SELECT s.municipality_id, s.id, s.team_id, s.household_id, s.source_kind, (((s.received_at) AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01'), s.triage_deadline,
    t.decision, (((t.decided_at) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01') - (((s.received_at) AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01'),
    CASE WHEN t.decided_at IS NULL THEN NULL ELSE (t.decided_at AT TIME ZONE 'UTC') <= s.triage_deadline END
FROM signals s LEFT JOIN triages t ON t.municipality_id = s.municipality_id AND t.signal_id = s.id;

-- A period of the municipality, and of one team: each covers what the
-- timeliness and source measures read, so they never touch the table.
CREATE INDEX signal_facts_by_day ON signal_facts (municipality_id, received_day, team_id, source_kind, decision, triage_days, in_term, triage_deadline);
CREATE INDEX signal_facts_by_team ON signal_facts (municipality_id, team_id, received_day, source_kind, decision, triage_days, in_term, triage_deadline);

CREATE FUNCTION signal_facts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO signal_facts (municipality_id, signal_id, team_id, household_id, source_kind, received_day, triage_deadline)
    VALUES (NEW.municipality_id, NEW.id, NEW.team_id, NEW.household_id, NEW.source_kind, (((NEW.received_at) AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01'), NEW.triage_deadline);
    RETURN NULL;
END $$;
CREATE TRIGGER signal_facts_insert AFTER INSERT ON signals FOR EACH ROW EXECUTE FUNCTION signal_facts_insert();

CREATE FUNCTION signal_facts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE signal_facts SET team_id = NEW.team_id, household_id = NEW.household_id, source_kind = NEW.source_kind,
        received_day = (((NEW.received_at) AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01'), triage_deadline = NEW.triage_deadline
    WHERE municipality_id = NEW.municipality_id AND signal_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER signal_facts_update AFTER UPDATE OF team_id, household_id, source_kind, received_at, triage_deadline ON signals
    FOR EACH ROW EXECUTE FUNCTION signal_facts_update();

CREATE FUNCTION signal_facts_triaged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE signal_facts SET decision = NEW.decision,
        triage_days = (((NEW.decided_at) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Amsterdam')::date - DATE '1970-01-01') - received_day,
        in_term = (NEW.decided_at AT TIME ZONE 'UTC') <= triage_deadline
    WHERE municipality_id = NEW.municipality_id AND signal_id = NEW.signal_id;
    RETURN NULL;
END $$;
CREATE TRIGGER signal_facts_triaged AFTER INSERT ON triages FOR EACH ROW EXECUTE FUNCTION signal_facts_triaged();

CREATE FUNCTION signal_facts_untriaged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE signal_facts SET decision = NULL, triage_days = NULL, in_term = NULL
    WHERE municipality_id = OLD.municipality_id AND signal_id = OLD.signal_id;
    RETURN NULL;
END $$;
CREATE TRIGGER signal_facts_untriaged AFTER DELETE ON triages FOR EACH ROW EXECUTE FUNCTION signal_facts_untriaged();

-- Timeliness from a case's start to its first agreed plan: the day each
-- plan version was agreed on, out of its document once, at write.
ALTER TABLE plan_versions ADD COLUMN agreed_on TEXT GENERATED ALWAYS AS (document::json ->> 'agreed_on') STORED;
CREATE INDEX plan_versions_agreed ON plan_versions (municipality_id, plan_id, agreed_on) WHERE agreed_on IS NOT NULL AND agreed_on <> '';

-- The team dashboard's periods: closed and opened cases of one team.
CREATE INDEX cases_closed_by_team ON cases (municipality_id, team_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX cases_opened_by_team ON cases (municipality_id, team_id, opened_at);
-- Outreaches opened by one team in a period.
CREATE INDEX outreaches_opened_by_team ON outreaches (municipality_id, team_id, opened_at);
-- Ratings given in a period.
CREATE INDEX mijnplan_ratings_by_day ON mijnplan_ratings (municipality_id, rated_at);
