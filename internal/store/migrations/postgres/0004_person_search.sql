-- Registering and finding persons and households (issue 3). Keep in step
-- with ../sqlite/0004_person_search.sql; store tests compare the two schemas.

-- Search by family name and birth date, and the duplicate check on
-- registration, compare family names without regard to case. SQLite's
-- LOWER folds ASCII letters only (Öztürk would not find ÖZTÜRK), so the
-- store compares names in Go (strings.EqualFold), alike on both engines,
-- among the persons born on the searched day: about ten in a city of
-- 300,000, a few hundred on 1 January, the date registered for many whose
-- birth date is unknown. This index finds them; the old (family_name,
-- birth_date) index served exact-case matches only and had no query.
DROP INDEX persons_by_name_birth;
CREATE INDEX persons_by_birth_date ON persons (municipality_id, birth_date);

-- A person belongs to a household at most once at a time: the schema, not
-- the code, refuses a second open membership. An ended one may be followed
-- by a new one (someone who moves back).
CREATE UNIQUE INDEX members_one_open ON members (municipality_id, household_id, person_id)
    WHERE until_date IS NULL;
