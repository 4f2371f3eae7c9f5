// family.mjs: a family member's way in for the tests (issue 10 items 1-3): a professional prints a login letter
// and the child or a guardian types its code, as a family does; and the birth dates that give each age band.
import assert from 'node:assert/strict';
import { Client, hiddenField, decodeEntities, personnummer, bornYearsAgo } from './server.mjs';
import { makeFinishedPlan, bookFollowupWithFamily } from './fixtures.mjs';

export { bornYearsAgo }; // the birth date of someone who turned `age` a month ago

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

/** Marker strings of a full family case (fullFamilyCase) that are meant for others than a family member: the
 * other guardian's details, an invited adult's address, the draft, the initiator's reason. */
export const FAMILY_MARK = {
  otherPhone: '070-999 00 11', otherEmail: 'den.andra@example.se', otherAddress: 'Hemligvägen 9', otherPnr: personnummer('1979-05-05', 777),
  invitedEmail: 'inbjuden.vuxen@example.se', draft: 'UTKASTMARKÖR', reason: 'SKÄLMARKÖR för professionella',
};

/** A case of a child of `age` with a finished plan, a planned meeting inviting the child, the guardians (two
 * in joint custody, or one with sole) and another adult, and a new draft: { ...kase, meetingId }. */
export async function fullFamilyCase({ anna, bertil, david }, age, custody = 'joint') {
  const M = FAMILY_MARK;
  const guardians = custody === 'joint'
    ? [{ name: 'Ella Förälder', custody: 'joint', email: 'ella@example.se' }, { name: 'Omar Förälder', custody: 'joint', id_number: M.otherPnr, phone: M.otherPhone, email: M.otherEmail, address: M.otherAddress }]
    : [{ name: 'Ella Förälder', custody: 'sole', email: 'ella@example.se' }];
  const kase = await makeFinishedPlan({ anna, bertil, david }, {
    registration: { child: { id_number: personnummer(bornYearsAgo(age), 100 + age) }, guardians, initiative: { reason: M.reason } },
  });
  const meetingId = await bookFollowupWithFamily(anna, kase, {
    meeting: { place: 'Skolans konferensrum' },
    more: [{ kind: 'other_adult', name: 'Morfar Nils', email: M.invitedEmail }],
  });
  assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/plan/versions`, {})).status, 201, 'a new draft version');
  assert.equal((await anna.postJson(`/api/v1/cases/${kase.id}/plan`, { summary: M.draft })).status, 200);
  return { ...kase, meetingId };
}

/** The roles that log in, each with the age and custody of a full family case that gives it, and who in the
 * family is logged in (0: the first guardian; 'child': the child). */
export const FAMILY_ROLES = [
  { role: 'guardian', age: 10, custody: 'sole', who: 0 },
  { role: 'guardian_joint', age: 10, custody: 'joint', who: 0 },
  { role: 'child_7_11', age: 10, custody: 'joint', who: 'child' },
  { role: 'child_12_14', age: 13, custody: 'joint', who: 'child' },
  { role: 'child_15_17', age: 16, custody: 'joint', who: 'child' },
  { role: 'adult_student', age: 19, custody: 'joint', who: 'child' },
];
