-- 035_consent_child_answer.sql (PostgreSQL): the young person's own yes or no beside the guardians' consent
-- (issue 10, docs/family-access.md consent.child_answer; V-2.2: from 15 the young person records it on their
-- own pages; it does not block the consent, and a no is told to the organisation to weigh). On the consent's
-- row, so that the case page reads it with the ledger (no query more); a limited consent's new row carries it.
-- Must stay equivalent to migrations/sqlite/035_consent_child_answer.sql.
ALTER TABLE consents ADD COLUMN child_answer TEXT CHECK (child_answer IN ('yes', 'no'));
ALTER TABLE consents ADD COLUMN child_answered_on TEXT;
