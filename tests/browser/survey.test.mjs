// The survey in a real browser (Debian's Chromium), with axe-core on every page (V-12.1-V-12.4): anna prints
// the child's and a guardian's letters from the case (a code and a QR code), the child answers on a phone
// by picking faces, a guardian first sends nothing (the message is shown) and then answers, the same code
// is refused a second time, and an administrator reads the results, where nothing below five is shown.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';
import { finishedPlanCase } from '../lib/survey.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('the survey in the browser', () => {
  let anna, caseId, childCode, guardianCode;

  before(async () => {
    await srv.ready;
    caseId = await finishedPlanCase(await srv.apiLogin('anna'), 'Ålidhemsskolan'); // V-12.2: the survey goes out
    anna = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
  });

  /** Prints the letter on the invitation row of `who` and returns the code it shows. */
  async function letter(who, where) {
    await anna.goto(`${srv.base}/cases/${caseId}/survey`);
    await anna.getByRole('button', { name: `Skriv ut brev ${who}` }).click();
    await anna.getByRole('heading', { level: 1 }).waitFor();
    await anna.getByRole('img', { name: 'QR-kod till enkäten' }).waitFor(); // V-12.1: the QR code, drawn as SVG
    await checkA11y(anna, where);
    return anna.locator('.survey-code').innerText();
  }

  test('V-12.2: the case lists the survey\'s invitations; the child\'s and a guardian\'s letters have a code and a QR code', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await anna.getByRole('link', { name: 'Enkät till barnet och vårdnadshavarna' }).click();
    await anna.getByRole('table', { name: 'Inbjudningar till enkäten' }).waitFor();
    await checkA11y(anna, 'the case\'s survey invitations');
    childCode = await letter('Barnet', 'the child\'s letter');
    assert.match(childCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    assert.match(await anna.locator('article.letter').innerText(), /Vad tycker du\?/);
    guardianCode = await letter('Ahmed Jsonsson', 'a guardian\'s letter');
  });

  test('V-12.1, V-12.3: the child answers on a phone by picking faces, with the code typed from the letter', async () => {
    const phone = await (await newContext(browser, { viewport: { width: 375, height: 740 }, isMobile: true })).newPage();
    await phone.goto(`${srv.base}/survey`);
    await checkA11y(phone, 'the survey\'s code page');
    await phone.getByLabel('Koden från brevet').fill(childCode.toLowerCase());
    await phone.getByRole('button', { name: 'Till enkäten' }).click();
    await phone.getByRole('heading', { name: 'Vad tycker du?' }).waitFor();
    await checkA11y(phone, 'the child\'s survey');
    await phone.getByRole('group', { name: 'Lyssnade de vuxna på dig?' }).getByLabel('Ja, mycket').check();
    await phone.getByRole('group', { name: 'Hur tycker du att hjälpen är?' }).getByLabel('Ganska nöjd').check();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the form fits a phone's width (${width}px)`);
    await phone.getByRole('button', { name: 'Skicka svaren' }).click();
    await phone.getByRole('heading', { name: 'Tack för dina svar' }).waitFor();
    await checkA11y(phone, 'the thanks');
    // V-12.1: a code answers once
    const scanned = await phone.context().newPage(); // the QR code's link scanned again: the code after '#' (V14.2.1)
    await scanned.goto(`${srv.base}/survey#kod=${childCode}`);
    await scanned.getByRole('heading', { name: 'Enkäten är redan besvarad' }).waitFor();
    await checkA11y(scanned, 'a used code');
  });

  test('V-12.3: a guardian\'s survey: nothing sent gives a message, then the answers are taken', async () => {
    const page = await (await newContext(browser)).newPage();
    // V14.2.1: the QR code's link has the code after '#': code.js fills the form in and sends it, and the
    // code leaves the address bar
    await page.goto(`${srv.base}/survey#kod=${guardianCode}`);
    await page.getByRole('heading', { name: 'Vad tycker ni om hjälpen?' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/survey/code');
    assert.equal(new URL(page.url()).hash, '');
    await checkA11y(page, 'a guardian\'s survey');
    await page.getByRole('button', { name: 'Skicka svaren' }).click();
    await page.getByRole('alert').filter({ hasText: 'Svara på minst en fråga innan du skickar.' }).waitFor();
    await checkA11y(page, 'a guardian\'s survey with its message');
    await page.getByRole('group', { name: 'Har familjens situation förändrats sedan vår hjälp började?' }).getByLabel('Bättre').check();
    await page.getByLabel('Har ni något mer att säga? Vad kan vi göra bättre?').fill('Mer tid vid mötena.');
    await page.getByRole('button', { name: 'Skicka svaren' }).click();
    await page.getByRole('heading', { name: 'Tack för dina svar' }).waitFor();
  });

  test('V-12.4: the results page: charts drawn by the server, nothing below five, filters', async () => {
    const admin = await (await newContext(browser)).newPage();
    await logIn(admin, srv.base, 'admin');
    await admin.getByRole('link', { name: 'Enkätresultat' }).click();
    await admin.getByRole('heading', { name: 'Enkätresultat' }).waitFor();
    await checkA11y(admin, 'the survey results');
    const text = await admin.locator('main').innerText();
    assert.match(text, /Färre än fem svar: inget visas\./);
    assert.doesNotMatch(text, /Antal svar/, 'one child and one guardian answered: nothing is shown');
    assert.doesNotMatch(text, /Mer tid vid mötena/, 'a free text is not shown among fewer than five');
    await admin.getByLabel('Arbetssätt').selectOption('vasterbotten');
    await admin.getByRole('button', { name: 'Visa' }).click();
    await admin.waitForURL(/model=vasterbotten/);
    await checkA11y(admin, 'the survey results, filtered');
  });
});
