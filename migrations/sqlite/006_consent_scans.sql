-- 006_consent_scans.sql (SQLite): the scanned paper consent form (V-2.5, K-2.1), attached to a row of the
-- consent ledger. Must stay equivalent to migrations/postgres/006_consent_scans.sql.

-- One row per upload. The current scan of a consent is its row with superseded_at NULL (at most one, the
-- unique index); a new upload marks the old row superseded and adds its own. Rows are never deleted (the
-- trigger refuses it): the ledger and its papers are history. The bytes are base64 text (the drivers bind
-- text only); size is the decoded size. file_name is the name the client gave, cleaned for display only.
CREATE TABLE consent_scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consent_id INTEGER NOT NULL REFERENCES consents (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size INTEGER NOT NULL CHECK (size > 0),
    data TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at INTEGER NOT NULL,
    superseded_at INTEGER
) STRICT;
CREATE UNIQUE INDEX consent_scans_current ON consent_scans (consent_id) WHERE superseded_at IS NULL;
CREATE INDEX consent_scans_consent ON consent_scans (consent_id, uploaded_at);

CREATE TRIGGER consent_scans_no_delete BEFORE DELETE ON consent_scans
BEGIN
    SELECT RAISE(ABORT, 'consent scans are never deleted');
END;
