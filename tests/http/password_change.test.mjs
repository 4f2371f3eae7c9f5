// password_change: a logged-in professional changes their own password (OWASP ASVS 5.0 V6.2.2, V6.2.3) on the
// page "Byt lösenord" (/account/password, linked from the header beside "Logga ut"): the current password
// (checked, counted and throttled exactly like a login, bp_app_confirm_identity), the new one twice. On
// success every session of the account ends, this browser goes on in a new one, and the change is audited
// (never what to). New passwords are checked against common and leaked passwords and Barnplan's and the
// account's own words (V6.2.4, V6.2.11, V6.2.12; zxcvbn-c, src/auth/auth.c bp_password_check) here as at an
// invitation and `barnplan user add`/`passwd`. An account that logs in only through the identity provider has
// no password here: the page says so plainly. Against a real server on loopback with a real OpenID provider.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { dbQuery, dbWrite, DEMO_PASSWORD, fieldError, decodeEntities, Client } from '../lib/server.mjs';
import { useOidcServer } from '../lib/oidc.mjs';

const oidc = await useOidcServer();
const srv = oidc.srv;
const one = async (sql) => (await dbQuery(srv, sql)).trim();
const NEW = 'Kvittrande hallon simmar'; // a passphrase with spaces: acceptable
let orgId;

before(async () => {
  await srv.ready;
  orgId = Number(await one("SELECT id FROM organisations WHERE name = 'Ålidhemsskolan'"));
});

/** A new professional at Ålidhemsskolan with the demo password; resolves its id. */
async function account(username, name) {
  await srv.cli(['user', 'add', username, '--name', name, '--email', `${username}@example.se`, '--org', `${orgId}:professional`], `${DEMO_PASSWORD}\n`);
  return Number(await one(`SELECT id FROM users WHERE username = '${username}'`));
}

/** POST /account/password from a logged-in browser (its page's CSRF token). */
async function change(c, current, password, again = password, opts = {}) {
  await c.get('/account/password');
  return c.post('/account/password', { current_password: current, password, password_again: again }, opts);
}

/** Whether a password login as `user` with `password` succeeds (a fresh browser). */
async function logsIn(user, password) {
  const c = new Client(srv.base);
  const lc = /name="login_csrf" value="([^"]+)"/.exec((await c.get('/login')).text)[1];
  const r = await c.post('/login', { login_csrf: lc, username: user, password, next: '/cases' }, { csrf: false });
  return r.status === 303;
}

