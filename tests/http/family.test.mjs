// family: a family member's own way in and own pages (issue 10 items 2 and 3). A one-time code on a letter a
// professional prints, and a link by e-mail: single-use, replaced by a newer one, refused when replayed, the
// code only after '#' (OWASP ASVS V14.2.1), and a GET never reads or uses a code. Then the pages, checked against docs/family-access.md's table
// (tests/lib/family_table.mjs reads the same block the server compiles): for each role that logs in (a guardian
// with sole custody, each guardian in joint custody, the child at 10, 13 and 16, the adult student at 19), no
// element of an item the role may not see, every item the fixture fills that the role may see, and no marker
// of a field meant for others. A foreign or forged id and every professional page answer 404, on record.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, hiddenField, decodeEntities, dbQuery, personnummer, addDays, today, uniqueName, auditForCase } from '../lib/server.mjs';
import { makeFinishedPlan, makeCase, orgIds, bookFollowupWithFamily } from '../lib/fixtures.mjs';
import { familyTable, dataItems } from '../lib/family_table.mjs';
import { letterCode, bornYearsAgo, familyLogin as familyLoginAt, familyClient, FAMILY_MARK, FAMILY_ROLES, fullFamilyCase } from '../lib/family.mjs';

const srv = useServer();
const TABLE = familyTable();
const ITEM = Object.fromEntries(TABLE.map((i) => [i.id, i]));

const familyLogin = (code) => familyLoginAt(srv.base, code);
const loggedIn = (code) => familyClient(srv.base, code);

