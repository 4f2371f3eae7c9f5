// Keyboard alone (issue 10 item 11; WCAG 2.1.1 keyboard, 2.4.1 bypass blocks, 2.4.7 focus visible, 3.3.1 error
// identification): a professional logs in, opens a case from "Mina ärenden", opens its plan, fills in the goal
// form, sends it with a field missing, finds the message next to that field, fixes it and sends it again -- with
// Tab, Shift+Tab, Enter, Space and typing only, never a mouse click; and a child answers the survey on a phone
// with the keyboard (arrow keys in a group of faces). Every element the focus lands on must show it (the
// :focus-visible ring of static/app.css), and the skip link must be the first stop and lead into <main>.
// The same pages at 200 % zoom and at 375 px: tests/browser/narrow.test.mjs.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today, DEMO_PASSWORD } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, PHONE } from '../lib/browser.mjs';
import { finishedPlanCase, printedCodes } from '../lib/survey.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

/** What has the focus now: its tag, id, name, text, whether it is inside <main>, and whether its focus shows. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', visible: false };
    const st = getComputedStyle(el);
    const ring = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
    return {
      tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '', text: (el.innerText || el.value || '').trim(),
      href: el.getAttribute('href') || '', inMain: !!el.closest('main'), visible: ring && el.matches(':focus-visible'),
      outline: `${st.outlineStyle} ${st.outlineWidth} ${st.outlineColor}`,
    };
  });
}

/**
 * Presses Tab (Shift+Tab with back) until the focused element matches `want` (a function of focused()'s
 * answer), at most `max` times; every stop on the way must show its focus (WCAG 2.4.7).
 */
