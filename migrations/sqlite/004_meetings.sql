-- 004_meetings.sql (SQLite): meetings and invitations (V-4.3-V-4.5, K-4.1-K-4.8, V-5.x, V-6.x, K-6.x, V-8a.6).
-- Must stay equivalent to migrations/postgres/004_meetings.sql.

-- One row per meeting of a case (V-4.x, V-5.x, V-6.x, K-4.x, K-6.x). Times are unix seconds; meeting_date
-- and the minutes keep the local date and clock time as entered (the three-week rules count dates).
-- sequence is the iCalendar SEQUENCE: one more for every change sent to the calendars and for the cancel.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    meeting_date TEXT NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    setting TEXT NOT NULL,
    setting_agreed INTEGER NOT NULL DEFAULT 0 CHECK (setting_agreed IN (0, 1)),
    video_link TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    called_by_user INTEGER NOT NULL REFERENCES users (id),
    called_by_org INTEGER REFERENCES organisations (id),
    chair_user_id INTEGER REFERENCES users (id),
    note_taker_user_id INTEGER REFERENCES users (id),
    sequence INTEGER NOT NULL DEFAULT 0,
    invitation_sent_at INTEGER,
    invited_on TEXT,
    deadline_reason TEXT NOT NULL DEFAULT '',
    child_not_invited_reason TEXT NOT NULL DEFAULT '',
    binding INTEGER NOT NULL DEFAULT 1 CHECK (binding IN (0, 1)),
    child_asked INTEGER NOT NULL DEFAULT 0 CHECK (child_asked IN (0, 1)),
    child_addition TEXT NOT NULL DEFAULT '',
    child_representative TEXT NOT NULL DEFAULT '',
    child_debriefed INTEGER NOT NULL DEFAULT 0 CHECK (child_debriefed IN (0, 1)),
    debriefed_on TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX meetings_case ON meetings (case_id, starts_at);

-- Who is invited, what they answered (K-4.7: why not), a substitute (V-6.2) and attendance (V-6.x).
CREATE TABLE meeting_invitees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    kind TEXT NOT NULL,
    guardian_id INTEGER REFERENCES guardians (id),
    org_id INTEGER REFERENCES organisations (id),
    user_id INTEGER REFERENCES users (id),
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL,
    answered_on TEXT,
    decline_reason TEXT NOT NULL DEFAULT '',
    substitute_name TEXT NOT NULL DEFAULT '',
    substituted_on TEXT,
    attendance TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_invitees_meeting ON meeting_invitees (meeting_id, id);

-- K-4.8: the inviter and the guardian decided to cancel or hold the meeting after someone declined.
CREATE TABLE meeting_absence_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    invitee_id INTEGER NOT NULL REFERENCES meeting_invitees (id),
    outcome TEXT NOT NULL,
    guardian_id INTEGER REFERENCES guardians (id),
    decided_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    decided_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX meeting_absence_decisions_meeting ON meeting_absence_decisions (meeting_id, id);
