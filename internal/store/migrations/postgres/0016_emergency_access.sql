-- Emergency access (issue 5, "Need-to-know access"; docs/privacy.md,
-- "Nood-toegang"). Keep in step with ../sqlite/0016_emergency_access.sql;
-- store tests compare the two schemas.

-- One emergency access (wijkregie.EmergencyAccess): who took it to which
-- case and household, why, its window (start plus one working day), and
-- the privacy officer's review. The access itself is granted by an
-- involvement of kind nood-toegang with the same end, which the one
-- access policy honours; this row is what is reviewed. Never deleted; the
-- review is written on it once, at version + 1.
CREATE TABLE emergency_accesses (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    household_id    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    start_at        TIMESTAMP NOT NULL,
    end_at          TIMESTAMP NOT NULL,
    reviewed_at     TIMESTAMP,
    reviewed_by     TEXT,
    verdict         TEXT,
    review_note     TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, household_id) REFERENCES households (municipality_id, id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, reviewed_by) REFERENCES users (municipality_id, id),
    CHECK (end_at > start_at),
    CHECK (verdict IS NULL OR verdict IN ('terecht', 'onterecht')),
    CHECK (reviewed_at IS NULL AND reviewed_by IS NULL AND verdict IS NULL
        OR reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL AND verdict IS NOT NULL)
);
-- The privacy officer's list: every access of the municipality, newest
-- first, and the ones still to review apart (they come first).
CREATE INDEX emergency_accesses_by_start ON emergency_accesses (municipality_id, start_at);
CREATE INDEX emergency_accesses_to_review ON emergency_accesses (municipality_id, start_at)
    WHERE reviewed_at IS NULL;
-- A user's current access to a case (the banner on the case page).
CREATE INDEX emergency_accesses_by_user ON emergency_accesses (municipality_id, user_id, case_id, end_at);
