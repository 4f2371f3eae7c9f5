// Administration in a real browser (Debian's Chromium), with axe-core on every new page (issue 10 item 9):
// the installation's administrator adds an organisation and invites its administrator; that administrator
// sets a password from the e-mail's link, invites a colleague (a mistake first: the message beside the field,
// the form kept as typed), the colleague sets a password and is logged in; the administrator reads the staff's
// activity and disables the colleague, whose next page is the login. A used link shows its own page. Then the
// administrator enables the colleague again, withdraws and resends another colleague's invitation, removes the
// colleague after a confirmation page, and is refused (with the reason) removing themselves as the last
// administrator. axe-core on each new state of the page and on the confirmation.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniqueName } from '../lib/server.mjs';
import { useSmtp } from '../lib/smtp.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const smtpReady = useSmtp();
const browser = useBrowser(); // one Chromium for the file, closed after it
const srv = useServer({
  env: async () => ({ BARNPLAN_SMTP_URL: (await smtpReady).url, BARNPLAN_PUBLIC_URL: 'https://barnplan.test' }),
});

/** The invitation's link in the e-mail to `email`, on the test server. */
async function linkFor(email) {
  const m = await (await smtpReady).waitFor((x) => x.to.includes(email), 20000);
  const link = /https:\/\/barnplan\.test(\/invite#kod=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(m.mail.text || ''); // V14.2.1
  assert.ok(link, m.mail.text);
  return `${srv.base}${link[1]}`;
}

/** Opens an invitation's link in a fresh browser context and sets a password; the page, logged in. The token
 * is after '#' (V14.2.1): static/code.js fills it in and takes it out of the address; the focus on the
 * password. */
async function accept(url, where) {
  const page = await (await newContext(browser)).newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: 'Välj ditt lösenord' }).waitFor();
  await page.waitForFunction(() => document.getElementById('token')?.value !== '');
  assert.equal(await page.getByLabel(/^Inbjudningskod/).inputValue(), url.split('#kod=')[1]);
  assert.equal(page.url(), `${srv.base}/invite`, 'the token is gone from the address bar');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  await checkA11y(page, where);
  await page.getByLabel('Nytt lösenord').fill('Ett-eget-lösenord-42');
  await page.getByLabel('Samma lösenord en gång till').fill('Ett-eget-lösenord-42');
  await page.getByRole('button', { name: 'Spara lösenordet och logga in' }).click();
  await page.waitForURL(/\/cases$/);
  return page;
}

