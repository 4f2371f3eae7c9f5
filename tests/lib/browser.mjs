// browser.mjs: Debian's Chromium through playwright-core (no browser download), and axe-core checks.
//
//   const browser = await launchChromium();
//   const page = await (await newContext(browser)).newPage();
//   await checkA11y(page, 'login page');   // fails on any WCAG 2.1 A/AA violation, listing each one
import { DEMO_PASSWORD } from './server.mjs';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';

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

/** A fresh context (its own cookies) with a Swedish locale and a desktop-sized window. */
export function newContext(browser, options = {}) {
  return browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 }, ...options });
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
