-- 009_plan_versions.sql (SQLite): a finished plan version is immutable (V-10.6). Finishing keeps the
-- version's content as canonical JSON (RFC 8785) and its SHA-256; from then on the database itself refuses
-- to change the version or its parts: the only change left is that a newer finished version replaces it
-- (status 'finished' -> 'replaced', nothing else). A change to the plan is a new draft version, a copy.
-- Signatures, pending decisions and (later) how interventions go are not part of the version. Must stay
-- equivalent to migrations/postgres/009_plan_versions.sql.
ALTER TABLE plans ADD COLUMN content TEXT;        -- the canonical JSON of the finished version
ALTER TABLE plans ADD COLUMN content_sha256 TEXT; -- its SHA-256, 64 hex digits

CREATE TRIGGER plans_frozen_update BEFORE UPDATE ON plans
WHEN OLD.status <> 'draft' AND (NOT (OLD.status = 'finished' AND NEW.status IN ('finished', 'replaced')) OR
    NEW.id IS NOT OLD.id OR
    NEW.case_id IS NOT OLD.case_id OR
    NEW.version IS NOT OLD.version OR
    NEW.kind IS NOT OLD.kind OR
    NEW.coordinator_user_id IS NOT OLD.coordinator_user_id OR
    NEW.coordinator_name IS NOT OLD.coordinator_name OR
    NEW.contact_if_fails IS NOT OLD.contact_if_fails OR
    NEW.followup_on IS NOT OLD.followup_on OR
    NEW.followup_minute IS NOT OLD.followup_minute OR
    NEW.followup_place IS NOT OLD.followup_place OR
    NEW.followup_participants IS NOT OLD.followup_participants OR
    NEW.summary IS NOT OLD.summary OR
    NEW.finished_on IS NOT OLD.finished_on OR
    NEW.finished_by IS NOT OLD.finished_by OR
    NEW.created_at IS NOT OLD.created_at OR
    NEW.child_view IS NOT OLD.child_view OR
    NEW.content IS NOT OLD.content OR
    NEW.content_sha256 IS NOT OLD.content_sha256)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

CREATE TRIGGER plans_frozen_delete BEFORE DELETE ON plans WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

CREATE TRIGGER plan_coordinator_orgs_frozen_insert BEFORE INSERT ON plan_coordinator_orgs
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_coordinator_orgs_frozen_update BEFORE UPDATE ON plan_coordinator_orgs
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' OR
    (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_coordinator_orgs_frozen_delete BEFORE DELETE ON plan_coordinator_orgs
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

CREATE TRIGGER plan_goals_frozen_insert BEFORE INSERT ON plan_goals
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_goals_frozen_update BEFORE UPDATE ON plan_goals
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' OR
    (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_goals_frozen_delete BEFORE DELETE ON plan_goals
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

CREATE TRIGGER plan_interventions_frozen_insert BEFORE INSERT ON plan_interventions
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_interventions_frozen_update BEFORE UPDATE ON plan_interventions
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' OR
    (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_interventions_frozen_delete BEFORE DELETE ON plan_interventions
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

CREATE TRIGGER plan_commitments_frozen_insert BEFORE INSERT ON plan_commitments
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_commitments_frozen_update BEFORE UPDATE ON plan_commitments
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' OR
    (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_commitments_frozen_delete BEFORE DELETE ON plan_commitments
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;

CREATE TRIGGER plan_contacts_frozen_insert BEFORE INSERT ON plan_contacts
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_contacts_frozen_update BEFORE UPDATE ON plan_contacts
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft' OR
    (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
CREATE TRIGGER plan_contacts_frozen_delete BEFORE DELETE ON plan_contacts
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'plan_version_finished');
END;
