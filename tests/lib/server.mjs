// server.mjs: a throwaway Barnplan for one test file, and a small HTTP client with a cookie jar.
//
//   import { useServer, DEMO_PASSWORD } from '../lib/server.mjs';
//   const srv = useServer();                  // before(): start; after(): SIGTERM, expect exit 0
//   test('...', async () => { const anna = await srv.login('anna'); const r = await anna.get('/cases'); });
//
// startServer() makes a fresh temporary folder, fills a new database with `barnplan demo --children 30`,
// then runs `barnplan serve` on a free loopback port and waits for GET /healthz. stop() sends SIGTERM and
// expects the server to exit 0 within a few seconds (graceful shutdown).
//
// Environment:
//   BARNPLAN_BIN          the binary (CTest sets it); default ../build/dev/src/cli/barnplan
//   BARNPLAN_LOCALEDIR    compiled translations; default ../build/dev/locale
//   BARNPLAN_FAST_HASH    passed on; set to 1 when unset (cheap argon2id, also for the demo passwords)
//   BARNPLAN_TEST_DB      "sqlite" (default) or "postgres": the latter needs BARNPLAN_TEST_PG_URL (a server
//                         from scripts/pg-test.sh); each server then gets a database of its own, made with
//                         psql and dropped at stop.
//   BARNPLAN_TEST_KEEP=1  keep the temporary folder (database, server log) for a look afterwards
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkExchange } from './openapi.mjs';

export const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_DIR = path.resolve(TESTS_DIR, '..');
export const DEMO_PASSWORD = 'Barnplan-demo-1';

/** Slower builds (ASan + UBSan) get longer waits. */
export const SLOW = /asan|sanit/i.test(process.env.BARNPLAN_BIN || '') || process.env.BARNPLAN_TEST_SLOW === '1';
const START_TIMEOUT_MS = SLOW ? 60000 : 20000;
const STOP_TIMEOUT_MS = SLOW ? 20000 : 8000;

export function barnplanBin() {
  return process.env.BARNPLAN_BIN || path.join(SOURCE_DIR, 'build/dev/src/cli/barnplan');
}

function localeDir() {
  return process.env.BARNPLAN_LOCALEDIR || path.join(SOURCE_DIR, 'build/dev/locale');
}

/** The environment for the binary: ours, without any other BARNPLAN_* setting that could change its behaviour. */
function serverEnv(dbUrl) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BARNPLAN_')) env[k] = v;
  env.BARNPLAN_DATABASE = dbUrl;
  env.BARNPLAN_LOCALEDIR = localeDir();
  env.BARNPLAN_FAST_HASH = process.env.BARNPLAN_FAST_HASH ?? '1';
  env.BARNPLAN_ACCESS_LOG = '-';
  env.BARNPLAN_REMIND_EVERY = '0'; // no scheduler unless a test asks for one (its reminders would add mail)
  return env;
}

