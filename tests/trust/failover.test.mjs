// failover.test.mjs: issue 12 item 4, a PostgreSQL primary and a synchronous streaming standby (docs/scaling.md).
// Two clusters of its own under a temporary folder (not scripts/pg-test.sh's): a primary with wal_level=replica,
// synchronous_standby_names='*' and synchronous_commit=on, and a hot standby made with `pg_basebackup -R` that
// streams from it. `barnplan serve` (two workers) runs on the multi-host URL
// postgres://...@127.0.0.1:P1,127.0.0.1:P2/barnplan?target_session_attrs=read-write. Under a stream of case page
// GETs and API registrations from several clients the primary is killed hard (`pg_ctl stop -m immediate`) and
// the standby promoted (`pg_ctl promote`). Then:
//   - Barnplan serves again, without a restart, within a generous bound; meanwhile every request is answered
//     200/201 or a clean 503, never anything else (no crash, no page without its audit entry)
//   - every case page answered 200 has its `read` entry on the new primary (before the kill, and after it)
//   - every registration answered 201 is on the new primary, and none is half-written
//   - `barnplan audit verify` passes on the new primary
//   - both workers reconnected: their reads after the failover are in chains they began on the new primary;
//     the scheduler and the mailer too: reminders due after the failover are decided and their mail sent
//   node --test trust/failover.test.mjs        (from tests/; needs the PostgreSQL 15 binaries, not BARNPLAN_TEST_PG_URL)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, appendFileSync, readFileSync, rmSync, chownSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer,
  freePort,
  barnplanBin,
  login,
  apiLogin,
  registrationJson,
  dbQuery,
  uniqueName,
  assertCleanLog,
  workersOf,
  childrenOf,
  addDays,
  today,
} from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { auditVerify, sleep } from './lib.mjs';

const ci = !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';
const RECOVERY_BOUND_MS = 30000; // a generous bound, not a timing assert: the reconnect is one PQreset away

/** The PostgreSQL binaries, found as scripts/pg-test.sh finds them; null when absent. */
function findPgBin() {
  for (const d of [process.env.PG_BIN, '/usr/lib/postgresql/15/bin'].filter(Boolean)) if (existsSync(path.join(d, 'pg_ctl'))) return d;
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl']);
  return which.status === 0 ? path.dirname(which.stdout.toString().trim()) : null;
}
const PG_BIN = findPgBin();
if (!PG_BIN || spawnSync('psql', ['--version']).error) {
  console.error('PostgreSQL binaries not found (apt-get install postgresql-15, or set PG_BIN)' + (ci ? '; CI is set: failure' : '; skipping'));
  process.exit(ci ? 1 : 77);
}

// initdb refuses root: as root, the clusters are the postgres user's (as in scripts/pg-test.sh)
const asRoot = process.getuid() === 0;
const owner = asRoot ? { uid: Number(spawnSync('id', ['-u', 'postgres']).stdout), gid: Number(spawnSync('id', ['-g', 'postgres']).stdout) } : null;

async function asOwner(cmd, args, timeout = 60000) {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, cmd), ...args]] : [path.join(PG_BIN, cmd), args];
  try {
    return await promisify(execFile)(file, argv, { timeout });
  } catch (e) {
    e.message += `\n--- stdout\n${e.stdout}\n--- stderr\n${e.stderr}`;
    throw e;
  }
}

/** Writes a file the clusters' owner reads. */
function ownedFile(file, text, append = false) {
  (append ? appendFileSync : writeFileSync)(file, text);
  if (owner) chownSync(file, owner.uid, owner.gid);
}

