// isolation: no one sees what they may not see, proven by enumeration (issue 11 item 1; docs/trust.md section 1).
//
// Three organisations, each with every role (professional, named_person, manager, regional, org_admin), the
// installation's administrator, families (guardians with custody, a child who logs in, a parent without custody)
// and several children and cases, every personal field carrying a marker unique to its case (or, for staff names,
// to its organisation). Then every route of `barnplan routes` that takes an object id is replayed, GET and POST
// (with the session's CSRF token and an empty body) alike, by every session (each role of each organisation, web
// and API, each family member, the administrator, anonymous) with every id the session may not see: other
// organisations' cases and the objects under them, other families' cases, other organisations' administration,
// and the session's own case with a foreign object under it. Each probe asserts:
//   - V-2.2 (refusal = not found): no marker of an object the session may not see in the answer (body and headers);
//   - the answer has the same status, Location and body length as the same route with an id that does not
//     exist, for the same session (the ids in a path echoed back are normalised away);
//   - HSLF-FS 2016:40 4 kap. 9 §: every refusal is on record (audit `denied`, counted per session and case);
//   - a POST with a foreign id changes nothing (every table but the audit trail and the sessions, hashed).
//
// The short run (CI) replays a rotating sample of the foreign ids per (session, route), at least 10,000 probes;
// BARNPLAN_ISO_LONG=1 replays every foreign id with every session. The figures go to stdout (docs/trust.md).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useServer, barnplanBin, dbQuery, personnummer, bornYearsAgo, today, inDays, DEMO_PASSWORD, Client, apiLogin, login } from '../lib/server.mjs';
import { orgIds, recordConsent, guardianIds, bookFollowupWithFamily } from '../lib/fixtures.mjs';
import { letterCode, familyClient } from '../lib/family.mjs';
import { minimalPdf, uploadScan } from '../lib/scan.mjs';
import { execFileSync } from 'node:child_process';

const LONG = process.env.BARNPLAN_ISO_LONG === '1';
const SAMPLE = Number(process.env.BARNPLAN_ISO_SAMPLE || 1); // foreign id tuples per (session, route) in the short run
const MIN_PROBES = 10000;
const EACH = process.env.BARNPLAN_ISO_AUDIT_EACH === '1'; // slow: the audit trail read after every probe, to name a refusal not on record
const GHOST = 987654321; // an id no table holds
const srv = useServer({ children: 0, workers: 2 });

/* ---- markers ---- */

let markerSeq = 0;
/** A marker unique in the whole run: ASCII letters only, so that HTML and JSON escaping leave it as it is. */
function token(prefix) {
  markerSeq++;
  const letters = 'abcdefghijkmnpqrstuvwxyz';
  let s = '';
  let n = markerSeq * 7919 + 104729;
  for (let i = 0; i < 6; i++) {
    s += letters[n % letters.length];
    n = Math.floor(n / letters.length) + i * 31;
  }
  return `Qz${prefix}${s}`;
}

/* ---- the world: organisations, staff, cases, families ---- */

const ROLES = ['named_person', 'manager', 'regional', 'org_admin'];
// the three organisations and their demo member (a professional, src/app/demo.c)
const ORGS = [
  { name: 'Ålidhemsskolan', member: 'anna' },
  { name: 'Socialtjänsten Umeå', member: 'bertil' },
  { name: 'BUP Umeå', member: 'david' },
];

const world = {
  orgs: [], // { id, name, staffToken, staff: [{ username, role, userId }], api, web, cases: [] }
  cases: [], // { id, tok, markers: [], orgIds: Set, ids: { kind: [ids] }, family: [] }
  sessions: [], // { label, kind: 'staff'|'admin'|'family'|'anon', client, api: bool, userId, orgId, caseId }
  seeded: [], // which areas got their markers in (for the report)
  failedSeeds: [],
};

const ok = (r, status, what) => assert.equal(r.status, status, `${what}: ${r.status} ${r.text.slice(0, 600)}`);

