-- 018_purge.sql (SQLite): retention (issue 9 item 8). `barnplan purge` removes every row of a closed case past
-- the installation's retention time, and the child and the guardians once no other case needs them, keeping
-- only anonymous statistics (case_statistics) and the audit trail (append-only, kept its own five years).
-- Must stay equivalent to migrations/postgres/018_purge.sql.

-- The one sanctioned way past the freeze triggers (migration 009: finished plan versions; 014: closures; 006:
-- consent scans): a row here for the case, inside the purge's transaction, and only for a closed case whose
-- purge is already on the audit trail (the audit row is written first and can never be removed). The purge
-- deletes its row again before it commits. Only DELETE is let through; an UPDATE of a finished version is
-- refused as before.
CREATE TABLE purging (
    case_id INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER purging_sanctioned BEFORE INSERT ON purging
WHEN (SELECT status FROM cases WHERE id = NEW.case_id) IS NOT 'closed' OR
    NOT EXISTS (SELECT 1 FROM audit WHERE case_id = NEW.case_id AND action = 'purge' AND object = 'case')
BEGIN
    SELECT RAISE(ABORT, 'purge_not_sanctioned');
END;
CREATE TRIGGER purging_no_update BEFORE UPDATE ON purging
BEGIN
    SELECT RAISE(ABORT, 'purge_not_sanctioned');
END;

-- What the region keeps of a purged case (V-12.4: organisations learn from the work): coarse dimensions
-- only, no id of the case, the child or any person, no time finer than the quarter. The id is random
-- (app/purge.c), so the table keeps no order of purging either.
CREATE TABLE case_statistics (
    id INTEGER PRIMARY KEY,
    model TEXT NOT NULL CHECK (model IN ('vasterbotten', 'kronoberg')),
    route TEXT NOT NULL,
    noticed_quarter TEXT CHECK (length(noticed_quarter) = 7), -- '2026-Q4'; NULL: no date was recorded
    closed_quarter TEXT NOT NULL CHECK (length(closed_quarter) = 7),
    closure_reason TEXT NOT NULL CHECK (closure_reason IN ('goals_reached', 'not_needed', 'consent_withdrawn')),
    days_to_first_meeting INTEGER,                                        -- NULL: no plan meeting
    deadline TEXT CHECK (deadline IN ('met', 'exception', 'missed')),     -- V-6.1 / K-4.3 for that meeting
    plan_versions INTEGER NOT NULL,
    followups INTEGER NOT NULL
) STRICT;

CREATE TABLE case_statistic_orgs (
    statistic_id INTEGER NOT NULL REFERENCES case_statistics (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (statistic_id, org_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX case_statistic_orgs_org ON case_statistic_orgs (org_id, statistic_id);

-- The freeze triggers again, with the purge's way through for DELETE.
DROP TRIGGER plans_frozen_delete;
CREATE TRIGGER plans_frozen_delete BEFORE DELETE ON plans
WHEN OLD.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM purging WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

DROP TRIGGER plan_coordinator_orgs_frozen_delete;
CREATE TRIGGER plan_coordinator_orgs_frozen_delete BEFORE DELETE ON plan_coordinator_orgs
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' AND
    NOT EXISTS (SELECT 1 FROM purging p JOIN plans pl ON pl.case_id = p.case_id WHERE pl.id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
DROP TRIGGER plan_goals_frozen_delete;
CREATE TRIGGER plan_goals_frozen_delete BEFORE DELETE ON plan_goals
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' AND
    NOT EXISTS (SELECT 1 FROM purging p JOIN plans pl ON pl.case_id = p.case_id WHERE pl.id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
DROP TRIGGER plan_interventions_frozen_delete;
CREATE TRIGGER plan_interventions_frozen_delete BEFORE DELETE ON plan_interventions
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' AND
    NOT EXISTS (SELECT 1 FROM purging p JOIN plans pl ON pl.case_id = p.case_id WHERE pl.id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
DROP TRIGGER plan_commitments_frozen_delete;
CREATE TRIGGER plan_commitments_frozen_delete BEFORE DELETE ON plan_commitments
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' AND
    NOT EXISTS (SELECT 1 FROM purging p JOIN plans pl ON pl.case_id = p.case_id WHERE pl.id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
DROP TRIGGER plan_contacts_frozen_delete;
CREATE TRIGGER plan_contacts_frozen_delete BEFORE DELETE ON plan_contacts
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' AND
    NOT EXISTS (SELECT 1 FROM purging p JOIN plans pl ON pl.case_id = p.case_id WHERE pl.id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

DROP TRIGGER case_closures_no_delete;
CREATE TRIGGER case_closures_no_delete BEFORE DELETE ON case_closures
WHEN NOT EXISTS (SELECT 1 FROM purging WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'a closure is history: it is never deleted');
END;

DROP TRIGGER consent_scans_no_delete;
CREATE TRIGGER consent_scans_no_delete BEFORE DELETE ON consent_scans
WHEN NOT EXISTS (SELECT 1 FROM purging p JOIN consents c ON c.case_id = p.case_id WHERE c.id = OLD.consent_id)
BEGIN
    SELECT RAISE(ABORT, 'consent scans are never deleted');
END;
