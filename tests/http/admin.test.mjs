// admin: administration in the browser (issue 10 item 9). The installation's administrator creates an
// organisation and names its administrator; an organisation's administrator invites a colleague by e-mail (a
// one-time link: GET shows the form, POST uses it up), changes roles, disables an account (its open session
// ends at its next request) and sees its members' activity; another organisation's staff is a 404, on record
// as denied. Every change leaves an audit entry. Real SMTP sink, real database (SQLite and PostgreSQL).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useServer, dbQuery, DEMO_PASSWORD, hiddenField, fieldError, formValues, decodeEntities, uniqueName } from '../lib/server.mjs';
import { useSmtp } from '../lib/smtp.mjs';

const smtpReady = useSmtp();
const srv = useServer({
  env: async () => ({ BARNPLAN_SMTP_URL: (await smtpReady).url, BARNPLAN_PUBLIC_URL: 'https://barnplan.test' }),
});

const query = async (sql) => (await dbQuery(srv, sql)).trim();
/** A write the tests make behind the server's back (only to let time pass: an invitation's expiry). */
async function dbWrite(sql) {
  const [cmd, args] = srv.backend === 'postgres'
    ? ['psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', srv.dbUrl, '-c', sql]]
    : ['sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.replace(/^sqlite:/, ''), sql]];
  await promisify(execFile)(cmd, args);
}
const userId = async (username) => Number(await query(`SELECT id FROM users WHERE username = '${username}'`));
const NEW_PASSWORD = 'Ett-eget-lösenord-42';

/** The invitation's link in the e-mail to `email`: the path with its token after '#' ("/invite#kod=..."). */
async function inviteLink(email) {
  const smtp = await smtpReady;
  const m = await smtp.waitFor((x) => x.to.includes(email), 20000);
  assert.match(m.mail.subject, /Barnplan: du är inbjuden/);
  const link = /https:\/\/barnplan\.test(\/invite#kod=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(m.mail.text || '');
  assert.ok(link, `the e-mail carries the link:\n${m.mail.text}`);
  return link[1];
}
/** The token of a link: after '#kod=' (OWASP ASVS V14.2.1: never in the path or the query). */
const tokenOf = (link) => link.split('#kod=')[1];

/** The invited colleague opens the link and sets a password: a new client, logged in (or the response). The
 * browser sends only the path (the fragment stays in it); static/code.js or the colleague puts the token into
 * the form, which sends it in the body. */
async function acceptInvite(path, password = NEW_PASSWORD, again = password) {
  const c = srv.client();
  const form = await c.get(path.split('#')[0]);
  if (form.status !== 200) return { client: c, res: form };
  assert.match(form.text, /<input id="token" name="token" type="text" value=""/, 'the empty token field');
  const res = await c.post('/invite', { token: tokenOf(path), password, password_again: again }, { csrf: false });
  return { client: c, res, form };
}

/** An organisation made by the installation's administrator through its page; its id. */
async function makeOrg(admin, name) {
  await admin.get('/admin/orgs');
  const r = await admin.post('/admin/orgs', { 'org.name': name, 'org.kind': 'school', 'org.principal': 'municipality', 'org.municipality': 'Umeå kommun' });
  assert.equal(r.status, 303, r.text);
  const m = /^\/admin\/orgs\/(\d+)\?saved=created$/.exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

/** An organisation's administrator made on the command line (`barnplan user add --org ID:org_admin`), logged in. */
async function orgAdmin(orgId, username) {
  await srv.cli(['user', 'add', username, '--name', `${username} (admin)`, '--email', `${username}@example.se`, '--org', `${orgId}:org_admin`], `${DEMO_PASSWORD}\n`);
  return srv.login(username);
}

/** Invites a colleague from the organisation's page; the response. */
async function invite(client, orgId, name, email, role = 'professional') {
  await client.get(`/admin/orgs/${orgId}`);
  return client.post(`/admin/orgs/${orgId}/invites`, { 'invite.display_name': name, 'invite.email': email, 'invite.role': role });
}

const auditRows = (where) =>
  query(`SELECT action || ' ' || object || CASE WHEN detail = '' THEN '' ELSE ' ' || detail END FROM audit WHERE ${where} ORDER BY id`);

describe('the installation administrator manages organisations (issue 10 item 9)', () => {
  let admin, orgId;
  const name = uniqueName('Testskolan');
  before(async () => {
    await srv.ready;
    admin = await srv.login('admin');
    orgId = await makeOrg(admin, name);
  });

  test('creates an organisation: listed, and on record as "create organisation"', async () => {
    const list = await admin.get('/admin/orgs');
    assert.equal(list.status, 200);
    assert.ok(decodeEntities(list.text).includes(name));
    assert.equal(await auditRows(`org_id = ${orgId} AND object = 'organisation' AND action = 'create'`), 'create organisation');
  });

  test('a form with a missing name comes back as typed, the message next to the field', async () => {
    await admin.get('/admin/orgs');
    const r = await admin.post('/admin/orgs', { 'org.name': '', 'org.kind': 'preschool', 'org.principal': 'private', 'org.municipality': 'Skellefteå' });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'org.name'), 'Fyll i fältet.');
    const v = formValues(r.text);
    assert.equal(v['org.kind'], 'preschool');
    assert.equal(v['org.municipality'], 'Skellefteå');
  });

  test('renames it (audited "update organisation")', async () => {
    await admin.get(`/admin/orgs/${orgId}`);
    const r = await admin.post(`/admin/orgs/${orgId}`, { 'org.name': `${name} nytt`, 'org.kind': 'school', 'org.principal': 'municipality', 'org.municipality': 'Umeå kommun' });
    assert.equal(r.status, 303, r.text);
    assert.ok(decodeEntities((await admin.get('/admin/orgs')).text).includes(`${name} nytt`));
    assert.equal(await auditRows(`org_id = ${orgId} AND object = 'organisation' AND action = 'update'`), 'update organisation');
  });

  test('names its administrator by invitation; they set a password and administer it', async () => {
    const email = `${name.replace(/\W/g, '').toLowerCase()}-chef@example.se`;
    const r = await invite(admin, orgId, 'Olga Administratör', email, 'org_admin');
    assert.equal(r.status, 303, r.text);
    const { client, res } = await acceptInvite(await inviteLink(email));
    assert.equal(res.status, 303, res.text);
    assert.equal(res.location, '/cases');
    const page = await client.get('/cases');
    assert.equal(page.status, 200);
    assert.match(page.text, /href="\/admin">Administration</, 'the navigation links to the administration');
    assert.equal((await client.get(`/admin/orgs/${orgId}`)).status, 200);
    assert.equal((await client.get('/admin/orgs')).status, 403, 'only the installation administrator lists organisations');
    const id = await userId(email);
    assert.equal(await query(`SELECT role FROM memberships WHERE user_id = ${id}`), 'org_admin');
    assert.equal(await auditRows(`org_id = ${orgId} AND object = 'staff' AND action = 'create'`), `create staff invited org_admin user ${id}`);
    assert.equal(await auditRows(`user_id = ${id} AND action IN ('update', 'login')`), 'update user invite_accepted\nlogin session invite');
  });

  test('a plain professional has no administration: 403 for the pages, 404 for an organisation', async () => {
    const anna = await srv.login('anna');
    assert.doesNotMatch((await anna.get('/cases')).text, /href="\/admin">/);
    assert.equal((await anna.get('/admin')).status, 403);
    assert.equal((await anna.get('/admin/orgs')).status, 403);
    const annaOrg = Number(await query("SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username = 'anna'"));
    assert.equal((await anna.get(`/admin/orgs/${annaOrg}`)).status, 404);
  });
});

