// family_events: a twelve-year-old tells the coordinator in Chromium (issue 10 items 3, 7; V-9.3, rule R2). On a
// phone (375 px) the child logs in with a letter's code, follows the case page's link to the events page
// (/family/cases/{id}/events), sends nothing first (the message beside the field, the form kept), then tells what
// happened and ticks "Visa för mina vårdnadshavare"; the report is listed with "Visas för vårdnadshavarna", and a
// guardian then reads it there (a report left unshared is not). The coordinator's decision (V-9.4) is shown to
// both. axe-core on every page; nothing scrolls sideways.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities, personnummer, bornYearsAgo } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, overflow, PHONE } from '../lib/browser.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';
import { letterCode } from '../lib/family.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('a twelve-year-old reports an event on the phone and shares it with the guardians', () => {
  let anna, annaWeb, bertil, david, kase;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david')]);
    kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { given_name: 'Tuva', id_number: personnummer(bornYearsAgo(12), 812) } } });
  });

  /** A family member's phone, logged in by typing a letter's code. */
  async function phone(guardianId) {
    const page = await (await newContext(browser, PHONE)).newPage();
    await page.goto(`${srv.base}/family/login`);
    await page.getByLabel(/^Kod/).fill(await letterCode(annaWeb, kase.id, guardianId));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/family$/);
    return page;
  }

  test('V-9.3, R2 at 375 px: the child tells the coordinator, ticks the box, and the guardian reads it; V-9.4: the decision', async () => {
    const child = await phone(0);
    await child.goto(`${srv.base}/family/cases/${kase.id}`);
    await child.getByRole('link', { name: 'Det som har berättats och vad som har bestämts' }).click();
    await child.waitForURL(new RegExp(`/family/cases/${kase.id}/events$`));
    await child.getByRole('heading', { level: 1, name: 'Har något hänt?' }).waitFor();
    await checkA11y(child, 'the events page, empty, at 375 px');
    assert.equal(await overflow(child), 0, 'the events page fits 375 px');
    await child.getByRole('button', { name: 'Skicka', exact: true }).click(); // nothing typed
    await child.getByText('Fyll i fältet.').first().waitFor();
    await checkA11y(child, 'the events page with an error at 375 px');
    assert.equal(await child.locator('#event-what').getAttribute('aria-invalid'), 'true', 'the message beside the field');
    await child.getByLabel(/^Vad har hänt\?/).fill('BROWSER-DELAT Jag har börjat i en ny klass.');
    await child.getByLabel(/^Visa för mina vårdnadshavare/).check();
    await child.getByRole('button', { name: 'Skicka', exact: true }).click();
    await child.getByText('Tack! Vi har berättat det för den som samordnar planen.').waitFor();
    const shared = child.locator('[data-item="event.child_reports"]', { hasText: 'BROWSER-DELAT' });
    await shared.getByText('Visas för vårdnadshavarna.').waitFor();
    // a second one, not shared (the tick is off again on a fresh form)
    assert.equal(await child.getByLabel(/^Visa för mina vårdnadshavare/).isChecked(), false, 'default off');
    await child.getByLabel(/^Vad har hänt\?/).fill('BROWSER-DOLT Det är bråkigt hemma.');
    await child.getByRole('button', { name: 'Skicka', exact: true }).click();
    await child.locator('[data-item="event.child_reports"]', { hasText: 'BROWSER-DOLT' }).waitFor();
    await checkA11y(child, 'the events page with two reports at 375 px');
    assert.equal(await overflow(child), 0, 'still fits 375 px');
    // V-9.4: the coordinator decides; the child sees the decision on their own report
    const events = (await anna.getJson(`/api/v1/cases/${kase.id}/implementation`)).json().events;
    const ev = events.find((e) => e.what.startsWith('BROWSER-DELAT'));
    assert.ok(ev, 'V-9.3: the coordinator has it');
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/implementation/events/${ev.id}/decision`, { decision: 'booked_enough', note: 'Vi pratar om det på mötet.' })).status, 200);
    await child.reload();
    await shared.getByText('Det bokade uppföljningsmötet räcker').waitFor();
    // R2: the guardian reads the shared one, never the other
    const guardian = await phone(kase.guardians[0]);
    await guardian.goto(`${srv.base}/family/cases/${kase.id}/events`);
    await guardian.locator('[data-item="event.child_reports"]', { hasText: 'BROWSER-DELAT' }).waitFor();
    const html = decodeEntities(await guardian.content());
    assert.ok(!html.includes('BROWSER-DOLT'), 'R2: the child\'s unshared report is not the guardian\'s');
    assert.match(html, /Barnet berättade/);
    assert.equal(await guardian.locator('input[name="event.share_with_guardians"]').count(), 0, 'no tick for a guardian');
    await checkA11y(guardian, 'the guardian\'s events page at 375 px');
    assert.equal(await overflow(guardian), 0);
  });
});
