-- The sociale kaart (SQLite): local services simple questions are referred
-- to. Keep in step with ../postgres/0003_sociale_kaart.sql; store tests
-- compare the two schemas.

-- domains holds the service's ZRM domain codes between commas, with a comma
-- at each end (",financien,huisvesting,"), so "helps with financien" is
-- LIKE '%,financien,%' on both engines. A municipality's catalogue is tens
-- to a few hundred rows, read whole with each entry and filtered by one
-- domain at a time; scanning it within the tenant's key range costs less
-- than a second table to write and join.
-- areas is the werkgebied as entered ("2581-2583,2590"), kept for reading;
-- service_areas below is the same list in a form SQL can match a postcode
-- against.
CREATE TABLE services (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    domains         TEXT NOT NULL,
    target_group    TEXT NOT NULL,
    areas           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    opening_hours   TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, id)
);
CREATE UNIQUE INDEX services_by_name ON services (municipality_id, name);

-- One row per postcode area of a service, a single area as a range of one
-- (2584 → 2584–2584). Ranges need a numeric comparison that a LIKE on a
-- joined column cannot do. A service without rows serves the whole
-- municipality. The primary key serves "does this service cover 2582?".
CREATE TABLE service_areas (
    municipality_id TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    first_area      INTEGER NOT NULL,
    last_area       INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, service_id, first_area, last_area),
    FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id)
);