describe('an organisation administrator invites a colleague (issue 10 item 9)', () => {
  let oa, orgId, email, link;
  before(async () => {
    await srv.ready;
    const admin = await srv.login('admin');
    orgId = await makeOrg(admin, uniqueName('Inbjudningsskolan'));
    oa = await orgAdmin(orgId, `oa${orgId}`);
    email = `kollega${orgId}@Example.se`;
    const r = await invite(oa, orgId, 'Klara Kollega', email);
    assert.equal(r.status, 303, r.text);
    link = await inviteLink(email);
  });

  test('only the token\'s hash is stored, expiring in 72 hours; the member is listed as invited', async () => {
    const token = tokenOf(link);
    const klara = await userId(email.toLowerCase());
    const [hash, life] = (await query(`SELECT token_hash, expires_at - created_at FROM staff_invites WHERE user_id = ${klara}`)).split('|');
    assert.equal(hash.length, 64);
    assert.notEqual(hash, token);
    assert.ok(!(await query('SELECT token_hash FROM staff_invites')).includes(token), 'the token itself is nowhere');
    assert.equal(Number(life), 72 * 3600);
    assert.equal((await invite(oa, orgId, 'Listade Lisa', `lisa${orgId}@example.se`)).status, 303);
    const page = await oa.get(`/admin/orgs/${orgId}`);
    assert.match(decodeEntities(page.text), /Listade Lisa<\/td>[\s\S]*?Inbjuden, har inte valt lösenord än/);
  });

  test('the username is the address in lower case; an address that has an account is refused beside the field', async () => {
    assert.ok(await userId(email.toLowerCase()));
    const r = await invite(oa, orgId, 'Klara igen', email.toUpperCase());
    assert.equal(r.status, 409);
    assert.equal(fieldError(r.text, 'invite.email'), 'Det finns redan ett konto med den e-postadressen.');
    assert.equal(formValues(r.text)['invite.display_name'], 'Klara igen', 'the form kept as typed');
  });

  test('V14.2.1: the token only after \'#\'; GET shows the empty form and reads no ?token= (mail scanners); a short, common (ASVS V6.2.4, V6.2.12), context-word (V6.2.11) or mismatched password is refused beside its field', async () => {
    const own = `vantar${orgId}@example.se`; // an invitation of its own: any order of the tests
    assert.equal((await invite(oa, orgId, 'Väntande Vera', own)).status, 303);
    const path = await inviteLink(own);
    const token = tokenOf(path);
    const mail = (await query(`SELECT body FROM outbox WHERE recipient = '${own}' AND kind = 'staff_invite'`));
    for (const u of mail.match(/https?:\/\/\S+/g)) {
      const parsed = new URL(u);
      assert.equal(parsed.pathname, '/invite', u);
      assert.equal(parsed.search, '', `no query in ${u}`);
    }
    assert.match(mail, new RegExp(`skriv koden\\n${token}\\n`), 'without script: the token to paste, on its own line');
    const c = srv.client();
    for (const p of ['/invite', `/invite?token=${token}`, `/invite?token=${token}`]) {
      const r = await c.get(p);
      assert.equal(r.status, 200, p);
      assert.ok(!r.text.includes(token), `${p}: the token is not read or drawn`);
      assert.match(r.text, /<input id="token" name="token" type="text" value=""/);
      assert.match(r.text, /<form method="post" action="\/invite" class="form" novalidate data-fill="token">/);
      assert.ok(!c.cookie('bp_session'), 'no session');
    }
    assert.equal(await query(`SELECT COUNT(*) FROM staff_invites WHERE user_id = ${await userId(own)} AND used_at IS NULL`), '1', 'nothing used up by GETs');
    let r = await c.post('/invite', { password: NEW_PASSWORD, password_again: NEW_PASSWORD }, { csrf: false });
    assert.equal(r.status, 422, 'no token pasted');
    assert.equal(fieldError(r.text, 'token'), 'Fyll i fältet.');
    r = await c.post('/invite', { token, password: 'kort', password_again: 'kort' }, { csrf: false });
    assert.equal(r.status, 422);
    assert.match(decodeEntities(r.text), /Du är inbjuden till Barnplan av /, 'a token found: the organisation named');
    assert.equal(hiddenField(r.text, 'token'), token, 'the token kept in the form as pasted');
    assert.equal(fieldError(r.text, 'password'), 'Lösenordet behöver minst 10 tecken.');
    r = await c.post('/invite', { token }, { csrf: false }); // nothing typed
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'password'), 'Lösenordet behöver minst 10 tecken.');
    r = await c.post('/invite', { token, password: 'Password12345', password_again: 'Password12345' }, { csrf: false });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'password'), /^Lösenordet är för vanligt eller för lätt att gissa/);
    r = await c.post('/invite', { token, password: 'VäntandeVera2024', password_again: 'VäntandeVera2024' }, { csrf: false }); // the invited name
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'password'), /^Lösenordet är för lätt att gissa: det bygger på ett ord som hör ihop med Barnplan, ditt namn/);
    r = await c.post('/invite', { token, password: NEW_PASSWORD, password_again: `${NEW_PASSWORD}x` }, { csrf: false });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'password_again'), 'Lösenorden är inte lika. Skriv samma lösenord två gånger.');
    assert.doesNotMatch(r.text, new RegExp(NEW_PASSWORD), 'a password is never drawn back');
    assert.equal(await query(`SELECT COUNT(*) FROM staff_invites WHERE user_id = ${await userId(own)} AND used_at IS NULL`), '1');
    r = await c.post('/invite', { token: ` ${token}\n`, password: NEW_PASSWORD, password_again: NEW_PASSWORD }, { csrf: false });
    assert.equal(r.status, 303, 'pasted with white space around it: taken, in the body');
    assert.equal(r.location, '/cases');
  });

  test('the colleague sets a password, is logged in, and can log in with it later; a replayed link is refused', async () => {
    const { client, res } = await acceptInvite(link);
    assert.equal(res.status, 303, res.text);
    assert.equal((await client.get('/cases')).status, 200, 'logged in by the invitation');
    const again = await srv.login(email.toLowerCase(), NEW_PASSWORD);
    assert.equal((await again.get('/cases')).status, 200);
    const replay = await acceptInvite(link, 'Ett-annat-lösenord-99');
    assert.equal(replay.res.status, 404, 'the link works once');
    const c = srv.client();
    const post = await c.post('/invite', { token: tokenOf(link), password: 'Ett-annat-lösenord-99', password_again: 'Ett-annat-lösenord-99' }, { csrf: false });
    assert.equal(post.status, 404, 'a replayed POST too');
    assert.match(decodeEntities(post.text), /Länken har redan använts/);
    assert.ok(!post.setCookies.some((l) => l.startsWith('bp_session=')), 'no session');
    const id = await userId(email.toLowerCase());
    assert.match(await auditRows(`user_id = ${id} AND action = 'login_failed'`), /login_failed session invite:used/);
    await srv.login(email.toLowerCase(), NEW_PASSWORD); // the password did not change
  });

  test('an expired link is refused (and one made up)', async () => {
    const late = `sen${orgId}@example.se`;
    assert.equal((await invite(oa, orgId, 'Sena Sven', late)).status, 303);
    const path = await inviteLink(late);
    await dbWrite(`UPDATE staff_invites SET expires_at = created_at - 1 WHERE user_id = (SELECT id FROM users WHERE username = '${late}')`);
    const c = srv.client();
    const r = await c.post('/invite', { token: tokenOf(path), password: NEW_PASSWORD, password_again: NEW_PASSWORD }, { csrf: false });
    assert.equal(r.status, 404);
    assert.match(decodeEntities(r.text), /Länken har redan använts, har dragits tillbaka, har gått ut eller är inte giltig/);
    assert.match(await auditRows(`user_id = ${await userId(late)} AND action = 'login_failed'`), /invite:expired/);
    const made = await c.post('/invite', { token: 'A'.repeat(43), password: NEW_PASSWORD, password_again: NEW_PASSWORD }, { csrf: false });
    assert.equal(made.status, 404);
    assert.ok(!c.cookie('bp_session'), 'no session');
  });

  test('the administrator changes a role (audited), with the form drawn from its table', async () => {
    const id = await userId(email.toLowerCase());
    const page = await oa.get(`/admin/orgs/${orgId}`);
    assert.match(page.text, new RegExp(`id="staff-role-${id}"`), 'each member\'s role field has an id of its own');
    const r = await oa.post(`/admin/orgs/${orgId}/staff/${id}/role`, { 'staff.role': 'manager' });
    assert.equal(r.status, 303, r.text);
    assert.equal(await query(`SELECT role FROM memberships WHERE user_id = ${id} AND org_id = ${orgId}`), 'manager');
    assert.match(await auditRows(`org_id = ${orgId} AND action = 'update' AND object = 'staff'`), new RegExp(`update staff role manager user ${id}`));
    const bad = await oa.post(`/admin/orgs/${orgId}/staff/${id}/role`, { 'staff.role': 'king' });
    assert.equal(bad.status, 422);
  });
});

