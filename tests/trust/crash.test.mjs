// crash.test.mjs: issue 11 item 5, "nothing acknowledged is ever lost" (docs/trust.md section 5).
// Writers register cases through the JSON API (POST /api/v1/cases: a child, guardians, the case, its timeline
// event and audit entry in one transaction) and record every 201 (the id and the child's unique name), while
// the whole server (master and workers) is killed with SIGKILL at random moments and started again, KILLS
// times. Afterwards every acknowledged case is in the database with its child, both guardians and its audit
// entry; no case is half there; `barnplan check`, PRAGMA integrity_check (SQLite) and the audit verification
// (lib.mjs auditVerify) pass.
//   node trust/crash.test.mjs                   (from tests/; BARNPLAN_TEST_DB=sqlite|postgres)
//   BARNPLAN_CRASH_KILLS=1000                   the long run (scripts/trust/crash.sh --long)
// No timing asserts: counts and states only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, apiLogin, registrationJson, dbQuery, assertCleanLog, uniqueName } from '../lib/server.mjs';
import { backendOrSkip, auditVerify, sleep } from './lib.mjs';

const backend = backendOrSkip();
const KILLS = Number(process.env.BARNPLAN_CRASH_KILLS || 25);
const WRITERS = Number(process.env.BARNPLAN_CRASH_WRITERS || 3);
const MAX_UP_MS = Number(process.env.BARNPLAN_CRASH_MAX_UP_MS || 700); // a kill comes 0..this after the restart

/** One writer: registers cases until told to stop; returns what was acknowledged and what was not. */
async function writer(client, stop) {
  const out = { acked: [], failed: 0, cut: 0, statuses: {} };
  while (!stop.now) {
    const body = registrationJson({ child: { given_name: uniqueName('Krasch') } });
    try {
      const r = await client.postJson('/api/v1/cases', body, { openapi: false, timeoutMs: 10000 });
      out.statuses[r.status] = (out.statuses[r.status] || 0) + 1;
      if (r.status === 201) out.acked.push({ id: r.json().id, name: body.child.given_name });
      else out.failed++;
    } catch (e) {
      out.failed++; // refused, reset or cut: not acknowledged, so the server owes nothing
      if (e?.cause?.code !== 'ECONNREFUSED') out.cut++; // sent, then the server died under it
      await sleep(20);
    }
  }
  return out;
}

/** Starts the server again; a killed worker may hold the port for a few milliseconds after its master's
 * end has been seen (the signal is delivered to each process on its own), so a start that finds the port
 * taken is tried again. */
async function restartWhenFree(srv) {
  for (let i = 0; ; i++) {
    try {
      return await srv.restart();
    } catch (e) {
      if (i >= 50 || !/Address already in use/.test(e.message)) throw e;
      await sleep(100);
    }
  }
}

test(`issue 11 item 5 (${backend}): ${KILLS} kill -9 during writes lose no acknowledged write`, { timeout: 6 * 3600 * 1000 }, async () => {
  const t0 = Date.now();
  const srv = await startServer({ backend, children: 3, workers: backend === 'sqlite' ? 1 : 2, processGroup: true });
  let failure = null;
  try {
    const stop = { now: false };
    const clients = await Promise.all(Array.from({ length: WRITERS }, () => apiLogin(srv.base, 'anna'))); // before any kill
    const writers = clients.map((c) => writer(c, stop));
    for (let k = 0; k < KILLS; k++) {
      await sleep(Math.random() * MAX_UP_MS);
      await srv.kill9();
      await restartWhenFree(srv); // waits for /healthz
      if ((k + 1) % 100 === 0) console.log(`crash progress: ${k + 1} kills, ${Math.round((Date.now() - t0) / 1000)} s`);
    }
    await sleep(300);
    stop.now = true;
    const results = await Promise.all(writers);
    const acked = results.flatMap((r) => r.acked);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const cut = results.reduce((n, r) => n + r.cut, 0);
    const statuses = {};
    for (const r of results) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] || 0) + n;
    assert.ok(acked.length > KILLS, `the writers got writes through between the kills (${acked.length} acknowledged)`);
    assert.ok(cut > 0, 'some kills came while a write was under way (else the test proves little)');
    assert.ok(!statuses[500], `no internal error: ${JSON.stringify(statuses)}`);

    // every acknowledged case is there, with its own child
    const rows = await dbQuery(srv, 'SELECT c.id, ch.given_name FROM cases c JOIN children ch ON ch.id = c.child_id');
    const inDb = new Map(rows.trim().split('\n').filter(Boolean).map((l) => l.split('|')).map(([id, n]) => [Number(id), n]));
    const lost = acked.filter((a) => inDb.get(a.id) !== a.name);
    assert.deepEqual(lost, [], `acknowledged cases missing after ${KILLS} kills`);
    // no case is half written: each has both guardians and a timeline event; each acknowledged one its audit entry
    const partial = await dbQuery(
      srv,
      `SELECT c.id FROM cases c JOIN children ch ON ch.id = c.child_id WHERE ch.given_name LIKE 'Krasch%' AND (
         (SELECT count(*) FROM guardians g WHERE g.child_id = c.child_id) <> 2 OR
         NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id))`,
    );
    assert.equal(partial.trim(), '', 'a registration is all there or not at all');
    const audited = new Set((await dbQuery(srv, "SELECT DISTINCT case_id FROM audit WHERE case_id IS NOT NULL")).trim().split('\n').map(Number));
    assert.deepEqual(acked.filter((a) => !audited.has(a.id)).map((a) => a.id), [], 'every acknowledged write has its audit entry');

    if (backend === 'sqlite') assert.equal((await dbQuery(srv, 'PRAGMA integrity_check')).trim(), 'ok');
    const check = await srv.cli(['check']); // rejects on a non-zero exit
    const verify = await auditVerify(srv);
    assertCleanLog(srv.log(), { workerDeathsExpected: true });
    const figures = { backend, kills: KILLS, acknowledged: acked.length, not_acknowledged: failed, cut_mid_request: cut, statuses, audit_verify: /; intact \(0 problems\)/.test(verify) ? 'passed' : verify.trim().split('\n').pop(), seconds: Math.round((Date.now() - t0) / 1000) };
    console.log(`crash figures: ${JSON.stringify(figures)}`);
    console.log(check.stdout.trim().split('\n').slice(-3).join('\n'));
  } catch (e) {
    failure = e;
    e.message += `\n--- server log (tail)\n${srv.log().slice(-4000)}`;
  } finally {
    const r = await srv.stop();
    if (!failure) assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null }, 'the last server stops gracefully');
  }
  if (failure) throw failure;
});
