// cases: registering a child with guardians and an initiative (form and API), finding it again,
// access between organisations, and the audit trail of every read.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer,
  registrationForm,
  registrationJson,
  caseIdFrom,
  listCases,
  auditForCase,
  uniqueName,
  personnummer,
  decodeEntities,
  inDays,
} from '../lib/server.mjs';

const srv = useServer();

// The form's second guardian block left empty.
const NO_SECOND_GUARDIAN = Object.fromEntries(
  ['name', 'id_number', 'custody', 'phone', 'email', 'address'].map((k) => [`guardians.1.${k}`, '']),
);

const TRIGGER_LABELS = {
  a: 'Oroväckande beteende i skolan eller hemma',
  b: 'Barnet går inte i skolan',
  c: 'Riskbruk',
  d: 'Nyligen utskriven från slutenvård',
  e: 'Barnet är anhörig till någon som är sjuk eller har ett beroende',
  f: 'Placerat utanför hemmet',
  g: 'Barnet eller vårdnadshavare upplever att de hänvisas runt',
  h: 'Vårdnadshavare lägger mycket tid på att föra information mellan verksamheter',
  i: 'Den egna verksamheten kan inte ge stödet ensam',
  j: 'Insatser behövs från minst två huvudmän',
  k: 'Det är oklart vem som gör vad',
  l: 'Flera insatser behövs samtidigt eller i en viss ordning',
  m: 'Verksamheterna behöver veta vad de andra gör',
};

