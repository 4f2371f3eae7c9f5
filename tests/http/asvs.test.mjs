// asvs: the OWASP ASVS 5.0 requirements (issue 11 item 9, docs/asvs.md) that no other test shows: no CORS, the
// CSP's script, object and base rules, HSTS behind TLS, TRACE, how a body's end is found, password fields, a
// password checked exactly as typed, the logout button everywhere, ending every session, JSON members of the
// wrong type.
// Each test names the requirement it shows; docs/asvs.md names the test (scripts/asvs-check.py checks both ways).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { useServer, startServer, rawRequest, registrationJson, hiddenField } from '../lib/server.mjs';

const srv = useServer();

/** Writes bytes to the server and returns everything it answers until it closes the connection. */
function exchange(port, bytes) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => sock.destroy(new Error('no close within 20 s: ' + got.slice(0, 200))), 20000);
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      if (got) resolve(got);
      else reject(e);
    });
    sock.on('connect', () => sock.write(bytes));
  });
}

const statusLines = (raw) => [...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

describe('browser rules (ASVS V3)', () => {
  test('V3.4.2: another origin gets no Access-Control-Allow-Origin, logged in or not, preflight or not', async () => {
    const anna = await srv.apiLogin('anna');
    const origin = { origin: 'https://evil.example' };
    const me = await anna.getJson('/api/v1/me', { headers: origin });
    assert.equal(me.status, 200);
    const page = await (await srv.login('anna')).get('/cases', { headers: origin });
    assert.equal(page.status, 200);
    const preflight = await srv.client().request('OPTIONS', '/api/v1/cases', {
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token' },
      openapi: false,
    });
    assert.notEqual(preflight.status, 200, 'no preflight is answered as allowed');
    assert.notEqual(preflight.status, 204, 'no preflight is answered as allowed');
    for (const r of [me, page, preflight]) {
      assert.equal(r.header('access-control-allow-origin'), null);
      assert.equal(r.header('access-control-allow-credentials'), null);
      assert.equal(r.header('access-control-allow-methods'), null);
    }
  });

  test('V3.2.2, V3.4.3: the CSP allows no script, no plugin object and no base; the pages carry no script', async () => {
    const anna = await srv.login('anna');
    for (const [c, p] of [[srv.client(), '/login'], [anna, '/cases'], [anna, '/cases/new'], [srv.client(), '/nowhere']]) {
      const r = await c.get(p);
      const csp = r.header('content-security-policy');
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
      assert.equal(directives.get('default-src'), "'none'", `${p}: default-src`);
      assert.ok(!directives.has('script-src'), `${p}: no script-src, so none runs: ${csp}`);
      assert.ok(!directives.has('object-src') || directives.get('object-src') === "'none'", `${p}: object-src`);
      assert.equal(directives.get('base-uri'), "'none'", `${p}: base-uri`);
      assert.doesNotMatch(r.text, /<script|\son[a-z]+\s*=/i, `${p}: no script element and no event handler attribute`);
    }
  });

  test('V14.2.1, V3.4.3: only the three pages a single-use code opens load a script: this site\'s static/code.js, allowed by their CSP alone', async () => {
    const cspOf = (r) => new Map(r.header('content-security-policy').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    const anna = await srv.login('anna');
    for (const p of ['/family/login', '/invite', '/survey', '/family/login?code=ABCD', '/invite?token=x', '/survey?code=x']) {
      const r = await srv.client().get(p);
      assert.equal(r.status, 200, p);
      const csp = cspOf(r);
      assert.equal(csp.get('default-src'), "'none'", `${p}: default-src`);
      assert.equal(csp.get('script-src'), "'self'", `${p}: only this site's scripts`);
      assert.equal(csp.get('base-uri'), "'none'", `${p}: base-uri`);
      const scripts = [...r.text.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
      assert.deepEqual(scripts, ['<script src="/static/code.js" defer>'], `${p}: one script, from a file`);
      assert.doesNotMatch(r.text, /<script[^>]*>[^<]+<\/script>|\son[a-z]+\s*=/i, `${p}: no inline script, no event handler attribute`);
    }
    for (const [c, p] of [[srv.client(), '/login'], [anna, '/cases'], [srv.client(), '/nowhere'], [srv.client(), '/about']]) {
      const r = await c.get(p);
      assert.ok(!cspOf(r).has('script-src'), `${p}: no script-src: ${r.header('content-security-policy')}`);
    }
    const js = await srv.client().get('/static/code.js');
    assert.equal(js.status, 200);
    assert.equal(js.header('content-type'), 'text/javascript; charset=utf-8');
    assert.match(js.text, /location\.hash/);
    assert.match(js.text, /history\.replaceState/, 'the code leaves the address bar and the history');
    assert.doesNotMatch(js.text, /fetch\(|XMLHttpRequest|sendBeacon|localStorage|sessionStorage|document\.cookie|eval\(|innerHTML/, 'it sends and keeps nothing');
  });

  describe('HSTS', () => {
    let tls = null;
    before(async () => {
      tls = await startServer({ children: 0, env: { BARNPLAN_SECURE_COOKIES: '1' } });
    });
    after(async () => {
      if (tls) await tls.stop();
    });

    test('V3.4.1: behind TLS (secure_cookies) every answer carries Strict-Transport-Security for a year, subdomains included', async () => {
      const c = tls.client();
      const answers = [await c.get('/login'), await c.get('/healthz'), await c.get('/nowhere'), await c.get('/static/app.css')];
      answers.push(await c.request('DELETE', '/cases'));
      for (const r of answers) {
        assert.equal(r.header('strict-transport-security'), 'max-age=31536000; includeSubDomains', `${r.status}`);
      }
      // the 413 h2o sends by itself, before any handler runs
      const size = 16 * 1024 * 1024 + 1;
      const big = await rawRequest(
        tls.port,
        `POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`,
        Buffer.alloc(size, 'a'),
      );
      assert.equal(big.status, 413);
      assert.equal(big.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    });

    test('V3.4.1: without secure_cookies (plain HTTP, a test or a demo) no HSTS is sent, so no browser is pinned to HTTPS', async () => {
      const r = await srv.client().get('/login');
      assert.equal(r.header('strict-transport-security'), null);
    });
  });
});

describe('HTTP itself (ASVS V4, V13)', () => {
  test('V13.4.4: TRACE is refused (405) and echoes nothing of the request', async () => {
    const raw = await exchange(
      srv.port,
      'TRACE /login HTTP/1.1\r\nHost: x\r\nX-Asvs-Secret: trace-me-7f3a\r\nCookie: bp_session=trace-cookie-9c2e\r\nConnection: close\r\n\r\n',
    );
    assert.deepEqual(statusLines(raw), [405]);
    assert.doesNotMatch(raw, /trace-me-7f3a|trace-cookie-9c2e/);
  });

  test('V4.2.1: with both Transfer-Encoding and Content-Length the body ends where the chunks end (Content-Length is ignored)', async () => {
    // Content-Length says 200 bytes; the chunked body ends after "0\r\n\r\n". Read by Content-Length, the
    // GET after it would be swallowed as body and the server would wait for the rest; read by
    // Transfer-Encoding (RFC 9112 section 6.3), the GET is a request of its own and is answered.
    const raw = await exchange(
      srv.port,
      'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
        'Content-Length: 200\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' +
        'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const statuses = statusLines(raw);
    assert.equal(statuses.length, 2, raw.slice(0, 300));
    assert.equal(statuses[0], 403, 'the POST, with an empty body, lacks its login token');
    assert.equal(statuses[1], 200, 'the GET after the last chunk is its own request');
    assert.match(raw, /\r\n\r\nok\n$/);
  });
});

describe('passwords (ASVS V6.2)', () => {
  test('V6.2.6, V6.2.7: every password field is type=password, and nothing stops pasting or a password manager', async () => {
    // the login form, and the own password changed (V6.2.2: the current one and the new one twice)
    const own = await (await srv.login('anna')).get('/account/password');
    assert.equal(own.status, 200);
    const pages = [(await srv.client().get('/login')).text, own.text];
    for (const html of pages) {
      const inputs = [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
      const secret = inputs.filter((i) => /name="(current_)?password[^"]*"/.test(i));
      assert.ok(secret.length >= 1, 'the form has a password field');
      for (const i of secret) {
        assert.match(i, /\stype="password"/, i);
        assert.doesNotMatch(i, /autocomplete="off"|onpaste|oncopy|readonly/, i);
        assert.match(i, /autocomplete="(current|new)-password"/, `the field names its purpose for password managers: ${i}`);
      }
      assert.doesNotMatch(html, /<script/i, 'no script to block paste');
    }
  });

  test('V6.2.8: the password is checked exactly as typed: trimmed, case changed or one space short is wrong', async () => {
    const password = '  Två Ord med Mellanslag  ';
    const me = (await (await srv.apiLogin('anna')).getJson('/api/v1/me')).json();
    const orgId = me.organisations[0].id;
    await srv.cli(['user', 'add', 'asvsexakt', '--name', 'Exakt Lösenordsson', '--org', `${orgId}:professional`], `${password}\n`); // rejects on failure
    async function tryLogin(pw) {
      const c = srv.client();
      const page = await c.get('/login');
      return c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username: 'asvsexakt', password: pw, next: '/cases' }, { csrf: false });
    }
    for (const wrong of ['Två Ord med Mellanslag', '  två ord med mellanslag  ', '  Två Ord med Mellanslag ']) {
      assert.equal((await tryLogin(wrong)).status, 401, JSON.stringify(wrong));
    }
    const right = await tryLogin(password);
    assert.equal(right.status, 303);
    assert.equal(right.location, '/cases');
  });
});

describe('sessions (ASVS V7)', () => {
  test('V7.4.4: every page of a logged-in user has the logout button (a POST with the session\'s token)', async () => {
    const anna = await srv.login('anna');
    const cases = await anna.get('/cases');
    const first = /href="(\/cases\/\d+)"/.exec(cases.text);
    assert.ok(first, 'anna has a case to open');
    const paths = ['/cases', '/cases/new', '/tasks', '/notifications', '/about', first[1], `${first[1]}/plan`];
    for (const p of paths) {
      const r = await anna.get(p);
      assert.equal(r.status, 200, p);
      const form = /<form\b[^>]*action="\/logout"[^>]*>([\s\S]*?)<\/form>/.exec(r.text);
      assert.ok(form, `${p}: a logout form`);
      assert.match(form[0], /method="post"/i, `${p}: logout is a POST`);
      assert.match(form[1], /name="csrf"/, `${p}: with the CSRF token`);
    }
  });
});

describe('administration (ASVS V7.4.5)', () => {
  test('V7.4.5: barnplan sessions end logs every account out at its next request, page and API alike', async () => {
    const anna = await srv.login('anna');
    const api = await srv.apiLogin('karin');
    assert.equal((await anna.get('/cases')).status, 200);
    assert.equal((await api.getJson('/api/v1/me')).status, 200);
    await srv.cli(['sessions', 'end']); // rejects on failure
    const page = await anna.get('/cases');
    assert.equal(page.status, 303);
    assert.match(page.location, /^\/login/);
    assert.equal((await api.getJson('/api/v1/me')).status, 401);
    // and a new login works at once
    assert.equal((await (await srv.login('anna')).get('/cases')).status, 200);
  });
});

describe('input (ASVS V15)', () => {
  test('V15.3.5: a JSON member of the wrong type is refused with its name, and nothing is stored', async () => {
    const anna = await srv.apiLogin('anna');
    const before = (await anna.getJson('/api/v1/cases')).json();
    for (const [over, field] of [
      [{ child: { given_name: 12345 } }, 'given_name'],
      [{ child: { needs_interpreter: 'ja' } }, 'needs_interpreter'],
      [{ initiative: { triggers: 'g' } }, 'triggers'],
    ]) {
      const r = await anna.postJson('/api/v1/cases', registrationJson(over));
      assert.equal(r.status, 422, `${field}: ${r.text}`);
      assert.match(r.text, new RegExp(field), `${field} is named`);
    }
    const afterwards = (await anna.getJson('/api/v1/cases')).json();
    assert.deepEqual(afterwards, before);
  });
});
