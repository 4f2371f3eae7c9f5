// consent_oracle: consent as an oracle (issue 11 item 2; docs/trust.md section 2). A property test: random
// sequences of grant, read, limit, withdraw and read, done over HTTP against the real server by the professionals
// and the family, each step checked against a small model of the consent rules written here:
//   - V-2.3, V-2.6: an organisation reads the case's shared data (its plan) only under a consent of its own in
//     force; without one the initiating organisation sees the intake only (403 for the plan), any other
//     organisation nothing (404, as if the case did not exist);
//   - V-2.8, V-2.9: no read succeeds after a withdrawal, from the next request on (one guardian's withdrawal,
//     or the professionals' record of it, ends it at once); one organisation's withdrawal leaves the others';
//   - V-2.8 (consent.limit), V-2.7: a limited consent is in force with the family's words, and shows only what
//     it allows: without the professionals' preparation, a preparation meeting is refused (422
//     preparation_consent); a limit never widens it, and a withdrawn consent cannot be limited or withdrawn again.
//
// The sequences are drawn from a seeded PRNG: the seed is printed; BARNPLAN_ORACLE_SEED=<seed> replays a run,
// BARNPLAN_ORACLE_SEQUENCES=<n> sets how many (1,000 by default). Cases are reused across sequences (the model
// carries their state): a few lanes, each with cases of its own, run side by side.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, today, inDays, formValues } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';
import { letterCode, familyClient } from '../lib/family.mjs';

const SEQUENCES = Number(process.env.BARNPLAN_ORACLE_SEQUENCES || 1000);
const SEED = process.env.BARNPLAN_ORACLE_SEED ? Number(process.env.BARNPLAN_ORACLE_SEED) : Math.floor(Math.random() * 2 ** 31);
const LANES = 6;
const CASES_PER_LANE = 2;
const srv = useServer({ children: 0 });

/** mulberry32: a small seeded PRNG, the same numbers for the same seed on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORGS = [
  { name: 'Ålidhemsskolan', member: 'anna' }, // the initiating organisation of every case here
  { name: 'Socialtjänsten Umeå', member: 'bertil' },
  { name: 'BUP Umeå', member: 'david' },
];
let orgs; // [{ name, id, api }]
let lanes; // [[kase]]; kase: { id, marker, family, model: { orgId: { active, prep, scope, consentId } } }

before(async () => {
  await srv.ready;
  const anna = await srv.apiLogin('anna');
  const annaWeb = await srv.login('anna');
  const ids = await orgIds(anna);
  orgs = [];
  for (const o of ORGS)
    orgs.push({ ...o, id: ids[o.name], api: o.member === 'anna' ? anna : await srv.apiLogin(o.member), web: o.member === 'anna' ? annaWeb : await srv.login(o.member) });
  lanes = [];
  for (let l = 0; l < LANES; l++) {
    const lane = [];
    for (let c = 0; c < CASES_PER_LANE; c++) {
      const k = await makeCase(anna, { orgs: orgs.map((o) => o.id) });
      const marker = `OrakelPlan${l}x${c}`;
      assert.equal((await anna.postJson(`/api/v1/cases/${k.id}/plan/goals`, { area: 'learning', need: marker, goal: 'Läser själv' })).status, 201);
      const family = await familyClient(srv.base, await letterCode(annaWeb, k.id, k.guardians[0]));
      assert.equal((await family.get(`/family/cases/${k.id}/consents`)).status, 200, 'the family ledger (and its CSRF token)');
      const model = {};
      for (const o of orgs) model[o.id] = { active: true, prep: true, scope: 'Det som behövs för mötet.', consentId: k.consents[o.id] };
      lane.push({ id: k.id, marker, family, model });
    }
    lanes.push(lane);
  }
});

/** The organisation's active ledger row, as the initiator reads the ledger. */
async function activeRow(kase, orgId) {
  const r = await orgs[0].api.getJson(`/api/v1/cases/${kase.id}/consents`);
  assert.equal(r.status, 200, r.text);
  return r.json().filter((k) => k.org_id === orgId && k.status === 'active');
}

/* ---- the steps, each checked against the model ---- */

/** read: the plan, as the organisation's member, through the API or the page (every other read). The oracle: 200
 * with the plan iff its consent is in force. */
