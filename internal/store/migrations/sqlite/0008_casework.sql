-- Working the case (issue 4): ZRM assessments, the one plan, the journal,
-- tasks with legal terms, the Meldcode route's record, and closure with
-- outcomes. Keep in step with ../postgres/0008_casework.sql; store tests
-- compare the two schemas.

-- Stagnation and Meldcode terms per municipality (wijkregie.Settings).
ALTER TABLE settings ADD COLUMN no_contact_weeks INTEGER NOT NULL DEFAULT 6;
ALTER TABLE settings ADD COLUMN meldcode_step_days INTEGER NOT NULL DEFAULT 5;

-- relapse_of: the household's case closed within 12 months before this one
-- opened, set when the case opens. last_contact: the day of the latest
-- contact note, kept with the note in one transaction, so that the work
-- lists find cases without contact without reading the journal.
ALTER TABLE cases ADD COLUMN relapse_of TEXT;
ALTER TABLE cases ADD COLUMN last_contact DATE;
CREATE INDEX cases_relapse ON cases (municipality_id, relapse_of) WHERE relapse_of IS NOT NULL;

-- The closure reasons follow the national list now (wijkregie.ClosureReasons).
UPDATE cases SET closure_reason = 'zorg-elders' WHERE closure_reason = 'overgedragen-regulier';
UPDATE cases SET closure_reason = 'hulp-geweigerd' WHERE closure_reason = 'zorg-geweigerd';
UPDATE cases SET closure_reason = 'anders' WHERE closure_reason = 'geen-contact';

-- ZRM assessments: only the scored domains have a row; a domain without
-- one was niet beoordeeld (niet relevant voor de hulpvraag).
CREATE TABLE assessments (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    moment          TEXT NOT NULL,
    date            DATE NOT NULL,
    assessor_id     TEXT NOT NULL,
    instrument      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, assessor_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX assessments_by_case ON assessments (municipality_id, case_id, date);

CREATE TABLE assessment_scores (
    municipality_id TEXT NOT NULL,
    assessment_id   TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    domain          TEXT NOT NULL,
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    rationale       TEXT NOT NULL,
    target          INTEGER CHECK (target BETWEEN 1 AND 5),
    PRIMARY KEY (municipality_id, assessment_id, person_id, domain),
    FOREIGN KEY (municipality_id, assessment_id) REFERENCES assessments (municipality_id, id),
    FOREIGN KEY (municipality_id, person_id) REFERENCES persons (municipality_id, id)
);

-- The one plan: the partial unique index makes a second active plan for a
-- case impossible. version is the current version's number.
-- evaluation_date, agreed_on and meeting_date repeat the current version's
-- for the work lists.
CREATE TABLE plans (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    status          TEXT NOT NULL,
    variant         TEXT NOT NULL,
    version         INTEGER NOT NULL,
    meeting_date    DATE,
    agreed_on       DATE,
    evaluation_date DATE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id)
);
CREATE UNIQUE INDEX plans_one_active ON plans (municipality_id, case_id) WHERE status = 'actief';
CREATE INDEX plans_by_case ON plans (municipality_id, case_id);

-- Every saved version whole, as the JSON document of store.planDocument:
-- the history and the comparison read it; nothing queries inside it.
CREATE TABLE plan_versions (
    municipality_id TEXT NOT NULL,
    plan_id         TEXT NOT NULL,
    version         INTEGER NOT NULL,
    document        TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    saved_at        TIMESTAMP NOT NULL,
    saved_by        TEXT NOT NULL,
    PRIMARY KEY (municipality_id, plan_id, version),
    FOREIGN KEY (municipality_id, plan_id) REFERENCES plans (municipality_id, id),
    FOREIGN KEY (municipality_id, saved_by) REFERENCES users (municipality_id, id)
);

-- The current version's goals and actions as rows, replaced on every
-- save: stagnation, tasks and outcome figures query them.
CREATE TABLE plan_goals (
    municipality_id TEXT NOT NULL,
    plan_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    position        INTEGER NOT NULL,
    domain          TEXT NOT NULL,
    owner           TEXT NOT NULL,
    organisation_id TEXT,
    status          TEXT NOT NULL,
    target_date     DATE NOT NULL,
    PRIMARY KEY (municipality_id, plan_id, id),
    FOREIGN KEY (municipality_id, plan_id) REFERENCES plans (municipality_id, id),
    FOREIGN KEY (municipality_id, organisation_id) REFERENCES organisations (municipality_id, id)
);
CREATE INDEX plan_goals_by_case ON plan_goals (municipality_id, case_id, status, target_date);

CREATE TABLE plan_actions (
    municipality_id TEXT NOT NULL,
    plan_id         TEXT NOT NULL,
    goal_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    start_date      DATE,
    due_date        DATE NOT NULL,
    status          TEXT NOT NULL,
    PRIMARY KEY (municipality_id, plan_id, id),
    FOREIGN KEY (municipality_id, plan_id, goal_id) REFERENCES plan_goals (municipality_id, plan_id, id)
);
CREATE INDEX plan_actions_by_case ON plan_actions (municipality_id, case_id, status, due_date);

