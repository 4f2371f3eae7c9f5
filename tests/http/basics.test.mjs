// basics: status codes, redirects to the login page, 404/405/401, security headers on every kind of
// response, and static files with their cache headers and ETag. Against the real server over loopback.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, rawRequest, Client } from '../lib/server.mjs';

const srv = useServer();

/** The security headers every response of ours must carry. */
function assertSecurityHeaders(get, where) {
  const csp = get('content-security-policy');
  assert.ok(csp, `${where}: Content-Security-Policy is set`);
  assert.ok(!/unsafe-inline/.test(csp), `${where}: CSP has no 'unsafe-inline': ${csp}`);
  assert.ok(!/unsafe-eval/.test(csp), `${where}: CSP has no 'unsafe-eval': ${csp}`);
  assert.match(csp, /frame-ancestors 'none'/, `${where}: CSP forbids framing`);
  assert.match(csp, /default-src 'none'/, `${where}: CSP default-src 'none'`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${where}: X-Content-Type-Options`);
  assert.ok(get('referrer-policy'), `${where}: Referrer-Policy is set`);
  assert.match(get('referrer-policy'), /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/, where);
}

describe('status codes', () => {
  test('GET /healthz answers 200 ok', async () => {
    const r = await srv.client().get('/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.text, 'ok\n');
  });

  test('GET / sends a visitor to /login and a logged-in user to /cases', async () => {
    const r = await srv.client().get('/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login');
    const anna = await srv.login('anna');
    const r2 = await anna.get('/');
    assert.equal(r2.status, 303);
    assert.equal(r2.location, '/cases');
  });

  test('GET /login is a 200 page in Swedish with a login form', async () => {
    const r = await srv.client().get('/login');
    assert.equal(r.status, 200);
    assert.match(r.header('content-type'), /^text\/html; charset=utf-8/);
    assert.match(r.text, /<html lang="sv" dir="ltr">/);
    assert.match(r.text, /<form method="post" action="\/login"/);
    assert.match(r.text, /name="login_csrf"/);
  });

  for (const p of ['/cases', '/cases/new', '/cases/1', '/admin/audit', '/admin/audit?case=1']) {
    test(`GET ${p} without a session: 303 to /login?next=...`, async () => {
      const r = await srv.client().get(p);
      assert.equal(r.status, 303);
      const u = new URL(r.location, srv.base);
      assert.equal(u.pathname, '/login');
      assert.equal(u.searchParams.get('next'), p.split('?')[0]);
    });
  }

  test('POST /cases without a session: 303 to /login, nothing done', async () => {
    const r = await srv.client().post('/cases', { 'child.given_name': 'X' });
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/login\?next=/);
  });

  test('a logged-in user lands on the page named in next after login', async () => {
    const c = srv.client();
    const r0 = await c.get('/cases/new');
    assert.equal(r0.status, 303);
    const page = await c.get(r0.location);
    assert.match(page.text, /name="next" value="\/cases\/new"/);
  });

  test('unknown pages: 404 (HTML for pages, JSON for the API)', async () => {
    const anna = await srv.login('anna');
    for (const p of ['/no-such-page', '/cases/abc', '/cases/0', '/cases/1/x', '/static/no-such.css']) {
      const r = await anna.get(p);
      assert.equal(r.status, 404, p);
      assert.match(r.header('content-type'), /^text\/html/, p);
    }
    const r = await anna.get('/cases/999999');
    assert.equal(r.status, 404, 'a case id that does not exist');
    const api = await anna.getJson('/api/v1/no-such');
    assert.equal(api.status, 404);
    assert.match(api.header('content-type'), /^application\/json/);
    assert.equal(api.json().error, 'not_found');
    const apiCase = await anna.getJson('/api/v1/cases/999999');
    assert.equal(apiCase.status, 404);
    assert.equal(apiCase.json().error, 'not_found');
  });

  test('a known path with the wrong method: 405', async () => {
    const c = srv.client();
    for (const [m, p] of [
      ['DELETE', '/cases'],
      ['PUT', '/login'],
      ['POST', '/healthz'],
      ['PATCH', '/cases/1'],
      ['GET', '/logout'],
      ['GET', '/logout/everywhere'],
    ]) {
      const r = await c.request(m, p);
      assert.equal(r.status, 405, `${m} ${p}`);
    }
    const api = await c.request('PUT', '/api/v1/session', { headers: { accept: 'application/json' } });
    assert.equal(api.status, 405);
    assert.equal(api.json().error, 'method_not_allowed');
  });

  // Regression, fixed (src/web/server.c, dispatch): RFC 9110 section 15.5.6 says the server MUST send Allow with a 405;
  // bp_route_match knows the path matched another method, but no Allow header is added.
  test('a 405 has an Allow header naming the methods the path has (RFC 9110)', async () => {
    const c = srv.client();
    const r = await c.request('DELETE', '/cases');
    assert.equal(r.status, 405);
    assert.ok(r.header('allow'), 'DELETE /cases: 405 without an Allow header');
    assert.match(r.header('allow'), /GET/);
    assert.match(r.header('allow'), /POST/);
  });

  test('HEAD of a page: the GET status and headers, no body', async () => {
    const r = await srv.client().request('HEAD', '/login');
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.match(r.header('content-type'), /^text\/html/);
  });

  test('the API without a session: 401 JSON', async () => {
    const c = srv.client();
    for (const p of ['/api/v1/me', '/api/v1/cases', '/api/v1/cases/1', '/api/v1/organisations', '/api/v1/audit']) {
      const r = await c.getJson(p);
      assert.equal(r.status, 401, p);
      assert.match(r.header('content-type'), /^application\/json/, p);
      assert.equal(r.json().error, 'unauthenticated', p);
    }
    const post = await c.postJson('/api/v1/cases', { child: {} });
    assert.equal(post.status, 401);
    assert.equal(post.json().error, 'unauthenticated');
    const del = await c.request('DELETE', '/api/v1/session');
    assert.equal(del.status, 401);
  });

  test('a made-up or malformed session cookie counts as no session', async () => {
    for (const v of ['x', 'A'.repeat(43), 'A'.repeat(5000), '%00%0a', '"><script>']) {
      const c = srv.client();
      c.setCookie('bp_session', v);
      const api = await c.getJson('/api/v1/me');
      assert.equal(api.status, 401, `bp_session=${v.slice(0, 20)}`);
      const page = await c.get('/cases');
      assert.equal(page.status, 303, `bp_session=${v.slice(0, 20)}`);
    }
  });

  test('the API after login: GET /api/v1/me names the user and the organisation', async () => {
    const anna = await srv.apiLogin('anna');
    const r = await anna.getJson('/api/v1/me');
    assert.equal(r.status, 200);
    const me = r.json();
    assert.equal(me.username, 'anna');
    assert.equal(me.is_admin, false);
    assert.deepEqual(me.organisations.map((o) => o.name), ['Ålidhemsskolan']);
  });

  test('the audit search is for administrators only: 403 for anna (page and API)', async () => {
    const anna = await srv.login('anna');
    const page = await anna.get('/admin/audit');
    assert.equal(page.status, 403);
    assert.match(page.text, /Du har inte behörighet/);
    const api = await anna.getJson('/api/v1/audit');
    assert.equal(api.status, 403);
    assert.equal(api.json().error, 'forbidden');
    const admin = await srv.login('admin');
    assert.equal((await admin.get('/admin/audit')).status, 200);
  });
});

describe('security headers on every response', () => {
  test('pages, redirects, errors, JSON, static files, 304 and refused requests all carry them', async () => {
    const visitor = srv.client();
    const anna = await srv.login('anna');
    const api = await srv.apiLogin('anna');
    const css = await visitor.get('/static/app.css');
    const seen = [
      ['GET /healthz', await visitor.get('/healthz')],
      ['GET /login', await visitor.get('/login')],
      ['GET / (303)', await visitor.get('/')],
      ['GET /cases without session (303)', await visitor.get('/cases')],
      ['GET /cases', await anna.get('/cases')],
      ['GET /cases/new', await anna.get('/cases/new')],
      ['404 page', await anna.get('/nope')],
      ['405', await anna.request('DELETE', '/cases')],
      ['401 JSON', await visitor.getJson('/api/v1/me')],
      ['403 page', await anna.get('/admin/audit')],
      ['403 CSRF', await anna.post('/cases', {}, { csrf: false })],
      ['422 form', await anna.post('/cases', {})],
      ['200 JSON', await api.getJson('/api/v1/me')],
      ['422 JSON', await api.postJson('/api/v1/cases', {})],
      ['415 JSON', await api.postJson('/api/v1/cases', 'x', { headers: { 'content-type': 'text/plain' } })],
      ['static css', css],
      ['static 304', await visitor.get('/static/app.css', { headers: { 'if-none-match': css.header('etag') } })],
      ['GET /lang (303)', await visitor.get('/lang?l=sv&next=/login')],
    ];
    for (const [where, r] of seen) assertSecurityHeaders((h) => r.header(h), `${where} (${r.status})`);

    const raw = [
      ['414', `GET /login?${'a'.repeat(2100)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['431', `GET /login HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 70 }, (_, i) => `X-H${i}: v\r\n`).join('')}Connection: close\r\n\r\n`],
    ];
    for (const [where, head] of raw) {
      const r = await rawRequest(srv.port, head);
      assert.equal(String(r.status), where);
      assertSecurityHeaders((h) => r.headers[h] ?? null, where);
    }
  });

  // Regression, fixed (src/web/server.c): a body over BP_MAX_BODY is refused by h2o itself (max_request_entity_size)
  // before on_req runs, so its 413 "request entity is too large" carries none of the security headers that
  // send_response adds (no CSP, no X-Content-Type-Options, no Referrer-Policy).
  test('the 413 for a body over 16 MiB, sent by h2o itself, carries the security headers too', async () => {
    const size = 16 * 1024 * 1024 + 1;
    const r = await rawRequest(
      srv.port,
      `POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`,
      Buffer.alloc(size, 'a'),
    );
    assert.equal(r.status, 413);
    assertSecurityHeaders((h) => r.headers[h] ?? null, '413 from h2o');
  });

  test('pages with personal data are not cached: Cache-Control no-store, Vary Cookie', async () => {
    const anna = await srv.login('anna');
    for (const p of ['/cases', '/cases/new', '/login']) {
      const r = await (p === '/login' ? srv.client() : anna).get(p);
      assert.equal(r.header('cache-control'), 'no-store', p);
      assert.match(r.header('vary') || '', /cookie/i, p);
    }
    const api = await anna.getJson('/api/v1/cases');
    assert.equal(api.header('cache-control'), 'no-store');
  });

  test('the session cookie is HttpOnly, SameSite=Lax, Path=/', async () => {
    const c = new Client(srv.base);
    const page = await c.get('/login');
    const loginCookie = page.setCookies.find((s) => s.startsWith('bp_login='));
    assert.ok(loginCookie, 'GET /login sets bp_login');
    assert.match(loginCookie, /HttpOnly/);
    assert.match(loginCookie, /SameSite=Lax/);
    const anna = await srv.apiLogin('anna');
    assert.ok(anna.cookie('bp_session'));
    const c2 = srv.client();
    const r = await c2.postJson('/api/v1/session', { username: 'anna', password: 'Barnplan-demo-1' }, { csrf: false });
    const s = r.setCookies.find((x) => x.startsWith('bp_session='));
    assert.match(s, /; HttpOnly/);
    assert.match(s, /; SameSite=Lax/);
    assert.match(s, /; Path=\//);
  });
});

