// region: what the region learns (V-12.4). /region shows the process's measures (cases by step, V-6.1's
// time to the first meeting, K-4.3's invitations, the child at the meeting, follow-ups on time, closures)
// and the survey's results as aggregates: every count below five hidden on the page and in /region.csv, and
// never one that the total less the others would give. Heads of an organisation see theirs, regional staff
// the region's, a professional nothing. The cases are made in a quarter of their own (2025-Q1), which the
// demo's cases are not in.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { useServer, decodeEntities, barnplanBin, dbQuery, today } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const srv = useServer();
const NOTICED = '2025-02-10';
const PERIOD = '2025-Q1';

/** The CSV as { measure: { cell: count or '' } }. */
function parseCsv(text) {
  const rows = text.trim().split('\r\n').map((l) => l.split(','));
  assert.deepEqual(rows[0], ['measure', 'cell', 'count']);
  const out = {};
  for (const [m, cell, n] of rows.slice(1)) (out[m] ??= {})[cell] = n;
  return out;
}

/** V-12.4: no hidden cell can be worked out: where a measure shows its total, it hides none or at least two. */
function assertNoCellFromTotal(csv) {
  for (const [m, cells] of Object.entries(csv)) {
    const hidden = Object.entries(cells).filter(([k, n]) => k !== 'total' && n === '');
    if (cells.total === '') {
      assert.equal(hidden.length, Object.keys(cells).length - 1, `${m}: a hidden total hides every cell`);
      continue;
    }
    assert.ok(hidden.length !== 1, `${m}: exactly one hidden cell would be the total less the others`);
    for (const [k, n] of Object.entries(cells)) if (n !== '') assert.ok(Number(n) >= 5, `${m}.${k}: ${n} shown`);
  }
}

/** The section of one measure on the page. */
function section(html, id) {
  const m = new RegExp(`<section class="card region-measure" aria-labelledby="m-${id.replace(/\./g, '\\.')}">[\\s\\S]*?</section>`).exec(html);
  assert.ok(m, `the page has the measure ${id}`);
  return decodeEntities(m[0]);
}

