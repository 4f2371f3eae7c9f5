// family_oidc.test.mjs: a guardian and a twelve-year-old log in through BankID in a real browser (issue 10
// item 1; Debian's Chromium): "Logga in med BankID" on the family login page, the provider's own forms
// (tests/lib/oidc.mjs: npm's oidc-provider on loopback releasing the personnummer, as the region's broker
// does), back to their own pages, at 375 px. axe-core on Barnplan's pages (not on the provider's test forms).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newContext, checkA11y } from '../lib/browser.mjs';
import { useFamilyOidcServer } from '../lib/oidc.mjs';
import { useServer, freePort, personnummer, addDays, today } from '../lib/server.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';
import { bornYearsAgo } from '../lib/family.mjs';

const browser = useBrowser();
const oidc = await useFamilyOidcServer();
const srv = oidc.srv;


describe('families log in through BankID in the browser', () => {
  const guardianPnr = personnummer('1984-02-03', 441);
  const childPnr = personnummer(bornYearsAgo(12), 442);
  let kase;
  before(async () => {
    await srv.ready;
    const anna = await srv.apiLogin('anna');
    const orgs = await orgIds(anna);
    kase = await makeCase(anna, {
      orgs: [orgs['Ålidhemsskolan']],
      registration: { child: { given_name: 'Tove', id_number: childPnr }, guardians: [{ name: 'Sara Bankid', custody: 'sole', id_number: guardianPnr }] },
    });
  });

  for (const [who, pnr, heading] of [['the guardian', guardianPnr, 'Barnets ärende'], ['the twelve-year-old', childPnr, 'Din sida']]) {
    test(`issue 10 item 1: ${who} logs in with BankID at 375 px and reaches their own pages`, async () => {
      const page = await (await newContext(browser, { viewport: { width: 375, height: 800 } })).newPage();
      await page.goto(`${srv.base}/family/login`);
      await checkA11y(page, 'the family login with BankID');
      await page.getByRole('link', { name: 'Logga in med BankID' }).click();
      await page.waitForURL((u) => u.origin === oidc.idp.issuer);
      await page.locator('input[name="login"]').fill(pnr);
      await page.locator('input[name="password"]').fill('any');
      await page.locator('button[type="submit"]').click();
      await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(`${srv.base}/family`);
      await checkA11y(page, `my pages after BankID (${who})`);
      await page.goto(`${srv.base}/family/cases/${kase.id}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await checkA11y(page, `the case after BankID (${who})`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
      await page.context().close();
    });
  }
});
