-- 001_init.sql (SQLite): Barnplan's first schema. Applied once, in one transaction, by bp_store_migrate;
-- never edit it after release: add 002_... instead. Must stay equivalent to migrations/postgres/001_init.sql
-- (store.c runs the same statements on both).
--
-- Conventions: STRICT tables; ids are INTEGER PRIMARY KEY AUTOINCREMENT, so an id is never reused (the
-- audit trail refers to ids without foreign keys); times are Unix seconds; dates are 'YYYY-MM-DD' text;
-- booleans are 0/1; enumerations are the code strings of src/domain/model.c.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    principal TEXT NOT NULL,
    municipality TEXT
) STRICT;
CREATE INDEX organisations_name ON organisations (name);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, org_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX memberships_org ON memberships (org_id);

-- Only a hash of the session token is stored.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address TEXT,
    at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_username_at ON login_failures (username, at);
CREATE INDEX login_failures_address_at ON login_failures (address, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE children (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    id_kind TEXT NOT NULL,
    id_number TEXT,
    birth_date TEXT,
    language TEXT,
    needs_interpreter INTEGER NOT NULL DEFAULT 0 CHECK (needs_interpreter IN (0, 1)),
    interpreter_language TEXT,
    picture_support INTEGER NOT NULL DEFAULT 0 CHECK (picture_support IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX children_id_number ON children (id_number);

CREATE TABLE guardians (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    child_id INTEGER NOT NULL REFERENCES children (id),
    name TEXT NOT NULL,
    id_number TEXT,
    custody TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    address TEXT,
    interpreter_language TEXT
) STRICT;
CREATE INDEX guardians_child ON guardians (child_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    child_id INTEGER NOT NULL REFERENCES children (id),
    model TEXT NOT NULL,
    plan_kind TEXT NOT NULL,
    status TEXT NOT NULL,
    initiating_org_id INTEGER NOT NULL REFERENCES organisations (id),
    initiator_user_id INTEGER NOT NULL REFERENCES users (id),
    noticed_on TEXT,
    route TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    triggers INTEGER NOT NULL DEFAULT 0, -- bit i: trigger bp_trigger_codes[i] (V-1.3)
    reason TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cases_child ON cases (child_id);
CREATE INDEX cases_created_at ON cases (created_at);
-- Covers bp_case_list_for_user's sort of the visible cases, so it never reads their rows.
CREATE INDEX cases_id_created_status ON cases (id, created_at, status);

-- The organisations taking part in a case; the initiating one is always among them.
CREATE TABLE case_orgs (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (case_id, org_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_orgs_org_case ON case_orgs (org_id, case_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at INTEGER NOT NULL,
    user_id INTEGER REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    kind TEXT NOT NULL,
    note TEXT
) STRICT;
CREATE INDEX events_case_at ON events (case_id, at);

-- The audit trail (HSLF-FS 2016:40): who, in which organisation, which child and case, what, when, from
-- where. Append-only and kept at least BP_AUDIT_RETENTION_YEARS (five) years: the triggers below refuse
-- every UPDATE and DELETE, so removing old entries takes a deliberate later migration. No foreign keys,
-- so that nothing done to other tables can block or cascade into it; 0 ids are stored as NULL.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id INTEGER,
    org_id INTEGER,
    child_id INTEGER,
    case_id INTEGER,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT,
    detail TEXT
) STRICT;
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_user_at ON audit (user_id, at);
CREATE INDEX audit_child_at ON audit (child_id, at);
CREATE INDEX audit_case_at ON audit (case_id, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
