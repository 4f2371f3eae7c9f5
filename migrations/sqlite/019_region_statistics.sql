-- 019_region_statistics.sql (SQLite): what the region learns (V-12.4). Must stay equivalent to
-- migrations/postgres/019_region_statistics.sql.
--
-- The statistics page (storage/store_region.c) groups the cases of one period in SQL: these indexes let
-- each measure find its period's rows without reading every case, meeting, plan or closure.
CREATE INDEX cases_noticed_on ON cases (noticed_on);
CREATE INDEX meetings_date ON meetings (meeting_date);
CREATE INDEX plans_followup_on ON plans (followup_on);
CREATE INDEX case_closures_action_at ON case_closures (action, at);
