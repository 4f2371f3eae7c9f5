// purge: retention (issue 9 item 8). `barnplan purge` removes a closed case past the installation's retention
// time: every row of the case in every table, the child and the guardians, the family members' accounts with
// their sessions and unused codes (issue 12), from the database's tables, its indexes and its free pages; it
// keeps the anonymous statistics, the survey's anonymous answers and the whole audit trail, with one entry of
// its own. After it, a byte search of the database's files (SQLite: the file and its -wal; PostgreSQL: every
// relation's files under the cluster's data directory, after the purge's VACUUM FULL and CHECKPOINT) finds
// none of the child's and the family's personal data. An open case, a case not yet past its time and an
// installation without a retention time are refused with a clear message, and nothing goes; a dry run
// changes nothing; plain SQL still cannot delete a finished plan version.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { useServer, today, addDays, barnplanBin, SOURCE_DIR, personnummer, dbQuery } from '../lib/server.mjs';
import { orgIds, makeCase, recordConsent } from '../lib/fixtures.mjs';
import { familyMember, letterCode } from '../lib/family.mjs';
import { finishedPlanCase } from '../lib/survey.mjs';

const srv = useServer();

/** Ten random letters: a marker nothing else in the database holds. */
function marker(prefix) {
  let s = prefix;
  for (let i = 0; i < 10; i++) s += 'bcdfghjklmnpqrstvwxz'[randomInt(20)];
  return s;
}

/** Runs the binary on the server's database with the given settings; resolves { code, stdout, stderr }. */
function cli(args, settings = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BARNPLAN_')) env[k] = v;
  env.BARNPLAN_DATABASE = srv.dbUrl;
  env.BARNPLAN_LOCALEDIR = process.env.BARNPLAN_LOCALEDIR || path.join(SOURCE_DIR, 'build/dev/locale');
  Object.assign(env, settings);
  return new Promise((resolve) => {
    execFile(barnplanBin(), args, { env, timeout: 120000 }, (err, stdout, stderr) =>
      resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr }),
    );
  });
}
const purge = (args, days = '0') => cli(['purge', ...args], days === null ? {} : { BARNPLAN_RETENTION_DAYS: days });

/** Plain SQL with the database's own client, as someone with the files or a login would: { ok, out }. */
function plainSql(sql) {
  const [cmd, args] = srv.backend === 'postgres'
    ? ['psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', srv.dbUrl, '-c', sql]]
    : ['sqlite3', [srv.dbUrl.replace(/^sqlite:/, ''), sql]];
  return new Promise((resolve) => {
    execFile(cmd, args, (err, stdout, stderr) => resolve({ ok: !err, out: stdout + stderr }));
  });
}
const query = (sql) => dbQuery(srv, sql);
const lines = (s) => s.split('\n').filter(Boolean);
const count = async (sql) => Number((await query(sql)).trim());

/**
 * The database's files as they are on disk: SQLite's file and its -wal; PostgreSQL's files of every relation
 * of the database (tables, indexes, TOAST; found with pg_relation_filepath under data_directory), read as the
 * cluster's owner or root. Resolves [{ file, name, bytes }], name the relation's (PostgreSQL) or the file's.
 */
async function databaseFiles() {
  if (srv.backend !== 'postgres') {
    const db = srv.dbUrl.replace(/^sqlite:/, '');
    return [db, `${db}-wal`].filter(existsSync).map((file) => ({ file, name: path.basename(file), bytes: readFileSync(file) }));
  }
  const dataDir = (await query('SHOW data_directory')).trim();
  const rels = lines(await query('SELECT pg_relation_filepath(oid), relname FROM pg_class WHERE pg_relation_filepath(oid) IS NOT NULL'));
  const out = [];
  for (const [rel, name] of rels.map((l) => l.split('|'))) {
    for (let seg = 0; ; seg++) {
      const file = path.join(dataDir, seg ? `${rel}.${seg}` : rel);
      if (!existsSync(file)) break;
      out.push({ file, name, bytes: readFileSync(file) });
    }
  }
  assert.ok(out.length > 50, `the relations' files under ${dataDir}: ${out.length}`);
  return out;
}

/** The files (by name) in which each text's UTF-8 bytes occur. */
async function whereFound(texts) {
  const files = await databaseFiles();
  const found = {};
  for (const t of texts) {
    const needle = Buffer.from(t, 'utf8');
    found[t] = files.filter((f) => f.bytes.includes(needle)).map((f) => f.name);
  }
  return found;
}

