// meetings: meetings and invitations (V-4.3-V-4.5, K-4.1-K-4.8, V-5.x, V-6.x) as the pages and the API
// show them: an invitation says why, what and who or it is not sent; the three-week rule of each model;
// invitations, updates and cancellations arrive as real e-mails with a calendar part that libical reads
// at the right local time, without any data about the child; a no leads to the model's next step; an
// organisation without its own consent sees no meetings.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  useServer,
  today,
  decodeEntities,
  auditForCase,
  SOURCE_DIR,
  addDays,
} from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';

const TOOL = process.env.BARNPLAN_MAIL_TOOL || path.join(SOURCE_DIR, 'build/dev/tests/mail/mail_tool');

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

/** `mail_tool ical-read` on an .ics (libical): its key=value lines as an object. */
function icalRead(ics) {
  assert.ok(existsSync(TOOL), `mail_tool not found at ${TOOL} (build first, or set BARNPLAN_MAIL_TOOL)`);
  return new Promise((resolve, reject) => {
    const p = execFile(TOOL, ['ical-read'], { timeout: 10000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`mail_tool ical-read failed: ${stderr}\n${ics}`));
      else resolve(Object.fromEntries(stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
    });
    p.stdin.end(ics);
  });
}


async function meId(client) {
  return (await client.getJson('/api/v1/me')).json().id;
}

function meetingBody(over = {}) {
  return {
    kind: 'plan', date: addDays(today(), 14), start: '10:00', end: '11:30', setting: 'physical', setting_agreed: true,
    place: 'Skolans konferensrum', purpose: 'Att tillsammans göra en plan för skolan och hemmet.',
    agenda: 'Hur skoldagen fungerar och vad som kan hjälpa.', ...over,
  };
}

/** Plans a meeting and invites the child, every guardian and the given professionals. */
async function planMeeting(client, kase, over = {}, professionals = []) {
  const r = await client.postJson(`/api/v1/cases/${kase.id}/meetings`, meetingBody(over));
  assert.equal(r.status, 201, r.text);
  const mid = r.json().id;
  const base = `/api/v1/cases/${kase.id}/meetings/${mid}`;
  assert.equal((await client.postJson(`${base}/invitees`, { kind: 'child' })).status, 201);
  for (const g of kase.guardians) {
    const a = await client.postJson(`${base}/invitees`, { kind: 'guardian', guardian_id: g });
    assert.equal(a.status, 201, a.text);
  }
  for (const p of professionals) {
    const a = await client.postJson(`${base}/invitees`, { kind: 'professional', ...p });
    assert.equal(a.status, 201, a.text);
  }
  return { mid, base };
}

const send = (client, base, confirm = true) => client.postJson(`${base}/send`, { confirm_warnings: confirm });
/** Whether a received message's calendar part is about the meeting with this UID. */
const about = (m, uid) => (m.mail.ics || '').includes(uid);
const mailsFor = (smtp, mid) => smtp.messages.filter((m) => about(m, `meeting-${mid}@barnplan`));