function run(file, args, env, timeoutMs = START_TIMEOUT_MS, input = '') {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        err.message += `\n$ ${file} ${args.join(' ')}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
        reject(err);
      } else resolve({ stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** Runs one query with the sqlite3 or psql client on a server's database; rows as lines, columns by '|'. */
export async function dbQuery(srv, sql) {
  const [cmd, args] = srv.backend === 'postgres'
    ? ['psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', srv.dbUrl, '-c', sql]]
    : ['sqlite3', ['-readonly', srv.dbUrl.replace(/^sqlite:/, ''), sql]];
  const { stdout } = await promisify(execFile)(cmd, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Changes the server's database behind its back, with the sqlite3 or psql client: only to stand in for the
 * passing of time (a login made twenty minutes ago), never to make a record the application could not. */
export async function dbWrite(srv, sql) {
  const [cmd, args] = srv.backend === 'postgres'
    ? ['psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', srv.dbUrl, '-c', sql]]
    : ['sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.replace(/^sqlite:/, ''), sql]];
  await promisify(execFile)(cmd, args);
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it, let it go). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---- PostgreSQL: a database of its own per server ---- */

function pgUrlWithDatabase(url, db) {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}

async function psql(url, sql) {
  return run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], process.env, 60000);
}

async function makePgDatabase() {
  const base = process.env.BARNPLAN_TEST_PG_URL;
  if (!base) throw new Error('BARNPLAN_TEST_DB=postgres needs BARNPLAN_TEST_PG_URL (scripts/pg-test.sh url)');
  const name = `bp_http_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  await psql(base, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  return {
    url: pgUrlWithDatabase(base, name),
    drop: () => psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/* ---- the server's processes ---- */

/** The pids of a process's children (Linux /proc): the master's workers and jobs. */
export function childrenOf(pid) {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** The master's HTTP workers: its children but the jobs, which cli/serve.c names bp-audit-writer, bp-mailer
 * and bp-scheduler. */
export function workersOf(pid) {
  return childrenOf(pid).filter((p) => {
    try {
      return !readFileSync(`/proc/${p}/comm`, 'utf8').startsWith('bp-');
    } catch {
      return false; // gone meanwhile
    }
  }).sort((a, b) => a - b);
}

/* ---- the server ---- */

/**
 * Starts a throwaway Barnplan. Returns { base, port, dir, db, stop(), log(), pid }.
 * options: children (30), workers (2), backend ('sqlite' | 'postgres'; default from BARNPLAN_TEST_DB),
 * env (more BARNPLAN_* settings: an object, or an async function returning one, e.g. an SMTP server's URL)
 * processGroup (true: the server runs in a process group of its own, which kill9() kills at once)
 * port (a free one unless given: a test that must name the server's address beforehand picks it)
 * dbUrl (the database of a server already started: a second server on it, without a demo; it is not dropped)
 */
export async function startServer(options = {}) {
  const bin = barnplanBin();
  if (!existsSync(bin)) throw new Error(`barnplan binary not found at ${bin} (build first, or set BARNPLAN_BIN)`);
  const backend = options.backend || process.env.BARNPLAN_TEST_DB || 'sqlite';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnplan-test-'));
  let dbUrl;
  let pg = null;
  if (options.dbUrl) {
    dbUrl = options.dbUrl; // another server's database (several servers on one, issue 12 item 4): no demo, not dropped
  } else if (backend === 'postgres') {
    pg = await makePgDatabase();
    dbUrl = pg.url;
  } else {
    dbUrl = `sqlite:${path.join(dir, 'barnplan.db')}`;
  }
  const env = serverEnv(dbUrl);
  Object.assign(env, typeof options.env === 'function' ? await options.env() : options.env || {});
  if (!options.dbUrl) {
    const demo = await run(bin, ['demo', '--children', String(options.children ?? 30)], env);
    writeFileSync(path.join(dir, 'demo.txt'), demo.stdout + demo.stderr);
  }

  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  let child, exited, exitPromise;
  const keepLog = (d) => {
    log += d.toString();
    if (log.length > 2_000_000) log = log.slice(-1_000_000);
  };
  // Starts `barnplan serve` on the database and waits for /healthz (again after kill9()).
  const launch = async () => {
    child = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--workers', String(options.workers ?? 2)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: !!options.processGroup, // a process group of its own, for kill9()
    });
    child.stdout.on('data', keepLog);
    child.stderr.on('data', keepLog);
    exited = null;
    const me = child;
    exitPromise = new Promise((resolve) => {
      me.on('exit', (code, signal) => {
        exited = { code, signal };
        resolve(exited);
      });
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exited) throw new Error(`barnplan serve exited early (${JSON.stringify(exited)}):\n${log}`);
      try {
        const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200 && (await r.text()) === 'ok\n') break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`barnplan serve did not answer /healthz within ${START_TIMEOUT_MS} ms:\n${log}`);
      }
      await sleep(100);
    }
  };
  await launch();

  let stopped = null;
  const server = {
    base,
    port,
    dir,
    dbUrl,
    backend,
    get pid() {
      return child.pid;
    },
    log: () => log,
    get exited() {
      return exited;
    },
    /** SIGTERM; resolves { code, signal, ms } once it exits (SIGKILL after the timeout, then code is null). */
    stop(timeoutMs = STOP_TIMEOUT_MS) {
      if (stopped) return stopped;
      stopped = (async () => {
        const t0 = Date.now();
        let result = exited;
        if (!result) {
          child.kill('SIGTERM');
          let timer;
          const timeout = new Promise((r) => {
            timer = setTimeout(() => r(null), timeoutMs);
          });
          result = await Promise.race([exitPromise, timeout]);
          clearTimeout(timer);
          if (!result) {
            child.kill('SIGKILL');
            await exitPromise;
            result = { code: null, signal: 'SIGKILL (did not stop within ' + timeoutMs + ' ms)' };
          }
        }
        result = { ...result, ms: Date.now() - t0 };
        if (pg) await pg.drop().catch((e) => console.error('dropping the test database:', e.message));
        if (process.env.BARNPLAN_TEST_KEEP === '1') {
          writeFileSync(path.join(dir, 'server.log'), log);
          console.error(`kept ${dir}`);
        } else {
          rmSync(dir, { recursive: true, force: true });
        }
        return result;
      })();
      return stopped;
    },
    /** A crash: SIGKILL to the master and every process it started (workers, mailer, scheduler) at once. */
    async kill9() {
      if (options.processGroup) {
        // the whole group at once: no worker the master forks meanwhile escapes (issue 11 item 5)
        process.kill(-child.pid, 'SIGKILL');
        await exitPromise;
        return;
      }
      const kids = await run('pgrep', ['-P', String(child.pid)], process.env).then((r) => r.stdout.split(/\s+/).filter(Boolean), () => []);
      child.kill('SIGKILL');
      for (const k of kids) {
        try {
          process.kill(Number(k), 'SIGKILL');
        } catch {
          /* gone already */
        }
      }
      await exitPromise;
    },
    /** Starts `barnplan serve` again on the same database and port (after kill9()). */
    restart: () => launch(),
    client: () => new Client(base),
    /** A new staff account in organisation orgId with the demo password; resolves its API client, logged in. */
    async addUser(username, orgId, name = `${username} (test)`) {
      await run(bin, ['user', 'add', username, '--name', name, '--email', `${username}@example.se`, '--org', String(orgId)], env, START_TIMEOUT_MS, `${DEMO_PASSWORD}\n`);
      return apiLogin(base, username);
    },
    login: (user, password) => login(base, user, password),
    /** Runs `barnplan ARGS...` on this server's database (stdin: input). */
    cli: (args, input = '') => run(bin, args, env, START_TIMEOUT_MS, input),
    apiLogin: (user, password) => apiLogin(base, user, password),
  };
  return server;
}

