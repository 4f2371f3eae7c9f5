// multi.test.mjs: issue 12 item 4, several servers on one PostgreSQL (docs/scaling.md). nginx (round robin, its
// default retry rule: a request is passed to the next server only when the first failed before answering, and a
// POST only when it was not sent yet) in front of two `barnplan serve` on one database, each with its mailer and
// its scheduler running. Then:
//   - a session made through nginx is good on both servers; a form's CSRF token from one is taken by the other
//   - a consent scan uploaded through one is downloaded from the other; each read is on the audit trail once
//   - reminders due while both schedulers run are decided once, and the SMTP server gets each outbox message
//     once while both mailers deliver (a slow mail server, so that both are busy at the same time)
//   - a mailer killed mid-send (the mail server has the message, the mailer never hears so): the message is
//     released with the mailer's connection and sent again at once, once
//   - kill -9 of one server (master, workers, mailer, scheduler) under GETs and POSTs: no GET fails (nginx
//     retries it), a POST fails only with nginx's 502, every acknowledged write is there and nothing is
//     half-written
//   node --test trust/multi.test.mjs        (from tests/; needs BARNPLAN_TEST_PG_URL, nginx)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer,
  freePort,
  login,
  apiLogin,
  registrationForm,
  registrationJson,
  dbQuery,
  uniqueName,
  auditForCase,
  addDays,
  today,
  assertCleanLog,
  Client,
} from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { minimalPdf, uploadScan } from '../lib/scan.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';
import { backendOrSkip, sleep } from './lib.mjs';

backendOrSkip();
if (spawnSync('nginx', ['-v']).error) {
  const ci = !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';
  console.error('nginx not found (scripts/install-deps.sh installs nginx-light)' + (ci ? '; CI is set: failure' : '; skipping'));
  process.exit(ci ? 1 : 77);
}
const CASES_WITH_REMINDERS = 12;

