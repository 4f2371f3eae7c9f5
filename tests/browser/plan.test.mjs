// The plan in a real browser (Debian's Chromium), with axe-core on every page: anna (Ålidhemsskolan,
// Västerbotten) opens the plan from the case page, fills every part (each form first with an error, which
// is shown next to the field with the rest kept as typed), finishes it, signs it and opens the printable
// copy (V-7.1-V-7.7, V-0.5, V-6.9, V-8a.2, V-8a.3, V-8a.4: the edit page of its own intervention). Kronoberg's wheel is checked too (K-7.2).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, DEMO_PASSWORD, registrationJson, today, inDays } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it



/** A case of `user`'s organisation with that organisation's own consent, through the API. */
async function caseWithConsent(user, orgName, initiative, form) {
  const api = await srv.apiLogin(user);
  const r = await api.postJson('/api/v1/cases', registrationJson(initiative ? { initiative } : {}));
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const orgs = Object.fromEntries((await api.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
  const v = (await api.getJson(`/api/v1/cases/${id}`)).json();
  const k = await api.postJson(`/api/v1/cases/${id}/consents`, {
    org_id: orgs[orgName], giver: 'guardians', guardian_ids: v.guardians.map((g) => g.id),
    child_view: 'Vill ha hjälp.', scope: 'Det som behövs för planen.', covers_preparation: true, form, given_on: today(),
  });
  assert.equal(k.status, 201, k.text);
  return id;
}

/** The field labelled `text` exactly (a required field's label ends in " *"). */
function field(page, text) {
  return page.getByLabel(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

describe('the plan in the browser', () => {
  let anna, caseId;

  before(async () => {
    await srv.ready;
    caseId = await caseWithConsent('anna', 'Ålidhemsskolan', null, 'hlt_vasterbotten');
    anna = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
  });

  test('V-7.1, V-0.5: the plan opens from the case page with the picture of hälsa, lärande, trygghet; a goal with an error first', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}`);
    await anna.getByRole('link', { name: 'Öppna planen' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/plan$`));
    await anna.getByRole('img', { name: /Hälsa, lärande och trygghet/ }).waitFor();
    await checkA11y(anna, 'the plan page');
    await field(anna, 'Område').selectOption({ label: 'Lärande' });
    await field(anna, 'Mål').fill('Läser en bok på egen hand');
    await anna.getByRole('button', { name: 'Lägg till målet' }).click();
    await anna.locator('#goal-need-error').waitFor();
    assert.equal(await anna.locator('#goal-need-error').innerText(), 'Fyll i fältet.');
    assert.equal(await field(anna, 'Mål').inputValue(), 'Läser en bok på egen hand');
    await checkA11y(anna, 'the goal form with an error');
    await field(anna, 'Barnets behov').fill('Läsa och skriva');
    await anna.getByRole('button', { name: 'Lägg till målet' }).click();
    await anna.waitForURL(/saved=goal/);
    await anna.getByText('Läsa och skriva').waitFor();
  });

  test('V-7.2, V-7.3: an intervention needs its responsible organisation; what the child does', async () => {
    await field(anna, 'Insats').fill('Specialpedagogiskt stöd');
    await field(anna, 'Startar').fill(today());
    await field(anna, 'Omfattning och nivå').fill('Två lektioner i veckan');
    await anna.getByRole('button', { name: 'Lägg till insatsen' }).click();
    await anna.locator('#intervention-org_id-error').waitFor();
    await checkA11y(anna, 'the intervention form with an error');
    assert.equal(await field(anna, 'Insats').inputValue(), 'Specialpedagogiskt stöd');
    await field(anna, 'Ansvarig verksamhet').selectOption({ label: 'Ålidhemsskolan' });
    await anna.getByRole('button', { name: 'Lägg till insatsen' }).click();
    await anna.waitForURL(/saved=intervention/);
    await anna.getByRole('link', { name: /Ändra\s+Specialpedagogiskt stöd/ }).click();
    await anna.waitForURL(/\/plan\/interventions\/\d+\/edit$/);
    await checkA11y(anna, 'the intervention edit page');
    await field(anna, 'Omfattning och nivå').fill('');
    await anna.getByRole('button', { name: 'Spara insatsen' }).click();
    await anna.locator('#intervention-level-error').waitFor();
    await checkA11y(anna, 'the intervention edit page with an error');
    await field(anna, 'Omfattning och nivå').fill('Tre lektioner i veckan');
    await anna.getByRole('button', { name: 'Spara insatsen' }).click();
    await anna.waitForURL(/saved=intervention/);
    await anna.getByText('Tre lektioner i veckan').waitFor();
    await field(anna, 'Vem gör det?').selectOption({ label: 'Barnet' });
    await field(anna, 'Vad ska göras?').fill('Säger till när något är svårt');
    await anna.getByRole('button', { name: 'Lägg till', exact: true }).first().click();
    await anna.waitForURL(/saved=commitment/);
  });

  test('V-7.4-V-7.7, V-6.9: coordination, contact and follow-up; a past date is refused with the rest kept', async () => {
    await field(anna, 'Ålidhemsskolan').check();
    await field(anna, 'Ansvarig person').fill('Anna Lindqvist');
    await field(anna, 'Vem kontaktar man om planen inte fungerar?').fill('Ring rektorn på Ålidhemsskolan');
    await field(anna, 'Datum för uppföljning').fill('2020-01-10');
    await field(anna, 'Plats för uppföljning').fill('Skolans konferensrum');
    await field(anna, 'Vilka deltar i uppföljningen?').fill('Alla som var med i dag');
    await field(anna, 'Sammanfattning som barnet förstår').fill('Vi hjälper dig att läsa.');
    await anna.getByRole('button', { name: 'Spara', exact: true }).click();
    await anna.locator('#plan-followup_on-error').waitFor();
    assert.equal(await anna.locator('#plan-followup_on-error').innerText(), 'Datumet har redan varit.');
    assert.equal(await field(anna, 'Plats för uppföljning').inputValue(), 'Skolans konferensrum');
    await checkA11y(anna, 'the coordination form with an error');
    await field(anna, 'Datum för uppföljning').fill(inDays(45));
    await field(anna, 'Klockslag för uppföljning').fill('13:30');
    await anna.getByRole('button', { name: 'Spara', exact: true }).click();
    await anna.waitForURL(/saved=plan/);
    await field(anna, 'Verksamhet').selectOption({ label: 'Ålidhemsskolan' });
    await anna.getByRole('button', { name: 'Spara kontaktpersonen' }).click();
    await anna.locator('#contact-name-error').waitFor();
    await checkA11y(anna, 'the contact form with an error');
    await field(anna, 'Kontaktperson').fill('Anna Lindqvist');
    await field(anna, 'Telefon').fill('090-16 00 00');
    await anna.getByRole('button', { name: 'Spara kontaktpersonen' }).click();
    await anna.waitForURL(/saved=contact/);
  });

  test('V-8a.2, V-8a.3: finished, signed, and the printable copy', async () => {
    await anna.getByRole('button', { name: 'Färdigställ planen' }).click();
    await anna.waitForURL(/saved=finish/);
    await anna.getByText('Planen är färdigställd.').waitFor();
    await checkA11y(anna, 'the finished plan');
    // V-8a.2: who is expected to sign the version in force, nobody has answered yet
    const signers = anna.locator('#signers');
    await signers.getByRole('row', { name: /Ålidhemsskolan/ }).getByText('Har inte svarat').waitFor();
    await signers.getByRole('row', { name: /Barnet/ }).getByText('Har inte svarat').waitFor();
    const form = anna.locator('#signatures form');
    await field(form, 'Datum').fill('');
    await anna.getByRole('button', { name: 'Registrera svaret' }).click();
    await anna.locator('#signature-signed_on-error').waitFor();
    await anna.locator('#signature-password-error').waitFor(); // V-8a.2: a professional confirms who they are
    await checkA11y(anna, 'the signature form with the password, with errors');
    await field(form, 'Datum').fill(today());
    await field(form, 'Ditt lösenord').fill('inte-mitt-lösenord');
    await anna.getByRole('button', { name: 'Registrera svaret' }).click();
    await anna.locator('#signature-password-error').getByText(/Fel lösenord/).waitFor();
    assert.equal(await field(anna.locator('#signatures form'), 'Ditt lösenord').inputValue(), '', 'the password is never sent back');
    await field(anna.locator('#signatures form'), 'Ditt lösenord').fill(DEMO_PASSWORD);
    await anna.getByRole('button', { name: 'Registrera svaret' }).click();
    await anna.waitForURL(/saved=signature/);
    await anna.locator('#signers').getByRole('row', { name: /Anna Lindqvist \(lärare\)/ }).getByText('Signerade version 1').waitFor();
    // V-8a.2: the child's support person, recorded from paper
    const other = anna.locator('#signatures form');
    await field(other, 'Vem svarar?').selectOption({ label: 'En annan deltagare (till exempel barnets stödperson)' });
    await field(other, 'Namn').fill('Stina Stöd');
    await field(other, 'Roll eller relation till barnet').fill('stödperson');
    await anna.getByRole('button', { name: 'Registrera svaret' }).click();
    await anna.waitForURL(/saved=signature/);
    await anna.locator('#signers').getByRole('row', { name: /Stina Stöd/ }).getByText('På papper', { exact: false }).waitFor();
    await checkA11y(anna, 'the signature status table');
    await anna.getByRole('link', { name: 'Utskriftsvänlig plan' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/plan/print$`));
    await anna.getByText('Specialpedagogiskt stöd').waitFor();
    await anna.getByText('Ring rektorn på Ålidhemsskolan').waitFor();
    assert.equal(await anna.locator('form').count(), 0);
    await checkA11y(anna, 'the printable plan');
  });
});

describe('Kronoberg in the browser', () => {
  test('K-7.2: the wellbeing wheel with its eight areas, and the samverkansansvarig named on the finish errors', async () => {
    await srv.ready;
    const id = await caseWithConsent('karin', 'Furutåskolan', { model: 'kronoberg', route: 'named_person' }, 'kronobarnsmodellen');
    const karin = await (await newContext(browser)).newPage();
    await logIn(karin, srv.base, 'karin');
    await karin.goto(`${srv.base}/cases/${id}/plan`);
    await karin.getByRole('img', { name: /Barnets bästa-hjulet/ }).waitFor();
    assert.equal(await karin.locator('svg path').count(), 8);
    await checkA11y(karin, 'the Kronoberg plan page');
    await karin.getByRole('button', { name: 'Färdigställ planen' }).click();
    await karin.locator('#plan-coordinator_name-error').waitFor();
    assert.equal(await karin.locator('#plan-coordinator_name-error').innerText(), 'Skriv namnet på den som är samverkansansvarig.');
    await checkA11y(karin, 'the Kronoberg plan with the finish errors');
  });
});
