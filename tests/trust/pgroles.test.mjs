// pgroles.test.mjs: the PostgreSQL roles of docs/scaling.md "PostgreSQL in production" (issue 12 item 3).
// The SQL is read from the page itself (its two ```sql blocks), so that page and test cannot drift; the role
// and database names are made unique for this run (roles are the cluster's, shared by every test). As the
// test cluster's superuser: step 1 (the roles, the database owned by the owner); as the owner: `barnplan
// migrate`, `barnplan demo` and step 2 (the grants); then `barnplan serve` as the serving role: a login, a
// case page and its audit entries work, and the serving role can neither disable nor drop the audit trail's
// append-only trigger, nor update, delete or truncate the trail; a table a later migration adds is usable
// through the default privileges. Issue 12: as the serving role `barnplan migrate` on a current schema
// succeeds (and with a migration due refuses, naming the owner role), and `barnplan purge` refuses before it
// deletes anything (its VACUUM FULL would skip the tables it does not own); as the owner it purges.
// PostgreSQL only (BARNPLAN_TEST_DB=postgres): a skip on SQLite.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServer, barnplanBin, SOURCE_DIR, listCases } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const pg = process.env.BARNPLAN_TEST_DB === 'postgres';
const base = process.env.BARNPLAN_TEST_PG_URL;
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const names = { owner: `bp_owner_${suffix}`, app: `bp_app_${suffix}`, db: `bp_roles_${suffix}` };

/** The page's SQL blocks in "PostgreSQL in production", keyed by their first line's step number, with this
 * run's names for barnplan_owner, barnplan_app and the database barnplan. */
function docSql() {
  const page = readFileSync(path.join(SOURCE_DIR, 'docs/scaling.md'), 'utf8');
  const start = page.indexOf('## PostgreSQL in production');
  assert.ok(start >= 0, 'docs/scaling.md has the section "PostgreSQL in production"');
  const end = page.indexOf('\n## ', start + 1);
  const section = page.slice(start, end < 0 ? undefined : end);
  const blocks = {};
  for (const m of section.matchAll(/```sql\n([\s\S]*?)```/g)) {
    const step = /^-- (\d)\./.exec(m[1]);
    assert.ok(step, `a block that names its step: ${m[1].slice(0, 60)}`);
    blocks[step[1]] = m[1]
      .replace(/\bbarnplan_owner\b/g, names.owner)
      .replace(/\bbarnplan_app\b/g, names.app)
      .replace(/\bbarnplan\b/g, names.db);
  }
  assert.deepEqual(Object.keys(blocks).sort(), ['1', '2']);
  return blocks;
}

function urlAs(user, db) {
  const u = new URL(base);
  u.username = user;
  u.pathname = '/' + db;
  return u.toString();
}

/** Runs a script with psql -f - (each statement alone, meta-commands allowed); rejects on the first error. */
async function psqlScript(url, sql) {
  return new Promise((resolve, reject) => {
    const child = execFile('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout + stderr),
    );
    child.stdin.end(sql);
  });
}

