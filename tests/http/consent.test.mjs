// consent: the consent ledger, organisation by organisation (V-2.1-V-2.9, K-2.1, K-2.2), as the pages
// and the API show it: an organisation sees a child's case only under its own consent, a change and a
// withdrawal tell everyone involved, a withdrawal ends that organisation's access at once, and when no
// consent is left the case is proposed for closure.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer,
  registrationJson,
  listCases,
  auditForCase,
  today,
  personnummer,
  fieldError,
  formValues,
  decodeEntities,
} from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

// A real SMTP server for the outbox: the server's mailer process delivers to it.
let resolveSmtp;
const smtpReady = new Promise((r) => {
  resolveSmtp = r;
});
before(async () => {
  resolveSmtp(await startSmtp());
});
after(async () => {
  await (await smtpReady).close();
});
const srv = useServer({ env: async () => ({ BARNPLAN_SMTP_URL: (await smtpReady).url, BARNPLAN_PUBLIC_URL: 'https://barnplan.test' }) });

function consentBody(orgId, guardianIds, over = {}) {
  return {
    org_id: orgId,
    giver: 'guardians',
    guardian_ids: guardianIds,
    child_view: 'Tycker att det är bra att de vuxna pratar med varandra.',
    maturity_note: 'Tio år; förstår vad samtycket gäller.',
    scope: 'Närvaro och elevhälsans bedömning, till socialtjänsten.',
    covers_preparation: true,
    form: 'hlt_vasterbotten',
    given_on: today(),
    ...over,
  };
}

async function caseJson(client, id) {
  return client.getJson(`/api/v1/cases/${id}`);
}