describe('static files', () => {
  test('GET /static/app.css: 200, text/css, public cache, an ETag', async () => {
    const r = await srv.client().get('/static/app.css');
    assert.equal(r.status, 200);
    assert.match(r.header('content-type'), /^text\/css/);
    assert.match(r.header('cache-control'), /public/);
    assert.match(r.header('cache-control'), /max-age=\d+/);
    assert.ok(Number(/max-age=(\d+)/.exec(r.header('cache-control'))[1]) > 0);
    assert.match(r.header('etag') || '', /^(W\/)?"[^"]+"$/);
    assert.ok(r.text.length > 100);
  });

  test('If-None-Match with the ETag: 304 with no body; another ETag: 200', async () => {
    const c = srv.client();
    const r = await c.get('/static/app.css');
    const etag = r.header('etag');
    const r2 = await c.get('/static/app.css', { headers: { 'if-none-match': etag } });
    assert.equal(r2.status, 304);
    assert.equal(r2.text, '');
    const r3 = await c.get('/static/app.css', { headers: { 'if-none-match': '"not-it"' } });
    assert.equal(r3.status, 200);
    assert.equal(r3.text, r.text);
  });

  test('the favicon is served as SVG; HEAD has no body', async () => {
    const c = srv.client();
    const r = await c.get('/static/favicon.svg');
    assert.equal(r.status, 200);
    assert.match(r.header('content-type'), /^image\/svg\+xml/);
    const h = await c.request('HEAD', '/static/app.css');
    assert.equal(h.status, 200);
    assert.equal(h.text, '');
  });

  test('no way out of /static/: traversal and unknown files are 404', async () => {
    for (const p of ['/static/../CMakeLists.txt', '/static/%2e%2e/CMakeLists.txt', '/static/..%2fCMakeLists.txt', '/static/', '/static/app.css.bak']) {
      const r = await rawRequest(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.ok([404, 400].includes(r.status), `${p}: ${r.status}`);
      assert.ok(!/cmake_minimum_required/.test(r.body), `${p} must not serve a file outside static/`);
    }
  });
});
