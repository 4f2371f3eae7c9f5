// audit.test.mjs: the audit trail cannot be bent (issue 11 item 3). After a real workload (the demo, logins,
// case pages and the API through two workers, the command line) `barnplan audit verify` passes; then the trail
// is tampered with behind the triggers' back (SQLite: the append-only triggers dropped; PostgreSQL:
// ALTER TABLE audit DISABLE TRIGGER ALL as the test cluster's superuser) and verify finds each change, each
// removal (in the middle and at the end) and each insertion, naming chain and seq, exit 1; each tampering
// is undone before the next, and the restored trail passes again. Then the alerts: one user reading more
// children in an hour than audit_alert_children_per_hour, and reading outside their organisations' cases,
// is told to the administrators once each. Runs on the backend in BARNPLAN_TEST_DB.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFile } from 'node:child_process';
import { startServer, barnplanBin, dbQuery, dbWrite, listCases } from '../lib/server.mjs';

let srv;

/** Runs `barnplan ARGS` on the server's database; { code, out }. */
function cli(args, more = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BARNPLAN_')) env[k] = v;
  env.BARNPLAN_DATABASE = srv.dbUrl;
  env.BARNPLAN_LOCALEDIR = process.env.BARNPLAN_LOCALEDIR || '';
  env.BARNPLAN_FAST_HASH = '1';
  Object.assign(env, more);
  const r = spawnSync(barnplanBin(), args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, out: r.stdout + r.stderr };
}

const verify = () => cli(['audit', 'verify']);
const one = async (sql) => (await dbQuery(srv, sql)).trim();

