// fields: every field of the plan's records, as their tables say (src/domain/forms.c, printed by
// tests/api/record_schemas), is on its form with its label, comes back in the JSON answer, and is named in
// the error summary when what was typed is too long; tests/api/records.test.mjs finds it in the OpenAPI
// schema. So a field added to a table is checked everywhere without a new test (docs/architecture.md, "How to
// add a field"). V-7.1-V-7.7: the plan's parts.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { useServer, registrationJson, today, fieldError, decodeEntities, SOURCE_DIR } from '../lib/server.mjs';

const srv = useServer();
const tool = process.env.BARNPLAN_RECORD_SCHEMAS || path.join(SOURCE_DIR, 'build/dev/tests/api/record_schemas');
const records = Object.values(JSON.parse(execFileSync(tool, { encoding: 'utf8' })));

// Where each of the plan page's records is posted, and the part of the API answer that holds it.
const FORMS = {
  plan: { action: '', answer: (p) => p },
  goal: { action: '/goals', answer: (p) => p.goals[0] },
  intervention: { action: '/interventions', answer: (p) => p.interventions[0] },
  commitment: { action: '/commitments', answer: (p) => p.commitments[0], with: { 'commitment.who': 'other' } }, // the name counts then
  contact: { action: '/contacts', answer: (p) => p.contacts[0] },
  decision: { action: '/decisions', answer: (p) => p.decisions[0] },
};

describe('the plan\'s records: form, JSON, error summary (from their field tables)', () => {
  let anna, annaWeb, caseId, plan;
  before(async () => {
    await srv.ready;
    [anna, annaWeb] = await Promise.all([srv.apiLogin('anna'), srv.login('anna')]);
    const orgs = Object.fromEntries((await anna.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    const c = await anna.postJson('/api/v1/cases', registrationJson());
    assert.equal(c.status, 201, c.text);
    caseId = c.json().id;
    const v = (await anna.getJson(`/api/v1/cases/${caseId}`)).json();
    const k = await anna.postJson(`/api/v1/cases/${caseId}/consents`, {
      org_id: orgs['Ålidhemsskolan'], giver: 'guardians', guardian_ids: v.guardians.map((g) => g.id),
      child_view: 'Vill ha hjälp.', scope: 'Planen.', covers_preparation: true, form: 'hlt_vasterbotten', given_on: today(),
    });
    assert.equal(k.status, 201, k.text);
    // one of each part, so that the answer shows each record
    const base = `/api/v1/cases/${caseId}/plan`;
    const g = await anna.postJson(`${base}/goals`, { area: 'learning', need: 'Läsa', goal: 'Läser själv' });
    assert.equal(g.status, 201, g.text);
    for (const [p, body] of [
      ['/interventions', { what: 'Stöd', org_id: orgs['Ålidhemsskolan'], starts_on: today(), level: 'Varje dag' }],
      ['/commitments', { who: 'child', what: 'Läsa hemma' }],
      ['/decisions', { what: 'Beslut', org_id: orgs['Ålidhemsskolan'] }],
    ])
      assert.equal((await anna.postJson(base + p, body)).status, 201);
    assert.equal((await anna.postJson(`${base}/contacts`, { org_id: orgs['Ålidhemsskolan'], name: 'Anna' })).status, 200);
    plan = (await anna.getJson(base)).json();
  });

  test('every field a page shows is on the plan page, with its label', async () => {
    const page = await annaWeb.get(`/cases/${caseId}/plan`);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    for (const r of records.filter((x) => FORMS[x.record]))
      for (const f of r.fields.filter((x) => !x.api_only)) {
        assert.match(page.text, new RegExp(`name="${f.path.replace('.', '\\.')}"`), `${f.path} is not on the plan page`);
        if (f.path !== 'plan.coordinator_orgs') // its legend names the model's role instead
          assert.ok(text.includes(f.label), `the label of ${f.path} (${f.label}) is not on the plan page`);
      }
  });

  test('every stored field is in the JSON answer', () => {
    for (const r of records.filter((x) => FORMS[x.record])) {
      const obj = FORMS[r.record].answer(plan);
      assert.ok(obj, `the answer has no ${r.record}`);
      for (const name of Object.keys(r.answer)) assert.ok(name in obj, `${r.record}.${name} is not in the answer`);
    }
  });

  test('a text over its limit is named beside the field and in the error summary, and nothing is stored', async () => {
    for (const r of records.filter((x) => FORMS[x.record])) {
      const texts = r.fields.filter((f) => !f.api_only && ['text', 'long_text', 'email', 'phone'].includes(f.kind));
      if (!texts.length) continue;
      const body = { ...FORMS[r.record].with, ...Object.fromEntries(texts.map((f) => [f.path, 'å'.repeat(f.max + 1)])) };
      const page = await annaWeb.post(`/cases/${caseId}/plan${FORMS[r.record].action}`, body);
      assert.equal(page.status, 422, `${r.record}: ${page.status}`);
      const summary = decodeEntities((/class="error-summary"[\s\S]*?<\/ul>/.exec(page.text) || [''])[0]);
      for (const f of texts) {
        assert.ok(fieldError(page.text, f.path), `${f.path} has no message beside it`);
        assert.ok(summary.includes(`${f.label}:`), `${f.path} (${f.label}) is not in the error summary`);
      }
    }
    assert.deepEqual((await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json(), plan);
  });
});
