// The restore drill (issue 11 item 7; docs/trust.md section 7), on SQLite: a server with demo data takes writes
// over HTTP while `barnplan backup` copies its database; `barnplan restore` makes a new file from the backup; a
// server on the restored file reads the data back. A changed, cut or wrongly keyed backup is refused with nothing
// written; an existing database is replaced only with --force, and never one a server has open; no plaintext of
// the database is left anywhere. (PostgreSQL's point-in-time recovery is scripts/trust/pg-pitr.sh.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync, copyFileSync, truncateSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { startServer, barnplanBin, freePort, apiLogin, registrationJson, assertCleanLog, SOURCE_DIR } from '../lib/server.mjs';

const run = promisify(execFile);
const bin = barnplanBin();
let srv, dir, key, backup;
const before_ = []; // cases written before the backup: { id, name }
let during = 0; // writes acknowledged while the backup ran
let afterCase; // a case written after the backup

// The environment of a `barnplan` run on the database at dbPath.
function envFor(dbPath) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BARNPLAN_')) env[k] = v;
  return { ...env, BARNPLAN_DATABASE: `sqlite:${dbPath}`, BARNPLAN_LOCALEDIR: process.env.BARNPLAN_LOCALEDIR || path.join(SOURCE_DIR, 'build/dev/locale'), BARNPLAN_FAST_HASH: '1', BARNPLAN_REMIND_EVERY: '0' };
}

