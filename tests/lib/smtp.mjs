// smtp.mjs: a small SMTP server for tests (RFC 5321's core, Node's net module, no npm packages), and a
// small reader of the MIME messages Barnplan sends. Listens on 127.0.0.1 only; never relays anything.
//
//   import { startSmtp, parseMail } from '../lib/smtp.mjs';
//   const smtp = await startSmtp();            // smtp.url is "smtp://127.0.0.1:PORT"
//   ... let Barnplan (or tests/mail/mail_tool) send ...
//   const m = await smtp.waitFor((m) => m.to.includes('anna@example.se'));
//   const mail = parseMail(m.raw);             // mail.subject, mail.text, mail.ics, mail.headers
//   smtp.failNext(1, 451);                     // the next transaction gets "451 ..." (nothing stored)
//   await smtp.close();
//
// Commands: EHLO/HELO, MAIL FROM, RCPT TO (several), DATA (with dot-unstuffing), RSET, NOOP, VRFY, QUIT.
// Each accepted message is recorded as { from, to: [...], raw, rawBuffer, at }. failNext(n, code, { at })
// answers the next n transactions with `code` (4xx: temporary, 5xx: permanent) at 'mail', 'rcpt' or
// 'data' (the default: after the whole message came, so the client has sent it and must still not
// count it as delivered). Lines and messages are bounded (1000 octets, maxMessageBytes).
import net from 'node:net';

const CRLF = '\r\n';
const MAX_LINE = 1000 + 2; // RFC 5321 4.5.3.1.6 (text line with CRLF); commands are shorter still

/** The address inside "FROM:<a@b> SIZE=123" (or "TO:<a@b>"); null when malformed. "" for the null path <>. */
function pathArg(arg, keyword) {
  const m = new RegExp(`^${keyword}:\\s*<([^<>\\s]*)>(?:\\s+(.*))?$`, 'i').exec(arg.trim());
  return m ? m[1] : null;
}

/**
 * Starts a server. options: host ('127.0.0.1'), port (0: a free one), hostname ('smtp.test'),
 * maxMessageBytes (10 MiB), greetingDelayMs (0).
 * Returns { port, url, messages, transactions, failNext(), waitFor(), reset(), close() }.
 */
