-- 018_purge.sql (PostgreSQL): retention (issue 9 item 8). `barnplan purge` removes every row of a closed case
-- past the installation's retention time, and the child and the guardians once no other case needs them,
-- keeping only anonymous statistics (case_statistics) and the audit trail (append-only, kept its own five
-- years). Must stay equivalent to migrations/sqlite/018_purge.sql.

-- The one sanctioned way past the freeze triggers (migration 009: finished plan versions; 014: closures; 006:
-- consent scans): a row here for the case, inside the purge's transaction, and only for a closed case whose
-- purge is already on the audit trail (the audit row is written first and can never be removed). The purge
-- deletes its row again before it commits. Only DELETE is let through; an UPDATE of a finished version is
-- refused as before.
CREATE TABLE purging (
    case_id BIGINT PRIMARY KEY
);

CREATE FUNCTION purging_sanctioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' OR (SELECT status FROM cases WHERE id = NEW.case_id) IS DISTINCT FROM 'closed' OR
       NOT EXISTS (SELECT 1 FROM audit WHERE case_id = NEW.case_id AND action = 'purge' AND object = 'case') THEN
        RAISE EXCEPTION 'purge_not_sanctioned';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER purging_sanctioned BEFORE INSERT OR UPDATE ON purging FOR EACH ROW EXECUTE FUNCTION purging_sanctioned();

-- What the region keeps of a purged case (V-12.4: organisations learn from the work): coarse dimensions
-- only, no id of the case, the child or any person, no time finer than the quarter. The id is random
-- (app/purge.c), never a sequence.
CREATE TABLE case_statistics (
    id BIGINT PRIMARY KEY,
    model TEXT NOT NULL CHECK (model IN ('vasterbotten', 'kronoberg')),
    route TEXT NOT NULL,
    noticed_quarter TEXT CHECK (length(noticed_quarter) = 7),
    closed_quarter TEXT NOT NULL CHECK (length(closed_quarter) = 7),
    closure_reason TEXT NOT NULL CHECK (closure_reason IN ('goals_reached', 'not_needed', 'consent_withdrawn')),
    days_to_first_meeting INTEGER,
    deadline TEXT CHECK (deadline IN ('met', 'exception', 'missed')),
    plan_versions INTEGER NOT NULL,
    followups INTEGER NOT NULL
);

CREATE TABLE case_statistic_orgs (
    statistic_id BIGINT NOT NULL REFERENCES case_statistics (id),
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (statistic_id, org_id)
);
CREATE INDEX case_statistic_orgs_org ON case_statistic_orgs (org_id, statistic_id);

-- The freeze triggers again, with the purge's way through for DELETE.
CREATE OR REPLACE FUNCTION plans_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM purging WHERE case_id = OLD.case_id) THEN
            RAISE EXCEPTION 'plan_version_finished';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND NOT (OLD.status = 'finished' AND NEW.status IN ('finished', 'replaced')
        AND jsonb_set(to_jsonb(NEW), '{status}', to_jsonb(OLD.status)) = to_jsonb(OLD)) THEN
        RAISE EXCEPTION 'plan_version_finished';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION plan_parts_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM purging p JOIN plans pl ON pl.case_id = p.case_id
                                    WHERE pl.id = OLD.plan_id) THEN
        RETURN OLD;
    END IF;
    IF (TG_OP <> 'INSERT' AND (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft') OR
       (TG_OP <> 'DELETE' AND (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft') THEN
        RAISE EXCEPTION 'plan_version_finished';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- Closures and consent scans: UPDATE and TRUNCATE stay refused per statement; DELETE is checked per row.
DROP TRIGGER case_closures_frozen ON case_closures;
CREATE TRIGGER case_closures_frozen BEFORE UPDATE OR TRUNCATE ON case_closures
    FOR EACH STATEMENT EXECUTE FUNCTION case_closures_refuse_change();
CREATE FUNCTION case_closures_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM purging WHERE case_id = OLD.case_id) THEN
        RAISE EXCEPTION 'a closure is history: it is never changed or deleted';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER case_closures_no_delete BEFORE DELETE ON case_closures
    FOR EACH ROW EXECUTE FUNCTION case_closures_refuse_delete();

DROP TRIGGER consent_scans_no_delete ON consent_scans;
CREATE TRIGGER consent_scans_no_truncate BEFORE TRUNCATE ON consent_scans
    FOR EACH STATEMENT EXECUTE FUNCTION consent_scans_refuse_delete();
CREATE FUNCTION consent_scans_refuse_row_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM purging p JOIN consents c ON c.case_id = p.case_id WHERE c.id = OLD.consent_id) THEN
        RAISE EXCEPTION 'consent scans are never deleted';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER consent_scans_no_delete BEFORE DELETE ON consent_scans
    FOR EACH ROW EXECUTE FUNCTION consent_scans_refuse_row_delete();