describe('what the region learns (V-12.4)', () => {
  let anna, bertil, annaWeb, adminWeb, orgs, school, social;

  before(async () => {
    await srv.ready;
    [anna, bertil, annaWeb, adminWeb] = await Promise.all([srv.apiLogin('anna'), srv.apiLogin('bertil'), srv.login('anna'), srv.login('admin')]);
    orgs = await orgIds(anna);
    school = orgs['Ålidhemsskolan'];
    social = orgs['Socialtjänsten Umeå'];
    // six cases of the school's, one of them with the child prepared; one of social services'
    const schoolCases = [];
    for (let i = 0; i < 6; i++) schoolCases.push(await makeCase(anna, { orgs: [school], noticed: NOTICED }));
    const p = await anna.postJson(`/api/v1/cases/${schoolCases[0].id}/preparation/child`, {
      informed_on: NOTICED, how_informed: 'Vi pratade med bilder.', adapted: true, participation: 'whole', done: true,
    });
    assert.equal(p.status, 200, p.text);
    await makeCase(bertil, { orgs: [social], noticed: NOTICED });
    await srv.addUser('rektor_region', `${school}:manager`);
    await srv.addUser('region_staff', `${orgs['BUP Umeå']}:regional`);
  });

  test('V-12.4: one organisation\'s cases by step: five shown, the one below five hidden, on the page and in the CSV', async () => {
    const page = await adminWeb.get(`/region?org=${school}&period=${PERIOD}`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    assert.doesNotMatch(page.text, /<script/, 'no script: the charts are drawn by the server');
    const steps = section(page.text, 'steps');
    assert.match(steps, /<svg class="chart"[^>]*aria-hidden="true"/, 'V-12.4: a chart drawn by the server, its table beside it');
    assert.match(steps, /<caption>Ärenden per steg<\/caption>/);
    assert.match(steps, /<th scope="row">Förberedelse med barnet<\/th><td>5<\/td>/);
    assert.match(steps, /<th scope="row">Förberedelse med vårdnadshavare<\/th><td>–<span class="visually-hidden"> färre än fem<\/span>/);
    assert.match(steps, /<th scope="row">Totalt<\/th><td>6<\/td>/);
    assert.match(steps, /<rect x="260" y="4" width="240" height="16" class="bar"\/>/, 'the largest bar fills the chart');
    for (const [, n] of steps.matchAll(/<td>(\d+)<\/td>/g)) assert.ok(Number(n) >= 5, `a count of ${n} is shown`);
    const csv = parseCsv((await adminWeb.get(`/region.csv?org=${school}&period=${PERIOD}`)).text);
    assert.equal(csv.steps.total, '6');
    assert.equal(csv.steps.prepare_child, '5');
    assert.equal(csv.steps.prepare_guardians, '', 'V-12.4: the CSV hides what the page hides');
    assertNoCellFromTotal(csv);
  });

  test('V-6.1: the time from the need noticed to the first meeting: six cases without a meeting after more than three weeks', async () => {
    const page = await adminWeb.get(`/region?org=${school}&model=vasterbotten&period=${PERIOD}`);
    const first = section(page.text, 'first_meeting');
    assert.match(first, /Från att behovet uppmärksammades till SIP-mötet/, 'Västerbotten\'s own word for the meeting');
    assert.match(first, /<th scope="row">Inget möte än, mer än tre veckor<\/th><td>6<\/td>/);
    assert.doesNotMatch(first, /Mötet hölls inom tre veckor:/, 'V-6.1: kept is a sum of hidden cells here, so it is not shown');
    const kb = await adminWeb.get(`/region?org=${school}&model=kronoberg&period=${PERIOD}`);
    assert.match(section(kb.text, 'first_meeting'), /till samverkansmötet/, 'Kronoberg\'s own word');
    assert.match(section(kb.text, 'first_meeting'), /Färre än fem: inget visas\./);
    // K-4.3: no Kronoberg invitations in this period: the measure is there, with nothing shown
    assert.match(section(kb.text, 'invitations'), /Kallelser skickade i tid[\s\S]*Färre än fem: inget visas\./);
  });

  test('V-12.4: the region\'s totals count the other organisation\'s case, and do not reveal a hidden cell', async () => {
    const csv = parseCsv((await adminWeb.get(`/region.csv?org=0&period=${PERIOD}`)).text);
    assert.equal(csv.steps.total, '7');
    assert.equal(csv.steps.prepare_child, '6');
    assert.equal(csv.steps.prepare_guardians, '');
    assertNoCellFromTotal(csv);
    const one = parseCsv((await adminWeb.get(`/region.csv?org=${social}&period=${PERIOD}`)).text);
    assert.equal(one.steps.total, '', 'one case: nothing at all');
    assert.equal(one.steps.prepare_child, '');
    assertNoCellFromTotal(one);
  });

  test('V-12.4: a head sees their own organisation, regional staff the region, a professional nothing', async () => {
    const head = await srv.login('rektor_region');
    const own = await head.get(`/region?org=${social}&period=${PERIOD}`);
    assert.equal(own.status, 200);
    assert.match(own.text, new RegExp(`<option value="${school}" selected>`), 'another organisation falls back to their own');
    assert.doesNotMatch(own.text, /Hela regionen/);
    assert.match(section(own.text, 'steps'), /<th scope="row">Totalt<\/th><td>6<\/td>/);
    const ownCsv = parseCsv((await head.get(`/region.csv?org=0&period=${PERIOD}`)).text);
    assert.equal(ownCsv.steps.total, '6', 'the CSV too: not the region\'s seven');
    assert.match(own.text, /<a href="\/region">Statistik<\/a>/, 'the menu links the page for those who may see it');
    const region = await srv.login('region_staff');
    const year = new Date().getFullYear();
    assert.match((await region.get('/region')).text, new RegExp(`<option value="${year}" selected>${year}</option>`), 'without a period: this year');
    const all = await region.get(`/region?period=${PERIOD}`);
    assert.equal(all.status, 200);
    assert.match(all.text, /<option value="0" selected>Hela regionen<\/option>/);
    assert.match(section(all.text, 'steps'), /<th scope="row">Totalt<\/th><td>7<\/td>/);
    assert.equal((await annaWeb.get('/region')).status, 403, 'a professional sees no statistics');
    assert.equal((await annaWeb.get('/region.csv')).status, 403);
    assert.doesNotMatch((await annaWeb.get('/cases')).text, /href="\/region"/, 'nor the link');
    assert.equal((await srv.client().get('/region')).status, 303, 'not logged in: to the login page');
  });

  test('V-12.4: reading the statistics is audited as a read of "region_statistics", with the organisation and no case', async () => {
    const before = Number((await dbQuery(srv, "SELECT COUNT(*) FROM audit WHERE object = 'region_statistics'")).trim());
    await adminWeb.get(`/region?org=${school}&period=${PERIOD}`);
    const rows = (await dbQuery(srv, "SELECT action, org_id, case_id, child_id, detail FROM audit WHERE object = 'region_statistics' ORDER BY id")).trim().split('\n');
    assert.equal(rows.length, before + 1);
    assert.equal(rows.at(-1), `read|${school}|||${PERIOD}`);
    const deniedCount = async () => Number((await dbQuery(srv, "SELECT COUNT(*) FROM audit WHERE object = 'region_statistics' AND action = 'denied'")).trim());
    const denied = await deniedCount();
    assert.equal((await annaWeb.get('/region')).status, 403);
    assert.equal(await deniedCount(), denied + 1, 'the professional\'s refusal is on record');
  });
});

/** Runs `barnplan purge` on the server's database with no retention time to wait: { code, stdout, stderr }. */
function purge(args) {
  const env = { ...process.env, BARNPLAN_DATABASE: srv.dbUrl, BARNPLAN_RETENTION_DAYS: '0' };
  return new Promise((resolve) => {
    execFile(barnplanBin(), ['purge', ...args], { env, timeout: 120000 }, (err, stdout, stderr) =>
      resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr }),
    );
  });
}

