// family: the family's own pages in Chromium (issue 10 items 2, 3 and 11). A professional prints a login letter
// in the browser; a guardian and a twelve-year-old type its code on the family login page, on a desktop and on a
// 375 px phone, and read their case, the next meeting and the plan. axe-core on every page; nothing scrolls
// sideways at 375 px; the child's plan at 375 px is kept as a picture in the build's test artefacts
// (tests/artefacts/family/).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { useServer, barnplanBin, inDays, personnummer, dbQuery } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn, familyLoggedIn } from '../lib/browser.mjs';
import { makeFinishedPlan, bookFollowupWithFamily } from '../lib/fixtures.mjs';
import { bornYearsAgo } from '../lib/family.mjs';

const browser = useBrowser(); // one Chromium for the file, closed after it
const srv = useServer();

function artefacts() {
  const dir = path.join(path.resolve(path.dirname(barnplanBin()), '../..'), 'tests/artefacts/family');
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('a guardian and a twelve-year-old on their own pages', () => {
  let kase, pro;
  before(async () => {
    await srv.ready;
    const [anna, bertil, david] = await Promise.all(['anna', 'bertil', 'david'].map((u) => srv.apiLogin(u)));
    kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { given_name: 'Saga', id_number: personnummer(bornYearsAgo(12), 212) } } });
    await bookFollowupWithFamily(anna, kase);
    pro = await (await newContext(browser)).newPage();
    await logIn(pro, srv.base, 'anna');
  });

  /** anna prints the letter for `who` ("Brev till barnet" or the guardian's button) and reads the code off it. */
  async function printLetter(button) {
    await pro.goto(`${srv.base}/cases/${kase.id}`);
    await pro.getByRole('button', { name: button }).click();
    await pro.waitForURL(/\/family\/letter$/);
    await checkA11y(pro, 'the login letter');
    return (await pro.locator('.survey-code').textContent()).trim();
  }

  test('the guardian signs the plan, tells the coordinator, downloads the copy and answers the survey (issue 10 item 7)', async () => {
    const page = await familyLoggedIn(browser, srv.base, await printLetter(/^Brev till Ahmed/));
    await page.goto(`${srv.base}/family/cases/${kase.id}/plan`);
    await page.getByRole('radio', { name: 'Skriver under' }).check();
    await page.getByRole('button', { name: 'Skicka mitt svar' }).click();
    await page.getByText('Tack! Ditt svar är sparat.').waitFor();
    await checkA11y(page, 'the plan after signing');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner planen som PDF' }).click()]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    await page.goto(`${srv.base}/family/cases/${kase.id}`);
    await page.getByLabel(/^Vad har hänt\?/).fill('Vi har flyttat till en ny lägenhet.');
    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    await page.getByText('Tack! Vi har berättat det för den som samordnar planen.').waitFor();
    await checkA11y(page, 'the case after telling the coordinator');
    await page.getByRole('button', { name: 'Svara på enkäten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vad tycker ni om hjälpen?' }).waitFor();
    assert.doesNotMatch(page.url(), /code|kod/, 'V14.2.1: no code in the address');
    await checkA11y(page, 'the survey opened from the family page');
    await page.context().close();
  });

  /** Asks for a link by e-mail on `page` and returns the link from the outbox, on the test server. */
  async function askForLink(page) {
    await page.goto(`${srv.base}/family/login`);
    await page.getByLabel(/^Din e-postadress/).fill('leila@example.se');
    await page.getByRole('button', { name: 'Skicka länk' }).click();
    await page.getByText('Om adressen finns hos oss har vi skickat en länk').waitFor();
    const body = (await dbQuery(srv, "SELECT body FROM outbox WHERE kind = 'family_link' ORDER BY id DESC LIMIT 1")).trim();
    const link = body.match(/https?:\/\/\S+\/family\/login#kod=[A-Z0-9]{16}(?=\s)/)?.[0];
    assert.ok(link, body);
    return link.replace(/^https?:\/\/[^/]+/, srv.base);
  }

  test('V14.2.1: a guardian asks for a link by e-mail; the script fills the code in from the link\'s fragment and takes it out of the address (issue 10 item 2)', async () => {
    const page = await (await newContext(browser, { viewport: { width: 375, height: 800 } })).newPage();
    const link = await askForLink(page);
    await checkA11y(page, 'the link sent');
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(link);
    const code = link.split('#kod=')[1];
    await page.waitForFunction(() => document.getElementById('code')?.value !== '');
    assert.equal(await page.getByLabel(/^Kod/).inputValue(), code, 'the code from the fragment, in the field');
    assert.equal(page.url(), `${srv.base}/family/login`, 'the fragment is gone from the address bar');
    assert.equal(await page.evaluate(() => window.location.hash), '');
    assert.ok(requested.every((u) => !u.includes(code)), `no request carried the code: ${requested.join(' ')}`);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Logga in', 'the button has the focus');
    await checkA11y(page, 'the link opened: the code filled in');
    await page.getByRole('button', { name: 'Logga in' }).first().click();
    await page.waitForURL(/\/family$/);
    await page.getByRole('heading', { level: 1, name: 'Mina sidor' }).waitFor();
    await page.context().close();
  });

  test('V14.2.1: without JavaScript the link opens the empty form and the code from the e-mail, typed, logs in', async () => {
    const page = await (await newContext(browser, { viewport: { width: 375, height: 800 }, javaScriptEnabled: false })).newPage();
    const link = await askForLink(page);
    await page.goto(link);
    assert.equal(await page.getByLabel(/^Kod/).inputValue(), '', 'no script: nothing filled in');
    await page.getByLabel(/^Kod/).fill(link.split('#kod=')[1]);
    await page.getByRole('button', { name: 'Logga in' }).first().click();
    await page.waitForURL(/\/family$/);
    await page.getByRole('heading', { level: 1, name: 'Mina sidor' }).waitFor();
    await page.context().close();
  });

  test('a guardian changes their own e-mail on a phone: the mistake beside the field, then saved (guardians.own_contact)', async () => {
    const page = await familyLoggedIn(browser, srv.base, await printLetter(/^Brev till Leila/));
    await page.goto(`${srv.base}/family/cases/${kase.id}`);
    await page.getByRole('link', { name: 'Ändra telefon eller e-post' }).click();
    await page.waitForURL(/\/contact$/);
    await checkA11y(page, 'the contact form at 375 px');
    await page.getByLabel(/^E-post/).fill('fel adress');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.locator('#guardians-email-error').waitFor();
    assert.equal(await page.getByLabel(/^E-post/).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel(/^E-post/).inputValue(), 'fel adress', 'kept as typed');
    await checkA11y(page, 'the contact form with its mistake at 375 px');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the form fits the screen');
    await page.getByLabel(/^E-post/).fill('leila.ny@example.se');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByText('Tack! Dina kontaktuppgifter är sparade.').waitFor();
    assert.match(await page.locator('[data-item="guardians.own_contact"]').innerText(), /leila\.ny@example\.se/);
    await checkA11y(page, 'the case after saving the contact details');
    await page.context().close();
  });

  for (const [who, button, width] of [['guardian', /^Brev till Leila/, 1280], ['child of 12', 'Brev till barnet', 375], ['child of 12', 'Brev till barnet', 1280]]) {
    test(`the ${who} at ${width} px: logs in with the letter's code, sees the case, the next meeting and the plan`, async () => {
      const code = await printLetter(button);
      const page = await (await newContext(browser, { viewport: { width, height: 800 } })).newPage();
      await page.goto(`${srv.base}/family/login`);
      await checkA11y(page, `the family login at ${width} px`);
      await page.getByLabel(/^Kod/).fill('fel-kod-1234');
      await page.getByRole('button', { name: 'Logga in' }).click();
      await assert.doesNotReject(page.getByText('Koden fungerar inte').waitFor());
      assert.equal(await page.getByLabel(/^Kod/).inputValue(), 'fel-kod-1234', 'the form is kept as typed');
      await checkA11y(page, 'the family login with an error');
      await page.getByLabel(/^Kod/).fill(code);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL(/\/family$/);
      await checkA11y(page, `my pages at ${width} px`);
      await page.getByRole('link', { name: /Barnets plan|SIP/ }).first().click();
      await page.waitForURL(new RegExp(`/family/cases/${kase.id}$`));
      assert.match(await page.locator('#next-title + p, #next-title ~ *').first().innerText(), /Uppföljning|möte/i);
      await checkA11y(page, `the case at ${width} px`);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.equal(await overflow(), 0, 'the case page fits the screen');
      await page.getByRole('link', { name: 'Mer om mötet' }).click();
      await checkA11y(page, `the meeting at ${width} px`);
      assert.match(await page.locator('main').innerText(), /Ålidhemsskolans konferensrum/);
      await page.goto(`${srv.base}/family/cases/${kase.id}/plan`);
      await checkA11y(page, `the plan at ${width} px`);
      assert.equal(await overflow(), 0, 'the plan fits the screen');
      const text = await page.locator('main').innerText();
      assert.match(text, /Läser en bok på egen hand/);
      assert.match(text, /Ring skolans rektor/);
      if (who !== 'guardian') assert.doesNotMatch(text, /Leila|070-111 22 33/, 'a child never sees a guardian\'s contact details');
      await page.goto(`${srv.base}/family/cases/${kase.id}`);
      await page.getByRole('link', { name: 'Vem har läst om barnet?' }).click(); // issue 10 item 8, from 12
      await page.waitForURL(/\/access$/);
      assert.match(await page.locator('main').innerText(), /Anna Lindqvist/);
      await checkA11y(page, `who has looked at ${width} px`);
      assert.equal(await overflow(), 0, 'who has looked fits the screen');
      await page.goto(`${srv.base}/family/cases/${kase.id}/plan`);
      if (width === 375) await page.screenshot({ path: path.join(artefacts(), `${srv.backend}-child-plan-375.png`), fullPage: true });
      // the keyboard alone: the skip link, then the first link of the page
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
      await page.context().close();
    });
  }
});
