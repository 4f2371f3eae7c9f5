-- 016_named_person_account.sql (SQLite): Kronoberg's barnensbästa-ansvarig is a person (an account), not a
-- date (X-1, X-2, K-1.1, K-1.2). One row per person who held the role on a case, in order: who, for which
-- organisation, whether the suggestion for the child's age was confirmed, who named them and when, and when
-- the role passed on (ended_at; NULL: the current one, at most one per case). Their decision tree (X-3) is
-- recorded on their row: own_org, hand_over (with the organisation the need belongs to) or collaborate,
-- with who and when. Nothing is deleted: the history of BBAs is kept and shown.
-- Must stay equivalent to migrations/postgres/016_named_person_account.sql.
CREATE TABLE case_named_persons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    suggested INTEGER NOT NULL DEFAULT 0 CHECK (suggested IN (0, 1)),
    assigned_at INTEGER NOT NULL,
    assigned_by INTEGER NOT NULL REFERENCES users (id),
    ended_at INTEGER,
    decision TEXT CHECK (decision IN ('own_org', 'hand_over', 'collaborate')),
    decision_org_id INTEGER REFERENCES organisations (id),
    decided_at INTEGER,
    decided_by INTEGER REFERENCES users (id),
    CHECK ((decision = 'hand_over') = (decision_org_id IS NOT NULL) OR decision IS NULL)
) STRICT;
CREATE UNIQUE INDEX case_named_persons_current ON case_named_persons (case_id) WHERE ended_at IS NULL;
CREATE INDEX case_named_persons_case ON case_named_persons (case_id, id);
CREATE INDEX case_named_persons_user ON case_named_persons (user_id);
