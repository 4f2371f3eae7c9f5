// audit_writer: on SQLite the workers hand their reads' audit entries to one audit writer (issue 12 item 1;
// src/jobs/audit_writer.c, src/http/server.c), which commits what every worker sent together in one
// transaction and answers each batch when it is durable; only then does a worker answer its reads. Here:
// reads through both workers are on record in the writer's own hash chain; the writer killed with SIGKILL
// under a stream of reads loses no entry of a page that was shown (each page shown has its entries, each
// other request got 503), the master starts another, and the trail's chains stay intact. On PostgreSQL,
// which takes concurrent writers, each worker commits its own and there is no audit writer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, assertCleanLog, dbQuery, barnplanBin, registrationJson } from '../lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('the audit writer (issue 12 item 1)', () => {
  let srv, anna, caseId;
  const reads = async () => Number((await dbQuery(srv, `SELECT COUNT(*) FROM audit WHERE case_id = ${caseId} AND action = 'read'`)).trim());
  const writers = async () => (await dbQuery(srv, `SELECT id, writer FROM audit_chains WHERE writer LIKE 'audit writer%' ORDER BY id`))
    .trim().split('\n').filter(Boolean).map((l) => ({ id: Number(l.split('|')[0]), pid: Number(l.split(' pid ')[1]) }));

  before(async () => {
    srv = await startServer({ children: 5, workers: 2 });
    const api = await srv.apiLogin('anna');
    const r = await api.postJson('/api/v1/cases', registrationJson());
    assert.equal(r.status, 201, r.text);
    caseId = r.json().id;
    anna = await srv.login('anna');
  });
  after(async () => {
    const r = await srv?.stop();
    assertCleanLog(srv.log(), { workerDeathsExpected: true }); // the writer is killed on purpose below
    assert.equal(r.code, 0, srv.log().slice(-4000));
  });

  test('V-13.x: the case page read through both workers is on record, in the audit writer\'s chain on SQLite', async () => {
    const before = await reads();
    const pages = await Promise.all(Array.from({ length: 20 }, () => anna.get(`/cases/${caseId}`)));
    for (const p of pages) assert.equal(p.status, 200);
    assert.ok((await reads()) - before >= 20, 'one read entry at least per page shown');
    const chains = await writers();
    if (srv.backend === 'postgres') {
      assert.deepEqual(chains, [], 'no audit writer on PostgreSQL');
      return;
    }
    assert.ok(chains.length >= 1, 'an audit writer'); // the other tests here start others (in any order)
    const latest = chains[chains.length - 1];
    const inWriter = Number((await dbQuery(srv, `SELECT COUNT(*) FROM audit WHERE case_id = ${caseId} AND action = 'read' AND chain_id = ${latest.id}`)).trim());
    assert.ok(inWriter >= 20, `the reads are the writer's (${inWriter})`);
  });

  test('killed under load, the writer loses no entry of a page shown, and another takes over', async (t) => {
    if (srv.backend === 'postgres') return t.skip('no audit writer on PostgreSQL');
    const known = await writers();
    const first = known[known.length - 1]; // the one serving now
    const one = await reads();
    assert.equal((await anna.get(`/cases/${caseId}`)).status, 200);
    const perPage = (await reads()) - one; // the read entries one case page writes
    assert.ok(perPage >= 1);
    const before = await reads();
    let stop = false;
    const statuses = [];
    const stream = (async () => {
      while (!stop) {
        const batch = await Promise.all(Array.from({ length: 8 }, () => anna.get(`/cases/${caseId}`)));
        for (const p of batch) statuses.push(p.status);
      }
    })();
    await sleep(300);
    process.kill(first.pid, 'SIGKILL');
    const deadline = Date.now() + 20000;
    while ((await writers()).length <= known.length && Date.now() < deadline) await sleep(200);
    await sleep(500);
    stop = true;
    await stream;
    const shown = statuses.filter((s) => s === 200).length;
    assert.deepEqual([...new Set(statuses)].filter((s) => s !== 200 && s !== 503), [], 'each read is shown or refused (503)');
    assert.ok(shown > 16, `reads went on being answered (${shown})`);
    // every page shown has its read entries on record
    assert.ok((await reads()) - before >= perPage * shown, `${shown} pages shown, ${(await reads()) - before} read entries`);
    const chains = await writers();
    assert.equal(chains.length, known.length + 1, 'the master started another writer');
    assert.notEqual(chains[chains.length - 1].pid, first.pid);
    assert.match(srv.log(), /audit writer ended \(status 9\); starting another/);
    const after = await anna.get(`/cases/${caseId}`);
    assert.equal(after.status, 200, 'the new writer serves');
  });

  test('a writer that hangs is given up on after 5 s: what waited gets 503, then each worker commits its own', async (t) => {
    if (srv.backend === 'postgres') return t.skip('no audit writer on PostgreSQL');
    const chains = await writers();
    const writer = chains[chains.length - 1];
    process.kill(writer.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const first = await anna.get(`/cases/${caseId}`);
      assert.equal(first.status, 503, 'the read that waited for the stopped writer is not shown');
      assert.ok(Date.now() - started >= 4000, 'it waited for the writer first');
      const before = await reads();
      let next;
      for (let i = 0; i < 4; i++) { // a request the other worker takes waits for the writer too, once
        next = await anna.get(`/cases/${caseId}`);
        if (next.status !== 503) break;
      }
      assert.equal(next.status, 200, 'the next read is committed by its worker');
      assert.ok((await reads()) > before, 'and is on record');
      const own = await dbQuery(srv, `SELECT c.writer FROM audit a JOIN audit_chains c ON c.id = a.chain_id WHERE a.case_id = ${caseId} ORDER BY a.id DESC LIMIT 1`);
      assert.match(own, /^http worker pid \d+/);
    } finally {
      process.kill(writer.pid, 'SIGCONT');
    }
    assert.match(srv.log(), /the audit writer did not answer: committing here for now/);
  });

  test('the audit trail\'s chains stay intact through all of it', async () => {
    const { stdout } = await promisify(execFile)(barnplanBin(), ['audit', 'verify'], { env: { ...process.env, BARNPLAN_DATABASE: srv.dbUrl } });
    assert.match(stdout, /intact \(0 problems\)/);
  });
});
