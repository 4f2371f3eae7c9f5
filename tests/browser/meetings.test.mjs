// Meetings in a real browser (Debian's Chromium), with axe-core on every page: anna plans the SIP-möte
// for a case with consent, invites the child, both guardians and a colleague in social services, sends
// the invitation after confirming the warnings ("Skicka ändå"), and opens the chair's page, the glossary,
// the screen summary and the printable letter (V-4.3-V-4.5, V-6.3, V-6.9, V-6.10, K-6.3, K-6.4).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, inDays } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';
import { recordConsent } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it


describe('meetings in the browser', () => {
  let anna, caseId, meetingUrl;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('anna');
    const r = await api.postJson('/api/v1/cases', registrationJson());
    assert.equal(r.status, 201, r.text);
    caseId = r.json().id;
    const guardians = (await api.getJson(`/api/v1/cases/${caseId}`)).json().guardians.map((g) => g.id);
    const orgs = Object.fromEntries((await api.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    for (const org of ['Ålidhemsskolan', 'Socialtjänsten Umeå']) // V-2.6: each by its own staff
      await recordConsent(api, caseId, orgs[org], { guardian_ids: guardians, scope: 'Det som behövs.' });
    anna = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
  });

  test('V-4.4, V-4.5 plan the meeting: the form, a missing purpose named by the field, then saved', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await anna.getByRole('link', { name: 'Planera ett möte' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/meetings/new$`));
    await checkA11y(anna, 'the meeting form');
    await anna.getByLabel('Datum').fill(inDays(10));
    await anna.getByLabel('Börjar').fill('10:00');
    await anna.getByLabel('Slutar').fill('09:00');
    await anna.getByRole('radio', { name: 'På plats' }).check();
    await anna.getByRole('button', { name: 'Spara mötet' }).click();
    await anna.getByText('Mötet måste sluta efter att det börjar.').first().waitFor();
    await checkA11y(anna, 'the meeting form with an error');
    await anna.getByLabel('Slutar').fill('11:30');
    await anna.getByLabel('Plats', { exact: true }).fill('Skolans konferensrum');
    await anna.getByLabel('Varför mötet behövs').fill('Att göra en plan för skolan och hemmet.');
    await anna.getByLabel('Vad ska vi prata om').fill('Skoldagen och fritiden.');
    await anna.getByRole('button', { name: 'Spara mötet' }).click();
    await anna.waitForURL(/\/meetings\/\d+\?saved=1$/);
    meetingUrl = anna.url().replace(/\?.*$/, '');
    await checkA11y(anna, 'the meeting page');
  });

  test('V-4.3, V-3.10 invite and send: warnings shown, confirmed with "Skicka ändå"', async () => {
    await anna.getByLabel('Vem', { exact: true }).selectOption('child');
    await anna.getByRole('button', { name: 'Lägg till' }).click();
    for (const name of ['Leila Jsonsson', 'Ahmed Jsonsson']) {
      await anna.getByLabel('Vem', { exact: true }).selectOption('guardian');
      await anna.getByLabel('Vårdnadshavare (om vårdnadshavare)').selectOption({ label: name });
      await anna.getByRole('button', { name: 'Lägg till' }).click();
      await anna.getByRole('row', { name: new RegExp(name) }).waitFor();
    }
    await anna.getByLabel('Vem', { exact: true }).selectOption('professional');
    await anna.getByLabel('Verksamhet (om yrkesverksam)').selectOption({ label: 'Socialtjänsten Umeå' });
    await anna.getByLabel('Person i Barnplan (om yrkesverksam)').selectOption({ label: 'Bertil Öberg (socialsekreterare)' });
    await anna.getByRole('button', { name: 'Lägg till' }).click();
    await anna.getByRole('row', { name: /Bertil/ }).waitFor();
    await checkA11y(anna, 'the meeting page with invitees');
    await anna.getByRole('button', { name: 'Skicka kallelsen' }).click();
    await anna.getByText('Barnet är inte förberett på mötet ännu.').waitFor();
    await checkA11y(anna, 'the send step with warnings');
    await anna.getByLabel('Skicka ändå').check();
    await anna.getByRole('button', { name: 'Skicka kallelsen' }).click();
    await anna.waitForURL(/sent=1$/);
    await anna.getByText('Kallelsen är skickad.', { exact: false }).first().waitFor();
    await checkA11y(anna, 'the meeting page after sending');
  });

  test('V-6.3, K-6.3, V-6.10 the chair\'s page; K-6.4 the glossary; V-6.9 the screen summary; the letter', async () => {
    await anna.goto(meetingUrl);
    await anna.getByRole('link', { name: 'Ordförandens sida' }).click();
    await anna.getByText('Ta emot barnet och vårdnadshavarna först.', { exact: false }).waitFor();
    await anna.getByText('Barnet får sista ordet').first().waitFor();
    await checkA11y(anna, 'the chair\'s page');
    await anna.getByRole('link', { name: 'Ord vi använder på mötet' }).click();
    await anna.getByText('Samordnad individuell plan.', { exact: false }).waitFor();
    await checkA11y(anna, 'the glossary');
    await anna.goto(`${meetingUrl}/screen`);
    await anna.getByRole('heading', { name: 'Varför vi träffas' }).waitFor();
    await checkA11y(anna, 'the screen summary');
    await anna.goto(`${meetingUrl}/letter`);
    await anna.getByRole('heading', { name: 'Kallelse till möte' }).waitFor();
    await checkA11y(anna, 'the printable letter');
    await anna.emulateMedia({ media: 'print' });
    assert.equal(await anna.locator('header.top').isVisible(), false, 'the print layout hides the navigation');
    await anna.screenshot({ path: process.env.BARNPLAN_SHOT || '/tmp/barnplan-letter.png', fullPage: true });
    await anna.emulateMedia({ media: 'screen' });
  });
});
