-- 025_staff_invites.sql (SQLite): administration in the browser (issue 10 item 9). An organisation's
-- administrator (memberships.role 'org_admin', a code of src/domain/model.c: role is TEXT, so the new code
-- needs no change here) invites a colleague by e-mail. The invitation's link carries a random token; only its
-- hash (BLAKE2b, bp_token_hash) is stored. It works until expires_at, once: used_at is set as the colleague
-- sets a password. The account exists from the invitation on, with no usable password until then.
-- Must stay equivalent to migrations/postgres/025_staff_invites.sql.
CREATE TABLE staff_invites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    invited_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    -- when an identity provider is configured: the hash of the state of the login the invited person started
    -- from the invitation's page, so that the callback links that provider identity to this account
    login_state_hash TEXT
) STRICT;
CREATE INDEX staff_invites_user ON staff_invites (user_id);
CREATE INDEX staff_invites_login ON staff_invites (login_state_hash);
