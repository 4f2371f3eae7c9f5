// restart.test.mjs: issue 11 item 7, "a restart under load loses no request" (docs/trust.md, end of section 6).
// Clients read (GET /api/v1/cases, keep-alive connections) and write (POST /api/v1/cases) without pause while
// the master gets SIGHUP RESTARTS times: it starts new workers and the old ones finish what they have, on the
// one listening socket the master keeps open. Every request must succeed (a refused or reset connection is a
// failure), every worker must be new afterwards, and every acknowledged write must be in the database.
//   node trust/restart.test.mjs                 (from tests/; BARNPLAN_TEST_DB=sqlite|postgres)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, apiLogin, registrationJson, dbQuery, assertCleanLog, uniqueName, workersOf } from '../lib/server.mjs';
import { backendOrSkip, sleep } from './lib.mjs';

const backend = backendOrSkip();
const RESTARTS = Number(process.env.BARNPLAN_RESTARTS || 8);


/** One client: reads or writes until told to stop; every failure is kept with what it was. */
async function client(srv, write, stop) {
  const c = await apiLogin(srv.base, 'anna');
  const out = { ok: 0, failures: [], acked: [] };
  while (!stop.now) {
    try {
      if (write) {
        const body = registrationJson({ child: { given_name: uniqueName('Omstart') } });
        const r = await c.postJson('/api/v1/cases', body, { timeoutMs: 20000 });
        if (r.status === 201) out.acked.push({ id: r.json().id, name: body.child.given_name });
        else out.failures.push(`POST ${r.status}`);
      } else {
        const r = await c.getJson('/api/v1/cases?limit=5', { timeoutMs: 20000 });
        if (r.status !== 200) out.failures.push(`GET ${r.status}`);
      }
      out.ok++;
    } catch (e) {
      out.failures.push(`${write ? 'POST' : 'GET'}: ${e.cause?.code || e.message}`);
    }
  }
  return out;
}

test(`issue 11 item 7 (${backend}): ${RESTARTS} restarts (SIGHUP) under load lose no request`, { timeout: 600000 }, async () => {
  const srv = await startServer({ backend, children: 3, workers: 2 });
  try {
    const before = workersOf(srv.pid);
    const stop = { now: false };
    const clients = [false, false, true, true].map((w) => client(srv, w, stop));
    await sleep(500);
    for (let i = 0; i < RESTARTS; i++) {
      process.kill(srv.pid, 'SIGHUP');
      await sleep(1000 + Math.random() * 1000); // > 10 s in all: longer than an old worker waits
    }
    await sleep(1500); // the last old workers finish
    stop.now = true;
    const results = await Promise.all(clients);
    const failures = results.flatMap((r) => r.failures);
    const done = results.reduce((n, r) => n + r.ok, 0);
    assert.deepEqual(failures, [], `no request fails during the restarts (${done} answered)`);
    assert.ok(done > RESTARTS * 10, `the clients kept the server busy through the restarts (${done} requests)`);
    assert.equal((srv.log().match(/restarted the workers/g) || []).length, RESTARTS, 'each SIGHUP restarted the workers');
    const after = workersOf(srv.pid);
    assert.equal(after.filter((p) => before.includes(p)).length, 0, `every worker is new: before ${before}, after ${after}`);
    const acked = results.flatMap((r) => r.acked);
    const rows = await dbQuery(srv, "SELECT c.id, ch.given_name FROM cases c JOIN children ch ON ch.id = c.child_id WHERE ch.given_name LIKE 'Omstart%'");
    const inDb = new Map(rows.trim().split('\n').filter(Boolean).map((l) => l.split('|')).map(([id, n]) => [Number(id), n]));
    assert.deepEqual(acked.filter((a) => inDb.get(a.id) !== a.name), [], 'every acknowledged write is there');
    assertCleanLog(srv.log()); // no worker died: the old ones ended as asked, and were not counted as deaths
    console.log(`restart figures: ${JSON.stringify({ backend, restarts: RESTARTS, requests: done, writes: acked.length, failures: failures.length })}`);
  } finally {
    const r = await srv.stop();
    assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null }, 'the server stops gracefully');
  }
});
