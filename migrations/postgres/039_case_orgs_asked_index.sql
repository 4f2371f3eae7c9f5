-- 039_case_orgs_asked_index.sql (postgres): "Mina ärenden" (GET /cases, issue 12 item 2) finds the user's
-- organisations' cases through case_orgs by org_id and keeps those it was asked to, or consented to, take
-- part in. With asked_at in the index that test reads the index alone, not each of thousands of rows of
-- the table. It serves every query the old (org_id, case_id) index served, which it replaces.
-- Must stay equivalent to migrations/sqlite/039_case_orgs_asked_index.sql.
CREATE INDEX case_orgs_org_case_asked ON case_orgs (org_id, case_id, asked_at);
DROP INDEX case_orgs_org_case;