/** nginx as the current user with a prefix of its own, round robin over `ports`; resolves { base, stop, log }. */
async function startNginx(ports) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnplan-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, 'tmp', d), { recursive: true });
  const port = await freePort();
  const conf = `
user ${os.userInfo().username};
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
    log_format up '$request_method $uri $status upstream=$upstream_addr $upstream_status';
    access_log ${dir}/access.log up;
    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    client_max_body_size 11m;
    upstream barnplan {
        server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=30s;
    }
    server {
        listen 127.0.0.1:${port};
        location / {
            proxy_pass http://barnplan;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            # nginx's default, said out loud: the next server after an error or a timeout, never after a
            # non-idempotent request (POST) was sent (docs/scaling.md)
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 2;
            add_header X-Upstream $upstream_addr always;
        }
    }
}
`;
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const args = ['-c', path.join(dir, 'nginx.conf'), '-p', dir + '/', '-e', path.join(dir, 'error.log')];
  const child = spawn('nginx', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = null;
  const exit = new Promise((r) => child.on('exit', (code, signal) => r((exited = { code, signal }))));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`nginx exited ${JSON.stringify(exited)}: ${out}`);
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).status === 200) break;
    } catch {
      /* not up yet */
    }
    if (i > 100) throw new Error(`nginx did not answer: ${out}`);
    await sleep(100);
  }
  const file = (f) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : '');
  return {
    base,
    log: () => file('access.log'),
    errors: () => file('error.log'),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A client with the same cookies (and CSRF tokens) as c, talking to base. */
function sameSession(c, base) {
  const d = new Client(base);
  d.jar = new Map(c.jar);
  d.csrf = c.csrf;
  d.apiCsrf = c.apiCsrf;
  return d;
}

/** One client of the load: GETs or POSTs until told to stop; each outcome is kept, with the time after the kill or not. */
async function loadClient(c, write, stop, killed) {
  const out = { gets: 0, failures: [], acked: [], refused: [] };
  while (!stop.now) {
    const afterKill = killed.at !== null;
    try {
      if (write) {
        const body = registrationJson({ child: { given_name: uniqueName('Flerserver') } });
        // openapi: false, since nginx's 502 is no answer of Barnplan's API (the 201s are checked below)
        const r = await c.postJson('/api/v1/cases', body, { timeoutMs: 20000, openapi: false });
        if (r.status === 201) out.acked.push({ id: r.json().id, name: body.child.given_name });
        else if (r.status === 502) out.refused.push(body.child.given_name); // in flight on the dying server
        else out.failures.push(`POST ${r.status} ${r.text.slice(0, 200)}`);
      } else {
        const r = await c.getJson('/api/v1/cases?limit=5', { timeoutMs: 20000 });
        if (r.status !== 200) out.failures.push(`GET ${r.status}${afterKill ? ' (after the kill)' : ''}`);
        else if (afterKill) out.gets++;
      }
    } catch (e) {
      out.failures.push(`${write ? 'POST' : 'GET'}: ${e.cause?.code || e.message}`);
    }
  }
  return out;
}

test('issue 12 item 4: two servers on one PostgreSQL behind nginx; one killed under load', { timeout: 240000 }, async () => {
  const smtp = await startSmtp({ greetingDelayMs: 150 }); // slow: both mailers are at work at once
  const env = { BARNPLAN_SMTP_URL: smtp.url, BARNPLAN_REMIND_EVERY: '1', BARNPLAN_TRUSTED_PROXY: '127.0.0.1' };
  const a = await startServer({ backend: 'postgres', children: 5, workers: 2, processGroup: true, env });
  let b = null;
  let nginx = null;
  try {
    b = await startServer({ backend: 'postgres', dbUrl: a.dbUrl, workers: 2, processGroup: true, env });
    nginx = await startNginx([a.port, b.port]);
    const upstreams = new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]);

    // ---- the session: made through nginx, good on both servers ----
    const web = await login(nginx.base, 'anna');
    const seen = new Set();
    for (let i = 0; i < 6; i++) {
      const r = await web.get('/cases');
      assert.equal(r.status, 200, 'the session is good whichever server answers');
      seen.add(r.header('x-upstream'));
    }
    assert.deepEqual([...seen].sort(), [...upstreams].sort(), 'nginx sent the requests to both servers');
    for (const base of [a.base, b.base]) assert.equal((await sameSession(web, base).get('/cases')).status, 200, `the session on ${base}`);

    // ---- CSRF: the form's token from server A, the POST to server B ----
    const onA = sameSession(web, a.base);
    assert.equal((await onA.get('/cases/new')).status, 200);
    const onB = sameSession(onA, b.base);
    const form = registrationForm({ 'child.given_name': uniqueName('Formular') });
    const bad = await onB.post('/cases', form, { csrf: false });
    assert.equal(bad.status, 403, 'no token: refused (the check is real)');
    const created = await onB.post('/cases', form);
    assert.equal(created.status, 303, `the token of server A is good on server B: ${created.text.slice(0, 500)}`);

    // ---- an upload through A, downloaded through B; each read audited once ----
    const api = await apiLogin(nginx.base, 'anna');
    const admin = await apiLogin(nginx.base, 'admin');
    const school = (await orgIds(api))['Ålidhemsskolan'];
    const kase = await makeCase(api, { orgs: [school] });
    const consentId = kase.consents[school];
    const pageA = sameSession(web, a.base);
    assert.equal((await pageA.get(`/cases/${kase.id}`)).status, 200);
    const pdf = minimalPdf('Samtycke, flera servrar');
    const up = await uploadScan(pageA, `/cases/${kase.id}/consents/${consentId}/scan`, pdf);
    assert.equal(up.status, 303, up.text.slice(0, 500));
    const down = await fetch(`${b.base}/cases/${kase.id}/consents/${consentId}/scan`, { headers: { cookie: web.cookieHeader() } });
    assert.equal(down.status, 200);
    assert.ok(Buffer.from(await down.arrayBuffer()).equals(pdf), 'server B gives the bytes server A took, byte for byte');
    const caseReads = async () => (await auditForCase(admin, kase.id)).filter((e) => e.username === 'anna' && e.action === 'read' && e.object === 'case').length;
    const readsBefore = await caseReads();
    const served = [];
    for (let i = 0; i < 4; i++) {
      const r = await web.get(`/cases/${kase.id}`);
      assert.equal(r.status, 200);
      served.push(r.header('x-upstream'));
    }
    assert.equal(new Set(served).size, 2, 'the four reads went to both servers');
    assert.equal((await caseReads()) - readsBefore, 4, 'each read of the case page is on the audit trail once');
    const scanEntries = (await auditForCase(admin, kase.id)).filter((e) => e.object === 'consent_scan');
    assert.equal(scanEntries.filter((e) => e.action === 'create').length, 1, 'the upload audited once');
    assert.equal(scanEntries.filter((e) => e.action === 'read').length, 1, 'the download audited once');

    // ---- both schedulers and both mailers at work: each reminder decided once, each message sent once ----
    const remindIds = [];
    for (let i = 0; i < CASES_WITH_REMINDERS; i++) {
      const r = await api.postJson('/api/v1/cases', registrationJson({ initiative: { noticed_on: addDays(today(), -19) } }));
      assert.equal(r.status, 201, r.text);
      remindIds.push(r.json().id);
    }
    const idList = remindIds.join(',');
    const unsent = async () => Number((await dbQuery(a, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")).trim());
    const remindersOf = async () => Number((await dbQuery(a, `SELECT COUNT(DISTINCT case_id) FROM reminders WHERE case_id IN (${idList})`)).trim());
    const deadline = Date.now() + 30000;
    while (((await remindersOf()) < CASES_WITH_REMINDERS || (await unsent()) > 0) && Date.now() < deadline) await sleep(250);
    await sleep(2500); // both schedulers run again (every second), both mailers poll again
    assert.equal(await remindersOf(), CASES_WITH_REMINDERS, 'every case got its reminder');
    assert.equal(await unsent(), 0, 'every message went out');
    const twice = await dbQuery(a, `SELECT case_id, kind, COUNT(*) FROM reminders WHERE case_id IN (${idList}) GROUP BY case_id, kind HAVING COUNT(*) > 1`);
    assert.equal(twice.trim(), '', 'no reminder decided twice');
    const audited = await dbQuery(a, `SELECT case_id, detail, COUNT(*) FROM audit WHERE object = 'reminder' AND case_id IN (${idList}) GROUP BY case_id, detail HAVING COUNT(*) > 1`);
    assert.equal(audited.trim(), '', 'each reminder has one entry on the audit trail');
    const sentIds = (await dbQuery(a, "SELECT id FROM outbox WHERE status = 'sent' ORDER BY id")).trim().split('\n').filter(Boolean).map(Number);
    const received = smtp.messages.map((m) => Number(/<outbox-(\d+)\./.exec(m.mail.messageId || '')?.[1]));
    const counts = new Map();
    for (const id of received) counts.set(id, (counts.get(id) || 0) + 1);
    assert.deepEqual([...counts].filter(([, n]) => n > 1), [], 'no message arrived twice');
    assert.deepEqual([...counts.keys()].sort((x, y) => x - y), sentIds, 'every message marked sent arrived, and only those');
    assert.ok(sentIds.length >= CASES_WITH_REMINDERS, `the reminders' messages are among them (${sentIds.length})`);

    // ---- a mailer killed mid-send: its message is released with its connection and sent again at once ----
    const crashReg = await api.postJson('/api/v1/cases', registrationJson({ initiative: { noticed_on: addDays(today(), -19) } }));
    assert.equal(crashReg.status, 201, crashReg.text);
    const crashCase = crashReg.json().id;
    const forCrashCase = (m) => m.raw.includes(`/cases/${crashCase}`);
    let mailerKilled = null;
    smtp.crashBeforeAnswer(forCrashCase, async (m) => {
      // the process at the other end of this SMTP connection: one server's mailer
      const ss = spawnSync('ss', ['-tnpH', `sport = :${m.remotePort}`]).stdout.toString();
      const pid = Number(/pid=(\d+)/.exec(ss)?.[1]);
      const owner = [a, b].find((s) => spawnSync('pgrep', ['-P', String(s.pid)]).stdout.toString().split(/\s+/).includes(String(pid)));
      mailerKilled = { pid, server: owner === a ? 'A' : owner === b ? 'B' : `unknown (${ss})` };
      process.kill(pid, 'SIGKILL');
    });
    const crashDeadline = Date.now() + 20000;
    while (smtp.messages.filter(forCrashCase).length < 2 && Date.now() < crashDeadline) await sleep(200);
    await sleep(2500); // both mailers poll again: no third copy
    const copies = smtp.messages.filter(forCrashCase);
    assert.ok(mailerKilled && /^[AB]$/.test(mailerKilled.server), `a mailer was killed mid-send: ${JSON.stringify(mailerKilled)}`);
    // one message (anna's reminder): accepted once before the kill, once after it
    assert.equal(copies.length, 2, 'the message the dead mailer held went out again, once (at least once, never lost)');
    assert.equal(copies[0].mail.messageId, copies[1].mail.messageId, 'with the same Message-ID');
    mailerKilled.resentAfterMs = copies[1].at - copies[0].at;
    assert.equal((await dbQuery(a, `SELECT status FROM outbox WHERE case_id = ${crashCase} AND kind = 'invitation_soon'`)).trim(), 'sent');

    // ---- kill -9 of server B under load ----
    const stop = { now: false };
    const killed = { at: null };
    const clients = await Promise.all([0, 1, 2, 3, 4].map(() => apiLogin(nginx.base, 'anna')));
    const runs = clients.map((c, i) => loadClient(c, i >= 3, stop, killed));
    await sleep(1500);
    killed.at = Date.now();
    await b.kill9();
    await sleep(2500);
    stop.now = true;
    const results = await Promise.all(runs);
    const failures = results.flatMap((r) => r.failures);
    assert.deepEqual(failures, [], 'no GET fails, and a POST fails only with the 502 of a request in flight on the dying server');
    assert.ok(results.reduce((n, r) => n + r.gets, 0) > 10, 'server A kept serving after the kill');
    const acked = results.flatMap((r) => r.acked);
    const refused = results.flatMap((r) => r.refused);
    assert.ok(acked.length > 0, 'writes were made');
    const rows = await dbQuery(a, "SELECT c.id, ch.given_name FROM cases c JOIN children ch ON ch.id = c.child_id WHERE ch.given_name LIKE 'Flerserver%'");
    const inDb = new Map(rows.trim().split('\n').filter(Boolean).map((l) => l.split('|')).map(([id, n]) => [Number(id), n]));
    assert.deepEqual(acked.filter((w) => inDb.get(w.id) !== w.name), [], 'every acknowledged write is there');
    // nothing half-written: a registration is its child, its case, its two guardians and its audit entry, or nothing
    const orphans = await dbQuery(
      a,
      "SELECT ch.id FROM children ch WHERE ch.given_name LIKE 'Flerserver%' AND (NOT EXISTS (SELECT 1 FROM cases c WHERE c.child_id = ch.id) " +
        'OR (SELECT COUNT(*) FROM guardians g WHERE g.child_id = ch.id) <> 2 ' +
        "OR NOT EXISTS (SELECT 1 FROM cases c JOIN audit au ON au.case_id = c.id AND au.action = 'create' AND au.object = 'case' WHERE c.child_id = ch.id))",
    );
    assert.equal(orphans.trim(), '', 'no registration half-written');
    const refusedInDb = refused.filter((n) => [...inDb.values()].includes(n)).length; // committed, answer lost
    const retried = nginx.log().split('\n').filter((l) => /^GET .* upstream=\S+, /.test(l)).length;
    console.log(`multi-server figures: ${JSON.stringify({ messages: sentIds.length, acked: acked.length, refused: refused.length, refusedInDb, getsAfterKill: results.reduce((n, r) => n + r.gets, 0), getsRetriedByNginx: retried, mailerKilled })}`);
    assertCleanLog(a.log(), { workerDeathsExpected: mailerKilled.server === 'A' }); // a mailer it restarted
  } finally {
    if (nginx) await nginx.stop();
    if (b) await b.stop();
    const r = await a.stop();
    await smtp.close();
    assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null }, 'server A stops gracefully');
  }
});