/** The trail's triggers off (tampering as someone with the database's files or its superuser would). */
async function triggersOff() {
  if (srv.backend === 'postgres') await dbWrite(srv, 'ALTER TABLE audit DISABLE TRIGGER ALL');
  else await dbWrite(srv, 'DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
}
async function triggersOn() {
  if (srv.backend === 'postgres') await dbWrite(srv, 'ALTER TABLE audit ENABLE TRIGGER ALL');
  else
    await dbWrite(
      srv,
      "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;" +
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;",
    );
}

describe(`audit trail: hash chain and verify (${process.env.BARNPLAN_TEST_DB || 'sqlite'})`, () => {
  let chain, head; // the longest chain, an HTTP worker's

  before(async () => {
    srv = await startServer({ children: 10, workers: 2 });
    // a real workload: pages and the API as several people, through both workers
    for (const user of ['anna', 'admin', 'anna']) {
      const c = await srv.login(user);
      const cases = await listCases(await srv.apiLogin(user)).catch(() => []);
      for (const k of (cases.items || cases).slice(0, 4)) await c.get(`/cases/${k.id}`);
      await c.get('/cases');
      await c.get('/cases/999999'); // a refusal is on the trail too
    }
    assert.equal(cli(['audit', '--limit', '5']).code, 0);
    // the server stays up (stopping it drops a PostgreSQL test database) but idle: nothing more is written
    [chain, head] = (
      await one('SELECT id, head_seq FROM audit_chains ORDER BY head_seq DESC, id LIMIT 1')
    ).split('|').map(Number);
  });

  after(async () => srv && srv.stop());

  test('issue 11 item 3: an untouched trail after a real workload is intact (exit 0)', async () => {
    const r = verify();
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /; intact \(0 problems\)/);
    assert.ok(head >= 6, `the longest chain has ${head} entries`);
    assert.ok(Number(await one('SELECT COUNT(*) FROM audit_chains')) >= 3, 'workers and commands write chains of their own');
    assert.equal(await one('SELECT COUNT(*) FROM audit WHERE chain_id IS NULL'), '0');
    // each chain's head row is its last entry
    assert.equal(
      await one('SELECT COUNT(*) FROM audit_chains c WHERE c.head_hash <> (SELECT hash FROM audit a WHERE a.chain_id = c.id AND a.seq = c.head_seq)'),
      '0',
    );
  });

  test('issue 11 item 3: verify while the workers write finds nothing wrong (entries past a head read earlier)', async () => {
    const c = await srv.login('anna');
    const cases = await listCases(await srv.apiLogin('anna'));
    let busy = true;
    const load = (async () => {
      let n = 0;
      while (busy || n < 20) {
        for (const k of cases.slice(0, 3)) await c.get(`/cases/${k.id}`);
        n++;
      }
      return n;
    })();
    const runs = [];
    for (let i = 0; i < 3; i++)
      runs.push(
        await new Promise((resolve) => {
          const env = { ...process.env, BARNPLAN_DATABASE: srv.dbUrl, BARNPLAN_FAST_HASH: '1' };
          execFile(barnplanBin(), ['audit', 'verify'], { env }, (err, stdout, stderr) =>
            resolve({ code: err ? err.code : 0, out: stdout + stderr }),
          );
        }),
      );
    busy = false;
    assert.ok((await load) >= 20);
    for (const r of runs) assert.equal(r.code, 0, r.out);
    [chain, head] = (await one('SELECT id, head_seq FROM audit_chains ORDER BY head_seq DESC, id LIMIT 1')).split('|').map(Number);
  });

  test('issue 11 item 3: the triggers refuse changes, and verify finds every tampering behind them', async () => {
    await assert.rejects(dbWrite(srv, `UPDATE audit SET detail = 'x' WHERE chain_id = ${chain} AND seq = 1`));
    await assert.rejects(dbWrite(srv, `DELETE FROM audit_chains WHERE id = ${chain}`));
    await assert.rejects(dbWrite(srv, `UPDATE audit_chains SET head_seq = 1 WHERE id = ${chain}`));
    await triggersOff();
    const mid = Math.floor(head / 2);
    await dbWrite(srv, 'CREATE TABLE saved AS SELECT * FROM audit WHERE 1 = 0');
    const save = (seq) => dbWrite(srv, `DELETE FROM saved; INSERT INTO saved SELECT * FROM audit WHERE chain_id = ${chain} AND seq = ${seq}`);
    const restore = (seq) => dbWrite(srv, `DELETE FROM audit WHERE chain_id = ${chain} AND seq = ${seq}; INSERT INTO audit SELECT * FROM saved`);
    const expectFound = (pattern, what) => {
      const r = verify();
      if (process.env.AUDIT_DEBUG) console.error(what, r.out);
      assert.equal(r.code, 1, `${what}: verify should fail\n${r.out}`);
      assert.match(r.out, pattern, `${what}\n${r.out}`);
      assert.match(r.out, /NOT intact/);
    };
    const expectIntact = (what) => {
      const r = verify();
      assert.equal(r.code, 0, `${what}: restored, verify should pass\n${r.out}`);
    };

    // a changed entry: its detail, then its time, then who
    await save(mid);
    const changes = ["detail = 'nothing to see'", 'at = at - 3600', 'user_id = COALESCE(user_id, 0) + 1000',
      "action = action || 'x'", 'org_id = COALESCE(org_id, 0) + 1', "address = address || 'x'"];
    for (const change of changes) {
      await dbWrite(srv, `UPDATE audit SET ${change} WHERE chain_id = ${chain} AND seq = ${mid}`);
      expectFound(new RegExp(`chain ${chain} seq ${mid}: changed`), `changed (${change})`);
      await restore(mid);
      expectIntact(`changed (${change})`);
    }
    // an entry whose own hash was recomputed to fit still breaks the next entry's link
    await dbWrite(srv, `UPDATE audit SET hash = (SELECT hash FROM audit WHERE chain_id = ${chain} AND seq = 1) WHERE chain_id = ${chain} AND seq = ${mid}`);
    expectFound(new RegExp(`chain ${chain} seq ${mid}: changed`), 'hash replaced');
    await restore(mid);

    // a removed entry in the middle
    await dbWrite(srv, `DELETE FROM audit WHERE chain_id = ${chain} AND seq = ${mid}`);
    expectFound(new RegExp(`chain ${chain} seq ${mid}: removed`), 'removed in the middle');
    await restore(mid);
    expectIntact('removed in the middle');

    // the last entry removed: the chain's head row still counts it
    await save(head);
    await dbWrite(srv, `DELETE FROM audit WHERE chain_id = ${chain} AND seq = ${head}`);
    expectFound(new RegExp(`chain ${chain} seq ${head}: removed: the chain's head`), 'removed at the end');
    await restore(head);
    expectIntact('removed at the end');

    // an entry inserted after the head, with a made-up hash
    await dbWrite(
      srv,
      `INSERT INTO audit (at, user_id, action, object, channel, address, detail, chain_id, seq, prev_hash, hash)
       SELECT at + 1, user_id, 'read', 'case', 'web', address, detail, chain_id, seq + 1, hash, hash FROM audit
       WHERE chain_id = ${chain} AND seq = ${head}`,
    );
    expectFound(new RegExp(`chain ${chain} seq ${head + 1}: inserted`), 'inserted after the head');
    await dbWrite(srv, `DELETE FROM audit WHERE chain_id = ${chain} AND seq = ${head + 1}`);
    expectIntact('inserted after the head');

    // an entry inserted without a chain, as if written before it began
    await dbWrite(srv, "INSERT INTO audit (at, action, object, channel) VALUES (1000, 'read', 'case', 'web')");
    expectFound(/before the chain: inserted/, 'inserted before the chain');
    await dbWrite(srv, 'DELETE FROM audit WHERE chain_id IS NULL');
    expectIntact('inserted before the chain');

    // an entry naming a chain that does not exist
    await dbWrite(
      srv,
      `INSERT INTO audit (at, action, object, channel, chain_id, seq, prev_hash, hash) VALUES (1000, 'read', 'case', 'web', 999999, 1, '', '')`,
    );
    expectFound(/chain 999999 seq 1: inserted: its chain does not exist/, 'inserted into no chain');
    await dbWrite(srv, 'DELETE FROM audit WHERE chain_id = 999999');

    await dbWrite(srv, 'DROP TABLE saved');
    await triggersOn();
    expectIntact('everything restored');
    await assert.rejects(dbWrite(srv, `DELETE FROM audit WHERE chain_id = ${chain} AND seq = 1`));
  });

  test('issue 11 item 3: verify is itself audited, in a chain of its own', async () => {
    const before = Number(await one("SELECT COUNT(*) FROM audit WHERE object = 'audit' AND detail = 'verify'"));
    assert.equal(verify().code, 0);
    assert.equal(Number(await one("SELECT COUNT(*) FROM audit WHERE object = 'audit' AND detail = 'verify'")), before + 1);
    assert.match(await one("SELECT writer FROM audit_chains ORDER BY id DESC LIMIT 1"), /^cli pid \d+$/);
  });
});

