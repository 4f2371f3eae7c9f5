// family_api: the family's own JSON API under /api/v1/family/ (issue 10 item 3 and "done when": pages AND API).
// Built from the same use cases and filtered views as the family pages; each member named like "plan.contacts"
// is an item of docs/family-access.md's table (tests/lib/family_table.mjs reads the block the server compiles).
// For each role that logs in (a guardian with sole custody, a guardian in joint custody, the child at 10, 13 and
// 16, the adult student at 19): every item key is one the role may see (R7: the others have no key at all),
// every item the answers cover that the role may see is there, no marker of a field meant for others and none
// of another child. A forged id or another child's case answers 404 on record; a professional's session on the
// family API and a family session on the professionals' API answer 404 on record too. Every exchange is checked
// against docs/openapi.yaml by the client (tests/lib/server.mjs).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, decodeEntities, personnummer, auditForCase, addDays, today } from '../lib/server.mjs';
import { makeFinishedPlan, makeCase, orgIds, bookFollowupWithFamily } from '../lib/fixtures.mjs';
import { familyTable, dataItems } from '../lib/family_table.mjs';
import { letterCode, bornYearsAgo, familyClient, FAMILY_MARK, FAMILY_ROLES, fullFamilyCase } from '../lib/family.mjs';

const srv = useServer();
const TABLE = familyTable();
const ITEM = Object.fromEntries(TABLE.map((i) => [i.id, i]));
const loggedIn = (code) => familyClient(srv.base, code);

/** Every member name of the table's items anywhere in a JSON value (at any depth). */
function itemKeys(value, out = new Set()) {
  if (Array.isArray(value)) value.forEach((x) => itemKeys(x, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('.')) out.add(k);
      itemKeys(v, out);
    }
  return out;
}

// what each answer covers: an item here that the role may see must be in the answer (R7: the others never)
const COVERS = {
  case: ['child.name', 'child.birth_date', 'child.id_number', 'guardians.own', 'guardians.own_contact', 'guardians.other_name',
    'case.initiative', 'case.orgs', 'page.meeting', 'meeting.when', 'page.plan', 'survey.status'],
  meeting: ['meeting.when', 'meeting.where', 'meeting.why', 'meeting.who', 'meeting.roles', 'meeting.child_not_invited_reason', 'closing.child_addition'],
  plan: ['plan.goals', 'plan.interventions', 'plan.commitments', 'plan.coordinator', 'plan.contact_if_fails', 'plan.contacts', 'plan.followup',
    'plan.summary', 'plan.child_view', 'plan.decisions', 'plan.versions', 'signature.own', 'copy.pdf'],
  access: ['access.log'],
  consents: ['consent.ledger', 'consent.scope', 'consent.child_view', 'consent.maturity_note', 'consent.obtained_by', 'consent.give'],
};

