// lib.mjs: what the crash and slow-client trust suites share (issue 11 items 5, 6, 7): the skip rule for
// PostgreSQL, the audit verification hook, and a pause.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ci = !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';

/** The backend of this run (BARNPLAN_TEST_DB); exits 77 (CTest: skipped) when PostgreSQL is asked for without
 * a server, or 1 when CI is set (CI never passes on a suite that did not run). */
export function backendOrSkip() {
  const backend = process.env.BARNPLAN_TEST_DB || 'sqlite';
  if (backend === 'postgres' && !process.env.BARNPLAN_TEST_PG_URL) {
    console.error('BARNPLAN_TEST_DB=postgres needs BARNPLAN_TEST_PG_URL (scripts/pg-test.sh)' + (ci ? '; CI is set: failure' : '; skipping'));
    process.exit(ci ? 1 : 77);
  }
  return backend;
}

/**
 * Runs `barnplan audit verify` (issue 11 item 3) on the server's database and resolves its report; it rejects
 * (the test fails) when verify exits non-zero.
 */
export async function auditVerify(srv) {
  const { stdout, stderr } = await srv.cli(['audit', 'verify']);
  return stdout + stderr;
}