test('V6.2.2, V6.2.3: a professional changes their own password with the current one and the new one twice; the old one stops working, every other session ends, this browser goes on; audited', async () => {
  const id = await account('pwbyte', 'Pia Bytesson');
  const other = await srv.login('pwbyte'); // another browser
  const api = await srv.apiLogin('pwbyte'); // and the API
  const me = await srv.login('pwbyte');
  const hashBefore = await one(`SELECT password_hash FROM users WHERE id = ${id}`);

  const cases = await me.get('/cases');
  assert.match(cases.text, /<a href="\/account\/password">Byt lösenord<\/a>/, 'the header links the page beside "Logga ut"');
  const page = await me.get('/account/password');
  assert.equal(page.status, 200);
  assert.match(decodeEntities(page.text), /<h1>Byt lösenord<\/h1>/);
  for (const [name, purpose] of [['current_password', 'current-password'], ['password', 'new-password'], ['password_again', 'new-password']]) {
    const input = new RegExp(`<input\\b[^>]*name="${name}"[^>]*>`).exec(page.text)?.[0];
    assert.ok(input, `the form has ${name}`);
    assert.match(input, /\stype="password"/, input);
    assert.match(input, new RegExp(`autocomplete="${purpose}"`), input);
  }

  const oldSession = me.cookie('bp_session');
  const r = await change(me, DEMO_PASSWORD, NEW);
  assert.equal(r.status, 303, r.text.slice(0, 1500));
  assert.equal(r.location, '/account/password?saved=1#saved');
  assert.ok(me.cookie('bp_session') && me.cookie('bp_session') !== oldSession, 'this browser has a new session');
  const done = await me.get('/account/password?saved=1');
  assert.equal(done.status, 200, 'this browser is still logged in');
  assert.match(decodeEntities(done.text), /Ditt lösenord är bytt\. Du är utloggad på alla andra enheter och fortsätter här\./);

  assert.equal((await other.get('/cases')).status, 303, 'the other browser is logged out');
  assert.equal((await api.getJson('/api/v1/me')).status, 401, 'the API session is ended');
  const stale = new Client(srv.base);
  stale.setCookie('bp_session', oldSession);
  assert.equal((await stale.get('/cases')).status, 303, "this browser's old session is ended too");
  assert.equal(await one(`SELECT COUNT(*) FROM sessions WHERE user_id = ${id}`), '1', 'one session: the new one');

  assert.notEqual(await one(`SELECT password_hash FROM users WHERE id = ${id}`), hashBefore);
  assert.equal(await logsIn('pwbyte', DEMO_PASSWORD), false, 'the old password stops working');
  assert.equal(await logsIn('pwbyte', NEW), true, 'the new one works');
  assert.equal(await one(`SELECT action || ' ' || object || ' ' || channel || ' ' || detail FROM audit WHERE user_id = ${id} AND action = 'update' ORDER BY id DESC LIMIT 1`), 'update user web password own');
  assert.equal(await one(`SELECT detail FROM audit WHERE user_id = ${id} AND action = 'login' ORDER BY id DESC LIMIT 1 OFFSET 1`), 'password_change', 'the new session is on record');
  assert.equal(await one("SELECT COUNT(*) FROM audit WHERE detail LIKE '%hallon%' OR detail LIKE '%demo-1%'"), '0', 'no password in the audit trail');
  assert.ok(!srv.log().includes('hallon'), 'no password in the log');
});

test('V6.2.3: a wrong current password is refused beside its field, the form kept without any password, audited as a failed login, and throttled like a login', async () => {
  const id = await account('pwfel', 'Fredrik Felsson');
  const me = await srv.login('pwfel');
  let r = await change(me, 'inte-mitt-lösenord', NEW);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'current_password'), 'Fel lösenord. Skriv det lösenord du loggar in med nu.');
  assert.match(r.text, /id="current_password-error"|aria-describedby="[^"]*current_password/, 'the message belongs to the field');
  assert.ok(!r.text.includes('inte-mitt') && !r.text.includes('hallon'), 'no password is drawn back into the form');
  assert.match(r.text, /name="password"/, 'the form is kept');
  assert.equal(await one(`SELECT detail FROM audit WHERE action = 'login_failed' AND user_id = ${id} ORDER BY id DESC LIMIT 1`), 'confirm_identity');
  assert.equal(await one(`SELECT COUNT(*) FROM login_failures WHERE username = 'pwfel'`), '1', 'counted as a failed login');
  r = await change(me, '', NEW); // nothing typed
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'current_password'), 'Fyll i fältet.');

  for (let i = 0; i < 4; i++) assert.equal((await change(me, `fel-lösenord-${i}`, NEW)).status, 422);
  r = await change(me, 'fel-lösenord-igen', NEW); // the sixth wrong try within the window
  assert.equal(r.status, 429, r.text.slice(0, 800));
  assert.equal(fieldError(r.text, 'current_password'), 'För många misslyckade försök. Vänta en kvart och försök igen.');
  assert.equal(await one(`SELECT detail FROM audit WHERE action = 'login_failed' AND user_id = ${id} ORDER BY id DESC LIMIT 1`), 'confirm_identity throttled');
  assert.equal((await new Client(srv.base).get('/login')).status, 200);
  assert.equal(await one(`SELECT COUNT(*) FROM audit WHERE user_id = ${id} AND action = 'update' AND detail LIKE 'password%'`), '0', 'nothing changed');
});

