// family_consent: consent online in Chromium (issue 10 item 4; V-2.8). A twelve-year-old logs in with the code on
// a printed letter, opens the consent ledger from their case page and withdraws one organisation's consent with
// the keyboard: the confirmation page first, then at once; a guardian in joint custody does the same on a phone. A guardian limits a consent, a mistake shown beside its
// field. Each guardian in joint custody gives consent to an organisation that asks. axe-core on each page, at 1280 and at 375 px, where nothing scrolls sideways.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, personnummer, addDays, today } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, familyLoggedIn } from '../lib/browser.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';
import { bornYearsAgo, letterCode } from '../lib/family.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('a twelve-year-old withdraws a consent online', () => {
  let anna, annaWeb, bertil, orgs;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil')]);
    orgs = await orgIds(anna);
  });

  /** A page at `width` px logged in with a letter's code for the child (0) or a guardian of case `caseId`. */
  const familyPage = async (caseId, guardianId, width) => familyLoggedIn(browser, srv.base, await letterCode(annaWeb, caseId, guardianId), width);

  /** Presses Tab until the focused element's text matches `name` (at most 40 times); true when it did. */
  async function tabTo(page, name) {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => document.activeElement?.textContent?.trim() || '');
      if (name.test(text)) return true;
    }
    return false;
  }

  for (const width of [1280, 375]) {
    test(`at ${width} px, with the keyboard: the ledger, the question, then at once (V-2.8)`, async () => {
      const soc = orgs['Socialtjänsten Umeå'];
      const kase = await makeCase(anna, {
        orgs: [orgs['Ålidhemsskolan'], soc],
        registration: { child: { given_name: 'Saga', id_number: personnummer(bornYearsAgo(12), 412) } },
      });
      const code = await letterCode(annaWeb, kase.id, 0);
      const page = await (await newContext(browser, { viewport: { width, height: 800 } })).newPage();
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await page.goto(`${srv.base}/family/login`);
      await page.getByLabel(/^Kod/).fill(code);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/family$/);
      await page.goto(`${srv.base}/family/cases/${kase.id}`);
      assert.ok(await tabTo(page, /^Se vilka som får dela det som står om dig$/), 'the case page links to the consents');
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/family/cases/${kase.id}/consents$`));
      await checkA11y(page, `the consent ledger at ${width} px`);
      assert.equal(await overflow(), 0, 'the ledger fits the screen');
      assert.match(await page.locator('main').innerText(), /Socialtjänsten Umeå/);
      assert.ok(await tabTo(page, /^Ta tillbaka samtycket\s+för Socialtjänsten Umeå$/), 'the withdrawal link names the organisation');
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/consents/${kase.consents[soc]}/withdraw$`));
      await checkA11y(page, `the confirmation at ${width} px`);
      assert.equal(await overflow(), 0, 'the question fits the screen');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Vill du ta tillbaka samtycket för Socialtjänsten Umeå?');
      assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 200, 'nothing happens before the answer');
      assert.ok(await tabTo(page, /^Ja, ta tillbaka samtycket$/));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/consents\?withdrawn=1$/);
      assert.match(await page.getByRole('status').innerText(), /Du har tagit tillbaka samtycket/);
      await checkA11y(page, `the ledger after the withdrawal at ${width} px`);
      assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 404, 'V-2.8: at once');
      await page.context().close();
    });
  }

  test('at 375 px: a guardian in joint custody withdraws one organisation\'s consent; it ends at once for both (V-2.8, V-2.9)', async () => {
    const [school, soc] = [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']];
    const kase = await makeCase(anna, { orgs: [school, soc] });
    const page = await familyPage(kase.id, kase.guardians[1], 375);
    await page.goto(`${srv.base}/family/cases/${kase.id}`);
    await page.getByRole('link', { name: 'Se och ta tillbaka samtycken' }).click();
    await page.waitForURL(/\/consents$/);
    await page.getByRole('link', { name: /^Ta tillbaka samtycket\s+för Socialtjänsten Umeå$/ }).click();
    await page.waitForURL(new RegExp(`/consents/${kase.consents[soc]}/withdraw$`));
    await checkA11y(page, 'the guardian\'s confirmation at 375 px');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the question fits the screen');
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 200, 'nothing happens before the answer');
    await page.getByRole('button', { name: 'Ja, ta tillbaka samtycket' }).click();
    await page.waitForURL(/\/consents\?withdrawn=1$/);
    await checkA11y(page, 'the guardian\'s ledger after the withdrawal at 375 px');
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 404, 'V-2.8: one guardian\'s withdrawal ends it at once');
    const ledger = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json().consents;
    assert.equal(ledger.find((k) => k.org_id === soc).status, 'withdrawn', 'in the ledger as if a professional had recorded it');
    assert.equal(ledger.find((k) => k.org_id === school).status, 'active', 'the other organisation\'s consent stays');
    await page.context().close();
  });

  test('at 375 px: a young person of 16 says no beside the guardians\' consent (consent.child_answer, V-2.2)', async () => {
    const soc = orgs['Socialtjänsten Umeå'];
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], soc], registration: { child: { id_number: personnummer(bornYearsAgo(16), 416) } } });
    const page = await familyPage(kase.id, 0, 375);
    await page.goto(`${srv.base}/family/cases/${kase.id}/consents`);
    await page.getByRole('link', { name: /^Säg vad du tycker\s+om Socialtjänsten Umeå$/ }).click();
    await page.waitForURL(/\/answer$/);
    await checkA11y(page, 'the young person\'s question at 375 px');
    await page.getByRole('button', { name: 'Spara mitt svar' }).click();
    await page.locator('#consent-child_answer-error').waitFor();
    await checkA11y(page, 'the question with its message at 375 px');
    await page.getByRole('radio', { name: 'Nej, jag vill inte att de delar' }).check();
    await page.getByRole('button', { name: 'Spara mitt svar' }).click();
    await page.waitForURL(/\/consents\?answered=1$/);
    assert.match(await page.getByRole('status').innerText(), /Ditt svar är sparat/);
    await checkA11y(page, 'the ledger with the answer at 375 px');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the ledger fits the screen');
    assert.equal((await anna.getJson(`/api/v1/cases/${kase.id}`)).json().consents.find((k) => k.org_id === soc).child_answer, 'no');
    await page.context().close();
  });

  for (const width of [1280, 375]) {
    test(`at ${width} px: a guardian limits a consent; a mistake is shown beside its field (consent.limit)`, async () => {
      const soc = orgs['Socialtjänsten Umeå'];
      const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], soc], consent: { renew_on: addDays(today(), 200) } });
      const page = await familyPage(kase.id, kase.guardians[0], width);
      await page.goto(`${srv.base}/family/cases/${kase.id}/consents`);
      await page.getByRole('link', { name: 'Begränsa samtycket för Socialtjänsten Umeå' }).click();
      await page.waitForURL(/\/limit$/);
      await checkA11y(page, `the limit form at ${width} px`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the form fits the screen');
      await page.getByLabel(/^Samtycket gäller som längst till/).fill(addDays(today(), 400));
      await page.getByRole('button', { name: 'Spara begränsningen' }).click();
      await assert.doesNotReject(page.getByText('Här kan du bara begränsa samtycket', { exact: false }).first().waitFor());
      await checkA11y(page, `the limit form with an error at ${width} px`);
      await page.getByLabel(/^Samtycket gäller som längst till/).fill(addDays(today(), 30));
      await page.getByLabel(/förberedande möte/).uncheck();
      await page.getByRole('button', { name: 'Spara begränsningen' }).click();
      await page.waitForURL(/\/consents\?limited=1$/);
      assert.match(await page.getByRole('status').innerText(), /Samtycket är begränsat/);
      const now = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json().consents.find((k) => k.org_id === soc && k.status === 'active');
      assert.equal(now.covers_preparation, false);
      assert.equal(now.renew_on, addDays(today(), 30));
      await page.context().close();
    });
  }

  for (const width of [1280, 375]) {
    test(`at ${width} px: each guardian in joint custody gives consent to an organisation that asks (consent.give, V-2.6)`, async () => {
      const soc = orgs['Socialtjänsten Umeå'];
      const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
      assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/asks`, { org_id: soc })).status, 201);
      for (const [i, guardian] of kase.guardians.entries()) {
        const page = await familyPage(kase.id, guardian, width);
        await page.goto(`${srv.base}/family/cases/${kase.id}/consents`);
        await page.getByRole('link', { name: 'Ge samtycke till Socialtjänsten Umeå' }).click();
        await page.waitForURL(/\/asks\/\d+\/consent$/);
        await checkA11y(page, `the consent form of guardian ${i + 1} at ${width} px`);
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the form fits the screen');
        if (i === 0) await page.getByLabel(/^Vad får delas/).fill('Skolans och socialtjänstens planering kring läsningen.');
        else assert.equal(await page.getByLabel(/^Vad får delas/).inputValue(), 'Skolans och socialtjänstens planering kring läsningen.', 'the first guardian\'s terms');
        await page.getByRole('button', { name: 'Ja, jag samtycker' }).click();
        await page.waitForURL(new RegExp(`/consents\\?${i === 0 ? 'confirmed' : 'given'}=1$`));
        await checkA11y(page, `the ledger after guardian ${i + 1}'s answer at ${width} px`);
        await page.context().close();
      }
      assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).json().access, 'full', 'in force when both have said yes');
    });
  }
});
