// Protected identity (skyddade personuppgifter, issue 10 item 10) in a real browser (Debian's Chromium), with
// axe-core on every page: anna, of the organisation that registered the case, opens "Skyddade
// personuppgifter" from the case page, first marks Leila as protected only from herself (the message by the
// field, the form kept as checked), then from Ahmed, and sees the marker; bertil, of another organisation
// under consent, sees the marker and whom to contact instead of Leila's address, and the free-text warning
// on the meeting form.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

const ADDRESS = `Skyddsgrand ${process.pid}`;

describe('protected identity in the browser', () => {
  let anna, bertil, kase;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('anna');
    const orgs = await orgIds(api);
    kase = await makeCase(api, {
      orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']],
      registration: {
        guardians: [
          { name: 'Leila Skyddad', custody: 'joint', address: ADDRESS, phone: '070-111 00 00' },
          { name: 'Ahmed Oppen', custody: 'joint', address: 'Oppengatan 2' },
        ],
      },
    });
    anna = await (await newContext(browser)).newPage();
    bertil = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
    await logIn(bertil, srv.base, 'bertil');
  });

  test('issue 10 item 10: the form, a mistake by its field, then the marker on the case page; axe passes', async () => {
    const reset = await (await srv.apiLogin('anna')).postJson(`/api/v1/cases/${kase.id}/protection`, {}); // nobody protected
    assert.equal(reset.status, 200, reset.text);
    await anna.goto(`${srv.base}/cases/${kase.id}`);
    await anna.getByRole('link', { name: 'Skyddade personuppgifter: ändra' }).click();
    await anna.waitForURL(new RegExp(`/cases/${kase.id}/protection$`));
    await checkA11y(anna, 'the protection form');
    const guardians = anna.getByRole('group', { name: 'Vårdnadshavare med skyddade personuppgifter' });
    const from = anna.getByRole('group', { name: 'Vårdnadshavarna skyddas mot' });
    await guardians.getByLabel('Leila Skyddad').check();
    await from.getByLabel('Leila Skyddad').check();
    await anna.getByRole('button', { name: 'Spara' }).click();
    await anna.getByText('En vårdnadshavare kan inte skyddas mot sig själv.').first().waitFor();
    assert.equal(await guardians.getByLabel('Leila Skyddad').isChecked(), true, 'the form is kept as checked');
    await checkA11y(anna, 'the protection form with its message');
    await from.getByLabel('Leila Skyddad').uncheck();
    await from.getByLabel('Ahmed Oppen').check();
    await anna.getByRole('button', { name: 'Spara' }).click();
    await anna.waitForURL(new RegExp(`/cases/${kase.id}\\?protection=1#protection-title$`));
    await anna.getByText('Skyddade personuppgifter är sparade.').waitFor();
    await anna.locator('.protected-notice').waitFor();
    assert.ok((await anna.content()).includes(ADDRESS), 'the initiating organisation sees her address');
    await checkA11y(anna, 'the case page with the marker');
  });

  test('issue 10 item 10, V-2.3: another organisation sees the marker and whom to contact; the free-text warning; axe passes', async () => {
    const api = await srv.apiLogin('anna');
    const g = kase.guardians;
    const r = await api.postJson(`/api/v1/cases/${kase.id}/protection`, { guardians: [g[0]], guardians_from: [g[1]] });
    assert.equal(r.status, 200, r.text);
    await bertil.goto(`${srv.base}/cases/${kase.id}`);
    await bertil.getByText('Skyddade personuppgifter: kontakta Ålidhemsskolan').waitFor();
    assert.ok(!(await bertil.content()).includes(ADDRESS), 'not her address');
    await checkA11y(bertil, 'the case page of another organisation, with the marker');
    await bertil.goto(`${srv.base}/cases/${kase.id}/meetings/new`);
    await bertil.locator('.protected-notice').waitFor();
    const warned = bertil.locator('textarea[aria-describedby*="-protected"]');
    assert.ok((await warned.count()) > 0, 'each long text is described by the warning');
    await checkA11y(bertil, 'the meeting form of a case with protected personal data');
  });
});