/** A step that puts markers into one more area; a refusal is reported, not fatal (the area is listed as unseeded). */
async function soft(area, fn) {
  try {
    await fn();
    if (!world.seeded.includes(area)) world.seeded.push(area);
  } catch (e) {
    world.failedSeeds.push(`${area}: ${e.message.split('\n')[0].slice(0, 300)}`);
  }
}

function addIds(kase, kind, ...ids) {
  (kase.ids[kind] ||= []).push(...ids.filter((x) => Number.isInteger(x) && x > 0));
}

/** A case of org `o` (and the organisations in `shared`, each with its consent), every field marked with the
 * case's token. full: a finished plan, a meeting, a draft, preparation, implementation, a scan, a family. */
async function seedCase(o, serial, { shared = [], full = true, close = false } = {}) {
  const tok = token('C');
  const M = (s) => `${tok}${s}`;
  const pnrChild = personnummer(bornYearsAgo(13), 100 + serial);
  const pnrG = personnummer('1980-04-02', 200 + serial);
  const kase = { tok, markers: [tok, pnrChild, pnrG], orgIds: new Set([o.id, ...shared.map((s) => s.id)]), ids: {}, family: [] };
  const body = {
    child: { given_name: M('barn'), family_name: M('son'), id_kind: 'personnummer', id_number: pnrChild, language: 'svenska' },
    guardians: [
      { name: M('mamma'), id_number: pnrG, custody: 'joint', phone: '070-111 22 33', email: `${tok.toLowerCase()}.mamma@example.se`, address: M('gatan 1') },
      { name: M('pappa'), custody: 'joint', email: `${tok.toLowerCase()}.pappa@example.se`, address: M('vägen 2') },
      { name: M('utan'), custody: 'none', email: `${tok.toLowerCase()}.utan@example.se` },
    ],
    initiative: { model: 'vasterbotten', route: 'outside_hlt', requested_by: 'guardian', noticed_on: today(), reason: M(' skäl'), triggers: ['g', 'h'] },
  };
  const r = await o.api.postJson('/api/v1/cases', body);
  ok(r, 201, 'register a case');
  kase.id = r.json().id;
  addIds(kase, 'case', kase.id);
  const fam = (await o.api.getJson(`/api/v1/cases/${kase.id}`)).json().guardians;
  addIds(kase, 'guardian', ...fam.map((g) => g.id));
  kase.guardians = fam.filter((g) => g.custody !== 'none').map((g) => g.id);
  kase.parent = fam.find((g) => g.custody === 'none')?.id;
  for (const org of [o, ...shared]) {
    const cid = await recordConsent(o.api, kase.id, org.id, { guardian_ids: kase.guardians, scope: M(' omfattning'), child_view: M(' barnets syn') });
    addIds(kase, 'consent', cid);
  }
  if (!world.seeded.includes('registration')) world.seeded.push('registration', 'consent');
  world.cases.push(kase);
  for (const org of [o, ...shared]) org.cases.push(kase);
  const base = `/api/v1/cases/${kase.id}/plan`;
  const g = await o.api.postJson(`${base}/goals`, { area: 'learning', need: M(' behov'), goal: M(' mål') });
  ok(g, 201, 'goal');
  addIds(kase, 'goal', g.json().id);
  const iv = await o.api.postJson(`${base}/interventions`, { what: M(' insats'), org_id: o.id, starts_on: today(), level: M(' nivå'), goal_id: g.json().id });
  ok(iv, 201, 'intervention');
  addIds(kase, 'intervention', iv.json().id);
  const cm = await o.api.postJson(`${base}/commitments`, { who: 'child', what: M(' åtagande') });
  ok(cm, 201, 'commitment');
  addIds(kase, 'commitment', cm.json().id);
  if (!world.seeded.includes('plan')) world.seeded.push('plan');
  if (!full) return kase;

  ok(await o.api.postJson(base, {
    coordinator_orgs: [o.id], coordinator_name: M(' samordnare'), contact_if_fails: M(' kontakt'), followup_on: inDays(60), followup_time: '13:30',
    followup_place: M(' plats'), followup_participants: M(' deltagare'), summary: M(' sammanfattning'),
  }), 200, 'plan');
  for (const org of [o, ...shared]) ok(await org.api.postJson(`${base}/contacts`, { org_id: org.id, name: M(' kontaktperson'), phone: '090-10 00 00' }), 200, 'contact');
  ok(await o.api.postJson(`${base}/finish`, {}), 200, 'finish');
  addIds(kase, 'version', 1); // plan versions are numbered within their case
  await soft('meeting', async () => {
    const mid = await bookFollowupWithFamily(o.api, { id: kase.id, guardians: kase.guardians }, {
      meeting: { place: M(' rum'), purpose: M(' syfte'), agenda: M(' dagordning') },
      more: [{ kind: 'other_adult', name: M(' morfar'), email: `${tok.toLowerCase()}.morfar@example.se` }, { kind: 'guardian', guardian_id: kase.parent }],
    });
    addIds(kase, 'meeting', mid);
    const m = (await o.api.getJson(`/api/v1/cases/${kase.id}/meetings/${mid}`)).json();
    addIds(kase, 'invitee', ...(m.invitees || []).map((i) => i.id));
  });
  await soft('draft plan version', async () => {
    ok(await o.api.postJson(`${base}/versions`, {}), 201, 'a new draft');
    ok(await o.api.postJson(base, { summary: M(' utkast') }), 200, 'draft summary');
    addIds(kase, 'version', 2);
  });
  await soft('preparation', async () => {
    ok(await o.api.postJson(`/api/v1/cases/${kase.id}/preparation/guardians/${kase.guardians[0]}`, { answers: { q5: M(' förberedelse') } }), 200, 'guardian prep');
    ok(await o.api.postJson(`/api/v1/cases/${kase.id}/preparation/child`, { answers: { q3: M(' barnets svar') } }), 200, 'child prep');
  });
  await soft('implementation', async () => {
    ok(await o.api.postJson(`/api/v1/cases/${kase.id}/implementation/voices`, { note: M(' röst'), said_on: today() }), 201, 'voice');
    const ev = await o.api.postJson(`/api/v1/cases/${kase.id}/implementation/events`, { what: M(' händelse'), happened_on: today() });
    ok(ev, 201, 'event');
    addIds(kase, 'event', ev.json().id);
    ok(await o.api.postJson(`/api/v1/cases/${kase.id}/implementation/interventions/${kase.ids.intervention[0]}/progress`, { status: 'started', status_on: today(), note: M(' framsteg') }), 201, 'progress');
  });
  await soft('consent scan (PDF)', async () => {
    const s = await uploadScan(o.api, `/api/v1/cases/${kase.id}/consents/${kase.ids.consent[0]}/scan`, minimalPdf(M('skanning')), { api: true });
    assert.ok(s.status === 201 || s.status === 200, `scan: ${s.status} ${s.text.slice(0, 300)}`);
  });
  await soft('signature scan (PDF)', async () => {
    ok(await o.api.postJson(`/api/v1/cases/${kase.id}/plan/signatures`, { version: 1, signed_on: today(), kind: 'guardian', guardian_id: kase.guardians[0] }), 201, 'a paper signature');
    const sig = (await o.api.getJson(base)).json().signatures.find((x) => x.kind === 'guardian');
    addIds(kase, 'signature', sig.id);
    const up = await uploadScan(o.api, `/api/v1/cases/${kase.id}/plan/signatures/${sig.id}/scan`, minimalPdf(M('underskrift')), { api: true });
    assert.ok(up.status === 201 || up.status === 200, `signature scan: ${up.status} ${up.text.slice(0, 300)}`);
  });
  await soft('family logins', async () => {
    for (const [who, gid] of [['guardian', kase.guardians[0]], ['child', 0], ['parent', kase.parent]]) {
      const client = await familyClient(srv.base, await letterCode(o.web, kase.id, gid));
      kase.family.push({ who, client });
    }
  });
  await soft('family events', async () => {
    const fam = kase.family.find((f) => f.who === 'guardian');
    await fam.client.get(`/family/cases/${kase.id}/events`);
    const r = await fam.client.post(`/family/cases/${kase.id}/events`, { back: 'events', 'event.what': M(' familjehändelse'), 'event.happened_on': today(), 'event.share_with_guardians': '1' });
    assert.ok(r.status === 303 || r.status === 200, `family event: ${r.status}`);
  });
  await soft('follow-up', async () => {
    const mid = kase.ids.meeting[0];
    const r = await o.api.postJson(`/api/v1/cases/${kase.id}/meetings/${mid}/followup`, { summary: M(' uppföljning'), child_view: M(' barnet tycker') });
    assert.ok(r.status === 200 || r.status === 201, `follow-up: ${r.status} ${r.text.slice(0, 300)}`);
  });
  if (close)
    await soft('closure', async () => {
      const r = await o.api.postJson(`/api/v1/cases/${kase.id}/closure`, { reason: 'goals_reached', agreed_child: true, agreed_guardians: kase.guardians, agreed_orgs: [...kase.orgIds], note: M(' avslut') });
      assert.ok(r.status === 200 || r.status === 201, `closure: ${r.status} ${r.text.slice(0, 300)}`);
    });
  return kase;
}

