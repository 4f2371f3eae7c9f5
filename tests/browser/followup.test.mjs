// Following up the plan in a real browser (Debian's Chromium), with axe-core on every page: anna opens the
// follow-up page from the follow-up meeting, records what the child said before (V-10.2), answers the
// checklist (V-10.4) with a bad date first (the message beside the field, the rest kept), reviews each
// intervention, books the next follow-up and makes the updated plan with BUP as the new coordinator
// (V-10.5-V-10.7); david of BUP accepts on the plan page.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, inDays, today } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('following up the plan in the browser', () => {
  let page, kase, mid;

  before(async () => {
    await srv.ready;
    const [anna, bertil, david] = await Promise.all(['anna', 'bertil', 'david'].map((u) => srv.apiLogin(u)));
    kase = await makeFinishedPlan({ anna, bertil, david });
    const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: inDays(30), start: '13:30', end: '14:30', setting: 'physical', setting_agreed: true,
      place: 'Ålidhemsskolan', purpose: 'Att följa upp planen.', agenda: 'Hur insatserna har gått.',
    });
    assert.equal(m.status, 201, m.text);
    mid = m.json().id;
    page = await (await newContext(browser)).newPage();
    await logIn(page, srv.base, 'anna');
  });

  test('V-10.2-V-10.7: the follow-up, question by question and intervention by intervention, to the updated plan', async () => {
    await page.goto(`${srv.base}/cases/${kase.id}/meetings/${mid}`);
    await page.getByRole('link', { name: 'Uppföljningen: frågorna och insatserna' }).click();
    await page.getByRole('heading', { name: 'Börja med att sammanfatta förra mötet' }).waitFor();
    await checkA11y(page, 'the follow-up page');
    // the preparation for this meeting (V-10.2)
    await page.getByRole('link', { name: 'Förbered barnet inför uppföljningen' }).click();
    await page.getByText('Förberedelsen inför uppföljningen.').waitFor();
    await checkA11y(page, "the child's preparation for the follow-up");
    await page.getByRole('link', { name: 'Till uppföljningen' }).click();
    // V-10.2, V-10.4, V-10.5: a bad date first
    await page.getByLabel('Hur upplevde barnet förra mötet?').fill('Det var skönt att bli lyssnad på.');
    await page.getByLabel('a. Har alla gjort det de åtog sig i planen?').fill('Ja.');
    await page.getByLabel('h. Det här fungerar').fill('Läsningen går framåt.');
    await page.getByLabel('Datum för nästa uppföljning').fill('2020-01-01');
    await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await page.getByText('Nästa uppföljning ska ligga efter den här.').first().waitFor();
    assert.equal(await page.getByLabel('h. Det här fungerar').inputValue(), 'Läsningen går framåt.', 'kept as typed');
    await checkA11y(page, 'the follow-up page with an error');
    await page.getByLabel('Datum för nästa uppföljning').fill(inDays(120));
    await page.getByLabel('Datum då barnet och vårdnadshavarna fick säga sitt').fill(today());
    await page.getByLabel('Ja, vi gör en uppdaterad plan').check();
    await page.getByLabel('Ny samordnande verksamhet för den uppdaterade planen').selectOption({ label: 'BUP Umeå' });
    await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await page.waitForURL(/saved=followup/);
    // V-10.4: each intervention
    for (const [what, decision] of [['Specialpedagogiskt stöd', 'Fortsätter som nu'], ['Familjebehandling', 'Avslutas']]) {
      const item = page.locator('.item', { hasText: what });
      await item.getByLabel(decision).check();
      await item.getByRole('button', { name: 'Spara för den här insatsen' }).click();
      await page.waitForURL(/saved=interventions/);
    }
    await checkA11y(page, 'the follow-up page, every intervention reviewed');
    // V-10.6: the updated plan
    await page.getByRole('button', { name: 'Gör den uppdaterade planen' }).click();
    await page.waitForURL(/\/plan\?saved=new_version/);
    await page.getByText('BUP Umeå: har inte tackat ja än').waitFor();
    await checkA11y(page, 'the updated plan waiting for its new coordinator');
    // V-10.7: BUP accepts
    const david = await (await newContext(browser)).newPage();
    await logIn(david, srv.base, 'david');
    await david.goto(`${srv.base}/cases/${kase.id}/plan`);
    await david.getByRole('button', { name: 'Vi tar på oss att samordna planen' }).click();
    await david.waitForURL(/saved=coordination/);
    assert.equal(await david.getByText('har inte tackat ja än').count(), 0);
    await checkA11y(david, 'the plan after the new coordinator accepted');
  });
});
