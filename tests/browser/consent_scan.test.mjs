// The scanned paper consent form in a real browser (Debian's Chromium), with axe-core on every page (V-2.5,
// K-2.1): anna attaches a PDF to her school's consent through the file input of the consent table
// (multipart/form-data with the csrf field), sees the download link with type and size, and gets a
// message next to the field when the file is not a PDF, JPEG or PNG.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
    'trailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

describe('the scanned consent form in the browser', () => {
  let anna, caseId, consentId;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('anna');
    let r = await api.postJson('/api/v1/cases', registrationJson());
    assert.equal(r.status, 201, r.text);
    caseId = r.json().id;
    const guardians = (await api.getJson(`/api/v1/cases/${caseId}`)).json().guardians.map((g) => g.id);
    const orgs = Object.fromEntries((await api.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    r = await api.postJson(`/api/v1/cases/${caseId}/consents`, {
      org_id: orgs['Ålidhemsskolan'],
      giver: 'guardians',
      guardian_ids: guardians,
      child_view: 'Vill att skolan hjälper till.',
      maturity_note: 'Tio år.',
      scope: 'Närvaro, till elevhälsan.',
      covers_preparation: true,
      form: 'hlt_vasterbotten',
      given_on: today(),
    });
    assert.equal(r.status, 201, r.text);
    consentId = r.json().id;
    anna = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
  });

  test('V-2.5 attach a PDF with the file input; the link shows type and size; axe passes', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}#consents`);
    await checkA11y(anna, 'the case page with the attach form');
    await anna.getByLabel('Bifoga inskannad blankett').setInputFiles({ name: 'Samtycke skolan.pdf', mimeType: 'application/pdf', buffer: PDF });
    await anna.getByRole('button', { name: 'Bifoga', exact: true }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}\\?scan=added#consent-${consentId}$`));
    await anna.getByText('Den inskannade blanketten är bifogad.').waitFor();
    const link = anna.getByRole('link', { name: 'Inskannad blankett (PDF, 1 kB)' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `/cases/${caseId}/consents/${consentId}/scan`);
    await checkA11y(anna, 'the case page with a scanned form');
    const r = await anna.request.get(`${srv.base}/cases/${caseId}/consents/${consentId}/scan`);
    assert.equal(r.status(), 200);
    assert.ok(Buffer.from(await r.body()).equals(PDF), 'the same bytes come back');
  });

  test('V-2.5 a text file named .pdf: the message next to the field, axe passes', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}#consents`);
    await anna.getByLabel('Bifoga inskannad blankett').setInputFiles({ name: 'inte-en.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Bara text.\n') });
    await anna.getByRole('button', { name: 'Bifoga', exact: true }).click();
    await anna.getByText('Filen är inte en PDF, JPEG eller PNG.').first().waitFor();
    const input = anna.getByLabel('Inskannad blankett');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    await checkA11y(anna, 'the attach form with an error');
    // the form on the error page works too
    await input.setInputFiles({ name: 'skan.pdf', mimeType: 'application/pdf', buffer: PDF });
    await anna.getByRole('button', { name: 'Bifoga', exact: true }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}\\?scan=added`));
  });
});