async function read(kase, o, where) {
  const m = kase.model[o.id];
  kase.reads = (kase.reads || 0) + 1; // per case, so that a seed replays the same way whatever the lanes' interleaving
  const r = kase.reads % 2 === 1 ? await o.api.getJson(`/api/v1/cases/${kase.id}/plan`) : await o.web.get(`/cases/${kase.id}/plan`);
  if (m.active) {
    assert.equal(r.status, 200, `${where}: V-2.3 ${o.name} reads under its consent: ${r.status} ${r.text.slice(0, 300)}`);
    assert.ok(r.text.includes(kase.marker), `${where}: the plan itself`);
  } else {
    const want = o === orgs[0] ? 403 : 404; // the initiator sees the intake; others nothing (V-2.6)
    assert.equal(r.status, want, `${where}: V-2.8 no read without a consent in force (${o.name}): ${r.status} ${r.text.slice(0, 300)}`);
    assert.ok(!r.text.includes(kase.marker), `${where}: not a byte of the plan`);
  }
}

async function grant(kase, o, where, rnd) {
  const m = kase.model[o.id];
  if (m.active) return false; // the model has nothing to say about a second consent beside one in force
  if (o !== orgs[0]) {
    const ask = await orgs[0].api.postJson(`/api/v1/cases/${kase.id}/asks`, { org_id: o.id });
    assert.ok(ask.status === 201 || (ask.status === 409 && /already_asked/.test(ask.text)), `${where}: ask ${o.name}: ${ask.status} ${ask.text}`);
  }
  const prep = rnd() < 0.5;
  const scope = `Samtycke nummer ${(kase.words = (kase.words || 0) + 1)}.`; // per case: a seed replays the same
  const r = await o.api.postJson(`/api/v1/cases/${kase.id}/consents`, {
    org_id: o.id, giver: 'guardians', guardian_ids: kase.guardians || (kase.guardians = await guardiansOf(kase)), child_view: 'Vill ha hjälp.', scope,
    covers_preparation: prep, form: 'hlt_vasterbotten', given_on: today(),
  });
  assert.equal(r.status, 201, `${where}: grant for ${o.name}: ${r.text}`);
  Object.assign(m, { active: true, prep, scope, consentId: r.json().id });
  return true;
}

async function guardiansOf(kase) {
  const r = await orgs[0].api.getJson(`/api/v1/cases/${kase.id}`);
  return r.json().guardians.filter((g) => g.custody !== 'none').map((g) => g.id);
}

/** limit: a guardian narrows the consent on the family's page (consent.limit); a withdrawn one cannot be. */
async function limit(kase, o, where, rnd) {
  const m = kase.model[o.id];
  const path = `/family/cases/${kase.id}/consents/${m.consentId}/limit`;
  const dropPrep = rnd() < 0.6;
  const scope = `Bara det här, ${(kase.words = (kase.words || 0) + 1)}.`;
  if (!m.active) {
    const r = await kase.family.post(path, { 'consent.scope': scope, 'consent.covers_preparation': '' });
    assert.ok(r.status >= 400 && r.status < 500, `${where}: a withdrawn consent cannot be limited: ${r.status}`);
    return;
  }
  const form = await kase.family.get(path);
  assert.equal(form.status, 200, `${where}: the limit form`);
  const typed = { ...formValues(form.text), 'consent.scope': scope };
  if (dropPrep) typed['consent.covers_preparation'] = '';
  const r = await kase.family.post(path, typed);
  assert.equal(r.status, 303, `${where}: limit ${o.name}: ${r.status} ${r.text.slice(0, 300)}`);
  const rows = await activeRow(kase, o.id);
  assert.equal(rows.length, 1, `${where}: one row in force after the limit`);
  m.scope = scope;
  m.prep = m.prep && !dropPrep;
  m.consentId = rows[0].id;
  assert.equal(rows[0].scope, m.scope, `${where}: the family's words`);
  assert.equal(rows[0].covers_preparation, m.prep, `${where}: V-2.7 never wider`);
}

/** withdraw: the professionals record the guardians' withdrawal, or a guardian withdraws on the family page. */
async function withdraw(kase, o, where, rnd) {
  const m = kase.model[o.id];
  const byFamily = rnd() < 0.5;
  const r = byFamily
    ? await kase.family.post(`/family/cases/${kase.id}/consents/${m.consentId}/withdraw`, {})
    : await orgs[0].api.postJson(`/api/v1/cases/${kase.id}/consents/${m.consentId}/withdrawal`, { by: 'guardians', on: today() });
  if (m.active) {
    assert.equal(r.status, byFamily ? 303 : 200, `${where}: withdraw ${o.name}: ${r.status} ${r.text.slice(0, 300)}`);
    m.active = false;
  } else {
    assert.ok(r.status >= 400 && r.status < 500, `${where}: a consent withdrawn already: ${r.status}`);
  }
}

