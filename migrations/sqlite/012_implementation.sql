-- 012_implementation.sql (SQLite): carrying out the plan (V-9.1-V-9.4). A finished version and its
-- interventions are frozen (migration 009), so how an intervention goes lives in its own rows that point at
-- the intervention, never in the intervention itself. A new draft copies the interventions into new rows;
-- each copy names the intervention it descends from (origin_id, the first row of its line; NULL on the
-- first row itself), so that its history follows it from version to version. Adding the column changes no
-- row (the freeze triggers do not fire); a copy sets it when it is inserted into the draft. Must stay
-- equivalent to migrations/postgres/012_implementation.sql.
ALTER TABLE plan_interventions ADD COLUMN origin_id INTEGER REFERENCES plan_interventions (id);

-- V-9.1: the responsible organisation's word on how its intervention goes; nothing is ever changed.
CREATE TABLE intervention_progress (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    intervention_id INTEGER NOT NULL REFERENCES plan_interventions (id), -- the row it was recorded on
    origin_id INTEGER NOT NULL REFERENCES plan_interventions (id),       -- its line (COALESCE(origin_id, id))
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL CHECK (status IN ('started', 'ongoing', 'done', 'paused')),
    status_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX intervention_progress_case ON intervention_progress (case_id, origin_id);

-- V-9.2: what the child said or asked while the plan is carried out, for the follow-up (V-10.x).
CREATE TABLE child_voices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    said_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX child_voices_case ON child_voices (case_id, said_on);

-- V-9.3, V-9.4: an event that affects the plan, and the coordinator's decision on it (an earlier follow-up,
-- with the meeting it led to, or the booked one is enough).
CREATE TABLE plan_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    what TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    reported_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    decision TEXT CHECK (decision IN ('earlier_followup', 'booked_enough')),
    decision_note TEXT,
    decided_by INTEGER REFERENCES users (id),
    decided_on TEXT,
    meeting_id INTEGER REFERENCES meetings (id),
    CHECK ((decision IS NULL) = (decided_by IS NULL)),
    CHECK (decision IS NOT 'earlier_followup' OR meeting_id IS NOT NULL)
) STRICT;
CREATE INDEX plan_events_case ON plan_events (case_id);
