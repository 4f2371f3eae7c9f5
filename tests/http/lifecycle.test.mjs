// lifecycle: starting, stopping (SIGTERM, graceful) and a worker that dies. Each test starts its own server.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { startServer, registrationForm, encodeForm, barnplanBin, assertCleanLog, SLOW, childrenOf, workersOf } from '../lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Opens a socket to the server and sends `data`; collects what comes back. */
async function openSocket(port) {
  const sock = net.connect(port, '127.0.0.1');
  const state = { data: '', closed: false, error: null };
  sock.on('data', (d) => (state.data += d));
  sock.on('close', () => (state.closed = true));
  sock.on('error', (e) => (state.error = e));
  await new Promise((r, j) => sock.once('connect', r).once('error', j));
  return { sock, state };
}

describe('stopping', () => {
  test('SIGTERM: exit 0 within a few seconds, every worker gone, the port free again', async () => {
    const srv = await startServer();
    const workers = workersOf(srv.pid);
    assert.equal(workers.length, 2, `two workers: ${workers}`);
    const children = childrenOf(srv.pid); // the workers and the jobs (the audit writer on SQLite)
    const anna = await srv.login('anna');
    assert.equal((await anna.get('/cases')).status, 200);
    const r = await srv.stop();
    assert.equal(r.code, 0, JSON.stringify(r));
    assert.equal(r.signal, null);
    assert.ok(r.ms < (SLOW ? 15000 : 5000), `stopped in ${r.ms} ms`);
    for (const w of children) assert.ok(!alive(w), `child ${w} is gone`);
    assert.match(srv.log(), /barnplan: stopped/);
    assertCleanLog(srv.log());
    // the port can be bound again at once
    await new Promise((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(srv.port, '127.0.0.1', () => s.close(resolve));
    });
  });

  test('an idle keep-alive connection does not hold the stop up', async () => {
    const srv = await startServer();
    const { sock, state } = await openSocket(srv.port);
    sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    for (let i = 0; i < 50 && !state.data.includes('ok\n'); i++) await sleep(20);
    assert.match(state.data, /^HTTP\/1\.1 200/);
    const r = await srv.stop();
    assert.equal(r.code, 0);
    assert.ok(r.ms < (SLOW ? 15000 : 3000), `stopped in ${r.ms} ms`);
    assertCleanLog(srv.log());
    sock.destroy();
  });

  test('the access log names routes, never paths, queries or addresses (no personal data in logs)', async () => {
    const srv = await startServer();
    const anna = await srv.login('anna');
    await anna.get('/cases?child=Hemligt-Namn-123');
    await anna.get('/cases/1');
    await anna.get('/no-such-path-xyz');
    const r = await srv.stop();
    assert.equal(r.code, 0);
    const log = srv.log();
    assert.match(log, / GET cases 200 /);
    assert.match(log, / GET case_show \d{3} /);
    for (const secret of ['Hemligt-Namn-123', '/cases/1', 'no-such-path-xyz', '127.0.0.1 ', 'anna'])
      assert.ok(!log.includes(secret), `the log must not contain ${secret}`);
  });

  // Regression, fixed (src/web/server.c, run_worker): on SIGTERM a worker waits only for requests h2o has handed
  // to on_req (in_flight). A request whose body is still arriving is not counted, so the worker exits at once
  // and the client's connection is dropped without an answer -- although the comment promises to "let the
  // requests under way finish (at most 10 s)". A form posted during a restart fails with a network error.
  test('a request still being uploaded when SIGTERM arrives is finished, not dropped', async () => {
    const srv = await startServer();
    try {
      const anna = await srv.login('anna');
      const body = encodeForm({ csrf: anna.csrf, ...registrationForm() });
      const { sock, state } = await openSocket(srv.port);
      sock.write(
        `POST /cases HTTP/1.1\r\nHost: x\r\nCookie: ${anna.cookieHeader()}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      sock.write(body.slice(0, 100));
      await sleep(200);
      const stopping = srv.stop();
      await sleep(300);
      if (!state.closed) sock.write(body.slice(100));
      const r = await stopping;
      for (let i = 0; i < 50 && !state.closed && !state.data; i++) await sleep(20);
      sock.destroy();
      assert.equal(r.code, 0, 'the server still exits 0');
      assert.match(state.data, /^HTTP\/1\.1 303 /, `the upload under way gets its answer; got ${JSON.stringify(state.data.slice(0, 100))}`);
    } finally {
      await srv.stop();
    }
  });
});

describe('workers', () => {
  test('a worker that dies is replaced and the server keeps serving', { timeout: SLOW ? 120000 : 30000 }, async () => {
    const srv = await startServer();
    try {
      const workers = workersOf(srv.pid);
      assert.equal(workers.length, 2);
      process.kill(workers[0], 'SIGKILL');
      let now = workers;
      for (let i = 0; i < 100; i++) {
        now = workersOf(srv.pid);
        if (now.length === 2 && !now.includes(workers[0])) break;
        await sleep(100);
      }
      assert.equal(now.length, 2, `two workers again: ${now}`);
      assert.ok(!now.includes(workers[0]));
      for (let i = 0; i < 10; i++) assert.equal((await srv.client().get('/healthz')).status, 200);
      const anna = await srv.login('anna');
      assert.equal((await anna.get('/cases')).status, 200);
      assert.match(srv.log(), /worker \d+ ended .*starting another/);
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0, JSON.stringify(r));
      assertCleanLog(srv.log(), { workerDeathsExpected: true });
    }
  });

  test('a second server on the same port is refused with a clear message (exit 1)', async () => {
    const srv = await startServer();
    try {
      const r = spawnSync(barnplanBin(), ['serve', '--listen', `127.0.0.1:${srv.port}`, '--workers', '1'], {
        env: { ...process.env, BARNPLAN_DATABASE: srv.dbUrl },
        encoding: 'utf8',
        timeout: 20000,
      });
      assert.equal(r.status, 1, `status ${r.status}: ${r.stderr}`);
      assert.match(r.stderr, /listen on 127\.0\.0\.1:\d+: Address already in use/);
    } finally {
      await srv.stop();
    }
  });
});
