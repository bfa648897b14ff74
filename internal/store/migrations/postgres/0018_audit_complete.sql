-- The audit log complete (issue 5, "Audit, complete"; docs/privacy.md,
-- "Het auditlog (NEN 7513)"). Keep in step with
-- ../sqlite/0018_audit_complete.sql; store tests compare the two schemas.

-- A search or list of personal data says what was searched on (the
-- criteria's names, never a BSN, name or birth date: wijkregie.SearchOf)
-- and how many records it found. Empty for every other event, and for
-- every record written before: the hash covers them only when set.
ALTER TABLE audit_log ADD COLUMN search TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN results INTEGER NOT NULL DEFAULT 0;

-- The log filtered by kind: the kind is derived from the action
-- (wijkregie.KindOf), so the filter asks for the kind's actions.
CREATE INDEX audit_log_by_action ON audit_log (municipality_id, action, seq);

-- A user's TOTP authenticator (RFC 6238), the second factor the audit
-- log's readers need. The secret is sealed with the BSN key ring, bound to
-- the user; confirmed_at is NULL until a first code proved the user's app
-- holds it; last_step is the last time step a code was accepted for, so a
-- code is used once.
CREATE TABLE second_factors (
    municipality_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    secret_sealed   TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    confirmed_at    TIMESTAMPTZ,
    last_step       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality_id, user_id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);

-- Until when a web session has shown the second factor (step-up).
ALTER TABLE sessions ADD COLUMN second_factor_until TIMESTAMPTZ;
