-- 003_plan.sql (SQLite): the plan (V-7.x, K-7.x, V-0.5, V-6.9), pending decisions (V-8a.5) and signatures
-- (V-8a.2). Must stay equivalent to migrations/postgres/003_plan.sql.

-- One row per version of a case's plan (V-10.6): a draft is written at or after the meeting, finished
-- (then signed and shared, V-8a.2, V-8a.3, K-8.1), and replaced when a newer version is made.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    status TEXT NOT NULL CHECK (status IN ('draft', 'finished', 'replaced')),
    kind TEXT NOT NULL,
    coordinator_user_id INTEGER REFERENCES users (id), -- K-7.1, K-7.2: the named person
    coordinator_name TEXT,
    contact_if_fails TEXT, -- V-7.5
    followup_on TEXT,      -- V-7.7: date, clock time (minutes after midnight), place, participants
    followup_minute INTEGER,
    followup_place TEXT,
    followup_participants TEXT,
    summary TEXT,          -- V-6.9
    finished_on TEXT,
    finished_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    UNIQUE (case_id, version)
) STRICT;

-- V-7.4: one coordinating organisation, or several in complex cases.
CREATE TABLE plan_coordinator_orgs (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (plan_id, org_id)
) STRICT;

-- V-7.1, V-0.5: the child's needs and goals, by area.
CREATE TABLE plan_goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    area TEXT NOT NULL,
    need TEXT NOT NULL,
    goal TEXT NOT NULL
) STRICT;
CREATE INDEX plan_goals_plan ON plan_goals (plan_id);

-- V-7.2, V-8a.4: every intervention has exactly one responsible organisation, which alone edits it.
CREATE TABLE plan_interventions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    what TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    contact_user_id INTEGER REFERENCES users (id),
    contact_name TEXT,
    starts_on TEXT,
    ends_on TEXT,
    level TEXT,
    goal_id INTEGER REFERENCES plan_goals (id)
) STRICT;
CREATE INDEX plan_interventions_plan ON plan_interventions (plan_id);

-- V-7.3: what the child, a guardian or someone else will do.
CREATE TABLE plan_commitments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    who TEXT NOT NULL CHECK (who IN ('child', 'guardian', 'other')),
    guardian_id INTEGER REFERENCES guardians (id),
    name TEXT,
    what TEXT NOT NULL,
    goal_id INTEGER REFERENCES plan_goals (id)
) STRICT;
CREATE INDEX plan_commitments_plan ON plan_commitments (plan_id);

-- V-7.6: one contact person per participating organisation.
CREATE TABLE plan_contacts (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    user_id INTEGER REFERENCES users (id),
    name TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    PRIMARY KEY (plan_id, org_id)
) STRICT;

-- V-5.8, V-8a.5: a decision that waits for someone. meeting_id has no foreign key: the meetings table
-- arrives in another migration.
CREATE TABLE pending_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    meeting_id INTEGER,
    what TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    user_id INTEGER REFERENCES users (id),
    decider_name TEXT,
    due_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'decided')),
    outcome TEXT,
    decided_on TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX pending_decisions_case ON pending_decisions (case_id);

-- V-8a.2: who signed which finished version, how, and who recorded it.
CREATE TABLE plan_signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('professional', 'guardian', 'child')),
    user_id INTEGER REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    guardian_id INTEGER REFERENCES guardians (id),
    name TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('app', 'wet')),
    signed_on TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX plan_signatures_plan ON plan_signatures (plan_id);