describe('Västerbotten: SIP-möte', () => {
  let anna, annaWeb, bertil, bertilWeb, orgs, annaId, bertilId;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.login('bertil')]);
    orgs = await orgIds(anna);
    annaId = await meId(anna);
    bertilId = await meId(bertil);
  });

  test('issue 10 item 11: the interpreter a family member needs is shown where they are invited', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    const { mid } = await planMeeting(anna, kase);
    const page = decodeEntities((await annaWeb.get(`/cases/${kase.id}/meetings/${mid}`)).text);
    const rows = [...page.matchAll(/<th scope="row">([\s\S]*?)<\/th>/g)].map((m) => m[1]);
    const row = (name) => rows.find((r) => r.includes(name)) || '';
    // registrationJson: the child and Leila need Arabic; Ahmed needs no interpreter
    assert.match(row('Leila Jsonsson'), /Behöver tolk: arabiska/);
    assert.doesNotMatch(row('Ahmed Jsonsson'), /Behöver tolk/);
    assert.equal(rows.filter((r) => /Behöver tolk: arabiska/.test(r)).length, 2, 'the child and Leila');
  });

  test('V-4.4, K-4.2 an invitation without a purpose is refused with a clear message, and nothing is sent', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    const { mid, base } = await planMeeting(anna, kase, { purpose: '' });
    const r = await send(anna, base);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['meeting.purpose:required']);
    // on the page: the message names the field
    const page = await annaWeb.post(`/cases/${kase.id}/meetings/${mid}/send`, { confirm_warnings: '1' });
    assert.equal(page.status, 422);
    assert.match(decodeEntities(page.text), /Varför mötet behövs: Fyll i fältet\./);
    const m = (await anna.getJson(base)).json();
    assert.equal(m.invitation_sent, false);
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(mailsFor(await smtpReady, mid).length, 0, 'no e-mail left for the meeting');
  });

  test('V-4.3, V-3.10 warnings are shown and must be confirmed, never silently ignored', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    const { base } = await planMeeting(anna, kase);
    const r = await send(anna, base, false);
    assert.equal(r.status, 409, r.text);
    const codes = r.json().warnings.map((w) => w.code);
    assert.ok(codes.includes('child_not_prepared'), codes.join());
    assert.equal((await anna.getJson(base)).json().invitation_sent, false);
  });

  test('V-4.3 once the child and every guardian are prepared, the not-prepared warnings are gone', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    let p = await anna.postJson(`/api/v1/cases/${kase.id}/preparation/child`, {
      informed_on: today(), how_informed: 'Vi pratade med bilder.', adapted: true, participation: 'whole', done: true,
    });
    assert.equal(p.status, 200, p.text);
    const { base } = await planMeeting(anna, kase);
    let r = await send(anna, base, false);
    let codes = r.status === 409 ? r.json().warnings.map((w) => w.code) : [];
    assert.ok(!codes.includes('child_not_prepared'), codes.join());
    assert.ok(codes.includes('guardians_not_prepared'), codes.join());
    for (const g of kase.guardians) {
      p = await anna.postJson(`/api/v1/cases/${kase.id}/preparation/guardians/${g}`, { informed_on: today(), done: true });
      assert.equal(p.status, 200, p.text);
    }
    r = await send(anna, base, false);
    codes = r.status === 409 ? r.json().warnings.map((w) => w.code) : [];
    assert.ok(!codes.includes('guardians_not_prepared') && !codes.includes('child_not_prepared'), `${r.status} ${codes.join()}`);
  });

  test('V-8a.5 a decision taken after the meeting reaches those who were there, and only them', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']] });
    const { mid } = await planMeeting(anna, kase, { date: today(), start: '00:00', end: '00:30' },
      [{ org_id: orgs['Socialtjänsten Umeå'], user_id: bertilId }]);
    const url = `/cases/${kase.id}/meetings/${mid}`;
    // invitees in order: the child, Leila (e-mail), Ahmed, bertil; Leila and bertil came
    const held = await annaWeb.post(`${url}/held`, {
      'attendance.0': 'absent', 'attendance.1': 'present', 'attendance.2': 'absent', 'attendance.3': 'present',
      'closing.child_asked': '1', 'closing.child_representative': 'Leila (mamma)',
    });
    assert.equal(held.status, 303, held.text.slice(0, 400));
    const d = await bertil.postJson(`/api/v1/cases/${kase.id}/plan/decisions`, {
      what: 'Beslut om kontaktfamilj', org_id: orgs['Socialtjänsten Umeå'], decider_name: 'Enhetschefen',
    });
    assert.equal(d.status, 201, d.text);
    const smtp = await smtpReady;
    const before = smtp.messages.length;
    const bertilPage = await bertilWeb.get(`/cases/${kase.id}/plan`);
    assert.equal(bertilPage.status, 200);
    const done = await bertilWeb.post(`/cases/${kase.id}/plan/decisions/decided`, {
      'decision.id': String(d.json().id), 'decision.outcome': 'Beviljat', 'decision.decided_on': today(),
    });
    assert.equal(done.status, 303, done.text.slice(0, 400));
    const notes = (await anna.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'decision_taken' && n.case_id === kase.id), 'the chair, who was there, is told');
    const mail = await smtp.waitFor((m, i) => m.to.includes('leila@example.se') && /beslut från mötet/.test(m.mail.subject || ''), 20000);
    const text = mail.mail.text;
    assert.doesNotMatch(text, /https?:\/\//, 'no link for the family, who cannot log in');
    assert.doesNotMatch(mail.raw, /Jsonsson|kontaktfamilj/, 'no personal data in the e-mail');
    await new Promise((r) => setTimeout(r, 1500));
    const after = smtp.messages.slice(before).filter((m) => /beslut/i.test(m.mail.subject || ''));
    assert.ok(!after.some((m) => m.to.includes('ahmed@example.se')), 'the absent guardian is not told by this');
  });

  test('V-6.1 the plan meeting within three weeks of the need being noticed: 20 and 21 days need no reason, 22 do', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], noticed: today() });
    for (const [days, needs] of [[20, false], [21, false], [22, true]]) {
      const { mid, base } = await planMeeting(anna, kase, { date: addDays(today(), days) });
      const r = await send(anna, base);
      if (needs) {
        assert.equal(r.status, 422, `${days} days: ${r.text}`);
        assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['meeting.deadline_reason:late_meeting']);
        const c = await anna.postJson(`${base}/change`, meetingBody({ date: addDays(today(), days), deadline_reason: 'Vårdnadshavaren kan inte förrän då.' }));
        assert.equal(c.status, 200, c.text);
        assert.equal((await send(anna, base)).status, 200, 'with a recorded reason it goes');
      } else {
        assert.equal(r.status, 200, `${days} days: ${r.text}`);
      }
      assert.equal((await anna.getJson(base)).json().invitation_sent, true, `meeting ${mid}`);
    }
  });

  test('V-2.7, V-5.2 the professionals\' preparation needs a consent that covers it', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], preparation: false });
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, meetingBody({ kind: 'preparation' }));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['meeting.kind:preparation_consent']);
  });

  test('V-4.5 invitations arrive as e-mails with a calendar part at the right local time, summer and winter; a change is an update, a cancel a CANCEL; no child data', async () => {
    const smtp = await smtpReady;
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']] });
    const year = Number(today().slice(0, 4)) + 1;
    for (const date of [`${year}-07-01`, `${year}-01-14`]) {
      const { mid, base } = await planMeeting(anna, kase, { date, start: '10:00', end: '11:00', deadline_reason: 'Skolans schema.' },
        [{ org_id: orgs['Socialtjänsten Umeå'], user_id: bertilId }]);
      const r = await send(anna, base);
      assert.equal(r.status, 200, r.text);
      const uid = `meeting-${mid}@barnplan`;
      const toBertil = await smtp.waitFor((m) => m.to.includes('bertil@demo.barnplan.invalid') && about(m, uid), 15000);
      const toLeila = await smtp.waitFor((m) => m.to.includes('leila@example.se') && about(m, uid), 15000);
      const mail = toBertil.mail;
      assert.match(mail.subject, /kallelse/i);
      assert.ok(mail.ics, 'a text/calendar part');
      const info = await icalRead(mail.ics);
      assert.equal(info.method, 'REQUEST');
      assert.equal(info.uid, uid);
      assert.equal(info.sequence, '0');
      assert.equal(info.start_local, `${date} 10:00`, 'libical reads 10:00 local time');
      assert.equal(info.summary, 'Samordningsmöte (Barnplan)');
      assert.match(mail.text, new RegExp(`https://barnplan.test/cases/${kase.id}/meetings/${mid}`));
      for (const text of [toBertil.raw, mail.subject, mail.text, mail.ics]) // raw, and decoded
        assert.doesNotMatch(text, /Jsonsson|Leila|Ahmed|Apibarn|Skolans konferensrum|plan för skolan/, 'no data about the child');
      const leila = toLeila.mail;
      assert.doesNotMatch(leila.text + leila.ics, /Jsonsson|Apibarn|plan för skolan/);
      assert.doesNotMatch(leila.text, /\/cases\//, 'a guardian has no login: no link');
      assert.equal((await icalRead(leila.ics)).start_local, `${date} 10:00`);
      // the professional is told in the app too
      const notes = (await bertil.getJson('/api/v1/notifications')).json();
      assert.ok(notes.some((n) => n.kind === 'meeting_invitation' && n.case_id === kase.id));

      if (date.endsWith('07-01')) {
        // a change: same UID, a higher SEQUENCE, still a REQUEST
        const c = await anna.postJson(`${base}/change`, meetingBody({ date, start: '11:00', end: '12:00', deadline_reason: 'Skolans schema.' }));
        assert.equal(c.status, 200, c.text);
        assert.equal(c.json().update_sent, true);
        const upd = await smtp.waitFor((m) => m.to.includes('bertil@demo.barnplan.invalid') && about(m, uid) && /SEQUENCE:1/.test(m.mail.ics || ''), 15000);
        const ui = await icalRead(upd.mail.ics);
        assert.equal(ui.method, 'REQUEST');
        assert.equal(ui.uid, uid);
        assert.equal(ui.sequence, '1');
        assert.equal(ui.start_local, `${date} 11:00`);
        // a cancellation: METHOD:CANCEL, same UID, higher SEQUENCE again
        const x = await anna.postJson(`${base}/cancel`, {});
        assert.equal(x.status, 200, x.text);
        const can = await smtp.waitFor((m) => m.to.includes('bertil@demo.barnplan.invalid') && about(m, uid) && /METHOD:CANCEL/.test(m.mail.ics || ''), 15000);
        const ci = await icalRead(can.mail.ics);
        assert.equal(ci.method, 'CANCEL');
        assert.equal(ci.uid, uid);
        assert.equal(ci.sequence, '2');
        assert.equal((await anna.getJson(base)).json().status, 'cancelled');
      }
    }
  });

  test('V-6.2, K-4.7 the invitee, a colleague or the inviter records that a professional cannot come, and a substitute is appointed', async () => {
    const cecilia = await srv.apiLogin('cecilia');
    const ceciliaId = await meId(cecilia);
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå'], orgs['Vårdcentralen Ålidhem']] });
    const { base } = await planMeeting(anna, kase, {}, [
      { org_id: orgs['Socialtjänsten Umeå'], user_id: bertilId },
      { org_id: orgs['Vårdcentralen Ålidhem'], user_id: ceciliaId },
    ]);
    assert.equal((await send(anna, base)).status, 200);
    const invitees = (await anna.getJson(base)).json().invitees;
    const bertilInv = invitees.find((i) => i.user_id === bertilId);
    const ceciliaInv = invitees.find((i) => i.user_id === ceciliaId);
    // someone of another organisation, who did not call the meeting, cannot answer for a professional
    const other = await cecilia.postJson(`${base}/invitees/${bertilInv.id}/answer`, { answer: 'no', reason: 'Sjuk' });
    assert.equal(other.status, 422);
    assert.equal(other.json().fields[0].code, 'answer_for_self');
    assert.match(other.json().fields[0].message, /av en kollega i samma verksamhet eller av den som kallade/);
    // the inviter, told by phone, records a no (K-4.7: the unit tells the one who invited)
    let r = await anna.postJson(`${base}/invitees/${ceciliaInv.id}/answer`, { answer: 'no', reason: 'Ringde: sjuk den dagen' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().next_step, 'substitute');
    // a colleague in the invited organisation records one with who comes instead (V-6.2)
    const colleague = await srv.addUser(`kollega${Date.now()}`, orgs['Socialtjänsten Umeå']);
    r = await colleague.postJson(`${base}/invitees/${bertilInv.id}/answer`, { answer: 'no', reason: 'Utbildning den dagen', substitute_name: 'Sara Kollega' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().next_step, 'done');
    const page = await bertilWeb.get(`/cases/${kase.id}/meetings/${(await anna.getJson(base)).json().id}`);
    assert.equal(page.status, 200);
    assert.match(decodeEntities(page.text), /Sara Kollega/);
    // the audit trail says who recorded each answer
    const audit = await auditForCase(await srv.apiLogin('admin'), kase.id);
    assert.ok(audit.some((e) => e.username === 'anna' && e.object === 'meeting' && e.action === 'update'));
    assert.ok(audit.some((e) => e.username.startsWith('kollega') && e.object === 'meeting' && e.action === 'update'));
  });

  test('V-6.10 the child is asked for a last word; V-8a.6 an absent child is represented and told afterwards', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    const { mid, base } = await planMeeting(anna, kase, { date: today(), start: '00:00', end: '00:30' });
    const url = `/cases/${kase.id}/meetings/${mid}`;
    const chair = await annaWeb.get(`${url}/chair`);
    assert.equal(chair.status, 200);
    const text = decodeEntities(chair.text);
    assert.match(text, /Ta emot barnet och vårdnadshavarna först/, 'K-6.3');
    assert.match(text, /Varför vi träffas[\s\S]*Att tillsammans göra en plan/, 'V-6.3 why');
    assert.match(text, /30 minuter/, 'V-6.3 how long');
    // the chair's reminders for the meeting itself
    assert.match(text, /Barnets behov står i centrum\. Var varm och vänlig, nämn det som fungerar och känn efter hur barnet mår/, 'V-6.5');
    assert.match(text, /Prata direkt med barnet[^.]*\. Barnet ska känna sig hört, inte utfrågat\./, 'V-6.6');
    assert.match(text, /Håll mötet kort, ta pauser och låt barnet komma och gå\./, 'V-6.7');
    assert.match(text, /delar bara det som rör barnet, talar enkelt och berättar vad de själva kan bidra med, inte vad andra ska göra/, 'V-6.8');
    assert.doesNotMatch(text, /huvudpersonerna/, 'Kronoberg\'s wording only in Kronoberg');
    // before the meeting: the professionals' preparation (V-5.4), at the HLT meeting on the HLT route (V-5.5)
    const form = decodeEntities((await annaWeb.get(`/cases/${kase.id}/meetings/new`)).text);
    assert.match(form, /får vara digital och ska vara kort och tydlig/, 'V-5.4');
    assert.doesNotMatch(form, /sker på HLT-mötet/, 'V-5.5: this case goes outside HLT');
    const hlt = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']], route: 'hlt' });
    const hltForm = decodeEntities((await annaWeb.get(`/cases/${hlt.id}/meetings/new`)).text);
    assert.match(hltForm, /förberedelsen mellan yrkesverksamma sker på HLT-mötet/, 'V-5.5 (the case goes via HLT)');
    assert.doesNotMatch(form, /Ni får gärna ha kontakt före mötet/, 'K-4.5 is Kronoberg\'s');
    // the child (invitee 0) was absent: nobody asked, nobody represented the child
    let r = await annaWeb.post(`${url}/held`, { 'attendance.0': 'absent', 'attendance.1': 'present', 'attendance.2': 'present' });
    assert.equal(r.status, 422);
    const msgs = decodeEntities(r.text);
    assert.match(msgs, /data-code="ask_child"/);
    assert.match(msgs, /data-field="closing.child_representative" data-code="required"/);
    r = await annaWeb.post(`${url}/held`, {
      'attendance.0': 'absent', 'attendance.1': 'present', 'attendance.2': 'present',
      'closing.child_asked': '1', 'closing.child_representative': 'Leila (mamma)', 'closing.child_addition': 'Vill ha rast ute.',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    let m = (await anna.getJson(base)).json();
    assert.equal(m.status, 'held');
    assert.equal(m.child_addition, 'Vill ha rast ute.');
    assert.equal(m.needs_debrief, true, 'V-8a.6 someone tells the child');
    assert.match(decodeEntities((await annaWeb.get(url)).text), /Någon ska berätta för barnet vad som sades/);
    r = await annaWeb.post(`${url}/debrief`, { 'closing.debriefed_on': today() });
    assert.equal(r.status, 303);
    m = (await anna.getJson(base)).json();
    assert.equal(m.needs_debrief, false);
  });

  test('V-2.3, V-2.6 an organisation without its own consent cannot see the meetings: page and API', async () => {
    const kase = await makeCase(anna, { orgs: [orgs['Ålidhemsskolan']] });
    const { mid, base } = await planMeeting(anna, kase);
    assert.equal((await anna.getJson(base)).status, 200);
    assert.equal((await bertil.getJson(base)).status, 404);
    assert.equal((await bertil.getJson(`/api/v1/cases/${kase.id}/meetings`)).status, 404);
    assert.equal((await bertilWeb.get(`/cases/${kase.id}/meetings/${mid}`)).status, 404);
    assert.equal((await bertilWeb.get(`/cases/${kase.id}/meetings/${mid}/letter`)).status, 404);
    assert.equal((await bertil.postJson(`${base}/send`, {})).status, 404);
    // every read is audited, the denial too
    const admin = await srv.apiLogin('admin');
    const audit = await auditForCase(admin, kase.id);
    assert.ok(audit.some((e) => e.username === 'bertil' && e.action === 'denied' && e.object === 'meeting'));
    assert.ok(audit.some((e) => e.username === 'anna' && e.action === 'read' && e.object === 'meeting'));
    // the initiating organisation with intake access only sees no meetings either
    const intake = await makeCase(anna, { orgs: [] });
    assert.equal((await anna.getJson(`/api/v1/cases/${intake.id}/meetings`)).status, 403);
    const casePage = await annaWeb.get(`/cases/${kase.id}`);
    assert.match(casePage.text, new RegExp(`/cases/${kase.id}/meetings/${mid}`), 'the case page lists the meeting');
  });
});

describe('Kronoberg: samverkansmöte', () => {
  let karin, karinWeb, maja, orgs, majaId;

  before(async () => {
    await srv.ready;
    [karin, karinWeb, maja] = await Promise.all([srv.apiLogin('karin'), srv.login('karin'), srv.apiLogin('maja')]);
    orgs = await orgIds(karin);
    majaId = await meId(maja);
  });

  test('K-4.3 the invitation goes out at least three weeks before: 20 days need an agreement, 21 and 22 do not', async () => {
    const kase = await makeCase(karin, { model: 'kronoberg', orgs: [orgs['Furutåskolan']] });
    for (const [days, needs] of [[20, true], [21, false], [22, false]]) {
      const { base } = await planMeeting(karin, kase, { date: addDays(today(), days) });
      const r = await send(karin, base);
      if (needs) {
        assert.equal(r.status, 422, `${days} days: ${r.text}`);
        assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['meeting.deadline_reason:short_notice']);
        const c = await karin.postJson(`${base}/change`, meetingBody({ date: addDays(today(), days), deadline_reason: 'Alla har kommit överens om tiden.' }));
        assert.equal(c.status, 200, c.text);
        assert.equal((await send(karin, base)).status, 200);
      } else {
        assert.equal(r.status, 200, `${days} days: ${r.text}`);
      }
    }
  });

  test('K-4.4 digital or physical is agreed together', async () => {
    const kase = await makeCase(karin, { model: 'kronoberg', orgs: [orgs['Furutåskolan']] });
    const { mid, base } = await planMeeting(karin, kase, { date: addDays(today(), 25), setting_agreed: false });
    const chair = decodeEntities((await karinWeb.get(`/cases/${kase.id}/meetings/${mid}/chair`)).text);
    assert.match(chair, /Barnet och vårdnadshavarna är huvudpersonerna, hur mycket de än deltar\./, 'K-6.1');
    assert.match(chair, /komma fram till en samsyn om vad som behöver göras och skriva in det i Barnets plan/, 'K-6.2');
    const form = decodeEntities((await karinWeb.get(`/cases/${kase.id}/meetings/new`)).text);
    assert.match(form, /Ni får gärna ha kontakt före mötet så att mötet med vårdnadshavarna blir lätt för alla\./, 'K-4.5');
    const r = await send(karin, base);
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => f.code), ['setting_agreed']);
  });

  test('K-4.7, K-4.8 a no tells the inviter, who decides with the guardian to cancel or hold', async () => {
    const smtp = await smtpReady;
    const kase = await makeCase(karin, { model: 'kronoberg', orgs: [orgs['Furutåskolan'], orgs['Socialtjänsten Växjö']] });
    const { mid, base } = await planMeeting(karin, kase, { date: addDays(today(), 25) }, [{ org_id: orgs['Socialtjänsten Växjö'], user_id: majaId }]);
    assert.equal((await send(karin, base)).status, 200);
    const inv = (await karin.getJson(base)).json().invitees.find((i) => i.user_id === majaId);
    // the work list: maja is to answer the invitation, told that it is binding (K-4.6)
    const majaWeb = await srv.login('maja');
    const majaTasks = decodeEntities((await majaWeb.get('/tasks')).text);
    assert.match(majaTasks, /Svara på kallelsen/);
    assert.match(majaTasks, /Kallelsen är bindande, som vid en SIP\. Kan du inte komma: svara och säg vem från din verksamhet som kommer i stället\./, 'K-4.6 on the task');
    const invitation = await smtp.waitFor((m) => m.to.includes('maja@demo.barnplan.invalid') && /kallelse till möte/.test(m.mail.subject || ''), 15000);
    assert.match(invitation.mail.text, /Kallelsen är bindande, som vid en SIP/, 'K-4.6 in the invitation');
    assert.match(invitation.mail.text, /The invitation is binding, as for a SIP/);
    const r = await maja.postJson(`${base}/invitees/${inv.id}/answer`, { answer: 'no', reason: 'Kan inte den dagen' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().next_step, 'decide');
    const notes = (await karin.getJson('/api/v1/notifications')).json();
    assert.ok(notes.some((n) => n.kind === 'meeting_declined' && n.case_id === kase.id), 'K-4.7 the inviter is told');
    const told = await smtp.waitFor((m) => m.to.includes('karin@demo.barnplan.invalid') && /inte komma/.test(m.mail.subject || ''), 15000);
    assert.doesNotMatch(told.raw, /Jsonsson|Apibarn/);
    assert.match(decodeEntities((await karinWeb.get('/tasks')).text), /Besluta med vårdnadshavaren: ställa in eller genomföra mötet/);
    // the page offers the decision
    const page = await karinWeb.get(`/cases/${kase.id}/meetings/${mid}`);
    assert.match(decodeEntities(page.text), /Bestäm med vårdnadshavaren/);
    const d = await karin.postJson(`${base}/invitees/${inv.id}/decision`, { outcome: 'hold', guardian_id: kase.guardians[0], decided_on: today(), note: 'Vi genomför mötet.' });
    assert.equal(d.status, 201, d.text);
    const after = (await karin.getJson(base)).json();
    assert.equal(after.invitees.find((i) => i.id === inv.id).next_step, 'done');
    assert.equal(after.status, 'planned');
  });
});
