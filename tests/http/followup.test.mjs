// followup: following up the plan (V-10.x). The follow-up page of a follow-up meeting opens with what the plan
// decided (V-10.3); before the meeting the coordinator hears the child and the guardians (V-10.2, a task until
// done); the checklist a-h is recorded question by question and each intervention reviewed (V-10.4); the next
// follow-up is booked and written into the updated plan (V-10.5), which carries over what continues (V-10.6)
// and may have a new coordinating organisation that must accept (V-10.7).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, today, inDays, decodeEntities, fieldError, auditForCase } from '../lib/server.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';

const srv = useServer();
const fields = (r) => Object.fromEntries((r.json().fields || []).map((f) => [f.field, f.code]));

describe('following up the plan', () => {
  let anna, bertil, david, admin;
  before(async () => {
    await srv.ready;
    [anna, bertil, david] = await Promise.all(['anna', 'bertil', 'david'].map((u) => srv.apiLogin(u)));
    admin = await srv.login('admin');
  });

  /** A finished plan and a follow-up meeting booked 30 days ahead; { kase, mid, url, api }. */
  async function followupMeeting() {
    const kase = await makeFinishedPlan({ anna, bertil, david });
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: inDays(30), start: '13:30', end: '14:30', setting: 'physical', setting_agreed: true,
      place: 'Ålidhemsskolan', purpose: 'Att följa upp planen.', agenda: 'Hur insatserna har gått.',
    });
    assert.equal(r.status, 201, r.text);
    const mid = r.json().id;
    return { kase, mid, url: `/cases/${kase.id}/meetings/${mid}/followup`, api: `/api/v1/cases/${kase.id}/meetings/${mid}/followup` };
  }

  test('V-10.3, V-10.4: the follow-up page opens with what the plan decided and asks the questions a-h; only for a follow-up meeting', async () => {
    const { kase, url } = await followupMeeting();
    const web = await srv.login('anna');
    // V-9.1, V-9.2 feed the follow-up: how the intervention went and what the child said since
    const impl = `/api/v1/cases/${kase.id}/implementation`;
    assert.equal((await anna.postJson(`${impl}/interventions/${kase.schoolIv}/progress`, { status: 'ongoing', status_on: today(), note: 'Två lektioner i veckan.' })).status, 201);
    assert.equal((await anna.postJson(`${impl}/voices`, { note: 'Jag vill läsa serietidningar.', said_on: today() })).status, 201);
    const page = await web.get(url);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, /Börja med att sammanfatta förra mötet/);
    assert.match(text, /Läser en bok på egen hand/, 'V-10.3: the goals decided');
    assert.match(text, /Specialpedagogiskt stöd <span class="muted">\(Ålidhemsskolan\)<\/span>/);
    assert.match(text, /Så går det: <strong>[^<]+<\/strong> \([0-9-]+\): Två lektioner i veckan\./, 'V-9.1: the latest word');
    assert.match(text, /Det barnet har sagt sedan planen gjordes[\s\S]*Jag vill läsa serietidningar\./, 'V-10.2: the child\'s words');
    for (const q of ['a. Har alla gjort det de åtog sig i planen?', 'b. Hur fungerar insatserna?', 'c. Behöver någon insats ändras, ersättas eller planeras om?',
      'd. Vilka resultat ser vi?', 'e. Tillgodoses barnets mål och behov?', 'f. Har barnets mål och behov förändrats?', 'g. Behövs andra insatser?', 'h. Det här fungerar'])
      assert.ok(text.includes(q), q);
    assert.match(text, /förmedla hopp om att barnets situation blir bättre/, 'V-10.4 h: convey hope');
    // a plan meeting has no follow-up page; another case's meeting neither
    const plan = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'plan', date: inDays(20), start: '10:00', end: '11:00', setting: 'physical', setting_agreed: true, place: 'Skolan', purpose: 'Plan.', agenda: 'Plan.',
    });
    assert.equal((await web.get(`/cases/${kase.id}/meetings/${plan.json().id}/followup`)).status, 404);
    const other = await followupMeeting();
    assert.equal((await web.get(`/cases/${kase.id}/meetings/${other.mid}/followup`)).status, 404);
    // one who may not see the case gets the same 404 (karin, Kronoberg)
    assert.equal((await (await srv.login('karin')).get(url)).status, 404);
    assert.ok((await auditForCase(admin, kase.id)).some((e) => e.object === 'followup' && e.action === 'read'), 'the read is on record');
  });

  test('V-10.2: the coordinator hears the child and the guardians before the meeting: a task until it is recorded', async () => {
    const { kase, api } = await followupMeeting();
    const web = await srv.login('anna');
    const hearTask = async () => decodeEntities((await web.get('/tasks')).text).split('<tr class="task-').slice(1)
      .filter((row) => row.includes('Fråga barnet och vårdnadshavarna inför uppföljningen') && row.includes(`/cases/${kase.id}"`))
      .map((row) => row.slice(0, row.indexOf('"')));
    assert.deepEqual(await hearTask(), ['open'], 'the coordinator\'s task, due the day before the meeting');
    const future = await anna.postJson(api, { child_last_meeting: 'Bra', heard_on: inDays(3) });
    assert.equal(future.status, 422);
    assert.equal(fields(future)['followup.heard_on'], 'future');
    const r = await anna.postJson(api, {
      child_last_meeting: 'Det var skönt att få säga vad jag tycker.', child_interventions: 'Stödet i svenska hjälper.',
      guardians_view: 'Hemma är det lugnare nu.', heard_on: today(),
    });
    assert.equal(r.status, 200, r.text);
    const f = (await anna.getJson(api)).json();
    assert.equal(f.child_interventions, 'Stödet i svenska hjälper.');
    assert.equal(f.heard_on, today());
    assert.deepEqual(await hearTask(), ['done'], 'done once what they said is recorded');
  });

  test('V-10.2: the preparation of V-3 again, for the follow-up meeting: kept apart from the first meeting\'s', async () => {
    const { kase, mid } = await followupMeeting();
    const prep = `/api/v1/cases/${kase.id}/preparation`;
    const r = await anna.postJson(`${prep}/child?meeting=${mid}`, { informed_on: today(), how_informed: 'Vi pratade hemma hos familjen.', answers: { q1: 'Att läsa har blivit roligare.' } });
    assert.equal(r.status, 200, r.text);
    const forFollowup = (await anna.getJson(`${prep}?meeting=${mid}`)).json();
    assert.equal(forFollowup.child.answers.q1, 'Att läsa har blivit roligare.');
    assert.equal((await anna.getJson(prep)).json().child, null, 'the first meeting\'s preparation is another');
    const g = await anna.postJson(`${prep}/guardians/${kase.guardians[0]}?meeting=${mid}`, { informed_on: today() });
    assert.equal(g.status, 200, g.text);
    assert.equal((await anna.getJson(`${prep}?meeting=${mid}`)).json().guardians[0].started, true);
    // only this case's follow-up meetings have their own preparation
    const plan = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'plan', date: inDays(20), start: '10:00', end: '11:00', setting: 'physical', setting_agreed: true, place: 'Skolan', purpose: 'Plan.', agenda: 'Plan.',
    });
    assert.equal((await anna.getJson(`${prep}?meeting=${plan.json().id}`)).status, 404);
    assert.equal((await anna.getJson(`${prep}?meeting=x`)).status, 404);
    // the page: the form keeps the meeting, and the follow-up page links to it
    const web = await srv.login('anna');
    const page = await web.get(`/cases/${kase.id}/prep/child?meeting=${mid}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<input type="hidden" name="meeting" value="${mid}">`));
    assert.match(decodeEntities(page.text), /Att läsa har blivit roligare\./);
    assert.match((await web.get(`/cases/${kase.id}/meetings/${mid}/followup`)).text, new RegExp(`/prep/child\\?meeting=${mid}`));
  });

  test('V-10.4: the checklist question by question and each intervention reviewed; bad input keeps the form', async () => {
    const { kase, api, url } = await followupMeeting();
    assert.equal((await anna.postJson(api, { q_a: 'Ja, alla har gjort sitt.', q_h: 'Läsningen går framåt.' })).status, 200);
    assert.equal((await anna.postJson(api, { q_a: 'Ja, alla har gjort sitt.', q_b: 'Stödet ges varje vecka.', q_h: 'Läsningen går framåt.' })).status, 200);
    let f = (await anna.getJson(api)).json();
    assert.equal(f.q_a, 'Ja, alla har gjort sitt.');
    assert.equal(f.q_b, 'Stödet ges varje vecka.');
    assert.equal(f.q_h, 'Läsningen går framåt.');
    const bad = await anna.postJson(`${api}/interventions/${kase.socialIv}`, { decision: 'maybe' });
    assert.equal(bad.status, 422);
    assert.equal(fields(bad)['review.decision'], 'choice');
    assert.equal((await anna.postJson(`${api}/interventions/${kase.socialIv}`, { decision: 'end', note: 'Familjen klarar sig själv nu.' })).status, 200);
    assert.equal((await anna.postJson(`${api}/interventions/999999`, { decision: 'end' })).status, 404, 'not an intervention of the version');
    f = (await anna.getJson(api)).json();
    assert.deepEqual(f.reviews.map((r) => [r.intervention_id, r.decision, r.note]), [[kase.socialIv, 'end', 'Familjen klarar sig själv nu.']]);
    // the page: a bad date gets its Swedish message beside the field, and what was typed stays
    const web = await srv.login('anna');
    await web.get(url);
    const page = await web.post(url, { 'followup.q_c': 'Ja, familjebehandlingen kan avslutas.', 'followup.next_on': 'nästa vecka' });
    assert.equal(page.status, 422);
    assert.ok(fieldError(page.text, 'followup.next_on'));
    assert.match(decodeEntities(page.text), /Ja, familjebehandlingen kan avslutas\./);
  });

  test('V-10.5, V-10.6, V-10.7: the updated plan carries over what goes on, with the next follow-up and a new coordinator who must accept', async () => {
    const { kase, api, mid } = await followupMeeting();
    const { orgs } = kase;
    // not yet: coordination not said to be needed, nothing booked, interventions not reviewed
    let r = await anna.postJson(`${api}/plan`, {});
    assert.equal(r.status, 409);
    assert.deepEqual(Object.keys(fields(r)).sort(), ['followup.next_on', 'followup.still_needed', 'review.decision']);
    const early = await anna.postJson(api, { next_on: inDays(30) });
    assert.equal(early.status, 422);
    assert.equal(fields(early)['followup.next_on'], 'not_after_meeting', 'V-10.5: the next follow-up comes after this one');
    assert.equal((await anna.postJson(api, {
      q_c: 'Familjebehandlingen avslutas.', next_on: inDays(120), next_time: '09:00', next_place: 'BUP Umeå', next_participants: 'Alla igen',
      still_needed: 'yes', new_coordinator_org: orgs['BUP Umeå'],
    })).status, 200);
    assert.equal((await anna.postJson(`${api}/interventions/${kase.schoolIv}`, { decision: 'continue' })).status, 200);
    assert.equal((await anna.postJson(`${api}/interventions/${kase.socialIv}`, { decision: 'end' })).status, 200);
    r = await anna.postJson(`${api}/plan`, {});
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json().version, 2);
    const v2 = (await anna.getJson(`/api/v1/cases/${kase.id}/plan`)).json();
    assert.equal(v2.status, 'draft');
    assert.deepEqual(v2.interventions.map((iv) => iv.what), ['Specialpedagogiskt stöd'], 'V-10.6: what ends is not carried over');
    assert.deepEqual(v2.goals.map((g) => g.goal), ['Läser en bok på egen hand']);
    assert.equal(v2.interventions[0].goal_id, v2.goals[0].id, 'the intervention points at its goal\'s copy');
    assert.equal(v2.followup_on, inDays(120), 'V-10.5: the next follow-up is written into the plan');
    assert.equal(v2.followup_place, 'BUP Umeå');
    assert.deepEqual(v2.coordinator_orgs, [orgs['BUP Umeå']], 'V-10.7: the new coordinating organisation');
    assert.ok(!v2.contact_if_fails, 'the old coordinator\'s "contact if it fails" does not follow (V-7.5)');
    // once made, the follow-up stays as it was, and no second updated plan
    assert.equal(fields(await anna.postJson(`${api}/plan`, {}))['followup.new_plan'], 'exists');
    assert.equal((await anna.postJson(api, { q_a: 'Ändrat i efterhand' })).status, 409);
    // V-10.7: BUP is told, has the task, and must accept before the version is finished
    assert.ok((await david.getJson('/api/v1/notifications')).json().some((n) => n.kind === 'coordination_asked' && n.case_id === kase.id));
    const davidWeb = await srv.login('david');
    assert.match(decodeEntities((await davidWeb.get('/tasks')).text), /Svara på om er verksamhet samordnar planen/);
    assert.ok((await david.postJson(`/api/v1/cases/${kase.id}/plan/contacts`, { org_id: orgs['BUP Umeå'], name: 'David Nilsson', phone: '090-10 00 00' })).status < 300);
    assert.equal((await david.postJson(`/api/v1/cases/${kase.id}/plan`, { coordinator_orgs: [orgs['BUP Umeå']], coordinator_name: 'David Nilsson', contact_if_fails: 'Ring BUP', followup_on: inDays(120), followup_place: 'BUP Umeå', followup_participants: 'Alla igen', summary: 'Vi fortsätter med läsningen.' })).status, 200);
    let fin = await anna.postJson(`/api/v1/cases/${kase.id}/plan/finish`, {});
    assert.equal(fin.status, 409, fin.text);
    assert.equal(fields(fin)['plan.coordinator_orgs'], 'not_accepted');
    const notAsked = await bertil.postJson(`/api/v1/cases/${kase.id}/plan/coordination`, { answer: 'accept' });
    assert.equal(notAsked.status, 409);
    assert.equal(fields(notAsked)['coordination.org'], 'not_asked');
    const planPage = decodeEntities((await davidWeb.get(`/cases/${kase.id}/plan`)).text);
    assert.match(planPage, /BUP Umeå: har inte tackat ja än/);
    assert.match(planPage, /Vi tar på oss att samordna planen/);
    const yes = await davidWeb.post(`/cases/${kase.id}/plan/coordination`, { answer: 'accept' });
    assert.equal(yes.status, 303, yes.text);
    fin = await anna.postJson(`/api/v1/cases/${kase.id}/plan/finish`, {});
    assert.equal(fin.status, 200, fin.text);
    assert.ok((await anna.getJson(`/api/v1/cases/${kase.id}`)).json().timeline.some((e) => e.kind === 'coordination_accepted'));
    assert.ok(mid);
  });

  test('V-12.2: when the follow-up meeting is held, the child and each guardian are offered the survey again', async () => {
    const kase = await makeFinishedPlan({ anna, bertil, david });
    const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: today(), start: '08:00', end: '09:00', setting: 'physical', setting_agreed: true,
      place: 'Ålidhemsskolan', purpose: 'Att följa upp planen.', agenda: 'Hur insatserna har gått.',
    });
    assert.equal(m.status, 201, m.text);
    const web = await srv.login('anna');
    const survey = async () => (decodeEntities((await web.get(`/cases/${kase.id}/survey`)).text).match(/Vid uppföljningen/g) || []).length;
    assert.equal(await survey(), 0);
    await web.get(`/cases/${kase.id}/meetings/${m.json().id}/chair`);
    const held = await web.post(`/cases/${kase.id}/meetings/${m.json().id}/held`, { 'closing.child_asked': '1', 'closing.child_representative': 'Sara (mamma)' });
    assert.equal(held.status, 303, held.text);
    assert.equal(await survey(), 1 + kase.guardians.length, 'the child and each guardian');
  });

  test('V-10.1: a follow-up follows up a finished plan; before one there is nothing to follow up', async () => {
    const { kase } = await followupMeeting();
    // a new draft does not change what is followed up: version 1 is in force
    const other = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: inDays(40), start: '13:30', end: '14:30', setting: 'physical', setting_agreed: true, place: 'Skolan', purpose: 'Uppföljning.', agenda: 'Planen.',
    });
    const f = (await anna.getJson(`/api/v1/cases/${kase.id}/meetings/${other.json().id}/followup`)).json();
    assert.equal(f.version, 1);
    assert.equal(f.interventions, 2);
  });
});
