// outbox: e-mail is never lost (V-2.8). With the mail server unreachable, a withdrawal's messages stay
// in the outbox, are retried later, and the administrator sees them with the error; nobody else does.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, today, freePort, decodeEntities } from '../lib/server.mjs';
import { recordConsent } from '../lib/fixtures.mjs';

let deadPort;
const srv = useServer({
  env: async () => {
    deadPort = await freePort(); // nothing listens here: every attempt fails at once
    return { BARNPLAN_SMTP_URL: `smtp://127.0.0.1:${deadPort}` };
  },
});

describe('the outbox when the mail server cannot be reached', () => {
  let anna, admin;
  before(async () => {
    await srv.ready;
    anna = await srv.apiLogin('anna');
    admin = await srv.login('admin');
    const r = await anna.postJson('/api/v1/cases', registrationJson());
    const id = r.json().id;
    const guardians = (await anna.getJson(`/api/v1/cases/${id}`)).json().guardians.map((g) => g.id);
    const orgs = Object.fromEntries((await anna.getJson('/api/v1/organisations')).json().map((o) => [o.name, o.id]));
    const body = (org) => ({ org_id: orgs[org], giver: 'guardians', guardian_ids: guardians, child_view: 'Ja.', scope: 'Närvaro.', form: 'hlt_vasterbotten', given_on: today() });
    await anna.postJson(`/api/v1/cases/${id}/consents`, body('Ålidhemsskolan'));
    const social = await recordConsent(anna, id, orgs['Socialtjänsten Umeå'], body('Socialtjänsten Umeå')); // V-2.6: by bertil
    const w = await anna.postJson(`/api/v1/cases/${id}/consents/${social}/withdrawal`, { by: 'guardians', on: today() });
    assert.equal(w.status, 200, w.text);
  });

  test('V-2.8 the messages wait in the outbox with the error and a later attempt; the administrator sees them', async () => {
    let page;
    for (let i = 0; i < 50; i++) {
      page = await admin.get('/admin/outbox');
      assert.equal(page.status, 200);
      if (/bertil@demo\.barnplan\.invalid[\s\S]*?<td>1<\/td>/.test(page.text)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const text = decodeEntities(page.text);
    assert.match(text, /bertil@demo\.barnplan\.invalid/, 'the message to social services is still there');
    assert.match(page.text, /<td>1<\/td>/, 'one attempt made');
    assert.match(text, /Barnplan: ett samtycke har återkallats/);
    assert.match(text, /Couldn't connect|connect/i, 'the error is shown');
  });

  test('others may not see the outbox (it holds addresses); the look is audited', async () => {
    const annaWeb = await srv.login('anna');
    assert.equal((await annaWeb.get('/admin/outbox')).status, 403);
  });
});
