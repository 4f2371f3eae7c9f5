// family_todo: "what is asked of them now" on the family case page (issue 10 item 3, docs/family-access.md
// family.todo): each item appears while the member may do it, and goes when it is done: the questions before
// the meeting (V-3.7, V-4.1), an organisation's request for consent (V-2.1, V-2.6: each joint guardian for
// themselves), the young person's own answer beside a consent (V-2.2, from 15), signing the version in force
// (V-8a.2) and the survey (V-12.1). One guardian's answers never clear the other's items (R4).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, personnummer, bornYearsAgo } from '../lib/server.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';
import { familyMember } from '../lib/family.mjs';
import { dataItems } from '../lib/family_table.mjs';

const srv = useServer();

/** The texts of the member's "waiting for you" list on the case page ([] when there is none). */
async function todo(client, caseId) {
  const html = decodeEntities((await client.get(`/family/cases/${caseId}`)).text);
  const card = html.match(/<section[^>]*data-item="family\.todo"[^>]*>([\s\S]*?)<\/section>/);
  assert.equal(Boolean(card), dataItems(html).has('family.todo'));
  return card ? [...card[1].matchAll(/<li><a href="[^"]*">([^<]*)<\/a><\/li>/g)].map((m) => m[1]) : [];
}

describe('issue 10 item 3: what waits for each family member', () => {
  let anna, annaWeb, bertil, david, kase, g1, g2, young;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david')]);
    kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { id_number: personnummer(bornYearsAgo(16), 716) } } });
    [g1, g2, young] = await Promise.all([kase.guardians[0], kase.guardians[1], 0].map((g) => familyMember(srv.base, annaWeb, kase.id, g)));
  });

  test('at first: the questions, the plan to sign; the young person also their own answer beside each consent', async () => {
    for (const g of [g1, g2]) {
      const items = await todo(g, kase.id);
      assert.ok(items.includes('Svara på frågorna inför mötet'), items.join(' | '));
      assert.ok(items.includes('Läs planen och svara om du skriver under'), items.join(' | '));
      assert.ok(!items.includes('Säg vad du tycker om samtycket'), 'not the guardians\' to give');
    }
    const mine = await todo(young, kase.id);
    assert.ok(mine.includes('Säg vad du tycker om samtycket'), mine.join(' | '));
    assert.ok(mine.includes('Läs planen och svara om du skriver under'), mine.join(' | '));
  });

  test('V-2.6: an organisation asks; each joint guardian is asked until they have answered, the other still is', async () => {
    // the fixture's plan has the school, social services and BUP: ask another organisation of the region
    const taking = ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå'].map((n) => kase.orgs[n]);
    const id = Object.values(kase.orgs).find((o) => !taking.includes(o));
    assert.ok(id, 'an organisation not yet taking part');
    const extra = { id };
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/asks`, { org_id: extra.id })).status, 201);
    assert.ok((await todo(g1, kase.id)).includes('En verksamhet ber om ditt samtycke'));
    await g1.get(`/family/cases/${kase.id}/asks/${extra.id}/consent`);
    const r = await g1.post(`/family/cases/${kase.id}/asks/${extra.id}/consent`, { 'consent.scope': 'Det som behövs för planen.' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.ok(!(await todo(g1, kase.id)).includes('En verksamhet ber om ditt samtycke'), 'answered: gone');
    assert.ok((await todo(g2, kase.id)).includes('En verksamhet ber om ditt samtycke'), 'R4: the other guardian is still asked');
    assert.ok(!(await todo(young, kase.id)).includes('En verksamhet ber om ditt samtycke'), 'never the child\'s');
  });

  test('done, gone: a guardian\'s questions and signature, the young person\'s answer; the other guardian\'s stay', async () => {
    assert.equal((await g1.post(`/family/cases/${kase.id}/prep/guardian`, { 'guardian_prep.answer_1': 'Att hen trivs i skolan.' })).status, 303);
    assert.equal((await g1.post(`/family/cases/${kase.id}/plan/signature`, { version: '1', 'signature.answer': 'signed' })).status, 303);
    const after = await todo(g1, kase.id);
    assert.ok(!after.includes('Svara på frågorna inför mötet'), after.join(' | '));
    assert.ok(!after.includes('Läs planen och svara om du skriver under'), after.join(' | '));
    const other = await todo(g2, kase.id);
    assert.ok(other.includes('Svara på frågorna inför mötet') && other.includes('Läs planen och svara om du skriver under'), other.join(' | '));
    const consents = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json().consents.filter((k) => k.status === 'active');
    for (const k of consents) {
      await young.get(`/family/cases/${kase.id}/consents/${k.id}/answer`);
      assert.equal((await young.post(`/family/cases/${kase.id}/consents/${k.id}/answer`, { 'consent.child_answer': 'yes' })).status, 303);
    }
    assert.ok(!(await todo(young, kase.id)).includes('Säg vad du tycker om samtycket'));
  });
});
