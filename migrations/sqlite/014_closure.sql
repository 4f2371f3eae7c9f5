-- 014_closure.sql (SQLite): closing a case and opening it again (V-11.1-V-11.4, V-2.9). Must stay equivalent
-- to migrations/postgres/014_closure.sql.

-- One row per closure or reopening, never changed or deleted: the case's history of both. A closure has its
-- reason (goals_reached, not_needed: a joint decision, V-11.1; consent_withdrawn, V-11.2) and, for a joint
-- decision, whether the child agreed; the guardians and organisations who agreed are in
-- case_closure_parties. A reopening has action 'reopen' and its reason in note. cases.status says whether
-- the case is closed now.
CREATE TABLE case_closures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
    reason TEXT CHECK (reason IN ('goals_reached', 'not_needed', 'consent_withdrawn')),
    agreed_child INTEGER NOT NULL DEFAULT 0 CHECK (agreed_child IN (0, 1)),
    note TEXT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    at INTEGER NOT NULL,
    CHECK ((action = 'close') = (reason IS NOT NULL))
) STRICT;
CREATE INDEX case_closures_case ON case_closures (case_id, id);

-- V-11.1: who agreed to a joint decision: a guardian of the child, or an organisation taking part.
CREATE TABLE case_closure_parties (
    closure_id INTEGER NOT NULL REFERENCES case_closures (id),
    guardian_id INTEGER REFERENCES guardians (id),
    org_id INTEGER REFERENCES organisations (id),
    CHECK ((guardian_id IS NULL) <> (org_id IS NULL))
) STRICT;
CREATE INDEX case_closure_parties_closure ON case_closure_parties (closure_id);

CREATE TRIGGER case_closures_no_update BEFORE UPDATE ON case_closures
BEGIN
    SELECT RAISE(ABORT, 'a closure is history: it is never changed');
END;
CREATE TRIGGER case_closures_no_delete BEFORE DELETE ON case_closures
BEGIN
    SELECT RAISE(ABORT, 'a closure is history: it is never deleted');
END;

-- A new case for the same child after a closed one links back to it (shown on both case pages).
ALTER TABLE cases ADD COLUMN previous_case_id INTEGER REFERENCES cases (id);
CREATE INDEX cases_previous ON cases (previous_case_id);
