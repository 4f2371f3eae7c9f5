-- 037_audit_alerts.sql (sqlite): the alerts the scheduler has decided about the audit trail (issue 11 item 3).
-- One user reading more distinct children in an hour than audit_alert_children_per_hour ('children'), or
-- reading or trying to read a case outside their organisations' cases ('outside'), is told to the
-- installation's administrators once: the key (kind, user, the hour counted from the Unix epoch) is unique,
-- so a restart or a second scheduler never decides it twice. No child's data here: counts only.
-- Must stay equivalent to migrations/postgres/037_audit_alerts.sql.
CREATE TABLE audit_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('children', 'outside')),
    user_id INTEGER NOT NULL,
    hour INTEGER NOT NULL, -- at / 3600 of the entries it is about
    entries INTEGER NOT NULL, -- distinct children read ('children') or entries outside ('outside') that hour
    decided_at INTEGER NOT NULL,
    UNIQUE (kind, user_id, hour)
) STRICT;
