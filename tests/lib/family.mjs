// family.mjs: a family member's way in for the tests of the family pages (issue 10): a professional prints a
// login letter with a one-time code, and the code is typed on /family/login.
import assert from 'node:assert/strict';
import { Client, hiddenField, decodeEntities, addDays, today } from './server.mjs';

/** The birth date of someone who turned `age` a month ago. */
export function bornAgo(age) {
  const d = new Date(`${addDays(today(), -30)}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  return d.toISOString().slice(0, 10);
}

/** The code on the login letter a professional (a web client) prints for the child (0) or a guardian. */
export async function printedCode(web, caseId, guardianId) {
  const letter = await web.post(`/cases/${caseId}/family/letter`, { guardian: String(guardianId) });
  assert.equal(letter.status, 200, letter.text.slice(0, 500));
  const code = decodeEntities(letter.text).match(/class="survey-code">([A-Z0-9-]+)</)?.[1];
  assert.ok(code, 'the letter shows a code');
  return code;
}

/** A client logged in as the family member the letter is for. */
export async function familyClient(base, web, caseId, guardianId) {
  const code = await printedCode(web, caseId, guardianId);
  const c = new Client(base);
  const form = await c.get('/family/login');
  const res = await c.post('/family/login', { login_csrf: hiddenField(form.text, 'login_csrf'), code }, { csrf: false });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  return c;
}
