// family_prep: the child's voice and the guardians' own answers, given by the family on their own page (issue 10
// item 5; docs/family-access.md section 5.3, rules R2-R4). A professional prints login letters; the child answers
// the questions of V-3.7 with pictures, chooses how to take part (V-3.11, V-3.12), whom and where (V-3.9, V-3.14,
// V-3.15); the answers land in the preparation the professionals keep (their prep page shows them, marked as given
// online), on the timeline without the words, audited. From 12 the guardians see the child's words only when the
// child ticks "Visa för mina vårdnadshavare" (R2); a ten-year-old's they see. A guardian's own answers reach neither
// the child (R3) nor the other guardian (R4). Bad input keeps the form as typed; forged ids answer 404, on record.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, hiddenField, decodeEntities, dbQuery, personnummer, bornYearsAgo, today, uniqueName, auditForCase } from '../lib/server.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';
import { familyTable, dataItems } from '../lib/family_table.mjs';

const srv = useServer();
const ITEM = Object.fromEntries(familyTable().map((i) => [i.id, i]));

/** A professional prints a login letter (the child: guardianId 0) and a family member logs in with its code. */
async function familyMember(web, caseId, guardianId) {
  const r = await web.post(`/cases/${caseId}/family/letter`, { guardian: String(guardianId) });
  assert.equal(r.status, 200, r.text.slice(0, 500));
  const code = decodeEntities(r.text).match(/class="survey-code">([A-Z0-9-]+)</)[1];
  const c = new Client(srv.base);
  const page = await c.get('/family/login');
  const res = await c.post('/family/login', { login_csrf: hiddenField(page.text, 'login_csrf'), code }, { csrf: false });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  return c;
}

/** The member's prep page: { status, html } with entities decoded. */
async function prepPage(fam, caseId) {
  const r = await fam.get(`/family/cases/${caseId}/prep`);
  return { status: r.status, html: decodeEntities(r.text) };
}

/** Every data-item on the page must be one the table lets the role see. */
function assertItemsAllowed(html, role) {
  for (const id of dataItems(html)) {
    assert.ok(ITEM[id], `data-item ${id} is an item of the table`);
    assert.notEqual(ITEM[id].cells[role].cell, 'none', `${role} must not see ${id}`);
  }
}

/** The child's answers with markers unique to the test. */
function childAnswers(mark, more = {}) {
  return {
    'prep.answer_1': `${mark}-SVAR1 att få vara med kompisarna`,
    'prep.answer_3': `${mark}-DRÖM att läsa en hel bok`,
    'prep.participation': 'letter',
    'prep.letter_text': `${mark}-BREV jag vill att ni lyssnar`,
    'prep.wanted_participants': `${mark}-VILKA mormor och min lärare`,
    'prep.place_wishes': `${mark}-VAR i skolans lilla rum`,
    'prep.setting': 'physical',
    'prep.support_kind': 'initiator',
    ...more,
  };
}
const WORDS = (mark) => [`${mark}-SVAR1`, `${mark}-DRÖM`, `${mark}-BREV`, `${mark}-VILKA`, `${mark}-VAR`];

