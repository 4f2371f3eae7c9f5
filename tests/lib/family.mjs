// family.mjs: a family member's way in for the tests (issue 10 items 1-3): a professional prints a login letter
// and the child or a guardian types its code, as a family does; and the birth dates that give each age band.
import assert from 'node:assert/strict';
import { Client, hiddenField, decodeEntities } from './server.mjs';

export { bornYearsAgo } from './server.mjs'; // the birth date of someone who turned `age` a month ago

/** A professional's web client prints a login letter (the child: guardianId 0); resolves the code on it. */
export async function letterCode(web, caseId, guardianId) {
  const r = await web.post(`/cases/${caseId}/family/letter`, { guardian: String(guardianId) });
  assert.equal(r.status, 200, r.text.slice(0, 500));
  const m = decodeEntities(r.text).match(/class="survey-code">([A-Z0-9-]+)</);
  assert.ok(m, 'the letter shows the code');
  return m[1];
}

/** Logs in with a code through the family login form on `base`: { client, res }. */
export async function familyLogin(base, code) {
  const c = new Client(base);
  const page = await c.get('/family/login');
  assert.equal(page.status, 200);
  const res = await c.post('/family/login', { login_csrf: hiddenField(page.text, 'login_csrf'), code }, { csrf: false });
  return { client: c, res };
}

/** familyLogin that must succeed: resolves the logged-in client. */
export async function familyClient(base, code) {
  const { client, res } = await familyLogin(base, code);
  assert.equal(res.status, 303, res.text.slice(0, 800));
  assert.equal(res.location, '/family');
  return client;
}

/** A client logged in as the family member (the child: guardianId 0) a professional's letter is for. */
export async function familyMember(base, web, caseId, guardianId) {
  return familyClient(base, await letterCode(web, caseId, guardianId));
}
