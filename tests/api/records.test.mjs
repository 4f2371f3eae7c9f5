// records.test.mjs: docs/openapi.yaml and the field tables (src/domain/forms.c) describe the same API. For
// every record with an API body, the request schema in the document is the one the table stands for, and
// the answer's object (the plan and each of its parts) has every field the table keeps, typed as the field
// engine writes it (web/fields.c: null for none). The tables are printed by tests/api/record_schemas.c.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadOpenApi } from '../lib/openapi.mjs';
import { SOURCE_DIR } from '../lib/server.mjs';

const tool = process.env.BARNPLAN_RECORD_SCHEMAS || path.join(SOURCE_DIR, 'build/dev/tests/api/record_schemas');
const doc = loadOpenApi();
const schemas = doc.components.schemas;

// Where each record stands in the answers: a path of property names from a component schema.
const ANSWERS = {
  plan: ['Plan'],
  goal: ['Plan', 'goals', '[]'],
  intervention: ['Plan', 'interventions', '[]'],
  commitment: ['Plan', 'commitments', '[]'],
  contact: ['Plan', 'contacts', '[]'],
  decision: ['Plan', 'decisions', '[]'],
  signature: ['Plan', 'signatures', '[]'],
};

function at(steps) {
  let s = schemas[steps[0]];
  for (const step of steps.slice(1)) s = step === '[]' ? s.items : s.properties[step];
  return s;
}

test('every record with an API body has its request schema in docs/openapi.yaml, exactly as its table says', { skip: !existsSync(tool) && 'record_schemas not built' }, () => {
  const tables = JSON.parse(execFileSync(tool, { encoding: 'utf8' }));
  assert.ok(Object.keys(tables).length >= 7, 'the plan\'s records at least');
  for (const [name, t] of Object.entries(tables)) {
    assert.ok(schemas[name], `docs/openapi.yaml has no schema ${name} (record ${t.record})`);
    assert.deepEqual(schemas[name], t.request, `schema ${name} differs from the table of record ${t.record}`);
  }
});

test('the answers carry every field the tables keep, typed as the field engine writes them', { skip: !existsSync(tool) && 'record_schemas not built' }, () => {
  const tables = JSON.parse(execFileSync(tool, { encoding: 'utf8' }));
  for (const t of Object.values(tables)) {
    const where = ANSWERS[t.record];
    assert.ok(where, `no answer is known for record ${t.record}: add it to ANSWERS`);
    const obj = at(where);
    for (const [field, schema] of Object.entries(t.answer)) {
      assert.deepEqual(obj.properties[field], schema, `${where.join('.')}.${field} (record ${t.record})`);
      assert.ok(obj.required.includes(field), `${where.join('.')} must require ${field}: the engine always writes it`);
    }
  }
});
