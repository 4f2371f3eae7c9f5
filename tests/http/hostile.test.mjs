// hostile input: markup and quote tricks in every text field of the registration must come back as
// text everywhere: on the case page, in "my cases", in the form shown again with errors, and in the API.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer,
  registrationForm,
  registrationJson,
  caseIdFrom,
  listCases,
  assertNoRawMarkup,
  hiddenField,
  decodeEntities,
  uniqueName,
} from '../lib/server.mjs';

const srv = useServer();

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const QUOTE = "' onmouseover='x";
const ALL = `${SCRIPT}${IMG}${QUOTE}`;

/** Every free-text field of the registration form. */
const TEXT_FIELDS = [
  'child.given_name',
  'child.family_name',
  'child.language',
  'child.interpreter_language',
  'guardians.0.name',
  'guardians.0.phone',
  'guardians.0.address',
  'guardians.0.interpreter_language',
  'guardians.1.name',
  'guardians.1.phone',
  'guardians.1.address',
  'guardians.1.interpreter_language',
  'initiative.reason',
];
/** Fields whose rules refuse such values: hostile input there is only ever shown again in the form with errors. */
const CHECKED_FIELDS = [
  'child.id_number',
  'child.birth_date',
  'guardians.0.id_number',
  'guardians.0.email',
  'guardians.1.id_number',
  'guardians.1.email',
  'initiative.noticed_on',
];
const CHOICE_FIELDS = ['child.id_kind', 'guardians.0.custody', 'guardians.1.custody', 'initiative.model', 'initiative.route', 'initiative.requested_by', 'initiative.org_id'];

/** Each attribute value of the element named `name` must decode to exactly what was sent (no break-out). */
function assertInputKept(html, name, expected, where) {
  const v = hiddenField(html, name);
  assert.equal(v, expected, `${where}: the value attribute of ${name} holds the text as typed (quotes escaped)`);
}

function assertTextareaKept(html, name, expected, where) {
  const re = new RegExp(`<textarea[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>([^<]*)</textarea>`);
  const m = re.exec(html);
  assert.ok(m, `${where}: textarea ${name} is there and its content holds no tag`);
  assert.equal(decodeEntities(m[1]), expected, `${where}: textarea ${name} keeps the text`);
}