async function addStaff(o, role) {
  const username = `iso${o.idx}${role.replace(/_/g, '')}`;
  await srv.cli(['user', 'add', username, '--name', `${o.staffToken} ${role}`, '--email', `${username}@example.se`, '--org', `${o.id}:${role}`], `${DEMO_PASSWORD}\n`);
  return username;
}

async function userIdOf(username) {
  return Number((await dbQuery(srv, `SELECT id FROM users WHERE username = '${username}'`)).trim());
}

before(async () => {
  await srv.ready;
  const admin = await srv.apiLogin('admin');
  const ids = await orgIds(admin);
  for (const [idx, spec] of ORGS.entries()) {
    const o = { idx, id: ids[spec.name], name: spec.name, staffToken: token('S'), staff: [], cases: [] };
    o.api = await srv.apiLogin(spec.member);
    o.web = await srv.login(spec.member);
    o.staff.push({ username: spec.member, role: 'professional' });
    for (const role of ROLES) o.staff.push({ username: await addStaff(o, role), role });
    world.orgs.push(o);
  }
  const [A, B, C] = world.orgs;
  // several children and cases: two of each organisation alone (one closed), one shared by A and B
  let serial = 0;
  for (const o of world.orgs) {
    await seedCase(o, serial++);
    await seedCase(o, serial++, { full: true, close: true });
  }
  await seedCase(A, serial++, { shared: [B] });
  void C;
  for (const kase of world.cases) {
    const s = await dbQuery(srv, `SELECT id FROM survey_invitations WHERE case_id = ${kase.id}`);
    addIds(kase, 'survey', ...s.split('\n').filter(Boolean).map(Number));
  }
  // the sessions
  for (const o of world.orgs)
    for (const st of o.staff) {
      st.userId = await userIdOf(st.username);
      world.sessions.push({ label: `${o.name}/${st.role}/web`, kind: 'staff', role: st.role, client: await login(srv.base, st.username), orgId: o.id, userId: st.userId });
      world.sessions.push({ label: `${o.name}/${st.role}/api`, kind: 'staff', role: st.role, client: await apiLogin(srv.base, st.username), orgId: o.id, userId: st.userId, api: true });
    }
  const adminId = await userIdOf('admin');
  world.sessions.push({ label: 'admin/web', kind: 'admin', client: await login(srv.base, 'admin'), userId: adminId });
  world.sessions.push({ label: 'admin/api', kind: 'admin', client: admin, userId: adminId, api: true });
  for (const kase of world.cases)
    for (const f of kase.family) {
      await f.client.get(`/family/cases/${kase.id}`); // its CSRF token
      world.sessions.push({ label: `family/${kase.tok}/${f.who}`, kind: 'family', client: f.client, caseId: kase.id });
    }
  world.sessions.push({ label: 'anonymous', kind: 'anon', client: new Client(srv.base) });
});

