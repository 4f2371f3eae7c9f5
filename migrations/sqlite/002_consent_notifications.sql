-- 002_consent_notifications.sql (SQLite): the consent ledger (V-2.x, K-2.x), in-app notifications and the
-- e-mail outbox. Must stay equivalent to migrations/postgres/002_consent_notifications.sql.

-- One row per organisation's consent (V-2.6). A change adds a new row and marks the old one 'replaced'
-- (replaced_by); a withdrawal marks the row 'withdrawn' with who recorded it and when (V-2.8). Rows are
-- never deleted: the ledger is the history.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    giver TEXT NOT NULL,
    guardian1_id INTEGER REFERENCES guardians (id),
    guardian2_id INTEGER REFERENCES guardians (id),
    child_view TEXT,
    maturity_note TEXT,
    scope TEXT NOT NULL,
    covers_preparation INTEGER NOT NULL DEFAULT 0 CHECK (covers_preparation IN (0, 1)),
    form TEXT NOT NULL,
    given_on TEXT NOT NULL,
    renew_on TEXT,
    obtained_by INTEGER NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    withdrawn_on TEXT,
    withdrawn_by TEXT,
    withdrawal_note TEXT,
    ended_by_user INTEGER REFERENCES users (id),
    replaced_by INTEGER REFERENCES consents (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX consents_case ON consents (case_id, org_id);

-- V-2.9: when every consent is withdrawn the case is proposed for closure.
ALTER TABLE cases ADD COLUMN closure_proposed_at INTEGER;

-- In-app notifications: what happened in which case, never free text about the child.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    case_id INTEGER REFERENCES cases (id),
    org_id INTEGER REFERENCES organisations (id),
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    read_at INTEGER
) STRICT;
CREATE INDEX notifications_user_at ON notifications (user_id, at);

-- E-mails waiting to be sent, and sent ones. A message is never dropped: a failure sets next_attempt_at
-- later and counts attempts; status 'failing' flags it for the administrator but delivery goes on.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    case_id INTEGER REFERENCES cases (id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    ics TEXT,
    ics_method TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at INTEGER,
    last_error TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
