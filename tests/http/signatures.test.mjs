// signatures: V-8a.2 "all participants shall be offered the chance to sign the plan", bound to a version.
// Each answer names the finished version in force and its hash; a draft or a replaced version is refused
// and nothing is stored; a newer version is answered again and the older answers show as such. Every
// participant answers, the other adults at the meeting too (by name and role); a professional in the app
// after confirming who they are again (the password, throttled and audited like a login, never stored);
// the others recorded from paper, with an optional scanned page (served with full access only, audited);
// anyone may decline. The coordinator sees who has signed, declined or not answered (page and API).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, DEMO_PASSWORD, auditForCase, today, inDays, fieldError, decodeEntities } from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';
import { uploadScan } from '../lib/scan.mjs';

const srv = useServer();

function fields(r) {
  return Object.fromEntries(r.json().fields.map((f) => [f.field, f.code]));
}

/** A minimal PDF: what the scan rules recognise by its first bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** POST a multipart form with the file in field scan.file (the page's csrf field, or the API header). */
const upload = (client, p, bytes, options = {}) => uploadScan(client, p, bytes, { filename: 'underskrift.pdf', ...options });

describe('V-8a.2: signatures bound to a version', () => {
  let anna, annaWeb, bertil, admin, orgs;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('admin')]);
    orgs = await orgIds(anna);
  });

  /** Writes version 1 of the case's plan (a goal, the school's intervention, both contacts) and finishes it. */
  async function writeAndFinish(caseId, school, social) {
    const ok = async (r, status) => assert.equal((await r).status, status, (await r).text);
    const g = await anna.postJson(`/api/v1/cases/${caseId}/plan/goals`, { area: 'learning', need: 'Läsa', goal: 'Läser själv' });
    assert.equal(g.status, 201, g.text);
    await ok(anna.postJson(`/api/v1/cases/${caseId}/plan/interventions`, { what: 'Lästräning', org_id: school, starts_on: today(), level: 'Varje dag', goal_id: g.json().id }), 201);
    await ok(anna.postJson(`/api/v1/cases/${caseId}/plan`, {
      coordinator_orgs: [school], coordinator_name: 'Anna Lindqvist', contact_if_fails: 'Ring rektorn',
      followup_on: inDays(60), followup_time: '13:30', followup_place: 'Skolan', followup_participants: 'Alla',
      summary: 'Vi hjälps åt.', child_view: 'Jag vill läsa.',
    }), 200);
    await ok(anna.postJson(`/api/v1/cases/${caseId}/plan/contacts`, { org_id: school, name: 'Anna Lindqvist' }), 200);
    await ok(bertil.postJson(`/api/v1/cases/${caseId}/plan/contacts`, { org_id: social, name: 'Bertil Öberg' }), 200);
    await ok(anna.postJson(`/api/v1/cases/${caseId}/plan/finish`, {}), 200);
  }

  /** A case of the school and social services with a finished version 1: { caseId, guardians, plan }. */
  async function finishedPlan() {
    const school = orgs['Ålidhemsskolan'], social = orgs['Socialtjänsten Umeå'];
    const kase = await makeCase(anna, { orgs: [school, social] });
    const caseId = kase.id;
    await writeAndFinish(caseId, school, social);
    const plan = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(plan.status, 'finished');
    return { caseId, guardians: kase.guardians, plan };
  }

  const sign = (client, caseId, body) => client.postJson(`/api/v1/cases/${caseId}/plan/signatures`, { version: 1, signed_on: today(), ...body });

  test('V-8a.2: an answer names the version in force and its hash; a draft or a replaced version is refused and nothing is stored; older answers show as such', async () => {
    const { caseId, guardians, plan } = await finishedPlan();
    assert.equal(plan.signing_version, 1);
    assert.equal((await sign(anna, caseId, { kind: 'professional', password: DEMO_PASSWORD })).status, 201);
    let p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(p.signatures.length, 1);
    assert.equal(p.signatures[0].version, 1);
    assert.equal(p.signatures[0].content_sha256, plan.content_sha256, 'V-8a.2: the hash of the version signed');
    assert.equal(p.signatures[0].method, 'app');
    // a new draft: version 1 is still the one in force; the draft cannot be signed
    assert.equal((await anna.postJson(`/api/v1/cases/${caseId}/plan/versions`, {})).status, 201);
    const draft = await sign(anna, caseId, { version: 2, kind: 'guardian', guardian_id: guardians[0] });
    assert.equal(draft.status, 422, draft.text);
    assert.equal(fields(draft)['signature.version'], 'draft');
    const draftPage = await annaWeb.post(`/cases/${caseId}/plan/signatures`, { 'signature.version': '2', 'signature.kind': 'child', 'signature.answer': 'signed', 'signature.signed_on': today() });
    assert.equal(draftPage.status, 422);
    assert.equal(fieldError(draftPage.text, 'signature.version'), 'Ett utkast kan inte skrivas under. Skriv under den färdigställda versionen som gäller.');
    // version 2 finished: version 1 is replaced, and its answers are not answers to version 2
    assert.equal((await anna.postJson(`/api/v1/cases/${caseId}/plan/finish`, {})).status, 200);
    const old = await sign(anna, caseId, { version: 1, kind: 'guardian', guardian_id: guardians[0] });
    assert.equal(old.status, 422, old.text);
    assert.equal(fields(old)['signature.version'], 'replaced');
    const oldSelf = await sign(bertil, caseId, { version: 1, kind: 'professional', password: DEMO_PASSWORD });
    assert.equal(fields(oldSelf)['signature.version'], 'replaced');
    p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(p.signing_version, 2);
    assert.deepEqual(p.signatures, [], 'nothing stored, and a new version asks everyone again');
    assert.equal(p.earlier_signatures.length, 1);
    assert.equal(p.earlier_signatures[0].version, 1);
    assert.notEqual(p.content_sha256, p.earlier_signatures[0].content_sha256);
    assert.ok(p.signers.every((s) => s.status === 'not_answered'), JSON.stringify(p.signers));
    const page = decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text);
    assert.match(page, /Signerade version 1 \(en äldre version\)/);
    assert.match(page, /Vem som ska erbjudas att skriva under version 2/);
    // the version in force is answered
    assert.equal((await sign(anna, caseId, { version: 2, kind: 'professional', password: DEMO_PASSWORD })).status, 201);
    p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(p.signatures[0].content_sha256, p.content_sha256);
  });

  test('V-8a.2: every participant can sign: another adult at the meeting by name and role, recorded from paper', async () => {
    const { caseId } = await finishedPlan();
    const missing = await sign(anna, caseId, { kind: 'other' });
    assert.equal(missing.status, 422);
    assert.equal(fields(missing)['signature.name'], 'required');
    assert.equal(fields(missing)['signature.role'], 'required');
    const inApp = await sign(anna, caseId, { kind: 'other', name: 'Stina Stöd', role: 'stödperson', method: 'app' });
    assert.equal(fields(inApp)['signature.method'], 'choice', 'the others are recorded from paper');
    const r = await sign(anna, caseId, { kind: 'other', name: 'Stina Stöd', role: 'stödperson' });
    assert.equal(r.status, 201, r.text);
    const page = await annaWeb.post(`/cases/${caseId}/plan/signatures`, { 'signature.version': '1', 'signature.kind': 'other', 'signature.name': 'Morfar Olle', 'signature.role': 'morfar', 'signature.answer': 'signed', 'signature.signed_on': today() });
    assert.equal(page.status, 303, page.text.slice(0, 300));
    const twice = await sign(anna, caseId, { kind: 'other', name: 'Stina Stöd', role: 'stödperson' });
    assert.equal(fields(twice)['signature.kind'], 'already_signed');
    const p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    const others = p.signatures.filter((s) => s.kind === 'other');
    assert.deepEqual(others.map((s) => [s.name, s.role, s.method]), [['Stina Stöd', 'stödperson', 'wet'], ['Morfar Olle', 'morfar', 'wet']]);
    assert.ok(others.every((s) => s.recorded_at > 0 && s.recorded_by > 0), 'who recorded it and when');
    assert.deepEqual(p.signers.filter((s) => s.kind === 'other').map((s) => s.status), ['signed', 'signed']);
  });

  test('V-8a.2: every other adult invited to the meeting where the plan was made is expected from the start, "not answered" until they answer (page and API)', async () => {
    const school = orgs['Ålidhemsskolan'], social = orgs['Socialtjänsten Umeå'];
    const kase = await makeCase(anna, { orgs: [school, social] });
    const caseId = kase.id;
    const m = await anna.postJson(`/api/v1/cases/${caseId}/meetings`, {
      kind: 'plan', date: inDays(14), start: '10:00', end: '11:30', setting: 'physical', setting_agreed: true,
      place: 'Skolans konferensrum', purpose: 'Att göra en plan.', agenda: 'Skoldagen.',
    });
    assert.equal(m.status, 201, m.text);
    const invite = (body) => anna.postJson(`/api/v1/cases/${caseId}/meetings/${m.json().id}/invitees`, body);
    assert.equal((await invite({ kind: 'other_adult', name: 'Stina Stöd' })).status, 201);
    assert.equal((await invite({ kind: 'other_adult', name: 'Morfar Olle', email: 'olle@example.se' })).status, 201);
    assert.equal((await invite({ kind: 'guardian', guardian_id: kase.guardians[0] })).status, 201);
    // another case's meeting and its invited adults have nothing to do with this plan
    const otherCase = await makeCase(anna, { orgs: [school] });
    const om = await anna.postJson(`/api/v1/cases/${otherCase.id}/meetings`, {
      kind: 'plan', date: inDays(14), start: '10:00', end: '11:30', setting: 'physical', setting_agreed: true, place: 'Skolan', purpose: 'Plan.', agenda: 'Plan.',
    });
    assert.equal((await anna.postJson(`/api/v1/cases/${otherCase.id}/meetings/${om.json().id}/invitees`, { kind: 'other_adult', name: 'Främling Fredrik' })).status, 201);
    await writeAndFinish(caseId, school, social);
    const others = async () => (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json().signers.filter((s) => s.kind === 'other').map((s) => [s.name, s.status]);
    assert.deepEqual(await others(), [['Stina Stöd', 'not_answered'], ['Morfar Olle', 'not_answered']],
      'V-8a.2: the support person and the other invited adult are expected before anyone answers; nobody from another case');
    let page = decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text);
    let table = page.slice(page.indexOf('id="signers"'), page.indexOf('</table>', page.indexOf('id="signers"')));
    assert.match(table, /Stina Stöd <span class="muted">\(Annan deltagare\)<\/span><\/th>\s*<td><span class="late">Har inte svarat<\/span>/, table);
    assert.match(table, /Morfar Olle <span class="muted">\(Annan deltagare\)<\/span><\/th>\s*<td><span class="late">Har inte svarat<\/span>/);
    assert.ok(!table.includes('Främling Fredrik'));
    // the support person's paper answer fills their row; no second row for them
    assert.equal((await sign(anna, caseId, { kind: 'other', name: 'Stina Stöd', role: 'stödperson' })).status, 201);
    assert.deepEqual(await others(), [['Stina Stöd', 'signed'], ['Morfar Olle', 'not_answered']]);
    page = decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text);
    table = page.slice(page.indexOf('id="signers"'), page.indexOf('</table>', page.indexOf('id="signers"')));
    assert.equal(table.split('<th scope="row">Stina Stöd').length - 1, 1, 'one row for the support person');
    assert.match(table, /Morfar Olle <span class="muted">\(Annan deltagare\)<\/span><\/th>\s*<td><span class="late">Har inte svarat<\/span>/);
  });

  test('V-8a.2: a professional signs only after confirming who they are: the password is required, a wrong one is a field error, throttled like login, audited, never stored', async () => {
    const { caseId } = await finishedPlan();
    const signe = await srv.addUser('signe', orgs['Ålidhemsskolan'], 'Signe Lärare');
    const signeWeb = await srv.login('signe');
    const none = await sign(signe, caseId, { kind: 'professional' });
    assert.equal(none.status, 422);
    assert.equal(fields(none)['signature.password'], 'required');
    const secret = 'fel-losenord-123';
    const wrong = await sign(signe, caseId, { kind: 'professional', password: secret });
    assert.equal(wrong.status, 422, wrong.text);
    assert.equal(fields(wrong)['signature.password'], 'wrong_password');
    const page = await signeWeb.post(`/cases/${caseId}/plan/signatures`, { 'signature.version': '1', 'signature.kind': 'professional', 'signature.answer': 'signed', 'signature.signed_on': today(), 'signature.password': secret });
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'signature.password'), 'Fel lösenord. Skriv ditt lösenord för att bekräfta att det är du.');
    assert.ok(!page.text.includes(secret), 'the password is never sent back');
    const failed = (await admin.getJson('/api/v1/audit?user=signe&action=login_failed')).json();
    assert.equal(failed.filter((e) => e.detail === 'confirm_identity').length, 2, JSON.stringify(failed));
    assert.ok(!JSON.stringify(await auditForCase(admin, caseId)).includes(secret) && !JSON.stringify(failed).includes(secret));
    // throttled like a login: after five failures from this browser (one of the two above was the web
    // page's, another browser known to the account: V6.1.1) even the right password waits
    for (let i = 0; i < 4; i++) assert.equal(fields(await sign(signe, caseId, { kind: 'professional', password: secret }))['signature.password'], 'wrong_password');
    const throttled = await sign(signe, caseId, { kind: 'professional', password: DEMO_PASSWORD });
    assert.equal(throttled.status, 422);
    assert.equal(fields(throttled)['signature.password'], 'throttled');
    assert.ok((await admin.getJson('/api/v1/audit?user=signe&action=login_failed')).json().some((e) => e.detail === 'confirm_identity throttled'));
    const p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.deepEqual(p.signatures, [], 'nothing stored');
    // the right password, by someone not throttled
    const ok = await sign(bertil, caseId, { kind: 'professional', password: DEMO_PASSWORD });
    assert.equal(ok.status, 201, ok.text);
  });

  test('V-8a.2: a paper answer gets an optional scanned page, served with full access only and audited; an answer in the app has no paper', async () => {
    const { caseId, guardians } = await finishedPlan();
    assert.equal((await sign(anna, caseId, { kind: 'guardian', guardian_id: guardians[0] })).status, 201);
    assert.equal((await sign(anna, caseId, { kind: 'professional', password: DEMO_PASSWORD })).status, 201);
    let p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    const paper = p.signatures.find((s) => s.kind === 'guardian');
    const app = p.signatures.find((s) => s.kind === 'professional');
    assert.equal(paper.has_scan, false);
    const plan = decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text);
    assert.match(plan, new RegExp(`href="/cases/${caseId}/plan/signatures/${paper.id}/scan/new"`));
    const form = await annaWeb.get(`/cases/${caseId}/plan/signatures/${paper.id}/scan/new`);
    assert.equal(form.status, 200);
    assert.match(form.text, /enctype="multipart\/form-data"/);
    const bad = await upload(annaWeb, `/cases/${caseId}/plan/signatures/${paper.id}/scan`, Buffer.from('inte en pdf'));
    assert.equal(bad.status, 422);
    assert.ok(fieldError(bad.text, 'scan.file'));
    const r = await upload(annaWeb, `/cases/${caseId}/plan/signatures/${paper.id}/scan`, PDF);
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const notPaper = await upload(anna, `/api/v1/cases/${caseId}/plan/signatures/${app.id}/scan`, PDF, { api: true });
    assert.equal(notPaper.status, 422, notPaper.text);
    assert.equal(fields(notPaper)['scan.file'], 'not_paper');
    p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(p.signatures.find((s) => s.id === paper.id).has_scan, true);
    const got = await fetch(annaWeb.base + `/cases/${caseId}/plan/signatures/${paper.id}/scan`, { headers: { cookie: annaWeb.cookieHeader() } });
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(PDF), 'byte for byte');
    const api = await fetch(anna.base + `/api/v1/cases/${caseId}/plan/signatures/${paper.id}/scan`, { headers: { cookie: anna.cookieHeader() } });
    assert.equal(api.status, 200);
    const audit = await auditForCase(admin, caseId);
    assert.ok(audit.some((e) => e.object === 'plan_signature_scan' && e.action === 'create'), 'the upload is on record');
    assert.ok(audit.some((e) => e.object === 'plan_signature_scan' && e.action === 'read' && e.detail === `signature ${paper.id}`), 'the download is on record');
    // without its own consent in force, an organisation gets nothing
    const david = await srv.login('david');
    const refused = await fetch(david.base + `/cases/${caseId}/plan/signatures/${paper.id}/scan`, { headers: { cookie: david.cookieHeader() } });
    assert.ok([403, 404].includes(refused.status), String(refused.status));
    assert.notEqual(refused.headers.get('content-type'), 'application/pdf');
  });

  test('V-8a.2: declining: a professional for themselves, a family member recorded; the coordinator sees signed, declined and not answered (page and API)', async () => {
    const { caseId, guardians } = await finishedPlan();
    const declines = await sign(bertil, caseId, { kind: 'professional', answer: 'declined', reason: 'Vill stämma av med chefen', password: DEMO_PASSWORD });
    assert.equal(declines.status, 201, declines.text);
    const family = await annaWeb.post(`/cases/${caseId}/plan/signatures`, { 'signature.version': '1', 'signature.kind': 'guardian', 'signature.guardian_id': String(guardians[0]), 'signature.answer': 'declined', 'signature.reason': 'Håller inte med om målen', 'signature.signed_on': today() });
    assert.equal(family.status, 303, family.text.slice(0, 300));
    assert.equal((await sign(anna, caseId, { kind: 'child' })).status, 201);
    const p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    const by = (pred) => p.signers.find(pred);
    assert.equal(by((s) => s.kind === 'professional' && s.org_id === orgs['Ålidhemsskolan']).status, 'not_answered');
    assert.equal(by((s) => s.kind === 'professional' && s.org_id === orgs['Socialtjänsten Umeå']).status, 'declined');
    assert.equal(by((s) => s.kind === 'guardian' && s.guardian_id === guardians[0]).status, 'declined');
    if (guardians.length > 1) assert.equal(by((s) => s.kind === 'guardian' && s.guardian_id === guardians[1]).status, 'not_answered');
    assert.equal(by((s) => s.kind === 'child').status, 'signed');
    assert.equal(p.signatures.find((s) => s.kind === 'guardian').reason, 'Håller inte med om målen');
    const page = decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text);
    const table = page.slice(page.indexOf('id="signers"'), page.indexOf('</table>', page.indexOf('id="signers"')));
    assert.match(table, /Anna Lindqvist <span class="muted">\(Yrkesverksam, Ålidhemsskolan\)<\/span><\/th>\s*<td><span class="late">Har inte svarat<\/span>/);
    assert.match(table, /Avstod från version 1<br><span class="muted">Skäl: Vill stämma av med chefen/);
    assert.match(table, /Avstod från version 1<br><span class="muted">Skäl: Håller inte med om målen/);
    assert.match(table, /Signerade version 1/);
    const timeline = (await anna.getJson(`/api/v1/cases/${caseId}`)).json().timeline.map((e) => e.kind);
    assert.ok(timeline.includes('plan_signature_declined') && timeline.includes('plan_signed'));
  });
});
