-- 030_family_events.sql (PostgreSQL): a family member tells the coordinator that something happened (issue 10
-- item 7, V-9.3). They act for no organisation, so an event's org_id may be NULL (the reporter is in
-- reported_by, a family member's account of migration 024). Must stay equivalent to
-- migrations/sqlite/030_family_events.sql.
ALTER TABLE plan_events ALTER COLUMN org_id DROP NOT NULL;

-- A family login through BankID (issue 10 item 1) finds a guardian by personnummer (children: migration 001).
CREATE INDEX guardians_id_number ON guardians (id_number);
