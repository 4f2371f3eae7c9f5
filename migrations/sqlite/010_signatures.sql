-- 010_signatures.sql (SQLite): signatures bound to a version (V-8a.2). Each answer names the finished
-- version and the SHA-256 of its content (migration 009) at the moment it was given; a newer version is
-- answered again. Every participant answers: a professional in the app, the others (a guardian, the
-- child, another adult at the meeting such as the child's support person: kind 'other' with name and
-- role) recorded from paper by a professional, with an optional scanned page. An answer is a signature
-- or a refusal ('declined', with an optional reason). Answers never change and are never deleted; the
-- database refuses one that does not name a finished version and its hash. Must stay equivalent to
-- migrations/postgres/010_signatures.sql.

-- SQLite cannot change a CHECK: the table is made again with the new kind and the new columns.
CREATE TABLE plan_signatures_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('professional', 'guardian', 'child', 'other')),
    user_id INTEGER REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    guardian_id INTEGER REFERENCES guardians (id),
    name TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('app', 'wet')),
    signed_on TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL,                -- the version's hash when it was answered
    answer TEXT NOT NULL DEFAULT 'signed' CHECK (answer IN ('signed', 'declined')),
    role TEXT NOT NULL DEFAULT '',               -- kind 'other': the role or relation to the child
    reason TEXT NOT NULL DEFAULT ''              -- a refusal's reason, when one was given
) STRICT;
INSERT INTO plan_signatures_new (id, plan_id, version, kind, user_id, org_id, guardian_id, name, method,
                                 signed_on, recorded_by, created_at, content_sha256)
SELECT s.id, s.plan_id, s.version, s.kind, s.user_id, s.org_id, s.guardian_id, s.name, s.method, s.signed_on,
       s.recorded_by, s.created_at, COALESCE(p.content_sha256, '')
FROM plan_signatures s JOIN plans p ON p.id = s.plan_id;
DROP TABLE plan_signatures;
ALTER TABLE plan_signatures_new RENAME TO plan_signatures;
CREATE INDEX plan_signatures_plan ON plan_signatures (plan_id);

CREATE TRIGGER plan_signatures_bound BEFORE INSERT ON plan_signatures
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) IS NOT 'finished' OR
    NEW.version IS NOT (SELECT version FROM plans WHERE id = NEW.plan_id) OR
    NEW.content_sha256 IS NOT (SELECT content_sha256 FROM plans WHERE id = NEW.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_signature_version');
END;
CREATE TRIGGER plan_signatures_no_update BEFORE UPDATE ON plan_signatures
BEGIN
    SELECT RAISE(ABORT, 'plan signatures never change');
END;
CREATE TRIGGER plan_signatures_no_delete BEFORE DELETE ON plan_signatures
BEGIN
    SELECT RAISE(ABORT, 'plan signatures never change');
END;

-- The scanned paper of a recorded signature (like consent_scans, migration 006): one row per upload, the
-- current one with superseded_at NULL; never deleted.
CREATE TABLE plan_signature_scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    signature_id INTEGER NOT NULL REFERENCES plan_signatures (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size INTEGER NOT NULL CHECK (size > 0),
    data TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at INTEGER NOT NULL,
    superseded_at INTEGER
) STRICT;
CREATE UNIQUE INDEX plan_signature_scans_current ON plan_signature_scans (signature_id)
    WHERE superseded_at IS NULL;

CREATE TRIGGER plan_signature_scans_no_delete BEFORE DELETE ON plan_signature_scans
BEGIN
    SELECT RAISE(ABORT, 'plan signature scans are never deleted');
END;