// V-12.4 with retention (issue 9 item 8): a purged case leaves an anonymous row in case_statistics, and the
// region's page counts it where that row can answer (cases by step, the time to the first meeting, closures),
// with the same filters, so that purging changes no figure of the page or its CSV. Cases of their own
// quarters (2025-Q2: six, 2025-Q3: four), closed today.
describe('what the region learns, after a purge (V-12.4)', () => {
  let anna, annaWeb, adminWeb, school, six, four;
  const QUARTER = `${today().slice(0, 4)}-Q${Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1}`;
  const FILTERS = [
    'org=SCHOOL&period=2025-Q2', 'org=0&period=2025-Q2', 'org=SCHOOL&model=vasterbotten&period=2025-Q2',
    'org=SCHOOL&model=kronoberg&period=2025-Q2', 'org=SCHOOL&period=2025-Q3', 'org=SCHOOL&period=2025',
    `org=SCHOOL&period=${QUARTER}`, 'org=0&period=', 'org=SCHOOL&period=',
  ];
  const csvs = async () => {
    const out = {};
    for (const f of FILTERS) {
      const r = await adminWeb.get(`/region.csv?${f.replace('SCHOOL', school)}`);
      assert.equal(r.status, 200, r.text);
      out[f] = parseCsv(r.text);
    }
    return out;
  };
  const close = async (kase) => {
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/closure`, {
      reason: 'goals_reached', agreed_child: true, agreed_guardians: kase.guardians, agreed_orgs: [school], note: 'Målen är nådda.',
    });
    assert.equal(r.status, 200, r.text);
  };

  before(async () => {
    await srv.ready;
    [anna, annaWeb, adminWeb] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.login('admin')]);
    school = (await orgIds(anna))['Ålidhemsskolan'];
    six = [];
    four = [];
    for (let i = 0; i < 6; i++) six.push(await makeCase(anna, { orgs: [school], noticed: '2025-05-12' }));
    for (let i = 0; i < 4; i++) four.push(await makeCase(anna, { orgs: [school], noticed: '2025-08-18' }));
    // the six held their plan meeting today, the child there (the child at the meeting, K-4.3 not: Västerbotten)
    for (const k of six) {
      const r = await anna.postJson(`/api/v1/cases/${k.id}/meetings`, {
        kind: 'plan', date: today(), start: '00:00', end: '00:30', setting: 'physical', setting_agreed: true,
        place: 'Skolans konferensrum', purpose: 'Att tillsammans göra en plan.', agenda: 'Skoldagen.',
      });
      assert.equal(r.status, 201, r.text);
      const base = `/api/v1/cases/${k.id}/meetings/${r.json().id}`;
      const held = { 'attendance.0': 'present', 'closing.child_asked': '1' };
      assert.equal((await anna.postJson(`${base}/invitees`, { kind: 'child' })).status, 201);
      for (const [i, g] of k.guardians.entries()) {
        assert.equal((await anna.postJson(`${base}/invitees`, { kind: 'guardian', guardian_id: g })).status, 201);
        held[`attendance.${i + 1}`] = 'present';
      }
      const h = await annaWeb.post(`/cases/${k.id}/meetings/${r.json().id}/held`, held);
      assert.equal(h.status, 303, [...h.text.matchAll(/data-field="([^"]*)" data-code="([^"]*)"/g)].map((m) => m.slice(1).join(' ')).join(', '));
    }
    for (const k of [...six, ...four]) await close(k);
  });

  test('V-12.4: a purged case is still counted by step, by time to the first meeting and by closure; the small counts stay hidden', async () => {
    const before = await csvs();
    const live = before['org=SCHOOL&period=2025-Q2'];
    assert.equal(live.steps.total, '6');
    assert.equal(live.steps.closed, '6', 'V-0.10: six closed cases in their own quarter');
    assert.equal(live.first_meeting.days_43_up, '6', 'V-6.1: the meeting held today, long after three weeks');
    const now = before[`org=SCHOOL&period=${QUARTER}`];
    assert.ok(Number(now.child_present.present) >= 6, `the child at the six meetings: ${now.child_present.present}`);
    assert.equal(before['org=SCHOOL&period=2025-Q3'].steps.total, '', 'four cases: nothing shown');
    assert.ok(Number(before[`org=SCHOOL&period=${QUARTER}`].closures.goals_reached) >= 10, 'V-11.1: closed today');
    const statsBefore = Number((await dbQuery(srv, 'SELECT COUNT(*) FROM case_statistics')).trim());
    for (const k of [...six, ...four]) {
      const r = await purge(['--case', String(k.id)]);
      assert.equal(r.code, 0, r.stderr);
    }
    const ids = [...six, ...four].map((k) => k.id).join(',');
    assert.equal((await dbQuery(srv, `SELECT COUNT(*) FROM cases WHERE id IN (${ids})`)).trim(), '0', 'the cases are gone');
    assert.equal(Number((await dbQuery(srv, 'SELECT COUNT(*) FROM case_statistics')).trim()), statsBefore + 10);
    assert.equal((await dbQuery(srv, "SELECT COUNT(*), SUM(n) FROM case_statistic_groups WHERE measure = 'child'")).trim(), '6|6',
      'migration 022: the child at each of the six meetings is kept, without the case');
    const after = await csvs();
    for (const f of FILTERS) {
      assert.deepEqual(after[f], before[f], `V-12.4: ${f}: the same figures after the purge`);
      assertNoCellFromTotal(after[f]);
    }
    assert.equal(after['org=SCHOOL&period=2025-Q2'].steps.closed, '6', 'V-12.4: the purged cases are counted');
    assert.equal(after[`org=SCHOOL&period=${QUARTER}`].child_present.present, now.child_present.present, 'the child at their meetings, kept by the purge');
    assert.equal(after['org=SCHOOL&period=2025-Q3'].steps.total, '', 'V-12.4: four purged cases: hidden, as before');
    assert.equal(after['org=SCHOOL&period=2025-Q3'].steps.closed, '');
    const page = await adminWeb.get(`/region?org=${school}&period=2025-Q2`);
    assert.match(section(page.text, 'steps'), /<th scope="row">Avslut<\/th><td>6<\/td>/, 'the page as the CSV');
  });
});
