// oidc.test.mjs: staff logins through an identity provider over OpenID Connect (issue 10 item 1), against
// a real OpenID provider on loopback (tests/lib/oidc.mjs: npm's oidc-provider). The login is the code flow
// with PKCE, state and nonce; the account is found by the provider's (issuer, subject) that
// `barnplan user link` recorded, never by an e-mail claim. Each bad answer is refused with no session and
// an audit entry "login_failed" "oidc:<why>": a token signed by another key, a tampered one, a wrong
// audience, an expired token, a wrong nonce (the provider's token endpoint answer is rewritten by the test,
// holding the provider's own key), a replayed callback (the same state twice), another browser's state,
// an unknown subject. The signature's and claims' rules are table-tested in tests/unit/test_oidc.c too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dbQuery, Client } from '../lib/server.mjs';
import { useOidcServer, signingKey, decodeJwt } from '../lib/oidc.mjs';

const ANNA = 'SE2321000016-a001'; // an HSA-id, as SITHS gives it
const oidc = await useOidcServer();
const srv = oidc.srv;

const one = async (sql) => (await dbQuery(srv, sql)).trim();
const sessions = () => one('SELECT COUNT(*) FROM sessions');

before(async () => {
  await srv.ready;
  await srv.cli(['user', 'link', 'anna', '--issuer', oidc.idp.issuer, '--subject', ANNA]);
});

/** The login through the provider as `login`, refused by Barnplan: 403, the page says why, no session. */
async function refused(login, detail, text = 'Inloggningen kunde inte slutföras') {
  const before = await sessions();
  const browser = srv.client();
  const r = await oidc.idp.signIn(browser, login);
  assert.equal(r.status, 403, r.text.slice(0, 1000));
  assert.ok(r.text.includes(text), `the page says: ${text}`);
  assert.equal(browser.cookie('bp_session'), undefined, 'no session cookie');
  assert.equal(await sessions(), before, 'no session row');
  assert.equal((await browser.get('/cases')).status, 303, 'still logged out');
  assert.equal(await one("SELECT detail FROM audit WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1"), detail);
  return r;
}

test('issue 10 item 1: the login page offers the provider ("Logga in med SITHS") when one is configured', async () => {
  const r = await srv.client().get('/login');
  assert.equal(r.status, 200);
  assert.match(r.text, /<a class="button" href="\/login\/oidc">Logga in med SITHS<\/a>/);
  assert.match(r.text, /name="password"/, 'passwords still work beside it');
});

test('issue 10 item 1: without a provider the login page has no provider button and /login/oidc is not there', async () => {
  const plain = await startServer({ children: 1, workers: 1 });
  try {
    const c = new Client(plain.base);
    const r = await c.get('/login');
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('/login/oidc'), 'no button');
    assert.equal((await c.get('/login/oidc')).status, 404);
  } finally {
    await plain.stop();
  }
});

test('issue 10 item 1: a linked staff member logs in through the provider: code flow, PKCE, the same session as a password login', async () => {
  const browser = srv.client();
  const { callback } = await oidc.idp.authorize(browser, ANNA);
  const q = new URL(callback, 'http://x').searchParams;
  assert.ok(q.get('code') && q.get('state'), 'the provider sends a code and the state back');
  assert.equal(q.get('state'), browser.cookie('bp_oidc'), 'the state is also in the browser\'s short cookie');
  const r = await browser.get(callback);
  assert.equal(r.status, 303, r.text.slice(0, 1000));
  assert.equal(r.location, '/cases');
  assert.ok(browser.cookie('bp_session'), 'a session cookie');
  assert.equal(browser.cookie('bp_oidc'), undefined, 'the state cookie is cleared');
  const cases = await browser.get('/cases');
  assert.equal(cases.status, 200);
  assert.ok(browser.csrf, 'a session with its CSRF token, as after a password login');
  const claims = decodeJwt(oidc.idp.tokens.at(-1)).claims;
  assert.equal(claims.sub, ANNA);
  assert.equal(claims.aud, oidc.idp.clientId);
  const annaId = await one("SELECT id FROM users WHERE username = 'anna'");
  assert.equal(await one("SELECT user_id || '|' || detail FROM audit WHERE action = 'login' ORDER BY id DESC LIMIT 1"), `${annaId}|oidc`);
  // the authorization request carried PKCE (S256) and a nonce: the provider requires PKCE, and the nonce is in the token
  assert.ok(claims.nonce && claims.nonce.length >= 43, 'a nonce of 32 random bytes');
});

test('issue 10 item 1: an identity no account is linked to is refused with a clear Swedish page, and audited', async () => {
  await refused('SE2321000016-zz99', 'oidc:unknown', 'inte kopplad till något konto i Barnplan');
});

