// oidc_throttle: refused provider logins are throttled per client address like failed passwords (issue 10
// items 1 and 9): after BP_LOGIN_MAX_PER_ADDRESS (20) refused callbacks in 15 minutes, even a good login
// through the provider is refused (429) before anything is asked of the provider, on record as
// "oidc:throttled"; the failures count with the failed passwords of that address, so a password login
// from there waits too. A file of its own: its failures would throttle the other tests' logins (one server
// per file, every client on 127.0.0.1).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { dbQuery, hiddenField, decodeEntities } from '../lib/server.mjs';
import { useOidcServer } from '../lib/oidc.mjs';

const ANNA = 'SE2321000016-a001';
const oidc = await useOidcServer();
const srv = oidc.srv;
const one = async (sql) => (await dbQuery(srv, sql)).trim();

before(async () => {
  await srv.ready;
  await srv.cli(['user', 'link', 'anna', '--issuer', oidc.idp.issuer, '--subject', ANNA]);
});

test('issue 10 item 9: after 20 refused provider callbacks from one address a good provider login is 429, and so is a password login', async () => {
  const good = srv.client();
  const ok = await oidc.idp.signIn(good, ANNA); // works before: the setup is right
  assert.equal(ok.status, 303, ok.text.slice(0, 500));
  const c = srv.client();
  for (let i = 0; i < 20; i++) {
    const r = await c.get(`/login/oidc/callback?state=forged${i}&code=x`);
    assert.equal(r.status, 403, `refused ${i}`);
  }
  assert.equal(await one("SELECT COUNT(*) FROM login_failures WHERE username = 'oidc' AND address = '127.0.0.1'"), '20', 'counted per address');
  const browser = srv.client();
  const r = await oidc.idp.signIn(browser, ANNA);
  assert.equal(r.status, 429, r.text.slice(0, 500));
  assert.match(decodeEntities(r.text), /För många misslyckade försök/);
  assert.equal(browser.cookie('bp_session'), undefined, 'no session');
  assert.equal(await one("SELECT detail FROM audit WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1"), 'oidc:throttled');
  assert.equal(await one("SELECT COUNT(*) FROM login_failures WHERE username = 'oidc'"), '20', 'a throttled attempt is not counted again');
  const p = srv.client();
  const form = await p.get('/login');
  const pw = await p.post('/login', { login_csrf: hiddenField(form.text, 'login_csrf'), username: 'anna', password: 'wrong' }, { csrf: false });
  assert.equal(pw.status, 429, 'the same address\'s password logins wait too');
});