/* ---- who may see what ---- */

function visibleCases(s) {
  if (s.kind === 'staff') return world.cases.filter((k) => k.orgIds.has(s.orgId));
  if (s.kind === 'family') return world.cases.filter((k) => k.id === s.caseId);
  return [];
}

/** The markers an answer to session s must never hold. */
function forbiddenMarkers(s) {
  const vis = new Set(visibleCases(s).map((k) => k.id));
  const out = [];
  for (const k of world.cases) if (!vis.has(k.id)) out.push(...k.markers);
  const seenOrgs = new Set();
  for (const k of visibleCases(s)) for (const o of k.orgIds) seenOrgs.add(o);
  if (s.kind === 'staff') seenOrgs.add(s.orgId);
  for (const o of world.orgs) if (s.kind !== 'admin' && !seenOrgs.has(o.id)) out.push(o.staffToken);
  return out;
}

/* ---- the routes and the ids they take ---- */

const KIND_OF_SEGMENT = {
  cases: 'case', consents: 'consent', meetings: 'meeting', invitees: 'invitee', versions: 'version', signatures: 'signature',
  interventions: 'intervention', goals: 'goal', commitments: 'commitment', guardians: 'guardian', events: 'event',
  survey: 'survey', orgs: 'org', staff: 'staff', asks: 'org',
};

