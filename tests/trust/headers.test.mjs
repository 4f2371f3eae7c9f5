// headers: issue 11 item 8, headers and sessions everywhere. A crawl of every page the route table names
// (`barnplan routes`, never a list of our own), each `{id}` filled with a real id of a case with every area
// filled in (consent and its scan, preparation, meetings, plan, versions and their PDFs, a signature's scan,
// events, a follow-up, a survey; and a second such case closed, for the closure letter), fetched with GET by
// anonymous, by staff of every role, by an installation administrator and by family members (a guardian and
// a child). On every answer:
//   - Content-Security-Policy with frame-ancestors, and X-Content-Type-Options: nosniff;
//   - Cache-Control: no-store (every route's answer: a page behind a login, an API answer, and the public pages
//     too, whose forms carry a one-time login token); only /static/ files are cacheable (public, a day: the
//     same bytes for everyone, no personal data, no cookie);
//   - every Set-Cookie HttpOnly and SameSite, Path=/, no Domain; with secure_cookies on (a second crawl) every
//     cookie named __Host- and Secure (sent back by hand over plain http on loopback: the client's jar is ours);
//   - the session id is 256 bits from libsodium (43 characters of base64url; src/auth/auth.c bp_token_new);
//   - no state change on GET: every table's row count and a hash of its contents, before and after the whole
//     crawl, differ only in the audit trail and the sessions' last activity.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, assertCleanLog, barnplanBin, dbQuery, today, DEMO_PASSWORD, SOURCE_DIR, hiddenField } from '../lib/server.mjs';
import { orgIds } from '../lib/fixtures.mjs';
import { fullFamilyCase, letterCode } from '../lib/family.mjs';
import { minimalPdf, uploadScan } from '../lib/scan.mjs';

/** The route table, as the binary prints it. */
const ROUTES = JSON.parse(execFileSync(barnplanBin(), ['routes'], { encoding: 'utf8' }));
const GETS = ROUTES.filter((r) => r.method === 'GET');

/** The only query strings the crawl adds, by route name: routes that do nothing without one. */
const QUERY = { lang: 'l=en&next=%2Fcases', plan_compare: 'from=1&to=2' };

/** Tables whose changes on GET are allowed: the audit trail (every read is on record). */
const AUDIT_TABLE = /^audit/;
/** Columns that may change on GET: the sessions' last activity. */
const MAY_CHANGE = { sessions: ['last_seen'] };

