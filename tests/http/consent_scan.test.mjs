// consent_scan: the scanned paper consent form (V-2.5 Västerbotten's form, K-2.1 Kronobarnsmodellen's form,
// "an optional scanned form") attached to a consent of the ledger and downloaded again, through the pages
// (multipart/form-data with the csrf field) and the API. Only PDF, JPEG and PNG, recognised by their first
// bytes; at most 10 MiB; every download is audited, a refused one too; a malformed body is a 400, never a
// crash (useServer's after() fails on a dead worker or a sanitizer report).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer,
  registrationJson,
  auditForCase,
  fieldError,
  decodeEntities,
  rawRequest,
} from '../lib/server.mjs';
import { orgIds, makeCase } from '../lib/fixtures.mjs';
import { minimalPdf, uploadScan } from '../lib/scan.mjs';

const srv = useServer();

const MAX_SCAN_BYTES = 10 * 1024 * 1024; // BP_MAX_SCAN_BYTES

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A real 1x1 grey PNG. */
async function tinyPng() {
  const { deflateSync } = await import('node:zlib');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** POST a multipart form with the file in field scan.file (and the page's csrf field, or the API header). */
/** An upload named `filename`, of no declared type: the server looks at the bytes. */
const upload = (client, p, bytes, filename, options = {}) => uploadScan(client, p, bytes, { filename, type: 'application/octet-stream', ...options });

/** GET the bytes, unchanged. */
async function download(client, p) {
  const r = await fetch(client.base + p, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

describe('V-2.5, K-2.1 the scanned consent form', () => {
  let anna, annaWeb, bertil, bertilWeb, admin, caseId, consentId, orgs;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, admin] = await Promise.all([
      srv.apiLogin('anna'),
      srv.login('anna'),
      srv.apiLogin('bertil'),
      srv.login('bertil'),
      srv.apiLogin('admin'),
    ]);
    orgs = await orgIds(anna);
    // the case the tests that attach nothing look at: its consent has no scan
    ({ caseId, consentId } = await consentCase());
  });

  /** A case of its own with the school's consent (no scan yet): { caseId, consentId }. */
  async function consentCase() {
    const school = orgs['Ålidhemsskolan'];
    const kase = await makeCase(anna, {
      orgs: [school],
      consent: { child_view: 'Vill att skolan hjälper till.', maturity_note: 'Tio år.', scope: 'Närvaro, till elevhälsan.' },
    });
    return { caseId: kase.id, consentId: kase.consents[school] };
  }

  test('V-2.5 the consent table offers "Bifoga inskannad blankett" with a multipart form and the csrf field', async () => {
    const page = await annaWeb.get(`/cases/${caseId}`);
    assert.equal(page.status, 200);
    const form = new RegExp(
      `<form method="post" action="/cases/${caseId}/consents/${consentId}/scan" enctype="multipart/form-data"[^>]*>\\s*<input type="hidden" name="csrf" value="[^"]+">`,
    );
    assert.match(page.text, form);
    assert.match(decodeEntities(page.text), /Bifoga inskannad blankett/);
    assert.match(page.text, new RegExp(`<input id="scan-file-${consentId}" name="scan.file" type="file"`));
    assert.doesNotMatch(page.text, /data-consent-scan="download"/, 'no download link before a scan exists');
  });

  test('V-2.5 a real PDF through the page: stored, linked with type and size, downloaded byte for byte, audited', async () => {
    const { caseId, consentId } = await consentCase();
    await annaWeb.get(`/cases/${caseId}`); // the page's csrf token
    const pdf = minimalPdf();
    const r = await upload(annaWeb, `/cases/${caseId}/consents/${consentId}/scan`, pdf, 'Samtycke "Åsa" <b>.pdf', {
      type: 'application/pdf',
    });
    assert.equal(r.status, 303, r.text.slice(0, 1000));
    assert.equal(r.location, `/cases/${caseId}?scan=added#consent-${consentId}`);
    const page = await annaWeb.get(r.location);
    assert.equal(page.status, 200);
    const text = decodeEntities(page.text);
    assert.match(text, /Den inskannade blanketten är bifogad\./);
    assert.match(text, /Inskannad blankett \(PDF, 1 kB\)/);
    assert.match(page.text, new RegExp(`href="/cases/${caseId}/consents/${consentId}/scan" data-consent-scan="download"`));
    assert.doesNotMatch(page.text, /<b>\.pdf/, 'the uploaded name is never raw markup');
    assert.match(text, /Åsa.{0,4} <b>\.pdf/, 'it is shown as text, escaped');

    const d = await download(annaWeb, `/cases/${caseId}/consents/${consentId}/scan`);
    assert.equal(d.status, 200);
    assert.ok(d.bytes.equals(pdf), 'byte for byte');
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.equal(d.headers.get('content-disposition'), `attachment; filename="samtycke-${consentId}.pdf"`);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(d.headers.get('cache-control'), 'no-store');

    const audit = await auditForCase(admin, caseId);
    assert.ok(audit.some((e) => e.username === 'anna' && e.action === 'create' && e.object === 'consent_scan'), 'the upload is audited');
    assert.ok(audit.some((e) => e.username === 'anna' && e.action === 'read' && e.object === 'consent_scan'), 'the download is audited');
    const timeline = (await anna.getJson(`/api/v1/cases/${caseId}`)).json().timeline;
    assert.ok(timeline.some((e) => e.kind === 'consent_scan_added'), 'the timeline has the event');
  });

  test('K-2.1 a PNG through the API replaces the current scan; the API lists it and downloads it byte for byte', async () => {
    const { caseId, consentId } = await consentCase();
    const png = await tinyPng();
    const r = await upload(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`, png, 'skan.png', {
      api: true,
      type: 'application/pdf', // a wrong claim: the first bytes decide
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json().content_type, 'image/png');
    assert.equal(r.json().size, png.length);
    const consents = (await anna.getJson(`/api/v1/cases/${caseId}/consents`)).json();
    const k = consents.find((x) => x.id === consentId);
    assert.equal(k.scan.content_type, 'image/png');
    assert.equal(k.scan.size, png.length);
    assert.equal(k.scan.file_name, 'skan.png');
    const d = await download(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`);
    assert.equal(d.status, 200);
    assert.ok(d.bytes.equals(png));
    assert.equal(d.headers.get('content-type'), 'image/png');
    assert.equal(d.headers.get('content-disposition'), `attachment; filename="samtycke-${consentId}.png"`);
    const page = await annaWeb.get(`/cases/${caseId}`);
    assert.match(decodeEntities(page.text), /Inskannad blankett \(PNG, 1 kB\)/);
  });

  test('V-2.5 a text file renamed .pdf is refused with a message next to the field; nothing changes', async () => {
    const { caseId, consentId } = await consentCase();
    const png = await upload(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`, await tinyPng(), 'skan.png', { api: true });
    assert.equal(png.status, 201, png.text);
    await annaWeb.get(`/cases/${caseId}`);
    const r = await upload(annaWeb, `/cases/${caseId}/consents/${consentId}/scan`, Buffer.from('Det här är bara text.\n'), 'blankett.pdf', {
      type: 'application/pdf',
    });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'scan.file'), 'Filen är inte en PDF, JPEG eller PNG. Skanna blanketten till något av de formaten.');
    const api = await upload(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`, Buffer.from('%PDX'), 'x.pdf', { api: true });
    assert.equal(api.status, 422);
    assert.deepEqual(api.json().fields.map((f) => `${f.field}:${f.code}`), ['scan.file:file_type']);
    const d = await download(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`);
    assert.equal(d.headers.get('content-type'), 'image/png', 'the PNG is still the current scan');
  });

  test('V-2.5 no file chosen, and a file over 10 MiB, are refused with a message', async () => {
    const { caseId, consentId } = await consentCase();
    await annaWeb.get(`/cases/${caseId}`);
    let r = await upload(annaWeb, `/cases/${caseId}/consents/${consentId}/scan`, Buffer.alloc(0), '');
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'scan.file'), 'Välj en fil med den inskannade blanketten.');

    const big = Buffer.alloc(MAX_SCAN_BYTES + 1, 0x20);
    big.write('%PDF-1.4\n');
    await annaWeb.get(`/cases/${caseId}`);
    r = await upload(annaWeb, `/cases/${caseId}/consents/${consentId}/scan`, big, 'stor.pdf', { type: 'application/pdf' });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'scan.file'), 'Filen är för stor. Den får vara högst 10 MB.');
    r = await upload(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`, big, 'stor.pdf', { api: true });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => `${f.field}:${f.code}`), ['scan.file:file_too_large']);
    r = await upload(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`, null, '', { api: true, fields: { note: 'x' } });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().fields.map((f) => f.code), ['file_required']);

    // exactly at the limit is accepted, and comes back whole (a file is not bound by the page size limit)
    const atLimit = big.subarray(0, MAX_SCAN_BYTES);
    r = await upload(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`, atLimit, 'precis.pdf', { api: true });
    assert.equal(r.status, 201, r.text);
    const d = await download(anna, `/api/v1/cases/${caseId}/consents/${consentId}/scan`);
    assert.equal(d.status, 200);
    assert.equal(d.bytes.length, MAX_SCAN_BYTES);
    assert.ok(d.bytes.equals(atLimit));
  });

  test('V-2.3, V-2.6 another organisation without consent can neither download nor attach (refused as not found, audited)', async () => {
    let d = await download(bertilWeb, `/cases/${caseId}/consents/${consentId}/scan`);
    assert.equal(d.status, 404);
    assert.ok(!d.bytes.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47])), 'no byte of the file');
    d = await download(bertil, `/api/v1/cases/${caseId}/consents/${consentId}/scan`);
    assert.equal(d.status, 404);
    assert.equal(JSON.parse(d.bytes.toString()).error, 'not_found');
    const r = await upload(bertil, `/api/v1/cases/${caseId}/consents/${consentId}/scan`, minimalPdf(), 'a.pdf', { api: true });
    assert.equal(r.status, 404);
    const audit = await auditForCase(admin, caseId);
    const denied = audit.filter((e) => e.username === 'bertil' && e.action === 'denied' && e.object === 'consent_scan');
    assert.ok(denied.length >= 2, `the refused download and upload are in the audit trail: ${JSON.stringify(denied)}`);
    assert.equal(denied[0].detail, 'not_participant');
  });

  test('a consent of another case is 404', async () => {
    const other = await anna.postJson('/api/v1/cases', registrationJson());
    const otherId = other.json().id;
    const d = await download(anna, `/api/v1/cases/${otherId}/consents/${consentId}/scan`);
    assert.equal(d.status, 404);
    const r = await upload(anna, `/api/v1/cases/${otherId}/consents/${consentId}/scan`, minimalPdf(), 'a.pdf', { api: true });
    assert.equal(r.status, 404);
  });

  test('a malformed multipart body gets 400, never a crash; a missing CSRF token 403', async () => {
    const cookie = annaWeb.cookieHeader();
    const p = `/cases/${caseId}/consents/${consentId}/scan`;
    const bodies = [
      ['multipart/form-data; boundary=xyz', 'no delimiter here'],
      ['multipart/form-data; boundary=xyz', `--xyz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${annaWeb.csrf}\r\n--xyz\r\nContent-Disposition: form-data; name="scan.file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut off`],
      ['multipart/form-data', '--\r\n\r\n'],
      ['multipart/form-data; boundary="unterminated', '--x'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nX: y\r\n\r\nno disposition\r\n--xyz--'],
    ];
    for (const [ct, body] of bodies) {
      const r = await annaWeb.request('POST', p, { headers: { 'content-type': ct }, body });
      assert.equal(r.status, 400, `${ct} / ${JSON.stringify(body.slice(0, 40))}: ${r.status}`);
    }
    const raw = await rawRequest(
      srv.port,
      `POST ${p} HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 9\r\nConnection: close\r\n\r\n`,
      Buffer.from('--b\r\n\r\n\0\0'),
    );
    assert.equal(raw.status, 400);
    const api = await anna.request('POST', `/api/v1/cases/${caseId}/consents/${consentId}/scan`, {
      headers: { 'content-type': 'multipart/form-data; boundary=q', 'x-csrf-token': anna.apiCsrf },
      body: '--q\r\nContent-Disposition: form-data\r\n\r\nx\r\n--q--',
    });
    assert.equal(api.status, 400);
    assert.equal(api.json().error, 'bad_multipart');
    // a well-formed body without the csrf field is refused before the handler
    const fd = new FormData();
    fd.append('scan.file', new Blob([minimalPdf()]), 'a.pdf');
    const nocsrf = await annaWeb.request('POST', p, { body: fd });
    assert.equal(nocsrf.status, 403);
    assert.equal((await annaWeb.get(`/cases/${caseId}`)).status, 200, 'the server still answers');
  });
});
