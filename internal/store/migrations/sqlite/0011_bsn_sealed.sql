-- The BSN sealed (issue 5, "BSN and secrets"; docs/privacy.md). Keep in step
-- with ../postgres/0011_bsn_sealed.sql; store tests compare the two schemas.

-- persons.bsn held the number as it is: a dump of the database showed every
-- resident's BSN. From now on bsn_versleuteld holds it sealed (AES-256-GCM,
-- bound to the municipality) and bsn_hash its keyed hash (HMAC-SHA256), by
-- which the store finds it and keeps it unique per municipality. The key
-- lives outside the database (internal/bsnkey): without it neither column
-- gives the number away.
ALTER TABLE persons ADD COLUMN bsn_versleuteld TEXT;
ALTER TABLE persons ADD COLUMN bsn_hash TEXT;

-- SQL cannot encrypt. So the numbers go aside, into bsn_conversion, and the
-- column is dropped; this migration's Go step (store.sealPlainBSNs, in the
-- same transaction) then seals and hashes them into persons and drops
-- bsn_conversion. If it fails, the whole migration rolls back and the next
-- start tries again. The column is dropped, not kept empty behind a
-- trigger: a column named bsn invites a later query or export to fill it
-- again, and whoever reads the schema to wonder whether it holds the
-- number. Both engines drop a column once no index names it (SQLite since
-- 3.35).
CREATE TABLE bsn_conversion (
    municipality_id TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    bsn             TEXT NOT NULL,
    PRIMARY KEY (municipality_id, person_id)
);
INSERT INTO bsn_conversion (municipality_id, person_id, bsn)
SELECT municipality_id, id, bsn FROM persons WHERE bsn IS NOT NULL;

DROP INDEX persons_by_bsn;
ALTER TABLE persons DROP COLUMN bsn;

-- One BSN once per municipality, as persons_by_bsn kept it; the search by
-- BSN looks the hash up here.
CREATE UNIQUE INDEX persons_by_bsn_hash ON persons (municipality_id, bsn_hash) WHERE bsn_hash IS NOT NULL;
