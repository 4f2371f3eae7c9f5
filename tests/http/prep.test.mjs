// prep: preparing the child (V-3.x) and the guardians (V-4.1, V-4.2) before the meeting, and who is
// prepared (V-4.3), through the pages and the API: the child's form keeps what was typed and says next to
// each field what is missing; warnings about an interpreter or picture support never block; the status
// is ready only when the child and every guardian are done; an organisation without its own consent can
// neither read nor write any of it, and the refusal is in the audit trail.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, auditForCase, today, inDays, fieldError, formValues, decodeEntities, assertNoRawMarkup } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const srv = useServer();

function consentBody(orgId, guardianIds) {
  return {
    org_id: orgId,
    giver: 'guardians',
    guardian_ids: guardianIds,
    child_view: 'Vill att de vuxna pratar med varandra.',
    scope: 'Det som behövs för att förbereda mötet.',
    covers_preparation: true,
    form: 'hlt_vasterbotten',
    given_on: today(),
  };
}

/** A filled-in child's preparation form, as the page posts it. */
function childForm(csrf, over = {}) {
  return {
    csrf,
    'prep.informed_on': today(),
    'prep.how_informed': 'Vi pratade i skolan med bilder om varför de vuxna ska träffas.',
    'prep.adapted': '1',
    'prep.interpreter_used': '1',
    'prep.picture_support_used': '1',
    'prep.answer_1': 'Att ingen bråkar hemma',
    'prep.answer_2': '',
    'prep.answer_3': 'Att jag har kompisar',
    'prep.answer_4': 'Mamma och fröken',
    'prep.answer_5': 'En stund',
    'prep.participation': 'part',
    'prep.wanted_participants': 'Mamma, fröken',
    'prep.place_wishes': 'I det lilla rummet, med saft',
    'prep.setting': 'physical',
    'prep.support_kind': 'initiator',
    'prep.action': 'done',
    ...over,
  };
}

