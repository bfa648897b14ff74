-- Vroegsignalering schulden and the public concern form (issue 6;
-- docs/vroegsignalering.md). Keep in step with ../postgres/0021_outreach.sql;
-- store tests compare the two schemas.

-- A creditor that reports payment arrears (wijkregie.Creditor). Not a
-- network partner: it never reads a family's data. name_key makes two
-- spellings of one name one creditor (wijkregie.CreditorKey).
CREATE TABLE creditors (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, id)
);
CREATE UNIQUE INDEX creditors_by_name ON creditors (municipality_id, kind, name_key);

-- One delivery of reports: a file or an API call, and what became of its
-- rows. file_hash (SHA-256 of the bytes) recognises the same file delivered
-- again. delivered_by is a user id or "systeem" (the command line), so it
-- has no foreign key. It holds counts only, never a row's content.
CREATE TABLE arrears_deliveries (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    source          TEXT NOT NULL,
    file_hash       TEXT NOT NULL DEFAULT '',
    rows_read       INTEGER NOT NULL DEFAULT 0,
    rows_new        INTEGER NOT NULL DEFAULT 0,
    rows_updated    INTEGER NOT NULL DEFAULT 0,
    rows_unchanged  INTEGER NOT NULL DEFAULT 0,
    rows_bundled    INTEGER NOT NULL DEFAULT 0,
    rows_rejected   INTEGER NOT NULL DEFAULT 0,
    delivered_by    TEXT NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    PRIMARY KEY (municipality_id, id)
);
CREATE INDEX arrears_deliveries_by_hash ON arrears_deliveries (municipality_id, file_hash);

-- The outreach (wijkregie.Outreach, the GGM's vroegsignaalzaak): one open
-- per household at a time, its reports bundled into it.
CREATE TABLE outreaches (
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    id               TEXT NOT NULL,
    household_id     TEXT NOT NULL,
    team_id          TEXT,
    case_id          TEXT,
    assigned_to      TEXT,
    status           TEXT NOT NULL,
    threatening      BOOLEAN NOT NULL DEFAULT FALSE,
    deadline         TIMESTAMP NOT NULL,
    opened_at        TIMESTAMP NOT NULL,
    first_contact_at TIMESTAMP,
    reached_at       TIMESTAMP,
    outcome          TEXT NOT NULL DEFAULT '',
    outcome_note     TEXT NOT NULL DEFAULT '',
    signal_id        TEXT,
    closed_at        TIMESTAMP,
    closed_by        TEXT,
    version          INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    FOREIGN KEY (municipality_id, team_id) REFERENCES teams (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, assigned_to) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, signal_id) REFERENCES signals (municipality_id, id),
    CHECK (status = 'open' AND closed_at IS NULL OR status = 'afgerond' AND closed_at IS NOT NULL AND outcome <> '')
);
-- Bundling: a household has at most one open outreach.
CREATE UNIQUE INDEX outreaches_open_by_household ON outreaches (municipality_id, household_id) WHERE status = 'open';
-- The team's outreach screen: open ones by deadline.
CREATE INDEX outreaches_by_team ON outreaches (municipality_id, team_id, status, deadline);
-- Monitoring per period, and a case's outreaches.
CREATE INDEX outreaches_by_opened ON outreaches (municipality_id, opened_at);
CREATE INDEX outreaches_by_case ON outreaches (municipality_id, case_id);

-- One creditor's report on one contract (wijkregie.Arrears), as last
-- reported: (creditor, reference) is the key a re-delivery is recognised
-- by. content_hash says whether a re-delivered row changed anything;
-- last_delivery_id and last_line find a second row on the same contract in
-- one delivery (a duplicate line) without holding the file in memory. The
-- debtor is kept as the creditor named them; the BSN only sealed, as on
-- persons (0011).
CREATE TABLE arrears (
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    id               TEXT NOT NULL,
    creditor_id      TEXT NOT NULL,
    reference        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    status           TEXT NOT NULL,
    surname          TEXT NOT NULL,
    initials         TEXT NOT NULL DEFAULT '',
    prefix           TEXT NOT NULL DEFAULT '',
    birth_date       DATE NOT NULL,
    bsn_versleuteld  TEXT,
    bsn_hash         TEXT,
    street           TEXT NOT NULL,
    number           INTEGER NOT NULL,
    addition         TEXT NOT NULL DEFAULT '',
    postcode         TEXT NOT NULL,
    town             TEXT NOT NULL,
    amount_cents     BIGINT NOT NULL,
    terms            INTEGER NOT NULL,
    since            DATE NOT NULL,
    end_date         DATE,
    household_id     TEXT NOT NULL,
    person_id        TEXT,
    outreach_id      TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    first_reported_at TIMESTAMP NOT NULL,
    last_reported_at TIMESTAMP NOT NULL,
    reports          INTEGER NOT NULL,
    last_delivery_id TEXT NOT NULL,
    last_line        INTEGER NOT NULL,
    closed_at        TIMESTAMP,
    version          INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, creditor_id) REFERENCES creditors (municipality_id, id),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id),
    FOREIGN KEY (municipality_id, outreach_id) REFERENCES outreaches (municipality_id, id)
);
CREATE UNIQUE INDEX arrears_by_reference ON arrears (municipality_id, creditor_id, reference);
CREATE INDEX arrears_by_outreach ON arrears (municipality_id, outreach_id);
-- Monitoring counts reports received per period and creditor.
CREATE INDEX arrears_by_reported ON arrears (municipality_id, first_reported_at);

-- A contact attempt on an outreach (wijkregie.ContactAttempt).
CREATE TABLE outreach_contacts (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    outreach_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    on_date         DATE NOT NULL,
    part_of_day     TEXT NOT NULL,
    reached         BOOLEAN NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    recorded_by     TEXT NOT NULL,
    recorded_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, outreach_id) REFERENCES outreaches (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX outreach_contacts_by_outreach ON outreach_contacts (municipality_id, outreach_id, on_date);

-- The municipality's outreach terms (wijkregie.Settings.OutreachDeadline).
ALTER TABLE settings ADD COLUMN outreach_days_normal INTEGER NOT NULL DEFAULT 28;
ALTER TABLE settings ADD COLUMN outreach_days_threat INTEGER NOT NULL DEFAULT 3;
ALTER TABLE settings ADD COLUMN outreach_days_end_of_delivery INTEGER NOT NULL DEFAULT 10;

-- The public concern form registers its signals in the name of a user that
-- cannot log in (role "publiek", inactive, no password): signals.created_by
-- names a user, and the audit log an actor. CreateMunicipality adds it to
-- every new municipality, and
-- so may have made it already where code newer than this migration ran first.
INSERT INTO users (municipality_id, id, email, name, role, active, password_hash, created_at)
SELECT m.id, 'publiek', 'publiek@wijkregie.invalid', 'Openbaar meldformulier', 'publiek', FALSE, '', CURRENT_TIMESTAMP
FROM municipalities m
WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.municipality_id = m.id AND u.id = 'publiek');
