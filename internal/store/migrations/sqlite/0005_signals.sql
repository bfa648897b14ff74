-- Signals and their matches (issue 3). Keep in step with
-- ../postgres/0005_signals.sql; store tests compare the two schemas.

-- A signal names a person, a household or both; the use case makes sure it
-- never names nobody. description is personal data (it says why), as are
-- the reporter's name and contact. domains holds ZRM domain codes joined
-- by commas: codes are kebab-case ASCII, and a signal is never searched by
-- domain.
CREATE TABLE signals (
    municipality_id        TEXT NOT NULL REFERENCES municipalities (id),
    id                     TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    person_id              TEXT,
    household_id           TEXT,
    source_kind            TEXT NOT NULL,
    source_organisation_id TEXT,
    reporter_name          TEXT NOT NULL DEFAULT '',
    reporter_contact       TEXT NOT NULL DEFAULT '',
    anonymous_to_family    BOOLEAN NOT NULL DEFAULT FALSE,
    domains                TEXT NOT NULL,
    description            TEXT NOT NULL,
    urgency                TEXT NOT NULL,
    received_at            TIMESTAMP NOT NULL,
    triage_deadline        TIMESTAMP NOT NULL,
    status                 TEXT NOT NULL,
    team_id                TEXT,
    created_by             TEXT NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    FOREIGN KEY (municipality_id, source_organisation_id) REFERENCES organisations (municipality_id, id),
    FOREIGN KEY (municipality_id, team_id) REFERENCES teams (municipality_id, id),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id)
);
-- Matching looks up the other signals on the same person and household.
CREATE INDEX signals_by_person ON signals (municipality_id, person_id);
CREATE INDEX signals_by_household ON signals (municipality_id, household_id);
-- The team's list, by deadline.
CREATE INDEX signals_by_team ON signals (municipality_id, team_id, triage_deadline);
CREATE INDEX signals_by_creator ON signals (municipality_id, created_by);

-- A match: the signal met another signal or a current involvement. It
-- records who, never what (Verwijsindex): the other party is a user, and
-- through them an organisation.
CREATE TABLE signal_matches (
    municipality_id TEXT NOT NULL,
    signal_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    other_signal_id TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, signal_id, user_id, other_signal_id),
    FOREIGN KEY (municipality_id, signal_id) REFERENCES signals (municipality_id, id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);

-- A user's inbox. A match notification names the other party and the
-- household, never the other signal's kind, domains or description.
CREATE TABLE notifications (
    municipality_id    TEXT NOT NULL,
    id                 TEXT NOT NULL,
    recipient_id       TEXT NOT NULL,
    kind               TEXT NOT NULL,
    signal_id          TEXT NOT NULL DEFAULT '',
    household_id       TEXT NOT NULL DEFAULT '',
    other_user_id      TEXT NOT NULL DEFAULT '',
    other_name         TEXT NOT NULL DEFAULT '',
    other_organisation TEXT NOT NULL DEFAULT '',
    other_contact      TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL,
    read_at            TIMESTAMP,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, recipient_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX notifications_by_recipient ON notifications (municipality_id, recipient_id, created_at);
