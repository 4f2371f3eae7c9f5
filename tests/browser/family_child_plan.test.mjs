// family_child_plan: the child's plan in Chromium (issue 10 item 6). A ten-year-old logs in with the code on a
// printed letter, follows "Planen för barn" from the case page and reads the plan in easy words with pictures,
// on a 375 px phone and a 1280 px desktop: axe-core finds no violation (WCAG 2.1 AA), the pictures are images
// with a text alternative, nothing scrolls sideways at 375 px. Printed (print media emulated): one column, no
// navigation, no links of the page around the plan. The child's plan at 375 px is kept as a picture in the
// build's test artefacts (tests/artefacts/family/).
import { bornYearsAgo } from '../lib/family.mjs';
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { useServer, barnplanBin, personnummer, addDays, today, decodeEntities } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, overflow } from '../lib/browser.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

function artefacts() {
  const dir = path.join(path.resolve(path.dirname(barnplanBin()), '../..'), 'tests/artefacts/family');
  mkdirSync(dir, { recursive: true });
  return dir;
}


describe('issue 10 item 6: a ten-year-old reads the child\'s plan on a phone and a desktop, and prints it', () => {
  let kase, annaWeb;
  before(async () => {
    await srv.ready;
    const [anna, bertil, david] = await Promise.all(['anna', 'bertil', 'david'].map((u) => srv.apiLogin(u)));
    annaWeb = await srv.login('anna');
    kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { given_name: 'Elsa', id_number: personnummer(bornYearsAgo(10), 710) } } });
  });

  /** A letter's code for the child, printed by the professional (the letter's page). */
  async function childCode() {
    const r = await annaWeb.post(`/cases/${kase.id}/family/letter`, { guardian: '0' });
    assert.equal(r.status, 200);
    return decodeEntities(r.text).match(/class="survey-code">([A-Z0-9-]+)</)[1];
  }

  for (const width of [375, 1280]) {
    test(`at ${width} px: easy words, pictures with text alternatives, axe-clean${width === 375 ? ', no sideways scroll' : ''}; printed without navigation`, async () => {
      const page = await (await newContext(browser, { viewport: { width, height: 800 } })).newPage();
      await page.goto(`${srv.base}/family/login`);
      await page.getByLabel(/^Kod/).fill(await childCode());
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL(/\/family$/);
      await page.goto(`${srv.base}/family/cases/${kase.id}`);
      await page.getByRole('link', { name: 'Planen för barn' }).click();
      await page.waitForURL(new RegExp(`/family/cases/${kase.id}/plan/child$`));
      await page.getByRole('heading', { level: 1, name: 'Din plan, Elsa' }).waitFor();
      const main = await page.locator('main').innerText();
      for (const words of ['Det här ska hjälpa dig.', 'Vem gör vad', 'Nästa gång vi ses', 'Läser en bok på egen hand', 'Specialpedagogiskt stöd', 'Ring skolans rektor'])
        assert.ok(main.includes(words), `"${words}" on the page`);
      for (const alt of ['Bild: Lärande', 'Bild: Skola', 'Bild: Socialtjänst'])
        assert.ok(await page.getByRole('img', { name: alt }).first().isVisible(), `the picture "${alt}" is shown with its text alternative`);
      await checkA11y(page, `the child's plan at ${width} px`);
      const fontSize = await page.locator('.child-row p').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      assert.ok(fontSize >= 19, `large text (${fontSize} px)`);
      if (width === 375) {
        assert.equal(await overflow(page), 0, 'the child\'s plan fits a 375 px screen');
        await page.screenshot({ path: path.join(artefacts(), `${srv.backend}-child-plan-easy-375.png`), fullPage: true });
      }
      // printed: the plan alone, in one column
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('header.top nav').first().isVisible(), false, 'no navigation on paper');
      assert.equal(await page.locator('.crumbs').isVisible(), false, 'no breadcrumbs on paper');
      assert.equal(await page.getByRole('link', { name: 'Ladda ner din plan som PDF' }).isVisible(), false, 'no download link on paper');
      assert.ok(await page.getByRole('heading', { name: 'Vem gör vad' }).isVisible(), 'the plan itself is printed');
      const lefts = await page.locator('.child-card').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
      assert.ok(lefts.length >= 4 && new Set(lefts).size === 1, `one column on paper (${lefts})`);
      if (width === 375) await page.screenshot({ path: path.join(artefacts(), `${srv.backend}-child-plan-print-375.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
      await page.context().close();
    });
  }
});