/** A Set-Cookie line as { name, value, attrs: { lower-case attribute: value or true } }. */
function parseCookie(line) {
  const [pair, ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    attrs[(i < 0 ? a : a.slice(0, i)).trim().toLowerCase()] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

/** A client of our own: the cookies are sent back by hand (also __Host- ones over plain http). */
class Jar {
  constructor(base, secure) {
    this.base = base;
    this.secure = secure;
    this.jar = new Map();
    this.csrf = null;
    this.cookiesSeen = [];
  }
  get session() {
    return this.jar.get(this.secure ? '__Host-bp_session' : 'bp_session');
  }
  async request(method, p, { body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.jar.size) h.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await fetch(this.base + p, { method, headers: h, body, redirect: 'manual', signal: AbortSignal.timeout(60000) });
    const buf = Buffer.from(await r.arrayBuffer());
    const res = { status: r.status, headers: r.headers, buf, text: buf.toString('utf8'), setCookies: r.headers.getSetCookie() };
    for (const line of res.setCookies) {
      const c = parseCookie(line);
      this.cookiesSeen.push({ line, path: p });
      if (c.attrs['max-age'] === '0' || c.value === '') this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    if ((r.headers.get('content-type') || '').startsWith('text/html')) {
      const t = hiddenField(res.text, 'csrf');
      if (t) this.csrf = t;
    }
    return res;
  }
  get(p) {
    return this.request('GET', p);
  }
  post(p, form) {
    const pairs = Object.entries(form);
    if (this.csrf && !('csrf' in form)) pairs.unshift(['csrf', this.csrf]);
    return this.request('POST', p, { body: new URLSearchParams(pairs).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

/** Logs in through the staff login form; asserts the session cookie. */
async function staffLogin(srv, user, secure) {
  const c = new Jar(srv.base, secure);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  const r = await c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username: user, password: DEMO_PASSWORD, next: '/cases' });
  assert.equal(r.status, 303, `login as ${user}: ${r.text.slice(0, 300)}`);
  assert.ok(c.session, `login as ${user} sets the session cookie`);
  await c.get('/cases'); // a csrf field
  c.who = user;
  return c;
}

/** Logs a family member in with a letter's code through the family login form. */
async function familyLoginJar(srv, code, who, secure) {
  const c = new Jar(srv.base, secure);
  const page = await c.get('/family/login');
  assert.equal(page.status, 200);
  const r = await c.post('/family/login', { login_csrf: hiddenField(page.text, 'login_csrf'), code });
  assert.equal(r.status, 303, `family login (${who}): ${r.text.slice(0, 300)}`);
  assert.ok(c.session, `family login (${who}) sets the session cookie`);
  c.who = who;
  return c;
}

/** Every table's row count and a hash of its rows (sorted), without the audit trail and the columns that may change. */
async function snapshot(srv) {
  const pg = srv.backend === 'postgres';
  const names = (await dbQuery(srv, pg
    ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"))
    .split('\n').filter(Boolean);
  assert.ok(names.includes('sessions') && names.includes('cases'), `the tables: ${names}`);
  const out = {};
  for (const t of names) {
    if (AUDIT_TABLE.test(t)) continue;
    let cols = '*';
    if (MAY_CHANGE[t]) {
      const all = (await dbQuery(srv, pg
        ? `SELECT column_name FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`
        : `SELECT name FROM pragma_table_info('${t}')`)).split('\n').filter(Boolean);
      cols = all.filter((c) => !MAY_CHANGE[t].includes(c)).join(', ');
    }
    const rows = (await dbQuery(srv, `SELECT ${cols} FROM ${t}`)).split('\n').filter(Boolean).sort();
    out[t] = { rows: rows.length, hash: createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16) };
  }
  return out;
}

/** The data the crawl fills `{id}` with: two full cases (A open, B closed), and the ids under them. */
async function seed(srv) {
  const [anna, bertil, david, admin, annaWeb] = await Promise.all([srv.apiLogin('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin'), srv.login('anna')]);
  const ok = (r, status, what) => assert.equal(r.status, status, `${what}: ${r.text.slice(0, 400)}`);
  const orgs = await orgIds(anna);
  const school = orgs['Ålidhemsskolan'];
  const full = async (age) => {
    const kase = await fullFamilyCase({ anna, bertil, david }, age);
    const api = `/api/v1/cases/${kase.id}`;
    // a consent's scanned paper (V-2.5)
    const consents = (await anna.getJson(`${api}/consents`)).json();
    const list = Array.isArray(consents) ? consents : consents.consents;
    const consentId = list.find((c) => c.org_id === school)?.id ?? list[0].id;
    ok(await uploadScan(anna, `${api}/consents/${consentId}/scan`, minimalPdf(), { api: true }), 201, 'consent scan');
    // a guardian's signature on paper, with its scan (V-8a.2)
    const sig = await anna.postJson(`${api}/plan/signatures`, { version: 1, signed_on: today(), kind: 'guardian', guardian_id: kase.guardians[0] });
    ok(sig, 201, 'signature');
    const signatureId = (await anna.getJson(`${api}/plan`)).json().signatures.find((s) => s.kind === 'guardian').id;
    ok(await uploadScan(anna, `${api}/plan/signatures/${signatureId}/scan`, minimalPdf('Underskrift'), { api: true }), 201, 'signature scan');
    // an event during the plan (V-9.4)
    const ev = await bertil.postJson(`${api}/implementation/events`, { what: 'Familjen flyttar i maj.', happened_on: today() });
    ok(ev, 201, 'event');
    // the preparation of the child and of a guardian (V-5)
    ok(await anna.postJson(`${api}/preparation/child`, { answers: { q3: 'Att någon lyssnar.' } }), 200, 'child prep');
    ok(await anna.postJson(`${api}/preparation/guardians/${kase.guardians[0]}`, { answers: { q5: 'Att få prata först' } }), 200, 'guardian prep');
    // the follow-up of the booked follow-up meeting (V-10.2)
    ok(await anna.postJson(`${api}/meetings/${kase.meetingId}/followup`, { child_last_meeting: 'Bra.', guardians_view: 'Lugnare hemma.', heard_on: today() }), 200, 'follow-up');
    // an organisation asked to take part, whose consent the family may give (V-2.6)
    ok(await anna.postJson(`${api}/asks`, { org_id: orgs['Vårdcentralen Ålidhem'] }), 201, 'ask');
    // the draft's own intervention (the edit page is the draft's)
    const draftIv = (await anna.getJson(`${api}/plan`)).json().interventions[0].id;
    return { ...kase, consentId, signatureId, eventId: ev.json().id, ask: orgs['Vårdcentralen Ålidhem'], draftIv };
  };
  const a = await full(10);
  const b = await full(13);
  // family members of case A (a guardian, the child) and of case B (a guardian), before B is closed
  const codes = {
    guardian: await letterCode(annaWeb, a.id, a.guardians[0]),
    child: await letterCode(annaWeb, a.id, 0),
    guardianB: await letterCode(annaWeb, b.id, b.guardians[0]),
  };
  ok(await anna.postJson(`/api/v1/cases/${b.id}/closure`, { reason: 'goals_reached', agreed_child: true, agreed_guardians: [b.guardians[0]] }), 200, 'closure');
  // staff of every role: a regional follow-up reader and an organisation's administrator (added here)
  for (const [user, role] of [['rita', 'regional'], ['olof', 'org_admin']])
    await srv.cli(['user', 'add', user, '--name', `${user} (test)`, '--email', `${user}@example.se`, '--org', `${school}:${role}`], `${DEMO_PASSWORD}\n`);
  const staff = (await admin.getJson(`/api/v1/admin/orgs/${school}/staff`)).json();
  const staffList = Array.isArray(staff) ? staff : staff.staff;
  const member = staffList.find((s) => s.username === 'anna') ?? staffList[0];
  return { cases: [a, b], codes, org: school, staffId: member.id ?? member.user_id };
}

/** The paths of a route with its `{id}`s filled for one case, each id chosen by the segment before it. */
function pathsFor(route, data) {
  if (!route.path.includes('{id}')) return [route.path];
  return data.cases.map((k) => {
    const segs = route.path.split('/');
    return segs.map((s, i) => {
      if (!s.startsWith('{id}')) return s;
      const suffix = s.slice(4);
      const before = segs[i - 1]; // plan/interventions/{id}: the draft's (to edit); implementation/...: the version's under way
      const id = {
        cases: k.id, consents: k.consentId, meetings: k.meetingId, versions: 1, signatures: k.signatureId,
        interventions: segs[i - 2] === 'plan' ? k.draftIv : k.schoolIv, events: k.eventId, guardians: k.guardians[0], asks: k.ask, orgs: data.org, staff: data.staffId,
      }[before];
      assert.ok(id !== undefined, `the crawl has no id for "${before}/{id}" in ${route.path}: add it to pathsFor`);
      return `${id}${suffix}`;
    }).join('/');
  });
}

/** The checks on one answer; problems pushed as strings. */
function checkAnswer(where, res, secure, problems, cookieRules) {
  const h = (n) => res.headers.get(n);
  const csp = h('content-security-policy') || '';
  if (!/frame-ancestors 'none'/.test(csp)) problems.push(`${where}: Content-Security-Policy without frame-ancestors: ${csp}`);
  if (h('x-content-type-options') !== 'nosniff') problems.push(`${where}: X-Content-Type-Options ${h('x-content-type-options')}`);
  if (h('cache-control') !== 'no-store') problems.push(`${where}: Cache-Control ${h('cache-control')} (every route's answer is no-store)`);
  for (const line of res.setCookies) cookieRules(where, line, secure, problems);
}

function cookieRules(where, line, secure, problems) {
  const c = parseCookie(line);
  const bad = (what) => problems.push(`${where}: cookie ${c.name} ${what}: ${line}`);
  if (!c.attrs.httponly) bad('is not HttpOnly');
  if (!c.attrs.samesite) bad('has no SameSite');
  if (c.attrs.path !== '/') bad('has no Path=/');
  if ('domain' in c.attrs) bad('has a Domain');
  if (secure) {
    if (!c.name.startsWith('__Host-')) bad('is not named __Host-');
    if (!c.attrs.secure) bad('is not Secure');
  } else if (c.name.startsWith('__Host-') || c.attrs.secure) bad('is Secure or __Host- without secure_cookies');
  if (/bp_session$/.test(c.name) && c.value !== '' && !/^[A-Za-z0-9_-]{43}$/.test(c.value))
    bad('is not 43 characters of base64url (256 bits)');
}

/** One crawl: a server (secure_cookies on or off), its data, its sessions, every GET by every session. */
function crawl(secure) {
  describe(`issue 11 item 8: the crawl of every GET route${secure ? ', secure_cookies on' : ''}`, () => {
    let srv;
    let data;
    const clients = [];

    before(async () => {
      srv = await startServer({ children: 5, workers: 2, env: secure ? { BARNPLAN_SECURE_COOKIES: 'yes' } : {} });
      if (secure) {
        // the helpers of tests/lib log in with the plain cookie names; with __Host- names the crawl logs in itself
        data = await seedSecure(srv);
      } else data = await seed(srv);
      clients.push(new Jar(srv.base, secure)); // anonymous
      clients[0].who = 'anonymous';
      for (const user of ['anna', 'bertil', 'david', 'cecilia', 'greta', 'karin', 'maja', 'rita', 'olof', 'admin'])
        clients.push(await staffLogin(srv, user, secure));
      for (const [who, code] of Object.entries(data.codes)) clients.push(await familyLoginJar(srv, code, who, secure));
    });
    after(async () => {
      if (!srv) return;
      const r = await srv.stop();
      assertCleanLog(srv.log());
      assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null });
    });

    test('V-13 (issue 11 item 8): every answer to every session has CSP frame-ancestors, nosniff, no-store and only HttpOnly cookies; GET changes nothing', async () => {
      const problems = [];
      const statuses = {};
      const beforeSnap = await snapshot(srv);
      let n = 0;
      const staticPaths = new Set();
      const never200 = [];
      const forbidden = new Set();
      for (const route of GETS) {
        let seen200 = false;
        for (const p0 of pathsFor(route, data)) {
          const p = QUERY[route.name] ? `${p0}?${QUERY[route.name]}` : p0;
          for (const c of clients) {
            const res = await c.get(p);
            n++;
            statuses[res.status] = (statuses[res.status] || 0) + 1;
            seen200 ||= res.status === 200;
            if (res.status === 403) forbidden.add(route.name); // a refusal that is not a not-found (for the isolation work, item 1)
            checkAnswer(`${c.who} GET ${p} (${res.status})`, res, secure, problems, cookieRules);
            if (res.status >= 500) problems.push(`${c.who} GET ${p}: ${res.status}`);
            for (const m of res.text.matchAll(/(?:href|src)="(\/static\/[^"?#]+)"/g)) staticPaths.add(m[1]);
          }
        }
        if (!seen200) never200.push(route.path);
      }
      const afterSnap = await snapshot(srv);
      const changed = Object.keys({ ...beforeSnap, ...afterSnap }).filter((t) => JSON.stringify(beforeSnap[t]) !== JSON.stringify(afterSnap[t]));
      assert.deepEqual(changed.map((t) => `${t}: ${JSON.stringify(beforeSnap[t])} -> ${JSON.stringify(afterSnap[t])}`), [],
        'no state change on GET: only the audit trail and the sessions\' last activity may differ');
      // the public answers that may be cached: the static files (the same bytes for everyone; no cookie)
      assert.ok(staticPaths.size > 0, 'the pages link static files');
      for (const p of staticPaths) {
        const res = await clients[1].get(p);
        assert.equal(res.status, 200, p);
        assert.match(res.headers.get('cache-control'), /^public, max-age=\d+$/, `${p}: cacheable`);
        assert.deepEqual(res.setCookies, [], `${p}: no cookie`);
        assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      }
      assert.ok(n >= GETS.length * clients.length, `${n} answers`);
      assert.ok(statuses[200] > GETS.length, `most routes answer some session 200: ${JSON.stringify(statuses)}`);
      assert.deepEqual(problems, [], `${problems.length} problems in ${n} answers`);
      console.log(`# crawl${secure ? ' (secure_cookies)' : ''}: ${GETS.length} GET routes, ${clients.length} sessions, ${n} answers, statuses ${JSON.stringify(statuses)}, ${staticPaths.size} static files; no 200 for: ${never200.join(' ')}; 403: ${[...forbidden].join(' ')}`);
    });

    test('V-13 (issue 11 item 8): session ids carry 256 bits from libsodium; every cookie set during logins passed the rules', async () => {
      const sessions = clients.filter((c) => c.session).map((c) => c.session);
      assert.equal(sessions.length, clients.length - 1, 'every logged-in client has a session cookie');
      for (const s of sessions) assert.match(s, /^[A-Za-z0-9_-]{43}$/, '43 base64url characters: 256 bits');
      assert.equal(new Set(sessions).size, sessions.length, 'all different');
      const problems = [];
      for (const c of clients) for (const { line, path: p } of c.cookiesSeen) cookieRules(`${c.who} ${p}`, line, secure, problems);
      assert.deepEqual(problems, []);
      const names = new Set(clients.flatMap((c) => c.cookiesSeen.map(({ line }) => parseCookie(line).name)));
      for (const n of ['bp_session', 'bp_login']) assert.ok(names.has(secure ? `__Host-${n}` : n), `${n} was set and checked: ${[...names]}`);
      // the source: the token is 32 bytes of randombytes_buf in base64url
      const auth = readFileSync(path.join(SOURCE_DIR, 'src/auth/auth.c'), 'utf8');
      const fn = auth.slice(auth.indexOf('void bp_token_new'), auth.indexOf('void bp_token_hash'));
      assert.match(fn, /unsigned char raw\[32\];\s*randombytes_buf\(raw, sizeof\(raw\)\);/);
      assert.match(fn, /sodium_base64_VARIANT_URLSAFE_NO_PADDING/);
    });
  });
}

/** seed() for the secure crawl: the fixtures' clients expect the plain cookie names, so the data is made the
 * same way through a client that renames the cookies it is given. */
async function seedSecure(srv) {
  const real = globalThis.fetch;
  // the fixtures' clients read `bp_session`: show them the __Host- cookies under their plain names and send
  // them back under the __Host- names (only while seeding; the crawl itself uses the names as they are)
  globalThis.fetch = async (url, opts = {}) => {
    const o = { ...opts, headers: { ...(opts.headers || {}) } };
    for (const k of Object.keys(o.headers))
      if (k.toLowerCase() === 'cookie') o.headers[k] = String(o.headers[k]).replace(/(^|; )(bp_[a-z_]+)=/g, '$1__Host-$2=');
    const r = await real(url, o);
    const lines = r.headers.getSetCookie().map((l) => l.replace(/^__Host-/, ''));
    const headers = new Headers();
    for (const [k, v] of r.headers) if (k !== 'set-cookie') headers.append(k, v);
    for (const l of lines) headers.append('set-cookie', l);
    return new Response([101, 204, 205, 304].includes(r.status) ? null : await r.arrayBuffer(), { status: r.status, statusText: r.statusText, headers });
  };
  try {
    return await seed(srv);
  } finally {
    globalThis.fetch = real;
  }
}

crawl(false);
crawl(true);
