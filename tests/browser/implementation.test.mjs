// Carrying out the plan in a real browser (Debian's Chromium), with axe-core on every page (V-9.1-V-9.4):
// anna (Ålidhemsskolan, samordningsansvarig) opens "Genomförande" from the finished plan, tells how the
// school's intervention goes, writes down what the child said, reports an event and decides on it; each
// form first with an error, shown beside the field with the rest kept as typed. An earlier follow-up booked
// from an event's decision page leads back to that decision, the meeting already chosen (V-9.4).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today, inDays } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

/** A case of the school with its consent and a finished plan: one goal, the school's intervention, anna coordinating. */
async function finishedPlan() {
  const api = await srv.apiLogin('anna');
  const ok = (r, status) => assert.equal(r.status, status, r.text);
  const r = await api.postJson('/api/v1/cases', registrationJson({}));
  ok(r, 201);
  const id = r.json().id;
  const orgs = Object.fromEntries((await api.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
  const school = orgs['Ålidhemsskolan'];
  const v = (await api.getJson(`/api/v1/cases/${id}`)).json();
  ok(await api.postJson(`/api/v1/cases/${id}/consents`, {
    org_id: school, giver: 'guardians', guardian_ids: v.guardians.map((g) => g.id), child_view: 'Vill ha hjälp.',
    scope: 'Det som behövs för planen.', covers_preparation: true, form: 'hlt_vasterbotten', given_on: today(),
  }), 201);
  ok(await api.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'learning', need: 'Läsa', goal: 'Läser själv' }), 201);
  ok(await api.postJson(`/api/v1/cases/${id}/plan/interventions`, { what: 'Specialpedagogiskt stöd', org_id: school, starts_on: today(), level: 'Två lektioner i veckan' }), 201);
  const me = (await api.getJson('/api/v1/me')).json().id;
  ok(await api.postJson(`/api/v1/cases/${id}/plan`, {
    coordinator_orgs: [school], coordinator_user_id: me, coordinator_name: 'Anna Lindqvist', contact_if_fails: 'Ring rektorn',
    followup_on: inDays(60), followup_place: 'Skolan', followup_participants: 'Alla', summary: 'Vi hjälps åt.',
  }), 200);
  ok(await api.postJson(`/api/v1/cases/${id}/plan/contacts`, { org_id: school, name: 'Anna Lindqvist' }), 200);
  ok(await api.postJson(`/api/v1/cases/${id}/plan/finish`, {}), 200);
  return id;
}

