// lib.mjs: what the crash and slow-client trust suites share (issue 11 items 5, 6, 7): the skip rule for
// PostgreSQL, the audit verification hook, and a pause.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { barnplanBin } from '../lib/server.mjs';

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
 * THE audit-verification hook (issue 11 item 3 is built on another branch): runs `barnplan audit verify` on the
 * server's database when `barnplan --help` or `barnplan audit --help` lists `verify`, and resolves
 * { ran, stdout }; it rejects (the test fails) when verify exits non-zero. Once `audit verify` is merged, make
 * it unconditional here: this is the only place the trust suites call it.
 */
export async function auditVerify(srv) {
  const run = (args) => promisify(execFile)(barnplanBin(), args).then((r) => r.stdout + r.stderr, (e) => `${e.stdout || ''}${e.stderr || ''}`);
  const help = (await run(['--help'])) + (await run(['audit', '--help']));
  if (!/\bverify\b/.test(help)) return { ran: false, stdout: '' };
  const { stdout, stderr } = await srv.cli(['audit', 'verify']);
  return { ran: true, stdout: stdout + stderr };
}