describe('Västerbotten: consent organisation by organisation', () => {
  let anna, annaWeb, bertil, bertilWeb, admin, orgs, caseId, guardians;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, admin] = await Promise.all([
      srv.apiLogin('anna'),
      srv.login('anna'),
      srv.apiLogin('bertil'),
      srv.login('bertil'),
      srv.apiLogin('admin'),
    ]);
    orgs = await orgIds(anna);
    const r = await anna.postJson('/api/v1/cases', registrationJson());
    assert.equal(r.status, 201, r.text);
    caseId = r.json().id;
    guardians = (await caseJson(anna, caseId)).json().guardians.map((g) => g.id);
  });

  /** A case of its own whose school and social services have the consents of consentBody(); { id, guardians, school, social }. */
  async function consentedCase() {
    const { org_id, guardian_ids, ...consent } = consentBody(0, []);
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']], consent });
    return { id: kase.id, guardians: kase.guardians, school: kase.consents[orgs['Ålidhemsskolan']], social: kase.consents[orgs['Socialtjänsten Umeå']] };
  }

  test('V-2.6 the initiating organisation without consent sees only its registration (intake)', async () => {
    const v = (await caseJson(anna, caseId)).json();
    assert.equal(v.access, 'intake');
    assert.deepEqual(v.consents, []);
    const page = await annaWeb.get(`/cases/${caseId}`);
    assert.equal(page.status, 200);
    assert.match(decodeEntities(page.text), /Din verksamhet har inget giltigt samtycke i ärendet/);
  });

  test('V-2.3, V-2.6 another organisation without its own consent sees nothing: page, API and list', async () => {
    assert.equal((await bertilWeb.get(`/cases/${caseId}`)).status, 404);
    const api = await caseJson(bertil, caseId);
    assert.equal(api.status, 404);
    assert.doesNotMatch(api.text, /Jsonsson/);
    assert.ok(!(await listCases(bertil)).some((k) => k.id === caseId));
    const denied = (await auditForCase(admin, caseId)).find((e) => e.username === 'bertil' && e.action === 'denied');
    assert.ok(denied, 'the refused read is in the audit trail');
    assert.equal(denied.detail, 'not_participant');
  });

  test('V-2.1 joint custody: both guardians consent, else a message next to the field and nothing stored', async () => {
    const form = await annaWeb.get(`/cases/${caseId}/consents/new`);
    assert.equal(form.status, 200);
    const values = formValues(form.text);
    assert.equal(values['consent.form'], 'hlt_vasterbotten', 'V-2.5 the county form is preselected');
    assert.deepEqual([].concat(values['consent.guardians']).map(Number).sort(), [...guardians].sort(), 'both guardians ticked');
    const r = await annaWeb.post(`/cases/${caseId}/consents`, {
      ...values,
      'consent.org_id': String(orgs['Ålidhemsskolan']),
      'consent.guardians': String(guardians[0]),
      'consent.scope': 'Skolans närvaro <b>bara</b>',
      'consent.child_view': 'Vill att skolan hjälper till',
    });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'consent.guardians'), 'Vid gemensam vårdnad ska båda vårdnadshavarna samtycka.');
    const again = formValues(r.text);
    assert.equal(again['consent.scope'], 'Skolans närvaro <b>bara</b>', 'the form is kept as typed');
    assert.equal(again['consent.org_id'], String(orgs['Ålidhemsskolan']));
    assert.deepEqual((await caseJson(anna, caseId)).json().consents, []);
  });

  test('V-2.2, V-2.3 the child\'s view and the scope are required (API names the fields)', async () => {
    const r = await anna.postJson(`/api/v1/cases/${caseId}/consents`,
      consentBody(orgs['Ålidhemsskolan'], guardians, { child_view: '', scope: null }));
    assert.equal(r.status, 422);
    const fields = r.json().fields.map((f) => `${f.field}:${f.code}`).sort();
    assert.deepEqual(fields, ['consent.child_view:required', 'consent.scope:required']);
  });

  test('an adult student consents only from 18', async () => {
    const r = await anna.postJson(`/api/v1/cases/${caseId}/consents`,
      consentBody(orgs['Ålidhemsskolan'], [], { giver: 'adult_student' }));
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => f.code), ['not_adult']);
  });

  test('V-2.6 each organisation under its own consent: full access follows the consent', async () => {
    // a case of its own, without consents: this test records them
    const caseId = (await makeCase(anna)).id;
    const guardians = (await caseJson(anna, caseId)).json().guardians.map((g) => g.id);
    let r = await anna.postJson(`/api/v1/cases/${caseId}/consents`, consentBody(orgs['Ålidhemsskolan'], guardians));
    assert.equal(r.status, 201, r.text);
    assert.equal((await caseJson(anna, caseId)).json().access, 'full');
    assert.equal((await caseJson(bertil, caseId)).status, 404, 'the school\'s consent does not cover social services');

    r = await anna.postJson(`/api/v1/cases/${caseId}/consents`, consentBody(orgs['Ålidhemsskolan'], guardians));
    assert.equal(r.status, 409, 'a second active consent for the same organisation is refused');
    assert.equal(r.json().fields[0].code, 'already_active');

    // V-2.6: the school cannot record social services' consent; social services records its own once asked
    r = await anna.postJson(`/api/v1/cases/${caseId}/consents`, consentBody(orgs['Socialtjänsten Umeå'], guardians));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json().fields.map((f) => [f.field, f.code]), [['consent.org_id', 'own_org_only']]);
    assert.equal((await caseJson(bertil, caseId)).status, 404, 'nothing stored, nothing shared');
    r = await anna.postJson(`/api/v1/cases/${caseId}/asks`, { org_id: orgs['Socialtjänsten Umeå'] });
    assert.equal(r.status, 201, r.text);
    r = await bertil.postJson(`/api/v1/cases/${caseId}/consents`, consentBody(orgs['Socialtjänsten Umeå'], guardians));
    assert.equal(r.status, 201, r.text);
    const v = await caseJson(bertil, caseId);
    assert.equal(v.status, 200);
    assert.equal(v.json().access, 'full');
    assert.ok(v.json().organisations.some((o) => o.name === 'Socialtjänsten Umeå'), 'the organisation takes part now');
    assert.equal(v.json().consents.find((k) => k.org_name === 'Socialtjänsten Umeå').obtained_by_name, 'Bertil Öberg (socialsekreterare)');
    assert.ok((await listCases(bertil)).some((k) => k.id === caseId));
    const page = await bertilWeb.get(`/cases/${caseId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Socialtjänsten Umeå/);
  });

  test('V-2.6 asked to take part: the organisation sees how to reach the family and records its own consent, nothing more', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { initiative: { reason: 'Orolig frånvaro, hemlig <b>orsak</b>.' } } });
    const caseId = kase.id;
    // the school's page offers to ask another organisation (Västerbotten)
    const casePage = await annaWeb.get(`/cases/${caseId}`);
    assert.ok(casePage.text.includes(`href="/cases/${caseId}/ask"`), 'a link to ask an organisation');
    const form = await annaWeb.get(`/cases/${caseId}/ask`);
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.text, new RegExp(`<option value="${orgs['Ålidhemsskolan']}"`), 'not one already taking part');
    let r = await annaWeb.post(`/cases/${caseId}/ask`, { 'ask.org_id': '' });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'ask.org_id'), 'Fyll i fältet.');
    r = await annaWeb.post(`/cases/${caseId}/ask`, { 'ask.org_id': String(orgs['Socialtjänsten Umeå']) });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal(r.location, `/cases/${caseId}?asked=1#consents`);
    const after = decodeEntities((await annaWeb.get(`/cases/${caseId}`)).text);
    assert.match(after, /Ombedda att delta, utan samtycke ännu: <span class="tag">Socialtjänsten Umeå<\/span>/);
    r = await anna.postJson(`/api/v1/cases/${caseId}/asks`, { org_id: orgs['Socialtjänsten Umeå'] });
    assert.equal(r.status, 409);
    assert.deepEqual(r.json().fields.map((f) => [f.field, f.code]), [['ask.org_id', 'already_asked']]);
    r = await anna.postJson(`/api/v1/cases/${caseId}/asks`, { org_id: 999999 });
    assert.equal(r.status, 422);
    assert.equal(r.json().fields[0].code, 'choice');

    // asked is not taking part: no interventions, no contact asked of it in the plan, not in the list (V-2.3)
    const iv = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions`, { what: 'Familjestöd', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varje vecka' });
    assert.equal(iv.status, 422, iv.text);
    assert.deepEqual(iv.json().fields.map((f) => f.field), ['intervention.org_id']);
    const taking = (await caseJson(anna, caseId)).json().organisations.map((o) => o.name);
    assert.deepEqual(taking, ['Ålidhemsskolan'], 'only those with a consent of their own take part');
    // social services is told, in the app; the notification names no child
    const notes = (await bertil.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'org_asked' && n.case_id === caseId), 'the organisation asked is told');
    // what bertil sees: the child's name and birth date, the guardians' contacts, who asked; not the need
    const v = await caseJson(bertil, caseId);
    assert.equal(v.status, 200, v.text);
    const j = v.json();
    assert.equal(j.access, 'asked');
    assert.equal(j.asked.by_name, 'Anna Lindqvist (lärare)');
    assert.equal(j.reason, '', 'V-2.3: why coordination is needed is not shared before consent');
    assert.deepEqual(j.triggers, []);
    assert.equal(j.child.id_number, '', 'no personnummer before consent');
    assert.ok(j.guardians.every((g) => g.id_number === ''));
    assert.ok(j.child.birth_date);
    assert.ok(j.guardians.length > 0 && j.guardians.every((g) => g.phone || g.email));
    assert.deepEqual(j.organisations, [], 'which other organisations take part is not shared');
    assert.deepEqual(j.consents, [], 'nor their consents');
    assert.ok(j.timeline.every((e) => e.org_name === 'Socialtjänsten Umeå'), 'only its own timeline');
    const page = await bertilWeb.get(`/cases/${caseId}`);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, /Er verksamhet är ombedd att delta/);
    assert.match(text, /Anna Lindqvist \(lärare\)/);
    assert.doesNotMatch(text, /hemlig|orsak/, 'the reason stays out');
    assert.doesNotMatch(text, /Ålidhemsskolan<\/th>/, 'the school\'s consent stays out');
    assert.ok(text.includes(`/cases/${caseId}/consents/new`));
    for (const shared of ['/plan', '/meetings/new', '/implementation', '/closure', '/sip', '/ask'])
      assert.equal((await bertilWeb.get(`/cases/${caseId}${shared}`)).status, 403, `shared information needs consent: ${shared}`);
    assert.equal((await bertil.getJson(`/api/v1/cases/${caseId}/closure`)).status, 403, 'nor the closure');
    assert.equal((await bertil.postJson(`/api/v1/cases/${caseId}/asks`, { org_id: orgs['BUP Umeå'] })).status, 403, 'an organisation only asked asks nobody');
    assert.ok((await listCases(bertil)).some((k) => k.id === caseId), 'the case is on their list, to be found');
    const tasks = decodeEntities((await bertilWeb.get('/tasks')).text);
    assert.ok(tasks.includes(`/cases/${caseId}`), 'and obtaining consent is on their task list');

    // the consent form offers only their own organisation, preselected
    const cform = await bertilWeb.get(`/cases/${caseId}/consents/new`);
    assert.equal(cform.status, 200);
    const values = formValues(cform.text);
    assert.equal(values['consent.org_id'], String(orgs['Socialtjänsten Umeå']));
    assert.doesNotMatch(cform.text, new RegExp(`<option value="${orgs['Ålidhemsskolan']}"`));
    r = await bertil.postJson(`/api/v1/cases/${caseId}/consents`, consentBody(orgs['BUP Umeå'], kase.guardians));
    assert.equal(r.status, 422, 'not for another organisation');
    assert.equal(r.json().fields[0].code, 'own_org_only');
    r = await bertilWeb.post(`/cases/${caseId}/consents`, { ...values, 'consent.scope': 'Det som behövs.', 'consent.child_view': 'Vill ha hjälp.' });
    assert.equal(r.status, 303, r.text.slice(0, 600));
    assert.equal((await caseJson(bertil, caseId)).json().access, 'full');
    assert.match(decodeEntities((await bertilWeb.get(`/cases/${caseId}`)).text), /Orolig frånvaro, hemlig <b>orsak<\/b>\./);
    const reads = (await auditForCase(admin, caseId)).filter((e) => e.username === 'bertil');
    assert.ok(reads.some((e) => e.action === 'read' && e.detail === 'asked'), 'the reads while asked are on record as such');
  });

  test('V-2.8, V-2.6 after a withdrawal the organisation sees nothing until it is asked again', async () => {
    const { id: caseId, social } = await consentedCase();
    const w = await anna.postJson(`/api/v1/cases/${caseId}/consents/${social}/withdrawal`, { by: 'guardians', on: today() });
    assert.equal(w.status, 200, w.text);
    assert.equal((await caseJson(bertil, caseId)).status, 404);
    assert.ok(!(await listCases(bertil)).some((k) => k.id === caseId));
    const r = await anna.postJson(`/api/v1/cases/${caseId}/asks`, { org_id: orgs['Socialtjänsten Umeå'] });
    assert.equal(r.status, 201, r.text);
    const v = await caseJson(bertil, caseId);
    assert.equal(v.status, 200);
    assert.equal(v.json().access, 'asked');
    assert.equal(v.json().consents.length, 1, 'its own ledger: the withdrawn consent');
  });

  test('V-2.8 a change keeps the old consent as history and tells everyone involved', async () => {
    const { id: caseId, social: socialConsent } = await consentedCase();
    const form = await bertilWeb.get(`/cases/${caseId}/consents/${socialConsent}/change`);
    assert.equal(form.status, 200);
    const values = formValues(form.text);
    assert.equal(values['consent.scope'], 'Närvaro och elevhälsans bedömning, till socialtjänsten.');
    const r = await bertilWeb.post(`/cases/${caseId}/consents/${socialConsent}/change`, {
      ...values,
      'consent.scope': 'Bara närvaron, till socialtjänsten.',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    const ledger = (await caseJson(anna, caseId)).json().consents.filter((k) => k.org_name === 'Socialtjänsten Umeå');
    assert.deepEqual(ledger.map((k) => k.status), ['replaced', 'active']);
    assert.equal(ledger[0].replaced_by, ledger[1].id);
    assert.equal(ledger[1].scope, 'Bara närvaron, till socialtjänsten.');
    const notes = (await anna.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'consent_changed' && n.case_id === caseId), 'the initiator is told');
  });

  test('V-2.8 a withdrawal tells everyone and ends that organisation\'s access at once', async () => {
    const { id: caseId, social: socialConsent } = await consentedCase();
    const form = await annaWeb.get(`/cases/${caseId}/consents/${socialConsent}/withdraw`);
    assert.equal(form.status, 200);
    let r = await annaWeb.post(`/cases/${caseId}/consents/${socialConsent}/withdraw`, {
      'withdrawal.by': '',
      'withdrawal.on': '2026-13-01',
      'withdrawal.note': 'Vill inte <längre>',
    });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'withdrawal.by'), 'Fyll i fältet.');
    assert.equal(fieldError(r.text, 'withdrawal.on'), 'Skriv datumet som ÅÅÅÅ-MM-DD.');
    assert.equal(formValues(r.text)['withdrawal.note'], 'Vill inte <längre>');
    assert.equal((await caseJson(bertil, caseId)).status, 200, 'nothing changed by the refused form');

    r = await annaWeb.post(`/cases/${caseId}/consents/${socialConsent}/withdraw`, {
      'withdrawal.by': 'guardians',
      'withdrawal.on': today(),
      'withdrawal.note': 'Vårdnadshavarna vill inte längre att socialtjänsten är med.',
    });
    assert.equal(r.status, 303);
    assert.match(r.location, new RegExp(`^/cases/${caseId}\\?consent=withdrawn#consents$`));
    assert.equal((await caseJson(bertil, caseId)).status, 404, 'access ends at once (API)');
    assert.equal((await bertilWeb.get(`/cases/${caseId}`)).status, 404, 'and on the page');
    assert.ok(!(await listCases(bertil)).some((k) => k.id === caseId));
    const notes = (await bertil.getJson('/api/v1/notifications')).json();
    const n = notes.find((x) => x.kind === 'consent_withdrawn' && x.case_id === caseId);
    assert.ok(n, 'social services is told');
    assert.equal(n.org_name, 'Socialtjänsten Umeå');
    // V-2.8 and by e-mail, through the outbox: a neutral subject, a link, nothing about the child
    const smtp = await smtpReady;
    const mail = await smtp.waitFor(
      // this case's (another test may have had a consent withdrawn, too)
      (m) => m.to.includes('bertil@demo.barnplan.invalid') && /återkallats/.test(m.mail.subject || '') && new RegExp(`/cases/${caseId}(?!\\d)`).test(m.mail.text || ''),
      20000,
    );
    const parsed = mail.mail;
    assert.equal(parsed.subject, 'Barnplan: ett samtycke har återkallats');
    assert.ok(parsed.text.includes(`https://barnplan.test/cases/${caseId}`), parsed.text);
    assert.doesNotMatch(mail.raw, /Jsonsson|Leila|Ahmed|Apibarn/, 'no personal data about the child in the e-mail');
    const page = await bertilWeb.get('/notifications');
    assert.match(decodeEntities(page.text), /Ett samtycke har återkallats/);
    assert.doesNotMatch(page.text, /Jsonsson/, 'a notification names no child');
    const ledger = (await caseJson(anna, caseId)).json().consents;
    const w = ledger.find((k) => k.id === socialConsent);
    assert.equal(w.status, 'withdrawn');
    assert.equal(w.withdrawn_by, 'guardians');
    assert.equal((await caseJson(anna, caseId)).json().closure_proposed, false, 'the school\'s consent still holds');
  });

  test('V-2.9 when the child and the guardians withdraw altogether, the case is proposed for closure', async () => {
    // the school's consent is the last one in force: social services' was changed by bertil (who is
    // involved in the case from then on) and then withdrawn by the guardians
    const { id: caseId, guardians, school: schoolConsent, social } = await consentedCase();
    const c = await bertil.postJson(`/api/v1/cases/${caseId}/consents/${social}/change`,
      consentBody(orgs['Socialtjänsten Umeå'], guardians, { scope: 'Bara närvaron, till socialtjänsten.' }));
    assert.equal(c.status, 201, c.text);
    const w = await anna.postJson(`/api/v1/cases/${caseId}/consents/${c.json().id}/withdrawal`, { by: 'guardians', on: today() });
    assert.equal(w.status, 200, w.text);
    const r = await anna.postJson(`/api/v1/cases/${caseId}/consents/${schoolConsent}/withdrawal`,
      { by: 'child', on: today() });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { closure_proposed: true, access_ended: false });
    const v = (await caseJson(anna, caseId)).json();
    assert.equal(v.access, 'intake', 'the initiator keeps only its own registration');
    assert.equal(v.closure_proposed, true);
    assert.ok(v.timeline.some((e) => e.kind === 'closure_proposed'));
    const notes = (await bertil.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((x) => x.kind === 'closure_proposed' && x.case_id === caseId));
    const again = await anna.postJson(`/api/v1/cases/${caseId}/consents/${schoolConsent}/withdrawal`,
      { by: 'child', on: today() });
    assert.equal(again.status, 422);
    assert.equal(again.json().fields[0].code, 'not_active');
  });
});