/** prepare: a preparation meeting between the professionals (V-2.7) needs a consent that covers it. */
async function prepare(kase, o, where) {
  const m = kase.model[o.id];
  const r = await o.api.postJson(`/api/v1/cases/${kase.id}/meetings`, {
    kind: 'preparation', date: inDays(14), start: '10:00', end: '11:00', setting: 'physical', setting_agreed: true,
    place: 'Rummet', purpose: 'Förbereda.', agenda: 'Planen.',
  });
  if (!m.active) assert.ok(r.status === 403 || r.status === 404, `${where}: no preparation without consent: ${r.status}`);
  else if (m.prep) assert.equal(r.status, 201, `${where}: V-2.7 a consent covering preparation: ${r.text.slice(0, 300)}`);
  else {
    assert.equal(r.status, 422, `${where}: V-2.7 the limited consent does not allow preparation: ${r.text.slice(0, 300)}`);
    assert.match(r.text, /preparation_consent/);
  }
}

const OPS = [
  ['grant', 3], ['read', 3], ['limit', 2], ['withdraw', 2], ['prepare', 1],
];
const WEIGHT = OPS.reduce((s, [, w]) => s + w, 0);
function pickOp(rnd) {
  let x = rnd() * WEIGHT;
  for (const [op, w] of OPS) if ((x -= w) < 0) return op;
  return 'read';
}

test(`consent as an oracle: ${SEQUENCES} random sequences of grant, read, limit, withdraw and read against the model (V-2.3, V-2.6, V-2.7, V-2.8)`, async (t) => {
  console.log(`consent oracle: seed ${SEED} (replay: BARNPLAN_ORACLE_SEED=${SEED})`);
  t.diagnostic(`seed ${SEED} (replay: BARNPLAN_ORACLE_SEED=${SEED})`);
  const t0 = Date.now();
  const counts = { steps: 0, requests: 0, grant: 0, read: 0, limit: 0, withdraw: 0, prepare: 0, readsRefused: 0 };
  await Promise.all(lanes.map(async (lane, l) => {
    for (let i = l; i < SEQUENCES; i += LANES) {
      const rnd = prng(SEED ^ Math.imul(i + 1, 0x9e3779b1));
      const kase = lane[Math.floor(rnd() * lane.length)];
      const o = orgs[Math.floor(rnd() * orgs.length)];
      const n = 2 + Math.floor(rnd() * 3);
      const ops = Array.from({ length: n }, () => pickOp(rnd));
      ops.push('read'); // every sequence ends with a read
      const where = `sequence ${i} (seed ${SEED}) on case ${kase.id}, ${o.name}: ${ops.join(' ')}`;
      for (const op of ops) {
        counts.steps++;
        if (op === 'grant') {
          if (await grant(kase, o, where, rnd)) counts.grant++;
        } else if (op === 'limit') {
          await limit(kase, o, where, rnd);
          counts.limit++;
        } else if (op === 'withdraw') {
          await withdraw(kase, o, where, rnd);
          counts.withdraw++;
        } else if (op === 'prepare') {
          await prepare(kase, o, where);
          counts.prepare++;
        }
        // a read after every step, by the organisation (the very next request), and now and then by another
        await read(kase, o, `${where}, after ${op}`);
        counts.read++;
        if (!kase.model[o.id].active) counts.readsRefused++;
        if (rnd() < 0.15) {
          const other = orgs[Math.floor(rnd() * orgs.length)];
          await read(kase, other, `${where}, after ${op}, read by ${other.name}`);
          counts.read++;
        }
      }
    }
  }));
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const line = `consent oracle (${srv.backend}): ${SEQUENCES} sequences, ${counts.steps} steps (${counts.grant} grants, ${counts.limit} limits, ${counts.withdraw} withdrawals, ${counts.prepare} preparations), ${counts.read} reads of which ${counts.readsRefused} refused; seed ${SEED}; ${secs} s`;
  console.log(line);
  t.diagnostic(line);
  assert.ok(counts.readsRefused > SEQUENCES / 10 && counts.limit > SEQUENCES / 10 && counts.grant > SEQUENCES / 10, 'the sequences reach every rule');
});
