-- 023_user_identities.sql (SQLite): a staff login through an identity provider over OpenID Connect (issue 10
-- item 1, docs/identity-providers.md) is bound to an account by the provider's (issuer, subject), never by an
-- e-mail claim. An administrator links them (`barnplan user link`); an identity with no row here is refused.
-- Must stay equivalent to migrations/postgres/023_user_identities.sql.
CREATE TABLE user_identities (
    user_id INTEGER NOT NULL REFERENCES users (id),
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (issuer, subject)
) STRICT;
CREATE INDEX user_identities_user ON user_identities (user_id);

-- A login under way at the provider: the state's hash, the nonce and the PKCE verifier, taken (deleted) by the
-- callback, so that the same state is accepted once (a replayed callback finds nothing). Rows older than
-- BP_OIDC_PENDING_SECONDS are dropped whenever a login starts.
CREATE TABLE oidc_pending (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
