-- The person's other rights (issue 5, "The person's rights"; docs/privacy.md,
-- "Rechten van betrokkenen"). Keep in step with ../sqlite/0019_rights.sql;
-- store tests compare the two schemas.

-- A request to exercise a right (wijkregie.RightsRequest): rectification,
-- restriction, erasure or objection, its deadline (one month, extendable
-- once by two) and its decision, written once. person_id has no foreign
-- key: a granted erasure removes the person, and the request stays as the
-- proof of how it was answered (as the audit log keeps its ids).
CREATE TABLE rights_requests (
    municipality_id   TEXT NOT NULL REFERENCES municipalities (id),
    id                TEXT NOT NULL,
    person_id         TEXT NOT NULL,
    kind              TEXT NOT NULL,
    received_on       DATE NOT NULL,
    request           TEXT NOT NULL,
    early_destruction BOOLEAN NOT NULL DEFAULT FALSE,
    deadline          DATE NOT NULL,
    extended_to       DATE,
    extension_reason  TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    reason            TEXT NOT NULL DEFAULT '',
    weighing          TEXT NOT NULL DEFAULT '',
    decided_by        TEXT,
    decided_at        TIMESTAMPTZ,
    recorded_by       TEXT NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL,
    version           INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, decided_by) REFERENCES users (municipality_id, id),
    CHECK (decided_at IS NULL AND decided_by IS NULL OR decided_at IS NOT NULL AND decided_by IS NOT NULL)
);
-- The privacy officer's list: open requests by their due day.
CREATE INDEX rights_requests_by_due ON rights_requests (municipality_id, deadline);
-- A person's requests (the inzage export, the person's page).
CREATE INDEX rights_requests_by_person ON rights_requests (municipality_id, person_id);

-- A restriction of processing (art. 18) on a person: while restricted_at
-- is set, pages show the data with a notice and refuse changes; only the
-- privacy officer lifts it.
ALTER TABLE persons ADD COLUMN restricted_at TIMESTAMPTZ;
ALTER TABLE persons ADD COLUMN restricted_by TEXT;
ALTER TABLE persons ADD COLUMN restriction_reason TEXT NOT NULL DEFAULT '';

-- That the information notice (art. 13/14) was sent to a person, and how;
-- a signal from someone else received after the last one makes a new one
-- due. Removed with the person.
CREATE TABLE information_notices (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    sent_on         DATE NOT NULL,
    method          TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX information_notices_by_person ON information_notices (municipality_id, person_id, sent_on);
