// region_api: what the region learns as JSON (V-12.4). GET /api/v1/region answers the figures of /region and
// /region.csv (the process's measures and the survey's results) for the same filter, and GET
// /api/v1/survey/results those of /survey/results: every count below five is null with "hidden": true,
// never its value. The same people as the pages: heads of an organisation theirs, regional staff the
// region's, a professional nothing (403, on record as denied). A filter that is not well formed is a JSON
// error naming the field. The process's cases are made in a quarter of their own (2025-Q4), which the
// demo's are not in; the survey's answers (five children's, by letter) in this quarter.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, decodeEntities } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';
import { dbQuery, finishedPlanCase } from '../lib/survey.mjs';

const srv = useServer();
const NOTICED = '2025-11-10';
const PERIOD = '2025-Q4';

/** A CSV as { key: { cell: count or '' } }, keyed by the first `keyCols` columns. */
function parseCsv(text, header, keyCols) {
  const rows = text.trim().split('\r\n').map((l) => l.split(','));
  assert.deepEqual(rows[0], header);
  const out = {};
  for (const row of rows.slice(1)) {
    const key = row.slice(0, keyCols).join('.');
    const cell = row.slice(keyCols, -1).filter(Boolean).join('.') || 'total';
    (out[key] ??= {})[cell] = row.at(-1);
  }
  return out;
}
const regionCsv = (text) => parseCsv(text, ['measure', 'cell', 'count'], 1);
/** survey CSV: respondent,question,answer,count; the total line is "child,total,,N". */
function surveyCsv(text) {
  const rows = text.trim().split('\r\n').map((l) => l.split(','));
  assert.deepEqual(rows[0], ['respondent', 'question', 'answer', 'count']);
  const out = {};
  for (const [who, q, answer, n] of rows.slice(1)) {
    if (q === 'total') (out[who] ??= {}).total = n;
    else (out[`${who}.${q}`] ??= {})[answer] = n;
  }
  return out;
}

/** A count of the JSON as the CSV writes it ('' when hidden); a hidden count must be null. */
function csvCount(count, hidden) {
  assert.equal(typeof hidden, 'boolean');
  if (hidden) {
    assert.equal(count, null, 'V-12.4: a hidden count is null, never its value');
    return '';
  }
  assert.ok(Number.isInteger(count) && count >= 5, `V-12.4: a shown count is at least five: ${count}`);
  return String(count);
}

/** The API's survey results in the CSV's shape, with `prefix` ("survey." for the region's). */
function surveyShape(respondents, prefix, totals) {
  const out = {};
  for (const r of respondents) {
    if (totals) out[`${prefix}${r.respondent}`] = { total: csvCount(r.total, r.hidden) };
    for (const q of r.questions) {
      const cells = (out[`${prefix}${r.respondent}.${q.question}`] = {});
      if (!totals) cells.total = csvCount(q.answered, q.hidden);
      for (const a of q.answers) cells[a.answer] = csvCount(a.count, a.hidden);
    }
  }
  return out;
}

/** /api/v1/region's answer in /region.csv's shape. */
function regionShape(j) {
  const out = {};
  for (const m of j.measures) {
    out[m.measure] = { total: csvCount(m.total, m.hidden) };
    for (const c of m.cells) out[m.measure][c.cell] = csvCount(c.count, c.hidden);
    if (m.hidden) assert.ok(m.cells.every((c) => c.hidden), `${m.measure}: a hidden total hides every cell`);
  }
  return { ...out, ...surveyShape(j.survey, 'survey.', false) };
}