test('issue 10 item 1: the same state twice (a replayed callback) is refused the second time', async () => {
  const browser = srv.client();
  const { callback } = await oidc.idp.authorize(browser, ANNA);
  const stateCookie = browser.cookie('bp_oidc');
  assert.equal((await browser.get(callback)).status, 303, 'the first time logs in');
  const before = await sessions();
  const again = srv.client();
  again.setCookie('bp_oidc', stateCookie);
  const r = await again.get(callback);
  assert.equal(r.status, 403);
  assert.equal(again.cookie('bp_session'), undefined);
  assert.equal(await sessions(), before, 'no session row');
  assert.equal(await one("SELECT detail FROM audit WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1"), 'oidc:replay');
});

test('issue 10 item 1: a callback in another browser than the one that started the login is refused (login CSRF)', async () => {
  const browser = srv.client();
  const { callback } = await oidc.idp.authorize(browser, ANNA);
  const other = srv.client();
  const r = await other.get(callback);
  assert.equal(r.status, 403);
  assert.equal(other.cookie('bp_session'), undefined);
  assert.equal(await one("SELECT detail FROM audit WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1"), 'oidc:browser');
  // and the state is spent: the right browser cannot use it afterwards either
  assert.equal((await browser.get(callback)).status, 403);
});

test('issue 10 item 1: an ID token signed by another key is refused', async () => {
  const other = signingKey('idp-1'); // the same kid, another key: a forger, or another provider
  oidc.idp.tamper = (claims) => ({ claims, key: other });
  try {
    await refused(ANNA, 'oidc:signature');
  } finally {
    oidc.idp.tamper = null;
  }
});

test('issue 10 item 1: an ID token changed after the provider signed it is refused', async () => {
  // an unknown person's token, its payload swapped for one naming anna, the provider's signature kept:
  // were the signature not checked, this would log in as anna
  oidc.idp.tamper = (claims, header, token) => {
    const [h, , sig] = token.split('.');
    return { raw: `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: ANNA })).toString('base64url')}.${sig}` };
  };
  try {
    await refused('SE2321000016-zz98', 'oidc:signature');
  } finally {
    oidc.idp.tamper = null;
  }
});

test('issue 10 item 1: an ID token for another client (wrong audience) is refused', async () => {
  oidc.idp.tamper = (claims) => ({ claims: { ...claims, aud: 'another-service' } });
  try {
    await refused(ANNA, 'oidc:audience');
  } finally {
    oidc.idp.tamper = null;
  }
});

test('issue 10 item 1: an expired ID token is refused', async () => {
  const now = Math.floor(Date.now() / 1000);
  oidc.idp.tamper = (claims) => ({ claims: { ...claims, iat: now - 7200, exp: now - 3600 } });
  try {
    await refused(ANNA, 'oidc:expired');
  } finally {
    oidc.idp.tamper = null;
  }
});

test('issue 10 item 1: an ID token with another nonce than this login sent is refused', async () => {
  oidc.idp.tamper = (claims) => ({ claims: { ...claims, nonce: 'a-nonce-of-another-login' } });
  try {
    await refused(ANNA, 'oidc:nonce');
  } finally {
    oidc.idp.tamper = null;
  }
});

test('issue 10 item 1: an ID token from another issuer is refused', async () => {
  oidc.idp.tamper = (claims) => ({ claims: { ...claims, iss: 'http://127.0.0.1:1' } });
  try {
    await refused(ANNA, 'oidc:issuer');
  } finally {
    oidc.idp.tamper = null;
  }
});

test('issue 10 item 1: a disabled account cannot log in through the provider either', async () => {
  await srv.cli(['user', 'add', 'olle', '--name', 'Olle Test', '--org', '1'], 'fyra ord om en skog\n');
  await srv.cli(['user', 'link', 'olle', '--issuer', oidc.idp.issuer, '--subject', 'SE2321000016-olle']);
  await srv.cli(['user', 'disable', 'olle']);
  await refused('SE2321000016-olle', 'oidc:disabled');
});

test('issue 10 item 1: barnplan user link is audited, and an identity is linked to one account only', async () => {
  await srv.cli(['user', 'link', 'bertil', '--issuer', oidc.idp.issuer, '--subject', 'SE2321000016-b002']);
  const bertil = await one("SELECT id FROM users WHERE username = 'bertil'");
  assert.equal(await one("SELECT action || '|' || object || '|' || channel || '|' || detail FROM audit WHERE user_id = " + bertil + " ORDER BY id DESC LIMIT 1"), 'update|user|cli|identity');
  assert.equal(await one(`SELECT COUNT(*) FROM audit WHERE detail LIKE '%SE2321000016%'`), '0', 'the HSA-id is not in the audit trail');
  await assert.rejects(srv.cli(['user', 'link', 'anna', '--issuer', oidc.idp.issuer, '--subject', 'SE2321000016-b002']), /linked to an account already/);
  await assert.rejects(srv.cli(['user', 'link', 'anna', '--issuer', oidc.idp.issuer]), /--subject/);
});
