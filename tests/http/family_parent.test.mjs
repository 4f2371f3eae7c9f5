// family_parent: the parent without custody (custody code "none", docs/family-access.md column P, rule R5;
// issue 10 item 3). Not a guardian: gives no consent (V-2.1), is not prepared (V-4.1), is not offered the survey
// (V-12.1). They take part only when the guardians agree to invite them (V-4.2 question 4, V-3.9): before an
// invitation the family list is empty and the case answers 404 (on record); once a meeting's invitees name them
// they see that meeting and the plan version made there (bp_plan_made_at), item by item as column P's
// `:invited` cells say (tests/lib/family_table.mjs reads the block the server compiles), and nothing else.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, dbQuery, personnummer, auditForCase, today } from '../lib/server.mjs';
import { makeFinishedPlan, makeCase, orgIds, bookFollowupWithFamily, parentIds } from '../lib/fixtures.mjs';
import { familyTable, dataItems } from '../lib/family_table.mjs';
import { letterCode, bornYearsAgo, familyClient } from '../lib/family.mjs';

const srv = useServer();
const TABLE = familyTable();
const ITEM = Object.fromEntries(TABLE.map((i) => [i.id, i]));
const ROLE = 'parent';

const MARK = {
  pnr: personnummer(bornYearsAgo(10), 310), guardianPhone: '070-123 98 76', guardianEmail: 'leila.vardnad@example.se',
  parentEmail: 'karim.utan@example.se', followupPlace: 'UPPFÖLJNINGSRUMMET',
};

// a sole guardian and the other parent, without custody
const FAMILY = [
  { name: 'Leila Vårdnad', custody: 'sole', phone: MARK.guardianPhone, email: MARK.guardianEmail },
  { name: 'Karim Utanvårdnad', custody: 'none', email: MARK.parentEmail },
];

