// family_events: the family's events and follow-ups (issue 10 items 3, 7; docs/family-access.md sections 5.4,
// 5.5, rules R2, R3). On /family/cases/{id}/events each role sees what the table says: the events professionals
// and guardians reported with the coordinator's decisions (event.list, V-9.4) and what the child reported
// (event.child_reports, V-9.3): a 13-year-old's report reaches the guardians only when the child ticked "Visa för
// mina vårdnadshavare" (migration 032), a 10-year-old's always; a child under 15 never sees a guardian's or a
// professional's report. The plan page shows the follow-up (followup.record, V-10.3-V-10.7, with the version it
// followed up) and the next one (followup.next, V-10.5) by the table, and the child's words a professional wrote
// down during the plan (plan.child_voices, V-9.2) and before the follow-up (followup.child_views, V-10.2) by rule
// R2, never the guardians' view to the child (R3). Every read is audited
// `family:<role> events`; forged ids answer 404, on record.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, personnummer, bornYearsAgo, today, inDays, auditForCase } from '../lib/server.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';
import { familyMember } from '../lib/family.mjs';
import { familyTable, dataItems } from '../lib/family_table.mjs';

const srv = useServer();
const ITEM = Object.fromEntries(familyTable().map((i) => [i.id, i]));
const sees = (id, role) => ITEM[id].cells[role].cell !== 'none';

async function page(member, url) {
  const r = await member.get(url);
  return { status: r.status, html: decodeEntities(r.text) };
}

/** Every data-item on the page is one the table lets the role see (R7: the rest is simply absent). */
function assertItemsAllowed(html, role, where) {
  for (const id of dataItems(html)) {
    assert.ok(ITEM[id], `${where}: data-item ${id} is an item of the table`);
    assert.ok(sees(id, role), `${where}: ${role} must not see ${id}`);
  }
}

