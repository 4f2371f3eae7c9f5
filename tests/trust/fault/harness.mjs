// harness.mjs: what the fault suite (tests/trust/faults.test.mjs; docs/trust.md section 4) needs around the
// fault-injection shim (tests/trust/fault/shim.c): a server with the shim preloaded and one worker, arming the
// shim in that worker, a client that opens a connection per request (so that a graceful restart never waits
// for idle keep-alive connections), a snapshot of the database (integrity check and every table's row count)
// and the choice of N to walk.
//
// Environment:
//   BARNPLAN_FAULT_SHIM   the shim (CTest sets it: the target fault_shim); default ../build/dev/tests/trust/libfault_shim.so
//   BARNPLAN_FAULTS_ALL=1 the long run: every N of every kind (scripts/trust/faults.sh --all)
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { startServer, Client, csrfFrom, hiddenField, dbQuery, SOURCE_DIR, DEMO_PASSWORD, barnplanBin } from '../../lib/server.mjs';

export const ALL = process.env.BARNPLAN_FAULTS_ALL === '1';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function shimPath() {
  const p = process.env.BARNPLAN_FAULT_SHIM || path.join(SOURCE_DIR, 'build/dev/tests/trust/libfault_shim.so');
  assert.ok(existsSync(p), `the fault shim is not built at ${p} (cmake --build --preset dev, or set BARNPLAN_FAULT_SHIM)`);
  return p;
}

/** A client whose every request is a connection of its own (Connection: close), with Client's cookie jar. */
export class FaultClient extends Client {
  async request(method, p, opts = {}) {
    const headers = { ...this.extraHeaders, ...(opts.headers || {}) };
    if (this.jar.size) headers.cookie = this.cookieHeader();
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const r = await new Promise((resolve, reject) => {
      const req = http.request(this.base + p, { method, headers, agent: false }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(opts.timeoutMs ?? 30000, () => req.destroy(new Error('timed out')));
      req.end(opts.body);
    });
    for (const line of [].concat(r.headers['set-cookie'] || [])) {
      const pair = line.split(';')[0];
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    if ((r.headers['content-type'] || '').startsWith('text/html')) {
      const t = csrfFrom(r.text);
      if (t) this.csrf = t;
    }
    return { ...r, location: r.headers.location || null, json: () => JSON.parse(r.text) };
  }
}

export async function webLogin(base, user) {
  const c = new FaultClient(base);
  const page = await c.get('/login');
  const r = await c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username: user, password: DEMO_PASSWORD, next: '/cases' }, { csrf: false });
  assert.equal(r.status, 303, `login as ${user}`);
  assert.equal((await c.get('/cases')).status, 200);
  return c;
}

export async function apiLogin(base, user) {
  const c = new FaultClient(base);
  const r = await c.postJson('/api/v1/session', { username: user, password: DEMO_PASSWORD }, { csrf: false });
  assert.equal(r.status, 200, `API login as ${user}`);
  c.apiCsrf = r.json().csrf_token;
  return c;
}

/**
 * Starts a server on a fresh demo database with the shim preloaded and one worker (so that the worker armed is
 * the one that answers). Returns the server of tests/lib/server.mjs with more: arm(), workerPid(), restart(),
 * healthz(), snapshot(), logSince().
 */
