-- Handover (issue 8; docs/overdracht.md). Keep in step with
-- ../sqlite/0024_handover.sql; store tests compare the two schemas.

-- One offer of a case to another team (wijkregie.Handover): the sender's
-- team and regisseur as they were at the offer, the receiver (a team of
-- this or another municipality on the platform, or only the name of one
-- outside it), the reason, the overlap of the warme overdracht, and who
-- did what when. The row lives in the sending municipality: the receiving
-- team lead reads it across, by to_municipality_id and to_team_id. A case
-- has at most one running handover (handovers_one_open). Never deleted
-- while its case lives; each step is written at version + 1.
CREATE TABLE handovers (
    municipality_id     TEXT NOT NULL,
    id                  TEXT NOT NULL,
    case_id             TEXT NOT NULL,
    household_id        TEXT NOT NULL,
    kind                TEXT NOT NULL,
    status              TEXT NOT NULL,
    from_team_id        TEXT NOT NULL,
    from_coordinator_id TEXT NOT NULL DEFAULT '',
    to_municipality_id  TEXT NOT NULL DEFAULT '',
    to_team_id          TEXT NOT NULL DEFAULT '',
    to_name             TEXT NOT NULL DEFAULT '',
    to_coordinator_id   TEXT NOT NULL DEFAULT '',
    received_case_id    TEXT NOT NULL DEFAULT '',
    reason              TEXT NOT NULL,
    decline_reason      TEXT NOT NULL DEFAULT '',
    overlap_days        INTEGER NOT NULL,
    overlap_until       TIMESTAMP,
    offered_at          TIMESTAMP NOT NULL,
    offered_by          TEXT NOT NULL,
    decided_at          TIMESTAMP,
    decided_by          TEXT NOT NULL DEFAULT '',
    closed_at           TIMESTAMP,
    closed_by           TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    CHECK (kind IN ('team', 'gemeente', 'extern')),
    CHECK (status IN ('aangeboden', 'geaccepteerd', 'afgewezen', 'afgerond', 'ingetrokken')),
    CHECK (overlap_days BETWEEN 0 AND 90)
);
CREATE UNIQUE INDEX handovers_one_open ON handovers (municipality_id, case_id) WHERE status IN ('aangeboden', 'geaccepteerd');
CREATE INDEX handovers_by_case ON handovers (municipality_id, case_id, offered_at);
CREATE INDEX handovers_by_sender ON handovers (municipality_id, from_team_id, offered_at);
-- The receiving team's list reads across municipalities, by
-- to_municipality_id: no index serves it, as every index leads with the
-- row's own municipality (the tenant rule). Handovers are few (a team
-- sends a handful a month), so the scan stays small.

-- The addresses a household left (wijkregie.AddressChange): households
-- holds the current one, this the ones before it, with when the move was
-- recorded and by whom, and what it meant for the open case (case_id set
-- when the new address lies outside the case team's area; proposed_team_id
-- the team whose area holds it, '' outside the municipality).
CREATE TABLE household_addresses (
    municipality_id  TEXT NOT NULL,
    household_id     TEXT NOT NULL,
    changed_at       TIMESTAMP NOT NULL,
    street           TEXT NOT NULL,
    number           INTEGER NOT NULL,
    addition         TEXT NOT NULL DEFAULT '',
    postcode         TEXT NOT NULL,
    town             TEXT NOT NULL,
    new_postcode     TEXT NOT NULL,
    changed_by       TEXT NOT NULL,
    case_id          TEXT NOT NULL DEFAULT '',
    proposed_team_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (municipality_id, household_id, changed_at),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id)
);
