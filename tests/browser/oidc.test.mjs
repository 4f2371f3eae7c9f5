// oidc.test.mjs: a staff member logs in through the identity provider in a real browser (Debian's Chromium;
// issue 10 item 1): the login page's "Logga in med SITHS", the provider's own login and consent forms
// (tests/lib/oidc.mjs: npm's oidc-provider on loopback), back to "Mina ärenden"; an identity that is not
// linked gets the Swedish page saying so. axe-core on Barnplan's pages (not on the provider's test forms).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newContext, checkA11y } from '../lib/browser.mjs';
import { useOidcServer } from '../lib/oidc.mjs';

const browser = useBrowser(); // one Chromium for the file, closed after it
const oidc = await useOidcServer();
const srv = oidc.srv;

/** From Barnplan's login page through the provider's forms as `login`; resolves when back at Barnplan. */
async function throughProvider(page, login) {
  await page.goto(`${srv.base}/login`);
  await checkA11y(page, 'the login page with the provider\'s button');
  await page.screenshot({ path: '/tmp/barnplan-login-oidc.png' }); // for people to look at
  await page.getByRole('link', { name: 'Logga in med SITHS' }).click();
  await page.waitForURL((u) => u.origin === oidc.idp.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => u.origin === srv.base);
}

describe('a staff login through the identity provider in the browser', () => {
  before(async () => {
    await srv.ready;
    await srv.cli(['user', 'link', 'anna', '--issuer', oidc.idp.issuer, '--subject', 'SE2321000016-a001']);
  });

  test('issue 10 item 1: "Logga in med SITHS", the provider\'s forms, then Mina ärenden', async () => {
    const page = await (await newContext(browser)).newPage();
    await throughProvider(page, 'SE2321000016-a001');
    await page.waitForURL(/\/cases$/);
    await page.getByRole('heading', { level: 1, name: 'Mina ärenden' }).waitFor();
    await checkA11y(page, 'Mina ärenden after a login through the provider');
    await page.context().close();
  });

  test('issue 10 item 1: an identity no account is linked to gets a Swedish page saying so, and no session', async () => {
    const page = await (await newContext(browser)).newPage();
    await throughProvider(page, 'SE2321000016-zz01');
    await page.getByText('inte kopplad till något konto i Barnplan').waitFor();
    await checkA11y(page, 'the refusal of an identity not linked');
    const cookies = await page.context().cookies();
    assert.ok(!cookies.some((c) => c.name === 'bp_session'), 'no session cookie');
    await page.goto(`${srv.base}/cases`);
    await page.waitForURL(/\/login/);
    await page.context().close();
  });
});
