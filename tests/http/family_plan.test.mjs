// family_plan: what a family member does with the plan (issue 10 item 7). A guardian and the child answer the
// version in force online for themselves, once (V-8a.2; the professionals see the answer with method "app");
// each downloads their own copy as PDF, read back with pdftotext (V-8a.3, K-8.1; a draft or another child's
// version answers 404); a guardian and a ten-year-old tell the coordinator that something happened (V-9.3: the
// coordinator is told at once; bad input keeps the form with the message beside the field); and a guardian
// opens their own survey (V-12.1) with a fresh code, the older one then refused.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useServer, Client, hiddenField, decodeEntities, today, auditForCase } from '../lib/server.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';
import { letterCode, familyClient } from '../lib/family.mjs';

const run = promisify(execFile);
const srv = useServer();

const loggedIn = (code) => familyClient(srv.base, code);

async function pdfText(client, p) {
  const r = await fetch(client.base + p, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) return { status: r.status };
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bp-family-pdf-'));
  try {
    writeFileSync(path.join(dir, 'p.pdf'), bytes);
    return { status: 200, text: (await run('pdftotext', ['-layout', path.join(dir, 'p.pdf'), '-'])).stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('issue 10 item 7: the family signs, downloads, tells and answers', () => {
  let anna, annaWeb, bertil, david, admin, kase, guardian, child;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
    kase = await makeFinishedPlan({ anna, bertil, david });
    guardian = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    child = await loggedIn(await letterCode(annaWeb, kase.id, 0)); // ten years old in the fixture
  });

  test('V-8a.2: a guardian and the child answer the version in force for themselves, once, online', async () => {
    const page = await guardian.get(`/family/cases/${kase.id}/plan`);
    assert.equal(page.status, 200);
    assert.equal((await guardian.post(`/family/cases/${kase.id}/plan/signature`, { version: '1', 'signature.answer': 'signed' }, { csrf: false })).status, 403, 'CSRF required');
    assert.match(decodeEntities(page.text), /Skriv under om du håller med om den/);
    const r = await guardian.post(`/family/cases/${kase.id}/plan/signature`, { version: '1', 'signature.answer': 'signed' });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    const after = decodeEntities((await guardian.get(`/family/cases/${kase.id}/plan`)).text);
    assert.match(after, /Du skrev under planen/);
    assert.doesNotMatch(after, /action="\/family\/cases\/\d+\/plan\/signature"/, 'no second answer offered');
    const again = await guardian.post(`/family/cases/${kase.id}/plan/signature`, { version: '1', 'signature.answer': 'signed' });
    assert.equal(again.status, 409, 'answered already');
    assert.match(decodeEntities(again.text), /id="signature-answer-error">Den personen har redan skrivit under/);
    await child.get(`/family/cases/${kase.id}/plan`);
    const declined = await child.post(`/family/cases/${kase.id}/plan/signature`, { version: '1', 'signature.answer': 'declined', 'signature.reason': 'Jag vill vänta' });
    assert.equal(declined.status, 303);
    const sigs = (await anna.getJson(`/api/v1/cases/${kase.id}/plan`)).json().signatures;
    const g = sigs.find((x) => x.kind === 'guardian' && x.guardian_id === kase.guardians[0]);
    assert.equal(g?.method, 'app');
    assert.equal(g?.answer, 'signed');
    assert.equal(g?.version, 1);
    const c = sigs.find((x) => x.kind === 'child');
    assert.equal(c?.answer, 'declined');
    assert.equal(c?.reason, 'Jag vill vänta');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'update' && e.object === 'signature' && /^family:guardian_joint/.test(e.detail)));
  });

  test('V-8a.3: each downloads their own copy as PDF; a draft and another child\'s version answer 404', async () => {
    for (const who of [guardian, child]) {
      const pdf = await pdfText(who, `/family/cases/${kase.id}/plan/versions/1.pdf`);
      assert.equal(pdf.status, 200);
      assert.match(pdf.text, /Läser en bok på egen hand/);
      assert.match(pdf.text, /Specialpedagogiskt stöd/);
    }
    assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/plan/versions`, {})).status, 201, 'a draft version 2');
    assert.equal((await pdfText(guardian, `/family/cases/${kase.id}/plan/versions/2.pdf`)).status, 404, 'R6: never a draft');
    const other = await makeFinishedPlan({ anna, bertil, david });
    assert.equal((await pdfText(guardian, `/family/cases/${other.id}/plan/versions/1.pdf`)).status, 404);
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'read' && e.object === 'plan_pdf' && e.detail === 'family:guardian_joint plan_pdf'), 'the download is on record');
  });

  test('V-9.3: a guardian and a ten-year-old tell the coordinator; bad input keeps the form', async () => {
    await guardian.get(`/family/cases/${kase.id}`); // the page with the form (and its CSRF token)
    const bad = await guardian.post(`/family/cases/${kase.id}/events`, { 'event.what': '', 'event.happened_on': today() });
    assert.equal(bad.status, 422, bad.text.slice(0, 3000));
    assert.match(decodeEntities(bad.text), /id="event-what-error"/);
    const before = (await anna.getJson('/api/v1/notifications')).json().filter((n) => n.kind === 'plan_event_reported' && n.case_id === kase.id).length;
    for (const [who, what] of [[guardian, 'Vi flyttar till Skellefteå i mars.'], [child, 'Jag har bytt klass.']]) {
      await who.get(`/family/cases/${kase.id}`);
      const r = await who.post(`/family/cases/${kase.id}/events`, { 'event.what': what, 'event.happened_on': today() });
      assert.equal(r.status, 303, r.text.slice(0, 500));
    }
    const after = (await anna.getJson('/api/v1/notifications')).json().filter((n) => n.kind === 'plan_event_reported' && n.case_id === kase.id).length;
    assert.equal(after - before, 2, 'the coordinator (the school) is told at once');
    const events = (await anna.getJson(`/api/v1/cases/${kase.id}/implementation`)).json().events;
    assert.ok(events.some((e) => e.what === 'Jag har bytt klass.'), JSON.stringify(events).slice(0, 500));
  });

  test('V-12.1, V14.2.1: a guardian opens their own survey with a fresh code, never in a URL; the older code stops working', async () => {
    const page = decodeEntities((await guardian.get(`/family/cases/${kase.id}`)).text);
    assert.match(page, /Svara på enkäten/);
    assert.equal((await guardian.post(`/family/cases/${kase.id}/survey`, {}, { csrf: false })).status, 403, 'CSRF required');
    // the survey's form at once, its code only in the form's body: no redirect to a URL with it (V14.2.1)
    const first = await guardian.post(`/family/cases/${kase.id}/survey`, {});
    assert.equal(first.status, 200);
    assert.equal(first.location ?? null, null);
    assert.match(first.text, /<form method="post" action="\/survey" class="survey">/);
    const code1 = hiddenField(first.text, 'code');
    const second = await guardian.post(`/family/cases/${kase.id}/survey`, {});
    const code2 = hiddenField(second.text, 'code');
    assert.match(code1, /^[0-9A-Z]{16}$/);
    assert.notEqual(code1, code2);
    const anon = new Client(srv.base);
    assert.equal((await anon.post('/survey/code', { code: code2 }, { csrf: false })).status, 200);
    assert.notEqual((await anon.post('/survey/code', { code: code1 }, { csrf: false })).status, 200, 'the older code no longer opens it');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.object === 'survey_invitation' && e.detail === 'family'));
  });
});