async function tabTo(page, want, { back = false, max = 250, what = 'the element' } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    assert.ok(f.tag === 'body' || f.visible, `focus is visible on <${f.tag} id="${f.id}"> "${f.text.slice(0, 40)}" (outline: ${f.outline})`);
    if (want(f)) return f;
  }
  assert.fail(`${what} was not reached with ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

describe('a professional\'s work with the keyboard alone', () => {
  let page, caseId, child;

  before(async () => {
    await srv.ready;
    const api = await srv.apiLogin('anna');
    const reg = registrationJson();
    const r = await api.postJson('/api/v1/cases', reg);
    assert.equal(r.status, 201, r.text);
    caseId = r.json().id;
    child = `${reg.child.given_name} ${reg.child.family_name}`;
    const orgs = Object.fromEntries((await api.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    const v = (await api.getJson(`/api/v1/cases/${caseId}`)).json();
    const k = await api.postJson(`/api/v1/cases/${caseId}/consents`, {
      org_id: orgs['Ålidhemsskolan'], giver: 'guardians', guardian_ids: v.guardians.map((g) => g.id),
      child_view: 'Vill ha hjälp.', scope: 'Det som behövs för planen.', covers_preparation: true, form: 'hlt_vasterbotten', given_on: today(),
    });
    assert.equal(k.status, 201, k.text);
    page = await (await newContext(browser)).newPage();
  });

  test('the skip link is the first Tab stop, is seen when focused, and Enter leads into the main content', async () => {
    await page.goto(`${srv.base}/login`);
    const first = await tabTo(page, () => true, { max: 1 });
    assert.equal(first.text, 'Hoppa till innehållet');
    assert.equal(first.href, '#main');
    const box = await page.locator('a.skip').boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 0, `the focused skip link is on screen (${JSON.stringify(box)})`);
    await page.keyboard.press('Enter');
    assert.match(page.url(), /#main$/);
    const next = await tabTo(page, () => true, { max: 1 });
    assert.ok(next.inMain, `the Tab after the skip link lands inside <main>, not on <${next.tag}> "${next.text}"`);
  });

  test('log in: Tab to the username, type, Tab to the password, Enter sends the form', async () => {
    await page.goto(`${srv.base}/login`);
    await tabTo(page, (f) => f.name === 'username', { what: 'the username field' });
    await page.keyboard.type('anna');
    await tabTo(page, (f) => f.name === 'password', { max: 1, what: 'the password field' });
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases$/);
  });

  test('open the case from "Mina ärenden" with Tab and Enter, then its plan', async () => {
    await tabTo(page, (f) => f.tag === 'a' && f.text === child, { what: `the link to ${child}` });
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await tabTo(page, (f) => f.tag === 'a' && f.text === 'Öppna planen', { what: 'the link "Öppna planen"' });
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/cases/${caseId}/plan$`));
  });

  test('V-7.1: fill in the goal form without the child\'s need, send it with Enter: the error is next to the field; fix it and send with Space', async () => {
    await tabTo(page, (f) => f.id === 'goal-area', { what: 'the field "Område"' });
    await page.keyboard.type('Lärande'); // a closed <select> picks the option its typed letters begin
    assert.equal(await page.locator('#goal-area option:checked').innerText(), 'Lärande');
    await tabTo(page, (f) => f.id === 'goal-goal', { what: 'the field "Mål"' });
    await page.keyboard.type('Läser en bok på egen hand');
    const button = await tabTo(page, (f) => f.tag === 'button', { what: 'the button "Lägg till målet"' });
    assert.equal(button.text, 'Lägg till målet');
    // Shift+Tab goes back to the goal just typed, and Tab forward again to the button
    assert.equal((await tabTo(page, () => true, { back: true, max: 1 })).id, 'goal-goal');
    await tabTo(page, (f) => f.text === 'Lägg till målet', { max: 1 });
    await page.keyboard.press('Enter');
    await page.locator('#goal-need-error').waitFor();
    assert.equal(await page.locator('#goal-need-error').innerText(), 'Fyll i fältet.');
    assert.match(await page.locator('#goal-need').getAttribute('aria-describedby'), /goal-need-error/, 'the message is tied to the field');
    assert.equal(await page.locator('#goal-goal').inputValue(), 'Läser en bok på egen hand', 'the form is kept as typed');
    await checkA11y(page, 'the goal form with an error, reached by keyboard');
    // the error summary's link takes the keyboard to the field
    await tabTo(page, (f) => f.tag === 'a' && f.href === '#goal-need', { what: 'the error summary\'s link' });
    await page.keyboard.press('Enter');
    const at = await focused(page);
    assert.equal(at.id, 'goal-need', 'the link puts the focus in the field that needs fixing');
    assert.ok(at.visible, 'and the focus shows there');
    await page.keyboard.type('Läsa och skriva');
    await tabTo(page, (f) => f.text === 'Lägg till målet', { what: 'the button "Lägg till målet"' });
    await page.keyboard.press('Space');
    await page.waitForURL(/saved=goal/);
    await page.getByText('Läsa och skriva').waitFor();
    await checkA11y(page, 'the plan with the goal, reached by keyboard');
  });
});

describe('a child answers the survey with the keyboard alone, on a phone', () => {
  let code;

  before(async () => {
    await srv.ready;
    const caseId = await finishedPlanCase(await srv.apiLogin('anna'), 'Ålidhemsskolan'); // V-12.2
    code = (await printedCodes(await srv.login('anna'), caseId)).find((c) => c.who === 'child').code;
  });

  test('V-12.1, V-12.3: type the code and Enter; arrow keys and Space pick faces; Enter on the button sends', async () => {
    const page = await (await newContext(browser, PHONE)).newPage();
    await page.goto(`${srv.base}/survey`);
    await tabTo(page, (f) => f.id === 'survey-code', { what: 'the code field' });
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Vad tycker du?' }).waitFor();
    // Tab enters the first group of faces on its first answer; ArrowDown moves on and picks
    await tabTo(page, (f) => f.name === 'survey.q1', { what: 'the first question' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('input[name="survey.q1"]:checked').getAttribute('value'), '3');
    assert.ok((await focused(page)).visible, 'the picked face shows the focus');
    // the next Tab leaves the group for the next question; Space picks the answer it lands on
    const q2 = await tabTo(page, () => true, { max: 1 });
    assert.equal(q2.name, 'survey.q2');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('input[name="survey.q2"]:checked').getAttribute('value'), '1');
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Skicka svaren', { what: 'the button "Skicka svaren"' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tack för dina svar' }).waitFor();
    await checkA11y(page, 'the thanks, reached by keyboard');
  });
});
