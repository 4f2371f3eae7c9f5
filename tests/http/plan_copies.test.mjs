// plan_copies: everyone's own copy of a finished plan version (V-8a.3, K-8.1). The PDF of a version,
// downloaded from the page and the API, read back with pdftotext: the plan's content with å, ä and ö, the
// model's words, the version and its hash and "Sida n av m" on every page; its pages rendered with pdftoppm
// into the test's artefact folder. The copies ledger: a download is on it by itself, a copy handed over or
// posted is recorded by a professional with full access (form errors, refusals, audit). The e-mail that a
// plan is finished says only that, with a link.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';
import { useServer, barnplanBin, today, inDays, auditForCase, decodeEntities, fieldError, registrationJson } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { orgIds, recordConsent, makeCase } from '../lib/fixtures.mjs';

const run = promisify(execFile);

let resolveSmtp;
const smtpReady = new Promise((r) => {
  resolveSmtp = r;
});
before(async () => {
  resolveSmtp(await startSmtp());
});
after(async () => {
  await (await smtpReady).close();
});
const srv = useServer({ env: async () => ({ BARNPLAN_SMTP_URL: (await smtpReady).url, BARNPLAN_PUBLIC_URL: 'https://barnplan.test' }) });

/** The test's artefact folder, under the build directory of the binary under test (one per backend). */
function artefacts() {
  return path.join(path.resolve(path.dirname(barnplanBin()), '../..'), 'tests/artefacts/plan_pdf', srv.backend);
}

