// family_oidc: families log in through BankID behind the region's broker (issue 10 item 1), here a real OpenID
// provider on loopback (oidc-provider) that releases the personnummer in the ID token, as brokers do
// (claim personal_number, twelve digits). Barnplan maps it to the child or a guardian who may log in, never by
// name or e-mail: one person logs in at once; a parent of two children chooses (a single-use code each); a
// personnummer nobody has is refused and on record; a replayed callback is refused. The token's own checks
// (signature, audience, expiry, nonce) are the staff login's code and tested there (oidc.test.mjs).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, hiddenField, decodeEntities, freePort, personnummer, addDays, today, auditForCase } from '../lib/server.mjs';
import { useFamilyOidcServer } from '../lib/oidc.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';
import { bornYearsAgo } from '../lib/family.mjs';

const oidc = await useFamilyOidcServer();
const srv = oidc.srv;


describe('issue 10 item 1: families log in through the region\'s BankID broker', () => {
  let anna, admin, orgs;
  let serial = 700;
  before(async () => {
    await srv.ready;
    [anna, admin] = await Promise.all([srv.apiLogin('anna'), srv.apiLogin('admin')]);
    orgs = await orgIds(anna);
  });
  const caseFor = (guardianPnr, childPnr = personnummer(bornYearsAgo(10), serial++)) =>
    makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { id_number: childPnr }, guardians: [{ name: 'Maria Bankidsson', custody: 'sole', id_number: guardianPnr }] } });

  test('the login page offers BankID; a guardian is found by personnummer and logged in at once', async () => {
    const page = await new Client(srv.base).get('/family/login');
    assert.match(decodeEntities(page.text), /href="\/family\/login\/oidc">Logga in med BankID</);
    const pnr = personnummer('1981-03-04', serial++);
    const kase = await caseFor(pnr);
    const browser = new Client(srv.base);
    const r = await oidc.idp.signIn(browser, pnr, '/family/login/oidc');
    assert.equal(r.status, 303, r.text.slice(0, 800));
    assert.equal(r.location, '/family');
    assert.equal((await browser.get(`/family/cases/${kase.id}`)).status, 200);
    const logins = (await admin.getJson('/api/v1/audit?action=login')).json();
    assert.ok(logins.some((e) => e.detail === 'family_oidc' && e.username?.startsWith('family-')), 'the login is on record');
  });

  test('a parent of two children chooses whose pages; the choice is single-use and reaches only that child', async () => {
    const pnr = personnummer('1979-11-12', serial++);
    const [first, second] = [await caseFor(pnr), await caseFor(pnr)];
    const browser = new Client(srv.base);
    const r = await oidc.idp.signIn(browser, pnr, '/family/login/oidc');
    assert.equal(r.status, 200);
    const html = decodeEntities(r.text);
    assert.match(html, /Vems sidor vill du se\?/);
    const forms = [...html.matchAll(/<input type="hidden" name="code" value="([A-Z0-9]+)">/g)].map((m) => m[1]);
    assert.equal(forms.length, 2);
    const chosen = await browser.post('/family/login', { login_csrf: hiddenField(r.text, 'login_csrf'), code: forms[0] }, { csrf: false });
    assert.equal(chosen.status, 303);
    const cases = decodeEntities((await browser.get('/family')).text);
    const reach = [first.id, second.id].filter((id) => cases.includes(`/family/cases/${id}"`));
    assert.equal(reach.length, 1, 'one child at a time');
    const other = reach[0] === first.id ? second.id : first.id;
    assert.equal((await browser.get(`/family/cases/${other}`)).status, 404);
    const again = new Client(srv.base);
    const lp = await again.get('/family/login');
    assert.equal((await again.post('/family/login', { login_csrf: hiddenField(lp.text, 'login_csrf'), code: forms[0] }, { csrf: false })).status, 401, 'a choice works once');
  });

  test('a twelve-year-old with BankID logs in as the child', async () => {
    const childPnr = personnummer(bornYearsAgo(12), serial++);
    const kase = await caseFor(personnummer('1985-05-06', serial++), childPnr);
    const browser = new Client(srv.base);
    const r = await oidc.idp.signIn(browser, childPnr, '/family/login/oidc');
    assert.equal(r.status, 303);
    const page = decodeEntities((await browser.get(`/family/cases/${kase.id}`)).text);
    assert.match(page, /Din sida/);
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.action === 'read' && e.detail === 'family:child_12_14 case'));
  });

  test('a personnummer nobody in Barnplan has is refused and on record; so is a replayed callback', async () => {
    const browser = new Client(srv.base);
    const r = await oidc.idp.signIn(browser, personnummer('1970-07-07', 999), '/family/login/oidc');
    assert.equal(r.status, 403);
    assert.match(decodeEntities(r.text), /vi hittar inget barn eller ingen vårdnadshavare med ditt personnummer/);
    assert.ok(!browser.cookie('bp_session'));
    const pnr = personnummer('1983-08-09', serial++);
    await caseFor(pnr);
    const b2 = new Client(srv.base);
    const { callback } = await oidc.idp.authorize(b2, pnr, '/family/login/oidc');
    assert.equal((await b2.get(callback)).status, 303);
    const replay = new Client(srv.base);
    replay.setCookie('bp_oidc_family', new URL(callback, srv.base).searchParams.get('state'));
    assert.equal((await replay.get(callback)).status, 403, 'the same state twice');
    const failed = (await admin.getJson('/api/v1/audit?action=login_failed')).json().map((e) => e.detail);
    assert.ok(failed.includes('oidc:unknown'));
    assert.ok(failed.includes('oidc:replay'));
  });
});