describe('Kronoberg: the barnensbästa-ansvarig obtains consent on the Kronobarnsmodellen form', () => {
  test('K-2.1 the form preselected is the Kronobarnsmodellen consent form; K-2.2 the initiating organisation records it', async () => {
    const karin = await srv.login('karin');
    const karinApi = await srv.apiLogin('karin');
    const r = await karinApi.postJson('/api/v1/cases', registrationJson({
      initiative: { model: 'kronoberg', route: 'named_person' },
    }));
    assert.equal(r.status, 201, r.text);
    const id = r.json().id;
    const form = await karin.get(`/cases/${id}/consents/new`);
    const values = formValues(form.text);
    assert.equal(values['consent.form'], 'kronobarnsmodellen');
    const orgs = await orgIds(karinApi);
    const post = await karin.post(`/cases/${id}/consents`, {
      ...values,
      'consent.org_id': String(orgs['Furutåskolan']),
      'consent.child_view': 'Vill att skolan och habiliteringen pratar.',
      'consent.scope': 'Skolans iakttagelser, till habiliteringen.',
    });
    assert.equal(post.status, 303, post.text.slice(0, 400));
    const v = (await caseJson(karinApi, id)).json();
    assert.equal(v.access, 'full');
    assert.equal(v.consents[0].form, 'kronobarnsmodellen');
    assert.equal(v.consents[0].obtained_by_name, 'Karin Johansson (rektor, barnensbästa-ansvarig)');
    assert.ok(v.timeline.some((e) => e.kind === 'consent_recorded'));
  });
});