describe('issue 10 item 2: a family member logs in with a one-time code', () => {
  let anna, annaWeb, admin, kase, orgs;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('admin')]);
    orgs = await orgIds(anna);
    kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
  });

  test('a letter\'s code logs a guardian in once; a replay is refused and on record', async () => {
    const code = await letterCode(annaWeb, kase.id, kase.guardians[0]);
    const fam = await loggedIn(code.toLowerCase()); // typed as it comes: case and dashes do not matter
    const home = await fam.get('/family');
    assert.equal(home.status, 200);
    assert.match(home.text, new RegExp(`href="/family/cases/${kase.id}"`));
    const again = await familyLogin(code);
    assert.equal(again.res.status, 401);
    assert.match(decodeEntities(again.res.text), /Koden fungerar inte/);
    assert.ok(!again.client.cookie('bp_session'), 'no session from a used code');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'create' && e.object === 'family_code' && e.detail === 'letter guardian'));
    const failures = (await admin.getJson('/api/v1/audit?action=login_failed')).json();
    assert.ok(failures.some((e) => e.detail === 'family unknown_code'), 'the replay is on record');
  });

  test('a newer letter replaces the older one; a letter for the child under 7 cannot be made', async () => {
    const first = await letterCode(annaWeb, kase.id, kase.guardians[1]);
    const second = await letterCode(annaWeb, kase.id, kase.guardians[1]);
    assert.equal((await familyLogin(first)).res.status, 401, 'the first letter stops working');
    await loggedIn(second);
    const young = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { id_number: personnummer(bornYearsAgo(5), 301) } } });
    const r = await annaWeb.post(`/cases/${young.id}/family/letter`, { guardian: '0' });
    assert.equal(r.status, 409, 'a child under 7 has no login (docs/family-access.md section 2)');
  });

  test('V14.2.1: a link by e-mail: the same answer for any address, the code only after \'#\', a GET with ?code= uses nothing, the POST does, once', async () => {
    const email = `${uniqueName('vh').toLowerCase()}@example.se`;
    const own = await makeCase(anna, { registration: { guardians: [{ name: 'Nora Länksson', custody: 'sole', email }] } });
    const c = new Client(srv.base);
    const page = await c.get('/family/login');
    const lc = hiddenField(page.text, 'login_csrf');
    const sent = await c.post('/family/link', { login_csrf: lc, email: email.toUpperCase() }, { csrf: false });
    assert.equal(sent.status, 200);
    assert.match(decodeEntities(sent.text), /Om adressen finns hos oss har vi skickat en länk/);
    const none = await c.post('/family/link', { login_csrf: lc, email: 'ingen.alls@example.se' }, { csrf: false });
    assert.equal(none.status, 200, 'an unknown address gets the same answer');
    assert.equal(decodeEntities(none.text).replace(/value="[^"]*"/g, ''), decodeEntities(sent.text).replace(/value="[^"]*"/g, ''));
    const body = (await dbQuery(srv, `SELECT body FROM outbox WHERE recipient = '${email}' AND kind = 'family_link'`)).trim();
    // V14.2.1: the link carries the code after '#', which a browser never sends; no URL in the mail has it in
    // its path or query, and the mail says how to type it where no script fills it in
    const urls = body.match(/https?:\/\/\S+/g) ?? [];
    const link0 = new URL(urls[0]);
    assert.equal(link0.pathname, '/family/login', body);
    const code = /^#kod=([A-Z0-9]{16})$/.exec(link0.hash)?.[1];
    assert.ok(code, body);
    for (const u of urls) {
      const parsed = new URL(u);
      assert.equal(parsed.search, '', `no query in ${u}`);
      assert.ok(!parsed.pathname.includes(code), `no code in the path of ${u}`);
    }
    assert.match(body, new RegExp(`skriv koden\\n${code}\\n`), 'without script: the code to type, on its own line');
    assert.match(body, /type the code/);
    assert.doesNotMatch(body, /Nora|Länksson|Apibarn/, 'the e-mail names nobody');
    assert.equal((await dbQuery(srv, `SELECT COUNT(*) FROM outbox WHERE recipient = 'ingen.alls@example.se'`)).trim(), '0');
    const bad = await c.post('/family/link', { login_csrf: lc, email: 'inte en adress' }, { csrf: false });
    assert.equal(bad.status, 422);
    assert.match(decodeEntities(bad.text), /id="email-error">Skriv din e-postadress/);
    // a code in the query (an old link, a hand-made one; twice, as a mail scanner might) is never read: the
    // empty form, no session, and the code still works afterwards
    const link = new Client(srv.base);
    for (let i = 0; i < 2; i++) {
      const r = await link.get(`/family/login?code=${code}`);
      assert.equal(r.status, 200);
      assert.ok(!r.text.includes(code), 'the code is not drawn into the page');
      assert.match(r.text, /<input id="code" name="code" type="text" value=""/);
      assert.match(r.text, /<form method="post" action="\/family\/login" class="form" novalidate data-fill="code">/);
      assert.ok(!link.cookie('bp_session'), 'no session from a GET');
    }
    // the link itself: the page without the fragment (the browser never sends it), the code in the POST's body
    const linkPage = await link.get(link0.pathname);
    const res = await link.post('/family/login', { login_csrf: hiddenField(linkPage.text, 'login_csrf'), code }, { csrf: false });
    assert.equal(res.status, 303);
    assert.equal((await link.get(`/family/cases/${own.id}`)).status, 200);
    assert.equal((await familyLogin(code)).res.status, 401, 'a link works once');
  });

  test('issue 10 item 11: the language a family member chooses is kept on their account, on any device', async () => {
    const first = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    // a family member's chooser is a form (POST /lang): a GET only sets the cookie (issue 11 item 8: no state change on GET)
    const chooser = (await first.get('/family')).text;
    assert.match(chooser, /<form method="post" action="\/lang" class="inline"><input type="hidden" name="csrf" value="[^"]+"><input type="hidden" name="l" value="ar"><input type="hidden" name="next" value="\/family">/);
    assert.equal((await first.get('/lang?l=ar&next=/family')).status, 303);
    const unkept = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    assert.match((await unkept.get('/family')).text, /<html lang="sv" dir="ltr">/, 'GET /lang kept nothing on the account');
    assert.equal((await first.post('/lang', { l: 'ar', next: '/family' }, { csrf: false })).status, 403, 'without the CSRF token: refused');
    const r = await first.post('/lang', { l: 'ar', next: '/family' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/family');
    const other = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0])); // a new device: no cookie
    assert.ok(!other.cookie('bp_lang'));
    const page = await other.get(`/family/cases/${kase.id}`);
    assert.match(page.text, /<html lang="ar" dir="rtl">/);
    await other.get('/family'); // its csrf field
    assert.equal((await other.post('/lang', { l: 'en', next: '/family' })).status, 303);
    const third = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    assert.match((await third.get('/family')).text, /<html lang="en" dir="ltr">/);
    assert.match((await third.get('/family')).text, /My pages/);
  });

  test('a family member reaches no other child\'s case and no professional page; each attempt is on record', async () => {
    const fam = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    const other = await makeCase(anna);
    for (const p of [`/family/cases/${other.id}`, `/family/cases/${other.id}/plan`, '/family/cases/999999', `/family/cases/${kase.id}/meetings/999999`,
      `/cases/${kase.id}`, '/cases', '/tasks', '/admin/audit', '/region', '/survey/results', `/api/v1/cases/${kase.id}`, '/api/v1/cases']) {
      // a family session on the professionals' API is answered as a route that does not exist (no operation of docs/openapi.yaml)
      const r = p.startsWith('/api/') ? await fam.getJson(p, { openapi: false }) : await fam.get(p);
      assert.equal(r.status, 404, p);
    }
    const denied = (await admin.getJson(`/api/v1/audit?action=denied&case=${other.id}`)).json();
    assert.ok(denied.some((e) => /^family:\w+ not_own$/.test(e.detail) && e.username?.startsWith('family-')), JSON.stringify(denied));
    const pages = (await admin.getJson('/api/v1/audit?action=denied')).json().filter((e) => e.object === 'page');
    for (const route of ['case_show', 'cases', 'tasks', 'audit', 'api_case_show'])
      assert.ok(pages.some((e) => e.detail === route), `the refusal of ${route} is on record`);
    // a professional's session is not a family member's: the family pages ask for a family login
    const r = await annaWeb.get(`/family/cases/${kase.id}`);
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/family\/login/);
  });
});

