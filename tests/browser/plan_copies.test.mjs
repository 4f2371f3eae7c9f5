// Copies of the plan in a real browser (V-8a.3, K-8.1), with axe-core on every page: anna (Ålidhemsskolan,
// Västerbotten) finishes a plan, sees on the plan page who has and has not received the version in force,
// downloads it as PDF (which puts her organisation on the ledger), and records a printed copy handed to the
// child and a letter to another participant, the form first with an error shown beside the field.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today, inDays } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

/** A case of anna's school with its own consent and a finished plan version 1, through the API. */
async function finishedCase() {
  const api = await srv.apiLogin('anna');
  const ok = async (req, status) => {
    const r = await req;
    assert.equal(r.status, status, r.text);
    return r;
  };
  const id = (await ok(api.postJson('/api/v1/cases', registrationJson()), 201)).json().id;
  const school = (await api.getJson('/api/v1/organisations')).json().find((o) => o.name === 'Ålidhemsskolan').id;
  const v = (await api.getJson(`/api/v1/cases/${id}`)).json();
  await ok(api.postJson(`/api/v1/cases/${id}/consents`, {
    org_id: school, giver: 'guardians', guardian_ids: v.guardians.map((g) => g.id), child_view: 'Vill ha hjälp.',
    scope: 'Det som behövs för planen.', covers_preparation: true, form: 'hlt_vasterbotten', given_on: today(),
  }), 201);
  await ok(api.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'learning', need: 'Läsa och förstå', goal: 'Läser en bok på egen hand före sommarlovet' }), 201);
  await ok(api.postJson(`/api/v1/cases/${id}/plan/interventions`, { what: 'Lästräning', org_id: school, starts_on: today(), level: 'Två lektioner i veckan' }), 201);
  await ok(api.postJson(`/api/v1/cases/${id}/plan/contacts`, { org_id: school, name: 'Anna Lindqvist' }), 200);
  await ok(api.postJson(`/api/v1/cases/${id}/plan`, {
    coordinator_orgs: [school], contact_if_fails: 'Ring skolans rektor', followup_on: inDays(45), followup_place: 'Skolan',
    followup_participants: 'Alla', summary: 'Vi hjälps åt med läsningen.',
  }), 200);
  await ok(api.postJson(`/api/v1/cases/${id}/plan/finish`, {}), 200);
  return id;
}

describe('copies of the plan in the browser', () => {
  let page, caseId;

  before(async () => {
    await srv.ready;
    caseId = await finishedCase();
    page = await (await newContext(browser, { acceptDownloads: true })).newPage();
    await logIn(page, srv.base, 'anna');
  });

  test('V-8a.3, K-8.1: the plan page shows who has not received the version in force; a PDF download puts the organisation on the ledger', async () => {
    await page.goto(`${srv.base}/cases/${caseId}/plan`);
    const copies = page.locator('#copies');
    await copies.getByRole('heading', { name: 'Exemplar av planen' }).waitFor();
    const table = copies.getByRole('table', { name: /Vem har fått versionsnummer 1/ });
    assert.match(await table.getByRole('row', { name: /Ålidhemsskolan/ }).innerText(), /Inte ännu/);
    await checkA11y(page, 'the plan page with the copies ledger');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Ladda ner planen som PDF/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `plan-${caseId}-version-1.pdf`);
    await page.goto(`${srv.base}/cases/${caseId}/plan`);
    assert.match(await page.locator('#copies').getByRole('row', { name: /Ålidhemsskolan/ }).innerText(), /Ja\s+Nedladdad i appen/);
  });

  test('V-8a.3: a copy handed over is recorded from the form; an error is shown beside the field with the rest kept as typed', async () => {
    await page.goto(`${srv.base}/cases/${caseId}/plan#copies`);
    const form = page.locator('#copies form');
    await form.getByLabel(/^Vem fick exemplaret\?/).selectOption({ label: 'Någon annan som deltar' });
    await form.getByLabel(/^Hur fick de exemplaret\?/).selectOption({ label: 'Skickat som brev' });
    await form.getByRole('button', { name: 'Registrera exemplaret' }).click();
    await page.locator('.error-summary').waitFor();
    await checkA11y(page, 'the copy form with an error');
    const name = page.locator('#copies form').getByLabel(/^Namn på mottagaren/);
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#copies form').getByLabel(/^Hur fick de exemplaret\?/).inputValue(), 'letter', 'kept as typed');
    await name.fill('Märta Åström');
    await page.locator('#copies form').getByRole('button', { name: 'Registrera exemplaret' }).click();
    await page.waitForURL(/saved=copy#copies$/);
    const row = page.locator('#copies').getByRole('row', { name: /Märta Åström/ });
    assert.match(await row.innerText(), /Ja\s+Skickat som brev/);
    const f2 = page.locator('#copies form');
    await f2.getByLabel(/^Vem fick exemplaret\?/).selectOption({ label: 'Barnet' });
    await f2.getByRole('button', { name: 'Registrera exemplaret' }).click();
    await page.waitForURL(/saved=copy#copies$/);
    assert.match(await page.locator('#copies').getByRole('row', { name: /\(barnet\)/ }).innerText(), /Ja\s+Utskrivet exemplar överlämnat/);
    await checkA11y(page, 'the plan page after a copy is recorded');
  });
});
