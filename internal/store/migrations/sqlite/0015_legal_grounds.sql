-- Legal grounds (issue 5, "Consent registry" and "Need-to-know access";
-- docs/privacy.md). Keep in step with ../postgres/0015_legal_grounds.sql.

-- The ground on which the team processes the family's data for the case
-- (wijkregie.CaseGround): a statutory task (Wmo 2015, Jeugdwet, Wgs,
-- Participatiewet) or the Meldcode, with why. NULL until the regisseur
-- records it; the case shows that as missing. Retention reads it too: a
-- youth-care file is kept longer than another social file.
ALTER TABLE cases ADD COLUMN legal_ground TEXT;
ALTER TABLE cases ADD COLUMN legal_ground_note TEXT NOT NULL DEFAULT '';

-- A partner organisation's access to a case on a legal ground instead of
-- consent (wijkregie.SharingGround): e.g. Veilig Thuis under the Meldcode,
-- or the municipality's own debt counsellors under the Wgs. It grants
-- what a consent for the same purposes would, for every person of the
-- household, until it is ended. Never deleted or edited but for its end,
-- so what was shared on which ground can be shown afterwards.
CREATE TABLE case_sharing_grounds (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    ground          TEXT NOT NULL,
    purposes        TEXT NOT NULL,
    justification   TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     TIMESTAMP NOT NULL,
    ended_at        TIMESTAMP,
    ended_by        TEXT,
    end_reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, organisation_id) REFERENCES organisations (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, ended_by) REFERENCES users (municipality_id, id),
    CHECK (ended_at IS NULL AND ended_by IS NULL OR ended_at IS NOT NULL AND ended_by IS NOT NULL)
);
-- A case's grounds (the case page), and the current ones of an
-- organisation on a case (the access policy).
CREATE INDEX case_sharing_grounds_by_case ON case_sharing_grounds (municipality_id, case_id, organisation_id);
