// smtp.mjs: the SMTP server the tests talk to: the npm package smtp-server (the server half of Nodemailer)
// on 127.0.0.1, with mailparser to read what arrives. Never relays anything: it only records.
//
//   import { startSmtp } from '../lib/smtp.mjs';
//   const smtp = await startSmtp();            // smtp.url is "smtp://127.0.0.1:PORT"
//   ... let Barnplan (or tests/mail/mail_tool) send ...
//   const m = await smtp.waitFor((m) => m.to.includes('anna@example.se'));
//   m.mail.subject, m.mail.text, m.mail.ics    // read with mailparser when it arrived
//   smtp.failNext(1, 451);                     // the next transaction gets "451 ..." (nothing stored)
//   smtp.crashBeforeAnswer(pred, fn);          // records a matching message, runs fn (a crash), never answers
//   await smtp.close();
//   const smtpReady = useSmtp();              // in a test file: started before its tests, closed after
//
// Each accepted message is recorded as { from, to: [...], raw, rawBuffer, mail, secure, user, remotePort, at }; `mail` is
// what parseMail() makes of it. failNext(n, code, { at }) answers the next n transactions with `code` (4xx:
// temporary, 5xx: permanent) at 'mail', 'rcpt' or 'data' (the default: after the whole message came, so the
// client has sent it and must still not count it as delivered). Every transaction that got a final answer
// is in `transactions` as { from, to, code, at }.
//
// options:
//   maxMessageBytes (10 MiB), greetingDelayMs (0: greet at once)
//   tls: { key, cert }   offer STARTTLS with this key and certificate (PEM); without it STARTTLS is not offered
//   auth: { user, pass } require AUTH PLAIN/LOGIN with these (authOptional otherwise); needs TLS first
//   selfSignedCert()     makes a throwaway key and certificate with openssl for `tls`
import { before, after } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A throwaway RSA key and self-signed certificate for CN=smtp.test (openssl req), as { key, cert } PEM strings. */
export function selfSignedCert(cn = 'smtp.test') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnplan-smtp-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${cn}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function smtpError(code, text) {
  const e = new Error(text);
  e.responseCode = code;
  return e;
}

/**
 * Starts a server. Returns { port, host, url, messages, transactions, failNext(), waitFor(), reset(), close() }.
 */
