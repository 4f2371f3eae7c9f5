-- 011_plan_copies.sql (SQLite): the copies ledger (V-8a.3, K-8.1): a finished version's copy handed over
-- or sent as a letter to a guardian, the child or another participant, recorded by a professional. A
-- professional's own download of the PDF is on the ledger through its audit entry (object 'plan_pdf'),
-- since a GET writes nothing but audit entries. Rows are never changed or deleted. Must stay equivalent to
-- migrations/postgres/011_plan_copies.sql.
CREATE TABLE plan_copies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    version INTEGER NOT NULL,
    recipient TEXT NOT NULL CHECK (recipient IN ('guardian', 'child', 'other')),
    guardian_id INTEGER REFERENCES guardians (id),
    name TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('handed', 'letter')),
    given_on TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX plan_copies_case ON plan_copies (case_id);
-- The downloads are found through the audit's index on the child (audit_child_at): no new index on audit,
-- which every read writes to.
