// implementation: carrying out the plan, "Genomförande" (V-9.1-V-9.5), from the pages and the API: each
// organisation tells how its own interventions go (and nobody else may), the history follows an
// intervention into the next version, what the child says is kept for the follow-up, an event that
// affects the plan reaches the coordinator at once (in the app, by e-mail, as a task) until they decide,
// only the coordinator decides, and a consent withdrawn during the plan ends access at once (V-2.8).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, auditForCase, today, inDays, fieldError, formValues, decodeEntities } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { orgIds, recordConsent, makeCase } from '../lib/fixtures.mjs';

let resolveSmtp;
const smtpReady = new Promise((r) => {
  resolveSmtp = r;
});
before(async () => {
  resolveSmtp(await startSmtp());
});
after(async () => {
  await (await smtpReady).close();
});
const srv = useServer({ env: async () => ({ BARNPLAN_SMTP_URL: (await smtpReady).url, BARNPLAN_PUBLIC_URL: 'https://barnplan.test' }) });

const fields = (r) => Object.fromEntries(r.json().fields.map((f) => [f.field, f.code]));
const ok = (r, status) => assert.equal(r.status, status, r.text);

describe('Västerbotten: carrying out SIP Barnets plan', () => {
  let anna, annaWeb, bertil, bertilWeb, david, davidWeb, cecilia, admin, orgs, annaId;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, david, davidWeb, cecilia, admin] = await Promise.all([
      srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.login('bertil'),
      srv.apiLogin('david'), srv.login('david'), srv.apiLogin('cecilia'), srv.apiLogin('admin'),
    ]);
    orgs = await orgIds(anna);
    annaId = (await anna.getJson('/api/v1/me')).json().id;
  });

  /**
   * A case whose school, social services and BUP have their consents and whose plan (the school's and social
   * services' interventions; anna, the school, samordningsansvarig) is finished unless `finish` is false.
   */
  async function planCase({ finish = true } = {}) {
    const kase = await makeCase(anna);
    const consents = {};
    for (const org of ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå'])
      consents[org] = await recordConsent(anna, kase.id, orgs[org], { child_view: 'Vill att de vuxna hjälps åt.', scope: 'Det som behövs för planen.' });
    const id = kase.id;
    const g = await anna.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'learning', need: 'Läsa och skriva', goal: 'Läser en bok på egen hand' });
    ok(g, 201);
    const school = await anna.postJson(`/api/v1/cases/${id}/plan/interventions`, {
      what: 'Specialpedagogiskt stöd', org_id: orgs['Ålidhemsskolan'], starts_on: today(), level: 'Två lektioner i veckan', goal_id: g.json().id,
    });
    ok(school, 201);
    const social = await bertil.postJson(`/api/v1/cases/${id}/plan/interventions`, {
      what: 'Familjebehandling', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varannan vecka',
    });
    ok(social, 201);
    ok(await anna.postJson(`/api/v1/cases/${id}/plan`, {
      coordinator_orgs: [orgs['Ålidhemsskolan']], coordinator_user_id: annaId, coordinator_name: 'Anna Lindqvist',
      contact_if_fails: 'Ring skolans rektor', followup_on: inDays(60), followup_place: 'Skolan',
      followup_participants: 'Alla', summary: 'Vi hjälps åt så att du kan läsa.',
    }), 200);
    for (const [org, name, who] of [['Ålidhemsskolan', 'Anna Lindqvist', anna], ['Socialtjänsten Umeå', 'Bertil Öberg', bertil], ['BUP Umeå', 'David Nilsson', david]])
      ok(await who.postJson(`/api/v1/cases/${id}/plan/contacts`, { org_id: orgs[org], name }), 200);
    if (finish) ok(await anna.postJson(`/api/v1/cases/${id}/plan/finish`, {}), 200);
    return { id, consents, schoolIv: school.json().id, socialIv: social.json().id };
  }

  test('V-9.1: each organisation tells how its own intervention goes; anyone else is refused (audited); the history is kept and the latest is shown on the plan page and in the API', async () => {
    const draft = await planCase({ finish: false });
    let r = await anna.postJson(`/api/v1/cases/${draft.id}/implementation/interventions/${draft.schoolIv}/progress`, { status: 'started', status_on: today() });
    assert.equal(r.status, 409, r.text);
    assert.equal(fields(r)['progress.status'], 'no_plan_in_force', 'V-9.1: implementation starts with a finished plan');

    const { id, schoolIv, socialIv } = await planCase();
    const base = `/api/v1/cases/${id}/implementation`;
    r = await bertil.postJson(`${base}/interventions/${schoolIv}/progress`, { status: 'done', status_on: today(), note: 'Klart' });
    assert.equal(r.status, 403, r.text);
    assert.equal(fields(r)['progress.status'], 'not_own_org', 'V-9.1: social services may not speak for the school');
    assert.ok((await auditForCase(admin, id)).some((e) => e.object === 'progress' && e.action === 'denied' && e.detail === 'not_own_org'));
    // the page refuses the same, with the message beside the field and the note kept as typed
    const refused = await bertilWeb.post(`/cases/${id}/implementation/interventions/${schoolIv}`, { 'progress.status': 'done', 'progress.status_on': today(), 'progress.note': 'Bertils anteckning' });
    assert.equal(refused.status, 403);
    assert.doesNotMatch(refused.text, /name="progress.note"/, 'another organisation gets no form');
    assert.match(decodeEntities(refused.text), /Bara den ansvariga verksamheten berättar hur insatsen går\./);

    r = await anna.postJson(`${base}/interventions/${schoolIv}/progress`, { status: 'started', status_on: inDays(-7), note: 'Första lektionen hölls.' });
    assert.equal(r.status, 201, r.text);
    const page = await annaWeb.post(`/cases/${id}/implementation/interventions/${schoolIv}`, { 'progress.status': 'ongoing', 'progress.status_on': today(), 'progress.note': 'Går bra, läser mer.' });
    assert.equal(page.status, 303, page.text.slice(0, 300));
    assert.match(page.location, new RegExp(`^/cases/${id}/implementation\\?saved=progress`));
    r = await bertil.postJson(`${base}/interventions/${socialIv}/progress`, { status: 'paused', status_on: today(), note: 'Familjen är bortrest.' });
    assert.equal(r.status, 201, r.text);

    const impl = (await david.getJson(base)).json();
    assert.equal(impl.plan_version, 1);
    const school = impl.interventions.find((iv) => iv.id === schoolIv);
    assert.equal(school.progress.status, 'ongoing', 'V-9.1: the latest is shown next to the intervention');
    assert.equal(school.progress.note, 'Går bra, läser mer.');
    assert.equal(school.may_record, false, 'BUP does not own it');
    assert.equal(impl.progress.filter((p) => p.intervention_id === schoolIv).length, 2, 'V-9.1: the history is kept');
    const plan = (await anna.getJson(`/api/v1/cases/${id}/plan`)).json();
    assert.equal(plan.interventions.find((iv) => iv.id === socialIv).progress.status, 'paused');
    const planPage = decodeEntities((await annaWeb.get(`/cases/${id}/plan`)).text);
    assert.match(planPage, /Pågår sedan \d{4}-\d\d-\d\d/, 'V-9.1: on the plan page beside the intervention');
    assert.match(planPage, /Pausad sedan/);
    assert.match(planPage, new RegExp(`href="/cases/${id}/implementation"`));
    const history = decodeEntities((await annaWeb.get(`/cases/${id}/implementation/interventions/${schoolIv}`)).text);
    assert.match(history, /Påbörjad<\/strong> sedan [\d-]+: Första lektionen hölls\./);
    assert.match(history, /Pågår<\/strong> sedan [\d-]+: Går bra, läser mer\./);
    assert.ok((await auditForCase(admin, id)).some((e) => e.object === 'implementation' && e.action === 'read'), 'every read is audited');
  });

  test('V-9.1: bad input gets a message beside the field and the form as typed; the API names the field', async () => {
    const { id, schoolIv } = await planCase();
    const r = await anna.postJson(`/api/v1/cases/${id}/implementation/interventions/${schoolIv}/progress`, { status: 'almost', status_on: inDays(3) });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(fields(r), { 'progress.status': 'choice', 'progress.status_on': 'future' });
    const page = await annaWeb.post(`/cases/${id}/implementation/interventions/${schoolIv}`, { 'progress.status': '', 'progress.status_on': inDays(3), 'progress.note': 'Skrivet <b>så här</b>' });
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'progress.status'), 'Fyll i fältet.');
    assert.equal(fieldError(page.text, 'progress.status_on'), 'Datumet kan inte ligga i framtiden.');
    assert.equal(formValues(page.text)['progress.note'], 'Skrivet <b>så här</b>', 'kept as typed');
    assert.doesNotMatch(page.text, /<b>så här<\/b>/, 'and shown as text');
    const junk = await anna.postJson(`/api/v1/cases/${id}/implementation/interventions/${schoolIv}/progress`, { status: 7 });
    assert.equal(junk.status, 422);
    assert.equal((await anna.getJson(`/api/v1/cases/${id}/implementation`)).json().progress.length, 0, 'nothing stored');
    assert.equal((await anna.postJson(`/api/v1/cases/${id}/implementation/interventions/99999999/progress`, { status: 'started', status_on: today() })).status, 404);
  });

  test('V-9.1, V-10.6: an intervention\'s history follows it into the next version; the finished version is not changed', async () => {
    const { id, schoolIv } = await planCase();
    const base = `/api/v1/cases/${id}/implementation`;
    ok(await anna.postJson(`${base}/interventions/${schoolIv}/progress`, { status: 'started', status_on: today(), note: 'Version ett.' }), 201);
    const v2 = await anna.postJson(`/api/v1/cases/${id}/plan/versions`, {});
    assert.equal(v2.status, 201, v2.text);
    const draft = (await anna.getJson(`/api/v1/cases/${id}/plan`)).json();
    const copy = draft.interventions.find((iv) => iv.what === 'Specialpedagogiskt stöd');
    assert.notEqual(copy.id, schoolIv, 'the draft has its own rows');
    assert.equal(copy.progress.note, 'Version ett.', 'the copy shows its line\'s latest word');
    // while the draft is written, version 1 is in force: progress is recorded on it
    const impl = (await anna.getJson(base)).json();
    assert.equal(impl.plan_version, 1);
    ok(await anna.postJson(`/api/v1/cases/${id}/plan/finish`, {}), 200);
    const after = (await anna.getJson(base)).json();
    assert.equal(after.plan_version, 2);
    const iv2 = after.interventions.find((iv) => iv.what === 'Specialpedagogiskt stöd');
    assert.equal(iv2.id, copy.id);
    assert.equal(iv2.origin_id, schoolIv, 'the line starts at the first row');
    assert.equal(iv2.progress.note, 'Version ett.');
    ok(await anna.postJson(`${base}/interventions/${iv2.id}/progress`, { status: 'done', status_on: today(), note: 'Version två.' }), 201);
    const hist = decodeEntities((await annaWeb.get(`/cases/${id}/implementation/interventions/${iv2.id}`)).text);
    assert.match(hist, /Version ett\./);
    assert.match(hist, /Version två\./);
    assert.equal((await anna.postJson(`${base}/interventions/${schoolIv}/progress`, { status: 'done', status_on: today() })).status, 404, 'the replaced version\'s row is not in force');
    const v1 = await anna.getJson(`/api/v1/cases/${id}/plan/versions/1`);
    assert.equal(v1.status, 200);
    assert.doesNotMatch(v1.text, /Version ett|progress/, 'V-10.6: progress is not part of the frozen version');
  });

  test('V-9.2: anyone involved writes down what the child said or asked; the coordinator sees it, and the follow-up can list it since a date', async () => {
    const { id } = await planCase();
    const base = `/api/v1/cases/${id}/implementation`;
    const before = (await anna.getJson('/api/v1/notifications')).json().filter((n) => n.case_id === id && n.kind === 'child_voice_recorded').length;
    ok(await david.postJson(`${base}/voices`, { note: 'Undrar varför hen måste gå till BUP på skoltid.', said_on: inDays(-10) }), 201);
    const page = await bertilWeb.post(`/cases/${id}/implementation/voices`, { 'voice.note': 'Säger att det är lugnare hemma nu.', 'voice.said_on': today() });
    assert.equal(page.status, 303, page.text.slice(0, 300));
    const notes = (await anna.getJson('/api/v1/notifications')).json().filter((n) => n.case_id === id && n.kind === 'child_voice_recorded');
    assert.equal(notes.length, before + 2, 'V-9.2: the coordinator is told');
    const all = (await anna.getJson(`${base}/voices`)).json().child_voices;
    assert.deepEqual(all.map((v) => v.note), ['Säger att det är lugnare hemma nu.', 'Undrar varför hen måste gå till BUP på skoltid.']);
    assert.equal(all[1].recorded_by_name, 'David Nilsson (psykolog, BUP)', 'who wrote it');
    const since = (await anna.getJson(`${base}/voices?since=${inDays(-3)}`)).json().child_voices;
    assert.deepEqual(since.map((v) => v.note), ['Säger att det är lugnare hemma nu.'], 'V-9.2: since a date, for the follow-up');
    assert.equal((await anna.getJson(`${base}/voices?since=igår`)).status, 422);
    const shown = decodeEntities((await annaWeb.get(`/cases/${id}/implementation`)).text);
    assert.match(shown, /Undrar varför hen måste gå till BUP på skoltid\./);
    // bad input: the message beside the field, the form kept
    const bad = await annaWeb.post(`/cases/${id}/implementation/voices`, { 'voice.note': '', 'voice.said_on': 'i går' });
    assert.equal(bad.status, 422);
    assert.equal(fieldError(bad.text, 'voice.note'), 'Fyll i fältet.');
    assert.equal(formValues(bad.text)['voice.said_on'], 'i går');
    assert.equal((await anna.postJson(`${base}/voices`, { note: 'x'.repeat(1001), said_on: today() })).status, 422, 'bounded');
    const tl = (await anna.getJson(`/api/v1/cases/${id}`)).json().timeline;
    assert.ok(tl.some((e) => e.kind === 'child_voice_recorded'));
    assert.doesNotMatch(JSON.stringify(tl), /lugnare hemma/, 'the timeline says that, never what the child said');
  });

  test('V-9.3: an event that affects the plan reaches the coordinator at once: in the app, by an e-mail without personal data, and as a task until decided', async () => {
    const { id } = await planCase();
    const base = `/api/v1/cases/${id}/implementation`;
    const r = await bertil.postJson(`${base}/events`, { what: 'Familjen flyttar till en annan kommun i vår.', happened_on: today() });
    assert.equal(r.status, 201, r.text);
    const n = (await anna.getJson('/api/v1/notifications')).json().find((x) => x.kind === 'plan_event_reported' && x.case_id === id);
    assert.ok(n, 'V-9.3: the samordningsansvarig is told in the app');
    const smtp = await smtpReady;
    const mail = await smtp.waitFor((m) => m.to.includes('anna@demo.barnplan.invalid') && /påverkar en plan/.test(m.mail.subject || '') && new RegExp(`/cases/${id}(?!\\d)`).test(m.mail.text || ''), 20000);
    assert.equal(mail.mail.subject, 'Barnplan: något har hänt som påverkar en plan');
    assert.ok(mail.mail.text.includes(`https://barnplan.test/cases/${id}`));
    assert.doesNotMatch(mail.raw, /flyttar|Jsonsson|Apibarn/, 'no personal data in the e-mail');
    const tasks = decodeEntities((await annaWeb.get('/tasks')).text);
    assert.match(tasks, /Besluta om en händelse: behövs ett tidigare uppföljningsmöte\?/, 'V-9.3: a task in "Mina uppgifter"');
    assert.doesNotMatch(decodeEntities((await bertilWeb.get('/tasks')).text), /Besluta om en händelse/, 'not on the reporter\'s list');
    const page = await davidWeb.post(`/cases/${id}/implementation/events`, { 'event.what': '', 'event.happened_on': today() });
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'event.what'), 'Fyll i fältet.');
    const bad = await david.postJson(`${base}/events`, { what: 'Något', happened_on: inDays(2) });
    assert.equal(bad.status, 422);
    assert.equal(fields(bad)['event.happened_on'], 'future');
    const ev = (await anna.getJson(base)).json().events;
    assert.equal(ev.length, 1);
    assert.equal(ev[0].decision, null, 'waits for the decision');
  });

  test('V-9.4: an earlier follow-up booked from the event leads back to its decision, one step away; the event then links to the meeting until its invitation is sent', async () => {
    const { id } = await planCase();
    const base = `/api/v1/cases/${id}/implementation`;
    const e1 = (await bertil.postJson(`${base}/events`, { what: 'Familjen flyttar i maj.', happened_on: today() })).json().id;
    const eventUrl = `/cases/${id}/implementation/events/${e1}`;
    const link = `/cases/${id}/meetings/new?kind=followup&event=${e1}`;
    assert.ok((await annaWeb.get(eventUrl)).text.includes(`href="${link.replace('&', '&amp;')}"`), 'V-9.4: the booking carries the event');
    const form = await annaWeb.get(link);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`<input type="hidden" name="event" value="${e1}">`));
    assert.match(form.text, new RegExp(`href="${eventUrl}">Avbryt</a>`), 'cancelling goes back to the event');
    assert.match(decodeEntities(form.text), /När du har sparat mötet kommer du tillbaka till beslutet om händelsen\./);
    const typed = {
      ...formValues(form.text), 'meeting.date': inDays(21), 'meeting.start': '10:00', 'meeting.end': '11:00', 'meeting.setting': 'physical',
      'meeting.setting_agreed': '1', 'meeting.place': 'Skolan', 'meeting.purpose': 'Familjen flyttar.', 'meeting.agenda': 'Skolvägen.',
    };
    // an error keeps the event with the form
    const bad = await annaWeb.post(`/cases/${id}/meetings`, { ...typed, 'meeting.date': 'snart' });
    assert.equal(bad.status, 422, bad.text.slice(0, 300));
    assert.match(bad.text, new RegExp(`<input type="hidden" name="event" value="${e1}">`));
    const saved = await annaWeb.post(`/cases/${id}/meetings`, typed);
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    const landed = new URL(saved.location, srv.base);
    assert.equal(landed.pathname, eventUrl, 'V-9.4: after booking, back on the event');
    const mid = Number(landed.searchParams.get('meeting'));
    const meeting = (await anna.getJson(`/api/v1/cases/${id}/meetings/${mid}`)).json();
    assert.equal(meeting.kind, 'followup');
    // one step from the decision: the earlier follow-up chosen, the meeting booked selected
    let page = await annaWeb.get(saved.location);
    assert.equal(page.status, 200);
    let text = decodeEntities(page.text);
    assert.match(text, new RegExp(`Det tidigare uppföljningsmötet är bokat: <a href="/cases/${id}/meetings/${mid}">${inDays(21)}</a>`));
    const values = formValues(page.text);
    assert.equal(values['event_decision.decision'], 'earlier_followup');
    assert.equal(values['event_decision.meeting_id'], String(mid));
    assert.equal((await anna.getJson(base)).json().events[0].decision, null, 'nothing decided before the coordinator saves');
    // a meeting that is not a planned follow-up of this case fills in nothing
    const plain = formValues((await annaWeb.get(`${eventUrl}?meeting=99999999`)).text);
    assert.equal(plain['event_decision.decision'], undefined);
    const done = await annaWeb.post(eventUrl, { ...values, 'event_decision.note': 'Flytten ändrar skolvägen.' });
    assert.equal(done.status, 303, done.text.slice(0, 300));
    const ev = (await anna.getJson(base)).json().events[0];
    assert.equal(ev.decision, 'earlier_followup');
    assert.equal(ev.meeting_id, mid);
    // the event links to the meeting booked, and asks for the invitation until it is sent (as in part 1)
    page = await annaWeb.get(eventUrl);
    text = decodeEntities(page.text);
    assert.match(text, new RegExp(`<a href="/cases/${id}/meetings/${mid}">Det tidigare uppföljningsmötet ${inDays(21)}</a> · Kallelsen är inte skickad ännu\\. <a href="/cases/${id}/meetings/${mid}#invitees">Bjud in och skicka kallelsen</a>`));
    assert.match(decodeEntities((await annaWeb.get(`/cases/${id}/implementation`)).text), new RegExp(`href="/cases/${id}/meetings/${mid}#invitees">Bjud in och skicka kallelsen`));
    const mBase = `/api/v1/cases/${id}/meetings/${mid}`;
    ok(await anna.postJson(`${mBase}/invitees`, { kind: 'child' }), 201);
    for (const g of (await anna.getJson(`/api/v1/cases/${id}`)).json().guardians) ok(await anna.postJson(`${mBase}/invitees`, { kind: 'guardian', guardian_id: g.id }), 201);
    ok(await anna.postJson(`${mBase}/invitees`, { kind: 'professional', org_id: orgs['Socialtjänsten Umeå'] }), 201);
    const sent = await anna.postJson(`${mBase}/send`, { confirm_warnings: true });
    assert.equal(sent.status, 200, sent.text);
    text = decodeEntities((await annaWeb.get(eventUrl)).text);
    assert.match(text, new RegExp(`<a href="/cases/${id}/meetings/${mid}">Det tidigare uppföljningsmötet ${inDays(21)}</a>`));
    assert.doesNotMatch(text, /Kallelsen är inte skickad ännu/);
  });

  test('V-9.4: only the coordinator decides: an earlier follow-up names the meeting booked for it, or the booked one is enough; everyone is told', async () => {
    const { id } = await planCase();
    const base = `/api/v1/cases/${id}/implementation`;
    const e1 = (await bertil.postJson(`${base}/events`, { what: 'Ny diagnos från BUP.', happened_on: today() })).json().id;
    const e2 = (await david.postJson(`${base}/events`, { what: 'Byter klass efter lovet.', happened_on: today() })).json().id;
    let r = await bertil.postJson(`${base}/events/${e1}/decision`, { decision: 'booked_enough', note: 'Räcker' });
    assert.equal(r.status, 403, r.text);
    assert.equal(fields(r)['event_decision.decision'], 'not_coordinator', 'V-9.4: only the coordinator');
    assert.ok((await auditForCase(admin, id)).some((e) => e.object === 'plan_event' && e.action === 'denied' && e.detail === 'not_coordinator'));
    const refusedPage = decodeEntities((await bertilWeb.get(`/cases/${id}/implementation/events/${e1}`)).text);
    assert.match(refusedPage, /Bara den som samordnar planen beslutar om händelsen\./);
    assert.doesNotMatch(refusedPage, /name="event_decision.decision"/);
    r = await anna.postJson(`${base}/events/${e1}/decision`, { decision: 'earlier_followup' });
    assert.equal(r.status, 422);
    assert.equal(fields(r)['event_decision.meeting_id'], 'meeting_required');
    const pageBad = await annaWeb.post(`/cases/${id}/implementation/events/${e1}`, { 'event_decision.decision': 'earlier_followup', 'event_decision.note': 'Diagnosen ändrar stödet' });
    assert.equal(pageBad.status, 422);
    assert.match(fieldError(pageBad.text, 'event_decision.meeting_id'), /Boka det tidigare uppföljningsmötet först/);
    assert.equal(formValues(pageBad.text)['event_decision.note'], 'Diagnosen ändrar stödet');
    // booked as in part 1 (the meeting page, from the link on the decision page)
    assert.match((await annaWeb.get(`/cases/${id}/implementation/events/${e1}`)).text, new RegExp(`href="/cases/${id}/meetings/new\\?kind=followup&amp;event=${e1}"`));
    const newPage = await annaWeb.get(`/cases/${id}/meetings/new?kind=followup`);
    assert.match(newPage.text, /<option value="followup" selected/);
    const m = await anna.postJson(`/api/v1/cases/${id}/meetings`, {
      kind: 'followup', date: inDays(21), start: '10:00', end: '11:00', setting: 'physical', setting_agreed: true,
      place: 'Skolan', purpose: 'Tidigare uppföljning efter ny diagnos.', agenda: 'Vad diagnosen betyder för stödet.',
    });
    assert.equal(m.status, 201, m.text);
    r = await anna.postJson(`${base}/events/${e1}/decision`, { decision: 'earlier_followup', meeting_id: 99999999 });
    assert.equal(fields(r)['event_decision.meeting_id'], 'choice');
    const before = (await bertil.getJson('/api/v1/notifications')).json().filter((x) => x.kind === 'plan_event_decided' && x.case_id === id).length;
    const done = await annaWeb.post(`/cases/${id}/implementation/events/${e1}`, { 'event_decision.decision': 'earlier_followup', 'event_decision.meeting_id': String(m.json().id), 'event_decision.note': 'Diagnosen ändrar stödet' });
    assert.equal(done.status, 303, done.text.slice(0, 300));
    r = await anna.postJson(`${base}/events/${e1}/decision`, { decision: 'booked_enough', note: 'Ändå' });
    assert.equal(r.status, 409);
    assert.equal(fields(r)['event_decision.decision'], 'already_decided');
    r = await anna.postJson(`${base}/events/${e2}/decision`, { decision: 'booked_enough' });
    assert.equal(fields(r)['event_decision.note'], 'required', 'why the booked one is enough');
    ok(await anna.postJson(`${base}/events/${e2}/decision`, { decision: 'booked_enough', note: 'Tas upp vid den bokade uppföljningen.' }), 200);
    const ev = (await david.getJson(base)).json().events;
    const d1 = ev.find((e) => e.id === e1), d2 = ev.find((e) => e.id === e2);
    assert.equal(d1.decision, 'earlier_followup');
    assert.equal(d1.meeting_id, m.json().id, 'V-9.4: the decision records the meeting it led to');
    assert.equal(d1.decided_by, annaId);
    assert.equal(d2.decision, 'booked_enough');
    assert.equal(d2.meeting_id, null);
    const after = (await bertil.getJson('/api/v1/notifications')).json().filter((x) => x.kind === 'plan_event_decided' && x.case_id === id).length;
    assert.equal(after, before + 2, 'everyone involved hears the decision');
    const page = decodeEntities((await bertilWeb.get(`/cases/${id}/implementation`)).text);
    assert.match(page, /Ett tidigare uppföljningsmöte behövs<\/strong>/);
    assert.match(page, /Det bokade uppföljningsmötet räcker<\/strong>/);
    assert.match(page, new RegExp(`href="/cases/${id}/meetings/${m.json().id}"`));
  });

  test('V-9.5, V-2.8: a consent withdrawn during the plan ends that organisation\'s access at once, and everyone is told', async () => {
    const { id, consents } = await planCase();
    const base = `/api/v1/cases/${id}/implementation`;
    ok(await david.postJson(`${base}/events`, { what: 'Behandlingen på BUP är klar.', happened_on: today() }), 201);
    assert.equal((await david.getJson(base)).status, 200);
    const w = await anna.postJson(`/api/v1/cases/${id}/consents/${consents['BUP Umeå']}/withdrawal`, { by: 'guardians', on: today() });
    assert.equal(w.status, 200, w.text);
    assert.equal((await david.getJson(base)).status, 404, 'V-9.5: access ends at once (API)');
    assert.equal((await davidWeb.get(`/cases/${id}/implementation`)).status, 404, 'and on the page');
    assert.equal((await david.postJson(`${base}/voices`, { note: 'Vill inte gå dit mer.', said_on: today() })).status, 404, 'nothing more is recorded');
    for (const who of [david, bertil])
      assert.ok((await who.getJson('/api/v1/notifications')).json().some((x) => x.kind === 'consent_withdrawn' && x.case_id === id), 'everyone is told');
    assert.equal((await bertil.getJson(base)).status, 200, 'the others go on');
    const smtp = await smtpReady;
    await smtp.waitFor((m) => m.to.includes('david@demo.barnplan.invalid') && /återkallats/.test(m.mail.subject || '') && new RegExp(`/cases/${id}(?!\\d)`).test(m.mail.text || ''), 20000);
  });

  test('V-2.6: an organisation outside the case finds no "Genomförande": the same answer as a case that does not exist', async () => {
    const { id } = await planCase();
    const none = await cecilia.getJson('/api/v1/cases/99999999/implementation');
    const r = await cecilia.getJson(`/api/v1/cases/${id}/implementation`);
    assert.equal(r.status, none.status);
    assert.equal(r.status, 404);
    assert.equal((await cecilia.postJson(`/api/v1/cases/${id}/implementation/events`, { what: 'x', happened_on: today() })).status, 404);
  });
});

