// browser.mjs: Debian's Chromium through playwright-core (no browser download), and axe-core checks.
//
//   const browser = useBrowser();            // at the top of a test file: launched before, closed after
//   const page = await (await newContext(browser)).newPage();
//   await checkA11y(page, 'login page');   // fails on any WCAG 2.1 A/AA violation, listing each one
//   assert.equal(await overflow(page), 0);  // nothing scrolls sideways
import { DEMO_PASSWORD } from './server.mjs';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';

export const CHROMIUM = process.env.BARNPLAN_CHROMIUM || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Launches headless Chromium (Playwright's own temporary profile); each user gets a context of its own. */
export async function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The test file's Chromium, from useBrowser(): launched in a before hook, closed in an after hook. */
class BrowserHandle {
  browser = null;
}

/** Launches Chromium once for the calling test file and closes it when the file is done. */
export function useBrowser() {
  const h = new BrowserHandle();
  before(async () => {
    h.browser = await launchChromium();
  });
  after(async () => {
    await h.browser?.close();
  });
  return h;
}

/** A fresh context (its own cookies) with a Swedish locale and a desktop-sized window; `browser` is a
 * Playwright browser or useBrowser()'s handle. */
export function newContext(browser, options = {}) {
  const b = browser instanceof BrowserHandle ? browser.browser : browser;
  return b.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 }, ...options });
}

/** Viewports that reflow must survive (WCAG 1.4.4 resize text, 1.4.10 reflow): a phone, and a 1280 px wide
 * window at 200 % zoom, which Chromium lays out exactly as 640 CSS px drawn with two device pixels each. */
export const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true };
export const ZOOM_200 = { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 };

/** How much wider than its window the page is, in CSS px (0: it fits; a table may scroll inside its own
 * .table-wrap, which does not widen the page). */
export async function overflow(page) {
  return page.evaluate(() => {
    const s = document.scrollingElement;
    return Math.max(0, s.scrollWidth - s.clientWidth);
  });
}

/** Logs `user` in through the login form in `page` (demo password) and waits for "Mina ärenden". */
export async function logIn(page, base, user, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/cases$/);
}

/** A readable list of axe violations. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 10)
        .map((n) => `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 300)}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${v.nodes.length > 10 ? `\n    ... and ${v.nodes.length - 10} more` : ''}`;
    })
    .join('\n');
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page as it is; fails with every violation listed. */
export async function checkA11y(page, where) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const v = result.violations;
  if (v.length) console.log(`# axe: ${v.length} violation(s) on ${where} (${page.url()}):\n${formatViolations(v)}`);
  assert.equal(v.length, 0, `axe-core found ${v.length} accessibility violation(s) on ${where} (${page.url()}):\n${formatViolations(v)}`);
  return result;
}

// The family pages' Swedish words, none of which may be left on a page in Arabic (issue 10 item 11).
const SWEDISH_ON_FAMILY_PAGES = /\b(Mina sidor|Barnets ärende|Nästa möte|Vem har läst|Din underskrift|Vilka är inbjudna|Vårdnad|Samordningsansvarig|Inför mötet|Skicka|Spara|Ladda ner|Samtycken|Ta tillbaka|Vad har hänt|Svara på enkäten|Planen för barn|Skriver under)\b/;

/** The page is Arabic and right to left (html lang and dir, main laid out from the right), shows each of
 * `texts`, has none of the family pages' Swedish words left, fits the screen and passes axe-core. */
export async function arabicAndFits(page, name, texts = []) {
  assert.equal(await page.getAttribute('html', 'lang'), 'ar', `${name}: html lang`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl', `${name}: html dir`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main')).direction), 'rtl', `${name}: laid out right to left`);
  const main = await page.locator('main').innerText();
  for (const t of texts) assert.ok(main.includes(t), `${name} shows «${t}»:\n${main}`);
  assert.doesNotMatch(main, SWEDISH_ON_FAMILY_PAGES, `${name}: a Swedish text left:\n${main}`);
  assert.equal(await overflow(page), 0, `${name} is wider than the screen`);
  await checkA11y(page, `${name} in Arabic`);
}

/** A new page in `browser` at `width` px, logged in on `base`'s family login page with a letter's `code`. */
export async function familyLoggedIn(browser, base, code, width = 375) {
  const page = await (await newContext(browser, { viewport: { width, height: 800 } })).newPage();
  await page.goto(`${base}/family/login`);
  await page.getByLabel(/^Kod/).fill(code);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/family$/);
  return page;
}