export async function startSmtp(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const hostname = options.hostname ?? 'smtp.test';
  const maxMessageBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const messages = [];
  const log = []; // every transaction's outcome: { from, to, code, at }
  const sockets = new Set();
  const waiters = new Set();
  let failures = []; // queue of { code, at, text }

  function notify() {
    for (const w of [...waiters]) w.check();
  }

  function takeFailure(at) {
    return failures.length && failures[0].at === at ? failures.shift() : null;
  }

  function session(sock) {
    sockets.add(sock);
    sock.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let greeted = false;
    let tx = null; // { from, to: [], failure }
    let data = null; // Buffer chunks while in DATA, with size
    let closed = false;

    const reply = (code, text) => {
      if (closed) return;
      const lines = Array.isArray(text) ? text : [text];
      sock.write(lines.map((l, i) => `${code}${i < lines.length - 1 ? '-' : ' '}${l}`).join(CRLF) + CRLF);
    };
    const quit = () => {
      closed = true;
      sock.end();
    };

    // Logs the transaction once, when it ends: with its final reply, the failure it got at RCPT, or null
    // (the client left or reset it without one).
    function endTransaction(code = tx ? tx.outcome : null) {
      if (tx) log.push({ from: tx.from, to: [...tx.to, ...tx.refused], code, at: Date.now() });
      tx = null;
      notify();
    }

    function finishData() {
      const rawBuffer = Buffer.concat(data.chunks);
      const tooBig = data.size > maxMessageBytes;
      data = null;
      if (tooBig) {
        reply(552, '5.3.4 Message too big');
        endTransaction(552);
        return;
      }
      const f = tx.failure && tx.failure.at === 'data' ? tx.failure : null;
      if (f) {
        reply(f.code, f.text);
        endTransaction(f.code);
        return;
      }
      messages.push({ from: tx.from, to: [...tx.to], raw: rawBuffer.toString('utf8'), rawBuffer, at: Date.now() });
      reply(250, '2.0.0 OK queued');
      endTransaction(250);
    }

    function dataLine(line) {
      // line without its CRLF, as bytes
      if (line.length === 1 && line[0] === 0x2e) {
        finishData();
        return;
      }
      const body = line[0] === 0x2e ? line.subarray(1) : line; // dot-unstuffing (RFC 5321 4.5.2)
      data.size += body.length + 2;
      if (data.size <= maxMessageBytes) data.chunks.push(body, Buffer.from(CRLF));
    }

    function command(line) {
      const sp = line.indexOf(' ');
      const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
      const arg = sp < 0 ? '' : line.slice(sp + 1);
      switch (verb) {
        case 'EHLO':
        case 'HELO':
          if (!arg.trim()) return reply(501, '5.5.4 Syntax: EHLO hostname');
          greeted = true;
          if (tx) endTransaction();
          if (verb === 'HELO') return reply(250, hostname);
          return reply(250, [hostname, '8BITMIME', `SIZE ${maxMessageBytes}`, 'ENHANCEDSTATUSCODES', 'HELP']);
        case 'MAIL': {
          if (!greeted) return reply(503, '5.5.1 EHLO first');
          if (tx) return reply(503, '5.5.1 Nested MAIL command');
          const from = pathArg(arg, 'FROM');
          if (from === null) return reply(501, '5.5.4 Syntax: MAIL FROM:<address>');
          const f = takeFailure('mail');
          if (f) {
            log.push({ from, to: [], code: f.code, at: Date.now() });
            notify();
            return reply(f.code, f.text);
          }
          tx = { from, to: [], refused: [], outcome: null, failure: takeFailure('rcpt') || takeFailure('data') };
          return reply(250, '2.1.0 OK');
        }
        case 'RCPT': {
          if (!tx) return reply(503, '5.5.1 MAIL first');
          const to = pathArg(arg, 'TO');
          if (to === null || to === '') return reply(501, '5.5.4 Syntax: RCPT TO:<address>');
          if (tx.failure && tx.failure.at === 'rcpt') {
            // every recipient of this transaction is refused; it is logged when the client ends it
            tx.refused.push(to);
            tx.outcome = tx.failure.code;
            return reply(tx.failure.code, tx.failure.text);
          }
          if (tx.to.length >= 100) return reply(452, '4.5.3 Too many recipients');
          tx.to.push(to);
          return reply(250, '2.1.5 OK');
        }
        case 'DATA':
          if (!tx || tx.to.length === 0) return reply(503, '5.5.1 RCPT first');
          if (arg) return reply(501, '5.5.4 No arguments to DATA');
          data = { chunks: [], size: 0 };
          return reply(354, 'End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          if (tx) endTransaction();
          return reply(250, '2.0.0 OK');
        case 'NOOP':
          return reply(250, '2.0.0 OK');
        case 'VRFY':
          return reply(252, '2.1.5 Cannot VRFY user');
        case 'QUIT':
          if (tx) endTransaction();
          reply(221, '2.0.0 Bye');
          return quit();
        default:
          return reply(500, '5.5.2 Command not recognized');
      }
    }

    function onLines() {
      for (;;) {
        const nl = buf.indexOf(0x0a);
        if (nl < 0) {
          if (buf.length > MAX_LINE) {
            reply(500, '5.5.6 Line too long');
            data = null;
            if (tx) endTransaction(500);
            quit();
          }
          return;
        }
        let line = buf.subarray(0, nl);
        buf = buf.subarray(nl + 1);
        if (line.length && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
        if (line.length > MAX_LINE) {
          reply(500, '5.5.6 Line too long');
          data = null;
          if (tx) endTransaction(500);
          return quit();
        }
        if (data) dataLine(line);
        else command(line.toString('latin1'));
        if (closed) return;
      }
    }

    sock.on('data', (chunk) => {
      if (closed) return;
      buf = Buffer.concat([buf, chunk]);
      onLines();
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      sockets.delete(sock);
      if (tx) endTransaction();
    });
    const greet = () => reply(220, `${hostname} ESMTP test server`);
    if (options.greetingDelayMs) {
      const timer = setTimeout(greet, options.greetingDelayMs);
      sock.on('close', () => clearTimeout(timer));
    } else greet();
  }

  const server = net.createServer(session);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address();

  return {
    port,
    host,
    url: `smtp://${host}:${port}`,
    /** Accepted messages: { from, to: [...], raw, rawBuffer, at }. */
    messages,
    /** Every transaction that ended, accepted or not: { from, to, code, at } (code null: the client left). */
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
      const closedP = new Promise((r) => server.close(r));
      for (const s of sockets) s.destroy();
      let timer;
      await Promise.race([closedP, new Promise((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
    },
  };
}

/* ---- reading MIME ---- */

/** Base64 to a Buffer (line breaks and white space ignored). */
export function decodeBase64(s) {
  return Buffer.from(s.replace(/\s+/g, ''), 'base64');
}

/** Quoted-printable (RFC 2045 6.7) to a Buffer: soft line breaks removed, =XX decoded. */
export function decodeQuotedPrintable(s) {
  const out = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...Buffer.from(c, 'latin1'));
    }
  }
  return Buffer.from(out);
}

/**
 * Decodes RFC 2047 encoded-words (B and Q, any charset Node knows; UTF-8 and ISO-8859-1 at least) in a header
 * value. White space between two adjacent encoded-words is dropped (RFC 2047 6.2).
 */
export function decodeHeaderWords(value) {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  // bytes of adjacent words in the same charset are joined before decoding (a character may not be split,
  // but some mailers split anyway)
  let out = '';
  let last = 0;
  let pending = null; // { charset, bytes: [] }
  const flush = () => {
    if (!pending) return;
    out += new TextDecoder(pending.charset.toLowerCase() === 'utf-8' ? 'utf-8' : pending.charset).decode(
      Buffer.concat(pending.bytes),
    );
    pending = null;
  };
  for (const m of value.matchAll(word)) {
    const between = value.slice(last, m.index);
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const [, charset, enc, text] = m;
    const bytes =
      enc.toUpperCase() === 'B'
        ? decodeBase64(text)
        : decodeQuotedPrintable(text.replace(/_/g, ' ').replace(/=\r?\n/g, ''));
    if (pending && pending.charset.toLowerCase() !== charset.toLowerCase()) flush();
    if (!pending) pending = { charset, bytes: [] };
    pending.bytes.push(bytes);
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

/** Splits a header block (CRLF or LF lines, folded lines unfolded) into [name, rawValue] pairs. */
function headerPairs(block) {
  const pairs = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && pairs.length) pairs[pairs.length - 1][1] += line;
    else if (line) {
      const i = line.indexOf(':');
      pairs.push(i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)]);
    }
  }
  return pairs.map(([k, v]) => [k.trim(), v.trim()]);
}