describe('issue 10 item 5: the child\'s voice and the guardians\' own answers online', () => {
  let anna, annaWeb, admin, orgs;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('admin')]);
    orgs = await orgIds(anna);
  });

  async function caseOf(age, serial) {
    return makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { id_number: personnummer(bornYearsAgo(age), serial) } } });
  }

  test('V-3.7, V-3.11, V-3.12, R2: a twelve-year-old answers without sharing; the professionals see it, the guardians do not', async () => {
    const kase = await caseOf(12, 612);
    const child = await familyMember(annaWeb, kase.id, 0);
    const page = await prepPage(child, kase.id);
    assert.equal(page.status, 200);
    assertItemsAllowed(page.html, 'child_12_14');
    assert.match(page.html, /Vad är viktigt för dig för att det ska kännas bra hemma eller i skolan\?/, 'V-3.7: the seed\'s questions');
    assert.equal((page.html.match(/<svg class="q-picture"/g) || []).length, 5, 'V-3.5: a picture beside each of the five questions');
    assert.match(page.html, /Hur vill du vara med på mötet\?/, 'easy Swedish, to the child');
    assert.match(page.html, /name="prep.share_with_guardians"/, 'R2: the tick from 12');
    assert.doesNotMatch(page.html, /Dina vårdnadshavare kan också läsa dem/, 'R2: from 12 only when shared');
    assert.doesNotMatch(page.html, /name="prep.(informed_on|how_informed|adapted)"/, 'the professional\'s record is not the child\'s form');
    const mark = uniqueName('TOLV');
    const r = await child.post(`/family/cases/${kase.id}/prep/child`, childAnswers(mark));
    assert.equal(r.status, 303, r.text.slice(0, 800));
    assert.equal(r.location, `/family/cases/${kase.id}/prep?saved=1`);
    const after = { html: decodeEntities((await child.get(r.location)).text) };
    assert.match(after.html, /Dina svar är sparade/);
    for (const w of WORDS(mark)) assert.ok(after.html.includes(w), `the child sees their own ${w}`);
    assert.match(after.html, /value="letter"[^>]* checked/);

    // the professionals see the answers where they prepare and chair the meeting, marked as given online
    const pro = decodeEntities((await annaWeb.get(`/cases/${kase.id}/prep/child`)).text);
    for (const w of WORDS(mark)) assert.ok(pro.includes(w), `the professional's prep page shows ${w}`);
    assert.match(pro, /id="prep-online">Barnet har själv svarat på frågorna på sin egen sida/);
    const voice = (await anna.getJson(`/api/v1/cases/${kase.id}/preparation`)).json();
    assert.equal(voice.child.participation, 'letter');
    assert.equal(voice.child.share_with_guardians, false);
    // the timeline says that the child answered, never what; the write is audited naming the role
    const events = await dbQuery(srv, `SELECT kind || '|' || COALESCE(note, '') FROM events WHERE case_id = ${kase.id}`);
    assert.match(events, /child_prep_online\|/);
    for (const w of WORDS(mark)) assert.ok(!events.includes(w), 'no words on the timeline');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'create' && e.object === 'child_prep' && e.detail === 'family:child_12_14 child_prep'), JSON.stringify(audit.slice(-5)));
    assert.ok(audit.some((e) => e.action === 'read' && e.object === 'preparation' && e.detail === 'family:child_12_14 prep'));

    // R2: not shared, so the guardians see how the child takes part, not the words
    for (const g of kase.guardians) {
      const gp = await prepPage(await familyMember(annaWeb, kase.id, g), kase.id);
      assert.equal(gp.status, 200);
      assertItemsAllowed(gp.html, 'guardian_joint');
      for (const w of WORDS(mark)) assert.ok(!gp.html.includes(w), `R2: the guardian must not see ${w}`);
      const items = dataItems(gp.html);
      assert.ok(items.has('prep.child_participation'), 'the guardians see how the child takes part');
      assert.ok(!items.has('prep.child_answers') && !items.has('prep.child_letter') && !items.has('prep.child_wishes'));
      assert.match(gp.html, /Ett brev från barnet läses upp/);
      assert.doesNotMatch(gp.html, /name="prep\./, 'no form of the child\'s for a guardian');
    }
  });

  test('R2: with the tick the guardians read the twelve-year-old\'s words; without it again, they do not', async () => {
    const kase = await caseOf(12, 613);
    const child = await familyMember(annaWeb, kase.id, 0);
    const guardian = await familyMember(annaWeb, kase.id, kase.guardians[0]);
    const mark = uniqueName('DELA');
    await prepPage(child, kase.id);
    assert.equal((await child.post(`/family/cases/${kase.id}/prep/child`, childAnswers(mark, { 'prep.share_with_guardians': '1' }))).status, 303);
    let gp = await prepPage(guardian, kase.id);
    for (const w of WORDS(mark)) assert.ok(gp.html.includes(w), `shared: the guardian sees ${w}`);
    assert.match(gp.html, /Barnet har valt att visa svaren för er/);
    assert.ok(dataItems(gp.html).has('prep.child_answers'));
    assert.equal((await anna.getJson(`/api/v1/cases/${kase.id}/preparation`)).json().child.share_with_guardians, true);
    // a professional's save keeps the child's choice (only the child sets it)
    const proForm = await annaWeb.get(`/cases/${kase.id}/prep/child`);
    assert.equal(proForm.status, 200);
    const saved = await annaWeb.post(`/cases/${kase.id}/prep/child`, { ...childAnswers(mark), 'prep.how_informed': 'Vi pratade i skolan.', 'prep.action': 'save' });
    assert.equal(saved.status, 303, saved.text.slice(0, 500));
    assert.equal((await anna.getJson(`/api/v1/cases/${kase.id}/preparation`)).json().child.share_with_guardians, true);
    // the child takes it back
    await prepPage(child, kase.id);
    assert.equal((await child.post(`/family/cases/${kase.id}/prep/child`, childAnswers(mark))).status, 303);
    gp = await prepPage(guardian, kase.id);
    for (const w of WORDS(mark)) assert.ok(!gp.html.includes(w), `unshared: the guardian no longer sees ${w}`);
    // the professional's record of how the child was told stays after the child's save
    const pro = decodeEntities((await annaWeb.get(`/cases/${kase.id}/prep/child`)).text);
    assert.match(pro, /Vi pratade i skolan\./);
  });

  test('R2: a ten-year-old has no tick, and the guardians see the answers', async () => {
    const kase = await caseOf(10, 610);
    const child = await familyMember(annaWeb, kase.id, 0);
    const page = await prepPage(child, kase.id);
    assert.equal(page.status, 200);
    assertItemsAllowed(page.html, 'child_7_11');
    assert.doesNotMatch(page.html, /share_with_guardians/);
    assert.match(page.html, /Dina vårdnadshavare kan också läsa dem/);
    const mark = uniqueName('TIO');
    assert.equal((await child.post(`/family/cases/${kase.id}/prep/child`, childAnswers(mark, { 'prep.share_with_guardians': '' }))).status, 303);
    const gp = await prepPage(await familyMember(annaWeb, kase.id, kase.guardians[1]), kase.id);
    for (const w of WORDS(mark)) assert.ok(gp.html.includes(w), `under 12 the guardian sees ${w}`);
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.object === 'child_prep' && e.detail === 'family:child_7_11 child_prep'));
  });

  test('V-4.1, V-4.2, R3, R4: a guardian\'s own answers reach neither the child nor the other guardian', async () => {
    const kase = await caseOf(13, 614);
    const [g1, g2, child] = [await familyMember(annaWeb, kase.id, kase.guardians[0]), await familyMember(annaWeb, kase.id, kase.guardians[1]), await familyMember(annaWeb, kase.id, 0)];
    const page = await prepPage(g1, kase.id);
    assert.match(page.html, /Vad är viktigt för att det ska bli bra för ditt barn och er familj\?/, 'V-4.2: the guardian\'s questions');
    assert.ok(dataItems(page.html).has('guardian_prep.answers'));
    const mark = uniqueName('VH1');
    const r = await g1.post(`/family/cases/${kase.id}/prep/guardian`, {
      'guardian_prep.answer_1': `${mark}-KÄNSLA jag är orolig`, 'guardian_prep.answer_4': `${mark}-DELTA morfar`,
      'guardian_prep.informed_on': '2020-01-01', // not the guardian's to set: ignored
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.ok((await prepPage(g1, kase.id)).html.includes(`${mark}-KÄNSLA`), 'the guardian sees their own');
    for (const [who, fam] of [['the other guardian', g2], ['the child', child]]) {
      const html = (await prepPage(fam, kase.id)).html + decodeEntities((await fam.get(`/family/cases/${kase.id}`)).text);
      assert.ok(!html.includes(mark), `${who} must not see the guardian's answers`);
    }
    assert.ok(!dataItems((await prepPage(child, kase.id)).html).has('guardian_prep.answers'), 'R3: no guardian\'s form for the child');
    // R2, R7: the thirteen-year-old's unshared answers leave nothing on the guardian's page, not even a heading
    assert.equal((await child.post(`/family/cases/${kase.id}/prep/child`, { 'prep.answer_2': `${mark}-BARNET` })).status, 303);
    const g1page = (await prepPage(g1, kase.id)).html;
    assert.ok(!g1page.includes(`${mark}-BARNET`));
    assert.doesNotMatch(g1page, /Barnets svar|data-item="prep\.child/);
    // the professional sees them on the guardian's prep page; the timeline names the guardian, never the words
    const pro = decodeEntities((await annaWeb.get(`/cases/${kase.id}/prep/guardians/${kase.guardians[0]}`)).text);
    assert.ok(pro.includes(`${mark}-KÄNSLA`));
    assert.match(pro, /id="prep-online">Vårdnadshavaren har själv svarat/);
    assert.doesNotMatch(pro, /value="2020-01-01"/);
    const events = await dbQuery(srv, `SELECT kind || '|' || COALESCE(note, '') FROM events WHERE case_id = ${kase.id}`);
    assert.match(events, /guardian_prep_online\|Leila Jsonsson/);
    assert.ok(!events.includes(mark));
    // actions not theirs: the child cannot write a guardian's, a guardian cannot write the child's (403, on record)
    assert.equal((await child.post(`/family/cases/${kase.id}/prep/guardian`, { 'guardian_prep.answer_1': 'x' })).status, 403);
    assert.equal((await g2.post(`/family/cases/${kase.id}/prep/child`, { 'prep.answer_1': 'x' })).status, 403);
    const denied = (await auditForCase(admin, kase.id)).filter((e) => e.action === 'denied');
    assert.ok(denied.some((e) => e.object === 'guardian_prep' && e.detail === 'family:child_12_14 guardian_prep'), JSON.stringify(denied));
    assert.ok(denied.some((e) => e.object === 'child_prep' && e.detail === 'family:guardian_joint child_prep'));
  });

  test('bad input: the child\'s form comes back as typed, with a Swedish message beside the field', async () => {
    const kase = await caseOf(12, 615);
    const child = await familyMember(annaWeb, kase.id, 0);
    await prepPage(child, kase.id);
    const mark = uniqueName('FEL');
    const r = await child.post(`/family/cases/${kase.id}/prep/child`, {
      'prep.answer_1': `${mark} mitt svar`, 'prep.participation': 'letter', 'prep.letter_text': '',
      'prep.support_kind': 'other_adult', 'prep.support_name': '', 'prep.wanted_participants': 'x'.repeat(4001),
    });
    assert.equal(r.status, 422);
    const html = decodeEntities(r.text);
    assert.match(html, /id="prep-letter_text-error">Skriv ditt brev, eller skriv var brevet finns\./, 'V-3.12: the letter, in the child\'s words');
    assert.match(html, /id="prep-support_name-error">Fyll i fältet\./);
    assert.match(html, /id="prep-wanted_participants-error">Texten är för lång\./);
    assert.match(html, /class="error-summary"/);
    assert.match(html, /<a href="#prep-letter_text">Ditt brev: Skriv ditt brev/);
    assert.ok(html.includes(`${mark} mitt svar</textarea>`), 'what the child wrote is kept');
    assert.match(html, /value="other_adult"[^>]* checked/);
    assert.equal((await dbQuery(srv, `SELECT COUNT(*) FROM child_preps WHERE case_id = ${kase.id}`)).trim(), '0', 'nothing stored');
  });

  test('R1: another child\'s case and forged ids answer 404, on record; a done preparation is no longer changed', async () => {
    const kase = await caseOf(12, 616);
    const other = await caseOf(12, 617);
    const child = await familyMember(annaWeb, kase.id, 0);
    await prepPage(child, kase.id);
    for (const p of [`/family/cases/${other.id}/prep`, '/family/cases/999999/prep'])
      assert.equal((await child.get(p)).status, 404, p);
    assert.equal((await child.post(`/family/cases/${other.id}/prep/child`, { 'prep.answer_1': 'x' })).status, 404);
    assert.equal((await dbQuery(srv, `SELECT COUNT(*) FROM child_preps WHERE case_id = ${other.id}`)).trim(), '0');
    const denied = (await admin.getJson(`/api/v1/audit?action=denied&case=${other.id}`)).json();
    assert.ok(denied.some((e) => /^family:\w+ not_own$/.test(e.detail) && e.object === 'preparation'), JSON.stringify(denied));
    assert.ok(denied.some((e) => /^family:\w+ not_own$/.test(e.detail) && e.object === 'child_prep'));
    // the professional marks the preparation done: the child reads their answers and cannot change them
    const mark = uniqueName('KLAR');
    assert.equal((await child.post(`/family/cases/${kase.id}/prep/child`, childAnswers(mark))).status, 303);
    const done = await anna.postJson(`/api/v1/cases/${kase.id}/preparation/child`, {
      informed_on: today(), how_informed: 'Med bilder.', adapted: true, interpreter_used: true, picture_support_used: true,
      answers: { q1: `${mark}-SVAR1 att få vara med kompisarna` }, participation: 'whole', setting: 'physical', support_kind: 'initiator', done: true,
    });
    assert.equal(done.status, 200, done.text);
    const page = await prepPage(child, kase.id);
    assert.doesNotMatch(page.html, /name="prep\./);
    assert.match(page.html, /Förberedelsen är klar/);
    assert.ok(page.html.includes(`${mark}-SVAR1`));
    assert.doesNotMatch(page.html, /Med bilder\./, 'the professional\'s record is not on the child\'s page');
    const r = await child.post(`/family/cases/${kase.id}/prep/child`, childAnswers(uniqueName('SENT')));
    assert.equal(r.status, 409);
    assert.match(decodeEntities(r.text), /Förberedelsen är redan klar och kan inte ändras här/);
  });
});
