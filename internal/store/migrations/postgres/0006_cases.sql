-- Triage, cases, regisseurs and their powers (issue 3). Keep in step with
-- ../sqlite/0006_cases.sql; store tests compare the two schemas.

-- A municipality's own triage terms, suggestion thresholds and caseload
-- weights (wijkregie.Settings). No row means the platform's defaults.
CREATE TABLE settings (
    municipality_id    TEXT PRIMARY KEY REFERENCES municipalities (id),
    triage_days_urgent INTEGER NOT NULL,
    triage_days_normal INTEGER NOT NULL,
    multiple_domains   INTEGER NOT NULL,
    multiple_parties   INTEGER NOT NULL,
    weight_light       INTEGER NOT NULL,
    weight_intensive   INTEGER NOT NULL,
    weight_safety      INTEGER NOT NULL,
    version            INTEGER NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    updated_by         TEXT NOT NULL
);

-- The triage queue: a team's untriaged signals by deadline.
CREATE INDEX signals_queue ON signals (municipality_id, team_id, status, triage_deadline);

-- One family, one case. coordinator_id is the current regisseur, kept in
-- step with case_coordinators in the same transaction; the CHECK makes a
-- case past registration without a regisseur impossible, and the partial
-- unique index below a second open case for a household.
CREATE TABLE cases (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    household_id    TEXT NOT NULL,
    team_id         TEXT,
    status          TEXT NOT NULL,
    level           TEXT NOT NULL,
    domains         TEXT NOT NULL,
    opened_at       TIMESTAMP NOT NULL,
    opened_by       TEXT NOT NULL,
    closed_at       TIMESTAMP,
    closure_reason  TEXT NOT NULL DEFAULT '',
    coordinator_id  TEXT,
    version         INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    FOREIGN KEY (municipality_id, team_id) REFERENCES teams (municipality_id, id),
    FOREIGN KEY (municipality_id, opened_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, coordinator_id) REFERENCES users (municipality_id, id),
    CHECK (coordinator_id IS NOT NULL OR status IN ('aangemeld', 'afgesloten', 'overgedragen'))
);
CREATE UNIQUE INDEX cases_one_open ON cases (municipality_id, household_id)
    WHERE status NOT IN ('afgesloten', 'overgedragen');
CREATE INDEX cases_by_household ON cases (municipality_id, household_id, opened_at);
CREATE INDEX cases_by_team ON cases (municipality_id, team_id, status, opened_at);
CREATE INDEX cases_by_coordinator ON cases (municipality_id, coordinator_id, status);

-- A case's history: append-only lines. reason is personal data when
-- written by hand.
CREATE TABLE case_events (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    kind            TEXT NOT NULL,
    from_value      TEXT NOT NULL DEFAULT '',
    to_value        TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    at              TIMESTAMP NOT NULL,
    by_user         TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, by_user) REFERENCES users (municipality_id, id)
);

-- Who was regisseur when, with the mandate they held. One current per
-- case: the schema, not the code, makes a second one impossible.
CREATE TABLE case_coordinators (
    municipality_id     TEXT NOT NULL,
    case_id             TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    from_at             TIMESTAMP NOT NULL,
    until_at            TIMESTAMP,
    mandate_from        TIMESTAMP NOT NULL,
    mandate_decide      TEXT NOT NULL,
    mandate_escalate_to TEXT NOT NULL,
    reason              TEXT NOT NULL DEFAULT '',
    assigned_by         TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id, from_at),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, assigned_by) REFERENCES users (municipality_id, id)
);
CREATE UNIQUE INDEX case_coordinators_one_current ON case_coordinators (municipality_id, case_id)
    WHERE until_at IS NULL;

-- Betrokkenen: professionals (users) and organisations in a case.
CREATE TABLE case_parties (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    user_id         TEXT,
    organisation_id TEXT,
    role            TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    from_at         TIMESTAMP NOT NULL,
    until_at        TIMESTAMP,
    added_by        TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, organisation_id) REFERENCES organisations (municipality_id, id),
    CHECK (user_id IS NOT NULL OR organisation_id IS NOT NULL)
);

-- Opschaling: the regisseur escalates to a partner's management.
CREATE TABLE escalations (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    to_whom         TEXT NOT NULL,
    about           TEXT NOT NULL,
    raised_at       TIMESTAMP NOT NULL,
    raised_by       TEXT NOT NULL,
    answer          TEXT NOT NULL DEFAULT '',
    answered_at     TIMESTAMP,
    outcome         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    version         INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, case_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, organisation_id) REFERENCES organisations (municipality_id, id),
    FOREIGN KEY (municipality_id, raised_by) REFERENCES users (municipality_id, id)
);

-- Doorzettingsmacht: binding decisions. organisation_ids joined by commas
-- (ids are UUIDs); a decision is read with its case, never searched by
-- organisation.
CREATE TABLE enforcements (
    municipality_id  TEXT NOT NULL,
    case_id          TEXT NOT NULL,
    id               TEXT NOT NULL,
    kind             TEXT NOT NULL,
    decision         TEXT NOT NULL,
    reason           TEXT NOT NULL,
    organisation_ids TEXT NOT NULL,
    decided_at       TIMESTAMP NOT NULL,
    decided_by       TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, decided_by) REFERENCES users (municipality_id, id)
);

-- Triage: one decision per signal, with the suggestion shown at the time.
-- suggested_why holds the fired rules as "key:n:m" joined by commas.
CREATE TABLE triages (
    municipality_id TEXT NOT NULL,
    signal_id       TEXT NOT NULL,
    decision        TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    service_id      TEXT,
    answer          TEXT NOT NULL DEFAULT '',
    case_id         TEXT,
    suggested       TEXT NOT NULL,
    suggested_why   TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL,
    decided_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, signal_id),
    FOREIGN KEY (municipality_id, signal_id) REFERENCES signals (municipality_id, id),
    FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, decided_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX triages_by_case ON triages (municipality_id, case_id);

-- The Meldcode route of a safety case; its steps are worked in the case.
CREATE TABLE meldcode_routes (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    step            INTEGER NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    started_by      TEXT NOT NULL,
    signal_id       TEXT,
    PRIMARY KEY (municipality_id, case_id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, started_by) REFERENCES users (municipality_id, id)
);
