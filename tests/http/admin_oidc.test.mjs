// admin_oidc: a colleague invited by e-mail where an identity provider is configured (issue 10 item 9 with
// item 1): the invitation's page offers the provider's login beside the password; the first login there
// links the provider's (issuer, subject) to the invited account, uses the invitation up and logs in; later
// logins through the provider find the account; the link cannot be used again (neither way). Against a real
// OpenID provider on loopback (tests/lib/oidc.mjs) and a real SMTP sink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbQuery, DEMO_PASSWORD, decodeEntities } from '../lib/server.mjs';
import { useSmtp } from '../lib/smtp.mjs';
import { useOidcServer } from '../lib/oidc.mjs';

const smtpReady = useSmtp();
const oidc = await useOidcServer({ env: async () => ({ BARNPLAN_SMTP_URL: (await smtpReady).url, BARNPLAN_PUBLIC_URL: 'https://barnplan.test' }) });
const srv = oidc.srv;
const one = async (sql) => (await dbQuery(srv, sql)).trim();

test('issue 10 item 9: the invited colleague links their provider login on first use, and the link is then used up', async () => {
  await srv.ready;
  const orgId = Number(await one("SELECT id FROM organisations WHERE name = 'BUP Umeå'"));
  await srv.cli(['user', 'add', 'bupadmin', '--name', 'BUP-administratör', '--email', 'bupadmin@example.se', '--org', `${orgId}:org_admin`], `${DEMO_PASSWORD}\n`);
  const oa = await srv.login('bupadmin');
  await oa.get(`/admin/orgs/${orgId}`);
  const email = 'siths-kollega@example.se';
  const r = await oa.post(`/admin/orgs/${orgId}/invites`, { 'invite.display_name': 'Sara Siths', 'invite.email': email, 'invite.role': 'professional' });
  assert.equal(r.status, 303, r.text);
  const m = await (await smtpReady).waitFor((x) => x.to.includes(email), 20000);
  const token = /https:\/\/barnplan\.test\/invite#kod=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(m.mail.text)[1]; // V14.2.1

  const browser = srv.client();
  const page = await browser.get('/invite');
  assert.equal(page.status, 200);
  assert.match(decodeEntities(page.text), /Logga in med SITHS/, 'the provider is offered beside the password');
  assert.match(page.text, /<button type="submit" formaction="\/invite\/oidc">/, 'in the same form: the token field serves both');
  const back = await oidc.idp.signIn(browser, 'SE2321000016-k042', () => browser.post('/invite/oidc', { token }, { csrf: false }));
  assert.equal(back.status, 303, back.text.slice(0, 800));
  assert.equal((await browser.get('/cases')).status, 200, 'logged in');
  const id = Number(await one(`SELECT id FROM users WHERE username = '${email}'`));
  assert.equal(await one(`SELECT user_id || ' ' || subject FROM user_identities WHERE subject = 'SE2321000016-k042'`), `${id} SE2321000016-k042`);
  assert.equal(await one(`SELECT detail FROM audit WHERE user_id = ${id} AND action = 'update' ORDER BY id`), 'invite_accepted identity');
  assert.notEqual(await one(`SELECT used_at FROM staff_invites WHERE user_id = ${id}`), '');

  const later = srv.client(); // a later login through the provider finds the account
  assert.equal((await oidc.idp.signIn(later, 'SE2321000016-k042')).status, 303);
  assert.equal((await later.get('/cases')).status, 200);

  const again = srv.client(); // the link is used up, for the provider's way as for the password
  assert.equal((await again.post('/invite/oidc', { token }, { csrf: false })).status, 404);
  assert.equal((await again.post('/invite', { token, password: 'Ett-eget-lösenord-42', password_again: 'Ett-eget-lösenord-42' }, { csrf: false })).status, 404);
  const stranger = srv.client(); // an identity nobody invited is still refused
  assert.equal((await oidc.idp.signIn(stranger, 'SE2321000016-x999')).status, 403);
});

test('issue 10 item 9: an invitation withdrawn while its provider login is under way links nothing and logs nobody in', async () => {
  await srv.ready;
  const orgId = Number(await one("SELECT id FROM organisations WHERE name = 'BUP Umeå'"));
  await srv.cli(['user', 'add', 'bupadmin2', '--name', 'BUP-administratör 2', '--email', 'bupadmin2@example.se', '--org', `${orgId}:org_admin`], `${DEMO_PASSWORD}\n`);
  const oa = await srv.login('bupadmin2');
  await oa.get(`/admin/orgs/${orgId}`);
  const email = 'dragen-siths@example.se';
  assert.equal((await oa.post(`/admin/orgs/${orgId}/invites`, { 'invite.display_name': 'Dragen Siths', 'invite.email': email, 'invite.role': 'professional' })).status, 303);
  const m = await (await smtpReady).waitFor((x) => x.to.includes(email), 20000);
  const token = /https:\/\/barnplan\.test\/invite#kod=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(m.mail.text)[1];
  const browser = srv.client();
  assert.equal((await browser.get('/invite')).status, 200);
  const { callback } = await oidc.idp.authorize(browser, 'SE2321000016-w001', () => browser.post('/invite/oidc', { token }, { csrf: false }));
  const id = Number(await one(`SELECT id FROM users WHERE username = '${email}'`));
  assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${id}/invite/withdraw`, {})).status, 303);
  const r = await browser.get(callback);
  assert.equal(r.status, 403, r.text.slice(0, 500));
  assert.equal(browser.cookie('bp_session'), undefined, 'no session');
  assert.equal(await one("SELECT COUNT(*) FROM user_identities WHERE subject = 'SE2321000016-w001'"), '0', 'nothing linked');
  assert.equal(await one(`SELECT COUNT(*) FROM staff_invites WHERE user_id = ${id} AND used_at IS NOT NULL`), '0');
});
