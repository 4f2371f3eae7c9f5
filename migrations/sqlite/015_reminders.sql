-- 015_reminders.sql (SQLite): the reminders the scheduler has decided (issue 9, item 10). A reminder's key
-- names it and its occasion ("task_late:12:send_invitation:3:0:2026-12-01:w0"); it is unique, so a reminder
-- is decided once however often the scheduler runs or restarts. Its messages are outbox rows written in the
-- same transaction, delivered at least once with one Message-ID. Must stay equivalent to
-- migrations/postgres/015_reminders.sql.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    decided_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reminders_case ON reminders (case_id);
