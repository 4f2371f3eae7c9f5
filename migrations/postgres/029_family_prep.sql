-- 029_family_prep.sql (PostgreSQL): the child's voice and the guardians' own answers online (issue 10 item 5,
-- docs/family-access.md section 5.3). Must stay equivalent to migrations/sqlite/029_family_prep.sql.
--
-- share_with_guardians: rule R2. From 12 the child's own words (answers, wishes, letter) reach the guardians
-- only when the child ticks "Visa för mina vårdnadshavare" (default off); under 12 the guardians see them
-- whatever it says. Only the child's own save online sets it; a professional's save leaves it.
-- answered_online_at: when the child (child_preps) or the guardian (guardian_preps) last answered on their own
-- family page (unix seconds), so that the professionals see the answers were given online; NULL: never.
ALTER TABLE child_preps ADD COLUMN share_with_guardians INTEGER NOT NULL DEFAULT 0
    CHECK (share_with_guardians IN (0, 1));
ALTER TABLE child_preps ADD COLUMN answered_online_at BIGINT;
ALTER TABLE guardian_preps ADD COLUMN answered_online_at BIGINT;
