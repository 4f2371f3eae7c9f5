// family_consent: consent online for the family (issue 10 item 4; docs/family-access.md section 5.6). The ledger
// as each role may see it; a withdrawal asks first, then takes effect at once through the professionals' own path:
// the organisation's access ends, everyone involved is told in the app and by e-mail (V-2.8), closing is proposed
// when no consent is left (V-2.9), and the ledger says who withdrew it. A child of 7-11 has no withdrawal (the
// table's `none`), a guardian of another child reaches nothing; each refusal is on record.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, dbQuery, personnummer, auditForCase, formValues, fieldError, addDays, today } from '../lib/server.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';
import { bornYearsAgo, familyMember } from '../lib/family.mjs';
import { familyTable, dataItems } from '../lib/family_table.mjs';
import { minimalPdf, uploadScan } from '../lib/scan.mjs';

const srv = useServer();
const ITEM = Object.fromEntries(familyTable().map((i) => [i.id, i]));

describe('issue 10 item 4: consent online', () => {
  let anna, annaWeb, bertil, bertilWeb, admin, orgs;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.login('bertil'), srv.apiLogin('admin')]);
    orgs = await orgIds(anna);
  });

  /** A case of a child of `age` with the school's and social services' consents (or only the school's). */
  async function consentCase(age, { social = true, custody = 'joint', consent = {} } = {}) {
    const guardians = custody === 'joint'
      ? [{ name: 'Ella Samtyckesson', custody: 'joint' }, { name: 'Omar Samtyckesson', custody: 'joint' }]
      : [{ name: 'Ella Samtyckesson', custody: 'sole' }];
    const school = orgs['Ålidhemsskolan'], soc = orgs['Socialtjänsten Umeå'];
    const kase = await makeCase(anna, {
      orgs: social ? [school, soc] : [school], consent,
      registration: { child: { id_number: personnummer(bornYearsAgo(age), 300 + age) }, guardians },
    });
    return { ...kase, school: kase.consents[school], social: kase.consents[soc] };
  }

  const ledgerOf = async (caseId) => (await anna.getJson(`/api/v1/cases/${caseId}`)).json().consents;

  /** The items (data-item) on a family page. */
  function itemsOn(html) {
    return [...dataItems(decodeEntities(html))];
  }

  test('V-2.8: a guardian withdraws social services\' consent: confirmation first, then at once, everyone told, in the ledger', async () => {
    const kase = await consentCase(10);
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 200, 'social services takes part before');
    const fam = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
    const home = decodeEntities((await fam.get(`/family/cases/${kase.id}`)).text);
    assert.match(home, new RegExp(`href="/family/cases/${kase.id}/consents"`), 'the case page links to the ledger');
    const ledger = await fam.get(`/family/cases/${kase.id}/consents`);
    assert.equal(ledger.status, 200);
    const html = decodeEntities(ledger.text);
    for (const id of itemsOn(html)) assert.notEqual(ITEM[id].cells.guardian_joint.cell, 'none', `the joint guardian may see ${id}`);
    for (const id of ['consent.ledger', 'consent.scope', 'consent.child_view', 'consent.obtained_by', 'consent.withdraw'])
      assert.ok(itemsOn(html).includes(id), `the joint guardian sees ${id}`);
    assert.match(html, /Socialtjänsten Umeå/);
    assert.match(html, /Det som behövs för mötet/, 'consent.scope: what may be shared');
    assert.match(html, new RegExp(`href="/family/cases/${kase.id}/consents/${kase.social}/withdraw"`));
    // the confirmation step: nothing changes by reading it
    const confirm = await fam.get(`/family/cases/${kase.id}/consents/${kase.social}/withdraw`);
    assert.equal(confirm.status, 200);
    assert.match(decodeEntities(confirm.text), /Vill du ta tillbaka samtycket för Socialtjänsten Umeå\?/);
    assert.match(decodeEntities(confirm.text), /inte längre se de uppgifter om barnet/);
    assert.equal((await ledgerOf(kase.id)).find((k) => k.id === kase.social).status, 'active', 'the confirmation page changes nothing');
    // CSRF: a POST without the page's token is refused and changes nothing
    const forged = await fam.post(`/family/cases/${kase.id}/consents/${kase.social}/withdraw`, {}, { csrf: false });
    assert.equal(forged.status, 403);
    assert.equal((await ledgerOf(kase.id)).find((k) => k.id === kase.social).status, 'active');
    const r = await fam.post(`/family/cases/${kase.id}/consents/${kase.social}/withdraw`, {});
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `/family/cases/${kase.id}/consents?withdrawn=1`);
    // at once: social services no longer sees the case (API and page); the school's consent still holds
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 404, 'V-2.8: access ends at once (API)');
    assert.equal((await bertilWeb.get(`/cases/${kase.id}`)).status, 404, 'and on the page');
    const notes = (await bertil.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'consent_withdrawn' && n.case_id === kase.id), 'V-2.8: social services is told in the app');
    assert.ok((await anna.getJson('/api/v1/notifications')).json().some((n) => n.kind === 'consent_withdrawn' && n.case_id === kase.id), 'the initiator too');
    const mails = await dbQuery(srv, `SELECT recipient FROM outbox WHERE case_id = ${kase.id} AND kind = 'consent_withdrawn'`);
    assert.match(mails, /bertil@/, 'V-2.8: and by e-mail');
    assert.match(mails, /anna@/);
    const w = (await ledgerOf(kase.id)).find((k) => k.id === kase.social);
    assert.equal(w.status, 'withdrawn');
    assert.equal(w.withdrawn_by, 'guardians', 'in the ledger as if a professional had recorded it');
    assert.equal((await anna.getJson(`/api/v1/cases/${kase.id}`)).json().closure_proposed, false, 'the school\'s consent still holds');
    const after = decodeEntities((await fam.get(r.location)).text);
    assert.match(after, /Samtycket är tillbakataget/);
    assert.match(after, /Återkallat, [^<]*\(Vårdnadshavarna\)/);
    assert.doesNotMatch(after, new RegExp(`consents/${kase.social}/withdraw`), 'no second withdrawal of it');
    const again = await fam.post(`/family/cases/${kase.id}/consents/${kase.social}/withdraw`, {});
    assert.equal(again.status, 409, 'withdrawn already');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'update' && e.object === 'consent' && e.detail === `family:guardian_joint withdraw consent ${kase.social}`), 'the withdrawal is on record');
    assert.ok(audit.some((e) => e.action === 'read' && e.object === 'consent' && e.detail === 'family:guardian_joint consents'), 'the read of the ledger too');
  });

  test('V-2.8, V-2.9: a twelve-year-old withdraws the last consent; closing is proposed', async () => {
    const kase = await consentCase(12, { social: false });
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    const html = decodeEntities((await child.get(`/family/cases/${kase.id}/consents`)).text);
    for (const id of itemsOn(html)) assert.notEqual(ITEM[id].cells.child_12_14.cell, 'none', `the child of 12 may see ${id}`);
    assert.ok(itemsOn(html).includes('consent.withdraw'), 'the child of 12 may withdraw');
    const confirm = decodeEntities((await child.get(`/family/cases/${kase.id}/consents/${kase.school}/withdraw`)).text);
    assert.match(confirm, /Vill du ta tillbaka samtycket för Ålidhemsskolan\?/);
    assert.match(confirm, /inte längre se det som delas om dig/, 'easy Swedish for the child');
    const r = await child.post(`/family/cases/${kase.id}/consents/${kase.school}/withdraw`, {});
    assert.equal(r.status, 303);
    assert.equal(r.location, `/family/cases/${kase.id}/consents?withdrawn=1&closure=proposed`);
    const k = (await ledgerOf(kase.id)).find((x) => x.id === kase.school);
    assert.equal(k.status, 'withdrawn');
    assert.equal(k.withdrawn_by, 'child', 'V-2.8: the child withdrew it');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'update' && e.detail === `family:child_12_14 withdraw consent ${kase.school}`));
    assert.equal((await anna.getJson(`/api/v1/cases/${kase.id}`)).json().closure_proposed, true, 'V-2.9: closing proposed to the initiator');
  });

  test('a ten-year-old sees the ledger but cannot withdraw: no form, a forged request refused and on record', async () => {
    const kase = await consentCase(10);
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    const ledger = await child.get(`/family/cases/${kase.id}/consents`);
    assert.equal(ledger.status, 200);
    const html = decodeEntities(ledger.text);
    for (const id of itemsOn(html)) assert.notEqual(ITEM[id].cells.child_7_11.cell, 'none', `the child of 10 must not see ${id}`);
    assert.ok(!itemsOn(html).includes('consent.withdraw'), 'no withdrawal for 7-11');
    assert.doesNotMatch(html, /\/withdraw"/);
    assert.doesNotMatch(html, /Det som behövs för mötet/, 'consent.scope is none for 7-11');
    assert.equal((await child.get(`/family/cases/${kase.id}/consents/${kase.social}/withdraw`)).status, 403);
    const r = await child.post(`/family/cases/${kase.id}/consents/${kase.social}/withdraw`, {});
    assert.equal(r.status, 403, 'a page the child sees, an action that is not theirs');
    assert.equal((await ledgerOf(kase.id)).find((k) => k.id === kase.social).status, 'active');
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 200);
    const denied = (await admin.getJson(`/api/v1/audit?action=denied&case=${kase.id}`)).json();
    assert.ok(denied.some((e) => e.object === 'consent' && /^family:child_7_11 /.test(e.detail)), JSON.stringify(denied));
  });

  test('R1: a guardian of another child reaches neither that case\'s ledger nor its consents (404, on record); a forged consent id is 404', async () => {
    const [mine, other] = await Promise.all([consentCase(9), consentCase(11)]);
    const fam = await familyMember(srv.base, annaWeb, mine.id, mine.guardians[0]);
    for (const p of [`/family/cases/${other.id}/consents`, `/family/cases/${other.id}/consents/${other.social}/withdraw`])
      assert.equal((await fam.get(p)).status, 404, p);
    assert.equal((await fam.post(`/family/cases/${other.id}/consents/${other.social}/withdraw`, {})).status, 404);
    assert.equal((await fam.post(`/family/cases/${mine.id}/consents/${other.social}/withdraw`, {})).status, 404, 'another case\'s consent on one\'s own case');
    assert.equal((await ledgerOf(other.id)).find((k) => k.id === other.social).status, 'active');
    const denied = (await admin.getJson(`/api/v1/audit?action=denied&case=${other.id}`)).json();
    assert.ok(denied.some((e) => e.object === 'consent' && /^family:\w+ not_own$/.test(e.detail)), JSON.stringify(denied));
    const own = (await admin.getJson(`/api/v1/audit?action=denied&case=${mine.id}`)).json();
    assert.ok(own.some((e) => e.detail === 'family:guardian_joint no_consent'), JSON.stringify(own));
  });

  test('consent.scan (V-2.5, K-2.1): a guardian opens the signed paper byte for byte; a child of 13 neither sees nor reaches it; each on record', async () => {
    const kase = await consentCase(13);
    const pdf = minimalPdf('Samtycke undertecknat');
    assert.equal((await uploadScan(anna, `/api/v1/cases/${kase.id}/consents/${kase.school}/scan`, pdf, { api: true })).status, 201);
    const href = `/family/cases/${kase.id}/consents/${kase.school}/scan`;
    const g = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[1]);
    const html = decodeEntities((await g.get(`/family/cases/${kase.id}/consents`)).text);
    assert.ok(itemsOn(html).includes('consent.scan'), 'the guardian\'s ledger links the paper');
    assert.match(html, new RegExp(`href="${href}"`));
    assert.doesNotMatch(html, new RegExp(`consents/${kase.social}/scan`), 'no link where no paper is stored');
    const r = await fetch(srv.base + href, { headers: { cookie: g.cookieHeader() }, redirect: 'manual' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(pdf), 'the paper as scanned');
    assert.equal((await g.get(`/family/cases/${kase.id}/consents/${kase.social}/scan`)).status, 404, 'no paper: as if missing');
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    assert.ok(!itemsOn((await child.get(`/family/cases/${kase.id}/consents`)).text).includes('consent.scan'), 'the paper names both guardians: not the child\'s');
    assert.equal((await child.get(href)).status, 404);
    const log = await auditForCase(admin, kase.id);
    assert.ok(log.some((e) => e.action === 'read' && e.object === 'consent_scan' && e.detail === `family:guardian_joint consent ${kase.school}`), 'the guardian\'s read');
    assert.ok(log.some((e) => e.action === 'denied' && e.object === 'consent_scan' && e.detail === `family:child_12_14 consent ${kase.school}`), 'the child\'s try');
  });

  test('consent.child_answer (V-2.2): a 16-year-old says no beside the guardians\' consent; it stands, the organisation is told, the guardians see it; a limit keeps it', async () => {
    const kase = await consentCase(16);
    const young = await familyMember(srv.base, annaWeb, kase.id, 0);
    const answer = `/family/cases/${kase.id}/consents/${kase.social}/answer`;
    const ledger = decodeEntities((await young.get(`/family/cases/${kase.id}/consents`)).text);
    assert.match(ledger, new RegExp(`href="${answer}"`), 'the young person is asked on their ledger');
    assert.equal((await young.get(answer)).status, 200);
    let r = await young.post(answer, {});
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'consent.child_answer'), 'the message beside the field');
    r = await young.post(answer, { 'consent.child_answer': 'kanske' });
    assert.equal(r.status, 422);
    r = await young.post(answer, { 'consent.child_answer': 'no' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `/family/cases/${kase.id}/consents?answered=1`);
    assert.match(decodeEntities((await young.get(r.location)).text), /Ditt svar:<\/strong> Nej, jag vill inte att de delar/);
    const k = (await ledgerOf(kase.id)).find((x) => x.id === kase.social);
    assert.equal(k.status, 'active', 'a no does not block the consent');
    assert.equal(k.child_answer, 'no');
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 200, 'the organisation still takes part');
    assert.ok((await bertil.getJson('/api/v1/notifications')).json().some((n) => n.kind === 'consent_child_no' && n.case_id === kase.id), 'the organisation is told, to weigh it');
    assert.match(decodeEntities((await bertilWeb.get(`/cases/${kase.id}`)).text), /Den unges eget svar:<\/strong> Nej, jag vill inte att de delar/);
    const g = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
    assert.match(decodeEntities((await g.get(`/family/cases/${kase.id}/consents`)).text), /Barnets eget svar:<\/strong> Nej, jag vill inte att de delar/);
    assert.equal((await g.get(answer)).status, 403, 'the guardians see the answer; it is not theirs to give');
    // a guardian's limit makes a new row of the ledger: the young person's answer stays with it
    const terms = formValues((await g.get(`/family/cases/${kase.id}/consents/${kase.social}/limit`)).text);
    assert.equal((await g.post(`/family/cases/${kase.id}/consents/${kase.social}/limit`, { ...terms, 'consent.covers_preparation': '' })).status, 303);
    const now = (await ledgerOf(kase.id)).find((x) => x.org_id === orgs['Socialtjänsten Umeå'] && x.status === 'active');
    assert.notEqual(now.id, kase.social);
    assert.equal(now.child_answer, 'no');
    const log = await auditForCase(admin, kase.id);
    assert.ok(log.some((e) => e.action === 'update' && e.detail === `family:child_15_17 child_answer no consent ${kase.social}`), 'audited');
    // a child of 13 is not asked (the table's none from 12 to 14): no link, refused and on record
    const other = await consentCase(13);
    const child = await familyMember(srv.base, annaWeb, other.id, 0);
    assert.doesNotMatch((await child.get(`/family/cases/${other.id}/consents`)).text, /\/answer"/);
    assert.equal((await child.post(`/family/cases/${other.id}/consents/${other.social}/answer`, { 'consent.child_answer': 'no' })).status, 403);
    assert.equal((await ledgerOf(other.id)).find((x) => x.id === other.social).child_answer, null);
  });

  test('the adult student withdraws their own consent and gives one (K-1.3)', async () => {
    const kase = await consentCase(19, { consent: { giver: 'adult_student', guardian_ids: [] } });
    const student = await familyMember(srv.base, annaWeb, kase.id, 0);
    const html = decodeEntities((await student.get(`/family/cases/${kase.id}/consents`)).text);
    assert.match(html, /Myndig elev/);
    const r = await student.post(`/family/cases/${kase.id}/consents/${kase.social}/withdraw`, {});
    assert.equal(r.status, 303);
    assert.equal((await ledgerOf(kase.id)).find((k) => k.id === kase.social).withdrawn_by, 'adult_student');
    // and gives their own consent to an organisation that asks: in force at once (consent.give)
    const bup = orgs['BUP Umeå'];
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/asks`, { org_id: bup })).status, 201);
    await student.get(`/family/cases/${kase.id}/asks/${bup}/consent`);
    const given = await student.post(`/family/cases/${kase.id}/asks/${bup}/consent`, { 'consent.scope': 'Det som behövs för planen.' });
    assert.equal(given.status, 303, given.text.slice(0, 400));
    assert.equal(given.location, `/family/cases/${kase.id}/consents?given=1`);
    const k = (await ledgerOf(kase.id)).find((x) => x.org_id === bup && x.status === 'active');
    assert.equal(k.giver, 'adult_student', 'K-1.3: for themselves');
    assert.deepEqual(k.guardian_ids, []);
  });

  test('V-2.8 (a change): a joint guardian limits a consent: at once for both, everyone told; only narrower (consent.limit)', async () => {
    const kase = await consentCase(10);
    const fam = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[1]);
    const html = decodeEntities((await fam.get(`/family/cases/${kase.id}/consents`)).text);
    assert.ok(itemsOn(html).includes('consent.limit'), 'the joint guardian may limit');
    const form = await fam.get(`/family/cases/${kase.id}/consents/${kase.social}/limit`);
    assert.equal(form.status, 200);
    const typed = formValues(form.text);
    assert.equal(typed['consent.scope'], 'Det som behövs för mötet.', 'the form starts from the consent in force');
    assert.ok('consent.covers_preparation' in typed, 'the preparation is covered today');
    // the scope's words are the family's own (no machine can tell a narrower text): a new text is taken, the professionals are told
    const reworded = await fam.post(`/family/cases/${kase.id}/consents/${kase.social}/limit`, { ...typed, 'consent.scope': 'Bara skolans uppgifter om läsningen.' });
    assert.equal(reworded.status, 303, reworded.text.slice(0, 400));
    const now = (await ledgerOf(kase.id)).find((k) => k.org_id === orgs['Socialtjänsten Umeå'] && k.status === 'active');
    assert.notEqual(now.id, kase.social, 'a new row of the ledger replaces the old one');
    assert.equal((await ledgerOf(kase.id)).find((k) => k.id === kase.social).status, 'replaced');
    const back = await fam.get(`/family/cases/${kase.id}/consents/${now.id}/limit`);
    const noPrep = { ...formValues(back.text) };
    delete noPrep['consent.covers_preparation'];
    let r = await fam.post(`/family/cases/${kase.id}/consents/${now.id}/limit`, { ...noPrep, 'consent.renew_on': addDays(today(), 60) });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `/family/cases/${kase.id}/consents?limited=1`);
    const limited = (await ledgerOf(kase.id)).find((k) => k.org_id === orgs['Socialtjänsten Umeå'] && k.status === 'active');
    assert.equal(limited.covers_preparation, false, 'V-2.7: no preparation between professionals any more');
    assert.equal(limited.renew_on, addDays(today(), 60));
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 200, 'the organisation still takes part');
    assert.ok((await bertil.getJson('/api/v1/notifications')).json().some((n) => n.kind === 'consent_changed' && n.case_id === kase.id), 'V-2.8: everyone told');
    // only narrower: the preparation back, a later date, or no change at all are refused
    const again = formValues((await fam.get(`/family/cases/${kase.id}/consents/${limited.id}/limit`)).text);
    r = await fam.post(`/family/cases/${kase.id}/consents/${limited.id}/limit`, { ...again, 'consent.covers_preparation': '1' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'consent.covers_preparation'), /bara begränsa/);
    r = await fam.post(`/family/cases/${kase.id}/consents/${limited.id}/limit`, { ...again, 'consent.renew_on': addDays(today(), 90) });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'consent.renew_on'), /bara begränsa/);
    assert.equal(formValues(r.text)['consent.renew_on'], addDays(today(), 90), 'the form is kept as typed');
    r = await fam.post(`/family/cases/${kase.id}/consents/${limited.id}/limit`, again);
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'consent.scope'), 'Du har inte ändrat något.');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'update' && e.detail === `family:guardian_joint limit consent ${now.id}`), 'on record');
  });

  test('a child of 13 may withdraw but not limit (consent.limit none): 403, on record', async () => {
    const kase = await consentCase(13);
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    const html = decodeEntities((await child.get(`/family/cases/${kase.id}/consents`)).text);
    assert.ok(!itemsOn(html).includes('consent.limit'));
    assert.ok(itemsOn(html).includes('consent.withdraw'));
    assert.equal((await child.get(`/family/cases/${kase.id}/consents/${kase.social}/limit`)).status, 403);
    assert.equal((await child.post(`/family/cases/${kase.id}/consents/${kase.social}/limit`, { 'consent.scope': 'Inget.' })).status, 403);
    assert.equal((await ledgerOf(kase.id)).find((k) => k.id === kase.social).status, 'active');
    const denied = (await admin.getJson(`/api/v1/audit?action=denied&case=${kase.id}`)).json();
    assert.ok(denied.some((e) => e.object === 'consent' && e.detail === 'family:child_12_14 consent'), JSON.stringify(denied));
  });

  /** Social services asked to take part (V-2.6), without a consent yet. */
  async function askSocial(caseId) {
    const r = await anna.postJson(`/api/v1/cases/${caseId}/asks`, { org_id: orgs['Socialtjänsten Umeå'] });
    assert.equal(r.status, 201, r.text);
  }
  const socialConsent = async (caseId) => (await ledgerOf(caseId)).find((k) => k.org_id === orgs['Socialtjänsten Umeå'] && k.status === 'active');

  test('V-2.1, V-2.6: each joint guardian confirms an organisation\'s request for themselves; in force when both have (consent.give)', async () => {
    const kase = await consentCase(10, { social: false });
    await askSocial(kase.id);
    const soc = orgs['Socialtjänsten Umeå'];
    const first = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
    let html = decodeEntities((await first.get(`/family/cases/${kase.id}/consents`)).text);
    assert.ok(itemsOn(html).includes('consent.give'));
    assert.match(html, new RegExp(`href="/family/cases/${kase.id}/asks/${soc}/consent"`));
    assert.equal((await first.get(`/family/cases/${kase.id}/asks/${soc}/consent`)).status, 200);
    const terms = { 'consent.scope': 'Bara läsningen.', 'consent.renew_on': addDays(today(), 90) };
    let r = await first.post(`/family/cases/${kase.id}/asks/${soc}/consent`, terms);
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `/family/cases/${kase.id}/consents?confirmed=1`);
    assert.equal(await socialConsent(kase.id), undefined, 'V-2.1: not in force until both guardians have confirmed');
    html = decodeEntities((await first.get(r.location)).text);
    assert.match(html, /Du har svarat ja/);
    assert.doesNotMatch(html, /\/asks\/\d+\/consent"/, 'no second answer');
    r = await first.post(`/family/cases/${kase.id}/asks/${soc}/consent`, terms);
    assert.equal(r.status, 409, 'one confirmation each');
    // the other guardian: the first one's terms, to confirm as they are or narrow; never wider
    const second = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[1]);
    html = decodeEntities((await second.get(`/family/cases/${kase.id}/consents`)).text);
    assert.match(html, /Den andra vårdnadshavaren har svarat ja/);
    const form = await second.get(`/family/cases/${kase.id}/asks/${soc}/consent`);
    const shown = formValues(form.text);
    assert.equal(shown['consent.scope'], 'Bara läsningen.');
    assert.equal(shown['consent.renew_on'], addDays(today(), 90));
    assert.ok(!('consent.covers_preparation' in shown));
    r = await second.post(`/family/cases/${kase.id}/asks/${soc}/consent`, { ...shown, 'consent.covers_preparation': '1' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'consent.covers_preparation'), /bara begränsa/);
    r = await second.post(`/family/cases/${kase.id}/asks/${soc}/consent`, { ...shown, 'consent.renew_on': addDays(today(), 120) });
    assert.equal(r.status, 422);
    assert.equal(await socialConsent(kase.id), undefined);
    r = await second.post(`/family/cases/${kase.id}/asks/${soc}/consent`, shown);
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `/family/cases/${kase.id}/consents?given=1`);
    const k = await socialConsent(kase.id);
    assert.ok(k, 'in force once both have confirmed');
    assert.equal(k.giver, 'guardians');
    assert.deepEqual([...k.guardian_ids].sort(), [...kase.guardians].sort(), 'both guardians');
    assert.equal(k.scope, 'Bara läsningen.');
    assert.equal(k.renew_on, addDays(today(), 90));
    assert.equal(k.covers_preparation, false);
    assert.equal(k.form, 'other');
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).json().access, 'full', 'social services takes part now');
    assert.ok((await bertil.getJson('/api/v1/notifications')).json().some((n) => n.kind === 'consent_given' && n.case_id === kase.id), 'everyone involved is told');
    const audit = await auditForCase(admin, kase.id);
    for (const what of ['confirm', 'give'])
      assert.ok(audit.some((e) => e.action === 'create' && e.object === 'consent' && e.detail === `family:guardian_joint ${what} consent org ${soc}`), what);
  });

  test('a sole guardian\'s consent is in force at once; a child of 13 cannot give one (403); an organisation not asked is 404', async () => {
    const kase = await consentCase(13, { social: false, custody: 'sole' });
    await askSocial(kase.id);
    const soc = orgs['Socialtjänsten Umeå'];
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    const html = decodeEntities((await child.get(`/family/cases/${kase.id}/consents`)).text);
    assert.ok(!itemsOn(html).includes('consent.give'), 'consent.give is none for 12-14');
    assert.equal((await child.get(`/family/cases/${kase.id}/asks/${soc}/consent`)).status, 403);
    assert.equal((await child.post(`/family/cases/${kase.id}/asks/${soc}/consent`, { 'consent.scope': 'Allt.' })).status, 403);
    assert.equal(await socialConsent(kase.id), undefined);
    const g = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
    await g.get(`/family/cases/${kase.id}/consents`);
    assert.equal((await g.post(`/family/cases/${kase.id}/asks/${orgs['BUP Umeå']}/consent`, { 'consent.scope': 'Allt.' })).status, 404, 'not asked');
    const r = await g.post(`/family/cases/${kase.id}/asks/${soc}/consent`, { 'consent.scope': 'Det som behövs för mötet.', 'consent.covers_preparation': '1' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/family/cases/${kase.id}/consents?given=1`);
    const k = await socialConsent(kase.id);
    assert.equal(k.covers_preparation, true);
    assert.deepEqual(k.guardian_ids, kase.guardians);
    const denied = (await admin.getJson(`/api/v1/audit?action=denied&case=${kase.id}`)).json();
    assert.ok(denied.some((e) => e.detail === 'family:guardian not_asked'), JSON.stringify(denied));
    assert.ok(denied.some((e) => e.object === 'consent' && e.detail === 'family:child_12_14 consent'));
  });
});
