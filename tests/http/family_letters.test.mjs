// family_letters: the rest of the family pages of docs/family-access.md (issue 10 item 3): how the
// interventions go on the plan page (plan.progress, plan.progress_note; V-9.1), what a follow-up decided about
// each intervention (followup.record's reviews, V-10.4), the words used at the meeting
// explained (page.glossary, K-6.4), and the letter that tells the family the plan is closed
// (page.closure_letter, case.closure; V-11.1, V-11.3, V-11.4). Each cell by the table, each read audited, a
// page that is not the member's 404 and on record. Every test makes its own case (the suite also runs the
// file in reverse order).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, personnummer, bornYearsAgo, today, auditForCase, uniqueName } from '../lib/server.mjs';
import { makeFinishedPlan, bookFollowupWithFamily } from '../lib/fixtures.mjs';
import { familyMember } from '../lib/family.mjs';
import { dataItems } from '../lib/family_table.mjs';

const srv = useServer();

describe('issue 10 item 3: progress, the glossary and the closure letter on the family pages', () => {
  let anna, annaWeb, bertil, david, admin;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
  });

  const planOf = (age, serial) => makeFinishedPlan({ anna, bertil, david }, { registration: { child: { id_number: personnummer(bornYearsAgo(age), serial) } } });
  const html = async (client, p) => {
    const r = await client.get(p);
    return { status: r.status, text: decodeEntities(r.text) };
  };

  test('V-9.1, plan.progress: the guardians and the child read how each intervention goes; the note from 15 and to the guardians only', async () => {
    const note = uniqueName('LÄGESNOTERING');
    for (const [age, serial] of [[10, 810], [16, 816]]) {
      const kase = await planOf(age, serial);
      const r = await anna.postJson(`/api/v1/cases/${kase.id}/implementation/interventions/${kase.schoolIv}/progress`, { status: 'ongoing', status_on: today(), note });
      assert.equal(r.status, 201, r.text);
      const guardian = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
      const child = await familyMember(srv.base, annaWeb, kase.id, 0);
      const g = await html(guardian, `/family/cases/${kase.id}/plan`);
      assert.ok(dataItems(g.text).has('plan.progress') && dataItems(g.text).has('plan.progress_note'), 'the guardian: both');
      assert.match(g.text, /Specialpedagogiskt stöd<\/strong>: Pågår, sedan/);
      assert.ok(g.text.includes(note));
      const c = await html(child, `/family/cases/${kase.id}/plan`);
      assert.ok(dataItems(c.text).has('plan.progress'), `the child of ${age} sees how it goes`);
      assert.equal(c.text.includes(note), age >= 15, `the professional's note: ${age >= 15 ? 'from 15' : 'not under 15'}`);
      assert.equal(dataItems(c.text).has('plan.progress_note'), age >= 15);
      assert.doesNotMatch(c.text, /Anna Lindqvist<\/span>/, 'never who recorded it');
    }
  });

  test('V-10.4, followup.record: the guardians and the young person from 15 read what the follow-up decided about each intervention; a child under 15 does not', async () => {
    const note = uniqueName('AVSLUTSNOTERING');
    for (const [age, serial] of [[10, 820], [16, 826]]) {
      const kase = await planOf(age, serial);
      const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
        kind: 'followup', date: today(), start: '13:30', end: '14:30', setting: 'physical', setting_agreed: true,
        place: 'Ålidhemsskolan', purpose: 'Att följa upp planen.', agenda: 'Hur insatserna har gått.',
      });
      assert.equal(m.status, 201, m.text);
      const api = `/api/v1/cases/${kase.id}/meetings/${m.json().id}/followup`;
      assert.equal((await anna.postJson(api, { q_a: 'Ja, alla har gjort sitt.' })).status, 200);
      assert.equal((await anna.postJson(`${api}/interventions/${kase.socialIv}`, { decision: 'end', note })).status, 200);
      const guardian = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
      const child = await familyMember(srv.base, annaWeb, kase.id, 0);
      const g = await html(guardian, `/family/cases/${kase.id}/plan`);
      assert.match(g.text, new RegExp(`<strong>Familjebehandling</strong>: Avslutas\\. ${note}`), 'the guardian reads the decision');
      const c = await html(child, `/family/cases/${kase.id}/plan`);
      assert.equal(c.text.includes(note), age >= 15, `a child of ${age}`);
    }
  });

  test('K-6.4, page.glossary: the words of the meeting explained, from the meeting page; another case\'s meeting 404', async () => {
    const kase = await planOf(12, 812);
    const other = await planOf(12, 813);
    const [meeting, otherMeeting] = await Promise.all([bookFollowupWithFamily(anna, kase), bookFollowupWithFamily(anna, other)]);
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    const page = `/family/cases/${kase.id}/meetings/${meeting}`;
    assert.match((await html(child, page)).text, new RegExp(`href="${page}/glossary"`));
    const g = await html(child, `${page}/glossary`);
    assert.equal(g.status, 200);
    assert.ok(dataItems(g.text).has('page.glossary'));
    assert.match(g.text, /Ord vi använder på mötet/);
    assert.match(g.text, /Samordningsansvarig/, 'the model\'s own word (Västerbotten)');
    assert.match(g.text, new RegExp(`href="/family/cases/${kase.id}"`), 'the family\'s way back, not the professionals\'');
    assert.equal((await child.get(`/family/cases/${kase.id}/meetings/${otherMeeting}/glossary`)).status, 404);
    assert.equal((await child.get(`/family/cases/${other.id}/meetings/${otherMeeting}/glossary`)).status, 404);
  });

  test('V-11.3, V-11.4, page.closure_letter: none while the case is open (404, on record); once closed, why and welcome back', async () => {
    const kase = await planOf(12, 814);
    const guardian = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    const letter = `/family/cases/${kase.id}/closure/letter`;
    assert.equal((await guardian.get(letter)).status, 404, 'nothing to tell yet');
    assert.ok((await auditForCase(admin, kase.id)).some((e) => e.action === 'denied' && e.object === 'closure'), 'on record');
    const closed = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, { reason: 'goals_reached', agreed_child: true, agreed_guardians: [kase.guardians[0]] });
    assert.ok([200, 201].includes(closed.status), closed.text);
    const home = await html(guardian, `/family/cases/${kase.id}`);
    assert.match(home.text, new RegExp(`href="${letter}"`), 'the case page links to the letter');
    for (const [who, client] of [['guardian', guardian], ['child', child]]) {
      const l = await html(client, letter);
      assert.equal(l.status, 200, who);
      assert.ok(dataItems(l.text).has('page.closure_letter') && dataItems(l.text).has('case.closure'), who);
      assert.match(l.text, /Målen är nådda/);
      assert.match(l.text, /Det här kom vi överens om tillsammans\./, 'V-11.1: decided together');
      assert.match(l.text, /Ni är välkomna att höra av er igen/, 'V-11.4');
      assert.match(l.text, new RegExp(`href="/family/cases/${kase.id}"`));
    }
    const log = await auditForCase(admin, kase.id);
    assert.ok(log.some((e) => e.action === 'read' && e.object === 'closure' && /^family:guardian(_joint)? closure_letter$/.test(e.detail)), 'the read is audited');
  });
});
