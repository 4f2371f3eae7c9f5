// fixtures.mjs: the data a test needs, made through the API so that each test (or each describe's before())
// can make its own instead of using what an earlier test left behind (issue 8, part 8: any test passes
// alone and in any order; tests/lib/reverse-order.mjs checks it).
//
//   const orgs = await orgIds(anna);                                   // { 'Ålidhemsskolan': 3, ... }
//   const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] }); // { id, guardians, consents }
//   const k = await recordConsent(anna, kase.id, orgs['BUP Umeå'], { scope: '...' });
import assert from 'node:assert/strict';
import { apiLogin, registrationJson, today } from './server.mjs';

/** A demo member of each demo organisation (src/app/demo.c). */
export const MEMBER = {
  'Ålidhemsskolan': 'anna', 'Socialtjänsten Umeå': 'bertil', 'Vårdcentralen Ålidhem': 'cecilia', 'BUP Umeå': 'david',
  'Förskolan Solrosen': 'elin', 'Montessoriskolan Linnea': 'greta', 'Furutåskolan': 'karin', 'BVC Teleborg': 'leo',
  'Socialtjänsten Växjö': 'maja',
};
const memberClients = new Map();

/** An API client logged in as the demo member of organisation orgId (one per server and user). */
export async function memberOf(client, orgId) {
  const names = Object.entries(await orgIds(client)).find(([, id]) => id === orgId);
  const user = names && MEMBER[names[0]];
  assert.ok(user, `the demo has nobody in organisation ${orgId}`);
  const key = `${client.base}|${user}`;
  if (!memberClients.has(key)) memberClients.set(key, apiLogin(client.base, user));
  return memberClients.get(key);
}

/**
 * V-2.6: in Västerbotten an organisation's consent is recorded by someone who works there. When `client`
 * is not one of them, it asks the organisation to take part (POST .../asks) and the organisation's demo
 * member records it. Returns the client that records it.
 */
export async function recorderFor(client, caseId, orgId) {
  const me = await client.getJson('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  if (me.json().organisations.some((o) => o.id === orgId)) return client;
  const kase = await client.getJson(`/api/v1/cases/${caseId}`);
  assert.equal(kase.status, 200, kase.text);
  if (kase.json().model === 'kronoberg') return client; // K-2.1, K-2.2: the initiator obtains it for all
  const ask = await client.postJson(`/api/v1/cases/${caseId}/asks`, { org_id: orgId });
  assert.ok(ask.status === 201 || (ask.status === 409 && /already_asked/.test(ask.text)), ask.text);
  return memberOf(client, orgId);
}

/** The organisations by name, as the given (API-logged-in) client sees them. */
export async function orgIds(client) {
  const r = await client.getJson('/api/v1/organisations');
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json().map((o) => [o.name, o.id]));
}

/** The ids of a case's guardians with custody (those who consent, V-2.1), in the order they were registered. */
export async function guardianIds(client, caseId) {
  return (await familyRows(client, caseId)).filter((g) => g.custody !== 'none').map((g) => g.id);
}

/** The ids of a case's parents without custody (custody "none", docs/family-access.md R5): never consenting. */
export async function parentIds(client, caseId) {
  return (await familyRows(client, caseId)).filter((g) => g.custody === 'none').map((g) => g.id);
}

async function familyRows(client, caseId) {
  const r = await client.getJson(`/api/v1/cases/${caseId}`);
  assert.equal(r.status, 200, r.text);
  return r.json().guardians;
}

/**
 * Records an organisation's own consent through the API, given by both guardians on the county's form;
 * `over` replaces or adds members of the body (guardian_ids defaults to every guardian of the case).
 * In Västerbotten a member of the organisation records it (recorderFor). Asserts the 201 and returns the
 * consent's id.
 */
