-- 040_audit_plan_pdf_index.sql (postgres): the plan page lists who downloaded the plan's PDF (V-8a.5, migration
-- 011), found among the case's audit entries "read plan_pdf". Through audit_case_at that walked every
-- entry of the case, and every read of the case adds one: at the benchmark's 760,000 reads of one case the
-- plan page cost 450 million instructions (issue 12 item 2). A partial index holds only those entries, so
-- no other audit entry pays to write it, and the list reads at most its limit of index rows.
-- Must stay equivalent to migrations/sqlite/040_audit_plan_pdf_index.sql.
CREATE INDEX audit_plan_pdf ON audit (case_id, id) WHERE action = 'read' AND object = 'plan_pdf';
