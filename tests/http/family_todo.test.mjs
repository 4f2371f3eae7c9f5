// family_todo: "what is asked of them now" on the family case page (issue 10 item 3, docs/family-access.md
// family.todo): each item appears while the member may do it, and goes when it is done: the questions before
// the meeting (V-3.7, V-4.1), an organisation's request for consent (V-2.1, V-2.6: each joint guardian for
// themselves), the young person's own answer beside a consent (V-2.2, from 15), signing the version in force
// (V-8a.2), the survey (V-12.1) and the invitation to the next meeting, answered online on the meeting page
// (meeting.own_answer, K-4.7). One guardian's answers never clear the other's items (R4).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, personnummer, bornYearsAgo } from '../lib/server.mjs';
import { makeFinishedPlan, bookFollowupWithFamily } from '../lib/fixtures.mjs';
import { fieldError, auditForCase } from '../lib/server.mjs';
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
  let anna, annaWeb, bertil, david, admin;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
  });

  /** A case of its own for one test (the tests run in either order): a young person of 16 and two joint
   * guardians, the plan finished; the three logged in: { kase, g1, g2, young }. */
  async function family(serial) {
    const kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { id_number: personnummer(bornYearsAgo(16), serial) } } });
    const [g1, g2, young] = await Promise.all([kase.guardians[0], kase.guardians[1], 0].map((g) => familyMember(srv.base, annaWeb, kase.id, g)));
    return { kase, g1, g2, young };
  }

  test('the questions and the plan to sign wait until done; the young person\'s own answer beside each consent too; one guardian\'s never clears the other\'s (R4)', async () => {
    const { kase, g1, g2, young } = await family(716);
    for (const g of [g1, g2]) {
      const items = await todo(g, kase.id);
      assert.ok(items.includes('Svara på frågorna inför mötet'), items.join(' | '));
      assert.ok(items.includes('Läs planen och svara om du skriver under'), items.join(' | '));
      assert.ok(!items.includes('Säg vad du tycker om samtycket'), 'not the guardians\' to give');
    }
    const mine = await todo(young, kase.id);
    assert.ok(mine.includes('Säg vad du tycker om samtycket'), mine.join(' | '));
    assert.ok(mine.includes('Läs planen och svara om du skriver under'), mine.join(' | '));
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

  test('V-2.6: an organisation asks; each joint guardian is asked until they have answered, the other still is', async () => {
    const { kase, g1, g2, young } = await family(717);
    // the fixture's plan has the school, social services and BUP: ask another organisation of the region
    const taking = ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå'].map((n) => kase.orgs[n]);
    const extra = Object.values(kase.orgs).find((o) => !taking.includes(o));
    assert.ok(extra, 'an organisation not yet taking part');
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/asks`, { org_id: extra })).status, 201);
    assert.ok((await todo(g1, kase.id)).includes('En verksamhet ber om ditt samtycke'));
    await g1.get(`/family/cases/${kase.id}/asks/${extra}/consent`);
    const r = await g1.post(`/family/cases/${kase.id}/asks/${extra}/consent`, { 'consent.scope': 'Det som behövs för planen.' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.ok(!(await todo(g1, kase.id)).includes('En verksamhet ber om ditt samtycke'), 'answered: gone');
    assert.ok((await todo(g2, kase.id)).includes('En verksamhet ber om ditt samtycke'), 'R4: the other guardian is still asked');
    assert.ok(!(await todo(young, kase.id)).includes('En verksamhet ber om ditt samtycke'), 'never the child\'s');
  });

  test('meeting.own_answer (K-4.7): each member answers their own invitation online; asked until answered', async () => {
    const { kase, g1, g2, young } = await family(718);
    const meetingId = await bookFollowupWithFamily(anna, kase);
    const page = `/family/cases/${kase.id}/meetings/${meetingId}`;
    assert.ok((await todo(g2, kase.id)).includes('Svara om du kommer till mötet'));
    const html = decodeEntities((await g2.get(page)).text);
    assert.ok(dataItems(html).has('meeting.own_answer'));
    assert.match(html, new RegExp(`action="${page}/answer"`));
    let r = await g2.post(`${page}/answer`, { 'answer.answer': 'no' });
    assert.equal(r.status, 422, 'a guardian who cannot come says why (K-4.7)');
    assert.ok(fieldError(r.text, 'answer.reason'), 'the message beside the field');
    r = await g2.post(`${page}/answer`, { 'answer.answer': 'no', 'answer.reason': 'Jag arbetar den dagen.', 'answer.substitute_name': 'Någon annan' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `${page}?saved=1#answer`);
    assert.match(decodeEntities((await g2.get(r.location.replace(/#.*/, ''))).text), /Ditt svar: Kan inte komma/);
    assert.ok(!(await todo(g2, kase.id)).includes('Svara om du kommer till mötet'), 'answered: gone');
    assert.ok((await todo(g1, kase.id)).includes('Svara om du kommer till mötet'), 'R4: the other guardian still is asked');
    // the child is never pressed for a reason (V-3.13)
    await young.get(page); // the page's form token
    assert.equal((await young.post(`${page}/answer`, { 'answer.answer': 'no' })).status, 303);
    const invitees = (await anna.getJson(`/api/v1/cases/${kase.id}/meetings/${meetingId}`)).json().invitees;
    const mine = invitees.find((i) => i.kind === 'guardian' && i.guardian_id === kase.guardians[1]);
    assert.equal(mine.answer, 'no');
    assert.equal(mine.decline_reason, 'Jag arbetar den dagen.');
    assert.equal(mine.substitute_name || '', '', 'nobody in the family names a substitute');
    assert.equal(invitees.find((i) => i.kind === 'child').answer, 'no');
    const log = await auditForCase(admin, kase.id);
    assert.ok(log.some((e) => e.action === 'update' && e.detail === `family:guardian_joint answer no meeting ${meetingId}`), 'audited');
  });

  test('R1: a meeting of another case, or a forged id, is 404 and on record', async () => {
    const { kase, g1 } = await family(719);
    const other = await makeFinishedPlan({ anna, bertil, david });
    const otherMeeting = await bookFollowupWithFamily(anna, other);
    await g1.get(`/family/cases/${kase.id}`); // a page's form token
    assert.equal((await g1.post(`/family/cases/${kase.id}/meetings/${otherMeeting}/answer`, { 'answer.answer': 'yes' })).status, 404);
    assert.equal((await g1.post(`/family/cases/${other.id}/meetings/${otherMeeting}/answer`, { 'answer.answer': 'yes' })).status, 404);
    const invitees = (await anna.getJson(`/api/v1/cases/${other.id}/meetings/${otherMeeting}`)).json().invitees;
    assert.ok(invitees.every((i) => i.answer === 'pending'), 'nothing answered');
    const denied = (await auditForCase(admin, kase.id)).filter((e) => e.action === 'denied' && e.detail === 'family:guardian_joint not_invited');
    assert.equal(denied.length, 1, 'the forged meeting id on one\'s own case is on record');
  });
});