/** GET the bytes unchanged (the client reads text). */
async function download(client, p) {
  const r = await fetch(client.base + p, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

/** The text of each page of a PDF (pdftotext, one page at a time). */
async function pdfPages(file) {
  const { stdout: info } = await run('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  const out = [];
  for (let i = 1; i <= pages; i++) out.push((await run('pdftotext', ['-layout', '-f', String(i), '-l', String(i), file, '-'])).stdout);
  return out;
}

function fields(r) {
  return Object.fromEntries(r.json().fields.map((f) => [f.field, f.code]));
}

const GOALS = [
  ['learning', 'Läsa och förstå texter på svenska', 'Åsa läser en kapitelbok på egen hand före sommarlovet'],
  ['health', 'Sova bättre och äta frukost', 'Sover åtta timmar de flesta nätter och äter frukost före skolan'],
  ['safety', 'Känna sig trygg på rasterna', 'Vågar vara ute på skolgården och vet vilken vuxen hon kan gå till'],
];

describe('V-8a.3, K-8.1: copies of a finished plan version', () => {
  let anna, annaWeb, bertil, david, admin, orgs, kase, finished;

  /** A Västerbotten case with the school's and social services' consents, its plan filled in and finished. */
  async function finishedPlan({ long = false } = {}) {
    const k = await makeCase(anna);
    for (const org of ['Ålidhemsskolan', 'Socialtjänsten Umeå'])
      await recordConsent(anna, k.id, orgs[org], { child_view: 'Vill att de vuxna hjälps åt.', scope: 'Det som behövs för planen.', form: 'hlt_vasterbotten' });
    const ok = async (r, status) => assert.equal((await r).status, status, (await r).text);
    const goals = long ? [...GOALS, ...GOALS.map(([a, n, g]) => [a, `${n} (del två)`, `${g}, även på lördagar och söndagar`]), ...GOALS] : GOALS;
    let first;
    for (const [area, need, goal] of goals) {
      const g = await anna.postJson(`/api/v1/cases/${k.id}/plan/goals`, { area, need, goal });
      assert.equal(g.status, 201, g.text);
      first ??= g.json().id;
    }
    await ok(anna.postJson(`/api/v1/cases/${k.id}/plan/interventions`, {
      what: 'Specialpedagogiskt stöd i läsning', org_id: orgs['Ålidhemsskolan'], contact_name: 'Anna Lindqvist',
      starts_on: today(), ends_on: inDays(120), level: 'Två lektioner i veckan', goal_id: first,
    }), 201);
    await ok(bertil.postJson(`/api/v1/cases/${k.id}/plan/interventions`, {
      what: 'Föräldrastöd i hemmet', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varannan vecka',
    }), 201);
    await ok(anna.postJson(`/api/v1/cases/${k.id}/plan/commitments`, { who: 'child', what: 'Säger till när något är svårt' }), 201);
    await ok(anna.postJson(`/api/v1/cases/${k.id}/plan`, {
      coordinator_orgs: [orgs['Ålidhemsskolan']], coordinator_name: 'Anna Lindqvist',
      contact_if_fails: 'Ring skolans rektor, 090-123 45', followup_on: inDays(60), followup_time: '13:30',
      followup_place: 'Ålidhemsskolan, konferensrummet', followup_participants: 'Åsa, vårdnadshavarna, skolan och socialtjänsten',
      summary: 'Vi hjälps åt så att du kan läsa, sova och känna dig trygg.', child_view: 'Jag vill ha lugn och ro när jag läser.',
    }), 200);
    for (const [org, name, who] of [['Ålidhemsskolan', 'Anna Lindqvist', anna], ['Socialtjänsten Umeå', 'Bertil Öberg', bertil]])
      await ok(who.postJson(`/api/v1/cases/${k.id}/plan/contacts`, { org_id: orgs[org], name, phone: '090-10 00 00', email: 'kontakt@example.se' }), 200);
    const f = await anna.postJson(`/api/v1/cases/${k.id}/plan/finish`, {});
    assert.equal(f.status, 200, f.text);
    return { id: k.id, guardians: k.guardians, plan: (await anna.getJson(`/api/v1/cases/${k.id}/plan`)).json() };
  }

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([
      srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin'),
    ]);
    orgs = await orgIds(anna);
    finished = await finishedPlan({ long: true });
    kase = finished;
  });

  test('V-8a.3, K-8.1: the PDF holds the plan with å, ä, ö in the model\'s words, the version and hash and "Sida n av m" on every page; its pages are rendered (pdftoppm)', async () => {
    const { id, plan } = finished;
    const r = await download(annaWeb, `/cases/${id}/plan/versions/1.pdf`);
    assert.equal(r.status, 200, r.bytes.toString().slice(0, 300));
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="plan-${id}-version-1\\.pdf"$`));
    assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const ARTEFACTS = path.join(artefacts(), 'vasterbotten');
    rmSync(ARTEFACTS, { recursive: true, force: true });
    mkdirSync(ARTEFACTS, { recursive: true });
    const file = path.join(ARTEFACTS, 'plan-version-1.pdf');
    writeFileSync(file, r.bytes);
    const pages = await pdfPages(file);
    assert.ok(pages.length >= 2, `a long plan takes more than one page (got ${pages.length})`);
    const all = pages.join('\n').replace(/\s+/g, ' ');
    // the model's words (Västerbotten: SIP Barnets plan, samordningsansvarig) and its three areas
    for (const s of ['SIP Barnets plan', 'Samordningsansvarig', 'Hälsa', 'Lärande', 'Trygghet', 'Barnets behov, område för område'])
      assert.ok(all.includes(s), s);
    // the content: goals, interventions with their organisation, coordinator, follow-up date, contacts
    for (const [, need, goal] of GOALS) {
      assert.ok(all.includes(need), need);
      assert.ok(all.includes(goal), goal);
    }
    for (const s of ['Specialpedagogiskt stöd i läsning', 'Ansvarig verksamhet: Ålidhemsskolan', 'Föräldrastöd i hemmet',
      'Ansvarig verksamhet: Socialtjänsten Umeå', 'Anna Lindqvist', 'Bertil Öberg', `Datum för uppföljning: ${inDays(60)}`,
      'Ålidhemsskolan, konferensrummet', 'Vilka deltar i uppföljningen? Åsa, vårdnadshavarna', 'Ring skolans rektor', 'Säger till när något är svårt', 'Jag vill ha lugn och ro när jag läser.'])
      assert.ok(all.includes(s), s);
    // every page: the version, its hash, its number
    pages.forEach((p, i) => {
      assert.match(p, /Versionsnummer 1 · Färdigställd \d{4}-\d{2}-\d{2}/, `page ${i + 1}: the version`);
      assert.ok(p.includes(`SHA-256: ${plan.content_sha256}`), `page ${i + 1}: the hash`);
      assert.match(p, new RegExp(`Sida ${i + 1} av ${pages.length}`), `page ${i + 1}: its number`);
    });
    await run('pdftoppm', ['-png', '-r', '60', file, path.join(ARTEFACTS, 'page')]);
    const pngs = readdirSync(ARTEFACTS).filter((f) => f.endsWith('.png'));
    assert.equal(pngs.length, pages.length, pngs.join(' '));
    for (const f of pngs) assert.ok(statSync(path.join(ARTEFACTS, f)).size > 1000, f);
    console.log(`# plan PDF and its pages as PNG: ${ARTEFACTS}`);
    // the download is an audited read
    const audit = await auditForCase(admin, id);
    assert.ok(audit.some((e) => e.object === 'plan_pdf' && e.action === 'read' && e.detail === 'version 1'));
  });

  test('V-8a.3: each organisation exports a version as PDF and JSON through the API; a draft, a missing version and a case one may not see have none', async () => {
    const { id } = finished;
    const r = await download(bertil, `/api/v1/cases/${id}/plan/versions/1/pdf`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal((await bertil.getJson(`/api/v1/cases/${id}/plan/versions/1`)).status, 200, 'the JSON export');
    assert.equal((await download(bertil, `/api/v1/cases/${id}/plan/versions/9/pdf`)).status, 404);
    const noConsent = await download(david, `/api/v1/cases/${id}/plan/versions/1/pdf`); // BUP takes no part
    assert.equal(noConsent.status, 404);
    const audit = await auditForCase(admin, id);
    assert.ok(audit.some((e) => e.object === 'plan_pdf' && e.action === 'denied'), 'the refusal is on record');
    // a draft is nobody's copy
    const draft = await finishedPlan();
    assert.equal((await anna.postJson(`/api/v1/cases/${draft.id}/plan/versions`, {})).status, 201);
    assert.equal((await download(anna, `/api/v1/cases/${draft.id}/plan/versions/2/pdf`)).status, 404);
    assert.equal((await download(annaWeb, `/cases/${draft.id}/plan/versions/2.pdf`)).status, 404);
    // the page links the version in force and every finished version to both
    const page = await annaWeb.get(`/cases/${draft.id}/plan`);
    assert.match(page.text, new RegExp(`href="/cases/${draft.id}/plan/versions/1\\.pdf"`));
    assert.match(page.text, new RegExp(`href="/api/v1/cases/${draft.id}/plan/versions/1"`));
    assert.doesNotMatch(page.text, new RegExp(`/cases/${draft.id}/plan/versions/2\\.pdf`));
  });

  test('V-8a.3: the PDF in the reader\'s language: English words, the same content and hash', async () => {
    const { id, plan } = finished;
    const web = await srv.login('anna');
    await web.get('/lang?l=en&next=/cases');
    const r = await download(web, `/cases/${id}/plan/versions/1.pdf`);
    assert.equal(r.status, 200);
    const dir = path.join(artefacts(), 'english');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'plan-version-1.pdf'), r.bytes);
    const pages = await pdfPages(path.join(dir, 'plan-version-1.pdf'));
    const all = pages.join('\n').replace(/\s+/g, ' ');
    for (const s of ['Interventions', 'Responsible organisation: Ålidhemsskolan', GOALS[0][2]]) assert.ok(all.includes(s), s);
    pages.forEach((p, i) => {
      assert.match(p, new RegExp(`Page ${i + 1} of ${pages.length}`));
      assert.ok(p.includes(plan.content_sha256));
    });
  });

  test('V-8a.3, K-8.1: a download is on the ledger by itself; the coordinator sees who has and has not received the version in force', async () => {
    const k = await finishedPlan();
    let ledger = (await anna.getJson(`/api/v1/cases/${k.id}/plan`)).json();
    assert.equal(ledger.version_in_force, 1);
    assert.deepEqual(ledger.copies, []);
    assert.deepEqual(ledger.downloads, []);
    let page = decodeEntities((await annaWeb.get(`/cases/${k.id}/plan`)).text);
    const table = () => /id="copies"[\s\S]*?<\/table>/.exec(page)[0];
    assert.match(table(), /Ålidhemsskolan <span class="muted">\(verksamhet\)<\/span><\/th><td><strong>Inte ännu<\/strong>/);
    assert.equal((await download(bertil, `/api/v1/cases/${k.id}/plan/versions/1/pdf`)).status, 200);
    ledger = (await anna.getJson(`/api/v1/cases/${k.id}/plan`)).json();
    assert.equal(ledger.downloads.length, 1);
    assert.equal(ledger.downloads[0].version, 1);
    assert.equal(ledger.downloads[0].org_id, orgs['Socialtjänsten Umeå']);
    assert.match(ledger.downloads[0].name, /^Bertil Öberg/);
    page = decodeEntities((await annaWeb.get(`/cases/${k.id}/plan`)).text);
    assert.match(table(), /Socialtjänsten Umeå <span class="muted">\(verksamhet\)<\/span><\/th><td>Ja<\/td><td>Nedladdad i appen \(Bertil Öberg/);
    assert.match(table(), /Ålidhemsskolan <span class="muted">\(verksamhet\)<\/span><\/th><td><strong>Inte ännu<\/strong>/);
    assert.match(table(), /\(vårdnadshavare\)<\/span><\/th><td><strong>Inte ännu<\/strong>/);
  });

  test('V-8a.3, K-8.1: a professional records a copy handed over or posted to a guardian, the child or another participant; it shows on the ledger and is audited', async () => {
    const k = await finishedPlan();
    const letter = await anna.postJson(`/api/v1/cases/${k.id}/plan/copies`, { version: 1, recipient: 'guardian', guardian_id: k.guardians[0], method: 'letter', given_on: today() });
    assert.equal(letter.status, 201, letter.text);
    const handed = await annaWeb.post(`/cases/${k.id}/plan/copies`, { 'copy.version': '1', 'copy.recipient': 'child', 'copy.method': 'handed', 'copy.given_on': today() });
    assert.equal(handed.status, 303, handed.text.slice(0, 300));
    assert.match(handed.location, /saved=copy#copies$/);
    const other = await bertil.postJson(`/api/v1/cases/${k.id}/plan/copies`, { version: 1, recipient: 'other', name: 'Märta Åström (stödperson)', method: 'handed', given_on: today() });
    assert.equal(other.status, 201, other.text);
    const p = (await anna.getJson(`/api/v1/cases/${k.id}/plan`)).json();
    assert.deepEqual(p.copies.map((c) => [c.recipient, c.method, c.version, c.given_on]),
      [['guardian', 'letter', 1, today()], ['child', 'handed', 1, today()], ['other', 'handed', 1, today()]]);
    assert.match(p.copies[0].recorded_by_name, /^Anna Lindqvist/);
    assert.equal(p.copies[2].org_id, orgs['Socialtjänsten Umeå']);
    assert.ok(p.copies[1].name.length > 0, 'the child is named');
    const page = decodeEntities((await annaWeb.get(`/cases/${k.id}/plan`)).text);
    const table = /id="copies"[\s\S]*?<\/table>/.exec(page)[0];
    assert.match(table, /\(vårdnadshavare\)<\/span><\/th><td>Ja<\/td><td>Skickat som brev<\/td>/);
    assert.match(table, /\(barnet\)<\/span><\/th><td>Ja<\/td><td>Utskrivet exemplar överlämnat<\/td>/);
    assert.match(table, /Märta Åström \(stödperson\) <span class="muted">\(annan deltagare\)<\/span><\/th><td>Ja/);
    const audit = await auditForCase(admin, k.id);
    assert.equal(audit.filter((e) => e.object === 'plan_copy' && e.action === 'create' && e.detail === 'version 1').length, 3);
    const timeline = (await anna.getJson(`/api/v1/cases/${k.id}`)).json().timeline.map((e) => e.kind);
    assert.ok(timeline.includes('plan_copy_recorded'));
  });

  test('V-8a.3: a copy with missing or wrong parts is refused with the field named (API) or the Swedish message beside it (page), and nothing is stored', async () => {
    const { id, guardians } = kase;
    const before = (await anna.getJson(`/api/v1/cases/${id}/plan`)).json().copies.length;
    const bad = async (body, field, code) => {
      const r = await anna.postJson(`/api/v1/cases/${id}/plan/copies`, body);
      assert.equal(r.status, 422, r.text);
      assert.equal(fields(r)[field], code, r.text);
    };
    await bad({ version: 1, recipient: 'guardian', guardian_id: guardians[0], given_on: today() }, 'copy.method', 'required');
    await bad({ version: 1, recipient: 'other', method: 'handed', given_on: today() }, 'copy.name', 'required');
    await bad({ version: 1, recipient: 'guardian', method: 'handed', given_on: today() }, 'copy.guardian_id', 'required');
    await bad({ version: 1, recipient: 'guardian', guardian_id: 999999, method: 'handed', given_on: today() }, 'copy.guardian_id', 'not_guardian');
    await bad({ version: 1, recipient: 'child', method: 'handed', given_on: inDays(3) }, 'copy.given_on', 'future');
    await bad({ version: 7, recipient: 'child', method: 'handed', given_on: today() }, 'copy.version', 'choice');
    await bad({ version: 1, recipient: 'neighbour', method: 'handed', given_on: today() }, 'copy.recipient', 'choice');
    const page = await annaWeb.post(`/cases/${id}/plan/copies`, { 'copy.version': '1', 'copy.recipient': 'other', 'copy.name': '', 'copy.method': 'letter', 'copy.given_on': today() });
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'copy.name'), 'Fyll i fältet.');
    assert.match(page.text, /<option value="letter" selected>|value="letter"[^>]*checked/, 'the form is kept as typed');
    assert.equal((await anna.getJson(`/api/v1/cases/${id}/plan`)).json().copies.length, before, 'nothing stored');
  });

  test('V-2.6, V-8a.3: only a professional whose organisation has full access records a copy; a refusal looks like a missing case and is audited', async () => {
    const { id } = kase;
    const r = await david.postJson(`/api/v1/cases/${id}/plan/copies`, { version: 1, recipient: 'child', method: 'handed', given_on: today() });
    assert.equal(r.status, 404, r.text);
    const audit = await auditForCase(admin, id);
    assert.ok(audit.some((e) => e.object === 'plan_copy' && e.action === 'denied'));
  });

  test('V-8a.3, K-8.1: the e-mail that a plan is finished says only that, with a link: no name, no content', async () => {
    const smtp = await smtpReady;
    const k = await finishedPlan();
    const child = (await anna.getJson(`/api/v1/cases/${k.id}`)).json();
    const mail = await smtp.waitFor((m) => m.to.includes('bertil@demo.barnplan.invalid') && /en plan är klar/.test(m.mail.subject || '') && (m.mail.text || '').includes(`/cases/${k.id}`), 20000);
    const text = `${mail.mail.subject}\n${mail.mail.text}`;
    assert.match(text, new RegExp(`https://barnplan\\.test/cases/${k.id}`));
    const names = [child.child?.given_name, child.child?.family_name].filter(Boolean);
    assert.ok(names.length > 0, JSON.stringify(Object.keys(child)));
    for (const s of [...names, ...GOALS.flatMap(([, n, g]) => [n, g]), 'Specialpedagogiskt', 'Ålidhemsskolan', 'Anna Lindqvist'])
      assert.ok(!text.includes(s), `the e-mail holds "${s}"`);
  });
});

