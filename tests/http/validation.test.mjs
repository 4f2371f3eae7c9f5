// bad input and limits: invalid personnummer, missing fields, over-long values, oversized requests.
// Every refusal keeps the form as typed, names the field in Swedish, and saves nothing.
import { test, describe, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer,
  registrationForm,
  registrationJson,
  listCases,
  rawRequest,
  formValues,
  fieldError,
  personnummer,
  withWrongCheckDigit,
  luhnDigit,
  encodeForm,
  decodeEntities,
  SLOW,
} from '../lib/server.mjs';

const srv = useServer();

const MSG = {
  required: 'Fyll i fältet.',
  too_long: 'Texten är för lång.',
  pnr_format: 'Skriv personnumret som ÅÅÅÅMMDD-NNNN.',
  pnr_date: 'Personnumret innehåller inget giltigt datum.',
  pnr_checksum: 'Kontrollsiffran stämmer inte. Kontrollera personnumret.',
  guardian_required: 'Registrera minst en vårdnadshavare.',
  date: 'Skriv datumet som ÅÅÅÅ-MM-DD.',
  future: 'Datumet kan inte ligga i framtiden.',
  email: 'Skriv en e-postadress som namn@exempel.se.',
  summary: 'Formuläret innehåller fel. Rätta fälten som är markerade.',
};

/** The <div class="field ..."> block around the control named `name`. */
function fieldBlock(html, name) {
  for (const m of html.matchAll(/<div class="field[^"]*">[\s\S]*?<\/div>/g))
    if (m[0].includes(`name="${name}"`)) return m[0];
  return null;
}

/** Asserts the Swedish message sits next to the field (in its block, marked invalid) and in the summary. */
function assertFieldMessage(html, name, message) {
  const block = fieldBlock(html, name);
  assert.ok(block, `the field ${name} is on the page`);
  assert.match(block, /class="field has-error"/, `${name} is marked as having an error`);
  assert.equal(fieldError(block, name), message, `${name}: the message next to the field`);
  assert.match(block, /aria-invalid="true"/, `${name} has aria-invalid`);
  const id = name.replace(/\./g, '-');
  assert.match(html, /<div class="error-summary" role="alert"/, 'the summary at the top');
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)[0];
  const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].filter((m) => m[1] === id);
  assert.equal(links.length, 1, `the summary links to ${name} once`);
  // the summary line may name the field first ("Efternamn: Fyll i fältet.")
  assert.ok(decodeEntities(links[0][2]).endsWith(message), `the summary line for ${name} gives the message: ${links[0][2]}`);
  assert.match(summary, new RegExp(MSG.summary.replace(/\./g, '\\.')));
}

/** Every field sent comes back as typed (text, choices, checkboxes), except those listed in `except`. */
function assertKeptAsTyped(html, sent, except = []) {
  const back = formValues(html);
  for (const [name, value] of Object.entries(sent)) {
    if (except.includes(name) || name === 'csrf') continue;
    if (Array.isArray(value)) assert.deepEqual([].concat(back[name] ?? []).sort(), [...value].sort(), `${name} kept`);
    else assert.equal(back[name] ?? '', value, `${name} kept as typed`);
  }
}

let anna;
let casesBefore;
before(async () => {
  await srv.ready;
  anna = await srv.login('anna');
  casesBefore = (await listCases(anna)).length;
});
// after every refusal: nothing was written
afterEach(async () => {
  await srv.ready;
  const now = (await listCases(anna)).length;
  assert.equal(now, casesBefore, 'the number of cases for anna is unchanged (nothing half-written)');
});

