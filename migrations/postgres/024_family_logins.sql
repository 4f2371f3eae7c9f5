-- 024_family_logins.sql (PostgreSQL): a family member's own login (issue 10 items 2 and 3,
-- docs/family-access.md). A family member is an account of its own (users) bound to one person of one child:
-- the child (family_guardian_id NULL) or one of the child's guardians. It has no password (password_hash
-- '!', which no password verifies) and no memberships, and reaches only the family pages; its role is worked
-- out on each request from the case's records, never stored. It goes with the child when the child is purged.
-- Must stay equivalent to migrations/sqlite/024_family_logins.sql.
ALTER TABLE users ADD COLUMN family_child_id BIGINT REFERENCES children (id);
ALTER TABLE users ADD COLUMN family_guardian_id BIGINT REFERENCES guardians (id);
ALTER TABLE users ADD COLUMN lang TEXT;
CREATE UNIQUE INDEX users_family ON users (family_child_id, COALESCE(family_guardian_id, 0))
    WHERE family_child_id IS NOT NULL;

-- One-time ways in: a link by e-mail (kind 'link', minutes) or a code on a printed letter (kind 'letter',
-- days). Only the hash is kept; taking one deletes it, so a replayed link or code finds nothing.
CREATE TABLE family_codes (
    code_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('link', 'letter')),
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX family_codes_user ON family_codes (user_id);