describe('K-8.1: Kronoberg\'s Barnets plan as PDF', () => {
  test('K-8.1, V-8a.3: the PDF speaks Kronoberg\'s words (Barnets plan, samverkansansvarig) and draws the eight-part wellbeing wheel', async () => {
    await srv.ready;
    const [karin, karinWeb, maja] = await Promise.all([srv.apiLogin('karin'), srv.login('karin'), srv.apiLogin('maja')]);
    const orgs = await orgIds(karin);
    const r = await karin.postJson('/api/v1/cases', registrationJson({ initiative: { model: 'kronoberg', route: 'named_person' } }));
    assert.equal(r.status, 201, r.text);
    const id = r.json().id;
    for (const org of ['Furutåskolan', 'Socialtjänsten Växjö'])
      await recordConsent(karin, id, orgs[org], { child_view: 'Vill att de vuxna hjälps åt.', scope: 'Det som behövs för planen.', form: 'kronobarnsmodellen' });
    const ok = async (req, status) => {
      const res = await req;
      assert.equal(res.status, status, res.text);
    };
    await ok(karin.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'respected', need: 'Bli lyssnad på', goal: 'Får säga sin mening i klassen, även när det är svårt' }), 201);
    await ok(karin.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'active', need: 'Röra på sig', goal: 'Går på fotbollsträning två gånger i veckan' }), 201);
    await ok(karin.postJson(`/api/v1/cases/${id}/plan/interventions`, { what: 'Elevhälsosamtal', org_id: orgs['Furutåskolan'], starts_on: today(), level: 'Varje månad' }), 201);
    for (const [org, name, who] of [['Furutåskolan', 'Karin Johansson', karin], ['Socialtjänsten Växjö', 'Maja Svensson', maja]])
      await ok(who.postJson(`/api/v1/cases/${id}/plan/contacts`, { org_id: orgs[org], name }), 200);
    await ok(karin.postJson(`/api/v1/cases/${id}/plan`, {
      coordinator_orgs: [orgs['Furutåskolan']], coordinator_name: 'Karin Johansson', contact_if_fails: 'Karin på Furutåskolan',
      followup_on: inDays(30), followup_place: 'Furutåskolan', followup_participants: 'Alla', summary: 'Vi lyssnar på dig.',
    }), 200);
    await ok(karin.postJson(`/api/v1/cases/${id}/plan/finish`, {}), 200);
    const pdf = await download(karinWeb, `/cases/${id}/plan/versions/1.pdf`);
    assert.equal(pdf.status, 200);
    const dir = path.join(artefacts(), 'kronoberg');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'plan-version-1.pdf');
    writeFileSync(file, pdf.bytes);
    const pages = await pdfPages(file);
    const all = pages.join('\n').replace(/\s+/g, ' ');
    for (const s of ['Barnets plan', 'Samverkansansvarig', 'Karin Johansson', 'Får säga sin mening i klassen, även när det är svårt',
      'Trygg', 'Må bra', 'Utvecklas', 'Aktiv', 'Respekterad', 'Ansvarstagande', 'Delaktig', 'Omvårdad'])
      assert.ok(all.includes(s), s);
    assert.ok(!all.includes('SIP Barnets plan') && !all.includes('Samordningsansvarig'), 'not Västerbotten\'s words');
    assert.match(pages[0], /Sida 1 av \d/);
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.png')));
  });
});
