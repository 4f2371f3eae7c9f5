// family_throttle: a family login by code is throttled per client address (issue 10 item 2): after
// BP_LOGIN_MAX_PER_ADDRESS (20) failures in 15 minutes even a good code is refused, and stays unused for later.
// A file of its own, so that its failures do not throttle the other family tests (one server per file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, hiddenField, decodeEntities } from '../lib/server.mjs';
import { makeCase, orgIds } from '../lib/fixtures.mjs';
import { letterCode } from '../lib/family.mjs';

const srv = useServer();

test('issue 10 item 2: after 20 wrong codes from one address, a good one waits (429) and is not used up', async () => {
  await srv.ready;
  const [anna, annaWeb] = await Promise.all([srv.apiLogin('anna'), srv.login('anna')]);
  const orgs = await orgIds(anna);
  const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
  const code = await letterCode(annaWeb, kase.id, kase.guardians[0]);
  const c = new Client(srv.base);
  let lc = hiddenField((await c.get('/family/login')).text, 'login_csrf');
  for (let i = 0; i < 20; i++) {
    const r = await c.post('/family/login', { login_csrf: lc, code: `WRONG${String(i).padStart(11, '2')}` }, { csrf: false });
    assert.equal(r.status, 401);
    assert.match(decodeEntities(r.text), /Koden fungerar inte/);
    lc = hiddenField(r.text, 'login_csrf'); // each answer is a new form
  }
  const r = await c.post('/family/login', { login_csrf: lc, code }, { csrf: false });
  assert.equal(r.status, 429);
  assert.match(decodeEntities(r.text), /För många misslyckade försök/);
  assert.ok(!c.cookie('bp_session'));
  const admin = await srv.apiLogin('admin'); // the staff's logins from the same address are counted apart
  const failures = (await admin.getJson('/api/v1/audit?action=login_failed')).json();
  assert.equal(failures.filter((e) => e.detail === 'family unknown_code').length, 20);
  assert.ok(failures.some((e) => e.detail === 'family throttled'), 'the throttled attempt is on record');
  // the good code was not taken: it is still there, to work once the window has passed
  const { dbQuery } = await import('../lib/server.mjs');
  assert.equal((await dbQuery(srv, "SELECT COUNT(*) FROM family_codes WHERE kind = 'letter'")).trim(), '1');
});
