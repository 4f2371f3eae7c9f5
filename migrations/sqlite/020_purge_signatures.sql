-- 020_purge_signatures.sql (SQLite): the purge's sanctioned way past the no-delete triggers (migration 018)
-- for the signatures and their scans of migration 010: a DELETE passes only while the case has its row in
-- `purging` (which the database accepts only for a closed case with a purge audit entry). Everything else
-- stays refused. Must stay equivalent to migrations/postgres/020_purge_signatures.sql.
DROP TRIGGER plan_signatures_no_delete;
CREATE TRIGGER plan_signatures_no_delete BEFORE DELETE ON plan_signatures
WHEN NOT EXISTS (SELECT 1 FROM purging g JOIN plans p ON p.case_id = g.case_id WHERE p.id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan signatures never change');
END;

DROP TRIGGER plan_signature_scans_no_delete;
CREATE TRIGGER plan_signature_scans_no_delete BEFORE DELETE ON plan_signature_scans
WHEN NOT EXISTS (SELECT 1 FROM purging g JOIN plans p ON p.case_id = g.case_id
                 JOIN plan_signatures s ON s.plan_id = p.id WHERE s.id = OLD.signature_id)
BEGIN
    SELECT RAISE(ABORT, 'plan signature scans are never deleted');
END;