/**
 * For a test file: starts the server before its tests and, after them, stops it and asserts a graceful
 * shutdown (exit 0 within a few seconds). Returns a proxy that forwards to the running server.
 */
export function useServer(options = {}) {
  let srv = null;
  let resolveReady;
  // Node 20 runs a file's top-level before() hooks concurrently: another top-level hook awaits `srv.ready`.
  const ready = new Promise((r) => {
    resolveReady = r;
  });
  before(async () => {
    srv = await startServer(options);
    resolveReady(srv);
  });
  after(async () => {
    if (!srv) return;
    const r = await srv.stop();
    assertCleanLog(srv.log());
    assert.deepEqual(
      { code: r.code, signal: r.signal },
      { code: 0, signal: null },
      `barnplan serve should stop on SIGTERM with exit code 0; got ${JSON.stringify(r)}\n--- server log (tail)\n${srv
        .log()
        .slice(-8000)}`,
    );
  });
  return new Proxy(
    {},
    {
      get(_, key) {
        if (key === 'ready') return ready;
        if (key === 'then') return undefined;
        if (!srv) throw new Error('the server is not started yet (use it inside a test)');
        const v = srv[key];
        return typeof v === 'function' ? v.bind(srv) : v;
      },
    },
  );
}

/**
 * Fails when the server's output shows a sanitizer report (ASan, UBSan, LSan) or a worker that died: a worker
 * that crashes is replaced by the master, so without this a crash could pass unnoticed.
 */
