// protected: protected identity, skyddade personuppgifter (issue 10 item 10; docs/family-access.md section 6,
// docs/architecture.md "Protected identity"; V-2.3 share only what is needed). A child and a guardian are
// marked protected; the guardian's address, phone and e-mail are unique markers. The test drives every flow
// that makes something for others: the pages and the API answers of another organisation under consent and
// of one only asked, e-mails (the SMTP sink) with their calendar files, the plan's PDF (pdftotext), the
// letters, the outbox and the audit trail in the database, and the server's own output (the access log).
// Then it searches all of it: the markers are nowhere they must not be, and they are where they must be (the
// initiating organisation's page and API, the protected guardian's own mailbox), so the search can fail.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useServer, today, addDays, decodeEntities, auditForCase, dbQuery } from '../lib/server.mjs';
import { useSmtp } from '../lib/smtp.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';

const run = promisify(execFile);

const smtpReady = useSmtp(); // the test SMTP server, for the file
const srv = useServer({ env: async () => ({ BARNPLAN_SMTP_URL: (await smtpReady).url, BARNPLAN_PUBLIC_URL: 'https://barnplan.test' }) });

// Markers no demo data and no other test writes: ASCII, so that neither encoding nor a line break hides them.
const N = `${process.pid}${Date.now() % 1000000}`;
const LEILA = { address: `Skyddsgrand ${N}`, phone: `070-7${N.slice(-6)}`, email: `skydd${N}@example.se` };
const AHMED = { address: `Oppengatan ${N}`, phone: `070-5${N.slice(-6)}`, email: `oppen${N}@example.se` };
const MARKERS = Object.values(LEILA);
const MARKER_TEXT = 'Skyddade personuppgifter';
const WARNING = 'Skriv inte adress, skola eller annat som visar var barnet eller vårdnadshavaren finns';

/** What was produced for someone else than the initiating organisation or the protected person: [label, text]. */
const forOthers = [];
function keep(label, text) {
  forOthers.push([label, text]);
  return text;
}
/** The markers of the protected guardian that occur in text. */
const found = (text) => MARKERS.filter((m) => text.includes(m));

