// scan.mjs: what the tests of scanned papers share (V-2.5, K-2.1, V-8a.2): a small real PDF, and an upload
// through a page's multipart form (the session's csrf field) or the API (its header), as a browser or a
// client sends it.

/** A minimal valid PDF (one empty A4 page), with a correct xref table. */
export function minimalPdf(text = 'Samtycke') {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>`,
  ];
  const stream = `BT /F1 12 Tf 72 770 Td (${text}) Tj ET`;
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** POSTs `bytes` as the form field scan.file (null: no file at all), with any other `fields`. */
export function uploadScan(client, p, bytes, { filename = 'scan.pdf', type = 'application/pdf', api = false, fields = {} } = {}) {
  const fd = new FormData();
  if (!api && client.csrf) fd.append('csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (bytes !== null) fd.append('scan.file', new Blob([bytes], { type }), filename);
  const headers = api ? { 'x-csrf-token': client.apiCsrf, accept: 'application/json' } : {};
  return client.request('POST', p, { body: fd, headers, timeoutMs: 120000 });
}
