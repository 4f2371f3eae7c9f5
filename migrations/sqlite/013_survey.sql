-- 013_survey.sql (SQLite): the anonymous survey (V-12.1-V-12.4). An invitation knows its case and whom it
-- is for, and keeps only the hash of its single-use code; an answer knows neither: no invitation, person,
-- case or time finer than the quarter, and a random id (the table is ordered by it, not by arrival). The
-- organisations of the case are kept beside the answer, in a table without a rowid (no arrival order
-- either). Must stay equivalent to migrations/postgres/013_survey.sql.
CREATE TABLE survey_invitations (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    respondent TEXT NOT NULL CHECK (respondent IN ('child', 'guardian')),
    guardian_id INTEGER REFERENCES guardians (id),
    occasion TEXT NOT NULL CHECK (occasion IN ('plan', 'follow_up', 'closure')),
    plan_version INTEGER NOT NULL DEFAULT 0,
    token_hash TEXT UNIQUE,  -- hex BLAKE2b of the code; NULL until a code is handed out (a letter)
    created_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)) -- answered: never which answer
) STRICT;
CREATE INDEX survey_invitations_case ON survey_invitations (case_id);

CREATE TABLE survey_answers (
    id INTEGER PRIMARY KEY, -- random (app/survey.c), never a sequence
    model TEXT NOT NULL CHECK (model IN ('vasterbotten', 'kronoberg')),
    respondent TEXT NOT NULL CHECK (respondent IN ('child', 'guardian')),
    quarter TEXT NOT NULL CHECK (length(quarter) = 7), -- '2026-Q4'
    q1 INTEGER, q2 INTEGER, q3 INTEGER, q4 INTEGER, q5 INTEGER, q6 INTEGER, -- 1..n; NULL: not answered
    q7 TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE survey_answer_orgs (
    answer_id INTEGER NOT NULL REFERENCES survey_answers (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (answer_id, org_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX survey_answer_orgs_org ON survey_answer_orgs (org_id, answer_id);