export async function faultServer(options = {}) {
  const ctlDir = mkdtempSync(path.join(os.tmpdir(), 'barnplan-fault-'));
  const ctl = path.join(ctlDir, 'ctl');
  const realBin = barnplanBin();
  if (options.valgrind) {
    // `barnplan serve` under memcheck (every worker it forks too), each process's report in ctlDir/vg.PID
    const wrapper = path.join(ctlDir, 'barnplan-valgrind');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ "$1" = serve ]; then exec valgrind --leak-check=full --show-leak-kinds=definite,indirect --log-file=${ctlDir}/vg.%p ${realBin} "$@"; fi\nexec ${realBin} "$@"\n`,
      { mode: 0o755 },
    );
    process.env.BARNPLAN_BIN = wrapper;
  }
  let srv;
  try {
    srv = await startServer({ workers: 1, ...options, env: { LD_PRELOAD: shimPath(), BP_FAULT_CTL: ctl } });
  } finally {
    process.env.BARNPLAN_BIN = realBin;
  }
  /** valgrind's reports so far: { pid: text } (options.valgrind). */
  srv.valgrindReports = () =>
    Object.fromEntries(readdirSync(ctlDir).filter((f) => /^vg\.\d+$/.test(f)).map((f) => [f.slice(3), readFileSync(path.join(ctlDir, f), 'utf8')]));
  let seq = 0;
  let tables = null;

  /** The worker's pid (waits while the master starts another after a worker ended). */
  srv.workerPid = async (timeoutMs = 15000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let kids = [];
      try {
        kids = readFileSync(`/proc/${srv.pid}/task/${srv.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        /* the master is gone: the caller's checks say so */
      }
      if (kids.length === 1) return kids[0];
      assert.ok(kids.length <= 1, `one worker expected, found ${kids.length}`);
      if (Date.now() > deadline) throw new Error('no worker');
      await sleep(20);
    }
  };
  /**
   * Arms the shim in the worker: the KIND call number N fails (N = 0: only counts; 'off': nothing). Resolves
   * the report of the arming that ended: { kind, count, fired }.
   */
  srv.arm = async (kind, n = 0, code = 0) => {
    seq++;
    writeFileSync(ctl, `${seq} ${kind} ${n} ${code}\n`);
    const pid = await srv.workerPid();
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      try {
        const [s, k, count, fired] = readFileSync(ctl + '.out', 'utf8').trim().split(' ');
        if (Number(s) === seq) return { kind: k, count: Number(count), fired: fired === '1', pid };
      } catch {
        /* not written yet */
      }
      await sleep(1);
    }
    throw new Error(`the worker ${pid} did not take the arming ${seq} ${kind} ${n}`);
  };
  srv.healthz = async () => {
    const r = await new FaultClient(srv.base).get('/healthz');
    return { status: r.status, text: r.text };
  };
  /** Waits until the (possibly new) worker answers /healthz. */
  srv.healthy = async (timeoutMs = 15000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const h = await srv.healthz();
        if (h.status === 200) return h;
      } catch {
        /* no worker yet */
      }
      if (Date.now() > deadline) throw new Error('the server did not get healthy again');
      await sleep(50);
    }
  };
  /** A graceful stop (SIGTERM, exit 0 expected) and a start on the same database: "until restarted". */
  srv.restartGracefully = async () => {
    process.kill(srv.pid, 'SIGTERM');
    const deadline = Date.now() + (options.valgrind ? 120000 : 15000);
    while (!srv.exited && Date.now() < deadline) await sleep(10);
    assert.deepEqual({ code: srv.exited?.code, signal: srv.exited?.signal }, { code: 0, signal: null }, 'a graceful stop exits 0');
    await srv.restart();
  };
  /** The server's output from `mark` (a length of srv.log() taken before). */
  srv.logSince = (mark) => {
    const log = srv.log();
    return mark <= log.length ? log.slice(mark) : log;
  };
  /**
   * The database as a reader sees it: PRAGMA integrity_check and the row count of every table (plus `extra`
   * named counts: { name: 'SELECT count(*) ...' }), with the sqlite3 client, in one run.
   */
  srv.snapshot = async (extra = {}) => {
    if (!tables)
      tables = (await dbQuery(srv, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        .trim()
        .split('\n');
    const parts = tables.map((t) => `SELECT '${t}', count(*) FROM "${t}"`);
    for (const [k, sql] of Object.entries(extra)) parts.push(`SELECT '${k}', (${sql})`);
    // a reader may have to wait while the worker started after an abort recovers the WAL: .timeout
    const { stdout } = await promisify(execFile)('sqlite3', ['-readonly', '-cmd', '.timeout 10000', srv.dbUrl.replace(/^sqlite:/, ''), `PRAGMA integrity_check; ${parts.join(' UNION ALL ')};`], { maxBuffer: 16 * 1024 * 1024 });
    const out = stdout.trim().split('\n');
    const counts = {};
    for (const line of out.slice(1)) {
      const i = line.lastIndexOf('|');
      counts[line.slice(0, i)] = Number(line.slice(i + 1));
    }
    return { integrity: out[0], counts };
  };
  const stop = srv.stop.bind(srv);
  srv.stop = async (...a) => {
    const r = await stop(...a);
    srv.lastReports = srv.valgrindReports();
    rmSync(ctlDir, { recursive: true, force: true });
    return r;
  };
  return srv;
}

/** The change from one snapshot's counts to another's, only the tables that changed. */
export function delta(before, after) {
  const d = {};
  for (const k of Object.keys(after)) if (after[k] !== before[k]) d[k] = after[k] - (before[k] ?? 0);
  return d;
}

export const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * The N to walk for a request that makes `total` calls of a kind: all of them in the long run (or when there
 * are at most `budget`); otherwise the first three and the last three (one each for a budget under ten) and
 * every k-th between, about `budget` in all.
 */
export function walkOf(total, budget) {
  const all = Array.from({ length: total }, (_, i) => i + 1);
  if (ALL || total <= budget) return all;
  const ends = budget >= 10 ? 3 : 1;
  const set = new Set([1, 2, 3].slice(0, ends).concat([total, total - 1, total - 2].slice(0, ends)).filter((n) => n >= 1));
  const k = Math.max(1, Math.ceil(total / Math.max(1, budget - 2 * ends)));
  for (let n = 1 + Math.floor(k / 2); n <= total; n += k) set.add(n);
  return [...set].sort((a, b) => a - b);
}

/** `barnplan audit verify` (issue 11 item 3): resolves its report, rejects when the trail is not intact. */
export async function auditVerify(srv) {
  const r = await srv.cli(['audit', 'verify']);
  return r.stdout;
}
