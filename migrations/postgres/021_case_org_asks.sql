-- 021_case_org_asks.sql (PostgreSQL): V-2.6 in Västerbotten, an organisation's consent is recorded by someone who
-- works there. Until then the organisation is "asked to take part": the initiator (or anyone under consent)
-- asks it, and its members see only what they need to reach the family (domain/access.h, BP_ACCESS_ASKED).
-- asked_at is set when the organisation is asked, or joins through a consent; a withdrawal of its consent
-- clears it, so that the organisation sees nothing more until it is asked again. Existing rows: every
-- organisation whose consent was never withdrawn counts as asked when the case was opened.
-- Must stay equivalent to migrations/sqlite/021_case_org_asks.sql.
ALTER TABLE case_orgs ADD COLUMN asked_by BIGINT REFERENCES users (id);
ALTER TABLE case_orgs ADD COLUMN asked_at BIGINT;
UPDATE case_orgs SET
    asked_at = (SELECT c.created_at FROM cases c WHERE c.id = case_orgs.case_id),
    asked_by = (SELECT c.initiator_user_id FROM cases c WHERE c.id = case_orgs.case_id)
WHERE NOT EXISTS (SELECT 1 FROM consents k WHERE k.case_id = case_orgs.case_id
                  AND k.org_id = case_orgs.org_id AND k.status = 'withdrawn');