describe('invalid personnummer', () => {
  const cases = [
    ['a wrong check digit', withWrongCheckDigit(personnummer('2015-03-14', 38)), MSG.pnr_checksum],
    ['an impossible date (30 February)', `20150230-123${(luhnDigit('150230123') + 1) % 10}`, MSG.pnr_date],
    ['an impossible date with a right check digit (month 13)', `20151301-123${luhnDigit('151301123')}`, MSG.pnr_date],
    ['letters', '2015031A-1234', MSG.pnr_format],
    ['too short', '201503', MSG.pnr_format],
    ['a date in the future', personnummer(`${new Date().getFullYear() + 1}-01-01`, 1), MSG.future],
  ];
  for (const [what, pnr, message] of cases) {
    test(`${what} (${pnr}): 422, "${message}" next to the field, every other field kept`, async () => {
      const form = registrationForm({
        'child.id_number': pnr,
        'child.needs_interpreter': '1',
        'child.interpreter_language': 'somaliska',
        'child.picture_support': '1',
        'initiative.requested_by': 'guardian',
        'initiative.route': 'outside_hlt',
        'initiative.triggers': ['c', 'k', 'l'],
      });
      const r = await anna.post('/cases', form);
      assert.equal(r.status, 422);
      assert.match(r.header('content-type'), /^text\/html/);
      assertFieldMessage(r.text, 'child.id_number', message);
      assertKeptAsTyped(r.text, form);
      assert.equal(formValues(r.text)['child.id_number'], pnr, 'the wrong number itself is kept, to be corrected');
      // only this field is marked
      assert.equal((r.text.match(/class="field-error"/g) || []).length, 1);
    });
  }

  test("a guardian's invalid personnummer is named on that guardian's field", async () => {
    const form = registrationForm({ 'guardians.1.id_number': withWrongCheckDigit(personnummer('1983-11-23', 275)) });
    const r = await anna.post('/cases', form);
    assert.equal(r.status, 422);
    assertFieldMessage(r.text, 'guardians.1.id_number', MSG.pnr_checksum);
    assertKeptAsTyped(r.text, form);
  });

  test('the API answers the same with the field named', async () => {
    const api = await srv.apiLogin('anna');
    for (const [pnr, code] of [
      [withWrongCheckDigit(personnummer('2015-03-14', 38)), 'pnr_checksum'],
      ['20150230-1234', 'pnr_date'],
      ['2015031A-1234', 'pnr_format'],
    ]) {
      const r = await api.postJson('/api/v1/cases', registrationJson({ child: { id_number: pnr } }));
      assert.equal(r.status, 422);
      assert.deepEqual(r.json().fields, [{ field: 'child.id_number', code, message: MSG[code] }]);
    }
  });
});