export async function recordConsent(client, caseId, orgId, over = {}) {
  const guardians = over.guardian_ids ?? (await guardianIds(client, caseId));
  const recorder = await recorderFor(client, caseId, orgId);
  const r = await recorder.postJson(`/api/v1/cases/${caseId}/consents`, {
    org_id: orgId,
    giver: 'guardians',
    guardian_ids: guardians,
    child_view: 'Vill ha hjälp.',
    scope: 'Det som behövs för mötet.',
    covers_preparation: true,
    form: 'hlt_vasterbotten',
    given_on: today(),
    ...over,
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

/**
 * Registers a case through the API as `client` (the initiator) and records a consent for each organisation
 * in `orgs`. options: model ('vasterbotten' | 'kronoberg'), noticed (the date the need was noticed), route,
 * preparation (whether the consents cover the professionals' preparation; true), registration (more of the
 * registration body, as registrationJson takes it), consent (more of each consent's body).
 * Returns { id, guardians, consents: { orgId: consentId } }.
 */
export async function makeCase(client, { model = 'vasterbotten', orgs = [], noticed = today(), preparation = true, route, registration = {}, consent = {} } = {}) {
  const init = model === 'kronoberg' ? { model, route: 'named_person', noticed_on: noticed } : { noticed_on: noticed };
  if (route) init.route = route;
  const body = registrationJson({ ...registration, initiative: { ...init, ...(registration.initiative || {}) } });
  const r = await client.postJson('/api/v1/cases', body);
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const guardians = await guardianIds(client, id);
  const consents = {};
  for (const org of orgs)
    consents[org] = await recordConsent(client, id, org, {
      guardian_ids: guardians,
      covers_preparation: preparation,
      form: model === 'kronoberg' ? 'kronobarnsmodellen' : 'hlt_vasterbotten',
      ...consent,
    });
  return { id, guardians, consents, body };
}

/** The date `days` days from today (Europe/Stockholm), YYYY-MM-DD. */
function inDaysFrom(days) {
  const d = new Date(`${today()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A Västerbotten case of anna's (Ålidhemsskolan) with Socialtjänsten Umeå (bertil) and BUP Umeå (david) under
 * consent and a finished plan version 1: a goal, the school's and social services' interventions, a
 * commitment, the school coordinating, a follow-up in 60 days, every organisation's contact.
 * `options` go to makeCase (e.g. registration). Returns { id, guardians, orgs, goalId, schoolIv, socialIv }.
 */
export async function makeFinishedPlan({ anna, bertil, david }, options = {}) {
  const ok = (r, status) => assert.equal(r.status, status, r.text);
  const orgs = await orgIds(anna);
  const kase = await makeCase(anna, { ...options, orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå'], orgs['BUP Umeå']] });
  const base = `/api/v1/cases/${kase.id}/plan`;
  const g = await anna.postJson(`${base}/goals`, { area: 'learning', need: 'Läsa och skriva', goal: 'Läser en bok på egen hand' });
  ok(g, 201);
  const school = await anna.postJson(`${base}/interventions`, {
    what: 'Specialpedagogiskt stöd', org_id: orgs['Ålidhemsskolan'], starts_on: today(), level: 'Två lektioner i veckan', goal_id: g.json().id,
  });
  ok(school, 201);
  const social = await bertil.postJson(`${base}/interventions`, { what: 'Familjebehandling', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varannan vecka' });
  ok(social, 201);
  ok(await anna.postJson(`${base}/commitments`, { who: 'child', what: 'Säger till när något är svårt' }), 201);
  ok(await anna.postJson(base, {
    coordinator_orgs: [orgs['Ålidhemsskolan']], coordinator_name: 'Anna Lindqvist', contact_if_fails: 'Ring skolans rektor, 090-123 45',
    followup_on: inDaysFrom(60), followup_time: '13:30', followup_place: 'Ålidhemsskolan', followup_participants: 'Barnet, vårdnadshavarna och alla verksamheter',
    summary: 'Vi hjälps åt så att du kan läsa bättre.',
  }), 200);
  for (const [org, name, who] of [['Ålidhemsskolan', 'Anna Lindqvist', anna], ['Socialtjänsten Umeå', 'Bertil Öberg', bertil], ['BUP Umeå', 'David Nilsson', david]])
    ok(await who.postJson(`${base}/contacts`, { org_id: orgs[org], name, phone: '090-10 00 00' }), 200);
  ok(await anna.postJson(`${base}/finish`, {}), 200);
  return { id: kase.id, guardians: kase.guardians, orgs, goalId: g.json().id, schoolIv: school.json().id, socialIv: social.json().id };
}

/**
 * A follow-up meeting in 20 days (V-10.1) booked by `client` on case `kase` ({ id, guardians }), inviting the
 * child, every guardian and the invitees in `more` (bodies of POST .../invitees). `meeting` overrides the
 * booking's body. Resolves the meeting's id.
 */
export async function bookFollowupWithFamily(client, kase, { meeting = {}, more = [] } = {}) {
  const m = await client.postJson(`/api/v1/cases/${kase.id}/meetings`, {
    kind: 'followup', date: inDaysFrom(20), start: '09:00', end: '10:30', setting: 'physical', setting_agreed: true,
    place: 'Ålidhemsskolans konferensrum', purpose: 'Se hur det går med läsningen.', agenda: 'Skolan och hemmet.',
    ...meeting,
  });
  assert.equal(m.status, 201, m.text);
  const base = `/api/v1/cases/${kase.id}/meetings/${m.json().id}/invitees`;
  for (const body of [{ kind: 'child' }, ...kase.guardians.map((g) => ({ kind: 'guardian', guardian_id: g })), ...more])
    assert.equal((await client.postJson(base, body)).status, 201);
  return m.json().id;
}