export function assertCleanLog(log, { workerDeathsExpected = false } = {}) {
  const patterns = [
    /ERROR: AddressSanitizer/,
    /ERROR: LeakSanitizer/,
    /runtime error:/,
    /SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer/,
    /^BUG: /m,
    /Assertion .* failed/,
  ];
  if (!workerDeathsExpected) patterns.push(/worker \d+ ended/, /audit writer ended/);
  for (const re of patterns) {
    const m = re.exec(log);
    assert.ok(!m, `the server's output shows ${re}:\n${m ? log.slice(Math.max(0, m.index - 2000), m.index + 6000) : ''}`);
  }
}

/* ---- a client with a cookie jar ---- */

/** Pulls `name=value` out of each Set-Cookie header; Max-Age=0 removes the cookie. */
function parseSetCookie(line) {
  const [pair, ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const a = {};
  for (const x of attrs) {
    const i = x.indexOf('=');
    const k = (i < 0 ? x : x.slice(0, i)).trim().toLowerCase();
    a[k] = i < 0 ? true : x.slice(i + 1).trim();
  }
  return { name, value, attrs: a };
}

/** The value of the hidden field `name` in a page, or null. */
export function hiddenField(html, name) {
  const re = new RegExp(`<input[^>]*\\bname="${name.replace(/[.]/g, '\\.')}"[^>]*>`, 'g');
  for (const m of html.matchAll(re)) {
    const v = /\bvalue="([^"]*)"/.exec(m[0]);
    if (v) return decodeEntities(v[1]);
  }
  return null;
}

/** The CSRF token of a page (the hidden field `csrf`). */
export function csrfFrom(html) {
  return hiddenField(html, 'csrf');
}

