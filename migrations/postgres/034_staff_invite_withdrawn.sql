-- 034_staff_invite_withdrawn.sql (postgres): an organisation's administrator withdraws a colleague's invitation
-- that was not used yet (issue 10 item 9), or sends it again, which withdraws the earlier link and makes a
-- new one. A withdrawn invitation's link stops working at once (refused as "invite:withdrawn"); the row stays
-- as the record of what was sent. Must stay equivalent to migrations/sqlite/034_staff_invite_withdrawn.sql.
ALTER TABLE staff_invites ADD COLUMN withdrawn_at BIGINT;