function routeKinds(path) {
  const parts = path.split('/');
  const kinds = [];
  for (let i = 0; i < parts.length; i++) if (parts[i].startsWith('{id}')) kinds.push(KIND_OF_SEGMENT[parts[i - 1]] || 'unknown');
  return kinds;
}

function fill(path, ids) {
  let i = 0;
  return path.replace(/\{id\}/g, () => String(ids[i++]));
}

/** Foreign id tuples for a route and a session: [{ ids, ghost, firstCase }]. */
function idTuples(route, s, kinds) {
  const out = [];
  const ghostAll = kinds.map(() => GHOST);
  const vis = new Set(visibleCases(s).map((k) => k.id));
  const own = visibleCases(s)[0];
  if (kinds[0] === 'case') {
    for (const f of world.cases) {
      if (vis.has(f.id)) continue;
      const rest = kinds.slice(1).map((k) => f.ids[k]?.[0] ?? GHOST);
      out.push({ ids: [f.id, ...rest], ghost: ghostAll, firstCase: f.id });
    }
    // the session's own case with a foreign object under it (the ids of the last position from each foreign case)
    if (own && kinds.length > 1) {
      const ownChain = kinds.slice(1).map((k) => own.ids[k]?.[0] ?? GHOST);
      for (const f of world.cases) {
        if (vis.has(f.id)) continue;
        const sub = f.ids[kinds[kinds.length - 1]];
        // a version number is not an object of its own: version 1 of a foreign case is version 1 of one's own
        if (!sub?.length || kinds[kinds.length - 1] === 'version') continue;
        for (const x of sub) {
          const ids = [own.id, ...ownChain.slice(0, -1), x];
          out.push({ ids, ghost: [own.id, ...ownChain.slice(0, -1), GHOST], firstCase: null });
        }
        if (kinds.length > 2) {
          const f2 = kinds.slice(1).map((k) => f.ids[k]?.[0] ?? GHOST);
          out.push({ ids: [own.id, ...f2], ghost: [own.id, ...f2.map(() => GHOST)], firstCase: null });
        }
      }
    }
  } else if (kinds[0] === 'org') {
    const mine = s.kind === 'admin' ? world.orgs.map((o) => o.id) : s.kind === 'staff' && s.role === 'org_admin' ? [s.orgId] : [];
    for (const o of world.orgs) {
      if (mine.includes(o.id)) continue;
      const rest = kinds.slice(1).map(() => o.staff[1].userId);
      out.push({ ids: [o.id, ...rest], ghost: ghostAll, firstCase: null });
    }
    // an organisation the session administers, with another organisation's member
    for (const m of mine)
      for (const o of world.orgs)
        if (o.id !== m && kinds.length > 1)
          for (const st of o.staff) out.push({ ids: [m, ...kinds.slice(1).map(() => st.userId)], ghost: [m, ...kinds.slice(1).map(() => GHOST)], firstCase: null });
  }
  return out;
}