/** One statement as the given URL's role; resolves { ok, out } (out: rows, or the error). */
async function as(url, sql) {
  try {
    const { stdout } = await promisify(execFile)('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]);
    return { ok: true, out: stdout.trim() };
  } catch (e) {
    return { ok: false, out: e.stderr || e.message };
  }
}

/** `barnplan ARGS` on a database URL, with more settings if given; { code, out }. */
async function cli(url, args, settings = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BARNPLAN_')) env[k] = v;
  Object.assign(env, { BARNPLAN_DATABASE: url, BARNPLAN_LOCALEDIR: process.env.BARNPLAN_LOCALEDIR || '', BARNPLAN_FAST_HASH: '1' }, settings);
  try {
    const { stdout, stderr } = await promisify(execFile)(barnplanBin(), args, { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    return { code: e.code, out: (e.stdout || '') + (e.stderr || '') };
  }
}

describe('PostgreSQL roles of docs/scaling.md (issue 12 item 3)', { skip: pg ? false : 'PostgreSQL only (BARNPLAN_TEST_DB=postgres)' }, () => {
  let ownerUrl, appUrl, srv, sql;

  before(async () => {
    assert.ok(base, 'BARNPLAN_TEST_PG_URL (scripts/pg-test.sh)');
    sql = docSql();
    await psqlScript(base, sql['1']);
    ownerUrl = urlAs(names.owner, names.db);
    appUrl = urlAs(names.app, names.db);
    let r = await cli(ownerUrl, ['migrate']);
    assert.equal(r.code, 0, r.out);
    r = await cli(ownerUrl, ['demo', '--children', '10', '--quiet']);
    assert.equal(r.code, 0, r.out);
    await psqlScript(ownerUrl, sql['2']);
  });

  after(async () => {
    if (srv) await srv.stop();
    if (!base) return;
    await as(base, `DROP DATABASE IF EXISTS ${names.db} WITH (FORCE)`);
    await as(base, `DROP ROLE IF EXISTS ${names.app}`);
    await as(base, `DROP ROLE IF EXISTS ${names.owner}`);
  });

  test('issue 12 item 3 (V13.2.2): the roles are as the page says (owner owns every table; the serving role nothing, no superuser, no bypass)', async () => {
    const roles = await as(base, `SELECT rolname, rolsuper, rolbypassrls, rolreplication, rolcreaterole, rolcreatedb FROM pg_roles
                                  WHERE rolname IN ('${names.owner}', '${names.app}') ORDER BY rolname`);
    assert.equal(roles.out, `${names.app}|f|f|f|f|f\n${names.owner}|f|f|f|f|f`);
    assert.equal((await as(appUrl, `SELECT pg_has_role('${names.owner}', 'MEMBER')`)).out, 'f');
    assert.equal((await as(appUrl, 'SELECT COUNT(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user')).out, '0');
    assert.equal((await as(appUrl, `SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '${names.owner}'`)).out, '0');
    assert.ok(Number((await as(appUrl, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")).out) >= 30);
  });

  test('issue 12 item 3: barnplan serve as the serving role: login, a case page, its audit entries', async () => {
    const before = Number((await as(ownerUrl, 'SELECT COUNT(*) FROM audit')).out);
    srv = await startServer({ dbUrl: appUrl, backend: 'postgres', workers: 2 });
    const anna = await srv.login('anna');
    const cases = await listCases(await srv.apiLogin('anna'));
    const list = cases.items || cases;
    assert.ok(list.length >= 1, 'anna sees a case');
    const page = await anna.get(`/cases/${list[0].id}`);
    assert.equal(page.status, 200, page.text.slice(0, 2000));
    const read = await as(ownerUrl, `SELECT COUNT(*) FROM audit WHERE case_id = ${list[0].id} AND action = 'read'`);
    assert.ok(Number(read.out) >= 1, `the case page's read is on the trail: ${read.out}`);
    assert.ok(Number((await as(ownerUrl, 'SELECT COUNT(*) FROM audit')).out) > before);
    // the commands too: verify reads every chain and writes its own entry
    const v = await cli(appUrl, ['audit', 'verify']);
    assert.equal(v.code, 0, v.out);
    assert.match(v.out, /intact \(0 problems\)/);
    assert.doesNotMatch(srv.log(), /permission denied/);
  });

  test('issue 12 item 3 (V16.4.2, V13.2.2): the serving role cannot disable, drop or go around the audit trigger', async () => {
    const refused = [
      ['ALTER TABLE audit DISABLE TRIGGER ALL', /must be owner of table audit/],
      ['ALTER TABLE audit DISABLE TRIGGER audit_append_only', /must be owner of table audit/],
      ['DROP TRIGGER audit_append_only ON audit', /must be owner of (table|relation) audit/],
      ["UPDATE audit SET detail = 'x' WHERE id = (SELECT MIN(id) FROM audit)", /permission denied for table audit/],
      ['DELETE FROM audit', /permission denied for table audit/],
      ['TRUNCATE audit', /permission denied for table audit/],
      ['DELETE FROM audit_chains', /permission denied for table audit_chains/],
      ['TRUNCATE audit_chains', /permission denied for table audit_chains/],
      ['UPDATE audit_chain_start SET entries = 0', /permission denied for table audit_chain_start/],
      ['ALTER TABLE audit_chains DISABLE TRIGGER ALL', /must be owner of table audit_chains/],
      ['CREATE TRIGGER t BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()', /permission denied for table audit/],
      ['DROP FUNCTION audit_refuse_change() CASCADE', /must be owner of function audit_refuse_change/],
      ['CREATE TABLE x (y INT)', /permission denied for schema public/],
      ['SET session_replication_role = replica', /permission denied to set parameter "session_replication_role"/],
      [`SET ROLE ${names.owner}`, /permission denied to set role/],
    ];
    const count = (await as(ownerUrl, 'SELECT COUNT(*) FROM audit')).out;
    for (const [stmt, why] of refused) {
      const r = await as(appUrl, stmt);
      assert.equal(r.ok, false, `the serving role must not: ${stmt}`);
      assert.match(r.out, why, stmt);
    }
    assert.equal((await as(ownerUrl, 'SELECT COUNT(*) FROM audit')).out, count, 'the trail is untouched');
    assert.equal(
      (await as(ownerUrl, "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_append_only'")).out,
      'O',
      'the trigger is there and enabled',
    );
    // what it needs still works: an entry inserted, a chain's head moved forward
    assert.equal((await as(appUrl, 'SELECT COUNT(*) > 0 FROM audit')).out, 't');
    assert.equal((await as(appUrl, 'UPDATE audit_chains SET head_seq = head_seq WHERE id = (SELECT MIN(id) FROM audit_chains)')).ok, true);
  });

  test('issue 12 (migrate, demo): as the serving role on a current schema migrate succeeds and says so, demo gets past it; with a migration due both refuse and name the owner role', async () => {
    let r = await cli(appUrl, ['migrate']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Applied 0 migration\(s\); the schema is at version \d+ \(postgres\), already current\./);
    r = await cli(appUrl, ['demo', '--children', '1', '--quiet']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /the database already has data/, 'past the migration: demo refuses only a database with data');
    assert.doesNotMatch(r.out, /permission denied/);
    // a migration due: the latest one's row taken away for the moment (as the owner), put back after
    const last = (await as(ownerUrl, 'SELECT version, applied_at FROM schema_migrations ORDER BY version DESC LIMIT 1')).out.split('|');
    assert.equal((await as(ownerUrl, `DELETE FROM schema_migrations WHERE version = ${last[0]}`)).ok, true);
    try {
      for (const args of [['migrate'], ['demo', '--children', '1', '--quiet']]) {
        r = await cli(appUrl, args);
        assert.equal(r.code, 1, r.out);
        assert.match(r.out, new RegExp(`the database role ${names.app} may not create tables in the schema: migrations must be run as the role that owns the database and its schema \\(barnplan_owner, docs/scaling.md\\)`), r.out);
        assert.doesNotMatch(r.out, /permission denied/);
      }
      assert.equal((await as(ownerUrl, `SELECT COUNT(*) FROM schema_migrations WHERE version = ${last[0]}`)).out, '0', 'nothing was applied');
    } finally {
      assert.equal((await as(ownerUrl, `INSERT INTO schema_migrations (version, applied_at) VALUES (${last[0]}, ${last[1]})`)).ok, true);
    }
  });

  test('issue 12 (purge; issue 9 item 8): as the serving role purge refuses before anything goes, naming the role rule; as the owner it purges', async () => {
    srv ??= await startServer({ dbUrl: appUrl, backend: 'postgres', workers: 2 });
    const anna = await srv.apiLogin('anna');
    const school = (await orgIds(anna))['Ålidhemsskolan'];
    const given = `Rens${Array.from({ length: 10 }, () => 'bcdfghjklmnpqrstvwxz'[randomInt(20)]).join('')}`;
    const kase = await makeCase(anna, { orgs: [school], registration: { child: { given_name: given } } });
    const closed = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, {
      reason: 'goals_reached', agreed_child: true, agreed_guardians: kase.guardians, agreed_orgs: [school], note: 'Målen är nådda.',
    });
    assert.equal(closed.status, 200, closed.text);
    const child = (await as(ownerUrl, `SELECT child_id FROM cases WHERE id = ${kase.id}`)).out;
    // the case's rows in the tables a purge empties (every one here has at least one), and what it would add
    const rows = async () => (await as(ownerUrl, `SELECT
        (SELECT COUNT(*) FROM cases WHERE id = ${kase.id}), (SELECT COUNT(*) FROM case_orgs WHERE case_id = ${kase.id}),
        (SELECT COUNT(*) FROM consents WHERE case_id = ${kase.id}), (SELECT COUNT(*) FROM case_closures WHERE case_id = ${kase.id}),
        (SELECT COUNT(*) FROM events WHERE case_id = ${kase.id}), (SELECT COUNT(*) FROM guardians WHERE child_id = ${child}),
        (SELECT COUNT(*) FROM children WHERE id = ${child} AND given_name = '${given}'),
        (SELECT COUNT(*) FROM audit WHERE action = 'purge'), (SELECT COUNT(*) FROM case_statistics)`)).out;
    const before = await rows();
    const [, orgsN, consentsN, closuresN, eventsN, guardiansN, childN] = before.split('|').map(Number);
    assert.ok(orgsN && consentsN && closuresN && eventsN && guardiansN === 2 && childN === 1, before);
    const retention = { BARNPLAN_RETENTION_DAYS: '0' };
    const refusal = new RegExp(`barnplan purge: the database role ${names.app} may not VACUUM \\d+ of the \\d+ tables a purge rewrites \\([a-z_]+ the first\\): PostgreSQL lets only a table's owner \\(or a member of the owner role\\), the database's owner or a superuser do it, .* run barnplan purge as the owner role \\(barnplan_owner, docs/scaling.md\\); nothing was removed`);
    for (const args of [['purge', '--case', String(kase.id)], ['purge']]) {
      const r = await cli(appUrl, args, retention);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, refusal);
      assert.doesNotMatch(r.out, new RegExp(given), 'no personal data in the messages');
      assert.equal(await rows(), before, `${args.join(' ')}: the case's rows are all there, no purge entry, no statistics`);
    }
    // a dry run lists the case and warns of what a real run as this role would do
    let r = await cli(appUrl, ['purge', '--dry-run', '--case', String(kase.id)], retention);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /1 case\(s\) would be purged/);
    assert.match(r.out, new RegExp(`barnplan purge: warning: the database role ${names.app} may not VACUUM`));
    assert.equal(await rows(), before);

    r = await cli(ownerUrl, ['purge', '--case', String(kase.id)], retention);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /1 case\(s\) purged/);
    assert.doesNotMatch(r.out, /may not VACUUM|VACUUM of/, 'the owner may rewrite every table');
    const after = (await rows()).split('|').map(Number);
    assert.deepEqual(after.slice(0, 7), [0, 0, 0, 0, 0, 0, 0], 'the case, its rows, the guardians and the child are gone');
    assert.deepEqual(after.slice(7), before.split('|').map(Number).slice(7).map((n) => n + 1), 'one purge entry, one statistics row');
  });

  test('issue 12 item 3: a table a later migration adds is the serving role\'s through the default privileges', async () => {
    const made = await as(ownerUrl, 'CREATE TABLE later_feature (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note TEXT NOT NULL)');
    assert.equal(made.ok, true, made.out);
    const seq = await as(ownerUrl, 'CREATE SEQUENCE later_numbers');
    assert.equal(seq.ok, true, seq.out);
    for (const stmt of [
      "INSERT INTO later_feature (note) VALUES ('a')",
      'SELECT COUNT(*) FROM later_feature',
      "UPDATE later_feature SET note = 'b'",
      'DELETE FROM later_feature',
      "SELECT nextval('later_numbers')",
    ]) {
      const r = await as(appUrl, stmt);
      assert.equal(r.ok, true, `${stmt}: ${r.out}`);
    }
    assert.match((await as(appUrl, 'TRUNCATE later_feature')).out, /permission denied/);
    assert.match((await as(appUrl, 'ALTER TABLE later_feature ADD COLUMN z INT')).out, /must be owner/);
    // step 2 again after the migration changes nothing the serving role needs (the revocations stay)
    await psqlScript(ownerUrl, sql['2']);
    assert.match((await as(appUrl, 'DELETE FROM audit')).out, /permission denied for table audit/);
  });
});