describe('issue 10 items 3, 7: the family\'s events and follow-ups', () => {
  let anna, annaWeb, bertil, david, admin;
  const cases = {}; // by age: { kase, mark, members: { role: client } }

  /** A finished plan for a child of `age`, with a professional's decided event, a guardian's and the child's
   * reports (the child's shared when `share`), a held follow-up and the next one booked; markers per case. */
  async function setUp(age, serial) {
    const mark = `FE${age}`;
    const kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { id_number: personnummer(bornYearsAgo(age), serial) } } });
    const impl = `/api/v1/cases/${kase.id}/implementation`;
    const pro = await anna.postJson(`${impl}/events`, { what: `${mark}-PRO skolan byter lärare`, happened_on: today() });
    assert.equal(pro.status, 201, pro.text);
    assert.equal((await anna.postJson(`${impl}/events/${pro.json().id}/decision`, { decision: 'booked_enough', note: `${mark}-BESLUT det bokade mötet räcker` })).status, 200);
    const members = {};
    const child = age >= 7 ? await familyMember(srv.base, annaWeb, kase.id, 0) : null;
    if (age < 18) {
      members.g1 = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
      members.g2 = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[1]);
      await members.g1.get(`/family/cases/${kase.id}/events`);
      const r = await members.g1.post(`/family/cases/${kase.id}/events`, { back: 'events', 'event.what': `${mark}-VH1 vi flyttar`, 'event.happened_on': today(), 'event.share_with_guardians': '1' });
      assert.equal(r.status, 303, r.text.slice(0, 500));
      assert.equal(r.location, `/family/cases/${kase.id}/events?saved=1#event`);
    }
    members.child = child;
    await child.get(`/family/cases/${kase.id}/events`);
    for (const [what, share] of [[`${mark}-BARN-DOLT jag är ledsen hemma`, ''], [`${mark}-BARN-DELAT jag har en ny kompis`, '1']]) {
      const r = await child.post(`/family/cases/${kase.id}/events`, { back: 'events', 'event.what': what, 'event.happened_on': today(), 'event.share_with_guardians': share });
      assert.equal(r.status, 303, r.text.slice(0, 500));
    }
    // V-9.2: the child's words written down during the plan, one the child wants the guardians to read
    for (const [note, share] of [[`${mark}-ROST-DOLT jag vill inte flytta`, false], [`${mark}-ROST-DELAT jag gillar min lärare`, true]])
      assert.equal((await anna.postJson(`${impl}/voices`, { note, said_on: today(), share_with_guardians: share })).status, 201);
    // V-10.3-V-10.5: a follow-up meeting of version 1, its record and the next one booked
    const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: inDays(30), start: '13:30', end: '14:30', setting: 'physical', setting_agreed: true,
      place: 'Ålidhemsskolan', purpose: 'Att följa upp planen.', agenda: 'Hur insatserna har gått.',
    });
    assert.equal(m.status, 201, m.text);
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/meetings/${m.json().id}/followup`, {
      child_last_meeting: `${mark}-FU-BARN bra möte`, child_share_with_guardians: age === 16, guardians_view: `${mark}-FU-VH det går bättre`,
      q_a: `${mark}-QA alla har gjort sitt`, q_h: `${mark}-QH läsningen fungerar`,
      next_on: inDays(120), next_time: '09:00', next_place: `${mark}-NEXTPLACE BUP Umeå`, next_participants: `${mark}-NEXTWHO alla igen`,
      still_needed: 'yes',
    })).status, 200);
    cases[age] = { kase, mark, members };
  }

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
    await setUp(10, 710);
    await setUp(13, 713);
    await setUp(16, 716);
    await setUp(19, 719);
  });

  const ROLE_OF = { 10: 'child_7_11', 13: 'child_12_14', 16: 'child_15_17', 19: 'adult_student' };

  test('V-9.3, V-9.4, R2, R3: each role sees the events page by the table; the guardians a child\'s report only under 12 or when shared', async () => {
    for (const age of [10, 13, 16, 19]) {
      const { kase, mark, members } = cases[age];
      for (const [who, member] of Object.entries(members)) {
        const role = who === 'child' ? ROLE_OF[age] : 'guardian_joint';
        const where = `${role} (${age})`;
        const { status, html } = await page(member, `/family/cases/${kase.id}/events`);
        assert.equal(status, 200, where);
        assertItemsAllowed(html, role, where);
        const has = (m) => html.includes(m);
        // V-9.4: event.list, the professionals' and the guardians' reports and the coordinator's decision
        for (const m of [`${mark}-PRO`, `${mark}-BESLUT`])
          assert.equal(has(m), sees('event.list', role), `${where}: ${m} by event.list`);
        if (age < 18) assert.equal(has(`${mark}-VH1`), sees('event.list', role), `${where}: a guardian's report by event.list (R3 under 15)`);
        // V-9.3, R2: what the child reported
        const shared = who === 'child' || age < 12;
        assert.equal(has(`${mark}-BARN-DOLT`), shared, `${where}: the child's report not shared (${age})`);
        assert.ok(has(`${mark}-BARN-DELAT`), `${where}: the child's shared report`);
        assert.equal(/name="event\.share_with_guardians"/.test(html), who === 'child' && age >= 12 && age < 18, `${where}: the tick only for the child from 12`);
        const plan = await page(member, `/family/cases/${kase.id}/plan`);
        assert.equal(plan.status, 200, where);
        assertItemsAllowed(plan.html, role, `${where} plan`);
        // V-9.2, V-10.2, R2: the child's words written down by a professional, by the child's choice from 12
        assert.ok(plan.html.includes(`${mark}-ROST-DELAT`), `${where}: the child's words they wanted shared (plan.child_voices)`);
        assert.equal(plan.html.includes(`${mark}-ROST-DOLT`), shared, `${where}: the child's words not shared (plan.child_voices)`);
        assert.equal(plan.html.includes(`${mark}-FU-BARN`), shared || age === 16, `${where}: the child's view before the follow-up, shared at 16 (followup.child_views)`);
        // R3: the guardians' view before the follow-up never reaches the child
        assert.equal(plan.html.includes(`${mark}-FU-VH`), who !== 'child' && sees('followup.guardians_view', role), `${where}: followup.guardians_view`);
        // V-10.3-V-10.7: followup.record with the version it followed up; V-10.5: followup.next
        for (const m of [`${mark}-QA`, `${mark}-QH`])
          assert.equal(plan.html.includes(m), sees('followup.record', role), `${where}: ${m} by followup.record`);
        if (sees('followup.record', role)) assert.match(plan.html, /Uppföljning av version 1/, `${where}: with the version it followed up`);
        for (const m of [`${mark}-NEXTPLACE`, `${mark}-NEXTWHO`])
          assert.equal(plan.html.includes(m), sees('followup.next', role), `${where}: ${m} by followup.next`);
        assert.match(plan.html, /data-item="followup\.next"[\s\S]*09:00/, `${where}: when the next follow-up is`);
      }
    }
  });

  test('R2: a 13-year-old\'s report not shared is absent for both guardians, shared present; a 10-year-old\'s present (V-9.3)', async () => {
    const t = cases[13];
    for (const g of [t.members.g1, t.members.g2]) {
      const { html } = await page(g, `/family/cases/${t.kase.id}/events`);
      assert.ok(!html.includes('FE13-BARN-DOLT'), 'not shared: absent');
      assert.ok(html.includes('FE13-BARN-DELAT'), 'shared: present');
      assert.match(html, /data-item="event\.child_reports"[^>]*>[\s\S]*?FE13-BARN-DELAT/);
    }
    const ten = cases[10];
    for (const g of [ten.members.g1, ten.members.g2]) {
      const { html } = await page(g, `/family/cases/${ten.kase.id}/events`);
      assert.ok(html.includes('FE10-BARN-DOLT') && html.includes('FE10-BARN-DELAT'), 'under 12: the guardians see the child\'s reports');
    }
    // the guardian's own tick is ignored: only the child's counts (the professionals' API shows the words)
    const events = (await anna.getJson(`/api/v1/cases/${t.kase.id}/implementation`)).json().events;
    assert.ok(events.some((e) => e.what.startsWith('FE13-BARN-DOLT')), 'V-9.3: the coordinator has the child\'s words, shared or not');
    // V-9.2: the professionals see the child's choice beside the words they wrote down
    const impl = decodeEntities((await annaWeb.get(`/cases/${t.kase.id}/implementation`)).text);
    assert.match(impl, /FE13-ROST-DELAT[^<]*<span class="muted">[^<]*; barnet vill att vårdnadshavarna får läsa det\)<\/span>/);
    assert.doesNotMatch(impl, /FE13-ROST-DOLT[^<]*<span class="muted">[^<]*barnet vill/);
  });

  test('R3: a child never sees a guardian\'s own report, nor one of the other guardian for a guardian (both guardians see both, product choice 18)', async () => {
    for (const age of [10, 13]) {
      const { kase, mark, members } = cases[age];
      const { html } = await page(members.child, `/family/cases/${kase.id}/events`);
      assert.ok(!html.includes(`${mark}-VH1`), `${age}: no guardian's report for the child`);
      assert.ok(!html.includes(`${mark}-PRO`), `${age}: no professional's report under 15 (event.list)`);
    }
    const { html } = await page(cases[13].members.g2, `/family/cases/${cases[13].kase.id}/events`);
    assert.match(html, /FE13-VH1[\s\S]*?En vårdnadshavare berättade/, 'the other guardian sees it, without a name');
  });

  test('forged ids answer 404 like a missing case, on record as denied; every read audited family:<role> events', async () => {
    const { kase, members } = cases[13];
    const other = cases[10].kase;
    const missing = await page(members.g1, '/family/cases/999999/events');
    const forged = await page(members.g1, `/family/cases/${other.id}/events`);
    assert.equal(forged.status, 404);
    assert.equal(missing.status, 404);
    const back = (html, id) => html.replaceAll(`%2F${id}%2F`, '%2FN%2F').replaceAll(`/cases/${id}/events"`, '/cases/N/events"');
    assert.equal(back(forged.html, other.id), back(missing.html, 999999), 'the same answer as a case that does not exist (but for the language links\' and forms\' way back)');
    await members.child.get(`/family/cases/${kase.id}/events`);
    const post = await members.child.post(`/family/cases/${other.id}/events`, { back: 'events', 'event.what': 'FE-FORGED', 'event.happened_on': today() });
    assert.equal(post.status, 404);
    const audit = await auditForCase(admin, other.id);
    const denied = audit.filter((e) => e.action === 'denied' && e.object === 'plan_event' && e.detail === 'family:none not_own');
    assert.ok(denied.some((e) => /^family-\d+-[1-9]\d*$/.test(e.username)), 'the guardian\'s forged read is on record');
    assert.ok(denied.some((e) => /^family-\d+-0$/.test(e.username)), 'the child\'s forged report is on record');
    assert.ok(!(await anna.getJson(`/api/v1/cases/${other.id}/implementation`)).json().events.some((e) => e.what === 'FE-FORGED'));
    const mine = await auditForCase(admin, kase.id);
    for (const role of ['guardian_joint', 'child_12_14'])
      assert.ok(mine.some((e) => e.action === 'read' && e.object === 'plan_event' && e.detail === `family:${role} events`), `the read of ${role} is on record`);
  });

  test('section 6: for a guardian the child is protected from, the follow-up\'s hide items are left out; the events stay (hide -)', async () => {
    await setUp(11, 711);
    const { kase, mark, members } = cases[11];
    const [ella, omar] = kase.guardians;
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/protection`, { child: true, child_from: [omar], guardians: [ella], guardians_from: [omar] });
    assert.equal(r.status, 200, r.text);
    const events = await page(members.g2, `/family/cases/${kase.id}/events`);
    const plan = await page(members.g2, `/family/cases/${kase.id}/plan`);
    for (const p of [events, plan]) {
      assert.equal(p.status, 200);
      for (const id of dataItems(p.html)) assert.ok(!ITEM[id].hide, `hidden from the one protected from: ${id}`);
      assert.ok(!p.html.includes('Skyddade personuppgifter'), 'no marker for the one protected from');
    }
    for (const m of [`${mark}-PRO`, `${mark}-VH1`, `${mark}-BARN-DOLT`]) assert.ok(events.html.includes(m), `event.list and event.child_reports are not hidden: ${m}`);
    for (const m of [`${mark}-QA`, `${mark}-NEXTPLACE`, `${mark}-NEXTWHO`, 'Ålidhemsskolan', 'BUP Umeå'])
      assert.ok(!plan.html.includes(m), `followup.record and followup.next are hidden: ${m}`);
    const own = await page(members.g1, `/family/cases/${kase.id}/plan`);
    for (const m of [`${mark}-QA`, `${mark}-NEXTPLACE`]) assert.ok(own.html.includes(m), `the protected guardian sees them: ${m}`);
    assert.match(own.html, /Skyddade personuppgifter/);
  });

  test('V-9.3: bad input on the events page keeps the form as typed with the message beside the field, and the tick', async () => {
    const { kase, members } = cases[13];
    await members.child.get(`/family/cases/${kase.id}/events`);
    const bad = await members.child.post(`/family/cases/${kase.id}/events`, { back: 'events', 'event.what': '', 'event.happened_on': 'i morgon', 'event.share_with_guardians': '1' });
    assert.equal(bad.status, 422);
    const html = decodeEntities(bad.text);
    assert.match(html, /id="event-what-error"/);
    assert.match(html, /id="event-happened_on-error"/);
    assert.match(html, /value="i morgon"/);
    assert.match(html, /name="event\.share_with_guardians" value="1" checked/);
    const ok = await page(members.child, `/family/cases/${kase.id}/events?saved=1`);
    assert.match(ok.html, /Tack! Vi har berättat det för den som samordnar planen\./);
  });
});
