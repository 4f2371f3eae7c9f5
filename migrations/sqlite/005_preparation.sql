-- 005_preparation.sql (SQLite): preparing the child (V-3.x) and each guardian (V-4.1, V-4.2) before a
-- meeting. Must stay equivalent to migrations/postgres/005_preparation.sql.
--
-- One row per case and meeting (and guardian): saved while under way (done = 0) and marked done later;
-- a save updates the row. meeting_id NULL is the preparation for the coming meeting; it names a meeting
-- of 004_meetings.sql but has no foreign key here (that table is another migration's). prepared_by and
-- org_id say who prepared, and for which organisation (V-3.2: any organisation with full access may
-- record it, the page shows who did).
CREATE TABLE child_preps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    meeting_id INTEGER,
    informed_on TEXT,
    how_informed TEXT NOT NULL DEFAULT '',
    adapted INTEGER NOT NULL DEFAULT 0 CHECK (adapted IN (0, 1)),
    interpreter_used INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_used IN (0, 1)),
    picture_support_used INTEGER NOT NULL DEFAULT 0 CHECK (picture_support_used IN (0, 1)),
    answer_1 TEXT NOT NULL DEFAULT '',
    answer_2 TEXT NOT NULL DEFAULT '',
    answer_3 TEXT NOT NULL DEFAULT '',
    answer_4 TEXT NOT NULL DEFAULT '',
    answer_5 TEXT NOT NULL DEFAULT '',
    participation TEXT NOT NULL,
    rep_kind TEXT,
    rep_guardian_id INTEGER REFERENCES guardians (id),
    rep_name TEXT NOT NULL DEFAULT '',
    letter_text TEXT NOT NULL DEFAULT '',
    letter_note TEXT NOT NULL DEFAULT '',
    wanted_participants TEXT NOT NULL DEFAULT '',
    place_wishes TEXT NOT NULL DEFAULT '',
    setting TEXT NOT NULL,
    support_kind TEXT NOT NULL,
    support_name TEXT NOT NULL DEFAULT '',
    support_relation TEXT NOT NULL DEFAULT '',
    prepared_by INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    done_on TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX child_preps_case_meeting ON child_preps (case_id, (COALESCE(meeting_id, 0)));

CREATE TABLE guardian_preps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    meeting_id INTEGER,
    guardian_id INTEGER NOT NULL REFERENCES guardians (id),
    informed_on TEXT,
    answer_1 TEXT NOT NULL DEFAULT '',
    answer_2 TEXT NOT NULL DEFAULT '',
    answer_3 TEXT NOT NULL DEFAULT '',
    answer_4 TEXT NOT NULL DEFAULT '',
    answer_5 TEXT NOT NULL DEFAULT '',
    interpreter_used INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_used IN (0, 1)),
    prepared_by INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    done_on TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX guardian_preps_case_meeting ON guardian_preps (case_id, guardian_id, (COALESCE(meeting_id, 0)));