/** The two clusters: { primary, standby } each { data, port, url }, stop(). */
async function startClusters() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnplan-failover-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const mk = async (name) => ({ data: path.join(dir, name), port: await freePort(), log: path.join(dir, `${name}.log`) });
  const primary = await mk('primary');
  const standby = await mk('standby');
  const urlOf = (c, db = 'barnplan') => `postgres://postgres@127.0.0.1:${c.port}/${db}`;
  const clusters = {
    dir,
    primary,
    standby,
    urlOf,
    logs: () => [primary, standby].map((c) => (existsSync(c.log) ? `--- ${c.log}\n${readFileSync(c.log, 'utf8').slice(-4000)}` : '')).join('\n'),
    async stop() {
      for (const c of [primary, standby])
        if (existsSync(path.join(c.data, 'postmaster.pid'))) await asOwner('pg_ctl', ['-D', c.data, 'stop', '-m', 'immediate', '-w']).catch(() => {});
      if (process.env.BARNPLAN_TEST_KEEP === '1') console.error(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await asOwner('initdb', ['-D', primary.data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
    // loopback and the private socket only, replication included
    ownedFile(path.join(primary.data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n');
    ownedFile(
      path.join(primary.data, 'postgresql.conf'),
      `\n# barnplan failover test\nlisten_addresses = '127.0.0.1'\nport = ${primary.port}\nunix_socket_directories = '${dir}'\n` +
        "max_connections = 40\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nsynchronous_commit = on\n",
      true,
    );
    await asOwner('pg_ctl', ['-D', primary.data, '-l', primary.log, '-w', '-t', '60', 'start']);
    await asOwner('createdb', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-E', 'UTF8', '-T', 'template0', 'barnplan']);
    await asOwner('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standby.data, '-R', '-X', 'stream', '-c', 'fast']);
    // The standby's own settings: its port, and no synchronous standby of its own, for once promoted it has
    // none, and a primary that waits for one that does not exist answers no commit (docs/scaling.md).
    ownedFile(path.join(standby.data, 'postgresql.conf'), `\nport = ${standby.port}\nsynchronous_standby_names = ''\n`, true);
    await asOwner('pg_ctl', ['-D', standby.data, '-l', standby.log, '-w', '-t', '60', 'start']);
    // synchronous only now: before the standby streams, a commit would wait for it (createdb too)
    await psqlAt(urlOf(primary, 'postgres'), "ALTER SYSTEM SET synchronous_standby_names = '*'");
    await psqlAt(urlOf(primary, 'postgres'), 'SELECT pg_reload_conf()');
    const state = () => psqlAt(urlOf(primary, 'postgres'), 'SELECT sync_state FROM pg_stat_replication');
    const deadline = Date.now() + 30000;
    while ((await state()) !== 'sync') {
      if (Date.now() > deadline) throw new Error(`the standby is not synchronous: ${await state()}\n${clusters.logs()}`);
      await sleep(200);
    }
  } catch (e) {
    await clusters.stop();
    throw e;
  }
  return clusters;
}

async function psqlAt(url, sql) {
  const { stdout } = await promisify(execFile)('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]);
  return stdout.trim();
}

/** `barnplan demo` on the database (startServer makes no demo on a database it is given). */
async function demo(dbUrl) {
  const env = { ...process.env, BARNPLAN_DATABASE: dbUrl, BARNPLAN_FAST_HASH: process.env.BARNPLAN_FAST_HASH ?? '1' };
  await promisify(execFile)(barnplanBin(), ['demo', '--children', '5'], { env, timeout: 120000, maxBuffer: 16 * 1024 * 1024 });
}

/**
 * One client of the load until told to stop: a reader GETs the case page (cases.before until the kill, cases.after
 * from it on), a writer POSTs registrations. Each answer is kept: 200/201 served, 503 refused, else a failure.
 */
async function loadClient(c, write, phase, stop, cases) {
  const out = { served: { before: 0, after: 0 }, refused: { before: 0, after: 0 }, acked: [], refusedNames: [], failures: [] };
  while (!stop.now) {
    const after = phase.killed;
    const refusedSoFar = out.refused.after + out.refused.before + out.refusedNames.length;
    try {
      if (write) {
        const body = registrationJson({ child: { given_name: uniqueName('Failover') } });
        // openapi: false, since docs/openapi.yaml names no 503 (the storage error's JSON is checked here)
        const r = await c.postJson('/api/v1/cases', body, { timeoutMs: 20000, openapi: false });
        if (r.status === 201) out.acked.push({ id: r.json().id, name: body.child.given_name });
        else if (r.status === 503 && /^application\/json/.test(r.header('content-type')) && r.json().error === 'storage') out.refusedNames.push(body.child.given_name);
        else out.failures.push(`POST ${r.status} ${r.text.slice(0, 200)}`);
      } else {
        const r = await c.get(`/cases/${after ? cases.after : cases.before}`, { timeoutMs: 20000 });
        const when = after ? 'after' : 'before';
        if (r.status === 200) {
          assert.ok(r.text.includes(cases.names[when]), 'the case page'); // (not a login page, say)
          out.served[when]++;
        } else if (r.status === 503 && r.text.includes('Databasen svarar inte just nu') && !Object.values(cases.names).some((n) => r.text.includes(n)))
          out.refused[when]++; // a clean 503: the storage error's page, without the case's data
        else out.failures.push(`GET ${r.status} (${when} the kill) ${r.text.slice(0, 200)}`);
      }
    } catch (e) {
      out.failures.push(`${write ? 'POST' : 'GET'}: ${e.cause?.code || e.message}`);
    }
    if (out.refused.after + out.refused.before + out.refusedNames.length > refusedSoFar) await sleep(20); // no busy loop on 503s
  }
  return out;
}

test('issue 12 item 4: a synchronous standby promoted under load keeps every answered read and write; the servers reconnect', { timeout: 150000 }, async () => {
  const clusters = await startClusters();
  const { primary, standby } = clusters;
  const multiUrl = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/barnplan?target_session_attrs=read-write`;
  let srv = null;
  let smtp = null;
  try {
    await demo(multiUrl);
    smtp = await startSmtp();
    // the scheduler every second and the mailer: their connections go through the failover too
    srv = await startServer({ backend: 'postgres', dbUrl: multiUrl, workers: 2, env: { BARNPLAN_SMTP_URL: smtp.url, BARNPLAN_REMIND_EVERY: '1' } });
    const masterPid = srv.pid;
    const workersBefore = workersOf(masterPid);
    const processesBefore = childrenOf(masterPid).sort((x, y) => x - y);
    assert.equal(processesBefore.length, 4, 'two workers, the mailer and the scheduler');
    assert.equal(workersBefore.length, 2, 'two workers');
    const api = await apiLogin(srv.base, 'anna');
    const cases = { names: {} };
    for (const k of ['before', 'after']) {
      const body = registrationJson();
      const r = await api.postJson('/api/v1/cases', body);
      assert.equal(r.status, 201, r.text);
      cases[k] = r.json().id;
      cases.names[k] = body.child.given_name;
    }
    const reads = async (caseId) => Number(await dbQuery(srv, `SELECT COUNT(*) FROM audit WHERE case_id = ${caseId} AND action = 'read' AND object = 'case'`));
    const readsAtStart = await reads(cases.before);
    assert.equal(await reads(cases.after), 0);
    // the standby has what the primary committed: the synchronous commit is real
    assert.equal(await psqlAt(clusters.urlOf(standby), `SELECT COUNT(*) FROM cases WHERE id = ${cases.after}`), '1', 'the standby has the registration');

    // ---- the load: three readers of the case page, two writers of registrations ----
    const readers = await Promise.all([0, 1, 2].map(() => login(srv.base, 'anna')));
    const writers = await Promise.all([0, 1].map(() => apiLogin(srv.base, 'anna')));
    const stop = { now: false };
    const phase = { killed: false, promotedAt: null };
    const runs = [...readers.map((c) => loadClient(c, false, phase, stop, cases)), ...writers.map((c) => loadClient(c, true, phase, stop, cases))];
    await sleep(2000);

    // ---- the primary dies, the standby is promoted ----
    phase.killed = true; // from here on the readers read the other case: each page has its phase
    await asOwner('pg_ctl', ['-D', primary.data, 'stop', '-m', 'immediate', '-w']);
    await sleep(1500); // the gap: nothing answers read-write
    await asOwner('pg_ctl', ['-D', standby.data, 'promote', '-w', '-t', '60']);
    phase.promotedAt = Date.now();
    const deadline = Date.now() + RECOVERY_BOUND_MS;
    let recovered = null;
    while (Date.now() < deadline) {
      const r = await readers[0].get(`/cases/${cases.after}`, { timeoutMs: 20000 }).catch((e) => ({ status: e.cause?.code || e.message }));
      if (r.status === 200) {
        recovered = Date.now() - phase.promotedAt;
        break;
      }
      await sleep(200);
    }
    await sleep(2000); // the load goes on against the new primary
    stop.now = true;
    const results = await Promise.all(runs);
    const sum = (f) => results.reduce((n, r) => n + f(r), 0);
    const figures = {
      servedBefore: sum((r) => r.served.before),
      refusedBefore: sum((r) => r.refused.before),
      servedAfter: sum((r) => r.served.after),
      refusedAfter: sum((r) => r.refused.after),
      acked: sum((r) => r.acked.length),
      refusedWrites: sum((r) => r.refusedNames.length),
      recoveredMs: recovered,
    };
    console.log(`failover figures: ${JSON.stringify(figures)}`);
    assert.ok(recovered !== null, `Barnplan serves again within ${RECOVERY_BOUND_MS} ms of the promotion, without a restart\n${srv.log().slice(-4000)}\n${clusters.logs()}`);
    assert.deepEqual(results.flatMap((r) => r.failures), [], 'every request is answered: 200/201, or 503 while no primary answers');
    assert.equal(srv.pid, masterPid, 'the same server');
    assert.deepEqual(workersOf(masterPid), workersBefore, 'the same workers: none died, none was replaced');
    assert.deepEqual(childrenOf(masterPid).sort((x, y) => x - y), processesBefore, 'the same mailer and scheduler');
    assert.ok(figures.servedBefore > 5, 'pages were shown before the kill');
    assert.ok(figures.servedAfter > 0, 'pages were shown after the promotion');
    assert.ok(figures.acked > 0, 'registrations were made');

    // ---- on the new primary (the old one is dead: the multi-host URL can only mean the standby) ----
    assert.equal(await psqlAt(clusters.urlOf(standby), 'SELECT pg_is_in_recovery()'), 'f', 'the standby is the primary now');
    // each page shown has its read entry: at least one per 200; at most one per request sent (a 503 whose
    // entry was committed on both machines while the answer was lost is over-recording, never a loss)
    const readsBefore = (await reads(cases.before)) - readsAtStart;
    assert.ok(readsBefore >= figures.servedBefore, `every page shown before the kill is on record on the new primary: ${readsBefore} of ${figures.servedBefore}`);
    assert.ok(readsBefore <= figures.servedBefore + figures.refusedBefore, `no read entry without a request: ${readsBefore}`);
    const readsAfter = await reads(cases.after);
    const servedAfterAll = figures.servedAfter + 1; // the probe's
    assert.ok(readsAfter >= servedAfterAll, `every page shown after the failover is on record: ${readsAfter} of ${servedAfterAll}`);

    // every registration answered 201 is there, whole; none is half-written
    const acked = results.flatMap((r) => r.acked);
    const rows = await dbQuery(srv, "SELECT c.id, ch.given_name FROM cases c JOIN children ch ON ch.id = c.child_id WHERE ch.given_name LIKE 'Failover%'");
    const inDb = new Map(rows.trim().split('\n').filter(Boolean).map((l) => l.split('|')).map(([id, n]) => [Number(id), n]));
    assert.deepEqual(acked.filter((w) => inDb.get(w.id) !== w.name), [], 'every acknowledged registration is on the new primary');
    const orphans = await dbQuery(
      srv,
      "SELECT ch.id FROM children ch WHERE ch.given_name LIKE 'Failover%' AND (NOT EXISTS (SELECT 1 FROM cases c WHERE c.child_id = ch.id) " +
        'OR (SELECT COUNT(*) FROM guardians g WHERE g.child_id = ch.id) <> 2 ' +
        "OR NOT EXISTS (SELECT 1 FROM cases c JOIN audit au ON au.case_id = c.id AND au.action = 'create' AND au.object = 'case' WHERE c.child_id = ch.id))",
    );
    assert.equal(orphans.trim(), '', 'no registration half-written');
    // a 503 whose COMMIT reached the standby before the primary died: kept, though the answer was lost
    const names = new Set(inDb.values());
    console.log(`refused registrations that are on record all the same: ${results.flatMap((r) => r.refusedNames).filter((n) => names.has(n)).length}`);

    // ---- both workers reconnected: each one's reads after the failover are in a chain it began there ----
    const writersAfter = async () =>
      new Set(
        (await dbQuery(srv, `SELECT DISTINCT ch.writer FROM audit a JOIN audit_chains ch ON ch.id = a.chain_id WHERE a.case_id = ${cases.after} AND a.action = 'read'`))
          .trim().split('\n').filter(Boolean).map((w) => Number(/ pid (\d+)$/.exec(w)?.[1])),
      );
    for (let i = 0; i < 20 && (await writersAfter()).size < workersBefore.length; i++) {
      // more connections at once, so that the kernel hands some to each worker
      const rs = await Promise.all(readers.concat(readers).map((c) => c.get(`/cases/${cases.after}`)));
      for (const r of rs) assert.equal(r.status, 200, 'after the failover every read is served');
    }
    assert.deepEqual([...(await writersAfter())].sort((x, y) => x - y), workersBefore, 'both workers write their reads to the new primary');

    // ---- the scheduler and the mailer reconnected: reminders due now are decided, their messages sent ----
    const due = [];
    for (let i = 0; i < 3; i++) {
      const r = await api.postJson('/api/v1/cases', registrationJson({ initiative: { noticed_on: addDays(today(), -19) } }));
      assert.equal(r.status, 201, r.text);
      due.push(r.json().id);
    }
    const reminded = async () => Number(await dbQuery(srv, `SELECT COUNT(DISTINCT case_id) FROM reminders WHERE case_id IN (${due.join(',')})`));
    const unsent = async () => Number(await dbQuery(srv, `SELECT COUNT(*) FROM outbox WHERE case_id IN (${due.join(',')}) AND status <> 'sent'`));
    const jobsDeadline = Date.now() + 30000;
    while (((await reminded()) < due.length || (await unsent()) > 0) && Date.now() < jobsDeadline) await sleep(250);
    assert.equal(await reminded(), due.length, 'the scheduler decides reminders on the new primary');
    assert.equal(await unsent(), 0, 'the mailer sends on the new primary');
    assert.ok(smtp.messages.some((m) => due.some((id) => m.raw.includes(`/cases/${id}`))), 'the messages reached the mail server');

    // ---- the hash chains hold on the new primary ----
    const report = await auditVerify(srv);
    assert.match(report, /; intact \(0 problems\)/, report);
    assertCleanLog(srv.log());
    assert.doesNotMatch(srv.log(), /ended \(status/, 'no process of the server ended');
  } finally {
    const r = srv ? await srv.stop() : null;
    await clusters.stop();
    if (smtp) await smtp.close();
    if (r) assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null }, `barnplan serve stops gracefully\n${srv.log().slice(-4000)}`);
  }
});
