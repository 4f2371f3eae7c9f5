-- 009_plan_versions.sql (PostgreSQL): a finished plan version is immutable (V-10.6). Finishing keeps the
-- version's content as canonical JSON (RFC 8785) and its SHA-256; from then on the database itself refuses
-- to change the version or its parts: the only change left is that a newer finished version replaces it
-- (status 'finished' -> 'replaced', nothing else). A change to the plan is a new draft version, a copy.
-- Signatures, pending decisions and (later) how interventions go are not part of the version. Must stay
-- equivalent to migrations/sqlite/009_plan_versions.sql.
ALTER TABLE plans ADD COLUMN content TEXT;        -- the canonical JSON of the finished version
ALTER TABLE plans ADD COLUMN content_sha256 TEXT; -- its SHA-256, 64 hex digits

CREATE FUNCTION plans_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
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
CREATE TRIGGER plans_frozen BEFORE UPDATE OR DELETE ON plans FOR EACH ROW EXECUTE FUNCTION plans_frozen();

CREATE FUNCTION plan_parts_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND (SELECT status FROM plans WHERE id = OLD.plan_id) <> 'draft') OR
       (TG_OP <> 'DELETE' AND (SELECT status FROM plans WHERE id = NEW.plan_id) <> 'draft') THEN
        RAISE EXCEPTION 'plan_version_finished';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER plan_coordinator_orgs_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_coordinator_orgs FOR EACH ROW EXECUTE FUNCTION plan_parts_frozen();
CREATE TRIGGER plan_goals_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_goals FOR EACH ROW EXECUTE FUNCTION plan_parts_frozen();
CREATE TRIGGER plan_interventions_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_interventions FOR EACH ROW EXECUTE FUNCTION plan_parts_frozen();
CREATE TRIGGER plan_commitments_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_commitments FOR EACH ROW EXECUTE FUNCTION plan_parts_frozen();
CREATE TRIGGER plan_contacts_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_contacts FOR EACH ROW EXECUTE FUNCTION plan_parts_frozen();