describe('issue 10 item 8: who has looked', () => {
  test('the list names exactly the reads the professionals made, no more and no fewer; never another family member\'s', async () => {
    await srv.ready;
    const [anna, annaWeb, bertil, bertilWeb, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.login('bertil'), srv.apiLogin('admin')]);
    const orgs = await orgIds(anna);
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']] });
    const fam = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[0]));
    const other = await loggedIn(await letterCode(annaWeb, kase.id, kase.guardians[1]));
    const rows = async () => {
      const r = await fam.get(`/family/cases/${kase.id}/access`);
      assert.equal(r.status, 200);
      return [...decodeEntities(r.text).matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => ({ who: m[2], org: m[3], what: m[4] }));
    };
    const pro = (list) => list.filter((x) => x.who !== 'Du');
    const before = pro(await rows());
    // the script's reads: two professionals, page and API; and the other guardian, whose reads are theirs (R4)
    assert.equal((await annaWeb.get(`/cases/${kase.id}`)).status, 200);
    assert.equal((await bertilWeb.get(`/cases/${kase.id}`)).status, 200);
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}`)).status, 200);
    assert.equal((await other.get(`/family/cases/${kase.id}`)).status, 200);
    const after = await rows();
    const added = pro(after).slice(0, pro(after).length - before.length);
    for (const [who, org, n] of [['Anna Lindqvist', 'Ålidhemsskolan', 1], ['Bertil Öberg', 'Socialtjänsten Umeå', 2]])
      assert.equal(added.filter((x) => x.who.startsWith(who) && x.org === org && x.what === 'Ärende').length, n, `${who}'s reads of the case`);
    assert.ok(after.some((x) => x.who === 'Du'), 'the member\'s own reads are there');
    assert.ok(!after.some((x) => /Omar|Ahmed|Leila|family-/.test(x.who)), 'never another family member\'s reads');
    // no more and no fewer: the professionals' reads in the audit trail, in the same order, with the same words
    const LABEL = { case: 'Ärende', prep_status: 'Vem som är förberedd', plan: 'Plan', meeting: 'Möte', consent: 'Samtycke' };
    const audit = (await admin.getJson(`/api/v1/audit?case=${kase.id}&limit=1000`)).json()
      .filter((e) => (e.action === 'read' || e.action === 'export') && !e.username.startsWith('family-'));
    assert.deepEqual(pro(after).map((x) => [x.org, x.what]), audit.map((e) => [e.org_name, LABEL[e.object] ?? e.object]));
    // a ten-year-old has no such page (the table: access.log from 12)
    const child = await loggedIn(await letterCode(annaWeb, kase.id, 0));
    assert.equal((await child.get(`/family/cases/${kase.id}/access`)).status, 404);
  });
});