describe('disabling, other organisations and activity (issue 10 item 9)', () => {
  let oa, orgId, colleague, colleagueId, annaId, annaOrg;
  before(async () => {
    await srv.ready;
    const admin = await srv.login('admin');
    orgId = await makeOrg(admin, uniqueName('Avstängningsskolan'));
    oa = await orgAdmin(orgId, `oa${orgId}`);
    const email = `stina${orgId}@example.se`;
    assert.equal((await invite(oa, orgId, 'Stina Stängs', email)).status, 303);
    ({ client: colleague } = await acceptInvite(await inviteLink(email)));
    colleagueId = await userId(email);
    annaId = await userId('anna');
    annaOrg = Number(await query(`SELECT org_id FROM memberships WHERE user_id = ${annaId}`));
  });

  test('disabling ends the open session at its next request, and the account cannot log in again', async () => {
    assert.equal((await colleague.get('/cases')).status, 200, 'the colleague is logged in');
    await oa.get(`/admin/orgs/${orgId}`);
    const r = await oa.post(`/admin/orgs/${orgId}/staff/${colleagueId}/disable`, {});
    assert.equal(r.status, 303, r.text);
    const next = await colleague.get('/cases');
    assert.equal(next.status, 303, 'the very next request is refused');
    assert.match(next.location, /^\/login/);
    assert.equal(await query(`SELECT COUNT(*) FROM sessions WHERE user_id = ${colleagueId}`), '0');
    const c = srv.client();
    const form = await c.get('/login');
    const login = await c.post('/login', { login_csrf: hiddenField(form.text, 'login_csrf'), username: `stina${orgId}@example.se`, password: NEW_PASSWORD }, { csrf: false });
    assert.equal(login.status, 401);
    assert.equal(await auditRows(`org_id = ${orgId} AND detail = 'disabled user ${colleagueId}'`), `update staff disabled user ${colleagueId}`);
    assert.match(decodeEntities((await oa.get(`/admin/orgs/${orgId}`)).text), /Stina Stängs[\s\S]*Avstängt/);
  });

  test('another organisation\'s user is a 404 (pages), audited as denied, and nothing changes', async () => {
    await oa.get(`/admin/orgs/${orgId}`);
    for (const [path, form] of [
      [`/admin/orgs/${orgId}/staff/${annaId}/disable`, {}],
      [`/admin/orgs/${orgId}/staff/${annaId}/role`, { 'staff.role': 'org_admin' }],
      [`/admin/orgs/${annaOrg}/staff/${annaId}/disable`, {}],
      [`/admin/orgs/${annaOrg}/invites`, { 'invite.display_name': 'Falsk', 'invite.email': `falsk${orgId}@example.se`, 'invite.role': 'professional' }],
    ]) {
      const r = await oa.post(path, form);
      assert.equal(r.status, 404, `${path}: ${r.status}`);
    }
    for (const path of [`/admin/orgs/${annaOrg}`, `/admin/orgs/${annaOrg}/audit`, '/admin/orgs/999999']) assert.equal((await oa.get(path)).status, 404, path);
    assert.equal(await query(`SELECT disabled FROM users WHERE id = ${annaId}`), '0');
    assert.equal(await query(`SELECT role FROM memberships WHERE user_id = ${annaId}`), 'professional');
    assert.equal(await query(`SELECT COUNT(*) FROM users WHERE username = 'falsk${orgId}@example.se'`), '0');
    const oaId = await userId(`oa${orgId}`);
    const denied = await auditRows(`user_id = ${oaId} AND action = 'denied'`);
    // the two aimed at anna from the own organisation name her; the five at the other organisation name it
    assert.equal((denied.match(new RegExp(`^denied staff user ${annaId}$`, 'gm')) || []).length, 2, denied);
    assert.equal(await query(`SELECT COUNT(*) FROM audit WHERE user_id = ${oaId} AND action = 'denied' AND org_id = ${annaOrg}`), '4', denied);
    assert.equal(denied.split('\n').length, 7, denied);
    assert.equal((await srv.login('anna').then((a) => a.get('/cases'))).status, 200, 'anna still works');
  });

  test('the organisation administrator sees its members\' activity, and only theirs', async () => {
    const page = await oa.get(`/admin/orgs/${orgId}/audit`);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, new RegExp(`stina${orgId}@example\\.se`), 'the colleague\'s login is there');
    assert.doesNotMatch(text, /<td>anna<\/td>/, 'another organisation\'s staff is not');
    const filtered = await oa.get(`/admin/orgs/${orgId}/audit?action=login`);
    assert.equal(filtered.status, 200);
    assert.match(filtered.text, new RegExp(`action="/admin/orgs/${orgId}/audit"`), 'the search stays on the organisation');
    assert.match(await auditRows(`user_id = ${await userId(`oa${orgId}`)} AND object = 'audit'`), /read audit/);
  });
});

