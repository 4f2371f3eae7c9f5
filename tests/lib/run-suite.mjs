#!/usr/bin/env node
// run-suite.mjs: what CTest runs for the node suites (see tests/http/CMakeLists.txt, tests/browser/CMakeLists.txt,
// tests/mail/CMakeLists.txt).
//
//   node lib/run-suite.mjs http [--backend postgres]
//   node lib/run-suite.mjs browser
//   node lib/run-suite.mjs mail
//   node lib/run-suite.mjs api          (docs/openapi.yaml; tests/api/CMakeLists.txt)
//
// Checks what the suite needs, then runs `node --test` on the suite's *.test.mjs files one file at a time.
// The HTTP suite on SQLite (http.sqlite) then runs every file once more with its tests in reverse order
// (lib/reverse-order.mjs), to prove that no test depends on what an earlier one left behind (issue 8, part
// 8); that takes as long again as the run in order, so http.postgres and the sanitizer build run them in order only.
// When something it needs is missing (tests/node_modules, Chromium, BARNPLAN_TEST_PG_URL or
// psql for PostgreSQL) it exits 77, which CTest reports as skipped -- or 1 when CI is set, so that CI never
// passes on a suite that did not run.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = 77;
const args = process.argv.slice(2);
const suite = args[0];
const backendAt = args.indexOf('--backend');
const backend = backendAt >= 0 ? args[backendAt + 1] : 'sqlite';
const ci = !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';

function missing(what) {
  if (ci) {
    console.error(`run-suite: ${what}; CI is set, so this is a failure, not a skip`);
    process.exit(1);
  }
  console.error(`run-suite: ${what}; skipping (set CI=1 to make this a failure)`);
  process.exit(SKIP);
}

if (!['http', 'browser', 'mail', 'api'].includes(suite)) {
  console.error('usage: run-suite.mjs http|browser|mail|api [--backend sqlite|postgres]');
  process.exit(2);
}
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) missing(`Node.js ${process.versions.node} is too old (need 20 or later)`);

// the packages each suite imports (tests/package.json); http checks every /api/ exchange against
// docs/openapi.yaml (lib/openapi.mjs), and its mail-sending files talk to smtp-server
const OPENAPI = ['yaml', 'ajv', 'ajv-formats', '@seriousme/openapi-schema-validator'];
const MAIL = ['smtp-server', 'mailparser'];
const needs = {
  http: [...OPENAPI, ...MAIL],
  api: OPENAPI,
  mail: MAIL,
  browser: ['playwright-core', '@axe-core/playwright', 'axe-core', ...OPENAPI],
};
for (const m of needs[suite])
  if (!existsSync(path.join(TESTS_DIR, 'node_modules', m, 'package.json')))
    missing(`tests/node_modules/${m} is missing (run \`npm ci\` in tests/)`);
if (suite === 'browser') {
  const chromium = process.env.BARNPLAN_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(chromium)) missing(`${chromium} is missing (apt-get install chromium)`);
}
if (backend === 'postgres') {
  if (!process.env.BARNPLAN_TEST_PG_URL) missing('BARNPLAN_TEST_PG_URL is not set (scripts/pg-test.sh start)');
  const psql = spawnSync('psql', ['-X', '-q', '-d', process.env.BARNPLAN_TEST_PG_URL, '-c', 'SELECT 1'], { encoding: 'utf8' });
  if (psql.error) missing(`psql cannot be run (${psql.error.message})`);
  if (psql.status !== 0) {
    console.error(`run-suite: the PostgreSQL server in BARNPLAN_TEST_PG_URL does not answer:\n${psql.stderr}`);
    process.exit(1);
  }
}

const dir = path.join(TESTS_DIR, suite);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .map((f) => path.join(suite, f));
if (files.length === 0) {
  console.error(`run-suite: no *.test.mjs in ${dir}`);
  process.exit(1);
}
const slow = /asan|sanit/i.test(process.env.BARNPLAN_BIN || process.env.BARNPLAN_MAIL_TOOL || '');
const env = { ...process.env, BARNPLAN_TEST_DB: backend };
const nodeArgs = [
  '--test',
  '--test-concurrency=1',
  `--test-timeout=${slow ? 900000 : 300000}`,
  '--test-reporter=spec',
  ...files,
];
const runs = [{ args: nodeArgs, what: 'in order' }];
if (suite === 'http' && backend === 'sqlite' && !slow) // once, in the dev build (tests/CMakeLists.txt)
  runs.push({ args: ['--import', './lib/reverse-order.mjs', ...nodeArgs], what: 'each file\'s tests in reverse order' });

let child = null;
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child?.kill(sig));
let failed = 0;
for (const { args, what } of runs) {
  console.error(`run-suite: node ${args.join(' ')}  (backend ${backend}${slow ? ', sanitizer build' : ''}; ${what})`);
  const code = await new Promise((resolve) => {
    child = spawn(process.execPath, args, { cwd: TESTS_DIR, env, stdio: 'inherit' });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (code !== 0) {
    console.error(`run-suite: the run with ${what} failed (exit ${code})`);
    failed = failed || code;
  }
}
process.exit(failed);
