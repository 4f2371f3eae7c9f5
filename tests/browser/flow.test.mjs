// The main flow in a real browser (Debian's Chromium through Playwright), with axe-core on every page
// visited: log in as anna, register a new initiative (first with an invalid personnummer), land on the
// case page, find the child under "Mina ärenden", switch to English, log out; then the audit page as
// the administrator and the error pages (403, 404). Screenshots of the form and the case page go to /tmp.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useServer, personnummer, withWrongCheckDigit, uniqueName, today, DEMO_PASSWORD } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

const SHOTS = {
  form: '/tmp/barnplan-form.png',
  formErrors: '/tmp/barnplan-form-errors.png',
  casePage: '/tmp/barnplan-case.png',
  audit: '/tmp/barnplan-audit.png',
};

describe('registering an initiative in the browser', () => {
  let context;
  let page;
  const child = {
    given: uniqueName('Webbarn'),
    family: 'Browsersson',
    pnr: personnummer('2014-05-17', 264),
  };
  let caseUrl;

  before(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
  });

  test('the login page passes axe; anna logs in through the form and lands on "Mina ärenden"', async () => {
    await page.goto(`${srv.base}/`);
    await page.waitForURL(/\/login$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    await checkA11y(page, 'the login page');
    // a wrong password first: the message is shown and the page still passes axe
    await page.getByLabel('Användarnamn').fill('anna');
    await page.getByLabel('Lösenord').fill('inte-rätt-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByText('Fel användarnamn eller lösenord.').waitFor();
    await checkA11y(page, 'the login page with an error');
    assert.equal(await page.getByLabel('Användarnamn').inputValue(), 'anna');
    await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/cases$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mina ärenden');
    await checkA11y(page, '"Mina ärenden"');
  });

  test('"Nytt initiativ": the form passes axe', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Nytt initiativ' }).click();
    await page.waitForURL(/\/cases\/new$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Nytt initiativ');
    assert.equal(await page.locator('#initiative-noticed_on').inputValue(), today());
    await checkA11y(page, 'the new initiative form');
  });

  test('an invalid personnummer: the error next to the field, every other field kept, axe passes', async () => {
    await page.getByLabel('Förnamn *').fill(child.given);
    await page.getByLabel('Efternamn *').fill(child.family);
    await page.getByLabel('Personnummer, samordningsnummer eller reservnummer').fill(withWrongCheckDigit(child.pnr));
    await page.getByLabel('Barnets språk').fill('svenska');
    await page.getByLabel('Barnet behöver bildstöd').check();
    const g = [
      { name: 'Sara Browsersson', pnr: personnummer('1986-02-11', 382), phone: '070-222 33 44', email: 'sara.b@example.se' },
      { name: 'Johan Browsersson', pnr: personnummer('1984-08-29', 517), phone: '070-555 66 77', email: 'johan.b@example.se' },
    ];
    for (const i of [0, 1]) {
      await page.locator(`#guardians-${i}-name`).fill(g[i].name);
      await page.locator(`#guardians-${i}-id_number`).fill(g[i].pnr);
      await page.locator(`#guardians-${i}-custody`).selectOption({ label: 'Gemensam vårdnad' });
      await page.locator(`#guardians-${i}-phone`).fill(g[i].phone);
      await page.locator(`#guardians-${i}-email`).fill(g[i].email);
      await page.locator(`#guardians-${i}-address`).fill('Björkvägen 3\n903 37 Umeå');
    }
    await page.getByLabel('Vårdnadshavare', { exact: true }).check(); // who asked (V-1.2)
    await page.getByLabel('Barnet går inte i skolan').check();
    await page.getByLabel('Det är oklart vem som gör vad').check();
    await page.getByLabel('Insatser behövs från minst två huvudmän').check();
    await page.getByLabel('Beskriv behovet med egna ord *').fill('Barnet har inte varit i skolan på tre veckor.\nFamiljen vill ha samlat stöd.');
    await page.screenshot({ path: SHOTS.form, fullPage: true });

    await page.getByRole('button', { name: 'Registrera initiativet' }).click();
    await page.waitForLoadState('domcontentloaded');
    const error = page.locator('#child-id_number-error');
    await error.waitFor();
    assert.equal(await error.textContent(), 'Kontrollsiffran stämmer inte. Kontrollera personnumret.');
    // next to the field: in the same field block as the input, which points at it and is marked invalid
    const input = page.locator('#child-id_number');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await input.getAttribute('aria-describedby'), /child-id_number-error/);
    assert.equal(await page.locator('.field.has-error').filter({ has: input }).locator('.field-error').textContent(), await error.textContent());
    // the summary at the top links to the field
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Kontrollsiffran stämmer inte. Kontrollera personnumret.' }).click();
    await page.waitForURL(/#child-id_number$/); // the jump to the fragment is asynchronous
    // everything else as typed
    assert.equal(await input.inputValue(), withWrongCheckDigit(child.pnr));
    assert.equal(await page.getByLabel('Förnamn *').inputValue(), child.given);
    assert.equal(await page.getByLabel('Efternamn *').inputValue(), child.family);
    assert.equal(await page.getByLabel('Barnets språk').inputValue(), 'svenska');
    assert.ok(await page.getByLabel('Barnet behöver bildstöd').isChecked());
    assert.ok(!(await page.getByLabel('Barnet behöver tolk').isChecked()));
    for (const i of [0, 1]) {
      assert.equal(await page.locator(`#guardians-${i}-name`).inputValue(), g[i].name);
      assert.equal(await page.locator(`#guardians-${i}-id_number`).inputValue(), g[i].pnr);
      assert.equal(await page.locator(`#guardians-${i}-custody`).inputValue(), 'joint');
      assert.equal(await page.locator(`#guardians-${i}-phone`).inputValue(), g[i].phone);
      assert.equal(await page.locator(`#guardians-${i}-email`).inputValue(), g[i].email);
      assert.equal(await page.locator(`#guardians-${i}-address`).inputValue(), 'Björkvägen 3\n903 37 Umeå');
    }
    assert.ok(await page.getByLabel('Vårdnadshavare', { exact: true }).isChecked());
    assert.ok(await page.getByLabel('Barnet går inte i skolan').isChecked());
    assert.ok(await page.getByLabel('Det är oklart vem som gör vad').isChecked());
    assert.ok(await page.getByLabel('Insatser behövs från minst två huvudmän').isChecked());
    assert.ok(!(await page.getByLabel('Riskbruk').isChecked()));
    assert.equal(await page.getByLabel('Beskriv behovet med egna ord *').inputValue(), 'Barnet har inte varit i skolan på tre veckor.\nFamiljen vill ha samlat stöd.');
    assert.equal(await page.locator('.field-error').count(), 1, 'only the personnummer is marked');
    await page.screenshot({ path: SHOTS.formErrors, fullPage: true });
    await checkA11y(page, 'the form with errors');
  });

  test('with the personnummer corrected the initiative is registered and the case page passes axe', async () => {
    await page.locator('#child-id_number').fill(child.pnr);
    await page.getByRole('button', { name: 'Registrera initiativet' }).click();
    await page.waitForURL(/\/cases\/\d+\?created=1$/);
    caseUrl = page.url().replace(/\?created=1$/, '');
    await page.getByRole('status').filter({ hasText: 'Initiativet är registrerat.' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `${child.given} ${child.family}`);
    const body = await page.locator('main').innerText();
    for (const s of [child.pnr, 'Sara Browsersson', 'Johan Browsersson', 'Barnet går inte i skolan', 'Det är oklart vem som gör vad', 'Vårdnadshavare'])
      assert.ok(body.includes(s), `the case page shows ${s}`);
    assert.equal((body.match(/Gemensam vårdnad/g) || []).length, 2);
    await page.screenshot({ path: SHOTS.casePage, fullPage: true });
    await checkA11y(page, 'the case page');
  });

  test('the child is under "Mina ärenden" and its link leads to the case page', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Mina ärenden' }).click();
    await page.waitForURL(/\/cases$/);
    const link = page.getByRole('link', { name: `${child.given} ${child.family}` });
    assert.equal(await link.count(), 1);
    await checkA11y(page, '"Mina ärenden" with the new case');
    await link.click();
    await page.waitForURL(caseUrl);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `${child.given} ${child.family}`);
  });

  test('switching to English: html lang="en" on the same page, and the pages still pass axe', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(caseUrl);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await checkA11y(page, 'the case page in English');
    await page.goto(`${srv.base}/cases/new`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await checkA11y(page, 'the new initiative form in English');
    await page.goto(`${srv.base}/cases`);
    await checkA11y(page, '"my cases" in English');
    // and back, through the link labelled in Swedish
    await page.getByRole('link', { name: 'Svenska' }).click();
    await page.waitForURL(/\/cases$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  });

  test('logging out leads to the login page and ends the session', async () => {
    await page.locator('form[action="/logout"] button').click();
    await page.waitForURL(/\/login$/);
    await checkA11y(page, 'the login page after logout');
    await page.goto(caseUrl);
    await page.waitForURL(/\/login\?next=/);
  });

  test('another organisation gets the page of a case that does not exist, and it passes axe', async () => {
    const ctx = await newContext(browser);
    try {
      const p = await ctx.newPage();
      await logIn(p, srv.base, 'karin');
      const r = await p.goto(caseUrl);
      assert.equal(r.status(), 404);
      await p.getByText('Sidan finns inte, eller så har du inte tillgång till den.').waitFor();
      assert.ok(!(await p.content()).includes(child.given), 'nothing of the child on the refusal');
      await checkA11y(p, 'the refusal (404) page');
      const nf = await p.goto(`${srv.base}/no-such-page`);
      assert.equal(nf.status(), 404);
      await checkA11y(p, 'the 404 page');
    } finally {
      await ctx.close();
    }
  });

  test("the administrator's audit page shows the case's entries and passes axe", async () => {
    const ctx = await newContext(browser);
    try {
      const p = await ctx.newPage();
      await logIn(p, srv.base, 'admin');
      await p.getByRole('navigation').getByRole('link', { name: 'Logg över åtkomst' }).click();
      await p.waitForURL(/\/admin\/audit$/);
      await checkA11y(p, 'the audit page');
      const id = caseUrl.split('/').pop();
      await p.getByLabel('Ärende (id)').fill(id);
      await p.getByRole('button', { name: 'Sök' }).click();
      await p.waitForURL(new RegExp(`/admin/audit\\?.*case=${id}`));
      const rows = p.locator('table.list tbody tr');
      assert.ok((await rows.count()) >= 3, 'create, reads and a denial');
      const text = await p.locator('table.list').innerText();
      assert.match(text, /karin\s+Nekad åtkomst/);
      assert.match(text, /anna\s+Registrering/);
      await p.screenshot({ path: SHOTS.audit, fullPage: true });
      await checkA11y(p, 'the audit page with results');
      // a search without results, and the administrator's own (empty) "Mina ärenden"
      await p.goto(`${srv.base}/admin/audit?case=999999`);
      await p.getByText('Inga händelser matchar sökningen.').waitFor();
      await checkA11y(p, 'the audit page without results');
      await p.goto(`${srv.base}/cases`);
      await p.getByText('Du har inga pågående ärenden.').waitFor();
      await checkA11y(p, '"Mina ärenden" without cases');
    } finally {
      await ctx.close();
    }
  });

  test('the form sent empty: every field error and the summary pass axe, and the summary links reach their fields', async () => {
    await logIn(page, srv.base, 'anna');
    await page.goto(`${srv.base}/cases/new`);
    await page.locator('#child-id_number').fill('');
    await page.locator('#initiative-noticed_on').fill('');
    await page.locator('#initiative-model-vasterbotten').evaluate((el) => (el.checked = false));
    await page.locator('#initiative-route-hlt').evaluate((el) => (el.checked = false));
    await page.getByRole('button', { name: 'Registrera initiativet' }).click();
    await page.getByRole('alert').waitFor();
    const links = page.getByRole('alert').getByRole('link');
    const n = await links.count();
    assert.ok(n >= 7, `the summary lists every error (${n})`);
    for (let i = 0; i < n; i++) {
      const href = await links.nth(i).getAttribute('href');
      assert.equal(await page.locator(href).count(), 1, `the summary link ${href} has a target`);
    }
    await checkA11y(page, 'the form with every required field missing');
  });

  test('the keyboard: the first Tab reaches "Hoppa till innehållet", which leads to the main content', async () => {
    await page.goto(`${srv.base}/cases`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, 'Hoppa till innehållet');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#main$/); // the jump to the fragment is asynchronous
    assert.match(page.url(), /#main$/);
  });

  test('"logout everywhere" from the footer ends the session', async () => {
    await page.goto(`${srv.base}/cases`); // still logged in from the tests above
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mina ärenden');
    await page.getByRole('button', { name: 'Logga ut på alla enheter' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${srv.base}/cases`);
    await page.waitForURL(/\/login\?next=/);
  });
});

// Regression, fixed (src/web/h_session.c, safe_next): see tests/http/session.test.mjs. Here Chromium shows the effect:
// a link to Barnplan's own /lang lands on another site.
describe('redirects in the browser', () => {
  test('/lang?next=/%09/other-host/ keeps the browser on Barnplan (no open redirect)', async () => {
    const other = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html lang="en"><title>other site</title><h1>Not Barnplan</h1></html>');
    });
    await new Promise((r) => other.listen(0, '127.0.0.1', r));
    const otherOrigin = `http://127.0.0.1:${other.address().port}`;
    const ctx = await newContext(browser);
    try {
      const p = await ctx.newPage();
      await p.goto(`${srv.base}/lang?l=sv&next=/%09/127.0.0.1:${other.address().port}/phishing`);
      const landed = new URL(p.url()).origin;
      assert.equal(landed, srv.base, `the browser left Barnplan for ${p.url()} (${otherOrigin})`);
    } finally {
      await ctx.close();
      await new Promise((r) => other.close(r));
    }
  });
});

describe('the harness itself', () => {
  test('axe-core really runs under the CSP: a planted violation is found', async () => {
    const ctx = await newContext(browser);
    try {
      const p = await ctx.newPage();
      await p.goto(`${srv.base}/login`);
      await p.evaluate(() => {
        const img = document.createElement('img');
        img.src = '/static/favicon.svg';
        document.querySelector('main').append(img);
      });
      await assert.rejects(checkA11y(p, 'a page with a planted image without alt'), /image-alt/);
    } finally {
      await ctx.close();
    }
  });
});