describe('Kronoberg: carrying out Barnets plan in the model\'s words', () => {
  test('V-9.3, V-9.4, K-7.1: the samverkansansvarig\'s organisation is told of an event and decides; the page names the samverkansansvarig', async () => {
    await srv.ready;
    const [karin, karinWeb, maja, majaWeb] = await Promise.all([srv.apiLogin('karin'), srv.login('karin'), srv.apiLogin('maja'), srv.login('maja')]);
    const orgs = await orgIds(karin);
    const kase = await makeCase(karin, { model: 'kronoberg', orgs: [orgs['Furutåskolan'], orgs['Socialtjänsten Växjö']] });
    const id = kase.id;
    ok(await karin.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'respected', need: 'Bli lyssnad på', goal: 'Får säga sin mening' }), 201);
    ok(await karin.postJson(`/api/v1/cases/${id}/plan/interventions`, { what: 'Elevhälsosamtal', org_id: orgs['Furutåskolan'], starts_on: today(), level: 'Varje månad' }), 201);
    for (const [org, name, who] of [['Furutåskolan', 'Karin Johansson', karin], ['Socialtjänsten Växjö', 'Maja Svensson', maja]])
      ok(await who.postJson(`/api/v1/cases/${id}/plan/contacts`, { org_id: orgs[org], name }), 200);
    ok(await karin.postJson(`/api/v1/cases/${id}/plan`, {
      coordinator_orgs: [orgs['Furutåskolan']], coordinator_name: 'Karin Johansson', contact_if_fails: 'Karin',
      followup_on: inDays(60), followup_place: 'Furutåskolan', followup_participants: 'Alla', summary: 'Vi lyssnar på dig.',
    }), 200);
    ok(await karin.postJson(`/api/v1/cases/${id}/plan/finish`, {}), 200);
    const base = `/api/v1/cases/${id}/implementation`;
    const ev = await maja.postJson(`${base}/events`, { what: 'Pappan har fått nytt arbete på annan ort.', happened_on: today() });
    ok(ev, 201);
    // no person named by account: the coordinating organisation's members are told and decide
    assert.ok((await karin.getJson('/api/v1/notifications')).json().some((x) => x.kind === 'plan_event_reported' && x.case_id === id));
    assert.ok(!(await maja.getJson('/api/v1/notifications')).json().some((x) => x.kind === 'plan_event_reported' && x.case_id === id));
    const page = decodeEntities((await majaWeb.get(`/cases/${id}/implementation`)).text);
    assert.match(page, /Samverkansansvarig: Karin Johansson/, 'K-7.1: the model\'s word and the named person');
    assert.doesNotMatch(page, /Samordningsansvarig/);
    const r = await maja.postJson(`${base}/events/${ev.json().id}/decision`, { decision: 'booked_enough', note: 'Räcker' });
    assert.equal(fields(r)['event_decision.decision'], 'not_coordinator');
    assert.match(decodeEntities((await majaWeb.get(`/cases/${id}/implementation/events/${ev.json().id}`)).text), /Samverkansansvarig: Karin Johansson\./);
    const decided = await karinWeb.post(`/cases/${id}/implementation/events/${ev.json().id}`, { 'event_decision.decision': 'booked_enough', 'event_decision.note': 'Vi tar upp det på det bokade mötet.' });
    assert.equal(decided.status, 303, decided.text.slice(0, 300));
    assert.equal((await maja.getJson(base)).json().events[0].decision, 'booked_enough');
  });
});