export function decodeEntities(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Form fields as [name, value] pairs: an object (arrays repeat the name), an array of pairs, or URLSearchParams. */
export function formPairs(form) {
  if (form instanceof URLSearchParams) return [...form.entries()];
  if (Array.isArray(form)) return form.map(([k, v]) => [k, String(v)]);
  const out = [];
  for (const [k, v] of Object.entries(form || {})) {
    if (Array.isArray(v)) for (const x of v) out.push([k, String(x)]);
    else if (v !== undefined && v !== null) out.push([k, String(v)]);
  }
  return out;
}

export function encodeForm(form) {
  return new URLSearchParams(formPairs(form)).toString();
}

/** A response read whole: status, headers, text, json(), location, cookies set. */
class Res {
  constructor(r, text) {
    this.status = r.status;
    this.headers = r.headers;
    this.text = text;
    this.location = r.headers.get('location');
    this.setCookies = r.headers.getSetCookie ? r.headers.getSetCookie() : [];
  }
  json() {
    return JSON.parse(this.text);
  }
  header(name) {
    return this.headers.get(name);
  }
}

export class Client {
  constructor(base) {
    this.base = base;
    this.jar = new Map();
    this.csrf = null; // the hidden `csrf` field of the last page seen that had one
    this.apiCsrf = null; // from POST /api/v1/session
    this.extraHeaders = {};
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name) {
    return this.jar.get(name);
  }

  setCookie(name, value) {
    if (value === undefined || value === null) this.jar.delete(name);
    else this.jar.set(name, value);
  }

  /**
   * Any request; never follows redirects. opts: headers, body, cookies (false: send none), openapi (false: do
   * not check an /api/ exchange against docs/openapi.yaml; only for bytes that are not an API exchange at all).
   */
  async request(method, p, opts = {}) {
    const headers = { ...this.extraHeaders, ...(opts.headers || {}) };
    if (opts.cookies !== false && this.jar.size) headers.cookie = this.cookieHeader();
    const r = await fetch(this.base + p, {
      method,
      headers,
      body: opts.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs ?? (SLOW ? 120000 : 30000)),
    });
    const text = await r.text();
    const res = new Res(r, text);
    for (const line of res.setCookies) {
      const c = parseSetCookie(line);
      if (c.attrs['max-age'] === '0' || c.value === '') this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    const ct = r.headers.get('content-type') || '';
    if (ct.startsWith('text/html')) {
      const t = csrfFrom(text);
      if (t) this.csrf = t;
    }
    if (p.startsWith('/api/') && opts.openapi !== false) {
      // every exchange with the JSON API must be one docs/openapi.yaml describes (lib/openapi.mjs)
      const reqType = Object.entries(headers).find(([h]) => h.toLowerCase() === 'content-type')?.[1];
      const problems = checkExchange({ method, path: p, status: r.status, requestType: reqType, requestBody: opts.body, responseType: ct, responseText: text });
      assert.ok(problems.length === 0, `docs/openapi.yaml does not describe this exchange:\n${problems.join('\n')}`);
    }
    return res;
  }

  get(p, opts) {
    return this.request('GET', p, opts);
  }

  /** GET, following up to `max` redirects (303/302/301) on this origin. Returns the final response and the hops. */
  async follow(p, max = 5) {
    let r = await this.get(p);
    const hops = [p];
    while ([301, 302, 303, 307, 308].includes(r.status) && hops.length <= max) {
      const next = new URL(r.location, this.base);
      assert.equal(next.origin, new URL(this.base).origin, `redirect off-site: ${r.location}`);
      hops.push(next.pathname + next.search);
      r = await this.get(next.pathname + next.search);
    }
    r.hops = hops;
    return r;
  }

  /** POST a urlencoded form; adds the `csrf` field from the last page unless the form has one or opts.csrf === false. */
  post(p, form = {}, opts = {}) {
    const pairs = formPairs(form);
    if (opts.csrf !== false && this.csrf && !pairs.some(([k]) => k === 'csrf')) pairs.unshift(['csrf', this.csrf]);
    return this.request('POST', p, {
      ...opts,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
      body: new URLSearchParams(pairs).toString(),
    });
  }

  /** A JSON request (POST by default); adds X-CSRF-Token from the API login unless opts.csrf === false. */
  postJson(p, value, opts = {}) {
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...(opts.headers || {}) };
    if (opts.csrf !== false && this.apiCsrf && !Object.keys(headers).some((h) => h.toLowerCase() === 'x-csrf-token'))
      headers['x-csrf-token'] = this.apiCsrf;
    return this.request(opts.method || 'POST', p, {
      ...opts,
      headers,
      body: typeof value === 'string' ? value : JSON.stringify(value),
    });
  }

  getJson(p, opts = {}) {
    return this.request('GET', p, { ...opts, headers: { accept: 'application/json', ...(opts.headers || {}) } });
  }
}

/** Logs in through the HTML form (GET /login, POST /login); returns a Client holding bp_session and the page's CSRF token. */
export async function login(base, user, password = DEMO_PASSWORD) {
  const c = new Client(base);
  const page = await c.get('/login');
  assert.equal(page.status, 200, 'GET /login');
  const lc = hiddenField(page.text, 'login_csrf');
  assert.ok(lc, 'the login page has a login_csrf field');
  const r = await c.post('/login', { login_csrf: lc, username: user, password, next: '/cases' }, { csrf: false });
  assert.equal(r.status, 303, `login as ${user}: expected 303, got ${r.status}\n${r.text.slice(0, 2000)}`);
  assert.ok(c.cookie('bp_session'), `login as ${user} sets bp_session`);
  c.user = user;
  const cases = await c.get('/cases');
  assert.equal(cases.status, 200, 'GET /cases after login');
  assert.ok(c.csrf, 'the page after login has a csrf field');
  return c;
}