describe('administration in the browser (issue 10 item 9)', () => {
  const orgName = uniqueName('Webbskolan');
  const chief = `chef-${Date.now()}@example.se`;
  const colleague = `kollega-${Date.now()}@example.se`;
  let oa, colleaguePage, colleagueLink;

  before(async () => {
    await srv.ready;
  });

  test('the installation administrator adds an organisation and invites its administrator', async () => {
    const admin = await (await newContext(browser)).newPage();
    await logIn(admin, srv.base, 'admin');
    await admin.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await checkA11y(admin, 'the administration\'s front page');
    await admin.getByRole('link', { name: 'Verksamheter och deras administratörer' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Verksamheter' }).waitFor();
    await checkA11y(admin, 'the organisations');
    await admin.getByRole('button', { name: 'Lägg till verksamheten' }).click(); // nothing filled in
    await admin.getByRole('alert').waitFor();
    await checkA11y(admin, 'the organisation form with its messages');
    await admin.getByLabel('Verksamhetens namn').fill(orgName);
    await admin.getByLabel('Slag av verksamhet').selectOption('school');
    await admin.getByLabel('Huvudman').selectOption('municipality');
    await admin.getByRole('button', { name: 'Lägg till verksamheten' }).click();
    await admin.getByRole('heading', { level: 1, name: orgName }).waitFor();
    await checkA11y(admin, 'an organisation\'s page');
    await admin.getByLabel(/^Namn/).fill('Cecilia Chef');
    await admin.getByLabel('E-postadress i arbetet').fill(chief);
    await admin.locator('#invite-role').selectOption('org_admin'); // each member's row has a role field too
    await admin.getByRole('button', { name: 'Skicka inbjudan', exact: true }).click();
    await admin.getByRole('status').waitFor();
    assert.match(await admin.locator('#staff').innerText(), /Cecilia Chef[\s\S]*Inbjuden/);
  });

  test('the organisation\'s administrator sets a password from the link and invites a colleague, who logs in', async () => {
    oa = await accept(await linkFor(chief), 'the invitation\'s page');
    await oa.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await oa.getByRole('link', { name: orgName }).click();
    await oa.getByRole('heading', { level: 1, name: orgName }).waitFor();
    await oa.getByLabel(/^Namn/).fill('Karl Kollega');
    await oa.getByLabel('E-postadress i arbetet').fill('inte en adress');
    await oa.getByRole('button', { name: 'Skicka inbjudan', exact: true }).click();
    await oa.getByRole('alert').waitFor();
    await checkA11y(oa, 'the invitation form with its message');
    assert.equal(await oa.getByLabel(/^Namn/).inputValue(), 'Karl Kollega', 'kept as typed');
    assert.match(await oa.locator('#invite-email-error').innerText(), /e-postadress/);
    await oa.getByLabel('E-postadress i arbetet').fill(colleague);
    await oa.getByRole('button', { name: 'Skicka inbjudan', exact: true }).click();
    await oa.getByRole('status').waitFor();
    colleagueLink = await linkFor(colleague);
    colleaguePage = await accept(colleagueLink, 'the colleague\'s invitation page');
    assert.match(await colleaguePage.locator('.who').innerText(), /Karl Kollega/);
  });

  test('a used link shows its own page; the staff\'s activity; disabling ends the colleague\'s session', async () => {
    const again = await (await newContext(browser)).newPage();
    await again.goto(colleagueLink);
    await again.waitForFunction(() => document.getElementById('token')?.value !== '');
    await again.getByLabel('Nytt lösenord').fill('Ett-annat-lösenord-99');
    await again.getByLabel('Samma lösenord en gång till').fill('Ett-annat-lösenord-99');
    await again.getByRole('button', { name: 'Spara lösenordet och logga in' }).click();
    await again.getByRole('heading', { name: 'Länken fungerar inte' }).waitFor();
    await checkA11y(again, 'a used invitation link');
    await oa.getByRole('link', { name: 'Personalens aktivitet' }).first().click();
    await oa.getByRole('heading', { level: 1, name: 'Personalens aktivitet' }).waitFor();
    await checkA11y(oa, 'the staff\'s activity');
    assert.match(await oa.locator('table').innerText(), new RegExp(colleague.replace(/[.]/g, '\\.')));
    await oa.goBack();
    await oa.screenshot({ path: '/tmp/barnplan-admin-org.png', fullPage: true }); // for people to look at
    await oa.getByRole('button', { name: 'Stäng av kontot (Karl Kollega)' }).click();
    await oa.getByRole('status').waitFor();
    assert.match(await oa.locator('#staff').innerText(), /Karl Kollega[\s\S]*Avstängt/);
    await colleaguePage.reload();
    await colleaguePage.waitForURL(/\/login/);
  });

  test('enabling, withdrawing and resending an invitation, removing after a confirmation; the last administrator stays', async () => {
    await oa.getByRole('button', { name: 'Aktivera kontot igen (Karl Kollega)' }).click();
    await oa.getByRole('status').getByText('Kontot är aktiverat igen.').waitFor();
    assert.match(await oa.locator('#staff').innerText(), /Karl Kollega[\s\S]*Aktivt/);
    const vera = `vera-${Date.now()}@example.se`;
    await oa.getByLabel(/^Namn/).fill('Vera Väntar');
    await oa.getByLabel('E-postadress i arbetet').fill(vera);
    await oa.getByRole('button', { name: 'Skicka inbjudan', exact: true }).click();
    await oa.getByRole('status').waitFor();
    const first = await linkFor(vera);
    await oa.getByRole('button', { name: 'Dra tillbaka inbjudan (Vera Väntar)' }).click();
    await oa.getByRole('status').getByText('Inbjudan är tillbakadragen.').waitFor();
    assert.match(await oa.locator('#staff').innerText(), /Vera Väntar[\s\S]*Inbjudan gäller inte längre/);
    await checkA11y(oa, 'the staff with a withdrawn invitation and a re-enabled account');
    const dead = await (await newContext(browser)).newPage();
    await dead.goto(first);
    await dead.waitForFunction(() => document.getElementById('token')?.value !== '');
    await dead.getByLabel('Nytt lösenord').fill('Ett-eget-lösenord-42');
    await dead.getByLabel('Samma lösenord en gång till').fill('Ett-eget-lösenord-42');
    await dead.getByRole('button', { name: 'Spara lösenordet och logga in' }).click();
    await dead.getByRole('heading', { name: 'Länken fungerar inte' }).waitFor();
    await checkA11y(dead, 'a withdrawn invitation');
    await oa.getByRole('button', { name: 'Skicka inbjudan igen (Vera Väntar)' }).click();
    await oa.getByRole('status').getByText('En ny inbjudan är skickad.').waitFor();
    await oa.screenshot({ path: '/tmp/barnplan-admin-org-states.png', fullPage: true }); // for people to look at
    await oa.getByRole('link', { name: 'Ta bort från verksamheten (Karl Kollega)' }).click();
    await oa.getByRole('heading', { level: 1, name: 'Ta bort från verksamheten' }).waitFor();
    await checkA11y(oa, 'the removal\'s confirmation');
    await oa.getByRole('button', { name: 'Ta bort från verksamheten' }).click();
    await oa.getByRole('status').getByText('Personen är borttagen från verksamheten.').waitFor();
    assert.doesNotMatch(await oa.locator('#staff').innerText(), /Karl Kollega/);
    await oa.getByRole('link', { name: 'Ta bort från verksamheten (Cecilia Chef)' }).click();
    await oa.getByRole('button', { name: 'Ta bort från verksamheten' }).click();
    await oa.getByRole('alert').getByText(/Du är verksamhetens enda administratör och kan inte ta bort dig själv/).waitFor();
    await checkA11y(oa, 'the last administrator refused');
  });
});