describe('preparing the child and the guardians (Västerbotten)', () => {
  let anna, annaWeb, bertil, bertilWeb, admin, orgs, consented, prepared;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, admin] = await Promise.all([
      srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.login('bertil'), srv.apiLogin('admin'),
    ]);
    orgs = await orgIds(anna);
    // read by the tests that change nothing: a case with the school's consent and no preparation yet, and
    // one where the child and both guardians are prepared
    consented = await consentedCase();
    prepared = await consentedCase();
    await prepareChild(prepared);
    await prepareGuardians(prepared);
  });

  /** A case of its own with the school's consent (consentBody's): { caseId, guardians }. */
  async function consentedCase() {
    const { org_id, guardian_ids, ...consent } = consentBody(0, []);
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], consent });
    return { caseId: kase.id, guardians: kase.guardians };
  }

  /** The child's preparation through the API: saved for later, then marked done. */
  async function prepareChild({ caseId }) {
    const body = { informed_on: today(), how_informed: 'Vi pratade med bilder.', adapted: true, participation: 'whole', answers: { q1: 'Att ingen bråkar hemma' } };
    let r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { ...body, done: false });
    assert.equal(r.status, 200, r.text);
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { ...body, done: true });
    assert.equal(r.status, 200, r.text);
  }

  /** Both guardians' preparations through the API, marked done (the second saved for later first). */
  async function prepareGuardians({ caseId, guardians }) {
    let r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/guardians/${guardians[1]}`, { answers: { q5: 'Att få prata först' } });
    assert.equal(r.status, 200, r.text);
    for (const g of guardians) {
      r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/guardians/${g}`, { informed_on: today(), answers: { q5: 'Att få prata först' }, done: true });
      assert.equal(r.status, 200, r.text);
    }
  }

  test('V-2.6 without its own consent even the initiating organisation cannot open the preparation', async () => {
    const { id: caseId, guardians } = await makeCase(anna); // without consent: this test records it
    assert.equal((await annaWeb.get(`/cases/${caseId}/prep/child`)).status, 403);
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).status, 403);
    const c = await anna.postJson(`/api/v1/cases/${caseId}/consents`, consentBody(orgs['Ålidhemsskolan'], guardians));
    assert.equal(c.status, 201, c.text);
  });

  test('V-3.1, V-3.3, V-3.6, V-3.13, V-3.16 the child\'s form starts with the guidance and the five questions (V-3.7)', async () => {
    const { caseId } = consented;
    const page = await annaWeb.get(`/cases/${caseId}/prep/child`);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, /Det finns ingen nedre åldersgräns/);
    assert.match(text, /tvinga aldrig/);
    assert.match(text, /Ålidhemsskolan \(verksamheten som tog initiativet\)/, 'V-3.2 who is responsible');
    assert.match(text, /Ett videomöte förbereds med barnet och hålls i en säker tjänst/, 'V-3.16');
    for (const q of ['Vad är viktigt för dig för att det ska kännas bra hemma eller i skolan?',
      'Vilken hjälp skulle du vilja att du eller din familj får?',
      'Om du fick drömma 1–2 år framåt, vad skulle vara förändrat då?',
      'Vilka vill du ska delta på mötet?', 'Hur vill du vara delaktig på mötet?']) assert.ok(text.includes(q), q);
    const values = formValues(page.text);
    assert.equal(values['prep.setting'], 'undecided', 'V-3.15 nothing chosen for the child');
    assert.equal(values['prep.support_kind'], 'initiator', 'V-3.8 the initiator by default');
    assert.equal(values['prep.participation'], undefined, 'V-3.11 the child decides: nothing preselected');
    for (const f of ['prep.rep_name', 'prep.letter_text', 'prep.letter_note', 'prep.support_name'])
      assert.ok(f in values, `${f} is in the page without JavaScript`);
  });

  test('V-3.4, V-3.11 marking done without how the child was told: messages by the fields, the form as typed, nothing stored', async () => {
    const { caseId } = consented;
    const page = await annaWeb.get(`/cases/${caseId}/prep/child`);
    const csrf = formValues(page.text).csrf;
    const r = await annaWeb.post(`/cases/${caseId}/prep/child`, childForm(csrf, {
      'prep.informed_on': '', 'prep.how_informed': '', 'prep.adapted': undefined, 'prep.participation': undefined,
      'prep.answer_1': 'Att ingen <b>bråkar</b> hemma',
    }));
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'prep.informed_on'), 'Fyll i fältet.');
    assert.equal(fieldError(r.text, 'prep.how_informed'), 'Fyll i fältet.');
    assert.equal(fieldError(r.text, 'prep.adapted'), 'Kryssa i att barnet fick veta det på ett sätt som barnet förstår.');
    assert.equal(fieldError(r.text, 'prep.participation'), 'Fyll i fältet.');
    assert.match(decodeEntities(r.text), /Formuläret innehåller fel/);
    assert.match(r.text, /href="#prep-informed_on"/, 'the summary links to the field');
    const again = formValues(r.text);
    assert.equal(again['prep.answer_1'], 'Att ingen <b>bråkar</b> hemma', 'kept as typed (and escaped)');
    assert.doesNotMatch(r.text, /<b>bråkar/);
    assert.equal(again['prep.place_wishes'], 'I det lilla rummet, med saft');
    assert.equal(again['prep.setting'], 'physical');
    const api = (await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).json();
    assert.equal(api.child, null);
  });

  test('V-3.12 a letter needs the letter or a note; a representative needs a name (API names the fields)', async () => {
    const { caseId } = consented;
    let r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { participation: 'letter' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['prep.letter_text:letter_required']);
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { participation: 'representative', rep_kind: 'other_adult', rep_name: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['prep.rep_name:required']);
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { participation: 'representative', rep_kind: 'guardian', rep_guardian_id: 999999 });
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['prep.rep_guardian_id:not_guardian']);
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { answers: { q1: 7 } });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['prep.answer_1:type']);
    // the page too: the message by the letter field
    const page = await annaWeb.get(`/cases/${caseId}/prep/child`);
    const p = await annaWeb.post(`/cases/${caseId}/prep/child`, childForm(formValues(page.text).csrf, { 'prep.participation': 'letter' }));
    assert.equal(p.status, 422);
    assert.equal(fieldError(p.text, 'prep.letter_text'), 'Skriv in barnets brev, eller skriv var brevet finns.');
    const q = await annaWeb.post(`/cases/${caseId}/prep/child`, childForm(formValues(page.text).csrf, { 'prep.participation': 'representative', 'prep.rep_kind': 'other_adult' }));
    assert.equal(fieldError(q.text, 'prep.rep_name'), 'Fyll i fältet.');
  });

  test('V-3.7 answers are bounded and shown as text, never as markup', async () => {
    const { caseId } = await consentedCase();
    let r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { answers: { q3: 'å'.repeat(4001) } });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['prep.answer_3:too_long']);
    const soon = inDays(3);
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, { informed_on: soon, how_informed: 'Sedan', done: false });
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['prep.informed_on:future']);
    const page = await annaWeb.get(`/cases/${caseId}/prep/child`);
    const p = await annaWeb.post(`/cases/${caseId}/prep/child`, childForm(formValues(page.text).csrf, {
      'prep.answer_2': '<script>alert(1)</script>', 'prep.place_wishes': '"><img src=x onerror=alert(1)>', 'prep.action': 'save',
    }));
    assert.equal(p.status, 303);
    const back = await annaWeb.get(p.location);
    assertNoRawMarkup(back.text, 'the child\'s form');
    assert.equal(formValues(back.text)['prep.answer_2'], '<script>alert(1)</script>');
    assertNoRawMarkup((await annaWeb.get(`/cases/${caseId}`)).text, 'the case page');
  });

  test('V-3.5 no interpreter and no picture support although needed: warnings, saved all the same', async () => {
    const { caseId } = await consentedCase();
    const page = await annaWeb.get(`/cases/${caseId}/prep/child`);
    const r = await annaWeb.post(`/cases/${caseId}/prep/child`, childForm(formValues(page.text).csrf, {
      'prep.interpreter_used': undefined, 'prep.picture_support_used': undefined, 'prep.action': 'save',
    }));
    assert.equal(r.status, 303, r.text.slice(0, 400));
    const saved = await annaWeb.get(r.location);
    assert.equal(saved.status, 200);
    const text = decodeEntities(saved.text);
    assert.match(text, /Förberedelsen är sparad/);
    assert.match(text, /Tolk behövs enligt uppgifterna, men ingen tolk användes/);
    assert.match(text, /Barnet behöver bildstöd enligt uppgifterna, men inget bildstöd användes/);
    assert.match(text, /Inte klar än/, 'saved for later, not done');
    const api = await anna.postJson(`/api/v1/cases/${caseId}/preparation/child`, {
      informed_on: today(), how_informed: 'Med bilder', adapted: true, participation: 'whole', done: false,
    });
    assert.equal(api.status, 200, api.text);
    assert.deepEqual(api.json().warnings.map((w) => `${w.field}:${w.code}`).sort(),
      ['prep.interpreter_used:interpreter_needed', 'prep.picture_support_used:picture_support_needed']);
  });

  test('V-3.2, V-3.7-V-3.12, V-3.14, V-3.15 the child\'s preparation marked done: stored as given, who did it shown', async () => {
    const { caseId, guardians } = await consentedCase();
    const page = await annaWeb.get(`/cases/${caseId}/prep/child`);
    const r = await annaWeb.post(`/cases/${caseId}/prep/child`, childForm(formValues(page.text).csrf, {
      'prep.participation': 'representative', 'prep.rep_kind': 'guardian', 'prep.rep_guardian_id': String(guardians[0]),
      'prep.setting': 'digital', 'prep.support_kind': 'other_adult', 'prep.support_name': 'Moster Lisa', 'prep.support_relation': 'moster',
    }));
    assert.equal(r.status, 303, r.text.slice(0, 400));
    const v = (await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).json();
    assert.equal(v.child.done, true);
    assert.equal(v.child.done_on, today());
    assert.equal(v.child.informed_on, today());
    assert.equal(v.child.adapted, true);
    assert.equal(v.child.answers.q1, 'Att ingen bråkar hemma');
    assert.equal(v.child.answers.q2, '');
    assert.equal(v.child.participation, 'representative');
    assert.equal(v.child.rep_guardian_id, guardians[0]);
    assert.equal(v.child.rep_name, 'Leila Jsonsson');
    assert.equal(v.child.setting, 'digital');
    assert.equal(v.child.support_kind, 'other_adult');
    assert.equal(v.child.support_name, 'Moster Lisa');
    assert.equal(v.child.wanted_participants, 'Mamma, fröken');
    assert.equal(v.child.place_wishes, 'I det lilla rummet, med saft');
    assert.equal(v.child.org_name, 'Ålidhemsskolan');
    assert.equal(v.status.child_done, true);
    assert.equal(v.status.ready, false, 'V-4.3 the guardians are not prepared yet');
    assert.deepEqual([...v.status.guardians_missing].sort(), [...guardians].sort());
    const form = await annaWeb.get(`/cases/${caseId}/prep/child`);
    const values = formValues(form.text);
    assert.equal(values['prep.rep_guardian_id'], String(guardians[0]), 'the form shows what is stored');
    assert.equal(values['prep.participation'], 'representative');
    assert.match(decodeEntities(form.text), /Senast sparad av [^,]+, Ålidhemsskolan/);
  });

  test('V-6.10, V-7.1 what the child said reaches the chair\'s page and the plan being written, read under the access rule and audited', async () => {
    const { caseId } = await consentedCase();
    const page = await annaWeb.get(`/cases/${caseId}/prep/child`);
    const r = await annaWeb.post(`/cases/${caseId}/prep/child`, childForm(formValues(page.text).csrf, {
      'prep.participation': 'letter', 'prep.letter_text': 'Jag vill att <b>alla</b> lyssnar på mig.',
    }));
    assert.equal(r.status, 303, r.text.slice(0, 400));
    const m = await anna.postJson(`/api/v1/cases/${caseId}/meetings`, {
      kind: 'plan', date: inDays(14), start: '10:00', end: '11:00', setting: 'physical', setting_agreed: true,
      place: 'Skolan', purpose: 'Att göra en plan.', agenda: 'Skoldagen.',
    });
    assert.equal(m.status, 201, m.text);
    for (const [path, what] of [[`/cases/${caseId}/meetings/${m.json().id}/chair`, 'the chair\'s page'], [`/cases/${caseId}/plan`, 'the plan']]) {
      const res = await annaWeb.get(path);
      assert.equal(res.status, 200, what);
      const text = decodeEntities(res.text);
      assert.match(text, /Det barnet sa i förberedelsen/, what);
      assert.match(text, /Vad är viktigt för dig för att det ska kännas bra hemma eller i skolan\?<\/h3>\s*<p class="prose">Att ingen bråkar hemma/, what);
      assert.match(text, /Att jag har kompisar/, what);
      assert.doesNotMatch(text, /Vilken hjälp skulle du vilja att du eller din familj får\?<\/h3>/, `${what}: an unanswered question is left out`);
      assert.match(text, /Mamma, fröken/, what);
      assert.match(text, /I det lilla rummet, med saft/, what);
      assert.ok(res.text.includes('Jag vill att &lt;b&gt;alla&lt;/b&gt; lyssnar på mig.'), `${what}: the letter, as text`);
    }
    const audit = await auditForCase(admin, caseId);
    assert.ok(audit.filter((e) => e.username === 'anna' && e.action === 'read' && e.object === 'preparation').length >= 2,
      'each page\'s read of the preparation is on record');
    // another organisation without its own consent sees none of it
    const other = await bertilWeb.get(`/cases/${caseId}/plan`);
    assert.equal(other.status, 404);
    assert.doesNotMatch(other.text, /bråkar|lyssnar på mig/);
  });

  test('V-4.1, V-4.2 each guardian has a form of their own with the five questions; V-4.3 ready only when all are done', async () => {
    const kase = await consentedCase();
    await prepareChild(kase);
    const { caseId, guardians } = kase;
    const page = await annaWeb.get(`/cases/${caseId}/prep/guardians/${guardians[0]}`);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, /Leila Jsonsson/);
    for (const q of ['Vad är viktigt för att det ska bli bra för ditt barn och er familj?',
      'Vilken hjälp skulle du vilja att ditt barn och din familj får?',
      'Om du fick drömma 1–2 år framåt, vad skulle vara förändrat då?',
      'Vilka vill du ska delta på mötet?', 'Vad är viktigt för att mötet ska bli bra för dig?']) assert.ok(text.includes(q), q);
    const csrf = formValues(page.text).csrf;
    // done without the date of the talk: the message by the field, the answers kept
    let r = await annaWeb.post(`/cases/${caseId}/prep/guardians/${guardians[0]}`, {
      csrf, 'guardian_prep.informed_on': '', 'guardian_prep.answer_1': 'Lugn och ro', 'guardian_prep.action': 'done',
    });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'guardian_prep.informed_on'), 'Fyll i fältet.');
    assert.equal(formValues(r.text)['guardian_prep.answer_1'], 'Lugn och ro');
    // V-3.5-like warning for the guardian's interpreter, not blocking
    r = await annaWeb.post(`/cases/${caseId}/prep/guardians/${guardians[0]}`, {
      csrf, 'guardian_prep.informed_on': today(), 'guardian_prep.answer_1': 'Lugn och ro', 'guardian_prep.action': 'done',
    });
    assert.equal(r.status, 303);
    const after = decodeEntities((await annaWeb.get(r.location)).text);
    assert.match(after, /Tolk behövs enligt uppgifterna/);
    let v = (await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).json();
    assert.equal(v.status.ready, false);
    assert.deepEqual(v.status.guardians_missing, [guardians[1]]);
    // the second guardian through the API: saved for later first, then done
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/guardians/${guardians[1]}`, { answers: { q5: 'Att få prata först' } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).json().status.ready, false);
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/guardians/${guardians[1]}`, { informed_on: today(), answers: { q5: 'Att få prata först' }, done: true });
    assert.equal(r.status, 200, r.text);
    v = (await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).json();
    assert.equal(v.status.ready, true, 'V-4.3 the child and every guardian are prepared');
    assert.deepEqual(v.status.guardians_missing, []);
    const g2 = v.guardians.find((g) => g.guardian_id === guardians[1]);
    assert.equal(g2.answers.q5, 'Att få prata först');
    assert.equal(g2.done, true);
    // a guardian of another child is no guardian here
    assert.equal((await annaWeb.get(`/cases/${caseId}/prep/guardians/999999`)).status, 404);
    r = await anna.postJson(`/api/v1/cases/${caseId}/preparation/guardians/999999`, { done: false });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['guardian_prep.guardian_id:not_guardian']);
  });

  test('V-4.3 the case page shows who is prepared, in words and symbols, with links to the forms', async () => {
    const { caseId, guardians } = prepared;
    const page = await annaWeb.get(`/cases/${caseId}`);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, /Vem är förberedd inför mötet\?/);
    assert.match(text, /Barnet \([^)]+\)<\/a>: förberett/);
    assert.match(text, /Leila Jsonsson<\/a>: förberedd/);
    assert.match(text, /Kallelsen kan skickas/);
    assert.match(page.text, new RegExp(`href="/cases/${caseId}/prep/guardians/${guardians[1]}"`));
    // the case's work list follows the preparations (V-3.2, V-4.1)
    assert.match(text, /<li class="task-done"><span class="task-mark" aria-hidden="true">✓<\/span> <strong>Förbered barnet<\/strong>/);
    assert.doesNotMatch(text, /<li class="task-(?:open|late|due_today)"><span class="task-mark" aria-hidden="true">[^<]*<\/span> <strong>Förbered (?:barnet|vårdnadshavare)/);
    const events = (await anna.getJson(`/api/v1/cases/${caseId}`)).json().timeline.map((e) => e.kind);
    assert.ok(events.includes('child_prep_done') && events.includes('guardian_prep_done') && events.includes('child_prep_saved'));
  });

  test('V-3.5, V-3.7 the printable questions: every question written out beside its picture', async () => {
    const { caseId } = consented;
    const page = await annaWeb.get(`/cases/${caseId}/prep/child/questions`);
    assert.equal(page.status, 200);
    assert.equal((page.text.match(/<svg class="q-picture"/g) || []).length, 5);
    assert.equal((page.text.match(/<p class="q-text">[^<]+<\/p>/g) || []).length, 5);
    assert.match(decodeEntities(page.text), /Hur vill du vara delaktig på mötet\?/);
  });

  test('V-2.6 another organisation without its own consent can neither read nor write, and is audited as denied', async () => {
    const { caseId, guardians } = prepared;
    for (const path of [`/cases/${caseId}/prep/child`, `/cases/${caseId}/prep/guardians/${guardians[0]}`, `/cases/${caseId}/prep/child/questions`]) {
      const r = await bertilWeb.get(path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.text, /Jsonsson|bråkar/);
    }
    const home = await bertilWeb.get('/cases');
    const csrf = formValues(home.text).csrf;
    const w = await bertilWeb.post(`/cases/${caseId}/prep/child`, childForm(csrf));
    assert.equal(w.status, 404);
    const api = await bertil.getJson(`/api/v1/cases/${caseId}/preparation`);
    assert.equal(api.status, 404);
    assert.doesNotMatch(api.text, /bråkar|Jsonsson/);
    const apiw = await bertil.postJson(`/api/v1/cases/${caseId}/preparation/guardians/${guardians[0]}`, { done: false });
    assert.equal(apiw.status, 404);
    const audit = await auditForCase(admin, caseId);
    const denied = audit.filter((e) => e.username === 'bertil' && e.action === 'denied');
    assert.ok(denied.some((e) => e.object === 'preparation'), 'the refused read');
    assert.ok(denied.some((e) => e.object === 'child_prep'), 'the refused write of the child\'s');
    assert.ok(denied.some((e) => e.object === 'guardian_prep'), 'the refused write of a guardian\'s');
    const v = (await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).json();
    assert.equal(v.child.org_name, 'Ålidhemsskolan', 'nothing written by the refused organisation');
  });

  test('every read and write of the preparation is in the audit trail', async () => {
    const { caseId } = prepared; // written in before()
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/preparation`)).status, 200);
    assert.equal((await annaWeb.get(`/cases/${caseId}`)).status, 200); // the case page reads who is prepared
    const audit = await auditForCase(admin, caseId);
    const annas = audit.filter((e) => e.username === 'anna');
    assert.ok(annas.some((e) => e.object === 'preparation' && e.action === 'read'));
    assert.ok(annas.some((e) => e.object === 'prep_status' && e.action === 'read'));
    assert.ok(annas.some((e) => e.object === 'child_prep' && e.action === 'create'));
    assert.ok(annas.some((e) => e.object === 'child_prep' && e.action === 'update' && e.detail === 'done'));
    assert.ok(annas.some((e) => e.object === 'guardian_prep' && e.action === 'update' && e.detail === 'done'));
  });
});

describe('Kronoberg: the same preparation before the samverkansmöte (section 13)', () => {
  test('V-3.2, V-4.3 the barnensbästa-ansvarig prepares the child and the guardian; ready when both are done', async () => {
    await srv.ready;
    const karin = await srv.apiLogin('karin');
    const r = await karin.postJson('/api/v1/cases', registrationJson({
      initiative: { model: 'kronoberg', route: 'named_person' },
      guardians: [{ name: 'Siv Kronsson', custody: 'sole', phone: '070-000 11 22' }],
      child: { needs_interpreter: false, interpreter_language: '', picture_support: false },
    }));
    assert.equal(r.status, 201, r.text);
    const id = r.json().id;
    const guardian = (await karin.getJson(`/api/v1/cases/${id}`)).json().guardians[0].id;
    const orgs = await orgIds(karin);
    const c = await karin.postJson(`/api/v1/cases/${id}/consents`, { ...consentBody(orgs['Furutåskolan'], [guardian]), form: 'kronobarnsmodellen' });
    assert.equal(c.status, 201, c.text);
    let s = await karin.postJson(`/api/v1/cases/${id}/preparation/child`, {
      informed_on: today(), how_informed: 'Vi ritade tillsammans.', adapted: true, participation: 'heard',
      answers: { q1: 'Fotboll' }, done: true,
    });
    assert.equal(s.status, 200, s.text);
    assert.deepEqual(s.json().warnings, [], 'no warnings when nothing extra is needed');
    let v = (await karin.getJson(`/api/v1/cases/${id}/preparation`)).json();
    assert.deepEqual(v.status, { child_done: true, guardians_missing: [guardian], ready: false });
    s = await karin.postJson(`/api/v1/cases/${id}/preparation/guardians/${guardian}`, { informed_on: today(), done: true });
    assert.equal(s.status, 200, s.text);
    v = (await karin.getJson(`/api/v1/cases/${id}/preparation`)).json();
    assert.deepEqual(v.status, { child_done: true, guardians_missing: [], ready: true });
    assert.equal(v.child.org_name, 'Furutåskolan');
  });
});
