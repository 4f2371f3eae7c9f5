-- 030_family_events.sql (SQLite): a family member tells the coordinator that something happened (issue 10
-- item 7, V-9.3). They act for no organisation, so an event's org_id may be NULL (the reporter is in
-- reported_by, a family member's account of migration 024). SQLite cannot drop a NOT NULL: the table is made
-- again. Must stay equivalent to migrations/postgres/030_family_events.sql.
CREATE TABLE plan_events_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    org_id INTEGER REFERENCES organisations (id),
    what TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    reported_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    decision TEXT CHECK (decision IN ('earlier_followup', 'booked_enough')),
    decision_note TEXT,
    decided_by INTEGER REFERENCES users (id),
    decided_on TEXT,
    meeting_id INTEGER REFERENCES meetings (id),
    CHECK ((decision IS NULL) = (decided_by IS NULL)),
    CHECK (decision IS NOT 'earlier_followup' OR meeting_id IS NOT NULL)
) STRICT;
INSERT INTO plan_events_new (id, case_id, org_id, what, happened_on, reported_by, created_at, decision,
                             decision_note, decided_by, decided_on, meeting_id)
SELECT id, case_id, org_id, what, happened_on, reported_by, created_at, decision, decision_note, decided_by,
       decided_on, meeting_id FROM plan_events;
DROP TABLE plan_events;
ALTER TABLE plan_events_new RENAME TO plan_events;
CREATE INDEX plan_events_case ON plan_events (case_id);

-- A family login through BankID (issue 10 item 1) finds a guardian by personnummer (children: migration 001).
CREATE INDEX guardians_id_number ON guardians (id_number);
