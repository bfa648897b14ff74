-- Mijn Plan access (issue 8; docs/mijnplan.md): residents log in with a
-- one-time inlogcode or through OpenID Connect, into a session of their
-- own. Keep in step with ../sqlite/0022_resident_access.sql; store tests
-- compare the two schemas.
--
-- A person's codes and sessions go with the person (ON DELETE CASCADE):
-- an erasure, or retention, that removes the person removes them too
-- (store.RetentionTables). All three tables are short-lived by design.

-- An inlogcode a regisseur handed to a household member: only its hash is
-- stored. A newer code for the person voids the older ones (voided_at);
-- failures counts wrong birth dates given with it, and the fifth voids it.
CREATE TABLE resident_login_codes (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    household_id    TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    code_hash       TEXT NOT NULL,
    issued_by       TEXT NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    failures        INTEGER NOT NULL DEFAULT 0,
    used_at         TIMESTAMPTZ,
    voided_at       TIMESTAMPTZ,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, issued_by) REFERENCES users (municipality_id, id)
);
CREATE UNIQUE INDEX resident_login_codes_by_hash ON resident_login_codes (municipality_id, code_hash);
CREATE INDEX resident_login_codes_by_person ON resident_login_codes (municipality_id, person_id);

-- A resident's session: as sessions, but for a person, with the hash of
-- the cookie's secret only; method is how they logged in.
CREATE TABLE resident_sessions (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id_hash         TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    method          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id_hash),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX resident_sessions_by_person ON resident_sessions (municipality_id, person_id);

-- An OpenID Connect login under way: the hash of its state, with the
-- nonce and the PKCE verifier the callback needs. Lives ten minutes.
CREATE TABLE resident_oidc_logins (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    state_hash      TEXT NOT NULL,
    nonce           TEXT NOT NULL,
    verifier        TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, state_hash)
);
