// Preparing the child and the guardians in a real browser (Debian's Chromium), with axe-core on every
// page: anna fills in the child's preparation (first marking it done with what is missing, then right),
// sees the warnings about interpreter and picture support without being stopped, prepares both guardians,
// finds everyone prepared on the case page, and opens the printable questions (V-3.x, V-4.1-V-4.3).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('preparing the child and the guardians in the browser', () => {
  let anna, caseId;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('anna');
    const r = await api.postJson('/api/v1/cases', registrationJson());
    assert.equal(r.status, 201, r.text);
    caseId = r.json().id;
    const orgs = Object.fromEntries((await api.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    const guardians = (await api.getJson(`/api/v1/cases/${caseId}`)).json().guardians.map((g) => g.id);
    const c = await api.postJson(`/api/v1/cases/${caseId}/consents`, {
      org_id: orgs['Ålidhemsskolan'], giver: 'guardians', guardian_ids: guardians, child_view: 'Vill att de pratar.',
      scope: 'Det som behövs inför mötet.', covers_preparation: true, form: 'hlt_vasterbotten', given_on: today(),
    });
    assert.equal(c.status, 201, c.text);
    anna = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
  });

  test('V-4.3 the case page shows nobody prepared yet; V-3.4, V-3.11 the child\'s form: errors by the fields, kept as typed', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await anna.getByText('Vem är förberedd inför mötet?').waitFor();
    await checkA11y(anna, 'the case page with nobody prepared');
    await anna.getByRole('link', { name: /^Barnet/ }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/prep/child$`));
    await checkA11y(anna, 'the child\'s preparation form');
    await anna.getByLabel('Vad är viktigt för dig för att det ska kännas bra hemma eller i skolan?').fill('Att ingen bråkar');
    await anna.getByLabel('Var och hur vill barnet att mötet ska vara?').fill('I lilla rummet');
    await anna.getByRole('button', { name: 'Markera som klar' }).click();
    await anna.getByText('Formuläret innehåller fel. Rätta fälten som är markerade.').first().waitFor();
    await checkA11y(anna, 'the child\'s form with errors');
    assert.equal(await anna.getByLabel('Vad är viktigt för dig för att det ska kännas bra hemma eller i skolan?').inputValue(), 'Att ingen bråkar');
    await anna.getByText('Kryssa i att barnet fick veta det på ett sätt som barnet förstår.').first().waitFor();
  });

  test('V-3.5 warnings do not block; V-3.12 a letter with a note; the child\'s preparation done', async () => {
    await anna.getByLabel('När berättade du för barnet om mötet?').fill(today());
    await anna.getByLabel('Vad berättade du, och hur?').fill('Med bilder, i skolan.');
    await anna.getByLabel('Barnet fick veta det på ett sätt som barnet förstår').check();
    await anna.getByLabel(/Ett brev från barnet läses upp/).check();
    await anna.getByLabel('Eller: var finns brevet?').fill('Hos mentorn');
    await anna.getByLabel('Digitalt, med video (en säker tjänst)').check();
    await anna.getByRole('button', { name: 'Markera som klar' }).click();
    await anna.waitForURL(/saved=1/);
    await anna.getByText('Förberedelsen är sparad.').waitFor();
    await anna.getByText('Tolk behövs enligt uppgifterna, men ingen tolk användes. Du kan spara ändå.').first().waitFor();
    await checkA11y(anna, 'the child\'s form saved, with warnings');
    assert.equal(await anna.getByLabel('Eller: var finns brevet?').inputValue(), 'Hos mentorn');
    await anna.getByLabel('Tolk användes').check();
    await anna.getByLabel('Bildstöd användes').check();
    await anna.getByRole('button', { name: 'Markera som klar' }).click();
    await anna.waitForURL(/saved=1/);
    assert.equal(await anna.getByText('Att tänka på').count(), 0, 'no warnings once both were used');
  });

  test('V-4.1, V-4.2 both guardians prepared; V-4.3 everyone prepared on the case page', async () => {
    for (const name of ['Leila Jsonsson', 'Ahmed Jsonsson']) {
      await anna.goto(`${srv.base}/cases/${caseId}`);
      await anna.getByRole('link', { name }).first().click();
      await anna.waitForURL(/\/prep\/guardians\/\d+$/);
      await checkA11y(anna, `the guardian's form (${name})`);
      await anna.getByLabel('Vad är viktigt för att mötet ska bli bra för dig?').fill('Att få tid att prata.');
      await anna.getByLabel('När pratade du med vårdnadshavaren?').fill(today());
      await anna.getByLabel('Tolk användes').check();
      await anna.getByRole('button', { name: 'Markera som klar' }).click();
      await anna.waitForURL(/saved=1/);
    }
    await anna.goto(`${srv.base}/cases/${caseId}#prep`);
    await anna.getByText('Barnet och alla vårdnadshavare är förberedda. Kallelsen kan skickas.').waitFor();
    await checkA11y(anna, 'the case page with everyone prepared');
    await anna.screenshot({ path: '/tmp/barnplan-prep-case.png', fullPage: true });
  });

  test('V-3.5, V-3.7 the printable questions with pictures', async () => {
    await anna.getByRole('link', { name: 'Frågor till barnet att skriva ut' }).click();
    await anna.waitForURL(/\/prep\/child\/questions$/);
    await anna.getByText('Hur vill du vara delaktig på mötet?').waitFor();
    assert.equal(await anna.locator('svg.q-picture').count(), 5);
    await checkA11y(anna, 'the printable questions');
    await anna.emulateMedia({ media: 'print' });
    await anna.screenshot({ path: '/tmp/barnplan-prep-questions.png', fullPage: true });
  });
});