async function page(client, p, label) {
  const r = await client.get(p);
  assert.equal(r.status, 200, `${label}: ${p} ${r.status}`);
  return keep(label, decodeEntities(r.text));
}
async function api(client, p, label) {
  const r = await client.getJson(p);
  assert.equal(r.status, 200, `${label}: ${p} ${r.status} ${r.text.slice(0, 300)}`);
  keep(label, r.text);
  return r.json();
}
/** GET the bytes unchanged (the client reads text). */
async function bytes(client, p) {
  const r = await fetch(client.base + p, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  assert.equal(r.status, 200, p);
  return Buffer.from(await r.arrayBuffer());
}
/** The PDF's text through pdftotext. */
async function pdfText(buf) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bp-protected-'));
  try {
    writeFileSync(path.join(dir, 'plan.pdf'), buf);
    return (await run('pdftotext', ['-layout', path.join(dir, 'plan.pdf'), '-'])).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/** A message as a mail reader sees it: the raw message without soft line breaks, its text and its calendar part. */
const mailText = (m) => [m.raw.replace(/=\r?\n/g, ''), m.mail?.text || '', m.mail?.ics || ''].join('\n');

describe('issue 10 item 10: protected identity', () => {
  let anna, annaWeb, bertil, bertilWeb, david, cecilia, ceciliaWeb, admin, kase, leila, ahmed, orgs, meeting;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, david, cecilia, ceciliaWeb, admin] = await Promise.all([
      srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('bertil'), srv.login('bertil'), srv.apiLogin('david'),
      srv.apiLogin('cecilia'), srv.login('cecilia'), srv.apiLogin('admin'),
    ]);
    // registered with the child and Leila protected; Ahmed is the one they are protected from
    kase = await makeFinishedPlan({ anna, bertil, david }, {
      registration: {
        child: { protected: true },
        guardians: [
          { name: 'Leila Skyddad', custody: 'joint', protected: true, ...LEILA },
          { name: 'Ahmed Oppen', custody: 'joint', ...AHMED },
        ],
      },
    });
    [leila, ahmed] = kase.guardians;
    orgs = kase.orgs;
    const r = await anna.postJson(`/api/v1/cases/${kase.id}/protection`, {
      child: true, child_from: [ahmed], guardians: [leila], guardians_from: [ahmed],
    });
    assert.equal(r.status, 200, r.text);
    // what every test below may look at, whatever their order: invitations sent by e-mail, the plan's PDFs
    const smtp = await smtpReady;
    const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: addDays(today(), 21), start: '10:00', end: '11:00', setting: 'physical', setting_agreed: true,
      place: 'Konferensrummet', purpose: 'Att följa upp planen.', agenda: 'Hur det går.',
    });
    assert.equal(m.status, 201, m.text);
    meeting = m.json().id;
    const base = `/api/v1/cases/${kase.id}/meetings/${meeting}`;
    for (const body of [{ kind: 'child' }, { kind: 'guardian', guardian_id: leila }, { kind: 'guardian', guardian_id: ahmed },
      { kind: 'professional', org_id: orgs['Socialtjänsten Umeå'], user_id: (await bertil.getJson('/api/v1/me')).json().id }]) {
      const a = await anna.postJson(`${base}/invitees`, body);
      assert.equal(a.status, 201, a.text);
    }
    const sent = await anna.postJson(`${base}/send`, { confirm_warnings: true });
    assert.equal(sent.status, 200, sent.text);
    await smtp.waitFor(() => smtp.messages.some((x) => x.to.includes(LEILA.email) && x.mail?.ics), 15000);
    keep('plan PDF, page, Socialtjänsten', await pdfText(await bytes(bertilWeb, `/cases/${kase.id}/plan/versions/1.pdf`)));
    keep('plan PDF, API, BUP', await pdfText(await bytes(david, `/api/v1/cases/${kase.id}/plan/versions/1/pdf`)));
    keep('meeting letter, Socialtjänsten', decodeEntities((await bertilWeb.get(`/cases/${kase.id}/meetings/${meeting}/letter`)).text));
  });

  test('registration: the child and Leila are protected, Leila from Ahmed; the initiating organisation sees her details', async () => {
    const own = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json();
    assert.equal(own.child.protected, true);
    assert.deepEqual(own.protection, { child: true, child_from: [ahmed], guardians: [leila], guardians_from: [ahmed] });
    const g = own.guardians.find((x) => x.id === leila);
    assert.equal(g.protected, true);
    assert.deepEqual([g.address, g.phone, g.email], [LEILA.address, LEILA.phone, LEILA.email], 'shown where they must be');
    assert.equal(g.protected_contact, undefined);
    const html = decodeEntities((await annaWeb.get(`/cases/${kase.id}`)).text);
    assert.deepEqual(found(html), MARKERS, 'the initiating organisation sees the address, phone and e-mail');
    assert.ok(html.includes(MARKER_TEXT));
  });

  test('V-2.3: another organisation under consent sees "Skyddade personuppgifter: kontakta" the initiating one, page and API', async () => {
    const other = await api(bertil, `/api/v1/cases/${kase.id}`, 'API case, Socialtjänsten');
    assert.equal(other.access, 'full');
    const g = other.guardians.find((x) => x.id === leila);
    assert.equal(g.protected, true);
    for (const k of ['address', 'phone', 'email']) assert.ok(!(k in g), `${k} is absent for others`);
    assert.equal(g.protected_contact, 'Ålidhemsskolan');
    // the child lives with Leila, not with Ahmed: his details, which locate nobody protected, are shown
    const a = other.guardians.find((x) => x.id === ahmed);
    assert.deepEqual([a.address, a.phone, a.email], [AHMED.address, AHMED.phone, AHMED.email]);
    const html = await page(bertilWeb, `/cases/${kase.id}`, 'case page, Socialtjänsten');
    assert.ok(html.includes('Skyddade personuppgifter: kontakta Ålidhemsskolan'), 'whom to contact instead');
    assert.ok(html.includes(AHMED.address), 'an unprotected guardian\'s address is on the page (the search can find one)');
    assert.ok(html.includes(WARNING));
  });

  test('V-2.6: an organisation only asked to take part sees the marker and none of the protected details', async () => {
    const ask = await anna.postJson(`/api/v1/cases/${kase.id}/asks`, { org_id: (await cecilia.getJson('/api/v1/me')).json().organisations[0].id });
    assert.equal(ask.status, 201, ask.text);
    const asked = await api(cecilia, `/api/v1/cases/${kase.id}`, 'API case, asked');
    assert.equal(asked.access, 'asked');
    assert.equal(asked.protection, undefined, 'who is protected from whom is not theirs');
    assert.equal(asked.guardians.find((x) => x.id === leila).protected_contact, 'Ålidhemsskolan');
    const html = await page(ceciliaWeb, `/cases/${kase.id}`, 'asked page');
    assert.ok(html.includes(MARKER_TEXT));
    // the asked may not record protection: 403, on record as denied
    const r = await cecilia.postJson(`/api/v1/cases/${kase.id}/protection`, { child: false });
    assert.equal(r.status, 403, r.text);
    assert.ok((await auditForCase(admin, kase.id)).some((e) => e.object === 'protection' && e.action === 'denied'), 'on record as denied');
  });

  test('the form "Skyddade personuppgifter": the stored choices, a mistake kept as typed, audited by field name only', async () => {
    let html = decodeEntities((await bertilWeb.get(`/cases/${kase.id}/protection`)).text);
    keep('protection form, Socialtjänsten', html);
    assert.match(html, /<h1>Skyddade personuppgifter<\/h1>/);
    assert.match(html, new RegExp(`name="protection.guardians" value="${leila}" checked`), 'Leila is checked');
    // Leila protected only from herself: refused, with the message beside the field
    const bad = await bertilWeb.post(`/cases/${kase.id}/protection`, [['protection.child', '1'], ['protection.child_from', String(ahmed)],
      ['protection.guardians', String(leila)], ['protection.guardians_from', String(leila)]]);
    assert.equal(bad.status, 422);
    assert.ok(decodeEntities(bad.text).includes('En vårdnadshavare kan inte skyddas mot sig själv.'));
    // from nobody named, then from Ahmed again: two changes of one field
    for (const from of [[], [['protection.child_from', String(ahmed)]]]) {
      const ok = await bertilWeb.post(`/cases/${kase.id}/protection`, [['protection.child', '1'], ...from,
        ['protection.guardians', String(leila)], ['protection.guardians_from', String(ahmed)]]);
      assert.equal(ok.status, 303, ok.text.slice(0, 300));
      assert.match(ok.location, new RegExp(`/cases/${kase.id}\\?protection=1#protection-title`));
    }
    const entries = (await auditForCase(admin, kase.id)).filter((e) => e.object === 'protection');
    assert.equal(entries.filter((e) => e.action === 'update' && e.channel === 'web' && e.detail === 'protection.child_from').length, 2,
      JSON.stringify(entries));
    assert.ok(entries.some((e) => e.action === 'update' && e.channel === 'api' && e.detail === 'protection.child_from'),
      'the API\'s change after the registration');
    const timeline = (await anna.getJson(`/api/v1/cases/${kase.id}`)).json().timeline.filter((e) => e.kind === 'protection_changed');
    assert.ok(timeline.length >= 2);
    assert.ok(timeline.every((e) => !e.note), 'a timeline event without details');
    html = decodeEntities((await annaWeb.get(`/cases/${kase.id}?protection=1`)).text);
    assert.ok(html.includes('Skyddade personuppgifter är sparade.'));
  });

  test('meetings: the invitee list, the meeting pages and the letter without her details; the free-text warning', async () => {
    const base = `/api/v1/cases/${kase.id}/meetings/${meeting}`;
    // the initiating organisation sees her e-mail among the invitees; another organisation does not
    assert.equal((await anna.getJson(base)).json().invitees.find((i) => i.guardian_id === leila).email, LEILA.email);
    const theirs = await api(bertil, base, 'API meeting, Socialtjänsten');
    assert.equal(theirs.invitees.find((i) => i.guardian_id === leila).email, null);
    const html = await page(bertilWeb, `/cases/${kase.id}/meetings/${meeting}`, 'meeting page, Socialtjänsten');
    assert.ok(html.includes(MARKER_TEXT));
    assert.doesNotMatch(html, /Leila Skyddad(?:(?!<\/th>)[\s\S])*Ingen e-post/, 'a withheld e-mail is not "no e-mail"');
    const form = await page(bertilWeb, `/cases/${kase.id}/meetings/${meeting}/edit`, 'meeting form, Socialtjänsten');
    assert.ok(form.includes(`${WARNING}</p><textarea`), 'the free-text warning beside a long text');
    const chair = await page(annaWeb, `/cases/${kase.id}/meetings/${meeting}/chair`, 'chair page');
    assert.ok(chair.includes(MARKER_TEXT));
    const letter = await page(bertilWeb, `/cases/${kase.id}/meetings/${meeting}/letter`, 'meeting letter, Socialtjänsten');
    assert.ok(!letter.includes(MARKER_TEXT), 'a letter for the family carries no marker');
  });

  test('the plan: the page, the printout and the PDF for others; the preparation pages', async () => {
    const plan = await page(bertilWeb, `/cases/${kase.id}/plan`, 'plan page, Socialtjänsten');
    assert.ok(plan.includes(MARKER_TEXT) && plan.includes(WARNING));
    const print = await page(bertilWeb, `/cases/${kase.id}/plan/print`, 'plan printout, Socialtjänsten');
    assert.match(print, /class="notice notice-warn protected-notice no-print"/, 'on the screen, not on the paper');
    const own = await pdfText(await bytes(annaWeb, `/cases/${kase.id}/plan/versions/1.pdf`));
    assert.match(own, /Leila Skyddad|Barnets plan|SIP/, 'the PDF was read');
    keep('plan PDF, Ålidhemsskolan (handed to the family)', own);
    keep('plan version JSON, Socialtjänsten', (await bertil.getJson(`/api/v1/cases/${kase.id}/plan/versions/1`)).text);
    const prep = await page(bertilWeb, `/cases/${kase.id}/prep/child`, 'child preparation, Socialtjänsten');
    assert.ok(prep.includes(MARKER_TEXT));
    await page(bertilWeb, `/cases/${kase.id}/prep/guardians/${leila}`, 'guardian preparation, Socialtjänsten');
    await api(bertil, `/api/v1/cases/${kase.id}/plan`, 'API plan, Socialtjänsten');
  });

  test('the administrator\'s outbox: a message waiting for the protected guardian shows no address', async () => {
    const smtp = await smtpReady;
    const m = await anna.postJson(`/api/v1/cases/${kase.id}/meetings`, {
      kind: 'followup', date: addDays(today(), 28), start: '09:00', end: '10:00', setting: 'physical', setting_agreed: true,
      place: 'Konferensrummet', purpose: 'Att följa upp planen igen.', agenda: 'Hur det går.',
    });
    assert.equal(m.status, 201, m.text);
    const base = `/api/v1/cases/${kase.id}/meetings/${m.json().id}`;
    for (const body of [{ kind: 'child' }, { kind: 'guardian', guardian_id: leila }, { kind: 'guardian', guardian_id: ahmed }])
      assert.equal((await anna.postJson(`${base}/invitees`, body)).status, 201);
    smtp.failNext(2, 451); // the guardians' invitations wait in the outbox
    const sent = await anna.postJson(`${base}/send`, { confirm_warnings: true });
    assert.equal(sent.status, 200, sent.text);
    const adminWeb = await srv.login('admin');
    let html = '';
    for (let i = 0; i < 50 && !html.includes('<td>Skyddade personuppgifter</td>'); i++) {
      if (i) await new Promise((r) => setTimeout(r, 200));
      html = decodeEntities((await adminWeb.get('/admin/outbox')).text);
    }
    assert.match(html, /<td>Skyddade personuppgifter<\/td>/, 'the recipient is marked, not shown');
    assert.ok(html.includes(AHMED.email), 'an unprotected recipient is shown (the search can find one)');
    assert.deepEqual(found(html), []);
  });

  test('everything produced for others: no protected detail anywhere (e-mails, calendar files, PDFs, pages, API, outbox, log)', async () => {
    const smtp = await smtpReady;
    assert.ok(smtp.messages.length >= 4, `e-mails were sent (${smtp.messages.length})`);
    const toLeila = smtp.messages.filter((x) => x.to.includes(LEILA.email));
    assert.ok(toLeila.length >= 1, 'her own invitation reached her (the search sees her address where it must be)');
    assert.ok(toLeila.some((x) => x.mail?.ics), 'with a calendar file');
    for (const x of smtp.messages) {
      const text = mailText(x);
      // her own mail names her own address as recipient, nothing more; everybody else's names nothing of her
      const allowed = x.to.includes(LEILA.email) ? [LEILA.email] : [];
      const leak = found(text).filter((mk) => !allowed.includes(mk));
      assert.deepEqual(leak, [], `an e-mail to ${x.to.join(', ')} (${x.mail?.subject}) carries ${leak.join(', ')}`);
      if (x.mail?.ics) assert.ok(!x.mail.ics.includes(AHMED.address), 'no calendar file carries an address');
    }
    for (const [label, text] of forOthers) assert.deepEqual(found(text), [], `${label} carries a protected detail`);
    // the outbox keeps what was sent: her address only as the recipient of her own messages
    const rows = await dbQuery(srv, 'SELECT recipient, subject, body, COALESCE(ics, \'\') FROM outbox');
    for (const line of rows.split('\n').filter(Boolean)) {
      const [recipient, ...rest] = line.split('|');
      assert.deepEqual(found(rest.join('|')), [], `an outbox row to ${recipient} carries a protected detail`);
    }
    // the audit trail names fields, never values
    assert.deepEqual(found(await dbQuery(srv, 'SELECT detail FROM audit')), []);
    // the server's output (the access log: route names only) names none of it, and is not empty
    const log = srv.log();
    assert.match(log, /case_show/, 'the access log was read');
    assert.deepEqual(found(log), [], 'a log line carries a protected detail');
    assert.ok(!log.includes(String(LEILA.address)) && !log.includes(`/cases/${kase.id}`), 'no path or address in the log');
  });
});