/** "text/calendar; charset=UTF-8; method=REQUEST" → { type: 'text/calendar', params: { charset, method } }. */
export function parseContentType(value = 'text/plain') {
  const [type, ...rest] = value.split(';');
  const params = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    let v = p.slice(i + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[p.slice(0, i).trim().toLowerCase()] = v;
  }
  return { type: type.trim().toLowerCase(), params };
}

function splitHeadBody(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? [raw.slice(0, m.index), raw.slice(m.index + m[0].length)] : [raw, ''];
}

function decodeBody(body, cte = '7bit') {
  const enc = cte.trim().toLowerCase();
  if (enc === 'base64') return decodeBase64(body);
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'utf8');
}

/** One entity (a message or a part): headers, its content type, and its parts or decoded body. */
function parseEntity(raw) {
  const [head, body] = splitHeadBody(raw);
  const rawHeaders = headerPairs(head);
  const headers = {};
  for (const [k, v] of rawHeaders) {
    const key = k.toLowerCase();
    const value = decodeHeaderWords(v);
    headers[key] = key in headers ? [].concat(headers[key], value) : value;
  }
  const contentType = parseContentType(headers['content-type']);
  const entity = { headers, rawHeaders, head, contentType, parts: [], body: null };
  if (contentType.type.startsWith('multipart/')) {
    const b = contentType.params.boundary;
    if (!b) throw new Error('parseMail: multipart without a boundary');
    const esc = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pieces = body.split(new RegExp(`(?:^|\\r?\\n)--${esc}`));
    // pieces[0] is the preamble; the last piece starts with "--" (the close delimiter) and holds the epilogue
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      entity.parts.push(parseEntity(piece.replace(/^[ \t]*\r?\n/, '')));
    }
  } else {
    entity.body = decodeBody(body, headers['content-transfer-encoding']);
  }
  return entity;
}

function leaves(entity) {
  return entity.parts.length ? entity.parts.flatMap(leaves) : [entity];
}

/**
 * Reads a message as Barnplan sends it. Returns { headers (lower-case names, RFC 2047 decoded; a repeated
 * header is an array), rawHeaders ([name, value] as written), subject, from, to, messageId, date, contentType,
 * parts (the leaf parts: { headers, contentType, body: Buffer }), text (the first text/plain part, decoded,
 * a string), ics (the first text/calendar part, decoded, a string, or null), icsPart }.
 */
export function parseMail(raw) {
  const top = parseEntity(typeof raw === 'string' ? raw : raw.toString('utf8'));
  const parts = leaves(top);
  const textPart = parts.find((p) => p.contentType.type === 'text/plain');
  const icsPart = parts.find((p) => p.contentType.type === 'text/calendar') || null;
  return {
    headers: top.headers,
    rawHeaders: top.rawHeaders,
    subject: top.headers.subject ?? null,
    from: top.headers.from ?? null,
    to: top.headers.to ?? null,
    messageId: top.headers['message-id'] ?? null,
    date: top.headers.date ?? null,
    contentType: top.contentType,
    parts,
    text: textPart ? textPart.body.toString('utf8') : null,
    ics: icsPart ? icsPart.body.toString('utf8') : null,
    icsPart,
  };
}
