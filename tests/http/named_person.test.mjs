// named_person: Kronoberg's barnensbästa-ansvarig (BBA) as a person on the case (X-1, X-2, X-3; K-1.2), over
// HTTP on both backends: the suggestion for the child's age, naming and handing the role on (with who may),
// the BBA's decision tree, the notifications and e-mails, the work list, the access rule left as it is, and
// nothing of this for a Västerbotten case. Demo people: maja (Socialtjänsten Växjö), leo (BVC Teleborg,
// BVC nurse, role barnensbästa-ansvarig), karin (Furutåskolan, principal, role barnensbästa-ansvarig).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, today, addDays, personnummer, formValues, fieldError, decodeEntities, auditForCase, dbQuery } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const srv = useServer();

const born = (years) => addDays(today(), -Math.round(years * 365.25) - 20);
const flat = (html) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

describe('X-1, X-2, X-3: the barnensbästa-ansvarig is a person', () => {
  let maja, majaWeb, leo, leoWeb, karin, karinWeb, anna, admin, orgs, ids;

  before(async () => {
    await srv.ready;
    [maja, leo, karin, anna, admin] = await Promise.all(['maja', 'leo', 'karin', 'anna', 'admin'].map((u) => srv.apiLogin(u)));
    [majaWeb, leoWeb, karinWeb] = await Promise.all(['maja', 'leo', 'karin'].map((u) => srv.login(u)));
    orgs = await orgIds(maja);
    ids = {};
    for (const [name, c] of Object.entries({ maja, leo, karin, anna })) ids[name] = (await c.getJson('/api/v1/me')).json().id;
  });

  /** A Kronoberg case maja registers (K-1.2: another organisation than the BBA's took the initiative) for a
   * child of `years`, with the consents of social services, the BVC and the school (K-2.1). */
  async function kronobergCase(years, serial) {
    return makeCase(maja, {
      model: 'kronoberg',
      route: 'other_org',
      orgs: [orgs['Socialtjänsten Växjö'], orgs['BVC Teleborg'], orgs['Furutåskolan']],
      registration: { child: { id_number: personnummer(born(years), serial) } },
    });
  }

  const bba = async (client, id) => {
    const r = await client.getJson(`/api/v1/cases/${id}/bba`);
    assert.equal(r.status, 200, r.text);
    return r.json();
  };
  const kinds = async (client) => (await client.getJson('/api/v1/notifications')).json().map((n) => n.kind);

  test("X-1 a toddler's case suggests the BVC nurse; bad input is refused beside the field; naming tells the BBA (K-1.2)", async () => {
    const kase = await kronobergCase(3, 401);
    let v = await bba(maja, kase.id);
    assert.equal(v.stage, 'child_health', 'X-1: until förskoleklass');
    assert.equal(v.suggestion.user_id, ids.leo, 'X-1: the BVC nurse is suggested');
    assert.equal(v.current, null);
    assert.equal(v.may_name, true);
    assert.deepEqual(new Set(v.candidates.map((c) => c.user_id)), new Set([ids.maja, ids.leo, ids.karin]));
    // the page starts with the suggestion
    const page = await majaWeb.get(`/cases/${kase.id}/bba`);
    assert.equal(page.status, 200);
    assert.equal(formValues(page.text)['bba.user_id'], String(ids.leo), 'X-1: the suggestion is preselected');
    assert.match(flat(page.text), /fram till förskoleklass: BVC-sjuksköterskan/);
    assert.match(flat(page.text), /Förslag: Leo Persson/);
    // bad input: the message beside the field and in the summary
    const empty = await majaWeb.post(`/cases/${kase.id}/bba`, { 'bba.user_id': '' });
    assert.equal(empty.status, 422);
    assert.equal(fieldError(empty.text, 'bba.user_id'), 'Fyll i fältet.');
    assert.match(empty.text, /<a href="#bba-user_id">Barnensbästa-ansvarig: Fyll i fältet\.<\/a>/);
    const stranger = await maja.postJson(`/api/v1/cases/${kase.id}/bba`, { user_id: ids.anna });
    assert.equal(stranger.status, 422);
    assert.deepEqual(stranger.json().fields.map((f) => [f.field, f.code]), [['bba.user_id', 'not_candidate']]);
    const typed = await majaWeb.post(`/cases/${kase.id}/bba`, { 'bba.user_id': String(ids.anna) });
    assert.equal(fieldError(typed.text, 'bba.user_id'), 'Välj en person i en verksamhet som deltar i ärendet.');
    assert.equal((await bba(maja, kase.id)).current, null, 'nothing stored');
    // the suggestion confirmed
    const named = await majaWeb.post(`/cases/${kase.id}/bba`, { 'bba.user_id': String(ids.leo) });
    assert.equal(named.status, 303);
    assert.equal(named.location, `/cases/${kase.id}/bba?saved=1`);
    v = await bba(maja, kase.id);
    assert.equal(v.current.user_id, ids.leo);
    assert.equal(v.current.org_name, 'BVC Teleborg');
    assert.equal(v.current.suggested, true, 'X-1: recorded as the suggestion confirmed');
    assert.equal(v.current.assigned_by, ids.maja, 'who named them');
    assert.equal(v.current_sees_case, true);
    // informed through the app (a notification and a neutral e-mail through the outbox)
    assert.ok((await kinds(leo)).includes('named_person_named'));
    const mail = await dbQuery(srv, `SELECT recipient, subject, body FROM outbox WHERE case_id = ${kase.id} AND kind = 'named_person_named'`);
    assert.match(mail, /leo@demo\.barnplan\.invalid\|Barnplan: du är barnensbästa-ansvarig för ett barn/);
    assert.doesNotMatch(mail, new RegExp(kase.body.child.given_name), 'no personal data in the e-mail');
    // K-1.2: naming the BBA in the app is informing them; the timeline and the case page say who
    const kv = (await maja.getJson(`/api/v1/cases/${kase.id}`)).json();
    assert.ok(kv.timeline.some((e) => e.kind === 'named_person_named'));
    const casePage = flat((await majaWeb.get(`/cases/${kase.id}`)).text);
    assert.match(casePage, /Barnensbästa-ansvarig Leo Persson \(BVC-sjuksköterska\), BVC Teleborg/);
    assert.match(casePage, new RegExp(`Barnensbästa-ansvarig informerad ${today()}`));
    // the case is on the BBA's own work list until they have decided
    const tasks = (await leoWeb.get('/tasks')).text;
    assert.match(tasks, new RegExp(`<tr class="task-open">[\\s\\S]*?Barnensbästa-ansvarig: välj hur behovet ska mötas[\\s\\S]*?${kase.body.child.given_name}`));
  });

  test('X-1 a Kronoberg case without a BBA is on the initiator\'s list: "Utse barnensbästa-ansvarig"', async () => {
    const kase = await kronobergCase(10, 402);
    const tasks = flat((await majaWeb.get('/tasks')).text);
    assert.match(tasks, new RegExp(`Utse barnensbästa-ansvarig ${kase.body.child.given_name}`));
    const v = await bba(maja, kase.id);
    assert.equal(v.stage, 'school');
    assert.equal(v.suggestion.user_id, ids.karin, 'X-1: the school principal for a school child');
  });

  test('X-3 only the BBA decides; a handover needs another organisation taking part; the form keeps what was typed; once', async () => {
    const kase = await kronobergCase(3, 403);
    assert.equal((await maja.postJson(`/api/v1/cases/${kase.id}/bba`, { user_id: ids.leo })).status, 200);
    // someone else than the BBA: refused, on record
    const other = await karin.postJson(`/api/v1/cases/${kase.id}/bba/decision`, { decision: 'collaborate' });
    assert.equal(other.status, 403);
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.object === 'named_person' && e.action === 'denied' && e.detail === 'named_person_not_holder'));
    // bad input, page: kept as typed
    await leoWeb.get(`/cases/${kase.id}/bba`);
    const noOrg = await leoWeb.post(`/cases/${kase.id}/bba/decision`, { 'bba_decision.decision': 'hand_over', 'bba_decision.org_id': '' });
    assert.equal(noOrg.status, 422);
    assert.equal(fieldError(noOrg.text, 'bba_decision.org_id'), 'Fyll i fältet.');
    assert.equal(formValues(noOrg.text)['bba_decision.decision'], 'hand_over', 'the choice kept');
    // bad input, API: the field and the code
    const cases = [
      [{ decision: 'hand_over', org_id: orgs['BVC Teleborg'] }, 'bba_decision.org_id', 'own_org'],
      [{ decision: 'hand_over', org_id: orgs['Ålidhemsskolan'] }, 'bba_decision.org_id', 'not_participant'],
      [{ decision: 'close' }, 'bba_decision.decision', 'choice'],
      [{}, 'bba_decision.decision', 'required'],
    ];
    for (const [body, field, code] of cases) {
      const r = await leo.postJson(`/api/v1/cases/${kase.id}/bba/decision`, body);
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.deepEqual(r.json().fields.map((f) => [f.field, f.code]), [[field, code]], JSON.stringify(body));
    }
    const ownOrg = await leoWeb.post(`/cases/${kase.id}/bba/decision`, { 'bba_decision.decision': 'hand_over', 'bba_decision.org_id': String(orgs['BVC Teleborg']) });
    assert.equal(fieldError(ownOrg.text, 'bba_decision.org_id'), 'Välj en annan verksamhet än barnensbästa-ansvarigs egen.');
    // the need belongs entirely to the school: handed over, and the school is told
    const r = await leo.postJson(`/api/v1/cases/${kase.id}/bba/decision`, { decision: 'hand_over', org_id: orgs['Furutåskolan'] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().current.decision, 'hand_over');
    assert.equal(r.json().current.decision_org_name, 'Furutåskolan');
    assert.equal(r.json().may_decide, false);
    assert.ok((await kinds(karin)).includes('bba_hand_over'), 'the organisation the need belongs to is told');
    const page = flat((await leoWeb.get(`/cases/${kase.id}/bba`)).text);
    assert.match(page, /Beslut: Behovet hör helt till en annan verksamhet: lämna över \(Furutåskolan\)/);
    assert.match(page, /Behovet är överlämnat\./);
    const again = await leo.postJson(`/api/v1/cases/${kase.id}/bba/decision`, { decision: 'collaborate' });
    assert.equal(again.status, 409);
    assert.equal(again.json().fields[0].code, 'already_decided');
    // the work list: done
    assert.match((await leoWeb.get('/tasks')).text, new RegExp(`<tr class="task-done">[\\s\\S]*?Barnensbästa-ansvarig: välj hur behovet ska mötas[\\s\\S]*?${kase.body.child.given_name}`));
  });

  test('X-3 own organisation or collaboration: recorded, and the page says what happens next', async () => {
    const own = await kronobergCase(3, 404);
    const together = await kronobergCase(3, 405);
    for (const k of [own, together]) assert.equal((await maja.postJson(`/api/v1/cases/${k.id}/bba`, { user_id: ids.leo })).status, 200);
    await leoWeb.get(`/cases/${own.id}/bba`);
    assert.equal((await leoWeb.post(`/cases/${own.id}/bba/decision`, { 'bba_decision.decision': 'own_org' })).status, 303);
    assert.match(flat((await leoWeb.get(`/cases/${own.id}/bba`)).text), /Ingen samverkan behövs i Barnplan\. Arbetet fortsätter inom den egna verksamheten/);
    assert.equal((await leoWeb.post(`/cases/${together.id}/bba/decision`, { 'bba_decision.decision': 'collaborate' })).status, 303);
    const page = (await leoWeb.get(`/cases/${together.id}/bba`)).text;
    assert.match(flat(page), /Nästa steg: inhämta samtycke och kalla till samverkansmöte\./);
    assert.match(page, new RegExp(`href="/cases/${together.id}/meetings/new">Boka samverkansmöte`));
    const kv = (await maja.getJson(`/api/v1/cases/${together.id}`)).json();
    assert.ok(kv.timeline.some((e) => e.kind === 'bba_collaborate'), 'X-3 on the timeline');
  });

  test('X-1 the role is handed on when the child moves on: by the BBA or the coordinator only; both are told; the history is kept', async () => {
    const kase = await kronobergCase(10, 406);
    // the BVC nurse named though the child is at school: not the suggestion
    assert.equal((await maja.postJson(`/api/v1/cases/${kase.id}/bba`, { user_id: ids.leo })).json().current.suggested, false);
    // someone who is neither the BBA nor acting for the organisation that calls the meetings: refused
    const grab = await karin.postJson(`/api/v1/cases/${kase.id}/bba`, { user_id: ids.karin });
    assert.equal(grab.status, 403);
    // the BBA: the next one is suggested by the same rule (not themselves)
    const v = await bba(leo, kase.id);
    assert.equal(v.may_name, true);
    assert.equal(v.suggestion.user_id, ids.karin);
    const page = await leoWeb.get(`/cases/${kase.id}/bba`);
    assert.match(flat(page.text), /Lämna över rollen/);
    assert.equal(formValues(page.text)['bba.user_id'], String(ids.karin));
    const handed = await leoWeb.post(`/cases/${kase.id}/bba`, { 'bba.user_id': String(ids.karin) });
    assert.equal(handed.status, 303);
    const same = await karin.postJson(`/api/v1/cases/${kase.id}/bba`, { user_id: ids.karin });
    assert.equal(same.status, 422);
    assert.equal(same.json().fields[0].code, 'already_named_person');
    let after = await bba(maja, kase.id);
    assert.deepEqual(after.history.map((h) => [h.user_id, h.ended_at !== null, h.suggested]), [[ids.leo, true, false], [ids.karin, false, true]]);
    assert.equal(after.current.assigned_by, ids.leo);
    assert.ok((await kinds(karin)).includes('named_person_named'), 'the next one is told');
    // the coordinator (the organisation that calls the meetings) hands it on: both are told
    const leoNamed = (await kinds(leo)).filter((k) => k === 'named_person_named').length;
    assert.equal((await maja.postJson(`/api/v1/cases/${kase.id}/bba`, { user_id: ids.leo })).status, 200);
    assert.ok((await kinds(karin)).includes('named_person_replaced'), 'the one whose role passes on is told');
    assert.equal((await kinds(leo)).filter((k) => k === 'named_person_named').length, leoNamed + 1, 'the next one is told');
    after = await bba(maja, kase.id);
    assert.deepEqual(after.history.map((h) => h.user_id), [ids.leo, ids.karin, ids.leo], 'X-1: the history is kept');
    const history = flat((await majaWeb.get(`/cases/${kase.id}/bba`)).text);
    assert.match(history, /Tidigare och nuvarande barnensbästa-ansvariga/);
    assert.match(history, /Leo Persson \(BVC-sjuksköterska\) BVC Teleborg/);
    assert.match(history, /Karin Johansson \(rektor, barnensbästa-ansvarig\) Furutåskolan .* Leo Persson \(BVC-sjuksköterska\) BVC Teleborg .* nu /);
    const kv = (await maja.getJson(`/api/v1/cases/${kase.id}`)).json();
    assert.ok(kv.timeline.some((e) => e.kind === 'named_person_handed_over'));
  });

  test("X-2 the BBA keeps following as one involved; without their organisation's own consent they see nothing, and the page says so", async () => {
    const kase = await kronobergCase(3, 407);
    assert.equal((await maja.postJson(`/api/v1/cases/${kase.id}/bba`, { user_id: ids.leo })).status, 200);
    const before = (await kinds(leo)).filter((k) => k === 'consent_withdrawn').length;
    // a change everyone involved is told of (as of a finished plan, or closure): the BBA is told too
    const school = kase.consents[orgs['Furutåskolan']];
    const w = await maja.postJson(`/api/v1/cases/${kase.id}/consents/${school}/withdrawal`, { by: 'guardians', on: today() });
    assert.equal(w.status, 200, w.text);
    assert.equal((await kinds(leo)).filter((k) => k === 'consent_withdrawn').length, before + 1, 'X-2: the BBA is told');
    assert.equal((await leo.getJson(`/api/v1/cases/${kase.id}`)).status, 200, 'X-2: the BBA reads the case');
    // the BBA's organisation's consent withdrawn: the access rule is not weakened
    const bvc = kase.consents[orgs['BVC Teleborg']];
    assert.equal((await maja.postJson(`/api/v1/cases/${kase.id}/consents/${bvc}/withdrawal`, { by: 'guardians', on: today() })).status, 200);
    assert.equal((await leo.getJson(`/api/v1/cases/${kase.id}`)).status, 404);
    assert.equal((await leo.getJson(`/api/v1/cases/${kase.id}/bba`)).status, 404);
    assert.equal((await leoWeb.get(`/cases/${kase.id}/bba`)).status, 404);
    assert.equal((await bba(maja, kase.id)).current_sees_case, false);
    assert.match(flat((await majaWeb.get(`/cases/${kase.id}/bba`)).text), /Barnensbästa-ansvarigs verksamhet har inget eget samtycke som gäller i ärendet\./);
  });

  test('nothing of this for a Västerbotten case, nor for someone who may not see the case', async () => {
    const vb = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    const annaWeb = await srv.login('anna');
    assert.equal((await annaWeb.get(`/cases/${vb.id}/bba`)).status, 404);
    assert.equal((await anna.getJson(`/api/v1/cases/${vb.id}/bba`)).status, 404);
    assert.equal((await anna.postJson(`/api/v1/cases/${vb.id}/bba`, { user_id: ids.anna })).status, 404);
    assert.equal((await anna.postJson(`/api/v1/cases/${vb.id}/bba/decision`, { decision: 'own_org' })).status, 404);
    const page = (await annaWeb.get(`/cases/${vb.id}`)).text;
    assert.doesNotMatch(page, /Barnensbästa-ansvarig|\/bba"/);
    assert.doesNotMatch(flat((await annaWeb.get('/tasks')).text), /Utse barnensbästa-ansvarig/);
    // a Kronoberg case anna's organisation does not take part in looks like a missing one
    const kb = await kronobergCase(3, 408);
    assert.equal((await anna.getJson(`/api/v1/cases/${kb.id}/bba`)).status, 404);
    assert.equal((await anna.postJson(`/api/v1/cases/${kb.id}/bba`, { user_id: ids.anna })).status, 404);
  });
});