describe('the same through the JSON API (issue 10 item 9)', () => {
  let oa, orgId, annaId, annaOrg;
  before(async () => {
    await srv.ready;
    const admin = await srv.login('admin');
    orgId = await makeOrg(admin, uniqueName('API-skolan'));
    await srv.cli(['user', 'add', `apioa${orgId}`, '--name', 'API-admin', '--email', `apioa${orgId}@example.se`, '--org', `${orgId}:org_admin`], `${DEMO_PASSWORD}\n`);
    oa = await srv.apiLogin(`apioa${orgId}`);
    annaId = await userId('anna');
    annaOrg = Number(await query(`SELECT org_id FROM memberships WHERE user_id = ${annaId}`));
  });

  test('invites, lists, changes a role and disables within the own organisation; every change audited', async () => {
    const email = `api-kollega${orgId}@example.se`;
    let r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/invites`, { display_name: 'Api Kollega', email, role: 'professional' });
    assert.equal(r.status, 201, r.text);
    await inviteLink(email); // the e-mail carries the link
    r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/invites`, { display_name: 'Api Kollega', email, role: 'professional' });
    assert.equal(r.status, 409, r.text);
    assert.match(r.text, /taken/);
    r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/invites`, { display_name: '', email: 'nej', role: 'professional' });
    assert.equal(r.status, 422, r.text);
    const list = await oa.getJson(`/api/v1/admin/orgs/${orgId}/staff`);
    assert.equal(list.status, 200, list.text);
    const member = list.json().staff.find((m) => m.username === email);
    assert.deepEqual({ role: member.role, invited: member.invited, disabled: member.disabled }, { role: 'professional', invited: true, disabled: false });
    r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${member.id}/role`, { role: 'manager' });
    assert.equal(r.status, 200, r.text);
    r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${member.id}/disable`, {});
    assert.equal(r.status, 200, r.text);
    const after = (await oa.getJson(`/api/v1/admin/orgs/${orgId}/staff`)).json().staff.find((m) => m.id === member.id);
    assert.deepEqual({ role: after.role, disabled: after.disabled }, { role: 'manager', disabled: true });
    assert.equal(await auditRows(`org_id = ${orgId} AND object = 'staff' AND action IN ('create', 'update') AND detail LIKE '%user ${member.id}'`),
      `create staff invited professional user ${member.id}\nupdate staff role manager user ${member.id}\nupdate staff disabled user ${member.id}`);
  });

  test('withdraws, resends, enables and removes through the API; the last administrator cannot remove themselves (409 last_admin)', async () => {
    const email = `api-mer${orgId}@example.se`;
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/invites`, { display_name: 'Api Mer', email, role: 'professional' })).status, 201);
    const first = await inviteLink(email);
    const id = await userId(email);
    let r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${id}/invite/withdraw`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${id}/invite/withdraw`, {})).status, 409, 'nothing left to withdraw');
    assert.equal((await acceptInvite(first)).res.status, 404);
    r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${id}/invite/resend`, {});
    assert.equal(r.status, 200, r.text);
    const second = await newInviteLink(email, [first]);
    assert.equal((await acceptInvite(second)).res.status, 303);
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${id}/enable`, {})).status, 409, 'not disabled');
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${id}/disable`, {})).status, 200);
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${id}/enable`, {})).status, 200);
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${id}/remove`, {})).status, 200);
    assert.equal(await query(`SELECT COUNT(*) FROM memberships WHERE user_id = ${id}`), '0');
    assert.equal(await auditRows(`org_id = ${orgId} AND object = 'staff' AND action = 'update' AND detail LIKE '%user ${id}'`),
      ['invite_withdrawn', 'invite_resent', 'disabled', 'enabled', 'removed'].map((d) => `update staff ${d} user ${id}`).join('\n'));
    const oaId = await userId(`apioa${orgId}`);
    r = await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${oaId}/remove`, {});
    assert.equal(r.status, 409, r.text);
    assert.match(r.text, /last_admin/);
    assert.equal(await query(`SELECT role FROM memberships WHERE user_id = ${oaId}`), 'org_admin');
  });

  test('another organisation\'s staff is 404 through the API too, audited as denied', async () => {
    const oaId = await userId(`apioa${orgId}`);
    const before = Number(await query(`SELECT COUNT(*) FROM audit WHERE user_id = ${oaId} AND action = 'denied'`));
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${annaId}/disable`, {})).status, 404);
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${annaId}/role`, { role: 'org_admin' })).status, 404);
    assert.equal((await oa.getJson(`/api/v1/admin/orgs/${annaOrg}/staff`)).status, 404);
    assert.equal((await oa.postJson(`/api/v1/admin/orgs/${annaOrg}/staff/${annaId}/disable`, {})).status, 404);
    for (const what of ['enable', 'invite/withdraw', 'invite/resend', 'remove'])
      assert.equal((await oa.postJson(`/api/v1/admin/orgs/${orgId}/staff/${annaId}/${what}`, {})).status, 404, what);
    assert.equal(await query(`SELECT disabled FROM users WHERE id = ${annaId}`), '0');
    assert.equal(await query(`SELECT COUNT(*) FROM memberships WHERE user_id = ${annaId}`), '1');
    assert.equal(Number(await query(`SELECT COUNT(*) FROM audit WHERE user_id = ${oaId} AND action = 'denied'`)), before + 8);
    assert.equal(await query(`SELECT COUNT(*) FROM audit WHERE user_id = ${oaId} AND action = 'denied' AND detail = 'user ${annaId}'`), '6');
  });
});

