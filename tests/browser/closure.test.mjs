// Closing a case in a real browser (Debian's Chromium), with axe-core on every page: anna tries to close the
// case without a reason and then as a joint decision with nobody agreeing (the messages by the fields), then
// records who agreed (V-11.1); the case page shows the closure and no write forms; the family's closing letter
// (V-11.4) and the reopening form pass axe, and the case opens again with a reason.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('closing a case in the browser (V-11.1-V-11.4)', () => {
  let anna, caseId;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('anna');
    const orgs = await orgIds(api);
    caseId = (await makeCase(api, { orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']] })).id;
    anna = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
  });

  test('V-11.1 the closure form: without a reason, then a joint decision with nobody agreeing, then who agreed; axe passes', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await anna.getByRole('link', { name: 'Avsluta ärendet' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/closure$`));
    await checkA11y(anna, 'the closure form');
    await anna.getByLabel('Anteckning').fill('Närvaron är god sedan januari.');
    await anna.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await anna.getByText('Fyll i fältet.').first().waitFor();
    await checkA11y(anna, 'the closure form without a reason');
    assert.equal(await anna.getByLabel('Anteckning').inputValue(), 'Närvaron är god sedan januari.', 'kept as typed');
    await anna.getByLabel('Samordning behövs inte längre').check();
    await anna.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await anna.getByText(/Ett gemensamt beslut: markera vilka som var överens/).first().waitFor();
    await checkA11y(anna, 'the closure form with nobody agreeing');
    await anna.getByLabel('Målen är nådda').check();
    await anna.getByLabel('Barnet är överens').check();
    await anna.getByLabel('Leila Jsonsson').check();
    await anna.getByLabel('Ålidhemsskolan').check();
    await anna.getByLabel('Socialtjänsten Umeå').check();
    await anna.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}\\?closed=1#closure$`));
    await anna.getByText('Ärendet är avslutat. Alla inblandade har fått besked.').waitFor();
    await checkA11y(anna, 'the closed case page');
    assert.equal(await anna.getByRole('link', { name: 'Registrera samtycke' }).count(), 0, 'no write forms on a closed case');
    assert.equal(await anna.getByRole('link', { name: 'Planera ett möte' }).count(), 0);
  });

  test('V-11.4 the closing letter for the family passes axe', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await anna.getByRole('link', { name: 'Avslutningsbrev till familjen' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/closure/letter$`));
    await anna.getByRole('heading', { level: 1, name: 'Planen är avslutad' }).waitFor();
    await anna.getByText('Ni är välkomna att höra av er igen, med nya eller gamla frågor.').waitFor();
    await checkA11y(anna, 'the closing letter');
  });

  test('reopening: the form passes axe, and the case opens again with a reason', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await anna.getByRole('link', { name: 'Öppna ärendet igen' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/reopen$`));
    await checkA11y(anna, 'the reopening form');
    await anna.getByRole('button', { name: 'Öppna ärendet igen' }).click();
    await anna.getByText('Fyll i fältet.').first().waitFor();
    await checkA11y(anna, 'the reopening form without a reason');
    await anna.getByLabel('Varför öppnas ärendet igen?').fill('Frånvaron har ökat igen.');
    await anna.getByRole('button', { name: 'Öppna ärendet igen' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}\\?reopened=1#closure$`));
    await anna.getByText('Ärendet är öppnat igen. Alla inblandade har fått besked.').waitFor();
    await anna.getByRole('link', { name: 'Registrera samtycke' }).waitFor();
    await checkA11y(anna, 'the reopened case page');
  });
});
