// case_forms: the K-1.2 forms of a case drawn by the field engine (domain/forms_case.c's tables): the
// fresh form's values, the error beside its field with aria-invalid and in the summary, the value kept
// as sent, and the select of the case's organisations.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today, addDays, formValues, fieldError, decodeEntities, auditForCase } from '../lib/server.mjs';

const srv = useServer();

describe('K-1.2 forms on the field engine', () => {
  test('named person informed: today by default; a future date refused beside the field, kept as sent', async () => {
    const maja = await srv.apiLogin('maja');
    const majaWeb = await srv.login('maja');
    const body = registrationJson({ initiative: { model: 'kronoberg', route: 'other_org', noticed_on: today() } });
    const id = (await maja.postJson('/api/v1/cases', body)).json().id;
    const form = await majaWeb.get(`/cases/${id}/named-person`);
    assert.equal(form.status, 200);
    assert.equal(formValues(form.text)['named_person.on'], today());
    assert.match(form.text, /<label for="named_person-on">Datum då barnensbästa-ansvarig informerades \*<\/label>/);
    const later = addDays(today(), 3);
    const r = await majaWeb.post(`/cases/${id}/named-person`, { 'named_person.on': ` ${later} ` });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'named_person.on'), 'Datumet kan inte ligga i framtiden.');
    assert.match(r.text, /id="named_person-on"[^>]*aria-describedby="named_person-on-error" aria-invalid="true"/);
    assert.match(r.text, /<a href="#named_person-on">Datum då barnensbästa-ansvarig informerades: Datumet kan inte ligga i framtiden\.<\/a>/);
    assert.equal(formValues(r.text)['named_person.on'], later, 'kept as sent (trimmed)');
  });

  test("responsibility: the case's organisations to choose from; none chosen is refused beside the field", async () => {
    const maja = await srv.apiLogin('maja');
    const majaWeb = await srv.login('maja');
    const body = registrationJson({ initiative: { model: 'kronoberg', route: 'other_org', noticed_on: today() } });
    const id = (await maja.postJson('/api/v1/cases', body)).json().id;
    const kase = (await maja.getJson(`/api/v1/cases/${id}`)).json();
    const orgs = kase.organisations;
    // full access: the initiating organisation's own consent (V-2.6)
    const consent = await maja.postJson(`/api/v1/cases/${id}/consents`, {
      org_id: orgs[0].id, giver: 'guardians', guardian_ids: kase.guardians.map((g) => g.id), child_view: 'Ja.',
      scope: 'Det som behövs.', form: 'kronobarnsmodellen', given_on: today(),
    });
    assert.equal(consent.status, 201, consent.text);
    const form = await majaWeb.get(`/cases/${id}/responsibility`);
    assert.equal(form.status, 200);
    const select = /<select id="responsibility-org_id" name="responsibility.org_id"[^>]*>([\s\S]*?)<\/select>/.exec(form.text);
    assert.ok(select, 'a select of organisations');
    assert.match(select[1], /<option value="">Välj verksamhet<\/option>/);
    for (const o of orgs) assert.match(select[1], new RegExp(`<option value="${o.id}">`), o.name);
    const r = await majaWeb.post(`/cases/${id}/responsibility`, { 'responsibility.org_id': '' });
    assert.ok([409, 422].includes(r.status), String(r.status));
    assert.ok(fieldError(r.text, 'responsibility.org_id'), 'the error beside the field');
    assert.match(r.text, /<a href="#responsibility-org_id">Verksamhet med störst ansvar för barnet: /);
  });

  test('K-0.8 the guardians ask for a SIP after the registration: explained first, then the plan is a SIP', async () => {
    const maja = await srv.apiLogin('maja');
    const majaWeb = await srv.login('maja');
    const body = registrationJson({ initiative: { model: 'kronoberg', route: 'other_org', noticed_on: today() } });
    const id = (await maja.postJson('/api/v1/cases', body)).json().id;
    let page = decodeEntities((await majaWeb.get(`/cases/${id}`)).text);
    assert.match(page, /<dd>Barnets plan <a href="\/cases\/\d+\/sip">Vårdnadshavarna begär en SIP<\/a><\/dd>/);
    const form = await majaWeb.get(`/cases/${id}/sip`);
    assert.equal(form.status, 200);
    assert.match(decodeEntities(form.text), /Barnets plan har samma delar som en SIP/);
    // not explained yet: refused beside the field, nothing changed
    let r = await majaWeb.post(`/cases/${id}/sip`, {});
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'sip.explained'), 'Fyll i fältet.');
    assert.equal((await maja.getJson(`/api/v1/cases/${id}`)).json().plan_kind, 'child_plan');
    r = await majaWeb.post(`/cases/${id}/sip`, { 'sip.explained': '1' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const kase = (await maja.getJson(`/api/v1/cases/${id}`)).json();
    assert.equal(kase.plan_kind, 'sip');
    assert.ok(kase.timeline.some((e) => e.kind === 'sip_requested'), 'on the timeline');
    page = decodeEntities((await majaWeb.get(`/cases/${id}`)).text);
    assert.doesNotMatch(page, /\/cases\/\d+\/sip"/, 'no second request');
    // asked again: a conflict with its message
    r = await majaWeb.post(`/cases/${id}/sip`, { 'sip.explained': '1' });
    assert.equal(r.status, 409);
    assert.equal(fieldError(r.text, 'sip.explained'), 'Planen är redan en SIP.');
    const audit = await auditForCase(await srv.apiLogin('admin'), id);
    assert.ok(audit.some((e) => e.username === 'maja' && e.action === 'update' && e.detail === 'sip_requested'));
  });

  test('K-0.8 a Västerbotten case is a SIP already', async () => {
    const anna = await srv.apiLogin('anna');
    const annaWeb = await srv.login('anna');
    const id = (await anna.postJson('/api/v1/cases', registrationJson())).json().id;
    assert.doesNotMatch((await annaWeb.get(`/cases/${id}`)).text, /\/sip"/);
    const r = await annaWeb.post(`/cases/${id}/sip`, { 'sip.explained': '1' });
    assert.equal(r.status, 409);
    assert.equal(fieldError(r.text, 'sip.explained'), 'Planen är redan en SIP.');
  });
});
