// audit_failure: "if the audit entry cannot be committed, nobody gets the data" (issue 11 items 4 and 10;
// docs/trust.md sections 3 and 10; V-13.x: every read of personal data is on record). The server answers a
// read only after its audit entries are committed (src/http/server.c, flush_batch). Here the commit fails for
// real: a trigger on the database refuses every INSERT into audit (SQLite: RAISE(ABORT); PostgreSQL: a
// trigger function that raises). Then the case page, an API read and the plan's PDF must each answer 503 with
// no byte of the child's or the guardians' data; once the trigger is dropped the same requests work again
// (and show the data, so the search for it can fail). Runs on both backends (http.sqlite, http.postgres).
// scripts/mutate.py runs this file alone against the mutant of flush_batch's `rc != BP_OK`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, dbWrite, dbQuery, apiLogin, login, uniqueName } from '../lib/server.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';

const srv = useServer();

// Markers of personal data that no demo record and no other test writes: the child's name, a guardian's
// phone, e-mail and address.
const N = `${process.pid}${Date.now() % 1000000}`;
const CHILD = uniqueName('Revisionsbarn');
const GUARDIAN = { phone: `070-9${N.slice(-6)}`, email: `revision${N}@example.se`, address: `Loggatan ${N}` };
const MARKERS = [CHILD, ...Object.values(GUARDIAN)];
const markersIn = (text) => MARKERS.filter((m) => text.includes(m));

const TRIGGER = 'bp_test_audit_fails';

/** Makes every INSERT into audit fail, as a full disk or a broken connection would make the commit fail. */
async function breakAudit() {
  if (srv.backend === 'postgres') {
    await dbWrite(srv, `CREATE FUNCTION ${TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: audit refused'; END $$;
      CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION ${TRIGGER}();`);
  } else {
    await dbWrite(srv, `CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test: audit refused'); END;`);
  }
}

async function mendAudit() {
  if (srv.backend === 'postgres') await dbWrite(srv, `DROP TRIGGER ${TRIGGER} ON audit; DROP FUNCTION ${TRIGGER}();`);
  else await dbWrite(srv, `DROP TRIGGER ${TRIGGER};`);
}

async function auditCount(caseId) {
  return Number((await dbQuery(srv, `SELECT count(*) FROM audit WHERE case_id = ${caseId}`)).trim());
}

/** GET with the client's cookies, the body as bytes decoded latin1 (a PDF is not UTF-8), the headers kept. */
async function fetchRaw(client, p) {
  const r = await fetch(client.base + p, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, body, text: body.toString('latin1') + body.toString('utf8') };
}

describe('audit failure: nobody gets the data (issue 11 items 4, 10)', () => {
  let kase, anna, annaWeb, reads;
  before(async () => {
    await srv.ready;
    anna = await apiLogin(srv.base, 'anna');
    const [bertil, david] = await Promise.all([apiLogin(srv.base, 'bertil'), apiLogin(srv.base, 'david')]);
    kase = await makeFinishedPlan(
      { anna, bertil, david },
      {
        registration: {
          child: { given_name: CHILD },
          guardians: [
            { name: 'Leila Jsonsson', custody: 'joint', phone: GUARDIAN.phone, email: GUARDIAN.email, address: GUARDIAN.address },
            { name: 'Ahmed Jsonsson', custody: 'joint', phone: '070-444 55 66' },
          ],
        },
      },
    );
    annaWeb = await login(srv.base, 'anna'); // logged in before the audit breaks: a login is audited too
    reads = [
      ['the case page', annaWeb, `/cases/${kase.id}`, 'text/html'],
      ['an API read', anna, `/api/v1/cases/${kase.id}`, 'application/json'],
      ['the plan PDF', annaWeb, `/cases/${kase.id}/plan/versions/1.pdf`, 'application/pdf'],
      ['the API plan PDF', anna, `/api/v1/cases/${kase.id}/plan/versions/1/pdf`, 'application/pdf'],
    ];
  });
  after(async () => {
    await mendAudit().catch(() => {}); // a failed test must not leave the trigger to the server's shutdown
  });

  test('issue 11 item 4: with the audit working, each read answers 200 with the markers (the search can fail)', async () => {
    for (const [label, client, p, type] of reads) {
      const r = await fetchRaw(client, p);
      assert.equal(r.status, 200, `${label}: ${p}`);
      assert.ok(r.headers.get('content-type').startsWith(type), `${label}: ${r.headers.get('content-type')}`);
      if (type !== 'application/pdf') assert.ok(markersIn(r.text).includes(CHILD), `${label}: the child's name is on it`);
    }
    const page = await fetchRaw(annaWeb, `/cases/${kase.id}`);
    assert.ok(markersIn(page.text).includes(GUARDIAN.phone), 'the case page shows the guardian phone marker');
  });

  test('issue 11 items 4, 10: an audit commit that fails gives 503 and no personal data, on every read', async () => {
    const before = await auditCount(kase.id);
    await breakAudit();
    try {
      for (const [label, client, p] of reads) {
        const r = await fetchRaw(client, p);
        assert.equal(r.status, 503, `${label}: ${p} must be refused when its audit entry cannot be committed`);
        assert.deepEqual(markersIn(r.text), [], `${label}: no personal data in the 503 body`);
        const headers = [...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
        assert.deepEqual(markersIn(headers), [], `${label}: no personal data in the 503 headers`);
        assert.ok(!r.body.subarray(0, 5).equals(Buffer.from('%PDF-')), `${label}: no PDF bytes`);
        assert.equal(r.headers.get('content-disposition'), null, `${label}: the error is not offered as the file`);
      }
    } finally {
      await mendAudit();
    }
    assert.equal(await auditCount(kase.id), before, 'nothing of the refused reads reached the audit trail');
  });

  test('issue 11 item 4: once the audit works again, the next requests work and are on record', async () => {
    const before = await auditCount(kase.id);
    for (const [label, client, p, type] of reads) {
      const r = await fetchRaw(client, p);
      assert.equal(r.status, 200, `${label}: ${p} after the trigger is dropped`);
      if (type === 'application/pdf') assert.ok(r.body.subarray(0, 5).equals(Buffer.from('%PDF-')), `${label}: a PDF`);
      else assert.ok(markersIn(r.text).includes(CHILD), `${label}: the data is back`);
    }
    assert.ok((await auditCount(kase.id)) >= before + reads.length, 'each read is audited again');
  });
});
