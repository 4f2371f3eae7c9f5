// session: login (form and API), its failures and throttling, login CSRF, CSRF on forms and the API,
// logout and "logout everywhere".
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, hiddenField, registrationForm, registrationJson, listCases, rawRequest, DEMO_PASSWORD } from '../lib/server.mjs';

const srv = useServer();

/** GET /login, then POST /login with the page's login_csrf. */
async function tryLogin(username, password, { withCookie = true, token } = {}) {
  const c = srv.client();
  const page = await c.get('/login');
  const lc = hiddenField(page.text, 'login_csrf');
  if (!withCookie) c.setCookie('bp_login', null);
  const r = await c.post('/login', { login_csrf: token ?? lc, username, password, next: '/cases' }, { csrf: false });
  return { c, r };
}

describe('login', () => {
  // cecilia, used by no other test in this file, is throttled once here: the throttling test looks at the
  // answers, the audit test at what the audit trail keeps of them
  let throttling;
  before(async () => {
    await srv.ready;
    const failures = [];
    for (let i = 1; i <= 5; i++) failures.push((await tryLogin('cecilia', `wrong-password-${i}`)).r);
    const sixth = await tryLogin('cecilia', 'wrong-password-6');
    const right = await tryLogin('cecilia', DEMO_PASSWORD);
    const api = await srv.client().postJson('/api/v1/session', { username: 'cecilia', password: DEMO_PASSWORD }, { csrf: false });
    throttling = { failures, sixth, right, api };
  });

  test('the right password: 303 to next, a bp_session cookie, the login cookie cleared', async () => {
    const { c, r } = await tryLogin('anna', DEMO_PASSWORD);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/cases');
    assert.ok(c.cookie('bp_session'));
    assert.equal(c.cookie('bp_login'), undefined);
    const cases = await c.get('/cases');
    assert.equal(cases.status, 200);
    assert.match(cases.text, /Anna Lindqvist/);
  });

  test('a new session id at every login', async () => {
    const a = await tryLogin('anna', DEMO_PASSWORD);
    const b = await tryLogin('anna', DEMO_PASSWORD);
    assert.notEqual(a.c.cookie('bp_session'), b.c.cookie('bp_session'));
  });

  test('a wrong password: 401, the Swedish message, the username kept, no session', async () => {
    const { c, r } = await tryLogin('elin', 'fel-lösenord-123');
    assert.equal(r.status, 401);
    assert.match(r.text, /Fel användarnamn eller lösenord\./);
    assert.match(r.text, /id="username"[^>]*value="elin"|value="elin"[^>]*id="username"/);
    assert.equal(c.cookie('bp_session'), undefined);
    // a fresh login_csrf comes with the page, so the user can try again at once
    assert.ok(hiddenField(r.text, 'login_csrf'));
  });

  test('an unknown user gets the same answer as a wrong password', async () => {
    const { r } = await tryLogin('ingen-sadan-anvandare', 'whatever-123');
    assert.equal(r.status, 401);
    assert.match(r.text, /Fel användarnamn eller lösenord\./);
  });

  test('the API: a wrong password is 401 JSON with the Swedish message', async () => {
    const r = await srv.client().postJson('/api/v1/session', { username: 'elin', password: 'nope-nope-nope' }, { csrf: false });
    assert.equal(r.status, 401);
    assert.equal(r.json().error, 'login');
    assert.equal(r.json().message, 'Fel användarnamn eller lösenord.');
    const missing = await srv.client().postJson('/api/v1/session', {}, { csrf: false });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.json().fields.map((f) => f.field).sort(), ['password', 'username']);
    const notJson = await srv.client().postJson('/api/v1/session', 'username=anna', { csrf: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(notJson.status, 415);
  });

  test('throttling: after 5 failures for an account the 6th attempt is 429, even with the right password', async () => {
    const { failures, sixth, right, api } = throttling; // cecilia's attempts, in before()
    failures.forEach((r, i) => assert.equal(r.status, 401, `failure ${i + 1}`));
    assert.equal(sixth.r.status, 429);
    assert.match(sixth.r.text, /För många misslyckade försök\. Vänta en kvart och försök igen\./);
    assert.equal(right.r.status, 429, 'the right password does not get through while throttled');
    assert.equal(right.c.cookie('bp_session'), undefined);
    assert.equal(api.status, 429);
    assert.equal(api.json().error, 'throttled');
    // another account from the same address is not locked out by cecilia's failures
    const other = await tryLogin('david', DEMO_PASSWORD);
    assert.equal(other.r.status, 303);
  });

  test('the failures and the throttling are in the audit trail', async () => {
    const admin = await srv.apiLogin('admin');
    const r = await admin.getJson('/api/v1/audit?user=cecilia&action=login_failed');
    assert.equal(r.status, 200);
    const rows = r.json();
    const failed = rows.filter((e) => e.detail !== 'throttled');
    const throttled = rows.filter((e) => e.detail === 'throttled');
    assert.equal(failed.length, 5, `wrong-password entries for cecilia: ${failed.length}`);
    assert.ok(rows.every((e) => e.address === '127.0.0.1' && e.object === 'session'));
    // The attempts refused while throttled are on record against the account that was tried, so
    // that an attack on one account can be found by searching for it.
    assert.ok(throttled.length >= 3, `throttled attempts on record for cecilia: ${throttled.length}`);
  });

  test('login CSRF: without the bp_login cookie, or with a token that does not match it, 403 and no session', async () => {
    const noCookie = await tryLogin('anna', DEMO_PASSWORD, { withCookie: false });
    assert.equal(noCookie.r.status, 403);
    assert.match(noCookie.r.text, /Formuläret hade gått ut/);
    assert.equal(noCookie.c.cookie('bp_session'), undefined);
    const wrongToken = await tryLogin('anna', DEMO_PASSWORD, { token: 'A'.repeat(43) });
    assert.equal(wrongToken.r.status, 403);
    assert.equal(wrongToken.c.cookie('bp_session'), undefined);
    const emptyToken = await tryLogin('anna', DEMO_PASSWORD, { token: '' });
    assert.equal(emptyToken.r.status, 403);
    // a token from another visitor's page does not fit this visitor's cookie
    const other = srv.client();
    const otherPage = await other.get('/login');
    const stolen = hiddenField(otherPage.text, 'login_csrf');
    const mine = await tryLogin('anna', DEMO_PASSWORD, { token: stolen });
    assert.equal(mine.r.status, 403);
  });

  test('next is only ever a local path (no open redirect)', async () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const c = srv.client();
      const page = await c.get('/login');
      const r = await c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username: 'anna', password: DEMO_PASSWORD, next }, { csrf: false });
      assert.equal(r.status, 303, next);
      assert.equal(r.location, '/cases', `next=${next}`);
    }
    const lang = await srv.client().get('/lang?l=sv&next=//evil.example/');
    assert.equal(lang.location, '/cases');
  });
});

