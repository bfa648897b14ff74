-- Mijn Plan, what the family does after logging in (issue 8;
-- docs/mijnplan.md). Keep in step with ../sqlite/0023_mijnplan.sql; store
-- tests compare the two schemas.
--
-- Each row belongs to a family member (person_id) and goes with them: the
-- foreign key removes it when retention or an erasure removes the person
-- (store.RetentionTables: removed).

-- Which member did what in Mijn Plan. The shared records — a plan version,
-- a consent, a case event — name the municipality's Mijn Plan user
-- (wijkregie.MijnPlanUserID), as their columns name a user; this says who
-- of the family it was: an action added or marked done (subject_id the
-- action, plan_version the version saved), a consent given or withdrawn
-- (subject_id the consent).
CREATE TABLE mijnplan_acts (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    plan_version    INTEGER NOT NULL DEFAULT 0,
    at              TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX mijnplan_acts_by_case ON mijnplan_acts (municipality_id, case_id, at);
CREATE INDEX mijnplan_acts_by_person ON mijnplan_acts (municipality_id, person_id);

-- A member's message to the regisseur: at most 2,000 characters, never in
-- a log or a notification; read_at and read_by once a professional
-- marked it read.
CREATE TABLE mijnplan_messages (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    text            TEXT NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    read_at         TIMESTAMPTZ,
    read_by         TEXT,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, read_by) REFERENCES users (municipality_id, id),
    CHECK (read_at IS NULL AND read_by IS NULL OR read_at IS NOT NULL AND read_by IS NOT NULL)
);
CREATE INDEX mijnplan_messages_by_case ON mijnplan_messages (municipality_id, case_id, sent_at);
CREATE INDEX mijnplan_messages_by_person ON mijnplan_messages (municipality_id, person_id);

-- A member's rating of the help once the case closed, once per case and
-- person (the primary key refuses a second). The columns are named for the
-- dashboards (docs/mijnplan.md, "Beoordeling"): rating 1-10; the youth
-- outcome set's outcomes goals_achieved, problems_reduced, can_continue
-- ('ja', 'deels', 'nee'; '' unanswered); the client-experience questions on
-- a five-point scale (1 helemaal niet mee eens .. 5 helemaal mee eens; 0
-- unanswered): youth_* of the youth outcome set, wmo_* of the Wmo survey
-- (art. 2.5.1 Wmo 2015); remark, the member's own words.
CREATE TABLE mijnplan_ratings (
    municipality_id        TEXT NOT NULL,
    case_id                TEXT NOT NULL,
    person_id              TEXT NOT NULL,
    rating                 INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 10),
    goals_achieved         TEXT NOT NULL DEFAULT '',
    problems_reduced       TEXT NOT NULL DEFAULT '',
    can_continue           TEXT NOT NULL DEFAULT '',
    youth_taken_seriously  INTEGER NOT NULL DEFAULT 0,
    youth_help_fitted      INTEGER NOT NULL DEFAULT 0,
    youth_copes_better     INTEGER NOT NULL DEFAULT 0,
    wmo_knew_where         INTEGER NOT NULL DEFAULT 0,
    wmo_helped_quickly     INTEGER NOT NULL DEFAULT 0,
    wmo_taken_seriously    INTEGER NOT NULL DEFAULT 0,
    wmo_solutions_together INTEGER NOT NULL DEFAULT 0,
    wmo_quality_good       INTEGER NOT NULL DEFAULT 0,
    wmo_fits_request       INTEGER NOT NULL DEFAULT 0,
    wmo_manages_better     INTEGER NOT NULL DEFAULT 0,
    wmo_quality_of_life    INTEGER NOT NULL DEFAULT 0,
    wmo_participates       INTEGER NOT NULL DEFAULT 0,
    remark                 TEXT NOT NULL DEFAULT '',
    rated_at               TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, case_id, person_id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX mijnplan_ratings_by_person ON mijnplan_ratings (municipality_id, person_id);
