-- Foundation schema (PostgreSQL). Every table but municipalities is keyed by
-- municipality_id first, so each municipality's rows can live together (and,
-- on PostgreSQL, be distributed by municipality). Keep in step with
-- ../sqlite/0001_foundation.sql; store tests compare the two schemas.

CREATE TABLE municipalities (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE teams (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,
    areas           TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id)
);
CREATE UNIQUE INDEX teams_by_name ON teams (municipality_id, name);

CREATE TABLE organisations (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id)
);
CREATE UNIQUE INDEX organisations_by_name ON organisations (municipality_id, name);

CREATE TABLE users (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    email           TEXT NOT NULL,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL,
    team_id         TEXT,
    organisation_id TEXT,
    expertise       TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash   TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, team_id) REFERENCES teams (municipality_id, id),
    FOREIGN KEY (municipality_id, organisation_id) REFERENCES organisations (municipality_id, id)
);
CREATE UNIQUE INDEX users_by_email ON users (municipality_id, email);
CREATE INDEX users_by_team ON users (municipality_id, team_id);

CREATE TABLE sessions (
    municipality_id TEXT NOT NULL,
    id_hash         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id_hash),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX sessions_by_user ON sessions (municipality_id, user_id);

CREATE TABLE api_tokens (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    name            TEXT NOT NULL,
    token_hash      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_used_at    TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE UNIQUE INDEX api_tokens_by_hash ON api_tokens (municipality_id, token_hash);
CREATE INDEX api_tokens_by_user ON api_tokens (municipality_id, user_id);

CREATE TABLE persons (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    bsn             TEXT,
    given_name      TEXT NOT NULL DEFAULT '',
    prefix          TEXT NOT NULL DEFAULT '',
    family_name     TEXT NOT NULL,
    birth_date      DATE,
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id)
);
CREATE UNIQUE INDEX persons_by_bsn ON persons (municipality_id, bsn) WHERE bsn IS NOT NULL;
CREATE INDEX persons_by_name_birth ON persons (municipality_id, family_name, birth_date);

CREATE TABLE households (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    street          TEXT NOT NULL,
    number          INTEGER NOT NULL,
    addition        TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL,
    town            TEXT NOT NULL,
    team_id         TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, team_id) REFERENCES teams (municipality_id, id)
);
CREATE INDEX households_by_address ON households (municipality_id, postcode, number, addition);
CREATE INDEX households_by_team ON households (municipality_id, team_id);

CREATE TABLE members (
    municipality_id TEXT NOT NULL,
    household_id    TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    relation        TEXT NOT NULL,
    from_date       DATE NOT NULL,
    until_date      DATE,
    PRIMARY KEY (municipality_id, household_id, person_id, from_date),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id)
);
CREATE INDEX members_by_person ON members (municipality_id, person_id);

CREATE TABLE involvements (
    municipality_id TEXT NOT NULL,
    household_id    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    from_at         TIMESTAMPTZ NOT NULL,
    until_at        TIMESTAMPTZ,
    PRIMARY KEY (municipality_id, household_id, user_id, from_at),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX involvements_by_user ON involvements (municipality_id, user_id, household_id);
-- One current regisseur per household: the schema, not the code, makes a
-- second one impossible.
CREATE UNIQUE INDEX involvements_one_coordinator ON involvements (municipality_id, household_id)
    WHERE kind = 'regisseur' AND until_at IS NULL;

CREATE TABLE audit_heads (
    municipality_id TEXT PRIMARY KEY REFERENCES municipalities (id),
    seq             BIGINT NOT NULL,
    hash            TEXT NOT NULL
);

CREATE TABLE audit_log (
    municipality_id TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    user_id         TEXT NOT NULL,
    role            TEXT NOT NULL,
    organisation_id TEXT NOT NULL DEFAULT '',
    action          TEXT NOT NULL,
    subject_kind    TEXT NOT NULL DEFAULT '',
    subject_id      TEXT NOT NULL DEFAULT '',
    person_id       TEXT NOT NULL DEFAULT '',
    purpose         TEXT NOT NULL DEFAULT '',
    result          TEXT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    PRIMARY KEY (municipality_id, seq)
);
CREATE INDEX audit_log_by_person ON audit_log (municipality_id, person_id, seq);

-- The log is append-only. The trigger stops ordinary changes; the hash chain
-- catches whoever goes around it.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
