// smtp.test.mjs: the mail module's real SMTP round trip. tests/mail/mail_tool (bp_mail_compose,
// bp_ical_build, bp_smtp_send over libcurl) sends to tests/lib/smtp.mjs (smtp-server) on loopback; the message is read back
// with mailparser and its calendar part with bp_ical_read (`mail_tool ical-read`, libical).
// What the issue asks: "calendar files parse with libical and show the right local time; a change and a
// cancellation arrive as such"; a failed delivery is reported as temporary (exit 75) or permanent (exit 1)
// and nothing counts as delivered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startSmtp, selfSignedCert } from '../lib/smtp.mjs';
import { freePort, SOURCE_DIR } from '../lib/server.mjs';

const TOOL = process.env.BARNPLAN_MAIL_TOOL || path.join(SOURCE_DIR, 'build/dev/tests/mail/mail_tool');
const FROM = 'barnplan@kommun.test';
const EX_TEMPFAIL = 75;

/** Runs mail_tool; resolves { code, stdout, stderr }. */
function tool(args, { input = null, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(TOOL, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `mail_tool ical-read` on an .ics: its key=value lines as an object. */
async function icalRead(ics) {
  const r = await tool(['ical-read'], { input: ics });
  assert.equal(r.code, 0, `mail_tool ical-read failed: ${r.stderr}\n${ics}`);
  return Object.fromEntries(r.stdout.trimEnd().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** unix seconds of a UTC wall-clock time */
const utc = (y, mo, d, h, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) / 1000;

function send(smtp, to, subject, text, ics = null, env = {}) {
  const args = ['send', smtp.url, FROM, to, subject, text];
  if (ics) args.push(String(ics.start), String(ics.end), ics.method, String(ics.sequence));
  return tool(args, { env });
}

/** The raw message is 7-bit, CRLF everywhere, no line over 998 octets. */
function assertWireFormat(m) {
  const raw = m.rawBuffer;
  for (let i = 0; i < raw.length; i++) {
    assert.ok(raw[i] < 0x80, `8-bit byte ${raw[i]} at ${i}`);
    if (raw[i] === 0x0a) assert.equal(raw[i - 1], 0x0d, `a bare LF at ${i}`);
    if (raw[i] === 0x0d) assert.equal(raw[i + 1], 0x0a, `a bare CR at ${i}`);
  }
  for (const line of m.raw.split('\r\n')) assert.ok(line.length <= 998, `a line of ${line.length} octets`);
}

let smtp;
before(async () => {
  assert.ok(existsSync(TOOL), `mail_tool not found at ${TOOL} (build first, or set BARNPLAN_MAIL_TOOL)`);
  smtp = await startSmtp();
});
after(async () => {
  await smtp?.close();
});

const TEXT = 'Hej!\nDu är inbjuden till ett samordningsmöte.\nLogga in i Barnplan för att se tid och plats:\nhttps://barnplan.test/meetings/1\n';

for (const [season, start, local] of [
  ['summer (UTC+2)', utc(2026, 6, 15, 8), '2026-06-15 10:00'],
  ['winter (UTC+1)', utc(2026, 12, 7, 9), '2026-12-07 10:00'],
]) {
  test(`an invitation in ${season} arrives with its envelope, Swedish subject, text and a calendar part at 10:00 local time`, async () => {
    const to = `anna.${start}@example.test`;
    const r = await send(smtp, to, 'Inbjudan till möte', TEXT, { start, end: start + 3600, method: 'REQUEST', sequence: 0 });
    assert.equal(r.code, 0, r.stderr);
    const m = await smtp.waitFor((x) => x.to.includes(to));
    assert.equal(m.from, FROM, 'the envelope sender');
    assert.deepEqual(m.to, [to], 'the envelope recipients');
    assertWireFormat(m);

    const mail = m.mail;
    assert.equal(mail.subject, 'Inbjudan till möte');
    assert.match(mail.rawHeaders.find(([k]) => k === 'Subject')[1], /^=\?UTF-8\?B\?/, 'the subject is an RFC 2047 encoded-word');
    assert.equal(mail.to, to);
    assert.match(mail.from, /<barnplan@kommun\.test>$/);
    assert.match(mail.messageId, /^<[^<>\s]+@[^<>\s]+>$/);
    assert.equal(mail.headers['mime-version'], '1.0');
    assert.equal(mail.contentType.type, 'multipart/mixed');
    assert.equal(mail.text.replace(/\r\n/g, '\n'), TEXT);

    assert.ok(mail.ics, 'a text/calendar part');
    assert.equal(mail.icsPart.contentType.params.method, 'REQUEST');
    assert.equal(mail.icsPart.contentType.params.charset.toUpperCase(), 'UTF-8');
    assert.equal(mail.icsPart.disposition, 'attachment');
    assert.equal(mail.icsPart.filename, 'invite.ics');
    assert.match(mail.ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(mail.ics, /\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/Stockholm\r\n/);

    const info = await icalRead(mail.ics);
    assert.equal(info.method, 'REQUEST');
    assert.equal(info.status, 'CONFIRMED');
    assert.equal(info.sequence, '0');
    assert.equal(info.summary, 'Inbjudan till möte');
    assert.equal(info.tzid, 'Europe/Stockholm');
    assert.equal(info.start_local, local, 'the local time a calendar shows');
    assert.equal(Number(info.start_utc), start);
    assert.equal(Number(info.end_utc), start + 3600);
  });
}

test('a change (same uid, higher sequence) and a cancellation (METHOD:CANCEL, STATUS:CANCELLED) arrive as such', async () => {
  const start = utc(2026, 9, 1, 7, 30); // 09:30 local
  const to = 'byte@example.test';
  const steps = [
    ['Inbjudan till möte', 'REQUEST', 0, start],
    ['Ändrad tid för möte', 'REQUEST', 1, start],
    ['Inställt möte', 'CANCEL', 2, start],
  ];
  const infos = [];
  for (const [subject, method, sequence] of steps) {
    smtp.reset();
    const r = await send(smtp, to, subject, 'Logga in i Barnplan: https://barnplan.test/meetings/1', {
      start,
      end: start + 5400,
      method,
      sequence,
    });
    assert.equal(r.code, 0, r.stderr);
    const mail = (await smtp.waitFor((x) => x.to.includes(to))).mail;
    assert.equal(mail.subject, subject);
    assert.equal(mail.icsPart.contentType.params.method, method, 'the MIME type carries the method');
    assert.match(mail.ics, new RegExp(`\\r\\nMETHOD:${method}\\r\\n`));
    infos.push(await icalRead(mail.ics));
  }
  const [req, change, cancel] = infos;
  assert.equal(change.uid, req.uid, 'a change keeps the uid');
  assert.equal(cancel.uid, req.uid, 'a cancellation keeps the uid');
  assert.deepEqual(
    infos.map((i) => [i.method, i.sequence, i.status]),
    [
      ['REQUEST', '0', 'CONFIRMED'],
      ['REQUEST', '1', 'CONFIRMED'],
      ['CANCEL', '2', 'CANCELLED'],
    ],
  );
  assert.equal(cancel.start_local, '2026-09-01 09:30');
});

test('a 451 after DATA gives exit 75 (temporary) and stores nothing; the retry is delivered once', async () => {
  smtp.reset();
  smtp.failNext(1, 451);
  const to = 'retry@example.test';
  const r = await send(smtp, to, 'Påminnelse', 'Text');
  assert.equal(r.code, EX_TEMPFAIL, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, /code=451 permanent=0/);
  assert.equal(smtp.messages.length, 0, 'nothing stored');
  assert.equal(smtp.transactions.at(-1).code, 451, 'the server answered 451 to the whole message');

  const again = await send(smtp, to, 'Påminnelse', 'Text');
  assert.equal(again.code, 0, again.stderr);
  await smtp.waitFor((x) => x.to.includes(to));
  assert.equal(smtp.messages.length, 1, 'delivered exactly once');
});

test('a 451 at RCPT is temporary too (exit 75), nothing stored', async () => {
  smtp.reset();
  smtp.failNext(1, 451, { at: 'rcpt' });
  const r = await send(smtp, 'rcpt451@example.test', 'Påminnelse', 'Text');
  assert.equal(r.code, EX_TEMPFAIL, r.stderr);
  assert.equal(smtp.messages.length, 0);
});

for (const at of ['rcpt', 'data']) {
  test(`a 550 at ${at.toUpperCase()} is permanent: exit 1, nothing stored`, async () => {
    smtp.reset();
    smtp.failNext(1, 550, { at });
    const r = await send(smtp, `perm.${at}@example.test`, 'Påminnelse', 'Text');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /code=550 permanent=1/);
    assert.equal(smtp.messages.length, 0);
  });
}

test('no server listening: temporary (exit 75), and the error text holds no address', async () => {
  const port = await freePort();
  const r = await tool(['send', `smtp://127.0.0.1:${port}`, FROM, 'nobody@example.test', 'Påminnelse', 'Text']);
  assert.equal(r.code, EX_TEMPFAIL, r.stderr);
  assert.match(r.stderr, /code=0 permanent=0/);
  assert.doesNotMatch(r.stderr, /example\.test|kommun\.test/);
});

test('a server that does not answer in time: temporary (exit 75)', async () => {
  const slow = await startSmtp({ greetingDelayMs: 5000 });
  try {
    const t0 = Date.now();
    const r = await send(slow, 'slow@example.test', 'Påminnelse', 'Text', null, { BARNPLAN_SMTP_TIMEOUT_MS: '500' });
    assert.equal(r.code, EX_TEMPFAIL, r.stderr);
    assert.ok(Date.now() - t0 < 4500, 'gave up at the timeout');
    assert.equal(slow.messages.length, 0);
  } finally {
    await slow.close();
  }
});

test('lines starting with a dot survive (libcurl stuffs them, the server unstuffs them)', async () => {
  smtp.reset();
  const text = 'Första raden\n.\n..två punkter\n.en punkt\nSista raden\n';
  const r = await send(smtp, 'dots@example.test', 'Punkter', text);
  assert.equal(r.code, 0, r.stderr);
  const mail = (await smtp.waitFor((x) => x.to.includes('dots@example.test'))).mail;
  assert.equal(mail.contentType.type, 'text/plain', 'no calendar: a single text part');
  assert.equal(mail.headers['content-transfer-encoding'], 'quoted-printable');
  assert.equal(mail.text.replace(/\r\n/g, '\n'), text);
});

test('a subject with CR LF (header injection) is refused before anything is sent', async () => {
  smtp.reset();
  const r = await send(smtp, 'inject@example.test', 'Hej\r\nBcc: evil@example.test', 'Text');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bp_mail_compose: invalid/);
  assert.equal(smtp.transactions.length, 0, 'no SMTP transaction at all');
});

/* ---- TLS and AUTH: what the mail module does when the server offers or demands them ---- */

test('STARTTLS offered with a certificate nobody vouches for: the client starts TLS, refuses the certificate, sends nothing (permanent, exit 1)', async () => {
  // src/mail/smtp.c: smtp:// uses STARTTLS whenever it is offered and never turns certificate checks off
  const tls = await startSmtp({ tls: selfSignedCert() });
  try {
    const r = await send(tls, 'tls@example.test', 'Påminnelse', 'Text');
    assert.equal(r.code, 1, `exit code; stderr: ${r.stderr}`);
    assert.match(r.stderr, /permanent=1/);
    assert.match(r.stderr, /certificate|SSL|TLS/i, 'the error names the certificate or TLS');
    assert.equal(tls.messages.length, 0, 'nothing delivered in clear after the refused certificate');
    assert.equal(tls.transactions.length, 0, 'not even MAIL FROM was sent');
  } finally {
    await tls.close();
  }
});

test('the same server without STARTTLS takes the message in clear (so the refusal above is about the certificate)', async () => {
  const plain = await startSmtp();
  try {
    const r = await send(plain, 'clear@example.test', 'Påminnelse', 'Text');
    assert.equal(r.code, 0, r.stderr);
    const m = await plain.waitFor((x) => x.to.includes('clear@example.test'));
    assert.equal(m.secure, false);
  } finally {
    await plain.close();
  }
});

test('a server that demands AUTH: without credentials MAIL FROM gets 530, permanent (exit 1), nothing stored', async () => {
  const authed = await startSmtp({ auth: { user: 'barnplan', pass: 'hemligt' } });
  try {
    const r = await send(authed, 'auth@example.test', 'Påminnelse', 'Text');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /code=530 permanent=1/);
    assert.equal(authed.messages.length, 0);
  } finally {
    await authed.close();
  }
});

/* ---- the test server as the HTTP tests use it (tests/lib/smtp.mjs over smtp-server) ---- */

/** Speaks SMTP by hand: sends each line after the previous reply; resolves the replies. */
function converse(port, lines) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const replies = [];
    let buf = '';
    let i = 0;
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      buf += d;
      let m;
      // a complete reply: its last line is "NNN text"
      while ((m = /^(?:\d{3}-[^\n]*\n)*\d{3} [^\n]*\n/.exec(buf))) {
        replies.push(m[0].trimEnd());
        buf = buf.slice(m[0].length);
        if (i < lines.length) sock.write(lines[i++]);
        else sock.end();
      }
    });
    sock.on('error', reject);
    sock.on('close', () => resolve(replies));
  });
}