export async function startSmtp(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const maxMessageBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const messages = [];
  const log = []; // every transaction's final answer: { from, to, code, at }
  const waiters = new Set();
  let failures = []; // queue of { code, at, text }
  const beforeAnswer = []; // { pred, fn }: see crashBeforeAnswer()

  const notify = () => {
    for (const w of [...waiters]) w.check();
  };
  const takeFailure = (at) => (failures.length && failures[0].at === at ? failures.shift() : null);
  const ended = (session, code) => {
    log.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null, to: session.envelope.rcptTo.map((r) => r.address), code, at: Date.now() });
    notify();
  };

  const server = new SMTPServer({
    name: 'smtp.test',
    banner: 'ESMTP test server',
    size: maxMessageBytes,
    secure: false,
    key: options.tls?.key,
    cert: options.tls?.cert,
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    authOptional: !options.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onConnect(_session, callback) {
      if (options.greetingDelayMs) setTimeout(() => callback(), options.greetingDelayMs);
      else callback();
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
      else callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(address, session, callback) {
      const f = takeFailure('mail');
      if (f) {
        log.push({ from: address.address, to: [], code: f.code, at: Date.now() });
        notify();
        return callback(smtpError(f.code, f.text));
      }
      callback();
    },
    onRcptTo(address, session, callback) {
      const f = takeFailure('rcpt');
      if (f) {
        log.push({ from: session.envelope.mailFrom?.address ?? null, to: [address.address], code: f.code, at: Date.now() });
        notify();
        return callback(smtpError(f.code, f.text));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (d) => chunks.push(d));
      stream.on('end', async () => {
        if (stream.sizeExceeded) {
          ended(session, 552);
          return callback(smtpError(552, '5.3.4 Message too big'));
        }
        const f = takeFailure('data');
        if (f) {
          ended(session, f.code);
          return callback(smtpError(f.code, f.text));
        }
        const rawBuffer = Buffer.concat(chunks);
        const raw = rawBuffer.toString('utf8');
        let mail = null;
        try {
          mail = await parseMail(rawBuffer);
        } catch {
          /* a message mailparser cannot read: the test sees mail === null */
        }
        const m = {
          from: session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          rawBuffer,
          mail,
          secure: session.secure,
          user: session.user ?? null,
          remotePort: session.remotePort, // the client's port: which process sent it (ss -p)
          at: Date.now(),
        };
        messages.push(m);
        const hook = beforeAnswer.find((h) => h.pred(m));
        if (hook) {
          // the message is here (a real server would deliver it); the client never hears so
          beforeAnswer.splice(beforeAnswer.indexOf(hook), 1);
          notify();
          await hook.fn(m);
          return; // no answer: the client has crashed or will time out
        }
        ended(session, 250);
        callback(null, '2.0.0 OK queued');
      });
    },
  });
  server.on('error', () => {}); // a client that goes away mid-session is not the test's failure
  await new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.server.address();

  return {
    port,
    host,
    url: `smtp://${host}:${port}`,
    /** Accepted messages: { from, to: [...], raw, rawBuffer, mail, secure, user, at }. */
    messages,
    /** Every transaction that got a final answer: { from, to, code, at }. */
    transactions: log,
    /**
     * Answers the next `n` transactions with `code` ("451 4.3.0 Try again later", "550 5.1.1 No such user").
     * options.at: 'mail', 'rcpt' or 'data' (default).
     */
    failNext(n, code, { at = 'data', text } = {}) {
      if (!['mail', 'rcpt', 'data'].includes(at)) throw new Error(`failNext: at must be mail, rcpt or data, not ${at}`);
      const t = text ?? (code >= 500 ? '5.1.1 Permanent failure (test)' : '4.3.0 Temporary failure, try again (test)');
      for (let i = 0; i < n; i++) failures.push({ code, at, text: t });
    },
    /**
     * For the next accepted message for which pred(message) is true: record it, then await fn(message) and
     * never answer. A test kills the client in fn: the crash between the mail server's acceptance and the
     * client's own record of it, after which the client must send the message again.
     */
    crashBeforeAnswer(pred, fn) {
      beforeAnswer.push({ pred, fn });
    },
    /** Resolves with the first message (already here or arriving) for which pred(message) is true. */
    waitFor(pred = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const w = {
          check() {
            const m = messages.find(pred);
            if (m) {
              clearTimeout(w.timer);
              waiters.delete(w);
              resolve(m);
            }
          },
        };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`smtp: no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(w);
        w.check();
      });
    },
    /** Forgets the messages, the transactions and any pending failures. */
    reset() {
      messages.length = 0;
      log.length = 0;
      failures = [];
    },
    async close() {
      for (const w of [...waiters]) {
        clearTimeout(w.timer);
        waiters.delete(w);
      }
      // smtp-server waits for open sessions (a greeting delayed on purpose) up to closeTimeout: do not wait
      for (const c of server.connections || []) c._socket?.destroy?.();
      await Promise.race([new Promise((r) => server.close(r)), sleep(2000)]);
    },
  };
}

/* ---- reading what arrived (mailparser) ---- */

/** A header value from mailparser's map as text: structured values give their value, addresses their text. */
function headerText(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toUTCString();
  if (typeof v.text === 'string') return v.text;
  if (typeof v.value === 'string') return v.value;
  return String(v);
}

function headersObject(map) {
  const out = {};
  for (const [k, v] of map) out[k] = Array.isArray(v) ? v.map(headerText) : headerText(v);
  return out;
}

function contentTypeOf(v) {
  return v && typeof v === 'object' ? { type: String(v.value).toLowerCase(), params: v.params || {} } : { type: 'text/plain', params: {} };
}

/** The raw header lines as [name, value] (value unfolded, still encoded as written). */
function rawHeaderPairs(lines) {
  return (lines || []).map(({ line }) => {
    const i = line.indexOf(':');
    return [line.slice(0, i), line.slice(i + 1).replace(/\r?\n[ \t]/g, ' ').trim()];
  });
}

/**
 * Reads a message with mailparser. Resolves { headers (lower-case names, decoded text), rawHeaders ([name,
 * value] as written), subject, from, to, messageId, date, contentType { type, params }, text (the text part),
 * ics (the text/calendar part, a string, or null), icsPart { contentType, disposition, filename } }.
 */
/**
 * For a test file: a server started before its tests and closed after them. Returns a promise of it, to
 * await where the server's settings are made (useServer's env) and in the tests.
 */
export function useSmtp(options = {}) {
  let resolve;
  const ready = new Promise((r) => {
    resolve = r;
  });
  before(async () => resolve(await startSmtp(options)));
  after(async () => (await ready).close());
  return ready;
}

export async function parseMail(raw) {
  const p = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const cal = (p.attachments || []).find((a) => (a.contentType || '').toLowerCase() === 'text/calendar') || null;
  return {
    headers: headersObject(p.headers),
    rawHeaders: rawHeaderPairs(p.headerLines),
    subject: p.subject ?? null,
    from: p.from?.text ?? null,
    to: p.to?.text ?? null,
    messageId: p.messageId ?? null,
    date: p.date ?? null,
    contentType: contentTypeOf(p.headers.get('content-type')),
    text: p.text ?? null,
    ics: cal ? cal.content.toString('utf8') : null,
    icsPart: cal ? { contentType: contentTypeOf(cal.headers.get('content-type')), disposition: cal.contentDisposition ?? null, filename: cal.filename ?? null } : null,
  };
}