describe(`audit trail: alerts to the administrators (${process.env.BARNPLAN_TEST_DB || 'sqlite'})`, () => {
  const limit = { BARNPLAN_AUDIT_ALERT_CHILDREN_PER_HOUR: '3' };
  let anna, annaId, foreign;

  before(async () => {
    srv = await startServer({ children: 40, workers: 1, env: limit });
    annaId = Number(await one("SELECT id FROM users WHERE username = 'anna'"));
    foreign = Number(
      await one(`SELECT MIN(id) FROM cases WHERE id NOT IN (SELECT co.case_id FROM case_orgs co
                 JOIN memberships m ON m.org_id = co.org_id WHERE m.user_id = ${annaId})`),
    );
    anna = await srv.login('anna');
  });

  after(async () => srv && srv.stop());

  test('issue 11 item 3: within the limit and inside her organisations, nothing is alerted', async () => {
    const cases = await listCases(await srv.apiLogin('anna'));
    const list = cases.items || cases;
    assert.ok(list.length >= 5, `anna sees ${list.length} cases`);
    for (const k of list.slice(0, 3)) assert.equal((await anna.get(`/cases/${k.id}`)).status, 200);
    const r = cli(['remind'], limit);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^0 audit alerts decided$/m);
  });

  test('issue 11 item 3: more children in an hour than the setting, and a case outside, alert once each', async () => {
    const cases = await listCases(await srv.apiLogin('anna'));
    const list = cases.items || cases;
    const children = new Set();
    for (const k of list.slice(0, 5)) {
      assert.equal((await anna.get(`/cases/${k.id}`)).status, 200);
      children.add(k.child_id ?? k.id);
    }
    assert.ok(foreign > 0, 'a case none of anna\'s organisations takes part in');
    assert.equal((await anna.get(`/cases/${foreign}`)).status, 404); // refused: looks missing, and is on record
    let r = cli(['remind'], limit);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^2 audit alerts decided$/m);
    r = cli(['remind'], limit); // decided once
    assert.match(r.out, /^0 audit alerts decided$/m);
    assert.equal(
      await one(`SELECT kind FROM audit_alerts WHERE user_id = ${annaId} ORDER BY kind`),
      'children\noutside',
    );
    assert.equal(await one('SELECT COUNT(*) FROM audit_alerts'), '2');
    // the administrators are told: a notification each, and an e-mail with no child's data
    const admins = Number(await one('SELECT COUNT(*) FROM users WHERE is_admin = 1 AND disabled = 0'));
    assert.ok(admins >= 1);
    assert.equal(
      await one("SELECT COUNT(*) FROM notifications WHERE kind IN ('audit_alert_children', 'audit_alert_outside')"),
      String(2 * admins),
    );
    const mails = await dbQuery(srv, "SELECT subject || ' ' || body FROM outbox WHERE kind LIKE 'audit_alert_%'");
    assert.ok(mails.includes('/admin/audit?user=anna'), mails);
    const names = (await dbQuery(srv, "SELECT given_name || ' ' || family_name FROM children UNION ALL SELECT id_number FROM children"))
      .split('\n')
      .filter((s) => s.length > 4);
    assert.ok(names.length >= 12);
    for (const n of names) assert.ok(!mails.includes(n), `the alert e-mail names a child: ${n}`);
    // the decision is on the trail, by the scheduler's channel
    assert.equal(await one("SELECT COUNT(*) FROM audit WHERE object = 'audit_alert' AND channel = 'job'"), '2');
    // the administrator sees it among the notifications, linked to the audit log
    const admin = await srv.login('admin');
    const page = (await admin.get('/notifications')).text;
    assert.match(page, /Larm: en användare läste många barn på en timme/);
    assert.match(page, /Larm: en användare läste utanför sina verksamheter/);
    assert.match(page, /href="\/admin\/audit"/);
    assert.equal(verify().code, 0);
  });

  test('issue 11 item 3: barnplan --help documents the setting', async () => {
    const r = spawnSync(barnplanBin(), ['--help'], { encoding: 'utf8' });
    assert.match(r.stdout + r.stderr, /audit_alert_children_per_hour/);
  });
});
