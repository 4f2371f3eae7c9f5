// openapi.mjs: docs/openapi.yaml as the tests use it: read (yaml), checked as an OpenAPI 3.0 document
// (@seriousme/openapi-schema-validator), and turned into a checker of the exchanges the HTTP tests make
// (ajv + ajv-formats). The shared client in server.mjs runs every /api/ request through checkExchange():
//
//   const problems = checkExchange({ method, path, status, requestType, requestBody, responseType, responseText });
//   // [] when the document describes the exchange; else one sentence per disagreement
//
// What counts as described:
//   - the path matches one of the document's path templates and the method is an operation there; a 404 or
//     405 on a path or method the document does not have is described too (nothing is there, as it says);
//   - the status is one of the operation's responses (exact, then 2XX-style ranges, then `default`);
//   - a JSON answer matches that response's application/json schema, and a response with a schema answers JSON;
//   - a JSON request body that the server accepts (status below 400) matches the operation's requestBody
//     schema; one the schema refuses may only be refused by the server (4xx). A JSON body sent to an
//     operation without a JSON requestBody and accepted is a disagreement too.
// BARNPLAN_OPENAPI_REPORT=FILE: append each disagreement to FILE as a JSON line instead of failing the test
// (for updating the document after a change; never set in CTest).
import { readFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OPENAPI_FILE = path.join(SOURCE_DIR, 'docs/openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The document as an object (YAML 1.2, as OpenAPI asks). */
export function loadOpenApi(file = OPENAPI_FILE) {
  return parseYaml(readFileSync(file, 'utf8'));
}

/**
 * Checks the document against the OpenAPI 3.0 schema. Resolves { valid, errors, nulls }: `nulls` lists the
 * keys whose value is null, which is how a comma inside a one-line flow mapping shows ({description: a, b}
 * makes "b" a key): the schema of schemas lets that through inside a Schema object.
 */
export async function validateOpenApi(doc) {
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const v = new Validator();
  const r = await v.validate(structuredClone(doc));
  const nulls = [];
  const walk = (o, at) => {
    if (!o || typeof o !== 'object') return;
    for (const [k, x] of Object.entries(o)) {
      const p = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (x === null) nulls.push(p);
      else walk(x, p);
    }
  };
  walk(doc, '#');
  return { valid: r.valid && nulls.length === 0, errors: r.valid ? [] : r.errors, nulls, version: v.version };
}

/**
 * An OpenAPI 3.0 Schema object as JSON Schema for ajv: `nullable: true` becomes "or null", references point
 * into the document registered under the id "openapi".
 */
function toJsonSchema(s) {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = 'openapi' + v;
    else if (k === 'nullable' || k === 'example' || k === 'xml' || k === 'externalDocs' || k === 'discriminator') continue;
    else if (k === 'properties' || k === 'patternProperties') out[k] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, toJsonSchema(x)]));
    else out[k] = toJsonSchema(v);
  }
  return s.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

function templateRegex(template) {
  const esc = template.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : '\\' + c));
  return new RegExp('^' + esc.replace(/\{[^}/]+\}/g, '[^/]+') + '$');
}

function isJsonType(ct) {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(ct || '');
}

/** Builds the checker for one document; see checkExchange below for the one over docs/openapi.yaml. */
export function exchangeChecker(doc) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema({ $id: 'openapi', components: toJsonSchema(doc.components || {}) });
  const compiled = new Map();
  const validator = (schema) => {
    if (!compiled.has(schema)) compiled.set(schema, ajv.compile(toJsonSchema(schema)));
    return compiled.get(schema);
  };
  const deref = (o) => {
    let n = 0;
    while (o && o.$ref && n++ < 10) o = o.$ref.slice(2).split('/').reduce((a, k) => a?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    return o;
  };
  // literal segments before templated ones: /cases/{id}/plan/finish wins over a hypothetical /cases/{id}/plan/{x}
  const paths = Object.keys(doc.paths || {})
    .map((t) => ({ t, re: templateRegex(t), literal: t.replace(/\{[^}]+\}/g, '').length }))
    .sort((a, b) => b.literal - a.literal);
  const describeErrors = (errors) =>
    (errors || []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`).join('; ');

  return function check({ method, path: target, status, requestType, requestBody, responseType, responseText }) {
    const problems = [];
    const pathname = target.split('?')[0];
    const m = method.toLowerCase();
    const at = `${method} ${pathname} → ${status}`;
    const found = paths.find((p) => p.re.test(pathname));
    const op = found && doc.paths[found.t][m];
    if (!op) {
      if (status === 404 || status === 405) return problems; // nothing there, as the document says
      problems.push(`${at}: the document has no operation ${method} ${found ? found.t : pathname}`);
      return problems;
    }
    const where = `${method} ${found.t} → ${status}`;
    const responses = op.responses || {};
    const resp = deref(responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default);
    if (!resp) problems.push(`${where}: status ${status} is not among the operation's responses (${Object.keys(responses).join(', ')})`);

    // the request body
    let reqValue;
    let reqIsJson = false;
    if (requestBody !== undefined && requestBody !== null && isJsonType(requestType)) {
      try {
        reqValue = JSON.parse(typeof requestBody === 'string' ? requestBody : requestBody.toString());
        reqIsJson = true;
      } catch {
        /* not JSON at all: the server must refuse it, which the response check sees */
      }
    }
    if (reqIsJson) {
      const rb = deref(op.requestBody);
      const schema = rb?.content?.['application/json']?.schema;
      if (!schema) {
        if (status < 400) problems.push(`${where}: a JSON body was accepted but the operation describes none`);
      } else {
        const v = validator(schema);
        if (!v(reqValue) && status < 400)
          problems.push(`${where}: the server accepted a request body its schema refuses: ${describeErrors(v.errors)}\n  body: ${JSON.stringify(reqValue).slice(0, 600)}`);
      }
    }

    // the answer
    if (resp) {
      const schema = resp.content?.['application/json']?.schema;
      const json = isJsonType(responseType);
      if (json && !schema) problems.push(`${where}: the answer is JSON but the response has no application/json schema\n  answer: ${String(responseText).slice(0, 600)}`);
      if (!json && schema && responseText !== '') problems.push(`${where}: the response should be JSON but the answer is ${responseType || 'without a Content-Type'}`);
      if (json && schema) {
        let value;
        try {
          value = JSON.parse(responseText);
        } catch (e) {
          problems.push(`${where}: the answer is not JSON: ${e.message}`);
        }
        if (value !== undefined) {
          const v = validator(schema);
          if (!v(value)) problems.push(`${where}: the answer does not match its schema: ${describeErrors(v.errors)}\n  answer: ${String(responseText).slice(0, 600)}`);
        }
      }
    }
    return problems;
  };
}

let defaultChecker = null;
/** checkExchange over docs/openapi.yaml (read once per process). */
export function checkExchange(exchange) {
  if (!defaultChecker) defaultChecker = exchangeChecker(loadOpenApi());
  const problems = defaultChecker(exchange);
  if (problems.length && process.env.BARNPLAN_OPENAPI_REPORT) {
    for (const p of problems) appendFileSync(process.env.BARNPLAN_OPENAPI_REPORT, JSON.stringify({ problem: p, requestBody: exchange.requestBody ?? null }) + '\n');
    return [];
  }
  return problems;
}
