-- 017_followup.sql (SQLite): following up the plan (V-10.x). One follow-up per follow-up meeting: what the
-- child and the guardians said before it (V-10.2), the checklist a-h (V-10.4), the next follow-up (V-10.5),
-- whether coordination is still needed and by whom (V-10.6, V-10.7), and the updated version it led to. One
-- review per intervention of the version followed up (continue, change, replace, end). A new coordinating
-- organisation accepts the updated version before it is finished (V-10.7). Must stay equivalent to
-- migrations/postgres/017_followup.sql.
CREATE TABLE followups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    meeting_id INTEGER NOT NULL UNIQUE REFERENCES meetings (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    child_last_meeting TEXT NOT NULL DEFAULT '',
    child_interventions TEXT NOT NULL DEFAULT '',
    guardians_view TEXT NOT NULL DEFAULT '',
    heard_on TEXT,
    heard_by INTEGER REFERENCES users (id),
    q_a TEXT NOT NULL DEFAULT '',
    q_b TEXT NOT NULL DEFAULT '',
    q_c TEXT NOT NULL DEFAULT '',
    q_d TEXT NOT NULL DEFAULT '',
    q_e TEXT NOT NULL DEFAULT '',
    q_f TEXT NOT NULL DEFAULT '',
    q_g TEXT NOT NULL DEFAULT '',
    q_h TEXT NOT NULL DEFAULT '',
    next_on TEXT,
    next_minute INTEGER,
    next_place TEXT NOT NULL DEFAULT '',
    next_participants TEXT NOT NULL DEFAULT '',
    still_needed TEXT NOT NULL DEFAULT 'undecided' CHECK (still_needed IN ('undecided', 'yes', 'no')),
    new_coordinator_org INTEGER REFERENCES organisations (id),
    new_plan_id INTEGER REFERENCES plans (id),
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX followups_case ON followups (case_id);

CREATE TABLE followup_reviews (
    followup_id INTEGER NOT NULL REFERENCES followups (id),
    intervention_id INTEGER NOT NULL REFERENCES plan_interventions (id),
    decision TEXT NOT NULL CHECK (decision IN ('continue', 'change', 'replace', 'end')),
    note TEXT NOT NULL DEFAULT '',
    reviewed_by INTEGER NOT NULL REFERENCES users (id),
    reviewed_at INTEGER NOT NULL,
    PRIMARY KEY (followup_id, intervention_id)
) STRICT;

-- V-10.7: an organisation that coordinates a new version but did not coordinate the one before accepts (or
-- declines) before the version is finished.
CREATE TABLE coordination_answers (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    answered_by INTEGER NOT NULL REFERENCES users (id),
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (plan_id, org_id)
) STRICT;
