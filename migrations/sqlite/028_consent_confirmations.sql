-- 028_consent_confirmations.sql (SQLite): consent given online (issue 10 item 4, docs/family-access.md
-- consent.give; V-2.1, V-2.6). An organisation asked to take part is confirmed by each guardian with custody
-- for themselves (or by the adult student): one row each. When the last one needed confirms, the consent row
-- is recorded and the confirmations point to it (consent_id); until then they are pending and the organisation
-- takes no part. The terms are the first confirmation's; a later one may only narrow them.
-- Must stay equivalent to migrations/postgres/028_consent_confirmations.sql.
CREATE TABLE consent_confirmations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    guardian_id INTEGER REFERENCES guardians (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    scope TEXT NOT NULL,
    covers_preparation INTEGER NOT NULL DEFAULT 0 CHECK (covers_preparation IN (0, 1)),
    renew_on TEXT,
    confirmed_at INTEGER NOT NULL,
    consent_id INTEGER REFERENCES consents (id)
) STRICT;
CREATE INDEX consent_confirmations_case ON consent_confirmations (case_id, org_id);