-- The journal. text is personal data; visibility decides who reads it
-- (policy.SeesNote).
CREATE TABLE notes (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    mode            TEXT NOT NULL DEFAULT '',
    date            DATE NOT NULL,
    text            TEXT NOT NULL,
    visibility      TEXT NOT NULL,
    author_id       TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, author_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX notes_by_case ON notes (municipality_id, case_id, date);

-- Tasks: for a user, or for a team while nobody holds them. The partial
-- unique indexes keep one open triage task per signal and one open task of
-- each case-bound kind per case.
CREATE TABLE tasks (
    municipality_id TEXT NOT NULL,
    id              TEXT NOT NULL,
    kind            TEXT NOT NULL,
    case_id         TEXT,
    signal_id       TEXT,
    team_id         TEXT,
    user_id         TEXT,
    step            INTEGER NOT NULL DEFAULT 0,
    due_at          TIMESTAMP NOT NULL,
    legal           BOOLEAN NOT NULL DEFAULT FALSE,
    suspended_at    TIMESTAMP,
    done_at         TIMESTAMP,
    done_by         TEXT,
    created_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, signal_id) REFERENCES signals (municipality_id, id),
    FOREIGN KEY (municipality_id, team_id) REFERENCES teams (municipality_id, id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    CHECK (case_id IS NOT NULL OR signal_id IS NOT NULL)
);
CREATE INDEX tasks_open_by_user ON tasks (municipality_id, user_id, due_at) WHERE done_at IS NULL;
CREATE INDEX tasks_open_by_team ON tasks (municipality_id, team_id, due_at) WHERE done_at IS NULL;
CREATE INDEX tasks_by_case ON tasks (municipality_id, case_id);
CREATE UNIQUE INDEX tasks_one_open_triage ON tasks (municipality_id, signal_id) WHERE kind = 'triage' AND done_at IS NULL;
CREATE UNIQUE INDEX tasks_one_open_per_case ON tasks (municipality_id, case_id, kind) WHERE kind <> 'triage' AND done_at IS NULL;

-- A task's term: every suspension, resumption, extension and completion.
CREATE TABLE task_events (
    municipality_id TEXT NOT NULL,
    task_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    kind            TEXT NOT NULL,
    from_due        TIMESTAMP NOT NULL,
    to_due          TIMESTAMP NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    at              TIMESTAMP NOT NULL,
    by_user         TEXT NOT NULL,
    PRIMARY KEY (municipality_id, task_id, id),
    FOREIGN KEY (municipality_id, task_id) REFERENCES tasks (municipality_id, id),
    FOREIGN KEY (municipality_id, by_user) REFERENCES users (municipality_id, id)
);

-- The Meldcode route's record beyond its current step.
ALTER TABLE meldcode_routes ADD COLUMN safety_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE meldcode_routes ADD COLUMN safety_plan_at TIMESTAMP;
ALTER TABLE meldcode_routes ADD COLUMN safety_plan_by TEXT;
ALTER TABLE meldcode_routes ADD COLUMN review_date DATE;
ALTER TABLE meldcode_routes ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE meldcode_routes ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE meldcode_routes ADD COLUMN report_date DATE;
ALTER TABLE meldcode_routes ADD COLUMN report_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE meldcode_routes ADD COLUMN report_consent_refused BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE meldcode_routes ADD COLUMN report_legal_ground TEXT NOT NULL DEFAULT '';
ALTER TABLE meldcode_routes ADD COLUMN report_by TEXT;
ALTER TABLE meldcode_routes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE meldcode_steps (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    step            INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
    date            DATE NOT NULL,
    by_user         TEXT NOT NULL,
    rationale       TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id, step),
    FOREIGN KEY (municipality_id, case_id) REFERENCES meldcode_routes (municipality_id, case_id),
    FOREIGN KEY (municipality_id, by_user) REFERENCES users (municipality_id, id)
);

CREATE TABLE meldcode_answers (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    question        INTEGER NOT NULL CHECK (question BETWEEN 1 AND 5),
    yes             BOOLEAN NOT NULL,
    date            DATE NOT NULL,
    by_user         TEXT NOT NULL,
    rationale       TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id, question),
    FOREIGN KEY (municipality_id, case_id) REFERENCES meldcode_routes (municipality_id, case_id),
    FOREIGN KEY (municipality_id, by_user) REFERENCES users (municipality_id, id)
);

CREATE TABLE meldcode_consultations (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    kind            TEXT NOT NULL,
    with_whom       TEXT NOT NULL,
    date            DATE NOT NULL,
    anonymous       BOOLEAN NOT NULL DEFAULT FALSE,
    summary         TEXT NOT NULL,
    by_user         TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id, id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES meldcode_routes (municipality_id, case_id),
    FOREIGN KEY (municipality_id, by_user) REFERENCES users (municipality_id, id)
);

-- How a case ended: one row per closed case.
CREATE TABLE case_closures (
    municipality_id     TEXT NOT NULL,
    case_id             TEXT NOT NULL,
    reason              TEXT NOT NULL,
    can_continue        TEXT NOT NULL,
    problems_reduced    TEXT NOT NULL,
    goals_achieved      TEXT NOT NULL,
    final_assessment_id TEXT,
    rating              INTEGER CHECK (rating BETWEEN 1 AND 10),
    remark              TEXT NOT NULL DEFAULT '',
    summary             TEXT NOT NULL,
    closed_at           TIMESTAMP NOT NULL,
    closed_by           TEXT NOT NULL,
    PRIMARY KEY (municipality_id, case_id),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id),
    FOREIGN KEY (municipality_id, final_assessment_id) REFERENCES assessments (municipality_id, id),
    FOREIGN KEY (municipality_id, closed_by) REFERENCES users (municipality_id, id)
);
