-- 038_login_devices.sql (postgres): the browsers an account has logged in from with its password (OWASP ASVS
-- V6.1.1, docs/asvs.md § Authentication pathways). The browser holds a random 256-bit token in the cookie
-- bp_device (HttpOnly); only its hash (BLAKE2b-256) is here, with the account. A known browser is throttled
-- by its own failures, not by the account's, so that a stranger failing at an account cannot lock its user
-- out. A row is forgotten BP_LOGIN_DEVICE_SECONDS after its last login. No foreign key: a purged account's
-- rows only age out.
-- Must stay equivalent to migrations/sqlite/038_login_devices.sql.
CREATE TABLE login_devices (
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    last_login BIGINT NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX login_devices_last_login ON login_devices (last_login);
CREATE INDEX login_failures_username_address_at ON login_failures (username, address, at);