/** The text of a page without tags, entities decoded and white space squeezed. */
function pageText(html) {
  return decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** Registers through the form as `client`; returns the new case id (asserting the 303). */
async function registerForm(client, over = {}) {
  const form = registrationForm(over);
  const r = await client.post('/cases', form);
  assert.equal(r.status, 303, `registration: ${r.status}\n${(r.text.match(/class="field-error"[^<]*>[^<]*/g) || []).join('\n')}`);
  assert.match(r.location, /^\/cases\/\d+\?created=1$/);
  return { id: caseIdFrom(r.location), form, location: r.location };
}

/** The registration of the test "a child with two guardians (joint custody) and an initiative". */
const formChild = () => ({
  'child.given_name': uniqueName('Formbarn'),
  'initiative.triggers': ['a', 'd', 'j', 'm'],
  'initiative.reason': 'Hög frånvaro sedan höstlovet.\nFamiljen vill ha samlat stöd.',
});

describe('registering through the form', () => {
  let anna;
  let reg; // registered in before() like formChild()'s test does, for the tests that look at it
  before(async () => {
    anna = await srv.login('anna');
    reg = await registerForm(anna, formChild());
  });

  test('GET /cases/new: the form with a csrf field, today as the date, both guardian blocks and all 13 triggers (V-1.3)', async () => {
    const r = await anna.get('/cases/new');
    assert.equal(r.status, 200);
    assert.match(r.text, /<input type="hidden" name="csrf" value="[^"]+">/);
    assert.match(r.text, /name="guardians\.0\.name"/);
    assert.match(r.text, /name="guardians\.1\.name"/);
    const triggers = [...r.text.matchAll(/name="initiative\.triggers" value="([a-z])"/g)].map((m) => m[1]);
    assert.deepEqual(triggers, Object.keys(TRIGGER_LABELS));
    for (const label of Object.values(TRIGGER_LABELS)) assert.ok(pageText(r.text).includes(label), label);
    const t = pageText(r.text);
    for (const label of ['En yrkesverksam', 'Vårdnadshavare', 'Myndig elev', 'Barnet själv']) assert.ok(t.includes(label), label);
  });

  test('a child with two guardians (joint custody) and an initiative: 303 to the new case page', async () => {
    const before = await listCases(anna);
    await registerForm(anna, formChild());
    const after = await listCases(anna);
    assert.equal(after.length, before.length + 1);
  });

  test('the case page shows the child, both guardians, the initiative and the triggers (V-1.3)', async () => {
    const r = await anna.get(reg.location);
    assert.equal(r.status, 200);
    assert.match(r.text, /Initiativet är registrerat\./);
    const f = reg.form;
    assert.match(r.text, new RegExp(`<h1>${f['child.given_name']} Testsson</h1>`));
    const t = pageText(r.text);
    for (const s of [
      f['child.id_number'],
      '2015-03-14',
      'svenska',
      'Sara Testsson',
      'Johan Testsson',
      f['guardians.0.id_number'],
      f['guardians.1.id_number'],
      'sara@example.se',
      '070-765 43 21',
      'SIP Barnets plan',
      'Via HLT-mötet',
      'En yrkesverksam',
      'Ålidhemsskolan',
      'Anna Lindqvist',
      'Pågående',
      'Initiativ registrerat',
      'Hög frånvaro sedan höstlovet. Familjen vill ha samlat stöd.',
    ])
      assert.ok(t.includes(s), `the case page shows ${s}`);
    assert.equal((t.match(/Gemensam vårdnad/g) || []).length, 2, 'both guardians have joint custody');
    for (const code of ['a', 'd', 'j', 'm']) assert.ok(t.includes(TRIGGER_LABELS[code]), `trigger ${code}`);
    for (const code of ['b', 'c', 'k']) assert.ok(!t.includes(TRIGGER_LABELS[code]), `trigger ${code} was not ticked`);
  });

  test('the child is under "Mina ärenden", linked to the case page', async () => {
    const r = await anna.get('/cases');
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<a href="/cases/${reg.id}">${reg.form['child.given_name']} Testsson</a>`));
  });

  test('the same case through the API: every field as registered', async () => {
    const r = await anna.getJson(`/api/v1/cases/${reg.id}`);
    assert.equal(r.status, 200);
    const k = r.json();
    assert.equal(k.id, reg.id);
    assert.equal(k.child.given_name, reg.form['child.given_name']);
    assert.equal(k.child.family_name, 'Testsson');
    assert.equal(k.child.id_kind, 'personnummer');
    assert.equal(k.child.birth_date, '2015-03-14');
    assert.equal(k.plan_kind, 'sip_child_plan');
    assert.equal(k.route, 'hlt');
    assert.equal(k.requested_by, 'professional');
    assert.deepEqual(k.triggers, ['a', 'd', 'j', 'm']);
    assert.equal(k.reason, 'Hög frånvaro sedan höstlovet.\nFamiljen vill ha samlat stöd.');
    assert.deepEqual(k.guardians.map((g) => [g.name, g.custody]), [
      ['Sara Testsson', 'joint'],
      ['Johan Testsson', 'joint'],
    ]);
    assert.equal(k.guardians[0].address, 'Storgatan 1\n903 26 Umeå');
    assert.deepEqual(k.timeline.map((e) => e.kind), ['case_opened']);
  });

  test('requester kinds V-1.2/K-1.3: a guardian, the child, an adult student', async () => {
    for (const [code, label] of [
      ['guardian', 'Vårdnadshavare'],
      ['child', 'Barnet själv'],
      ['adult_student', 'Myndig elev'],
    ]) {
      const { id, location } = await registerForm(anna, { 'initiative.requested_by': code });
      const page = pageText((await anna.get(location)).text);
      assert.ok(page.includes(`Vem bad om samordnat stöd? ${label}`), `${code}: ${label}`);
      assert.equal((await anna.getJson(`/api/v1/cases/${id}`)).json().requested_by, code);
    }
  });

  test('routes V-0.8: Västerbotten via HLT or outside HLT; a Kronoberg route does not fit Västerbotten', async () => {
    const out = await registerForm(anna, { 'initiative.route': 'outside_hlt' });
    assert.ok(pageText((await anna.get(out.location)).text).includes('Utanför HLT (initiativtagaren samordnar)'));
    const before = (await listCases(anna)).length;
    const bad = await anna.post('/cases', registrationForm({ 'initiative.route': 'named_person' }));
    assert.equal(bad.status, 422);
    assert.match(bad.text, /<p class="field-error" id="initiative-route-error">Vägen passar inte arbetssättet\. Välj en väg för den valda regionen\.<\/p>/);
    assert.equal((await listCases(anna)).length, before);
  });

  test('routes K-1.1/K-1.2: Kronoberg, the named person calls, or another organisation informs them', async () => {
    for (const [route, label] of [
      ['named_person', 'Barnensbästa-ansvarig kallar'],
      ['other_org', 'Annan verksamhet tar initiativet och informerar barnensbästa-ansvarig'],
    ]) {
      const { id, location } = await registerForm(anna, { 'initiative.model': 'kronoberg', 'initiative.route': route });
      const t = pageText((await anna.get(location)).text);
      assert.ok(t.includes(label), label);
      assert.ok(t.includes('Samverkansmöte och Barnets plan (Kronoberg)'));
      const k = (await anna.getJson(`/api/v1/cases/${id}`)).json();
      assert.equal(k.route, route);
      assert.equal(k.plan_kind, 'child_plan');
    }
    const bad = await anna.post('/cases', registrationForm({ 'initiative.model': 'kronoberg', 'initiative.route': 'hlt' }));
    assert.equal(bad.status, 422);
  });

  test('K-0.8 plan kind sip when guardians insist (Kronoberg)', async () => {
    const { id, location } = await registerForm(anna, {
      'initiative.model': 'kronoberg',
      'initiative.route': 'named_person',
      'initiative.insist_on_sip': '1',
    });
    assert.equal((await anna.getJson(`/api/v1/cases/${id}`)).json().plan_kind, 'sip');
    assert.ok(pageText((await anna.get(location)).text).includes('SIP, samordnad individuell plan'));
    // in Västerbotten the plan is SIP Barnets plan either way
    const v = await registerForm(anna, { 'initiative.insist_on_sip': '1' });
    assert.equal((await anna.getJson(`/api/v1/cases/${v.id}`)).json().plan_kind, 'sip_child_plan');
  });

  test('trigger checklist V-1.3: all thirteen can be ticked, an unknown one is refused', async () => {
    const all = Object.keys(TRIGGER_LABELS);
    const { id } = await registerForm(anna, { 'initiative.triggers': all });
    assert.deepEqual((await anna.getJson(`/api/v1/cases/${id}`)).json().triggers, all);
    const none = await registerForm(anna, { 'initiative.triggers': [] });
    assert.deepEqual((await anna.getJson(`/api/v1/cases/${none.id}`)).json().triggers, []);
    const bad = await anna.post('/cases', registrationForm({ 'initiative.triggers': ['a', 'z'] }));
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="initiative-triggers-error">Välj ett av alternativen\./);
  });

  test('joint custody needs both guardians registered', async () => {
    const r = await anna.post(
      '/cases',
      registrationForm({
        ...NO_SECOND_GUARDIAN,
      }),
    );
    assert.equal(r.status, 422);
    assert.match(r.text, /id="guardians-1-name-error">Vid gemensam vårdnad ska båda vårdnadshavarna registreras\./);
  });

  test('sole custody: one guardian is enough', async () => {
    const { id } = await registerForm(anna, {
      'guardians.0.custody': 'sole',
      ...NO_SECOND_GUARDIAN,
    });
    const k = (await anna.getJson(`/api/v1/cases/${id}`)).json();
    assert.deepEqual(k.guardians.map((g) => g.custody), ['sole']);
  });
});


describe('the three-week rule on the case page (V-6.1, K-4.3)', () => {
  test('V-6.1 Västerbotten: the meeting at the latest three weeks after the need was noticed, days left', async () => {
    const anna = await srv.login('anna');
    const { id } = await registerForm(anna, { 'initiative.noticed_on': inDays(-5) });
    const page = (await anna.get(`/cases/${id}`)).text;
    assert.match(page, new RegExp(`Mötet hålls senast</dt><dd>${inDays(16)} `));
    assert.match(page, /dagar kvar: 16\)/);
    assert.doesNotMatch(page, /Tiden har gått ut/);
  });

  test('V-6.1 Västerbotten: 22 days after the need was noticed the time has passed', async () => {
    const anna = await srv.login('anna');
    const { id } = await registerForm(anna, { 'initiative.noticed_on': inDays(-22) });
    const page = (await anna.get(`/cases/${id}`)).text;
    assert.match(page, new RegExp(`Mötet hålls senast</dt><dd>${inDays(-1)} `));
    assert.match(page, /Tiden har gått ut: skriv varför när mötet bokas\./);
  });

  test('V-6.1 Västerbotten: on day 21 the meeting can still be held today', async () => {
    const anna = await srv.login('anna');
    const { id } = await registerForm(anna, { 'initiative.noticed_on': inDays(-21) });
    const page = (await anna.get(`/cases/${id}`)).text;
    assert.match(page, /dagar kvar: 0\)/);
    assert.doesNotMatch(page, /Tiden har gått ut/);
  });

  test('K-4.3 Kronoberg: the invitation rule, at least three weeks before the meeting', async () => {
    const karin = await srv.login('karin');
    const { id } = await registerForm(karin, { 'initiative.model': 'kronoberg', 'initiative.route': 'named_person' });
    const page = (await karin.get(`/cases/${id}`)).text;
    assert.match(page, /Skickas minst tre veckor före mötet, om inget annat har avtalats\./);
    assert.doesNotMatch(page, /Mötet hålls senast/);
  });
});

describe('registering through the API', () => {
  test('POST /api/v1/cases: 201 with Location, then GET shows it as sent', async () => {
    const anna = await srv.apiLogin('anna');
    const before = (await listCases(anna)).length;
    const body = registrationJson();
    const r = await anna.postJson('/api/v1/cases', body);
    assert.equal(r.status, 201, r.text);
    assert.match(r.header('content-type'), /^application\/json/);
    const id = r.json().id;
    assert.ok(Number.isInteger(id) && id > 0);
    assert.equal(r.location, `/api/v1/cases/${id}`);
    const k = (await anna.getJson(r.location)).json();
    assert.equal(k.child.given_name, body.child.given_name);
    assert.equal(k.child.needs_interpreter, true);
    assert.equal(k.child.interpreter_language, 'arabiska');
    assert.equal(k.child.picture_support, true);
    assert.equal(k.route, 'outside_hlt');
    assert.equal(k.requested_by, 'guardian');
    assert.deepEqual(k.triggers, ['g', 'h']);
    assert.deepEqual(k.guardians.map((g) => g.name), ['Leila Jsonsson', 'Ahmed Jsonsson']);
    assert.equal(k.initiating_org_name, 'Ålidhemsskolan');
    const list = await listCases(anna);
    assert.equal(list.length, before + 1);
    assert.ok(list.some((c) => c.id === id && c.child_name === `${body.child.given_name} Jsonsson`));
    // and the page shows the API's case like any other
    const web = await srv.login('anna');
    const page = await web.get(`/cases/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<h1>${body.child.given_name} Jsonsson</h1>`));
  });

  test('the API names each invalid field (422 JSON) and saves nothing', async () => {
    const anna = await srv.apiLogin('anna');
    const before = (await listCases(anna)).length;
    const pnr = personnummer('2015-03-14', 38);
    const body = registrationJson({ child: { id_number: pnr.slice(0, -1) + ((Number(pnr.slice(-1)) + 1) % 10), given_name: '' } });
    const r = await anna.postJson('/api/v1/cases', body);
    assert.equal(r.status, 422);
    const j = r.json();
    assert.equal(j.error, 'invalid');
    const byField = Object.fromEntries(j.fields.map((f) => [f.field, f]));
    assert.equal(byField['child.id_number'].code, 'pnr_checksum');
    assert.equal(byField['child.id_number'].message, 'Kontrollsiffran stämmer inte. Kontrollera personnumret.');
    assert.equal(byField['child.given_name'].code, 'required');
    assert.equal(byField['child.given_name'].message, 'Fyll i fältet.');
    for (const [bad, field] of [
      [{ child: 'x' }, 'child'],
      [{ initiative: null }, 'initiative'],
      [{ guardians: {} }, 'guardians'],
      [{ guardians: [{}, {}, {}, {}, {}] }, 'guardians'],
      [{ child: { given_name: 5 } }, 'child.given_name'],
      [{ initiative: { triggers: 'a' } }, 'initiative.triggers'],
      [{ initiative: { org_id: 'abc' } }, 'initiative.org_id'],
    ]) {
      const rr = await anna.postJson('/api/v1/cases', registrationJson(bad));
      assert.equal(rr.status, 422, JSON.stringify(bad));
      assert.ok(rr.json().fields.some((f) => f.field === field), `${JSON.stringify(bad)} names ${field}: ${rr.text}`);
    }
    const notJson = await anna.postJson('/api/v1/cases', '{"child":');
    assert.equal(notJson.status, 422);
    assert.equal(notJson.json().fields[0].field, 'body');
    const dup = await anna.postJson('/api/v1/cases', '{"child":{},"child":{}}');
    assert.equal(dup.status, 422, 'duplicate keys are refused');
    const wrongType = await anna.postJson('/api/v1/cases', JSON.stringify(registrationJson()), { headers: { 'content-type': 'text/plain' } });
    assert.equal(wrongType.status, 415);
    assert.equal((await listCases(anna)).length, before);
  });

  test('an organisation the user does not work in is refused (V-1.1)', async () => {
    const anna = await srv.apiLogin('anna');
    const orgs = (await anna.getJson('/api/v1/organisations')).json();
    const furutas = orgs.find((o) => o.name === 'Furutåskolan');
    const r = await anna.postJson('/api/v1/cases', registrationJson({ initiative: { org_id: furutas.id } }));
    assert.equal(r.status, 422);
    assert.ok(r.json().fields.some((f) => f.field === 'initiative.org_id' && f.code === 'not_member'));
  });
});

describe('access between organisations and the audit trail', () => {
  let anna;
  let karin;
  let admin;
  let caseId;
  let childName;
  before(async () => {
    anna = await srv.login('anna');
    karin = await srv.login('karin');
    admin = await srv.apiLogin('admin');
    ({ caseId, childName } = await secretCase());
  });

  /** A case of anna's that karin may not see: { caseId, childName }. */
  async function secretCase() {
    const name = uniqueName('Hemligt');
    const { id } = await registerForm(anna, { 'child.given_name': name });
    return { caseId: id, childName: name };
  }

  test("karin (Furutåskolan) is refused anna's new case exactly as a case that does not exist, on the page and in the API, and sees none of it", async () => {
    const page = await karin.get(`/cases/${caseId}`);
    assert.equal(page.status, 404);
    assert.match(page.text, /Sidan finns inte, eller så har du inte tillgång till den\./);
    assert.ok(!page.text.includes(childName));
    const none = await karin.get('/cases/987654321');
    assert.equal(none.status, page.status);
    assert.equal(none.text.replaceAll('987654321', String(caseId)), page.text, 'the same page, but for the id in its links');
    const api = await karin.getJson(`/api/v1/cases/${caseId}`);
    assert.equal(api.status, 404);
    assert.equal(api.json().error, 'not_found');
    assert.ok(!api.text.includes(childName));
    const noneApi = await karin.getJson('/api/v1/cases/987654321');
    assert.equal(noneApi.status, api.status);
    assert.equal(noneApi.text, api.text);
    // the forms for a case answer the same, never 200 for a case one cannot see
    for (const path of ['named-person', 'responsibility', 'consents/new', 'plan', 'meetings/new', 'prep/child']) {
      const r = await karin.get(`/cases/${caseId}/${path}`);
      assert.equal(r.status, 404, path);
      assert.ok(!r.text.includes(childName), path);
    }
    const list = await karin.get('/cases');
    assert.ok(!list.text.includes(childName), "the child is not in karin's list");
    assert.ok(!(await listCases(karin)).some((c) => c.id === caseId));
  });

  test("the admin's audit search shows karin's denials and anna's create and read, from 127.0.0.1", async () => {
    // a case of its own, refused to karin once on the page and once in the API (as in the test above)
    const { caseId } = await secretCase();
    assert.equal((await karin.get(`/cases/${caseId}`)).status, 404);
    assert.equal((await karin.getJson(`/api/v1/cases/${caseId}`)).status, 404);
    await anna.get(`/cases/${caseId}`);
    const rows = await auditForCase(admin, caseId);
    const onCase = rows.filter((e) => e.object === 'case');
    const denied = onCase.filter((e) => e.username === 'karin' && e.action === 'denied');
    assert.deepEqual(denied.map((e) => e.channel).sort(), ['api', 'web'], JSON.stringify(onCase, null, 1));
    for (const e of denied) {
      assert.equal(e.address, '127.0.0.1');
      assert.equal(e.case_id, caseId);
      assert.equal(e.detail, 'not_participant');
    }
    const created = onCase.filter((e) => e.username === 'anna' && e.action === 'create');
    assert.equal(created.length, 1);
    assert.equal(created[0].address, '127.0.0.1');
    assert.ok(created[0].child_id > 0);
    const reads = onCase.filter((e) => e.username === 'anna' && e.action === 'read');
    assert.ok(reads.length >= 1);
    assert.ok(reads.every((e) => e.address === '127.0.0.1' && e.case_id === caseId && e.child_id === created[0].child_id));
    // and the admin page shows them too
    const web = await srv.login('admin');
    const page = await web.get(`/admin/audit?case=${caseId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<tr class="denied"><td>[^<]*<\/td><td>karin<\/td><td>Nekad åtkomst<\/td>/);
    assert.match(page.text, /<td>anna<\/td><td>Registrering<\/td>/);
    assert.match(page.text, /<td>127\.0\.0\.1<\/td>/);
  });

  test('every read of a case is in the audit trail: the count grows by one per read (page and API)', async () => {
    const count = async () =>
      (await auditForCase(admin, caseId)).filter((e) => e.object === 'case' && e.action === 'read' && e.username === 'anna').length;
    const before = await count();
    for (let i = 0; i < 3; i++) assert.equal((await anna.get(`/cases/${caseId}`)).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await anna.getJson(`/api/v1/cases/${caseId}`)).status, 200);
    assert.equal(await count(), before + 5);
    const rows = (await auditForCase(admin, caseId)).filter((e) => e.object === 'case' && e.action === 'read' && e.username === 'anna');
    assert.deepEqual([...new Set(rows.map((e) => e.channel))].sort(), ['api', 'web']);
  });

  test('many reads at once (one group commit) are each in the audit trail', async () => {
    const count = async () =>
      (await auditForCase(admin, caseId)).filter((e) => e.object === 'case' && e.action === 'read' && e.username === 'anna').length;
    const before = await count();
    const n = 40;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? anna.get(`/cases/${caseId}`) : anna.getJson(`/api/v1/cases/${caseId}`))));
    assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
    assert.equal(await count(), before + n);
  });

  test('a refused read is counted too: each denial is one entry', async () => {
    const count = async () => (await auditForCase(admin, caseId)).filter((e) => e.action === 'denied' && e.username === 'karin').length;
    const before = await count();
    await karin.get(`/cases/${caseId}`);
    await karin.get(`/cases/${caseId}`);
    assert.equal(await count(), before + 2);
  });

  test('reading "Mina ärenden" is audited as a list read', async () => {
    const rows = (await admin.getJson('/api/v1/audit?user=anna&action=read')).json();
    assert.ok(rows.some((e) => e.object === 'case_list'));
  });

  test('the audit search is itself audited', async () => {
    await auditForCase(admin, caseId);
    const rows = (await admin.getJson('/api/v1/audit?user=admin')).json();
    assert.ok(rows.some((e) => e.object === 'audit' && e.case_id === caseId));
  });
});