describe('what the region learns, as JSON (V-12.4)', () => {
  let anna, admin, adminWeb, school, social;
  const deniedCount = async (object) =>
    Number((await dbQuery(srv, `SELECT COUNT(*) FROM audit WHERE object = '${object}' AND action = 'denied'`)).trim());

  /** Answers the survey of each letter the case's survey page can print (the child and guardians without e-mail). */
  async function answerByLetter(caseId, web) {
    const page = await web.get(`/cases/${caseId}/survey`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    const rows = [...page.text.matchAll(/<tr>\s*<td>([^<]*)<\/td>[\s\S]*?<\/tr>/g)];
    for (const row of rows) {
      const id = /action="\/cases\/\d+\/survey\/(\d+)\/letter"/.exec(row[0])?.[1];
      if (!id || /Kod skickad/.test(row[0])) continue;
      const letter = await web.post(`/cases/${caseId}/survey/${id}/letter`, {});
      assert.equal(letter.status, 200, letter.text.slice(0, 300));
      const code = /class="survey-code">([0-9A-Z-]+)</.exec(letter.text)[1];
      const family = srv.client();
      assert.equal((await family.post('/survey/code', { code }, { csrf: false })).status, 200);
      const child = decodeEntities(row[1]) === 'Barnet';
      const r = await family.post('/survey', {
        code, 'survey.q1': '5', 'survey.q2': child ? '4' : '3', 'survey.q3': '5', 'survey.q4': 'better', 'survey.q5': 'much', 'survey.q6': '4',
      }, { csrf: false });
      assert.equal(r.status, 200, r.text.slice(0, 300));
    }
  }

  before(async () => {
    await srv.ready;
    let annaWeb;
    [anna, annaWeb, admin, adminWeb] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('admin'), srv.login('admin')]);
    const orgs = await orgIds(anna);
    school = orgs['Ålidhemsskolan'];
    social = orgs['Socialtjänsten Umeå'];
    // six cases of the school's in the quarter, one with the child prepared; one of social services'
    const cases = [];
    for (let i = 0; i < 6; i++) cases.push(await makeCase(anna, { orgs: [school], noticed: NOTICED }));
    const p = await anna.postJson(`/api/v1/cases/${cases[0].id}/preparation/child`, {
      informed_on: NOTICED, how_informed: 'Vi pratade med bilder.', adapted: true, participation: 'whole', done: true,
    });
    assert.equal(p.status, 200, p.text);
    await makeCase(await srv.apiLogin('bertil'), { orgs: [social], noticed: NOTICED });
    // five finished plans of the school's: their surveys answered by letter
    for (let i = 0; i < 5; i++) await answerByLetter(await finishedPlanCase(anna, 'Ålidhemsskolan'), annaWeb);
    await srv.addUser('rektor_api', `${school}:manager`);
    await srv.addUser('region_api', `${orgs['BUP Umeå']}:regional`);
  });

  test('V-12.4: /api/v1/region answers the figures of /region.csv for the same filter, small counts null and hidden', async () => {
    for (const q of [`org=${school}&period=${PERIOD}`, `org=0&period=${PERIOD}`, `org=${social}&period=${PERIOD}`,
      `org=${school}&model=vasterbotten&period=${PERIOD}`, `org=${school}&model=kronoberg&period=`, `org=${school}`, '']) {
      const r = await admin.getJson(`/api/v1/region?${q}`);
      assert.equal(r.status, 200, r.text);
      const csv = regionCsv((await adminWeb.get(`/region.csv?${q}`)).text);
      assert.deepEqual(regionShape(r.json()), csv, `V-12.4: ${q || 'no filter'}: the JSON's figures are the CSV's`);
    }
    const j = (await admin.getJson(`/api/v1/region?org=${school}&period=${PERIOD}`)).json();
    assert.equal(j.org_id, school);
    assert.equal(j.period, PERIOD);
    assert.equal(j.model, null);
    const steps = j.measures.find((m) => m.measure === 'steps');
    assert.equal(steps.total, 6);
    assert.deepEqual(steps.cells.find((c) => c.cell === 'prepare_child'), { cell: 'prepare_child', count: 5, hidden: false });
    assert.deepEqual(steps.cells.find((c) => c.cell === 'prepare_guardians'), { cell: 'prepare_guardians', count: null, hidden: true }, 'V-12.4: one case: hidden');
    const first = j.measures.find((m) => m.measure === 'first_meeting');
    assert.equal(first.cells.find((c) => c.cell === 'overdue').count, 6, 'V-6.1: six cases without a meeting after three weeks');
    assert.equal(first.kept, null, 'V-6.1: "within three weeks" adds hidden cells: not given');
    const one = (await admin.getJson(`/api/v1/region?org=${social}&period=${PERIOD}`)).json();
    const oneSteps = one.measures.find((m) => m.measure === 'steps');
    assert.deepEqual([oneSteps.total, oneSteps.hidden], [null, true], 'V-12.4: one case: nothing at all');
    assert.ok(oneSteps.cells.every((c) => c.count === null && c.hidden));
    assert.doesNotMatch(JSON.stringify(one), /"count":[1-4][,}]/, 'no count below five anywhere');
  });

  test('V-12.4: /api/v1/survey/results answers the figures of /survey/results, and the region\'s survey the same', async () => {
    const r = await admin.getJson(`/api/v1/survey/results?org=${school}`);
    assert.equal(r.status, 200, r.text);
    const j = r.json();
    const csv = surveyCsv((await adminWeb.get(`/survey/results?format=csv&org=${school}`)).text);
    assert.deepEqual(surveyShape(j.respondents, '', true), csv, 'V-12.4: the JSON\'s figures are the CSV\'s');
    const child = j.respondents.find((x) => x.respondent === 'child');
    assert.equal(child.total, 5, 'five children answered');
    const q1 = child.questions.find((q) => q.question === 'q1');
    assert.deepEqual(q1.answers.find((a) => a.answer === '5'), { answer: '5', count: 5, hidden: false });
    assert.deepEqual(q1.answers.find((a) => a.answer === '1'), { answer: '1', count: null, hidden: true });
    assert.deepEqual(child.comments, [], 'no free texts: none shown');
    assert.ok(j.quarters.length >= 1);
    assert.equal(j.quarter, '');
    // the region's answer carries the same results for this year (the answers are of this quarter)
    const region = (await admin.getJson(`/api/v1/region?org=${school}`)).json();
    assert.deepEqual(surveyShape(region.survey, '', false), surveyShape(j.respondents, '', false));
    const quarter = (await admin.getJson(`/api/v1/survey/results?org=${social}&quarter=${j.quarters[0]}`)).json();
    assert.ok(quarter.respondents.every((x) => x.total === null && x.hidden), 'V-12.4: no answers of social services\': hidden');
  });

  test('V-12.4: heads see their own organisation, regional staff the region, a professional is refused (audited)', async () => {
    const head = await srv.apiLogin('rektor_api');
    const own = await head.getJson(`/api/v1/region?org=${social}&period=${PERIOD}`);
    assert.equal(own.status, 200, own.text);
    assert.equal(own.json().org_id, school, 'another organisation falls back to their own, as on the page');
    assert.equal(own.json().region, false);
    assert.deepEqual(own.json().organisations.map((o) => o.id), [school]);
    assert.equal(own.json().measures.find((m) => m.measure === 'steps').total, 6);
    assert.equal((await head.getJson(`/api/v1/survey/results?org=0`)).json().org_id, school);
    const region = await srv.apiLogin('region_api');
    const all = (await region.getJson(`/api/v1/region?org=0&period=${PERIOD}`)).json();
    assert.equal(all.org_id, 0);
    assert.equal(all.region, true);
    assert.equal(all.measures.find((m) => m.measure === 'steps').total, 7);
    assert.equal((await region.getJson('/api/v1/survey/results')).status, 200);
    for (const path of ['/api/v1/region', '/api/v1/survey/results']) {
      const object = path.endsWith('region') ? 'region_statistics' : 'survey_results';
      const denied = await deniedCount(object);
      const r = await anna.getJson(path);
      assert.equal(r.status, 403, `V-12.4: a professional without the role: ${path}`);
      assert.equal(r.json().error, 'forbidden');
      assert.equal(await deniedCount(object), denied + 1, 'the refusal is on record');
      assert.equal((await srv.client().get(path)).status, 401, 'not logged in');
    }
  });

  test('V-12.4: each read is audited as the page\'s: region_statistics with the organisation and the period', async () => {
    const entries = async (object) => (await dbQuery(srv, `SELECT action, org_id, case_id, child_id, detail FROM audit WHERE object = '${object}' ORDER BY id`)).split('\n').filter(Boolean);
    const before = (await entries('region_statistics')).length;
    await admin.getJson(`/api/v1/region?org=${school}&period=${PERIOD}`);
    const rows = await entries('region_statistics');
    assert.equal(rows.length, before + 1);
    assert.equal(rows.at(-1), `read|${school}|||${PERIOD}`);
    const surveyBefore = (await entries('survey_results')).length;
    await admin.getJson(`/api/v1/survey/results?org=${school}`);
    const surveyRows = await entries('survey_results');
    assert.equal(surveyRows.length, surveyBefore + 1);
    assert.match(surveyRows.at(-1), new RegExp(`^read\\|${school}\\|\\|\\|`));
  });

  test('V-12.4: a filter that is not well formed is a JSON error naming the field, and nothing is read', async () => {
    const cases = [
      ['/api/v1/region?org=skolan', 'org'], ['/api/v1/region?org=-1', 'org'], ['/api/v1/region?model=skane', 'model'],
      ['/api/v1/region?period=2025-Q5', 'period'], ['/api/v1/region?period=25', 'period'], ['/api/v1/region?period=2025-01', 'period'],
      ['/api/v1/survey/results?quarter=2025', 'quarter'], ['/api/v1/survey/results?model=x', 'model'], ['/api/v1/survey/results?org=1.5', 'org'],
    ];
    const reads = async () => Number((await dbQuery(srv, "SELECT COUNT(*) FROM audit WHERE object IN ('region_statistics', 'survey_results')")).trim());
    const before = await reads();
    for (const [path, field] of cases) {
      const r = await admin.getJson(path);
      assert.equal(r.status, 422, `${path}: ${r.text}`);
      assert.equal(r.json().error, 'invalid');
      assert.equal(r.json().fields[0].field, field, path);
      assert.ok(r.json().fields[0].message.length > 0, 'a Swedish message');
    }
    assert.equal(await reads(), before, 'a refused filter reads nothing');
    assert.match((await admin.getJson('/api/v1/region?period=2025')).json().period, /^2025$/);
  });
});
