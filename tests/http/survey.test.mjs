// survey: the anonymous survey (V-12.1-V-12.4). Finishing a plan offers it to the child and each guardian
// (an e-mail link, or a paper letter with a code and a QR code); an answer is stored with no way back to
// the person, the code or the case (every table of the database is read to show it); a code answers once;
// results are aggregates with every count below five hidden, on the page and in the CSV.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, today, decodeEntities } from '../lib/server.mjs';
import { orgIds } from '../lib/fixtures.mjs';
import { dbQuery, finishedPlanCase, printedCodes } from '../lib/survey.mjs';

const srv = useServer();

const query = (sql) => dbQuery(srv, sql);
const lines = (s) => s.split('\n').filter(Boolean);

/** Every table's name, and each one's columns. */
async function tables() {
  const pg = srv.backend === 'postgres';
  const names = lines(await query(pg
    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"));
  const out = {};
  for (const t of names)
    out[t] = lines(await query(pg
      ? `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${t}' ORDER BY ordinal_position`
      : `SELECT name FROM pragma_table_info('${t}') ORDER BY cid`));
  return out;
}

/** Every row of every table as text, the audit trail included: { table: text }. */
async function everyRow() {
  const out = {};
  for (const [t, cols] of Object.entries(await tables())) out[t] = await query(`SELECT ${cols.join(', ')} FROM ${t}`);
  return out;
}

describe('the survey (V-12.1-V-12.4)', () => {
  let anna, annaWeb, bertil, bertilWeb, adminWeb, orgs, school;
  // the school's three cases, their nine codes (the child, Leila by e-mail, Ahmed by letter) all answered in
  // before(); the tests that need codes of their own use social services' cases, which the school's results
  // do not count
  const codes = []; // { code, who, caseId }
  const arrival = []; // the answers' ids in the order they came

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, adminWeb] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.login('bertil'), srv.login('admin')]);
    orgs = await orgIds(anna);
    school = orgs['Ålidhemsskolan'];
    for (let i = 0; i < 3; i++) codes.push(...(await codesOf(await finishedCase())));
    const odd = codes.findIndex((c, i) => c.who === 'guardian' && i > 0); // the one guardian not quite satisfied
    for (const [i, c] of codes.entries()) {
      const before = new Set(lines(await query('SELECT id FROM survey_answers')));
      const { r } = await answer(c.code, {
        'survey.q1': '5', 'survey.q2': '4', 'survey.q3': c.who === 'child' ? '3' : '5', 'survey.q4': 'better', 'survey.q5': 'much',
        'survey.q6': i === odd ? '2' : '4', 'survey.q7': `Kommentar nummer ${i} ${c.code.slice(0, 4)}x`,
      });
      assert.equal(r.status, 200, r.text.slice(0, 300));
      assert.match(decodeEntities(r.text), /Tack för dina svar/);
      arrival.push(lines(await query('SELECT id FROM survey_answers')).find((id) => !before.has(id)));
    }
  });

  /** A case with a finished plan of the school's (anna), or social services' (bertil). */
  const finishedCase = (api = anna, orgName = 'Ålidhemsskolan') => finishedPlanCase(api, orgName);

  /** The codes the case's survey went out with: the e-mailed one from the outbox, and a printed letter for each other. */
  async function codesOf(caseId, web = annaWeb) {
    const out = [];
    const mails = lines(await query(`SELECT recipient, body FROM outbox WHERE kind = 'survey' AND case_id = ${caseId} ORDER BY id`).then((s) => s.replace(/\n(?!leila|[a-z0-9.]+@)/g, ' ')));
    for (const m of mails) {
      const code = /\/survey#kod=([0-9A-Z]{16})\b/.exec(m)[1]; // V14.2.1: after '#', never sent
      assert.doesNotMatch(m, /\?code=/);
      out.push({ code, who: 'guardian', caseId, mail: m });
    }
    for (const l of await printedCodes(web, caseId)) {
      assert.match(l.letter, /<path d="M\d+ \d+h\d+v1h-\d+z/, 'V-12.1: the letter has its QR code drawn as SVG');
      out.push({ code: l.code, who: l.who, caseId, letter: true, i: l.i });
    }
    return out;
  }

  /** Answers one survey through the public form, as someone without a session. */
  async function answer(code, form) {
    const family = srv.client();
    assert.equal((await family.get('/survey')).status, 200);
    const page = await family.post('/survey/code', { code }, { csrf: false }); // the code in the body (V14.2.1)
    assert.equal(page.status, 200, page.text.slice(0, 300));
    return { page, r: await family.post('/survey', { code, ...form }, { csrf: false }) };
  }

  test('V-12.1, V-12.2: finishing a plan offers the survey to the child and each guardian: a neutral e-mail with a link, a letter for the others', async () => {
    const caseIds = [...new Set(codes.map((c) => c.caseId))];
    assert.equal(caseIds.length, 3);
    for (const caseId of caseIds) {
      const mine = codes.filter((c) => c.caseId === caseId);
      // the registration has the child, Leila (with e-mail) and Ahmed (without)
      assert.equal(mine.length, 3, JSON.stringify(mine));
      assert.equal(mine.filter((c) => c.who === 'child').length, 1);
      const mail = mine.find((c) => c.mail);
      assert.ok(mail && /leila@example\.se/.test(mail.mail), 'V-12.2: the guardian with an address gets the link by e-mail');
      assert.doesNotMatch(mail.mail, /Apibarn|Jsonsson/, 'the e-mail names nobody');
      assert.match(mail.mail, /Enkäten är anonym/);
    }
    const inCases = `case_id IN (${caseIds.join(', ')})`;
    assert.equal(Number((await query(`SELECT COUNT(*) FROM survey_invitations WHERE ${inCases}`)).trim()), 9);
    assert.equal(Number((await query(`SELECT COUNT(*) FROM survey_invitations WHERE ${inCases} AND token_hash IS NULL`)).trim()), 0, 'every invitation has a code by now');
    assert.equal(Number((await query(`SELECT COUNT(*) FROM survey_invitations WHERE ${inCases} AND occasion = 'plan' AND plan_version = 1`)).trim()), 9);
  });

  test('V-12.3: the child gets faces and easy words, a guardian the seven questions; both accessible radio buttons with text', async () => {
    const fresh = await codesOf(await finishedCase(bertil, 'Socialtjänsten Umeå'), bertilWeb);
    const child = fresh.find((c) => c.who === 'child');
    const guardian = fresh.find((c) => c.who === 'guardian');
    const cp = await srv.client().post('/survey/code', { code: child.code.toLowerCase() }, { csrf: false }); // typed in lower case, with dashes
    assert.equal(cp.status, 200);
    assert.match(cp.text, /Lyssnade de vuxna på dig\?/);
    assert.match(cp.text, /<svg class="face face-happy"[^>]*aria-hidden="true"/);
    assert.match(cp.text, /<input type="radio" id="survey-q1-5" name="survey.q1" value="5"><label for="survey-q1-5">/);
    assert.doesNotMatch(cp.text, /<script/);
    const gp = await srv.client().post('/survey/code', { code: guardian.code }, { csrf: false });
    for (const q of ['Kände ni er lyssnade på?', 'Pratade vi om det som var viktigt för er?', 'Har ni fått vara med och bestämma vilken hjälp ni får?',
      'Har familjens situation förändrats sedan vår hjälp började?', 'Om det har blivit bättre: hur mycket har hjälpen betytt?',
      'Är ni nöjda eller missnöjda med hjälpen?', 'Har ni något mer att säga? Vad kan vi göra bättre?'])
      assert.ok(decodeEntities(gp.text).includes(q), `V-12.3: ${q}`);
    const unknown = await srv.client().post('/survey/code', { code: 'AAAA-BBBB-CCCC-DDDD' }, { csrf: false });
    assert.equal(unknown.status, 404);
    assert.match(decodeEntities(unknown.text), /Koden finns inte/);
    const empty = await srv.client().post('/survey', { code: guardian.code }, { csrf: false });
    assert.equal(empty.status, 422, 'nothing answered: the form again with a message');
    assert.match(decodeEntities(empty.text), /Svara på minst en fråga/);
  });

  test('V-12.1, V-12.4: answers are stored with no way back to a person, a code or a case; nothing is audited or logged', async () => {
    // one more answer, of social services' case, with the audit trail counted around it
    const [extra] = await codesOf(await finishedCase(bertil, 'Socialtjänsten Umeå'), bertilWeb);
    const auditBefore = await query('SELECT COUNT(*) FROM audit');
    const { r } = await answer(extra.code, { 'survey.q1': '3' });
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.equal(await query('SELECT COUNT(*) FROM audit'), auditBefore, 'V-12.1: answering writes no audit entry');
    const log = srv.log();
    for (const c of [...codes, extra]) assert.ok(!log.includes(c.code.replace(/-/g, '')) && !log.includes(c.code), 'no log line holds a code');
    assert.doesNotMatch(log, /survey\?code/);

    // what an answer is: its coarse dimensions, nothing else
    const t = await tables();
    assert.deepEqual(t.survey_answers, ['id', 'model', 'respondent', 'quarter', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']);
    assert.deepEqual(t.survey_answer_orgs, ['answer_id', 'org_id']);
    const quarter = `${today().slice(0, 4)}-Q${Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1}`;
    const rows = lines(await query('SELECT id, model, respondent, quarter FROM survey_answers ORDER BY respondent, id'));
    assert.ok(rows.length >= 10);
    for (const r of rows) {
      const [, model, who, q] = r.split('|');
      assert.deepEqual([model, q], ['vasterbotten', quarter], 'only the model and the quarter, no date or time');
      assert.ok(['child', 'guardian'].includes(who));
    }
    // the answers are not kept in the order they came: random ids, and the table's own order is theirs
    const mine = new Set(arrival);
    // the table's physical order: SQLite's b-tree by id; PostgreSQL's heap by where a row was written (ctid)
    const physical = lines(await query(srv.backend === 'postgres' ? 'SELECT id FROM survey_answers ORDER BY ctid' : 'SELECT id FROM survey_answers'));
    assert.deepEqual(physical, [...physical].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)), 'the rows lie in the order of their random ids');
    const stored = physical.filter((id) => mine.has(id));
    assert.notDeepEqual(stored, arrival, 'V-12.1: the stored order is not the order of arrival');
    if (srv.backend === 'postgres')
      assert.equal((await query('SELECT COUNT(DISTINCT xmin::text) FROM survey_answers')).trim(), '1', 'no answer carries a transaction of its own');
    assert.ok(arrival.some((id, i) => i > 0 && BigInt(id) < BigInt(arrival[i - 1])), 'ids are no sequence');
    // no other table holds an answer's id, and no answer holds anything of an invitation, a person or a case
    const all = await everyRow();
    const references = (await Promise.all(Object.keys(t).map(async (name) => srv.backend === 'postgres'
      ? lines(await query(`SELECT ccu.table_name FROM information_schema.table_constraints tc JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = '${name}'`)).map((x) => [name, x])
      : lines(await query(`SELECT "table" FROM pragma_foreign_key_list('${name}')`)).map((x) => [name, x])))).flat();
    assert.deepEqual(references.filter(([, to]) => to === 'survey_answers'), [['survey_answer_orgs', 'survey_answers']], 'only the organisations point at an answer');
    assert.deepEqual(references.filter(([from]) => from.startsWith('survey_answer')).map(([, to]) => to).sort(), ['organisations', 'survey_answers']);
    for (const id of arrival)
      for (const [name, text] of Object.entries(all))
        if (!name.startsWith('survey_answer')) assert.ok(!text.includes(id), `answer ${id} is named in ${name}`);
    const answerText = all.survey_answers + all.survey_answer_orgs;
    const invitations = lines(all.survey_invitations).map((l) => l.split('|'));
    for (const c of codes) assert.ok(!answerText.includes(c.code.replace(/-/g, '')), 'no code in an answer');
    const answered = new Set(codes.map((c) => String(c.caseId)));
    for (const inv of invitations) {
      if (inv[6]) assert.ok(!answerText.includes(inv[6]), 'no code hash in an answer');
      if (answered.has(inv[1])) assert.equal(inv[8], '1', 'the invitation is only marked used');
    }
    for (const i of codes.keys()) {
      const words = `Kommentar nummer ${i} `;
      for (const [name, text] of Object.entries(all)) if (name !== 'survey_answers') assert.ok(!text.includes(words), `the free text is nowhere else (${name})`);
    }
    const caseIds = [...new Set(codes.map((c) => String(c.caseId)))];
    for (const line of lines(all.survey_answers)) {
      const cells = line.split('|').slice(1, 10); // q7 is free text
      for (const id of caseIds) assert.ok(!cells.includes(id), 'no case id in an answer');
    }
    const orgsOf = lines(await query('SELECT DISTINCT org_id FROM survey_answer_orgs'));
    assert.deepEqual(orgsOf.sort(), [String(school), String(orgs['Socialtjänsten Umeå'])].sort(), 'the organisations involved');
  });

  test('V14.2.1: the survey\'s code is never in a URL: the link has it after \'#\', a GET with ?code= opens nothing, the code page posts it', async () => {
    const [mailed] = (await codesOf(await finishedCase())).filter((c) => c.mail);
    const urls = mailed.mail.match(/https?:\/\/\S+/g);
    for (const u of urls) {
      const parsed = new URL(u);
      assert.equal(parsed.pathname, '/survey');
      assert.equal(parsed.search, '', `no query in ${u}`);
    }
    assert.equal(new URL(urls[0]).hash, `#kod=${mailed.code}`);
    assert.match(mailed.mail, /Om sidan inte fyller i koden själv: gå till \S+\/survey och skriv koden/);
    const c = srv.client();
    const old = await c.get(`/survey?code=${mailed.code}`);
    assert.equal(old.status, 200);
    assert.ok(!old.text.includes(mailed.code), 'a code in the query is never read or drawn');
    assert.match(decodeEntities(old.text), /Koden från brevet/, 'the empty code page, not the survey');
    assert.doesNotMatch(old.text, /name="survey\.q1"/);
    assert.match(old.text, /<form method="post" action="\/survey\/code" class="card" data-fill="code" data-fill-submit>/);
    assert.match(old.text, /<script src="\/static\/code\.js" defer><\/script>/);
    const opened = await c.post('/survey/code', { code: mailed.code }, { csrf: false });
    assert.equal(opened.status, 200);
    assert.match(opened.text, /name="survey\.q1"/);
  });

  test('V-12.1: a code answers once; the second try gets a clear message and nothing is stored', async () => {
    const before = await query('SELECT COUNT(*) FROM survey_answers');
    const c = codes[0];
    const again = await srv.client().post('/survey', { code: c.code, 'survey.q1': '1' }, { csrf: false });
    assert.equal(again.status, 409);
    assert.match(decodeEntities(again.text), /Den här koden har redan använts för att svara\. Varje kod går att använda en gång\. Ditt nya svar sparades inte\./);
    const open = await srv.client().post('/survey/code', { code: c.code }, { csrf: false });
    assert.equal(open.status, 409);
    assert.equal(await query('SELECT COUNT(*) FROM survey_answers'), before);
    // a letter for an answered invitation is refused: its code is spent
    const id = lines(await query(`SELECT id FROM survey_invitations WHERE case_id = ${c.caseId} AND used = 1 ORDER BY id LIMIT 1`))[0];
    const letter = await annaWeb.post(`/cases/${c.caseId}/survey/${id}/letter`, {});
    assert.equal(letter.status, 409);
  });

  test('V-12.4: results are aggregates; a count below five is shown nowhere, the CSV included', async () => {
    const page = await adminWeb.get(`/survey/results?org=${school}`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    const text = decodeEntities(page.text);
    const [child, guardian] = text.split('<section class="card survey-group">').slice(1);
    // three children answered: nothing at all is shown for them
    assert.match(child, /Färre än fem svar: inget visas\./);
    assert.doesNotMatch(child, /Antal svar|<svg|<td>\d/);
    // six guardians: the totals and the bars, but no count below five
    assert.match(guardian, /Antal svar: 6/);
    assert.match(guardian, /<rect width="200" height="14" class="bar"\/>/, 'V-12.4: bars drawn by the server');
    const counts = [...guardian.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    assert.ok(counts.length > 0);
    for (const n of counts) assert.ok(n >= 5, `a count of ${n} is shown`);
    // q6: five said "Ganska nöjd", one "Ganska missnöjd": the one is hidden
    const q6 = /<caption>Är ni nöjda eller missnöjda med hjälpen\?<\/caption>[\s\S]*?<\/table>/.exec(guardian)[0];
    assert.match(q6, /Ganska nöjd<\/th><td>5<\/td>/);
    assert.match(q6, /Ganska missnöjd<\/th><td>–/);
    // the free texts: the six guardians' under theirs; the three children's nowhere
    for (const [i, c] of codes.entries()) {
      const words = `Kommentar nummer ${i} `;
      if (c.who === 'guardian') assert.ok(guardian.includes(words), `a guardian's free text among at least five: ${words}`);
      else assert.ok(!text.includes(words), `V-12.4: a child's free text is not shown among three: ${words}`);
    }
    const csv = await adminWeb.get(`/survey/results?org=${school}&model=&quarter=&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    const rows = csv.text.trim().split('\r\n').map((l) => l.split(','));
    assert.deepEqual(rows[0], ['respondent', 'question', 'answer', 'count']);
    for (const [who, , , n] of rows.slice(1)) {
      if (who === 'child') assert.equal(n, '', 'V-12.4: no child count in the CSV');
      else if (n !== '') assert.ok(Number(n) >= 5, `CSV count ${n}`);
    }
    assert.ok(rows.some(([w, q, , n]) => w === 'guardian' && q === 'total' && n === '6'));
    assert.ok(rows.some(([w, q, a, n]) => w === 'guardian' && q === 'q6' && a === '2' && n === ''));
    // filtered to a model without answers: all hidden
    const kb = await adminWeb.get(`/survey/results?org=${school}&model=kronoberg&format=csv`);
    for (const [, , , n] of kb.text.trim().split('\r\n').slice(1).map((l) => l.split(','))) assert.equal(n, '');
  });

  test('V-12.4: each organisation\'s head sees its own results, regional staff the region\'s; others none', async () => {
    await srv.addUser('rektor_survey', `${school}:manager`);
    await srv.addUser('region_survey', `${orgs['BUP Umeå']}:regional`);
    const head = await srv.login('rektor_survey');
    const page = await head.get('/survey/results?org=0');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<option value="${school}" selected>`), 'a head gets their own organisation, not the region');
    assert.doesNotMatch(page.text, /Hela regionen/);
    assert.match(decodeEntities(page.text), /Antal svar: 6/);
    const greta = await srv.login('greta'); // the head of another organisation: its answers only (none)
    const other = decodeEntities((await greta.get('/survey/results')).text);
    assert.doesNotMatch(other, /Antal svar/);
    const region = await srv.login('region_survey');
    const all = await region.get(`/survey/results?org=${school}`);
    assert.match(all.text, /Hela regionen/);
    assert.match(decodeEntities(all.text), /Antal svar: 6/);
    assert.equal((await annaWeb.get('/survey/results')).status, 403, 'a professional sees no results');
  });
});
