-- 032_family_event_share.sql (PostgreSQL): rule R2 for what the child reports (issue 10 items 3, 7; V-9.3;
-- docs/family-access.md sections 5.4, 5.5: `event.child_reports`, `plan.child_voices`, `followup.child_views`). Must stay equivalent to
-- migrations/sqlite/032_family_event_share.sql.
--
-- share_with_guardians: from 12 an event the child reports on their own page reaches the guardians only when
-- the child ticks "Visa för mina vårdnadshavare" (default off); under 12 the guardians see it whatever it
-- says. Only the child's own report sets it; a professional's or a guardian's report leaves it 0.
-- The child's words a professional writes down during the plan (child_voices, V-9.2) and before a follow-up
-- (followups.child_last_meeting, child_interventions, V-10.2) carry the child's choice likewise, recorded by the
-- professional who heard them.
ALTER TABLE plan_events ADD COLUMN share_with_guardians INTEGER NOT NULL DEFAULT 0
    CHECK (share_with_guardians IN (0, 1));
ALTER TABLE child_voices ADD COLUMN share_with_guardians INTEGER NOT NULL DEFAULT 0
    CHECK (share_with_guardians IN (0, 1));
ALTER TABLE followups ADD COLUMN child_share_with_guardians INTEGER NOT NULL DEFAULT 0
    CHECK (child_share_with_guardians IN (0, 1));