/** Logs in through the API (POST /api/v1/session); returns a Client with bp_session and apiCsrf. */
export async function apiLogin(base, user, password = DEMO_PASSWORD) {
  const c = new Client(base);
  const r = await c.postJson('/api/v1/session', { username: user, password }, { csrf: false });
  assert.equal(r.status, 200, `API login as ${user}: ${r.status} ${r.text}`);
  c.apiCsrf = r.json().csrf_token;
  assert.ok(c.apiCsrf, 'the API login answers a csrf_token');
  assert.ok(c.cookie('bp_session'), 'the API login sets bp_session');
  c.user = user;
  return c;
}

/* ---- raw HTTP, for what fetch will not send (huge targets, many headers, bodies over the limit) ---- */

/**
 * Sends `head` (the request line and headers, CRLF-separated, ending in an empty line) and then `body`
 * (Buffer or string, optional; sent in chunks, a write error once the server has answered is fine), and
 * reads one response. Resolves { status, headers (lower-case names), body }.
 */
export function rawRequest(port, head, body = null, { timeoutMs = SLOW ? 120000 : 30000, pauseAfterHeadMs = 300 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let done = false;
    const timer = setTimeout(() => finish(new Error('raw request timed out')), timeoutMs);
    function parse() {
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
      if (!m) return { error: new Error('not an HTTP response: ' + lines[0]) };
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        const k = l.slice(0, i).trim().toLowerCase();
        const v = l.slice(i + 1).trim();
        headers[k] = k in headers ? headers[k] + ', ' + v : v;
      }
      const rest = buf.subarray(end + 4);
      const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
      if (len !== null && rest.length < len) return null;
      return { status: Number(m[1]), headers, body: rest.subarray(0, len ?? rest.length).toString('utf8'), complete: len !== null };
    }
    function finish(err, value) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(value);
    }
    sock.on('data', (d) => {
      chunks.push(d);
      const r = parse();
      if (r && r.error) finish(r.error);
      else if (r && r.complete) finish(null, r);
    });
    sock.on('end', () => {
      const r = parse();
      if (r && !r.error) finish(null, r);
      else finish(r?.error || new Error('connection closed before a response'));
    });
    sock.on('close', () => {
      const r = parse();
      if (r && !r.error) finish(null, r);
      else finish(r?.error || new Error('connection closed before a response'));
    });
    sock.on('error', (e) => {
      // the server may answer and close while the body is still being sent (EPIPE/ECONNRESET)
      const r = parse();
      if (r && !r.error) finish(null, r);
      else if (!['EPIPE', 'ECONNRESET'].includes(e.code)) finish(e);
    });
    sock.on('connect', async () => {
      sock.write(head);
      if (body === null) return;
      // A server may answer from the headers alone (413 on Content-Length) and close; Node drops what
      // it has not read yet when a later write fails, so give such an answer time to arrive first, and
      // let reads run between the chunks of the body.
      await sleep(pauseAfterHeadMs);
      const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
      const step = 64 * 1024;
      for (let off = 0; off < b.length && !done && !sock.destroyed; off += step) {
        if (!sock.write(b.subarray(off, off + step))) await new Promise((r) => sock.once('drain', r).once('close', r));
        await new Promise((r) => setImmediate(r));
      }
    });
  });
}

/* ---- test data ---- */

