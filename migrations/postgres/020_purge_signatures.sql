-- 020_purge_signatures.sql (PostgreSQL): the purge's sanctioned way past the no-delete triggers (migration
-- 018) for the signatures and their scans of migration 010: a DELETE passes only while the case has its row
-- in `purging` (which the database accepts only for a closed case with a purge audit entry); UPDATE and
-- TRUNCATE stay refused. Must stay equivalent to migrations/sqlite/020_purge_signatures.sql.
CREATE OR REPLACE FUNCTION plan_signatures_bound() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM purging g JOIN plans p ON p.case_id = g.case_id WHERE p.id = OLD.plan_id) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'plan signatures never change';
    END IF;
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'plan signatures never change';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM plans WHERE id = NEW.plan_id AND status = 'finished'
                   AND version = NEW.version AND content_sha256 = NEW.content_sha256) THEN
        RAISE EXCEPTION 'plan_signature_version';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER plan_signature_scans_no_delete ON plan_signature_scans;
CREATE TRIGGER plan_signature_scans_no_truncate BEFORE TRUNCATE ON plan_signature_scans
    FOR EACH STATEMENT EXECUTE FUNCTION plan_signature_scans_refuse_delete();
CREATE FUNCTION plan_signature_scans_refuse_row_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM purging g JOIN plans p ON p.case_id = g.case_id
                   JOIN plan_signatures s ON s.plan_id = p.id WHERE s.id = OLD.signature_id) THEN
        RAISE EXCEPTION 'plan signature scans are never deleted';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER plan_signature_scans_no_delete BEFORE DELETE ON plan_signature_scans
    FOR EACH ROW EXECUTE FUNCTION plan_signature_scans_refuse_row_delete();
