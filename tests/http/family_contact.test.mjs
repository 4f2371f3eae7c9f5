// family_contact: a guardian changes their own phone and e-mail on the family pages (issue 10 item 3,
// docs/family-access.md guardians.own_contact, change:own). The form is kept as typed with the message beside
// the field when the address is wrong; the change is stored, audited, on the case's timeline without details,
// and the old address is told by e-mail (never the new one, nor any personal data). A login older than 15
// minutes must log in again first (the e-mail address is a way in: a link by e-mail, issue 10 item 2). The
// child, and a foreign case, get 404 as a missing page, on record as denied.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, hiddenField, decodeEntities, dbQuery, dbWrite, auditForCase, personnummer, bornYearsAgo } from '../lib/server.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';
import { familyMember } from '../lib/family.mjs';

const srv = useServer();

describe('issue 10 item 3: a guardian\'s own contact details', () => {
  let anna, annaWeb, admin, kase, other, guardian, gid, oldEmail;
  before(async () => {
    await srv.ready;
    [anna, annaWeb, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('admin')]);
    const orgs = await orgIds(anna);
    kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], registration: { child: { id_number: personnummer(bornYearsAgo(13), 611) } } });
    other = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    gid = kase.guardians[0];
    oldEmail = (await dbQuery(srv, `SELECT email FROM guardians WHERE id = ${gid}`)).trim();
    assert.ok(oldEmail, 'the fixture\'s guardian has an e-mail address');
    guardian = await familyMember(srv.base, annaWeb, kase.id, gid);
  });

  test('the case page links to the form; the form shows what is stored', async () => {
    const page = decodeEntities((await guardian.get(`/family/cases/${kase.id}`)).text);
    assert.match(page, new RegExp(`href="/family/cases/${kase.id}/contact"`));
    const form = await guardian.get(`/family/cases/${kase.id}/contact`);
    assert.equal(form.status, 200);
    const stored = (await dbQuery(srv, `SELECT email FROM guardians WHERE id = ${gid}`)).trim();
    assert.match(decodeEntities(form.text), new RegExp(`name="guardians.email"[^>]*value="${stored}"`));
  });

  test('a wrong address: 422, the message beside the field, the form kept as typed, nothing stored', async () => {
    const before = (await dbQuery(srv, `SELECT email FROM guardians WHERE id = ${gid}`)).trim();
    const r = await guardian.post(`/family/cases/${kase.id}/contact`, { 'guardians.phone': '070-999 88 77', 'guardians.email': 'inte-en-adress' });
    assert.equal(r.status, 422);
    const text = decodeEntities(r.text);
    assert.match(text, /id="guardians-email-error"/);
    assert.match(text, /value="070-999 88 77"/, 'the phone number as typed');
    assert.match(text, /value="inte-en-adress"/, 'the address as typed');
    assert.equal((await dbQuery(srv, `SELECT email FROM guardians WHERE id = ${gid}`)).trim(), before);
  });

  test('saved: stored, audited, on the timeline without details, the old address told', async () => {
    const r = await guardian.post(`/family/cases/${kase.id}/contact`, { 'guardians.phone': '070-999 88 77', 'guardians.email': 'ny.adress@example.se' });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, `/family/cases/${kase.id}?saved=contact#own-title`);
    const page = decodeEntities((await guardian.get(r.location.replace(/#.*/, ''))).text);
    assert.match(page, /Tack! Dina kontaktuppgifter är sparade\./);
    assert.match(page, /ny\.adress@example\.se/);
    assert.equal((await dbQuery(srv, `SELECT phone || '|' || email FROM guardians WHERE id = ${gid}`)).trim(), '070-999 88 77|ny.adress@example.se');
    const mails = (await dbQuery(srv, `SELECT recipient || '|' || body FROM outbox WHERE kind = 'contact_changed' AND case_id = ${kase.id}`)).trim();
    assert.ok(mails.startsWith(`${oldEmail}|`), `the old address is told: ${mails}`);
    assert.doesNotMatch(mails, /ny\.adress|070-999/, 'the mail carries neither the new address nor the number');
    const entries = (await auditForCase(admin, kase.id)).filter((e) => e.action === 'update' && e.object === 'guardian');
    assert.equal(entries.length, 1, JSON.stringify(entries));
    assert.match(entries[0].detail, /^family:guardian(_joint)? own contact$/);
    const timeline = decodeEntities((await annaWeb.get(`/cases/${kase.id}`)).text);
    assert.match(timeline, /En vårdnadshavare ändrade sina kontaktuppgifter/);
    // a link by e-mail now goes to the new address (issue 10 item 2)
    const c = new Client(srv.base);
    const lc = hiddenField((await c.get('/family/login')).text, 'login_csrf');
    assert.equal((await c.post('/family/link', { login_csrf: lc, email: 'ny.adress@example.se' }, { csrf: false })).status, 200);
    assert.equal((await dbQuery(srv, "SELECT count(*) FROM outbox WHERE recipient = 'ny.adress@example.se' AND kind = 'family_link'")).trim(), '1');
  });

  test('a login older than 15 minutes: asked to log in again, nothing changed', async () => {
    // the other guardian, so that ageing their sessions leaves the other tests' login as it is
    const g2id = kase.guardians[1];
    const before = (await dbQuery(srv, `SELECT email FROM guardians WHERE id = ${g2id}`)).trim();
    const g = await familyMember(srv.base, annaWeb, kase.id, g2id);
    await dbWrite(srv, `UPDATE sessions SET created_at = created_at - 1200 WHERE user_id = (SELECT id FROM users WHERE family_guardian_id = ${g2id})`);
    const form = decodeEntities((await g.get(`/family/cases/${kase.id}/contact`)).text);
    assert.match(form, /Logga in igen för att ändra dina kontaktuppgifter/);
    assert.doesNotMatch(form, /name="guardians\.email"/, 'no form');
    const r = await g.post(`/family/cases/${kase.id}/contact`, { 'guardians.phone': '', 'guardians.email': 'tredje@example.se' });
    assert.equal(r.status, 422);
    assert.equal((await dbQuery(srv, `SELECT email FROM guardians WHERE id = ${g2id}`)).trim(), before);
  });

  test('the child and a foreign case: 404 as a missing page, on record as denied', async () => {
    const child = await familyMember(srv.base, annaWeb, kase.id, 0);
    assert.equal((await child.get(`/family/cases/${kase.id}/contact`)).status, 404);
    assert.equal((await child.post(`/family/cases/${kase.id}/contact`, { 'guardians.phone': '1', 'guardians.email': 'barn@example.se' })).status, 404);
    assert.equal((await guardian.get(`/family/cases/${other.id}/contact`)).status, 404);
    assert.equal((await guardian.post(`/family/cases/${other.id}/contact`, { 'guardians.phone': '1', 'guardians.email': 'x@example.se' })).status, 404);
    const denied = (await auditForCase(admin, kase.id)).filter((e) => e.action === 'denied');
    assert.ok(denied.length >= 2, `the child's tries are on record: ${JSON.stringify(denied)}`);
    assert.equal((await dbQuery(srv, `SELECT count(*) FROM guardians WHERE email IN ('barn@example.se', 'x@example.se')`)).trim(), '0');
  });
});
