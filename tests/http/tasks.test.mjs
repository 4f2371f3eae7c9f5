// tasks: the work lists (issue 4 item 9). "Mina uppgifter" shows each professional what they and their
// organisation must do, with a deadline and its status in words: on time, due today, late; the case
// page shows the case's tasks. Deadlines follow the model's three-week rule counted in calendar days
// (V-6.1 Västerbotten; K-4.3 Kronoberg), and the initiating organisation prepares the child (V-3.2)
// and the guardians (V-4.1) and obtains consent (V-2.6, K-2.2).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today, addDays, decodeEntities } from '../lib/server.mjs';
import { orgIds, recordConsent } from '../lib/fixtures.mjs';

const srv = useServer();


/** The rows of the tasks table as { status, what, child, due }. */
function taskRows(html) {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  if (!body) return [];
  return [...body[1].matchAll(/<tr class="task-([a-z_]+)">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[2].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) =>
      decodeEntities(c[1].replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim(),
    );
    return { code: m[1], status: cells[0], what: cells[1], child: cells[2], due: cells[3] };
  });
}

describe('"Mina uppgifter"', () => {
  let annaApi, anna, bertil, lateChild, freshChild, lateId;
  before(async () => {
    await srv.ready;
    annaApi = await srv.apiLogin('anna');
    anna = await srv.login('anna');
    bertil = await srv.login('bertil');
    const late = registrationJson({ initiative: { noticed_on: addDays(today(), -22) } });
    const fresh = registrationJson({ initiative: { noticed_on: today() } });
    lateChild = `${late.child.given_name} ${late.child.family_name}`;
    freshChild = `${fresh.child.given_name} ${fresh.child.family_name}`;
    let r = await annaApi.postJson('/api/v1/cases', late);
    assert.equal(r.status, 201, r.text);
    lateId = r.json().id;
    r = await annaApi.postJson('/api/v1/cases', fresh);
    assert.equal(r.status, 201, r.text);
  });

  /** A case of its own whose need was noticed 22 days ago, without consent: { id, child } (the child's name). */
  async function lateCase() {
    const late = registrationJson({ initiative: { noticed_on: addDays(today(), -22) } });
    const r = await annaApi.postJson('/api/v1/cases', late);
    assert.equal(r.status, 201, r.text);
    return { id: r.json().id, child: `${late.child.given_name} ${late.child.family_name}` };
  }

  test('V-6.1 the invitation 22 days after the need was noticed is late; on day 0 it is due in 21 days', async () => {
    const page = await anna.get('/tasks');
    assert.equal(page.status, 200);
    const rows = taskRows(page.text);
    const late = rows.find((t) => t.child === lateChild && t.what === 'Skicka kallelsen');
    assert.ok(late, JSON.stringify(rows.filter((t) => t.child === lateChild)));
    assert.equal(late.code, 'late');
    assert.match(late.status, /Försenad/);
    assert.equal(late.due, addDays(today(), -1));
    const fresh = rows.find((t) => t.child === freshChild && t.what === 'Skicka kallelsen');
    assert.ok(fresh);
    assert.equal(fresh.code, 'open');
    assert.equal(fresh.due, addDays(today(), 21));
  });

  test('V-3.2, V-4.1 the initiating organisation prepares the child and the guardians by the same date (V-4.3)', async () => {
    const rows = taskRows((await anna.get('/tasks')).text).filter((t) => t.child === freshChild);
    const child = rows.find((t) => t.what === 'Förbered barnet');
    assert.ok(child, JSON.stringify(rows));
    assert.equal(child.due, addDays(today(), 21));
    assert.equal(rows.filter((t) => t.what === 'Förbered vårdnadshavare').length, 2, 'one per guardian');
  });

  test('V-2.6, K-2.2 obtaining consent is a task until it is recorded; then it is done', async () => {
    const { id: lateId, child: lateChild } = await lateCase(); // this test records its consent
    const before = taskRows((await anna.get('/tasks')).text).filter((t) => t.child === lateChild);
    assert.ok(before.some((t) => t.what === 'Inhämta samtycke' && t.code !== 'done'), JSON.stringify(before));
    const orgs = Object.fromEntries((await annaApi.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    const guardians = (await annaApi.getJson(`/api/v1/cases/${lateId}`)).json().guardians.map((g) => g.id);
    const r = await annaApi.postJson(`/api/v1/cases/${lateId}/consents`, {
      org_id: orgs['Ålidhemsskolan'],
      giver: 'guardians',
      guardian_ids: guardians,
      child_view: 'Vill ha hjälp.',
      scope: 'Närvaro.',
      form: 'hlt_vasterbotten',
      given_on: today(),
    });
    assert.equal(r.status, 201, r.text);
    const after = taskRows((await anna.get('/tasks')).text).filter((t) => t.child === lateChild);
    assert.ok(!after.some((t) => t.what === 'Inhämta samtycke' && t.code !== 'done' && t.code !== 'done_late'), JSON.stringify(after));
  });

  test('the case page lists the case\'s tasks with their status', async () => {
    // a late case whose consent is recorded (on time)
    const { id: lateId } = await lateCase();
    await recordConsent(annaApi, lateId, (await orgIds(annaApi))['Ålidhemsskolan'], { child_view: 'Vill ha hjälp.', scope: 'Närvaro.' });
    const page = await anna.get(`/cases/${lateId}`);
    const section = /id="tasks"[\s\S]*?<\/section>/.exec(page.text)[0];
    const text = decodeEntities(section.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
    assert.match(text, /Skicka kallelsen · senast [0-9-]+ · Försenad/);
    assert.match(text, /Inhämta samtycke · Klar i tid/);
  });

  test('another organisation sees none of these tasks, nor the children\'s names (V-2.6)', async () => {
    const page = await bertil.get('/tasks');
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes(lateChild) && !page.text.includes(freshChild));
  });
});

describe('K-1.2 another organisation takes the initiative in Kronoberg', () => {
  test('it informs the barnensbästa-ansvarig: a task until recorded, the date checked, then done', async () => {
    const maja = await srv.apiLogin('maja');
    const majaWeb = await srv.login('maja');
    const body = registrationJson({ initiative: { model: 'kronoberg', route: 'other_org', noticed_on: today() } });
    const r = await maja.postJson('/api/v1/cases', body);
    assert.equal(r.status, 201, r.text);
    const id = r.json().id;
    const child = `${body.child.given_name} ${body.child.family_name}`;
    let rows = taskRows((await majaWeb.get('/tasks')).text).filter((t) => t.child === child);
    assert.ok(rows.some((t) => t.what === 'Informera barnensbästa-ansvarig' && t.code === 'open'), JSON.stringify(rows));
    const flat = (html) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
    let page = await majaWeb.get(`/cases/${id}`);
    assert.match(flat(page.text), /Barnensbästa-ansvarig informerad Inte än\./);
    const form = await majaWeb.get(`/cases/${id}/named-person`);
    assert.equal(form.status, 200);
    let post = await majaWeb.post(`/cases/${id}/named-person`, { 'named_person.on': addDays(today(), 3) });
    assert.equal(post.status, 422);
    assert.match(decodeEntities(post.text), /Datumet kan inte ligga i framtiden\./);
    post = await majaWeb.post(`/cases/${id}/named-person`, { 'named_person.on': today() });
    assert.equal(post.status, 303);
    rows = taskRows((await majaWeb.get('/tasks')).text).filter((t) => t.child === child);
    assert.ok(!rows.some((t) => t.what === 'Informera barnensbästa-ansvarig' && t.code === 'open'), JSON.stringify(rows));
    page = await majaWeb.get(`/cases/${id}`);
    assert.match(flat(page.text), new RegExp(`Barnensbästa-ansvarig informerad ${today()}`));
    const v = (await maja.getJson(`/api/v1/cases/${id}`)).json();
    assert.ok(v.timeline.some((e) => e.kind === 'named_person_informed'));
  });

  test('at later meetings responsibility passes to the organisation with the greatest responsibility, under its own consent', async () => {
    const maja = await srv.apiLogin('maja');
    const majaWeb = await srv.login('maja');
    const body = registrationJson({ initiative: { model: 'kronoberg', route: 'other_org', noticed_on: today() } });
    const id = (await maja.postJson('/api/v1/cases', body)).json().id;
    const orgs = Object.fromEntries((await maja.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    const guardians = (await maja.getJson(`/api/v1/cases/${id}`)).json().guardians.map((g) => g.id);
    const consent = (org) => maja.postJson(`/api/v1/cases/${id}/consents`, {
      org_id: orgs[org], giver: 'guardians', guardian_ids: guardians, child_view: 'Ja.', scope: 'Det som behövs.',
      form: 'kronobarnsmodellen', given_on: today(),
    });
    assert.equal((await consent('Socialtjänsten Växjö')).status, 201);
    const flat = (html) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
    assert.match(flat((await majaWeb.get(`/cases/${id}`)).text), /Kallar till kommande möten Socialtjänsten Växjö/);
    // an organisation without its own consent cannot take over (V-2.6)
    assert.equal((await majaWeb.get(`/cases/${id}/responsibility`)).status, 200);
    let r = await majaWeb.post(`/cases/${id}/responsibility`, { 'responsibility.org_id': String(orgs['Furutåskolan']) });
    assert.equal(r.status, 422);
    assert.match(flat(r.text), /Välj en verksamhet som deltar i ärendet\./);
    assert.equal((await consent('Furutåskolan')).status, 201);
    r = await majaWeb.post(`/cases/${id}/responsibility`, { 'responsibility.org_id': String(orgs['Furutåskolan']) });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.match(flat((await majaWeb.get(`/cases/${id}`)).text), /Kallar till kommande möten Furutåskolan/);
    const karin = await srv.apiLogin('karin');
    const notes = (await karin.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'responsibility_passed' && n.case_id === id), 'the school is told');
  });

  test('not on that route: the step does not apply', async () => {
    const karinWeb = await srv.login('karin');
    const karin = await srv.apiLogin('karin');
    const r = await karin.postJson('/api/v1/cases', registrationJson({ initiative: { model: 'kronoberg', route: 'named_person' } }));
    const post = await karinWeb.post(`/cases/${r.json().id}/named-person`, { 'named_person.on': today() });
    assert.equal(post.status, 409);
  });
});
