// The barnensbästa-ansvarig in a real browser (Debian's Chromium), with axe-core on every page (X-1, X-2,
// maja (social services, K-1.2) opens the case page of a Kronoberg case for a toddler, follows
// "Utse barnensbästa-ansvarig", confirms the BVC nurse suggested for the child's age; leo, the BBA, finds the
// case on his work list, first sends the decision without the organisation (the message by the field) and
// then hands the need over to the school; maja later hands the role on to the school's principal, and the
// page shows the history; at last the case closes (V-11.1) in Kronoberg's words, and karin, the BBA now,
// is told (X-2: the BBA follows the case after handing it over).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, today, addDays, personnummer } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('the barnensbästa-ansvarig in the browser', () => {
  let maja, leo, kase;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('maja');
    const orgs = await orgIds(api);
    kase = await makeCase(api, {
      model: 'kronoberg',
      route: 'other_org',
      orgs: [orgs['Socialtjänsten Växjö'], orgs['BVC Teleborg'], orgs['Furutåskolan']],
      registration: { child: { id_number: personnummer(addDays(today(), -3 * 365 - 40), 611) } },
    });
    maja = await (await newContext(browser)).newPage();
    leo = await (await newContext(browser)).newPage();
    await logIn(maja, srv.base, 'maja');
    await logIn(leo, srv.base, 'leo');
  });

  test('X-1 the suggestion for a toddler is the BVC nurse; confirming it names them; axe passes', async () => {
    await maja.goto(`${srv.base}/cases/${kase.id}`);
    await maja.getByRole('link', { name: 'Utse barnensbästa-ansvarig' }).click();
    await maja.waitForURL(new RegExp(`/cases/${kase.id}/bba$`));
    await checkA11y(maja, 'the barnensbästa-ansvarig page before anyone is named');
    await maja.getByText('Förslag: Leo Persson').waitFor();
    const chosen = await maja.locator('#bba-user_id').inputValue();
    assert.equal(await maja.locator('#bba-user_id').locator('option:checked').textContent(), 'Leo Persson (BVC-sjuksköterska), BVC Teleborg', chosen);
    await maja.getByRole('button', { name: 'Utse' }).click();
    await maja.waitForURL(/\/bba\?saved=1$/);
    await maja.getByText('Sparat. De som berörs har fått besked.').waitFor();
    await checkA11y(maja, 'the barnensbästa-ansvarig page with a BBA');
  });

  test('X-3 the BBA finds the case on the work list and records the decision; a missing organisation is named by the field', async () => {
    await leo.goto(`${srv.base}/tasks`);
    await leo.getByText('Barnensbästa-ansvarig: välj hur behovet ska mötas').first().waitFor();
    await checkA11y(leo, 'the work list with the BBA task');
    await leo.goto(`${srv.base}/cases/${kase.id}/bba`);
    await leo.getByLabel('Behovet hör helt till en annan verksamhet: lämna över').check();
    await leo.getByRole('button', { name: 'Registrera beslutet' }).click();
    await leo.getByText('Fyll i fältet.').first().waitFor();
    await checkA11y(leo, 'the decision with an error');
    assert.equal(await leo.getByLabel('Behovet hör helt till en annan verksamhet: lämna över').isChecked(), true, 'kept as chosen');
    await leo.getByLabel('Verksamhet som behovet hör till (vid överlämning)').selectOption({ label: 'Furutåskolan' });
    await leo.getByRole('button', { name: 'Registrera beslutet' }).click();
    await leo.waitForURL(/\/bba\?saved=1$/);
    await leo.getByText('Behovet är överlämnat.').waitFor();
    await checkA11y(leo, 'the decision recorded');
  });

  test('X-1 the role handed on: the history shows both', async () => {
    await maja.goto(`${srv.base}/cases/${kase.id}/bba`);
    await maja.locator('#bba-user_id').selectOption({ label: 'Karin Johansson (rektor, barnensbästa-ansvarig), Furutåskolan' });
    await maja.getByRole('button', { name: 'Lämna över' }).click();
    await maja.waitForURL(/\/bba\?saved=1$/);
    const rows = maja.getByRole('table').getByRole('row');
    assert.equal(await rows.count(), 3, 'a header and two BBAs');
    await maja.getByRole('row', { name: /Leo Persson/ }).waitFor();
    await maja.getByRole('row', { name: /Karin Johansson.*nu/ }).waitFor();
    await checkA11y(maja, 'the history of BBAs');
    await maja.goto(`${srv.base}/cases/${kase.id}`);
    await maja.getByText('Karin Johansson (rektor, barnensbästa-ansvarig), Furutåskolan').waitFor();
    await checkA11y(maja, 'the case page naming the BBA');
  });

  test('V-11.1, V-11.3, X-2: the Kronoberg case closes by a joint decision; the BBA is told; axe on the way', async () => {
    await maja.goto(`${srv.base}/cases/${kase.id}`);
    await maja.getByRole('link', { name: 'Avsluta ärendet' }).click();
    await checkA11y(maja, 'the closure form of a Kronoberg case');
    await maja.getByLabel('Samordning behövs inte längre').check();
    await maja.getByLabel('Barnet är överens').check();
    await maja.getByLabel('Socialtjänsten Växjö').check();
    await maja.getByLabel('Furutåskolan').check();
    await maja.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await maja.getByText('Ärendet är avslutat. Alla inblandade har fått besked.').waitFor();
    await checkA11y(maja, 'the closed Kronoberg case');
    assert.equal(await maja.getByRole('link', { name: 'Utse barnensbästa-ansvarig' }).count(), 0, 'read-only');
    await maja.getByRole('link', { name: 'Avslutningsbrev till familjen' }).click();
    await maja.getByText('Ni är välkomna att höra av er igen, med nya eller gamla frågor.').waitFor();
    await checkA11y(maja, 'the closing letter in Kronoberg');
    const karin = await (await newContext(browser)).newPage();
    await logIn(karin, srv.base, 'karin');
    await karin.goto(`${srv.base}/notifications`);
    await karin.getByText('Ärendet har avslutats').first().waitFor();
    await checkA11y(karin, "the BBA's notifications");
  });
});
