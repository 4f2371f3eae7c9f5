// session_disable: issue 11 item 8, "disabling an account ends its sessions within a second". Sessions are not
// cached in a worker (src/app/app.c bp_uc_session reads the session and the account from the database on every
// request): so the very next request of every session of a disabled account is refused, in every worker. The
// server runs with 2 workers; each session's requests go on new connections until both workers have answered
// it (the access log names the worker's pid), before and after the account is disabled in each of the three
// ways: `barnplan user disable`, the administration page and the API.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, rawRequest, dbQuery } from '../lib/server.mjs';
import { orgIds } from '../lib/fixtures.mjs';

const srv = useServer({ workers: 2 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET /api/v1/me with a session cookie on a new connection; resolves { status, pid } (the pid from the access log). */
async function me(token) {
  const mark = srv.log().length;
  const r = await rawRequest(srv.port, `GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nCookie: bp_session=${token}\r\nConnection: close\r\n\r\n`);
  let line = null;
  for (let i = 0; i < 500 && !line; i++) { // the log line comes through a pipe: wait for it (up to 5 s, for slow builds)
    line = srv.log().slice(mark).split('\n').find((l) => / GET api_me \d{3} /.test(l));
    if (!line) await sleep(10);
  }
  assert.ok(line, 'the access log has the request');
  return { status: r.status, pid: Number(line.split(' ')[1]) };
}

/** Requests of each session on new connections until both workers answered; every answer must be `status`. */
async function askEveryWorker(tokens, status, what) {
  const pids = new Set();
  for (let i = 0; i < 60 && pids.size < 2; i++) {
    const r = await me(tokens[i % tokens.length]);
    assert.equal(r.status, status, `${what}: request ${i + 1}`);
    pids.add(r.pid);
  }
  assert.equal(pids.size, 2, `${what}: both workers answered (${[...pids]})`);
}

describe('issue 11 item 8: disabling an account ends its sessions at once, in every worker', () => {
  let admin;
  let adminWeb;
  let orgId;
  before(async () => {
    await srv.ready;
    admin = await srv.apiLogin('admin');
    adminWeb = await srv.login('admin');
    orgId = (await orgIds(admin))['Ålidhemsskolan'];
  });

  /** A new account with two API sessions and two web sessions; resolves { id, tokens }. */
  async function accountWithSessions(username) {
    const api = await srv.addUser(username, orgId);
    const tokens = [api.cookie('bp_session'), (await srv.apiLogin(username)).cookie('bp_session')];
    for (let i = 0; i < 2; i++) tokens.push((await srv.login(username)).cookie('bp_session'));
    const id = Number((await dbQuery(srv, `SELECT id FROM users WHERE username = '${username}'`)).trim());
    await askEveryWorker(tokens, 200, `${username} before`);
    return { id, tokens };
  }

  /** After the disabling: the very next request of each session is refused, then every one in both workers. */
  async function assertEnded(username, { id, tokens }) {
    for (const t of tokens) assert.equal((await me(t)).status, 401, `${username}: the very next request of each session is refused`);
    await askEveryWorker(tokens, 401, `${username} after`);
    assert.equal((await dbQuery(srv, `SELECT count(*) FROM sessions WHERE user_id = ${id}`)).trim(), '0', 'its sessions are gone');
  }

  test('barnplan user disable: the next request of every session is 401, in both workers', async () => {
    const acc = await accountWithSessions('sd_cli');
    await srv.cli(['user', 'disable', 'sd_cli']);
    await assertEnded('sd_cli', acc);
  });

  test('the administration page (POST /admin/orgs/{id}/staff/{id}/disable): the next request of every session is 401', async () => {
    const acc = await accountWithSessions('sd_page');
    await adminWeb.get(`/admin/orgs/${orgId}`); // its csrf field
    const r = await adminWeb.post(`/admin/orgs/${orgId}/staff/${acc.id}/disable`, {});
    assert.equal(r.status, 303, r.text.slice(0, 300));
    await assertEnded('sd_page', acc);
  });

  test('the API (POST /api/v1/admin/orgs/{id}/staff/{id}/disable): the next request of every session is 401', async () => {
    const acc = await accountWithSessions('sd_api');
    const r = await admin.postJson(`/api/v1/admin/orgs/${orgId}/staff/${acc.id}/disable`, {});
    assert.equal(r.status, 200, r.text);
    await assertEnded('sd_api', acc);
  });
});