describe('hostile input in every text field', () => {
  let anna;
  let id;
  let form;
  let given;
  before(async () => {
    anna = await srv.login('anna');
    given = `${uniqueName('X')}${ALL}`;
    const over = { 'child.needs_interpreter': '1' };
    for (const f of TEXT_FIELDS) over[f] = f === 'child.given_name' ? given : `${f} ${ALL}`;
    form = registrationForm(over);
    const r = await anna.post('/cases', form);
    assert.equal(r.status, 303, `registration with hostile text: ${r.status}\n${r.text.match(/field-error[^<]*<?[^<]*/g)}`);
    id = caseIdFrom(r.location);
  });

  test('the case page escapes all of it', async () => {
    const r = await anna.get(`/cases/${id}`);
    assert.equal(r.status, 200);
    assertNoRawMarkup(r.text, 'case page');
    // every field's text is on the page, escaped
    const text = decodeEntities(r.text.replace(/<[^>]+>/g, ' '));
    for (const f of TEXT_FIELDS) if (f !== 'child.given_name') assert.ok(text.includes(`${f} ${ALL}`), `${f} is shown as text`);
    assert.ok(r.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(r.text.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
  });

  test('"Mina ärenden" escapes all of it', async () => {
    const r = await anna.get('/cases');
    assert.equal(r.status, 200);
    assertNoRawMarkup(r.text, 'my cases');
    assert.ok(decodeEntities(r.text).includes(given), 'the child is listed under its name, as text');
  });

  test('the audit page (admin) escapes what it shows', async () => {
    const admin = await srv.login('admin');
    const r = await admin.get(`/admin/audit?case=${id}&user=${encodeURIComponent(ALL)}`);
    assert.equal(r.status, 200);
    assertNoRawMarkup(r.text, 'audit page');
    assertInputKept(r.text, 'user', ALL, 'audit filter');
  });

  test('the JSON API returns it exactly as sent, as JSON, never as HTML', async () => {
    const r = await anna.getJson(`/api/v1/cases/${id}`);
    assert.equal(r.status, 200);
    assert.match(r.header('content-type'), /^application\/json/);
    assert.equal(r.header('x-content-type-options'), 'nosniff');
    const k = r.json();
    assert.equal(k.child.given_name, given);
    assert.equal(k.child.family_name, `child.family_name ${ALL}`);
    assert.equal(k.child.language, `child.language ${ALL}`);
    assert.equal(k.child.interpreter_language, `child.interpreter_language ${ALL}`);
    for (const i of [0, 1]) {
      const g = k.guardians[i];
      for (const f of ['name', 'phone', 'address', 'interpreter_language']) assert.equal(g[f], `guardians.${i}.${f} ${ALL}`);
    }
    assert.equal(k.reason, `initiative.reason ${ALL}`);
    const list = await anna.getJson('/api/v1/cases?limit=200');
    assert.match(list.header('content-type'), /^application\/json/);
    assert.ok(list.json().some((c) => c.id === id && c.child_name === `${given} ${form['child.family_name']}`));
  });

  // Regression, fixed (src/web/http.c, bp_json): JSON is written by json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII),
  // which leaves '<', '>' and '&' as they are, so GET /api/v1/cases/ID answers e.g.
  // "family_name":"... <script>alert(1)</script>\"><img src=x onerror=alert(1)>...". The API is served as
  // application/json with nosniff and a CSP, so browsers do not run it, but the brief requires that none of the
  // markup appears raw in the API either (defence in depth: a JSON answer pasted into a page, a proxy or
  // a client that sniffs). Fix: write <, > and & as \u003c, \u003e, \u0026.
  test('the JSON API escapes < > & \' as \\u escapes (no raw markup even in JSON)', async () => {
    for (const p of [`/api/v1/cases/${id}`, '/api/v1/cases?limit=200']) {
      const r = await anna.getJson(p);
      assert.equal(r.status, 200);
      assertNoRawMarkup(r.text, `GET ${p} (JSON)`);
    }
  });

  test('the form shown again with errors keeps every field as typed, escaped', async () => {
    const before = (await listCases(anna)).length;
    const over = { 'child.needs_interpreter': '1' };
    for (const f of [...TEXT_FIELDS, ...CHECKED_FIELDS]) over[f] = `${f} ${ALL}`;
    const bad = registrationForm(over);
    const r = await anna.post('/cases', bad);
    assert.equal(r.status, 422);
    assertNoRawMarkup(r.text, 'form with errors');
    for (const f of [...TEXT_FIELDS, ...CHECKED_FIELDS]) {
      if (f.endsWith('.address') || f === 'initiative.reason') assertTextareaKept(r.text, f, `${f} ${ALL}`, 'form with errors');
      else assertInputKept(r.text, f, `${f} ${ALL}`, 'form with errors');
    }
    for (const f of ['child.id_number', 'guardians.0.id_number', 'guardians.1.id_number', 'guardians.0.email', 'initiative.noticed_on', 'child.birth_date'].filter(
      (f) => f !== 'child.birth_date',
    ))
      assert.match(r.text, new RegExp(`id="${f.replace(/\./g, '-')}-error"`), `${f} has an error`);
    assert.equal((await listCases(anna)).length, before, 'nothing saved');
  });

  test('hostile values in choices, radio buttons and hidden fields are refused and never echoed', async () => {
    const before = (await listCases(anna)).length;
    const over = {};
    for (const f of CHOICE_FIELDS) over[f] = ALL;
    over['initiative.triggers'] = ['a', ALL];
    const r = await anna.post('/cases', registrationForm(over));
    assert.equal(r.status, 422);
    assertNoRawMarkup(r.text, 'form with hostile choices');
    for (const code of ['choice']) assert.match(r.text, new RegExp(`Välj ett av alternativen`), code);
    assert.equal((await listCases(anna)).length, before, 'nothing saved');
  });

  test('the API error answer for hostile input is JSON naming the fields', async () => {
    const api = await srv.apiLogin('anna');
    const body = registrationJson({ child: { id_number: ALL }, initiative: { route: ALL, noticed_on: ALL } });
    const r = await api.postJson('/api/v1/cases', body);
    assert.equal(r.status, 422);
    assert.match(r.header('content-type'), /^application\/json/);
    const fields = r.json().fields.map((f) => f.field).sort();
    assert.deepEqual(fields, ['child.id_number', 'initiative.noticed_on', 'initiative.route']);
  });

  test('hostile text in the URL is not reflected unescaped (next, query, unknown paths)', async () => {
    const c = srv.client();
    const login = await c.get(`/login?next=${encodeURIComponent('/cases"><script>alert(1)</script>')}`);
    assert.equal(login.status, 200);
    assertNoRawMarkup(login.text, 'login page with a hostile next');
    const nf = await (await srv.login('anna')).get(`/nope/${encodeURIComponent(ALL)}`);
    assert.equal(nf.status, 404);
    assertNoRawMarkup(nf.text, '404 page');
    const lang = await c.get(`/lang?l=en&next=${encodeURIComponent('/x\r\nSet-Cookie: evil=1')}`);
    assert.equal(lang.status, 303);
    assert.ok(!lang.setCookies.some((s) => s.startsWith('evil=')), 'no header injection through next');
  });

  test('a hostile username on the login page comes back escaped', async () => {
    const c = srv.client();
    const page = await c.get('/login');
    const r = await c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username: ALL, password: 'x', next: '/cases' }, { csrf: false });
    assert.equal(r.status, 401);
    assertNoRawMarkup(r.text, 'login page with errors');
    assertInputKept(r.text, 'username', ALL, 'login page');
  });
});
