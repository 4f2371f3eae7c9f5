-- 008_plan_child_view.sql (PostgreSQL): the child's own words on the plan (V-2.2, K-6.2): what the child
-- thinks of the plan and wants to happen, as the child said it. Must stay equivalent to the other backend's
-- 008_plan_child_view.sql.
ALTER TABLE plans ADD COLUMN child_view TEXT;
