// openapi.test.mjs: docs/openapi.yaml is a valid OpenAPI 3.0 document, and the checker that the HTTP tests
// run on every /api/ exchange (tests/lib/openapi.mjs, called from the client in tests/lib/server.mjs) refuses
// what the document does not describe. No server: the exchanges here are made up, on purpose wrong or right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadOpenApi, validateOpenApi, exchangeChecker } from '../lib/openapi.mjs';

const doc = loadOpenApi();
const check = exchangeChecker(doc);
const JSON_TYPE = 'application/json; charset=utf-8';

test('docs/openapi.yaml validates as OpenAPI 3.0 (@seriousme/openapi-schema-validator), with no key left without a value', async () => {
  const r = await validateOpenApi(doc);
  assert.equal(r.version, '3.0');
  assert.deepEqual(r.errors, [], JSON.stringify(r.errors, null, 2));
  assert.deepEqual(r.nulls, [], 'a key without a value is usually a comma inside a one-line mapping: quote the text');
  assert.ok(r.valid);
});

test('the validator itself refuses a description turned into keys by a comma (the mistake it was brought in for)', async () => {
  const broken = structuredClone(doc);
  broken.paths['/api/v1/audit'].get.responses['200'] = { description: 'newest first', 'at most 100': null };
  const r = await validateOpenApi(broken);
  assert.equal(r.valid, false);
  assert.ok(r.nulls.some((p) => p.endsWith('/at most 100')), JSON.stringify(r.nulls));
});

test('every operation answers JSON errors with a schema, and every 2xx JSON answer has one', () => {
  const missing = [];
  for (const [p, item] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(item)) {
      if (m === 'parameters') continue;
      for (const [status, resp0] of Object.entries(op.responses)) {
        const resp = resp0.$ref ? doc.components.responses[resp0.$ref.split('/').pop()] : resp0;
        if (status === '204' || resp.content?.['application/pdf']) continue;
        if (!resp.content?.['application/json']?.schema) missing.push(`${m.toUpperCase()} ${p} ${status}`);
      }
    }
  assert.deepEqual(missing, []);
});

const exchange = (over) => ({ method: 'GET', path: '/api/v1/organisations', status: 200, responseType: JSON_TYPE, responseText: '[]', ...over });
const org = { id: 1, name: 'Ålidhemsskolan', kind: 'school', principal: 'municipality', municipality: 'Umeå' };

test('an answer that matches its schema passes', () => {
  assert.deepEqual(check(exchange({ responseText: JSON.stringify([org]) })), []);
  assert.deepEqual(check(exchange({ path: '/api/v1/cases/12/plan/goals', method: 'POST', status: 201, requestType: 'application/json', requestBody: '{"area":"health","need":"a","goal":"b"}', responseText: '{"id":3,"ok":true}' })), []);
});

test('drift fails: a missing member, an extra member, a wrong type, a null where none is allowed', () => {
  const { municipality, ...noMunicipality } = org;
  for (const [what, body] of [
    ['missing', [noMunicipality]],
    ['extra', [{ ...org, secret: 'x' }]],
    ['type', [{ ...org, id: '1' }]],
    ['null', [{ ...org, name: null }]],
    ['enum', [{ ...org, kind: 'kindergarten' }]],
  ]) {
    const problems = check(exchange({ responseText: JSON.stringify(body) }));
    assert.equal(problems.length, 1, `${what}: ${problems.join('\n')}`);
    assert.match(problems[0], /does not match its schema/);
  }
});

test('an error answer must be {error, message} or the field list', () => {
  const at = { path: '/api/v1/cases/7', status: 404 };
  assert.deepEqual(check(exchange({ ...at, responseText: '{"error":"not_found","message":"Finns inte."}' })), []);
  assert.equal(check(exchange({ ...at, responseText: '{"error":"not_found"}' })).length, 1);
  const inv = { path: '/api/v1/cases', method: 'POST', status: 422, requestType: 'application/json', requestBody: '{}' };
  assert.deepEqual(check(exchange({ ...inv, responseText: '{"error":"invalid","fields":[{"field":"child.given_name","code":"required","message":"Fyll i."}]}' })), []);
  assert.equal(check(exchange({ ...inv, responseText: '{"error":"invalid","fields":[{"field":"child.given_name"}]}' })).length, 1);
});

test('an undocumented status, operation or content type fails; a 404 where the document has nothing does not', () => {
  assert.match(check(exchange({ status: 418 }))[0], /status 418 is not among/);
  assert.match(check(exchange({ method: 'DELETE', status: 200 }))[0], /no operation DELETE/);
  assert.match(check(exchange({ path: '/api/v1/nothing', status: 200 }))[0], /no operation GET/);
  assert.deepEqual(check(exchange({ path: '/api/v1/nothing', status: 404, responseText: '{"error":"not_found","message":"x"}' })), []);
  assert.match(check(exchange({ responseType: 'text/html', responseText: '<p>' }))[0], /should be JSON/);
  assert.match(check(exchange({ path: '/api/v1/session', method: 'DELETE', status: 204, responseText: '{}' }))[0], /has no application\/json schema/);
});

test('a request body its schema refuses may not be accepted; refusing it is fine', () => {
  const req = { path: '/api/v1/cases/3/meetings/4/invitees', method: 'POST', requestType: 'application/json', requestBody: JSON.stringify({ kind: 'dog' }) };
  assert.match(check(exchange({ ...req, status: 201, responseText: '{"id":1}' }))[0], /accepted a request body its schema refuses/);
  assert.deepEqual(check(exchange({ ...req, status: 422, responseText: '{"error":"invalid","fields":[{"field":"invitee.kind","code":"invalid","message":"x"}]}' })), []);
  // a JSON body to an operation that takes none
  assert.match(check(exchange({ path: '/api/v1/me', requestType: 'application/json', requestBody: '{}', responseText: '{}' })).join('\n'), /describes none/);
});
