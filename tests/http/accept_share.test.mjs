// accept_share: every worker serves its share of the connections (issue 12 item 1; src/http/accept_share.c).
// All workers accept from the one listening socket, and whichever the kernel wakes first used to take nearly
// every connection (wrk's 64 were seen 63 on one worker). Here a burst of keep-alive connections is opened at
// once and held; each worker's established connections on the server's port are counted from /proc (the
// socket inodes in its file table against /proc/net/tcp): each worker holds close to half.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { startServer, assertCleanLog, workersOf } from '../lib/server.mjs';

const CONNECTIONS = 40;

/** The inodes of the established TCP connections whose local port is port (IPv4, as the server listens). */
function establishedInodes(port) {
  const inodes = new Set();
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const localPort = parseInt(f[1].split(':')[1], 16);
    if (localPort === port && f[3] === '01') inodes.add(f[9]);
  }
  return inodes;
}

/** The inodes of the sockets in the file table of the process pid. */
function socketInodes(pid) {
  const out = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

/** How many of those connections the process pid holds. */
function held(pid, inodes) {
  return [...socketInodes(pid)].filter((i) => inodes.has(i)).length;
}

/** Opens a connection, asks for /healthz on it and resolves with the socket once the answer is in: the
 * connection is then accepted and held by one worker. */
function openAndAsk(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    s.on('data', (d) => {
      got += d;
      if (/\r\n\r\n/.test(got)) resolve(s);
    });
    s.on('error', reject);
  });
}

describe('the workers share the connections (issue 12 item 1)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ children: 3, workers: 2 });
  });
  after(async () => {
    const r = await srv?.stop();
    assertCleanLog(srv.log());
    assert.equal(r.code, 0, srv.log().slice(-4000));
  });

  test('a burst of keep-alive connections is spread over both workers, each holding close to half', async () => {
    const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => openAndAsk(srv.port)));
    try {
      const inodes = establishedInodes(srv.port);
      const workers = workersOf(srv.pid);
      assert.equal(workers.length, 2);
      const counts = workers.map((w) => held(w, inodes));
      // the test client's own keep-alive connection from the start may be among them
      assert.ok(counts[0] + counts[1] >= CONNECTIONS && counts[0] + counts[1] <= CONNECTIONS + 2, `every connection held by a worker: ${counts}`);
      // the share is the average plus one, read without locks: a few over it in a burst, never most of them
      for (const c of counts) assert.ok(c >= CONNECTIONS / 2 - 4, `each worker holds close to half: ${counts}`);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });

  test('connections closed on one side: the next ones go to the worker that holds fewer', async () => {
    const first = await Promise.all(Array.from({ length: CONNECTIONS }, () => openAndAsk(srv.port)));
    const workers = workersOf(srv.pid);
    // close the connections of the first worker only
    const local = new Map(); // the client's port -> socket
    for (const s of first) local.set(s.localPort, s);
    const ofFirst = [];
    const mine = socketInodes(workers[0]);
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || parseInt(f[1].split(':')[1], 16) !== srv.port || !mine.has(f[9])) continue;
      const peerPort = parseInt(f[2].split(':')[1], 16);
      if (local.has(peerPort)) ofFirst.push(local.get(peerPort));
    }
    assert.ok(ofFirst.length > 0, 'the first worker holds some');
    await Promise.all(ofFirst.map((s) => new Promise((r) => { s.once('close', r); s.destroy(); })));
    await new Promise((r) => setTimeout(r, 600)); // the worker sees the closes and resumes accepting
    const more = await Promise.all(Array.from({ length: ofFirst.length }, () => openAndAsk(srv.port)));
    try {
      const inodes = establishedInodes(srv.port);
      const counts = workers.map((w) => held(w, inodes));
      // the test client's own keep-alive connection from the start may be among them
      assert.ok(counts[0] + counts[1] >= CONNECTIONS && counts[0] + counts[1] <= CONNECTIONS + 2, `every connection held by a worker: ${counts}`);
      for (const c of counts) assert.ok(c >= CONNECTIONS / 2 - 4, `the new connections went to the first worker: ${counts}`);
    } finally {
      for (const s of [...first, ...more]) s.destroy();
    }
  });
});