describe('docs/family-access.md column P: the parent without custody (R5)', () => {
  let anna, annaWeb, bertil, david, admin, kase, parent;
  const deniedFor = async (caseId) => (await admin.getJson(`/api/v1/audit?action=denied&case=${caseId}&limit=1000`)).json();

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
    // a sole guardian and the other parent without custody; the plan's version 1 finished with no meeting yet
    kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { id_number: MARK.pnr }, guardians: FAMILY } });
    [parent] = await parentIds(anna, kase.id);
    assert.ok(parent, 'the parent without custody is a row of guardians (custody "none")');
  });

  /** A case of its own for one test, so that the tests run in either order: the sole guardian and the parent
   * without custody, the plan finished; with `invited`, a plan meeting invites the parent too (the guardian
   * agreeing). The parent is logged in by a letter made anyway; page(p) reads a family page as they see it. */
  async function fresh(serial, { invited = false } = {}) {
    const pnr = personnummer(bornYearsAgo(10), serial);
    const k = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { id_number: pnr }, guardians: FAMILY } });
    const [p] = await parentIds(anna, k.id);
    const planMeeting = invited
      ? await bookFollowupWithFamily(anna, k, { meeting: { kind: 'plan', place: 'Skolans lilla rum' }, more: [{ kind: 'guardian', guardian_id: p }] })
      : 0;
    const fam = await familyClient(srv.base, await letterCode(annaWeb, k.id, p));
    const page = async (path) => {
      const r = await fam.get(path);
      return { path, status: r.status, html: decodeEntities(r.text) };
    };
    return { kase: k, parent: p, fam, page, pnr, planMeeting };
  }

  test('the professionals record the code; V-2.1: a consent is given by the guardian with custody alone, never by the parent', async () => {
    const json = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json();
    assert.equal(json.guardians.find((g) => g.id === parent).custody, 'none');
    assert.match(decodeEntities((await annaWeb.get(`/cases/${kase.id}`)).text), /Förälder utan vårdnad/);
    assert.ok(json.consents.every((k) => k.guardian_ids.length === 1 && k.guardian_ids[0] === kase.guardians[0]), 'the fixture\'s consents: the guardian alone');
    const other = await makeCase(anna, { registration: { guardians: FAMILY } });
    const body = { org_id: kase.orgs['Ålidhemsskolan'], giver: 'guardians', child_view: 'Bra.', scope: 'Allt.', form: 'hlt_vasterbotten', given_on: today() };
    const r = await anna.postJson(`/api/v1/cases/${other.id}/consents`, { ...body, guardian_ids: [other.guardians[0], (await parentIds(anna, other.id))[0]] });
    assert.equal(r.status, 422, r.text);
    assert.ok(r.json().fields.some((f) => f.field === 'consent.guardians' && f.code === 'not_guardian'), r.text);
    assert.equal((await anna.postJson(`/api/v1/cases/${other.id}/consents`, { ...body, guardian_ids: [other.guardians[0]] })).status, 201, 'the sole guardian alone');
    // the professionals' consent form offers the guardians with custody only
    const form = decodeEntities((await annaWeb.get(`/cases/${other.id}/consents/new`)).text);
    assert.match(form, /Leila Vårdnad/);
    assert.doesNotMatch(form, /Karim Utanvårdnad/);
  });

  test('V-12.1: the survey offered at the plan goes to the child and the guardian, never to the parent without custody', async () => {
    assert.equal((await dbQuery(srv, `SELECT COUNT(*) FROM survey_invitations WHERE case_id = ${kase.id} AND guardian_id = ${parent}`)).trim(), '0');
    assert.equal((await dbQuery(srv, `SELECT COUNT(*) FROM survey_invitations WHERE case_id = ${kase.id} AND guardian_id = ${kase.guardians[0]}`)).trim(), '1');
  });

  test('R5: before an invitation the list is empty and every page of the case answers 404, on record; no letter is offered', async () => {
    const { kase, parent, page } = await fresh(311);
    const casePage = decodeEntities((await annaWeb.get(`/cases/${kase.id}`)).text);
    assert.match(casePage, new RegExp(`name="guardian" value="${kase.guardians[0]}"`), 'a letter for the guardian');
    assert.doesNotMatch(casePage, new RegExp(`name="guardian" value="${parent}"`), 'no letter for the parent until invited');
    // a letter made anyway (the form's POST) logs in, and shows nothing
    const home = await page('/family');
    assert.equal(home.status, 200);
    assert.doesNotMatch(home.html, new RegExp(`/family/cases/${kase.id}`), 'the family list is empty');
    const missing = await page('/family/cases/999999');
    for (const p of ['', '/plan', '/plan/child', '/consents', '/prep', '/access', '/plan/versions/1.pdf']) {
      const r = await page(`/family/cases/${kase.id}${p}`);
      assert.equal(r.status, 404, p);
    }
    const same = (html, id) => html.replaceAll(`%2Ffamily%2Fcases%2F${id}`, '%2Fcase').replaceAll(`"/family/cases/${id}"`, '"/case"'); // the language links' and forms' way back
    assert.equal(same((await page(`/family/cases/${kase.id}`)).html, kase.id), same(missing.html, 999999), 'exactly as a case that does not exist');
    const denied = await deniedFor(kase.id);
    assert.ok(denied.some((e) => e.detail === 'family:parent not_invited'), JSON.stringify(denied));
  });

  test('V-4.2, V-3.9: invited to the meeting where the plan is made, they see that meeting and the version made there, item by item (column P :invited)', async () => {
    // a plan meeting inviting the child, the guardian and (the guardian agreeing) the parent without custody
    const { kase, parent, fam, page, pnr, planMeeting } = await fresh(312, { invited: true });
    // a follow-up the parent is not invited to, with a place only it names
    const followup = await bookFollowupWithFamily(anna, kase, { meeting: { place: MARK.followupPlace } });
    assert.match(decodeEntities((await annaWeb.get(`/cases/${kase.id}`)).text), new RegExp(`name="guardian" value="${parent}"`), 'the letter is offered now');
    const home = await page('/family');
    assert.match(home.html, new RegExp(`href="/family/cases/${kase.id}"`), 'page.cases: the case, now');
    const pages = [];
    for (const p of [`/family/cases/${kase.id}`, `/family/cases/${kase.id}/meetings/${planMeeting}`, `/family/cases/${kase.id}/plan`]) {
      const r = await page(p);
      assert.equal(r.status, 200, p);
      pages.push(r);
    }
    assert.equal((await page(`/family/cases/${kase.id}/meetings/${followup}`)).status, 404, 'only the meetings that invite them');
    const seen = new Set(pages.flatMap((p) => [...dataItems(p.html)]));
    for (const id of seen) {
      assert.ok(ITEM[id], `data-item ${id} is an item of the table`);
      assert.notEqual(ITEM[id].cells[ROLE].cell, 'none', `the parent must not see ${id}`);
      assert.ok(['invited', 'own'].includes(ITEM[id].cells[ROLE].scope), `${id}: column P is narrowed by :invited or :own`);
    }
    for (const id of ['page.case', 'child.name', 'guardians.other_name', 'page.meeting', 'meeting.when', 'meeting.where', 'meeting.why',
      'meeting.who', 'meeting.roles', 'page.plan', 'plan.goals', 'plan.interventions', 'plan.commitments', 'plan.coordinator',
      'plan.contact_if_fails', 'plan.contacts', 'plan.followup', 'plan.summary'])
      assert.ok(seen.has(id), `the invited parent sees ${id}`);
    const all = pages.map((p) => p.html).join('\n');
    for (const m of [pnr, MARK.guardianPhone, MARK.guardianEmail, MARK.followupPlace])
      assert.ok(!all.includes(m), `${m} is not for the parent without custody`);
    for (const p of [`/family/cases/${kase.id}/consents`, `/family/cases/${kase.id}/prep`, `/family/cases/${kase.id}/access`]) {
      assert.doesNotMatch(all, new RegExp(`href="${p}"`), `no way to ${p}`);
      assert.equal((await page(p)).status, 404, `${p}: every item none for P`);
    }
    assert.equal((await fam.get(`/family/cases/${kase.id}/plan/versions/1.pdf`)).status, 200, 'copy.pdf: the version made at their meeting');
    const audit = await auditForCase(admin, kase.id);
    for (const what of ['case', 'meeting', 'plan'])
      assert.ok(audit.some((e) => e.action === 'read' && e.detail === `family:parent ${what}`), `${what} read audited`);
  });

  test('V-2.1, V-12.1: consent pages and POSTs and the survey are refused to the parent, on record', async () => {
    const { kase, fam } = await fresh(313, { invited: true });
    assert.equal((await fam.get(`/family/cases/${kase.id}`)).status, 200); // the page they may see: its form token
    const consentId = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json().consents[0].id;
    for (const p of [`/consents/${consentId}/withdraw`, `/consents/${consentId}/limit`, `/asks/${kase.orgs['BUP Umeå']}/consent`]) {
      assert.equal((await fam.get(`/family/cases/${kase.id}${p}`)).status, 404, `GET ${p}`);
      const r = await fam.post(`/family/cases/${kase.id}${p}`, { 'consent.scope': 'Inget.' });
      assert.equal(r.status, 404, `POST ${p}: no consents page for the parent (section 3)`);
    }
    const survey = await fam.post(`/family/cases/${kase.id}/survey`, {});
    assert.equal(survey.status, 404, 'V-12.1: no survey for the parent without custody');
    const event = await fam.post(`/family/cases/${kase.id}/events`, { 'event.what': 'Vi flyttar.', 'event.happened_on': '2026-01-01' });
    assert.equal(event.status, 404, 'event.report: none for P');
    const consents = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json().consents;
    assert.ok(consents.every((k) => k.status === 'active'), 'nothing was withdrawn');
    const denied = await deniedFor(kase.id);
    assert.ok(denied.some((e) => e.object === 'consent' && /^family:parent/.test(e.detail)), JSON.stringify(denied));
    assert.ok(denied.some((e) => e.object === 'survey_invitation' && /^family:parent/.test(e.detail)), 'the survey refusal is on record');
  });

  test('V-2.1 (migration 028): a consent asked online is in force when the guardian with custody confirms; the parent\'s row is not waited for', async () => {
    const orgs = await orgIds(anna);
    const soc = orgs['Socialtjänsten Umeå'];
    const own = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { guardians: FAMILY } });
    const asked = await anna.postJson(`/api/v1/cases/${own.id}/asks`, { org_id: soc });
    assert.equal(asked.status, 201, asked.text);
    const leila = await familyClient(srv.base, await letterCode(annaWeb, own.id, own.guardians[0]));
    assert.equal((await leila.get(`/family/cases/${own.id}/asks/${soc}/consent`)).status, 200);
    const r = await leila.post(`/family/cases/${own.id}/asks/${soc}/consent`, { 'consent.scope': 'Det som behövs för planen.' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `/family/cases/${own.id}/consents?given=1`, 'in force at once');
    const k = (await anna.getJson(`/api/v1/cases/${own.id}`)).json().consents.find((c) => c.org_id === soc && c.status === 'active');
    assert.ok(k, 'in force');
    assert.deepEqual(k.guardian_ids, [own.guardians[0]], 'given by the guardian with custody alone');
    // the guardian sees the other parent's name, not called a guardian (guardians.other_name)
    const home = decodeEntities((await leila.get(`/family/cases/${own.id}`)).text);
    assert.match(home, /Karim Utanvårdnad \(Förälder utan vårdnad\)/);
    assert.doesNotMatch(home, /Vårdnadshavare: Karim/);
    // V-4.1: the preparation lists the guardian with custody, never the parent without
    const prep = (await anna.getJson(`/api/v1/cases/${own.id}/preparation`)).json();
    assert.deepEqual(prep.guardians.map((g) => g.guardian_id ?? g.id), [own.guardians[0]]);
    assert.deepEqual(prep.status.guardians_missing, [own.guardians[0]]);
  });
});