describe('issue 10 item 3: the family API, by docs/family-access.md', () => {
  let anna, annaWeb, bertil, david, admin;
  const MARK = { ...FAMILY_MARK, otherChild: 'Främlingbarn', otherChildPlan: 'ANNATBARNSPLAN' };
  let otherCase;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
    // another child, with a finished plan and a meeting of its own: nothing of it may reach this family
    otherCase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { given_name: MARK.otherChild, id_number: personnummer(bornYearsAgo(11), 211) } } });
    assert.equal((await anna.postJson(`/api/v1/cases/${otherCase.id}/plan/versions`, {})).status, 201);
    assert.equal((await anna.postJson(`/api/v1/cases/${otherCase.id}/plan`, { summary: MARK.otherChildPlan })).status, 200);
    otherCase.meetingId = await bookFollowupWithFamily(anna, otherCase);
  });

  const fullCase = (age, custody) => fullFamilyCase({ anna, bertil, david }, age, custody);

  /** The family API's answers about the case, as one member gets them: { name: { status, json, text } }. */
  async function answersOf(fam, kase) {
    const base = `/api/v1/family/cases/${kase.id}`;
    const out = {};
    for (const [name, p] of [['cases', '/api/v1/family/cases'], ['case', base], ['meeting', `${base}/meetings/${kase.meetingId}`], ['plan', `${base}/plan`],
      ['access', `${base}/access`], ['consents', `${base}/consents`]]) {
      const r = await fam.getJson(p);
      out[name] = { status: r.status, json: r.status === 200 ? r.json() : null, text: r.text };
    }
    return out;
  }

  const ROLES = FAMILY_ROLES;
  for (const { role, age, custody, who } of ROLES) {
    test(`${role}: every item key is one the table gives the role, and every one it gives is there (R7)`, async () => {
      const kase = await fullCase(age, custody);
      const fam = await loggedIn(await letterCode(annaWeb, kase.id, who === 'child' ? 0 : kase.guardians[who]));
      const got = await answersOf(fam, kase);
      const sees = (id) => ITEM[id].cells[role].cell !== 'none';
      for (const name of ['cases', 'case', 'meeting', 'plan', 'consents']) assert.equal(got[name].status, 200, `${role} ${name}: ${got[name].text.slice(0, 300)}`);
      assert.equal(got.access.status, sees('access.log') ? 200 : 404, `${role} access (the table: access.log)`);
      assert.equal(got.cases.json.length, 1, 'only their own child\'s case');
      assert.equal(got.cases.json[0].case_id, kase.id);
      assert.equal(got.case.json.role, role);
      for (const [name, covered] of Object.entries(COVERS)) {
        if (!got[name].json) continue;
        const keys = itemKeys(got[name].json);
        for (const id of keys) {
          assert.ok(ITEM[id], `${name}: ${id} is an item of the table`);
          assert.ok(sees(id), `${role} must not get ${id} (${name})`);
        }
        for (const id of covered) {
          if (!sees(id)) continue;
          if (id.startsWith('consent.') && id !== 'consent.ledger' && id !== 'consent.give' && !got.consents.json['consent.ledger'].length) continue;
          assert.ok(keys.has(id), `${role} gets ${id} (${name})`);
        }
      }
      // the same view as the pages: every item the member's pages show is in the answers too
      const apiItems = new Set(Object.values(got).flatMap((x) => [...itemKeys(x.json)]));
      for (const p of [`/family/cases/${kase.id}`, `/family/cases/${kase.id}/plan`, `/family/cases/${kase.id}/meetings/${kase.meetingId}`, `/family/cases/${kase.id}/consents`])
        for (const id of dataItems(decodeEntities((await fam.get(p)).text)))
          if (!['page.case', 'event.report', 'consent.withdraw', 'consent.limit'].includes(id)) assert.ok(apiItems.has(id), `${role}: ${id} is on ${p} and in the API`);
      // the values are the page's: the child, the place, the plan in force (R6: never the draft)
      assert.equal(got.case.json['child.name'].family_name, 'Jsonsson');
      assert.match(got.cases.json[0]['child.name'].given_name, /^Apibarn/);
      assert.equal(got.meeting.json['meeting.where'].place, 'Skolans konferensrum');
      assert.equal(got.plan.json.version, 1);
      assert.equal(got.plan.json['plan.summary'].summary, 'Vi hjälps åt så att du kan läsa bättre.');
      assert.ok(got.plan.json['plan.goals'].some((g) => g.goal === 'Läser en bok på egen hand'));
      assert.equal(got.plan.json['plan.decisions'] !== undefined, sees('plan.decisions'), 'plan.decisions from 12 (7-11: none)');
      const all = Object.values(got).map((x) => x.text).join('\n');
      // fields meant for others: the other guardian's details, invitees' e-mails, the draft, the initiator's reason; and another child
      for (const m of [MARK.otherPhone, MARK.otherEmail, MARK.otherAddress, MARK.otherPnr, MARK.invitedEmail, MARK.draft, MARK.reason, MARK.otherChild, MARK.otherChildPlan])
        assert.ok(!all.includes(m), `${role}: ${m} must not be in the family API's answers`);
      if (who === 'child') assert.ok(!all.includes('ella@example.se'), 'R3: a child never gets a guardian\'s contact details');
      else assert.equal(got.case.json['guardians.own_contact'].email, 'ella@example.se', 'guardians.own_contact: their own');
      // every read is on record like the page's, naming the role and the API
      const audit = await auditForCase(admin, kase.id);
      for (const what of ['case', 'plan', 'meeting', 'consents', ...(sees('access.log') ? ['access'] : [])])
        assert.ok(audit.some((e) => e.action === 'read' && e.channel === 'api' && e.detail === `family:${role} api_${what}`), `${role} api_${what} read audited`);
    });
  }

  test('another child\'s case and forged ids answer 404 JSON, as a missing one, and each is on record as denied', async () => {
    const kase = await fullCase(13);
    const fam = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    const own = `/api/v1/family/cases/${kase.id}`;
    const other = `/api/v1/family/cases/${otherCase.id}`;
    for (const p of [other, `${other}/plan`, `${other}/meetings/${otherCase.meetingId}`, `${other}/access`, `${other}/consents`,
      '/api/v1/family/cases/999999', '/api/v1/family/cases/999999/plan', `${own}/meetings/999999`, `${own}/meetings/${otherCase.meetingId}`]) {
      const r = await fam.getJson(p);
      assert.equal(r.status, 404, p);
      assert.equal(r.json().error, 'not_found', p);
      assert.ok(!r.text.includes(MARK.otherChild), p);
    }
    const denied = (await admin.getJson(`/api/v1/audit?action=denied&case=${otherCase.id}`)).json();
    assert.ok(denied.filter((e) => /^family:\w+ not_own$/.test(e.detail) && e.channel === 'api' && e.username.startsWith('family-')).length >= 5, JSON.stringify(denied));
    const mine = (await admin.getJson(`/api/v1/audit?action=denied&case=${kase.id}`)).json();
    assert.ok(mine.filter((e) => e.object === 'meeting' && e.detail === 'family:guardian_joint api_meeting').length >= 2, 'a foreign meeting id in the own case');
    const missing = (await admin.getJson('/api/v1/audit?action=denied')).json();
    assert.ok(missing.some((e) => e.detail === 'family:none no_case' && e.channel === 'api'), 'a case that does not exist');
  });

  test('a ten-year-old gets no meeting they are not invited to, and no "who has looked"', async () => {
    const kase = await fullCase(10);
    const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: addDays(today(), 30), start: '09:00', end: '10:00', setting: 'physical', setting_agreed: true,
      place: 'Rum utan barnet', purpose: 'Vuxnas möte', agenda: 'x', child_not_invited_reason: 'Barnet vill inte',
    });
    assert.equal(m.status, 201, m.text);
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/meetings/${m.json().id}/invitees`, { kind: 'guardian', guardian_id: kase.guardians[0] })).status, 201);
    const child = await loggedIn(await letterCode(annaWeb, kase.id, 0));
    assert.equal((await child.getJson(`/api/v1/family/cases/${kase.id}/meetings/${m.json().id}`)).status, 404, 'K-4.1: not invited');
    const list = (await child.getJson(`/api/v1/family/cases/${kase.id}`)).json()['page.meeting'];
    assert.ok(!list.some((x) => x.id === m.json().id), 'not in the list either');
    assert.equal((await child.getJson(`/api/v1/family/cases/${kase.id}/access`)).status, 404);
    const guardian = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    const seen = (await guardian.getJson(`/api/v1/family/cases/${kase.id}/meetings/${m.json().id}`)).json();
    assert.equal(seen['meeting.child_not_invited_reason'].reason, 'Barnet vill inte', 'K-4.1: the guardians are told why not');
  });

  test('issue 10 item 10: for a guardian the child is protected from, no hide item, no marker, no organisation or place', async () => {
    const kase = await fullCase(10, 'joint');
    const [ella, omar] = kase.guardians;
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/protection`, { child: true, child_from: [omar], guardians: [ella], guardians_from: [omar] });
    assert.equal(r.status, 200, r.text);
    const from = await loggedIn(await letterCode(annaWeb, kase.id, omar));
    const got = await answersOf(from, kase);
    assert.equal(got.access.status, 404, 'who has looked would name the new school');
    for (const name of ['case', 'meeting', 'plan'])
      for (const id of itemKeys(got[name].json)) assert.ok(!ITEM[id].hide, `hidden from the one protected from: ${id} (${name})`);
    assert.equal(got.case.json.protected_marker, false, 'no marker to the one protected from');
    const all = Object.values(got).map((x) => x.text).join('\n');
    for (const word of ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå', 'Skolans konferensrum', 'Anna Lindqvist'])
      assert.ok(!all.includes(word), `${word} must not reach the guardian the child is protected from`);
    // the consents in force are there without their organisation, so that a withdrawal stays possible (section 6)
    const ledger = got.consents.json['consent.ledger'];
    assert.ok(ledger.length > 0 && ledger.every((k) => k.org_id === null && k.org_name === null && k.in_force));
    const ellas = await loggedIn(await letterCode(annaWeb, kase.id, ella));
    const hers = (await ellas.getJson(`/api/v1/family/cases/${kase.id}`)).json();
    assert.equal(hers.protected_marker, true, 'the protected guardian sees the marker');
    assert.ok(hers['case.orgs'].some((o) => o.name === 'Ålidhemsskolan'));
  });

  test('a professional\'s session on the family API and a family session on the professionals\' API answer 404, on record', async () => {
    const kase = await fullCase(13);
    for (const p of [`/api/v1/family/cases/${kase.id}`, '/api/v1/family/cases', `/api/v1/family/cases/${kase.id}/plan`]) {
      const r = await anna.getJson(p);
      assert.equal(r.status, 404, p);
      assert.equal(r.json().error, 'not_found');
    }
    const fam = await loggedIn(await letterCode(annaWeb, kase.id, 0));
    for (const p of [`/api/v1/cases/${kase.id}`, `/api/v1/cases/${kase.id}/plan`, '/api/v1/me'])
      assert.equal((await fam.getJson(p, { openapi: false })).status, 404, p);
    const pages = (await admin.getJson('/api/v1/audit?action=denied')).json().filter((e) => e.object === 'page');
    for (const route of ['api_family_case', 'api_family_cases', 'api_family_plan', 'api_case_show', 'api_plan', 'api_me'])
      assert.ok(pages.some((e) => e.detail === route), `the refusal of ${route} is on record`);
    // no session at all: 401, as the professionals' API
    assert.equal((await new Client(srv.base).getJson(`/api/v1/family/cases/${kase.id}`)).status, 401);
  });

  test('a case the member sees without a finished plan: the plan answers 404 (R6: a draft is not theirs)', async () => {
    const orgs = await orgIds(anna);
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { id_number: personnummer(bornYearsAgo(9), 309) } } });
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/plan`, { summary: MARK.draft })).status, 200);
    const fam = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    const c = (await fam.getJson(`/api/v1/family/cases/${kase.id}`)).json();
    assert.equal(c['page.plan'], undefined, 'no plan in force: no page.plan');
    const r = await fam.getJson(`/api/v1/family/cases/${kase.id}/plan`);
    assert.equal(r.status, 404);
    assert.ok(!r.text.includes(MARK.draft));
  });

  test('issue 10 item 7 through the API: a guardian and a ten-year-old sign (V-8a.2) and report an event (V-9.3); JSON errors name the field', async () => {
    const kase = await fullCase(10);
    const base = `/api/v1/family/cases/${kase.id}`;
    for (const who of [kase.guardians[0], 0]) {
      const fam = await loggedIn(await letterCode(annaWeb, kase.id, who));
      const me = (await fam.getJson('/api/v1/family/me')).json();
      assert.equal(me.as_child, who === 0);
      assert.equal((await fam.postJson(`${base}/plan/signature`, { version: 1, answer: 'signed' })).status, 403, 'no X-CSRF-Token: refused');
      fam.apiCsrf = me.csrf_token;
      const bad = await fam.postJson(`${base}/plan/signature`, { answer: 'signed' });
      assert.equal(bad.status, 422);
      assert.deepEqual(bad.json().fields.map((f) => f.field), ['signature.version']);
      const odd = await fam.postJson(`${base}/plan/signature`, { version: 1, answer: 'kanske' });
      assert.equal(odd.status, 422);
      assert.ok(odd.json().fields.some((f) => f.field === 'signature.answer'), odd.text);
      assert.equal((await fam.postJson(`${base}/plan/signature`, { version: 1, answer: 'signed' })).status, 201);
      const again = await fam.postJson(`${base}/plan/signature`, { version: 1, answer: 'declined' });
      assert.equal(again.status, 409, 'once');
      assert.ok(again.json().fields.length > 0);
      const own = (await fam.getJson(`${base}/plan`)).json()['signature.own'];
      assert.equal(own.answer, 'signed');
      assert.equal(own.may_sign, false);
      const what = who ? 'Vi har flyttat till Holmsund.' : 'Jag har bytt klass.';
      const empty = await fam.postJson(`${base}/events`, { what: '', happened_on: today() });
      assert.equal(empty.status, 422);
      assert.ok(empty.json().fields.some((f) => f.field === 'event.what'), empty.text);
      assert.equal((await fam.postJson(`${base}/events`, { what, happened_on: today() })).status, 201);
      assert.equal((await fam.postJson(`/api/v1/family/cases/${otherCase.id}/events`, { what: 'x', happened_on: today() })).status, 404, 'another child\'s case');
      assert.equal((await fam.postJson(`/api/v1/family/cases/${otherCase.id}/plan/signature`, { version: 1, answer: 'signed' })).status, 404);
    }
    const impl = (await anna.getJson(`/api/v1/cases/${kase.id}/implementation`)).json();
    for (const what of ['Vi har flyttat till Holmsund.', 'Jag har bytt klass.'])
      assert.ok(impl.events.some((e) => e.what === what), `the coordinator has the event: ${what}`);
    const plan = (await anna.getJson(`/api/v1/cases/${kase.id}/plan`)).json();
    const signed = plan.signers.filter((x) => x.status === 'signed' && (x.kind === 'child' || x.guardian_id === kase.guardians[0]));
    assert.equal(signed.length, 2, JSON.stringify(plan.signers));
  });
});
