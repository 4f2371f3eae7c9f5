// family_child_plan: the child's plan (issue 10 item 6). A ten-year-old and a thirteen-year-old log in with the
// code on a printed letter and read the finished plan in force in easy Swedish: a picture for each need area and
// each organisation (inline SVG with a text alternative, no image files), who does what and when, their own
// words in the plan (X-4, K-6.2), whom to talk to (V-7.4 to V-7.6) and when we meet next (V-7.7). Only what
// docs/family-access.md gives the role: no guardian's phone or e-mail (R3), no decisions for 7-11
// (plan.decisions), every data-item an item the role may see. The child's own PDF copy (V-8a.3, K-8.1) in the
// same words, read back with pdftotext, its download on record as the family's other copy is. Another child's
// case, and a case without a finished version (R6), answer 404, on record. A guardian may open it too.
import { bornYearsAgo } from '../lib/family.mjs';
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useServer, Client, hiddenField, decodeEntities, personnummer, addDays, today, inDays, auditForCase } from '../lib/server.mjs';
import { makeCase, makeFinishedPlan, orgIds } from '../lib/fixtures.mjs';
import { familyTable, dataItems } from '../lib/family_table.mjs';

const run = promisify(execFile);
const srv = useServer();
const ITEM = Object.fromEntries(familyTable().map((i) => [i.id, i]));
const MARK = { phone: '070-111 22 33', email: 'ella.mark@example.se', words: 'Jag vill ha lugn och ro när jag läser.', decision: 'Beslut om kontaktfamilj' };


async function letterCode(web, caseId, guardianId) {
  const r = await web.post(`/cases/${caseId}/family/letter`, { guardian: String(guardianId) });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  return decodeEntities(r.text).match(/class="survey-code">([A-Z0-9-]+)</)[1];
}

async function loggedIn(code) {
  const c = new Client(srv.base);
  const page = await c.get('/family/login');
  const r = await c.post('/family/login', { login_csrf: hiddenField(page.text, 'login_csrf'), code }, { csrf: false });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  return c;
}