/** The invitation's link in the newest e-mail to `email` whose link is not one of `seen`. */
async function newInviteLink(email, seen) {
  const smtp = await smtpReady;
  const re = /https:\/\/barnplan\.test(\/invite#kod=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;
  const m = await smtp.waitFor((x) => x.to.includes(email) && !seen.includes(re.exec(x.mail.text || '')?.[1]), 20000);
  return re.exec(m.mail.text)[1];
}

/** An invited colleague who has accepted: { id, client (logged in by the invitation) }. */
async function acceptedColleague(oa, orgId, who) {
  const email = `${who}${orgId}@example.se`;
  assert.equal((await invite(oa, orgId, `${who} Kollega`, email)).status, 303);
  const { client, res } = await acceptInvite(await inviteLink(email));
  assert.equal(res.status, 303, res.text);
  return { id: await userId(email), email, client };
}

describe('withdrawing an invitation and sending it again (issue 10 item 9)', () => {
  let oa, orgId;
  before(async () => {
    await srv.ready;
    const admin = await srv.login('admin');
    orgId = await makeOrg(admin, uniqueName('Återkallningsskolan'));
    oa = await orgAdmin(orgId, `oa${orgId}`);
  });

  test('a withdrawn invitation\'s link stops working at once (GET and POST), audited; there is nothing to withdraw twice', async () => {
    const email = `dragen${orgId}@example.se`;
    assert.equal((await invite(oa, orgId, 'Dragna Dora', email)).status, 303);
    const link = await inviteLink(email);
    const id = await userId(email);
    await oa.get(`/admin/orgs/${orgId}`);
    const r = await oa.post(`/admin/orgs/${orgId}/staff/${id}/invite/withdraw`, {});
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/admin/orgs/${orgId}?saved=withdrawn`);
    const { res } = await acceptInvite(link);
    assert.equal(res.status, 404, 'the link is dead');
    assert.match(decodeEntities(res.text), /Länken har redan använts, har dragits tillbaka/);
    const c = srv.client();
    const post = await c.post('/invite', { token: tokenOf(link), password: NEW_PASSWORD, password_again: NEW_PASSWORD }, { csrf: false });
    assert.equal(post.status, 404, 'POST: refused');
    assert.ok(!post.setCookies.some((l) => l.startsWith('bp_session=')), 'no session');
    assert.equal(await query(`SELECT password_hash FROM users WHERE id = ${id}`), '!', 'no password set');
    assert.match(await auditRows(`user_id = ${id} AND action = 'login_failed'`), /login_failed session invite:withdrawn/);
    assert.equal(await auditRows(`org_id = ${orgId} AND detail = 'invite_withdrawn user ${id}'`), `update staff invite_withdrawn user ${id}`);
    assert.match(decodeEntities((await oa.get(`/admin/orgs/${orgId}`)).text), /Dragna Dora<\/td>[\s\S]*?Inbjudan gäller inte längre/);
    assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${id}/invite/withdraw`, {})).status, 409, 'nothing left to withdraw');
  });

  test('sending again makes a new link and kills the old one; the new one works once; an accepted colleague gets none', async () => {
    const email = `igen${orgId}@example.se`;
    assert.equal((await invite(oa, orgId, 'Igen Ingrid', email)).status, 303);
    const first = await inviteLink(email);
    const id = await userId(email);
    await oa.get(`/admin/orgs/${orgId}`);
    const r = await oa.post(`/admin/orgs/${orgId}/staff/${id}/invite/resend`, {});
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/admin/orgs/${orgId}?saved=resent`);
    const second = await newInviteLink(email, [first]);
    assert.notEqual(second, first);
    assert.equal((await acceptInvite(first)).res.status, 404, 'the old link is dead');
    assert.equal(await query(`SELECT COUNT(*) FROM staff_invites WHERE user_id = ${id} AND withdrawn_at IS NULL AND used_at IS NULL`), '1');
    const { res } = await acceptInvite(second);
    assert.equal(res.status, 303, res.text);
    assert.equal(await auditRows(`org_id = ${orgId} AND detail = 'invite_resent user ${id}'`), `update staff invite_resent user ${id}`);
    assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${id}/invite/resend`, {})).status, 409, 'accepted: nothing to send again');
    assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${id}/invite/withdraw`, {})).status, 409);
  });

  test('a withdrawn (or expired) invitation can be sent again, by the installation\'s administrator too', async () => {
    const email = `sen-igen${orgId}@example.se`;
    assert.equal((await invite(oa, orgId, 'Sena Signe', email)).status, 303);
    const first = await inviteLink(email);
    const id = await userId(email);
    await dbWrite(`UPDATE staff_invites SET expires_at = created_at - 1 WHERE user_id = ${id}`);
    assert.match(decodeEntities((await oa.get(`/admin/orgs/${orgId}`)).text), /Sena Signe<\/td>[\s\S]*?Inbjudan gäller inte längre/);
    const admin = await srv.login('admin');
    await admin.get(`/admin/orgs/${orgId}`);
    assert.equal((await admin.post(`/admin/orgs/${orgId}/staff/${id}/invite/resend`, {})).status, 303);
    const second = await newInviteLink(email, [first]);
    assert.equal((await acceptInvite(second)).res.status, 303);
    const adminId = await userId('admin');
    assert.equal(await query(`SELECT COUNT(*) FROM audit WHERE user_id = ${adminId} AND org_id = ${orgId} AND detail = 'invite_resent user ${id}'`), '1');
  });
});

describe('enabling a disabled account and removing a member (issue 10 item 9)', () => {
  let oa, oaId, orgId, otherOrg;
  before(async () => {
    await srv.ready;
    const admin = await srv.login('admin');
    orgId = await makeOrg(admin, uniqueName('Borttagningsskolan'));
    otherOrg = await makeOrg(admin, uniqueName('Andra skolan'));
    oa = await orgAdmin(orgId, `oa${orgId}`);
    oaId = await userId(`oa${orgId}`);
  });

  test('enabling: the account logs in again; the sessions disabling ended stay ended; audited', async () => {
    const { id, email, client } = await acceptedColleague(oa, orgId, 'aktiv');
    await oa.get(`/admin/orgs/${orgId}`);
    assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${id}/enable`, {})).status, 409, 'not disabled: nothing to enable');
    assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${id}/disable`, {})).status, 303);
    const r = await oa.post(`/admin/orgs/${orgId}/staff/${id}/enable`, {});
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/admin/orgs/${orgId}?saved=enabled`);
    assert.equal(await query(`SELECT disabled FROM users WHERE id = ${id}`), '0');
    const old = await client.get('/cases');
    assert.equal(old.status, 303, 'the old session stays ended');
    assert.match(old.location, /^\/login/);
    const again = await srv.login(email, NEW_PASSWORD);
    assert.equal((await again.get('/cases')).status, 200, 'logs in again');
    assert.equal(await auditRows(`org_id = ${orgId} AND detail IN ('disabled user ${id}', 'enabled user ${id}')`),
      `update staff disabled user ${id}\nupdate staff enabled user ${id}`);
    assert.match(decodeEntities((await oa.get(`/admin/orgs/${orgId}`)).text), /aktiv Kollega<\/td>[\s\S]*?Aktivt/);
  });

  test('removing: a confirmation first; then the case of the organisation is gone at the next request, the account stays with its other membership', async () => {
    const { id, email } = await acceptedColleague(oa, orgId, 'borta');
    const api = await srv.apiLogin(email, NEW_PASSWORD);
    const { makeCase } = await import('../lib/fixtures.mjs');
    const kase = await makeCase(api);
    assert.equal((await api.getJson(`/api/v1/cases/${kase.id}`)).status, 200, 'the colleague reads the organisation\'s case');
    await dbWrite(`INSERT INTO memberships (user_id, org_id, role) VALUES (${id}, ${otherOrg}, 'professional')`);
    const web = await srv.login(email, NEW_PASSWORD);
    const confirm = await oa.get(`/admin/orgs/${orgId}/staff/${id}/remove`);
    assert.equal(confirm.status, 200);
    assert.match(decodeEntities(confirm.text), /<h1>Ta bort från verksamheten<\/h1>[\s\S]*borta Kollega[\s\S]*förlorar åtkomsten till verksamhetens ärenden direkt/);
    assert.equal(await query(`SELECT COUNT(*) FROM memberships WHERE user_id = ${id}`), '2', 'asking changed nothing');
    const r = await oa.post(`/admin/orgs/${orgId}/staff/${id}/remove`, {});
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/admin/orgs/${orgId}?saved=removed`);
    assert.equal((await api.getJson(`/api/v1/cases/${kase.id}`)).status, 404, 'the very next request: no access to the case');
    assert.equal((await web.get(`/cases/${kase.id}`)).status, 404);
    assert.equal((await web.get('/cases')).status, 200, 'the account and its session stay');
    assert.equal(await query(`SELECT org_id FROM memberships WHERE user_id = ${id}`), String(otherOrg));
    assert.equal(await query(`SELECT disabled FROM users WHERE id = ${id}`), '0');
    assert.equal(await auditRows(`org_id = ${orgId} AND detail = 'removed user ${id}'`), `update staff removed user ${id}`);
    assert.match(await auditRows(`org_id = ${orgId} AND action = 'read' AND object = 'staff' AND detail = 'user ${id}'`), /read staff user/, 'the confirmation is an audited read');
    assert.doesNotMatch(decodeEntities((await oa.get(`/admin/orgs/${orgId}`)).text), /borta Kollega/, 'no longer on the staff list');
    assert.equal((await oa.get(`/admin/orgs/${orgId}/staff/${id}/remove`)).status, 404, 'no longer a member: like a stranger');
  });

  test('removing an invited colleague kills the unused link', async () => {
    const email = `obesvarad${orgId}@example.se`;
    assert.equal((await invite(oa, orgId, 'Obesvarad Olle', email)).status, 303);
    const link = await inviteLink(email);
    const id = await userId(email);
    await oa.get(`/admin/orgs/${orgId}`);
    assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${id}/remove`, {})).status, 303);
    assert.equal((await acceptInvite(link)).res.status, 404);
  });

  test('the last administrator cannot demote or remove themselves (a Swedish message); with a second one they can', async () => {
    const me = await srv.login(`oa${orgId}`); // a session of its own: the tests run in either order
    await me.get(`/admin/orgs/${orgId}`);
    let r = await me.post(`/admin/orgs/${orgId}/staff/${oaId}/role`, { 'staff.role': 'professional' });
    assert.equal(r.status, 409, r.text);
    assert.equal(fieldError(r.text, `staff-role-${oaId}`), 'Du är verksamhetens enda administratör och kan inte ta den rollen från dig själv. Ge först en kollega rollen Administratör för verksamheten.');
    r = await me.post(`/admin/orgs/${orgId}/staff/${oaId}/remove`, {});
    assert.equal(r.status, 409, r.text);
    assert.match(decodeEntities(r.text), /role="alert"[^>]*>Du är verksamhetens enda administratör och kan inte ta bort dig själv\./);
    assert.equal(await query(`SELECT role FROM memberships WHERE user_id = ${oaId} AND org_id = ${orgId}`), 'org_admin', 'nothing changed');
    assert.equal(await query(`SELECT COUNT(*) FROM audit WHERE org_id = ${orgId} AND detail IN ('removed user ${oaId}', 'role professional user ${oaId}')`), '0');
    // a second administrator (the installation's administrator names one): now the first may step down
    const second = await orgAdmin(orgId, `oa2-${orgId}`);
    const secondId = await userId(`oa2-${orgId}`);
    r = await me.post(`/admin/orgs/${orgId}/staff/${oaId}/role`, { 'staff.role': 'manager' });
    assert.equal(r.status, 303, r.text);
    assert.equal(await auditRows(`org_id = ${orgId} AND detail = 'role manager user ${oaId}'`), `update staff role manager user ${oaId}`);
    await second.get(`/admin/orgs/${orgId}`);
    r = await second.post(`/admin/orgs/${orgId}/staff/${secondId}/remove`, {});
    assert.equal(r.status, 409, 'the second is now the last one');
    // put things back for the other tests (they run in either order)
    r = await second.post(`/admin/orgs/${orgId}/staff/${oaId}/role`, { 'staff.role': 'org_admin' });
    assert.equal(r.status, 303, r.text);
    r = await second.post(`/admin/orgs/${orgId}/staff/${secondId}/remove`, {});
    assert.equal(r.status, 303, 'not the last any more: removes themselves');
    assert.equal(r.location, '/cases');
    assert.equal((await second.get(`/admin/orgs/${orgId}`)).status, 404, 'no longer its administrator');
  });

  test('another organisation\'s staff: enable, withdraw, send again and remove are 404 like a missing page, audited as denied, nothing changes', async () => {
    const annaId = await userId('anna');
    const annaOrg = Number(await query(`SELECT org_id FROM memberships WHERE user_id = ${annaId}`));
    const admin = await srv.login('admin');
    const adminId = await userId('admin');
    const before = Number(await query(`SELECT COUNT(*) FROM audit WHERE user_id = ${oaId} AND action = 'denied'`));
    await oa.get(`/admin/orgs/${orgId}`);
    const paths = [];
    for (const org of [orgId, annaOrg])
      for (const what of ['enable', 'invite/withdraw', 'invite/resend', 'remove']) paths.push(`/admin/orgs/${org}/staff/${annaId}/${what}`);
    for (const path of paths) assert.equal((await oa.post(path, {})).status, 404, path);
    for (const path of [`/admin/orgs/${orgId}/staff/${annaId}/remove`, `/admin/orgs/${annaOrg}/staff/${annaId}/remove`, `/admin/orgs/${orgId}/staff/${adminId}/remove`])
      assert.equal((await oa.get(path)).status, 404, path);
    assert.equal((await oa.post(`/admin/orgs/${orgId}/staff/${adminId}/remove`, {})).status, 404, 'the installation\'s administrator is out of reach');
    assert.equal(Number(await query(`SELECT COUNT(*) FROM audit WHERE user_id = ${oaId} AND action = 'denied'`)), before + paths.length + 4);
    assert.equal(await query(`SELECT COUNT(*) FROM memberships WHERE user_id = ${annaId} AND org_id = ${annaOrg}`), '1');
    assert.equal(await query(`SELECT disabled FROM users WHERE id = ${annaId}`), '0');
    // the installation's administrator manages any organisation: here only asked, not done
    assert.equal((await admin.get(`/admin/orgs/${annaOrg}/staff/${annaId}/remove`)).status, 200);
  });
});
