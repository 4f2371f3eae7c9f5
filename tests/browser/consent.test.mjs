// The consent ledger in a real browser (Debian's Chromium), with axe-core on every page: anna records
// the guardians' consent for her school (first with one guardian missing in joint custody), then for
// social services; bertil in social services now opens the case; anna records the withdrawal of social
// services' consent, and bertil finds the notification and the case closed to him (V-2.1, V-2.6, V-2.8).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('the consent ledger in the browser', () => {
  let anna, bertil, caseId;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('anna');
    const r = await api.postJson('/api/v1/cases', registrationJson());
    assert.equal(r.status, 201, r.text);
    caseId = r.json().id;
    anna = await (await newContext(browser)).newPage();
    bertil = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
    await logIn(bertil, srv.base, 'bertil');
  });

  test('V-2.1 one guardian missing in joint custody: the message by the field, the rest kept, axe passes', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await checkA11y(anna, 'the case page without consent');
    await anna.getByRole('link', { name: 'Registrera samtycke' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/consents/new$`));
    await checkA11y(anna, 'the consent form');
    await anna.getByLabel('Verksamhet som samtycket gäller').selectOption({ label: 'Ålidhemsskolan' });
    await anna.getByLabel('Ahmed Jsonsson').uncheck();
    await anna.getByLabel('Barnets inställning').fill('Vill att skolan hjälper till.');
    await anna.getByLabel('Vilka uppgifter får delas, och med vilka?').fill('Närvaro, till elevhälsan.');
    await anna.getByRole('button', { name: 'Registrera samtycket' }).click();
    await anna.getByText('Vid gemensam vårdnad ska båda vårdnadshavarna samtycka.').first().waitFor();
    await checkA11y(anna, 'the consent form with an error');
    assert.equal(await anna.getByLabel('Vilka uppgifter får delas, och med vilka?').inputValue(), 'Närvaro, till elevhälsan.');
    await anna.getByLabel('Ahmed Jsonsson').check();
    await anna.getByRole('button', { name: 'Registrera samtycket' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}\\?consent=recorded#consents$`));
    await anna.getByText('Samtyckesregistret är uppdaterat.').waitFor();
    await checkA11y(anna, 'the case page with a consent');
  });

  test('V-2.6 social services, asked to take part, records its own consent and only then sees the case', async () => {
    const before = await bertil.goto(`${srv.base}/cases/${caseId}`);
    assert.equal(before.status(), 404);
    assert.ok(!(await bertil.content()).includes('Jsonsson'), 'nothing of the child on the refusal');
    await anna.getByRole('link', { name: 'Be en verksamhet delta' }).click();
    await anna.waitForURL(/\/ask$/);
    await anna.getByRole('button', { name: 'Be verksamheten delta' }).click();
    await anna.getByText('Fyll i fältet.').first().waitFor();
    await checkA11y(anna, 'the ask form with an error');
    await anna.getByLabel('Verksamhet', { exact: false }).selectOption({ label: 'Socialtjänsten Umeå' });
    await anna.getByRole('button', { name: 'Be verksamheten delta' }).click();
    await anna.waitForURL(/asked=1/);
    await anna.getByText('Verksamheten har fått besked').waitFor();
    const asked = await bertil.goto(`${srv.base}/cases/${caseId}`);
    assert.equal(asked.status(), 200);
    await bertil.getByRole('heading', { name: 'Er verksamhet är ombedd att delta' }).waitFor();
    await checkA11y(bertil, 'the case as social services sees it when asked');
    await bertil.getByRole('link', { name: 'Registrera samtycke för Socialtjänsten Umeå' }).click();
    await bertil.getByLabel('Barnets inställning').fill('Vill att socialtjänsten är med.');
    await bertil.getByLabel('Vilka uppgifter får delas, och med vilka?').fill('Hemsituationen, till skolan.');
    await bertil.getByRole('button', { name: 'Registrera samtycket' }).click();
    await bertil.waitForURL(/consent=recorded/);
    await bertil.getByRole('heading', { name: 'Initiativet' }).waitFor();
    await checkA11y(bertil, 'the case page for social services');
  });

  test('V-2.8 the withdrawal form passes axe; after it social services is told and shut out', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    const row = anna.getByRole('row', { name: /Socialtjänsten Umeå/ });
    await row.getByRole('link', { name: 'Återkalla' }).click();
    await anna.waitForURL(/\/withdraw$/);
    await checkA11y(anna, 'the withdrawal form');
    await anna.getByRole('button', { name: 'Återkalla samtycket' }).click();
    await anna.getByText('Fyll i fältet.').first().waitFor();
    await checkA11y(anna, 'the withdrawal form with an error');
    await anna.getByLabel('Vårdnadshavarna').check();
    await anna.getByRole('button', { name: 'Återkalla samtycket' }).click();
    await anna.waitForURL(/consent=withdrawn/);
    const resp = await bertil.goto(`${srv.base}/cases/${caseId}`);
    assert.equal(resp.status(), 404);
    await bertil.getByRole('navigation').getByRole('link', { name: 'Aviseringar' }).click();
    await bertil.getByText('Ett samtycke har återkallats').waitFor();
    await checkA11y(bertil, 'the notifications page');
  });

  test('"Mina uppgifter" passes axe', async () => {
    await anna.getByRole('navigation').getByRole('link', { name: 'Mina uppgifter' }).click();
    await anna.waitForURL(/\/tasks$/);
    await anna.getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();
    await checkA11y(anna, 'the work list');
  });

  test('the page about the way of working passes axe', async () => {
    await bertil.getByRole('link', { name: 'Om arbetssättet' }).click();
    await bertil.waitForURL(/\/about$/);
    await checkA11y(bertil, 'the about page');
  });
});
