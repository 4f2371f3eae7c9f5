// What the region learns in a real browser (Debian's Chromium), with axe-core on the page (V-12.4): regional
// staff follow the menu's link, choose an organisation, a model and a period, and read each measure as a
// chart drawn by the server beside its table; the CSV link downloads the same counts. Nothing is scripted on
// the page.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('what the region learns in the browser', () => {
  let page, school;

  before(async () => {
    await srv.ready;
    const anna = await srv.apiLogin('anna');
    const orgs = await orgIds(anna);
    school = orgs['Ålidhemsskolan'];
    for (let i = 0; i < 5; i++) await makeCase(anna, { orgs: [school], noticed: '2025-05-05' });
    await srv.addUser('region_browser', `${orgs['BUP Umeå']}:regional`);
    page = await (await newContext(browser)).newPage();
    await logIn(page, srv.base, 'region_browser');
  });

  test('V-12.4: the menu leads regional staff to the statistics; the filter, the charts and their tables pass axe-core', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Statistik' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistik: vad vi lär oss' }).waitFor();
    await checkA11y(page, 'the region\'s statistics, every date');
    await page.getByLabel('Verksamhet').selectOption(String(school));
    await page.getByLabel('Arbetssätt').selectOption('vasterbotten');
    await page.getByLabel('Period').selectOption('2025-Q2');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/period=2025-Q2/);
    const steps = page.getByRole('table', { name: 'Ärenden per steg' });
    await steps.waitFor();
    assert.equal(await steps.getByRole('row', { name: /Förberedelse med barnet/ }).getByRole('cell').innerText(), '5');
    assert.match(await steps.getByRole('row', { name: /Genomförande/ }).getByRole('cell').innerText(), /^–/, 'V-12.4: below five, hidden');
    // V-6.1: Västerbotten's own word for the first meeting; the chart beside its table is for the eyes only
    await page.getByRole('heading', { name: 'Från att behovet uppmärksammades till SIP-mötet' }).waitFor();
    assert.equal(await page.locator('svg.chart[aria-hidden="true"]').count(), await page.locator('table.region-table').count());
    assert.equal(await page.locator('script').count(), 0);
    await checkA11y(page, 'one organisation\'s statistics in Västerbotten, 2025-Q2');
    await page.screenshot({ path: '/tmp/barnplan-region.png', fullPage: true }); // for people to look at
    const csv = await page.request.get(await page.getByRole('link', { name: 'Ladda ner som CSV' }).getAttribute('href', { timeout: 5000 }).then((h) => new URL(h, srv.base).href));
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /\r\nsteps,prepare_child,5\r\n/);
  });
});
