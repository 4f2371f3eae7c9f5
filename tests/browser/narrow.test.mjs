// The professionals' pages on a phone (issue 10 item 11): a teacher opens a case on a 375 px wide screen, or a
// desktop at 200 % zoom (640 CSS px). No page may be wider than the screen, so that nothing scrolls sideways;
// a wide table scrolls inside its own box. axe-core runs on each page at that width, and screenshots are kept
// in /tmp/barnplan-narrow-*.png for people to look at.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, inDays } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn, overflow, PHONE, ZOOM_200 } from '../lib/browser.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

// WCAG 1.4.10 (reflow) and 1.4.4 (resize text): a 1280 px window at 200 % zoom is 640 CSS px drawn with two device
// pixels each (deviceScaleFactor 2), which is what Chromium's own zoom gives the page.
for (const [label, options] of [['375 px (a phone)', PHONE], ['200 % zoom (640 CSS px of a 1280 px window)', ZOOM_200]]) {
  const width = options.viewport.width;
  describe(`the professionals' pages at ${label}`, () => {
    let page, kase, meetingId;

    before(async () => {
      await srv.ready;
      const [anna, bertil, david] = await Promise.all(['anna', 'bertil', 'david'].map((u) => srv.apiLogin(u)));
      kase = await makeFinishedPlan({ anna, bertil, david });
      const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
        kind: 'followup', date: inDays(20), start: '09:00', end: '10:30', setting: 'physical', setting_agreed: true,
        place: 'Ålidhemsskolans konferensrum, plan 2', purpose: 'Följa upp planen.', agenda: 'Hur det går i skolan.',
      });
      assert.equal(m.status, 201, m.text);
      meetingId = m.json().id;
      page = await (await newContext(browser, options)).newPage();
      await logIn(page, srv.base, 'anna');
    });

    const pages = [
      ['my cases', () => '/cases'],
      ['my tasks', () => '/tasks'],
      ['the case', () => `/cases/${kase.id}`],
      ['the plan', () => `/cases/${kase.id}/plan`],
      ['the implementation', () => `/cases/${kase.id}/implementation`],
      ['the meeting', () => `/cases/${kase.id}/meetings/${meetingId}`],
      ['the consent form', () => `/cases/${kase.id}/consents/new`],
      ['a new initiative', () => '/cases/new'],
      ['the notifications', () => '/notifications'],
      ['changing one\'s password (ASVS V6.2.2)', () => '/account/password'],
    ];
    for (const [name, path] of pages) {
      test(`${name} fits the screen: nothing scrolls sideways; axe passes`, async () => {
        const r = await page.goto(`${srv.base}${path()}`);
        assert.equal(r.status(), 200, path());
        const extra = await overflow(page);
        if (extra > 0) await page.screenshot({ path: `/tmp/barnplan-narrow-${width}-${name.replace(/\W+/g, '-')}.png`, fullPage: true });
        assert.equal(extra, 0, `${path()} is ${extra} px wider than a ${width} px screen`);
        await checkA11y(page, `${name} at ${width} px`);
      });
    }

    test('the case page at this width is kept as a picture', async () => {
      await page.goto(`${srv.base}/cases/${kase.id}`);
      await page.screenshot({ path: `/tmp/barnplan-narrow-${width}-case.png`, fullPage: true });
    });
  });
}