/** The Luhn check digit of the nine digits YYMMDDNNN (Swedish personnummer). */
export function luhnDigit(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid personnummer YYYYMMDD-NNNC for a birth date (a Date or 'YYYY-MM-DD') and a serial 0..999. */
export function personnummer(birth, serial = 123) {
  const iso = typeof birth === 'string' ? birth : birth.toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  const nnn = String(serial % 1000).padStart(3, '0');
  const nine = `${y.slice(2)}${m}${d}${nnn}`;
  return `${y}${m}${d}-${nnn}${luhnDigit(nine)}`;
}

/** The same personnummer with a wrong check digit. */
export function withWrongCheckDigit(pnr) {
  const last = Number(pnr.slice(-1));
  return pnr.slice(0, -1) + String((last + 1) % 10);
}

let uniq = 0;
/** A name that no demo child has, so a test can find its own case. */
export function uniqueName(prefix = 'Testbarn') {
  uniq++;
  return `${prefix}${Date.now().toString(36).slice(-5)}${uniq}`;
}

/* ---- dates: the server counts days in Europe/Stockholm, so do the tests (HTTP and browser alike) ---- */

/** Today's date in the server's terms (Europe/Stockholm), YYYY-MM-DD. */
export function today() {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}

/** The date `days` days after (or before, when negative) the date `iso` (YYYY-MM-DD). */
export function addDays(iso, days) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The date `days` days from today in Stockholm (negative: in the past). */
export function inDays(days) {
  return addDays(today(), days);
}

/** The birth date of someone who turned `age` a month ago (a family member's age band, docs/family-access.md). */
export function bornYearsAgo(age) {
  const d = new Date(`${addDays(today(), -30)}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  return d.toISOString().slice(0, 10);
}

/**
 * A complete, valid registration form (a child, two guardians with joint custody, an initiative with
 * triggers) as an object for Client.post. `over` replaces or adds fields; a value of undefined removes one.
 */
export function registrationForm(over = {}) {
  const given = over['child.given_name'] ?? uniqueName();
  const form = {
    'child.given_name': given,
    'child.family_name': 'Testsson',
    'child.id_kind': 'personnummer',
    'child.id_number': personnummer('2015-03-14', 38),
    'child.birth_date': '',
    'child.language': 'svenska',
    'child.interpreter_language': '',
    'guardians.0.name': 'Sara Testsson',
    'guardians.0.id_number': personnummer('1985-06-02', 481),
    'guardians.0.custody': 'joint',
    'guardians.0.phone': '070-123 45 67',
    'guardians.0.email': 'sara@example.se',
    'guardians.0.address': 'Storgatan 1\n903 26 Umeå',
    'guardians.0.interpreter_language': '',
    'guardians.1.name': 'Johan Testsson',
    'guardians.1.id_number': personnummer('1983-11-23', 275),
    'guardians.1.custody': 'joint',
    'guardians.1.phone': '070-765 43 21',
    'guardians.1.email': 'johan@example.se',
    'guardians.1.address': 'Storgatan 1\n903 26 Umeå',
    'guardians.1.interpreter_language': '',
    'initiative.requested_by': 'professional',
    'initiative.noticed_on': today(),
    'initiative.model': 'vasterbotten',
    'initiative.route': 'hlt',
    'initiative.triggers': ['a', 'b', 'j'],
    'initiative.reason': 'Hög frånvaro sedan höstlovet; familjen vill ha samlat stöd.',
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete form[k];
    else form[k] = v;
  }
  return form;
}

/** The same registration for POST /api/v1/cases. */
export function registrationJson(over = {}) {
  const body = {
    child: {
      given_name: uniqueName('Apibarn'),
      family_name: 'Jsonsson',
      id_kind: 'personnummer',
      id_number: personnummer('2016-09-30', 512),
      language: 'arabiska',
      needs_interpreter: true,
      interpreter_language: 'arabiska',
      picture_support: true,
    },
    guardians: [
      { name: 'Leila Jsonsson', id_number: personnummer('1988-01-15', 662), custody: 'joint', phone: '070-111 22 33', email: 'leila@example.se', address: 'Parkvägen 2', interpreter_language: 'arabiska' },
      { name: 'Ahmed Jsonsson', custody: 'joint', phone: '070-444 55 66' },
    ],
    initiative: {
      model: 'vasterbotten',
      route: 'outside_hlt',
      requested_by: 'guardian',
      noticed_on: today(),
      reason: 'Vårdnadshavarna bad om samordnat stöd.',
      triggers: ['g', 'h'],
    },
  };
  for (const [k, v] of Object.entries(over)) body[k] = typeof v === 'object' && !Array.isArray(v) && v ? { ...body[k], ...v } : v;
  return body;
}

/** All cases a user sees, through the API (as the given client, which must be logged in). */
export async function listCases(client) {
  const r = await client.getJson('/api/v1/cases?limit=200');
  assert.equal(r.status, 200, `GET /api/v1/cases: ${r.status} ${r.text.slice(0, 500)}`);
  return r.json();
}

/** The audit entries for one case, as the given admin client. */
export async function auditForCase(admin, caseId) {
  const r = await admin.getJson(`/api/v1/audit?case=${caseId}`);
  assert.equal(r.status, 200, `GET /api/v1/audit?case=${caseId}: ${r.status} ${r.text.slice(0, 500)}`);
  return r.json();
}

/** The case id in a Location such as /cases/123?created=1 or /api/v1/cases/123. */
export function caseIdFrom(location) {
  const m = /\/cases\/(\d+)/.exec(location || '');
  assert.ok(m, `a case id in ${location}`);
  return Number(m[1]);
}

/** Fails when `text` holds any of the hostile markup unescaped. */
export function assertNoRawMarkup(text, where) {
  const bad = [
    [/<script>alert\(1\)<\/script>/i, 'raw <script>'],
    [/<img[\s/]+src=x/i, 'raw <img'],
    [/onerror=alert\(1\)>/i, 'raw onerror=...>'],
    [/' onmouseover='/i, "raw ' onmouseover='"],
    [/"><img/i, 'raw "><img'],
  ];
  for (const [re, what] of bad) {
    const m = re.exec(text);
    assert.ok(!m, `${where}: ${what} found unescaped near: ${m ? JSON.stringify(text.slice(Math.max(0, m.index - 120), m.index + 120)) : ''}`);
  }
}

/**
 * The values a form in `html` would send, as { name: value } (names that repeat, e.g. checkboxes, give
 * arrays): inputs with a value (checkboxes and radio buttons only when checked), textareas and the
 * selected option of each select. Enough for the server's own templates; not a general HTML parser.
 */
export function formValues(html) {
  const out = {};
  const add = (name, value) => {
    name = decodeEntities(name);
    if (name in out) out[name] = [].concat(out[name], value);
    else out[name] = value;
  };
  const attr = (tag, a) => {
    const m = new RegExp(`\\s${a}(?:="([^"]*)")?(?=[\\s>])`).exec(tag);
    return m ? (m[1] === undefined ? '' : decodeEntities(m[1])) : null;
  };
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (name === null) continue;
    const type = (attr(tag, 'type') || 'text').toLowerCase();
    if ((type === 'checkbox' || type === 'radio') && attr(tag, 'checked') === null) continue;
    add(name, attr(tag, 'value') ?? '');
  }
  for (const m of html.matchAll(/<textarea\b([^>]*)>([^<]*)<\/textarea>/g)) {
    const name = attr(`<textarea${m[1]}>`, 'name');
    if (name !== null) add(name, decodeEntities(m[2].replace(/^\n/, '')));
  }
  for (const m of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(`<select${m[1]}>`, 'name');
    if (name === null) continue;
    const opts = [...m[2].matchAll(/<option\b[^>]*>/g)].map((o) => o[0]);
    const sel = opts.find((o) => attr(o, 'selected') !== null) || opts[0];
    add(name, sel ? attr(sel, 'value') ?? '' : '');
  }
  return out;
}

/** The message shown next to a field of the registration form (its id: the name with '.' as '-'), or null. */
export function fieldError(html, name) {
  const id = name.replace(/\./g, '-');
  const m = new RegExp(`<p class="field-error" id="${id}(?:-error)?">([^<]*)</p>`).exec(html);
  return m ? decodeEntities(m[1]) : null;
}