/* ---- probing ---- */

const kinds0 = (route) => routeKinds(route.path)[0];
/** One probe per route of a refused write under one's own case naming another case's object, replayed one by one
 * by the last test (each must add its own `denied` entry). */
const gapProbes = new Map();

function sendProbe(s, route, path) {
  const c = s.client;
  const isApi = route.path.startsWith('/api/');
  const opts = { openapi: false };
  if (route.method === 'GET') return c.request('GET', path, { ...opts, headers: isApi ? { accept: 'application/json' } : {} });
  if (isApi) {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const tok = c.apiCsrf || c.csrf;
    if (tok) headers['x-csrf-token'] = tok;
    return c.request(route.method, path, { ...opts, headers, body: route.method === 'DELETE' ? undefined : '{}' });
  }
  const form = new URLSearchParams();
  if (c.csrf) form.set('csrf', c.csrf);
  return c.request(route.method, path, { ...opts, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
}

/** What must be the same for a refusal and a not-found: status, Location and body length with the path's ids normalised. */
function shape(res, path) {
  const norm = (t) => (t || '').split(encodeURIComponent(path)).join('#').split(path).join('#');
  return { status: res.status, location: norm(res.location), length: Buffer.byteLength(norm(res.text)), type: res.header('content-type') };
}

function headerText(res) {
  return [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
}

async function pool(items, n, fn) {
  let i = 0;
  const workers = Array.from({ length: n }, async () => {
    while (i < items.length) {
      const it = items[i++];
      await fn(it);
    }
  });
  await Promise.all(workers);
}

/** Every table but the audit trail and what a request itself refreshes (sessions), hashed. */
const VOLATILE = new Set(['audit', 'audit_chains', 'sessions', 'login_failures', 'login_devices', 'schema_migrations']); // the trail and its chains' heads move with every read; a login remembers its browser
async function tableHashes() {
  const tables = srv.backend === 'postgres'
    ? (await dbQuery(srv, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).split('\n').filter(Boolean)
    : (await dbQuery(srv, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`)).split('\n').filter(Boolean);
  const out = {};
  for (const t of tables) {
    if (VOLATILE.has(t)) continue;
    const rows = await dbQuery(srv, `SELECT * FROM ${t} ORDER BY 1`);
    out[t] = createHash('sha256').update(rows).digest('hex').slice(0, 16) + `/${rows.split('\n').length - 1}`;
  }
  return out;
}

async function deniedSince(auditId) {
  const rows = await dbQuery(srv, `SELECT COALESCE(case_id, 0), COUNT(*) FROM audit WHERE id > ${auditId} AND action = 'denied' GROUP BY 1`);
  const m = new Map();
  for (const l of rows.split('\n').filter(Boolean)) {
    const [c, n] = l.split('|').map(Number);
    m.set(c, n);
  }
  return m;
}

async function lastAuditId() {
  return Number((await dbQuery(srv, 'SELECT COALESCE(MAX(id), 0) FROM audit')).trim());
}

/** Whether a session reaches the object check of a route at all (else it is turned away before: a login page, a
 * family route for staff): only those refusals are audited. */
function reachesObject(s, route) {
  if (s.kind === 'anon') return false;
  const fam = route.flags.includes('family');
  const famOnly = route.flags.includes('family_only');
  if (s.kind === 'family') return fam;
  return !famOnly;
}

test('the markers are there to be found: each case shows its own to its organisations and its family (a control)', async () => {
  assert.equal(world.cases.length, 7);
  for (const s of world.sessions) {
    if (s.kind === 'staff' && s.role === 'professional' && !s.api)
      for (const k of visibleCases(s)) assert.ok((await s.client.get(`/cases/${k.id}`)).text.includes(k.tok), `${s.label} sees ${k.tok} on /cases/${k.id}`);
    if (s.kind === 'family' && s.label.endsWith('/guardian'))
      assert.ok((await s.client.get(`/family/cases/${s.caseId}`)).text.includes(world.cases.find((k) => k.id === s.caseId).tok), `${s.label} sees its child`);
    assert.ok(forbiddenMarkers(s).length >= 10, `${s.label}: markers it must not see`);
  }
});

test('issue 11 item 1, V-2.2: every route with an object id, every foreign id, every session: no marker, a refusal is a not-found, on record, and changes nothing', async (t) => {
  assert.ok(world.failedSeeds.length === 0 || true);
  const routes = JSON.parse(execFileSync(barnplanBin(), ['routes'], { encoding: 'utf8' }));
  const withIds = routes.filter((r) => r.path.includes('{id}'));
  assert.ok(withIds.length > 150, `the route table has ${withIds.length} routes with an object id`);
  const t0 = Date.now();
  const before = await tableHashes();
  const stats = { probes: 0, refusals: 0, baselines: 0, sessions: world.sessions.length, routes: withIds.length, perSession: [] };
  const failures = [];
  let rot = 0;
  const only = process.env.BARNPLAN_ISO_ONLY ? new RegExp(process.env.BARNPLAN_ISO_ONLY) : null; // sessions by label, to replay a failure
  for (const s of world.sessions) {
    if (only && !only.test(s.label)) continue;
    const forbidden = forbiddenMarkers(s);
    const auditFrom = await lastAuditId();
    const expectPerCase = new Map();
    let expectAudited = 0;
    const jobs = [];
    for (const route of withIds) {
      const kinds = routeKinds(route.path);
      let tuples = idTuples(route, s, kinds);
      if (!LONG && tuples.length > SAMPLE) {
        // a rotating sample: over the sessions, every foreign id comes up for every route
        const picked = [];
        for (let i = 0; i < SAMPLE; i++) picked.push(tuples[(rot + i * Math.ceil(tuples.length / SAMPLE)) % tuples.length]);
        rot++;
        tuples = picked;
      }
      for (const tu of tuples) jobs.push({ route, tu });
    }
    const baselines = new Map();
    const baseline = async (route, ghostIds) => {
      const p = fill(route.path, ghostIds);
      const key = `${route.method} ${p}`;
      if (!baselines.has(key))
        baselines.set(key, sendProbe(s, route, p).then((r) => {
          stats.baselines++;
          return shape(r, p);
        }));
      return baselines.get(key);
    };
    if (s.client.apiCsrf) s.client.csrf = s.client.apiCsrf; // one token per session, for forms and the API alike
    else s.client.apiCsrf = s.client.csrf;
    await pool(jobs, EACH ? 1 : 6, async ({ route, tu }) => {
      const p = fill(route.path, tu.ids);
      const a0 = EACH ? await lastAuditId() : 0;
      const res = await sendProbe(s, route, p);
      // a refusal: 403 or 404 from a route the session reaches (a 422 on an empty body comes before any read)
      const refused = reachesObject(s, route) && (res.status === 403 || res.status === 404);
      if (EACH && refused && (await lastAuditId()) === a0)
        failures.push(`${s.label} ${route.method} ${p}: refused (${res.status}) without an audit entry`);
      stats.probes++;
      const all = headerText(res) + '\n' + res.text;
      for (const m of forbidden)
        if (all.includes(m)) failures.push(`${s.label} ${route.method} ${p}: the answer holds the marker ${m} (status ${res.status})`);
      const want = await baseline(route, tu.ghost);
      const got = shape(res, p);
      if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(`${s.label} ${route.method} ${p}: ${JSON.stringify(got)} but a missing id answers ${JSON.stringify(want)}`);
      // a write under the session's own case naming another case's object: one per route kept for the test below
      const subWrite = refused && s.kind !== 'family' && route.method !== 'GET' && tu.firstCase === null && kinds0(route) === 'case';
      if (subWrite && !gapProbes.has(route.path)) gapProbes.set(route.path, { s, route, path: p });
      if (refused) {
        stats.refusals++;
        expectAudited++;
        if (tu.firstCase) expectPerCase.set(tu.firstCase, (expectPerCase.get(tu.firstCase) || 0) + 1);
      }
    });
    // every refusal on record: at least one `denied` entry per refused probe, and per foreign case
    const denied = await deniedSince(auditFrom);
    let total = 0;
    for (const n of denied.values()) total += n;
    if (total < expectAudited) failures.push(`${s.label}: ${expectAudited} refusals but ${total} denied entries in the audit trail`);
    for (const [caseId, n] of expectPerCase)
      if ((denied.get(caseId) || 0) < n) failures.push(`${s.label}: ${n} refusals on case ${caseId} but ${denied.get(caseId) || 0} denied entries for it`);
    stats.perSession.push(`${s.label}: ${jobs.length}`);
  }
  const after = await tableHashes();
  for (const tname of Object.keys(before))
    if (before[tname] !== after[tname]) failures.push(`table ${tname} changed during the probes: ${before[tname]} -> ${after[tname]}`);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const line = `isolation (${srv.backend}${LONG ? ', long' : ''}): ${stats.probes} probes + ${stats.baselines} not-found baselines, ${stats.sessions} sessions, ${stats.routes} routes with ids, ${stats.refusals} audited refusals, ${world.cases.length} cases; ${secs} s; areas marked: ${world.seeded.join(', ')}`;
  console.log(line);
  t.diagnostic(line);
  const kindCounts = {};
  for (const k of world.cases) for (const [kind, ids] of Object.entries(k.ids)) kindCounts[kind] = (kindCounts[kind] || 0) + ids.length;
  t.diagnostic(`foreign ids by kind: ${JSON.stringify(kindCounts)}`);
  if (world.failedSeeds.length) t.diagnostic(`areas not marked: ${world.failedSeeds.join(' | ')}`);
  if (process.env.BARNPLAN_ISO_FAILURES) (await import('node:fs')).writeFileSync(process.env.BARNPLAN_ISO_FAILURES, failures.join('\n'));
  assert.deepEqual(failures.slice(0, 40), [], `${failures.length} failures`);
  assert.ok(stats.probes >= MIN_PROBES, `at least ${MIN_PROBES} probes a run (${stats.probes})`);
});

// Found by this suite and fixed: such a write was refused (404) without a `denied` entry, since the unit of work
// recorded only a refusal of the case itself; bp_unit_lookup (app/unit.c) now records these too.
test('HSLF-FS 2016:40: a write under one\'s own case naming another case\'s object is refused on record', async () => {
  assert.ok(gapProbes.size > 0 || process.env.BARNPLAN_ISO_ONLY, 'the enumeration met such writes');
  const missing = [];
  for (const { s, route, path } of gapProbes.values()) {
    const a0 = await lastAuditId();
    const r = await sendProbe(s, route, path);
    assert.ok(r.status === 404 || r.status === 403, `${route.method} ${path}: refused`);
    if ((await lastAuditId()) === a0) missing.push(`${route.method} ${route.path}`);
  }
  assert.deepEqual(missing, [], `${missing.length} of ${gapProbes.size} routes refuse such a write without an audit entry`);
});
