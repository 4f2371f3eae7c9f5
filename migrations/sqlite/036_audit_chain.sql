-- 036_audit_chain.sql (SQLite): the audit trail hash-chained (issue 11 item 3). One chain per writer (a
-- database connection that writes audit entries: an HTTP worker, a command, the scheduler), so that writers
-- never wait for each other's chain. Each entry carries its chain, its number in the chain (1, 2, ...), the
-- hash of the entry before it and its own hash: BLAKE2b-256 over the entry's canonical encoding and the
-- previous hash (domain/audit_chain.c). The chain's head (last number and hash) is updated in the same
-- transaction as the entries it covers, so that removing the last entries is found too. Entries written
-- before this migration have no chain: audit_chain_start keeps how many there were and the highest id, so
-- that `barnplan audit verify` reports them as "before the chain" and finds one removed or added among them.
-- Must stay equivalent to migrations/postgres/036_audit_chain.sql.
CREATE TABLE audit_chains (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at INTEGER NOT NULL,
    writer TEXT NOT NULL, -- what wrote it ("http worker pid 812"), never personal data
    head_seq INTEGER NOT NULL DEFAULT 0,
    head_hash TEXT NOT NULL DEFAULT ''
) STRICT;

ALTER TABLE audit ADD COLUMN chain_id INTEGER;
ALTER TABLE audit ADD COLUMN seq INTEGER;
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_chain_seq ON audit (chain_id, seq);

CREATE TABLE audit_chain_start (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    entries INTEGER NOT NULL, -- entries without a chain when the chain began
    max_id INTEGER NOT NULL
) STRICT;
INSERT INTO audit_chain_start (id, entries, max_id) SELECT 1, COUNT(*), COALESCE(MAX(id), 0) FROM audit;

-- A chain's head only moves forward; a chain is never deleted; the start never changes.
CREATE TRIGGER audit_chains_forward BEFORE UPDATE ON audit_chains
WHEN NEW.id <> OLD.id OR NEW.started_at <> OLD.started_at OR NEW.writer <> OLD.writer
     OR NEW.head_seq < OLD.head_seq
BEGIN
    SELECT RAISE(ABORT, 'an audit chain only grows');
END;
CREATE TRIGGER audit_chains_no_delete BEFORE DELETE ON audit_chains
BEGIN
    SELECT RAISE(ABORT, 'an audit chain only grows');
END;
CREATE TRIGGER audit_chain_start_fixed BEFORE UPDATE ON audit_chain_start
BEGIN
    SELECT RAISE(ABORT, 'the audit chain start is fixed');
END;
CREATE TRIGGER audit_chain_start_no_delete BEFORE DELETE ON audit_chain_start
BEGIN
    SELECT RAISE(ABORT, 'the audit chain start is fixed');
END;