test('smtp.mjs: several recipients, dot-unstuffing, RSET and NOOP; the message is read with mailparser', async () => {
  smtp.reset();
  const replies = await converse(smtp.port, [
    'EHLO client.test\r\n',
    'NOOP\r\n',
    'MAIL FROM:<a@example.test>\r\n',
    'RSET\r\n',
    'MAIL FROM:<b@example.test>\r\n',
    'RCPT TO:<c@example.test>\r\n',
    'RCPT TO:<d@example.test>\r\n',
    'DATA\r\n',
    'Subject: =?UTF-8?B?SW5ianVkYW4gdGlsbCBt?=\r\n =?UTF-8?B?w7Z0ZQ==?=\r\n\r\n..leading dot\r\nline\r\n.\r\n',
    'QUIT\r\n',
  ]);
  assert.deepEqual(
    replies.map((r) => r.split('\n').at(-1).slice(0, 3)), // the code of each reply's last line
    ['220', '250', '250', '250', '250', '250', '250', '250', '354', '250', '221'],
  );
  assert.doesNotMatch(replies[1], /STARTTLS/, 'no STARTTLS offered without a certificate');
  const m = await smtp.waitFor((x) => x.from === 'b@example.test');
  assert.deepEqual(m.to, ['c@example.test', 'd@example.test']);
  assert.match(m.raw, /\r\n\r\n\.leading dot\r\nline\r\n$/);
  assert.equal(m.mail.subject, 'Inbjudan till möte', 'RFC 2047 words split across a folded line');
  assert.deepEqual(
    smtp.transactions.map((t) => t.code),
    [250],
  );
});

test('smtp.mjs: failNext at MAIL answers that code and records it', async () => {
  smtp.reset();
  smtp.failNext(1, 421, { at: 'mail' });
  const r = await send(smtp, 'mailfail@example.test', 'Påminnelse', 'Text');
  assert.equal(r.code, EX_TEMPFAIL, r.stderr);
  assert.deepEqual(smtp.transactions.map((t) => t.code), [421]);
  assert.equal(smtp.messages.length, 0);
});