// `barnplan ARGS` on the drill's database; resolves { code, stdout, stderr } (never rejects).
async function cli(args, dbPath = srv.dbUrl.slice('sqlite:'.length)) {
  try {
    const r = await run(bin, args, { env: envFor(dbPath), timeout: 120000 });
    return { code: 0, ...r };
  } catch (e) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// The restored audit trail's hash chains pass `barnplan audit verify` (issue 11 item 3).
async function auditVerify(dbPath) {
  const r = await cli(['audit', 'verify'], dbPath);
  assert.equal(r.code, 0, `barnplan audit verify on the restored database:\n${r.stdout}${r.stderr}`);
  return 'ok';
}

// Starts `barnplan serve` on an existing database file; resolves { base, stop() }.
async function serveFile(dbPath) {
  const port = await freePort();
  const child = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--workers', '2'], { env: { ...envFor(dbPath), BARNPLAN_ACCESS_LOG: '-' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).status === 200) break;
    } catch {
      /* not up yet */
    }
    assert.ok(i < 200 && child.exitCode === null, `the server on the restored file did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      const r = await exited;
      assertCleanLog(log);
      assert.deepEqual(r, { code: 0, signal: null }, log.slice(-4000));
    },
  };
}

// Every file in dir whose name says it is a copy or a restore under way: there must be none after any ending.
function leftovers() {
  return readdirSync(dir).filter((f) => /\.copy-|\.restore-|\.partial-/.test(f));
}

async function newCase(api, tag) {
  const body = registrationJson();
  body.child.given_name = `Drill${tag}x${Math.random().toString(36).slice(2, 8)}`;
  const r = await api.postJson('/api/v1/cases', body);
  assert.equal(r.status, 201, r.text);
  return { id: r.json().id, name: body.child.given_name };
}

before(async () => {
  srv = await startServer({ children: 300, workers: 2 });
  dir = srv.dir;
  key = path.join(dir, 'backup.key');
  backup = path.join(dir, 'drill.bpb');
  const k = await cli(['backup', '--new-key', key]);
  assert.equal(k.code, 0, k.stderr);
  const anna = await apiLogin(srv.base, 'anna');
  for (let i = 0; i < 5; i++) before_.push(await newCase(anna, 'Before'));
  // V-9 (issue 11 item 7): the backup runs while the server serves; small steps with pauses make it last long
  // enough for writes to land in the middle (each makes SQLite start the copy over, with larger steps)
  const copying = cli(['backup', backup, '--key', key, '--step', '4', '--pause', '30']);
  let done = false;
  copying.then(() => (done = true));
  while (!done) {
    await newCase(anna, 'During');
    during++;
  }
  const b = await copying;
  assert.equal(b.code, 0, `barnplan backup: ${b.stderr}`);
  console.log(`${during} writes acknowledged during the backup; ${b.stderr.trim()}`);
  afterCase = await newCase(anna, 'After');
});

after(async () => {
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0);
  }
});

test('issue 11 item 7: the backup is taken while the server serves writes, and reports one line off a terminal', async () => {
  assert.ok(during >= 1, `writes acknowledged during the backup: ${during}`);
  assert.ok(existsSync(backup));
  assert.equal(statSync(backup).mode & 0o777, 0o600, 'the backup file is readable by its owner only');
  assert.equal(statSync(key).mode & 0o777, 0o600, 'the key file is readable by its owner only');
  assert.equal(statSync(key).size, 32, 'the key is 32 bytes');
  assert.deepEqual(leftovers(), [], 'no temporary copy is left beside the database or the backup');
  // off a terminal, the progress is one final line on stderr
  const b = await cli(['backup', path.join(dir, 'second.bpb'), '--key', key]);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(b.stderr.trim().split('\n').length, 1, b.stderr);
  assert.match(b.stderr, /^barnplan backup: \d+ bytes \(schema version \d+\) encrypted into .* with key [0-9a-f]{16}/);
  assert.doesNotMatch(b.stderr, /\r/);
});

test('issue 11 item 7: the backup is encrypted: no name, no SQLite header in it, only the documented header in the clear', async () => {
  const bytes = readFileSync(backup);
  assert.equal(bytes.subarray(0, 8).toString('latin1'), 'BPBACKUP');
  assert.equal(bytes.readUInt32BE(8), 1, 'format 1');
  // the header's schema version, time, size and backend say what `barnplan check` and the clock say
  const schema = Number((await cli(['check'])).stdout.match(/schema: +version (\d+)/)[1]);
  assert.equal(bytes.readUInt32BE(12), schema, 'the schema version');
  const created = Number(bytes.readBigUInt64BE(16));
  assert.ok(created > Date.now() / 1000 - 600 && created <= Date.now() / 1000, `the time it was taken: ${created}`);
  const size = Number(bytes.readBigUInt64BE(24));
  assert.equal(size % 4096, 0, 'the database size: whole pages');
  assert.equal(bytes.length, 72 + 17 + size + (Math.floor(size / 65536) + 1) * 17, 'the file length follows from the size');
  assert.equal(bytes.subarray(32, 40).toString('latin1').replace(/\0+$/, ''), 'sqlite');
  const db = readFileSync(srv.dbUrl.slice('sqlite:'.length));
  assert.ok(db.includes(Buffer.from('SQLite format 3')), 'the live database has its header (the search can find)');
  assert.equal(bytes.indexOf(Buffer.from('SQLite format 3')), -1, 'no SQLite header in the backup');
  for (const c of before_) assert.equal(bytes.indexOf(Buffer.from(c.name)), -1, 'no child name in the backup');
});

test('issue 11 item 7: the restored database serves the data written before the backup, not what came after', async () => {
  const restored = path.join(dir, 'restored.db');
  const r = await cli(['restore', backup, '--to', restored, '--key', key]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /integrity, foreign keys, schema and audit trail checked/);
  assert.equal(statSync(restored).mode & 0o777, 0o600, 'the restored database is readable by its owner only');
  assert.deepEqual(leftovers(), []);
  const check = await cli(['check'], restored);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /^ok$/m);
  console.log(`audit verify on the restored database: ${await auditVerify(restored)}`);
  // both commands are on record, by the operating-system user
  const trail = (await run('sqlite3', ['-readonly', restored, "SELECT action || ' ' || object || ' ' || channel FROM audit WHERE action IN ('backup', 'restore') ORDER BY id"])).stdout;
  assert.match(trail, /^backup database cli\n(backup database cli\n)?restore database cli\n$/);
  const s2 = await serveFile(restored);
  try {
    const anna = await apiLogin(s2.base, 'anna');
    for (const c of before_) {
      const g = await anna.getJson(`/api/v1/cases/${c.id}`);
      assert.equal(g.status, 200, `case ${c.id} written before the backup is in the restored database`);
      assert.ok(g.text.includes(c.name));
    }
    assert.equal((await anna.getJson(`/api/v1/cases/${afterCase.id}`)).status, 404, 'the case written after the backup is not');
    const more = await newCase(anna, 'Restored'); // the restored database takes writes
    assert.equal((await anna.getJson(`/api/v1/cases/${more.id}`)).status, 200);
  } finally {
    await s2.stop();
  }
});

test('issue 11 item 7: a changed, cut or wrongly keyed backup is refused with a clear message and nothing written', async () => {
  const target = path.join(dir, 'refused.db');
  const size = statSync(backup).size;
  const variants = [];
  const flip = (name, at) => {
    const f = path.join(dir, name);
    copyFileSync(backup, f);
    const b = readFileSync(f);
    b[at] ^= 1;
    writeFileSync(f, b);
    variants.push([f, /changed/]);
  };
  flip('chunk.bpb', Math.floor(size / 2)); // a byte in the middle of the database
  flip('last.bpb', size - 1); // the last chunk's tag
  flip('header.bpb', 14); // the schema version in the header
  flip('time.bpb', 20); // the time in the header
  const cut = path.join(dir, 'cut.bpb');
  copyFileSync(backup, cut);
  truncateSync(cut, size - 100);
  variants.push([cut, /cut short/]);
  const long = path.join(dir, 'long.bpb');
  writeFileSync(long, Buffer.concat([readFileSync(backup), Buffer.from('x')]));
  variants.push([long, /too long/]);
  const other = path.join(dir, 'other.key');
  assert.equal((await cli(['backup', '--new-key', other])).code, 0);
  for (const [file, why] of variants) {
    const r = await cli(['restore', file, '--to', target, '--key', key]);
    assert.equal(r.code, 1, `${path.basename(file)} must be refused`);
    assert.match(r.stderr, why, path.basename(file));
    assert.match(r.stderr, /nothing was written/);
    assert.ok(!existsSync(target), `${path.basename(file)}: nothing at the target`);
    assert.deepEqual(leftovers(), []);
  }
  const wrong = await cli(['restore', backup, '--to', target, '--key', other]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /the wrong key: this backup was made with key [0-9a-f]{16}, the key file holds key [0-9a-f]{16}/);
  assert.ok(!existsSync(target));
  // a key others may read is refused outright
  chmodSync(other, 0o640);
  const loose = await cli(['restore', backup, '--to', target, '--key', other]);
  assert.match(loose.stderr, /may be read by others/);
  assert.equal(loose.code, 1);
});

test('issue 11 item 7: restore replaces a database only with --force, and never one a server has open', async () => {
  const target = path.join(dir, 'twice.db');
  assert.equal((await cli(['restore', backup, '--to', target, '--key', key])).code, 0);
  const again = await cli(['restore', backup, '--to', target, '--key', key]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists: restore replaces a database only with --force/);
  const s2 = await serveFile(target);
  try {
    await apiLogin(s2.base, 'anna'); // the workers have the database open
    const busy = await cli(['restore', backup, '--to', target, '--key', key, '--force']);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /is open in another process/);
  } finally {
    await s2.stop();
  }
  const forced = await cli(['restore', backup, '--to', target, '--key', key, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.ok(!existsSync(`${target}-wal`), 'the old database log is gone');
  assert.deepEqual(leftovers(), []);
});

test('issue 11 item 7: a backup never replaces a file, and a key is never replaced', async () => {
  const b = await cli(['backup', backup, '--key', key]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /exists; a backup never replaces a file/);
  const k = await cli(['backup', '--new-key', key]);
  assert.equal(k.code, 1);
  assert.match(k.stderr, /a key is never replaced/);
});

test('issue 11 item 7: on a terminal the progress bar is redrawn in place', async (t) => {
  const script = await run('sh', ['-c', 'command -v script']).catch(() => null);
  if (!script) return t.skip('script (util-linux) is not installed');
  const out = path.join(dir, 'tty.bpb');
  const db = srv.dbUrl.slice('sqlite:'.length);
  const r = await run('script', ['-qec', `${bin} backup ${out} --key ${key} --step 16`, '/dev/null'], { env: envFor(db) });
  assert.match(r.stdout, /copying pages  \[#*\.*\] \d+\/\d+\r/);
  assert.match(r.stdout, /encrypting     \[#{40}\] (\d+)\/\1/);
});

test('issue 11 item 7: an interrupted backup or restore leaves nothing behind (Ctrl-C, SIGTERM)', async () => {
  // a database large enough (about 60 MB) that both commands are caught in the middle
  const big = path.join(dir, 'big.db');
  assert.equal((await cli(['migrate'], big)).code, 0);
  await run('sqlite3', [big, 'CREATE TABLE filler (x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 60000) INSERT INTO filler SELECT randomblob(1000) FROM c;']);
  const bigBackup = path.join(dir, 'big.bpb');
  // caught: starts `barnplan ARGS`, sends sig once a file matching pattern appears in dir; resolves the signal it ended by
  const caught = async (args, pattern, sig) => {
    const child = spawn(bin, args, { env: envFor(big), stdio: 'ignore' });
    const ended = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    let seen = false;
    while (child.exitCode === null && !(seen = readdirSync(dir).some((f) => pattern.test(f)))) await new Promise((r) => setTimeout(r, 2));
    assert.ok(seen, `${args[0]} ended before its temporary file was seen`);
    child.kill(sig);
    return ended;
  };
  assert.deepEqual(await caught(['backup', bigBackup, '--key', key, '--step', '64'], /^big\.bpb\.partial-/, 'SIGTERM'), { code: null, signal: 'SIGTERM' });
  assert.deepEqual(leftovers(), [], 'no incomplete backup, no copy');
  assert.ok(!existsSync(bigBackup));
  assert.equal((await cli(['backup', bigBackup, '--key', key], big)).code, 0);
  const target = path.join(dir, 'big-restored.db');
  assert.deepEqual(await caught(['restore', bigBackup, '--to', target, '--key', key], /^\.big-restored\.db\.restore-/, 'SIGINT'), { code: null, signal: 'SIGINT' });
  assert.deepEqual(leftovers(), [], 'no temporary database (plaintext) after Ctrl-C');
  assert.ok(!existsSync(target));
});
