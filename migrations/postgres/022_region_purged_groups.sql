-- 022_region_purged_groups.sql (PostgreSQL): what the region keeps of a purged case's meetings and
-- follow-ups (V-12.4, issue 9 item 8), so that the region's measures K-4.3 invitations, the child at the
-- meeting and follow-ups on time count a purged case as they did before the purge. One row per group the
-- region's query counted for the case (storage/store_region.c): the measure, the quarter of the date its
-- period filters on (the meeting's date; the follow-up's booked date), the codes and numbers of the group,
-- and how many. No id of the case, the child or any person, no time finer than the quarter. Must stay
-- equivalent to migrations/sqlite/022_region_purged_groups.sql.
CREATE TABLE case_statistic_groups (
    statistic_id BIGINT NOT NULL REFERENCES case_statistics (id),
    measure TEXT NOT NULL CHECK (measure IN ('invitations', 'child', 'followups')),
    quarter TEXT NOT NULL CHECK (length(quarter) = 7),
    code TEXT NOT NULL,
    code2 TEXT NOT NULL,
    days INTEGER NOT NULL,
    n BIGINT NOT NULL CHECK (n > 0),
    PRIMARY KEY (statistic_id, measure, quarter, code, code2, days)
);
CREATE INDEX case_statistic_groups_measure ON case_statistic_groups (measure, quarter);