describe('"Genomförande" in the browser', () => {
  let anna, caseId;

  before(async () => {
    await srv.ready;
    caseId = await finishedPlan();
    anna = await (await newContext(browser)).newPage();
    await logIn(anna, srv.base, 'anna');
  });

  test('V-9.1: from the plan to "Genomförande"; the school tells how its intervention goes (an error first); the latest shows on both pages', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}/plan`);
    await anna.getByRole('link', { name: 'Genomförande' }).click();
    await anna.waitForURL(new RegExp(`/cases/${caseId}/implementation$`));
    await checkA11y(anna, 'the implementation page');
    await anna.getByRole('link', { name: /Berätta hur det går/ }).click();
    await checkA11y(anna, 'the intervention\'s progress page');
    await anna.getByLabel('Kommentar').fill('Första veckan gick bra.');
    await anna.getByRole('button', { name: 'Spara' }).click();
    await anna.locator('#progress-status-error').waitFor();
    assert.equal(await anna.locator('#progress-status-error').innerText(), 'Fyll i fältet.');
    assert.equal(await anna.getByLabel('Kommentar').inputValue(), 'Första veckan gick bra.', 'kept as typed');
    await checkA11y(anna, 'the progress form with an error');
    await anna.getByLabel('Pågår', { exact: true }).check();
    await anna.getByRole('button', { name: 'Spara' }).click();
    await anna.waitForURL(/saved=progress/);
    await anna.getByText('Första veckan gick bra.').waitFor();
    await anna.goto(`${srv.base}/cases/${caseId}/plan`);
    await anna.getByText(/Pågår sedan/).waitFor();
  });

  test('V-9.2: what the child said, written down (an error first)', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}/implementation`);
    await anna.getByLabel('När sa barnet det?').fill(inDays(5));
    await anna.getByRole('button', { name: 'Spara' }).click();
    await anna.locator('#voice-note-error').waitFor();
    assert.equal(await anna.locator('#voice-said_on-error').innerText(), 'Datumet kan inte ligga i framtiden.');
    assert.equal(await anna.getByLabel('När sa barnet det?').inputValue(), inDays(5), 'kept as typed');
    await checkA11y(anna, 'the child\'s words with an error');
    await anna.getByLabel('När sa barnet det?').fill(today());
    await anna.getByLabel('Vad har barnet sagt eller frågat?').fill('Undrar om hen får sitta i det lugna rummet.');
    await anna.getByRole('button', { name: 'Spara' }).click();
    await anna.waitForURL(/saved=voice/);
    await anna.getByText('Undrar om hen får sitta i det lugna rummet.').waitFor();
  });

  test('V-9.3, V-9.4: an event is reported, and the samordningsansvarig decides that the booked follow-up is enough (an error first)', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}/implementation`);
    await anna.getByLabel('Vad har hänt?').fill('Barnet byter klass efter lovet.');
    await anna.getByRole('button', { name: 'Rapportera' }).click();
    await anna.waitForURL(/saved=event/);
    await anna.getByText('Väntar på beslut').waitFor();
    await checkA11y(anna, 'the implementation page with an event');
    await anna.getByRole('link', { name: /Besluta/ }).click();
    await checkA11y(anna, 'the decision page');
    await anna.getByLabel('Det bokade uppföljningsmötet räcker').check();
    await anna.getByRole('button', { name: 'Spara beslutet' }).click();
    await anna.locator('#event_decision-note-error').waitFor();
    await checkA11y(anna, 'the decision with an error');
    await anna.getByLabel('Motivering').fill('Tas upp vid den bokade uppföljningen.');
    await anna.getByRole('button', { name: 'Spara beslutet' }).click();
    await anna.waitForURL(/saved=decision/);
    await anna.getByText('Det bokade uppföljningsmötet räcker').waitFor();
    await checkA11y(anna, 'the implementation page with the decision');
  });

  test('V-9.4: an earlier follow-up booked from the decision page leads back to the decision, the meeting chosen; the event then links to the meeting to invite', async () => {
    await anna.goto(`${srv.base}/cases/${caseId}/implementation`);
    await anna.getByLabel('Vad har hänt?').fill('Familjen flyttar i maj.');
    await anna.getByRole('button', { name: 'Rapportera' }).click();
    await anna.waitForURL(/saved=event/);
    await anna.getByRole('link', { name: /Besluta/ }).click();
    await anna.getByRole('link', { name: 'Boka ett tidigare uppföljningsmöte' }).click();
    await anna.waitForURL(/\/meetings\/new\?kind=followup&event=\d+$/);
    await anna.getByLabel(/^Datum/).fill(inDays(21));
    await anna.getByLabel(/^Börjar/).fill('10:00');
    await anna.getByLabel(/^Slutar/).fill('11:00');
    await anna.getByRole('radio', { name: 'På plats' }).check();
    await anna.getByLabel('Vi har kommit överens om digitalt eller på plats').check();
    await anna.getByLabel('Plats', { exact: true }).fill('Skolan');
    await anna.getByLabel(/^Varför mötet behövs/).fill('Familjen flyttar.');
    await anna.getByLabel(/^Vad ska vi prata om/).fill('Skolvägen.');
    await checkA11y(anna, 'the meeting form booked for an event');
    await anna.getByRole('button', { name: 'Spara mötet' }).click();
    await anna.waitForURL(/\/implementation\/events\/\d+\?meeting=\d+#decision$/);
    const meetingId = new URL(anna.url()).searchParams.get('meeting');
    await anna.getByText('Det tidigare uppföljningsmötet är bokat').waitFor();
    assert.ok(await anna.getByLabel('Ett tidigare uppföljningsmöte behövs').isChecked(), 'the decision chosen');
    assert.equal(await anna.getByLabel(/^Det tidigare uppföljningsmötet/).inputValue(), meetingId, 'the meeting booked chosen');
    await checkA11y(anna, 'the decision page after booking');
    await anna.getByRole('button', { name: 'Spara beslutet' }).click();
    await anna.waitForURL(/saved=decision/);
    await anna.locator('#events').getByRole('link', { name: /Bjud in och skicka kallelsen/ }).click();
    await anna.waitForURL(new RegExp(`/meetings/${meetingId}#invitees$`));
    await anna.getByRole('heading', { name: 'Inbjudna' }).waitFor();
  });
});
