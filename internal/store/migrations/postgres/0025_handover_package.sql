-- Overdrachtspakketten read in (docs/overdrachtspakket.md). Keep in step
-- with ../sqlite/0025_handover_package.sql; store tests compare the two
-- schemas.

-- One row per package a municipality read in: the package's own id and
-- its SHA-256, so the same package read twice is refused (409) by the
-- unique indexes, not by a look first; the case it became; who sent it
-- (the sending municipality's CBS code and name, no person); who read it
-- in and when. It holds no text about the family: once its case is
-- anonymised it leads nowhere (store.RetentionTables: kept as
-- statistics).
CREATE TABLE handover_imports (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    package_id      TEXT NOT NULL,
    package_hash    TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    sender_code     TEXT NOT NULL,
    sender_name     TEXT NOT NULL,
    imported_at     TIMESTAMPTZ NOT NULL,
    imported_by     TEXT NOT NULL,
    PRIMARY KEY (municipality_id, package_id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id)
);
CREATE UNIQUE INDEX handover_imports_by_hash ON handover_imports (municipality_id, package_hash);
CREATE INDEX handover_imports_by_case ON handover_imports (municipality_id, case_id);