async function pdfText(client, p) {
  const r = await fetch(client.base + p, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) return { status: r.status };
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bp-child-pdf-'));
  try {
    writeFileSync(path.join(dir, 'p.pdf'), bytes);
    return { status: 200, text: (await run('pdftotext', ['-layout', path.join(dir, 'p.pdf'), '-'])).stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text a reader sees in <main>: tags out, entities decoded, spaces folded. */
function mainText(html) {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return decodeEntities(main.replace(/<title>[^<]*<\/title>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

describe('issue 10 item 6: the child\'s plan in easy words and pictures', () => {
  let anna, annaWeb, bertil, david, admin, orgs;
  const kases = {};
  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
    orgs = await orgIds(anna);
    for (const age of [10, 13]) {
      const kase = await makeFinishedPlan({ anna, bertil, david }, {
        registration: {
          child: { given_name: 'Saga', id_number: personnummer(bornYearsAgo(age), 500 + age) },
          guardians: [{ name: 'Ella Förälder', custody: 'joint', phone: MARK.phone, email: MARK.email }, { name: 'Omar Förälder', custody: 'joint' }],
        },
      });
      // version 2: the child's own words and a second need area; a decision that waits
      const base = `/api/v1/cases/${kase.id}/plan`;
      assert.equal((await anna.postJson(`${base}/versions`, {})).status, 201);
      const plan = await anna.postJson(base, {
        coordinator_orgs: [orgs['Ålidhemsskolan']], coordinator_name: 'Anna Lindqvist', contact_if_fails: 'Ring skolans rektor, 090-123 45',
        followup_on: inDays(60), followup_time: '13:30', followup_place: 'Ålidhemsskolan', followup_participants: 'Barnet, vårdnadshavarna och alla verksamheter',
        summary: 'Vi hjälps åt så att du kan läsa bättre.', child_view: MARK.words,
      });
      assert.equal(plan.status, 200, plan.text);
      assert.equal((await anna.postJson(`${base}/goals`, { area: 'health', need: 'Sova bättre', goal: 'Somnar före klockan nio' })).status, 201);
      const d = await bertil.postJson(`${base}/decisions`, { what: MARK.decision, org_id: orgs['Socialtjänsten Umeå'], decider_name: 'Enhetschefen', due_on: inDays(14) });
      assert.equal(d.status, 201, d.text);
      const fin = await anna.postJson(`${base}/finish`, {});
      assert.equal(fin.status, 200, fin.text);
      kases[age] = kase;
    }
  });

  for (const [age, role] of [[10, 'child_7_11'], [13, 'child_12_14']]) {
    test(`the ${age}-year-old (${role}) reads the plan in easy words, with the pictures' text alternatives`, async () => {
      const kase = kases[age];
      const child = await loggedIn(await letterCode(annaWeb, kase.id, 0));
      const r = await child.get(`/family/cases/${kase.id}/plan/child`);
      assert.equal(r.status, 200, r.text.slice(0, 500));
      const html = decodeEntities(r.text);
      const text = mainText(r.text);
      // easy Swedish, "du" (issue 10 item 6)
      for (const words of ['Din plan, Saga', 'Det här ska hjälpa dig.', 'Det här ska bli bättre', 'Vem gör vad', 'Det här gör du och din familj',
        'Dina egna ord', 'Vem du kan prata med', 'Nästa gång vi ses', 'Du behöver hjälp med: Läsa och skriva', 'Målet: Läser en bok på egen hand'])
        assert.ok(text.includes(words), `${role}: "${words}"`);
      // V-7.2: who does what and when; V-7.3 the child's own task; X-4, K-6.2 the child's words
      assert.match(text, /Ålidhemsskolan Specialpedagogiskt stöd När: från \d{4}-\d\d-\d\d Hur mycket: Två lektioner i veckan/);
      assert.match(text, /Socialtjänsten Umeå Familjebehandling/);
      assert.match(text, /Du Säger till när något är svårt/);
      assert.ok(text.includes(MARK.words), 'the child\'s own words');
      // V-7.4 to V-7.6: whom to talk to; V-7.7: the follow-up is when we meet next
      assert.match(text, /Anna Lindqvist/);
      assert.match(text, /Ring skolans rektor, 090-123 45/);
      assert.match(text, /Då ses vi \d{4}-\d\d-\d\d 13:30 Var: Ålidhemsskolan/);
      // a picture for each need area and each organisation, each with a text alternative
      for (const alt of ['Bild: Lärande', 'Bild: Hälsa', 'Bild: Skola', 'Bild: Socialtjänst'])
        assert.match(html, new RegExp(`<svg class="pictogram"[^>]*role="img" aria-label="${alt}"[^>]*><title>${alt}</title>`), `${role}: ${alt}`);
      assert.doesNotMatch(html, /<img\b/, 'no image files: the pictures are inline SVG');
      // no professional words on the child's page
      assert.doesNotMatch(text, /samordningsansvarig|samverkansansvarig|Insatser|Verksamhet|vårdnadshavare/i);
      // only what the table gives the role
      for (const id of dataItems(html)) {
        assert.ok(ITEM[id], `data-item ${id} is an item of the table`);
        assert.notEqual(ITEM[id].cells[role].cell, 'none', `${role} must not see ${id}`);
      }
      for (const id of ['page.plan', 'plan.goals', 'plan.interventions', 'plan.commitments', 'plan.child_view', 'plan.coordinator', 'plan.contacts', 'plan.contact_if_fails', 'plan.followup', 'copy.pdf'])
        assert.ok(dataItems(html).has(id), `${role} sees ${id}`);
      assert.ok(!html.includes(MARK.phone) && !html.includes(MARK.email), 'R3: never a guardian\'s phone or e-mail');
      assert.equal(html.includes(MARK.decision), ITEM['plan.decisions'].cells[role].cell !== 'none', 'plan.decisions: from 12, not for 7-11');
      // the child's PDF copy, in the same words (V-8a.3, K-8.1)
      const pdf = await pdfText(child, `/family/cases/${kase.id}/plan/child.pdf`);
      assert.equal(pdf.status, 200);
      const flat = pdf.text.replace(/\s+/g, ' ');
      for (const words of ['Din plan, Saga', 'Det här ska hjälpa dig.', 'Vem gör vad', 'Läser en bok på egen hand', 'Specialpedagogiskt stöd', 'Två lektioner i veckan',
        MARK.words, 'Vem du kan prata med', 'Ring skolans rektor', 'Nästa gång vi ses', 'Hälsa', 'Lärande'])
        assert.ok(flat.includes(words), `${role} PDF: "${words}" in ${flat.slice(0, 400)}`);
      assert.ok(!flat.includes(MARK.phone) && !flat.includes(MARK.email), 'R3 in the PDF too');
      assert.equal(flat.includes(MARK.decision), role !== 'child_7_11', 'plan.decisions in the PDF: from 12');
      // every read on record, naming the role; the download as the family's other copy is
      const audit = await auditForCase(admin, kase.id);
      assert.ok(audit.some((e) => e.action === 'read' && e.object === 'plan' && e.detail === `family:${role} child_plan`), `${role}: the page read audited`);
      assert.ok(audit.some((e) => e.action === 'read' && e.object === 'plan_pdf' && e.detail === `family:${role} child_plan_pdf`), `${role}: the download audited`);
    });
  }

  test('Kronoberg: the wheel\'s need areas have pictures of their own, on the page and in the PDF', async () => {
    const karin = await srv.apiLogin('karin');
    const karinWeb = await srv.login('karin');
    const orgId = (await karin.getJson('/api/v1/me')).json().organisations[0].id;
    const kase = await makeCase(karin, { model: 'kronoberg', orgs: [orgId], registration: { child: { id_number: personnummer(bornYearsAgo(9), 809) } } });
    const base = `/api/v1/cases/${kase.id}/plan`;
    const ok = (r, status) => assert.equal(r.status, status, r.text);
    for (const [area, goal] of [['safe', 'Känner sig trygg på rasten'], ['healthy', 'Äter frukost varje dag'], ['included', 'Är med i klassrådet']])
      ok(await karin.postJson(`${base}/goals`, { area, need: 'Stöd', goal }), 201);
    ok(await karin.postJson(`${base}/interventions`, { what: 'En vuxen på rasten', org_id: orgId, starts_on: today(), level: 'Varje rast' }), 201);
    ok(await karin.postJson(base, {
      coordinator_orgs: [orgId], coordinator_name: 'Karin', contact_if_fails: 'Ring skolan', followup_on: inDays(30), followup_time: '10:00',
      followup_place: 'Skolan', followup_participants: 'Alla', summary: 'Vi hjälps åt så att rasterna blir bra.',
    }), 200);
    ok(await karin.postJson(`${base}/contacts`, { org_id: orgId, name: 'Karin', phone: '0470-10 00 00' }), 200);
    ok(await karin.postJson(`${base}/finish`, {}), 200);
    const child = await loggedIn(await letterCode(karinWeb, kase.id, 0));
    const r = await child.get(`/family/cases/${kase.id}/plan/child`);
    assert.equal(r.status, 200);
    const html = decodeEntities(r.text);
    for (const alt of ['Bild: Trygg', 'Bild: Må bra', 'Bild: Delaktig'])
      assert.match(html, new RegExp(`role="img" aria-label="${alt}"`), alt);
    assert.equal(new Set([...html.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1])).size >= 5, true, 'three areas, the school and the parts: pictures of their own');
    const flat = (await pdfText(child, `/family/cases/${kase.id}/plan/child.pdf`)).text.replace(/\s+/g, ' ');
    for (const words of ['Känner sig trygg på rasten', 'Äter frukost varje dag', 'Respekterad', 'Omvårdad']) // the wheel names all eight
      assert.ok(flat.includes(words), words);
  });

  test('another child\'s case and a case without a finished plan answer 404, on record; a guardian may read it too', async () => {
    const child = await loggedIn(await letterCode(annaWeb, kases[10].id, 0));
    for (const p of [`/family/cases/${kases[13].id}/plan/child`, `/family/cases/${kases[13].id}/plan/child.pdf`])
      assert.equal((await child.get(p)).status, 404, p);
    const audit = await auditForCase(admin, kases[13].id);
    for (const object of ['plan', 'plan_pdf'])
      assert.ok(audit.some((e) => e.action === 'denied' && e.object === object && e.detail === 'family:none not_own'), `the forged ${object} read on record`);
    const bare = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { id_number: personnummer(bornYearsAgo(11), 611) } } });
    const own = await loggedIn(await letterCode(annaWeb, bare.id, 0));
    assert.equal((await own.get(`/family/cases/${bare.id}/plan/child`)).status, 404, 'R6: no finished version, no plan');
    assert.equal((await own.get(`/family/cases/${bare.id}/plan/child.pdf`)).status, 404);
    // the guardians may open it, to read it with a young child; the child's name instead of "Du"
    const guardian = await loggedIn(await letterCode(annaWeb, kases[10].id, kases[10].guardians[0]));
    const r = await guardian.get(`/family/cases/${kases[10].id}/plan/child`);
    assert.equal(r.status, 200);
    assert.match(mainText(r.text), /Saga Säger till när något är svårt/);
    const plan = decodeEntities((await guardian.get(`/family/cases/${kases[10].id}/plan`)).text);
    assert.match(plan, new RegExp(`href="/family/cases/${kases[10].id}/plan/child">Planen för barn`), 'linked from the plan page');
    const kasePage = decodeEntities((await child.get(`/family/cases/${kases[10].id}`)).text);
    assert.match(kasePage, new RegExp(`href="/family/cases/${kases[10].id}/plan/child">Planen för barn`), 'linked from the case page');
    // a professional is sent to the family login
    assert.equal((await annaWeb.get(`/family/cases/${kases[10].id}/plan/child`)).status, 303);
  });
});