describe('issue 10 item 3: what each family member sees, by docs/family-access.md', () => {
  let anna, annaWeb, bertil, david, admin;
  const MARK = FAMILY_MARK;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, david, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.apiLogin('david'), srv.apiLogin('admin')]);
  });

  const fullCase = (age, custody) => fullFamilyCase({ anna, bertil, david }, age, custody);

  /** The family pages of the case, as one member sees them: [{ path, html }]. */
  async function pagesOf(fam, kase) {
    const out = [];
    for (const p of [`/family/cases/${kase.id}`, `/family/cases/${kase.id}/plan`, `/family/cases/${kase.id}/meetings/${kase.meetingId}`]) {
      const r = await fam.get(p);
      out.push({ path: p, status: r.status, html: decodeEntities(r.text) });
    }
    return out;
  }

  // items the fixture gives a value on the pages built so far (the rest of the table comes with issue 10 items 4-8)
  const FILLED = ['page.case', 'child.name', 'child.birth_date', 'child.id_number', 'guardians.own', 'guardians.own_contact', 'guardians.other_name',
    'case.initiative', 'case.orgs', 'page.meeting', 'meeting.when', 'meeting.where', 'meeting.why', 'meeting.who', 'meeting.roles',
    'page.plan', 'plan.goals', 'plan.interventions', 'plan.commitments', 'plan.coordinator', 'plan.contact_if_fails', 'plan.contacts',
    'plan.followup', 'plan.summary'];

  const ROLES = FAMILY_ROLES;
  for (const { role, age, custody, who } of ROLES) {
    test(`${role}: only the items the table gives the role, and the ones it gives are there`, async () => {
      const kase = await fullCase(age, custody);
      const fam = await loggedIn(await letterCode(annaWeb, kase.id, who === 'child' ? 0 : kase.guardians[who]));
      const pages = await pagesOf(fam, kase);
      for (const p of pages) assert.equal(p.status, 200, `${role} ${p.path}`);
      const seen = new Set(pages.flatMap((p) => [...dataItems(p.html)]));
      for (const id of seen) {
        assert.ok(ITEM[id], `data-item ${id} is an item of the table`);
        assert.notEqual(ITEM[id].cells[role].cell, 'none', `${role} must not see ${id}`);
      }
      for (const id of FILLED)
        if (ITEM[id].cells[role].cell !== 'none' && !(id === 'guardians.other_name' && custody === 'sole')) assert.ok(seen.has(id), `${role} sees ${id}`);
      const all = pages.map((p) => p.html).join('\n');
      // fields meant for others: the other guardian's details, invitees' e-mails, the draft, the initiator's reason
      for (const m of [MARK.otherPhone, MARK.otherEmail, MARK.otherAddress, MARK.otherPnr, MARK.invitedEmail, MARK.draft, MARK.reason])
        assert.ok(!all.includes(m), `${role}: ${m} must not be on the family pages`);
      if (role.startsWith('child') || role === 'adult_student')
        assert.ok(!all.includes('ella@example.se'), 'R3: a child never sees a guardian\'s contact details');
      // every read is on record like a professional's, naming the role
      const audit = await auditForCase(admin, kase.id);
      for (const what of ['case', 'plan', 'meeting'])
        assert.ok(audit.some((e) => e.action === 'read' && e.detail === `family:${role} ${what}`), `${role} ${what} read audited`);
    });
  }

  test('issue 10 item 10: a guardian the child is protected from sees none of the hide items, no marker, no organisation or place', async () => {
    const kase = await fullCase(10, 'joint');
    const [ella, omar] = kase.guardians;
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/protection`, { child: true, child_from: [omar], guardians: [ella], guardians_from: [omar] });
    assert.equal(r.status, 200, r.text);
    const from = await loggedIn(await letterCode(annaWeb, kase.id, omar));
    const pages = await pagesOf(from, kase);
    for (const p of pages) assert.equal(p.status, 200, p.path); // when and why, without where and who
    const shown = pages;
    const seen = new Set(shown.flatMap((p) => [...dataItems(p.html)]));
    for (const id of seen) assert.ok(!ITEM[id].hide, `hidden from the one protected from: ${id}`);
    const all = shown.map((p) => p.html).join('\n');
    for (const word of ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå', 'Skolans konferensrum', 'Skyddade personuppgifter', 'Anna Lindqvist'])
      assert.ok(!all.includes(word), `${word} must not reach the guardian the child is protected from`);
    assert.equal((await from.get(`/family/cases/${kase.id}/access`)).status, 404, 'who has looked would name the new school');
    const pdf = await from.get(`/family/cases/${kase.id}/plan/versions/1.pdf`);
    assert.equal(pdf.status, 200, pdf.text.slice(0, 2000));
    // the consents in force are listed as "en verksamhet", so that a withdrawal stays possible (section 6)
    const ledger = decodeEntities((await from.get(`/family/cases/${kase.id}/consents`)).text);
    assert.match(ledger, /en verksamhet/);
    for (const word of ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå', 'Anna Lindqvist'])
      assert.ok(!ledger.includes(word), `the ledger names no organisation to the one protected from: ${word}`);
    const withdraw = ledger.match(/href="(\/family\/cases\/\d+\/consents\/\d+\/withdraw)"/)?.[1];
    assert.ok(withdraw, 'a withdrawal is offered');
    const confirm = decodeEntities((await from.get(withdraw)).text);
    assert.match(confirm, /Vill du ta tillbaka samtycket för en verksamhet\?/);
    // the protected guardian and the child see the marker, and the organisations
    for (const who of [ella, 0]) {
      const member = await loggedIn(await letterCode(annaWeb, kase.id, who));
      const page = decodeEntities((await member.get(`/family/cases/${kase.id}`)).text);
      assert.match(page, /Skyddade personuppgifter/);
      assert.match(page, /Ålidhemsskolan/);
    }
    assert.equal((await from.post(withdraw, {})).status, 303, 'the one protected from withdraws without learning which');
  });

  test('at 18 the guardians\' access ends; the adult student\'s own stays (section 7)', async () => {
    const orgs = await orgIds(anna);
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { id_number: personnummer(bornYearsAgo(18), 418) } } });
    const r = await annaWeb.post(`/cases/${kase.id}/family/letter`, { guardian: String(kase.guardians[0]) });
    assert.equal(r.status, 409);
    await loggedIn(await letterCode(annaWeb, kase.id, 0));
  });
});
