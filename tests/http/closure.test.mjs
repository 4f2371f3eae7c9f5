// closure: closing a case and opening it again (V-11.1-V-11.4, V-2.9), through the pages and the API: three
// reasons, a joint decision records who agreed, everyone is told, the family gets where to turn in the
// installation's words, a closed case is read-only, it opens again with a reason, and "Mina ärenden" shows it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, listCases, auditForCase, today, addDays, fieldError, formValues, decodeEntities } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const FAMILY_TEXT = 'Ring Familjecentralen Ålidhem om ni behöver en ny plan. Ni är alltid välkomna tillbaka.';

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
const srv = useServer({
  env: async () => ({
    BARNPLAN_SMTP_URL: (await smtpReady).url,
    BARNPLAN_PUBLIC_URL: 'https://barnplan.test',
    BARNPLAN_CLOSURE_TEXT: FAMILY_TEXT, // V-11.4: each installation sets its own text
  }),
});

describe('closing a case (V-11.1-V-11.4)', () => {
  let anna, annaWeb, bertil, bertilWeb, cecilia, admin, orgs;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, cecilia, admin] = await Promise.all([
      srv.apiLogin('anna'),
      srv.login('anna'),
      srv.apiLogin('bertil'),
      srv.login('bertil'),
      srv.apiLogin('cecilia'),
      srv.apiLogin('admin'),
    ]);
    orgs = await orgIds(anna);
  });

  /** A case where the school (anna) and social services (bertil) have their own consents. */
  function sharedCase() {
    return makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']] });
  }

  /** The same, with a draft plan (its shared part saved). */
  async function caseWithPlan() {
    const kase = await sharedCase();
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/plan`, { summary: 'Skolan och socialtjänsten samordnar stödet.' });
    assert.equal(r.status, 200, r.text);
    return kase;
  }

  async function closure(client, id) {
    const r = await client.getJson(`/api/v1/cases/${id}/closure`);
    assert.equal(r.status, 200, r.text);
    return r.json();
  }

  function closeAgreed(kase) {
    return {
      reason: 'goals_reached',
      agreed_child: true,
      agreed_guardians: kase.guardians,
      agreed_orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']],
      note: 'Närvaron är god sedan januari.',
    };
  }

  test('V-11.1 closing without a reason is refused beside the field; the form is kept and nothing is stored', async () => {
    const kase = await sharedCase();
    const api = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, { agreed_child: true });
    assert.equal(api.status, 422, api.text);
    assert.deepEqual(api.json().fields.map((f) => [f.field, f.code]), [['closure.reason', 'required']]);
    const form = await annaWeb.get(`/cases/${kase.id}/closure`);
    assert.equal(form.status, 200);
    assert.match(decodeEntities(form.text), /Varför avslutas ärendet\? \*/);
    for (const [code, label] of [['goals_reached', 'Målen är nådda'], ['not_needed', 'Samordning behövs inte längre'], ['consent_withdrawn', 'Barnet och vårdnadshavarna har tagit tillbaka sitt samtycke']])
      assert.match(decodeEntities(form.text), new RegExp(`value="${code}"[^>]*><label for="closure-reason-${code}">${label} <span class="hint"`), `the reason ${code}`);
    assert.match(form.text, /name="closure\.agreed_guardians" value="\d+"><label[^>]*>Leila Jsonsson<\/label>/, 'V-11.1: each guardian to mark');
    assert.match(form.text, /name="closure\.agreed_orgs" value="\d+"><label[^>]*>Socialtjänsten Umeå<\/label>/, 'and each organisation');
    const r = await annaWeb.post(`/cases/${kase.id}/closure`, { 'closure.agreed_child': '1', 'closure.note': 'Skrivet först.' });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'closure.reason'), 'Fyll i fältet.');
    assert.equal(formValues(r.text)['closure.note'], 'Skrivet först.', 'the note is kept as typed');
    const c = await closure(anna, kase.id);
    assert.equal(c.status, 'open', 'nothing is lost, nothing is closed');
    assert.equal(c.latest, null);
  });

  test('V-11.1 a joint decision with nobody recorded as agreeing is refused, with a clear message', async () => {
    const kase = await sharedCase();
    const api = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, { reason: 'not_needed' });
    assert.equal(api.status, 422, api.text);
    assert.deepEqual(api.json().fields.map((f) => [f.field, f.code]), [['closure.agreed_orgs', 'nobody_agreed']]);
    const r = await annaWeb.post(`/cases/${kase.id}/closure`, { 'closure.reason': 'not_needed' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'closure.agreed_orgs'), /gemensamt beslut/);
    const other = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, { reason: 'not_needed', agreed_orgs: [orgs['BUP Umeå']] });
    assert.equal(other.status, 422, 'an organisation that does not take part cannot agree');
    assert.equal(other.json().fields[0].code, 'not_participant');
    assert.equal((await closure(anna, kase.id)).status, 'open');
  });

  test('V-11.2, V-2.9 "consent withdrawn" is only a reason once no consent is left in force', async () => {
    const kase = await sharedCase();
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, { reason: 'consent_withdrawn' });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json().fields.map((f) => [f.field, f.code]), [['closure.reason', 'not_proposed']]);
  });

  test('V-11.1, V-11.3, V-11.4 a joint decision closes the case: who agreed is recorded, everyone is told, the family gets where to turn', async () => {
    const kase = await sharedCase();
    const smtp = await smtpReady;
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { case_id: kase.id, status: 'closed' });
    // V-11.1: the record says why and who agreed
    const c = await closure(bertil, kase.id);
    assert.equal(c.status, 'closed');
    assert.equal(c.latest.action, 'close');
    assert.equal(c.latest.reason, 'goals_reached');
    assert.equal(c.latest.agreed_child, true);
    assert.deepEqual([...c.latest.agreed_guardians].sort(), [...kase.guardians].sort());
    assert.deepEqual([...c.latest.agreed_orgs].sort(), [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']].sort());
    assert.equal(c.latest.org_name, 'Ålidhemsskolan');
    assert.equal(c.family_text, FAMILY_TEXT);
    const v = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json();
    assert.equal(v.status, 'closed');
    assert.ok(v.timeline.some((e) => e.kind === 'closed_goals_reached'));
    // V-11.3: every organisation involved is told, in the app and by e-mail with a link and no personal data
    const notes = (await bertil.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'case_closed' && n.case_id === kase.id), 'social services is told in the app');
    const pro = await smtp.waitFor(
      (m) => m.to.includes('bertil@demo.barnplan.invalid') && /avslutats/.test(m.mail.subject || '') && new RegExp(`/cases/${kase.id}(?!\\d)`).test(m.mail.text || ''),
      20000,
    );
    assert.equal(pro.mail.subject, 'Barnplan: ett ärende har avslutats');
    assert.doesNotMatch(pro.raw, /Jsonsson|Leila|Ahmed|Apibarn/, 'V-11.3: no personal data in the e-mail');
    // V-11.4: the guardian with an address gets where to turn and that they are welcome back; no link, nothing personal
    const fam = await smtp.waitFor((m) => m.to.includes('leila@example.se') && (m.mail.text || '').includes(FAMILY_TEXT), 20000);
    assert.equal(fam.mail.subject, 'Planen är avslutad');
    assert.doesNotMatch(fam.mail.text, /https?:\/\//, 'the family cannot log in: no link');
    assert.doesNotMatch(fam.raw, /Jsonsson|Leila|Ahmed|Apibarn|Närvaron/, 'V-11.4: no personal data in the family\'s e-mail');
    // audited, with the reason and without the note
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'update' && e.object === 'case' && e.detail === 'goals_reached'));
  });

  test('V-11.1 the case page shows the closure record, who agreed, and no write forms; "Mina ärenden" shows it closed', async () => {
    const kase = await caseWithPlan();
    const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'plan', date: addDays(today(), 14), start: '10:00', end: '11:30', setting: 'physical', setting_agreed: true,
      place: 'Skolans konferensrum', purpose: 'Att göra en plan.', agenda: 'Skoldagen.',
    });
    assert.equal(m.status, 201, m.text);
    const consent = kase.consents[orgs['Ålidhemsskolan']];
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase))).status, 200);
    const meetings = (await anna.getJson(`/api/v1/cases/${kase.id}/meetings`)).json();
    assert.equal(meetings.find((x) => x.id === m.json().id)?.status, 'cancelled', 'nobody comes to a closed case\'s meeting');
    // the forms of a closed case, opened by their addresses: the closure's notice instead of a form
    for (const form of ['/consents/new', `/consents/${consent}/change`, '/prep/child',
      `/prep/guardians/${kase.guardians[0]}`, '/meetings/new', `/meetings/${m.json().id}`, `/meetings/${m.json().id}/chair`, '/closure']) {
      const r = await annaWeb.get(`/cases/${kase.id}${form}`);
      assert.equal(r.status, 200, form);
      assert.doesNotMatch(r.text, /<form method="post" action="\/cases\//, `no write form on a closed case: ${form}`);
      assert.match(decodeEntities(r.text), /Ärendet är avslutat och kan inte ändras\.(?! Öppna)/, `the closure's notice instead: ${form}`);
    }
    const page = await bertilWeb.get(`/cases/${kase.id}`);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, /Ärendet är avslutat/);
    assert.match(text, /Målen är nådda/);
    assert.match(text, /Överens om att avsluta<\/dt><dd>Barnet<br>/);
    assert.match(text, /Leila Jsonsson/);
    assert.match(text, /Närvaron är god sedan januari\./);
    for (const write of ['/consents/new', '/meetings/new', '/closure"', '/prep/child"', '/scan" enctype'])
      assert.ok(!page.text.includes(`/cases/${kase.id}${write}`), `no write form or link on a closed case: ${write}`);
    assert.ok(page.text.includes(`/cases/${kase.id}/reopen`));
    assert.ok(page.text.includes(`/cases/${kase.id}/closure/letter`));
    const plan = await bertilWeb.get(`/cases/${kase.id}/plan`);
    assert.equal(plan.status, 200);
    assert.doesNotMatch(plan.text, /<form method="post" action="\/cases\/\d+\/plan/, 'the plan page has no write form either');
    const mine = await listCases(anna);
    assert.equal(mine.find((k) => k.id === kase.id)?.status, 'closed', '"Mina ärenden" keeps the closed case (API)');
    const list = decodeEntities((await annaWeb.get('/cases')).text);
    assert.match(list, new RegExp(`href="/cases/${kase.id}"[\\s\\S]*?Avslutat`), 'and shows it as closed (page)');
  });

  test('a write to a closed case is refused with one clear message, whatever it is', async () => {
    const kase = await caseWithPlan();
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase))).status, 200);
    const consent = kase.consents[orgs['Ålidhemsskolan']];
    const writes = [
      ['plan', `/api/v1/cases/${kase.id}/plan`, { summary: 'Ny text.' }],
      ['meeting', `/api/v1/cases/${kase.id}/meetings`, {}],
      ['consent', `/api/v1/cases/${kase.id}/consents`, { org_id: orgs['BUP Umeå'] }],
      ['prep', `/api/v1/cases/${kase.id}/preparation/child`, {}],
      ['closure', `/api/v1/cases/${kase.id}/closure`, closeAgreed(kase)],
    ];
    for (const [field, path, body] of writes) {
      const r = await anna.postJson(path, body);
      assert.equal(r.status, 409, `${path}: ${r.status} ${r.text}`);
      const f = r.json().fields;
      assert.deepEqual(f.map((x) => [x.field, x.code]), [[field, 'case_closed']], path);
      assert.equal(f[0].message, 'Ärendet är avslutat och kan inte ändras. Öppna det igen först, med ett skäl.');
    }
    const page = await annaWeb.post(`/cases/${kase.id}/plan/goals`, { 'goal.area': 'health', 'goal.need': 'x', 'goal.goal': 'y' });
    assert.equal(page.status, 409);
    assert.match(decodeEntities(page.text), /Ärendet är avslutat och kan inte ändras/);
    const c = await closure(anna, kase.id);
    assert.equal(c.latest.reason, 'goals_reached', 'the second closure changed nothing');
  });

  test('V-2.8 after closure the family can still withdraw a consent: that organisation then reads nothing of the case', async () => {
    const kase = await caseWithPlan();
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase))).status, 200);
    const social = kase.consents[orgs['Socialtjänsten Umeå']];
    const form = await annaWeb.get(`/cases/${kase.id}/consents/${social}/withdraw`);
    assert.equal(form.status, 200);
    assert.match(decodeEntities(form.text), /Ärendet är avslutat\. Vårdnadshavarna och barnet kan ändå återkalla samtycket/);
    assert.ok(form.text.includes(`action="/cases/${kase.id}/consents/${social}/withdraw"`), 'the withdrawal form is there');
    const page = await annaWeb.get(`/cases/${kase.id}`);
    assert.ok(page.text.includes(`/consents/${social}/withdraw`), 'the closed case links to it');
    assert.ok(!page.text.includes(`/consents/${social}/change`), 'but not to a change');
    const r = await annaWeb.post(`/cases/${kase.id}/consents/${social}/withdraw`, { 'withdrawal.by': 'guardians', 'withdrawal.on': today() });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 404, 'social services reads nothing more');
    const c = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json();
    assert.equal(c.status, 'closed', 'the case stays closed');
    assert.equal(c.closure_proposed, false, 'and is not proposed for closure again');
  });

  test('V-11.4 the closing letter for the family has where to turn in the installation\'s words; an open case has none', async () => {
    const kase = await sharedCase();
    assert.equal((await annaWeb.get(`/cases/${kase.id}/closure/letter`)).status, 404, 'nothing to tell yet');
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase))).status, 200);
    const r = await annaWeb.get(`/cases/${kase.id}/closure/letter`);
    assert.equal(r.status, 200);
    const text = decodeEntities(r.text);
    assert.match(text, /<h1>Planen är avslutad<\/h1>/);
    assert.ok(text.includes(FAMILY_TEXT), 'the installation\'s text');
    assert.match(text, /Ni är välkomna att höra av er igen, med nya eller gamla frågor\./);
    assert.match(text, /<dt>Plan<\/dt><dd>SIP Barnets plan<\/dd>/, 'the model\'s own word for the plan (Västerbotten)');
    assert.match(text, /<dt>Barnet<\/dt><dd>Apibarn/);
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'read' && e.object === 'case' && e.detail === 'closure'), 'the letter is an audited read');
  });

  test('reopening: refused without a reason and on an open case; with a reason it is recorded, on the timeline, and everyone is told', async () => {
    const kase = await sharedCase();
    const open = await anna.postJson(`/api/v1/cases/${kase.id}/reopening`, { reason: 'Behovet är tillbaka.' });
    assert.equal(open.status, 409, open.text);
    assert.deepEqual(open.json().fields.map((f) => [f.field, f.code]), [['reopen.reason', 'case_open']]);
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase))).status, 200);
    const none = await annaWeb.post(`/cases/${kase.id}/reopen`, { 'reopen.reason': '  ' });
    assert.equal(none.status, 422);
    assert.equal(fieldError(none.text, 'reopen.reason'), 'Fyll i fältet.');
    assert.equal((await closure(anna, kase.id)).status, 'closed', 'still closed');
    const r = await annaWeb.post(`/cases/${kase.id}/reopen`, { 'reopen.reason': 'Frånvaron har ökat igen.' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/cases/${kase.id}?reopened=1#closure`);
    const c = await closure(bertil, kase.id);
    assert.equal(c.status, 'open');
    assert.equal(c.latest.action, 'reopen');
    assert.equal(c.latest.note, 'Frånvaron har ökat igen.');
    const v = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json();
    assert.ok(v.timeline.some((e) => e.kind === 'case_reopened'));
    const notes = (await bertil.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'case_reopened' && n.case_id === kase.id), 'everyone is told');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'update' && e.object === 'case' && e.detail === 'reopened'));
    // writable again
    const w = await anna.postJson(`/api/v1/cases/${kase.id}/plan`, { summary: 'Vi fortsätter.' });
    assert.equal(w.status, 200, w.text);
  });

  test('V-11.2 once every consent is withdrawn, the initiator closes the case for that reason; a joint decision needs consent', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    const w = await anna.postJson(`/api/v1/cases/${kase.id}/consents/${kase.consents[orgs['Ålidhemsskolan']]}/withdrawal`, { by: 'guardians', on: today() });
    assert.equal(w.status, 200, w.text);
    assert.equal(w.json().closure_proposed, true);
    const page = decodeEntities((await annaWeb.get(`/cases/${kase.id}`)).text);
    assert.match(page, /Ärendet föreslås avslutas\. <a href="\/cases\/\d+\/closure">Avsluta ärendet<\/a>/);
    const joint = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, { reason: 'not_needed', agreed_child: true });
    assert.equal(joint.status, 422, joint.text);
    assert.deepEqual(joint.json().fields.map((f) => [f.field, f.code]), [['closure.reason', 'full_access']]);
    const r = await annaWeb.post(`/cases/${kase.id}/closure`, { 'closure.reason': 'consent_withdrawn' });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/cases/${kase.id}?closed=1#closure`);
    const c = await closure(anna, kase.id);
    assert.equal(c.status, 'closed');
    assert.equal(c.latest.reason, 'consent_withdrawn');
    assert.deepEqual([c.latest.agreed_child, c.latest.agreed_orgs], [false, []], 'nobody "agrees" to a withdrawal');
    const after = decodeEntities((await annaWeb.get(`/cases/${kase.id}?closed=1`)).text);
    assert.match(after, /Ärendet är avslutat\. Alla inblandade har fått besked\./);
    assert.match(after, /Barnet och vårdnadshavarna har tagit tillbaka sitt samtycke/);
  });

  test('a new case for the same child links back to the closed one, shown on both case pages', async () => {
    const kase = await sharedCase();
    const early = await anna.postJson(`/api/v1/cases/${kase.id}/successor`, { noticed_on: today(), reason: 'Nytt behov.' });
    assert.equal(early.status, 409, 'an open case goes on, or is closed first');
    assert.deepEqual(early.json().fields.map((f) => [f.field, f.code]), [['new_case.reason', 'case_open']]);
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase))).status, 200);
    const bad = await annaWeb.post(`/cases/${kase.id}/new-case`, { 'new_case.noticed_on': today(), 'new_case.reason': '' });
    assert.equal(bad.status, 422);
    assert.equal(fieldError(bad.text, 'new_case.reason'), 'Fyll i fältet.');
    const r = await bertil.postJson(`/api/v1/cases/${kase.id}/successor`, { noticed_on: today(), reason: 'Familjen hör av sig igen: oro för skolstarten.' });
    assert.equal(r.status, 201, r.text);
    const next = r.json().id;
    assert.equal(r.json().previous_case_id, kase.id);
    const v = (await bertil.getJson(`/api/v1/cases/${next}`)).json();
    assert.equal(v.status, 'open');
    assert.equal(v.child_id, (await anna.getJson(`/api/v1/cases/${kase.id}`)).json().child_id, 'the same child');
    assert.deepEqual(v.guardians.map((g) => g.id).sort(), [...kase.guardians].sort(), 'and the same guardians');
    assert.equal(v.initiating_org_name, 'Socialtjänsten Umeå', 'initiated by the organisation that opened it');
    assert.equal(v.access, 'intake', 'consent is obtained again');
    assert.equal((await closure(bertil, next)).previous_case_id, kase.id);
    assert.equal((await closure(anna, kase.id)).next_case_id, next);
    const newPage = decodeEntities((await bertilWeb.get(`/cases/${next}`)).text);
    assert.match(newPage, new RegExp(`Barnet har ett tidigare avslutat ärende: <a href="/cases/${kase.id}">`));
    const oldPage = decodeEntities((await annaWeb.get(`/cases/${kase.id}`)).text);
    assert.match(oldPage, new RegExp(`Ett nytt ärende för barnet: <a href="/cases/${next}">`));
    assert.ok((await anna.getJson(`/api/v1/cases/${kase.id}`)).json().timeline.some((e) => e.kind === 'successor_opened'));
    const audit = await auditForCase(admin, next);
    assert.ok(audit.some((e) => e.action === 'create' && e.object === 'case' && e.detail === 'follow_on'));
  });

  test("the model's own words: Kronoberg's closure form and letter say samverkansansvarig and Barnets plan", async () => {
    const karin = await srv.apiLogin('karin');
    const karinWeb = await srv.login('karin');
    const orgId = (await karin.getJson('/api/v1/me')).json().organisations[0].id;
    const kase = await makeCase(karin, { model: 'kronoberg', orgs: [orgId] });
    const form = decodeEntities((await karinWeb.get(`/cases/${kase.id}/closure`)).text);
    assert.match(form, /<strong>Samverkansansvarig<\/strong>/);
    assert.match(form, /\(Barnets plan\)/);
    const r = await karin.postJson(`/api/v1/cases/${kase.id}/closure`, { reason: 'not_needed', agreed_orgs: [orgId] });
    assert.equal(r.status, 200, r.text);
    const letter = decodeEntities((await karinWeb.get(`/cases/${kase.id}/closure/letter`)).text);
    assert.match(letter, /<dt>Plan<\/dt><dd>Barnets plan<\/dd>/);
    assert.ok(letter.includes(FAMILY_TEXT));
  });

  test('a case one may not see: its closure looks like a case that does not exist', async () => {
    const kase = await sharedCase();
    for (const r of [
      await cecilia.getJson(`/api/v1/cases/${kase.id}/closure`),
      await cecilia.postJson(`/api/v1/cases/${kase.id}/closure`, closeAgreed(kase)),
      await cecilia.postJson(`/api/v1/cases/${kase.id}/reopening`, { reason: 'x' }),
      await cecilia.postJson(`/api/v1/cases/${kase.id}/successor`, { noticed_on: today(), reason: 'x' }),
    ])
      assert.equal(r.status, 404, r.text);
    assert.equal((await closure(anna, kase.id)).status, 'open');
  });
});
