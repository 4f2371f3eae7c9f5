// family_prep: the child's voice in Chromium (issue 10 item 5). A twelve-year-old logs in with a letter's code
// and answers the questions of V-3.7 on their own page with the keyboard alone (Tab to each field, arrow keys
// for the choices, Space for the tick, Enter to send), on a desktop (1280 px) and a phone (375 px): first a
// mistake (a letter chosen but not written, V-3.12) that comes back as typed with the message beside the field,
// then the answers, shared with the guardians (R2). A guardian then reads them and answers their own questions
// (V-4.1, V-4.2). axe-core on every page; nothing scrolls sideways at 375 px.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, personnummer, bornYearsAgo, uniqueName } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

/** Presses Tab until the element matching `selector` has the focus (at most `max` times). */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${selector} is not reached with the Tab key`);
}

async function noSideways(page, where) {
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, `${where} fits the screen`);
}

describe('a twelve-year-old answers the questions with the keyboard; a guardian reads and answers; the professional sees it', () => {
  let anna, annaWeb, orgs;
  before(async () => {
    await srv.ready;
    anna = await srv.apiLogin('anna');
    annaWeb = await srv.login('anna');
    orgs = await orgIds(anna);
  });

  /** A login letter's code for the child (0) or a guardian, printed by the professional. */
  async function code(kase, guardianId) {
    const r = await annaWeb.post(`/cases/${kase.id}/family/letter`, { guardian: String(guardianId) });
    assert.equal(r.status, 200);
    return decodeEntities(r.text).match(/class="survey-code">([A-Z0-9-]+)</)[1];
  }

  /** A family member's page, logged in by typing the code and pressing Enter. */
  async function familyPage(kase, width, guardianId) {
    const page = await (await newContext(browser, { viewport: { width, height: 900 } })).newPage();
    await page.goto(`${srv.base}/family/login`);
    await page.getByLabel(/^Kod/).fill(await code(kase, guardianId));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/family$/);
    return page;
  }

  for (const width of [1280, 375]) {
    test(`V-3.7, V-3.11, V-3.12, R2 at ${width} px: the child answers with the keyboard alone`, async () => {
      const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { given_name: 'Tuva', id_number: personnummer(bornYearsAgo(12), 300 + (width % 97)) } } });
      const page = await familyPage(kase, width, 0);
      await page.goto(`${srv.base}/family/cases/${kase.id}`);
      await tabTo(page, `a[href="/family/cases/${kase.id}/prep"]`);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/family/cases/${kase.id}/prep$`));
      await checkA11y(page, `the child's prep page at ${width} px`);
      await noSideways(page, `the child's prep page at ${width} px`);
      assert.equal(await page.locator('svg.q-picture').count(), 5, 'a picture beside each question');
      const mark = uniqueName(`TUVA${width}`);
      // the first question, then "a letter" without one: a mistake
      await tabTo(page, '#prep-answer_1');
      await page.keyboard.type(`${mark} att få vara med kompisarna`);
      await tabTo(page, 'input[name="prep.participation"]');
      // the arrow keys move through the radio buttons (whole, part, heard, representative, letter) and choose
      for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement.value)) !== 'letter'; i++) await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement.value), 'letter');
      await tabTo(page, 'button[type="submit"].primary');
      await page.keyboard.press('Enter');
      await page.getByText('Skriv ditt brev, eller skriv var brevet finns.').first().waitFor();
      await checkA11y(page, `the child's form with a mistake at ${width} px`);
      assert.match(await page.locator('#prep-answer_1').inputValue(), new RegExp(mark), 'the form is kept as typed');
      assert.equal(await page.locator('#prep-letter_text').getAttribute('aria-invalid'), 'true');
      // the letter, whom and where, and the tick: shown to the guardians
      await tabTo(page, '#prep-letter_text');
      await page.keyboard.type(`${mark}-BREV lyssna på mig`);
      await tabTo(page, '#prep-wanted_participants');
      await page.keyboard.type('Mormor och min lärare');
      await tabTo(page, '#prep-share_with_guardians');
      await page.keyboard.press('Space');
      assert.ok(await page.locator('#prep-share_with_guardians').isChecked());
      await tabTo(page, 'button[type="submit"].primary');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/prep\?saved=1$/);
      await page.getByText('Tack! Dina svar är sparade.').waitFor();
      await checkA11y(page, `the child's page after saving at ${width} px`);
      await noSideways(page, `the saved page at ${width} px`);
      assert.match(await page.locator('#prep-letter_text').inputValue(), new RegExp(`${mark}-BREV`));
      await page.context().close();

      // a guardian reads the shared answers, and answers their own questions
      const g = await familyPage(kase, width, kase.guardians[0]);
      await g.goto(`${srv.base}/family/cases/${kase.id}/prep`);
      await checkA11y(g, `the guardian's prep page at ${width} px`);
      await noSideways(g, `the guardian's prep page at ${width} px`);
      const text = await g.locator('main').innerText();
      assert.match(text, new RegExp(`${mark}-BREV`), 'R2: shared, so the guardian reads the letter');
      assert.match(text, /Barnet har valt att visa svaren för er/);
      await g.getByLabel('Vad är viktigt för att det ska bli bra för ditt barn och er familj?').fill(`Vårdnadshavarens svar ${width}`);
      await g.getByRole('button', { name: 'Spara mina svar' }).click();
      await g.getByText('Tack! Dina svar är sparade.').waitFor();
      await checkA11y(g, `the guardian's page after saving at ${width} px`);
      await g.context().close();

      // the professional sees the child's answers where they prepare, marked as given online
      const pro = await (await newContext(browser)).newPage();
      await logIn(pro, srv.base, 'anna');
      await pro.goto(`${srv.base}/cases/${kase.id}/prep/child`);
      await checkA11y(pro, 'the professional\'s prep page after the child answered');
      assert.match(await pro.locator('#prep-online').innerText(), /Barnet har själv svarat på frågorna på sin egen sida/);
      assert.match(await pro.locator('#prep-letter_text').inputValue(), new RegExp(`${mark}-BREV lyssna på mig`));
      await pro.context().close();
    });
  }
});