describe('missing and malformed fields', () => {
  test('an empty form: 422, each required field named with its message', async () => {
    const r = await anna.post('/cases', {});
    assert.equal(r.status, 422);
    for (const name of ['child.given_name', 'child.family_name', 'child.id_number', 'initiative.noticed_on', 'initiative.reason'])
      assertFieldMessage(r.text, name, MSG.required);
    assertFieldMessage(r.text, 'guardians.0.name', MSG.guardian_required);
    // radio groups have their message in the group
    assert.equal(fieldError(r.text, 'initiative.model'), MSG.required);
    assert.equal(fieldError(r.text, 'initiative.route'), MSG.required);
  });

  test('each required field left out on its own is named, the rest kept', async () => {
    for (const name of ['child.given_name', 'child.family_name', 'child.id_number', 'initiative.noticed_on', 'initiative.reason']) {
      const form = registrationForm({ [name]: '' });
      const r = await anna.post('/cases', form);
      assert.equal(r.status, 422, name);
      assertFieldMessage(r.text, name, MSG.required);
      assertKeptAsTyped(r.text, form);
      assert.equal((r.text.match(/class="field-error"/g) || []).length, 1, `only ${name} is marked`);
    }
  });

  test('white space alone counts as empty', async () => {
    const r = await anna.post('/cases', registrationForm({ 'child.given_name': '   \t ' }));
    assert.equal(r.status, 422);
    assertFieldMessage(r.text, 'child.given_name', MSG.required);
  });

  test('a guardian without a name or custody, a bad e-mail, a bad date', async () => {
    const form = registrationForm({
      'guardians.0.name': '',
      'guardians.0.custody': '',
      'guardians.1.email': 'inte-en-adress',
      'initiative.noticed_on': '23/11/2026',
    });
    const r = await anna.post('/cases', form);
    assert.equal(r.status, 422);
    assertFieldMessage(r.text, 'guardians.0.name', MSG.required);
    assertFieldMessage(r.text, 'guardians.0.custody', MSG.required);
    assertFieldMessage(r.text, 'guardians.1.email', MSG.email);
    assertFieldMessage(r.text, 'initiative.noticed_on', MSG.date);
    assertKeptAsTyped(r.text, form);
  });

  test('a date in the future is refused', async () => {
    const form = registrationForm({ 'initiative.noticed_on': `${new Date().getFullYear() + 1}-01-01` });
    const r = await anna.post('/cases', form);
    assert.equal(r.status, 422);
    assertFieldMessage(r.text, 'initiative.noticed_on', MSG.future);
  });

  test('control characters are refused ("Fältet innehåller otillåtna tecken."), not stored', async () => {
    for (const bad of ['sv%07enska', 'sv%1Benska', 'sv%7Fenska', 'sv%08enska']) {
      const r = await anna.request('POST', '/cases', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `${encodeForm({ ...registrationForm({ 'child.language': undefined }), csrf: anna.csrf })}&child.language=${bad}`,
      });
      assert.equal(r.status, 422, bad);
      assertFieldMessage(r.text, 'child.language', 'Fältet innehåller otillåtna tecken.');
    }
  });

  test('NUL bytes and invalid UTF-8 never reach the page or the database as such (they become U+FFFD)', async () => {
    const r = await anna.request('POST', '/cases', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${encodeForm({ ...registrationForm({ 'child.family_name': undefined, 'child.language': undefined, 'child.given_name': '' }), csrf: anna.csrf })}&child.family_name=Ok%C3%28%FF&child.language=sv%00enska`,
    });
    assert.equal(r.status, 422);
    const back = formValues(r.text);
    assert.equal(back['child.family_name'], 'Ok\uFFFD(\uFFFD');
    assert.equal(back['child.language'], 'sv\uFFFDenska', 'a NUL does not cut the value short');
  });
});

describe('over-long values and oversized requests', () => {
  test('a 10 MB child.given_name: 422 with "Texten är för lång." next to the field; the server stays healthy', { timeout: SLOW ? 300000 : 60000 }, async () => {
    const form = registrationForm({ 'child.given_name': 'a'.repeat(10 * 1024 * 1024) });
    const body = encodeForm({ csrf: anna.csrf, ...form });
    assert.ok(body.length > 10 * 1024 * 1024 && body.length < 16 * 1024 * 1024, `body is ${body.length} bytes`);
    const r = await anna.request('POST', '/cases', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    assert.equal(r.status, 422);
    assertFieldMessage(r.text, 'child.given_name', MSG.too_long);
    assertKeptAsTyped(r.text, form, ['child.given_name']);
    const kept = formValues(r.text)['child.given_name'];
    assert.ok(/^a+$/.test(kept) && kept.length >= 200, 'what was typed is shown again (as far as the form keeps it)');
    assert.equal((await srv.client().get('/healthz')).status, 200);
    assert.equal((await anna.get('/cases')).status, 200);
  });

  test('a 201-character name is too long; 200 is fine in the form check', async () => {
    const r = await anna.post('/cases', registrationForm({ 'child.family_name': 'å'.repeat(201) }));
    assert.equal(r.status, 422);
    assertFieldMessage(r.text, 'child.family_name', MSG.too_long);
    const r2 = await anna.post('/cases', registrationForm({ 'child.family_name': 'å'.repeat(200), 'child.given_name': '' }));
    assert.equal(r2.status, 422);
    assert.equal(fieldError(r2.text, 'child.family_name'), null, '200 characters (400 bytes) are allowed');
  });

  test('a reason over 4000 characters is too long', async () => {
    const r = await anna.post('/cases', registrationForm({ 'initiative.reason': 'x'.repeat(4001) }));
    assert.equal(r.status, 422);
    assertFieldMessage(r.text, 'initiative.reason', MSG.too_long);
  });

  test('a body over 16 MiB: 413; the server stays healthy', { timeout: SLOW ? 300000 : 60000 }, async () => {
    const size = 16 * 1024 * 1024 + 1024;
    const prefix = `csrf=${encodeURIComponent(anna.csrf)}&child.given_name=`;
    const body = Buffer.alloc(size, 'a');
    body.write(prefix, 0);
    const head =
      `POST /cases HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nCookie: ${anna.cookieHeader()}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`;
    const r = await rawRequest(srv.port, head, body);
    assert.equal(r.status, 413);
    // chunked, without a Content-Length
    const chunkedHead =
      `POST /cases HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nCookie: ${anna.cookieHeader()}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
    const chunks = [];
    for (let off = 0; off < size; off += 1024 * 1024) {
      const part = body.subarray(off, Math.min(size, off + 1024 * 1024));
      chunks.push(Buffer.from(part.length.toString(16) + '\r\n'), part, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from('0\r\n\r\n'));
    const r2 = await rawRequest(srv.port, chunkedHead, Buffer.concat(chunks));
    assert.equal(r2.status, 413);
    assert.equal((await srv.client().get('/healthz')).status, 200);
    assert.equal((await anna.get('/cases')).status, 200);
  });

  test('a JSON body over 1 MiB to the API: 413 JSON', async () => {
    const api = await srv.apiLogin('anna');
    const body = registrationJson({ initiative: { reason: 'x'.repeat(1024 * 1024 + 10) } });
    const r = await api.postJson('/api/v1/cases', body);
    assert.equal(r.status, 413);
    assert.equal(r.json().error, 'too_large');
  });

  test('a request target over 2048 bytes: 414 (path or query); 2048 is still served', async () => {
    const long = await rawRequest(srv.port, `GET /login?x=${'a'.repeat(2100)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(long.status, 414);
    assert.match(long.body, /Adressen är för lång\./);
    const longPath = await rawRequest(srv.port, `GET /${'a'.repeat(2100)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(longPath.status, 414);
    const target = `/login?x=${'a'.repeat(2048 - '/login?x='.length)}`;
    assert.equal(target.length, 2048);
    const edge = await rawRequest(srv.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(edge.status, 200);
  });

  // Regression, fixed (src/web/server.c, dispatch): the 414 and 431 checks run before c->is_api is set, so the API
  // answers them with the HTML error page instead of JSON like every other API error.
  test('414 and 431 from the API are JSON, not HTML', async () => {
    const api = await rawRequest(srv.port, `GET /api/v1/cases?x=${'a'.repeat(3000)} HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n`);
    assert.equal(api.status, 414);
    const headers = Array.from({ length: 70 }, (_, i) => `X-Test-${i}: v\r\n`).join('');
    const many = await rawRequest(srv.port, `GET /api/v1/me HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);
    assert.equal(many.status, 431);
    assert.match(api.headers['content-type'], /^application\/json/, 'GET /api/v1/cases?x=<3000 bytes>: 414 should be JSON');
    assert.match(many.headers['content-type'], /^application\/json/, 'GET /api/v1/me with 70 headers: 431 should be JSON');
  });

  test('more than 64 header lines: 431; 60 are fine; over 16 KiB of headers: 431', async () => {
    const headers = (n) => Array.from({ length: n }, (_, i) => `X-Test-${i}: v\r\n`).join('');
    const many = await rawRequest(srv.port, `GET /login HTTP/1.1\r\nHost: x\r\n${headers(70)}Connection: close\r\n\r\n`);
    assert.equal(many.status, 431);
    assert.match(many.body, /För många eller för stora rubrikfält/);
    const fine = await rawRequest(srv.port, `GET /login HTTP/1.1\r\nHost: x\r\n${headers(60)}Connection: close\r\n\r\n`);
    assert.equal(fine.status, 200);
    const big = await rawRequest(srv.port, `GET /login HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17 * 1024)}\r\nConnection: close\r\n\r\n`);
    assert.ok([431, 400, 413].includes(big.status), `a 17 KiB header: ${big.status}`);
    assert.equal((await srv.client().get('/healthz')).status, 200);
  });

  test('more than 200 form fields: 413; 200 are decoded', async () => {
    const pairs = [['csrf', anna.csrf], ...Object.entries(registrationForm()).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))];
    const padded = (n) => {
      const p = [...pairs];
      for (let i = 0; p.length < n; i++) p.push([`extra${i}`, 'x']);
      return new URLSearchParams(p).toString();
    };
    const over = await anna.request('POST', '/cases', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: padded(201) });
    assert.equal(over.status, 413);
    assert.match(over.text, /Formuläret har för många fält\./);
    const tooManyTriggers = await anna.post('/cases', registrationForm({ 'initiative.triggers': Array(250).fill('a') }));
    assert.equal(tooManyTriggers.status, 413);
    // exactly 200 fields get through to the form (and fail only on an empty required field here)
    const p200 = padded(200).replace(/initiative\.reason=[^&]*/, 'initiative.reason=');
    const at = await anna.request('POST', '/cases', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p200 });
    assert.equal(at.status, 422);
    assertFieldMessage(at.text, 'initiative.reason', MSG.required);
    // the same limit on a query string
    const shortQ = Array.from({ length: 201 }, (_, i) => `${i}`).join('&');
    assert.equal((await anna.get(`/cases?${shortQ}`)).status, 413);
  });

  test('after all of it the server still answers normally', async () => {
    assert.equal((await srv.client().get('/healthz')).status, 200);
    const r = await anna.get('/cases/new');
    assert.equal(r.status, 200);
  });
});