/** POSTs a scanned consent form (multipart, through the API). */
function uploadScan(client, caseId, consentId, bytes) {
  const fd = new FormData();
  fd.append('scan.file', new Blob([bytes], { type: 'application/pdf' }), 'samtycke.pdf');
  return client.request('POST', `/api/v1/cases/${caseId}/consents/${consentId}/scan`, {
    body: fd, headers: { 'x-csrf-token': client.apiCsrf, accept: 'application/json' },
  });
}

describe('retention: barnplan purge (issue 9 item 8)', () => {
  let anna, annaWeb, orgs, school;

  before(async () => {
    await srv.ready;
    [anna, annaWeb] = await Promise.all([srv.apiLogin('anna'), srv.login('anna')]);
    orgs = await orgIds(anna);
    school = orgs['Ålidhemsskolan'];
  });

  const ok = (r, status) => assert.equal(r.status, status, r.text);

  /** Closes the case: the goals are reached, everyone agreed (V-11.1). */
  async function close(kase, note = 'Målen är nådda.') {
    ok(await anna.postJson(`/api/v1/cases/${kase.id}/closure`, {
      reason: 'goals_reached', agreed_child: true, agreed_guardians: kase.guardians, agreed_orgs: [school], note,
    }), 200);
  }

  /**
   * A case whose every part carries the marker M: the child's name and personnummer, the guardians' names,
   * addresses and e-mail, the consent's scope and its scanned form, the child's preparation, the meeting's
   * purpose and the child's last word, the plan's goal, intervention and summary, the closure's note. Its plan
   * meeting is held 5 days after the need was noticed; its plan is finished (the survey goes out) and one
   * guardian answers the survey with the text `kept`. The family's own way in (issue 10): social services is
   * asked to take part and the first guardian, logged in with a letter's code (a family member's account and
   * its session), confirms that consent with `${M}bekräftat` in its terms (joint custody: the confirmation
   * waits for the other guardian's); a letter printed for the child leaves an unused code. Then it is closed.
   */
  async function markedCase(M, kept) {
    const pn = personnummer(`2015-0${1 + randomInt(9)}-1${randomInt(10)}`, randomInt(1000));
    const kase = await makeCase(anna, {
      orgs: [school],
      noticed: addDays(today(), -5),
      registration: {
        child: { given_name: `${M}barn`, family_name: `${M}sson`, id_number: pn },
        guardians: [
          { name: `${M} Mor`, custody: 'joint', phone: '070-111 22 33', email: `${M.toLowerCase()}@example.se`, address: `${M}vägen 2` },
          { name: `${M} Far`, custody: 'joint', phone: '070-444 55 66' },
        ],
      },
      consent: { scope: `Samtycket gäller ${M} skolan` },
    });
    const cases = `/api/v1/cases/${kase.id}`;
    const scan = Buffer.from(`%PDF-1.4\n% ${M} skannad blankett med underskrifter\n%%EOF\n`);
    ok(await uploadScan(anna, kase.id, kase.consents[school], scan), 201);
    ok(await anna.postJson(`${cases}/preparation/child`, {
      informed_on: today(), how_informed: 'Vi pratade med bilder.', adapted: true, participation: 'whole',
      answers: { q1: `${M} vill att ingen bråkar`, }, done: true,
    }), 200);
    const m = await anna.postJson(`${cases}/meetings`, {
      kind: 'plan', date: today(), start: '00:00', end: '00:30', setting: 'physical', setting_agreed: true,
      place: 'Skolans konferensrum', purpose: `Syftet är ${M} planen`, agenda: 'Skoldagen.',
    });
    ok(m, 201);
    const mid = m.json().id;
    ok(await anna.postJson(`${cases}/meetings/${mid}/invitees`, { kind: 'child' }), 201);
    for (const g of kase.guardians) ok(await anna.postJson(`${cases}/meetings/${mid}/invitees`, { kind: 'guardian', guardian_id: g }), 201);
    const held = await annaWeb.post(`/cases/${kase.id}/meetings/${mid}/held`, {
      'attendance.0': 'present', 'attendance.1': 'present', 'attendance.2': 'absent',
      'closing.child_asked': '1', 'closing.child_addition': `${M} sa sista ordet`,
    });
    assert.equal(held.status, 303, held.text.slice(0, 600));
    const g = await anna.postJson(`${cases}/plan/goals`, { area: 'learning', need: `${M} läsa`, goal: 'Läser en bok på egen hand' });
    ok(g, 201);
    ok(await anna.postJson(`${cases}/plan/interventions`, {
      what: `Stöd i läsning för ${M}`, org_id: school, starts_on: today(), level: 'Två lektioner i veckan', goal_id: g.json().id,
    }), 201);
    ok(await anna.postJson(`${cases}/plan/commitments`, { who: 'child', what: 'Säger till när något är svårt' }), 201);
    ok(await anna.postJson(`${cases}/plan`, {
      coordinator_orgs: [school], coordinator_name: 'Anna Lindqvist', contact_if_fails: 'Ring rektor',
      followup_on: addDays(today(), 60), followup_time: '13:30', followup_place: 'Skolan',
      followup_participants: 'Barnet och vårdnadshavarna', summary: `Vi hjälps åt, ${M}.`,
    }), 200);
    ok(await anna.postJson(`${cases}/plan/contacts`, { org_id: school, name: 'Anna Lindqvist', phone: '090-10 00 00' }), 200);
    ok(await anna.postJson(`${cases}/plan/finish`, {}), 200);
    // V-8a.2: another adult's paper signature, with the marker in their name: signatures go too
    ok(await anna.postJson(`${cases}/plan/signatures`, { version: 1, signed_on: today(), kind: 'other', name: `Stöd ${M}`, role: 'stödperson' }), 201);
    // V-12.1: the guardian with an address answers the survey through the e-mailed link
    const mail = await query(`SELECT body FROM outbox WHERE kind = 'survey' AND case_id = ${kase.id}`);
    const code = /\/survey#kod=([0-9A-Z]{16})\b/.exec(mail)[1];
    const family = srv.client();
    ok(await family.post('/survey/code', { code }, { csrf: false }), 200);
    const answered = await family.post('/survey', { code, 'survey.q1': '4', 'survey.q7': kept }, { csrf: false });
    assert.ok([200, 303].includes(answered.status), answered.text.slice(0, 400));
    const social = orgs['Socialtjänsten Umeå'];
    ok(await anna.postJson(`${cases}/asks`, { org_id: social }), 201);
    const guardian = await familyMember(srv.base, annaWeb, kase.id, kase.guardians[0]);
    const asked = `/family/cases/${kase.id}/asks/${social}/consent`;
    ok(await guardian.get(asked), 200);
    const confirmed = await guardian.post(asked, { 'consent.scope': `Samtycket gäller ${M}bekräftat` });
    assert.equal(confirmed.status, 303, confirmed.text.slice(0, 400));
    await letterCode(annaWeb, kase.id, 0);
    await close(kase, `Avslutat, ${M}`);
    return { ...kase, pn, scanB64: scan.toString('base64') };
  }

  test('issue 9 item 8, issue 12: a purge removes the closed case\'s personal data (the family\'s accounts, sessions, codes and consent confirmations included) from the files; the statistics, the survey\'s answers and the audit trail stay', async () => {
    const M = marker('Zq');
    const kept = marker('Kvar');
    const kase = await markedCase(M, kept);
    // the family's rows, each by bytes of its own: the accounts' usernames, the sessions' token hashes and CSRF
    // tokens, the unused code's hash, the confirmation's terms
    const child = (await query(`SELECT child_id FROM cases WHERE id = ${kase.id}`)).trim();
    const ofFamily = `user_id IN (SELECT id FROM users WHERE family_child_id = ${child})`;
    const family = {
      users: lines(await query(`SELECT username FROM users WHERE family_child_id = ${child}`)),
      sessions: lines(await query(`SELECT token_hash, csrf_token FROM sessions WHERE ${ofFamily}`)).flatMap((l) => l.split('|')),
      family_codes: lines(await query(`SELECT code_hash FROM family_codes WHERE ${ofFamily}`)),
      consent_confirmations: lines(await query(`SELECT scope FROM consent_confirmations WHERE case_id = ${kase.id}`)),
    };
    assert.deepEqual(Object.values(family).map((v) => v.length), [2, 2, 1, 1], JSON.stringify(family));
    assert.match(family.consent_confirmations[0], new RegExp(`${M}bekräftat`));
    const texts = [M, kase.pn, kase.scanB64.slice(8, 48), `${M}bekräftat`, ...family.users, ...family.sessions, ...family.family_codes];
    if (srv.backend === 'postgres') await plainSql('CHECKPOINT');
    const before = await whereFound(texts);
    for (const t of texts) assert.ok(before[t].length > 0, `the test sees ${t} in the files before the purge (else it proves nothing)`);

    const auditBefore = lines(await query(`SELECT id FROM audit WHERE case_id = ${kase.id} ORDER BY id`));
    assert.ok(auditBefore.length > 10, 'the case has its history on the audit trail');
    const statsBefore = await count('SELECT COUNT(*) FROM case_statistics');
    const answersBefore = await count('SELECT COUNT(*) FROM survey_answers');

    const r = await purge(['--case', String(kase.id)]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`case ${kase.id} \\(closed [^)]+\\): .*children 1`), r.stdout);
    assert.match(r.stdout, /1 case\(s\) purged/);
    assert.doesNotMatch(r.stderr, /warning/, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(M), 'the command prints no personal data');

    const after = await whereFound(texts);
    assert.deepEqual(after, Object.fromEntries(texts.map((t) => [t, []])), 'none of them is in any file of the database after the purge');
    assert.equal((await anna.getJson(`/api/v1/cases/${kase.id}`)).status, 404, 'the case is gone');
    assert.equal(await count(`SELECT COUNT(*) FROM users WHERE family_child_id = ${child}`), 0, 'the family members\' accounts are gone');
    for (const table of ['cases WHERE id', 'plans WHERE case_id', 'consent_confirmations WHERE case_id', 'consents WHERE case_id', 'meetings WHERE case_id', 'survey_invitations WHERE case_id', 'outbox WHERE case_id', 'events WHERE case_id', 'case_closures WHERE case_id', 'purging WHERE case_id'])
      assert.equal(await count(`SELECT COUNT(*) FROM ${table} = ${kase.id}`), 0, table);

    // the audit trail is whole: every earlier entry, and the purge's own without personal data
    const auditAfter = lines(await query(`SELECT id FROM audit WHERE case_id = ${kase.id} ORDER BY id`));
    assert.deepEqual(auditAfter.slice(0, auditBefore.length), auditBefore, 'every earlier entry is still there');
    const entry = lines(await query(`SELECT action, object, channel, detail FROM audit WHERE case_id = ${kase.id} AND action = 'purge'`));
    assert.equal(entry.length, 1, entry.join('\n'));
    assert.match(entry[0], /^purge\|case\|cli\|child_removed$/, 'ids only: no name, no text');
    assert.match(r.stderr, /barnplan purge: 1 of 1/, 'a plain count where stderr is no terminal');

    // V-12.4: what the region learns of the case stays, anonymous; V-12.1: the survey's answers stay
    assert.equal(await count('SELECT COUNT(*) FROM case_statistics'), statsBefore + 1);
    const stat = lines(await query('SELECT s.model, s.route, s.closure_reason, s.days_to_first_meeting, s.deadline, s.plan_versions, s.followups, s.noticed_quarter IS NOT NULL, o.org_id FROM case_statistics s JOIN case_statistic_orgs o ON o.statistic_id = s.id'));
    assert.ok(stat.includes(`vasterbotten|outside_hlt|goals_reached|5|met|1|0|${srv.backend === 'postgres' ? 't' : '1'}|${school}`), stat.join('\n'));
    assert.equal(await count('SELECT COUNT(*) FROM survey_answers'), answersBefore, 'the anonymous answers stay');
    assert.equal(await count(`SELECT COUNT(*) FROM survey_answers WHERE q7 = '${kept}'`), 1);
  });

  test('issue 9 item 8: a purge of an open case, of a case not yet past its time or without a retention time is refused clearly, and nothing goes', async () => {
    const open = await makeCase(anna, { orgs: [school] });
    let r = await purge(['--case', String(open.id)]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`case ${open.id} is open: only a closed case is purged; nothing was removed`));
    assert.equal((await anna.getJson(`/api/v1/cases/${open.id}`)).status, 200, 'the open case is all there');

    const closed = await makeCase(anna, { orgs: [school] });
    await close(closed);
    r = await purge(['--case', String(closed.id)], '30');
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`case ${closed.id} is kept until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(retention_days\\); nothing was removed`));
    r = await purge([], null);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /no retention time is set: set retention_days/);
    r = await purge(['--case', '999999999']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no case 999999999/);
    assert.equal(await count(`SELECT COUNT(*) FROM audit WHERE action = 'purge' AND case_id IN (${open.id}, ${closed.id})`), 0);
    assert.equal((await anna.getJson(`/api/v1/cases/${closed.id}`)).status, 200, 'the closed case is all there');
  });

  test('issue 9 item 8: --dry-run lists what would go and changes nothing', async () => {
    const M = marker('Zd');
    const closed = await makeCase(anna, { orgs: [school], registration: { child: { given_name: `${M}barn` } } });
    await close(closed);
    const audit = await count(`SELECT COUNT(*) FROM audit WHERE case_id = ${closed.id}`);
    const r = await purge(['--dry-run', '--case', String(closed.id)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`case ${closed.id} \\(closed [^)]+\\): .*consents 1 .*case_closures 1 .*cases 1 guardians 2 children 1`), r.stdout);
    assert.match(r.stdout, /1 case\(s\) would be purged \(dry run: nothing was changed\)/);
    assert.equal((await anna.getJson(`/api/v1/cases/${closed.id}`)).status, 200);
    assert.equal(await count(`SELECT COUNT(*) FROM children WHERE given_name = '${M}barn'`), 1);
    assert.equal(await count(`SELECT COUNT(*) FROM audit WHERE case_id = ${closed.id}`), audit + 1, 'only the API read above');
  });

  test('issue 9 item 8: the child and the guardians stay while a newer case of the child does; the last case takes them', async () => {
    const M = marker('Zs');
    const first = await makeCase(anna, { orgs: [school], registration: { child: { given_name: `${M}barn` } } });
    await close(first);
    const s = await anna.postJson(`/api/v1/cases/${first.id}/successor`, { noticed_on: today(), reason: 'Familjen hör av sig igen.' });
    ok(s, 201);
    const second = s.json().id;
    let r = await purge(['--case', String(first.id)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`case ${first.id} \\(closed [^)]+\\), the child's other case keeps the child:`), r.stdout);
    assert.doesNotMatch(r.stdout, /children 1|guardians/);
    const open = await anna.getJson(`/api/v1/cases/${second}`);
    ok(open, 200);
    assert.equal(open.json().guardians.length, 2, 'the newer case keeps the guardians');
    assert.equal(await count(`SELECT COUNT(*) FROM cases WHERE id = ${second} AND previous_case_id IS NULL`), 1, 'its link back is gone');
    assert.match((await query(`SELECT detail FROM audit WHERE action = 'purge' AND case_id = ${first.id}`)).trim(), /^child_kept$/);
    await recordConsent(anna, second, school); // a joint decision needs the school's own consent
    await close({ id: second, guardians: first.guardians });
    r = await purge(['--case', String(second)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /guardians 2 children 1/);
    assert.equal(await count(`SELECT COUNT(*) FROM children WHERE given_name = '${M}barn'`), 0);
  });

  test('issue 9 item 8, V-10.6: plain SQL still cannot delete a finished plan version or a closure, nor open the purge\'s way for itself', async () => {
    const id = await finishedPlanCase(anna, 'Ålidhemsskolan');
    const kase = { id, guardians: (await anna.getJson(`/api/v1/cases/${id}`)).json().guardians.map((g) => g.id) };
    await close(kase);
    const planId = (await query(`SELECT id FROM plans WHERE case_id = ${kase.id}`)).trim();
    for (const sql of [
      `DELETE FROM plan_goals WHERE plan_id = ${planId}`,
      `DELETE FROM plans WHERE id = ${planId}`,
      `DELETE FROM case_closures WHERE case_id = ${kase.id}`,
      `INSERT INTO purging (case_id) VALUES (${kase.id})`, // no purge on the audit trail
    ]) {
      const r = await plainSql(sql);
      assert.ok(!r.ok, `refused: ${sql}`);
      assert.match(r.out, /plan_version_finished|never (changed or )?deleted|purge_not_sanctioned/, r.out);
    }
    assert.equal(await count(`SELECT COUNT(*) FROM plan_goals WHERE plan_id = ${planId}`), 1);
    assert.equal(await count(`SELECT COUNT(*) FROM case_closures WHERE case_id = ${kase.id}`), 1);
  });
});
