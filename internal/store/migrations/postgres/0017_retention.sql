-- Retention (issue 5, "Retention"; docs/privacy.md, "Bewaartermijnen").
-- Keep in step with ../sqlite/0017_retention.sql; store tests compare the
-- two schemas.

-- A municipality's retention periods (wijkregie.RetentionPeriods), in
-- months. No row means the platform's defaults.
CREATE TABLE retention_periods (
    municipality_id     TEXT PRIMARY KEY REFERENCES municipalities (id),
    youth_case_months   INTEGER NOT NULL,
    social_case_months  INTEGER NOT NULL,
    signal_months       INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    updated_by          TEXT NOT NULL
);

-- When retention anonymised the row. An expired case or signal keeps the
-- numbers outcome statistics count and loses its text and its link to the
-- family; anonymised_at says it is done, so a rerun passes it by. On
-- households and persons it marks the anonymous stand-ins an anonymised
-- case points to instead of the family (store/retention.go): the schema
-- wants a household for every case and a person for every ZRM score.
ALTER TABLE cases ADD COLUMN anonymised_at TIMESTAMP;
-- Each in the type of its table's other moments.
ALTER TABLE signals ADD COLUMN anonymised_at TIMESTAMPTZ;
ALTER TABLE households ADD COLUMN anonymised_at TIMESTAMPTZ;
ALTER TABLE persons ADD COLUMN anonymised_at TIMESTAMPTZ;

-- The daily run's questions: which closed cases, and which triaged signals,
-- have not been anonymised yet, by the moment their period runs from.
CREATE INDEX cases_retention ON cases (municipality_id, closed_at)
    WHERE anonymised_at IS NULL AND closed_at IS NOT NULL;
CREATE INDEX signals_retention ON signals (municipality_id, received_at)
    WHERE anonymised_at IS NULL AND status <> 'nieuw';