// Regression, fixed (src/web/h_session.c, safe_next): only "//", "/\\" and CR/LF are refused. A tab (or another
// control character) after the first slash passes: GET /lang?l=sv&next=/%09/evil.example/ answers
// `Location: /<TAB>/evil.example/`, and browsers drop tabs and newlines from URLs (WHATWG URL standard), so they
// go to //evil.example/ -- an open redirect on a public route (and after login, through POST /login next=).
test('next with a tab or another control character is no open redirect (/lang and /login)', async () => {
  const offsite = [];
  for (const next of ['/\t/evil.example/', '/\t\t/evil.example/', '/\x0b/evil.example/', '/\x0c/evil.example/']) {
    const r = await rawRequest(srv.port, `GET /lang?l=sv&next=${encodeURIComponent(next)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 303);
    const loc = r.headers.location;
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(loc)) offsite.push(`/lang next=${JSON.stringify(next)} -> a control character in the Location header: ${JSON.stringify(loc)}`);
    const target = new URL(loc, srv.base); // what a browser does with the Location
    if (target.origin !== srv.base) offsite.push(`/lang next=${JSON.stringify(next)} -> Location ${JSON.stringify(loc)} -> ${target.href}`);
  }
  const c = srv.client();
  const page = await c.get('/login');
  const r = await c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username: 'anna', password: DEMO_PASSWORD, next: '/\t/evil.example/' }, { csrf: false });
  assert.equal(r.status, 303);
  const target = new URL(r.location, srv.base);
  if (target.origin !== srv.base) offsite.push(`POST /login next="/\\t/evil.example/" -> Location ${JSON.stringify(r.location)} -> ${target.href}`);
  assert.deepEqual(offsite, [], `redirects that leave the site:\n${offsite.join('\n')}`);
});

describe('CSRF', () => {
  test('POST /cases without the csrf field, or with a wrong one: 403, nothing saved', async () => {
    const anna = await srv.login('anna');
    const before = (await listCases(anna)).length;
    const none = await anna.post('/cases', registrationForm(), { csrf: false });
    assert.equal(none.status, 403);
    assert.match(none.text, /Formuläret hade gått ut/);
    const wrong = await anna.post('/cases', { ...registrationForm(), csrf: 'A'.repeat(43) });
    assert.equal(wrong.status, 403);
    // another user's token does not fit anna's session
    const karin = await srv.login('karin');
    const foreign = await anna.post('/cases', { ...registrationForm(), csrf: karin.csrf });
    assert.equal(foreign.status, 403);
    // a token in the query string does not count for a POST form
    const inQuery = await anna.post(`/cases?csrf=${encodeURIComponent(anna.csrf)}`, registrationForm(), { csrf: false });
    assert.equal(inQuery.status, 403);
    assert.equal((await listCases(anna)).length, before);
  });

  test('V16.3.3: a refused CSRF token and an over-long form value are in the audit trail (denied, the route, no data)', async () => {
    // maja is used by no other test in this file: her denied entries are these
    const maja = await srv.login('maja');
    assert.equal((await maja.post('/cases', { ...registrationForm(), csrf: 'A'.repeat(43) })).status, 403);
    const api = await srv.apiLogin('maja');
    assert.equal((await api.postJson('/api/v1/cases', registrationJson(), { csrf: false })).status, 403);
    // a value no field of any page lets a browser type (64 KiB; every field has a maxlength of at most 4000)
    const long = await maja.post('/cases', { ...registrationForm(), 'initiative.reason': 'x'.repeat(70 * 1024) });
    assert.notEqual(long.status, 303, 'nothing saved');
    const admin = await srv.apiLogin('admin');
    const rows = (await admin.getJson('/api/v1/audit?user=maja&action=denied')).json();
    const details = rows.map((e) => e.detail).sort();
    assert.deepEqual(details, ['csrf:api_case_create', 'csrf:case_create', 'too_long:case_create']);
    assert.ok(rows.every((e) => e.object === 'page' && e.address === '127.0.0.1'));
    assert.ok(!JSON.stringify(rows).includes('xxxx'), 'never the value');
    // the login form's own token, refused before anyone is known
    const anon = await tryLogin('maja', DEMO_PASSWORD, { token: 'B'.repeat(43) });
    assert.equal(anon.r.status, 403);
    const all = (await admin.getJson('/api/v1/audit?action=denied')).json();
    assert.ok(all.some((e) => e.detail === 'csrf:login' && e.username === null), JSON.stringify(all.filter((e) => /csrf/.test(e.detail ?? ''))));
  });

  test('POST /logout without the csrf field is refused (403) and the session lives on', async () => {
    const anna = await srv.login('anna');
    const r = await anna.post('/logout', {}, { csrf: false });
    assert.equal(r.status, 403);
    assert.equal((await anna.get('/cases')).status, 200);
  });

  test('the API: POST /api/v1/cases without X-CSRF-Token, or with a wrong one, is 403 JSON and saves nothing', async () => {
    const anna = await srv.apiLogin('anna');
    const before = (await listCases(anna)).length;
    const none = await anna.postJson('/api/v1/cases', registrationJson(), { csrf: false });
    assert.equal(none.status, 403);
    assert.match(none.header('content-type'), /^application\/json/);
    assert.equal(none.json().error, 'csrf');
    const wrong = await anna.postJson('/api/v1/cases', registrationJson(), { headers: { 'x-csrf-token': 'A'.repeat(43) } });
    assert.equal(wrong.status, 403);
    // the token in the body instead of the header does not count
    const inBody = await anna.postJson('/api/v1/cases', { ...registrationJson(), csrf: anna.apiCsrf }, { csrf: false });
    assert.equal(inBody.status, 403);
    const del = await anna.request('DELETE', '/api/v1/session');
    assert.equal(del.status, 403, 'DELETE /api/v1/session needs the token too');
    assert.equal((await listCases(anna)).length, before);
    const ok = await anna.postJson('/api/v1/cases', registrationJson());
    assert.equal(ok.status, 201);
  });

  test('the csrf token of a page works for the API and GET /api/v1/me tells it', async () => {
    const anna = await srv.login('anna');
    const me = await anna.getJson('/api/v1/me');
    assert.equal(me.json().csrf_token, anna.csrf);
  });
});

describe('logout', () => {
  test('POST /logout ends the session: 303 to /login, the cookie cleared, the old cookie is dead', async () => {
    const anna = await srv.login('anna');
    const token = anna.cookie('bp_session');
    const r = await anna.post('/logout', {});
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login');
    assert.ok(r.setCookies.some((s) => /^bp_session=;/.test(s) && /Max-Age=0/.test(s)), r.setCookies.join(' | '));
    const replay = srv.client();
    replay.setCookie('bp_session', token);
    const after = await replay.get('/cases');
    assert.equal(after.status, 303, 'the old session cookie no longer works');
    assert.equal((await replay.getJson('/api/v1/me')).status, 401);
  });

  test('logout ends only that session; "logout everywhere" ends every session of the user', async () => {
    const one = await srv.login('bertil');
    const two = await srv.login('bertil');
    const three = await srv.apiLogin('bertil');
    const other = await srv.login('anna');
    await one.post('/logout', {});
    assert.equal((await one.get('/cases')).status, 303);
    assert.equal((await two.get('/cases')).status, 200, 'plain logout leaves the other session alone');

    const four = await srv.login('bertil');
    const r = await four.post('/logout/everywhere', {});
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login');
    assert.equal((await four.get('/cases')).status, 303);
    assert.equal((await two.get('/cases')).status, 303, 'logout everywhere ends the other browser session');
    assert.equal((await three.getJson('/api/v1/me')).status, 401, 'and the API session');
    assert.equal((await other.get('/cases')).status, 200, "another user's session is untouched");
  });

  test('the API: DELETE /api/v1/session logs out (204)', async () => {
    const anna = await srv.apiLogin('anna');
    const r = await anna.request('DELETE', '/api/v1/session', { headers: { 'x-csrf-token': anna.apiCsrf } });
    assert.equal(r.status, 204);
    assert.equal((await anna.getJson('/api/v1/me')).status, 401);
  });

  test('logins and logouts are in the audit trail', async () => {
    // leo (no other test here logs him in) logs in and out, then in and out everywhere
    await (await srv.login('leo')).post('/logout', {});
    await (await srv.login('leo')).post('/logout/everywhere', {});
    const admin = await srv.apiLogin('admin');
    const rows = (await admin.getJson('/api/v1/audit?user=leo')).json();
    const actions = rows.map((e) => e.action);
    assert.ok(actions.includes('login'));
    assert.ok(actions.includes('logout'));
    assert.ok(rows.some((e) => e.action === 'logout' && e.detail === 'everywhere'));
  });
});