test('V6.2.4, V6.2.11, V6.2.12: a common or leaked password, or one built on the words of Barnplan or of the account, is refused with a Swedish message; a mismatch too; the password stays', async () => {
  const id = await account('pwvanlig', 'Vanja Ordström');
  const me = await srv.login('pwvanlig');
  const hash = await one(`SELECT password_hash FROM users WHERE id = ${id}`);
  const common = 'Lösenordet är för vanligt eller för lätt att gissa, till exempel ett läckt lösenord, en rad på tangentbordet eller ett ord med siffror. Välj ett annat, gärna flera ord som bara du sätter ihop.';
  const context = 'Lösenordet är för lätt att gissa: det bygger på ett ord som hör ihop med Barnplan, ditt namn eller din verksamhet. Välj ett annat.';
  for (const [pw, text] of [
    ['password123', common], ['Qwerty12345', common], ['1234567890', common], ['iloveyou12', common],
    ['Barnplan2024', context], ['samverkan1!', context], ['Ordström2024', context], ['pwvanlig123', context],
    ['kort', 'Lösenordet behöver minst 10 tecken.'],
  ]) {
    const r = await change(me, DEMO_PASSWORD, pw);
    assert.equal(r.status, 422, pw);
    assert.equal(fieldError(r.text, 'password'), text, pw);
    assert.equal(fieldError(r.text, 'current_password'), null, 'the current password was right');
    assert.ok(!decodeEntities(r.text).includes(pw) || pw === 'kort', `${pw} is not drawn back`);
  }
  const r = await change(me, DEMO_PASSWORD, NEW, `${NEW}.`);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'password_again'), 'Lösenorden är inte lika. Skriv samma lösenord två gånger.');
  assert.equal(await one(`SELECT password_hash FROM users WHERE id = ${id}`), hash, 'the password is unchanged');
  assert.equal((await me.get('/cases')).status, 200, 'and the session too');
});

test('V6.2.2: a change without the CSRF token is refused and changes nothing', async () => {
  const id = await account('pwcsrf', 'Carl Csrfsson');
  const me = await srv.login('pwcsrf');
  const hash = await one(`SELECT password_hash FROM users WHERE id = ${id}`);
  const r = await change(me, DEMO_PASSWORD, NEW, NEW, { csrf: false });
  assert.equal(r.status, 403);
  const forged = await me.post('/account/password', { csrf: 'x'.repeat(43), current_password: DEMO_PASSWORD, password: NEW, password_again: NEW });
  assert.equal(forged.status, 403);
  assert.equal(await one(`SELECT password_hash FROM users WHERE id = ${id}`), hash);
  assert.equal((await me.get('/cases')).status, 200, 'the session goes on');
});

test('V6.2.2: an account that logs in only through the identity provider has no password here: the page says so plainly, and a POST changes nothing', async () => {
  const id = await account('pwsiths', 'Sixten Siths');
  await srv.cli(['user', 'link', 'pwsiths', '--issuer', oidc.idp.issuer, '--subject', 'SE2321000016-p777']);
  // the state of an account whose invitation was accepted through the provider (tests/http/admin_oidc.test.mjs): no password hash
  await dbWrite(srv, `UPDATE users SET password_hash = '!' WHERE id = ${id}`);
  const browser = srv.client();
  assert.equal((await oidc.idp.signIn(browser, 'SE2321000016-p777')).status, 303);
  const page = await browser.get('/account/password');
  assert.equal(page.status, 200);
  assert.match(decodeEntities(page.text), /Du loggar in med din organisations inloggning och har inget eget lösenord i Barnplan\./);
  assert.doesNotMatch(page.text, /name="current_password"/, 'no form');
  const r = await browser.post('/account/password', { current_password: 'vad-som-helst-1', password: NEW, password_again: NEW });
  assert.equal(r.status, 409);
  assert.equal(await one(`SELECT password_hash FROM users WHERE id = ${id}`), '!');
  assert.equal(await one(`SELECT COUNT(*) FROM audit WHERE user_id = ${id} AND action = 'update' AND detail LIKE 'password%'`), '0');
  assert.equal(await one(`SELECT COUNT(*) FROM login_failures WHERE username = 'pwsiths'`), '0', 'nothing to count');
});

test('V6.2.2: the page needs a login', async () => {
  const r = await new Client(srv.base).get('/account/password');
  assert.equal(r.status, 303, 'logged out: to the login');
});
