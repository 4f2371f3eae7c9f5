// survey.mjs: what the survey's HTTP and browser tests share (V-12.x): a query on the test server's own
// database, and a case whose plan is finished, which is when the survey goes out (V-12.2).
import assert from 'node:assert/strict';
import { today, inDays, decodeEntities } from './server.mjs';
import { orgIds, makeCase } from './fixtures.mjs';

export { dbQuery } from './server.mjs'; // the survey's tests import it from here

/**
 * A case of organisation `orgName` (api is one of its staff, logged in to the API) with its plan finished:
 * the organisation's consent, one goal, its intervention, a commitment of the child's, the shared parts and
 * its contact. Returns the case's id.
 */
export async function finishedPlanCase(api, orgName, contact = 'Anna Lindqvist') {
  const org = (await orgIds(api))[orgName];
  const kase = await makeCase(api, { orgs: [org] });
  const ok = (r, status) => assert.equal(r.status, status, r.text);
  const g = await api.postJson(`/api/v1/cases/${kase.id}/plan/goals`, { area: 'learning', need: 'Läsa och skriva', goal: 'Läser en bok på egen hand' });
  ok(g, 201);
  ok(await api.postJson(`/api/v1/cases/${kase.id}/plan/interventions`, {
    what: 'Specialpedagogiskt stöd', org_id: org, starts_on: today(), level: 'Två lektioner i veckan', goal_id: g.json().id,
  }), 201);
  ok(await api.postJson(`/api/v1/cases/${kase.id}/plan/commitments`, { who: 'child', what: 'Säger till när något är svårt' }), 201);
  ok(await api.postJson(`/api/v1/cases/${kase.id}/plan`, {
    coordinator_orgs: [org], coordinator_name: contact, contact_if_fails: 'Ring rektor',
    followup_on: inDays(60), followup_time: '13:30', followup_place: 'Skolan',
    followup_participants: 'Barnet, vårdnadshavarna och verksamheten', summary: 'Vi hjälps åt med läsningen.',
  }), 200);
  ok(await api.postJson(`/api/v1/cases/${kase.id}/plan/contacts`, { org_id: org, name: contact, phone: '090-10 00 00' }), 200);
  ok(await api.postJson(`/api/v1/cases/${kase.id}/plan/finish`, {}), 200);
  return kase.id;
}

/**
 * Prints the paper letter of every invitation of the case's survey that did not go out by e-mail, as `web`
 * (a logged-in page client), and returns { code, who: 'child' | 'guardian', i, letter } for each (V-12.1).
 */
export async function printedCodes(web, caseId) {
  const out = [];
  const page = await web.get(`/cases/${caseId}/survey`);
  assert.equal(page.status, 200, page.text.slice(0, 500));
  const letters = [...page.text.matchAll(/action="\/cases\/\d+\/survey\/(\d+)\/letter"/g)].map((m) => m[1]);
  const rows = [...page.text.matchAll(/<tr>\s*<td>([^<]*)<\/td>[\s\S]*?<\/tr>/g)];
  for (const [i, id] of letters.entries()) {
    const row = rows.find((r) => r[0].includes(`/survey/${id}/letter`));
    if (/Kod skickad/.test(row[0])) continue; // the e-mailed guardian: the link already holds a code
    const letter = await web.post(`/cases/${caseId}/survey/${id}/letter`, {});
    assert.equal(letter.status, 200, letter.text.slice(0, 500));
    const code = /class="survey-code">([0-9A-Z-]+)</.exec(letter.text)[1];
    out.push({ code, who: decodeEntities(row[1]) === 'Barnet' ? 'child' : 'guardian', i, letter: letter.text });
  }
  return out;
}
