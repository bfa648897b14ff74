-- The consent registry (issue 5, "Consent registry"; docs/consent.md).
-- Keep in step with ../sqlite/0012_consents.sql; store tests compare the
-- two schemas.

-- A consent record in the shape of ISO/IEC TS 27560 (wijkregie.Consent):
-- the subject, the recipient — one organisation, or every organisation of
-- a kind, exactly one of the two —, the purpose, the life domains it
-- covers (ZRM codes, comma-separated as other lists in this schema), when
-- and how it was given, an optional last day, and its withdrawal. A
-- record is never deleted or edited: the withdrawal is written on it, at
-- version + 1, and only once.
CREATE TABLE consents (
    municipality_id   TEXT NOT NULL,
    id                TEXT NOT NULL,
    person_id         TEXT NOT NULL,
    organisation_id   TEXT,
    organisation_kind TEXT,
    purpose           TEXT NOT NULL,
    domains           TEXT NOT NULL,
    given_on          DATE NOT NULL,
    method            TEXT NOT NULL,
    until_date        DATE,
    recorded_by       TEXT NOT NULL,
    recorded_at       TIMESTAMP NOT NULL,
    withdrawn_at      TIMESTAMP,
    withdrawn_by      TEXT,
    withdrawn_reason  TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id),
    FOREIGN KEY (municipality_id, organisation_id) REFERENCES organisations (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, withdrawn_by) REFERENCES users (municipality_id, id),
    CHECK (organisation_id IS NULL AND organisation_kind IS NOT NULL OR organisation_id IS NOT NULL AND organisation_kind IS NULL),
    CHECK (withdrawn_at IS NULL AND withdrawn_by IS NULL OR withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL)
);
-- The consents of a person (the registry's lists), in the order given.
CREATE INDEX consents_by_person ON consents (municipality_id, person_id, given_on);
-- The active consents of a person for an organisation or its kind, which
-- the access policy asks about (app.ConsentCovers): withdrawn ones are
-- never asked for again.
CREATE INDEX consents_active_by_recipient ON consents (municipality_id, person_id, organisation_id, organisation_kind)
    WHERE withdrawn_at IS NULL;

-- Who gave it: the subject themself, and/or a parent with authority
-- (wijkregie.ConsentGivers), each once, in the order recorded.
CREATE TABLE consent_givers (
    municipality_id TEXT NOT NULL,
    consent_id      TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    capacity        TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, consent_id, person_id),
    FOREIGN KEY (municipality_id, consent_id) REFERENCES consents (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id)
);
