// records.test.mjs: docs/openapi.yaml and the field tables (src/domain/forms.c) describe the same API. For
// every record with an API body, the request schema in the document is the one the table stands for, and
// the answer's object (the plan and each of its parts) has every field the table keeps, typed as the field
// engine writes it (web/fields.c: null for none); bp_record_def.answer says where. The tables are printed by
// tests/api/record_schemas.c, and scripts/openapi-records.py writes them into the document.
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

// "Plan.goals[]": the schema Plan, its property goals, the array's items.
function at(where) {
  const [name, ...steps] = where.split('.');
  let s = schemas[name];
  for (const step of steps) s = step.endsWith('[]') ? s.properties[step.slice(0, -2)].items : s.properties[step];
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
    if (!t.answer_at) continue; // a record no answer shows
    const obj = at(t.answer_at);
    assert.ok(obj, `docs/openapi.yaml has no ${t.answer_at} (record ${t.record})`);
    for (const [field, schema] of Object.entries(t.answer)) {
      assert.deepEqual(obj.properties[field], schema, `${t.answer_at}.${field} (record ${t.record})`);
      assert.ok(obj.required.includes(field), `${t.answer_at} must require ${field}: the engine always writes it`);
    }
  }
});
